import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { DEFAULT_SETTINGS } from "../../src/deploy/cooperative";
import { VoteSupport, proposalState } from "../../src/governance/proposals";
import {
  admitAction,
  endVote,
  openProposal,
  proposalStateBitmap,
  testDescription,
  voteAll,
  type ProposalHandle,
} from "../helpers/governance";
import { labelledAddress } from "../helpers/shares";
import { TWENTY_MEMBERS, deployTwentyMemberCooperative, type TwentyMemberCooperative } from "../helpers/twentyMembers";

/**
 * When turnout is low, members who expect a proposal to miss its quorum stay home, and a
 * coalition can reach the quorum in the last seconds of the vote, leaving the other members no time to respond.
 * Here twenty members need six votes for quorum: one member votes for early, and a coalition of
 * five votes for in the final seconds. Reaching quorum late moves the deadline to the quorum
 * time plus the late-quorum extension, so the fourteen others can still vote against and defeat
 * the proposal. The deadline moves once, and never past the quorum time plus the extension.
 */

/** Quorum in percent: 30% of twenty members is six votes. */
const QUORUM_PERCENT = 30;
const QUORUM_VOTES = 6n;

const COALITION_SIZE = 5;

/** Seconds of voting left after a quorum reached late: one hour. */
const EXTENSION = BigInt(DEFAULT_SETTINGS.lateQuorumExtension);

/** Index of `Defeated` in `IGovernor.ProposalState`. */
const DEFEATED = 3n;

/** Twenty members, an open proposal, and the one member who voted for it early. */
interface WhaleFixture extends TwentyMemberCooperative {
  earlyVoter: HardhatEthersSigner;
  /** The five members who vote for in the final seconds. */
  coalition: HardhatEthersSigner[];
  /** The fourteen members who have not voted. */
  others: HardhatEthersSigner[];
  proposal: ProposalHandle;
  /** The deadline set when the proposal was created. */
  originalDeadline: bigint;
}

async function deployWhaleFixture(): Promise<WhaleFixture> {
  const { members, ...coop } = await deployTwentyMemberCooperative(QUORUM_PERCENT);
  const [earlyVoter, ...rest] = members;
  const coalition = rest.slice(0, COALITION_SIZE);
  const others = rest.slice(COALITION_SIZE);
  const proposal = await openProposal(
    coop.governor,
    earlyVoter,
    [await admitAction(coop.membership, labelledAddress("coalition candidate"))],
    testDescription("Admit the coalition's candidate"),
  );
  await coop.governor.connect(earlyVoter).castVote(proposal.id, VoteSupport.For);
  const originalDeadline = await coop.governor.proposalDeadline(proposal.id);
  return { ...coop, members, earlyVoter, coalition, others, proposal, originalDeadline };
}

/** Sends the vote of `voter` in a block at `timestamp`. */
async function voteAt(fixture: WhaleFixture, voter: HardhatEthersSigner, support: VoteSupport, timestamp: bigint) {
  await time.setNextBlockTimestamp(timestamp);
  return fixture.governor.connect(voter).castVote(fixture.proposal.id, support);
}

/**
 * Casts the coalition's votes in favour in consecutive seconds, the last one at `quorumAt`. That
 * last vote reaches the quorum, and the function returns its transaction.
 */
async function coalitionVotes(fixture: WhaleFixture, quorumAt: bigint) {
  const { coalition } = fixture;
  for (const [index, member] of coalition.slice(0, -1).entries()) {
    const votedAt = quorumAt - BigInt(coalition.length - 1 - index);
    await expect(voteAt(fixture, member, VoteSupport.For, votedAt)).not.to.emit(fixture.governor, "ProposalExtended");
  }
  return voteAt(fixture, coalition[coalition.length - 1], VoteSupport.For, quorumAt);
}

