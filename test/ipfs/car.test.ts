import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { CID } from "multiformats/cid";

import { encodeCar, readDagCar } from "../../src/ipfs/car";
import type { Block } from "../../src/ipfs/dagWalk";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { loadCar } from "../../src/ipfs/esModules";
import { FileBlockstore } from "../../src/ipfs/fileBlockstore";
import { CHUNK_SIZE, kuboFileCid, patternBytes, rawBlockCid, sha256Bytes } from "../helpers/unixfs";

const HELLO = new TextEncoder().encode("hello world\n");

/** 1.2 MiB: four full chunks and one of 209,715 bytes, so a CIDv1 file has five raw leaves under one root. */
const FIVE_CHUNKS = patternBytes(1_258_291);

/** Decodes a CAR file with `@ipld/car` alone, without the checks of `readDagCar`. */
async function decodeCar(bytes: Uint8Array): Promise<{ roots: CID[]; blocks: Block[] }> {
  const { CarBlockIterator } = await loadCar();
  const iterator = await CarBlockIterator.fromBytes(bytes);
  const blocks: Block[] = [];
  for await (const block of iterator) blocks.push(block);
  return { roots: await iterator.getRoots(), blocks };
}

/** Returns the chunks that Kubo's default chunker cuts `content` into. */
function chunksOf(content: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < content.length; offset += CHUNK_SIZE) {
    chunks.push(content.subarray(offset, offset + CHUNK_SIZE));
  }
  return chunks;
}

/** Returns a copy of `block` whose last byte is flipped, under the same CID. */
function tampered(block: Block): Block {
  const bytes = Buffer.from(block.bytes);
  bytes[bytes.length - 1] ^= 0xff;
  return { cid: block.cid, bytes };
}

function sameBytes(actual: Uint8Array, expected: Uint8Array): boolean {
  return Buffer.from(actual).equals(Buffer.from(expected));
}

