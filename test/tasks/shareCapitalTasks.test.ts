import { expect } from "chai";

import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { formatEther, parseEther } from "ethers";

import { CoopGovernor__factory, CoopShares__factory, type CoopGovernor, type CoopShares } from "../../typechain-types";
import { VoteSupport, execute, queue, type Proposal } from "../../src/governance/proposals";
import { loadCoopAddresses } from "../../tasks/lib";
import { EXAMPLE_CONFIG } from "../helpers/config";
import { deployRecordedCoop, failureOf, runTask } from "../helpers/inProcessTask";

/** What the proposing tasks print with --json, as far as these tests read it. */
interface ProposalJson {
  proposalId: string;
  proposal: { targets: string[]; values: string[]; calldatas: string[]; description: string };
}

/** Symbol of the cooperative that this file deploys from the example config. */
const SYMBOL = "BAKERS";

/**
 * Runs `name` on this file's cooperative. Other test files may leave cooperatives recorded on the
 * same network, so every task names it with --coop.
 */
function runCoopTask(name: string, args: Record<string, unknown>): ReturnType<typeof runTask> {
  return runTask(name, { coop: SYMBOL, ...args });
}

/** Runs `name` with --json and parses what it printed. */
async function runJson<T>(name: string, args: Record<string, unknown>): Promise<T> {
  const { lines } = await runCoopTask(name, { ...args, json: true });
  return JSON.parse(lines.join("\n")) as T;
}

