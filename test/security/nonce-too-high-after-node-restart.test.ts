import { expect } from "chai";
import { cp, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider, Wallet, getCreateAddress } from "ethers";

import { deployImplementations } from "../../src/deploy/cooperative";
import { hardhatDevelopmentAccounts } from "../../src/toolchain/developmentKeys";
import { ROOT, runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

/**
 * A restarted `hardhat node` keeps chain id 31337 but starts from an empty chain, so every nonce is
 * 0 again. Wallets that cached nonces per chain id sent "nonce too high" transactions, and
 * deployment records of the old chain pointed to addresses without code. The tasks query nonces
 * from the node in each process, and the deploy layer redeploys what the records name when the
 * chain has no code there.
 */

const SYMBOL = "RESTART";
const FOUNDER_A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const FOUNDER_B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

/** Records that hardhat-deploy and coop:deploy write for the localhost network. */
const RECORDS = path.join(ROOT, "deployments", "localhost");

/** Development account that sends the unawaited transactions, unused by the deployments. */
const SENDER_ACCOUNT = 9;

/** Phrases of the nonce errors of Hardhat and of wallets. */
const NONCE_ERRORS = /nonce too (high|low)|invalid nonce|Nonce too high|Nonce too low/i;

interface Record {
  address: string;
}

async function recordedAddress(name: string): Promise<string> {
  return (JSON.parse(await readFile(path.join(RECORDS, `${name}.json`), "utf8")) as Record).address;
}

function expectSuccess(result: RunResult): void {
  expect(result.code, result.output).to.equal(0);
  expect(result.output).not.to.match(NONCE_ERRORS);
}

describe("Nonce too high after a node restart", function () {
  this.timeout(600_000);

  let node: LocalNode | undefined;
  let folder: string;
  /** Copy of the records that the first node's deployment wrote. */
  let savedRecords: string;
  let firstMembership: string;

  function deploy(): Promise<RunResult> {
    if (node === undefined) throw new Error("No node is running.");
    return runHardhat(
      [
        "coop:deploy",
        "--name",
        "Restart Coop",
        "--symbol",
        SYMBOL,
        "--founders",
        `${FOUNDER_A},${FOUNDER_B}`,
        "--network",
        "localhost",
      ],
      { LOCALHOST_RPC_URL: node.url, IPFS_STORE_DIR: path.join(folder, "ipfs") },
    );
  }

  before(async function () {
    folder = await mkdtemp(path.join(tmpdir(), "coop-restart-"));
    savedRecords = path.join(folder, "records");
  });

  after(async function () {
    await node?.stop();
    // The next `hardhat node` clears the records too, but tasks run without one would find this cooperative.
    for (const name of await readdir(RECORDS).catch(() => [])) {
      if (name.startsWith(`${SYMBOL}-`)) await rm(path.join(RECORDS, name), { force: true });
    }
    await rm(folder, { recursive: true, force: true });
  });

  it("deploys on the first node", async function () {
    node = await startNode();
    const result = await deploy();

    expectSuccess(result);
    firstMembership = await recordedAddress(`${SYMBOL}-membership`);
    await cp(RECORDS, savedRecords, { recursive: true });
  });

  it("stops the node by its pid", async function () {
    const stopped = node as LocalNode;
    const { pid } = stopped;
    await stopped.stop();
    node = undefined;

    expect(() => process.kill(pid, 0), `process ${pid} still runs`).to.throw();
  });

  it("redeploys on a fresh node", async function () {
    node = await startNode();
    // `hardhat node` clears deployments/localhost when it starts, but records can outlive the chain
    // they describe: copied between machines, or kept when the node was started from another folder.
    // Put the first chain's records back, as such a restart leaves them.
    await rm(RECORDS, { recursive: true, force: true });
    await cp(savedRecords, RECORDS, { recursive: true });
    expect(await readdir(RECORDS)).to.include(`${SYMBOL}-membership.json`);
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    try {
      expect(await provider.getCode(firstMembership), "the fresh chain is empty").to.equal("0x");

      const result = await deploy();

      expectSuccess(result);
      expect(result.output).to.include("whose address has no code on this chain");
      expect(result.output).to.include(`${SYMBOL}-membership (${firstMembership})`);
      for (const name of [
        "CoopMembership",
        "CoopGovernor",
        "CoopFactory",
        `${SYMBOL}-membership`,
        `${SYMBOL}-governor`,
      ]) {
        expect(await provider.getCode(await recordedAddress(name)), name).not.to.equal("0x");
      }
    } finally {
      provider.destroy();
    }
  });

  it("numbers unawaited transactions from the pending count", async function () {
    const provider = new JsonRpcProvider((node as LocalNode).url, undefined, { staticNetwork: true });
    try {
      const sender = new Wallet(hardhatDevelopmentAccounts()[SENDER_ACCOUNT].privateKey, provider);
      // Without automining, sent transactions stay pending, so each nonce must come from the pending count.
      await provider.send("evm_setAutomine", [false]);
      const first = await provider.getTransactionCount(sender.address, "pending");

      // The six deployments of the implementations are sent one after another, none waiting for the
      // one before to be mined. They may not all fit in one block, so blocks are mined until all are in.
      const deployed = deployImplementations(sender);
      const implementationCount = 6;
      await waitFor(
        async () => (await provider.getTransactionCount(sender.address, "pending")) === first + implementationCount,
      );
      while ((await provider.getTransactionCount(sender.address, "latest")) < first + implementationCount) {
        await provider.send("evm_mine", []);
      }
      const implementations = await deployed;

      // Addresses of contracts created by an account follow from its nonces, so they show which nonce each got.
      const expected = Array.from({ length: implementationCount }, (_, index) =>
        getCreateAddress({ from: sender.address, nonce: first + index }),
      );
      expect(Object.values(implementations)).to.deep.equal(expected);
      for (const address of expected) expect(await provider.getCode(address), address).not.to.equal("0x");
    } finally {
      await provider.send("evm_setAutomine", [true]);
      provider.destroy();
    }
  });
});

/** Polls `condition` every 100 ms until it holds, failing after 30 s. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("The transactions did not reach the node's pending pool within 30 s.");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
