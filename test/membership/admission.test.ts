import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress } from "ethers";

import { VoteSupport } from "../../src/governance/proposals";
import { cidV0, cidV1Sha256 } from "../helpers/cid";
import { FOUNDER_COUNT } from "../helpers/fixtures";
import { admitAction, contractAction, openProposal, passProposal, testDescription } from "../helpers/governance";
import {
  AdmissionPolicy,
  PROBATION_PERIOD,
  deployMembershipFixture,
  deployOpenAdmissionFixture,
  type MembershipFixture,
} from "../helpers/membership";
import { subscribe } from "../helpers/shares";

/** CID of an application letter. */
const APPLICATION = cidV0("Application letter: I grow vegetables and would like to join.");

/** CID of the minutes that give the reason for a rejected application. */
const REJECTION_REASON = cidV1Sha256("Minutes of the admissions committee");

/** The test cooperative under the Application policy, with the first founder as admissions officer. */
interface ApplicationFixture extends MembershipFixture {
  officer: HardhatEthersSigner;
  applicant: HardhatEthersSigner;
}

async function deployApplicationFixture(): Promise<ApplicationFixture> {
  const fixture = await deployMembershipFixture();
  const officer = fixture.founders[0];
  await fixture.byTimelock.setAdmissionPolicy(AdmissionPolicy.Application);
  await fixture.byTimelock.setAdmissionsOfficer(officer.address, true);
  return { ...fixture, officer, applicant: fixture.outsiders[0] };
}

/** Deploys the Application cooperative and has the first outsider apply. */
async function deployPendingApplicationFixture(): Promise<ApplicationFixture> {
  const fixture = await deployApplicationFixture();
  await fixture.membership.connect(fixture.applicant).applyForMembership(APPLICATION);
  return fixture;
}

/** Deploys open admission and admits the first outsider on probation, whose end it also returns. */
async function deployProbationerFixture(): Promise<MembershipFixture & { probationer: string; probationEnds: bigint }> {
  const fixture = await deployOpenAdmissionFixture();
  const probationer = fixture.outsiders[0].address;
  await fixture.byShares.admitBySubscription(probationer);
  const [, , probationEnds] = await fixture.membership.memberInfo(probationer);
  return { ...fixture, probationer, probationEnds };
}

