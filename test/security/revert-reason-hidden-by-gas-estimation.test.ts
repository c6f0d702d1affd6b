import { expect } from "chai";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider, parseUnits, type JsonRpcSigner } from "ethers";

import { describeRevert } from "../../src/cli/errors";
import { buildProposal, propose } from "../../src/governance/proposals";
import {
  CoopGovernor__factory,
  CoopMembership__factory,
  FeeRouter__factory,
  TokenMock__factory,
  type TokenMock,
} from "../../typechain-types";
import { send, sendInUnits } from "../../tasks/lib";
import { admitAction, testDescription } from "../helpers/governance";
import { ROOT, runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

/**
 * When a call would revert, the gas estimate fails first, and tools reported only "cannot estimate
 * gas" (UNPREDICTABLE_GAS_LIMIT in ethers 5), with the contract's reason buried inside. Users tuned
 * gas settings instead of fixing the call. The tasks simulate each transaction and print the
 * decoded custom error with its arguments, against a real `hardhat node` over JSON-RPC.
 */

const SYMBOL = "REVERT";
const FOUNDER_A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const FOUNDER_B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
/** A node account that is not a member and has a little of the test token. */
const CUSTOMER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const SELLER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
/** Node account that deploys the test token, unused by the cooperative. */
const TOKEN_DEPLOYER_INDEX = 18;

/** An id that no proposal has. */
const MISSING_PROPOSAL = 123_456_789n;

/** Wordings of a failed gas estimate that hide the reason. */
const GAS_ESTIMATE_WORDING = /cannot estimate gas|UNPREDICTABLE_GAS_LIMIT|estimateGas|gas required exceeds/i;

describe("Revert reason hidden by gas estimation", function () {
  this.timeout(300_000);

  let node: LocalNode;
  let provider: JsonRpcProvider;
  let folder: string;
  let token: TokenMock;
  let governorAddress: string;
  let routerAddress: string;

  /** Runs a task on the test node. */
  function task(...args: string[]): Promise<RunResult> {
    return runHardhat([...args, "--network", "localhost"], {
      LOCALHOST_RPC_URL: node.url,
      IPFS_STORE_DIR: path.join(folder, "ipfs"),
    });
  }

  async function recordedAddress(part: string): Promise<string> {
    const record = path.join(ROOT, "deployments", "localhost", `${SYMBOL}-${part}.json`);
    return (JSON.parse(await readFile(record, "utf8")) as { address: string }).address;
  }

  function expectDecodedFailure(result: RunResult, expected: string): void {
    expect(result.code, result.output).not.to.equal(0);
    expect(result.output).to.include(expected);
    expect(result.output).not.to.match(GAS_ESTIMATE_WORDING);
  }

  before(async function () {
    node = await startNode();
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    folder = await mkdtemp(path.join(tmpdir(), "coop-revert-"));
    token = await new TokenMock__factory(await provider.getSigner(TOKEN_DEPLOYER_INDEX)).deploy();
    await token.waitForDeployment();
    await (await token.mint(CUSTOMER, parseUnits("1", 6))).wait();

    const deployed = await task(
      "coop:deploy",
      "--name",
      "Revert Coop",
      "--symbol",
      SYMBOL,
      "--founders",
      `${FOUNDER_A},${FOUNDER_B}`,
      "--fee-tokens",
      await token.getAddress(),
    );
    expect(deployed.code, deployed.output).to.equal(0);
    governorAddress = await recordedAddress("governor");
    routerAddress = await recordedAddress("feeRouter");
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    // Tasks run later without a node of their own would otherwise find this cooperative's records.
    const records = path.join(ROOT, "deployments", "localhost");
    for (const name of await readdir(records).catch(() => [])) {
      if (name.startsWith(`${SYMBOL}-`)) await rm(path.join(records, name), { force: true });
    }
  });

  describe("tasks", function () {
    it("names a missing proposal", async function () {
      const result = await task("coop:vote", "--id", String(MISSING_PROPOSAL), "--support", "for", "--from", FOUNDER_A);

      expectDecodedFailure(result, `Proposal ${MISSING_PROPOSAL} was not found in cooperative ${SYMBOL}`);
    });

    /** Proposes to admit the seller with the description `title`, and opens the vote. Returns its id. */
    async function openVote(title: string): Promise<bigint> {
      const member = await provider.getSigner(FOUNDER_A);
      const governor = CoopGovernor__factory.connect(governorAddress, member);
      const membership = CoopMembership__factory.connect(await recordedAddress("membership"), member);
      const proposal = buildProposal([await admitAction(membership, SELLER)], testDescription(title), FOUNDER_A);
      const id = await propose(governor, proposal);
      // Moves past the voting delay of the task's default settings, 60 s, so that voting is open.
      await provider.send("evm_increaseTime", [120]);
      await provider.send("evm_mine", []);
      return id;
    }

    it("decodes a second vote", async function () {
      const id = await openVote("Admit the seller");

      const first = await task("coop:vote", "--id", String(id), "--support", "for", "--from", FOUNDER_A);
      expect(first.code, first.output).to.equal(0);

      const second = await task("coop:vote", "--id", String(id), "--support", "for", "--from", FOUNDER_A);

      expectDecodedFailure(second, `Vote would fail, so it was not sent: GovernorAlreadyCastVote(voter=${FOUNDER_A})`);
    });

    it("names a vote from a non-member", async function () {
      const id = await openVote("Admit the seller next spring");

      const result = await task("coop:vote", "--id", String(id), "--support", "for", "--from", CUSTOMER);

      expectDecodedFailure(result, `${CUSTOMER} is not a member of ${SYMBOL}, so it cannot vote`);
    });

    it("names a payment above the balance", async function () {
      const result = await task(
        "pay:send",
        "--to",
        SELLER,
        "--amount",
        "5",
        "--token",
        await token.getAddress(),
        "--from",
        CUSTOMER,
      );

      // The task checks the balance before it simulates the payment, and names both amounts in the token's units.
      expectDecodedFailure(result, `${CUSTOMER} holds 1.0 tEUR, less than the 5.0 tEUR to pay.`);
    });
  });

  describe("transactions sent from TypeScript", function () {
    let member: JsonRpcSigner;
    let customer: JsonRpcSigner;

    before(async function () {
      member = await provider.getSigner(FOUNDER_A);
      customer = await provider.getSigner(CUSTOMER);
    });

    it("decodes a vote on a missing proposal", async function () {
      const governor = CoopGovernor__factory.connect(governorAddress, member);

      const error = await send("Vote", governor.castVote, MISSING_PROPOSAL, 1).then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );

      expect(error?.message).to.equal(
        `Vote would fail, so it was not sent: GovernorNonexistentProposal(proposalId=${MISSING_PROPOSAL})`,
      );
    });

    it("decodes a payment without allowance", async function () {
      const router = FeeRouter__factory.connect(routerAddress, customer);
      const units = { address: await token.getAddress(), symbol: "tEUR", decimals: 6 };
      const amount = parseUnits("0.5", 6);

      const error = await sendInUnits("Payment", units, router.pay, SELLER, units.address, amount, "0x").then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );

      expect(error?.message).to.equal(
        `Payment would fail, so it was not sent: ERC20InsufficientAllowance(spender=${routerAddress}, allowance=0.0 tEUR, needed=0.5 tEUR)`,
      );
    });

    it("decodes a failed gas estimate", async function () {
      const governor = CoopGovernor__factory.connect(governorAddress, member);

      const error = await governor.castVote.estimateGas(MISSING_PROPOSAL, 1).then(
        () => undefined,
        (caught: unknown) => caught,
      );

      expect(error, "the estimate fails").not.to.equal(undefined);
      expect(describeRevert(error)).to.equal(`GovernorNonexistentProposal(proposalId=${MISSING_PROPOSAL})`);
    });
  });
});
