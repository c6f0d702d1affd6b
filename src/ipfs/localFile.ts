import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";

/** Checks that `path` is a regular file before a store adds it. */
export async function checkRegularFile(path: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`File not found: ${path}.`);
    throw error;
  }
  if (!isFile) throw new Error(`Cannot add ${path}: expected a regular file.`);
}

/**
 * Reads the file at `path` in chunks and passes the number of bytes read so far to `onRead` after
 * each chunk, so that a caller can show progress on a large file.
 */
export async function* readFileChunks(path: string, onRead?: (bytesRead: number) => void): AsyncGenerator<Uint8Array> {
  let bytesRead = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    bytesRead += bytes.length;
    onRead?.(bytesRead);
    yield bytes;
  }
}
