import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, ZeroHash, id } from "ethers";

import { VoteSupport, buildProposal, execute, proposalState, propose } from "../../src/governance/proposals";
import type { CoopGovernor } from "../../typechain-types";
import { decide, isRecordedExtraordinary, queueAndWait } from "../helpers/charter";
import { deployCoopFixture, type CoopFixture } from "../helpers/fixtures";
import {
  OPERATION_STATES,
  admitAction,
  contractAction,
  openProposal,
  passProposal,
  proposalStateBitmap,
  testDescription,
  timelockOperationId,
  type ProposalHandle,
} from "../helpers/governance";

/**
 * The charter may name a guardian, who can cancel any proposal that has not run yet and can do
 * nothing else. Without a guardian, only the proposer can cancel, and only before the vote opens.
 * Naming and removing the guardian are calls to the charter, hence extraordinary proposals.
 */

/** Index of `Canceled` in `IGovernor.ProposalState`. */
const CANCELED = 2n;

/** Index of `Executed` in `IGovernor.ProposalState`. */
const EXECUTED = 7n;

/** A cooperative whose charter names `guardian`. */
interface GuardianFixture extends CoopFixture {
  guardian: HardhatEthersSigner;
  /** The proposal that named the guardian. */
  appointment: ProposalHandle;
}

/** Passes, with all five founders for, a proposal that sets the charter's guardian to `guardian`. */
async function setGuardian(fixture: CoopFixture, guardian: string, title: string): Promise<ProposalHandle> {
  const { governor, charter, founders } = fixture;
  return passProposal(
    governor,
    founders[0],
    founders,
    [await contractAction(charter, "setGuardian", [guardian])],
    title,
  );
}

/** Names an outsider guardian of the standard test cooperative. Use with `loadFixture`. */
async function deployGuardianFixture(): Promise<GuardianFixture> {
  const fixture = await deployCoopFixture();
  const guardian = fixture.outsiders[0];
  const appointment = await setGuardian(fixture, guardian.address, "Name a guardian");
  return { ...fixture, guardian, appointment };
}

/** Names the fifth founder guardian of the standard test cooperative. Use with `loadFixture`. */
async function deployMemberGuardianFixture(): Promise<GuardianFixture> {
  const fixture = await deployCoopFixture();
  const guardian = fixture.founders[4];
  const appointment = await setGuardian(fixture, guardian.address, "Name a member guardian");
  return { ...fixture, guardian, appointment };
}

/** Opens a proposal from the first founder that admits the last outsider. */
async function openAdmission(fixture: CoopFixture, title = "Admit a newcomer"): Promise<ProposalHandle> {
  const { governor, membership, founders, outsiders } = fixture;
  const newcomer = outsiders[outsiders.length - 1];
  return openProposal(governor, founders[0], [await admitAction(membership, newcomer.address)], title);
}

/** Cancels `handle` on `governor` as `caller`. */
function cancelAs(governor: CoopGovernor, caller: HardhatEthersSigner, handle: ProposalHandle) {
  const { targets, values, calldatas, description } = handle.proposal;
  return governor.connect(caller).cancel(targets, values, calldatas, id(description));
}

