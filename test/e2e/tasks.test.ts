import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

/** Test accounts of `hardhat node`: two founders and one outsider. */
const FOUNDER_A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const FOUNDER_B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const OUTSIDER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

describe("e2e: member and shares tasks", function () {
  this.timeout(300_000);

  let node: LocalNode;
  let env: Record<string, string>;

  /** Runs a task on the test node. */
  function task(...args: string[]): Promise<RunResult> {
    return runHardhat([...args, "--network", "localhost"], env);
  }

  before(async function () {
    node = await startNode();
    env = { LOCALHOST_RPC_URL: node.url, IPFS_STORE_DIR: await mkdtemp(path.join(tmpdir(), "coop-tasks-")) };
    const deployed = await task(
      "coop:deploy",
      "--name",
      "Tasks Coop",
      "--symbol",
      "TASKS",
      "--founders",
      `${FOUNDER_A},${FOUNDER_B}`,
    );
    expect(deployed.code, deployed.output).to.equal(0);
  });

  after(async function () {
    await node.stop();
    await rm(env.IPFS_STORE_DIR, { recursive: true, force: true });
  });

  it("refuses a symbol already recorded", async function () {
    const result = await task("coop:deploy", "--name", "Again", "--symbol", "TASKS", "--founders", FOUNDER_A);

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include("already record a cooperative");
  });

  it("subscribes shares of a founder", async function () {
    const result = await task("shares:subscribe", "--count", "3", "--from", FOUNDER_A);

    expect(result.code, result.output).to.equal(0);
    expect(result.output).to.include("subscribed 3 shares for 0.03 ETH");
  });

  it("names the error of an outsider subscribing", async function () {
    const result = await task("shares:subscribe", "--count", "1", "--from", OUTSIDER);

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include("would fail, so it was not sent");
    expect(result.output).to.include(`CoopSharesAdmissionClosed(account=${OUTSIDER}, policy=0)`);
  });

  it("proposes to admit an outsider", async function () {
    const result = await task("member:admit", "--address", OUTSIDER, "--from", FOUNDER_A, "--json");

    expect(result.code, result.output).to.equal(0);
    expect(result.output).to.include(`"proposer": "${FOUNDER_A}"`);
    expect(result.output).to.include(`#proposer=${FOUNDER_A}`);
    expect(result.output).to.match(/"uri": "ipfs:\/\/b[a-z2-7]+"/);
  });

  it("rejects a malformed reason CID", async function () {
    const result = await task("member:exclude", "--address", FOUNDER_B, "--reason-cid", "0x0155", "--from", FOUNDER_A);

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include('Invalid --reason-cid "0x0155"');
  });

  it("lists members with their shares", async function () {
    const result = await task("member:list", "--json");

    expect(result.code, result.output).to.equal(0);
    const members = JSON.parse(result.output.slice(result.output.indexOf("["))) as {
      address: string;
      shares: string;
    }[];
    expect(members.map((member) => member.address)).to.deep.equal([FOUNDER_A, FOUNDER_B]);
    expect(members[0].shares).to.equal("3");
  });
});
