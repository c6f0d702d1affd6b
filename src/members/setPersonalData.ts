import { getAddress } from "ethers";

import { openFromKeyStore, seal } from "../crypto/envelope";
import { WrappedKeyNotFoundError } from "../crypto/errors";
import { keyIdOf } from "../crypto/keyAgreement";
import { erase, storeWrappedKeys } from "../crypto/keyStore";
import { cidToText, parseCid } from "../ipfs/cidText";
import { ownerOf, requireMember, type PersonalDataContext } from "./context";
import { StepLog, countOf } from "./steps";
import { bindContentType, type DocumentOwner } from "./documentBinding";
import { KeyMismatchError, PersonalDataError, TransactionError, incompleteOperation, messageOf } from "./errors";
import { loadMemberKey, type MemberKey, type MemberKeySource } from "./memberKey";
import { requireRegisteredKey, resolveRecipients, type RecipientRole } from "./recipients";
import { fetchEnvelope, ownerMismatch, recordedPersonalDataCid, unpinIfPinned } from "./storedEnvelope";
import { simulateAndSend } from "./transactions";

/** A member's personal data to record, and its recipients. */
export interface SetPersonalDataRequest {
  plaintext: Uint8Array;
  /** Media type of the plaintext, such as "application/json". */
  mediaType: string;
  /** Source of the member's key pair, which must be the key registered on chain for them. */
  keySource: MemberKeySource;
  /** Other members who may read the data, by address. */
  recipients?: readonly string[];
  /** Data officers who may read the data, by address. */
  dataOfficers?: readonly string[];
}

/** Outcome for the document that a new one replaced. */
export interface ReplacedDocument {
  cid: string;
  /** Document id of the replaced envelope, or null when that envelope could not be read. */
  documentId: string | null;
  wrappedKeysDeleted: number;
  unpinned: boolean;
  /** Reason the replaced document's wrapped keys or pin were left, or null when both were removed. */
  leftBecause: string | null;
}

/** Outcome of recording a member's personal data. */
export interface SetPersonalDataResult {
  member: string;
  /** CID of the envelope in canonical text, a CIDv1. */
  cid: string;
  /** The same CID in binary form, as recorded on chain. */
  binaryCid: string;
  documentId: string;
  /** Content type of the envelope, which is the media type followed by the parameters that name the owner. */
  contentType: string;
  recipients: { account: string; role: RecipientRole; keyId: string }[];
  transaction: string;
  /** Outcome for the document recorded before, or null when there was none. */
  replaced: ReplacedDocument | null;
  steps: string[];
}

/** Document recorded before a new one, as read before anything changes. */
interface PreviousDocument {
  cid: string;
  documentId: string | undefined;
  /** Reason the document's wrapped keys and pin must be left as they are, or undefined when they may be removed. */
  leftBecause: string | undefined;
}

/**
 * Records a member's personal data. Seals `plaintext` for the member's registered key and the
 * keys of the other recipients, and pins the envelope (a CIDv1) in the content store. Then stores
 * the wrapped keys in the key store, and records the envelope's CID with `setPersonalData`.
 *
 * If any of these steps fails, the new wrapped keys are deleted and the envelope unpinned, so
 * nothing is left half done. The exception is a transaction whose outcome is unknown, and then the
 * error names what to check and what would be left over. When the new CID replaces a document,
 * the earlier document's wrapped keys are erased and its envelope unpinned once the new CID is on
 * chain, if its envelope is this member's.
 *
 * @throws NotAMemberError, MissingEncryptionKeyError, KeyMismatchError or NotADataOfficerError
 * before anything is written.
 * @throws TransactionError when `setPersonalData` fails, after undoing the steps before it.
 * @throws IncompleteOperationError when undoing failed or the transaction's outcome is unknown.
 * @throws TypeError when the media type is invalid.
 */
export async function setPersonalData(
  context: PersonalDataContext,
  request: SetPersonalDataRequest,
): Promise<SetPersonalDataResult> {
  const log = new StepLog(context.onStep);
  const { membership, signer, contentStore, keyStore } = context;
  const member = getAddress(await signer.getAddress());
  await requireMember(context, member, "record personal data");
  const owner = await ownerOf(context, member);
  const contentType = bindContentType(request.mediaType, owner);

  const registered = await requireRegisteredKey(membership, member, "member");
  const key = await loadMemberKey(signer, owner.membership, request.keySource);
  if (keyIdOf(registered) !== key.keyId) {
    throw new KeyMismatchError(
      `The encryption key registered for ${member} (key id ${keyIdOf(registered)}) is not the key from ` +
        `${key.origin} (key id ${key.keyId}), so you could not read what you record. Use the key that you ` +
        "registered, or register this one with member:register-key.",
    );
  }
  const recipients = await resolveRecipients(membership, member, request.recipients ?? [], request.dataOfficers ?? []);
  log.add(
    `Found the registered keys of ${countOf(recipients.length, "recipient")}: ${recipients.map(describeRecipient).join(", ")}`,
  );

  const previousCid = await recordedPersonalDataCid(membership, member);
  const previous =
    previousCid === undefined ? undefined : await inspectPreviousDocument(context, owner, key, previousCid);

  const sealed = seal(
    request.plaintext,
    recipients.map((recipient) => recipient.key),
    { contentType },
  );
  const { documentId } = sealed;
  log.add(`Sealed ${request.plaintext.length} bytes as document ${documentId}`);
  const cid = await contentStore.add(sealed.envelope, { cidVersion: 1 });
  const binaryCid = parseCid(cid);
  let transaction: string;
  try {
    await contentStore.pin(cid);
    log.add(`Pinned the envelope ${cid}`);
    await storeWrappedKeys(keyStore, sealed.wrappedKeys);
    log.add(`Stored ${countOf(sealed.wrappedKeys.length, "wrapped key")} of document ${documentId} in the key store`);
    transaction = await simulateAndSend(
      "setPersonalData",
      () => membership.setPersonalData.staticCall(binaryCid),
      () => membership.setPersonalData(binaryCid),
    );
  } catch (error) {
    throw await undoNewDocument(context, error, log.steps, cid, documentId);
  }
  log.add(`Recorded the CID ${cid} for ${member} in transaction ${transaction}`);

  const replaced = previous === undefined ? null : await retirePreviousDocument(context, previous, log);
  return {
    member,
    cid,
    binaryCid,
    documentId,
    contentType,
    recipients: recipients.map(({ account, role, keyId }) => ({ account, role, keyId })),
    transaction,
    replaced,
    steps: log.steps,
  };
}

