import { mkdir, readdir, readFile, rmdir, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";

import { TEMPORARY_SUFFIX, syncFolder, writeFileAtomic } from "../files/atomicFile";
import { checkDocumentId, checkKeyId } from "./ids";
import type { KeyStore } from "./keyStore";

/** Folder of the key store when its constructor gets none: `.coop-data/keys` at the project root. */
export const DEFAULT_KEY_STORE_DIRECTORY = resolve(__dirname, "..", "..", ".coop-data", "keys");

/** Permission bits of the store's folders: owner only. */
export const FOLDER_MODE = 0o700;

/** Permission bits of the wrapped key files: owner read and write only. */
export const FILE_MODE = 0o600;

const KEY_FILE = /^([0-9a-f]{64})\.key$/;

const MAX_WRITE_ATTEMPTS = 3;

/**
 * Key store that keeps each wrapped key in its own file on disk:
 * `<directory>/<document id>/<recipient key id>.key`, both ids in hex without `0x`.
 *
 * Each file is written to a temporary file in the same folder and renamed into place (see
 * `writeFileAtomic`), so a reader never sees a partly written key, even while other processes
 * write to the same store. Folders are created with mode 0700 and files with mode 0600, so other
 * users of the machine cannot read them, and the folders are created on the first write.
 *
 * NOTE: deleting unlinks the files and flushes the folder. The file system may still hold the
 * bytes in free blocks, journals, snapshots or backups, as docs/envelope.md lists.
 */
export class FileKeyStore implements KeyStore {
  constructor(readonly directory: string = DEFAULT_KEY_STORE_DIRECTORY) {}

  async put(documentId: string, recipientId: string, wrappedKey: Uint8Array): Promise<void> {
    const folder = this.folderOf(documentId);
    const path = this.pathOf(documentId, recipientId);
    if (!(wrappedKey instanceof Uint8Array) || wrappedKey.length === 0) {
      throw new TypeError(`Invalid wrapped key for ${path}: expected a non-empty Uint8Array.`);
    }
    // deleteAll in another process may remove the folder between mkdir and the write, so retry then.
    for (let attempt = 1; ; attempt++) {
      await mkdir(folder, { recursive: true, mode: FOLDER_MODE });
      try {
        await writeFileAtomic(path, wrappedKey, { mode: FILE_MODE });
        return;
      } catch (error) {
        if (!isNotFound(error) || attempt === MAX_WRITE_ATTEMPTS) throw error;
      }
    }
  }

  async get(documentId: string, recipientId: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.pathOf(documentId, recipientId)));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async listRecipients(documentId: string): Promise<string[]> {
    const names = await this.namesIn(this.folderOf(documentId));
    const recipients: string[] = [];
    for (const name of names) {
      const match = KEY_FILE.exec(name);
      if (match !== null) recipients.push(`0x${match[1]}`);
    }
    return recipients.sort();
  }

  async delete(documentId: string, recipientId: string): Promise<boolean> {
    const path = this.pathOf(documentId, recipientId);
    try {
      await unlink(path);
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
    await this.removeFolderIfEmpty(documentId);
    return true;
  }

  /**
   * Deletes the document's key files, and the temporary files that an interrupted write left
   * beside them, then the document's folder when nothing else is in it.
   */
  async deleteAll(documentId: string): Promise<number> {
    const folder = this.folderOf(documentId);
    let deleted = 0;
    for (const name of await this.namesIn(folder)) {
      const isKey = KEY_FILE.test(name);
      if (!isKey && !name.endsWith(TEMPORARY_SUFFIX)) continue;
      try {
        await unlink(join(folder, name));
        if (isKey) deleted++;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    await this.removeFolderIfEmpty(documentId);
    return deleted;
  }

  /** Returns the folder of a document's wrapped keys. */
  folderOf(documentId: string): string {
    return join(this.directory, checkDocumentId(documentId).slice(2));
  }

  /** Returns the file of a recipient's wrapped key for a document. */
  pathOf(documentId: string, recipientId: string): string {
    return join(this.folderOf(documentId), `${checkKeyId(recipientId).slice(2)}.key`);
  }

  private async namesIn(folder: string): Promise<string[]> {
    try {
      return await readdir(folder);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }

  /** Removes a document's folder once it is empty, and flushes the deletions to disk. */
  private async removeFolderIfEmpty(documentId: string): Promise<void> {
    const folder = this.folderOf(documentId);
    try {
      await rmdir(folder);
      await syncFolder(this.directory);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOTEMPTY" || code === "EEXIST") {
        await syncFolder(folder);
        return;
      }
      if (code !== "ENOENT") throw error;
    }
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === "ENOENT";
}
