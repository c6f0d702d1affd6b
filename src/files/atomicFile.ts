import { randomUUID } from "node:crypto";
import { link, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Options of `writeFileAtomic`. */
export interface AtomicWriteOptions {
  /** Permission bits of the new file, before the process's umask removes any. Defaults to 0o600. */
  mode?: number;
  /** Whether to replace a file that already exists at the path. Defaults to true. */
  overwrite?: boolean;
}

/** Suffix of the temporary files that `writeFileAtomic` creates, which readers of a folder skip. */
export const TEMPORARY_SUFFIX = ".tmp";

/**
 * Writes a file so that readers see either its old content or all of its new content: the bytes
 * go to a temporary file in the same folder, which is flushed to disk and then renamed onto the
 * path. The folder is flushed too, so that the rename survives a crash where the system allows it.
 * The folder must exist.
 *
 * When `overwrite` is false, the temporary file is hard-linked to the path instead, which fails
 * with EEXIST when a file is already there, with no window for another writer in between.
 *
 * @throws Error from the file system, with code EEXIST when `overwrite` is false and the path exists.
 */
export async function writeFileAtomic(
  path: string,
  bytes: Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const folder = dirname(path);
  const temporaryPath = join(folder, `.${basename(path)}.${randomUUID()}${TEMPORARY_SUFFIX}`);
  try {
    const handle = await open(temporaryPath, "wx", options.mode ?? 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite ?? true) {
      await rename(temporaryPath, path);
    } else {
      await link(temporaryPath, path);
      await unlink(temporaryPath);
    }
  } catch (error) {
    await unlink(temporaryPath).catch(() => undefined);
    throw error;
  }
  await syncFolder(folder);
}

/**
 * Flushes a folder's entries to disk, so that a file created, renamed or deleted in it stays so
 * after a crash.
 */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, "r");
  } catch (error) {
    // Windows cannot open a folder as a file, so there the file system alone decides when entries reach the disk.
    if ((error as NodeJS.ErrnoException).code === "EISDIR" || (error as NodeJS.ErrnoException).code === "EPERM") return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
