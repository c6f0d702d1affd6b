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
