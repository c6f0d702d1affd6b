import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { VoteSupport, buildProposal, propose } from "../../src/governance/proposals";
import { FOUNDER_COUNT } from "../helpers/fixtures";
import {
  contractAction,
  endVote,
  openProposal,
  testDescription,
  voteAll,
  type ProposalHandle,
} from "../helpers/governance";
import {
  AdmissionPolicy,
  PROBATION_PERIOD,
  deployMembershipFixture,
  type MembershipFixture,
} from "../helpers/membership";
import { subscribe } from "../helpers/shares";

/**
 * An outsider who can buy memberships under open admission takes six of them while the five
 * members pay little attention, then tries to decide a proposal already open and to take control
 * of the core contracts. New members get no weight on a proposal whose snapshot predates them,
 * probation keeps them from voting or proposing at all, and only the timelock controls the
 * contracts, so the only way to take them is a passed proposal. Such a proposal changes the
 * cooperative itself, so it needs half of the members to take part and two thirds of the votes.
 */

/** Number of memberships the attacker acquires. */
const ATTACKER_COUNT = 6;

/** Open admission, and six attackers who joined. */
interface AttackersFixture extends MembershipFixture {
  attackers: HardhatEthersSigner[];
}

/** Open admission without probation, an open proposal, and six attackers who joined after its snapshot. */
interface TakeoverFixture extends AttackersFixture {
  proposal: ProposalHandle;
}

/** Subscribes the minimum of shares from each attacker, which admits them under open admission. */
async function joinAll(fixture: MembershipFixture, attackers: HardhatEthersSigner[]): Promise<void> {
  const minimumShares = await fixture.shares.minimumShares();
  for (const attacker of attackers) await subscribe(fixture.shares, attacker, minimumShares);
}

async function deployTakeoverFixture(): Promise<TakeoverFixture> {
  const fixture = await deployMembershipFixture();
  const { governor, membership, byTimelock, founders, outsiders } = fixture;
  await byTimelock.setAdmissionPolicy(AdmissionPolicy.Open);
  await byTimelock.setProbationPeriod(0);
  const proposal = await openProposal(
    governor,
    founders[0],
    [await contractAction(membership, "setProbationPeriod", [PROBATION_PERIOD])],
    "Add a probation period",
  );
  const attackers = outsiders.slice(0, ATTACKER_COUNT);
  await joinAll(fixture, attackers);
  return { ...fixture, proposal, attackers };
}

/** Deploys open admission with a 30-day probation and admits six attackers. */
async function deployProbationTakeoverFixture(): Promise<AttackersFixture> {
  const fixture = await deployMembershipFixture();
  await fixture.byTimelock.setAdmissionPolicy(AdmissionPolicy.Open);
  await fixture.byTimelock.setProbationPeriod(PROBATION_PERIOD);
  const attackers = fixture.outsiders.slice(0, ATTACKER_COUNT);
  await joinAll(fixture, attackers);
  return { ...fixture, attackers };
}

