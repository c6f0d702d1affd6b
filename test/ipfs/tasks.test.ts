import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { hexlify } from "ethers";
import { base32upper } from "multiformats/bases/base32";
import { base36 } from "multiformats/bases/base36";
import { base58btc } from "multiformats/bases/base58";
import { CID } from "multiformats/cid";

import { loadCar } from "../../src/ipfs/esModules";
import { FileBlockstore } from "../../src/ipfs/fileBlockstore";
import type { StoreLocation } from "../../src/ipfs/storeLocation";
import { runTask, setEnv } from "../helpers/inProcessTask";
import { KuboTestServer } from "../helpers/kuboServer";
import { freePort } from "../helpers/node";
import { CHUNK_SIZE, kuboFileCid, patternBytes, rawBlockCid } from "../helpers/unixfs";

const HELLO = new TextEncoder().encode("Statutes of the cooperative\n");

/** 1.2 MiB: four full chunks and one of 209,715 bytes, so that a corrupt leaf is not the first block read. */
const FIVE_CHUNKS = patternBytes(1_258_291);

/** The CID of the second chunk of FIVE_CHUNKS, a raw leaf of its CIDv1 DAG. */
const SECOND_LEAF = rawBlockCid(FIVE_CHUNKS.subarray(CHUNK_SIZE, 2 * CHUNK_SIZE));

interface AddResult {
  cid: string;
  cidVersion: number;
  uri: string;
  binary: string;
  size: number;
  pinned: boolean;
  store: StoreLocation;
}

interface CatResult {
  cid: string;
  out: string | null;
  size: number;
}

interface PinResult {
  cid: string;
  alreadyPinned: boolean;
  pins: string[];
}

interface PinsResult {
  pins: string[];
  store: StoreLocation;
}

interface ImportResult {
  roots: string[];
}

