import { resolveGateway } from "../config";
import { el, radio } from "../dom";
import type { FetchMode } from "../documents";
import { t } from "../i18n";
import { saveGateway, type AppState } from "../state";
import { setStatus } from "../status";

/** Renders the gateway settings: its URL and whether documents come as CAR files or block by block. */
export function renderGatewaySettings(state: AppState, onSaved: () => void): HTMLElement {
  const input = el("input", {
    testId: "gateway-url",
    attrs: { id: "gateway-url", type: "text", inputmode: "url", spellcheck: "false", value: state.gateway },
  });
  const carChoice = radio("fetch-mode", "car", t("fetchModeCar"), "fetch-mode-car");
  const rawChoice = radio("fetch-mode", "raw", t("fetchModeRaw"), "fetch-mode-raw");
  const chosen = state.fetchMode === "car" ? carChoice : rawChoice;
  chosen.querySelector("input")?.setAttribute("checked", "");

  const form = el(
    "form",
    { className: "gateway" },
    el(
      "fieldset",
      {},
      el("legend", { text: t("gatewayLegend") }),
      el("label", { text: t("gatewayLabel"), attrs: { for: "gateway-url" } }),
      input,
      el("fieldset", {}, el("legend", { text: t("fetchModeLabel") }), carChoice, rawChoice),
      el("button", { testId: "save-gateway", text: t("saveGateway"), attrs: { type: "submit" } }),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const mode: FetchMode = rawChoice.querySelector("input")?.checked === true ? "raw" : "car";
    const value = input.value.trim();
    let gateway: string;
    try {
      // An empty field goes back to the gateway of the page's settings.
      gateway = resolveGateway(value === "" ? state.config.gateway : value);
    } catch {
      setStatus(t("gatewayInvalid", { value: JSON.stringify(value) }), "error");
      input.focus();
      return;
    }
    state.gateway = gateway;
    state.fetchMode = mode;
    saveGateway(state.gateway, mode);
    setStatus(t("gatewaySaved"), "success");
    onSaved();
  });
  return el("details", {}, el("summary", { text: t("gatewayLegend") }), form);
}
