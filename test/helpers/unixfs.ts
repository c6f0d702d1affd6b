import { createHash } from "node:crypto";

import { getBytes } from "ethers";

import { MULTICODEC, cidV1, encodeCidV0Text, encodeCidV1Text, encodeVarint } from "./cid";

/**
 * A test oracle for the CIDs of Kubo's `ipfs add`, written from the DAG-PB and UnixFS specifications
 * with no IPFS library, so that the store's CIDs are checked against an independent computation.
 */

/** Chunk size of Kubo's default chunker, `size-262144`, in bytes. */
export const CHUNK_SIZE = 262_144;

/** Maximum number of links per node in Kubo's balanced layout. */
export const MAX_LINKS = 174;

/** UnixFS `Data.DataType` of a file. */
const UNIXFS_FILE = 2;

/** A node of a file's DAG, as its parent links to it. */
interface DagNode {
  /** Binary CID. */
  cid: Uint8Array;
  /** Cumulative size in bytes of the node's block and of every block below it: the link's `Tsize`. */
  cumulativeSize: number;
  /** Number of file bytes under the node: its entry in the parent's `blocksizes`. */
  fileSize: number;
}

/** Returns the bytes of a file whose byte i is i modulo 251, so consecutive 256 KiB chunks differ. */
export function patternBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = i % 251;
  return bytes;
}

/** Returns the sha2-256 digest of `bytes`. */
export function sha256Bytes(bytes: Uint8Array): Uint8Array {
  return createHash("sha256").update(bytes).digest();
}

/** Returns the text of the CIDv1 that codes `bytes` as one raw block (codec 0x55, sha2-256). */
export function rawBlockCid(bytes: Uint8Array): string {
  return encodeCidV1Text(cidV1(MULTICODEC.raw, MULTICODEC.sha2_256, sha256Bytes(bytes)));
}

/**
 * Returns the CID text that Kubo's `ipfs add` gives `content` with its default chunker and balanced
 * layout: `--cid-version=1` (raw leaves) for version 1, and no flag (dag-pb leaves) for version 0.
 */
export function kuboFileCid(content: Uint8Array, version: 0 | 1): string {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < content.length; offset += CHUNK_SIZE) {
    chunks.push(content.subarray(offset, offset + CHUNK_SIZE));
  }
  if (chunks.length === 0) chunks.push(new Uint8Array(0));

  // The balanced layout fills each node with MAX_LINKS children from left to right, which is the
  // same as grouping each level in runs of MAX_LINKS until one node is left. One chunk alone is
  // the whole file.
  let level = chunks.map((chunk) => (version === 1 ? rawLeaf(chunk) : dagPbLeaf(chunk)));
  while (level.length > 1) {
    const parents: DagNode[] = [];
    for (let start = 0; start < level.length; start += MAX_LINKS) {
      parents.push(fileNode(level.slice(start, start + MAX_LINKS), version));
    }
    level = parents;
  }

  const root = level[0].cid;
  return version === 1 ? encodeCidV1Text(root) : encodeCidV0Text(root);
}

function rawLeaf(chunk: Uint8Array): DagNode {
  const cid = getBytes(cidV1(MULTICODEC.raw, MULTICODEC.sha2_256, sha256Bytes(chunk)));
  return { cid, cumulativeSize: chunk.length, fileSize: chunk.length };
}

function dagPbLeaf(chunk: Uint8Array): DagNode {
  const block = pbNode([], unixfsFile(chunk, chunk.length, []));
  return { cid: dagPbCid(block, 0), cumulativeSize: block.length, fileSize: chunk.length };
}

function fileNode(children: DagNode[], version: 0 | 1): DagNode {
  const fileSize = children.reduce((sum, child) => sum + child.fileSize, 0);
  const data = unixfsFile(
    new Uint8Array(0),
    fileSize,
    children.map((child) => child.fileSize),
  );
  const block = pbNode(children, data);
  const cumulativeSize = children.reduce((sum, child) => sum + child.cumulativeSize, block.length);
  return { cid: dagPbCid(block, version), cumulativeSize, fileSize };
}

function dagPbCid(block: Uint8Array, version: 0 | 1): Uint8Array {
  const digest = sha256Bytes(block);
  if (version === 0) return Buffer.concat([varint(MULTICODEC.sha2_256), varint(32), digest]);
  return getBytes(cidV1(MULTICODEC.dagPb, MULTICODEC.sha2_256, digest));
}

/**
 * Encodes a UnixFS `Data` message of type file: `Type` (1), `Data` (2) when not empty, `filesize` (3)
 * and one unpacked `blocksizes` (4) entry per child.
 */
function unixfsFile(data: Uint8Array, fileSize: number, blockSizes: number[]): Uint8Array {
  const fields = [varintField(1, UNIXFS_FILE)];
  if (data.length > 0) fields.push(bytesField(2, data));
  fields.push(varintField(3, fileSize));
  for (const size of blockSizes) fields.push(varintField(4, size));
  return Buffer.concat(fields);
}

/**
 * Encodes a DAG-PB `PBNode` in its canonical order, the links (2) before the data (1). Each
 * `PBLink` has its `Hash` (1), an empty `Name` (2) and its `Tsize` (3).
 */
function pbNode(links: DagNode[], data: Uint8Array): Uint8Array {
  const fields = links.map((link) =>
    bytesField(
      2,
      Buffer.concat([bytesField(1, link.cid), bytesField(2, new Uint8Array(0)), varintField(3, link.cumulativeSize)]),
    ),
  );
  fields.push(bytesField(1, data));
  return Buffer.concat(fields);
}

/** Encodes a protobuf field of wire type 0 (varint). */
function varintField(fieldNumber: number, value: number): Uint8Array {
  return Buffer.concat([varint(fieldNumber << 3), varint(value)]);
}

/** Encodes a protobuf field of wire type 2 (length-delimited). */
function bytesField(fieldNumber: number, bytes: Uint8Array): Uint8Array {
  return Buffer.concat([varint((fieldNumber << 3) | 2), varint(bytes.length), bytes]);
}

function varint(value: number): Uint8Array {
  return getBytes(encodeVarint(value));
}