describe("CoopMembership admission", function () {
  describe("Governance policy", function () {
    it("is the default policy", async function () {
      const { membership } = await loadFixture(deployMembershipFixture);

      expect(await membership.admissionPolicy()).to.equal(AdmissionPolicy.Governance);
    });

    it("rejects application", async function () {
      const { membership, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(outsiders[0]).applyForMembership(APPLICATION))
        .to.be.revertedWithCustomError(membership, "CoopMembershipAdmissionClosed")
        .withArgs(AdmissionPolicy.Governance);
    });

    it("rejects admission by subscription", async function () {
      const { membership, byShares, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(byShares.admitBySubscription(outsiders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipAdmissionClosed")
        .withArgs(AdmissionPolicy.Governance);
    });

    it("admits through proposal", async function () {
      const { membership, governor, founders, outsiders } = await loadFixture(deployMembershipFixture);

      await passProposal(governor, founders[0], founders.slice(0, 3), [
        await admitAction(membership, outsiders[0].address),
      ]);

      expect(await membership.isMember(outsiders[0].address)).to.equal(true);
      expect(await membership.getVotes(outsiders[0].address)).to.equal(1n);
    });
  });

  describe("Application policy", function () {
    it("accepts application with valid CID", async function () {
      const { membership, applicant } = await loadFixture(deployApplicationFixture);

      await expect(membership.connect(applicant).applyForMembership(APPLICATION))
        .to.emit(membership, "ApplicationSubmitted")
        .withArgs(applicant.address, APPLICATION);

      expect(await membership.hasApplied(applicant.address)).to.equal(true);
      expect(await membership.isMember(applicant.address)).to.equal(false);
    });

    it("rejects second application", async function () {
      const { membership, applicant } = await loadFixture(deployPendingApplicationFixture);

      await expect(membership.connect(applicant).applyForMembership(APPLICATION))
        .to.be.revertedWithCustomError(membership, "CoopMembershipAlreadyApplied")
        .withArgs(applicant.address);
    });

    it("rejects invalid application CID", async function () {
      const { membership, applicant } = await loadFixture(deployApplicationFixture);
      const truncated = APPLICATION.slice(0, -2);

      await expect(membership.connect(applicant).applyForMembership(truncated))
        .to.be.revertedWithCustomError(membership, "CidInvalid")
        .withArgs(truncated);
    });

    it("rejects empty application CID", async function () {
      const { membership, applicant } = await loadFixture(deployApplicationFixture);

      await expect(membership.connect(applicant).applyForMembership("0x"))
        .to.be.revertedWithCustomError(membership, "CidInvalid")
        .withArgs("0x");
    });

    it("rejects application by member", async function () {
      const { membership, founders } = await loadFixture(deployApplicationFixture);

      await expect(membership.connect(founders[1]).applyForMembership(APPLICATION))
        .to.be.revertedWithCustomError(membership, "CoopMembershipAlreadyMember")
        .withArgs(founders[1].address);
    });

    it("withdraws application", async function () {
      const { membership, applicant } = await loadFixture(deployPendingApplicationFixture);

      await expect(membership.connect(applicant).withdrawApplication())
        .to.emit(membership, "ApplicationWithdrawn")
        .withArgs(applicant.address);

      expect(await membership.hasApplied(applicant.address)).to.equal(false);
    });

    it("rejects withdrawal without application", async function () {
      const { membership, applicant } = await loadFixture(deployApplicationFixture);

      await expect(membership.connect(applicant).withdrawApplication())
        .to.be.revertedWithCustomError(membership, "CoopMembershipNoApplication")
        .withArgs(applicant.address);
    });

    it("approves by timelock", async function () {
      const { membership, byTimelock, applicant } = await loadFixture(deployPendingApplicationFixture);

      await expect(byTimelock.approveApplication(applicant.address))
        .to.emit(membership, "MemberAdmitted")
        .withArgs(applicant.address, BigInt(applicant.address));

      expect(await membership.isMember(applicant.address)).to.equal(true);
      expect(await membership.getVotes(applicant.address)).to.equal(1n);
      expect(await membership.hasApplied(applicant.address)).to.equal(false);
    });

    it("rejects approval after policy change", async function () {
      const { membership, byTimelock, applicant } = await loadFixture(deployPendingApplicationFixture);
      await byTimelock.setAdmissionPolicy(AdmissionPolicy.Governance);

      await expect(byTimelock.approveApplication(applicant.address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipAdmissionClosed")
        .withArgs(AdmissionPolicy.Governance);
    });

    it("approves by admissions officer", async function () {
      const { membership, officer, applicant } = await loadFixture(deployPendingApplicationFixture);

      await expect(membership.connect(officer).approveApplication(applicant.address))
        .to.emit(membership, "MemberAdmitted")
        .withArgs(applicant.address, BigInt(applicant.address));

      expect(await membership.isMember(applicant.address)).to.equal(true);
      expect(await membership.memberCount()).to.equal(FOUNDER_COUNT + 1);
      expect(await membership.getVotes(applicant.address)).to.equal(1n);
    });

    it("rejects approval by member", async function () {
      const { membership, founders, applicant } = await loadFixture(deployPendingApplicationFixture);

      await expect(membership.connect(founders[1]).approveApplication(applicant.address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[1].address);
    });

    it("rejects approval by applicant", async function () {
      const { membership, applicant } = await loadFixture(deployPendingApplicationFixture);

      await expect(membership.connect(applicant).approveApplication(applicant.address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(applicant.address);
    });

    it("rejects approval by revoked officer", async function () {
      const { membership, byTimelock, officer, applicant } = await loadFixture(deployPendingApplicationFixture);
      await byTimelock.setAdmissionsOfficer(officer.address, false);

      await expect(membership.connect(officer).approveApplication(applicant.address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(officer.address);
    });

    it("rejects approval without application", async function () {
      const { membership, officer, outsiders } = await loadFixture(deployPendingApplicationFixture);

      await expect(membership.connect(officer).approveApplication(outsiders[1].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNoApplication")
        .withArgs(outsiders[1].address);
    });

    it("rejects approval after withdrawal", async function () {
      const { membership, officer, applicant } = await loadFixture(deployPendingApplicationFixture);
      await membership.connect(applicant).withdrawApplication();

      await expect(membership.connect(officer).approveApplication(applicant.address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNoApplication")
        .withArgs(applicant.address);
    });

    it("rejects application with reason CID", async function () {
      const { membership, officer, applicant } = await loadFixture(deployPendingApplicationFixture);

      await expect(membership.connect(officer).rejectApplication(applicant.address, REJECTION_REASON))
        .to.emit(membership, "ApplicationRejected")
        .withArgs(applicant.address, REJECTION_REASON);

      expect(await membership.hasApplied(applicant.address)).to.equal(false);
      expect(await membership.isMember(applicant.address)).to.equal(false);
    });

    it("rejects application without reason", async function () {
      const { membership, byTimelock, applicant } = await loadFixture(deployPendingApplicationFixture);

      await expect(byTimelock.rejectApplication(applicant.address, "0x"))
        .to.emit(membership, "ApplicationRejected")
        .withArgs(applicant.address, "0x");
    });

    it("rejects invalid reason CID", async function () {
      const { membership, officer, applicant } = await loadFixture(deployPendingApplicationFixture);
      const truncated = REJECTION_REASON.slice(0, -2);

      await expect(membership.connect(officer).rejectApplication(applicant.address, truncated))
        .to.be.revertedWithCustomError(membership, "CidInvalid")
        .withArgs(truncated);
    });

    it("rejects rejection by member", async function () {
      const { membership, founders, applicant } = await loadFixture(deployPendingApplicationFixture);

      await expect(membership.connect(founders[1]).rejectApplication(applicant.address, REJECTION_REASON))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[1].address);
    });

    it("rejects rejection without application", async function () {
      const { membership, officer, outsiders } = await loadFixture(deployPendingApplicationFixture);

      await expect(membership.connect(officer).rejectApplication(outsiders[1].address, REJECTION_REASON))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNoApplication")
        .withArgs(outsiders[1].address);
    });

    it("accepts new application after rejection", async function () {
      const { membership, officer, applicant } = await loadFixture(deployPendingApplicationFixture);
      await membership.connect(officer).rejectApplication(applicant.address, REJECTION_REASON);

      await expect(membership.connect(applicant).applyForMembership(APPLICATION))
        .to.emit(membership, "ApplicationSubmitted")
        .withArgs(applicant.address, APPLICATION);
    });

    it("clears application on admission by timelock", async function () {
      const { membership, byTimelock, applicant } = await loadFixture(deployPendingApplicationFixture);

      await byTimelock.admit(applicant.address);

      expect(await membership.hasApplied(applicant.address)).to.equal(false);
    });

    it("rejects admission by subscription", async function () {
      const { membership, byShares, applicant } = await loadFixture(deployPendingApplicationFixture);

      await expect(byShares.admitBySubscription(applicant.address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipAdmissionClosed")
        .withArgs(AdmissionPolicy.Application);
    });
  });

  describe("Open policy", function () {
    it("rejects subscription admission by member", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployOpenAdmissionFixture);

      await expect(membership.connect(founders[0]).admitBySubscription(outsiders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[0].address);
    });

    it("rejects subscription admission by timelock", async function () {
      const { membership, byTimelock, timelock, outsiders } = await loadFixture(deployOpenAdmissionFixture);

      await expect(byTimelock.admitBySubscription(outsiders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(await timelock.getAddress());
    });

    it("admits on probation", async function () {
      const { membership, byShares, outsiders } = await loadFixture(deployOpenAdmissionFixture);
      const newcomer = outsiders[0].address;

      await expect(byShares.admitBySubscription(newcomer))
        .to.emit(membership, "MemberAdmitted")
        .withArgs(newcomer, BigInt(newcomer));

      const [weight, votesCredited, probationEnds] = await membership.memberInfo(newcomer);
      expect(await membership.isMember(newcomer)).to.equal(true);
      expect(await membership.memberCount()).to.equal(FOUNDER_COUNT + 1);
      expect(weight).to.equal(1n);
      expect(votesCredited).to.equal(0n);
      expect(probationEnds).to.equal(BigInt((await time.latest()) + PROBATION_PERIOD));
    });

    it("gives no votes on probation", async function () {
      const { membership, probationer } = await loadFixture(deployProbationerFixture);
      const admittedAt = await time.latest();
      await time.increase(1);

      expect(await membership.getVotes(probationer)).to.equal(0n);
      expect(await membership.delegates(probationer)).to.equal(probationer);
      expect(await membership.getPastTotalSupply(admittedAt)).to.equal(BigInt(FOUNDER_COUNT));
    });

    it("rejects activation before probation ends", async function () {
      const { membership, probationer, probationEnds } = await loadFixture(deployProbationerFixture);
      await time.setNextBlockTimestamp(probationEnds - 1n);

      await expect(membership.activate(probationer))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotActivatable")
        .withArgs(probationer, probationEnds);
    });

    it("activates when probation ends", async function () {
      const { membership, outsiders, probationer, probationEnds } = await loadFixture(deployProbationerFixture);
      await time.setNextBlockTimestamp(probationEnds);

      await expect(membership.connect(outsiders[5]).activate(probationer))
        .to.emit(membership, "MemberActivated")
        .withArgs(probationer, 1n);

      const [, votesCredited, probationEndsAfter] = await membership.memberInfo(probationer);
      expect(await membership.getVotes(probationer)).to.equal(1n);
      expect(votesCredited).to.equal(1n);
      expect(probationEndsAfter).to.equal(0n);
    });

    it("raises total on activation", async function () {
      const { membership, probationer, probationEnds } = await loadFixture(deployProbationerFixture);
      await time.increaseTo(probationEnds);

      await membership.activate(probationer);
      const activatedAt = await time.latest();
      await time.increase(1);

      expect(await membership.getPastTotalSupply(activatedAt - 1)).to.equal(BigInt(FOUNDER_COUNT));
      expect(await membership.getPastTotalSupply(activatedAt)).to.equal(BigInt(FOUNDER_COUNT + 1));
    });

    it("rejects second activation", async function () {
      const { membership, probationer, probationEnds } = await loadFixture(deployProbationerFixture);
      await time.increaseTo(probationEnds);
      await membership.activate(probationer);

      await expect(membership.activate(probationer))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotActivatable")
        .withArgs(probationer, 0n);
    });

    it("rejects activation of founder", async function () {
      const { membership, founders } = await loadFixture(deployProbationerFixture);

      await expect(membership.activate(founders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotActivatable")
        .withArgs(founders[0].address, 0n);
    });

    it("rejects activation of non-member", async function () {
      const { membership, outsiders } = await loadFixture(deployProbationerFixture);

      await expect(membership.activate(outsiders[1].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotActivatable")
        .withArgs(outsiders[1].address, 0n);
    });

    it("rejects activation after exit", async function () {
      const { membership, outsiders, probationer, probationEnds } = await loadFixture(deployProbationerFixture);
      await membership.connect(outsiders[0]).resign();
      await time.increaseTo(probationEnds);

      await expect(membership.activate(probationer))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotActivatable")
        .withArgs(probationer, 0n);
    });

    it("rejects vote during probation", async function () {
      const { governor, membership, founders, outsiders, probationer } = await loadFixture(deployProbationerFixture);
      const { id } = await openProposal(governor, founders[0], [await admitAction(membership, outsiders[1].address)]);

      await expect(governor.connect(outsiders[0]).castVote(id, VoteSupport.For))
        .to.be.revertedWithCustomError(governor, "CoopGovernorNoVotesAtSnapshot")
        .withArgs(probationer, id);
    });

    it("ignores activation after snapshot", async function () {
      const fixture = await loadFixture(deployOpenAdmissionFixture);
      const { governor, membership, byShares, founders, outsiders } = fixture;
      const { id } = await openProposal(governor, founders[0], [await admitAction(membership, outsiders[1].address)]);
      const snapshot = await governor.proposalSnapshot(id);
      const latecomer = outsiders[0].address;

      await byShares.admitBySubscription(latecomer);
      await time.increase(PROBATION_PERIOD);
      await membership.activate(latecomer);

      expect(await membership.getPastVotes(latecomer, snapshot)).to.equal(0n);
      expect(await membership.getPastTotalSupply(snapshot)).to.equal(BigInt(FOUNDER_COUNT));
    });

    it("admits without probation period", async function () {
      const { membership, byTimelock, byShares, outsiders } = await loadFixture(deployOpenAdmissionFixture);
      await byTimelock.setProbationPeriod(0);

      await byShares.admitBySubscription(outsiders[0].address);

      const [, votesCredited, probationEnds] = await membership.memberInfo(outsiders[0].address);
      expect(await membership.getVotes(outsiders[0].address)).to.equal(1n);
      expect(votesCredited).to.equal(1n);
      expect(probationEnds).to.equal(0n);
    });

    it("admits by timelock without probation", async function () {
      const { membership, byTimelock, outsiders } = await loadFixture(deployOpenAdmissionFixture);

      await byTimelock.admit(outsiders[0].address);

      expect(await membership.getVotes(outsiders[0].address)).to.equal(1n);
    });

    it("rejects application", async function () {
      const { membership, outsiders } = await loadFixture(deployOpenAdmissionFixture);

      await expect(membership.connect(outsiders[0]).applyForMembership(APPLICATION))
        .to.be.revertedWithCustomError(membership, "CoopMembershipAdmissionClosed")
        .withArgs(AdmissionPolicy.Open);
    });

    it("rejects member subscribing again", async function () {
      const { membership, byShares, founders } = await loadFixture(deployOpenAdmissionFixture);

      await expect(byShares.admitBySubscription(founders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipAlreadyMember")
        .withArgs(founders[0].address);
    });

    it("admits subscriber of minimum shares", async function () {
      const { membership, shares, outsiders } = await loadFixture(deployOpenAdmissionFixture);
      const subscriber = outsiders[0];

      await subscribe(shares, subscriber, await shares.minimumShares());

      const [, votesCredited, probationEnds] = await membership.memberInfo(subscriber.address);
      expect(await membership.isMember(subscriber.address)).to.equal(true);
      expect(votesCredited).to.equal(0n);
      expect(probationEnds).to.equal(BigInt((await time.latest()) + PROBATION_PERIOD));
    });
  });

  describe("re-admission", function () {
    it("rejects application under Governance", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);
      await membership.connect(founders[1]).resign();

      await expect(membership.connect(founders[1]).applyForMembership(APPLICATION))
        .to.be.revertedWithCustomError(membership, "CoopMembershipAdmissionClosed")
        .withArgs(AdmissionPolicy.Governance);
    });

    it("needs new application", async function () {
      const { membership, officer, founders } = await loadFixture(deployApplicationFixture);
      await membership.connect(founders[1]).resign();

      await expect(membership.connect(officer).approveApplication(founders[1].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNoApplication")
        .withArgs(founders[1].address);
    });

    it("approves new application", async function () {
      const { membership, officer, founders } = await loadFixture(deployApplicationFixture);
      const returning = founders[1];
      await membership.connect(returning).resign();

      await membership.connect(returning).applyForMembership(APPLICATION);
      await membership.connect(officer).approveApplication(returning.address);

      expect(await membership.isMember(returning.address)).to.equal(true);
      expect(await membership.getVotes(returning.address)).to.equal(1n);
    });

    it("puts former member on probation", async function () {
      const { membership, byShares, founders } = await loadFixture(deployOpenAdmissionFixture);
      const returning = founders[1].address;
      await membership.connect(founders[1]).resign();

      await byShares.admitBySubscription(returning);

      const [, votesCredited, probationEnds] = await membership.memberInfo(returning);
      expect(await membership.getVotes(returning)).to.equal(0n);
      expect(votesCredited).to.equal(0n);
      expect(probationEnds).to.equal(BigInt((await time.latest()) + PROBATION_PERIOD));
    });

    it("restarts probation of excluded probationer", async function () {
      const { membership, byTimelock, byShares, probationer, probationEnds } =
        await loadFixture(deployProbationerFixture);
      await byTimelock.exclude(probationer, "0x");
      await time.increaseTo(probationEnds);

      await byShares.admitBySubscription(probationer);

      const [, , restartedEnds] = await membership.memberInfo(probationer);
      expect(restartedEnds).to.equal(BigInt((await time.latest()) + PROBATION_PERIOD));
      await expect(membership.activate(probationer))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotActivatable")
        .withArgs(probationer, restartedEnds);
    });
  });

  describe("invalid candidates", function () {
    /** Accounts that can never be members, by name. */
    const candidates: { name: string; pick: (fixture: MembershipFixture) => Promise<string> }[] = [
      { name: "zero address", pick: async () => ZeroAddress },
      { name: "timelock", pick: (fixture) => fixture.timelock.getAddress() },
      { name: "shares contract", pick: (fixture) => fixture.shares.getAddress() },
    ];

    for (const { name, pick } of candidates) {
      it(`rejects admitting ${name}`, async function () {
        const fixture = await loadFixture(deployMembershipFixture);
        const candidate = await pick(fixture);

        await expect(fixture.byTimelock.admit(candidate))
          .to.be.revertedWithCustomError(fixture.membership, "CoopMembershipInvalidMember")
          .withArgs(candidate);
      });

      it(`rejects subscription by ${name}`, async function () {
        const fixture = await loadFixture(deployOpenAdmissionFixture);
        const candidate = await pick(fixture);

        await expect(fixture.byShares.admitBySubscription(candidate))
          .to.be.revertedWithCustomError(fixture.membership, "CoopMembershipInvalidMember")
          .withArgs(candidate);
      });
    }

    it("rejects application by timelock", async function () {
      const { membership, byTimelock, timelock } = await loadFixture(deployApplicationFixture);

      await expect(byTimelock.applyForMembership(APPLICATION))
        .to.be.revertedWithCustomError(membership, "CoopMembershipInvalidMember")
        .withArgs(await timelock.getAddress());
    });

    it("rejects application by shares contract", async function () {
      const { membership, byShares, shares } = await loadFixture(deployApplicationFixture);

      await expect(byShares.applyForMembership(APPLICATION))
        .to.be.revertedWithCustomError(membership, "CoopMembershipInvalidMember")
        .withArgs(await shares.getAddress());
    });
  });

  describe("settings", function () {
    it("sets admission policy", async function () {
      const { membership, byTimelock } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setAdmissionPolicy(AdmissionPolicy.Application))
        .to.emit(membership, "AdmissionPolicySet")
        .withArgs(AdmissionPolicy.Application);

      expect(await membership.admissionPolicy()).to.equal(AdmissionPolicy.Application);
    });

    it("sets probation period", async function () {
      const { membership, byTimelock } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setProbationPeriod(PROBATION_PERIOD))
        .to.emit(membership, "ProbationPeriodSet")
        .withArgs(PROBATION_PERIOD);

      expect(await membership.probationPeriod()).to.equal(PROBATION_PERIOD);
    });

    it("accepts ten-year probation period", async function () {
      const { membership, byTimelock } = await loadFixture(deployMembershipFixture);
      const max = await membership.MAX_PROBATION_PERIOD();

      await byTimelock.setProbationPeriod(max);

      expect(await membership.probationPeriod()).to.equal(max);
    });

    it("rejects longer probation period", async function () {
      const { membership, byTimelock } = await loadFixture(deployMembershipFixture);
      const max = await membership.MAX_PROBATION_PERIOD();

      await expect(byTimelock.setProbationPeriod(max + 1n))
        .to.be.revertedWithCustomError(membership, "CoopMembershipInvalidProbationPeriod")
        .withArgs(max + 1n, max);
    });

    it("grants admissions officer role", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setAdmissionsOfficer(founders[0].address, true))
        .to.emit(membership, "AdmissionsOfficerSet")
        .withArgs(founders[0].address, true);

      expect(await membership.isAdmissionsOfficer(founders[0].address)).to.equal(true);
    });

    it("revokes admissions officer role", async function () {
      const { membership, byTimelock, officer } = await loadFixture(deployApplicationFixture);

      await expect(byTimelock.setAdmissionsOfficer(officer.address, false))
        .to.emit(membership, "AdmissionsOfficerSet")
        .withArgs(officer.address, false);

      expect(await membership.isAdmissionsOfficer(officer.address)).to.equal(false);
    });

    it("rejects zero admissions officer", async function () {
      const { membership, byTimelock } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setAdmissionsOfficer(ZeroAddress, true))
        .to.be.revertedWithCustomError(membership, "CoopMembershipZeroAddress")
        .withArgs("account");
    });

    it("opens admission through proposal", async function () {
      const { membership, governor, founders } = await loadFixture(deployMembershipFixture);

      await passProposal(
        governor,
        founders[0],
        founders.slice(0, 3),
        [
          await contractAction(membership, "setAdmissionPolicy", [AdmissionPolicy.Open]),
          await contractAction(membership, "setProbationPeriod", [PROBATION_PERIOD]),
        ],
        testDescription("Open admission with a probation period"),
      );

      expect(await membership.admissionPolicy()).to.equal(AdmissionPolicy.Open);
      expect(await membership.probationPeriod()).to.equal(PROBATION_PERIOD);
    });

    /** Calls of every admission setting, from a signer that is not the timelock. */
    const settingCalls: { name: string; args: (fixture: ApplicationFixture) => unknown[] }[] = [
      { name: "setAdmissionPolicy", args: () => [AdmissionPolicy.Open] },
      { name: "setProbationPeriod", args: () => [PROBATION_PERIOD] },
      { name: "setAdmissionsOfficer", args: (fixture) => [fixture.founders[1].address, true] },
    ];

    for (const { name, args } of settingCalls) {
      it(`rejects ${name} by officer`, async function () {
        const fixture = await loadFixture(deployApplicationFixture);
        const { membership, officer } = fixture;

        await expect(membership.connect(officer).getFunction(name)(...args(fixture)))
          .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
          .withArgs(officer.address);
      });

      it(`rejects ${name} by outsider`, async function () {
        const fixture = await loadFixture(deployApplicationFixture);
        const { membership, outsiders } = fixture;

        await expect(membership.connect(outsiders[1]).getFunction(name)(...args(fixture)))
          .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
          .withArgs(outsiders[1].address);
      });
    }

    it("rejects admission by officer", async function () {
      const { membership, officer, outsiders } = await loadFixture(deployApplicationFixture);

      await expect(membership.connect(officer).admit(outsiders[1].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(officer.address);
    });

    it("rejects admission by shares contract", async function () {
      const { membership, byShares, shares, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(byShares.admit(outsiders[1].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(await shares.getAddress());
    });
  });
});
