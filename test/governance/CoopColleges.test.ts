import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, ZeroAddress, dataSlice, solidityPacked } from "ethers";

import { CoopColleges__factory } from "../../typechain-types";
import { cidV1Sha256 } from "../helpers/cid";
import {
  PARTNERS,
  PUBLIC_BODIES,
  QuorumMode,
  Support,
  TallyKind,
  USERS,
  WORKERS,
  college,
  deployCollegesFixture,
  deployCollegesProxy,
  pastSnapshot,
  scicColleges,
  type CollegesFixture,
} from "../helpers/colleges";

/** The fixed-point unit of combined results. */
const SCALE = 10n ** 18n;

/** Proposal ids of the tests. */
const PROPOSAL = 1n;
const OTHER_PROPOSAL = 2n;

/** A grade scale of five grades, 0 (worst) to 4 (best). */
const GRADES = 5;

/** Packs a fractional vote's parameters as OpenZeppelin's fractional counting reads them. */
function fractional(against: bigint, inFavour: bigint, abstain: bigint): string {
  return solidityPacked(["uint128", "uint128", "uint128"], [against, inFavour, abstain]);
}

/**
 * Records the SCIC vote of the tests: the two workers, the partner and the public body for, the ten
 * users against. Unweighted, 4 for and 10 against; weighted, 70% for and 30% against.
 */
async function recordScicVote(fixture: CollegesFixture, snapshot: bigint): Promise<void> {
  const { collegesByGovernor, workers, users, partners, publicBodies } = fixture;
  for (const voter of [...workers, ...partners, ...publicBodies]) {
    await collegesByGovernor.recordVote(PROPOSAL, snapshot, voter.address, Support.For, 1n, "0x");
  }
  for (const voter of users) {
    await collegesByGovernor.recordVote(PROPOSAL, snapshot, voter.address, Support.Against, 1n, "0x");
  }
}

/**
 * Records the SCIC ballots of the tests on options A and B: workers A=4 B=1, users A=1 B=3, the
 * partner A=4 B=2, the public body A=3 B=2. Unweighted, B wins (majority grade 3 against 1);
 * weighted, A wins (majority grade 3 against 2).
 */
async function recordScicBallots(fixture: CollegesFixture, snapshot: bigint): Promise<void> {
  const { collegesByGovernor, workers, users, partners, publicBodies } = fixture;
  const groups: [typeof workers, number[]][] = [
    [workers, [4, 1]],
    [users, [1, 3]],
    [partners, [4, 2]],
    [publicBodies, [3, 2]],
  ];
  for (const [voters, grades] of groups) {
    for (const voter of voters) {
      await collegesByGovernor.recordBallot(PROPOSAL, snapshot, voter.address, grades, GRADES, 1n);
    }
  }
}

