import { createReadStream } from "node:fs";

import { hexlify } from "ethers";
// kubo-rpc-client is ES modules only, and this CommonJS module loads it with require(), which Node.js
// allows by default from 20.19 on (through its `module-sync` export condition).
import { type KuboRPCClient, create } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";

import { encodeCar, readDagCar } from "./car";
import { cidToText, decodeCidText } from "./cidText";
import { type AddOptions, type CidVersion, type ContentStore, cidVersionOf } from "./contentStore";
import { KuboBlockstore } from "./kuboBlockstore";
import { parseKuboApiUrl } from "./kuboApiUrl";
import { computeKuboCid, kuboAddFlags } from "./kuboProfile";
import { StoreUnreachableError, rpcFailureError } from "./kuboRpcFailure";
import { checkRegularFile, readFileChunks } from "./localFile";
import { readFileContent } from "./unixfsFile";

/** Time that each request to the node may take before it fails, in milliseconds, unless set. */
export const DEFAULT_KUBO_TIMEOUT_MS = 60_000;

/** Options of a {@link KuboStore}. */
export interface KuboStoreOptions {
  /**
   * Time that each request to the node may take, in milliseconds, including the upload of a whole
   * file: {@link DEFAULT_KUBO_TIMEOUT_MS} by default.
   */
  timeoutMs?: number;
}

/**
 * Content store on a Kubo node, reached through its RPC API (`ipfs daemon`, port 5001 by default).
 *
 * Nothing that the node returns is trusted. Adding computes the CID locally with the settings of
 * `kuboImporterOptions` and fails when the node returns another one. Reading fetches each block with
 * `/api/v0/block/get` and checks it against its CID. A CAR file from `/api/v0/dag/export` is
 * checked block by block, and one sent to `/api/v0/dag/import` has been checked first.
 *
 * Pinning is left to the node, which fetches missing blocks from its peers as `ipfs pin add` does.
 */
export class KuboStore implements ContentStore {
  /** Address of the RPC API, with its path (`/api/v0` by default). */
  readonly url: string;
  private readonly client: KuboRPCClient;
  private readonly blocks: KuboBlockstore;
  private readonly timeoutMs: number;

  /** @throws Error naming `url` when it is not the http or https URL of an RPC API. */
  constructor(url: string, options: KuboStoreOptions = {}) {
    const apiUrl = parseKuboApiUrl(url);
    this.url = apiUrl.toString();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_KUBO_TIMEOUT_MS;
    // The client's own `timeout` option is not applied to requests in kubo-rpc-client 7.1.0, so
    // each request gets an AbortSignal instead.
    this.client = create({ url: apiUrl });
    this.blocks = new KuboBlockstore(this.client, this.timeoutMs);
  }

  async add(bytes: Uint8Array, options?: AddOptions): Promise<string> {
    const cidVersion = cidVersionOf(options);
    const expected = await computeKuboCid(bytes, cidVersion);
    const added = await this.request("Cannot add the content", (signal) =>
      this.client.add(bytes, { ...kuboAddFlags(cidVersion), pin: false, signal }),
    );
    return this.checkAddedCid(added.cid, expected, cidVersion, "the content");
  }

  /**
   * Sends the file to the node and reads it a second time to compute its CID locally.
   *
   * @throws Error when `path` is missing or is not a regular file.
   */
  async addFile(path: string, options?: AddOptions): Promise<string> {
    const cidVersion = cidVersionOf(options);
    await checkRegularFile(path);
    const expected = await computeKuboCid(createReadStream(path), cidVersion);
    const added = await this.request(`Cannot add ${path}`, (signal) =>
      this.client.add(
        { content: readFileChunks(path, options?.onRead) },
        { ...kuboAddFlags(cidVersion), pin: false, signal },
      ),
    );
    // The file is read twice, so a change between the reads also gives two CIDs.
    const advice = ` If ${path} changed while it was being added, add it again.`;
    return this.checkAddedCid(added.cid, expected, cidVersion, path, advice);
  }

  /** @throws Error naming `cid` and the block that is missing, corrupt or could not be fetched. */
  async cat(cid: string): Promise<Uint8Array> {
    const root = decodeCidText(cid);
    const chunks: Uint8Array[] = [];
    try {
      await readFileContent(root, this.blocks, (chunk) => chunks.push(chunk));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const message = `Cannot read ${root} from the Kubo RPC API at ${this.url}: ${reason}`;
      // Keeps the class, so that callers can tell a node that is down from content that is missing.
      if (error instanceof StoreUnreachableError) throw new StoreUnreachableError(message, { cause: error });
      throw new Error(message, { cause: error });
    }
    return Buffer.concat(chunks);
  }