describe("Guardian", function () {
  describe("without guardian", function () {
    it("has no guardian", async function () {
      const { charter } = await loadFixture(deployCoopFixture);

      expect(await charter.guardian()).to.equal(ZeroAddress);
    });

    it("lets proposer cancel pending proposal", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployCoopFixture);
      const proposal = buildProposal(
        [await admitAction(membership, outsiders[0].address)],
        testDescription("Admit a newcomer"),
        founders[0].address,
      );
      const proposalId = await propose(governor.connect(founders[0]), proposal);

      await expect(cancelAs(governor, founders[0], { proposal, id: proposalId }))
        .to.emit(governor, "ProposalCanceled")
        .withArgs(proposalId);
      expect(await proposalState(governor, proposalId)).to.equal("Canceled");
    });

    it("rejects proposer cancel once active", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const handle = await openAdmission(fixture);

      await expect(cancelAs(governor, founders[0], handle))
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(handle.id, founders[0].address);
    });

    it("rejects proposer cancel once queued", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const handle = await openAdmission(fixture);
      await decide(governor, handle.id, founders.slice(0, 3));
      await queueAndWait(governor, handle);

      await expect(cancelAs(governor, founders[0], handle))
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(handle.id, founders[0].address);
    });
  });

  describe("appointment", function () {
    it("records appointment as extraordinary", async function () {
      const { governor, charter, appointment } = await loadFixture(deployGuardianFixture);

      expect(await isRecordedExtraordinary(charter, governor, appointment.id)).to.equal(true);
    });

    it("sets guardian through proposal", async function () {
      const { charter, guardian } = await loadFixture(deployGuardianFixture);

      expect(await charter.guardian()).to.equal(guardian.address);
    });

    it("emits GuardianSet", async function () {
      const { charter, guardian } = await loadFixture(deployGuardianFixture);

      const events = await charter.queryFilter(charter.filters.GuardianSet());
      expect(events.map((event) => [event.args.previous, event.args.guardian])).to.deep.equal([
        [ZeroAddress, guardian.address],
      ]);
    });

    it("defeats appointment at 60% for", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, charter, founders, outsiders } = fixture;
      const handle = await openProposal(
        governor,
        founders[0],
        [await contractAction(charter, "setGuardian", [outsiders[0].address])],
        "Name a guardian",
      );

      await decide(governor, handle.id, founders.slice(0, 3), founders.slice(3));

      expect(await proposalState(governor, handle.id)).to.equal("Defeated");
    });
  });

  describe("cancellation by guardian", function () {
    it("cancels active proposal", async function () {
      const fixture = await loadFixture(deployGuardianFixture);
      const { governor, guardian } = fixture;
      const handle = await openAdmission(fixture);

      await expect(cancelAs(governor, guardian, handle))
        .to.emit(governor, "ProposalCanceled")
        .withArgs(handle.id);
      expect(await proposalState(governor, handle.id)).to.equal("Canceled");
    });

    it("cancels queued proposal", async function () {
      const fixture = await loadFixture(deployGuardianFixture);
      const { governor, guardian, founders } = fixture;
      const handle = await openAdmission(fixture);
      await decide(governor, handle.id, founders.slice(0, 3));
      await queueAndWait(governor, handle);

      await expect(cancelAs(governor, guardian, handle))
        .to.emit(governor, "ProposalCanceled")
        .withArgs(handle.id);
      expect(await proposalState(governor, handle.id)).to.equal("Canceled");
    });

    it("cancels timelock operation of queued proposal", async function () {
      const fixture = await loadFixture(deployGuardianFixture);
      const { governor, timelock, guardian, founders } = fixture;
      const handle = await openAdmission(fixture);
      await decide(governor, handle.id, founders.slice(0, 3));
      await queueAndWait(governor, handle);
      const operationId = await timelockOperationId(timelock, governor, handle.proposal);

      await expect(cancelAs(governor, guardian, handle))
        .to.emit(timelock, "Cancelled")
        .withArgs(operationId);
      expect(OPERATION_STATES[Number(await timelock.getOperationState(operationId))]).to.equal("Unset");
    });

    it("leaves cancelled proposal unexecutable", async function () {
      const fixture = await loadFixture(deployGuardianFixture);
      const { governor, membership, guardian, founders, outsiders } = fixture;
      const handle = await openAdmission(fixture);
      await decide(governor, handle.id, founders.slice(0, 3));
      await queueAndWait(governor, handle);
      await cancelAs(governor, guardian, handle);

      await expect(execute(governor, handle.proposal))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(handle.id, CANCELED, proposalStateBitmap("Queued"));
      expect(await membership.isMember(outsiders[outsiders.length - 1].address)).to.equal(false);
    });

    it("rejects cancel of executed proposal", async function () {
      const fixture = await loadFixture(deployGuardianFixture);
      const { governor, membership, founders, outsiders, guardian } = fixture;
      const admission = await passProposal(governor, founders[0], founders.slice(0, 3), [
        await admitAction(membership, outsiders[outsiders.length - 1].address),
      ]);

      await expect(cancelAs(governor, guardian, admission))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(admission.id, EXECUTED, proposalStateBitmap("Pending", "Active", "Defeated", "Succeeded", "Queued"));
    });

    it("rejects cancel by other outsider", async function () {
      const fixture = await loadFixture(deployGuardianFixture);
      const { governor, outsiders } = fixture;
      const handle = await openAdmission(fixture);

      await expect(cancelAs(governor, outsiders[1], handle))
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(handle.id, outsiders[1].address);
    });
  });

  describe("limits of the guardian", function () {
    /** Charter functions reserved to the timelock, with arguments a guardian might try. */
    const setterCases: { name: string; args: (fixture: GuardianFixture) => Promise<unknown[]> }[] = [
      { name: "setGuardian", args: async ({ outsiders }) => [outsiders[1].address] },
      {
        name: "setOrdinaryOperation",
        args: async ({ membership }) => [
          await membership.getAddress(),
          membership.interface.getFunction("setWeight").selector,
          true,
        ],
      },
      {
        name: "setExtraordinaryRules",
        args: async () => [{ quorumPercent: 1, majorityNumerator: 1, majorityDenominator: 2 }],
      },
      { name: "setCoopContract", args: async ({ shares }) => [await shares.getAddress(), false] },
      { name: "setGovernor", args: async ({ guardian }) => [guardian.address, true] },
      { name: "upgradeToAndCall", args: async ({ implementations }) => [implementations.charter, "0x"] },
    ];

    for (const { name, args } of setterCases) {
      it(`rejects charter ${name}`, async function () {
        const fixture = await loadFixture(deployGuardianFixture);
        const { charter, guardian } = fixture;

        await expect(charter.connect(guardian).getFunction(name)(...(await args(fixture))))
          .to.be.revertedWithCustomError(charter, "CoopCharterOnlyTimelock")
          .withArgs(guardian.address);
      });
    }

    it("rejects charter recordProposal", async function () {
      const { charter, guardian } = await loadFixture(deployGuardianFixture);

      await expect(charter.connect(guardian).recordProposal(1n, [], [], testDescription("Forged record")))
        .to.be.revertedWithCustomError(charter, "CoopCharterOnlyGovernor")
        .withArgs(guardian.address);
    });

    it("rejects governor relay", async function () {
      const { governor, membership, guardian } = await loadFixture(deployGuardianFixture);
      const admission = await admitAction(membership, guardian.address);

      await expect(governor.connect(guardian).relay(admission.target, 0n, admission.data))
        .to.be.revertedWithCustomError(governor, "GovernorOnlyExecutor")
        .withArgs(guardian.address);
    });

    it("rejects timelock cancel", async function () {
      const { timelock, guardian } = await loadFixture(deployGuardianFixture);

      await expect(timelock.connect(guardian).cancel(ZeroHash))
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(guardian.address, await timelock.CANCELLER_ROLE());
    });
  });

  describe("removal", function () {
    it("clears guardian through proposal", async function () {
      const fixture = await loadFixture(deployGuardianFixture);
      const { charter } = fixture;

      await setGuardian(fixture, ZeroAddress, "Remove the guardian");

      expect(await charter.guardian()).to.equal(ZeroAddress);
    });

    it("ends power to cancel", async function () {
      const fixture = await loadFixture(deployGuardianFixture);
      const { governor, guardian } = fixture;
      await setGuardian(fixture, ZeroAddress, "Remove the guardian");
      const handle = await openAdmission(fixture);

      await expect(cancelAs(governor, guardian, handle))
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(handle.id, guardian.address);
    });

    it("rejects cancel of own removal", async function () {
      const fixture = await loadFixture(deployGuardianFixture);
      const { governor, charter, guardian } = fixture;
      const removal = await openProposal(
        governor,
        fixture.founders[0],
        [await contractAction(charter, "setGuardian", [ZeroAddress])],
        "Remove the guardian",
      );

      await expect(cancelAs(governor, guardian, removal))
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(removal.id, guardian.address);
    });

    it("rejects cancel of a replacement", async function () {
      const fixture = await loadFixture(deployGuardianFixture);
      const { governor, charter, guardian, outsiders } = fixture;
      const replacement = await openProposal(
        governor,
        fixture.founders[0],
        [await contractAction(charter, "setGuardian", [outsiders[5].address])],
        "Replace the guardian",
      );

      await expect(cancelAs(governor, guardian, replacement))
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(replacement.id, guardian.address);
    });
  });

  describe("guardian who is a member", function () {
    it("votes with one vote", async function () {
      const fixture = await loadFixture(deployMemberGuardianFixture);
      const { governor, guardian } = fixture;
      const handle = await openAdmission(fixture);

      await expect(governor.connect(guardian).castVote(handle.id, VoteSupport.For))
        .to.emit(governor, "VoteCast")
        .withArgs(guardian.address, handle.id, VoteSupport.For, 1n, "");

      const [, forVotes] = await governor.proposalVotes(handle.id);
      expect(forVotes).to.equal(1n);
    });

    it("helps pass proposal", async function () {
      const fixture = await loadFixture(deployMemberGuardianFixture);
      const { governor, membership, guardian, founders, outsiders } = fixture;
      const handle = await openAdmission(fixture);
      await decide(governor, handle.id, [founders[0], guardian]);

      await queueAndWait(governor, handle);
      await execute(governor, handle.proposal);

      expect(await membership.isMember(outsiders[outsiders.length - 1].address)).to.equal(true);
    });

    it("cancels as guardian", async function () {
      const fixture = await loadFixture(deployMemberGuardianFixture);
      const { governor, guardian } = fixture;
      const handle = await openAdmission(fixture);

      await expect(cancelAs(governor, guardian, handle))
        .to.emit(governor, "ProposalCanceled")
        .withArgs(handle.id);
    });
  });
});
