import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { VoteSupport } from "../../src/governance/proposals";
import { FOUNDER_COUNT } from "../helpers/fixtures";
import { admitAction, openProposal } from "../helpers/governance";
import { deployMembershipFixture, type MembershipFixture } from "../helpers/membership";

/**
 * A token whose transfers do not move delegated votes lets the sender's delegate keep the
 * votes while the receiver delegates the same units again, so one membership votes twice. Here a
 * membership cannot be transferred at all, and votes move only on admission and exit.
 */

/** Alice, a founder, tried to transfer her membership to Bob, who then delegated to himself. */
interface TransferAttemptFixture extends MembershipFixture {
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  tokenId: bigint;
}

async function deployTransferAttemptFixture(): Promise<TransferAttemptFixture> {
  const fixture = await deployMembershipFixture();
  const { membership, founders, outsiders } = fixture;
  const [alice, bob] = [founders[0], outsiders[0]];
  const tokenId = await membership.tokenIdOf(alice.address);
  await expect(membership.connect(alice).transferFrom(alice.address, bob.address, tokenId)).to.be.reverted;
  await membership.connect(bob).delegate(bob.address);
  return { ...fixture, alice, bob, tokenId };
}

describe("Double vote after transfer", function () {
  it("rejects transfer", async function () {
    const { membership, alice, bob, tokenId } = await loadFixture(deployTransferAttemptFixture);

    await expect(membership.connect(alice).transferFrom(alice.address, bob.address, tokenId))
      .to.be.revertedWithCustomError(membership, "CoopMembershipNonTransferable")
      .withArgs(tokenId);
  });

  it("rejects safe transfer", async function () {
    const { membership, alice, bob, tokenId } = await loadFixture(deployTransferAttemptFixture);

    await expect(
      membership.connect(alice)["safeTransferFrom(address,address,uint256)"](alice.address, bob.address, tokenId),
    )
      .to.be.revertedWithCustomError(membership, "CoopMembershipNonTransferable")
      .withArgs(tokenId);
  });

  it("gives receiver no votes", async function () {
    const { membership, bob } = await loadFixture(deployTransferAttemptFixture);

    expect(await membership.balanceOf(bob.address)).to.equal(0n);
    expect(await membership.delegates(bob.address)).to.equal(bob.address);
    expect(await membership.getVotes(bob.address)).to.equal(0n);
  });

  it("keeps weights at snapshot", async function () {
    const { governor, membership, alice, bob, outsiders } = await loadFixture(deployTransferAttemptFixture);
    const { id } = await openProposal(governor, alice, [await admitAction(membership, outsiders[1].address)]);
    const snapshot = await governor.proposalSnapshot(id);

    expect(await membership.getPastVotes(alice.address, snapshot)).to.equal(1n);
    expect(await membership.getPastVotes(bob.address, snapshot)).to.equal(0n);
    expect(await membership.getPastTotalSupply(snapshot)).to.equal(BigInt(FOUNDER_COUNT));
  });

  it("rejects receiver vote", async function () {
    const { governor, membership, alice, bob, outsiders } = await loadFixture(deployTransferAttemptFixture);
    const { id } = await openProposal(governor, alice, [await admitAction(membership, outsiders[1].address)]);

    await expect(governor.connect(bob).castVote(id, VoteSupport.For))
      .to.be.revertedWithCustomError(governor, "CoopGovernorNotMember")
      .withArgs(bob.address);
  });

  it("counts sender once", async function () {
    const { governor, membership, alice, outsiders } = await loadFixture(deployTransferAttemptFixture);
    const { id } = await openProposal(governor, alice, [await admitAction(membership, outsiders[1].address)]);
    await governor.connect(alice).castVote(id, VoteSupport.For);

    await expect(governor.connect(alice).castVote(id, VoteSupport.For))
      .to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote")
      .withArgs(alice.address);

    const [, forVotes] = await governor.proposalVotes(id);
    expect(forVotes).to.equal(1n);
  });

  it("counts two members once each", async function () {
    const { governor, membership, alice, founders, outsiders, tokenId } =
      await loadFixture(deployTransferAttemptFixture);
    const carol = founders[1];
    await expect(
      membership.connect(alice).transferFrom(alice.address, carol.address, tokenId),
    ).to.be.revertedWithCustomError(membership, "CoopMembershipNonTransferable");
    const { id } = await openProposal(governor, alice, [await admitAction(membership, outsiders[1].address)]);

    await governor.connect(alice).castVote(id, VoteSupport.For);
    await governor.connect(carol).castVote(id, VoteSupport.For);

    const [, forVotes] = await governor.proposalVotes(id);
    expect(forVotes).to.equal(2n);
  });
});
