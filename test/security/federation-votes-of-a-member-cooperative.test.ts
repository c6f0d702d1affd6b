import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { FEDERATION_MEMBER_WEIGHT } from "../../src/deploy/federation";
import {
  addLateMember,
  type WithLateMember,
  deployFederationFixture,
  endMirror,
  mirrorFederationProposal,
  type FederationFixture,
} from "../helpers/federation";

/**
 * A member cooperative votes in the federation through its relay, and its vote could be lost or
 * forged in three ways. The relay could have no votes until someone delegates them, as with an
 * ERC20Votes token. The mirrored vote could end too late to be cast before the federation's
 * deadline. A cooperative admitted after a proposal's snapshot could add weight it did not have.
 * The member register delegates each member to itself on admission, every mirror ends a cast
 * window before its source, and the relay casts only its weight at the snapshot.
 */

const FOR = 1;

/** Deploys the federation with an open proposal and cooperative C, whose relay exists but is not a member. */
async function deployLateMemberFixture(): Promise<WithLateMember<FederationFixture>> {
  return addLateMember(await deployFederationFixture());
}

describe("Federation votes of a member cooperative", function () {
  it("gives a relay its full weight from admission", async function () {
    const { relayA, federation, proposal } = await loadFixture(deployLateMemberFixture);
    const relay = await relayA.getAddress();
    // No delegation transaction: the register delegated the relay to itself.
    expect(await federation.membership.delegates(relay)).to.equal(relay);
    expect(await federation.membership.getVotes(relay)).to.equal(FEDERATION_MEMBER_WEIGHT);
    const snapshot = await federation.governor.proposalSnapshot(proposal.id);
    expect(await federation.membership.getPastVotes(relay, snapshot)).to.equal(FEDERATION_MEMBER_WEIGHT);
  });

  it("casts the full weight of a member cooperative", async function () {
    const { relayA, coopA, federation, proposal } = await loadFixture(deployLateMemberFixture);
    const mirrorId = await mirrorFederationProposal(relayA, federation, proposal);
    await relayA.connect(coopA.members[0]).castVote(mirrorId, FOR);
    await endMirror(relayA, mirrorId);
    await relayA.castUpward(mirrorId);
    const [, inFavor] = await federation.governor.proposalVotes(proposal.id);
    expect(inFavor).to.equal(FEDERATION_MEMBER_WEIGHT);
  });

  it("ends the mirrored vote before the federation's", async function () {
    const { relayA, federation, proposal } = await loadFixture(deployLateMemberFixture);
    const sourceDeadline = await federation.governor.proposalDeadline(proposal.id);
    const castWindow = await relayA.castWindow();
    const mirrorId = await mirrorFederationProposal(relayA, federation, proposal);
    const { deadline } = await relayA.mirror(mirrorId);
    expect(deadline).to.be.lessThan(sourceDeadline);
    expect(deadline + castWindow).to.be.at.most(sourceDeadline);
  });

  it("leaves time to vote and cast when mirrored late", async function () {
    const { relayA, coopA, federation, proposal } = await loadFixture(deployLateMemberFixture);
    const sourceDeadline = await federation.governor.proposalDeadline(proposal.id);
    const castWindow = await relayA.castWindow();
    // The latest a proposal can be mirrored: one window to vote, one to cast.
    await time.setNextBlockTimestamp(sourceDeadline - 2n * castWindow);
    const mirrorId = await mirrorFederationProposal(relayA, federation, proposal);
    const { deadline } = await relayA.mirror(mirrorId);
    expect(deadline + castWindow).to.equal(sourceDeadline);

    // The result can still be cast in the last second of the federation's vote.
    await time.setNextBlockTimestamp(deadline);
    await relayA.connect(coopA.members[0]).castVote(mirrorId, FOR);
    await time.setNextBlockTimestamp(sourceDeadline);
    await expect(relayA.castUpward(mirrorId)).to.emit(relayA, "VoteCastUpward");
  });

  it("casts nothing for a relay admitted after the snapshot", async function () {
    const { relayC, coopC, federation, proposal } = await loadFixture(deployLateMemberFixture);
    await federation.membership.connect(federation.timelockSigner).admit(await relayC.getAddress());
    await federation.membership
      .connect(federation.timelockSigner)
      .setWeight(await relayC.getAddress(), FEDERATION_MEMBER_WEIGHT);
    const mirrorId = await mirrorFederationProposal(relayC, federation, proposal);
    await relayC.connect(coopC.members[0]).castVote(mirrorId, FOR);
    await relayC.connect(coopC.members[1]).castVote(mirrorId, FOR);
    await endMirror(relayC, mirrorId);

    await expect(relayC.castUpward(mirrorId))
      .to.be.revertedWithCustomError(relayC, "RelayNoFederationWeight")
      .withArgs(mirrorId);
    const [against, inFavor, abstain] = await federation.governor.proposalVotes(proposal.id);
    expect([against, inFavor, abstain]).to.deep.equal([0n, 0n, 0n]);
    expect(await federation.governor.hasVoted(proposal.id, relayC)).to.equal(false);
  });
});
