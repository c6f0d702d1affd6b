/**
 * Names of the content codecs that CIDs commonly carry, by multicodec code, as the multicodec table
 * (multiformats/multicodec, table.csv) names them.
 */
const CODEC_NAMES: ReadonlyMap<number, string> = new Map([
  [0x51, "cbor"],
  [0x55, "raw"],
  [0x70, "dag-pb"],
  [0x71, "dag-cbor"],
  [0x72, "libp2p-key"],
  [0x78, "git-raw"],
  [0x85, "dag-jose"],
  [0x86, "dag-cose"],
  [0x0129, "dag-json"],
  [0x0200, "json"],
]);

/** Names of the multihash functions, by multicodec code, from the same table. */
const MULTIHASH_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00, "identity"],
  [0x11, "sha1"],
  [0x12, "sha2-256"],
  [0x13, "sha2-512"],
  [0x14, "sha3-512"],
  [0x15, "sha3-384"],
  [0x16, "sha3-256"],
  [0x17, "sha3-224"],
  [0x1b, "keccak-256"],
  [0x1d, "keccak-512"],
  [0x1e, "blake3"],
  [0x20, "sha2-384"],
  [0x56, "dbl-sha2-256"],
  [0xb220, "blake2b-256"],
  [0xb240, "blake2b-512"],
]);

/** Returns the name of a content codec, or `unknown (0x…)` for a code outside this short list. */
export function codecName(code: number): string {
  return CODEC_NAMES.get(code) ?? unknownName(code);
}

/** Returns the name of a multihash function, or `unknown (0x…)` for a code outside this short list. */
export function multihashName(code: number): string {
  return MULTIHASH_NAMES.get(code) ?? unknownName(code);
}

function unknownName(code: number): string {
  return `unknown (0x${code.toString(16)})`;
}
