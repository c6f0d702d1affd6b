import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { FEDERATION_MEMBER_WEIGHT } from "../../src/deploy/federation";
import type { FederationRelay } from "../../typechain-types";
import { impersonate } from "../helpers/accounts";
import { FRACTIONAL_SUPPORT, contractAction, packFractionalVote } from "../helpers/governance";
import {
  deployTwoLevelFixture,
  endMirror,
  mirrorFederationJudgment,
  mirrorFederationProposal,
  openFederationJudgment,
  openFederationProposal,
  type FederationProposal,
  type TwoLevelFixture,
} from "../helpers/federation";
import { plainOptions, type JudgmentHandle } from "../helpers/judgment";

/**
 * A relay adds its cooperative's whole weight to a federation vote. If its result could be cast
 * twice, or a relay below could give more than its weight to a mirror, or a member could vote twice
 * on a mirror, one cooperative would count more than the federation gave it. A mirror is cast
 * upward once, its votes are checked against each voter's weight at the snapshot, and each
 * account votes once. The federation's fractional counting also caps what the relay can add.
 */

const [AGAINST, FOR] = [0, 1];

/** A regional proposal mirrored into relays A and B, and a global one mirrored into the regional relay. */
interface DoubleCastFixture extends TwoLevelFixture {
  proposal: FederationProposal;
  mirrorId: bigint;
  globalJudgment: JudgmentHandle;
  regionalMirror: bigint;
}

async function deployDoubleCastFixture(): Promise<DoubleCastFixture> {
  const fixture = await deployTwoLevelFixture();
  const { federation, global, relayA, relayB, regionalRelay } = fixture;
  const action = await contractAction(federation.membership, "setProbationPeriod", [0]);
  const proposal = await openFederationProposal(federation, relayA, [action]);
  const mirrorId = await mirrorFederationProposal(relayA, federation, proposal);
  await mirrorFederationProposal(relayB, federation, proposal);
  const globalJudgment = await openFederationJudgment(global, regionalRelay, plainOptions(2));
  const regionalMirror = await mirrorFederationJudgment(regionalRelay, global, globalJudgment);
  return { ...fixture, proposal, mirrorId, globalJudgment, regionalMirror };
}

/** Returns a mirror's yes/no tally as plain numbers. */
async function tallyOf(relay: FederationRelay, mirrorId: bigint): Promise<bigint[]> {
  const counted = await relay.tally(mirrorId);
  return [counted.againstVotes, counted.forVotes, counted.abstainVotes, counted.participation];
}