describe("Hostile takeover at low turnout", function () {
  describe("proposal already open", function () {
    it("admits attackers with votes", async function () {
      const { membership, attackers } = await loadFixture(deployTakeoverFixture);

      expect(await membership.memberCount()).to.equal(FOUNDER_COUNT + ATTACKER_COUNT);
      for (const attacker of attackers) {
        expect(await membership.getVotes(attacker.address), attacker.address).to.equal(1n);
      }
    });

    it("gives attackers no weight at snapshot", async function () {
      const { membership, governor, proposal, attackers } = await loadFixture(deployTakeoverFixture);
      const snapshot = await governor.proposalSnapshot(proposal.id);

      for (const attacker of attackers) {
        expect(await membership.getPastVotes(attacker.address, snapshot), attacker.address).to.equal(0n);
      }
    });

    it("rejects attacker votes", async function () {
      const { governor, proposal, attackers } = await loadFixture(deployTakeoverFixture);

      for (const attacker of attackers) {
        await expect(governor.connect(attacker).castVote(proposal.id, VoteSupport.Against))
          .to.be.revertedWithCustomError(governor, "CoopGovernorNoVotesAtSnapshot")
          .withArgs(attacker.address, proposal.id);
      }
    });

    it("keeps total weight at snapshot", async function () {
      const { membership, governor, proposal } = await loadFixture(deployTakeoverFixture);
      const snapshot = await governor.proposalSnapshot(proposal.id);

      expect(await membership.getPastTotalSupply(snapshot)).to.equal(BigInt(FOUNDER_COUNT));
      expect(await governor.quorum(snapshot)).to.equal(1n);
    });
  });

  describe("probation", function () {
    it("gives attackers no votes", async function () {
      const { membership, attackers } = await loadFixture(deployProbationTakeoverFixture);

      for (const attacker of attackers) {
        expect(await membership.getVotes(attacker.address), attacker.address).to.equal(0n);
      }
    });

    it("rejects attacker proposal", async function () {
      const { governor, membership, attackers } = await loadFixture(deployProbationTakeoverFixture);
      const attacker = attackers[0];
      const takeover = buildProposal(
        [await contractAction(membership, "setAdmissionsOfficer", [attacker.address, true])],
        testDescription("Make me admissions officer"),
        attacker.address,
      );

      await expect(propose(governor.connect(attacker), takeover))
        .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
        .withArgs(attacker.address, 0n, 1n);
    });
  });

  describe("takeover proposal at low turnout", function () {
    /** Attackers who vote while the members stay idle: four of nine members, under half. */
    const VOTING_ATTACKERS = 4;

    async function openTakeover() {
      const fixture = await loadFixture(deployTakeoverFixture);
      const { governor, membership, attackers } = fixture;
      await Promise.all(attackers.slice(VOTING_ATTACKERS).map((attacker) => membership.connect(attacker).resign()));
      const takeover = await openProposal(
        governor,
        attackers[0],
        [await contractAction(membership, "setAdmissionsOfficer", [attackers[0].address, true])],
        "Make me admissions officer",
      );
      return { ...fixture, takeover };
    }

    it("is classified extraordinary", async function () {
      const { governor, charter, takeover } = await openTakeover();

      const record = await charter.proposalRecord(await governor.getAddress(), takeover.id);

      expect(record.extraordinary).to.equal(true);
    });

    it("fails unanimous minority vote", async function () {
      const { governor, attackers, takeover } = await openTakeover();
      await voteAll(governor, takeover.id, attackers.slice(0, VOTING_ATTACKERS), VoteSupport.For);
      await endVote(governor, takeover.id);

      expect(await governor.state(takeover.id)).to.equal(3n); // Defeated
    });
  });

  describe("core contracts", function () {
    it("are governed by the timelock", async function () {
      const { membership, governor, shares, timelock } = await loadFixture(deployTakeoverFixture);
      const timelockAddress = await timelock.getAddress();

      expect(await membership.timelock()).to.equal(timelockAddress);
      expect(await shares.timelock()).to.equal(timelockAddress);
      expect(await governor.timelock()).to.equal(timelockAddress);
    });

    it("give no timelock role to people", async function () {
      const { timelock, deployer, founders, attackers } = await loadFixture(deployTakeoverFixture);
      const roles = {
        DEFAULT_ADMIN_ROLE: await timelock.DEFAULT_ADMIN_ROLE(),
        PROPOSER_ROLE: await timelock.PROPOSER_ROLE(),
        CANCELLER_ROLE: await timelock.CANCELLER_ROLE(),
        EXECUTOR_ROLE: await timelock.EXECUTOR_ROLE(),
      };

      for (const account of [deployer, ...founders, ...attackers]) {
        for (const [name, role] of Object.entries(roles)) {
          expect(await timelock.hasRole(role, account.address), `${name} of ${account.address}`).to.equal(false);
        }
      }
    });

    it("reject membership upgrade by attacker", async function () {
      const { membership, implementations, attackers } = await loadFixture(deployTakeoverFixture);

      await expect(membership.connect(attackers[0]).upgradeToAndCall(implementations.membership, "0x"))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(attackers[0].address);
    });

    it("reject shares upgrade by attacker", async function () {
      const { shares, implementations, attackers } = await loadFixture(deployTakeoverFixture);

      await expect(shares.connect(attackers[0]).upgradeToAndCall(implementations.shares, "0x"))
        .to.be.revertedWithCustomError(shares, "CoopSharesUnauthorized")
        .withArgs(attackers[0].address);
    });

    it("reject governor upgrade by attacker", async function () {
      const { governor, implementations, attackers } = await loadFixture(deployTakeoverFixture);

      await expect(governor.connect(attackers[0]).upgradeToAndCall(implementations.governor, "0x"))
        .to.be.revertedWithCustomError(governor, "GovernorOnlyExecutor")
        .withArgs(attackers[0].address);
    });

    it("reject admission change by attacker", async function () {
      const { membership, attackers } = await loadFixture(deployTakeoverFixture);

      await expect(membership.connect(attackers[0]).setAdmissionPolicy(AdmissionPolicy.Open))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(attackers[0].address);
    });
  });
});
