import { createHash } from "node:crypto";

/**
 * Expected values for the tests of document URIs, computed without the project's own CID helpers
 * so that the contract is checked against an independent encoder.
 */

/** The RFC 4648 base32 alphabet in lowercase, as the multibase prefix `b` writes it. */
const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** Content codecs of the test CIDs. Both are below 0x80, so each is a one-byte varint. */
export const CODEC = { raw: 0x55, dagPb: 0x70 } as const;

/** Multihash code and digest length of sha2-256, also one-byte varints. */
const SHA2_256 = 0x12;
const SHA2_256_LENGTH = 32;

/**
 * Encodes `bytes` in lowercase RFC 4648 base32 without padding. The last digit carries the
 * remaining bits in its high-order bits, and its low-order bits are zero.
 */
export function encodeBase32(bytes: Uint8Array): string {
  let text = "";
  let buffer = 0;
  let bufferedBits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bufferedBits += 8;
    while (bufferedBits >= 5) {
      bufferedBits -= 5;
      text += BASE32_ALPHABET[(buffer >> bufferedBits) & 0x1f];
    }
    // Keep only the bits not yet written, so the buffer never grows past 12 bits.
    buffer &= (1 << bufferedBits) - 1;
  }
  if (bufferedBits > 0) text += BASE32_ALPHABET[(buffer << (5 - bufferedBits)) & 0x1f];
  return text;
}

/** Returns the value (0 to 31) of the lowercase base32 digit `digit`. */
export function base32Value(digit: string): number {
  const value = BASE32_ALPHABET.indexOf(digit);
  if (value === -1 || digit.length !== 1) throw new Error(`Invalid base32 digit "${digit}": expected one of a-z, 2-7.`);
  return value;
}

/** Returns the lowercase base32 digit of `value`, from 0 to 31. */
export function base32Digit(value: number): string {
  const digit = BASE32_ALPHABET[value];
  if (digit === undefined) throw new Error(`Invalid base32 value ${value}: expected a whole number from 0 to 31.`);
  return digit;
}

/** Returns the binary CIDv1 of `content` under `codec`: `0x01`, the codec, then its sha2-256 multihash. */
export function sha256CidV1(content: string | Uint8Array, codec: number): Uint8Array {
  const digest = createHash("sha256").update(content).digest();
  return Uint8Array.from([1, codec, SHA2_256, SHA2_256_LENGTH, ...digest]);
}

/** Returns the `ipfs://` URI of a binary CID: multibase prefix `b` and lowercase base32. */
export function ipfsUri(cid: Uint8Array): string {
  return `ipfs://b${encodeBase32(cid)}`;
}
