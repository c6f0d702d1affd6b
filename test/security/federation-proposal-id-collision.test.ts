import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { id as hashText } from "ethers";

import { buildProposal, type Proposal } from "../../src/governance/proposals";
import { createRelay } from "../../src/deploy/federation";
import type { CoopGovernor, FederationRelay } from "../../typechain-types";
import { impersonate } from "../helpers/accounts";
import { contractAction, testDescription } from "../helpers/governance";
import {
  deployMemberCooperative,
  deployTwoLevelFixture,
  mirrorFederationJudgment,
  mirrorFederationProposal,
  openFederationJudgment,
  openFederationProposal,
} from "../helpers/federation";
import { option, plainOptions } from "../helpers/judgment";

/**
 * A proposal's id hashes its calls and description. Two member cooperatives that propose the
 * same action in the federation would get one id, and the second would fail. The `#proposer=`
 * suffix of the description makes the ids distinct and keeps one relay from proposing in
 * another's name. A mirror's id hashes the source and the source's
 * proposal id, and each relay keeps its own mirrors, so one federation proposal mirrored into two
 * cooperatives is counted twice, apart. A front-runner who mirrors first gains nothing: the
 * record comes from the source, and a proposal of another federation, or details that do not
 * hash to the id, are rejected.
 *
 * NOTE: a relay of the federation that anyone created in a body the federation never joined is
 * still accepted as a source by `mirrorRelayed`. The skipped case shows it.
 */

const FOR = 1;

/** Returns the id `governor` gives `proposal`. */
function idOf(governor: CoopGovernor, proposal: Proposal): Promise<bigint> {
  return governor.getProposalId(proposal.targets, proposal.values, proposal.calldatas, hashText(proposal.description));
}

/** Has `relay` propose `proposal` as its cooperative's timelock. */
async function proposeThrough(relay: FederationRelay, proposal: Proposal) {
  const timelock = await impersonate(await relay.cooperativeTimelock());
  return relay.connect(timelock).propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
}

