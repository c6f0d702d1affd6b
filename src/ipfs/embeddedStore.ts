import { join, resolve } from "node:path";

import { hexlify } from "ethers";
// These two packages are ES modules only, and this CommonJS module loads them with require(), which
// Node.js allows by default from 20.19 on (through their `module-sync` export condition).
import { importByteStream, importBytes } from "ipfs-unixfs-importer";
import type { CID } from "multiformats/cid";

import { readDagCar, writeDagCar } from "./car";
import { cidToText, decodeCidText } from "./cidText";
import { type AddOptions, type ContentStore, cidVersionOf } from "./contentStore";
import { FileBlockstore } from "./fileBlockstore";
import { kuboImporterOptions } from "./kuboProfile";
import { checkRegularFile, readFileChunks } from "./localFile";
import { PinSet } from "./pinSet";
import { readFileContent } from "./unixfsFile";

/** Folder of the store when its constructor gets none: `.coop-data/ipfs` at the project root. */
export const DEFAULT_STORE_DIRECTORY = resolve(__dirname, "..", "..", ".coop-data", "ipfs");

/**
 * Content store that keeps IPFS blocks and pins in a folder on disk, with no IPFS daemon.
 *
 * Content is chunked and linked as Kubo's `ipfs add` does (see `kuboImporterOptions`), so a file
 * gets the same CID here as in Kubo. Blocks go to `<directory>/blocks` and pins to
 * `<directory>/pins`, and the folders are created on the first write.
 *
 * NOTE: nothing deletes blocks. Unpinning removes only the pin, because the store has no garbage
 * collection yet.
 */
export class EmbeddedStore implements ContentStore {
  private readonly blocks: FileBlockstore;
  private readonly pins: PinSet;

  constructor(readonly directory: string = DEFAULT_STORE_DIRECTORY) {
    this.blocks = new FileBlockstore(join(directory, "blocks"));
    this.pins = new PinSet(join(directory, "pins"));
  }

  async add(bytes: Uint8Array, options?: AddOptions): Promise<string> {
    const result = await importBytes(bytes, this.blocks, kuboImporterOptions(cidVersionOf(options)));
    return result.cid.toString();
  }

  /** @throws Error when `path` is missing or is not a regular file. */
  async addFile(path: string, options?: AddOptions): Promise<string> {
    const importerOptions = kuboImporterOptions(cidVersionOf(options));
    await checkRegularFile(path);
    const result = await importByteStream(readFileChunks(path, options?.onRead), this.blocks, importerOptions);
    return result.cid.toString();
  }

  /** @throws Error naming `cid` when a block is missing or corrupt, or when the CID is not a file. */
  async cat(cid: string): Promise<Uint8Array> {
    const root = decodeCidText(cid);
    const chunks: Uint8Array[] = [];
    await this.readContent(root, (chunk) => chunks.push(chunk));
    return Buffer.concat(chunks);
  }

  /** Pins `cid` after reading all its blocks, so it fails as `cat` does when the content is incomplete. */
  async pin(cid: string): Promise<void> {
    const root = decodeCidText(cid);
    await this.readContent(root, () => undefined);
    await this.pins.add(hexOf(root));
  }

  /** @throws Error naming `cid` when it is not pinned. */
  async unpin(cid: string): Promise<void> {
    const root = decodeCidText(cid);
    if (!(await this.pins.remove(hexOf(root)))) {
      throw new Error(`Cannot unpin ${root}: it is not pinned in ${this.directory}.`);
    }
  }

  async listPins(): Promise<string[]> {
    const pins = await this.pins.list();
    return pins.map((binaryHex) => cidToText(binaryHex));
  }

  /** @throws Error naming `cid` and the block that is missing or corrupt. */
  async exportCar(cid: string): Promise<Uint8Array> {
    const root = decodeCidText(cid);
    try {
      return await writeDagCar(root, (blockCid) => this.readBlock(blockCid));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot export ${root} from ${this.directory}: ${reason}`, { cause: error });
    }
  }

  /**
   * Stores the blocks of the roots' DAGs, then pins the roots. The DAGs need not be UnixFS files,
   * though `cat` reads files only.
   */
  async importCar(bytes: Uint8Array): Promise<string[]> {
    const car = await readDagCar(bytes);
    for (const block of car.blocks) await this.blocks.put(block.cid, block.bytes);
    for (const root of car.roots) await this.pins.add(hexOf(root));
    return car.roots.map((root) => cidToText(hexOf(root)));
  }

  /** Passes the content of a file to `onChunk` in order, as each of its blocks is read and verified. */
  private async readContent(root: CID, onChunk: (chunk: Uint8Array) => void): Promise<void> {
    try {
      await readFileContent(root, this.blocks, onChunk);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot read ${root} from ${this.directory}: ${reason}`, { cause: error });
    }
  }

  private async readBlock(cid: CID): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const part of this.blocks.get(cid)) parts.push(part);
    return Buffer.concat(parts);
  }
}

function hexOf(cid: CID): string {
  return hexlify(cid.bytes);
}
