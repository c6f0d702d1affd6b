import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, setStorageAt, time } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, id, keccak256 } from "ethers";

import { CoopMembership__factory, CoopProxy__factory } from "../../typechain-types";
import { DEFAULT_SETTINGS, deployCooperative, type Cooperative } from "../../src/deploy/cooperative";
import { FOUNDER_COUNT } from "../helpers/fixtures";
import { contractAction, passProposal, testDescription } from "../helpers/governance";
import {
  deployMembershipFixture,
  deployOpenAdmissionFixture,
  deployProxyVotingFixture,
  PROBATION_PERIOD,
  type MembershipFixture,
} from "../helpers/membership";

/** The weight that the tests give a member cooperative of a federation. */
const HEAVY_WEIGHT = 3n;

/** Slot of `memberWeight` in CoopMembership's storage struct, after eight slots of older fields. */
const MEMBER_WEIGHT_SLOT_OFFSET = 8n;

/** Returns the first slot of the ERC-7201 namespace worldcoop.storage.CoopMembership. */
function membershipStorageLocation(): bigint {
  const namespace = BigInt(id("worldcoop.storage.CoopMembership")) - 1n;
  return BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [namespace]))) & ~0xffn;
}

/** Deploys the standard test cooperative and gives the first founder a weight of three. */
async function deployWeightedFixture(): Promise<MembershipFixture> {
  const fixture = await deployMembershipFixture();
  await fixture.byTimelock.setWeight(fixture.founders[0].address, HEAVY_WEIGHT);
  return fixture;
}

/** The equal weight of each member cooperative in the test federation. */
const FEDERATION_WEIGHT = 1_000_000n;

/** Deploys a federation of three member cooperatives (signers 1 to 3), each of weight 1,000,000. */
async function deployFederationFixture(): Promise<MembershipFixture & { federation: Cooperative }> {
  const fixture = await deployMembershipFixture();
  const federation = await deployCooperative(fixture.deployer, fixture.implementations, {
    name: "Test Federation",
    symbol: "FED",
    founders: fixture.founders.slice(0, 3).map((founder) => founder.address),
    memberWeight: FEDERATION_WEIGHT,
    admissionPolicy: "application",
    settings: DEFAULT_SETTINGS,
  });
  return { ...fixture, federation };
}

