import type { KuboRPCClient } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";

import { verifyBlock } from "./blockVerification";
import { rpcFailureError } from "./kuboRpcFailure";

/**
 * Read-only blockstore over a Kubo node's `/api/v0/block/get`, which checks every block against its
 * CID, so that content read through it does not depend on trusting the node.
 */
export class KuboBlockstore {
  constructor(
    private readonly client: KuboRPCClient,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Fetches a block and yields it once it has been checked against its CID.
   *
   * @throws StoreUnreachableError naming the CID when the node cannot be reached, Error naming the
   * CID when the request fails otherwise, and BlockVerificationError when the bytes do not match the CID.
   */
  async *get(cid: CID): AsyncGenerator<Uint8Array> {
    let bytes: Uint8Array;
    try {
      bytes = await this.client.block.get(cid, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw rpcFailureError(`block/get of ${cid} failed`, error, this.timeoutMs);
    }
    verifyBlock(
      cid,
      bytes,
      "the block that the node returned",
      "The node's copy is corrupt: run `ipfs repo verify` on the node.",
    );
    yield bytes;
  }
}