// The example config sets a nominal value of 0.05 ETH, and its three founders are signers 1 to 3.
describe("share tasks of losses and interest", function () {
  this.timeout(120_000);

  let forget: () => Promise<void>;
  let shares: CoopShares;
  let governor: CoopGovernor;
  let founders: HardhatEthersSigner[];

  before(async function () {
    ({ forget } = await deployRecordedCoop(SYMBOL, { coopConfig: EXAMPLE_CONFIG, salt: "capital-tasks" }));
    const addresses = await loadCoopAddresses(hre, SYMBOL);
    shares = CoopShares__factory.connect(addresses.shares, ethers.provider);
    governor = CoopGovernor__factory.connect(addresses.governor, ethers.provider);
    founders = (await ethers.getSigners()).slice(1, 4);
    await runCoopTask("shares:subscribe", { count: 4, from: founders[0].address });
  });

  after(async function () {
    await forget();
  });

  /** Has every founder vote for the proposal that a task printed, then queues and executes it. */
  async function pass(printed: ProposalJson): Promise<void> {
    const id = BigInt(printed.proposalId);
    const proposal: Proposal = printed.proposal;
    await time.increaseTo((await governor.proposalSnapshot(id)) + 1n);
    for (const founder of founders) await governor.connect(founder).castVote(id, VoteSupport.For);
    await time.increaseTo((await governor.proposalDeadline(id)) + 1n);
    await queue(governor.connect(founders[0]), proposal);
    await time.increaseTo(await governor.proposalEta(id));
    await execute(governor.connect(founders[0]), proposal);
  }

  describe("shares:losses", function () {
    it("shows no losses", async function () {
      const { lines } = await runCoopTask("shares:losses", {});

      expect(lines).to.deep.equal([
        "Losses charged to capital: 0.0 ETH of 0.2 ETH",
        "Redemption value of a share: 0.05 ETH (nominal 0.05 ETH)",
      ]);
    });

    it("proposes recording losses", async function () {
      const printed = await runJson<ProposalJson>("shares:losses", { record: "0.04", from: founders[0].address });

      expect(printed.proposal.targets).to.deep.equal([await shares.getAddress()]);
      expect(printed.proposal.calldatas).to.deep.equal([
        shares.interface.encodeFunctionData("recordLosses", [parseEther("0.04")]),
      ]);
      await pass(printed);
      expect(await shares.recordedLosses()).to.equal(parseEther("0.04"));
    });

    it("shows reduced value", async function () {
      const { lines } = await runCoopTask("shares:losses", {});

      expect(lines[1]).to.equal("Redemption value of a share: 0.04 ETH (nominal 0.05 ETH)");
    });

    it("proposes recording recovery", async function () {
      const printed = await runJson<ProposalJson>("shares:losses", { recover: "0.04", from: founders[1].address });

      await pass(printed);
      expect(await shares.redemptionValue()).to.equal(parseEther("0.05"));
    });

    it("rejects losses above capital", async function () {
      const message = await failureOf(runCoopTask("shares:losses", { record: "0.3", from: founders[0].address }));

      expect(message).to.include("losses would reach 0.3 ETH, above the capital of 0.2 ETH");
    });

    it("rejects recovery above losses", async function () {
      const message = await failureOf(runCoopTask("shares:losses", { recover: "0.01", from: founders[0].address }));

      expect(message).to.include("only 0.0 ETH of losses are recorded");
    });

    it("rejects both changes at once", async function () {
      const message = await failureOf(runCoopTask("shares:losses", { record: "0.01", recover: "0.01" }));

      expect(message).to.include("Give --record or --recover, not both");
    });

    it("rejects malformed amount", async function () {
      const message = await failureOf(runCoopTask("shares:losses", { record: "1,5", from: founders[0].address }));

      expect(message).to.include('Invalid --record "1,5"');
    });

    it("rejects zero amount", async function () {
      const message = await failureOf(runCoopTask("shares:losses", { record: "0", from: founders[0].address }));

      expect(message).to.include("the amount must be above 0 ETH");
    });
  });

  describe("shares:interest", function () {
    it("proposes rate", async function () {
      const printed = await runJson<ProposalJson>("shares:interest", { proposeRate: 500, from: founders[2].address });

      expect(printed.proposal.calldatas).to.deep.equal([shares.interface.encodeFunctionData("setInterestRate", [500])]);
      await pass(printed);
      expect(await shares.interestRateBps()).to.equal(500n);
    });

    it("shows interest owed", async function () {
      await time.increase(365 * 86_400);
      const { lines } = await runCoopTask("shares:interest", { address: founders[0].address });

      // 4 shares of 0.05 ETH at 5% for the year since the rate's execution.
      expect(lines).to.deep.equal([
        "Interest on shares: 5% a year of the nominal value",
        "Interest pot: 0.0 ETH",
        `${founders[0].address} holds 4 shares and is owed 0.01 ETH of interest`,
      ]);
    });

    it("explains short pot", async function () {
      const message = await failureOf(runCoopTask("shares:interest", { claim: true, from: founders[0].address }));

      expect(message).to.include("more than the 0.0 ETH in the interest pot");
    });

    it("claims interest", async function () {
      await shares.connect(founders[2]).fundInterest(parseEther("1"), { value: parseEther("1") });

      const printed = await runJson<{ claimed: string; to: string }>("shares:interest", {
        claim: true,
        to: founders[2].address,
        from: founders[0].address,
      });

      expect(BigInt(printed.claimed)).to.be.greaterThan(parseEther("0.01"));
      expect(await shares.interestPot()).to.equal(parseEther("1") - BigInt(printed.claimed));
    });

    it("funds the pot", async function () {
      const before = await shares.interestPot();

      await runCoopTask("shares:interest", { fund: "0.5", from: founders[1].address });

      expect(await shares.interestPot()).to.equal(before + parseEther("0.5"));
    });

    it("prints the funded pot", async function () {
      const before = await shares.interestPot();

      const { lines } = await runCoopTask("shares:interest", { fund: "0.25", from: founders[1].address });

      expect(lines).to.deep.equal([
        `${founders[1].address} added 0.25 ETH to the interest pot, which now holds ${formatEther(before + parseEther("0.25"))} ETH.`,
      ]);
    });

    it("rejects zero funding", async function () {
      const message = await failureOf(runCoopTask("shares:interest", { fund: "0", from: founders[1].address }));

      expect(message).to.include('Invalid --fund "0": the amount must be above 0 ETH');
    });

    it("rejects funding with a claim", async function () {
      const message = await failureOf(runCoopTask("shares:interest", { fund: "1", claim: true }));

      expect(message).to.include("Give --fund on its own");
    });

    it("rejects claim with nothing owed", async function () {
      const message = await failureOf(runCoopTask("shares:interest", { claim: true, from: founders[1].address }));

      expect(message).to.include("is owed no interest");
    });

    it("rejects rate above maximum", async function () {
      const message = await failureOf(runCoopTask("shares:interest", { proposeRate: 601, from: founders[0].address }));

      expect(message).to.include("Invalid --propose-rate 601: expected basis points from 0 to 600 (6%)");
    });

    it("rejects claim with rate proposal", async function () {
      const message = await failureOf(runCoopTask("shares:interest", { claim: true, proposeRate: 100 }));

      expect(message).to.include("Give --claim or --propose-rate, not both");
    });
  });
});
