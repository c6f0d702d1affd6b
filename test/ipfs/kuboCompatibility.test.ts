import { expect } from "chai";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { parseCid, toIpfsUri } from "../../src/ipfs/cidText";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { computeKuboCid } from "../../src/ipfs/kuboProfile";
import { IPFS_CID_COMMAND, IPFS_CID_INSTALL, findOnPath, runIpfsCid } from "../helpers/ipfsCidTool";
import { seededBytes } from "../helpers/seededBytes";
import { CHUNK_SIZE, MAX_LINKS, rawBlockCid } from "../helpers/unixfs";

/**
 * CIDs that Kubo's own tests expect from `ipfs add` with its default chunker and layout, in the
 * ipfs/kubo repository:
 * - test/sharness/t0040-add-and-cat.sh ("zero length file has correct hash", "ipfs add output
 *   looks good"): an empty file and the 14 bytes "Hello Worlds!\n", the empty file also with
 *   `--raw-leaves`;
 * - test/cli/add_test.go (TestAdd): the 11 bytes "hello world" with no newline, as CIDv0, as CIDv1
 *   (the setting `Import.CidVersion=1`, which `--cid-version=1` overrides per command) and as CIDv1
 *   without raw leaves.
 * CID version 1 turns on raw leaves, so a file of one chunk is one raw block, and its CID is the
 * sha2-256 digest of the content as a raw CIDv1: `rawBlockCid` checks that below.
 */
const EMPTY = new Uint8Array(0);
const EMPTY_KUBO_V0 = "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH";
const EMPTY_KUBO_V1 = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

const HELLO_WORLD = new TextEncoder().encode("hello world");
const HELLO_WORLD_KUBO_V0 = "Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD";
const HELLO_WORLD_KUBO_V1 = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
const HELLO_WORLD_KUBO_V1_DAG_PB = "bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa";

const HELLO_WORLDS = new TextEncoder().encode("Hello Worlds!\n");
const HELLO_WORLDS_KUBO_V0 = "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH";

/**
 * "hello world\n" with its newline, another file than "hello world": its CIDv0 as `ipfs_cid` prints
 * it, and its raw CIDv1 from its sha2-256 digest, both checked below.
 */
const HELLO_LINE = new TextEncoder().encode("hello world\n");
const HELLO_LINE_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
const HELLO_LINE_V1 = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";

/**
 * File sizes around the limits of Kubo's defaults: one chunk of {@link CHUNK_SIZE} bytes, and a
 * root of at most {@link MAX_LINKS} links, past which the DAG gets a second level of nodes.
 */
const SIZES: { name: string; size: number }[] = [
  { name: "empty file", size: 0 },
  { name: "one byte", size: 1 },
  { name: "one byte under a chunk", size: CHUNK_SIZE - 1 },
  { name: "exactly one chunk", size: CHUNK_SIZE },
  { name: "one byte over a chunk", size: CHUNK_SIZE + 1 },
  { name: "10 MiB and a byte", size: 10 * 1024 * 1024 + 1 },
  { name: "full root of 174 chunks", size: MAX_LINKS * CHUNK_SIZE },
  { name: "second DAG level", size: MAX_LINKS * CHUNK_SIZE + 1 },
];

/** Set to 1 (as CI does) to fail, rather than skip, when `ipfs_cid` is missing. */
const REQUIRE_VARIABLE = "REQUIRE_IPFS_CID";

/** Returns the path of `ipfs_cid`, skips the suite when it is missing, or fails when CI requires it. */
function requireIpfsCid(context: Mocha.Context): string {
  const command = findOnPath(IPFS_CID_COMMAND);
  if (command !== undefined) return command;

  const missing = `${IPFS_CID_COMMAND} not found on PATH: install it with \`${IPFS_CID_INSTALL}\``;
  if (process.env[REQUIRE_VARIABLE] === "1") throw new Error(`${missing}. ${REQUIRE_VARIABLE}=1 requires it.`);
  console.warn(`    Skipping the comparison with ${IPFS_CID_COMMAND}: ${missing}.`);
  return context.skip();
}

