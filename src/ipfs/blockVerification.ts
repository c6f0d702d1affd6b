import { createHash } from "node:crypto";

import type { CID } from "multiformats/cid";

/** Multihash code of sha2-256, the only hash function that `verifyBlock` accepts. */
const SHA2_256 = 0x12;
const SHA2_256_LENGTH = 32;

/** Error raised when a block's bytes do not hash to the digest in its CID, or its CID uses another hash function. */
export class BlockVerificationError extends Error {
  override readonly name = "BlockVerificationError";
}

/**
 * Checks that `bytes` hash to the digest in `cid`. The error message names `source`, where the bytes
 * came from, and ends with `remedy`.
 */
export function verifyBlock(cid: CID, bytes: Uint8Array, source: string, remedy: string): void {
  const { code, size, digest } = cid.multihash;
  if (code !== SHA2_256 || size !== SHA2_256_LENGTH) {
    throw new BlockVerificationError(
      `Block ${cid} uses multihash code 0x${code.toString(16)} with a ${size}-byte digest, ` +
        `but only sha2-256 CIDs (code 0x12, 32 bytes) can be verified.`,
    );
  }

  const actual = createHash("sha256").update(bytes).digest();
  if (!actual.equals(digest)) {
    throw new BlockVerificationError(
      `Block ${cid} failed verification: the sha2-256 digest of ${source} is ${actual.toString("hex")}, ` +
        `but the CID expects ${Buffer.from(digest).toString("hex")}. ${remedy}`,
    );
  }
}
