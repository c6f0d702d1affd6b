import "./styles.css";

import { connectContracts, readProvider, type ProposalKind } from "./chain";
import { loadConfig, resolveGateway, WEB_CONFIG_FILE } from "./config";
import { el } from "./dom";
import { UserError, errorMessage } from "./errors";
import { initialLang, setLang, t } from "./i18n";
import { storedGateway, type AppState } from "./state";
import { createStatusRegion, setStatus } from "./status";
import { renderGatewaySettings } from "./views/gateway";
import { renderHeader } from "./views/header";
import { renderHome } from "./views/home";
import { renderProposal } from "./views/proposal";
import { discoverWallets } from "./wallets";

const root = document.getElementById("app");
if (root === null) throw new Error("index.html has no element with id app.");
const appRoot: HTMLElement = root;
const statusRegion = createStatusRegion();

/** Route of the page, from the URL's hash: the home page or one proposal. */
type Route = { page: "home" } | { page: "proposal"; kind: ProposalKind; id: bigint };

function currentRoute(): Route {
  const match = /^#\/(vote|judgment)\/(\d+)$/.exec(location.hash);
  if (match === null) return { page: "home" };
  return { page: "proposal", kind: match[1] as ProposalKind, id: BigInt(match[2]) };
}

/** Returns the link that moves the focus to the content, without changing the hash that routes the page. */
function skipLink(): HTMLElement {
  const link = el("a", { className: "skip-link", text: t("skipToContent"), attrs: { href: "#content" } });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    document.getElementById("content")?.focus();
  });
  return link;
}

/** Number of the latest render, so a slow render that finishes after a newer one is dropped. */
let renderCount = 0;

async function render(state: AppState): Promise<void> {
  renderCount += 1;
  const count = renderCount;
  document.title = `${t("appTitle")} · ${state.config.cooperative.name}`;
  const main = el(
    "main",
    { attrs: { id: "content", tabindex: "-1", "aria-busy": "true" } },
    el("p", { text: t("loading") }),
  );
  appRoot.replaceChildren(skipLink(), renderHeader(state, { rerender: () => void render(state) }), statusRegion, main);

  const route = currentRoute();
  let content: HTMLElement;
  try {
    if (route.page === "home") content = await renderHome(state);
    // A proposal id is a uint256: a longer number in the link names no proposal.
    else if (route.id >= 2n ** 256n) throw new UserError(t("proposalNotFound", { id: route.id }));
    else content = await renderProposal(state, route.kind, route.id);
  } catch (error) {
    content = el("p", { className: "error", text: errorMessage(error) });
  }
  if (count !== renderCount) return;
  main.replaceChildren(
    content,
    renderGatewaySettings(state, () => void render(state)),
  );
  main.setAttribute("aria-busy", "false");
}

async function start(): Promise<void> {
  setLang(initialLang());
  let config;
  try {
    config = await loadConfig();
  } catch (error) {
    appRoot.replaceChildren(
      el(
        "main",
        {},
        el("p", {
          className: "error",
          text: t("configFailed", {
            file: WEB_CONFIG_FILE,
            reason: error instanceof Error ? error.message : String(error),
          }),
        }),
      ),
    );
    return;
  }
  const saved = storedGateway(config.gateway);
  const state: AppState = {
    config,
    reader: connectContracts(readProvider(config), config.cooperative.addresses),
    wallets: [],
    gateway: resolveGateway(saved.gateway),
    fetchMode: saved.fetchMode,
    refresh: () => void render(state),
  };
  discoverWallets(t("browserWallet"), (wallets) => {
    state.wallets = wallets;
    if (state.connection === undefined) void render(state);
  });
  window.addEventListener("hashchange", () => {
    // A message about the previous page would be mistaken for one about the new page.
    setStatus("");
    void render(state).then(() => document.getElementById("content")?.focus());
  });
  await render(state);
}

start().catch((error: unknown) => {
  // An error before the first render would otherwise go to a status region that is not on the page.
  if (!statusRegion.isConnected) appRoot.replaceChildren(statusRegion);
  setStatus(errorMessage(error), "error");
});
