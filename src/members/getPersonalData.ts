import { getAddress } from "ethers";

import { openFromKeyStore } from "../crypto/envelope";
import { CryptoError, WrappedKeyNotFoundError } from "../crypto/errors";
import { ownerOf, type PersonalDataContext } from "./context";
import { describeOwner } from "./documentBinding";
import {
  EnvelopeOwnerMismatchError,
  MissingWrappedKeyError,
  NoPersonalDataError,
  NotARecipientError,
  UnreadablePersonalDataError,
} from "./errors";
import { loadMemberKey, type MemberKeySource } from "./memberKey";
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
 * Reads a member's personal data: fetches the envelope whose CID the register records for
 * `member`, and opens it with the reader's key pair and the wrapped key that the key store
 * contains for it. Returns the plaintext only once the whole envelope has authenticated and it is
 * bound to this member, register and chain.
 *
 * @throws NoPersonalDataError when the member has no personal data CID on chain.
 * @throws UnreadablePersonalDataError when the envelope is missing, corrupt, not an envelope, or
 * fails authentication.
 * @throws NotARecipientError when the reader's key is not among the envelope's recipients.
 * @throws MissingWrappedKeyError when the key store contains no wrapped key for the reader.
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
    const fix =
      reader === member
        ? "It was sealed for another key of yours: read it with that key, or set your personal data again."
        : `Ask ${member} to record it again with you among the recipients ` +
          `(member:set-personal-data --recipients ${reader}, and the others).`;
    throw new NotARecipientError(
      `The key of ${reader} from ${key.origin} (key id ${key.keyId}) is not a recipient of the personal data ` +
        `of ${member} (document ${documentId} at ${cid}). ${fix}`,
    );
  }

  let plaintext: Uint8Array;
  try {
    plaintext = await openFromKeyStore(stored.envelope, context.keyStore, key.keyPair);
  } catch (error) {
    if (error instanceof WrappedKeyNotFoundError) {
      throw new MissingWrappedKeyError(
        `The key store contains no wrapped key of document ${documentId} (personal data of ${member}) for the ` +
          `key ${key.keyId} of ${reader}: the document was erased, or its keys are in another key store ` +
          "(set KEY_STORE_DIR to that store's folder).",
        { cause: error },
      );
    }
    if (error instanceof CryptoError) {
      throw new UnreadablePersonalDataError(
        `The personal data envelope of ${member} at ${cid} cannot be opened: ${error.message}`,
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
