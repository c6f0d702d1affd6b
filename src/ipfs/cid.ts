import { getBytes, isHexString } from "ethers";

/** Maximum length of a binary CID that the contracts accept, in bytes (the `Cid` library's `MAX_LENGTH`). */
export const MAX_CID_LENGTH = 128;

const SHA2_256 = 0x12;
const SHA2_256_LENGTH = 0x20;
const CID_V0_LENGTH = 34;
const CID_V1 = 0x01;
const MAX_VARINT_BYTES = 9;

/** Reads a minimal unsigned varint at `offset`; returns undefined when it is malformed. */
function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (offset + i >= bytes.length) return undefined;
    const byte = bytes[offset + i];
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      if (byte === 0 && i > 0) return undefined;
      return { value, next: offset + i + 1 };
    }
  }
  return undefined;
}

/**
 * Returns whether `hex` is a well-formed binary CIDv0 or CIDv1, by the same rules as the `Cid`
 * Solidity library, so that scripts reject a CID before a transaction would revert on it.
 */
export function isValidBinaryCid(hex: string): boolean {
  if (!isHexString(hex) || hex.length % 2 !== 0) return false;
  const bytes = getBytes(hex);
  if (bytes.length === 0 || bytes.length > MAX_CID_LENGTH) return false;
  if (bytes.length === CID_V0_LENGTH && bytes[0] === SHA2_256) return bytes[1] === SHA2_256_LENGTH;
  if (bytes[0] !== CID_V1) return false;
  let offset = 1;
  for (let field = 0; field < 2; field++) {
    const varint = readVarint(bytes, offset);
    if (varint === undefined) return false;
    offset = varint.next;
  }
  const digestLength = readVarint(bytes, offset);
  if (digestLength === undefined) return false;
  return bytes.length - digestLength.next === digestLength.value;
}