describe("Relay double cast and overweight", function () {
  it("rejects casting upward twice", async function () {
    const { relayA, coopA, federation, proposal, mirrorId } = await loadFixture(deployDoubleCastFixture);
    await relayA.connect(coopA.members[0]).castVote(mirrorId, FOR);
    await endMirror(relayA, mirrorId);
    await relayA.castUpward(mirrorId);

    await expect(relayA.castUpward(mirrorId))
      .to.be.revertedWithCustomError(relayA, "RelayUnexpectedState")
      .withArgs(mirrorId, 2n);
    const [against, inFavor, abstain] = await federation.governor.proposalVotes(proposal.id);
    expect([against, inFavor, abstain]).to.deep.equal([0n, FEDERATION_MEMBER_WEIGHT, 0n]);
  });

  it("leaves the relay no weight at the federation", async function () {
    const { relayA, coopA, federation, proposal, mirrorId } = await loadFixture(deployDoubleCastFixture);
    await relayA.connect(coopA.members[0]).castVote(mirrorId, FOR);
    await endMirror(relayA, mirrorId);
    await relayA.castUpward(mirrorId);

    // Even a call from the relay's own address cannot add a unit: its weight is used up.
    const asRelay = await impersonate(await relayA.getAddress());
    await expect(
      federation.governor
        .connect(asRelay)
        .castVoteWithReasonAndParams(proposal.id, FRACTIONAL_SUPPORT, "", packFractionalVote(0n, 1n, 0n)),
    )
      .to.be.revertedWithCustomError(federation.governor, "GovernorAlreadyCastVote")
      .withArgs(await relayA.getAddress());
    const [, inFavor] = await federation.governor.proposalVotes(proposal.id);
    expect(inFavor).to.equal(FEDERATION_MEMBER_WEIGHT);
  });

  it("rejects a lower relay's vote over its weight", async function () {
    const { relayA, regionalRelay, global } = await loadFixture(deployDoubleCastFixture);
    const action = await contractAction(global.membership, "setProbationPeriod", [0]);
    const proposal = await openFederationProposal(global, regionalRelay, [action], "Global decision");
    const regionalMirror = await mirrorFederationProposal(regionalRelay, global, proposal);
    const asRelayA = await impersonate(await relayA.getAddress());

    await expect(
      regionalRelay
        .connect(asRelayA)
        .castVoteWithReasonAndParams(
          regionalMirror,
          FRACTIONAL_SUPPORT,
          "",
          packFractionalVote(FEDERATION_MEMBER_WEIGHT, 1n, 0n),
        ),
    )
      .to.be.revertedWithCustomError(regionalRelay, "RelayExceedsWeight")
      .withArgs(await relayA.getAddress(), FEDERATION_MEMBER_WEIGHT + 1n, FEDERATION_MEMBER_WEIGHT);
    expect(await tallyOf(regionalRelay, regionalMirror)).to.deep.equal([0n, 0n, 0n, 0n]);
    expect(await regionalRelay.hasVoted(regionalMirror, relayA)).to.equal(false);
  });

  it("rejects a lower relay's ballot over its weight", async function () {
    const { relayA, regionalRelay, regionalMirror } = await loadFixture(deployDoubleCastFixture);
    const asRelayA = await impersonate(await relayA.getAddress());
    const parts = [
      [FEDERATION_MEMBER_WEIGHT + 1n, 0n, 0n, 0n, 0n, 0n],
      [FEDERATION_MEMBER_WEIGHT, 0n, 0n, 0n, 0n, 0n],
    ];

    await expect(regionalRelay.connect(asRelayA).castFractionalBallot(regionalMirror, parts))
      .to.be.revertedWithCustomError(regionalRelay, "RelayPartsMismatch")
      .withArgs(0n, FEDERATION_MEMBER_WEIGHT + 1n, FEDERATION_MEMBER_WEIGHT);
    const histogram = await regionalRelay.histogram(regionalMirror);
    expect(histogram.map((row) => [...row])).to.deep.equal([
      [0n, 0n, 0n, 0n, 0n, 0n],
      [0n, 0n, 0n, 0n, 0n, 0n],
    ]);
    expect((await regionalRelay.tally(regionalMirror)).participation).to.equal(0n);
  });

  it("rejects a lower relay casting twice", async function () {
    const { relayA, coopA, regionalRelay, regionalMirror } = await loadFixture(deployDoubleCastFixture);
    const mirrorId = await relayA.mirrorIdOf(regionalRelay, regionalMirror);
    await relayA.mirrorRelayed(regionalRelay, regionalMirror);
    await relayA.connect(coopA.members[0]).castBallot(mirrorId, [5, 4]);
    await endMirror(relayA, mirrorId);
    await relayA.castUpward(mirrorId);
    const histogram = (await regionalRelay.histogram(regionalMirror)).map((row) => [...row]);

    // A second ballot straight from the relay's address is refused as well.
    const asRelayA = await impersonate(await relayA.getAddress());
    await expect(regionalRelay.connect(asRelayA).castBallot(regionalMirror, [0, 0]))
      .to.be.revertedWithCustomError(regionalRelay, "RelayAlreadyVoted")
      .withArgs(await relayA.getAddress(), regionalMirror);
    expect((await regionalRelay.histogram(regionalMirror)).map((row) => [...row])).to.deep.equal(histogram);
    expect((await regionalRelay.tally(regionalMirror)).participation).to.equal(FEDERATION_MEMBER_WEIGHT);
  });

  it("rejects a member voting twice", async function () {
    const { relayA, coopA, mirrorId } = await loadFixture(deployDoubleCastFixture);
    const member = coopA.members[0];
    await relayA.connect(member).castVote(mirrorId, FOR);
    const before = await tallyOf(relayA, mirrorId);

    await expect(relayA.connect(member).castVote(mirrorId, AGAINST))
      .to.be.revertedWithCustomError(relayA, "RelayAlreadyVoted")
      .withArgs(member.address, mirrorId);
    await expect(
      relayA
        .connect(member)
        .castVoteWithReasonAndParams(mirrorId, FRACTIONAL_SUPPORT, "", packFractionalVote(1n, 0n, 0n)),
    )
      .to.be.revertedWithCustomError(relayA, "RelayAlreadyVoted")
      .withArgs(member.address, mirrorId);
    expect(await tallyOf(relayA, mirrorId)).to.deep.equal(before);
    expect(before).to.deep.equal([0n, 1n, 0n, 1n]);
  });

  it("rejects a member grading twice", async function () {
    const { relayA, coopA, regionalRelay, regionalMirror } = await loadFixture(deployDoubleCastFixture);
    const mirrorId = await relayA.mirrorIdOf(regionalRelay, regionalMirror);
    await relayA.mirrorRelayed(regionalRelay, regionalMirror);
    const member = coopA.members[0];
    await relayA.connect(member).castBallot(mirrorId, [5, 4]);

    await expect(relayA.connect(member).castBallot(mirrorId, [0, 0]))
      .to.be.revertedWithCustomError(relayA, "RelayAlreadyVoted")
      .withArgs(member.address, mirrorId);
    expect((await relayA.histogram(mirrorId)).map((row) => [...row])).to.deep.equal([
      [0n, 0n, 0n, 0n, 0n, 1n],
      [0n, 0n, 0n, 0n, 1n, 0n],
    ]);
    expect((await relayA.tally(mirrorId)).participation).to.equal(1n);
  });
});
