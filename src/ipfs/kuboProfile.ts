import { type ImporterOptions } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";

import type { CidVersion } from "./contentStore";

/** Size of each chunk of a file, in bytes: Kubo's default chunker, `size-262144` in `ipfs add --help`. */
export const KUBO_CHUNK_SIZE = 262_144;

/**
 * Maximum number of links in one node of the balanced DAG: `DefaultLinksPerBlock` of the UnixFS
 * importer that Kubo uses, 8192 / 47 rounded down.
 */
export const KUBO_MAX_CHILDREN_PER_NODE = 174;

/**
 * Returns UnixFS importer options that give the CIDs of Kubo's `ipfs add` with its default
 * settings: a fixed-size chunker of {@link KUBO_CHUNK_SIZE} bytes, a balanced DAG of at most
 * {@link KUBO_MAX_CHILDREN_PER_NODE} links per node and sha2-256 hashes.
 *
 * Version 1 matches `ipfs add --cid-version=1`, which also turns on `--raw-leaves` ("Passing
 * version 1 will cause the raw-leaves option to default to true", says `ipfs add --help`), so each
 * chunk is a raw block. Version 0 matches plain `ipfs add`: each chunk is a dag-pb node that wraps
 * the data in a UnixFS `file` entry. In both, a file of one chunk or less is that chunk's block
 * alone.
 *
 * Every option that changes a CID is set here, so a new default in the importer cannot change
 * them. The importer hashes every block with sha2-256 and offers no option for it.
 */
export function kuboImporterOptions(cidVersion: CidVersion): ImporterOptions {
  return {
    cidVersion,
    rawLeaves: cidVersion === 1,
    leafType: "file",
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: KUBO_CHUNK_SIZE }),
    layout: balanced({ maxChildrenPerNode: KUBO_MAX_CHILDREN_PER_NODE }),
    fieldOrder: "links-first",
    wrapWithDirectory: false,
  };
}
