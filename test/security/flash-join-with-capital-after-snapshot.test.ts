import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { VoteSupport, execute, proposalState, queue } from "../../src/governance/proposals";
import { FlashJoinAttackerMock__factory, type FlashJoinAttackerMock } from "../../typechain-types";
import { contractAction, endVote, openProposal, voteAll, type ProposalHandle } from "../helpers/governance";
import { AdmissionPolicy, deployEthSharesFixture, priceOf, type SharesFixture } from "../helpers/shares";

/**
 * An attacker borrowed assets, deposited them to gain voting weight, voted and executed a
 * treasury proposal in one transaction, because weight was read live and an emergency path
 * skipped any delay. Here share capital never carries votes, a member admitted by subscription
 * after a proposal's snapshot has no weight on it, capital comes back only after the notice
 * period, and a passed proposal still waits for the timelock delay.
 */

/** Shares the attacker subscribes: more than all the founders together would ever matter if shares voted. */
const ATTACK_SHARES = 1_000n;

/** A cooperative whose founders hold shares, with open admission and no probation. */
interface AttackFixture extends SharesFixture {
  attacker: FlashJoinAttackerMock;
  attackerAddress: string;
  /** A proposal, made by an accomplice, that hands founder 0's shares to the attacker. */
  malicious: ProposalHandle;
}

async function deployAttackFixture(): Promise<AttackFixture> {
  const fixture = await deployEthSharesFixture();
  const { shares, governor, founders, membershipByTimelock } = fixture;
  await membershipByTimelock.setAdmissionPolicy(AdmissionPolicy.Open);
  await membershipByTimelock.setProbationPeriod(0);
  for (const founder of founders) await shares.connect(founder).subscribe(10n, { value: await priceOf(shares, 10n) });

  const attacker = await new FlashJoinAttackerMock__factory(fixture.deployer).deploy(
    await shares.getAddress(),
    await governor.getAddress(),
  );
  const attackerAddress = await attacker.getAddress();
  const accomplice = founders[4];
  const malicious = await openProposal(
    governor,
    accomplice,
    [await contractAction(shares, "transferShares", [founders[0].address, attackerAddress, 10n])],
    "Hand founder shares to a newcomer",
  );
  return { ...fixture, attacker, attackerAddress, malicious };
}

describe("Flash-join with capital after snapshot", function () {
  it("rejects vote in joining transaction", async function () {
    const { governor, shares, attacker, attackerAddress, malicious } = await loadFixture(deployAttackFixture);

    await expect(attacker.attack(ATTACK_SHARES, malicious.id, true, { value: await priceOf(shares, ATTACK_SHARES) }))
      .to.be.revertedWithCustomError(governor, "CoopGovernorNoVotesAtSnapshot")
      .withArgs(attackerAddress, malicious.id);
  });

  it("gives subscriber no weight at snapshot", async function () {
    const { governor, membership, shares, outsiders, malicious } = await loadFixture(deployAttackFixture);
    const newcomer = outsiders[0];

    await shares.connect(newcomer).subscribe(ATTACK_SHARES, { value: await priceOf(shares, ATTACK_SHARES) });

    expect(await membership.isMember(newcomer.address)).to.equal(true);
    expect(await membership.getVotes(newcomer.address)).to.equal(1n);
    expect(await governor.getVotes(newcomer.address, await governor.proposalSnapshot(malicious.id))).to.equal(0n);
    await expect(governor.connect(newcomer).castVote(malicious.id, VoteSupport.For))
      .to.be.revertedWithCustomError(governor, "CoopGovernorNoVotesAtSnapshot")
      .withArgs(newcomer.address, malicious.id);
  });

  it("keeps capital for notice period", async function () {
    const { shares, membership, attacker, attackerAddress, malicious, capitalParams } =
      await loadFixture(deployAttackFixture);
    const price = await priceOf(shares, ATTACK_SHARES);

    const tx = await attacker.attack(ATTACK_SHARES, malicious.id, false, { value: price });
    const joinedAt = BigInt((await tx.getBlock())!.timestamp);

    expect(await membership.isMember(attackerAddress)).to.equal(false);
    expect(await ethers.provider.getBalance(attackerAddress)).to.equal(0n);
    expect(await shares.pendingSharesOf(attackerAddress)).to.equal(ATTACK_SHARES);
    const [head, tail] = await shares.queueBounds();
    expect(head).to.equal(0n);
    expect(await shares.redemption(tail - 1n)).to.deep.equal([
      attackerAddress,
      ATTACK_SHARES,
      joinedAt + BigInt(capitalParams.noticePeriod),
    ]);
  });

  it("leaves proposal to members", async function () {
    const { governor, shares, founders, attacker, malicious } = await loadFixture(deployAttackFixture);
    await attacker.attack(ATTACK_SHARES, malicious.id, false, { value: await priceOf(shares, ATTACK_SHARES) });

    await voteAll(governor, malicious.id, founders.slice(0, 4), VoteSupport.Against);
    await governor.connect(founders[4]).castVote(malicious.id, VoteSupport.For);
    await endVote(governor, malicious.id);

    expect(await proposalState(governor, malicious.id)).to.equal("Defeated");
    expect(await shares.sharesOf(founders[0].address)).to.equal(10n);
  });

  it("waits timelock delay after passing", async function () {
    const { governor, timelock, founders, malicious } = await loadFixture(deployAttackFixture);
    await voteAll(governor, malicious.id, founders.slice(2), VoteSupport.For);
    await endVote(governor, malicious.id);
    await queue(governor, malicious.proposal);

    await expect(execute(governor, malicious.proposal)).to.be.revertedWithCustomError(
      timelock,
      "TimelockUnexpectedOperationState",
    );

    await time.increaseTo(await governor.proposalEta(malicious.id));
    await execute(governor, malicious.proposal);
    expect(await proposalState(governor, malicious.id)).to.equal("Executed");
  });
});
