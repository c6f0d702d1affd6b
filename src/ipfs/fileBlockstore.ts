import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";

import type { ReadableStorage } from "ipfs-unixfs-exporter";
import type { WritableStorage } from "ipfs-unixfs-importer";
import { base32upper } from "multiformats/bases/base32";
import type { CID } from "multiformats/cid";

import { BlockVerificationError, verifyBlock } from "./blockVerification";

export { BlockVerificationError } from "./blockVerification";

/** Error raised when a block is not in the blockstore. */
export class BlockNotFoundError extends Error {
  override readonly name = "BlockNotFoundError";
}

/**
 * Blockstore that keeps one file per block on disk and checks every block against its CID, both
 * when it stores the block and when it reads it back.
 *
 * A block is stored under its multihash, so CIDs that differ only in version or codec share one
 * file. The file is `<directory>/<shard>/<KEY>.data`, where KEY is the multihash in uppercase
 * base32 without padding and the shard is the two characters before the last one of KEY, as in
 * Kubo's flatfs datastore with its default `next-to-last/2` sharding. Each block is written to a
 * temporary file in the same folder, flushed, then renamed into place, so a reader never sees a
 * partly written block, even while several processes write the same folder.
 *
 * NOTE: only sha2-256 CIDs are accepted, the hash function of every block that the UnixFS
 * importer writes.
 */
export class FileBlockstore implements WritableStorage, ReadableStorage {
  constructor(readonly directory: string) {}

  /**
   * Stores a block under its CID. A file that is already stored is read and checked against the
   * CID first, and a corrupt or truncated one is replaced, so that adding or importing the content
   * again repairs it.
   */
  async put(cid: CID, block: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<CID> {
    const bytes = await concatenate(block);
    verifyBlock(cid, bytes, "the block to store", "The caller computed a wrong CID.");

    const path = this.pathOf(cid);
    if (await isStoredIntact(cid, path)) return cid;

    const folder = join(path, "..");
    await mkdir(folder, { recursive: true });
    const temporaryPath = join(folder, `.${randomUUID()}.tmp`);
    try {
      const handle = await open(temporaryPath, "wx");
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporaryPath, path);
    } catch (error) {
      await unlink(temporaryPath).catch(() => undefined);
      throw error;
    }
    return cid;
  }

  /**
   * Reads a block and yields it once it has been checked against its CID.
   *
   * @throws BlockNotFoundError when the block is not stored.
   * @throws BlockVerificationError when the stored bytes do not match the CID.
   */
  async *get(cid: CID): AsyncGenerator<Uint8Array> {
    const path = this.pathOf(cid);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if (isNotFound(error)) throw new BlockNotFoundError(`Block ${cid} not found: no file ${path}.`);
      throw error;
    }
    verifyBlock(cid, bytes, path, "The file is corrupt: add the content again, or import its CAR file, to replace it.");
    yield bytes;
  }

  /** Returns whether the block is stored, without reading or checking it. */
  async has(cid: CID): Promise<boolean> {
    return fileExists(this.pathOf(cid));
  }

  /** Returns the path of the file that stores the block with this CID. */
  pathOf(cid: CID): string {
    const key = base32upper.encode(cid.multihash.bytes).slice(base32upper.prefix.length);
    return join(this.directory, key.slice(-3, -1), `${key}.data`);
  }
}

async function concatenate(block: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (block instanceof Uint8Array) return block;
  const parts: Uint8Array[] = [];
  for await (const part of block) parts.push(part);
  return Buffer.concat(parts);
}

/** Returns whether the file at `path` exists and its bytes match `cid`. */
async function isStoredIntact(cid: CID, path: string): Promise<boolean> {
  let stored: Uint8Array;
  try {
    stored = await readFile(path);
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  try {
    verifyBlock(cid, stored, path, "");
    return true;
  } catch (error) {
    if (error instanceof BlockVerificationError) return false;
    throw error;
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === "ENOENT";
}
