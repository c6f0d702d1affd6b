import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { DEFAULT_SETTINGS, deployCooperative, type Cooperative } from "../../src/deploy/cooperative";
import { VoteSupport } from "../../src/governance/proposals";
import type { CoopMembership } from "../../typechain-types";
import { admitAction, contractAction, openProposal, passProposal } from "../helpers/governance";
import { deployMembershipFixture, type MembershipFixture } from "../helpers/membership";

/**
 * Checkpointed voting tokens give a holder no votes until it delegates, even to itself, so fresh
 * members and member cooperatives (whose votes come from their timelock) silently count zero.
 * Admission delegates each member to itself, so a vote counts from the next second without any
 * delegation transaction, for a person and for a contract.
 */

/** Settings of a member cooperative: its whole decision fits inside the parent's one-day vote. */
const CHILD_SETTINGS = {
  votingDelay: 60,
  votingPeriod: 6 * 60 * 60,
  quorumPercent: 25,
  lateQuorumExtension: 60 * 60,
  timelockDelay: 60 * 60,
};

/** A parent cooperative that admitted a child cooperative, represented by the child's timelock. */
interface FederationFixture extends MembershipFixture {
  child: Cooperative;
  childFounders: HardhatEthersSigner[];
  childTimelock: string;
}

async function deployFederationFixture(): Promise<FederationFixture> {
  const parent = await deployMembershipFixture();
  const childFounders = parent.outsiders.slice(0, 3);
  const child = await deployCooperative(parent.deployer, parent.implementations, {
    name: "Child Cooperative",
    symbol: "CHILD",
    founders: childFounders.map((founder) => founder.address),
    settings: CHILD_SETTINGS,
  });
  const childTimelock = await child.timelock.getAddress();
  await parent.byTimelock.admit(childTimelock);
  return { ...parent, child, childFounders, childTimelock };
}

/**
 * Returns each change of `member`'s delegate as [previous, new]. Admission makes the first one, and
 * any later entry would come from a delegation transaction. Unlike the member's nonce, this does
 * not depend on what earlier test files did with the same account.
 */
async function delegationsOf(membership: CoopMembership, member: string): Promise<[string, string][]> {
  const events = await membership.queryFilter(membership.filters.DelegateChanged(member));
  return events.map((event) => [event.args.fromDelegate, event.args.toDelegate]);
}

describe("Zero votes until delegation", function () {
  describe("people", function () {
    it("counts founder vote without delegation", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployMembershipFixture);
      for (const founder of founders) {
        expect(await delegationsOf(membership, founder.address), founder.address).to.deep.equal([
          [ethers.ZeroAddress, founder.address],
        ]);
      }
      const { id } = await openProposal(governor, founders[0], [await admitAction(membership, outsiders[0].address)]);

      await expect(governor.connect(founders[1]).castVote(id, VoteSupport.For))
        .to.emit(governor, "VoteCast")
        .withArgs(founders[1].address, id, VoteSupport.For, 1n, "");
    });

    it("delegates to self on admission", async function () {
      const { membership, byTimelock, outsiders } = await loadFixture(deployMembershipFixture);
      const newcomer = outsiders[0].address;

      await expect(byTimelock.admit(newcomer))
        .to.emit(membership, "DelegateChanged")
        .withArgs(newcomer, ethers.ZeroAddress, newcomer);

      expect(await membership.getVotes(newcomer)).to.equal(1n);
    });

    it("counts vote from next second", async function () {
      const { membership, byTimelock, outsiders } = await loadFixture(deployMembershipFixture);
      const newcomer = outsiders[0].address;

      await byTimelock.admit(newcomer);
      const admittedAt = await time.latest();
      await time.increase(1);

      expect(await membership.getPastVotes(newcomer, admittedAt - 1)).to.equal(0n);
      expect(await membership.getPastVotes(newcomer, admittedAt)).to.equal(1n);
    });

    it("counts newcomer vote without delegation", async function () {
      const { governor, membership, byTimelock, founders, outsiders } = await loadFixture(deployMembershipFixture);
      const newcomer = outsiders[0];
      await byTimelock.admit(newcomer.address);
      const { id } = await openProposal(governor, founders[0], [await admitAction(membership, outsiders[1].address)]);

      expect(await delegationsOf(membership, newcomer.address)).to.deep.equal([[ethers.ZeroAddress, newcomer.address]]);
      await expect(governor.connect(newcomer).castVote(id, VoteSupport.For))
        .to.emit(governor, "VoteCast")
        .withArgs(newcomer.address, id, VoteSupport.For, 1n, "");
    });
  });

  describe("member cooperative", function () {
    it("fits child decision in parent vote", async function () {
      const childDecision = CHILD_SETTINGS.votingDelay + CHILD_SETTINGS.votingPeriod + CHILD_SETTINGS.timelockDelay;

      expect(childDecision).to.be.lessThan(DEFAULT_SETTINGS.votingPeriod);
    });

    it("gives child timelock one vote", async function () {
      const { membership, childTimelock } = await loadFixture(deployFederationFixture);

      expect(await membership.isMember(childTimelock)).to.equal(true);
      expect(await membership.getVotes(childTimelock)).to.equal(1n);
    });

    it("gives child governor no vote", async function () {
      const { membership, child } = await loadFixture(deployFederationFixture);
      const childGovernor = await child.governor.getAddress();

      expect(await membership.isMember(childGovernor)).to.equal(false);
      expect(await membership.getVotes(childGovernor)).to.equal(0n);
    });

    it("counts child vote through its proposal", async function () {
      const { governor, membership, founders, outsiders, child, childFounders, childTimelock } =
        await loadFixture(deployFederationFixture);
      const parentProposal = await openProposal(governor, founders[0], [
        await admitAction(membership, outsiders[5].address),
      ]);

      await passProposal(
        child.governor,
        childFounders[0],
        childFounders,
        [await contractAction(governor, "castVote", [parentProposal.id, VoteSupport.For])],
        "Vote for the parent's proposal",
      );

      const [, forVotes] = await governor.proposalVotes(parentProposal.id);
      expect(await governor.hasVoted(parentProposal.id, childTimelock)).to.equal(true);
      expect(forVotes).to.equal(1n);
      expect(await time.latest()).to.be.lessThan(await governor.proposalDeadline(parentProposal.id));
    });
  });
});
