import { randomUUID } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes `bytes` to `path` through a temporary file in the same folder, which is flushed to disk
 * and then renamed to `path`. A failure or a crash leaves either no file at `path` or the complete
 * one, never a partial file, and the temporary file is deleted on failure.
 *
 * NOTE: the rename replaces a file that appeared at `path` after the caller checked that it was
 * free. The callers check first so that an existing file is reported, not replaced.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporaryPath = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
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
}
