import { el } from "../dom";
import { errorMessage } from "../errors";
import { currentLang, setLang, t } from "../i18n";
import { onRightChain, type AppState } from "../state";
import { setStatus } from "../status";
import { connectWallet, switchChain, type WalletChoice } from "../wallets";

/** Callbacks of the header: a new render after the wallet or the language changed. */
export interface HeaderEvents {
  rerender(): void;
}

/** Renders the header: the title, the navigation, the language switch and the wallet. */
export function renderHeader(state: AppState, events: HeaderEvents): HTMLElement {
  const languageButton = el("button", {
    testId: "language-switch",
    text: t("languageSwitch"),
    attrs: { type: "button", lang: currentLang() === "en" ? "fr" : "en" },
  });
  languageButton.addEventListener("click", () => {
    setLang(currentLang() === "en" ? "fr" : "en");
    events.rerender();
  });

  const nav = el(
    "nav",
    { attrs: { "aria-label": t("appTitle") } },
    el("a", { text: t("navCooperative"), attrs: { href: "#/" } }),
    el("a", { text: t("navProposals"), attrs: { href: "#/proposals" } }),
  );

  return el(
    "header",
    { className: "site-header" },
    el("h1", { text: `${t("appTitle")} · ${state.config.cooperative.name}` }),
    nav,
    el("div", { className: "header-tools" }, languageButton, renderWallet(state, events)),
  );
}

function renderWallet(state: AppState, events: HeaderEvents): HTMLElement {
  const section = el("div", { className: "wallet" });
  const { connection, config } = state;
  if (connection !== undefined) {
    section.append(el("p", { testId: "account", text: t("connectedAs", { account: connection.account }) }));
    if (!onRightChain(state)) {
      const network = config.networkName;
      section.append(
        el("p", {
          className: "warning",
          text: t("wrongChain", { actual: connection.chainId, network, expected: config.chainId }),
        }),
      );
      const button = el("button", {
        testId: "switch-chain",
        text: t("switchChain", { network }),
        attrs: { type: "button" },
      });
      button.addEventListener("click", () => {
        void switchChain(connection, BigInt(config.chainId))
          .then((next) => {
            state.connection = next;
            setStatus(t("chainSwitched", { network }), "success");
            events.rerender();
          })
          .catch((error: unknown) => setStatus(errorMessage(error), "error"));
      });
      section.append(button);
    }
    return section;
  }

  if (state.wallets.length === 0) {
    section.append(el("p", { text: t("noWallet") }));
    return section;
  }
  const listId = "wallet-list";
  const list = el("ul", { className: "wallet-list", attrs: { id: listId, "aria-label": t("walletsFound") } });
  list.hidden = true;
  for (const wallet of state.wallets) {
    list.append(el("li", {}, walletButton(state, wallet, events)));
  }
  const connect = el("button", {
    testId: "connect",
    text: t("connect"),
    attrs: { type: "button", "aria-expanded": "false", "aria-controls": listId },
  });
  connect.addEventListener("click", () => {
    list.hidden = !list.hidden;
    connect.setAttribute("aria-expanded", String(!list.hidden));
    list.querySelector("button")?.focus();
  });
  section.append(connect, list);
  return section;
}

function walletButton(state: AppState, wallet: WalletChoice, events: HeaderEvents): HTMLButtonElement {
  const button = el("button", {
    testId: "wallet-choice",
    attrs: { type: "button", "data-wallet": wallet.info.uuid },
  });
  if (wallet.info.icon.startsWith("data:image/")) {
    button.append(el("img", { attrs: { src: wallet.info.icon, alt: "", width: "20", height: "20" } }));
  }
  button.append(` ${wallet.info.name}`);
  button.addEventListener("click", () => {
    setStatus(t("connecting", { wallet: wallet.info.name }));
    void connectWallet(wallet)
      .then((connection) => {
        state.connection = connection;
        setStatus(t("connected", { account: connection.account }), "success");
        events.rerender();
      })
      .catch((error: unknown) => setStatus(errorMessage(error), "error"));
  });
  return button;
}
