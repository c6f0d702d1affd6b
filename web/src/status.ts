import { el } from "./dom";

/** Kind of a status message, which sets its colour. */
export type StatusKind = "info" | "success" | "error";

let region: HTMLElement | undefined;

/**
 * Creates the page's status region: `role="status"` with `aria-live="polite"`, so screen readers
 * announce the progress of transactions and errors.
 */
export function createStatusRegion(): HTMLElement {
  region = el("div", { className: "status", testId: "status", attrs: { role: "status", "aria-live": "polite" } });
  return region;
}

/** Shows `message` in the status region. */
export function setStatus(message: string, kind: StatusKind = "info"): void {
  if (region === undefined) return;
  region.dataset.kind = kind;
  region.textContent = message;
}
