import { expect } from "chai";
import { ethers, upgrades } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { DEFAULT_SETTINGS } from "../../src/deploy/cooperative";
import { VoteSupport, proposalState } from "../../src/governance/proposals";
import { CoopGovernorV2Mock__factory, CoopMembershipV2Mock__factory } from "../../typechain-types";
import { FOUNDER_COUNT, deployCoopFixture } from "../helpers/fixtures";
import {
  admitAction,
  contractAction,
  endVote,
  openProposal,
  passProposal,
  voteAll,
  testDescription,
} from "../helpers/governance";

describe("Upgrades", function () {
  describe("membership proxy", function () {
    it("upgrades through proposal", async function () {
      const { governor, membership, deployer, founders } = await loadFixture(deployCoopFixture);
      const release = await new CoopMembershipV2Mock__factory(deployer).deploy();
      const releaseAddress = await release.getAddress();
      const proxyAddress = await membership.getAddress();

      await passProposal(
        governor,
        founders[0],
        founders.slice(0, 3),
        [
          await contractAction(membership, "upgradeToAndCall", [
            releaseAddress,
            release.interface.encodeFunctionData("initializeV2", ["second release"]),
          ]),
        ],
        testDescription("Upgrade the member register"),
      );

      const upgraded = CoopMembershipV2Mock__factory.connect(proxyAddress, deployer);
      expect(await upgrades.erc1967.getImplementationAddress(proxyAddress)).to.equal(releaseAddress);
      expect(await upgraded.version()).to.equal("2");
      expect(await upgraded.upgradeNote()).to.equal("second release");
    });

    it("keeps members and votes", async function () {
      const { governor, membership, deployer, founders } = await loadFixture(deployCoopFixture);
      const release = await new CoopMembershipV2Mock__factory(deployer).deploy();
      const beforeUpgrade = await time.latest();

      await passProposal(governor, founders[0], founders.slice(0, 3), [
        await contractAction(membership, "upgradeToAndCall", [await release.getAddress(), "0x"]),
      ]);

      expect(await membership.name()).to.equal("Test Cooperative");
      expect(await membership.symbol()).to.equal("TEST");
      expect(await membership.memberCount()).to.equal(FOUNDER_COUNT);
      expect(await membership.getPastTotalSupply(beforeUpgrade)).to.equal(BigInt(FOUNDER_COUNT));
      for (const founder of founders) {
        expect(await membership.getVotes(founder.address), founder.address).to.equal(1n);
        expect(await membership.getPastVotes(founder.address, beforeUpgrade), founder.address).to.equal(1n);
      }
    });

    it("keeps timelock control", async function () {
      const { governor, membership, timelock, deployer, founders, outsiders } = await loadFixture(deployCoopFixture);
      const release = await new CoopMembershipV2Mock__factory(deployer).deploy();
      await passProposal(governor, founders[0], founders.slice(0, 3), [
        await contractAction(membership, "upgradeToAndCall", [await release.getAddress(), "0x"]),
      ]);

      await expect(membership.connect(founders[0]).admit(outsiders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[0].address);
      expect(await membership.timelock()).to.equal(await timelock.getAddress());
    });

    it("rejects second upgrade initializer", async function () {
      const { governor, membership, deployer, founders } = await loadFixture(deployCoopFixture);
      const release = await new CoopMembershipV2Mock__factory(deployer).deploy();
      await passProposal(governor, founders[0], founders.slice(0, 3), [
        await contractAction(membership, "upgradeToAndCall", [
          await release.getAddress(),
          release.interface.encodeFunctionData("initializeV2", ["second release"]),
        ]),
      ]);
      const upgraded = CoopMembershipV2Mock__factory.connect(await membership.getAddress(), founders[0]);

      await expect(upgraded.initializeV2("takeover")).to.be.revertedWithCustomError(upgraded, "InvalidInitialization");
    });
  });

  describe("governor proxy", function () {
    it("upgrades itself through proposal", async function () {
      const { governor, deployer, founders } = await loadFixture(deployCoopFixture);
      const release = await new CoopGovernorV2Mock__factory(deployer).deploy();
      const releaseAddress = await release.getAddress();
      const proxyAddress = await governor.getAddress();

      const { id } = await passProposal(
        governor,
        founders[0],
        founders.slice(0, 3),
        [await contractAction(governor, "upgradeToAndCall", [releaseAddress, "0x"])],
        testDescription("Upgrade the governor"),
      );

      expect(await upgrades.erc1967.getImplementationAddress(proxyAddress)).to.equal(releaseAddress);
      expect(await CoopGovernorV2Mock__factory.connect(proxyAddress, deployer).version()).to.equal("2");
      expect(await proposalState(governor, id)).to.equal("Executed");
    });

    it("keeps earlier proposals and settings", async function () {
      const { governor, membership, deployer, founders, outsiders } = await loadFixture(deployCoopFixture);
      const defeated = await openProposal(
        governor,
        founders[1],
        [await admitAction(membership, outsiders[0].address)],
        testDescription("Admit a newcomer"),
      );
      await voteAll(governor, defeated.id, founders.slice(0, 3), VoteSupport.Against);
      await governor.connect(founders[3]).castVote(defeated.id, VoteSupport.For);
      await endVote(governor, defeated.id);
      const snapshot = await governor.proposalSnapshot(defeated.id);
      const deadline = await governor.proposalDeadline(defeated.id);
      const release = await new CoopGovernorV2Mock__factory(deployer).deploy();

      await passProposal(governor, founders[0], founders.slice(0, 3), [
        await contractAction(governor, "upgradeToAndCall", [await release.getAddress(), "0x"]),
      ]);

      const [againstVotes, forVotes, abstainVotes] = await governor.proposalVotes(defeated.id);
      expect(await proposalState(governor, defeated.id)).to.equal("Defeated");
      expect(againstVotes).to.equal(3n);
      expect(forVotes).to.equal(1n);
      expect(abstainVotes).to.equal(0n);
      expect(await governor.hasVoted(defeated.id, founders[3].address)).to.equal(true);
      expect(await governor.proposalProposer(defeated.id)).to.equal(founders[1].address);
      expect(await governor.proposalSnapshot(defeated.id)).to.equal(snapshot);
      expect(await governor.proposalDeadline(defeated.id)).to.equal(deadline);
      expect(await governor.name()).to.equal("Test Cooperative");
      expect(await governor.token()).to.equal(await membership.getAddress());
      expect(await governor.votingPeriod()).to.equal(BigInt(DEFAULT_SETTINGS.votingPeriod));
    });

    it("accepts votes signed for first release", async function () {
      const { governor, membership, deployer, founders, outsiders } = await loadFixture(deployCoopFixture);
      const release = await new CoopGovernorV2Mock__factory(deployer).deploy();
      await passProposal(governor, founders[0], founders.slice(0, 3), [
        await contractAction(governor, "upgradeToAndCall", [await release.getAddress(), "0x"]),
      ]);
      const { id } = await openProposal(governor, founders[0], [await admitAction(membership, outsiders[0].address)]);
      const voter = founders[1];
      const domain = {
        name: "Test Cooperative",
        version: "1",
        chainId: (await ethers.provider.getNetwork()).chainId,
        verifyingContract: await governor.getAddress(),
      };
      const types = {
        Ballot: [
          { name: "proposalId", type: "uint256" },
          { name: "support", type: "uint8" },
          { name: "voter", type: "address" },
          { name: "nonce", type: "uint256" },
        ],
      };
      const ballot = {
        proposalId: id,
        support: VoteSupport.For,
        voter: voter.address,
        nonce: await governor["nonces(address)"](voter.address),
      };
      const signature = await voter.signTypedData(domain, types, ballot);

      await governor.connect(outsiders[1]).castVoteBySig(id, VoteSupport.For, voter.address, signature);

      expect(await governor.hasVoted(id, voter.address)).to.equal(true);
      expect((await governor.eip712Domain()).version).to.equal("1");
    });

    it("runs proposals after upgrade", async function () {
      const { governor, membership, deployer, founders, outsiders } = await loadFixture(deployCoopFixture);
      const release = await new CoopGovernorV2Mock__factory(deployer).deploy();
      await passProposal(governor, founders[0], founders.slice(0, 3), [
        await contractAction(governor, "upgradeToAndCall", [await release.getAddress(), "0x"]),
      ]);

      await passProposal(
        governor,
        founders[0],
        founders.slice(0, 3),
        [await admitAction(membership, outsiders[0].address)],
        "Admit after the upgrade",
      );

      expect(await membership.isMember(outsiders[0].address)).to.equal(true);
    });
  });

  describe("storage layout validation", function () {
    it("accepts membership implementation", async function () {
      const factory = await ethers.getContractFactory("CoopMembership");

      await upgrades.validateImplementation(factory, { kind: "uups" });
    });

    it("accepts governor implementation", async function () {
      const factory = await ethers.getContractFactory("CoopGovernor");

      await upgrades.validateImplementation(factory, { kind: "uups" });
    });

    it("accepts shares implementation", async function () {
      const factory = await ethers.getContractFactory("CoopShares");

      await upgrades.validateImplementation(factory, { kind: "uups" });
    });

    it("accepts charter implementation", async function () {
      const factory = await ethers.getContractFactory("CoopCharter");

      await upgrades.validateImplementation(factory, { kind: "uups" });
    });

    it("accepts judgment governor implementation", async function () {
      const factory = await ethers.getContractFactory("CoopJudgmentGovernor");

      await upgrades.validateImplementation(factory, { kind: "uups" });
    });

    it("accepts fee router implementation", async function () {
      const factory = await ethers.getContractFactory("FeeRouter");

      await upgrades.validateImplementation(factory, { kind: "uups" });
    });

    it("accepts colleges implementation", async function () {
      const factory = await ethers.getContractFactory("CoopColleges");

      await upgrades.validateImplementation(factory, { kind: "uups" });
    });

    it("accepts fee router upgrade from first layout", async function () {
      const first = await ethers.getContractFactory("FeeRouterV1LayoutMock");
      const current = await ethers.getContractFactory("FeeRouter");

      await upgrades.validateUpgrade(first, current, { kind: "uups" });
    });

    it("accepts membership upgrade to mock", async function () {
      const current = await ethers.getContractFactory("CoopMembership");
      const next = await ethers.getContractFactory("CoopMembershipV2Mock");

      await upgrades.validateUpgrade(current, next, { kind: "uups" });
    });

    it("accepts governor upgrade to mock", async function () {
      const current = await ethers.getContractFactory("CoopGovernor");
      const next = await ethers.getContractFactory("CoopGovernorV2Mock");

      await upgrades.validateUpgrade(current, next, { kind: "uups" });
    });

    it("rejects swapped namespace fields", async function () {
      const current = await ethers.getContractFactory("CoopMembership");
      const broken = await ethers.getContractFactory("CoopMembershipSwappedLayoutMock");

      await expect(upgrades.validateUpgrade(current, broken, { kind: "uups" })).to.be.rejectedWith(
        /New storage layout is incompatible/,
      );
      await expect(upgrades.validateUpgrade(current, broken, { kind: "uups" })).to.be.rejectedWith(
        /Deleted `timelock`/,
      );
    });

    // Every parent keeps its state in an ERC-7201 namespace, so slot 0 is free. The upgrades
    // plugin (upgrades-core 1.46) treats the new plain variable as appended and accepts it.
    it("accepts plain storage variable", async function () {
      const current = await ethers.getContractFactory("CoopMembership");
      const plain = await ethers.getContractFactory("CoopMembershipPlainStorageMock");

      await upgrades.validateImplementation(plain, { kind: "uups" });
      await upgrades.validateUpgrade(current, plain, { kind: "uups" });
    });
  });
});
