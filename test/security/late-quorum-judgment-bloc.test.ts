import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { DEFAULT_SETTINGS } from "../../src/deploy/cooperative";
import { impersonate } from "../helpers/accounts";
import {
  OUTCOMES,
  judgmentState,
  openJudgment,
  partsOfGrades,
  plainOptions,
  signJudgmentBallot,
  type JudgmentHandle,
} from "../helpers/judgment";
import { deployTwentyMemberCooperative, type TwentyMemberCooperative } from "../helpers/twentyMembers";

/**
 * The late-quorum attack on a majority judgment. Twenty members grade two suppliers and need six
 * ballots for quorum. One member grades early. The members who expect the quorum to fail stay
 * home, and a bloc of five casts its ballots in the last seconds for the supplier it favours. The
 * ballot that reaches the quorum late moves the deadline to that time plus the late-quorum
 * extension, so the fourteen others can still grade and choose the other supplier. The deadline
 * moves once, never past the quorum time plus the extension.
 */

/** Quorum in percent: 30% of twenty members is six ballots. */
const QUORUM_PERCENT = 30;

const BLOC_SIZE = 5;

/** Seconds of voting left after a quorum reached late: one hour. */
const EXTENSION = BigInt(DEFAULT_SETTINGS.lateQuorumExtension);

/** Grades on the default scale of six: the bloc's supplier at the best grade, the other at the worst. */
const BLOC_BALLOT = [5, 0];
const OTHERS_BALLOT = [0, 5];

interface BlocFixture extends TwentyMemberCooperative {
  earlyVoter: HardhatEthersSigner;
  bloc: HardhatEthersSigner[];
  others: HardhatEthersSigner[];
  proposal: JudgmentHandle;
  originalDeadline: bigint;
}

async function deployBlocFixture(): Promise<BlocFixture> {
  const { members, ...coop } = await deployTwentyMemberCooperative(QUORUM_PERCENT);
  const [earlyVoter, ...rest] = members;
  const bloc = rest.slice(0, BLOC_SIZE);
  const others = rest.slice(BLOC_SIZE);
  const proposal = await openJudgment(coop.judgment, earlyVoter, plainOptions(2));
  await coop.judgment.connect(earlyVoter).castBallot(proposal.id, BLOC_BALLOT);
  const { deadline } = await coop.judgment.proposalDetails(proposal.id);
  return { ...coop, members, earlyVoter, bloc, others, proposal, originalDeadline: deadline };
}

/** Sends the ballot of `voter` in a block at `timestamp`. */
async function gradeAt(fixture: BlocFixture, voter: HardhatEthersSigner, grades: number[], timestamp: bigint) {
  await time.setNextBlockTimestamp(timestamp);
  return fixture.judgment.connect(voter).castBallot(fixture.proposal.id, grades);
}

/** Casts the bloc's ballots in consecutive seconds; the last, at `quorumAt`, reaches the quorum. */
async function blocBallots(fixture: BlocFixture, quorumAt: bigint) {
  const { bloc, judgment } = fixture;
  for (const [index, member] of bloc.slice(0, -1).entries()) {
    const castAt = quorumAt - BigInt(bloc.length - 1 - index);
    await expect(gradeAt(fixture, member, BLOC_BALLOT, castAt)).not.to.emit(judgment, "ProposalExtended");
  }
  return gradeAt(fixture, bloc[bloc.length - 1], BLOC_BALLOT, quorumAt);
}

async function outcomeName(fixture: BlocFixture): Promise<string> {
  const [result] = await fixture.judgment.outcome(fixture.proposal.id);
  return OUTCOMES[Number(result)];
}

