import type { CoopMembership } from "../../typechain-types";
import { readEnvelopeMetadata } from "../crypto/envelope";
import type { EnvelopeMetadata } from "../crypto/envelopeFormat";
import { BlockVerificationError } from "../ipfs/blockVerification";
import { cidToText } from "../ipfs/cidText";
import type { ContentStore } from "../ipfs/contentStore";
import { describeOwner, isSameOwner, readContentTypeBinding, type DocumentOwner } from "./documentBinding";
import { UnreadablePersonalDataError, messageOf } from "./errors";

/** A personal data envelope as a content store returns it, with its clear metadata. */
export interface StoredEnvelope {
  /** The CID in canonical text (`b…` for a CIDv1). */
  cid: string;
  envelope: Uint8Array;
  /** The envelope's metadata, which is authenticated only once the envelope is opened. */
  metadata: EnvelopeMetadata;
  /** The content type without the parameters that name the owner. */
  mediaType: string;
  /** The owner that the content type names, if any. */
  owner: DocumentOwner | undefined;
}

/** Returns the CID of a member's personal data recorded on chain, as binary hex, or undefined when none is. */
export async function recordedPersonalDataCid(membership: CoopMembership, member: string): Promise<string | undefined> {
  const { personalDataCid } = await membership.memberData(member);
  return personalDataCid === "0x" ? undefined : personalDataCid;
}

/**
 * Fetches the envelope at a binary CID from the content store, which checks every block against
 * its CID, and reads its clear metadata.
 *
 * @throws UnreadablePersonalDataError naming the CID when the content is missing or corrupt, or is
 * not an envelope. Its `cause` is the store's or the parser's error.
 */
export async function fetchEnvelope(contentStore: ContentStore, binaryCid: string): Promise<StoredEnvelope> {
  const cid = cidToText(binaryCid);
  let envelope: Uint8Array;
  try {
    envelope = await contentStore.cat(cid);
  } catch (error) {
    const corrupt = corruptBlockOf(error);
    const reason = corrupt === undefined ? messageOf(error) : `a block is corrupt. ${withoutAdvice(corrupt.message)}`;
    throw new UnreadablePersonalDataError(
      `Cannot fetch the envelope ${cid} from the content store: ${reason.replace(/\.?$/, ".")} ` +
        "Make the envelope available again: import its CAR file with ipfs:import, which also replaces a " +
        "corrupt block, or point IPFS_STORE_DIR or IPFS_API_URL at the store or IPFS node that has it.",
      { cause: error },
    );
  }
  let metadata: EnvelopeMetadata;
  try {
    metadata = readEnvelopeMetadata(envelope);
  } catch (error) {
    throw new UnreadablePersonalDataError(`The content at ${cid} is not a valid envelope: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const { mediaType, owner } = readContentTypeBinding(metadata.contentType);
  return { cid, envelope, metadata, mediaType, owner };
}

/** Returns the block verification error in the cause chain of a content store's error, if any. */
function corruptBlockOf(error: unknown): BlockVerificationError | undefined {
  let current: unknown = error;
  while (current instanceof Error) {
    if (current instanceof BlockVerificationError) return current;
    current = current.cause;
  }
  return undefined;
}

/**
 * Returns the message of a block verification error without its closing advice to add the content
 * again, because an envelope cannot be added again from its plaintext, only imported.
 */
function withoutAdvice(message: string): string {
  const end = /but the CID expects [0-9a-f]+\./.exec(message);
  return end === null ? message : message.slice(0, end.index + end[0].length);
}

/**
 * Returns why an envelope is not the personal data of `expected`, or undefined when its content
 * type names that owner.
 */
export function ownerMismatch(stored: StoredEnvelope, expected: DocumentOwner): string | undefined {
  if (stored.owner === undefined) {
    return `the envelope ${stored.cid} names no owner in its content type, so it was not sealed by these tools`;
  }
  if (!isSameOwner(stored.owner, expected)) {
    return `the envelope ${stored.cid} was sealed as the personal data of ${describeOwner(stored.owner)}`;
  }
  return undefined;
}

/** Unpins `cid` when the content store has it pinned, and returns whether it did. */
export async function unpinIfPinned(contentStore: ContentStore, cid: string): Promise<boolean> {
  const pins = await contentStore.listPins();
  if (!pins.includes(cid)) return false;
  await contentStore.unpin(cid);
  return true;
}
