import { hexlify } from "ethers";
import { base32 } from "multiformats/bases/base32";
import type { CID } from "multiformats/cid";

import { toIpfsUri } from "./cidText";
import { codecName, multihashName } from "./multicodecNames";

/** Multicodec codes that a CIDv0 implies: dag-pb content, sha2-256 multihash of 32 bytes. */
const DAG_PB = 0x70;
const SHA2_256 = 0x12;
const SHA2_256_LENGTH = 32;

/** The parts and the spellings of one CID, as `ipfs:cid` prints them. */
export interface CidDescription {
  /** Canonical text: base58btc (`Qm…`) for a CIDv0, lowercase base32 (`b…`) for a CIDv1. */
  cid: string;
  version: 0 | 1;
  codec: { code: number; name: string };
  /** Hash function and digest. The digest is 0x-prefixed hex, and `length` is its size in bytes. */
  multihash: { code: number; name: string; length: number; digest: string };
  /** The CIDv0 of the same content, or null when the CID is not dag-pb with a sha2-256 digest. */
  v0: string | null;
  /** The CIDv1 of the same content in lowercase base32. */
  v1: string;
  /** The `ipfs://` URI, which is the same for the CIDv0 and the CIDv1 of one content. */
  uri: string;
  /** The binary CID as 0x-prefixed hex: the bytes that the tasks send to the contracts. */
  binary: string;
}

/** Returns whether the CIDv0 form exists for `cid`: dag-pb content and a 32-byte sha2-256 digest. */
export function hasCidV0(cid: CID): boolean {
  return cid.code === DAG_PB && cid.multihash.code === SHA2_256 && cid.multihash.size === SHA2_256_LENGTH;
}

/** Splits `cid` into its version, codec and multihash, and writes it in each of its spellings. */
export function describeCid(cid: CID): CidDescription {
  const binary = hexlify(cid.bytes);
  return {
    cid: cid.toString(),
    version: cid.version,
    codec: { code: cid.code, name: codecName(cid.code) },
    multihash: {
      code: cid.multihash.code,
      name: multihashName(cid.multihash.code),
      length: cid.multihash.size,
      digest: hexlify(cid.multihash.digest),
    },
    v0: hasCidV0(cid) ? cid.toV0().toString() : null,
    v1: cid.toV1().toString(base32),
    uri: toIpfsUri(binary),
    binary,
  };
}

/**
 * Returns whether two CIDs name the same content: the same codec and the same multihash. A CIDv0 and
 * the dag-pb CIDv1 with its multihash are the same content, and so are all the text spellings of one
 * CID, because the comparison is on decoded values, never on text.
 */
export function isSameContent(a: CID, b: CID): boolean {
  return a.code === b.code && Buffer.from(a.multihash.bytes).equals(Buffer.from(b.multihash.bytes));
}
