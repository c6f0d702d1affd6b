import { type ImporterOptions, importByteStream, importBytes } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import type { CID } from "multiformats/cid";

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

/**
 * Flags of Kubo's `/api/v0/add` that give the CIDs of {@link kuboImporterOptions}, named as in
 * `kubo-rpc-client` (`cidVersion` is sent as `cid-version`, and so on).
 */
export interface KuboAddFlags {
  cidVersion: CidVersion;
  rawLeaves: boolean;
  chunker: string;
  trickle: false;
  hashAlg: "sha2-256";
  wrapWithDirectory: false;
}

/**
 * Returns the `/api/v0/add` flags that make a Kubo node add content as {@link kuboImporterOptions}
 * does. Each flag is sent even where it is Kubo's default, so that the node's own defaults (its
 * `Import` settings) do not decide the CID. `raw-leaves` follows the CID version, as in Kubo.
 */
export function kuboAddFlags(cidVersion: CidVersion): KuboAddFlags {
  return {
    cidVersion,
    rawLeaves: cidVersion === 1,
    chunker: `size-${KUBO_CHUNK_SIZE}`,
    trickle: false,
    hashAlg: "sha2-256",
    wrapWithDirectory: false,
  };
}

/**
 * Computes the CID that Kubo's `ipfs add` gives `content` with the settings of
 * {@link kuboImporterOptions}, and stores no block.
 */
export async function computeKuboCid(
  content: Uint8Array | AsyncIterable<Uint8Array>,
  cidVersion: CidVersion,
): Promise<CID> {
  const discard = { put: async (cid: CID) => cid };
  const options = kuboImporterOptions(cidVersion);
  const result =
    content instanceof Uint8Array
      ? await importBytes(content, discard, options)
      : await importByteStream(content, discard, options);
  return result.cid;
}