/** Returns the spellings of one CID that every task must accept: multibases, case, URI, binary hex. */
function spellingsOf(text: string): string[] {
  const cid = CID.parse(text);
  const spellings = [text, `ipfs://${text}`, `IPFS://${text}`, hexlify(cid.bytes)];
  if (cid.version === 1) {
    spellings.push(cid.toString(base32upper), cid.toString(base36), cid.toString(base58btc));
  }
  return spellings;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Adds `bytes` with ipfs:add from a file in `folder`, and returns the task's result. */
async function addBytes(folder: string, bytes: Uint8Array, args: Record<string, unknown> = {}): Promise<AddResult> {
  const file = join(folder, `input-${bytes.length}-${String(args.cidVersion ?? "1")}.bin`);
  await writeFile(file, bytes);
  return (await runTask<AddResult>("ipfs:add", { file, ...args })).result;
}

/** Reads a CID with ipfs:cat into a new file in `folder`, and returns the file's bytes. */
async function catBytes(folder: string, cid: string): Promise<Buffer> {
  const out = join(folder, `cat-${Math.random().toString(16).slice(2)}.bin`);
  await runTask<CatResult>("ipfs:cat", { cid, out });
  return readFile(out);
}

describe("ipfs tasks", function () {
  let directory: string;
  let storeDirectory: string;
  let restoreEnv: () => void;

  beforeEach(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-ipfs-tasks-"));
    storeDirectory = join(directory, "store");
    restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: undefined });
  });

  afterEach(async function () {
    restoreEnv();
    await rm(directory, { recursive: true, force: true });
  });

  describe("ipfs:add", function () {
    it("adds and pins a CIDv1 by default", async function () {
      const added = await addBytes(directory, HELLO);

      expect(added.cid).to.equal(kuboFileCid(HELLO, 1));
      expect(added.pinned).to.equal(true);
      expect(added.store).to.deep.equal({ kind: "embedded", directory: storeDirectory });
      const { result } = await runTask<PinsResult>("ipfs:pins");
      expect(result.pins).to.deep.equal([added.cid]);
    });

    it("adds a CIDv0 with --cid-version 0", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS, { cidVersion: "0" });

      expect(added.cid).to.equal(kuboFileCid(FIVE_CHUNKS, 0));
      expect(added.cid.startsWith("Qm")).to.equal(true);
    });

    it("leaves the content unpinned with --no-pin", async function () {
      const added = await addBytes(directory, HELLO, { noPin: true });

      expect(added.pinned).to.equal(false);
      expect((await runTask<PinsResult>("ipfs:pins")).result.pins).to.deep.equal([]);
      expect(await catBytes(directory, added.cid)).to.deep.equal(Buffer.from(HELLO));
    });

    it("prints the CID, size and store", async function () {
      const file = join(directory, "statutes.md");
      await writeFile(file, HELLO);

      const { lines } = await runTask<AddResult>("ipfs:add", { file });

      expect(lines[0]).to.equal(`Added ${file} (${HELLO.length} bytes) to the embedded store in ${storeDirectory}.`);
      expect(lines[1]).to.equal(`  CID:    ${kuboFileCid(HELLO, 1)} (CIDv1)`);
      expect(lines).to.include("  pinned");
    });

    it("shows progress on a large file", async function () {
      const file = join(directory, "large.bin");
      await writeFile(file, Buffer.alloc(9 * 1024 * 1024, 7));
      const lines: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = ((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0) as typeof write;
      try {
        await runTask<AddResult>("ipfs:add", { file });
      } finally {
        process.stderr.write = write;
      }

      expect(lines[0]).to.equal(`Adding ${file}: 10% (0.9 of 9.0 MiB)\n`);
      expect(lines.at(-1)).to.equal(`Adding ${file}: 100% (9.0 of 9.0 MiB)\n`);
    });

    it("prints JSON with --json", async function () {
      const file = join(directory, "statutes.md");
      await writeFile(file, HELLO);

      const { result, lines } = await runTask<AddResult>("ipfs:add", { file, json: true });

      expect(JSON.parse(lines.join("\n"))).to.deep.equal(result);
      expect(result.size).to.equal(HELLO.length);
      expect(result.uri).to.equal(`ipfs://${result.cid}`);
    });

    it("rejects a missing file", async function () {
      const file = join(directory, "missing.md");

      await expect(runTask("ipfs:add", { file })).to.be.rejectedWith(
        `File not found: --file ${JSON.stringify(file)}. Give the path of an existing file.`,
      );
      expect(await exists(storeDirectory)).to.equal(false);
    });

    it("rejects a folder", async function () {
      await expect(runTask("ipfs:add", { file: directory })).to.be.rejectedWith("it is not a regular file");
    });

    it("rejects a bad --cid-version", async function () {
      const file = join(directory, "statutes.md");
      await writeFile(file, HELLO);

      for (const cidVersion of ["2", "v1", "", "01", "-1"]) {
        await expect(runTask("ipfs:add", { file, cidVersion }), cidVersion).to.be.rejectedWith(
          `Invalid --cid-version ${JSON.stringify(cidVersion)}: expected 0 (a CIDv0, Qm..., as plain \`ipfs add\`) or 1`,
        );
      }
      expect(await exists(storeDirectory)).to.equal(false);
    });
  });

  describe("ipfs:cat", function () {
    it("writes the content to --out", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS);
      const out = join(directory, "copy.bin");

      const { result, lines } = await runTask<CatResult>("ipfs:cat", { cid: added.cid, out });

      expect(await readFile(out)).to.deep.equal(Buffer.from(FIVE_CHUNKS));
      expect(result.size).to.equal(FIVE_CHUNKS.length);
      expect(lines[0]).to.include(`Wrote ${FIVE_CHUNKS.length} bytes of ${added.cid}`);
    });

    it("writes the content to standard output", async function () {
      const added = await addBytes(directory, HELLO);
      const written: Buffer[] = [];
      const write = process.stdout.write;
      process.stdout.write = ((chunk: Uint8Array, callback?: (error?: Error | null) => void) => {
        written.push(Buffer.from(chunk));
        callback?.();
        return true;
      }) as typeof process.stdout.write;
      let lines: string[];
      try {
        ({ lines } = await runTask<CatResult>("ipfs:cat", { cid: added.cid }));
      } finally {
        process.stdout.write = write;
      }

      expect(Buffer.concat(written)).to.deep.equal(Buffer.from(HELLO));
      expect(lines).to.deep.equal([]);
    });

    it("reads every spelling of a CIDv1", async function () {
      const added = await addBytes(directory, HELLO);

      for (const spelling of spellingsOf(added.cid)) {
        expect(await catBytes(directory, spelling), spelling).to.deep.equal(Buffer.from(HELLO));
      }
    });

    it("reads a CIDv0 and its CIDv1", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS, { cidVersion: "0" });
      const v1 = CID.parse(added.cid).toV1().toString();

      for (const spelling of [...spellingsOf(added.cid), ...spellingsOf(v1)]) {
        expect(await catBytes(directory, spelling), spelling).to.deep.equal(Buffer.from(FIVE_CHUNKS));
      }
    });

    it("rejects a truncated CID", async function () {
      const added = await addBytes(directory, HELLO);
      const truncated = added.cid.slice(0, -4);

      await expect(runTask("ipfs:cat", { cid: truncated })).to.be.rejectedWith(
        `Invalid --cid: Invalid CID ${JSON.stringify(truncated)}: expected a CIDv0 in base58btc`,
      );
      await expect(runTask("ipfs:cat", { cid: added.binary.slice(0, -2) })).to.be.rejectedWith(
        `Invalid --cid: Invalid CID "${added.binary.slice(0, -2)}": expected the 0x-prefixed hex of a binary CID`,
      );
      await expect(runTask("ipfs:cat", { cid: added.binary.slice(0, -2) })).to.be.rejectedWith(
        "the binary CID is truncated",
      );
    });

    it("reads a pasted CID and a gateway URL", async function () {
      const added = await addBytes(directory, HELLO);

      expect(await catBytes(directory, ` ${added.cid}\n`)).to.deep.equal(Buffer.from(HELLO));
      expect(await catBytes(directory, `https://gateway.example/ipfs/${added.cid}`)).to.deep.equal(Buffer.from(HELLO));
      expect(await catBytes(directory, `https://${added.cid}.ipfs.gateway.example/`)).to.deep.equal(Buffer.from(HELLO));
    });

    it("rejects malformed CIDs", async function () {
      // Base58 is case-sensitive: a lowercased CIDv0 is another string, and no CID.
      const lowerCaseV0 = kuboFileCid(HELLO, 0).toLowerCase();
      const cases = [
        ["Qm123", 'Invalid --cid: Invalid CID "Qm123": expected'],
        ["hello", 'Invalid --cid: Invalid CID "hello": expected'],
        ["ipfs://", 'Invalid --cid: Invalid CID "ipfs://": expected'],
        ["ipfs://bafy/path", 'Invalid --cid: Invalid IPFS URI "ipfs://bafy/path": expected ipfs://<CID>'],
        [
          lowerCaseV0,
          `Invalid --cid: Invalid CID "${lowerCaseV0}": a CIDv0 starts with "Qm", and base58btc is case-sensitive`,
        ],
      ];

      for (const [cid, message] of cases) {
        await expect(runTask("ipfs:cat", { cid }), cid).to.be.rejectedWith(message);
      }
    });

    it("rejects an unknown CID", async function () {
      const unknown = rawBlockCid(new TextEncoder().encode("never added"));

      await expect(runTask("ipfs:cat", { cid: unknown })).to.be.rejectedWith(
        `Cannot read ${unknown} from ${storeDirectory}: Block ${unknown} not found`,
      );
      await expect(runTask("ipfs:cat", { cid: unknown })).to.be.rejectedWith(
        "Add the file with ipfs:add, or import its CAR file with ipfs:import",
      );
    });

    it("rejects a corrupted block and writes nothing", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS);
      const blockFile = new FileBlockstore(join(storeDirectory, "blocks")).pathOf(CID.parse(SECOND_LEAF));
      const tampered = await readFile(blockFile);
      tampered[1000] ^= 0x01;
      await writeFile(blockFile, tampered);
      const out = join(directory, "copy.bin");

      await expect(runTask("ipfs:cat", { cid: added.cid, out })).to.be.rejectedWith(
        `Cannot read ${added.cid} from ${storeDirectory}: Block ${SECOND_LEAF} failed verification`,
      );
      expect(await exists(out)).to.equal(false);
      expect((await readdir(directory)).filter((name) => name.endsWith(".tmp"))).to.deep.equal([]);
    });

    it("repairs a corrupted block on add", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS);
      const blockFile = new FileBlockstore(join(storeDirectory, "blocks")).pathOf(CID.parse(SECOND_LEAF));
      const tampered = await readFile(blockFile);
      tampered[1000] ^= 0x01;
      await writeFile(blockFile, tampered);

      await addBytes(directory, FIVE_CHUNKS);

      expect(await catBytes(directory, added.cid)).to.deep.equal(Buffer.from(FIVE_CHUNKS));
    });

    it("repairs a corrupted block on import", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS);
      const car = join(directory, "content.car");
      await runTask("ipfs:export", { cid: added.cid, out: car });
      const blockFile = new FileBlockstore(join(storeDirectory, "blocks")).pathOf(CID.parse(SECOND_LEAF));
      const tampered = await readFile(blockFile);
      tampered[1000] ^= 0x01;
      await writeFile(blockFile, tampered);

      await runTask("ipfs:import", { file: car });

      expect(await catBytes(directory, added.cid)).to.deep.equal(Buffer.from(FIVE_CHUNKS));
    });

    it("rejects an existing --out", async function () {
      const added = await addBytes(directory, HELLO);
      const out = join(directory, "existing.md");
      await writeFile(out, "keep me");

      await expect(runTask("ipfs:cat", { cid: added.cid, out })).to.be.rejectedWith(
        `--out ${JSON.stringify(out)} already exists: choose another file name, or delete that file first.`,
      );
      expect(await readFile(out, "utf8")).to.equal("keep me");
    });

    it("rejects --out in a missing folder", async function () {
      const added = await addBytes(directory, HELLO);
      const out = join(directory, "missing", "copy.md");

      await expect(runTask("ipfs:cat", { cid: added.cid, out })).to.be.rejectedWith("does not exist");
    });

    it("rejects --json without --out", async function () {
      const added = await addBytes(directory, HELLO);

      await expect(runTask("ipfs:cat", { cid: added.cid, json: true })).to.be.rejectedWith(
        "ipfs:cat --json needs --out FILE",
      );
    });
  });

  describe("ipfs:pin, ipfs:unpin and ipfs:pins", function () {
    it("pins content added with --no-pin", async function () {
      const added = await addBytes(directory, HELLO, { noPin: true });

      const { result, lines } = await runTask<PinResult>("ipfs:pin", { cid: added.cid });

      expect(result.alreadyPinned).to.equal(false);
      expect(lines).to.deep.equal([`Pinned ${added.cid} in the embedded store in ${storeDirectory}.`]);
      expect((await runTask<PinsResult>("ipfs:pins")).result.pins).to.deep.equal([added.cid]);
    });

    it("finds a pin under another spelling", async function () {
      const added = await addBytes(directory, HELLO, { cidVersion: "0" });
      const v1 = CID.parse(added.cid).toV1().toString(base36);

      const { result } = await runTask<PinResult>("ipfs:pin", { cid: v1 });

      expect(result.alreadyPinned).to.equal(true);
      expect(result.pins).to.deep.equal([added.cid]);
      expect((await runTask<PinsResult>("ipfs:pins")).result.pins).to.deep.equal([added.cid]);
    });

    it("unpins every spelling of one content", async function () {
      const added = await addBytes(directory, HELLO, { cidVersion: "0" });
      const v1 = CID.parse(added.cid).toV1().toString();

      const { result } = await runTask<{ unpinned: string[] }>("ipfs:unpin", { cid: `ipfs://${v1}` });

      expect(result.unpinned).to.deep.equal([added.cid]);
      expect((await runTask<PinsResult>("ipfs:pins")).result.pins).to.deep.equal([]);
    });

    it("rejects unpinning an unpinned CID", async function () {
      const added = await addBytes(directory, HELLO, { noPin: true });

      await expect(runTask("ipfs:unpin", { cid: added.cid })).to.be.rejectedWith(
        `${added.cid} is not pinned in the embedded store in ${storeDirectory}: nothing to unpin.`,
      );
    });

    it("rejects pinning an unknown CID", async function () {
      const unknown = rawBlockCid(new TextEncoder().encode("never added"));

      await expect(runTask("ipfs:pin", { cid: unknown })).to.be.rejectedWith(`Block ${unknown} not found`);
      expect((await runTask<PinsResult>("ipfs:pins")).result.pins).to.deep.equal([]);
    });

    it("lists pins in canonical text", async function () {
      const first = await addBytes(directory, HELLO);
      const second = await addBytes(directory, HELLO, { cidVersion: "0" });

      const { result, lines } = await runTask<PinsResult>("ipfs:pins");

      expect([...result.pins].sort()).to.deep.equal([first.cid, second.cid].sort());
      expect(lines[0]).to.equal(`2 pin(s) in the embedded store in ${storeDirectory}:`);
    });

    it("lists no pins in an empty store", async function () {
      const { result, lines } = await runTask<PinsResult>("ipfs:pins");

      expect(result.pins).to.deep.equal([]);
      expect(lines).to.deep.equal([`No pins in the embedded store in ${storeDirectory}.`]);
    });
  });

  describe("ipfs:export and ipfs:import", function () {
    it("round-trips a file into a fresh store", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS);
      const car = join(directory, "content.car");
      await runTask("ipfs:export", { cid: added.cid, out: car });
      restoreEnv();
      restoreEnv = setEnv({ IPFS_STORE_DIR: join(directory, "fresh"), IPFS_API_URL: undefined });

      const { result } = await runTask<ImportResult>("ipfs:import", { file: car });

      expect(result.roots).to.deep.equal([added.cid]);
      expect(await catBytes(directory, added.cid)).to.deep.equal(Buffer.from(FIVE_CHUNKS));
      expect((await runTask<PinsResult>("ipfs:pins")).result.pins).to.deep.equal([added.cid]);
    });

    it("writes a CARv1 with one root", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS, { cidVersion: "0" });
      const car = join(directory, "content.car");

      const { lines } = await runTask("ipfs:export", { cid: `ipfs://${added.cid}`, out: car });

      const { CarReader } = await loadCar();
      const reader = await CarReader.fromBytes(await readFile(car));
      expect(reader.version).to.equal(1);
      expect((await reader.getRoots()).map(String)).to.deep.equal([added.cid]);
      expect(lines[0]).to.include(`a CARv1 file whose only root is ${added.cid}`);
    });

    it("rejects exporting a missing CID", async function () {
      const unknown = rawBlockCid(new TextEncoder().encode("never added"));
      const car = join(directory, "missing.car");

      await expect(runTask("ipfs:export", { cid: unknown, out: car })).to.be.rejectedWith(
        `Cannot export ${unknown} from ${storeDirectory}: Block ${unknown} not found`,
      );
      expect(await exists(car)).to.equal(false);
      expect((await readdir(directory)).filter((name) => name.endsWith(".tmp"))).to.deep.equal([]);
    });

    it("rejects importing a missing file", async function () {
      const file = join(directory, "missing.car");

      await expect(runTask("ipfs:import", { file })).to.be.rejectedWith(
        `File not found: --file ${JSON.stringify(file)}`,
      );
    });

    it("rejects importing a file that is not a CAR", async function () {
      const file = join(directory, "statutes.md");
      await writeFile(file, HELLO);

      await expect(runTask("ipfs:import", { file })).to.be.rejectedWith(`Invalid CAR file of ${HELLO.length} bytes`);
      await expect(runTask("ipfs:import", { file })).to.be.rejectedWith(`Nothing was imported from ${file}.`);
      expect((await runTask<PinsResult>("ipfs:pins")).result.pins).to.deep.equal([]);
    });
  });

  describe("IPFS_STORE_DIR", function () {
    it("rejects a file", async function () {
      const file = join(directory, "not-a-folder");
      await writeFile(file, "");
      restoreEnv();
      restoreEnv = setEnv({ IPFS_STORE_DIR: file, IPFS_API_URL: undefined });

      await expect(runTask("ipfs:pins")).to.be.rejectedWith(
        `Invalid IPFS_STORE_DIR ${JSON.stringify(file)}: it is a file, not a folder.`,
      );
    });
  });

  describe("on a Kubo node", function () {
    let server: KuboTestServer;

    beforeEach(async function () {
      server = await KuboTestServer.start();
      restoreEnv();
      restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: server.url });
    });

    afterEach(async function () {
      await server.close();
    });

    it("gives the CIDs of the embedded store", async function () {
      for (const cidVersion of ["0", "1"]) {
        const onKubo = await addBytes(directory, FIVE_CHUNKS, { cidVersion });
        restoreEnv();
        restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: undefined });
        const embedded = await addBytes(directory, FIVE_CHUNKS, { cidVersion });
        restoreEnv();
        restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: server.url });

        expect(onKubo.cid, `CIDv${cidVersion}`).to.equal(embedded.cid);
        expect(onKubo.store, `CIDv${cidVersion}`).to.deep.equal({ kind: "kubo", apiUrl: `${server.url}/api/v0` });
      }
      expect(await exists(join(storeDirectory, "blocks")), "embedded store used").to.equal(true);
    });

    it("adds, pins and reads on the node", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS);

      expect(await catBytes(directory, added.cid)).to.deep.equal(Buffer.from(FIVE_CHUNKS));
      expect(await server.store.listPins()).to.deep.equal([added.cid]);
      expect((await runTask<PinsResult>("ipfs:pins")).result.pins).to.deep.equal([added.cid]);
      expect(await exists(storeDirectory), "embedded store untouched").to.equal(false);
    });

    it("names the node in its output", async function () {
      const file = join(directory, "statutes.md");
      await writeFile(file, HELLO);

      const { lines } = await runTask("ipfs:add", { file });

      expect(lines[0]).to.equal(
        `Added ${file} (${HELLO.length} bytes) to the IPFS node at ${server.url}/api/v0 (IPFS_API_URL).`,
      );
    });

    it("round-trips through a CAR into the embedded store", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS);
      const car = join(directory, "content.car");
      await runTask("ipfs:export", { cid: added.cid, out: car });
      restoreEnv();
      restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: undefined });

      const { result } = await runTask<ImportResult>("ipfs:import", { file: car });

      expect(result.roots).to.deep.equal([added.cid]);
      expect(await catBytes(directory, added.cid)).to.deep.equal(Buffer.from(FIVE_CHUNKS));
    });

    it("unpins on the node", async function () {
      const added = await addBytes(directory, HELLO);

      const { lines } = await runTask("ipfs:unpin", { cid: added.binary });

      expect(await server.store.listPins()).to.deep.equal([]);
      expect(lines[1]).to.include("The node deletes its blocks at its next garbage collection");
    });

    it("rejects a corrupted block and writes nothing", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS);
      server.corruptBlock(SECOND_LEAF);
      const out = join(directory, "copy.bin");

      await expect(runTask("ipfs:cat", { cid: added.cid, out })).to.be.rejectedWith(
        `Cannot read ${added.cid} from the Kubo RPC API at ${server.url}/api/v0: Block ${SECOND_LEAF} failed verification`,
      );
      expect(await exists(out)).to.equal(false);
      expect((await readdir(directory)).filter((name) => name.endsWith(".tmp"))).to.deep.equal([]);
    });

    it("rejects exporting a corrupted block", async function () {
      const added = await addBytes(directory, FIVE_CHUNKS);
      server.corruptBlock(SECOND_LEAF);
      const car = join(directory, "content.car");

      await expect(runTask("ipfs:export", { cid: added.cid, out: car })).to.be.rejectedWith(
        `Block ${SECOND_LEAF} failed verification`,
      );
      expect(await exists(car)).to.equal(false);
    });

    it("rejects an unknown CID", async function () {
      const unknown = rawBlockCid(new TextEncoder().encode("never added"));

      await expect(runTask("ipfs:cat", { cid: unknown })).to.be.rejectedWith(
        `Cannot read ${unknown} from the Kubo RPC API at ${server.url}/api/v0`,
      );
    });

    it("reports a node that is down", async function () {
      const downUrl = `http://127.0.0.1:${await freePort()}`;
      restoreEnv();
      restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: downUrl });

      await expect(runTask("ipfs:pins")).to.be.rejectedWith(
        `Cannot list pins on the Kubo RPC API at ${downUrl}/api/v0: cannot connect (ECONNREFUSED). ` +
          "Start the node with `ipfs daemon`, or set IPFS_API_URL",
      );
    });

    it("reports a closed port in every task", async function () {
      const added = await addBytes(directory, HELLO);
      const car = join(directory, "content.car");
      await runTask("ipfs:export", { cid: added.cid, out: car });
      const file = join(directory, "statutes.md");
      await writeFile(file, HELLO);
      const downUrl = `http://127.0.0.1:${await freePort()}`;
      restoreEnv();
      restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: downUrl });
      const runs: [string, Record<string, unknown>][] = [
        ["ipfs:add", { file }],
        ["ipfs:cat", { cid: added.cid, out: join(directory, "copy.md") }],
        ["ipfs:pin", { cid: added.cid }],
        ["ipfs:unpin", { cid: added.cid }],
        ["ipfs:pins", {}],
        ["ipfs:export", { cid: added.cid, out: join(directory, "copy.car") }],
        ["ipfs:import", { file: car }],
      ];

      for (const [name, args] of runs) {
        const error = await runTask(name, args).then(
          () => expect.fail(`${name} succeeded`),
          (failure: Error) => failure,
        );
        expect(error.message, name).to.include(`the Kubo RPC API at ${downUrl}/api/v0: `);
        expect(error.message, name).to.include("cannot connect (ECONNREFUSED).");
        expect(error.message, name).to.match(/Start the node with `ipfs daemon`, or set IPFS_API_URL.*\.$/);
        expect(error.message, name).not.to.include("ipfs:add, or import");
        expect(error.message, name).not.to.include("Give a complete CAR file");
      }
    });

    it("reports a port that fetch blocks", async function () {
      restoreEnv();
      restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: "http://127.0.0.1:1" });

      await expect(runTask("ipfs:pins")).to.be.rejectedWith(
        "Cannot list pins on the Kubo RPC API at http://127.0.0.1:1/api/v0: cannot connect: fetch blocks the " +
          "port of this address (bad port). Start the node with `ipfs daemon`, or set IPFS_API_URL",
      );
    });

    it("rejects a malformed IPFS_API_URL", async function () {
      restoreEnv();
      restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: "127.0.0.1:5001" });

      await expect(runTask("ipfs:pins")).to.be.rejectedWith(
        'Invalid IPFS_API_URL "127.0.0.1:5001": expected an http or https URL such as http://127.0.0.1:5001.',
      );
    });
  });
});
