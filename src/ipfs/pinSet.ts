import { mkdir, readdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

const PIN_FILE = /^([0-9a-f]+)\.pin$/;

/**
 * Set of pinned CIDs kept on disk as one empty file per pin, `<directory>/<hex>.pin`, where hex is
 * the binary CID in lowercase hex. Creating or deleting one file is atomic, so processes that pin
 * and unpin at the same time lose no update. The names are hex rather than base58 text so that they
 * stay distinct on file systems that ignore case.
 *
 * CIDs go in and out as 0x-prefixed hex of their binary form, which the caller has checked.
 */
export class PinSet {
  constructor(readonly directory: string) {}

  /** Adds a pin. Adding a CID that is already pinned changes nothing. */
  async add(binaryHex: string): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await writeFile(this.pathOf(binaryHex), "");
  }

  /** Removes a pin, and returns false when the CID was not pinned. */
  async remove(binaryHex: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(binaryHex));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Returns the pinned CIDs, sorted by their hex. */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }

    const pins: string[] = [];
    for (const name of names) {
      const match = PIN_FILE.exec(name);
      if (match !== null) pins.push(`0x${match[1]}`);
    }
    return pins.sort();
  }

  private pathOf(binaryHex: string): string {
    return join(this.directory, `${binaryHex.slice(2).toLowerCase()}.pin`);
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === "ENOENT";
}