describe("Late-quorum whale", function () {
  it("needs six votes for quorum", async function () {
    const { governor, membership, proposal } = await loadFixture(deployWhaleFixture);
    const snapshot = await governor.proposalSnapshot(proposal.id);

    expect(await membership.getPastTotalSupply(snapshot)).to.equal(BigInt(TWENTY_MEMBERS));
    expect(await governor.quorum(snapshot)).to.equal(QUORUM_VOTES);
  });

  it("misses quorum with early vote alone", async function () {
    const { governor, proposal } = await loadFixture(deployWhaleFixture);

    const [againstVotes, forVotes, abstainVotes] = await governor.proposalVotes(proposal.id);

    expect([againstVotes, forVotes, abstainVotes]).to.deep.equal([0n, 1n, 0n]);
  });

  describe("coalition votes in final seconds", function () {
    it("extends deadline on quorum", async function () {
      const fixture = await loadFixture(deployWhaleFixture);
      const { governor, proposal, originalDeadline } = fixture;

      await expect(coalitionVotes(fixture, originalDeadline))
        .to.emit(governor, "ProposalExtended")
        .withArgs(proposal.id, originalDeadline + EXTENSION);

      expect(await governor.proposalDeadline(proposal.id)).to.equal(originalDeadline + EXTENSION);
    });

    it("keeps vote open past original deadline", async function () {
      const fixture = await loadFixture(deployWhaleFixture);
      const { governor, proposal, originalDeadline } = fixture;
      await coalitionVotes(fixture, originalDeadline);

      await time.increaseTo(originalDeadline + 1n);

      expect(await proposalState(governor, proposal.id)).to.equal("Active");
    });

    it("lets the others defeat it", async function () {
      const fixture = await loadFixture(deployWhaleFixture);
      const { governor, proposal, originalDeadline, others } = fixture;
      await coalitionVotes(fixture, originalDeadline);
      await time.increaseTo(originalDeadline + 1n);

      await voteAll(governor, proposal.id, others, VoteSupport.Against);
      await endVote(governor, proposal.id);

      const [againstVotes, forVotes, abstainVotes] = await governor.proposalVotes(proposal.id);
      expect(againstVotes).to.equal(BigInt(others.length));
      expect(forVotes).to.equal(QUORUM_VOTES);
      expect(abstainVotes).to.equal(0n);
      expect(await proposalState(governor, proposal.id)).to.equal("Defeated");
    });

    it("passes when the others stay home", async function () {
      const fixture = await loadFixture(deployWhaleFixture);
      const { governor, proposal, originalDeadline } = fixture;
      await coalitionVotes(fixture, originalDeadline);

      await endVote(governor, proposal.id);

      expect(await proposalState(governor, proposal.id)).to.equal("Succeeded");
    });
  });

  describe("extension bound", function () {
    it("extends only once", async function () {
      const fixture = await loadFixture(deployWhaleFixture);
      const { governor, proposal, originalDeadline, others } = fixture;
      await coalitionVotes(fixture, originalDeadline);
      const lastSecond = originalDeadline + EXTENSION;

      for (const [index, member] of others.entries()) {
        const votedAt = lastSecond - BigInt(others.length - 1 - index);
        await expect(voteAt(fixture, member, VoteSupport.Against, votedAt)).not.to.emit(governor, "ProposalExtended");
      }

      expect(await governor.proposalDeadline(proposal.id)).to.equal(originalDeadline + EXTENSION);
    });

    it("rejects votes after extended deadline", async function () {
      const fixture = await loadFixture(deployWhaleFixture);
      const { governor, proposal, originalDeadline, others } = fixture;
      await coalitionVotes(fixture, originalDeadline);
      await voteAll(governor, proposal.id, others.slice(0, -1), VoteSupport.Against);
      const latecomer = others[others.length - 1];

      await endVote(governor, proposal.id);

      await expect(governor.connect(latecomer).castVote(proposal.id, VoteSupport.Against))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(proposal.id, DEFEATED, proposalStateBitmap("Active"));
    });

    it("moves deadline to quorum time plus extension", async function () {
      const fixture = await loadFixture(deployWhaleFixture);
      const { governor, proposal, originalDeadline } = fixture;
      const quorumAt = originalDeadline - EXTENSION / 2n;

      await expect(coalitionVotes(fixture, quorumAt))
        .to.emit(governor, "ProposalExtended")
        .withArgs(proposal.id, quorumAt + EXTENSION);

      expect(await governor.proposalDeadline(proposal.id)).to.equal(quorumAt + EXTENSION);
      expect(quorumAt + EXTENSION).to.be.lessThan(originalDeadline + EXTENSION);
    });

    it("keeps deadline on early quorum", async function () {
      const fixture = await loadFixture(deployWhaleFixture);
      const { governor, proposal, originalDeadline } = fixture;
      const quorumAt = originalDeadline - EXTENSION;

      await expect(coalitionVotes(fixture, quorumAt)).not.to.emit(governor, "ProposalExtended");

      expect(await governor.proposalDeadline(proposal.id)).to.equal(originalDeadline);
    });

    // NOTE: the extension reacts only to the first time quorum is reached. After an early quorum,
    // a bloc that swings the majority in the last seconds leaves the others no time to respond.
    it("keeps deadline on late swing after early quorum", async function () {
      const fixture = await loadFixture(deployWhaleFixture);
      const { governor, proposal, originalDeadline, others } = fixture;
      await coalitionVotes(fixture, originalDeadline - EXTENSION);
      const swing = others.slice(0, Number(QUORUM_VOTES) + 1);

      for (const [index, member] of swing.entries()) {
        const votedAt = originalDeadline - BigInt(swing.length - 1 - index);
        await expect(voteAt(fixture, member, VoteSupport.Against, votedAt)).not.to.emit(governor, "ProposalExtended");
      }
      await endVote(governor, proposal.id);

      expect(await governor.proposalDeadline(proposal.id)).to.equal(originalDeadline);
      expect(await proposalState(governor, proposal.id)).to.equal("Defeated");
    });
  });
});