function describeRecipient(recipient: { account: string; role: RecipientRole }): string {
  return recipient.role === "member" ? `${recipient.account} (you)` : `${recipient.account} (${recipient.role})`;
}

/**
 * Reads the document recorded before, and decides whether its wrapped keys and pin may be removed
 * once the new one is recorded. They may be only when its envelope is bound to this member. When
 * the member's key has a wrapped key for it, opening must also authenticate that binding.
 */
async function inspectPreviousDocument(
  context: PersonalDataContext,
  owner: DocumentOwner,
  key: MemberKey,
  binaryCid: string,
): Promise<PreviousDocument> {
  let stored;
  try {
    stored = await fetchEnvelope(context.contentStore, binaryCid);
  } catch (error) {
    return { cid: cidToText(binaryCid), documentId: undefined, leftBecause: messageOf(error) };
  }
  const { cid } = stored;
  const { documentId } = stored.metadata;
  const mismatch = ownerMismatch(stored, owner);
  if (mismatch !== undefined) return { cid, documentId, leftBecause: `${mismatch}, so it is not yours to erase` };

  try {
    const plaintext = await openFromKeyStore(stored.envelope, context.keyStore, key.keyPair);
    plaintext.fill(0);
  } catch (error) {
    // NOTE: the member's key may have no wrapped key for the earlier document, because it was sealed
    // for a key they replaced or was already erased. Its binding is then checked in the clear
    // header only, which a forged envelope could copy.
    if (!(error instanceof WrappedKeyNotFoundError)) {
      return { cid, documentId, leftBecause: `it does not open with your key: ${messageOf(error)}` };
    }
  }
  return { cid, documentId, leftBecause: undefined };
}

/** Erases the wrapped keys of the document that the new one replaced, and unpins its envelope. */
async function retirePreviousDocument(
  context: PersonalDataContext,
  previous: PreviousDocument,
  log: StepLog,
): Promise<ReplacedDocument> {
  const replaced: ReplacedDocument = {
    cid: previous.cid,
    documentId: previous.documentId ?? null,
    wrappedKeysDeleted: 0,
    unpinned: false,
    leftBecause: previous.leftBecause ?? null,
  };
  if (previous.leftBecause !== undefined || previous.documentId === undefined) {
    log.add(`Left the earlier document ${previous.cid} as it is: ${replaced.leftBecause}`);
    return replaced;
  }

  let keysErased = false;
  try {
    replaced.wrappedKeysDeleted = await erase(previous.documentId, context.keyStore);
    keysErased = true;
    log.add(
      `Erased ${countOf(replaced.wrappedKeysDeleted, "wrapped key")} of the earlier document ${previous.documentId}`,
    );
    replaced.unpinned = await unpinIfPinned(context.contentStore, previous.cid);
    log.add(
      replaced.unpinned
        ? `Unpinned the earlier envelope ${previous.cid}`
        : `The earlier envelope ${previous.cid} was not pinned in this content store`,
    );
  } catch (error) {
    const remaining = keysErased
      ? "its envelope stays pinned"
      : `its wrapped keys remain in the key store under document id ${previous.documentId} and its envelope stays pinned`;
    replaced.leftBecause = `${messageOf(error)}: ${remaining}`;
    log.add(`Failed to retire the earlier document ${previous.cid}: ${replaced.leftBecause}`);
  }
  return replaced;
}

/**
 * Deletes the wrapped keys and the pin of a new document whose recording failed, and returns the
 * error to throw, which names what was undone or what remains.
 */
async function undoNewDocument(
  context: PersonalDataContext,
  error: unknown,
  done: readonly string[],
  cid: string,
  documentId: string,
): Promise<Error> {
  const leftovers = `the pin of ${cid} and the wrapped keys of document ${documentId} in the key store`;
  if (error instanceof TransactionError && error.outcome === "unknown") {
    return incompleteOperation(
      "Recording the personal data stopped with the transaction's outcome unknown",
      error,
      done,
      [`if the transaction was not mined: ${leftovers}`],
      "Check the transaction. If it was mined, the new document is recorded and nothing remains to do. If it was " +
        `not, remove ${leftovers}, which were kept in case it was mined.`,
    );
  }

  try {
    await erase(documentId, context.keyStore);
    await unpinIfPinned(context.contentStore, cid);
  } catch (undoError) {
    return incompleteOperation(
      `Recording the personal data failed (${messageOf(error)}), and undoing the steps before it failed too`,
      undoError,
      done,
      [`remove ${leftovers}`],
      "The CID recorded on chain did not change. Remove what remains, then run the command again.",
    );
  }
  const message = `${messageOf(error)} Nothing changed, because the new envelope was unpinned and its wrapped keys deleted.`;
  if (error instanceof TransactionError) {
    return new TransactionError(message, error.outcome, error.transaction, { cause: error });
  }
  return new PersonalDataError(message, { cause: error });
}