describe("Late-quorum bloc in a majority judgment", function () {
  describe("bloc grades in final seconds", function () {
    it("extends deadline on quorum", async function () {
      const fixture = await loadFixture(deployBlocFixture);
      const quorumAt = fixture.originalDeadline;

      await expect(blocBallots(fixture, quorumAt))
        .to.emit(fixture.judgment, "ProposalExtended")
        .withArgs(fixture.proposal.id, quorumAt + EXTENSION);
      expect((await fixture.judgment.proposalDetails(fixture.proposal.id)).deadline).to.equal(quorumAt + EXTENSION);
    });

    it("keeps grading open past original deadline", async function () {
      const fixture = await loadFixture(deployBlocFixture);
      await blocBallots(fixture, fixture.originalDeadline);
      await time.increaseTo(fixture.originalDeadline + 1n);

      expect(await judgmentState(fixture.judgment, fixture.proposal.id)).to.equal("Active");
    });

    it("lets the others choose their supplier", async function () {
      const fixture = await loadFixture(deployBlocFixture);
      await blocBallots(fixture, fixture.originalDeadline);
      for (const member of fixture.others) {
        await fixture.judgment.connect(member).castBallot(fixture.proposal.id, OTHERS_BALLOT);
      }
      await time.increaseTo(fixture.originalDeadline + EXTENSION + 1n);

      const [, leaders] = await fixture.judgment.outcome(fixture.proposal.id);
      expect([...leaders]).to.deep.equal([1n]);
    });

    it("wins when the others stay home", async function () {
      const fixture = await loadFixture(deployBlocFixture);
      await blocBallots(fixture, fixture.originalDeadline);
      await time.increaseTo(fixture.originalDeadline + EXTENSION + 1n);

      expect(await outcomeName(fixture)).to.equal("Winner");
    });

    it("extends only once", async function () {
      const fixture = await loadFixture(deployBlocFixture);
      const quorumAt = fixture.originalDeadline;
      await blocBallots(fixture, quorumAt);

      for (const [index, member] of fixture.others.slice(0, 3).entries()) {
        const castAt = quorumAt + EXTENSION - 3n + BigInt(index);
        await expect(gradeAt(fixture, member, OTHERS_BALLOT, castAt)).not.to.emit(fixture.judgment, "ProposalExtended");
      }
      expect((await fixture.judgment.proposalDetails(fixture.proposal.id)).deadline).to.equal(quorumAt + EXTENSION);
    });

    it("rejects ballots after extended deadline", async function () {
      const fixture = await loadFixture(deployBlocFixture);
      await blocBallots(fixture, fixture.originalDeadline);
      await time.increaseTo(fixture.originalDeadline + EXTENSION);

      await expect(
        fixture.judgment.connect(fixture.others[0]).castBallot(fixture.proposal.id, OTHERS_BALLOT),
      ).to.be.revertedWithCustomError(fixture.judgment, "CoopJudgmentUnexpectedState");
    });

    it("accepts signed ballots until extended deadline", async function () {
      const fixture = await loadFixture(deployBlocFixture);
      await blocBallots(fixture, fixture.originalDeadline);
      const [voter] = fixture.others;
      const signature = await signJudgmentBallot(fixture.judgment, voter, fixture.proposal.id, OTHERS_BALLOT);
      await time.setNextBlockTimestamp(fixture.originalDeadline + EXTENSION);

      await expect(
        fixture.judgment.castBallotBySig(fixture.proposal.id, voter.address, OTHERS_BALLOT, signature),
      ).to.emit(fixture.judgment, "BallotCast");
    });
  });

  describe("quorum reached in time", function () {
    it("keeps deadline on early quorum", async function () {
      const fixture = await loadFixture(deployBlocFixture);

      await expect(blocBallots(fixture, fixture.originalDeadline - EXTENSION)).not.to.emit(
        fixture.judgment,
        "ProposalExtended",
      );
    });

    it("keeps deadline when quorum came before final window", async function () {
      const fixture = await loadFixture(deployBlocFixture);
      await blocBallots(fixture, fixture.originalDeadline - EXTENSION - 10n);

      await expect(gradeAt(fixture, fixture.others[0], OTHERS_BALLOT, fixture.originalDeadline - 1n)).not.to.emit(
        fixture.judgment,
        "ProposalExtended",
      );
    });

    it("keeps deadline on replaced ballot", async function () {
      const fixture = await loadFixture(deployBlocFixture);
      const { bloc } = fixture;
      for (const member of bloc.slice(0, -1)) {
        await fixture.judgment.connect(member).castBallot(fixture.proposal.id, BLOC_BALLOT);
      }

      await expect(gradeAt(fixture, fixture.earlyVoter, OTHERS_BALLOT, fixture.originalDeadline)).not.to.emit(
        fixture.judgment,
        "ProposalExtended",
      );
    });
  });

  describe("fractional ballot", function () {
    it("extends deadline on quorum", async function () {
      const fixture = await loadFixture(deployBlocFixture);
      const { bloc, judgment, proposal } = fixture;
      const quorumAt = fixture.originalDeadline;
      for (const member of bloc.slice(0, -1)) {
        await judgment.connect(member).castBallot(proposal.id, BLOC_BALLOT);
      }
      const last = bloc[bloc.length - 1];
      const weight = await fixture.membership.getVotes(last.address);
      await time.setNextBlockTimestamp(quorumAt);

      await expect(judgment.connect(last).castFractionalBallot(proposal.id, partsOfGrades(BLOC_BALLOT, 6, weight)))
        .to.emit(judgment, "ProposalExtended")
        .withArgs(proposal.id, quorumAt + EXTENSION);
    });
  });

  describe("protection off", function () {
    it("keeps deadline with zero extension", async function () {
      const fixture = await loadFixture(deployBlocFixture);
      const timelockSigner = await impersonate(await fixture.timelock.getAddress());
      const { votingDelay, votingPeriod, quorumPercent, gradeCount, minimumGrade } = await fixture.judgment.settings();
      await fixture.judgment
        .connect(timelockSigner)
        .setSettings({ votingDelay, votingPeriod, quorumPercent, gradeCount, minimumGrade, lateQuorumExtension: 0n });
      const proposal = await openJudgment(fixture.judgment, fixture.earlyVoter, plainOptions(3));
      const { deadline } = await fixture.judgment.proposalDetails(proposal.id);
      const voters = fixture.members.slice(0, 6);
      for (const member of voters.slice(0, -1)) {
        await fixture.judgment.connect(member).castBallot(proposal.id, [5, 0, 0]);
      }
      await time.setNextBlockTimestamp(deadline);

      await expect(fixture.judgment.connect(voters[voters.length - 1]).castBallot(proposal.id, [5, 0, 0])).not.to.emit(
        fixture.judgment,
        "ProposalExtended",
      );
    });
  });
});
