import { getAddress, isAddress } from "ethers";

import { MAX_CONTENT_TYPE_LENGTH, checkContentType } from "../crypto/envelopeFormat";

/**
 * The member whose personal data a document is, and the register and chain where they are a
 * member. An envelope names its owner in its content type, which the envelope's AEAD
 * authenticates, so a reader can check that the envelope at a member's CID was sealed for that
 * member and not copied from another member or cooperative.
 */
export interface DocumentOwner {
  chainId: bigint;
  /** Address of the membership register (`CoopMembership`). */
  membership: string;
  member: string;
}

const BOUND_CONTENT_TYPE =
  /^(.*); coop-chain-id=([1-9][0-9]*); coop-membership=(0x[0-9a-f]{40}); coop-member=(0x[0-9a-f]{40})$/;

/** A media type such as `application/json`, optionally followed by parameters such as `; charset=utf-8`. */
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*( *;.*)?$/;

/**
 * Returns the content type of a personal data envelope: `mediaType` followed by parameters that
 * name the owner, such as
 * `application/json; coop-chain-id=31337; coop-membership=0x5fbd…; coop-member=0xf39f…`, with
 * the addresses in lowercase hex.
 *
 * @throws TypeError naming the media type when it is not of the form type/subtype, already has a
 * `coop-` parameter, or is too long for the envelope's 255-character content type, and naming the
 * chain id or address when it is invalid.
 */
export function bindContentType(mediaType: string, owner: DocumentOwner): string {
  if (typeof mediaType !== "string" || !MEDIA_TYPE.test(mediaType) || /;\s*coop-/i.test(mediaType)) {
    throw new TypeError(
      `Invalid media type ${JSON.stringify(mediaType)}: expected type/subtype such as "application/json" or ` +
        `"text/plain; charset=utf-8", without parameters named coop-.`,
    );
  }
  if (typeof owner.chainId !== "bigint" || owner.chainId <= 0n) {
    throw new TypeError(`Invalid chain id ${String(owner.chainId)}: expected a positive integer.`);
  }
  const membership = checkedAddress(owner.membership, "membership register").toLowerCase();
  const member = checkedAddress(owner.member, "member").toLowerCase();
  const contentType = `${mediaType}; coop-chain-id=${owner.chainId}; coop-membership=${membership}; coop-member=${member}`;
  if (contentType.length > MAX_CONTENT_TYPE_LENGTH) {
    throw new TypeError(
      `Invalid media type ${JSON.stringify(mediaType)}: the content type with the parameters that name the ` +
        `owner has ${contentType.length} characters, above the envelope's maximum of ${MAX_CONTENT_TYPE_LENGTH}. ` +
        "Give a shorter media type.",
    );
  }
  checkContentType(contentType);
  return contentType;
}

/**
 * Splits the content type of an envelope into its media type and the owner that it names, or
 * `undefined` as the owner when it names none, as in envelopes sealed by other tools.
 */
export function readContentTypeBinding(contentType: string): { mediaType: string; owner: DocumentOwner | undefined } {
  const match = BOUND_CONTENT_TYPE.exec(contentType);
  if (match === null) return { mediaType: contentType, owner: undefined };
  return {
    mediaType: match[1],
    owner: { chainId: BigInt(match[2]), membership: getAddress(match[3]), member: getAddress(match[4]) },
  };
}

/** Returns whether two owners are the same member of the same register on the same chain. */
export function isSameOwner(a: DocumentOwner, b: DocumentOwner): boolean {
  return (
    a.chainId === b.chainId &&
    a.membership.toLowerCase() === b.membership.toLowerCase() &&
    a.member.toLowerCase() === b.member.toLowerCase()
  );
}

/** Formats an owner for messages, such as "member 0x… of the register 0x… on chain 31337". */
export function describeOwner(owner: DocumentOwner): string {
  return `member ${getAddress(owner.member)} of the register ${getAddress(owner.membership)} on chain ${owner.chainId}`;
}

function checkedAddress(address: string, description: string): string {
  if (!isAddress(address)) {
    throw new TypeError(`Invalid ${description} address ${JSON.stringify(address)}: expected 0x and 40 hex digits.`);
  }
  return getAddress(address);
}
