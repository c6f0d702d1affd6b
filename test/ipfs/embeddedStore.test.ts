import { expect } from "chai";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { DEFAULT_STORE_DIRECTORY, EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { parseCid, toIpfsUri } from "../../src/ipfs/cidText";
import type { AddOptions } from "../../src/ipfs/contentStore";
import { CHUNK_SIZE, MAX_LINKS, kuboFileCid, patternBytes, rawBlockCid } from "../helpers/unixfs";

/** "hello world\n", to which Kubo's `ipfs add` gives this CIDv0, as the NixOS wiki's IPFS page shows. */
const HELLO = new TextEncoder().encode("hello world\n");
const HELLO_KUBO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

/** CIDv0 of an empty file, as rust-ipfs computes it (see below). */
const EMPTY_RUST_V0 = "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH";

/** 600 KiB: two full chunks and one of 88 KiB. */
const THREE_CHUNKS = patternBytes(600 * 1024);

/** One chunk more than a node can link to, so the DAG has two levels under its root. */
const TWO_LEVELS = patternBytes(MAX_LINKS * CHUNK_SIZE + 5);

/**
 * CIDv0 of the pattern files above, computed by the UnixFS file adder of rust-ipfs (the `ipfs_cid`
 * command of Debian's package ipfs-cid 0.0~git20200813), an implementation independent of the
 * JavaScript importer. It gives the Kubo CIDv0 above for "hello world\n".
 */
const THREE_CHUNKS_RUST_V0 = "QmeqHWd7YuJc1yAQiampjeVfMVcK5zS63zD6vHG8qHN9xz";
const TWO_LEVELS_RUST_V0 = "QmeWiq5NBqkUps8bPB8fFVAi6p36wxzvK32j56sz42ZaCp";

/** Returns the paths of every file under `folder`, recursively. */
async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Returns the one block file whose content is `bytes`. */
async function findBlockFile(directory: string, bytes: Uint8Array): Promise<string> {
  const matches: string[] = [];
  for (const path of await listFiles(join(directory, "blocks"))) {
    if (Buffer.from(bytes).equals(await readFile(path))) matches.push(path);
  }
  expect(matches, "block files with this content").to.have.length(1);
  return matches[0];
}

describe("EmbeddedStore", function () {
  let directory: string;
  let store: EmbeddedStore;

  beforeEach(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-ipfs-"));
    store = new EmbeddedStore(directory);
  });

  afterEach(async function () {
    await rm(directory, { recursive: true, force: true });
  });

  describe("known CIDs", function () {
    it("single chunk is one raw block", async function () {
      expect(await store.add(HELLO)).to.equal(rawBlockCid(HELLO));
    });

    it("single chunk matches Kubo CIDv0", async function () {
      expect(await store.add(HELLO, { cidVersion: 0 })).to.equal(HELLO_KUBO_V0);
      expect(kuboFileCid(HELLO, 0)).to.equal(HELLO_KUBO_V0);
    });

    it("empty file in both versions", async function () {
      expect(await store.add(new Uint8Array(0))).to.equal(rawBlockCid(new Uint8Array(0)));
      expect(await store.add(new Uint8Array(0), { cidVersion: 0 })).to.equal(EMPTY_RUST_V0);
      expect(kuboFileCid(new Uint8Array(0), 0)).to.equal(EMPTY_RUST_V0);
    });

    it("one full chunk is one raw block", async function () {
      const content = patternBytes(CHUNK_SIZE);

      expect(await store.add(content)).to.equal(rawBlockCid(content));
      expect(await store.add(content, { cidVersion: 0 })).to.equal(kuboFileCid(content, 0));
    });

    it("three chunks in CIDv1", async function () {
      const cid = await store.add(THREE_CHUNKS);

      expect(cid).to.equal(kuboFileCid(THREE_CHUNKS, 1));
      expect(cid).to.match(/^bafybei/);
    });

    it("three chunks in CIDv0", async function () {
      expect(kuboFileCid(THREE_CHUNKS, 0)).to.equal(THREE_CHUNKS_RUST_V0);
      expect(await store.add(THREE_CHUNKS, { cidVersion: 0 })).to.equal(THREE_CHUNKS_RUST_V0);
    });

    it("two-level DAG in CIDv1", async function () {
      expect(await store.add(TWO_LEVELS)).to.equal(kuboFileCid(TWO_LEVELS, 1));
    });

    it("two-level DAG in CIDv0", async function () {
      expect(kuboFileCid(TWO_LEVELS, 0)).to.equal(TWO_LEVELS_RUST_V0);
      expect(await store.add(TWO_LEVELS, { cidVersion: 0 })).to.equal(TWO_LEVELS_RUST_V0);
    });

    it("defaults to CIDv1", async function () {
      expect(await store.add(THREE_CHUNKS)).to.equal(await store.add(THREE_CHUNKS, { cidVersion: 1 }));
    });

    it("rejects another CID version", async function () {
      const options = { cidVersion: 2 } as unknown as AddOptions;

      await expect(store.add(HELLO, options)).to.be.rejectedWith("Invalid cidVersion 2: expected 0 or 1.");
    });
  });

  describe("addFile", function () {
    it("matches add in both versions", async function () {
      const path = join(directory, "statutes.bin");
      await writeFile(path, THREE_CHUNKS);

      expect(await store.addFile(path)).to.equal(kuboFileCid(THREE_CHUNKS, 1));
      expect(await store.addFile(path, { cidVersion: 0 })).to.equal(THREE_CHUNKS_RUST_V0);
    });

    it("tells how many bytes it has read", async function () {
      const path = join(directory, "statutes.bin");
      await writeFile(path, THREE_CHUNKS);
      const reads: number[] = [];
      await store.addFile(path, { onRead: (bytesRead) => reads.push(bytesRead) });

      expect(reads.at(-1)).to.equal(THREE_CHUNKS.length);
    });

    it("adds an empty file", async function () {
      const path = join(directory, "empty.txt");
      await writeFile(path, "");

      expect(await store.addFile(path, { cidVersion: 0 })).to.equal(EMPTY_RUST_V0);
    });

    it("rejects a missing file", async function () {
      const path = join(directory, "missing.pdf");

      await expect(store.addFile(path)).to.be.rejectedWith(`File not found: ${path}.`);
    });

    it("rejects a folder", async function () {
      await expect(store.addFile(directory)).to.be.rejectedWith(`Cannot add ${directory}: expected a regular file.`);
    });
  });

  describe("cat", function () {
    const contents: { name: string; bytes: Uint8Array }[] = [
      { name: "empty file", bytes: new Uint8Array(0) },
      { name: "single chunk", bytes: HELLO },
      { name: "three chunks", bytes: THREE_CHUNKS },
    ];

    for (const { name, bytes } of contents) {
      for (const cidVersion of [0, 1] as const) {
        it(`returns ${name} in CIDv${cidVersion}`, async function () {
          const cid = await store.add(bytes, { cidVersion });

          expect(Buffer.from(await store.cat(cid)).equals(Buffer.from(bytes))).to.equal(true);
        });
      }
    }

    it("returns two-level DAG", async function () {
      const cid = await store.add(TWO_LEVELS);

      expect(Buffer.from(await store.cat(cid)).equals(Buffer.from(TWO_LEVELS))).to.equal(true);
    });

    it("accepts other spellings of a CID", async function () {
      const cid = await store.add(HELLO, { cidVersion: 0 });
      const binary = parseCid(cid);

      const v1DagPb = "0x0170" + binary.slice(2);

      for (const spelling of [`ipfs://${cid}`, toIpfsUri(binary), "f" + v1DagPb.slice(2)]) {
        expect(Buffer.from(await store.cat(spelling)).equals(Buffer.from(HELLO)), spelling).to.equal(true);
      }
    });

    it("reads blocks written by another instance", async function () {
      const cid = await store.add(THREE_CHUNKS);

      const reopened = new EmbeddedStore(directory);

      expect(Buffer.from(await reopened.cat(cid)).equals(Buffer.from(THREE_CHUNKS))).to.equal(true);
    });

    it("rejects an unknown CID", async function () {
      const cid = rawBlockCid(HELLO);

      await expect(store.cat(cid)).to.be.rejectedWith(`Cannot read ${cid} from ${directory}: Block ${cid} not found`);
    });

    it("rejects a tampered single block", async function () {
      const cid = await store.add(HELLO);
      const path = await findBlockFile(directory, HELLO);
      await writeFile(path, "hello world!");

      await expect(store.cat(cid)).to.be.rejectedWith(
        `Cannot read ${cid} from ${directory}: Block ${cid} failed verification: the sha2-256 digest of ${path}`,
      );
    });

    it("rejects a tampered leaf", async function () {
      const cid = await store.add(THREE_CHUNKS);
      const secondChunk = THREE_CHUNKS.subarray(CHUNK_SIZE, 2 * CHUNK_SIZE);
      const path = await findBlockFile(directory, secondChunk);
      const tampered = Buffer.from(secondChunk);
      tampered[1000] ^= 0x01;
      await writeFile(path, tampered);

      await expect(store.cat(cid)).to.be.rejectedWith(
        `Cannot read ${cid} from ${directory}: Block ${rawBlockCid(secondChunk)} failed verification`,
      );
    });

    it("rejects a truncated root", async function () {
      const cid = await store.add(THREE_CHUNKS, { cidVersion: 0 });
      const rootFiles = (await listFiles(join(directory, "blocks"))).filter((path) => path.endsWith(".data"));
      const sizes = await Promise.all(rootFiles.map(async (path) => (await readFile(path)).length));
      // The root is the only small block: each leaf holds at least 88 KiB.
      const root = rootFiles[sizes.findIndex((size) => size < 1024)];
      await writeFile(root, (await readFile(root)).subarray(0, 10));

      await expect(store.cat(cid)).to.be.rejectedWith(`Block ${cid} failed verification`);
    });

    it("rejects malformed CID text", async function () {
      await expect(store.cat("Qm123")).to.be.rejectedWith('Invalid CID "Qm123": expected');
    });
  });

  describe("blocks on disk", function () {
    it("writes one file per block", async function () {
      await store.add(THREE_CHUNKS);

      const files = await listFiles(join(directory, "blocks"));

      // Three raw leaves and the root, with no temporary file left behind.
      expect(files).to.have.length(4);
      for (const path of files) expect(path).to.match(/\/[A-Z2-7]{2}\/[A-Z2-7]+\.data$/);
    });

    it("stores each content once", async function () {
      await store.add(THREE_CHUNKS);
      await store.add(THREE_CHUNKS);
      await store.addFile(await writeTemporary(directory, THREE_CHUNKS));

      expect(await listFiles(join(directory, "blocks"))).to.have.length(4);
    });

    it("defaults to .coop-data/ipfs", function () {
      expect(DEFAULT_STORE_DIRECTORY).to.equal(resolve(__dirname, "..", "..", ".coop-data", "ipfs"));
      expect(new EmbeddedStore().directory).to.equal(DEFAULT_STORE_DIRECTORY);
    });
  });

  describe("pins", function () {
    it("lists none at first", async function () {
      expect(await store.listPins()).to.deep.equal([]);
    });

    it("pins and unpins", async function () {
      const cid = await store.add(THREE_CHUNKS);

      await store.pin(cid);
      expect(await store.listPins()).to.deep.equal([cid]);

      await store.unpin(cid);
      expect(await store.listPins()).to.deep.equal([]);
    });

    it("pins twice without error", async function () {
      const cid = await store.add(HELLO);

      await store.pin(cid);
      await store.pin(cid);

      expect(await store.listPins()).to.deep.equal([cid]);
    });

    it("lists canonical text of each version", async function () {
      const v0 = await store.add(HELLO, { cidVersion: 0 });
      const v1 = await store.add(HELLO);

      await store.pin(`ipfs://${v0}`);
      await store.pin(v1.toUpperCase());

      expect(await store.listPins())
        .to.have.members([v0, v1])
        .and.have.length(2);
    });

    it("keeps pins across instances", async function () {
      const cid = await store.add(HELLO);
      await store.pin(cid);

      expect(await new EmbeddedStore(directory).listPins()).to.deep.equal([cid]);
    });

    it("keeps blocks after unpin", async function () {
      const cid = await store.add(HELLO);
      await store.pin(cid);
      await store.unpin(cid);

      expect(Buffer.from(await store.cat(cid)).equals(Buffer.from(HELLO))).to.equal(true);
    });

    it("rejects pinning missing content", async function () {
      const cid = rawBlockCid(HELLO);

      await expect(store.pin(cid)).to.be.rejectedWith(`Cannot read ${cid} from ${directory}: Block ${cid} not found`);
      expect(await store.listPins()).to.deep.equal([]);
    });

    it("rejects pinning a file with a missing leaf", async function () {
      const cid = await store.add(THREE_CHUNKS);
      await rm(await findBlockFile(directory, THREE_CHUNKS.subarray(0, CHUNK_SIZE)));

      await expect(store.pin(cid)).to.be.rejectedWith("not found");
      expect(await store.listPins()).to.deep.equal([]);
    });

    it("rejects unpinning an unpinned CID", async function () {
      const cid = await store.add(HELLO);

      await expect(store.unpin(cid)).to.be.rejectedWith(`Cannot unpin ${cid}: it is not pinned in ${directory}.`);
    });

    it("rejects malformed CID text", async function () {
      await expect(store.pin("ipfs://")).to.be.rejectedWith('Invalid CID "ipfs://": expected');
      await expect(store.unpin("bafy")).to.be.rejectedWith('Invalid CID "bafy": expected');
    });
  });
});

/** Writes `bytes` to a new file in `folder` and returns its path. */
async function writeTemporary(folder: string, bytes: Uint8Array): Promise<string> {
  const path = join(await mkdtemp(join(folder, "input-")), "content.bin");
  await writeFile(path, bytes);
  return path;
}
