import { getAddress } from "ethers";

import { open } from "../crypto/envelope";
import { AuthenticationError, CryptoError } from "../crypto/errors";
import { FileKeyStore } from "../crypto/fileKeyStore";
import { keyIdOf } from "../crypto/keyAgreement";
import type { KeyStore } from "../crypto/keyStore";
import { ownerOf, type PersonalDataContext } from "./context";
import { describeOwner } from "./documentBinding";
import {
  DamagedWrappedKeyError,
  EnvelopeOwnerMismatchError,
  KeyMismatchError,
  MissingWrappedKeyError,
  NoPersonalDataError,
  NotARecipientError,
  UnreadablePersonalDataError,
} from "./errors";
import { loadMemberKey, type MemberKeySource } from "./memberKey";
import { registeredKeyOf } from "./recipients";
import { fetchEnvelope, ownerMismatch, recordedPersonalDataCid } from "./storedEnvelope";

/** Whose personal data to read, and with which key. */
export interface GetPersonalDataRequest {
  member: string;
  /** Source of the reader's key pair. The reader is the context's signer. */
  keySource: MemberKeySource;
}

/** A member's personal data, decrypted and authenticated. */
export interface PersonalDataDocument {
  member: string;
  reader: string;
  /** CID of the envelope in canonical text. */
  cid: string;
  documentId: string;
  /** The media type that the member gave, such as "application/json". */
  mediaType: string;
  /** Time of sealing, in whole seconds since the Unix epoch. */
  createdAt: number;
  plaintext: Uint8Array;
}

/**
 * Reads a member's personal data. It fetches the envelope whose CID the register records for
 * `member`, and opens it with the reader's key pair and the wrapped key that the key store
 * contains for it. Returns the plaintext only once the whole envelope has authenticated and it is
 * bound to this member, register and chain.
 *
 * @throws NoPersonalDataError when the member has no personal data CID on chain.
 * @throws UnreadablePersonalDataError when the envelope is missing, corrupt, not an envelope, or
 * fails authentication.
 * @throws KeyMismatchError when the reader's key is not among the envelope's recipients and is not
 * the key registered for the reader either.
 * @throws NotARecipientError when the reader's key is not among the envelope's recipients.
 * @throws MissingWrappedKeyError when the key store contains no wrapped key for the reader.
 * @throws DamagedWrappedKeyError when the reader's wrapped key in the key store is corrupt.
 * @throws EnvelopeOwnerMismatchError when the envelope was sealed as another member's data.
 */
export async function getPersonalData(
  context: PersonalDataContext,
  request: GetPersonalDataRequest,
): Promise<PersonalDataDocument> {
  const member = getAddress(request.member);
  const reader = getAddress(await context.signer.getAddress());
  const owner = await ownerOf(context, member);

  const binaryCid = await recordedPersonalDataCid(context.membership, member);
  if (binaryCid === undefined) {
    throw new NoPersonalDataError(
      `${member} has no personal data recorded in the register ${owner.membership}: it was never set, or it was erased.`,
    );
  }
  const stored = await fetchEnvelope(context.contentStore, binaryCid);
  const { cid } = stored;
  const { documentId } = stored.metadata;

  const key = await loadMemberKey(context.signer, owner.membership, request.keySource);
  if (!stored.metadata.recipients.some((recipient) => recipient.keyId === key.keyId)) {
    // A reader who is not a recipient usually uses another key pair than the one they registered,
    // such as the wallet's key after registering a key file, so that mismatch is reported first.
    const registered = await registeredKeyOf(context.membership, reader);
    if (registered !== undefined && keyIdOf(registered) !== key.keyId) {
      throw new KeyMismatchError(
        `The key of ${reader} from ${key.origin} (key id ${key.keyId}) is not your registered key ` +
          `(key id ${keyIdOf(registered)}). Pass the --key-file you registered with, or leave it out if you ` +
          "registered the key derived from your wallet.",
      );
    }
    const fix =
      reader === member
        ? "It was sealed for another key of yours, so read it with that key or set your personal data again."
        : `Ask ${member} to record it again with you among the recipients ` +
          `(member:set-personal-data --recipients ${reader}, and the others).`;
    throw new NotARecipientError(
      `The key of ${reader} from ${key.origin} (key id ${key.keyId}) is not a recipient of the personal data ` +
        `of ${member} (document ${documentId} at ${cid}). ${fix}`,
    );
  }

  const wrappedKey = await context.keyStore.get(documentId, key.keyId);
  if (wrappedKey === undefined) {
    throw new MissingWrappedKeyError(
      `The key store contains no wrapped key of document ${documentId} (personal data of ${member}) for the ` +
        `key ${key.keyId} of ${reader}: the document was erased, or its keys are in another key store ` +
        "(set KEY_STORE_DIR to that store's folder).",
    );
  }
  let plaintext: Uint8Array;
  try {
    plaintext = open(stored.envelope, wrappedKey, key.keyPair);
  } catch (error) {
    if (error instanceof AuthenticationError) {
      throw new UnreadablePersonalDataError(
        `The personal data envelope of ${member} at ${cid} cannot be opened: ${error.message}`,
        { cause: error },
      );
    }
    // The envelope parsed when it was fetched, so any other failure is in the wrapped key.
    if (error instanceof CryptoError) {
      throw new DamagedWrappedKeyError(
        `The wrapped key of ${reader} for the personal data of ${member} (document ${documentId}), ` +
          `${describeWrappedKey(context.keyStore, documentId, key.keyId)}, is damaged: ${error.message} ` +
          `Restore that file from a backup of KEY_STORE_DIR, or ask ${member} to record the data again.`,
        { cause: error },
      );
    }
    throw error;
  }

  const mismatch = ownerMismatch(stored, owner);
  if (mismatch !== undefined) {
    plaintext.fill(0);
    throw new EnvelopeOwnerMismatchError(
      `The CID recorded for ${member} points to another document: ${mismatch}, not of ${describeOwner(owner)}. ` +
        `Its content is not returned. ${member} must set their personal data again.`,
    );
  }
  return {
    member,
    reader,
    cid,
    documentId,
    mediaType: stored.mediaType,
    createdAt: stored.metadata.createdAt,
    plaintext,
  };
}

/** Describes where a key store keeps a wrapped key, naming the file for a key store in a folder. */
function describeWrappedKey(keyStore: KeyStore, documentId: string, keyId: string): string {
  if (keyStore instanceof FileKeyStore) return `key store file ${keyStore.pathOf(documentId, keyId)}`;
  return `stored under document ${documentId} and key ${keyId}`;
}
