import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { concat, hexlify } from "ethers";
import { base32upper } from "multiformats/bases/base32";
import { base36 } from "multiformats/bases/base36";
import { base58btc } from "multiformats/bases/base58";
import { CID } from "multiformats/cid";

import type { CidDescription } from "../../src/ipfs/cidInspect";
import { decodeCidV0Text, encodeCidV1Text } from "../helpers/cid";
import { runTask, setEnv } from "../helpers/inProcessTask";
import { kuboFileCid, patternBytes } from "../helpers/unixfs";

/** Kubo's CIDv0 of "hello world\n", from `echo "hello world" | ipfs add`. */
const HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
/** The CIDv1 of the same dag-pb block: version 1, codec dag-pb, same multihash. */
const HELLO_V1 = encodeCidV1Text(concat(["0x01", "0x70", decodeCidV0Text(HELLO_V0)]));

const FILE_BYTES = patternBytes(300_000);

type FileDescription = CidDescription & { file: string; size: number };

describe("ipfs:cid", function () {
  let directory: string;
  let restoreEnv: () => void;

  beforeEach(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-ipfs-cid-"));
    restoreEnv = setEnv({ IPFS_STORE_DIR: join(directory, "store"), IPFS_API_URL: undefined });
  });

  afterEach(async function () {
    restoreEnv();
    await rm(directory, { recursive: true, force: true });
  });

  describe("--cid", function () {
    it("inspects a CIDv0", async function () {
      const { result } = await runTask<CidDescription>("ipfs:cid", { cid: HELLO_V0 });

      expect(result.version).to.equal(0);
      expect(result.codec).to.deep.equal({ code: 0x70, name: "dag-pb" });
      expect(result.multihash.name).to.equal("sha2-256");
      expect(result.multihash.length).to.equal(32);
      expect(result.multihash.digest).to.equal(hexlify(CID.parse(HELLO_V0).multihash.digest));
      expect(result.v0).to.equal(HELLO_V0);
      expect(result.v1).to.equal(HELLO_V1);
      expect(result.uri).to.equal(`ipfs://${HELLO_V1}`);
      expect(result.binary).to.equal(hexlify(CID.parse(HELLO_V0).bytes));
    });

    it("gives a CIDv1 its CIDv0 form", async function () {
      const { result } = await runTask<CidDescription>("ipfs:cid", { cid: HELLO_V1 });

      expect(result.version).to.equal(1);
      expect(result.v0).to.equal(HELLO_V0);
      expect(result.binary).to.equal(hexlify(CID.parse(HELLO_V1).bytes));
    });

    it("describes every spelling alike", async function () {
      const cid = CID.parse(HELLO_V1);
      const spellings = [
        cid.toString(base32upper),
        cid.toString(base36),
        cid.toString(base58btc),
        `ipfs://${HELLO_V1}`,
        `IPFS://${HELLO_V1}`,
        hexlify(cid.bytes),
        hexlify(cid.bytes).toUpperCase().replace("0X", "0x"),
      ];
      const { result: expected } = await runTask<CidDescription>("ipfs:cid", { cid: HELLO_V1 });

      for (const spelling of spellings) {
        const { result } = await runTask<CidDescription>("ipfs:cid", { cid: spelling });
        expect(result, spelling).to.deep.equal(expected);
      }
    });

    it("has no CIDv0 for raw content", async function () {
      const raw = kuboFileCid(new TextEncoder().encode("raw leaf"), 1);

      const { result, lines } = await runTask<CidDescription>("ipfs:cid", { cid: raw });

      expect(result.codec).to.deep.equal({ code: 0x55, name: "raw" });
      expect(result.v0).to.equal(null);
      expect(lines).to.include("  CIDv0:     none: only dag-pb content with a 32-byte sha2-256 digest has a CIDv0");
    });

    it("names an unknown hash function", async function () {
      // A CIDv1 of raw content with a blake2b-256 multihash (0xb220, varint a0 e4 02) of 32 zero bytes.
      const binary = `0x0155a0e40220${"00".repeat(32)}`;

      const { result } = await runTask<CidDescription>("ipfs:cid", { cid: binary });

      expect(result.multihash.name).to.equal("blake2b-256");
      expect(result.binary).to.equal(binary);
    });

    it("prints each form", async function () {
      const { lines } = await runTask("ipfs:cid", { cid: HELLO_V0 });

      expect(lines[0]).to.equal(`CID ${HELLO_V0}`);
      expect(lines).to.include(`  CIDv1:     ${HELLO_V1} (base32)`);
      expect(lines).to.include(`  URI:       ipfs://${HELLO_V1}`);
    });

    it("prints JSON with --json", async function () {
      const { result, lines } = await runTask<CidDescription>("ipfs:cid", { cid: HELLO_V0, json: true });

      expect(JSON.parse(lines.join("\n"))).to.deep.equal(result);
    });

    it("rejects a truncated CID", async function () {
      const truncated = HELLO_V1.slice(0, 20);

      await expect(runTask("ipfs:cid", { cid: truncated })).to.be.rejectedWith(
        `Invalid --cid: Invalid CID ${JSON.stringify(truncated)}`,
      );
    });

    it("rejects a malformed binary CID", async function () {
      await expect(runTask("ipfs:cid", { cid: "0x1220abcd" })).to.be.rejectedWith(
        'Invalid --cid: Invalid CID "0x1220abcd": expected the 0x-prefixed hex of a binary CID',
      );
      await expect(runTask("ipfs:cid", { cid: "0x1220abcd" })).to.be.rejectedWith(
        "but the binary CID is truncated: its multihash gives a length of 34 bytes, and it has 4.",
      );
    });

    it("rejects --cid-version with --cid", async function () {
      await expect(runTask("ipfs:cid", { cid: HELLO_V0, cidVersion: "1" })).to.be.rejectedWith(
        "--cid-version goes with --file",
      );
    });
  });

  describe("--file", function () {
    it("computes Kubo's CIDs without storing", async function () {
      const file = join(directory, "statutes.bin");
      await writeFile(file, FILE_BYTES);

      const v1 = await runTask<FileDescription>("ipfs:cid", { file });
      const v0 = await runTask<FileDescription>("ipfs:cid", { file, cidVersion: "0" });

      expect(v1.result.cid).to.equal(kuboFileCid(FILE_BYTES, 1));
      expect(v0.result.cid).to.equal(kuboFileCid(FILE_BYTES, 0));
      expect(v1.result.size).to.equal(FILE_BYTES.length);
      expect(v1.lines[0]).to.equal(
        `${file} (${FILE_BYTES.length} bytes) has CID ${v1.result.cid} with CIDv1; nothing was stored.`,
      );
      const storeCreated = await stat(join(directory, "store")).then(
        () => true,
        () => false,
      );
      expect(storeCreated).to.equal(false);
    });

    it("rejects a missing file", async function () {
      const file = join(directory, "missing.md");

      await expect(runTask("ipfs:cid", { file })).to.be.rejectedWith(`File not found: --file ${JSON.stringify(file)}`);
    });

    it("rejects a bad --cid-version", async function () {
      const file = join(directory, "statutes.bin");
      await writeFile(file, FILE_BYTES);

      await expect(runTask("ipfs:cid", { file, cidVersion: "2" })).to.be.rejectedWith('Invalid --cid-version "2"');
    });
  });

  it("rejects both --cid and --file", async function () {
    await expect(runTask("ipfs:cid", { cid: HELLO_V0, file: "statutes.md" })).to.be.rejectedWith(
      "Give --cid TEXT to inspect a CID, or --file PATH to compute a file's CID: exactly one of them.",
    );
  });

  it("rejects neither --cid nor --file", async function () {
    await expect(runTask("ipfs:cid")).to.be.rejectedWith("exactly one of them");
  });
});
