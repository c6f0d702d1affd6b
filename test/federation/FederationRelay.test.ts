import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, setCode, time } from "@nomicfoundation/hardhat-network-helpers";
import { PANIC_CODES } from "@nomicfoundation/hardhat-chai-matchers/panic";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { MaxUint256, ZeroAddress, concat, getAddress, id as hashText, zeroPadValue } from "ethers";

import { FEDERATION_MEMBER_WEIGHT } from "../../src/deploy/federation";
import { buildProposal } from "../../src/governance/proposals";
import { FederationRelay__factory, type FederationRelay } from "../../typechain-types";
import { impersonate } from "../helpers/accounts";
import { cidV1Sha256, decodeCidV1Text } from "../helpers/cid";
import {
  FRACTIONAL_SUPPORT,
  TEST_DOCUMENT_URI,
  contractAction,
  packFractionalVote,
  testDescription,
} from "../helpers/governance";
import {
  addLateMember,
  type WithLateMember,
  deployFederationFixture,
  deployTwoLevelFixture,
  endMirror,
  mirrorFederationJudgment,
  mirrorFederationProposal,
  openFederationJudgment,
  openFederationProposal,
  type FederationFixture,
  type FederationProposal,
  type TwoLevelFixture,
} from "../helpers/federation";
import { plainOptions, type JudgmentHandle } from "../helpers/judgment";

/** `IFederationRelay.MirrorKind` and `MirrorState` values. */
const YES_NO = 0n;
const JUDGMENT = 1n;
const ACTIVE = 0n;
const ENDED = 1n;
const CAST = 2n;

const [AGAINST, FOR, ABSTAIN] = [0, 1, 2];

/** Grade value of an option left ungraded on a mirrored ballot. */
const NO_GRADE = 255;

/** Grades on the scale of the test cooperatives and federations. */
const GRADE_COUNT = 6;

const HOUR = 60n * 60n;
const DAY = 24n * HOUR;

/** Cast window of a new relay, and the longest one a cooperative can set. */
const DEFAULT_CAST_WINDOW = HOUR;
const MAX_CAST_WINDOW = 30n * DAY;

/** Voting period of the member cooperatives, which caps a mirrored vote. */
const COOP_VOTING_PERIOD = DAY;

/** Mirror id that no relay holds. */
const UNKNOWN_MIRROR = 12345n;

/** Binary CID of the document that every test proposal cites. */
const TEST_DOCUMENT_CID = decodeCidV1Text(TEST_DOCUMENT_URI.slice("ipfs://".length));

/** Weight that member 4 of cooperative B votes with, set before any proposal. */
const HEAVY_WEIGHT = 3n;

/** The federation with cooperative B's member 4 weighing three votes, and the timelocks at hand. */
interface RelayFixture extends FederationFixture {
  coopATimelock: HardhatEthersSigner;
  coopBTimelock: HardhatEthersSigner;
}

/** A yes/no federation proposal, open and not yet mirrored. */
interface OpenProposalFixture extends RelayFixture {
  proposal: FederationProposal;
}

/** A yes/no federation proposal mirrored into both relays, under the same mirror id. */
interface YesNoFixture extends OpenProposalFixture {
  mirrorId: bigint;
}

/** A majority-judgment federation proposal between three options, open and not yet mirrored. */
interface OpenJudgmentFixture extends RelayFixture {
  handle: JudgmentHandle;
}

/** A majority-judgment federation proposal mirrored into both relays. */
interface JudgmentFixture extends OpenJudgmentFixture {
  mirrorId: bigint;
}

/** A third cooperative whose relay exists but is not yet a member of the federation. */
type LateMemberFixture = WithLateMember<RelayFixture>;

/** A global federation proposal mirrored into the regional federation's relay. */
interface RelayedFixture extends TwoLevelFixture {
  proposal: FederationProposal;
  /** The mirror of the global proposal in the regional relay. */
  regionalMirror: bigint;
}

/** A global majority-judgment proposal mirrored into the regional federation's relay. */
interface RelayedJudgmentFixture extends TwoLevelFixture {
  handle: JudgmentHandle;
  regionalMirror: bigint;
}

async function deployRelayFixture(): Promise<RelayFixture> {
  const fixture = await deployFederationFixture();
  const coopATimelock = await impersonate(fixture.coopA.addresses.timelock);
  const coopBTimelock = await impersonate(fixture.coopB.addresses.timelock);
  await fixture.coopB.membership.connect(coopBTimelock).setWeight(fixture.coopB.members[4].address, HEAVY_WEIGHT);
  return { ...fixture, coopATimelock, coopBTimelock };
}

async function deployOpenProposalFixture(): Promise<OpenProposalFixture> {
  const fixture = await deployRelayFixture();
  const action = await contractAction(fixture.federation.membership, "setProbationPeriod", [0]);
  const proposal = await openFederationProposal(fixture.federation, fixture.relayA, [action]);
  return { ...fixture, proposal };
}

async function deployYesNoFixture(): Promise<YesNoFixture> {
  const fixture = await deployOpenProposalFixture();
  const mirrorId = await mirrorFederationProposal(fixture.relayA, fixture.federation, fixture.proposal);
  await mirrorFederationProposal(fixture.relayB, fixture.federation, fixture.proposal);
  return { ...fixture, mirrorId };
}

async function deployOpenJudgmentFixture(): Promise<OpenJudgmentFixture> {
  const fixture = await deployRelayFixture();
  const handle = await openFederationJudgment(fixture.federation, fixture.relayB, plainOptions(3));
  return { ...fixture, handle };
}

async function deployJudgmentFixture(): Promise<JudgmentFixture> {
  const fixture = await deployOpenJudgmentFixture();
  const mirrorId = await mirrorFederationJudgment(fixture.relayA, fixture.federation, fixture.handle);
  await mirrorFederationJudgment(fixture.relayB, fixture.federation, fixture.handle);
  return { ...fixture, mirrorId };
}

async function deployLateMemberFixture(): Promise<LateMemberFixture> {
  return addLateMember(await deployRelayFixture());
}

async function deployRelayedFixture(): Promise<RelayedFixture> {
  const fixture = await deployTwoLevelFixture();
  const action = await contractAction(fixture.global.membership, "setProbationPeriod", [0]);
  const proposal = await openFederationProposal(fixture.global, fixture.regionalRelay, [action], "Global decision");
  const regionalMirror = await mirrorFederationProposal(fixture.regionalRelay, fixture.global, proposal);
  return { ...fixture, proposal, regionalMirror };
}

async function deployRelayedJudgmentFixture(): Promise<RelayedJudgmentFixture> {
  const fixture = await deployTwoLevelFixture();
  const handle = await openFederationJudgment(fixture.global, fixture.regionalRelay, plainOptions(2), "Global choice");
  const regionalMirror = await mirrorFederationJudgment(fixture.regionalRelay, fixture.global, handle);
  return { ...fixture, handle, regionalMirror };
}

/** Has each of `members` vote `supports[i]` on a yes/no mirror. */
async function voteEach(relay: FederationRelay, mirrorId: bigint, members: HardhatEthersSigner[], supports: number[]) {
  for (const [index, support] of supports.entries()) {
    await relay.connect(members[index]).castVote(mirrorId, support);
  }
}

/** Has each of `members` cast `ballots[i]` on a majority-judgment mirror. */
async function gradeEach(
  relay: FederationRelay,
  mirrorId: bigint,
  members: HardhatEthersSigner[],
  ballots: number[][],
) {
  for (const [index, grades] of ballots.entries()) {
    await relay.connect(members[index]).castBallot(mirrorId, grades);
  }
}

/** Returns the timestamp of the block that mined the transaction. */
async function timestampOf(transaction: Promise<{ blockNumber: number | null }>): Promise<bigint> {
  const { blockNumber } = await transaction;
  const block = await ethers.provider.getBlock(blockNumber ?? "latest");
  if (block === null) throw new Error("Block of the transaction not found.");
  return BigInt(block.timestamp);
}

/** Returns a histogram as plain arrays, for deep equality. */
function rows(counts: bigint[][]): bigint[][] {
  return counts.map((row) => [...row]);
}

/** Returns a one-row-per-option fractional ballot giving the whole `weight` to `grades[i]`. */
function wholeBallot(grades: number[], weight: bigint): bigint[][] {
  return grades.map((grade) => Array.from({ length: GRADE_COUNT }, (_, index) => (index === grade ? weight : 0n)));
}

/**
 * Runtime code of an EIP-1167 minimal proxy to `implementation`: an uninitialized clone, as the
 * registry creates it before its initializer runs.
 */
function minimalProxyCode(implementation: string): string {
  return concat(["0x363d3d373d3d3d363d73", implementation, "0x5af43d82803e903d91602b57fd5bf3"]);
}

/** Runtime code that returns `word`, left-padded to 32 bytes, for any call. */
function constantReturnCode(word: string): string {
  return concat(["0x73", word, "0x60005260206000f3"]);
}

