import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress } from "ethers";

import {
  CoopMembershipV2Mock__factory,
  CoopMembership__factory,
  CoopProxy__factory,
  type CoopMembership,
} from "../../typechain-types";
import { DEFAULT_SETTINGS, deployCooperative } from "../../src/deploy/cooperative";
import { cidV0 } from "../helpers/cid";
import { FOUNDER_COUNT } from "../helpers/fixtures";
import { deployMembershipFixture, type MembershipFixture } from "../helpers/membership";

const ERC721_INTERFACE_ID = "0x80ac58cd";
const ERC721_METADATA_INTERFACE_ID = "0x5b5e139f";
const ERC165_INTERFACE_ID = "0x01ffc9a7";
const INVALID_INTERFACE_ID = "0xffffffff";

/** CID of the document that gives the reason for an exclusion in these tests. */
const EXCLUSION_REASON = cidV0("Minutes of the general meeting that excluded the member");

/** Returns the block timestamp of the first admission, which is the deployment of the register. */
async function admissionTimestamp(membership: CoopMembership): Promise<number> {
  const [firstAdmission] = await membership.queryFilter(membership.filters.MemberAdmitted());
  const block = await firstAdmission.getBlock();
  return block.timestamp;
}

describe("CoopMembership", function () {
  describe("initialization", function () {
    it("sets name and symbol", async function () {
      const { membership } = await loadFixture(deployMembershipFixture);

      expect(await membership.name()).to.equal("Test Cooperative");
      expect(await membership.symbol()).to.equal("TEST");
    });

    it("keeps a long UTF-8 name", async function () {
      const { deployer, implementations, founders } = await loadFixture(deployMembershipFixture);
      const name = "Société coopérative d'intérêt collectif des épiceries solidaires du Pays de Fougères";
      expect(Buffer.byteLength(name, "utf8")).to.be.greaterThan(80);
      const coop = await deployCooperative(deployer, implementations, {
        name,
        symbol: "SCIC",
        founders: [founders[0].address],
        settings: DEFAULT_SETTINGS,
      });

      expect(await coop.membership.name()).to.equal(name);
      expect((await coop.membership.eip712Domain()).name).to.equal(name);
      expect((await coop.governor.eip712Domain()).name).to.equal(name);
    });

    it("stores the timelock", async function () {
      const { membership, timelock } = await loadFixture(deployMembershipFixture);

      expect(await membership.timelock()).to.equal(await timelock.getAddress());
    });

    it("stores the shares contract", async function () {
      const { membership, shares } = await loadFixture(deployMembershipFixture);

      expect(await membership.shares()).to.equal(await shares.getAddress());
    });

    it("counts founders as members", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      expect(await membership.memberCount()).to.equal(FOUNDER_COUNT);
      for (const founder of founders) {
        expect(await membership.isMember(founder.address), founder.address).to.equal(true);
      }
    });

    it("gives each founder one vote", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      for (const founder of founders) {
        expect(await membership.getVotes(founder.address), founder.address).to.equal(1n);
        expect(await membership.delegates(founder.address), founder.address).to.equal(founder.address);
      }
    });

    it("mints one token per founder", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      for (const founder of founders) {
        const tokenId = await membership.tokenIdOf(founder.address);
        expect(await membership.balanceOf(founder.address), founder.address).to.equal(1n);
        expect(await membership.ownerOf(tokenId), founder.address).to.equal(founder.address);
      }
    });

    it("derives token id from address", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      expect(await membership.tokenIdOf(founders[0].address)).to.equal(BigInt(founders[0].address));
    });

    it("records total supply after a second", async function () {
      const { membership } = await loadFixture(deployMembershipFixture);
      const admittedAt = await admissionTimestamp(membership);

      await time.increase(1);

      expect(await membership.getPastTotalSupply(admittedAt)).to.equal(BigInt(FOUNDER_COUNT));
      expect(await membership.getPastTotalSupply(admittedAt - 1)).to.equal(0n);
    });

    it("rejects total supply lookup now", async function () {
      const { membership } = await loadFixture(deployMembershipFixture);
      const now = await membership.clock();

      await expect(membership.getPastTotalSupply(now))
        .to.be.revertedWithCustomError(membership, "ERC5805FutureLookup")
        .withArgs(now, now);
    });

    it("uses timestamp clock mode", async function () {
      const { membership } = await loadFixture(deployMembershipFixture);

      expect(await membership.CLOCK_MODE()).to.equal("mode=timestamp");
    });

    it("reads clock from block timestamp", async function () {
      const { membership } = await loadFixture(deployMembershipFixture);
      await time.increase(1000);

      expect(await membership.clock()).to.equal(BigInt(await time.latest()));
    });

    it("supports ERC-721 and ERC-165", async function () {
      const { membership } = await loadFixture(deployMembershipFixture);

      expect(await membership.supportsInterface(ERC721_INTERFACE_ID)).to.equal(true);
      expect(await membership.supportsInterface(ERC721_METADATA_INTERFACE_ID)).to.equal(true);
      expect(await membership.supportsInterface(ERC165_INTERFACE_ID)).to.equal(true);
      expect(await membership.supportsInterface(INVALID_INTERFACE_ID)).to.equal(false);
    });
  });

  describe("admission and exit", function () {
    it("rejects admit by member", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(founders[0]).admit(outsiders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[0].address);
    });

    it("rejects admit by outsider", async function () {
      const { membership, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(outsiders[0]).admit(outsiders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(outsiders[0].address);
    });

    it("rejects admit by deployer", async function () {
      const { membership, deployer, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(deployer).admit(outsiders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(deployer.address);
    });

    it("rejects exclude by member", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(founders[0]).exclude(founders[1].address, EXCLUSION_REASON))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[0].address);
    });

    it("rejects exclude by outsider", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(outsiders[0]).exclude(founders[1].address, EXCLUSION_REASON))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(outsiders[0].address);
    });

    it("admits member by timelock", async function () {
      const { membership, byTimelock, outsiders } = await loadFixture(deployMembershipFixture);
      const newcomer = outsiders[0].address;

      await expect(byTimelock.admit(newcomer))
        .to.emit(membership, "MemberAdmitted")
        .withArgs(newcomer, BigInt(newcomer));

      expect(await membership.isMember(newcomer)).to.equal(true);
      expect(await membership.memberCount()).to.equal(FOUNDER_COUNT + 1);
      expect(await membership.getVotes(newcomer)).to.equal(1n);
      expect(await membership.delegates(newcomer)).to.equal(newcomer);
      expect(await membership.ownerOf(BigInt(newcomer))).to.equal(newcomer);
    });

    it("rejects admitting member twice", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.admit(founders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipAlreadyMember")
        .withArgs(founders[0].address);
    });

    it("rejects admitting zero address", async function () {
      const { membership, byTimelock } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.admit(ZeroAddress))
        .to.be.revertedWithCustomError(membership, "CoopMembershipInvalidMember")
        .withArgs(ZeroAddress);
    });

    it("rejects admitting the timelock", async function () {
      const { membership, byTimelock, timelock } = await loadFixture(deployMembershipFixture);
      const timelockAddress = await timelock.getAddress();

      await expect(byTimelock.admit(timelockAddress))
        .to.be.revertedWithCustomError(membership, "CoopMembershipInvalidMember")
        .withArgs(timelockAddress);
    });

    it("excludes member by timelock", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);
      const excluded = founders[1].address;

      await expect(byTimelock.exclude(excluded, EXCLUSION_REASON))
        .to.emit(membership, "MemberExcluded")
        .withArgs(excluded, EXCLUSION_REASON);

      expect(await membership.isMember(excluded)).to.equal(false);
      expect(await membership.memberCount()).to.equal(FOUNDER_COUNT - 1);
      expect(await membership.getVotes(excluded)).to.equal(0n);
      await expect(membership.ownerOf(BigInt(excluded)))
        .to.be.revertedWithCustomError(membership, "ERC721NonexistentToken")
        .withArgs(BigInt(excluded));
    });

    it("excludes without reason CID", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.exclude(founders[1].address, "0x"))
        .to.emit(membership, "MemberExcluded")
        .withArgs(founders[1].address, "0x");
      expect(await membership.isMember(founders[1].address)).to.equal(false);
    });

    it("rejects invalid reason CID", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);
      const truncated = EXCLUSION_REASON.slice(0, -2);

      await expect(byTimelock.exclude(founders[1].address, truncated))
        .to.be.revertedWithCustomError(membership, "CidInvalid")
        .withArgs(truncated);
    });

    it("burns token on exclusion", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);
      const excluded = founders[1].address;

      await expect(byTimelock.exclude(excluded, EXCLUSION_REASON))
        .to.emit(membership, "Transfer")
        .withArgs(excluded, ZeroAddress, BigInt(excluded));
    });

    it("rejects excluding non-member", async function () {
      const { membership, byTimelock, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.exclude(outsiders[0].address, EXCLUSION_REASON))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(outsiders[0].address);
    });

    it("rejects excluding zero address", async function () {
      const { membership, byTimelock } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.exclude(ZeroAddress, EXCLUSION_REASON))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(ZeroAddress);
    });

    it("reports zero address as non-member", async function () {
      const { membership } = await loadFixture(deployMembershipFixture);

      expect(await membership.isMember(ZeroAddress)).to.equal(false);
    });

    it("lets member resign", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);
      const leaving = founders[2];

      await expect(membership.connect(leaving).resign())
        .to.emit(membership, "MemberResigned")
        .withArgs(leaving.address);

      expect(await membership.isMember(leaving.address)).to.equal(false);
      expect(await membership.memberCount()).to.equal(FOUNDER_COUNT - 1);
      expect(await membership.getVotes(leaving.address)).to.equal(0n);
    });

    it("lowers total supply on exit", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      await membership.connect(founders[2]).resign();
      const resignedAt = await time.latest();
      await time.increase(1);

      expect(await membership.getPastTotalSupply(resignedAt)).to.equal(BigInt(FOUNDER_COUNT - 1));
      expect(await membership.getPastTotalSupply(resignedAt - 1)).to.equal(BigInt(FOUNDER_COUNT));
    });

    it("keeps past votes after exit", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);
      const beforeExit = await time.latest();

      await membership.connect(founders[2]).resign();

      expect(await membership.getPastVotes(founders[2].address, beforeExit)).to.equal(1n);
    });

    it("rejects resign by non-member", async function () {
      const { membership, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(outsiders[0]).resign())
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(outsiders[0].address);
    });

    it("restores one vote after resignation", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);
      const returning = founders[3].address;

      await membership.connect(founders[3]).resign();
      await expect(byTimelock.admit(returning))
        .to.emit(membership, "MemberAdmitted")
        .withArgs(returning, BigInt(returning));

      expect(await membership.getVotes(returning)).to.equal(1n);
      expect(await membership.balanceOf(returning)).to.equal(1n);
      expect(await membership.memberCount()).to.equal(FOUNDER_COUNT);
    });

    it("restores one vote after exclusion", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);
      const returning = founders[3].address;

      await byTimelock.exclude(returning, EXCLUSION_REASON);
      await byTimelock.admit(returning);
      const readmittedAt = await time.latest();
      await time.increase(1);

      expect(await membership.getVotes(returning)).to.equal(1n);
      expect(await membership.getPastTotalSupply(readmittedAt)).to.equal(BigInt(FOUNDER_COUNT));
    });
  });

  describe("transfers", function () {
    /** Returns a founder and the id of their membership token. */
    async function founderToken(fixture: MembershipFixture): Promise<[HardhatEthersSigner, bigint]> {
      const founder = fixture.founders[0];
      return [founder, await fixture.membership.tokenIdOf(founder.address)];
    }

    it("rejects transferFrom by owner", async function () {
      const fixture = await loadFixture(deployMembershipFixture);
      const { membership, outsiders } = fixture;
      const [founder, tokenId] = await founderToken(fixture);

      await expect(membership.connect(founder).transferFrom(founder.address, outsiders[0].address, tokenId))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNonTransferable")
        .withArgs(tokenId);
    });

    it("rejects safeTransferFrom without data", async function () {
      const fixture = await loadFixture(deployMembershipFixture);
      const { membership, outsiders } = fixture;
      const [founder, tokenId] = await founderToken(fixture);

      await expect(
        membership
          .connect(founder)
          ["safeTransferFrom(address,address,uint256)"](founder.address, outsiders[0].address, tokenId),
      )
        .to.be.revertedWithCustomError(membership, "CoopMembershipNonTransferable")
        .withArgs(tokenId);
    });

    it("rejects safeTransferFrom with data", async function () {
      const fixture = await loadFixture(deployMembershipFixture);
      const { membership, outsiders } = fixture;
      const [founder, tokenId] = await founderToken(fixture);

      await expect(
        membership
          .connect(founder)
          ["safeTransferFrom(address,address,uint256,bytes)"](founder.address, outsiders[0].address, tokenId, "0x1234"),
      )
        .to.be.revertedWithCustomError(membership, "CoopMembershipNonTransferable")
        .withArgs(tokenId);
    });

    it("rejects transfer to another member", async function () {
      const fixture = await loadFixture(deployMembershipFixture);
      const { membership, founders } = fixture;
      const [founder, tokenId] = await founderToken(fixture);

      await expect(membership.connect(founder).transferFrom(founder.address, founders[1].address, tokenId))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNonTransferable")
        .withArgs(tokenId);
    });

    it("rejects transfer by outsider", async function () {
      const fixture = await loadFixture(deployMembershipFixture);
      const { membership, outsiders } = fixture;
      const [founder, tokenId] = await founderToken(fixture);

      await expect(membership.connect(outsiders[0]).transferFrom(founder.address, outsiders[0].address, tokenId))
        .to.be.revertedWithCustomError(membership, "ERC721InsufficientApproval")
        .withArgs(outsiders[0].address, tokenId);
    });

    it("rejects approve", async function () {
      const fixture = await loadFixture(deployMembershipFixture);
      const { membership, outsiders } = fixture;
      const [founder, tokenId] = await founderToken(fixture);

      await expect(membership.connect(founder).approve(outsiders[0].address, tokenId))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNonTransferable")
        .withArgs(tokenId);
    });

    it("rejects setApprovalForAll", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(founders[0]).setApprovalForAll(outsiders[0].address, true))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNonTransferable")
        .withArgs(0n);
    });

    it("keeps token with its owner", async function () {
      const fixture = await loadFixture(deployMembershipFixture);
      const { membership, outsiders } = fixture;
      const [founder, tokenId] = await founderToken(fixture);

      await expect(membership.connect(founder).transferFrom(founder.address, outsiders[0].address, tokenId)).to.be
        .reverted;

      expect(await membership.ownerOf(tokenId)).to.equal(founder.address);
      expect(await membership.getApproved(tokenId)).to.equal(ZeroAddress);
      expect(await membership.getVotes(founder.address)).to.equal(1n);
    });
  });

  describe("initializer", function () {
    it("rejects second initialize on proxy", async function () {
      const { membership, timelock, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(
        membership.initialize(
          "Takeover",
          "TKO",
          await timelock.getAddress(),
          outsiders[1].address,
          [outsiders[0].address],
          1n,
          0,
        ),
      ).to.be.revertedWithCustomError(membership, "InvalidInitialization");
    });

    it("rejects initialize on implementation", async function () {
      const { implementations, outsiders } = await loadFixture(deployMembershipFixture);
      const implementation = CoopMembership__factory.connect(implementations.membership, outsiders[0]);

      await expect(
        implementation.initialize(
          "Takeover",
          "TKO",
          outsiders[0].address,
          outsiders[1].address,
          [outsiders[0].address],
          1n,
          0,
        ),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    });

    it("rejects zero timelock", async function () {
      const { membership, implementations, deployer, founders, outsiders } = await loadFixture(deployMembershipFixture);
      const initData = membership.interface.encodeFunctionData("initialize", [
        "Test Cooperative",
        "TEST",
        ZeroAddress,
        outsiders[0].address,
        [founders[0].address],
        1n,
        0,
      ]);

      await expect(new CoopProxy__factory(deployer).deploy(implementations.membership, initData))
        .to.be.revertedWithCustomError(membership, "CoopMembershipZeroAddress")
        .withArgs("timelock");
    });

    it("rejects zero shares contract", async function () {
      const { membership, timelock, implementations, deployer, founders } = await loadFixture(deployMembershipFixture);
      const initData = membership.interface.encodeFunctionData("initialize", [
        "Test Cooperative",
        "TEST",
        await timelock.getAddress(),
        ZeroAddress,
        [founders[0].address],
        1n,
        0,
      ]);

      await expect(new CoopProxy__factory(deployer).deploy(implementations.membership, initData))
        .to.be.revertedWithCustomError(membership, "CoopMembershipZeroAddress")
        .withArgs("shares");
    });

    it("rejects shares contract as founder", async function () {
      const { membership, timelock, implementations, deployer, founders, outsiders } =
        await loadFixture(deployMembershipFixture);
      const sharesAddress = outsiders[0].address;
      const initData = membership.interface.encodeFunctionData("initialize", [
        "Test Cooperative",
        "TEST",
        await timelock.getAddress(),
        sharesAddress,
        [founders[0].address, sharesAddress],
        1n,
        0,
      ]);

      await expect(new CoopProxy__factory(deployer).deploy(implementations.membership, initData))
        .to.be.revertedWithCustomError(membership, "CoopMembershipInvalidMember")
        .withArgs(sharesAddress);
    });

    it("rejects founder listed twice", async function () {
      const { membership, timelock, implementations, deployer, founders, outsiders } =
        await loadFixture(deployMembershipFixture);
      const initData = membership.interface.encodeFunctionData("initialize", [
        "Test Cooperative",
        "TEST",
        await timelock.getAddress(),
        outsiders[0].address,
        [founders[0].address, founders[0].address],
        1n,
        0,
      ]);

      await expect(new CoopProxy__factory(deployer).deploy(implementations.membership, initData))
        .to.be.revertedWithCustomError(membership, "CoopMembershipAlreadyMember")
        .withArgs(founders[0].address);
    });
  });

  describe("upgrade authorization", function () {
    it("rejects upgrade by member", async function () {
      const { membership, implementations, founders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(founders[0]).upgradeToAndCall(implementations.membership, "0x"))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[0].address);
    });

    it("rejects upgrade by outsider", async function () {
      const { membership, implementations, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(outsiders[0]).upgradeToAndCall(implementations.membership, "0x"))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(outsiders[0].address);
    });

    it("rejects upgrade by deployer", async function () {
      const { membership, implementations, deployer } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(deployer).upgradeToAndCall(implementations.membership, "0x"))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(deployer.address);
    });

    it("rejects upgrade call on implementation", async function () {
      const { implementations, outsiders } = await loadFixture(deployMembershipFixture);
      const implementation = CoopMembership__factory.connect(implementations.membership, outsiders[0]);

      await expect(implementation.upgradeToAndCall(implementations.membership, "0x")).to.be.revertedWithCustomError(
        implementation,
        "UUPSUnauthorizedCallContext",
      );
    });

    it("lets timelock upgrade", async function () {
      const { membership, byTimelock, deployer } = await loadFixture(deployMembershipFixture);
      const release = await new CoopMembershipV2Mock__factory(deployer).deploy();
      const releaseAddress = await release.getAddress();

      await expect(byTimelock.upgradeToAndCall(releaseAddress, "0x"))
        .to.emit(membership, "Upgraded")
        .withArgs(releaseAddress);

      const upgraded = CoopMembershipV2Mock__factory.connect(await membership.getAddress(), deployer);
      expect(await upgraded.version()).to.equal("2");
    });
  });
});