describe("CoopColleges", function () {
  describe("initialize", function () {
    it("records the membership and the timelock", async function () {
      const { colleges, membership, timelockSigner } = await loadFixture(deployCollegesFixture);
      expect([await colleges.membership(), await colleges.timelock()]).to.deep.equal([
        await membership.getAddress(),
        timelockSigner.address,
      ]);
    });

    it("starts with no bounds", async function () {
      const { colleges } = await loadFixture(deployCollegesFixture);
      expect(await colleges.bounds()).to.deep.equal([0n, 10_000n]);
    });

    it("rejects a zero membership", async function () {
      const { deployer, timelockSigner } = await loadFixture(deployCollegesFixture);
      await expect(deployCollegesProxy(deployer, ZeroAddress, timelockSigner.address))
        .to.be.revertedWithCustomError(new CoopColleges__factory(deployer), "CoopCollegesZeroAddress")
        .withArgs("membership");
    });

    it("rejects a membership without code", async function () {
      const { deployer, outsiders, timelockSigner } = await loadFixture(deployCollegesFixture);
      await expect(deployCollegesProxy(deployer, outsiders[0].address, timelockSigner.address))
        .to.be.revertedWithCustomError(new CoopColleges__factory(deployer), "CoopCollegesInvalidMembership")
        .withArgs(outsiders[0].address);
    });

    it("rejects a zero timelock", async function () {
      const { deployer, membership } = await loadFixture(deployCollegesFixture);
      await expect(deployCollegesProxy(deployer, await membership.getAddress(), ZeroAddress))
        .to.be.revertedWithCustomError(new CoopColleges__factory(deployer), "CoopCollegesZeroAddress")
        .withArgs("timelock");
    });

    it("cannot run twice", async function () {
      const { colleges, membership, deployer } = await loadFixture(deployCollegesFixture);
      await expect(colleges.initialize(await membership.getAddress(), deployer.address)).to.be.revertedWithCustomError(
        colleges,
        "InvalidInitialization",
      );
    });
  });

  describe("setColleges", function () {
    it("checkpoints the colleges", async function () {
      const { colleges, membership } = await loadFixture(deployCollegesFixture);
      const configuration = await colleges.configurationAt(await membership.clock());
      expect(configuration.colleges.map((entry) => [entry.id, entry.weightBps])).to.deep.equal([
        [BigInt(WORKERS), 3_000n],
        [BigInt(USERS), 3_000n],
        [BigInt(PARTNERS), 2_000n],
        [BigInt(PUBLIC_BODIES), 2_000n],
      ]);
    });

    it("announces the new set", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setColleges([college(WORKERS, 10_000)])).to.emit(
        collegesByTimelock,
        "CollegesSet",
      );
    });

    it("is for the timelock only", async function () {
      const { colleges, registeredGovernor } = await loadFixture(deployCollegesFixture);
      await expect(colleges.connect(registeredGovernor).setColleges(scicColleges()))
        .to.be.revertedWithCustomError(colleges, "CoopCollegesUnauthorized")
        .withArgs(registeredGovernor.address);
    });

    it("rejects an empty set", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setColleges([]))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesCollegeCount")
        .withArgs(0, 16);
    });

    it("rejects more than sixteen colleges", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      const many = Array.from({ length: 17 }, (_, index) => college(index + 1, index === 0 ? 2_000 : 500));
      await expect(collegesByTimelock.setColleges(many))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesCollegeCount")
        .withArgs(17, 16);
    });

    it("rejects college id 0", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setColleges([college(0, 10_000)]))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesInvalidCollegeId")
        .withArgs(0);
    });

    it("rejects a duplicate college", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setColleges([college(WORKERS, 5_000), college(WORKERS, 5_000)]))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesDuplicateCollege")
        .withArgs(WORKERS);
    });

    it("rejects a label that is not a CID", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      const truncated = dataSlice(cidV1Sha256("workers"), 0, 10);
      await expect(
        collegesByTimelock.setColleges([{ id: WORKERS, weightBps: 10_000, labelCid: truncated }]),
      ).to.be.revertedWithCustomError(collegesByTimelock, "CidInvalid");
    });

    it("rejects a zero weight", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setColleges([college(WORKERS, 10_000), college(USERS, 0)]))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesZeroWeight")
        .withArgs(USERS);
    });

    it("rejects weights that do not sum to 10,000", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setColleges([college(WORKERS, 5_000), college(USERS, 4_999)]))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesWeightSumMismatch")
        .withArgs(9_999);
    });

    it("rejects a weight under the minimum", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await collegesByTimelock.setBounds(1_000, 5_000);
      const colleges = [college(WORKERS, 5_000), college(USERS, 4_100), college(PARTNERS, 900)];
      await expect(collegesByTimelock.setColleges(colleges))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesWeightBelowMinimum")
        .withArgs(PARTNERS, 900, 1_000);
    });

    it("rejects a weight over the maximum", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await collegesByTimelock.setBounds(1_000, 5_000);
      const colleges = [college(WORKERS, 5_100), college(USERS, 3_900), college(PARTNERS, 1_000)];
      await expect(collegesByTimelock.setColleges(colleges))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesWeightAboveMaximum")
        .withArgs(WORKERS, 5_100, 5_000);
    });
  });

  describe("setBounds", function () {
    it("stores the SCIC bounds", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setBounds(1_000, 5_000))
        .to.emit(collegesByTimelock, "CollegeBoundsSet")
        .withArgs(1_000, 5_000);
    });

    it("rejects a minimum above the maximum", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setBounds(5_000, 1_000))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesInvalidBounds")
        .withArgs(5_000, 1_000);
    });

    it("rejects a maximum above 10,000", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setBounds(0, 10_001))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesInvalidBounds")
        .withArgs(0, 10_001);
    });

    it("rejects a minimum above a current weight", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setBounds(2_500, 5_000))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesWeightBelowMinimum")
        .withArgs(PARTNERS, 2_000, 2_500);
    });

    it("rejects a maximum below a current weight", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setBounds(1_000, 2_500))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesWeightAboveMaximum")
        .withArgs(WORKERS, 3_000, 2_500);
    });

    it("is for the timelock only", async function () {
      const { colleges, registeredGovernor } = await loadFixture(deployCollegesFixture);
      await expect(colleges.connect(registeredGovernor).setBounds(0, 10_000)).to.be.revertedWithCustomError(
        colleges,
        "CoopCollegesUnauthorized",
      );
    });
  });

  describe("setEnabled and setQuorumMode", function () {
    it("turns college voting off", async function () {
      const { colleges, collegesByTimelock, membership } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setEnabled(false)).to.emit(colleges, "CollegeVotingSet").withArgs(false);
      expect((await colleges.configurationAt(await membership.clock())).enabled).to.equal(false);
    });

    it("sets the per-college quorum", async function () {
      const { colleges, collegesByTimelock, membership } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setQuorumMode(QuorumMode.PerCollege))
        .to.emit(colleges, "QuorumModeSet")
        .withArgs(QuorumMode.PerCollege);
      expect((await colleges.configurationAt(await membership.clock())).quorumMode).to.equal(
        BigInt(QuorumMode.PerCollege),
      );
    });

    it("keeps the colleges when the switch moves", async function () {
      const { colleges, collegesByTimelock, membership } = await loadFixture(deployCollegesFixture);
      await collegesByTimelock.setEnabled(false);
      expect((await colleges.configurationAt(await membership.clock())).colleges).to.have.length(4);
    });

    it("is for the timelock only", async function () {
      const { colleges, registeredGovernor } = await loadFixture(deployCollegesFixture);
      await expect(colleges.connect(registeredGovernor).setEnabled(false)).to.be.revertedWithCustomError(
        colleges,
        "CoopCollegesUnauthorized",
      );
    });

    it("sets the quorum mode for the timelock only", async function () {
      const { colleges, registeredGovernor } = await loadFixture(deployCollegesFixture);
      await expect(
        colleges.connect(registeredGovernor).setQuorumMode(QuorumMode.PerCollege),
      ).to.be.revertedWithCustomError(colleges, "CoopCollegesUnauthorized");
    });

    it("rejects turning on before any colleges", async function () {
      const { deployer, membership, timelockSigner } = await loadFixture(deployCollegesFixture);
      const fresh = await deployCollegesProxy(deployer, await membership.getAddress(), timelockSigner.address);
      await expect(fresh.connect(timelockSigner).setEnabled(true)).to.be.revertedWithCustomError(
        fresh,
        "CoopCollegesNoColleges",
      );
    });

    it("reads nothing before the first configuration", async function () {
      const { deployer, membership, timelockSigner } = await loadFixture(deployCollegesFixture);
      const fresh = await deployCollegesProxy(deployer, await membership.getAddress(), timelockSigner.address);
      const configuration = await fresh.configurationAt(await membership.clock());
      expect([configuration.enabled, configuration.colleges.length]).to.deep.equal([false, 0]);
    });
  });

  describe("setGovernor", function () {
    it("registers a governor", async function () {
      const { colleges, registeredGovernor } = await loadFixture(deployCollegesFixture);
      expect(await colleges.isGovernor(registeredGovernor.address)).to.equal(true);
    });

    it("removes a governor", async function () {
      const { colleges, collegesByTimelock, registeredGovernor } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setGovernor(registeredGovernor.address, false))
        .to.emit(colleges, "GovernorRegistered")
        .withArgs(registeredGovernor.address, false);
      expect(await colleges.isGovernor(registeredGovernor.address)).to.equal(false);
    });

    it("keeps the first registration", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const { colleges, collegesByGovernor, collegesByTimelock, registeredGovernor, membership, users } = fixture;
      const snapshot = await pastSnapshot(membership);
      await collegesByTimelock.setGovernor(registeredGovernor.address, true);
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, Support.For, 1n, "0x");
      expect((await colleges.tallyInfo(registeredGovernor.address, PROPOSAL)).kind).to.equal(BigInt(TallyKind.YesNo));
    });

    it("rejects the zero address", async function () {
      const { collegesByTimelock } = await loadFixture(deployCollegesFixture);
      await expect(collegesByTimelock.setGovernor(ZeroAddress, true))
        .to.be.revertedWithCustomError(collegesByTimelock, "CoopCollegesZeroAddress")
        .withArgs("governor");
    });

    it("is for the timelock only", async function () {
      const { colleges, registeredGovernor } = await loadFixture(deployCollegesFixture);
      await expect(
        colleges.connect(registeredGovernor).setGovernor(registeredGovernor.address, true),
      ).to.be.revertedWithCustomError(colleges, "CoopCollegesUnauthorized");
    });
  });

  describe("recordVote", function () {
    it("counts a vote in the voter's college", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const { colleges, collegesByGovernor, registeredGovernor, membership, workers } = fixture;
      const snapshot = await pastSnapshot(membership);
      await expect(collegesByGovernor.recordVote(PROPOSAL, snapshot, workers[0].address, Support.For, 1n, "0x"))
        .to.emit(colleges, "CollegeVoteRecorded")
        .withArgs(registeredGovernor.address, PROPOSAL, workers[0].address, WORKERS, 0n, 1n, 0n);
    });

    it("shows each college's votes", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicVote(fixture, snapshot);
      expect(await fixture.colleges.collegeVotes(fixture.registeredGovernor.address, PROPOSAL, USERS)).to.deep.equal([
        10n,
        0n,
        0n,
        10n,
      ]);
    });

    it("records an abstention", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, users } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, Support.Abstain, 1n, "0x");
      expect(await colleges.collegeVotes(registeredGovernor.address, PROPOSAL, USERS)).to.deep.equal([0n, 0n, 1n, 1n]);
    });

    it("splits a fractional vote", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, users } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      const params = fractional(3n, 5n, 2n);
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, Support.Fractional, 10n, params);
      expect(await colleges.collegeVotes(registeredGovernor.address, PROPOSAL, USERS)).to.deep.equal([3n, 5n, 2n, 10n]);
    });

    it("adds partial votes of one voter", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, users } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordVote(
        PROPOSAL,
        snapshot,
        users[0].address,
        Support.Fractional,
        4n,
        fractional(0n, 4n, 0n),
      );
      await collegesByGovernor.recordVote(
        PROPOSAL,
        snapshot,
        users[0].address,
        Support.Fractional,
        6n,
        fractional(6n, 0n, 0n),
      );
      expect(await colleges.collegeVotes(registeredGovernor.address, PROPOSAL, USERS)).to.deep.equal([6n, 4n, 0n, 10n]);
    });

    it("rejects a fractional vote that does not add up", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      const params = fractional(3n, 5n, 1n);
      await expect(collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, Support.Fractional, 10n, params))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesInvalidFractionalVote")
        .withArgs(10n, params);
    });

    it("rejects fractional parameters of the wrong length", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      const params = AbiCoder.defaultAbiCoder().encode(["uint256"], [10n]);
      await expect(
        collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, Support.Fractional, 10n, params),
      ).to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesInvalidFractionalVote");
    });

    it("rejects an unknown support", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await expect(collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, 3, 1n, "0x"))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesInvalidSupport")
        .withArgs(3);
    });

    it("records nothing for an unregistered caller", async function () {
      const { colleges, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await colleges.connect(users[0]).recordVote(PROPOSAL, snapshot, users[0].address, Support.For, 1n, "0x");
      expect((await colleges.tallyInfo(users[0].address, PROPOSAL)).kind).to.equal(BigInt(TallyKind.None));
    });

    it("returns false for an unregistered caller", async function () {
      const { colleges, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      expect(
        await colleges
          .connect(users[0])
          .recordVote.staticCall(PROPOSAL, snapshot, users[0].address, Support.For, 1n, "0x"),
      ).to.equal(false);
    });

    it("ignores snapshots before registration", async function () {
      const { colleges, collegesByTimelock, membership, outsiders, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      const lateGovernor = outsiders[11];
      await collegesByTimelock.setGovernor(lateGovernor.address, true);
      await colleges.connect(lateGovernor).recordVote(PROPOSAL, snapshot, users[0].address, Support.For, 1n, "0x");
      expect((await colleges.tallyInfo(lateGovernor.address, PROPOSAL)).kind).to.equal(BigInt(TallyKind.None));
    });

    it("keeps counting after a withdrawal", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const { colleges, collegesByGovernor, collegesByTimelock, registeredGovernor, membership, users } = fixture;
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, Support.For, 1n, "0x");
      await collegesByTimelock.setGovernor(registeredGovernor.address, false);
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, users[1].address, Support.For, 1n, "0x");
      const { forWeight } = await colleges.collegeVotes(registeredGovernor.address, PROPOSAL, USERS);
      expect(forWeight).to.equal(2n);
    });

    it("rejects a member in no college", async function () {
      const { collegesByGovernor, membership, unassigned } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await expect(collegesByGovernor.recordVote(PROPOSAL, snapshot, unassigned.address, Support.For, 1n, "0x"))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesNoCollege")
        .withArgs(unassigned.address, 0);
    });

    it("rejects a snapshot not yet past", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const future = (await membership.clock()) + 100n;
      await expect(
        collegesByGovernor.recordVote(PROPOSAL, future, users[0].address, Support.For, 1n, "0x"),
      ).to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesFutureSnapshot");
    });

    it("rejects another snapshot for the same proposal", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, Support.For, 1n, "0x");
      await expect(collegesByGovernor.recordVote(PROPOSAL, snapshot - 1n, users[1].address, Support.For, 1n, "0x"))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesSnapshotMismatch")
        .withArgs(PROPOSAL, snapshot, snapshot - 1n);
    });

    it("rejects a vote on a judgment tally", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [1, 2], GRADES, 1n);
      await expect(collegesByGovernor.recordVote(PROPOSAL, snapshot, users[1].address, Support.For, 1n, "0x"))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesTallyKindMismatch")
        .withArgs(PROPOSAL, TallyKind.Judgment);
    });

    it("records nothing when college voting was off at the snapshot", async function () {
      const { colleges, collegesByGovernor, collegesByTimelock, registeredGovernor, membership, users } =
        await loadFixture(deployCollegesFixture);
      await collegesByTimelock.setEnabled(false);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, Support.For, 1n, "0x");
      expect((await colleges.tallyInfo(registeredGovernor.address, PROPOSAL)).kind).to.equal(BigInt(TallyKind.None));
    });

    it("keeps the tallies of two governors apart", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const { colleges, collegesByTimelock, registeredGovernor, membership, users, outsiders } = fixture;
      const otherGovernor = outsiders[outsiders.length - 2];
      await collegesByTimelock.setGovernor(otherGovernor.address, true);
      const snapshot = await pastSnapshot(membership);
      await colleges.connect(otherGovernor).recordVote(PROPOSAL, snapshot, users[0].address, Support.For, 1n, "0x");
      expect((await colleges.tallyInfo(registeredGovernor.address, PROPOSAL)).kind).to.equal(BigInt(TallyKind.None));
    });
  });

  describe("recordBallot", function () {
    it("counts a ballot in the voter's college", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, partners } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await expect(collegesByGovernor.recordBallot(PROPOSAL, snapshot, partners[0].address, [4, 2], GRADES, 1n))
        .to.emit(colleges, "CollegeBallotRecorded")
        .withArgs(registeredGovernor.address, PROPOSAL, partners[0].address, PARTNERS, [4, 2], 1n, false);
    });

    it("shows each college's histograms", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicBallots(fixture, snapshot);
      const [histograms, voted] = await fixture.colleges.collegeHistograms(
        fixture.registeredGovernor.address,
        PROPOSAL,
        USERS,
      );
      expect([histograms, voted]).to.deep.equal([
        [
          [0n, 10n, 0n, 0n, 0n],
          [0n, 0n, 0n, 10n, 0n],
        ],
        10n,
      ]);
    });

    it("replaces a voter's previous ballot", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, users } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [1, 3], GRADES, 1n);
      await expect(collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [2, 0], GRADES, 1n))
        .to.emit(colleges, "CollegeBallotRecorded")
        .withArgs(registeredGovernor.address, PROPOSAL, users[0].address, USERS, [2, 0], 1n, true);
      const [histograms] = await colleges.collegeHistograms(registeredGovernor.address, PROPOSAL, USERS);
      expect(histograms).to.deep.equal([
        [0n, 0n, 1n, 0n, 0n],
        [1n, 0n, 0n, 0n, 0n],
      ]);
    });

    it("moves a replaced ballot to the voter's new college", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, membershipByTimelock, users } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [1, 3], GRADES, 1n);
      await membershipByTimelock.setCollege(users[0].address, WORKERS);
      await collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [1, 3], GRADES, 1n);
      const voted = await Promise.all(
        [USERS, WORKERS].map(
          async (id) => (await colleges.collegeHistograms(registeredGovernor.address, PROPOSAL, id))[1],
        ),
      );
      expect(voted).to.deep.equal([0n, 1n]);
    });

    it("rejects a ballot with no options", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await expect(collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [], GRADES, 1n))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesInvalidBallotShape")
        .withArgs(0, GRADES);
    });

    it("rejects more than 32 options", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      const grades = Array<number>(33).fill(0);
      await expect(
        collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, grades, GRADES, 1n),
      ).to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesInvalidBallotShape");
    });

    it("rejects a scale of one grade", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await expect(
        collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [0], 1, 1n),
      ).to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesInvalidBallotShape");
    });

    it("rejects a scale of seventeen grades", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await expect(
        collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [0], 17, 1n),
      ).to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesInvalidBallotShape");
    });

    it("rejects a ballot of another shape", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [1, 3], GRADES, 1n);
      await expect(collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[1].address, [1, 3, 2], GRADES, 1n))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesInvalidBallotShape")
        .withArgs(3, GRADES);
    });

    it("rejects a ballot on another scale", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [1, 3], GRADES, 1n);
      await expect(collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[1].address, [1, 3], GRADES + 1, 1n))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesInvalidBallotShape")
        .withArgs(2, GRADES + 1);
    });

    it("rejects a grade off the scale", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await expect(collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [1, GRADES], GRADES, 1n))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesGradeOutOfScale")
        .withArgs(1, GRADES, GRADES);
    });

    it("rejects a ballot on a yes/no tally", async function () {
      const { collegesByGovernor, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, Support.For, 1n, "0x");
      await expect(collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[1].address, [1], GRADES, 1n))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesTallyKindMismatch")
        .withArgs(PROPOSAL, TallyKind.YesNo);
    });

    it("records nothing when college voting was off at the snapshot", async function () {
      const { colleges, collegesByGovernor, collegesByTimelock, registeredGovernor, membership, users } =
        await loadFixture(deployCollegesFixture);
      await collegesByTimelock.setEnabled(false);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordBallot(PROPOSAL, snapshot, users[0].address, [1], GRADES, 1n);
      expect((await colleges.tallyInfo(registeredGovernor.address, PROPOSAL)).kind).to.equal(BigInt(TallyKind.None));
    });

    it("records nothing for an unregistered caller", async function () {
      const { colleges, membership, users } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await colleges.connect(users[0]).recordBallot(PROPOSAL, snapshot, users[0].address, [1], GRADES, 1n);
      expect((await colleges.tallyInfo(users[0].address, PROPOSAL)).kind).to.equal(BigInt(TallyKind.None));
    });
  });

  describe("recordFractionalBallot", function () {
    /** A fractional ballot of weight 4 on two options: option A half at grade 4 and half at 1, option B all at 2. */
    const PARTS = [
      [0n, 2n, 0n, 0n, 2n],
      [0n, 0n, 4n, 0n, 0n],
    ];

    it("counts the parts in the voter's college", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, partners } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await expect(collegesByGovernor.recordFractionalBallot(PROPOSAL, snapshot, partners[0].address, PARTS, 4n))
        .to.emit(colleges, "CollegeFractionalBallotRecorded")
        .withArgs(registeredGovernor.address, PROPOSAL, partners[0].address, PARTNERS, 4n, false);
      expect(await colleges.collegeHistograms(registeredGovernor.address, PROPOSAL, PARTNERS)).to.deep.equal([
        PARTS,
        4n,
      ]);
    });

    it("replaces a plain ballot", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, partners } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordBallot(PROPOSAL, snapshot, partners[0].address, [3, 3], GRADES, 4n);
      await collegesByGovernor.recordFractionalBallot(PROPOSAL, snapshot, partners[0].address, PARTS, 4n);
      expect(await colleges.collegeHistograms(registeredGovernor.address, PROPOSAL, PARTNERS)).to.deep.equal([
        PARTS,
        4n,
      ]);
    });

    it("is replaced by a plain ballot", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, partners } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordFractionalBallot(PROPOSAL, snapshot, partners[0].address, PARTS, 4n);
      await collegesByGovernor.recordBallot(PROPOSAL, snapshot, partners[0].address, [3, 3], GRADES, 4n);
      const [histograms] = await colleges.collegeHistograms(registeredGovernor.address, PROPOSAL, PARTNERS);
      expect(histograms).to.deep.equal([
        [0n, 0n, 0n, 4n, 0n],
        [0n, 0n, 0n, 4n, 0n],
      ]);
    });

    it("is replaced by another fractional ballot", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, partners } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      const others = [
        [4n, 0n, 0n, 0n, 0n],
        [0n, 0n, 2n, 0n, 2n],
      ];
      await collegesByGovernor.recordFractionalBallot(PROPOSAL, snapshot, partners[0].address, PARTS, 4n);
      await collegesByGovernor.recordFractionalBallot(PROPOSAL, snapshot, partners[0].address, others, 4n);
      expect(await colleges.collegeHistograms(registeredGovernor.address, PROPOSAL, PARTNERS)).to.deep.equal([
        others,
        4n,
      ]);
    });

    it("rejects parts that do not sum to the weight", async function () {
      const { collegesByGovernor, membership, partners } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await expect(collegesByGovernor.recordFractionalBallot(PROPOSAL, snapshot, partners[0].address, PARTS, 5n))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesPartsMismatch")
        .withArgs(0, 4n, 5n);
    });

    it("rejects rows of different lengths", async function () {
      const { collegesByGovernor, membership, partners } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      const ragged = [PARTS[0], [0n, 0n, 4n, 0n]];
      await expect(collegesByGovernor.recordFractionalBallot(PROPOSAL, snapshot, partners[0].address, ragged, 4n))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesInvalidBallotShape")
        .withArgs(2, 4);
    });

    it("rejects a ballot with no options", async function () {
      const { collegesByGovernor, membership, partners } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await expect(collegesByGovernor.recordFractionalBallot(PROPOSAL, snapshot, partners[0].address, [], 4n))
        .to.be.revertedWithCustomError(collegesByGovernor, "CoopCollegesInvalidBallotShape")
        .withArgs(0, 0);
    });

    it("records nothing when college voting was off at the snapshot", async function () {
      const { colleges, collegesByGovernor, collegesByTimelock, registeredGovernor, membership, partners } =
        await loadFixture(deployCollegesFixture);
      await collegesByTimelock.setEnabled(false);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordFractionalBallot(PROPOSAL, snapshot, partners[0].address, PARTS, 4n);
      expect((await colleges.tallyInfo(registeredGovernor.address, PROPOSAL)).kind).to.equal(BigInt(TallyKind.None));
    });

    it("records nothing for an unregistered caller", async function () {
      const { colleges, membership, partners } = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await colleges.connect(partners[0]).recordFractionalBallot(PROPOSAL, snapshot, partners[0].address, PARTS, 4n);
      expect((await colleges.tallyInfo(partners[0].address, PROPOSAL)).kind).to.equal(BigInt(TallyKind.None));
    });
  });

  describe("combined yes/no", function () {
    it("passes by college weight what the head count rejects", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicVote(fixture, snapshot);
      // Unweighted: 4 for, 10 against. Weighted: 70% for, 30% against.
      expect(await fixture.colleges.combinedYesNo(fixture.registeredGovernor.address, PROPOSAL)).to.deep.equal([
        (3n * SCALE) / 10n,
        (7n * SCALE) / 10n,
        0n,
      ]);
      expect(await fixture.colleges.voteSucceeded(fixture.registeredGovernor.address, PROPOSAL)).to.equal(true);
    });

    it("differs from the head count", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicVote(fixture, snapshot);
      const perCollege = await Promise.all(
        [WORKERS, USERS, PARTNERS, PUBLIC_BODIES].map((id) =>
          fixture.colleges.collegeVotes(fixture.registeredGovernor.address, PROPOSAL, id),
        ),
      );
      const headCount = perCollege.reduce(
        ([against, inFavour], votes) => [against + votes[0], inFavour + votes[1]],
        [0n, 0n],
      );
      expect(headCount).to.deep.equal([10n, 4n]);
    });

    it("shares the weight of a college where nobody voted", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, workers, users } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, workers[0].address, Support.For, 1n, "0x");
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, Support.Against, 1n, "0x");
      // Partners and public bodies stay home: workers and users weigh half each.
      expect(await colleges.combinedYesNo(registeredGovernor.address, PROPOSAL)).to.deep.equal([
        SCALE / 2n,
        SCALE / 2n,
        0n,
      ]);
    });

    it("does not pass a tie", async function () {
      const { colleges, collegesByGovernor, registeredGovernor, membership, workers, users } =
        await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(membership);
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, workers[0].address, Support.For, 1n, "0x");
      await collegesByGovernor.recordVote(PROPOSAL, snapshot, users[0].address, Support.Against, 1n, "0x");
      expect(await colleges.voteSucceeded(registeredGovernor.address, PROPOSAL)).to.equal(false);
    });

    it("returns zeros for a proposal without votes", async function () {
      const { colleges, registeredGovernor } = await loadFixture(deployCollegesFixture);
      expect(await colleges.combinedYesNo(registeredGovernor.address, OTHER_PROPOSAL)).to.deep.equal([0n, 0n, 0n]);
    });

    it("does not pass a judgment tally", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicBallots(fixture, snapshot);
      expect(await fixture.colleges.voteSucceeded(fixture.registeredGovernor.address, PROPOSAL)).to.equal(false);
    });

    it("keeps counting with the configuration at the snapshot", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      // After the snapshot, users get 70% and workers 10%: the running vote keeps 30% and 30%.
      await fixture.collegesByTimelock.setColleges([
        college(WORKERS, 1_000),
        college(USERS, 7_000),
        college(PARTNERS, 1_000),
        college(PUBLIC_BODIES, 1_000),
      ]);
      await recordScicVote(fixture, snapshot);
      expect(await fixture.colleges.voteSucceeded(fixture.registeredGovernor.address, PROPOSAL)).to.equal(true);
    });

    it("counts a later proposal with the new configuration", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      await fixture.collegesByTimelock.setColleges([
        college(WORKERS, 1_000),
        college(USERS, 7_000),
        college(PARTNERS, 1_000),
        college(PUBLIC_BODIES, 1_000),
      ]);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicVote(fixture, snapshot);
      expect(await fixture.colleges.voteSucceeded(fixture.registeredGovernor.address, PROPOSAL)).to.equal(false);
    });

    it("keeps counting by colleges when the switch turns off after the snapshot", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await fixture.collegesByTimelock.setEnabled(false);
      await recordScicVote(fixture, snapshot);
      expect((await fixture.colleges.tallyInfo(fixture.registeredGovernor.address, PROPOSAL)).kind).to.equal(
        BigInt(TallyKind.YesNo),
      );
    });
  });

  describe("combined majority judgment", function () {
    it("chooses by college weight another option than the head count", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicBallots(fixture, snapshot);
      // Unweighted, B's majority grade is 3 and A's 1; weighted, A's is 3 and B's 2.
      const [order] = await fixture.colleges.combinedRanking(fixture.registeredGovernor.address, PROPOSAL);
      expect(order).to.deep.equal([0n, 1n]);
    });

    it("totals the scale for each option", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicBallots(fixture, snapshot);
      const combined = await fixture.colleges.combinedHistograms(fixture.registeredGovernor.address, PROPOSAL);
      expect(combined.map((row) => row.reduce((sum, count) => sum + count, 0n))).to.deep.equal([SCALE, SCALE]);
    });

    it("weighs the colleges' histograms", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicBallots(fixture, snapshot);
      const combined = await fixture.colleges.combinedHistograms(fixture.registeredGovernor.address, PROPOSAL);
      expect(combined[0]).to.deep.equal([0n, (3n * SCALE) / 10n, 0n, (2n * SCALE) / 10n, (5n * SCALE) / 10n]);
    });

    it("leaves out a college where nobody voted", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const { collegesByGovernor, registeredGovernor, colleges, workers } = fixture;
      const snapshot = await pastSnapshot(fixture.membership);
      await collegesByGovernor.recordBallot(PROPOSAL, snapshot, workers[0].address, [4, 1], GRADES, 1n);
      const combined = await colleges.combinedHistograms(registeredGovernor.address, PROPOSAL);
      expect(combined[0]).to.deep.equal([0n, 0n, 0n, 0n, SCALE]);
    });

    it("rejects the histograms of a yes/no tally", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicVote(fixture, snapshot);
      await expect(fixture.colleges.combinedHistograms(fixture.registeredGovernor.address, PROPOSAL))
        .to.be.revertedWithCustomError(fixture.colleges, "CoopCollegesTallyKindMismatch")
        .withArgs(PROPOSAL, TallyKind.YesNo);
    });

    it("shows the ballot shape", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicBallots(fixture, snapshot);
      const info = await fixture.colleges.tallyInfo(fixture.registeredGovernor.address, PROPOSAL);
      expect([info.kind, info.snapshot, info.optionCount, info.gradeCount]).to.deep.equal([
        BigInt(TallyKind.Judgment),
        snapshot,
        2n,
        BigInt(GRADES),
      ]);
    });
  });

  describe("quorumReached", function () {
    it("sums the colleges in global mode", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicVote(fixture, snapshot);
      // For and abstain count toward the quorum: 4 for.
      expect(await fixture.colleges.quorumReached(fixture.registeredGovernor.address, PROPOSAL, 4n)).to.equal(true);
    });

    it("fails in global mode below the quorum", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicVote(fixture, snapshot);
      expect(await fixture.colleges.quorumReached(fixture.registeredGovernor.address, PROPOSAL, 5n)).to.equal(false);
    });

    it("needs every college in per-college mode", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      await fixture.collegesByTimelock.setQuorumMode(QuorumMode.PerCollege);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicVote(fixture, snapshot);
      // Users voted only against, which does not count toward the quorum.
      expect(await fixture.colleges.quorumReached(fixture.registeredGovernor.address, PROPOSAL, 1n)).to.equal(false);
    });

    it("counts every ballot of a judgment tally", async function () {
      const fixture = await loadFixture(deployCollegesFixture);
      await fixture.collegesByTimelock.setQuorumMode(QuorumMode.PerCollege);
      const snapshot = await pastSnapshot(fixture.membership);
      await recordScicBallots(fixture, snapshot);
      // Quorum 5: workers need 1.5 (2 voted), users 1.5 (10), partners and public bodies 1 (1 each).
      expect(await fixture.colleges.quorumReached(fixture.registeredGovernor.address, PROPOSAL, 5n)).to.equal(true);
    });

    it("is not reached without a tally", async function () {
      const { colleges, registeredGovernor } = await loadFixture(deployCollegesFixture);
      expect(await colleges.quorumReached(registeredGovernor.address, OTHER_PROPOSAL, 0n)).to.equal(false);
    });
  });

  describe("upgrades", function () {
    it("reports its implementation", async function () {
      const { colleges } = await loadFixture(deployCollegesFixture);
      const slot = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
      const stored = await ethers.provider.getStorage(await colleges.getAddress(), slot);
      expect(await colleges.implementation()).to.equal(ethers.getAddress(dataSlice(stored, 12)));
    });

    it("lets the timelock upgrade and keeps the colleges", async function () {
      const { colleges, collegesByTimelock, deployer, membership } = await loadFixture(deployCollegesFixture);
      const release = await new CoopColleges__factory(deployer).deploy();
      await collegesByTimelock.upgradeToAndCall(await release.getAddress(), "0x");
      expect((await colleges.configurationAt(await membership.clock())).colleges).to.have.length(4);
    });

    it("rejects an upgrade by others", async function () {
      const { colleges, deployer, registeredGovernor } = await loadFixture(deployCollegesFixture);
      const release = await new CoopColleges__factory(deployer).deploy();
      await expect(colleges.connect(registeredGovernor).upgradeToAndCall(await release.getAddress(), "0x"))
        .to.be.revertedWithCustomError(colleges, "CoopCollegesUnauthorized")
        .withArgs(registeredGovernor.address);
    });

    it("disables the implementation's initializer", async function () {
      const { deployer, membership } = await loadFixture(deployCollegesFixture);
      const implementation = await new CoopColleges__factory(deployer).deploy();
      await expect(
        implementation.initialize(await membership.getAddress(), deployer.address),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    });
  });
});
