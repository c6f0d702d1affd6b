import type { CID } from "multiformats/cid";

import { BlockVerificationError, verifyBlock } from "./blockVerification";
import { type Block, type BlockSource, collectDagBlocks } from "./dagWalk";
import { loadCar } from "./esModules";

/** Content of a CAR file after `readDagCar` checked it. */
export interface VerifiedCar {
  /** Roots from the CAR header, in their order. */
  roots: CID[];
  /** Every block of the roots' DAGs, each once. Blocks of the CAR that no root links to are left out. */
  blocks: Block[];
}

/**
 * Writes a CARv1 file with `root` as its only root and every block of its DAG, in the order of
 * `collectDagBlocks`: the root first, then depth-first. The same DAG always gives the same bytes.
 *
 * @throws Error from `getBlock` when a block is missing or corrupt, or from `collectDagBlocks`.
 */
export async function writeDagCar(root: CID, getBlock: BlockSource): Promise<Uint8Array> {
  return encodeCar([root], await collectDagBlocks(root, getBlock));
}

/** Encodes a CARv1 file with these roots and blocks, in this order. */
export async function encodeCar(roots: CID[], blocks: Block[]): Promise<Uint8Array> {
  const { CarWriter } = await loadCar();
  const { writer, out } = CarWriter.create(roots);

  // The writer waits for each part to be read from `out`, so the reader runs alongside it.
  const parts: Uint8Array[] = [];
  const reading = (async () => {
    for await (const part of out) parts.push(part);
  })();
  for (const block of blocks) await writer.put(block);
  await writer.close();
  await reading;
  return Buffer.concat(parts);
}

/**
 * Decodes a CAR file (version 1 or 2) and checks it, so that a caller can store its blocks knowing
 * they are sound. The header must name at least one root. Every block must match its CID, which
 * must use sha2-256. Every block of each root's DAG must be in the file.
 *
 * @throws Error naming the block that does not match its CID or is missing, or saying why the
 * file is not a CAR.
 */
export async function readDagCar(bytes: Uint8Array): Promise<VerifiedCar> {
  const { CarBlockIterator } = await loadCar();
  let roots: CID[];
  const blocks = new Map<string, Block>();
  try {
    const iterator = await CarBlockIterator.fromBytes(bytes);
    roots = await iterator.getRoots();
    for await (const block of iterator) {
      verifyBlock(block.cid, block.bytes, "its bytes in the CAR", "The CAR file is corrupt: export it again.");
      blocks.set(block.cid.toString(), block);
    }
  } catch (error) {
    if (error instanceof BlockVerificationError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Invalid CAR file of ${bytes.length} bytes: ${reason}.`, { cause: error });
  }

  if (roots.length === 0) {
    throw new Error("Invalid CAR file: its header lists no root, so there is no content to pin.");
  }

  const reachable = new Map<string, Block>();
  for (const root of roots) {
    const getBlock = async (cid: CID): Promise<Uint8Array> => {
      const block = blocks.get(cid.toString());
      if (block === undefined) {
        throw new Error(
          `Block ${cid} of root ${root} is missing from the CAR file: export the root's whole DAG, ` +
            "as `ipfs dag export` does.",
        );
      }
      return block.bytes;
    };
    for (const block of await collectDagBlocks(root, getBlock)) reachable.set(block.cid.toString(), block);
  }
  return { roots, blocks: [...reachable.values()] };
}