describe("CAR files", function () {
  let directory: string;
  let source: EmbeddedStore;
  let target: EmbeddedStore;

  beforeEach(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-car-"));
    source = new EmbeddedStore(join(directory, "source"));
    target = new EmbeddedStore(join(directory, "target"));
  });

  afterEach(async function () {
    await rm(directory, { recursive: true, force: true });
  });

  describe("exportCar", function () {
    it("contains the root and every leaf", async function () {
      const cid = await source.add(FIVE_CHUNKS);

      const car = await decodeCar(await source.exportCar(cid));

      expect(car.roots.map(String)).to.deep.equal([cid]);
      expect(car.blocks).to.have.length(6);
      expect(car.blocks[0].cid.toString(), "first block").to.equal(cid);
      expect(car.blocks.slice(1).map((block) => block.cid.toString())).to.deep.equal(
        chunksOf(FIVE_CHUNKS).map((chunk) => rawBlockCid(chunk)),
      );
    });

    it("contains blocks matching their CIDs", async function () {
      const cid = await source.add(FIVE_CHUNKS, { cidVersion: 0 });

      const car = await decodeCar(await source.exportCar(cid));

      expect(car.blocks).to.have.length(6);
      for (const block of car.blocks) {
        expect(Buffer.from(sha256Bytes(block.bytes)).equals(Buffer.from(block.cid.multihash.digest)), `${block.cid}`).to
          .be.true;
      }
    });

    it("exports a single block", async function () {
      const cid = await source.add(HELLO);

      const car = await decodeCar(await source.exportCar(cid));

      expect(car.roots.map(String)).to.deep.equal([cid]);
      expect(car.blocks).to.have.length(1);
      expect(sameBytes(car.blocks[0].bytes, HELLO)).to.be.true;
    });

    it("gives the same bytes each time", async function () {
      const cid = await source.add(FIVE_CHUNKS);

      expect(sameBytes(await source.exportCar(cid), await source.exportCar(cid))).to.be.true;
    });

    it("rejects missing content", async function () {
      const cid = rawBlockCid(HELLO);

      await expect(source.exportCar(cid)).to.be.rejectedWith(
        `Cannot export ${cid} from ${source.directory}: Block ${cid} not found`,
      );
    });

    it("rejects a corrupt block", async function () {
      const cid = await source.add(FIVE_CHUNKS);
      const leaf = rawBlockCid(chunksOf(FIVE_CHUNKS)[2]);
      const blocks = new FileBlockstore(join(source.directory, "blocks"));
      await writeFile(blocks.pathOf(CID.parse(leaf)), "not the chunk");

      await expect(source.exportCar(cid)).to.be.rejectedWith(
        `Cannot export ${cid} from ${source.directory}: Block ${leaf} failed verification`,
      );
    });

    it("rejects malformed CID text", async function () {
      await expect(source.exportCar("bafy")).to.be.rejectedWith('Invalid CID "bafy": expected');
    });
  });

  describe("importCar", function () {
    for (const cidVersion of [0, 1] as const) {
      it(`round-trips a CIDv${cidVersion} file`, async function () {
        const cid = await source.add(FIVE_CHUNKS, { cidVersion });

        const roots = await target.importCar(await source.exportCar(cid));

        expect(roots).to.deep.equal([cid]);
        expect(cid).to.equal(kuboFileCid(FIVE_CHUNKS, cidVersion));
        expect(sameBytes(await target.cat(cid), FIVE_CHUNKS)).to.be.true;
        expect(await target.listPins()).to.deep.equal([cid]);
      });
    }

    it("round-trips an empty file", async function () {
      const cid = await source.add(new Uint8Array(0), { cidVersion: 0 });

      expect(await target.importCar(await source.exportCar(cid))).to.deep.equal([cid]);
      expect(await target.cat(cid)).to.have.length(0);
    });

    it("exports again to the same bytes", async function () {
      const cid = await source.add(FIVE_CHUNKS);
      const car = await source.exportCar(cid);

      await target.importCar(car);

      expect(sameBytes(await target.exportCar(cid), car)).to.be.true;
    });

    it("imports and pins several roots", async function () {
      const first = await source.add(HELLO);
      const second = await source.add(FIVE_CHUNKS, { cidVersion: 0 });
      const blocks = [
        ...(await decodeCar(await source.exportCar(first))).blocks,
        ...(await decodeCar(await source.exportCar(second))).blocks,
      ];

      const roots = await target.importCar(await encodeCar([CID.parse(second), CID.parse(first)], blocks));

      expect(roots).to.deep.equal([second, first]);
      expect(await target.listPins()).to.have.members([first, second]);
    });

    it("rejects a tampered block", async function () {
      const cid = await source.add(FIVE_CHUNKS);
      const car = await decodeCar(await source.exportCar(cid));
      const blocks = car.blocks.map((block, i) => (i === 3 ? tampered(block) : block));

      await expect(target.importCar(await encodeCar(car.roots, blocks))).to.be.rejectedWith(
        `Block ${car.blocks[3].cid} failed verification: the sha2-256 digest of its bytes in the CAR`,
      );
      expect(await target.listPins()).to.deep.equal([]);
      await expect(target.cat(car.blocks[1].cid.toString())).to.be.rejectedWith("not found");
    });

    it("rejects a tampered root", async function () {
      const cid = await source.add(FIVE_CHUNKS, { cidVersion: 0 });
      const car = await decodeCar(await source.exportCar(cid));
      const blocks = car.blocks.map((block, i) => (i === 0 ? tampered(block) : block));

      await expect(target.importCar(await encodeCar(car.roots, blocks))).to.be.rejectedWith(
        `Block ${cid} failed verification`,
      );
      expect(await target.listPins()).to.deep.equal([]);
    });

    it("rejects a missing block", async function () {
      const cid = await source.add(FIVE_CHUNKS);
      const car = await decodeCar(await source.exportCar(cid));
      const missing = car.blocks[4].cid;

      await expect(
        target.importCar(
          await encodeCar(
            car.roots,
            car.blocks.filter((_, i) => i !== 4),
          ),
        ),
      ).to.be.rejectedWith(`Block ${missing} of root ${cid} is missing from the CAR file`);
      expect(await target.listPins()).to.deep.equal([]);
    });

    it("pins nothing when one root is incomplete", async function () {
      const complete = await source.add(HELLO);
      const incomplete = await source.add(FIVE_CHUNKS);
      const blocks = [
        ...(await decodeCar(await source.exportCar(complete))).blocks,
        ...(await decodeCar(await source.exportCar(incomplete))).blocks.slice(0, 3),
      ];

      await expect(
        target.importCar(await encodeCar([CID.parse(complete), CID.parse(incomplete)], blocks)),
      ).to.be.rejectedWith(`of root ${incomplete} is missing from the CAR file`);
      expect(await target.listPins()).to.deep.equal([]);
    });

    it("rejects a CAR without roots", async function () {
      const cid = await source.add(HELLO);
      const car = await decodeCar(await source.exportCar(cid));

      await expect(target.importCar(await encodeCar([], car.blocks))).to.be.rejectedWith(
        "Invalid CAR file: its header lists no root",
      );
    });

    it("rejects bytes that are not a CAR", async function () {
      await expect(target.importCar(HELLO)).to.be.rejectedWith(`Invalid CAR file of ${HELLO.length} bytes: `);
    });

    it("skips blocks that no root links to", async function () {
      const root = await source.add(HELLO);
      const unrelated = patternBytes(100);
      const unrelatedCid = await source.add(unrelated);
      const blocks = [
        ...(await decodeCar(await source.exportCar(root))).blocks,
        ...(await decodeCar(await source.exportCar(unrelatedCid))).blocks,
      ];

      expect(await target.importCar(await encodeCar([CID.parse(root)], blocks))).to.deep.equal([root]);
      await expect(target.cat(unrelatedCid)).to.be.rejectedWith("not found");
    });
  });

  describe("readDagCar", function () {
    it("returns roots and reachable blocks", async function () {
      const cid = await source.add(FIVE_CHUNKS, { cidVersion: 0 });

      const car = await readDagCar(await source.exportCar(cid));

      expect(car.roots.map(String)).to.deep.equal([cid]);
      expect(car.blocks).to.have.length(6);
    });

    it("rejects another codec", async function () {
      const bytes = new TextEncoder().encode('{"a":1}');
      // A dag-json block (codec 0x0129), which the stores cannot walk.
      const cid = CID.create(1, 0x0129, CID.parse(rawBlockCid(bytes)).multihash);

      await expect(readDagCar(await encodeCar([cid], [{ cid, bytes }]))).to.be.rejectedWith(
        `Block ${cid} has codec 0x129, but only DAG-PB (0x70) and raw (0x55) blocks can be walked`,
      );
    });
  });
});
