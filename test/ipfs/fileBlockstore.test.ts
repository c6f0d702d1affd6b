import { expect } from "chai";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { getBytes } from "ethers";
import { CID } from "multiformats/cid";

import { BlockNotFoundError, BlockVerificationError, FileBlockstore } from "../../src/ipfs/fileBlockstore";
import { MULTICODEC, cidV1, encodeCidV1Text } from "../helpers/cid";
import { sha256Bytes } from "../helpers/unixfs";

const BLOCK = new TextEncoder().encode("Minutes of the general assembly");

function rawCid(bytes: Uint8Array): CID {
  return CID.decode(getBytes(cidV1(MULTICODEC.raw, MULTICODEC.sha2_256, sha256Bytes(bytes))));
}

async function readBlock(store: FileBlockstore, cid: CID): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of store.get(cid)) parts.push(part);
  return Buffer.concat(parts);
}

describe("FileBlockstore", function () {
  let directory: string;
  let store: FileBlockstore;

  beforeEach(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-blocks-"));
    store = new FileBlockstore(directory);
  });

  afterEach(async function () {
    await rm(directory, { recursive: true, force: true });
  });

  it("stores a block and reads it back", async function () {
    const cid = rawCid(BLOCK);

    expect(await store.has(cid)).to.equal(false);
    await store.put(cid, BLOCK);

    expect(await store.has(cid)).to.equal(true);
    expect((await readBlock(store, cid)).equals(Buffer.from(BLOCK))).to.equal(true);
  });

  it("names files as Kubo's flatfs does", async function () {
    const cid = rawCid(BLOCK);
    // The key is the multihash in uppercase base32 without padding, in a folder named by the two
    // characters before the last one.
    const key = encodeCidV1Text(cid.multihash.bytes).slice(1).toUpperCase();

    await store.put(cid, BLOCK);

    expect(key).to.match(/^CIQ/);
    expect(store.pathOf(cid)).to.equal(join(directory, key.slice(-3, -1), `${key}.data`));
    expect((await readFile(store.pathOf(cid))).equals(Buffer.from(BLOCK))).to.equal(true);
  });

  it("shares one file between CID versions", async function () {
    const v1 = CID.decode(getBytes(cidV1(MULTICODEC.dagPb, MULTICODEC.sha2_256, sha256Bytes(BLOCK))));

    expect(store.pathOf(v1)).to.equal(store.pathOf(v1.toV0()));
  });

  it("stores a block given in parts", async function () {
    const cid = rawCid(BLOCK);

    await store.put(cid, [BLOCK.subarray(0, 5), BLOCK.subarray(5)]);

    expect((await readBlock(store, cid)).equals(Buffer.from(BLOCK))).to.equal(true);
  });

  it("leaves no temporary file", async function () {
    const cid = rawCid(BLOCK);

    await Promise.all([store.put(cid, BLOCK), store.put(cid, BLOCK), store.put(cid, BLOCK)]);

    const files = await readdir(directory, { recursive: true });
    expect(files.filter((name) => name.endsWith(".tmp"))).to.deep.equal([]);
    expect(files.filter((name) => name.endsWith(".data"))).to.have.length(1);
  });

  it("rejects a block that does not match its CID", async function () {
    const cid = rawCid(BLOCK);

    await expect(store.put(cid, new TextEncoder().encode("Other minutes"))).to.be.rejectedWith(
      BlockVerificationError,
      `Block ${cid} failed verification: the sha2-256 digest of the block to store`,
    );
    expect(await store.has(cid)).to.equal(false);
  });

  it("rejects a hash function other than sha2-256", async function () {
    const cid = CID.decode(getBytes(cidV1(MULTICODEC.raw, MULTICODEC.identity, BLOCK)));

    await expect(store.put(cid, BLOCK)).to.be.rejectedWith(
      BlockVerificationError,
      `Block ${cid} uses multihash code 0x0 with a ${BLOCK.length}-byte digest`,
    );
  });

  it("reports a missing block", async function () {
    const cid = rawCid(BLOCK);

    await expect(readBlock(store, cid)).to.be.rejectedWith(
      BlockNotFoundError,
      `Block ${cid} not found: no file ${store.pathOf(cid)}.`,
    );
  });

  it("replaces a corrupt block on put", async function () {
    const cid = rawCid(BLOCK);
    await store.put(cid, BLOCK);
    await writeFile(store.pathOf(cid), "Minutes of the general assembly, amended");

    await store.put(cid, BLOCK);

    expect(await readBlock(store, cid)).to.deep.equal(Buffer.from(BLOCK));
    expect((await readdir(join(store.pathOf(cid), ".."))).filter((name) => name.endsWith(".tmp"))).to.deep.equal([]);
  });

  it("replaces a truncated block on put", async function () {
    const cid = rawCid(BLOCK);
    await store.put(cid, BLOCK);
    await writeFile(store.pathOf(cid), BLOCK.subarray(0, 5));

    await store.put(cid, BLOCK);

    expect(await readBlock(store, cid)).to.deep.equal(Buffer.from(BLOCK));
  });

  it("reports a corrupt block", async function () {
    const cid = rawCid(BLOCK);
    await store.put(cid, BLOCK);
    await writeFile(store.pathOf(cid), "Minutes of the general assembly, amended");

    await expect(readBlock(store, cid)).to.be.rejectedWith(
      BlockVerificationError,
      `Block ${cid} failed verification: the sha2-256 digest of ${store.pathOf(cid)} is `,
    );
  });
});
