import { isError } from "ethers";

import { t } from "./i18n";

/** Error whose message is already a sentence in the member's language, shown as is. */
export class UserError extends Error {
  override readonly name = "UserError";
}

/** EIP-1193 error code of a request that the user rejected in the wallet. */
const USER_REJECTED_CODE = 4001;

/** Returns whether `error` is a request that the member rejected in the wallet. */
export function isRejection(error: unknown): boolean {
  if (isError(error, "ACTION_REJECTED")) return true;
  const code = (error as { code?: unknown; info?: { error?: { code?: unknown } } } | null)?.code;
  const nested = (error as { info?: { error?: { code?: unknown } } } | null)?.info?.error?.code;
  return code === USER_REJECTED_CODE || nested === USER_REJECTED_CODE;
}

/**
 * Returns the sentence that describes `error` to the member, in the member's language.
 *
 * NOTE: the reason inside `genericError` comes from ethers, the wallet or the node, in English.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof UserError) return error.message;
  if (isRejection(error)) return t("walletRejected");
  const reason =
    (error as { shortMessage?: unknown } | null)?.shortMessage ?? (error instanceof Error ? error.message : error);
  return t("genericError", { reason: String(reason) });
}
