import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { VoteSupport } from "../../src/governance/proposals";
import { mirrorNonce, signMirrorBallot, signMirrorVote } from "../../src/federation/mirrorSignatures";
import {
  deployFederationFixture,
  endMirror,
  openFederationJudgment,
  openFederationProposal,
  type FederationFixture,
} from "../helpers/federation";
import { contractAction } from "../helpers/governance";
import { plainOptions } from "../helpers/judgment";

/** The federation fixture with one yes/no and one majority-judgment proposal mirrored into both cooperatives. */
interface MirroredFixture extends FederationFixture {
  voteMirror: bigint;
  ballotMirror: bigint;
}

async function deployMirroredFixture(): Promise<MirroredFixture> {
  const fixture = await deployFederationFixture();
  const { federation, relayA, relayB } = fixture;
  const action = await contractAction(federation.membership, "setProbationPeriod", [0]);
  const proposal = await openFederationProposal(federation, relayA, [action]);
  const handle = await openFederationJudgment(federation, relayB, plainOptions(3));
  for (const relay of [relayA, relayB]) {
    await relay.mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
    await relay.mirrorJudgment(handle.id, handle.options, false, handle.description);
  }
  return {
    ...fixture,
    voteMirror: await relayA.mirrorIdOf(await federation.governor.getAddress(), proposal.id),
    ballotMirror: await relayA.mirrorIdOf(await federation.judgment.getAddress(), handle.id),
  };
}

describe("FederationRelay signed votes", function () {
  describe("castVoteBySig", function () {
    it("counts the signer's vote", async function () {
      const { relayA, coopA, outsiders, voteMirror } = await loadFixture(deployMirroredFixture);
      const signature = await signMirrorVote(relayA, coopA.members[0], voteMirror, VoteSupport.For);

      await expect(
        relayA.connect(outsiders[0]).castVoteBySig(voteMirror, coopA.members[0].address, VoteSupport.For, signature),
      )
        .to.emit(relayA, "MirrorVoteCast")
        .withArgs(coopA.members[0].address, voteMirror, 0n, 1n, 0n, "");
    });

    it("uses the mirror's nonce", async function () {
      const { relayA, coopA, voteMirror } = await loadFixture(deployMirroredFixture);
      const voter = coopA.members[0];
      const before = await mirrorNonce(relayA, voter.address, voteMirror);
      const signature = await signMirrorVote(relayA, voter, voteMirror, VoteSupport.For);
      await relayA.castVoteBySig(voteMirror, voter.address, VoteSupport.For, signature);

      expect(await mirrorNonce(relayA, voter.address, voteMirror)).to.equal(before + 1n);
    });

    it("rejects another signer", async function () {
      const { relayA, coopA, voteMirror } = await loadFixture(deployMirroredFixture);
      const signature = await signMirrorVote(relayA, coopA.members[1], voteMirror, VoteSupport.For);

      await expect(relayA.castVoteBySig(voteMirror, coopA.members[0].address, VoteSupport.For, signature))
        .to.be.revertedWithCustomError(relayA, "RelayInvalidSignature")
        .withArgs(coopA.members[0].address);
    });

    it("rejects changed support", async function () {
      const { relayA, coopA, voteMirror } = await loadFixture(deployMirroredFixture);
      const signature = await signMirrorVote(relayA, coopA.members[0], voteMirror, VoteSupport.For);

      await expect(
        relayA.castVoteBySig(voteMirror, coopA.members[0].address, VoteSupport.Against, signature),
      ).to.be.revertedWithCustomError(relayA, "RelayInvalidSignature");
    });

    it("rejects after the deadline", async function () {
      const { relayA, coopA, voteMirror } = await loadFixture(deployMirroredFixture);
      const signature = await signMirrorVote(relayA, coopA.members[0], voteMirror, VoteSupport.For);
      await endMirror(relayA, voteMirror);

      await expect(relayA.castVoteBySig(voteMirror, coopA.members[0].address, VoteSupport.For, signature))
        .to.be.revertedWithCustomError(relayA, "RelayUnexpectedState")
        .withArgs(voteMirror, 1);
    });
  });

  describe("castBallotBySig", function () {
    it("counts the signer's grades", async function () {
      const { relayA, coopA, outsiders, ballotMirror } = await loadFixture(deployMirroredFixture);
      const grades = [5, 255, 2];
      const signature = await signMirrorBallot(relayA, coopA.members[2], ballotMirror, grades);

      await expect(
        relayA.connect(outsiders[0]).castBallotBySig(ballotMirror, coopA.members[2].address, grades, signature),
      )
        .to.emit(relayA, "MirrorBallotCast")
        .withArgs(coopA.members[2].address, ballotMirror, grades, 1n);
    });

    it("rejects changed grades", async function () {
      const { relayA, coopA, ballotMirror } = await loadFixture(deployMirroredFixture);
      const signature = await signMirrorBallot(relayA, coopA.members[2], ballotMirror, [5, 4, 2]);

      await expect(relayA.castBallotBySig(ballotMirror, coopA.members[2].address, [5, 4, 3], signature))
        .to.be.revertedWithCustomError(relayA, "RelayInvalidSignature")
        .withArgs(coopA.members[2].address);
    });
  });
});