describe("CoopMembership weights", function () {
  describe("memberWeight", function () {
    it("defaults to one", async function () {
      const { membership } = await loadFixture(deployMembershipFixture);

      expect(await membership.memberWeight()).to.equal(await membership.DEFAULT_WEIGHT());
      expect(await membership.memberWeight()).to.equal(1n);
    });

    it("weighs founders at creation", async function () {
      const { federation, founders } = await loadFixture(deployFederationFixture);
      await time.increase(1);

      expect(await federation.membership.memberWeight()).to.equal(FEDERATION_WEIGHT);
      const [weight, votesCredited] = await federation.membership.memberInfo(founders[0].address);
      expect(weight).to.equal(FEDERATION_WEIGHT);
      expect(votesCredited).to.equal(FEDERATION_WEIGHT);
      expect(await federation.membership.getPastTotalSupply((await time.latest()) - 1)).to.equal(
        3n * FEDERATION_WEIGHT,
      );
    });

    it("sets initial admission policy", async function () {
      const { federation } = await loadFixture(deployFederationFixture);

      expect(await federation.membership.admissionPolicy()).to.equal(1n);
    });

    it("weighs newly admitted members", async function () {
      const { membership, byTimelock, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setMemberWeight(FEDERATION_WEIGHT))
        .to.emit(membership, "MemberWeightDefaultSet")
        .withArgs(FEDERATION_WEIGHT);
      await byTimelock.admit(outsiders[0].address);

      expect(await membership.getVotes(outsiders[0].address)).to.equal(FEDERATION_WEIGHT);
    });

    it("keeps current members' weights", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);

      await byTimelock.setMemberWeight(FEDERATION_WEIGHT);

      expect(await membership.getVotes(founders[0].address)).to.equal(1n);
    });

    it("weighs members after probation", async function () {
      const { membership, byTimelock, byShares, outsiders } = await loadFixture(deployOpenAdmissionFixture);

      await byTimelock.setMemberWeight(FEDERATION_WEIGHT);
      await byShares.admitBySubscription(outsiders[0].address);
      expect(await membership.getVotes(outsiders[0].address)).to.equal(0n);
      await time.increase(PROBATION_PERIOD);
      await membership.activate(outsiders[0].address);

      expect(await membership.getVotes(outsiders[0].address)).to.equal(FEDERATION_WEIGHT);
    });

    it("reads unset weight as one", async function () {
      // A proxy upgraded from the first release, which had no memberWeight field, reads zero there.
      const { membership, byTimelock, outsiders } = await loadFixture(deployMembershipFixture);
      await byTimelock.setMemberWeight(FEDERATION_WEIGHT);
      const slot = membershipStorageLocation() + MEMBER_WEIGHT_SLOT_OFFSET;
      const address = await membership.getAddress();
      expect(BigInt(await ethers.provider.getStorage(address, slot)), "stored weight").to.equal(FEDERATION_WEIGHT);

      await setStorageAt(address, slot, 0n);

      expect(await membership.memberWeight()).to.equal(await membership.DEFAULT_WEIGHT());
      await byTimelock.admit(outsiders[0].address);
      expect(await membership.getVotes(outsiders[0].address)).to.equal(1n);
    });

    it("rejects zero", async function () {
      const { membership, byTimelock } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setMemberWeight(0n))
        .to.be.revertedWithCustomError(membership, "CoopMembershipInvalidWeight")
        .withArgs(0n);
    });

    it("rejects zero at creation", async function () {
      const { membership, timelock, implementations, deployer, founders, outsiders } =
        await loadFixture(deployMembershipFixture);
      const initData = CoopMembership__factory.createInterface().encodeFunctionData("initialize", [
        "Test Cooperative",
        "TEST",
        await timelock.getAddress(),
        outsiders[0].address,
        [founders[0].address],
        0n,
        0,
      ]);

      await expect(new CoopProxy__factory(deployer).deploy(implementations.membership, initData))
        .to.be.revertedWithCustomError(membership, "CoopMembershipInvalidWeight")
        .withArgs(0n);
    });

    it("rejects caller other than timelock", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(founders[0]).setMemberWeight(FEDERATION_WEIGHT))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[0].address);
    });

    it("changes through extraordinary proposal", async function () {
      const { membership, governor, founders } = await loadFixture(deployMembershipFixture);
      const action = await contractAction(membership, "setMemberWeight", [FEDERATION_WEIGHT]);

      await passProposal(governor, founders[0], founders, [action], testDescription("Weigh new members"));

      expect(await membership.memberWeight()).to.equal(FEDERATION_WEIGHT);
    });
  });

  describe("setWeight", function () {
    it("raises member votes", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setWeight(founders[0].address, HEAVY_WEIGHT))
        .to.emit(membership, "MemberWeightSet")
        .withArgs(founders[0].address, HEAVY_WEIGHT);

      const [weight, votesCredited] = await membership.memberInfo(founders[0].address);
      expect(weight).to.equal(HEAVY_WEIGHT);
      expect(votesCredited).to.equal(HEAVY_WEIGHT);
      expect(await membership.getVotes(founders[0].address)).to.equal(HEAVY_WEIGHT);
    });

    it("raises total weight", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);

      await byTimelock.setWeight(founders[0].address, HEAVY_WEIGHT);
      const setAt = await time.latest();
      await time.increase(1);

      expect(await membership.getPastTotalSupply(setAt)).to.equal(BigInt(FOUNDER_COUNT) - 1n + HEAVY_WEIGHT);
    });

    it("lowers member votes", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployWeightedFixture);

      await byTimelock.setWeight(founders[0].address, 2n);

      const [weight, votesCredited] = await membership.memberInfo(founders[0].address);
      expect(weight).to.equal(2n);
      expect(votesCredited).to.equal(2n);
      expect(await membership.getVotes(founders[0].address)).to.equal(2n);
    });

    it("lowers total weight", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployWeightedFixture);

      await byTimelock.setWeight(founders[0].address, 1n);
      const setAt = await time.latest();
      await time.increase(1);

      expect(await membership.getPastTotalSupply(setAt)).to.equal(BigInt(FOUNDER_COUNT));
    });

    it("keeps same weight unchanged", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployWeightedFixture);

      await expect(byTimelock.setWeight(founders[0].address, HEAVY_WEIGHT))
        .to.emit(membership, "MemberWeightSet")
        .withArgs(founders[0].address, HEAVY_WEIGHT);

      expect(await membership.getVotes(founders[0].address)).to.equal(HEAVY_WEIGHT);
    });

    it("keeps earlier checkpoints", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);
      const member = founders[0].address;
      const before = await time.latest();

      await byTimelock.setWeight(member, HEAVY_WEIGHT);
      const raisedAt = await time.latest();
      await byTimelock.setWeight(member, 2n);
      const loweredAt = await time.latest();
      await time.increase(1);

      expect(await membership.getPastVotes(member, before)).to.equal(1n);
      expect(await membership.getPastTotalSupply(before)).to.equal(BigInt(FOUNDER_COUNT));
      expect(await membership.getPastVotes(member, raisedAt)).to.equal(HEAVY_WEIGHT);
      expect(await membership.getPastTotalSupply(raisedAt)).to.equal(BigInt(FOUNDER_COUNT) - 1n + HEAVY_WEIGHT);
      expect(await membership.getPastVotes(member, loweredAt)).to.equal(2n);
      expect(await membership.getPastTotalSupply(loweredAt)).to.equal(BigInt(FOUNDER_COUNT) + 1n);
    });

    it("rejects weight zero", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setWeight(founders[0].address, 0n))
        .to.be.revertedWithCustomError(membership, "CoopMembershipInvalidWeight")
        .withArgs(0n);
    });

    it("rejects non-member", async function () {
      const { membership, byTimelock, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setWeight(outsiders[0].address, HEAVY_WEIGHT))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(outsiders[0].address);
    });

    it("rejects former member", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);
      await membership.connect(founders[1]).resign();

      await expect(byTimelock.setWeight(founders[1].address, HEAVY_WEIGHT))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(founders[1].address);
    });

    it("rejects caller other than timelock", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(founders[0]).setWeight(founders[0].address, HEAVY_WEIGHT))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[0].address);
    });

    it("sets weight through proposal", async function () {
      const { membership, governor, founders } = await loadFixture(deployMembershipFixture);

      await passProposal(
        governor,
        founders[0],
        founders.slice(0, 3),
        [await contractAction(membership, "setWeight", [founders[4].address, HEAVY_WEIGHT])],
        testDescription("Weigh the fifth founder"),
      );

      expect(await membership.getVotes(founders[4].address)).to.equal(HEAVY_WEIGHT);
    });

    it("sets quorum from total weight", async function () {
      const { membership, governor, byTimelock, founders } = await loadFixture(deployMembershipFixture);
      await byTimelock.setWeight(founders[0].address, 11n);
      const setAt = await time.latest();
      await time.increase(1);
      const totalWeight = BigInt(FOUNDER_COUNT) - 1n + 11n;

      expect(await membership.getPastTotalSupply(setAt)).to.equal(totalWeight);
      expect(await governor.quorum(setAt)).to.equal((totalWeight * BigInt(DEFAULT_SETTINGS.quorumPercent)) / 100n);
    });
  });

  describe("probation", function () {
    it("keeps weight uncredited on probation", async function () {
      const { membership, byTimelock, byShares, outsiders } = await loadFixture(deployOpenAdmissionFixture);
      const probationer = outsiders[0].address;
      await byShares.admitBySubscription(probationer);

      await byTimelock.setWeight(probationer, HEAVY_WEIGHT);

      const [weight, votesCredited] = await membership.memberInfo(probationer);
      expect(weight).to.equal(HEAVY_WEIGHT);
      expect(votesCredited).to.equal(0n);
      expect(await membership.getVotes(probationer)).to.equal(0n);
    });

    it("credits weight on activation", async function () {
      const { membership, byTimelock, byShares, outsiders } = await loadFixture(deployOpenAdmissionFixture);
      const probationer = outsiders[0].address;
      await byShares.admitBySubscription(probationer);
      await byTimelock.setWeight(probationer, HEAVY_WEIGHT);
      const [, , probationEnds] = await membership.memberInfo(probationer);
      await time.increaseTo(probationEnds);

      await expect(membership.activate(probationer))
        .to.emit(membership, "MemberActivated")
        .withArgs(probationer, HEAVY_WEIGHT);

      const activatedAt = await time.latest();
      await time.increase(1);
      expect(await membership.getVotes(probationer)).to.equal(HEAVY_WEIGHT);
      expect(await membership.getPastTotalSupply(activatedAt)).to.equal(BigInt(FOUNDER_COUNT) + HEAVY_WEIGHT);
    });
  });

  describe("exit", function () {
    it("debits full weight on resignation", async function () {
      const { membership, founders } = await loadFixture(deployWeightedFixture);

      await membership.connect(founders[0]).resign();
      const resignedAt = await time.latest();
      await time.increase(1);

      const [, votesCredited] = await membership.memberInfo(founders[0].address);
      expect(votesCredited).to.equal(0n);
      expect(await membership.getVotes(founders[0].address)).to.equal(0n);
      expect(await membership.getPastTotalSupply(resignedAt)).to.equal(BigInt(FOUNDER_COUNT) - 1n);
    });

    it("debits full weight on exclusion", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployWeightedFixture);

      await byTimelock.exclude(founders[0].address, "0x");
      const excludedAt = await time.latest();
      await time.increase(1);

      expect(await membership.getVotes(founders[0].address)).to.equal(0n);
      expect(await membership.getPastTotalSupply(excludedAt)).to.equal(BigInt(FOUNDER_COUNT) - 1n);
    });

    it("keeps weight before exit", async function () {
      const { membership, founders } = await loadFixture(deployWeightedFixture);
      const beforeExit = await time.latest();

      await membership.connect(founders[0]).resign();

      expect(await membership.getPastVotes(founders[0].address, beforeExit)).to.equal(HEAVY_WEIGHT);
    });

    it("resets weight on re-admission", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployWeightedFixture);
      await membership.connect(founders[0]).resign();

      await byTimelock.admit(founders[0].address);

      const [weight, votesCredited] = await membership.memberInfo(founders[0].address);
      expect(weight).to.equal(1n);
      expect(votesCredited).to.equal(1n);
      expect(await membership.getVotes(founders[0].address)).to.equal(1n);
    });
  });

  describe("with proxy voting", function () {
    it("credits new weight to delegate", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployProxyVotingFixture);
      await membership.connect(founders[0]).delegate(founders[1].address);

      await byTimelock.setWeight(founders[0].address, HEAVY_WEIGHT);

      expect(await membership.getVotes(founders[0].address)).to.equal(0n);
      expect(await membership.getVotes(founders[1].address)).to.equal(1n + HEAVY_WEIGHT);
    });

    it("debits lower weight from delegate", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployProxyVotingFixture);
      await byTimelock.setWeight(founders[0].address, HEAVY_WEIGHT);
      await membership.connect(founders[0]).delegate(founders[1].address);

      await byTimelock.setWeight(founders[0].address, 1n);

      expect(await membership.getVotes(founders[1].address)).to.equal(2n);
    });

    it("debits full weight from delegate on exit", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployProxyVotingFixture);
      await byTimelock.setWeight(founders[0].address, HEAVY_WEIGHT);
      await membership.connect(founders[0]).delegate(founders[1].address);

      await membership.connect(founders[0]).resign();

      expect(await membership.getVotes(founders[1].address)).to.equal(1n);
      expect(await membership.getVotes(founders[0].address)).to.equal(0n);
    });
  });

  describe("setCollege", function () {
    it("assigns college", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setCollege(founders[0].address, 2))
        .to.emit(membership, "MemberCollegeSet")
        .withArgs(founders[0].address, 2);

      const [, , , college] = await membership.memberInfo(founders[0].address);
      expect(college).to.equal(2n);
    });

    it("leaves votes unchanged", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);

      await byTimelock.setCollege(founders[0].address, 2);

      expect(await membership.getVotes(founders[0].address)).to.equal(1n);
    });

    it("resets college on re-admission", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);
      await byTimelock.setCollege(founders[0].address, 2);
      await membership.connect(founders[0]).resign();

      await byTimelock.admit(founders[0].address);

      const [, , , college] = await membership.memberInfo(founders[0].address);
      expect(college).to.equal(0n);
    });

    it("starts in college zero", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      const [, , , college] = await membership.memberInfo(founders[0].address);
      expect(college).to.equal(0n);
    });

    it("rejects non-member", async function () {
      const { membership, byTimelock, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setCollege(outsiders[0].address, 2))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(outsiders[0].address);
    });

    it("rejects caller other than timelock", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(founders[0]).setCollege(founders[0].address, 2))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[0].address);
    });
  });
});
