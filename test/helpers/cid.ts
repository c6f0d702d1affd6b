import {
  concat,
  decodeBase58,
  encodeBase58,
  getBytes,
  hexlify,
  sha256,
  toBeHex,
  toUtf8Bytes,
  type BytesLike,
} from "ethers";

/** Multicodec codes used in test CIDs: content codecs and multihash functions. */
export const MULTICODEC = {
  identity: 0x00,
  sha2_256: 0x12,
  sha2_512: 0x13,
  raw: 0x55,
  dagPb: 0x70,
  blake2b_256: 0xb220,
} as const;

/** Length in bytes of a binary CIDv0: the sha2-256 multihash header and its 32-byte digest. */
export const CID_V0_LENGTH = 34;

/** Alphabet of the lowercase base32 multibase (prefix `b`), RFC 4648 without padding. */
const BASE32_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** Returns the minimal unsigned varint encoding of `value`, as multiformats defines it. */
export function encodeVarint(value: number | bigint): string {
  let remaining = BigInt(value);
  if (remaining < 0n) throw new Error(`Invalid varint value ${value}: expected a non-negative integer.`);
  const bytes: number[] = [];
  do {
    const low = Number(remaining & 0x7fn);
    remaining >>= 7n;
    bytes.push(remaining === 0n ? low : low | 0x80);
  } while (remaining !== 0n);
  return hexlify(new Uint8Array(bytes));
}

/** Returns the binary CIDv0 of `content`: `0x12 0x20` and the sha2-256 digest of its UTF-8 bytes. */
export function cidV0(content: string): string {
  return concat([encodeVarint(MULTICODEC.sha2_256), encodeVarint(32), sha256(toUtf8Bytes(content))]);
}

/** Returns a binary CIDv1: version 1, the content codec, then the multihash of `digest` under `hashCode`. */
export function cidV1(codec: number, hashCode: number, digest: BytesLike): string {
  const digestBytes = getBytes(digest);
  return concat([
    encodeVarint(1),
    encodeVarint(codec),
    encodeVarint(hashCode),
    encodeVarint(digestBytes.length),
    digestBytes,
  ]);
}

/** Returns the binary CIDv1 of `content` with a sha2-256 digest, in the raw codec unless `codec` is given. */
export function cidV1Sha256(content: string, codec: number = MULTICODEC.raw): string {
  return cidV1(codec, MULTICODEC.sha2_256, sha256(toUtf8Bytes(content)));
}

/** Returns the binary form of a CIDv0 written in base58btc (`Qm…`). */
export function decodeCidV0Text(text: string): string {
  if (!text.startsWith("Qm")) throw new Error(`Invalid CIDv0 ${text}: expected base58btc text starting with Qm.`);
  return toBeHex(decodeBase58(text), CID_V0_LENGTH);
}

/** Returns the base58btc text of a binary CIDv0. */
export function encodeCidV0Text(cid: BytesLike): string {
  return encodeBase58(cid);
}

/** Returns the binary form of a CIDv1 written in lowercase base32 with its multibase prefix `b`. */
export function decodeCidV1Text(text: string): string {
  if (!text.startsWith("b")) throw new Error(`Invalid CIDv1 ${text}: expected base32 text starting with b.`);
  const bytes: number[] = [];
  let buffer = 0;
  let bufferedBits = 0;
  for (const character of text.slice(1)) {
    const index = BASE32_ALPHABET.indexOf(character);
    if (index === -1) throw new Error(`Invalid CIDv1 ${text}: ${character} is not a base32 character.`);
    buffer = ((buffer << 5) | index) & 0xffff;
    bufferedBits += 5;
    if (bufferedBits >= 8) {
      bufferedBits -= 8;
      bytes.push((buffer >> bufferedBits) & 0xff);
    }
  }
  return hexlify(new Uint8Array(bytes));
}

/** Returns the lowercase base32 text, with its multibase prefix `b`, of a binary CIDv1. */
export function encodeCidV1Text(cid: BytesLike): string {
  let text = "b";
  let buffer = 0;
  let bufferedBits = 0;
  for (const byte of getBytes(cid)) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bufferedBits += 8;
    while (bufferedBits >= 5) {
      bufferedBits -= 5;
      text += BASE32_ALPHABET[(buffer >> bufferedBits) & 31];
    }
  }
  if (bufferedBits > 0) text += BASE32_ALPHABET[(buffer << (5 - bufferedBits)) & 31];
  return text;
}
