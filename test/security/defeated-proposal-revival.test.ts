import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import {
  DEFAULT_SETTINGS,
  deployCooperative,
  deployImplementations,
  type Cooperative,
} from "../../src/deploy/cooperative";
import { VoteSupport, proposalState, queue } from "../../src/governance/proposals";
import {
  admitAction,
  contractAction,
  endVote,
  openProposal,
  passProposal,
  proposalStateBitmap,
  voteAll,
  type ProposalHandle,
} from "../helpers/governance";

/**
 * A proposal that failed only for lack of quorum must stay defeated when the quorum is later
 * lowered, or when members leave so that the same votes would now reach it. Both the quorum
 * fraction and the total weight are read at the proposal's snapshot.
 */

const MEMBER_COUNT = 10;
const QUORUM_PERCENT = 40;

/** Quorum at the defeated proposal's snapshot: 40% of ten members. */
const QUORUM_AT_SNAPSHOT = 4n;

/** Quorum after the change, which the three votes for would reach: 25% of ten, or 40% of five. */
const QUORUM_AFTER_CHANGE = 2n;

/** Index of `Defeated` in `IGovernor.ProposalState`. */
const DEFEATED = 3n;

/** Ten members, quorum 40%, and a proposal that ended with three votes for and none against. */
interface RevivalFixture extends Cooperative {
  members: HardhatEthersSigner[];
  defeated: ProposalHandle;
}

async function deployRevivalFixture(): Promise<RevivalFixture> {
  const [deployer, ...others] = await ethers.getSigners();
  const members = others.slice(0, MEMBER_COUNT);
  const newcomer = others[MEMBER_COUNT];
  const coop = await deployCooperative(deployer, await deployImplementations(deployer), {
    name: "Ten Member Cooperative",
    symbol: "TEN",
    founders: members.map((member) => member.address),
    settings: { ...DEFAULT_SETTINGS, quorumPercent: QUORUM_PERCENT },
  });
  const defeated = await openProposal(
    coop.governor,
    members[0],
    [await admitAction(coop.membership, newcomer.address)],
    "Admit a newcomer",
  );
  await voteAll(coop.governor, defeated.id, members.slice(0, 3), VoteSupport.For);
  await endVote(coop.governor, defeated.id);
  return { ...coop, members, defeated };
}

/**
 * Lowers the quorum to 25% through a proposal that five members pass: a change of the voting
 * rules is extraordinary, so it needs half of the members.
 */
async function lowerQuorum(fixture: RevivalFixture): Promise<void> {
  const { governor, members } = fixture;
  await passProposal(
    governor,
    members[0],
    members.slice(0, 5),
    [await contractAction(governor, "updateQuorumNumerator", [25n])],
    "Lower the quorum",
  );
}

/** Has the last five members resign. */
async function halveMembership(fixture: RevivalFixture): Promise<void> {
  for (const member of fixture.members.slice(5)) await fixture.membership.connect(member).resign();
}

describe("Defeated proposal revival", function () {
  it("defeats proposal below quorum", async function () {
    const { governor, defeated } = await loadFixture(deployRevivalFixture);

    expect(await governor.quorum(await governor.proposalSnapshot(defeated.id))).to.equal(QUORUM_AT_SNAPSHOT);
    expect(await proposalState(governor, defeated.id)).to.equal("Defeated");
  });

  describe("after quorum is lowered", function () {
    it("lowers quorum for new proposals", async function () {
      const fixture = await loadFixture(deployRevivalFixture);

      await lowerQuorum(fixture);
      const loweredAt = await time.latest();
      await time.increase(1);

      expect(await fixture.governor["quorumNumerator()"]()).to.equal(25n);
      expect(await fixture.governor.quorum(loweredAt)).to.equal(QUORUM_AFTER_CHANGE);
    });

    it("keeps quorum at snapshot", async function () {
      const fixture = await loadFixture(deployRevivalFixture);
      const { governor, defeated } = fixture;

      await lowerQuorum(fixture);

      expect(await governor.quorum(await governor.proposalSnapshot(defeated.id))).to.equal(QUORUM_AT_SNAPSHOT);
    });

    it("stays defeated", async function () {
      const fixture = await loadFixture(deployRevivalFixture);

      await lowerQuorum(fixture);

      expect(await proposalState(fixture.governor, fixture.defeated.id)).to.equal("Defeated");
    });

    it("rejects queueing", async function () {
      const fixture = await loadFixture(deployRevivalFixture);
      const { governor, defeated } = fixture;

      await lowerQuorum(fixture);

      await expect(queue(governor, defeated.proposal))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(defeated.id, DEFEATED, proposalStateBitmap("Succeeded"));
    });
  });

  describe("after members leave", function () {
    it("lowers current quorum", async function () {
      const fixture = await loadFixture(deployRevivalFixture);

      await halveMembership(fixture);
      const leftAt = await time.latest();
      await time.increase(1);

      expect(await fixture.membership.memberCount()).to.equal(BigInt(MEMBER_COUNT / 2));
      expect(await fixture.governor.quorum(leftAt)).to.equal(QUORUM_AFTER_CHANGE);
    });

    it("keeps total weight at snapshot", async function () {
      const fixture = await loadFixture(deployRevivalFixture);
      const { governor, membership, defeated } = fixture;

      await halveMembership(fixture);

      const snapshot = await governor.proposalSnapshot(defeated.id);
      expect(await membership.getPastTotalSupply(snapshot)).to.equal(BigInt(MEMBER_COUNT));
      expect(await governor.quorum(snapshot)).to.equal(QUORUM_AT_SNAPSHOT);
    });

    it("stays defeated", async function () {
      const fixture = await loadFixture(deployRevivalFixture);

      await halveMembership(fixture);

      expect(await proposalState(fixture.governor, fixture.defeated.id)).to.equal("Defeated");
    });

    it("rejects queueing", async function () {
      const fixture = await loadFixture(deployRevivalFixture);
      const { governor, defeated } = fixture;

      await halveMembership(fixture);

      await expect(queue(governor, defeated.proposal))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(defeated.id, DEFEATED, proposalStateBitmap("Succeeded"));
    });
  });
});
