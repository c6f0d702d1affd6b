import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { runHardhat, startNode, type LocalNode } from "../helpers/node";

/** Lines every successful demo run prints. */
const EXPECTED_LINES = [
  "pinned in",
  "signs a vote For offline, and the deployer relays it",
  "state: Succeeded",
  "state: Executed",
  "Farid is a member: true",
  "members: 6",
];

function expectCompleteRun(result: { code: number | null; output: string }): void {
  expect(result.code, result.output).to.equal(0);
  for (const line of EXPECTED_LINES) expect(result.output).to.include(line);
}

describe("e2e: demo", function () {
  this.timeout(240_000);

  /** Folder of the embedded store that the demo pins its document to, instead of the project's. */
  let storeDirectory: string;

  before(async function () {
    storeDirectory = await mkdtemp(path.join(tmpdir(), "coop-demo-"));
  });

  after(async function () {
    await rm(storeDirectory, { recursive: true, force: true });
  });

  it("runs on the embedded network", async function () {
    expectCompleteRun(await runHardhat(["run", "scripts/demo.ts"], { IPFS_STORE_DIR: storeDirectory }));
  });

  describe("against hardhat node", function () {
    let node: LocalNode | undefined;

    afterEach(async function () {
      await node?.stop();
      node = undefined;
    });

    it("runs twice on one node", async function () {
      node = await startNode();
      const env = { LOCALHOST_RPC_URL: node.url, IPFS_STORE_DIR: storeDirectory };
      expectCompleteRun(await runHardhat(["run", "scripts/demo.ts", "--network", "localhost"], env));
      const second = await runHardhat(["run", "scripts/demo.ts", "--network", "localhost"], env);
      expectCompleteRun(second);
      expect(second.output).to.include('reusing "CoopMembership"');
    });

    it("runs again after a node restart", async function () {
      node = await startNode();
      expectCompleteRun(
        await runHardhat(["run", "scripts/demo.ts", "--network", "localhost"], {
          LOCALHOST_RPC_URL: node.url,
          IPFS_STORE_DIR: storeDirectory,
        }),
      );
      await node.stop();
      node = await startNode();
      expectCompleteRun(
        await runHardhat(["run", "scripts/demo.ts", "--network", "localhost"], {
          LOCALHOST_RPC_URL: node.url,
          IPFS_STORE_DIR: storeDirectory,
        }),
      );
    });
  });
});