  /** Pins `cid` recursively. The node fetches the blocks that it lacks from its peers. */
  async pin(cid: string): Promise<void> {
    const root = decodeCidText(cid);
    const pinned = await this.request(`Cannot pin ${root}`, (signal) =>
      this.client.pin.add(root, { recursive: true, signal }),
    );
    if (!sameMultihash(pinned, root)) {
      throw new Error(`Cannot pin ${root}: the Kubo RPC API at ${this.url} confirmed a pin of ${pinned} instead.`);
    }
  }

  /** @throws Error naming `cid` when the node has no recursive pin of it. */
  async unpin(cid: string): Promise<void> {
    const root = decodeCidText(cid);
    await this.request(`Cannot unpin ${root}`, (signal) => this.client.pin.rm(root, { recursive: true, signal }));
  }

  /** Returns the node's recursive pins, the kind that `pin` makes, sorted as `EmbeddedStore` sorts them. */
  async listPins(): Promise<string[]> {
    const pins = await this.request("Cannot list pins", async (signal) => {
      const binaryHex: string[] = [];
      for await (const pin of this.client.pin.ls({ type: "recursive", signal })) binaryHex.push(hexlify(pin.cid.bytes));
      return binaryHex;
    });
    return pins.sort().map((binaryHex) => cidToText(binaryHex));
  }

  /**
   * Fetches the CAR file of `cid` with `/api/v0/dag/export` and checks every block against its CID
   * and that no block of the DAG is missing. The blocks are then written in the order of
   * `EmbeddedStore`, so both stores export the same bytes for the same content.
   */
  async exportCar(cid: string): Promise<Uint8Array> {
    const root = decodeCidText(cid);
    const exported = await this.request(`Cannot export ${root}`, async (signal) => {
      const parts: Uint8Array[] = [];
      for await (const part of this.client.dag.export(root, { signal })) parts.push(part);
      return Buffer.concat(parts);
    });

    try {
      const car = await readDagCar(exported);
      if (car.roots.length !== 1 || !car.roots[0].equals(root)) {
        throw new Error(`its roots are ${car.roots.join(", ")}, but the request was for ${root} alone`);
      }
      return await encodeCar([root], car.blocks);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Cannot export ${root}: the CAR file from the Kubo RPC API at ${this.url} is rejected: ${reason}`,
        { cause: error },
      );
    }
  }

  /**
   * Checks the CAR file as `EmbeddedStore` does, then sends its roots and the blocks of their DAGs
   * to `/api/v0/dag/import`, which stores them and pins the roots.
   */
  async importCar(bytes: Uint8Array): Promise<string[]> {
    const car = await readDagCar(bytes);
    const checked = await encodeCar(car.roots, car.blocks);
    const results = await this.request("Cannot import the CAR file", async (signal) => {
      const roots: { cid: CID; pinErrorMsg?: string }[] = [];
      for await (const result of this.client.dag.import([checked], { pinRoots: true, signal })) roots.push(result.root);
      return roots;
    });

    for (const root of car.roots) {
      const result = results.find((candidate) => candidate.cid.equals(root));
      if (result === undefined || (result.pinErrorMsg ?? "") !== "") {
        const reason = result === undefined ? "it is missing from the response" : result.pinErrorMsg;
        // NOTE: the node pins each root on its own, so other roots of the file may stay pinned
        // although this call fails.
        throw new Error(`Cannot import the CAR file: the Kubo RPC API at ${this.url} did not pin ${root}: ${reason}.`);
      }
    }
    return car.roots.map((root) => cidToText(hexlify(root.bytes)));
  }

  /**
   * Runs one request with the timeout, and turns its failure into an error that starts with `action`.
   *
   * @throws StoreUnreachableError when the node cannot be reached or does not respond in time.
   */
  private async request<T>(action: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await run(AbortSignal.timeout(this.timeoutMs));
    } catch (error) {
      throw rpcFailureError(`${action} on the Kubo RPC API at ${this.url}`, error, this.timeoutMs);
    }
  }

  private checkAddedCid(actual: CID, expected: CID, cidVersion: CidVersion, source: string, advice = ""): string {
    if (!actual.equals(expected)) {
      throw new Error(
        `The Kubo RPC API at ${this.url} returned ${actual} for ${source}, but Kubo's default layout gives ` +
          `${expected} (CIDv${cidVersion}, 256 KiB chunks, balanced DAG, sha2-256). The node adds content ` +
          "differently: check its version and its Import settings (`ipfs config Import`)." +
          advice,
      );
    }
    return cidToText(hexlify(actual.bytes));
  }
}

function sameMultihash(a: CID, b: CID): boolean {
  return Buffer.from(a.multihash.bytes).equals(Buffer.from(b.multihash.bytes));
}