describe("Kubo compatibility", function () {
  describe("known CIDs", function () {
    it("empty file in CIDv1", async function () {
      expect(rawBlockCid(EMPTY), "sha2-256 as a raw CIDv1").to.equal(EMPTY_KUBO_V1);
      expect((await computeKuboCid(EMPTY, 1)).toString(), "computeKuboCid").to.equal(EMPTY_KUBO_V1);
    });

    it("hello world in CIDv1", async function () {
      expect(rawBlockCid(HELLO_WORLD), "sha2-256 as a raw CIDv1").to.equal(HELLO_WORLD_KUBO_V1);
      expect((await computeKuboCid(HELLO_WORLD, 1)).toString(), "computeKuboCid").to.equal(HELLO_WORLD_KUBO_V1);
    });

    it("hello world line in CIDv1", async function () {
      expect(rawBlockCid(HELLO_LINE), "sha2-256 as a raw CIDv1").to.equal(HELLO_LINE_V1);
      expect((await computeKuboCid(HELLO_LINE, 1)).toString(), "computeKuboCid").to.equal(HELLO_LINE_V1);
    });

    it("hello world in CIDv0", async function () {
      expect((await computeKuboCid(HELLO_WORLD, 0)).toString()).to.equal(HELLO_WORLD_KUBO_V0);
    });

    it("Hello Worlds! in CIDv0", async function () {
      expect((await computeKuboCid(HELLO_WORLDS, 0)).toString()).to.equal(HELLO_WORLDS_KUBO_V0);
    });

    it("CIDv0 converts to Kubo's dag-pb CIDv1", function () {
      expect(toIpfsUri(parseCid(HELLO_WORLD_KUBO_V0))).to.equal(`ipfs://${HELLO_WORLD_KUBO_V1_DAG_PB}`);
    });
  });

  describe("ipfs_cid", function () {
    let command: string;
    let directory: string;
    let store: EmbeddedStore;

    before(async function () {
      command = requireIpfsCid(this);
      directory = await mkdtemp(join(tmpdir(), "coop-kubo-compat-"));
      store = new EmbeddedStore(join(directory, "store"));
    });

    after(async function () {
      if (directory !== undefined) await rm(directory, { recursive: true, force: true });
    });

    /** Writes `bytes` to a new file named `name` in the test folder and returns its path. */
    async function writeInput(name: string, bytes: Uint8Array): Promise<string> {
      const path = join(directory, name);
      await writeFile(path, bytes);
      return path;
    }

    it("matches known CIDv0", async function () {
      const known = [
        { name: "empty.txt", bytes: EMPTY, cid: EMPTY_KUBO_V0 },
        { name: "hello-world.txt", bytes: HELLO_WORLD, cid: HELLO_WORLD_KUBO_V0 },
        { name: "hello-worlds.txt", bytes: HELLO_WORLDS, cid: HELLO_WORLDS_KUBO_V0 },
        { name: "hello-line.txt", bytes: HELLO_LINE, cid: HELLO_LINE_V0 },
      ];

      for (const { name, bytes, cid } of known) {
        const output = await runIpfsCid(command, await writeInput(name, bytes));
        expect(output.CIDv0, name).to.equal(cid);
      }
    });

    it("prints Kubo's dag-pb CIDv1", async function () {
      const output = await runIpfsCid(command, await writeInput("hello-world.txt", HELLO_WORLD));

      expect(output.CIDv1).to.equal(HELLO_WORLD_KUBO_V1_DAG_PB);
    });

    for (const [index, { name, size }] of SIZES.entries()) {
      it(name, async function () {
        const path = await writeInput(`${size}.bin`, seededBytes(size, index + 1));
        const expected = await runIpfsCid(command, path);

        const streamed = await computeKuboCid(createReadStream(path), 0);
        expect(streamed.toString(), "computeKuboCid from a file stream").to.equal(expected.CIDv0);
        expect(await store.addFile(path, { cidVersion: 0 }), "EmbeddedStore.addFile").to.equal(expected.CIDv0);
        expect(toIpfsUri(parseCid(expected.CIDv0)), "CIDv1 of the root block").to.equal(`ipfs://${expected.CIDv1}`);
      });
    }
  });
});