describe("Federation proposal id collision", function () {
  it("gives two relays' identical proposals distinct ids", async function () {
    const { relayA, relayB, federation } = await loadFixture(deployTwoLevelFixture);
    const action = await contractAction(federation.membership, "setProbationPeriod", [0]);
    const description = testDescription("Shorten probation");
    const fromA = buildProposal([action], description, await relayA.getAddress());
    const fromB = buildProposal([action], description, await relayB.getAddress());

    await proposeThrough(relayA, fromA);
    await proposeThrough(relayB, fromB);
    const idA = await idOf(federation.governor, fromA);
    const idB = await idOf(federation.governor, fromB);
    expect(idA).to.not.equal(idB);
    expect(await federation.governor.proposalProposer(idA)).to.equal(await relayA.getAddress());
    expect(await federation.governor.proposalProposer(idB)).to.equal(await relayB.getAddress());
  });

  it("rejects a proposal in another relay's name", async function () {
    const { relayA, relayB, federation } = await loadFixture(deployTwoLevelFixture);
    const action = await contractAction(federation.membership, "setProbationPeriod", [0]);
    const inNameOfA = buildProposal([action], testDescription("Shorten probation"), await relayA.getAddress());
    await expect(proposeThrough(relayB, inNameOfA))
      .to.be.revertedWithCustomError(federation.governor, "GovernorRestrictedProposer")
      .withArgs(await relayB.getAddress());
  });

  it("keeps the mirrors of two cooperatives apart", async function () {
    const { relayA, relayB, coopA, federation } = await loadFixture(deployTwoLevelFixture);
    const action = await contractAction(federation.membership, "setProbationPeriod", [0]);
    const proposal = await openFederationProposal(federation, relayA, [action]);
    const mirrorInA = await mirrorFederationProposal(relayA, federation, proposal);
    const mirrorInB = await mirrorFederationProposal(relayB, federation, proposal);
    // The same id, in two relays' separate records.
    expect(mirrorInA).to.equal(mirrorInB);

    await relayA.connect(coopA.members[0]).castVote(mirrorInA, FOR);
    expect((await relayA.tally(mirrorInA)).forVotes).to.equal(1n);
    expect((await relayB.tally(mirrorInB)).forVotes).to.equal(0n);
    expect(await relayB.hasVoted(mirrorInB, coopA.members[0].address)).to.equal(false);
    // A member of cooperative A has no vote in cooperative B's mirror.
    await expect(relayB.connect(coopA.members[1]).castVote(mirrorInB, FOR))
      .to.be.revertedWithCustomError(relayB, "RelayNotMember")
      .withArgs(coopA.members[1].address);
  });

  it("gives a front-runner's mirror the source's record", async function () {
    const { relayA, federation, outsiders } = await loadFixture(deployTwoLevelFixture);
    const action = await contractAction(federation.membership, "setProbationPeriod", [0]);
    const proposal = await openFederationProposal(federation, relayA, [action]);
    await relayA
      .connect(outsiders[0])
      .mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
    const record = await relayA.mirror(await relayA.mirrorIdOf(federation.addresses.governor, proposal.id));
    expect(record.source).to.equal(federation.addresses.governor);
    expect(record.sourceProposalId).to.equal(proposal.id);
    expect(record.snapshot).to.equal(await federation.governor.proposalSnapshot(proposal.id));
  });

  it("rejects a yes/no proposal of another federation", async function () {
    const { relayA, regionalRelay, federation, global, outsiders } = await loadFixture(deployTwoLevelFixture);
    const action = await contractAction(global.membership, "setProbationPeriod", [0]);
    const proposal = await openFederationProposal(global, regionalRelay, [action]);
    // Relay A looks the details up in its own federation, which has no such proposal.
    await expect(
      relayA
        .connect(outsiders[0])
        .mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
    )
      .to.be.revertedWithCustomError(federation.governor, "GovernorNonexistentProposal")
      .withArgs(proposal.id);
  });

  it("rejects a judgment of another federation", async function () {
    const { relayA, regionalRelay, federation, global, outsiders } = await loadFixture(deployTwoLevelFixture);
    const handle = await openFederationJudgment(global, regionalRelay, plainOptions(2));
    await expect(
      relayA.connect(outsiders[0]).mirrorJudgment(handle.id, handle.options, false, handle.description),
    ).to.be.revertedWithCustomError(federation.judgment, "CoopJudgmentUnknownProposal");
  });

  it("rejects another federation's relay as source", async function () {
    const { relayA, globalRelayB, global, outsiders } = await loadFixture(deployTwoLevelFixture);
    const action = await contractAction(global.membership, "setProbationPeriod", [0]);
    const proposal = await openFederationProposal(global, globalRelayB, [action]);
    const foreignMirror = await mirrorFederationProposal(globalRelayB, global, proposal);
    await expect(relayA.connect(outsiders[0]).mirrorRelayed(globalRelayB, foreignMirror))
      .to.be.revertedWithCustomError(relayA, "RelayUnknownSource")
      .withArgs(await globalRelayB.getAddress());
  });

  it("rejects details that do not hash to the id", async function () {
    const { relayA, relayB, federation, outsiders } = await loadFixture(deployTwoLevelFixture);
    const handle = await openFederationJudgment(federation, relayB, plainOptions(2));
    // The front-runner swaps the options' documents and keeps the id.
    const swapped = [option("Option 1"), option("Option 0")];
    await expect(relayA.connect(outsiders[0]).mirrorJudgment(handle.id, swapped, false, handle.description))
      .to.be.revertedWithCustomError(relayA, "RelayProposalMismatch")
      .withArgs(handle.id);
    // The genuine details still mirror.
    const mirrorId = await mirrorFederationJudgment(relayA, federation, handle);
    expect((await relayA.mirror(mirrorId)).optionCount).to.equal(2n);
  });

  it("rejects a seat the federation never took", async function () {
    const { registry, federation, deployer, implementations, outsiders } = await loadFixture(deployTwoLevelFixture);
    const [mallory] = outsiders;
    const malloryCoop = await deployMemberCooperative(deployer, implementations, "Mallory Coop", [mallory]);
    // Only the federation's timelock, by the federation's own vote, may give it a seat in Mallory's cooperative.
    await expect(createRelay(registry, federation.addresses, malloryCoop.addresses, mallory))
      .to.be.revertedWithCustomError(registry, "RegistryUnauthorized")
      .withArgs(mallory.address, federation.addresses.timelock);
  });
});
