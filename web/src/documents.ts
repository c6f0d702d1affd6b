import { CarReader } from "@ipld/car";
import { exporter } from "ipfs-unixfs-exporter";
import { CID } from "multiformats/cid";

import { IPFS_URI_SCHEME } from "../../src/ipfs/cidText";

/** Fetch mode of documents: one CAR file (`?format=car`), or each block on its own (`?format=raw`). */
export type FetchMode = "car" | "raw";

/** Error for a block whose bytes do not match its CID: the document must not be shown. */
export class BlockMismatchError extends Error {
  override readonly name = "BlockMismatchError";
  constructor(readonly cid: string) {
    super(`Block ${cid} does not match its CID.`);
  }
}

/** Error for a gateway that cannot be reached, or that responds without the content. */
export class GatewayError extends Error {
  override readonly name = "GatewayError";
}

/** Multihash codes that the page can verify: identity (the bytes are in the CID) and sha2-256. */
const IDENTITY = 0x00;
const SHA2_256 = 0x12;

/** Returns the CID text of an `ipfs://` URI. */
export function cidOfUri(uri: string): string {
  return uri.startsWith(IPFS_URI_SCHEME) ? uri.slice(IPFS_URI_SCHEME.length) : uri;
}

/**
 * Fetches the UnixFS file `cidText` from `gateway` and returns its bytes. Every block is checked
 * against its CID before the file is rebuilt from it, so a gateway cannot change a single byte.
 *
 * @throws BlockMismatchError for a block that does not match its CID.
 * @throws GatewayError when the gateway cannot be reached or lacks a block.
 */
export async function fetchDocument(gateway: string, cidText: string, mode: FetchMode): Promise<Uint8Array> {
  const root = CID.parse(cidText);
  const blocks = mode === "car" ? await carBlockstore(gateway, root) : rawBlockstore(gateway);
  const entry = await exporter(root, blocks);
  if (entry.type !== "file" && entry.type !== "raw" && entry.type !== "identity") {
    throw new GatewayError(`${cidText} is a UnixFS ${entry.type}, not a file.`);
  }
  const chunks: Uint8Array[] = [];
  for await (const chunk of entry.content()) chunks.push(chunk);
  return concat(chunks);
}

/** Returns the verified bytes of a block. */
type BlockSource = (cid: CID) => Promise<Uint8Array>;

/** Blockstore that the exporter reads: `get` yields the verified bytes of one block, as the exporter expects. */
interface VerifiedBlockstore {
  get(cid: CID): AsyncGenerator<Uint8Array>;
}

function blockstore(source: BlockSource): VerifiedBlockstore {
  return {
    get: async function* (cid: CID) {
      yield await source(cid);
    },
  };
}

/** Fetches the CAR of `root`, verifies every block in it, and returns a blockstore of those blocks. */
async function carBlockstore(gateway: string, root: CID): Promise<VerifiedBlockstore> {
  const bytes = await fetchBytes(`${gateway}/ipfs/${root}?format=car`, "application/vnd.ipld.car");
  const reader = await CarReader.fromBytes(bytes);
  const verified = new Map<string, Uint8Array>();
  for await (const block of reader.blocks()) {
    await verifyBlock(block.cid, block.bytes);
    verified.set(block.cid.toString(), block.bytes);
  }
  return blockstore(async (cid) => {
    const block = verified.get(cid.toString());
    if (block === undefined) throw new GatewayError(`The CAR file from the gateway lacks block ${cid}.`);
    return block;
  });
}

/** Returns a blockstore that fetches each block with `?format=raw` and verifies it before returning it. */
function rawBlockstore(gateway: string): VerifiedBlockstore {
  return blockstore(async (cid) => {
    const bytes = await fetchBytes(`${gateway}/ipfs/${cid}?format=raw`, "application/vnd.ipld.raw");
    await verifyBlock(cid, bytes);
    return bytes;
  });
}

/**
 * Time allowed for one gateway request, headers and body, in milliseconds. A gateway that accepts
 * the connection and then never responds would otherwise leave the document loading forever.
 */
export const GATEWAY_TIMEOUT_MS = 30_000;

async function fetchBytes(url: string, accept: string): Promise<Uint8Array> {
  try {
    const response = await fetch(url, { headers: { Accept: accept }, signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS) });
    if (!response.ok) throw new GatewayError(`${url}: HTTP ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    if (error instanceof DOMException && error.name === "TimeoutError") {
      throw new GatewayError(`${url}: timed out after ${GATEWAY_TIMEOUT_MS / 1000} s`, { cause: error });
    }
    throw new GatewayError(`${url}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Checks `bytes` against `cid` with WebCrypto, because node:crypto, which src/ipfs/blockVerification.ts
 * uses, is not in the browser.
 *
 * @throws BlockMismatchError when the digest differs or the CID uses a hash the page cannot check.
 */
export async function verifyBlock(cid: CID, bytes: Uint8Array): Promise<void> {
  const { code, digest } = cid.multihash;
  let actual: Uint8Array;
  if (code === SHA2_256) {
    actual = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  } else if (code === IDENTITY) {
    actual = bytes;
  } else {
    throw new BlockMismatchError(cid.toString());
  }
  if (!equalBytes(actual, digest)) throw new BlockMismatchError(cid.toString());
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const result = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

/** Decodes `bytes` as UTF-8 text, or returns undefined when they are not UTF-8. */
export function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
