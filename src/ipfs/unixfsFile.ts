import { type ReadableStorage, exporter } from "ipfs-unixfs-exporter";
import type { CID } from "multiformats/cid";

/**
 * Passes the content of the UnixFS file or raw block `root` to `onChunk` in order, as the exporter
 * reads each block from `blockstore`. The blockstore is what checks each block against its CID.
 *
 * @throws Error when a block is missing or corrupt, or when `root` is a directory or symbolic link.
 */
export async function readFileContent(
  root: CID,
  blockstore: ReadableStorage,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  const entry = await exporter(root, blockstore);
  if (entry.type !== "file" && entry.type !== "raw" && entry.type !== "identity") {
    throw new Error(`its content is a UnixFS ${entry.type}, but this store reads files only`);
  }
  for await (const chunk of entry.content()) onChunk(chunk);
}