describe("FederationRelay", function () {
  describe("initialize", function () {
    it("rejects a second initialization", async function () {
      const { relayA, coopA, federation, registry } = await loadFixture(deployFederationFixture);
      await expect(
        relayA.initialize(
          coopA.addresses.governor,
          coopA.addresses.judgment,
          federation.addresses.governor,
          federation.addresses.judgment,
          await registry.getAddress(),
        ),
      ).to.be.revertedWithCustomError(relayA, "InvalidInitialization");
    });

    it("rejects initializing the implementation", async function () {
      const { registry, coopA, federation, deployer } = await loadFixture(deployFederationFixture);
      const implementation = FederationRelay__factory.connect(await registry.RELAY_IMPLEMENTATION(), deployer);
      await expect(
        implementation.initialize(
          coopA.addresses.governor,
          coopA.addresses.judgment,
          federation.addresses.governor,
          federation.addresses.judgment,
          await registry.getAddress(),
        ),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    });

    it("rejects governors of two cooperatives", async function () {
      const { registry, relayA, coopA, coopB, federation } = await loadFixture(deployFederationFixture);
      await expect(
        registry.createRelay(
          coopA.addresses.governor,
          coopB.addresses.judgment,
          federation.addresses.governor,
          federation.addresses.judgment,
        ),
      ).to.be.revertedWithCustomError(relayA, "RelayInvalidSetup");
    });

    it("rejects federation governors of two federations", async function () {
      const { registry, relayA, coopA, coopB, federation } = await loadFixture(deployFederationFixture);
      await expect(
        registry.createRelay(
          coopA.addresses.governor,
          coopA.addresses.judgment,
          federation.addresses.governor,
          coopB.addresses.judgment,
        ),
      ).to.be.revertedWithCustomError(relayA, "RelayInvalidSetup");
    });

    it("rejects a cooperative that is the federation", async function () {
      const { registry, relayA, federation } = await loadFixture(deployFederationFixture);
      await expect(
        registry.createRelay(
          federation.addresses.governor,
          federation.addresses.judgment,
          federation.addresses.governor,
          federation.addresses.judgment,
        ),
      ).to.be.revertedWithCustomError(relayA, "RelayInvalidSetup");
    });

    it("rejects a governor without member register", async function () {
      const { registry, relayA, coopA, federation } = await loadFixture(deployFederationFixture);
      // Every call to this governor returns zero: its token() is the zero address.
      const emptyGovernor = getAddress(zeroPadValue("0xe1", 20));
      await setCode(emptyGovernor, constantReturnCode(ZeroAddress));
      await expect(
        registry.createRelay(
          emptyGovernor,
          coopA.addresses.judgment,
          federation.addresses.governor,
          federation.addresses.judgment,
        ),
      ).to.be.revertedWithCustomError(relayA, "RelayInvalidSetup");
    });

    it("rejects a judgment governor with another timelock", async function () {
      const { registry, relayA, coopA, federation } = await loadFixture(deployFederationFixture);
      // Both membership() and timelock() of this judgment governor return cooperative A's member
      // register, so the register matches and the timelock does not.
      const strayJudgment = getAddress(zeroPadValue("0xe2", 20));
      await setCode(strayJudgment, constantReturnCode(coopA.addresses.membership));
      await expect(
        registry.createRelay(
          coopA.addresses.governor,
          strayJudgment,
          federation.addresses.governor,
          federation.addresses.judgment,
        ),
      ).to.be.revertedWithCustomError(relayA, "RelayInvalidSetup");
    });

    it("rejects governors whose register has another timelock", async function () {
      const { registry, relayA, coopA, federation } = await loadFixture(deployFederationFixture);
      // Every call to these two governors returns cooperative A's member register, so they agree
      // with each other, but the register's own timelock is another address.
      const fakeGovernor = getAddress(zeroPadValue("0xe4", 20));
      const fakeJudgment = getAddress(zeroPadValue("0xe5", 20));
      await setCode(fakeGovernor, constantReturnCode(coopA.addresses.membership));
      await setCode(fakeJudgment, constantReturnCode(coopA.addresses.membership));
      await expect(
        registry.createRelay(fakeGovernor, fakeJudgment, federation.addresses.governor, federation.addresses.judgment),
      ).to.be.revertedWithCustomError(relayA, "RelayInvalidSetup");
    });

    it("rejects a zero registry", async function () {
      const { registry, coopA, federation, deployer } = await loadFixture(deployFederationFixture);
      const cloneAddress = getAddress(zeroPadValue("0xe3", 20));
      await setCode(cloneAddress, minimalProxyCode(await registry.RELAY_IMPLEMENTATION()));
      const clone = FederationRelay__factory.connect(cloneAddress, deployer);
      await expect(
        clone.initialize(
          coopA.addresses.governor,
          coopA.addresses.judgment,
          federation.addresses.governor,
          federation.addresses.judgment,
          ZeroAddress,
        ),
      ).to.be.revertedWithCustomError(clone, "RelayInvalidSetup");
    });

    it("links the governors, register and timelocks", async function () {
      const { relayA, coopA, federation } = await loadFixture(deployFederationFixture);
      const [coopGovernor, coopJudgment, fedGovernor, fedJudgment] = await relayA.governors();
      expect(coopGovernor).to.equal(coopA.addresses.governor);
      expect(coopJudgment).to.equal(coopA.addresses.judgment);
      expect(fedGovernor).to.equal(federation.addresses.governor);
      expect(fedJudgment).to.equal(federation.addresses.judgment);
      expect(await relayA.cooperativeMembership()).to.equal(coopA.addresses.membership);
      expect(await relayA.cooperativeTimelock()).to.equal(coopA.addresses.timelock);
      expect(await relayA.federationMembership()).to.equal(federation.addresses.membership);
      expect(await relayA.federationTimelock()).to.equal(federation.addresses.timelock);
      expect(await relayA.castWindow()).to.equal(DEFAULT_CAST_WINDOW);
    });
  });

  describe("mirrorProposal", function () {
    it("records the federation proposal", async function () {
      const { relayB, coopB, federation, proposal } = await loadFixture(deployOpenProposalFixture);
      const mirroredAt = await timestampOf(
        relayB.mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
      );
      const mirrorId = await relayB.mirrorIdOf(federation.addresses.governor, proposal.id);
      const snapshot = await federation.governor.proposalSnapshot(proposal.id);

      const record = await relayB.mirror(mirrorId);
      expect(record.source).to.equal(federation.addresses.governor);
      expect(record.sourceProposalId).to.equal(proposal.id);
      expect(record.snapshot).to.equal(snapshot);
      // The federation votes for three days: the cooperative's one-day period ends first.
      expect(record.deadline).to.equal(mirroredAt + COOP_VOTING_PERIOD);
      expect(record.kind).to.equal(YES_NO);
      expect(record.optionCount).to.equal(0n);
      expect(record.gradeCount).to.equal(0n);
      expect(record.cast).to.equal(false);
      // 25% of cooperative B's weight of 1 + 1 + 1 + 1 + 3, rounded down.
      expect(record.quorum).to.equal(1n);
      expect(record.quorum).to.equal(await coopB.governor.quorum(snapshot));
      expect(await relayB.mirrorState(mirrorId)).to.equal(ACTIVE);
      expect(await relayB.document(mirrorId)).to.equal(TEST_DOCUMENT_CID);
    });

    it("emits ProposalMirrored with the document", async function () {
      const { relayB, federation, proposal } = await loadFixture(deployOpenProposalFixture);
      const mirrorId = await relayB.mirrorIdOf(federation.addresses.governor, proposal.id);
      const snapshot = await federation.governor.proposalSnapshot(proposal.id);
      const mirroredAt = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(mirroredAt);
      await expect(relayB.mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description))
        .to.emit(relayB, "ProposalMirrored")
        .withArgs(
          mirrorId,
          federation.addresses.governor,
          proposal.id,
          YES_NO,
          snapshot,
          mirroredAt + COOP_VOTING_PERIOD,
          1n,
          TEST_DOCUMENT_CID,
        );
    });

    it("ends with the cooperative's shorter period", async function () {
      const { relayA, federation, proposal } = await loadFixture(deployOpenProposalFixture);
      const mirroredAt = await timestampOf(
        relayA.mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
      );
      const record = await relayA.mirror(await relayA.mirrorIdOf(federation.addresses.governor, proposal.id));
      const sourceDeadline = await federation.governor.proposalDeadline(proposal.id);
      expect(record.deadline).to.equal(mirroredAt + COOP_VOTING_PERIOD);
      expect(record.deadline).to.be.lessThan(sourceDeadline - DEFAULT_CAST_WINDOW);
    });

    it("ends a cast window before a near federation deadline", async function () {
      const { relayA, federation, proposal } = await loadFixture(deployOpenProposalFixture);
      const sourceDeadline = await federation.governor.proposalDeadline(proposal.id);
      // The last moment: two cast windows before the deadline, one to vote and one to cast.
      await time.setNextBlockTimestamp(sourceDeadline - 2n * DEFAULT_CAST_WINDOW);
      const mirrorId = await mirrorFederationProposal(relayA, federation, proposal);
      expect((await relayA.mirror(mirrorId)).deadline).to.equal(sourceDeadline - DEFAULT_CAST_WINDOW);
    });

    it("rejects leaving less than a window", async function () {
      const { relayA, federation, proposal } = await loadFixture(deployOpenProposalFixture);
      const sourceDeadline = await federation.governor.proposalDeadline(proposal.id);
      await time.setNextBlockTimestamp(sourceDeadline - 2n * DEFAULT_CAST_WINDOW + 1n);
      await expect(relayA.mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description))
        .to.be.revertedWithCustomError(relayA, "RelayTooLateToMirror")
        .withArgs(sourceDeadline, DEFAULT_CAST_WINDOW);
    });

    it("rejects a second mirror", async function () {
      const { relayA, proposal, mirrorId } = await loadFixture(deployYesNoFixture);
      await expect(relayA.mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description))
        .to.be.revertedWithCustomError(relayA, "RelayAlreadyMirrored")
        .withArgs(mirrorId);
    });

    it("rejects a pending proposal", async function () {
      const { relayA, federation, coopATimelock } = await loadFixture(deployRelayFixture);
      const action = await contractAction(federation.membership, "setProbationPeriod", [0]);
      const proposal = buildProposal([action], testDescription("Pending"), await relayA.getAddress());
      await relayA
        .connect(coopATimelock)
        .propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
      const proposalId = await federation.governor.getProposalId(
        proposal.targets,
        proposal.values,
        proposal.calldatas,
        hashText(proposal.description),
      );
      await expect(relayA.mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description))
        .to.be.revertedWithCustomError(relayA, "RelaySourceNotActive")
        .withArgs(federation.addresses.governor, proposalId);
    });

    it("rejects an ended proposal", async function () {
      const { relayA, federation, proposal } = await loadFixture(deployOpenProposalFixture);
      await time.increaseTo((await federation.governor.proposalDeadline(proposal.id)) + 1n);
      await expect(relayA.mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description))
        .to.be.revertedWithCustomError(relayA, "RelaySourceNotActive")
        .withArgs(federation.addresses.governor, proposal.id);
    });
  });

  describe("mirrorJudgment", function () {
    it("records the federation proposal", async function () {
      const { relayB, coopB, federation, handle } = await loadFixture(deployOpenJudgmentFixture);
      const details = await federation.judgment.proposalDetails(handle.id);
      const mirrorId = await relayB.mirrorIdOf(federation.addresses.judgment, handle.id);
      const mirroredAt = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(mirroredAt);
      // 25% of cooperative B's weight of 7 at the snapshot, rounded down.
      const quorum = ((await coopB.membership.getPastTotalSupply(details.snapshot)) * 25n) / 100n;
      expect(quorum).to.equal(1n);
      expect((await coopB.judgment.settings()).quorumPercent).to.equal(25n);

      await expect(relayB.mirrorJudgment(handle.id, handle.options, false, handle.description))
        .to.emit(relayB, "ProposalMirrored")
        .withArgs(
          mirrorId,
          federation.addresses.judgment,
          handle.id,
          JUDGMENT,
          details.snapshot,
          mirroredAt + COOP_VOTING_PERIOD,
          quorum,
          TEST_DOCUMENT_CID,
        );
      const record = await relayB.mirror(mirrorId);
      expect(record.kind).to.equal(JUDGMENT);
      expect(record.optionCount).to.equal(3n);
      expect(record.gradeCount).to.equal(BigInt(GRADE_COUNT));
      expect(record.quorum).to.equal(quorum);
      expect(await relayB.document(mirrorId)).to.equal(TEST_DOCUMENT_CID);
      expect(rows(await relayB.histogram(mirrorId))).to.deep.equal([
        [0n, 0n, 0n, 0n, 0n, 0n],
        [0n, 0n, 0n, 0n, 0n, 0n],
        [0n, 0n, 0n, 0n, 0n, 0n],
      ]);
    });

    it("rejects other options", async function () {
      const { relayA, handle } = await loadFixture(deployOpenJudgmentFixture);
      await expect(relayA.mirrorJudgment(handle.id, plainOptions(2), false, handle.description))
        .to.be.revertedWithCustomError(relayA, "RelayProposalMismatch")
        .withArgs(handle.id);
    });

    it("rejects another description", async function () {
      const { relayA, handle } = await loadFixture(deployOpenJudgmentFixture);
      await expect(relayA.mirrorJudgment(handle.id, handle.options, false, testDescription("Another choice")))
        .to.be.revertedWithCustomError(relayA, "RelayProposalMismatch")
        .withArgs(handle.id);
    });

    it("rejects another status quo flag", async function () {
      const { relayA, handle } = await loadFixture(deployOpenJudgmentFixture);
      await expect(relayA.mirrorJudgment(handle.id, handle.options, true, handle.description))
        .to.be.revertedWithCustomError(relayA, "RelayProposalMismatch")
        .withArgs(handle.id);
    });

    it("rejects a second mirror", async function () {
      const { relayA, handle, mirrorId } = await loadFixture(deployJudgmentFixture);
      await expect(relayA.mirrorJudgment(handle.id, handle.options, false, handle.description))
        .to.be.revertedWithCustomError(relayA, "RelayAlreadyMirrored")
        .withArgs(mirrorId);
    });

    it("rejects a pending proposal", async function () {
      const { relayA, federation, coopATimelock } = await loadFixture(deployRelayFixture);
      const options = plainOptions(2);
      const description = testDescription("Pending choice");
      const proposalId = await federation.judgment.hashProposal(
        await relayA.getAddress(),
        options,
        false,
        hashText(description),
      );
      await relayA.connect(coopATimelock).proposeJudgment(options, false, description);
      await expect(relayA.mirrorJudgment(proposalId, options, false, description))
        .to.be.revertedWithCustomError(relayA, "RelaySourceNotActive")
        .withArgs(federation.addresses.judgment, proposalId);
    });

    it("rejects an ended proposal", async function () {
      const { relayA, federation, handle } = await loadFixture(deployOpenJudgmentFixture);
      await time.increaseTo((await federation.judgment.proposalDetails(handle.id)).deadline + 1n);
      await expect(relayA.mirrorJudgment(handle.id, handle.options, false, handle.description))
        .to.be.revertedWithCustomError(relayA, "RelaySourceNotActive")
        .withArgs(federation.addresses.judgment, handle.id);
    });

    it("rejects leaving less than a window", async function () {
      const { relayA, federation, handle } = await loadFixture(deployOpenJudgmentFixture);
      const { deadline } = await federation.judgment.proposalDetails(handle.id);
      await time.setNextBlockTimestamp(deadline - 2n * DEFAULT_CAST_WINDOW + 1n);
      await expect(relayA.mirrorJudgment(handle.id, handle.options, false, handle.description))
        .to.be.revertedWithCustomError(relayA, "RelayTooLateToMirror")
        .withArgs(deadline, DEFAULT_CAST_WINDOW);
    });
  });

  describe("mirrorRelayed", function () {
    it("records the mirror of the federation's relay", async function () {
      const { relayA, coopA, regionalRelay, global, proposal, regionalMirror } =
        await loadFixture(deployRelayedFixture);
      const above = await regionalRelay.mirror(regionalMirror);
      const mirrorId = await relayA.mirrorIdOf(regionalRelay, regionalMirror);
      const mirroredAt = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(mirroredAt);

      await expect(relayA.mirrorRelayed(regionalRelay, regionalMirror))
        .to.emit(relayA, "ProposalMirrored")
        .withArgs(
          mirrorId,
          await regionalRelay.getAddress(),
          regionalMirror,
          YES_NO,
          above.snapshot,
          mirroredAt + COOP_VOTING_PERIOD,
          await coopA.governor.quorum(above.snapshot),
          TEST_DOCUMENT_CID,
        );
      const record = await relayA.mirror(mirrorId);
      expect(record.snapshot).to.equal(await global.governor.proposalSnapshot(proposal.id));
      expect(record.deadline).to.be.lessThan(above.deadline);
      expect(await relayA.document(mirrorId)).to.equal(TEST_DOCUMENT_CID);
    });

    it("records a relayed majority judgment", async function () {
      const { relayB, coopB, regionalRelay, regionalMirror } = await loadFixture(deployRelayedJudgmentFixture);
      const above = await regionalRelay.mirror(regionalMirror);
      await relayB.mirrorRelayed(regionalRelay, regionalMirror);
      const record = await relayB.mirror(await relayB.mirrorIdOf(regionalRelay, regionalMirror));
      expect(record.kind).to.equal(JUDGMENT);
      expect(record.optionCount).to.equal(2n);
      expect(record.gradeCount).to.equal(BigInt(GRADE_COUNT));
      // 25% of cooperative B's weight of 5 at the snapshot, rounded down.
      expect(record.quorum).to.equal(((await coopB.membership.getPastTotalSupply(above.snapshot)) * 25n) / 100n);
      expect(record.quorum).to.equal(1n);
    });

    it("ends a cast window before the mirror above", async function () {
      const { relayA, regionalRelay, regionalMirror } = await loadFixture(deployRelayedFixture);
      const above = await regionalRelay.mirror(regionalMirror);
      await time.setNextBlockTimestamp(above.deadline - 2n * DEFAULT_CAST_WINDOW);
      await relayA.mirrorRelayed(regionalRelay, regionalMirror);
      const record = await relayA.mirror(await relayA.mirrorIdOf(regionalRelay, regionalMirror));
      expect(record.deadline).to.equal(above.deadline - DEFAULT_CAST_WINDOW);
    });

    it("rejects an address that is no relay", async function () {
      const { relayA, outsiders } = await loadFixture(deployRelayedFixture);
      await expect(relayA.mirrorRelayed(outsiders[0].address, 1n))
        .to.be.revertedWithCustomError(relayA, "RelayUnknownSource")
        .withArgs(outsiders[0].address);
    });

    it("rejects a relay of another federation", async function () {
      const { relayA, globalRelayB, global, proposal } = await loadFixture(deployRelayedFixture);
      // Cooperative B's relay in the global federation has a mirror of the same proposal, but its
      // cooperative is not the federation that relay A belongs to.
      const otherMirror = await mirrorFederationProposal(globalRelayB, global, proposal);
      await expect(relayA.mirrorRelayed(globalRelayB, otherMirror))
        .to.be.revertedWithCustomError(relayA, "RelayUnknownSource")
        .withArgs(await globalRelayB.getAddress());
    });

    it("rejects a sibling relay", async function () {
      const { relayA, relayB, federation, proposal, mirrorId } = await loadFixture(deployYesNoFixture);
      expect(await relayB.mirrorIdOf(federation.addresses.governor, proposal.id)).to.equal(mirrorId);
      await expect(relayA.mirrorRelayed(relayB, mirrorId))
        .to.be.revertedWithCustomError(relayA, "RelayUnknownSource")
        .withArgs(await relayB.getAddress());
    });

    it("rejects an ended source mirror", async function () {
      const { relayA, regionalRelay, regionalMirror } = await loadFixture(deployRelayedFixture);
      await endMirror(regionalRelay, regionalMirror);
      await expect(relayA.mirrorRelayed(regionalRelay, regionalMirror))
        .to.be.revertedWithCustomError(relayA, "RelaySourceNotActive")
        .withArgs(await regionalRelay.getAddress(), regionalMirror);
    });

    it("rejects a source mirror already cast", async function () {
      const { relayA, relayB, coopB, regionalRelay, regionalMirror } = await loadFixture(deployRelayedFixture);
      const lowerMirror = await relayB.mirrorIdOf(regionalRelay, regionalMirror);
      await relayB.mirrorRelayed(regionalRelay, regionalMirror);
      await voteEach(relayB, lowerMirror, coopB.members, [FOR, FOR, FOR, FOR, FOR]);
      await endMirror(relayB, lowerMirror);
      await relayB.castUpward(lowerMirror);
      await endMirror(regionalRelay, regionalMirror);
      await regionalRelay.castUpward(regionalMirror);
      expect(await regionalRelay.mirrorState(regionalMirror)).to.equal(CAST);

      await expect(relayA.mirrorRelayed(regionalRelay, regionalMirror))
        .to.be.revertedWithCustomError(relayA, "RelaySourceNotActive")
        .withArgs(await regionalRelay.getAddress(), regionalMirror);
    });

    it("rejects a second mirror", async function () {
      const { relayA, regionalRelay, regionalMirror } = await loadFixture(deployRelayedFixture);
      await relayA.mirrorRelayed(regionalRelay, regionalMirror);
      await expect(relayA.mirrorRelayed(regionalRelay, regionalMirror))
        .to.be.revertedWithCustomError(relayA, "RelayAlreadyMirrored")
        .withArgs(await relayA.mirrorIdOf(regionalRelay, regionalMirror));
    });

    it("rejects an unknown source mirror", async function () {
      const { relayA, regionalRelay } = await loadFixture(deployRelayedFixture);
      await expect(relayA.mirrorRelayed(regionalRelay, UNKNOWN_MIRROR))
        .to.be.revertedWithCustomError(relayA, "RelayUnknownMirror")
        .withArgs(UNKNOWN_MIRROR);
    });
  });

  describe("castVote", function () {
    it("counts the weight at the snapshot", async function () {
      const { relayB, coopB, coopBTimelock, mirrorId } = await loadFixture(deployYesNoFixture);
      const heavy = coopB.members[4];
      // A weight set after the snapshot does not count.
      await coopB.membership.connect(coopBTimelock).setWeight(heavy.address, 10n);
      expect(await relayB.connect(heavy).castVote.staticCall(mirrorId, FOR)).to.equal(HEAVY_WEIGHT);
      await expect(relayB.connect(heavy).castVote(mirrorId, FOR))
        .to.emit(relayB, "MirrorVoteCast")
        .withArgs(heavy.address, mirrorId, 0n, HEAVY_WEIGHT, 0n, "");
      await relayB.connect(coopB.members[0]).castVote(mirrorId, AGAINST);
      await relayB.connect(coopB.members[1]).castVote(mirrorId, ABSTAIN);

      const counted = await relayB.tally(mirrorId);
      expect(counted.againstVotes).to.equal(1n);
      expect(counted.forVotes).to.equal(HEAVY_WEIGHT);
      expect(counted.abstainVotes).to.equal(1n);
      expect(counted.participation).to.equal(HEAVY_WEIGHT + 2n);
      expect(await relayB.hasVoted(mirrorId, heavy.address)).to.equal(true);
      expect(await relayB.hasVoted(mirrorId, coopB.members[2].address)).to.equal(false);
    });

    it("rejects a member admitted after the snapshot", async function () {
      const { relayA, coopA, coopATimelock, outsiders, mirrorId } = await loadFixture(deployYesNoFixture);
      const newcomer = outsiders[0];
      await coopA.membership.connect(coopATimelock).admit(newcomer.address);
      await expect(relayA.connect(newcomer).castVote(mirrorId, FOR))
        .to.be.revertedWithCustomError(relayA, "RelayNoVotesAtSnapshot")
        .withArgs(newcomer.address, mirrorId);
    });

    it("rejects a non-member", async function () {
      const { relayA, outsiders, mirrorId } = await loadFixture(deployYesNoFixture);
      await expect(relayA.connect(outsiders[0]).castVote(mirrorId, FOR))
        .to.be.revertedWithCustomError(relayA, "RelayNotMember")
        .withArgs(outsiders[0].address);
    });

    it("rejects a member of the other cooperative", async function () {
      const { relayA, coopB, mirrorId } = await loadFixture(deployYesNoFixture);
      await expect(relayA.connect(coopB.members[0]).castVote(mirrorId, FOR))
        .to.be.revertedWithCustomError(relayA, "RelayNotMember")
        .withArgs(coopB.members[0].address);
    });

    it("rejects a member who resigned", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      const leaver = coopA.members[0];
      await coopA.membership.connect(leaver).resign();
      await expect(relayA.connect(leaver).castVote(mirrorId, FOR))
        .to.be.revertedWithCustomError(relayA, "RelayNotMember")
        .withArgs(leaver.address);
    });

    it("rejects a second vote", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      await relayA.connect(coopA.members[0]).castVote(mirrorId, FOR);
      await expect(relayA.connect(coopA.members[0]).castVote(mirrorId, AGAINST))
        .to.be.revertedWithCustomError(relayA, "RelayAlreadyVoted")
        .withArgs(coopA.members[0].address, mirrorId);
    });

    it("rejects support 3", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      await expect(relayA.connect(coopA.members[0]).castVote(mirrorId, 3))
        .to.be.revertedWithCustomError(relayA, "RelayInvalidSupport")
        .withArgs(3);
    });

    it("rejects a majority-judgment mirror", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployJudgmentFixture);
      await expect(relayA.connect(coopA.members[0]).castVote(mirrorId, FOR))
        .to.be.revertedWithCustomError(relayA, "RelayWrongKind")
        .withArgs(mirrorId, JUDGMENT);
    });

    it("rejects a vote after the deadline", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      await endMirror(relayA, mirrorId);
      await expect(relayA.connect(coopA.members[0]).castVote(mirrorId, FOR))
        .to.be.revertedWithCustomError(relayA, "RelayUnexpectedState")
        .withArgs(mirrorId, ENDED);
    });

    it("accepts a vote at the deadline", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      await time.setNextBlockTimestamp((await relayA.mirror(mirrorId)).deadline);
      await expect(relayA.connect(coopA.members[0]).castVote(mirrorId, FOR)).to.emit(relayA, "MirrorVoteCast");
    });

    it("rejects an unknown mirror", async function () {
      const { relayA, coopA } = await loadFixture(deployYesNoFixture);
      await expect(relayA.connect(coopA.members[0]).castVote(UNKNOWN_MIRROR, FOR))
        .to.be.revertedWithCustomError(relayA, "RelayUnknownMirror")
        .withArgs(UNKNOWN_MIRROR);
    });
  });

  describe("castVoteWithReasonAndParams", function () {
    it("counts a plain vote with its reason", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      const voter = coopA.members[0];
      await expect(relayA.connect(voter).castVoteWithReasonAndParams(mirrorId, ABSTAIN, "not our field", "0x"))
        .to.emit(relayA, "MirrorVoteCast")
        .withArgs(voter.address, mirrorId, 0n, 0n, 1n, "not our field");
      expect((await relayA.tally(mirrorId)).abstainVotes).to.equal(1n);
    });

    it("counts a fractional vote", async function () {
      const { relayB, coopB, mirrorId } = await loadFixture(deployYesNoFixture);
      const heavy = coopB.members[4];
      // Two of three votes used: one against, one for.
      const params = packFractionalVote(1n, 1n, 0n);
      await expect(relayB.connect(heavy).castVoteWithReasonAndParams(mirrorId, FRACTIONAL_SUPPORT, "split", params))
        .to.emit(relayB, "MirrorVoteCast")
        .withArgs(heavy.address, mirrorId, 1n, 1n, 0n, "split");
      const counted = await relayB.tally(mirrorId);
      expect(counted.againstVotes).to.equal(1n);
      expect(counted.forVotes).to.equal(1n);
      expect(counted.abstainVotes).to.equal(0n);
      expect(counted.participation).to.equal(2n);
    });

    it("rejects params with a plain vote", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      const params = packFractionalVote(0n, 1n, 0n);
      for (const support of [AGAINST, FOR, ABSTAIN]) {
        await expect(relayA.connect(coopA.members[0]).castVoteWithReasonAndParams(mirrorId, support, "", params))
          .to.be.revertedWithCustomError(relayA, "RelayInvalidSupport")
          .withArgs(support);
      }
    });

    it("rejects fractional params of wrong length", async function () {
      const { relayB, coopB, mirrorId } = await loadFixture(deployYesNoFixture);
      const params = packFractionalVote(1n, 1n, 1n);
      for (const wrong of ["0x", params.slice(0, -2), concat([params, "0x00"])]) {
        await expect(
          relayB.connect(coopB.members[4]).castVoteWithReasonAndParams(mirrorId, FRACTIONAL_SUPPORT, "", wrong),
        ).to.be.revertedWithCustomError(relayB, "RelayInvalidParams");
      }
    });

    it("rejects fractions over the weight", async function () {
      const { relayB, coopB, mirrorId } = await loadFixture(deployYesNoFixture);
      const heavy = coopB.members[4];
      const params = packFractionalVote(2n, 1n, 1n);
      await expect(relayB.connect(heavy).castVoteWithReasonAndParams(mirrorId, FRACTIONAL_SUPPORT, "", params))
        .to.be.revertedWithCustomError(relayB, "RelayExceedsWeight")
        .withArgs(heavy.address, 4n, HEAVY_WEIGHT);
    });
  });

  describe("castBallot", function () {
    it("counts the grades with the weight at the snapshot", async function () {
      const { relayB, coopB, mirrorId } = await loadFixture(deployJudgmentFixture);
      const heavy = coopB.members[4];
      await expect(relayB.connect(heavy).castBallot(mirrorId, [5, NO_GRADE, 0]))
        .to.emit(relayB, "MirrorBallotCast")
        .withArgs(heavy.address, mirrorId, [5, NO_GRADE, 0], HEAVY_WEIGHT);
      await relayB.connect(coopB.members[0]).castBallot(mirrorId, [5, 2, 0]);
      // The ungraded option is not in the histogram until cast upward.
      expect(rows(await relayB.histogram(mirrorId))).to.deep.equal([
        [0n, 0n, 0n, 0n, 0n, 4n],
        [0n, 0n, 1n, 0n, 0n, 0n],
        [4n, 0n, 0n, 0n, 0n, 0n],
      ]);
      expect((await relayB.tally(mirrorId)).participation).to.equal(4n);
      expect(await relayB.hasVoted(mirrorId, heavy.address)).to.equal(true);
    });

    it("rejects a ballot of wrong length", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployJudgmentFixture);
      await expect(relayA.connect(coopA.members[0]).castBallot(mirrorId, [1, 2]))
        .to.be.revertedWithCustomError(relayA, "RelayWrongLength")
        .withArgs(2n, 3n);
    });

    it("rejects a grade off the scale", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployJudgmentFixture);
      await expect(relayA.connect(coopA.members[0]).castBallot(mirrorId, [1, GRADE_COUNT, 2]))
        .to.be.revertedWithCustomError(relayA, "RelayInvalidGrade")
        .withArgs(GRADE_COUNT);
    });

    it("rejects a second ballot", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployJudgmentFixture);
      await relayA.connect(coopA.members[0]).castBallot(mirrorId, [1, 2, 3]);
      await expect(relayA.connect(coopA.members[0]).castBallot(mirrorId, [1, 2, 3]))
        .to.be.revertedWithCustomError(relayA, "RelayAlreadyVoted")
        .withArgs(coopA.members[0].address, mirrorId);
    });

    it("rejects a yes/no mirror", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      await expect(relayA.connect(coopA.members[0]).castBallot(mirrorId, []))
        .to.be.revertedWithCustomError(relayA, "RelayWrongKind")
        .withArgs(mirrorId, YES_NO);
    });

    it("rejects a ballot after the deadline", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployJudgmentFixture);
      await endMirror(relayA, mirrorId);
      await expect(relayA.connect(coopA.members[0]).castBallot(mirrorId, [1, 2, 3]))
        .to.be.revertedWithCustomError(relayA, "RelayUnexpectedState")
        .withArgs(mirrorId, ENDED);
    });
  });

  describe("castFractionalBallot", function () {
    it("counts the parts", async function () {
      const { relayB, coopB, mirrorId } = await loadFixture(deployJudgmentFixture);
      const heavy = coopB.members[4];
      const parts = [
        [0n, 0n, 1n, 0n, 0n, 2n],
        [3n, 0n, 0n, 0n, 0n, 0n],
        [1n, 1n, 1n, 0n, 0n, 0n],
      ];
      await expect(relayB.connect(heavy).castFractionalBallot(mirrorId, parts))
        .to.emit(relayB, "MirrorFractionalBallotCast")
        .withArgs(heavy.address, mirrorId, parts, HEAVY_WEIGHT);
      expect(rows(await relayB.histogram(mirrorId))).to.deep.equal(parts);
      expect((await relayB.tally(mirrorId)).participation).to.equal(HEAVY_WEIGHT);
    });

    it("rejects a wrong row count", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployJudgmentFixture);
      await expect(relayA.connect(coopA.members[0]).castFractionalBallot(mirrorId, wholeBallot([1, 2], 1n)))
        .to.be.revertedWithCustomError(relayA, "RelayWrongLength")
        .withArgs(2n, 3n);
    });

    it("rejects a wrong row length", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployJudgmentFixture);
      const parts = wholeBallot([1, 2, 3], 1n);
      parts[1] = parts[1].slice(1);
      await expect(relayA.connect(coopA.members[0]).castFractionalBallot(mirrorId, parts))
        .to.be.revertedWithCustomError(relayA, "RelayWrongLength")
        .withArgs(BigInt(GRADE_COUNT - 1), BigInt(GRADE_COUNT));
    });

    it("rejects a row below the weight", async function () {
      const { relayB, coopB, mirrorId } = await loadFixture(deployJudgmentFixture);
      const parts = wholeBallot([1, 2, 3], HEAVY_WEIGHT);
      parts[2][3] = HEAVY_WEIGHT - 1n;
      await expect(relayB.connect(coopB.members[4]).castFractionalBallot(mirrorId, parts))
        .to.be.revertedWithCustomError(relayB, "RelayPartsMismatch")
        .withArgs(2n, HEAVY_WEIGHT - 1n, HEAVY_WEIGHT);
    });

    it("rejects a row over the weight", async function () {
      const { relayB, coopB, mirrorId } = await loadFixture(deployJudgmentFixture);
      const parts = wholeBallot([1, 2, 3], HEAVY_WEIGHT);
      parts[0][0] = 1n;
      await expect(relayB.connect(coopB.members[4]).castFractionalBallot(mirrorId, parts))
        .to.be.revertedWithCustomError(relayB, "RelayPartsMismatch")
        .withArgs(0n, HEAVY_WEIGHT + 1n, HEAVY_WEIGHT);
    });

    it("rejects parts that overflow", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployJudgmentFixture);
      // The sum would wrap around to exactly the weight of 1 without checked addition.
      const parts = wholeBallot([1, 2, 3], 1n);
      parts[0] = [MaxUint256, 2n, 0n, 0n, 0n, 0n];
      await expect(relayA.connect(coopA.members[0]).castFractionalBallot(mirrorId, parts)).to.be.revertedWithPanic(
        PANIC_CODES.ARITHMETIC_OVERFLOW,
      );
      expect(rows(await relayA.histogram(mirrorId))[0]).to.deep.equal([0n, 0n, 0n, 0n, 0n, 0n]);
    });

    it("rejects a yes/no mirror", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      await expect(relayA.connect(coopA.members[0]).castFractionalBallot(mirrorId, []))
        .to.be.revertedWithCustomError(relayA, "RelayWrongKind")
        .withArgs(mirrorId, YES_NO);
    });
  });

  describe("castUpward", function () {
    it("splits a yes/no result by largest remainder", async function () {
      const { relayA, relayB, coopA, coopB, federation, proposal, mirrorId } = await loadFixture(deployYesNoFixture);
      await voteEach(relayA, mirrorId, coopA.members, [FOR, AGAINST, ABSTAIN]);
      // Weights 1, 1, 1, 1 and 3: 1 against, 1 + 1 + 3 = 5 for, 1 abstaining, of 7.
      await voteEach(relayB, mirrorId, coopB.members, [FOR, FOR, AGAINST, ABSTAIN, FOR]);
      await endMirror(relayA, mirrorId);

      await expect(relayA.castUpward(mirrorId))
        .to.emit(relayA, "VoteCastUpward")
        .withArgs(mirrorId, federation.addresses.governor, proposal.id, FEDERATION_MEMBER_WEIGHT);
      // Thirds of 1,000,000: 333,333 each and one unit left; the three remainders tie, so the
      // unit goes to the lowest index, against.
      let [against, inFavor, abstain] = await federation.governor.proposalVotes(proposal.id);
      expect([against, inFavor, abstain]).to.deep.equal([333_334n, 333_333n, 333_333n]);

      await relayB.castUpward(mirrorId);
      // Sevenths of 1,000,000: the floors 142,857, 714,285 and 142,857 leave one unit. The
      // remainders are 1, 5 and 1 sevenths, so the unit goes to for: 142,857, 714,286, 142,857.
      [against, inFavor, abstain] = await federation.governor.proposalVotes(proposal.id);
      expect([against, inFavor, abstain]).to.deep.equal([
        333_334n + 142_857n,
        333_333n + 714_286n,
        333_333n + 142_857n,
      ]);
      expect(against + inFavor + abstain).to.equal(2n * FEDERATION_MEMBER_WEIGHT);
      expect(await relayA.mirrorState(mirrorId)).to.equal(CAST);
      expect((await relayA.mirror(mirrorId)).cast).to.equal(true);
    });

    it("gives an exact split without rounding", async function () {
      const { relayB, coopB, federation, proposal, mirrorId } = await loadFixture(deployYesNoFixture);
      // 1 for and 3 against of 4: a quarter and three quarters of 1,000,000.
      await voteEach(relayB, mirrorId, coopB.members, [FOR]);
      await relayB.connect(coopB.members[4]).castVote(mirrorId, AGAINST);
      await endMirror(relayB, mirrorId);
      await relayB.castUpward(mirrorId);
      const [against, inFavor, abstain] = await federation.governor.proposalVotes(proposal.id);
      expect([against, inFavor, abstain]).to.deep.equal([750_000n, 250_000n, 0n]);
    });

    it("splits fractional votes by their parts", async function () {
      const { relayB, coopB, federation, proposal, mirrorId } = await loadFixture(deployYesNoFixture);
      // Member 4 uses 2 of 3 votes: 1 for, 1 abstaining; member 0 votes for. Of 3 counted, 2 are
      // for and 1 abstains: 666,666.7 and 333,333.3, the spare unit to the larger remainder (for).
      await relayB
        .connect(coopB.members[4])
        .castVoteWithReasonAndParams(mirrorId, FRACTIONAL_SUPPORT, "", packFractionalVote(0n, 1n, 1n));
      await relayB.connect(coopB.members[0]).castVote(mirrorId, FOR);
      await endMirror(relayB, mirrorId);
      await relayB.castUpward(mirrorId);
      const [against, inFavor, abstain] = await federation.governor.proposalVotes(proposal.id);
      expect([against, inFavor, abstain]).to.deep.equal([0n, 666_667n, 333_333n]);
      expect(against + inFavor + abstain).to.equal(FEDERATION_MEMBER_WEIGHT);
    });

    it("splits grades by largest remainder", async function () {
      const { relayA, coopA, federation, handle, mirrorId } = await loadFixture(deployJudgmentFixture);
      await gradeEach(relayA, mirrorId, coopA.members, [
        [5, 3, NO_GRADE],
        [4, 3, 1],
        [0, 3, 1],
      ]);
      await endMirror(relayA, mirrorId);
      await expect(relayA.castUpward(mirrorId))
        .to.emit(relayA, "VoteCastUpward")
        .withArgs(mirrorId, federation.addresses.judgment, handle.id, FEDERATION_MEMBER_WEIGHT);

      // Option 0: grades 0, 4 and 5 get a third each; the tie leaves the spare unit at grade 0.
      // Option 1: all at grade 3. Option 2: the ungraded ballot counts at grade 0, so 1 and 2
      // thirds: floors 333,333 and 666,666, and the larger remainder (grade 1) gets the unit.
      const tallies = rows(await federation.judgment.tallies(handle.id));
      expect(tallies).to.deep.equal([
        [333_334n, 0n, 0n, 0n, 333_333n, 333_333n],
        [0n, 0n, 0n, 1_000_000n, 0n, 0n],
        [333_333n, 666_667n, 0n, 0n, 0n, 0n],
      ]);
      for (const row of tallies) {
        expect(row.reduce((sum, count) => sum + count, 0n)).to.equal(FEDERATION_MEMBER_WEIGHT);
      }
      expect(await relayA.mirrorState(mirrorId)).to.equal(CAST);
    });

    it("splits fractional ballots by their parts", async function () {
      const { relayB, coopB, federation, handle, mirrorId } = await loadFixture(deployJudgmentFixture);
      // Member 4 (weight 3) and member 0 (weight 1): 4 in all, so quarters of 1,000,000.
      await relayB.connect(coopB.members[4]).castFractionalBallot(mirrorId, [
        [0n, 0n, 1n, 0n, 0n, 2n],
        [3n, 0n, 0n, 0n, 0n, 0n],
        [1n, 1n, 1n, 0n, 0n, 0n],
      ]);
      await relayB.connect(coopB.members[0]).castBallot(mirrorId, [5, 0, NO_GRADE]);
      await endMirror(relayB, mirrorId);
      await relayB.castUpward(mirrorId);
      expect(rows(await federation.judgment.tallies(handle.id))).to.deep.equal([
        [0n, 0n, 250_000n, 0n, 0n, 750_000n],
        [1_000_000n, 0n, 0n, 0n, 0n, 0n],
        [500_000n, 250_000n, 250_000n, 0n, 0n, 0n],
      ]);
    });

    it("rejects a cast before the end", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      await voteEach(relayA, mirrorId, coopA.members, [FOR]);
      await expect(relayA.castUpward(mirrorId))
        .to.be.revertedWithCustomError(relayA, "RelayUnexpectedState")
        .withArgs(mirrorId, ACTIVE);
    });

    it("rejects a second cast", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      await voteEach(relayA, mirrorId, coopA.members, [FOR]);
      await endMirror(relayA, mirrorId);
      await relayA.castUpward(mirrorId);
      await expect(relayA.castUpward(mirrorId))
        .to.be.revertedWithCustomError(relayA, "RelayUnexpectedState")
        .withArgs(mirrorId, CAST);
    });

    it("rejects a cast after the federation deadline", async function () {
      const { relayA, coopA, federation, proposal, mirrorId } = await loadFixture(deployYesNoFixture);
      await voteEach(relayA, mirrorId, coopA.members, [FOR]);
      await time.increaseTo((await federation.governor.proposalDeadline(proposal.id)) + 1n);
      await expect(relayA.castUpward(mirrorId))
        .to.be.revertedWithCustomError(relayA, "RelaySourceNotActive")
        .withArgs(federation.addresses.governor, proposal.id);
    });

    it("rejects a ballot cast after the federation deadline", async function () {
      const { relayA, coopA, federation, handle, mirrorId } = await loadFixture(deployJudgmentFixture);
      await gradeEach(relayA, mirrorId, coopA.members, [[1, 2, 3]]);
      await time.increaseTo((await federation.judgment.proposalDetails(handle.id)).deadline + 1n);
      await expect(relayA.castUpward(mirrorId))
        .to.be.revertedWithCustomError(relayA, "RelaySourceNotActive")
        .withArgs(federation.addresses.judgment, handle.id);
    });

    it("rejects a mirror below the cooperative's quorum", async function () {
      const { relayB, coopB, mirrorId } = await loadFixture(deployYesNoFixture);
      // Against votes do not count toward the quorum of 1, as on the cooperative's governor.
      await voteEach(relayB, mirrorId, coopB.members, [AGAINST, AGAINST]);
      await endMirror(relayB, mirrorId);
      await expect(relayB.castUpward(mirrorId))
        .to.be.revertedWithCustomError(relayB, "RelayQuorumNotReached")
        .withArgs(mirrorId, 0n, 1n);
    });

    it("rejects a mirror without votes", async function () {
      const { relayA, mirrorId } = await loadFixture(deployYesNoFixture);
      // Cooperative A's quorum rounds down to zero, but a mirror without votes casts nothing.
      expect((await relayA.mirror(mirrorId)).quorum).to.equal(0n);
      await endMirror(relayA, mirrorId);
      await expect(relayA.castUpward(mirrorId))
        .to.be.revertedWithCustomError(relayA, "RelayQuorumNotReached")
        .withArgs(mirrorId, 0n, 0n);
    });

    it("rejects a mirror whose votes were all empty fractions", async function () {
      const { relayB, coopB, mirrorId } = await loadFixture(deployYesNoFixture);
      await relayB
        .connect(coopB.members[4])
        .castVoteWithReasonAndParams(mirrorId, FRACTIONAL_SUPPORT, "", packFractionalVote(0n, 0n, 0n));
      await endMirror(relayB, mirrorId);
      await expect(relayB.castUpward(mirrorId))
        .to.be.revertedWithCustomError(relayB, "RelayQuorumNotReached")
        .withArgs(mirrorId, 0n, 1n);
    });

    it("rejects a ballot mirror without ballots", async function () {
      const { relayB, mirrorId } = await loadFixture(deployJudgmentFixture);
      await endMirror(relayB, mirrorId);
      await expect(relayB.castUpward(mirrorId))
        .to.be.revertedWithCustomError(relayB, "RelayQuorumNotReached")
        .withArgs(mirrorId, 0n, 1n);
    });

    it("rejects a relay excluded from the federation", async function () {
      const { relayA, coopA, federation, mirrorId } = await loadFixture(deployYesNoFixture);
      await voteEach(relayA, mirrorId, coopA.members, [FOR]);
      await federation.membership.connect(federation.timelockSigner).exclude(await relayA.getAddress(), "0x");
      await endMirror(relayA, mirrorId);
      await expect(relayA.castUpward(mirrorId)).to.be.revertedWithCustomError(relayA, "RelayNotFederationMember");
    });

    it("rejects a relay admitted after the snapshot", async function () {
      const { relayC, coopC, federation, proposal } = await loadFixture(deployLateMemberFixture);
      await federation.membership.connect(federation.timelockSigner).admit(await relayC.getAddress());
      const mirrorId = await mirrorFederationProposal(relayC, federation, proposal);
      await voteEach(relayC, mirrorId, coopC.members, [FOR, FOR]);
      await endMirror(relayC, mirrorId);
      await expect(relayC.castUpward(mirrorId))
        .to.be.revertedWithCustomError(relayC, "RelayNoFederationWeight")
        .withArgs(mirrorId);
    });

    it("rejects an unknown mirror", async function () {
      const { relayA } = await loadFixture(deployYesNoFixture);
      await expect(relayA.castUpward(UNKNOWN_MIRROR))
        .to.be.revertedWithCustomError(relayA, "RelayUnknownMirror")
        .withArgs(UNKNOWN_MIRROR);
    });

    it("casts through two levels", async function () {
      const fixture = await loadFixture(deployRelayedFixture);
      const { relayA, relayB, coopA, coopB, regionalRelay, globalRelayB, global, proposal, regionalMirror } = fixture;
      const mirrorId = await relayA.mirrorIdOf(regionalRelay, regionalMirror);
      await relayA.mirrorRelayed(regionalRelay, regionalMirror);
      await relayB.mirrorRelayed(regionalRelay, regionalMirror);
      await voteEach(relayA, mirrorId, coopA.members, [FOR, FOR, AGAINST]);
      await voteEach(relayB, mirrorId, coopB.members, [FOR, AGAINST, AGAINST, ABSTAIN, FOR]);
      await endMirror(relayA, mirrorId);
      await relayA.castUpward(mirrorId);
      await relayB.castUpward(mirrorId);
      // Cooperative A: 1/3 against and 2/3 for, remainders 1 and 2 thirds, so 333,333 and
      // 666,667. Cooperative B: 2/5, 2/5 and 1/5, exact.
      const counted = await regionalRelay.tally(regionalMirror);
      expect([counted.againstVotes, counted.forVotes, counted.abstainVotes]).to.deep.equal([
        733_333n,
        1_066_667n,
        200_000n,
      ]);
      expect(counted.participation).to.equal(2n * FEDERATION_MEMBER_WEIGHT);

      await endMirror(regionalRelay, regionalMirror);
      await expect(regionalRelay.castUpward(regionalMirror))
        .to.emit(regionalRelay, "VoteCastUpward")
        .withArgs(regionalMirror, global.addresses.governor, proposal.id, FEDERATION_MEMBER_WEIGHT);
      // 733,333 : 1,066,667 : 200,000 of 2,000,000 halves to 366,666.5 : 533,333.5 : 100,000;
      // the two remainders tie, so the spare unit goes to against.
      const [against, inFavor, abstain] = await global.governor.proposalVotes(proposal.id);
      expect([against, inFavor, abstain]).to.deep.equal([366_667n, 533_333n, 100_000n]);
      expect(await globalRelayB.getAddress()).to.not.equal(await regionalRelay.getAddress());
    });

    it("casts grades through two levels", async function () {
      const fixture = await loadFixture(deployRelayedJudgmentFixture);
      const { relayA, coopA, regionalRelay, global, handle, regionalMirror } = fixture;
      const mirrorId = await relayA.mirrorIdOf(regionalRelay, regionalMirror);
      await relayA.mirrorRelayed(regionalRelay, regionalMirror);
      await gradeEach(relayA, mirrorId, coopA.members, [
        [5, 1],
        [5, NO_GRADE],
      ]);
      await endMirror(relayA, mirrorId);
      await relayA.castUpward(mirrorId);
      // Half of cooperative A's 1,000,000 at grade 1 and half ungraded, so at grade 0.
      expect(rows(await regionalRelay.histogram(regionalMirror))).to.deep.equal([
        [0n, 0n, 0n, 0n, 0n, 1_000_000n],
        [500_000n, 500_000n, 0n, 0n, 0n, 0n],
      ]);

      // The regional quorum is 25% of 2,000,000; relay A's 1,000,000 reaches it.
      await endMirror(regionalRelay, regionalMirror);
      await regionalRelay.castUpward(regionalMirror);
      expect(rows(await global.judgment.tallies(handle.id))).to.deep.equal([
        [0n, 0n, 0n, 0n, 0n, 1_000_000n],
        [500_000n, 500_000n, 0n, 0n, 0n, 0n],
      ]);
    });

    it("rejects a cast after the mirror above ended", async function () {
      const { relayA, coopA, regionalRelay, regionalMirror } = await loadFixture(deployRelayedFixture);
      const mirrorId = await relayA.mirrorIdOf(regionalRelay, regionalMirror);
      await relayA.mirrorRelayed(regionalRelay, regionalMirror);
      await voteEach(relayA, mirrorId, coopA.members, [FOR]);
      await endMirror(regionalRelay, regionalMirror);
      await expect(relayA.castUpward(mirrorId))
        .to.be.revertedWithCustomError(relayA, "RelaySourceNotActive")
        .withArgs(await regionalRelay.getAddress(), regionalMirror);
    });
  });

  describe("setCastWindow", function () {
    it("sets the window of new mirrors", async function () {
      const { relayA, coopATimelock, federation, proposal } = await loadFixture(deployOpenProposalFixture);
      const window = (3n * DAY) / 2n;
      await expect(relayA.connect(coopATimelock).setCastWindow(window))
        .to.emit(relayA, "CastWindowSet")
        .withArgs(window);
      expect(await relayA.castWindow()).to.equal(window);

      // Mirrored a day and a half plus the one-day period before the deadline, both limits meet.
      const sourceDeadline = await federation.governor.proposalDeadline(proposal.id);
      await time.setNextBlockTimestamp(sourceDeadline - window - DAY);
      const mirrorId = await mirrorFederationProposal(relayA, federation, proposal);
      expect((await relayA.mirror(mirrorId)).deadline).to.equal(sourceDeadline - window);
    });

    it("accepts thirty days", async function () {
      const { relayA, coopATimelock } = await loadFixture(deployRelayFixture);
      await relayA.connect(coopATimelock).setCastWindow(MAX_CAST_WINDOW);
      expect(await relayA.castWindow()).to.equal(MAX_CAST_WINDOW);
    });

    it("rejects zero", async function () {
      const { relayA, coopATimelock } = await loadFixture(deployRelayFixture);
      await expect(relayA.connect(coopATimelock).setCastWindow(0n))
        .to.be.revertedWithCustomError(relayA, "RelayInvalidCastWindow")
        .withArgs(0n, MAX_CAST_WINDOW);
    });

    it("rejects more than thirty days", async function () {
      const { relayA, coopATimelock } = await loadFixture(deployRelayFixture);
      await expect(relayA.connect(coopATimelock).setCastWindow(MAX_CAST_WINDOW + 1n))
        .to.be.revertedWithCustomError(relayA, "RelayInvalidCastWindow")
        .withArgs(MAX_CAST_WINDOW + 1n, MAX_CAST_WINDOW);
    });

    it("rejects the federation's governors", async function () {
      const { relayA, coopATimelock, federation } = await loadFixture(deployRelayFixture);
      // A permission there would let the federation replace the cooperative's vote.
      const castVote = federation.governor.interface.getFunction("castVote").selector;
      const castBallot = federation.judgment.interface.getFunction("castBallot").selector;

      await expect(relayA.connect(coopATimelock).setFederationPermission(federation.governor, castVote, true))
        .to.be.revertedWithCustomError(relayA, "RelayActionNotAllowed")
        .withArgs(federation.addresses.governor, castVote);
      await expect(relayA.connect(coopATimelock).setFederationPermission(federation.judgment, castBallot, true))
        .to.be.revertedWithCustomError(relayA, "RelayActionNotAllowed")
        .withArgs(federation.addresses.judgment, castBallot);
    });

    it("rejects another caller", async function () {
      const { relayA, coopA, federation } = await loadFixture(deployRelayFixture);
      for (const caller of [coopA.members[0], federation.timelockSigner]) {
        await expect(relayA.connect(caller).setCastWindow(2n * HOUR))
          .to.be.revertedWithCustomError(relayA, "RelayUnauthorized")
          .withArgs(caller.address);
      }
    });
  });

  describe("setRepresentative", function () {
    it("lets a representative propose", async function () {
      const { relayA, coopA, coopATimelock, federation } = await loadFixture(deployRelayFixture);
      const representative = coopA.members[0];
      await expect(relayA.connect(coopATimelock).setRepresentative(representative.address, true))
        .to.emit(relayA, "RepresentativeSet")
        .withArgs(representative.address, true);
      expect(await relayA.isRepresentative(representative.address)).to.equal(true);

      const action = await contractAction(federation.membership, "setProbationPeriod", [0]);
      const proposal = buildProposal([action], testDescription("From a representative"), await relayA.getAddress());
      await expect(
        relayA
          .connect(representative)
          .propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
      ).to.emit(federation.governor, "ProposalCreated");
      const proposalId = await federation.governor.getProposalId(
        proposal.targets,
        proposal.values,
        proposal.calldatas,
        hashText(proposal.description),
      );
      expect(await federation.governor.proposalProposer(proposalId)).to.equal(await relayA.getAddress());

      const description = testDescription("Choice from a representative");
      await relayA.connect(representative).proposeJudgment(plainOptions(2), false, description);
      const judgmentId = await federation.judgment.hashProposal(
        await relayA.getAddress(),
        plainOptions(2),
        false,
        hashText(description),
      );
      expect((await federation.judgment.proposalDetails(judgmentId)).proposer).to.equal(await relayA.getAddress());
    });

    it("stops a revoked representative", async function () {
      const { relayA, coopA, coopATimelock } = await loadFixture(deployRelayFixture);
      const representative = coopA.members[0];
      await relayA.connect(coopATimelock).setRepresentative(representative.address, true);
      await expect(relayA.connect(coopATimelock).setRepresentative(representative.address, false))
        .to.emit(relayA, "RepresentativeSet")
        .withArgs(representative.address, false);
      expect(await relayA.isRepresentative(representative.address)).to.equal(false);
      await expect(relayA.connect(representative).proposeJudgment(plainOptions(2), false, testDescription()))
        .to.be.revertedWithCustomError(relayA, "RelayUnauthorized")
        .withArgs(representative.address);
    });

    it("rejects another caller", async function () {
      const { relayA, coopA } = await loadFixture(deployRelayFixture);
      await expect(relayA.connect(coopA.members[0]).setRepresentative(coopA.members[0].address, true))
        .to.be.revertedWithCustomError(relayA, "RelayUnauthorized")
        .withArgs(coopA.members[0].address);
    });
  });

  describe("propose", function () {
    it("rejects a member who is no representative", async function () {
      const { relayA, coopA, federation } = await loadFixture(deployRelayFixture);
      const action = await contractAction(federation.membership, "setProbationPeriod", [0]);
      const proposal = buildProposal([action], testDescription(), await relayA.getAddress());
      await expect(
        relayA
          .connect(coopA.members[0])
          .propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
      )
        .to.be.revertedWithCustomError(relayA, "RelayUnauthorized")
        .withArgs(coopA.members[0].address);
    });

    it("rejects the federation's timelock", async function () {
      const { relayA, federation } = await loadFixture(deployRelayFixture);
      await expect(relayA.connect(federation.timelockSigner).proposeJudgment(plainOptions(2), false, testDescription()))
        .to.be.revertedWithCustomError(relayA, "RelayUnauthorized")
        .withArgs(federation.addresses.timelock);
    });
  });

  describe("actForFederation", function () {
    /** Cooperative A under the Application policy, with relay A as its admissions officer. */
    async function deployOfficerFixture() {
      const fixture = await deployRelayFixture();
      const { coopA, coopATimelock, relayA, outsiders } = fixture;
      const membership = coopA.membership.connect(coopATimelock);
      await membership.setAdmissionPolicy(1);
      await membership.setAdmissionsOfficer(await relayA.getAddress(), true);
      const applicant = outsiders[0];
      await coopA.membership.connect(applicant).applyForMembership(cidV1Sha256("Application of a newcomer"));
      const selector = coopA.membership.interface.getFunction("approveApplication").selector;
      const approval = coopA.membership.interface.encodeFunctionData("approveApplication", [applicant.address]);
      return { ...fixture, applicant, selector, approval };
    }

    it("calls a permitted function", async function () {
      const { relayA, coopA, coopATimelock, federation, applicant, selector, approval } =
        await loadFixture(deployOfficerFixture);
      await expect(relayA.connect(coopATimelock).setFederationPermission(coopA.addresses.membership, selector, true))
        .to.emit(relayA, "FederationPermissionSet")
        .withArgs(coopA.addresses.membership, selector, true);
      expect(await relayA.isPermitted(coopA.addresses.membership, selector)).to.equal(true);

      await expect(relayA.connect(federation.timelockSigner).actForFederation(coopA.addresses.membership, approval))
        .to.emit(relayA, "ActedForFederation")
        .withArgs(coopA.addresses.membership, selector, approval);
      expect(await coopA.membership.isMember(applicant.address)).to.equal(true);
    });

    it("returns the call's result", async function () {
      const { relayA, coopA, coopATimelock, federation } = await loadFixture(deployOfficerFixture);
      const selector = coopA.membership.interface.getFunction("memberCount").selector;
      await relayA.connect(coopATimelock).setFederationPermission(coopA.addresses.membership, selector, true);
      const result = await relayA
        .connect(federation.timelockSigner)
        .actForFederation.staticCall(coopA.addresses.membership, selector);
      expect(BigInt(result)).to.equal(3n);
    });

    it("rejects a function not permitted", async function () {
      const { relayA, coopA, federation, selector, approval } = await loadFixture(deployOfficerFixture);
      await expect(relayA.connect(federation.timelockSigner).actForFederation(coopA.addresses.membership, approval))
        .to.be.revertedWithCustomError(relayA, "RelayActionNotAllowed")
        .withArgs(coopA.addresses.membership, selector);
    });

    it("rejects calldata shorter than a selector", async function () {
      const { relayA, coopA, federation } = await loadFixture(deployOfficerFixture);
      await expect(relayA.connect(federation.timelockSigner).actForFederation(coopA.addresses.membership, "0xabcdef"))
        .to.be.revertedWithCustomError(relayA, "RelayActionNotAllowed")
        .withArgs(coopA.addresses.membership, "0x00000000");
    });

    it("stops after the permission is revoked", async function () {
      const { relayA, coopA, coopATimelock, federation, selector, approval } = await loadFixture(deployOfficerFixture);
      await relayA.connect(coopATimelock).setFederationPermission(coopA.addresses.membership, selector, true);
      await expect(relayA.connect(coopATimelock).setFederationPermission(coopA.addresses.membership, selector, false))
        .to.emit(relayA, "FederationPermissionSet")
        .withArgs(coopA.addresses.membership, selector, false);
      expect(await relayA.isPermitted(coopA.addresses.membership, selector)).to.equal(false);
      await expect(relayA.connect(federation.timelockSigner).actForFederation(coopA.addresses.membership, approval))
        .to.be.revertedWithCustomError(relayA, "RelayActionNotAllowed")
        .withArgs(coopA.addresses.membership, selector);
    });

    it("bubbles the target's error", async function () {
      const { relayA, coopA, coopATimelock, federation, outsiders, selector } = await loadFixture(deployOfficerFixture);
      await relayA.connect(coopATimelock).setFederationPermission(coopA.addresses.membership, selector, true);
      // outsiders[1] never applied.
      const approval = coopA.membership.interface.encodeFunctionData("approveApplication", [outsiders[1].address]);
      await expect(relayA.connect(federation.timelockSigner).actForFederation(coopA.addresses.membership, approval))
        .to.be.revertedWithCustomError(coopA.membership, "CoopMembershipNoApplication")
        .withArgs(outsiders[1].address);
    });

    it("rejects another caller", async function () {
      const { relayA, coopA, coopATimelock, selector, approval } = await loadFixture(deployOfficerFixture);
      await relayA.connect(coopATimelock).setFederationPermission(coopA.addresses.membership, selector, true);
      for (const caller of [coopA.members[0], coopATimelock]) {
        await expect(relayA.connect(caller).actForFederation(coopA.addresses.membership, approval))
          .to.be.revertedWithCustomError(relayA, "RelayUnauthorized")
          .withArgs(caller.address);
      }
    });
  });

  describe("setFederationPermission", function () {
    it("rejects the zero target", async function () {
      const { relayA, coopATimelock } = await loadFixture(deployRelayFixture);
      await expect(relayA.connect(coopATimelock).setFederationPermission(ZeroAddress, "0x12345678", true))
        .to.be.revertedWithCustomError(relayA, "RelayActionNotAllowed")
        .withArgs(ZeroAddress, "0x12345678");
    });

    it("rejects the relay itself", async function () {
      const { relayA, coopATimelock } = await loadFixture(deployRelayFixture);
      const selector = relayA.interface.getFunction("setRepresentative").selector;
      await expect(relayA.connect(coopATimelock).setFederationPermission(relayA, selector, true))
        .to.be.revertedWithCustomError(relayA, "RelayActionNotAllowed")
        .withArgs(await relayA.getAddress(), selector);
    });

    it("rejects another caller", async function () {
      const { relayA, coopA, federation } = await loadFixture(deployRelayFixture);
      await expect(
        relayA
          .connect(federation.timelockSigner)
          .setFederationPermission(coopA.addresses.membership, "0x12345678", true),
      )
        .to.be.revertedWithCustomError(relayA, "RelayUnauthorized")
        .withArgs(federation.addresses.timelock);
    });
  });

  describe("views", function () {
    it("reject an unknown mirror", async function () {
      const { relayA } = await loadFixture(deployYesNoFixture);
      await expect(relayA.mirror(UNKNOWN_MIRROR))
        .to.be.revertedWithCustomError(relayA, "RelayUnknownMirror")
        .withArgs(UNKNOWN_MIRROR);
      await expect(relayA.mirrorState(UNKNOWN_MIRROR))
        .to.be.revertedWithCustomError(relayA, "RelayUnknownMirror")
        .withArgs(UNKNOWN_MIRROR);
      await expect(relayA.histogram(UNKNOWN_MIRROR))
        .to.be.revertedWithCustomError(relayA, "RelayUnknownMirror")
        .withArgs(UNKNOWN_MIRROR);
      await expect(relayA.document(UNKNOWN_MIRROR))
        .to.be.revertedWithCustomError(relayA, "RelayUnknownMirror")
        .withArgs(UNKNOWN_MIRROR);
    });

    it("return an empty tally for an unknown mirror", async function () {
      const { relayA, coopA } = await loadFixture(deployYesNoFixture);
      expect((await relayA.tally(UNKNOWN_MIRROR)).participation).to.equal(0n);
      expect(await relayA.hasVoted(UNKNOWN_MIRROR, coopA.members[0].address)).to.equal(false);
    });

    it("return an empty histogram for a yes/no mirror", async function () {
      const { relayA, mirrorId } = await loadFixture(deployYesNoFixture);
      expect(rows(await relayA.histogram(mirrorId))).to.deep.equal([]);
    });

    it("follow the mirror's state", async function () {
      const { relayA, coopA, mirrorId } = await loadFixture(deployYesNoFixture);
      expect(await relayA.mirrorState(mirrorId)).to.equal(ACTIVE);
      await voteEach(relayA, mirrorId, coopA.members, [FOR]);
      await endMirror(relayA, mirrorId);
      expect(await relayA.mirrorState(mirrorId)).to.equal(ENDED);
      await relayA.castUpward(mirrorId);
      expect(await relayA.mirrorState(mirrorId)).to.equal(CAST);
    });

    it("compute the mirror id from source and proposal", async function () {
      const { relayA, federation, proposal, mirrorId } = await loadFixture(deployYesNoFixture);
      const expected = BigInt(
        ethers.keccak256(
          ethers.AbiCoder.defaultAbiCoder().encode(
            ["address", "uint256"],
            [federation.addresses.governor, proposal.id],
          ),
        ),
      );
      expect(mirrorId).to.equal(expected);
      expect(await relayA.mirrorIdOf(federation.addresses.governor, proposal.id)).to.equal(expected);
    });

    it("expose the constants", async function () {
      const { relayA } = await loadFixture(deployFederationFixture);
      expect(await relayA.NO_GRADE()).to.equal(BigInt(NO_GRADE));
      expect(await relayA.FRACTIONAL_SUPPORT()).to.equal(BigInt(FRACTIONAL_SUPPORT));
      expect(await relayA.DEFAULT_CAST_WINDOW()).to.equal(DEFAULT_CAST_WINDOW);
      expect(await relayA.MAX_CAST_WINDOW()).to.equal(MAX_CAST_WINDOW);
    });
  });
});
