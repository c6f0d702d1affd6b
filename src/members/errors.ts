/**
 * Errors that `src/members` raises about members' encryption keys and personal data. Each message
 * names the account, CID or document involved and what to do next.
 */

/** Base class of the errors below, for callers that handle them all in one place. */
export class PersonalDataError extends Error {
  override readonly name: string = "PersonalDataError";
}

/** Error raised when an account acts on personal data but is not a member of the register. */
export class NotAMemberError extends PersonalDataError {
  override readonly name = "NotAMemberError";

  constructor(
    readonly account: string,
    message: string,
  ) {
    super(message);
  }
}

/** Error raised when a member, recipient or data officer has no encryption key on chain. */
export class MissingEncryptionKeyError extends PersonalDataError {
  override readonly name = "MissingEncryptionKeyError";

  constructor(
    readonly account: string,
    message: string,
  ) {
    super(message);
  }
}

/** Error raised when an account's key pair is not the encryption key registered for it on chain. */
export class KeyMismatchError extends PersonalDataError {
  override readonly name = "KeyMismatchError";
}

/** Error raised when an account named as a data officer does not hold that role in the register. */
export class NotADataOfficerError extends PersonalDataError {
  override readonly name = "NotADataOfficerError";
}

/** Error raised when a member has no personal data CID on chain. */
export class NoPersonalDataError extends PersonalDataError {
  override readonly name = "NoPersonalDataError";
}

/** Error raised when the reader's key is not among the recipients that an envelope was sealed for. */
export class NotARecipientError extends PersonalDataError {
  override readonly name = "NotARecipientError";
}

/**
 * Error raised when the reader is a recipient of an envelope but the key store contains no wrapped
 * key for them, because the document was erased or its keys were stored in another key store.
 */
export class MissingWrappedKeyError extends PersonalDataError {
  override readonly name = "MissingWrappedKeyError";
}

/**
 * Error raised when the reader's wrapped key in the key store does not parse or fails
 * authentication, as happens when its file was changed or cut short.
 */
export class DamagedWrappedKeyError extends PersonalDataError {
  override readonly name = "DamagedWrappedKeyError";
}

/**
 * Error raised when a member's envelope cannot be fetched or opened, such as a missing or corrupt
 * block, bytes that are not an envelope, or an envelope that fails authentication. Its `cause` is
 * the error of the content store or of `src/crypto`.
 */
export class UnreadablePersonalDataError extends PersonalDataError {
  override readonly name = "UnreadablePersonalDataError";
}

/** Error raised when an envelope was sealed as the personal data of another member, register or chain. */
export class EnvelopeOwnerMismatchError extends PersonalDataError {
  override readonly name = "EnvelopeOwnerMismatchError";
}

/** Error raised when the register rejects an erasure, because the caller may not erase or there is nothing to erase. */
export class ErasureRejectedError extends PersonalDataError {
  override readonly name = "ErasureRejectedError";
}

/** Outcome of a transaction that did not succeed. */
export type TransactionOutcome =
  /** Transaction not sent, because its simulation or its submission failed. Nothing changed on chain. */
  | "not sent"
  /** Transaction mined and reverted. Nothing changed on chain. */
  | "reverted"
  /** Transaction sent, but whether it was mined is unknown, so it may still take effect. */
  | "unknown";

/** Error raised when a transaction would fail, fails, or has an unknown outcome. */
export class TransactionError extends PersonalDataError {
  override readonly name = "TransactionError";

  constructor(
    message: string,
    readonly outcome: TransactionOutcome,
    /** Hash of the transaction, when it was sent. */
    readonly transaction: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Error raised when an operation of several steps stops part way. It lists the steps done and
 * those that remain, and its message names the way to finish.
 */
export class IncompleteOperationError extends PersonalDataError {
  override readonly name = "IncompleteOperationError";

  constructor(
    message: string,
    readonly done: readonly string[],
    readonly remaining: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Returns the message of an error of any type, for messages that quote a cause. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Returns an {@link IncompleteOperationError} whose message gives `summary`, the cause, the steps
 * done and remaining, and `fix`, the way to finish.
 */
export function incompleteOperation(
  summary: string,
  cause: unknown,
  done: readonly string[],
  remaining: readonly string[],
  fix: string,
): IncompleteOperationError {
  const lines = [
    `${summary}: ${messageOf(cause)}`,
    `Done: ${done.length === 0 ? "nothing." : done.join("; ")}`,
    `Remaining: ${remaining.join("; ")}`,
    fix,
  ];
  return new IncompleteOperationError(lines.join("\n"), done, remaining, { cause });
}
