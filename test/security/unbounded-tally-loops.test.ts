import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { VoteSupport, buildProposal, propose } from "../../src/governance/proposals";
import { deployCoopFixture, type CoopFixture } from "../helpers/fixtures";
import { admitAction, endVote, openProposal, passProposal, testDescription, voteAll } from "../helpers/governance";

/**
 * Governance that loops over voters, delegators or actions at read time can be made to run out of
 * gas by a griefer who adds enough of them, after which the vote never closes. Here weights are
 * checkpoints updated once per change, each vote updates one tally, and a proposal's actions are
 * capped at creation, so neither `state()` nor a vote costs more as voters accumulate.
 */

/** Members admitted on top of the five founders. */
const NEW_MEMBERS = 10;

/** Largest relative difference allowed between two gas figures of the same step, in percent. */
const GAS_SPREAD_PERCENT = 2;

interface CrowdFixture extends CoopFixture {
  members: CoopFixture["founders"];
}

async function deployCrowdFixture(): Promise<CrowdFixture> {
  const fixture = await deployCoopFixture();
  const { governor, membership, founders, outsiders } = fixture;
  const newcomers = outsiders.slice(0, NEW_MEMBERS);
  await passProposal(
    governor,
    founders[0],
    founders.slice(0, 3),
    await Promise.all(newcomers.map((newcomer) => admitAction(membership, newcomer.address))),
    "Admit ten members",
  );
  return { ...fixture, members: [...founders, ...newcomers] };
}

function spreadPercent(first: bigint, second: bigint): number {
  const [low, high] = first < second ? [first, second] : [second, first];
  return Number(((high - low) * 10_000n) / low) / 100;
}

describe("Unbounded tally loops", function () {
  describe("actions per proposal", function () {
    it("rejects a proposal over the cap", async function () {
      const { governor, charter, founders } = await loadFixture(deployCoopFixture);
      const maxActions = await charter.MAX_ACTIONS();
      const actions = Array.from({ length: Number(maxActions) + 1 }, () => ({
        target: founders[1].address,
        data: "0x",
      }));
      const proposal = buildProposal(actions, testDescription("Too many payments"), founders[0].address);

      await expect(propose(governor.connect(founders[0]), proposal))
        .to.be.revertedWithCustomError(charter, "CoopCharterTooManyActions")
        .withArgs(maxActions + 1n, maxActions);
    });

    it("executes a proposal at the cap", async function () {
      const { governor, charter, founders } = await loadFixture(deployCoopFixture);
      const maxActions = Number(await charter.MAX_ACTIONS());
      const payees = Array.from({ length: maxActions }, (_, index) =>
        ethers.getAddress(`0x${(0x10000 + index).toString(16).padStart(40, "0")}`),
      );

      const { id } = await passProposal(
        governor,
        founders[0],
        founders.slice(0, 3),
        payees.map((payee) => ({ target: payee, data: "0x" })),
        "Sixty-four empty payments",
      );

      expect(await governor.state(id)).to.equal(7n); // Executed
    });
  });

  describe("weights and tallies", function () {
    it("keeps state() cost flat as votes accumulate", async function () {
      const { governor, membership, members, outsiders } = await loadFixture(deployCrowdFixture);
      const { id } = await openProposal(governor, members[0], [await admitAction(membership, outsiders[12].address)]);
      await governor.connect(members[0]).castVote(id, VoteSupport.For);
      const afterOneVote = await governor.state.estimateGas(id);

      await voteAll(governor, id, members.slice(1), VoteSupport.For);
      const afterAllVotes = await governor.state.estimateGas(id);

      expect(spreadPercent(afterOneVote, afterAllVotes)).to.be.at.most(GAS_SPREAD_PERCENT);
    });

    it("keeps vote cost flat as votes accumulate", async function () {
      const { governor, membership, members, outsiders } = await loadFixture(deployCrowdFixture);
      const { id } = await openProposal(governor, members[0], [await admitAction(membership, outsiders[12].address)]);
      await governor.connect(members[0]).castVote(id, VoteSupport.Against);
      const secondVote = await (await governor.connect(members[1]).castVote(id, VoteSupport.Against)).wait();

      await voteAll(governor, id, members.slice(2, -1), VoteSupport.Against);
      const lastVote = await (
        await governor.connect(members[members.length - 1]).castVote(id, VoteSupport.Against)
      ).wait();

      expect(spreadPercent(secondVote!.gasUsed, lastVote!.gasUsed)).to.be.at.most(GAS_SPREAD_PERCENT);
    });

    it("closes the vote with every member voting", async function () {
      const { governor, membership, members, outsiders } = await loadFixture(deployCrowdFixture);
      const { id } = await openProposal(governor, members[0], [await admitAction(membership, outsiders[12].address)]);
      await voteAll(governor, id, members, VoteSupport.For);
      await endVote(governor, id);

      expect(await governor.state(id)).to.equal(4n); // Succeeded
    });
  });
});
