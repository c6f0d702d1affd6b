import { requireMember, type PersonalDataContext } from "./context";
import { StepLog } from "./steps";
import { PersonalDataError, TransactionError, messageOf } from "./errors";
import { deleteCreatedKeyFile, loadMemberKey, type MemberKey, type MemberKeySource } from "./memberKey";
import { recordedPersonalDataCid } from "./storedEnvelope";
import { simulateAndSend } from "./transactions";

/** The outcome of registering a member's encryption key. */
export interface RegisterKeyResult {
  account: string;
  /** Public key registered, as 0x-prefixed hex. */
  encryptionKey: string;
  keyId: string;
  /** Source of the key pair for messages, such as "the signature of 0x…" or "key file PATH". */
  origin: string;
  /** Whether a new key file was created and kept. */
  createdKeyFile: boolean;
  /** Hash of the `setEncryptionKey` transaction, or null when this key was already registered. */
  transaction: string | null;
  /** Key registered before, as hex, when this one replaced it, or null otherwise. */
  replacedKey: string | null;
  /**
   * Warning, set when this key replaced another and the member has personal data recorded. That
   * data was sealed for the earlier key, so the member must set it again to read it with the new key.
   */
  warning: string | null;
  steps: string[];
}

/**
 * Registers the key pair from `source` as the encryption key of the context's signer. A key file
 * that does not exist is generated and saved first. Registering the key that is already registered
 * sends nothing.
 *
 * If the transaction fails, a key file that this call created is deleted, so nothing is left half
 * done. The exception is a transaction whose outcome is unknown. Its key may then still be
 * registered, so the key file is kept.
 *
 * @throws NotAMemberError when the signer is not a member.
 * @throws TransactionError when `setEncryptionKey` fails.
 * @throws the errors of `loadMemberKey`.
 */
export async function registerEncryptionKey(
  context: PersonalDataContext,
  source: MemberKeySource,
): Promise<RegisterKeyResult> {
  const log = new StepLog(context.onStep);
  const { membership, signer } = context;
  const account = await signer.getAddress();
  await requireMember(context, account, "register encryption keys");

  const key = await loadMemberKey(signer, await membership.getAddress(), source, { createKeyFile: true });
  log.add(
    key.createdKeyFile
      ? `Generated a key pair and saved it in ${key.origin}`
      : `Loaded the key pair from ${key.origin}`,
  );

  const result = {
    account,
    encryptionKey: key.encryptionKey,
    keyId: key.keyId,
    origin: key.origin,
    createdKeyFile: key.createdKeyFile,
    steps: log.steps,
  };
  let currentKey: string;
  let transaction: string;
  try {
    ({ encryptionKey: currentKey } = await membership.memberData(account));
    if (currentKey.toLowerCase() === key.encryptionKey.toLowerCase()) {
      log.add(`The key ${key.keyId} is already registered for ${account}, so nothing was sent`);
      return { ...result, transaction: null, replacedKey: null, warning: null };
    }
    transaction = await simulateAndSend(
      "setEncryptionKey",
      () => membership.setEncryptionKey.staticCall(key.encryptionKey),
      () => membership.setEncryptionKey(key.encryptionKey),
    );
  } catch (error) {
    throw await undoKeyFile(error, key, source);
  }
  log.add(`Registered the key ${key.encryptionKey} for ${account} in transaction ${transaction}`);

  const replacedKey = currentKey === "0x" ? null : currentKey;
  const hasPersonalData = (await recordedPersonalDataCid(membership, account)) !== undefined;
  const warning =
    replacedKey !== null && hasPersonalData
      ? "Your recorded personal data was sealed for your previous key, so only that key opens it. Set it again " +
        "with member:set-personal-data to seal it for the new key."
      : null;
  return { ...result, transaction, replacedKey, warning };
}

/** Deletes the key file created for a registration that failed, and returns the error to throw. */
async function undoKeyFile(error: unknown, key: MemberKey, source: MemberKeySource): Promise<unknown> {
  if (!key.createdKeyFile) return error;
  let outcome: string;
  if (error instanceof TransactionError && error.outcome === "unknown") {
    outcome = `The new ${key.origin} was kept, because its key may still be registered.`;
  } else {
    try {
      await deleteCreatedKeyFile(key, source);
      outcome = `The new ${key.origin} was deleted, because its key was not registered.`;
    } catch (deleteError) {
      outcome =
        `Failed to delete the new ${key.origin} (${messageOf(deleteError)}). Delete it yourself, ` +
        "because its key was not registered.";
    }
  }
  const message = `${messageOf(error)} ${outcome}`;
  if (error instanceof TransactionError) {
    return new TransactionError(message, error.outcome, error.transaction, { cause: error });
  }
  return new PersonalDataError(message, { cause: error });
}
