import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { hexlify, randomBytes } from "ethers";

import { VoteSupport } from "../../src/governance/proposals";
import { signMirrorVote } from "../../src/federation/mirrorSignatures";
import { deployFederationFixture, openFederationProposal, type FederationFixture } from "../helpers/federation";
import { contractAction } from "../helpers/governance";

/**
 * Vote signatures that named neither the voter nor a nonce could be replayed or counted for an
 * arbitrary address. A signed vote on a mirrored federation proposal names the mirror, the voter
 * and a nonce keyed by the mirror. Its domain names the relay and the chain. So it counts once, on
 * that mirror of that relay only, and signatures on two mirrors count in either order.
 */

interface TwoMirrors extends FederationFixture {
  first: bigint;
  second: bigint;
}

async function deployTwoMirrorsFixture(): Promise<TwoMirrors> {
  const fixture = await deployFederationFixture();
  const { federation, relayA, relayB } = fixture;
  const ids: bigint[] = [];
  for (const period of [0, 1]) {
    const action = await contractAction(federation.membership, "setProbationPeriod", [period]);
    const proposal = await openFederationProposal(federation, relayA, [action], `Probation ${period}`);
    for (const relay of [relayA, relayB]) {
      await relay.mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
    }
    ids.push(await relayA.mirrorIdOf(await federation.governor.getAddress(), proposal.id));
  }
  return { ...fixture, first: ids[0], second: ids[1] };
}

describe("Signed votes replayed on another mirror or relay", function () {
  it("rejects random bytes", async function () {
    const { relayA, coopA, first } = await loadFixture(deployTwoMirrorsFixture);

    await expect(relayA.castVoteBySig(first, coopA.members[0].address, VoteSupport.For, hexlify(randomBytes(65))))
      .to.be.revertedWithCustomError(relayA, "RelayInvalidSignature")
      .withArgs(coopA.members[0].address);
  });

  it("rejects a second submission", async function () {
    const { relayA, coopA, first } = await loadFixture(deployTwoMirrorsFixture);
    const voter = coopA.members[0];
    const signature = await signMirrorVote(relayA, voter, first, VoteSupport.For);
    await relayA.castVoteBySig(first, voter.address, VoteSupport.For, signature);

    await expect(relayA.castVoteBySig(first, voter.address, VoteSupport.For, signature)).to.be.revertedWithCustomError(
      relayA,
      "RelayInvalidSignature",
    );
    expect((await relayA.tally(first)).forVotes).to.equal(1n);
  });

  it("rejects another mirror", async function () {
    const { relayA, coopA, first, second } = await loadFixture(deployTwoMirrorsFixture);
    const voter = coopA.members[0];
    const signature = await signMirrorVote(relayA, voter, first, VoteSupport.For);

    await expect(relayA.castVoteBySig(second, voter.address, VoteSupport.For, signature)).to.be.revertedWithCustomError(
      relayA,
      "RelayInvalidSignature",
    );
  });

  it("rejects another relay", async function () {
    const { relayA, relayB, coopA, first } = await loadFixture(deployTwoMirrorsFixture);
    const voter = coopA.members[0];
    const signature = await signMirrorVote(relayA, voter, first, VoteSupport.For);

    await expect(relayB.castVoteBySig(first, voter.address, VoteSupport.For, signature))
      .to.be.revertedWithCustomError(relayB, "RelayInvalidSignature")
      .withArgs(voter.address);
  });

  it("counts two mirrors in either order", async function () {
    const { relayA, coopA, first, second } = await loadFixture(deployTwoMirrorsFixture);
    const voter = coopA.members[0];
    const onFirst = await signMirrorVote(relayA, voter, first, VoteSupport.For);
    const onSecond = await signMirrorVote(relayA, voter, second, VoteSupport.Against);
    await relayA.castVoteBySig(second, voter.address, VoteSupport.Against, onSecond);
    await relayA.castVoteBySig(first, voter.address, VoteSupport.For, onFirst);

    expect((await relayA.tally(first)).forVotes).to.equal(1n);
    expect((await relayA.tally(second)).againstVotes).to.equal(1n);
  });
});
