import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, ZeroAddress, toQuantity } from "ethers";

import { toIpfsUri } from "../../src/ipfs/cidText";
import { cidV1Sha256 } from "../helpers/cid";
import { runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

/** Test accounts of `hardhat node`: two founders and one outsider. */
const FOUNDER_A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const FOUNDER_B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const OUTSIDER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const CANDIDATE = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";

/** Binary CID and `ipfs://` URI of a document giving the reason for an exclusion. */
const REASON_CID = cidV1Sha256("Reason for the exclusion");
const REASON_URI = toIpfsUri(REASON_CID);

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
    expect(result.output).to.include(`CoopSharesAdmissionClosed(account=${OUTSIDER}, policy=Governance (0))`);
  });

  it("names a balance too low for the transaction", async function () {
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    const funded = await provider.getBalance(FOUNDER_B);
    await provider.send("hardhat_setBalance", [FOUNDER_B, toQuantity(4096n)]);
    try {
      const result = await task("shares:subscribe", "--count", "2", "--from", FOUNDER_B);

      expect(result.code).to.not.equal(0);
      expect(result.output).to.include("insufficient balance: the sending account has 0.000000000000004096 ETH");
      expect(await provider.getBalance(FOUNDER_B)).to.equal(4096n);
    } finally {
      await provider.send("hardhat_setBalance", [FOUNDER_B, toQuantity(funded)]);
      provider.destroy();
    }
  });

  it("proposes to admit an outsider", async function () {
    const result = await task("member:admit", "--address", OUTSIDER, "--from", FOUNDER_A, "--json");

    expect(result.code, result.output).to.equal(0);
    expect(result.output).to.include(`"proposer": "${FOUNDER_A}"`);
    expect(result.output).to.include(`#proposer=${FOUNDER_A}`);
    expect(result.output).to.match(/"uri": "ipfs:\/\/b[a-z2-7]+"/);
  });

  it("rejects a proposal from an outsider", async function () {
    const result = await task("member:admit", "--address", CANDIDATE, "--from", OUTSIDER);

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include(
      `${OUTSIDER} is not a member of TASKS, so it cannot propose: pass --from with a member's address.`,
    );
    expect(result.output).to.not.include("GovernorInsufficientProposerVotes");
  });

  it("rejects admitting the zero address", async function () {
    const result = await task("member:admit", "--address", ZeroAddress, "--from", FOUNDER_A);

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include("the zero address cannot be a member");
  });

  it("rejects excluding a non-member", async function () {
    const result = await task(
      "member:exclude",
      "--address",
      CANDIDATE,
      "--reason-cid",
      REASON_URI,
      "--from",
      FOUNDER_A,
    );

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include(`${CANDIDATE} is not a member of TASKS: there is no one to exclude.`);
  });

  it("rejects an exclusion without reason", async function () {
    const missing = await task("member:exclude", "--address", FOUNDER_B, "--from", FOUNDER_A);
    const empty = await task("member:exclude", "--address", FOUNDER_B, "--reason-cid", "0x", "--from", FOUNDER_A);

    expect(missing.code).to.not.equal(0);
    expect(missing.output).to.include("--reason-cid");
    expect(empty.code).to.not.equal(0);
    expect(empty.output).to.include("Missing reason: an exclusion needs --reason-cid");
  });

  it("rejects a malformed text reason CID", async function () {
    const result = await task(
      "member:exclude",
      "--address",
      FOUNDER_B,
      "--reason-cid",
      "bafy-not-a-cid",
      "--from",
      FOUNDER_A,
    );

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include('Invalid --reason-cid: Invalid CID "bafy-not-a-cid"');
  });

  it("takes the reason as an IPFS URI", async function () {
    const result = await task(
      "member:exclude",
      "--address",
      FOUNDER_B,
      "--reason-cid",
      REASON_URI,
      "--from",
      FOUNDER_A,
      "--json",
    );

    expect(result.code, result.output).to.equal(0);
    expect(result.output).to.include(REASON_CID);
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
