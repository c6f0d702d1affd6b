import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroHash, id } from "ethers";

import {
  buildProposal,
  proposalId,
  proposalState,
  propose,
  type Action,
  type Proposal,
} from "../../src/governance/proposals";
import { deployCoopFixture, type CoopFixture } from "../helpers/fixtures";
import { admitAction, testDescription } from "../helpers/governance";

/**
 * A proposal's id hashes only its calls and its description, so a member who sees Alice's
 * proposal in the mempool can submit it first, become its proposer and cancel it while it is
 * pending. Alice's transaction then fails and that exact proposal can never be created again.
 * Our scripts end every description with `#proposer=<address>`, which the governor accepts only
 * from that address: the front-runner is rejected, Alice's proposal is created, and two proposers
 * with identical calls get distinct ids. Without the suffix the collision still works.
 */

/** Index of `Canceled` in `IGovernor.ProposalState`. */
const CANCELED = 2n;

/** Alice proposes to admit a newcomer, and Mallory, another member, watches the mempool. */
interface FrontRunningFixture extends CoopFixture {
  alice: HardhatEthersSigner;
  mallory: HardhatEthersSigner;
  actions: Action[];
  description: string;
  /** Alice's proposal, with her `#proposer=` suffix. */
  aliceProposal: Proposal;
}

async function deployFrontRunningFixture(): Promise<FrontRunningFixture> {
  const fixture = await deployCoopFixture();
  const [alice, mallory] = fixture.founders;
  const actions = [await admitAction(fixture.membership, fixture.outsiders[0].address)];
  const description = testDescription("Admit a new member");
  const aliceProposal = buildProposal(actions, description, alice.address);
  return { ...fixture, alice, mallory, actions, description, aliceProposal };
}

/** Returns `proposal` with the description it had before `buildProposal` appended the proposer suffix. */
function withoutProposerSuffix(proposal: Proposal, description: string): Proposal {
  return { ...proposal, description };
}

/** Cancels `proposal` from `caller`, as the governor's `cancel` takes it. */
function cancel(fixture: CoopFixture, caller: HardhatEthersSigner, proposal: Proposal) {
  return fixture.governor
    .connect(caller)
    .cancel(proposal.targets, proposal.values, proposal.calldatas, id(proposal.description));
}

describe("Proposal front-running by id collision", function () {
  describe("with proposer suffix", function () {
    it("ends description with Alice's address", async function () {
      const { alice, aliceProposal } = await loadFixture(deployFrontRunningFixture);

      expect(aliceProposal.description.endsWith(`#proposer=${alice.address}`)).to.equal(true);
    });

    it("rejects Mallory's copy", async function () {
      const { governor, mallory, aliceProposal } = await loadFixture(deployFrontRunningFixture);

      await expect(propose(governor.connect(mallory), aliceProposal))
        .to.be.revertedWithCustomError(governor, "GovernorRestrictedProposer")
        .withArgs(mallory.address);
    });

    it("creates Alice's proposal after the copy", async function () {
      const { governor, alice, mallory, aliceProposal } = await loadFixture(deployFrontRunningFixture);
      await expect(propose(governor.connect(mallory), aliceProposal))
        .to.be.revertedWithCustomError(governor, "GovernorRestrictedProposer")
        .withArgs(mallory.address);

      const aliceId = await propose(governor.connect(alice), aliceProposal);

      expect(await governor.proposalProposer(aliceId)).to.equal(alice.address);
      expect(await proposalState(governor, aliceId)).to.equal("Pending");
    });

    it("rejects cancel by Mallory", async function () {
      const fixture = await loadFixture(deployFrontRunningFixture);
      const { governor, alice, mallory, aliceProposal } = fixture;
      const aliceId = await propose(governor.connect(alice), aliceProposal);

      await expect(cancel(fixture, mallory, aliceProposal))
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(aliceId, mallory.address);

      expect(await proposalState(governor, aliceId)).to.equal("Pending");
    });

    it("gives identical calls distinct ids", async function () {
      const { governor, alice, mallory, actions, description } = await loadFixture(deployFrontRunningFixture);
      const aliceProposal = buildProposal(actions, description, alice.address);
      const malloryProposal = buildProposal(actions, description, mallory.address);

      const aliceId = await propose(governor.connect(alice), aliceProposal);
      const malloryId = await propose(governor.connect(mallory), malloryProposal);

      expect(aliceId).not.to.equal(malloryId);
      expect(await governor.proposalProposer(aliceId)).to.equal(alice.address);
      expect(await governor.proposalProposer(malloryId)).to.equal(mallory.address);
    });

    it("keeps Alice's proposal when Mallory cancels hers", async function () {
      const fixture = await loadFixture(deployFrontRunningFixture);
      const { governor, alice, mallory, actions, description, aliceProposal } = fixture;
      const malloryProposal = buildProposal(actions, description, mallory.address);
      const aliceId = await propose(governor.connect(alice), aliceProposal);
      const malloryId = await propose(governor.connect(mallory), malloryProposal);

      await cancel(fixture, mallory, malloryProposal);

      expect(await proposalState(governor, malloryId)).to.equal("Canceled");
      expect(await proposalState(governor, aliceId)).to.equal("Pending");
    });
  });

  describe("without proposer suffix", function () {
    it("lets Mallory create Alice's proposal", async function () {
      const { governor, mallory, description, aliceProposal } = await loadFixture(deployFrontRunningFixture);
      const unsuffixed = withoutProposerSuffix(aliceProposal, description);

      const collidingId = await propose(governor.connect(mallory), unsuffixed);

      expect(await governor.proposalProposer(collidingId)).to.equal(mallory.address);
    });

    it("lets Mallory cancel it", async function () {
      const fixture = await loadFixture(deployFrontRunningFixture);
      const { governor, mallory, description, aliceProposal } = fixture;
      const unsuffixed = withoutProposerSuffix(aliceProposal, description);
      const collidingId = await propose(governor.connect(mallory), unsuffixed);

      await expect(cancel(fixture, mallory, unsuffixed))
        .to.emit(governor, "ProposalCanceled")
        .withArgs(collidingId);
    });

    it("blocks Alice's proposal for good", async function () {
      const fixture = await loadFixture(deployFrontRunningFixture);
      const { governor, alice, mallory, description, aliceProposal } = fixture;
      const unsuffixed = withoutProposerSuffix(aliceProposal, description);
      await propose(governor.connect(mallory), unsuffixed);
      await cancel(fixture, mallory, unsuffixed);

      await expect(propose(governor.connect(alice), unsuffixed))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(await proposalId(governor, unsuffixed), CANCELED, ZeroHash);
    });

    it("leaves Alice's suffixed proposal available", async function () {
      const fixture = await loadFixture(deployFrontRunningFixture);
      const { governor, alice, mallory, description, aliceProposal } = fixture;
      const unsuffixed = withoutProposerSuffix(aliceProposal, description);
      await propose(governor.connect(mallory), unsuffixed);
      await cancel(fixture, mallory, unsuffixed);

      const aliceId = await propose(governor.connect(alice), aliceProposal);

      expect(aliceId).not.to.equal(await proposalId(governor, unsuffixed));
      expect(await governor.proposalProposer(aliceId)).to.equal(alice.address);
    });
  });
});
