import type { CID } from "multiformats/cid";

import { loadDagPb } from "./esModules";

/** Multicodec code of DAG-PB, the codec of UnixFS nodes. */
const DAG_PB = 0x70;
/** Multicodec code of raw blocks, the leaves of a CIDv1 file. */
const RAW = 0x55;

/** A block of a DAG: its CID and its bytes. */
export interface Block {
  cid: CID;
  bytes: Uint8Array;
}

/** Source of the bytes of a block, which fails when the block is missing or does not match its CID. */
export type BlockSource = (cid: CID) => Promise<Uint8Array>;

/**
 * Returns every block of the DAG under `root`, each once, in depth-first order from the root with
 * the links of each node in their order, the order in which a reader walks a UnixFS file.
 *
 * Only DAG-PB and raw blocks are walked, the two codecs of the UnixFS DAGs that the stores write.
 *
 * @throws Error naming the block when it has another codec or is not valid DAG-PB, and whatever
 * `getBlock` throws for a missing or corrupt block.
 */
export async function collectDagBlocks(root: CID, getBlock: BlockSource): Promise<Block[]> {
  const dagPb = await loadDagPb();
  const blocks: Block[] = [];
  const seen = new Set<string>();
  // A stack of CIDs still to visit, with each node's links pushed in reverse so the first is next.
  const pending: CID[] = [root];

  while (pending.length > 0) {
    const cid = pending.pop() as CID;
    const key = cid.toString();
    if (seen.has(key)) continue;
    seen.add(key);

    const bytes = await getBlock(cid);
    blocks.push({ cid, bytes });

    if (cid.code === RAW) continue;
    if (cid.code !== DAG_PB) {
      throw new Error(
        `Block ${cid} has codec 0x${cid.code.toString(16)}, but only DAG-PB (0x70) and raw (0x55) ` +
          "blocks can be walked: the stores hold UnixFS content only.",
      );
    }

    let links: CID[];
    try {
      links = dagPb.decode(bytes).Links.map((link) => link.Hash);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Block ${cid} is not valid DAG-PB: ${reason}.`, { cause: error });
    }
    for (let i = links.length - 1; i >= 0; i--) pending.push(links[i]);
  }
  return blocks;
}
