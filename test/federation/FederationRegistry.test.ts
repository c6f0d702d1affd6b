import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { predictRelay } from "../../src/deploy/federation";
import { impersonate } from "../helpers/accounts";
import { FederationRegistry__factory, FederationRelay__factory } from "../../typechain-types";
import { cidV1Sha256 } from "../helpers/cid";
import { deployFederationFixture, deployMemberCooperative } from "../helpers/federation";

/** The federation fixture and a third cooperative whose relay in the federation does not exist yet. */
async function deployRegistryFixture() {
  const fixture = await deployFederationFixture();
  const coopC = await deployMemberCooperative(
    fixture.deployer,
    fixture.implementations,
    "Coop C",
    fixture.outsiders.slice(0, 2),
  );
  return { ...fixture, coopC, outsiders: fixture.outsiders.slice(2) };
}

describe("FederationRegistry", function () {
  describe("constructor", function () {
    it("rejects an implementation without code", async function () {
      const [deployer, stranger] = await ethers.getSigners();
      const factory = new FederationRegistry__factory(deployer);
      await expect(factory.deploy(stranger.address))
        .to.be.revertedWithCustomError(factory, "RegistryInvalidImplementation")
        .withArgs(stranger.address);
    });

    it("stores the implementation", async function () {
      const { registry, relayA } = await loadFixture(deployFederationFixture);
      const implementation = await registry.RELAY_IMPLEMENTATION();
      expect(await ethers.provider.getCode(implementation)).to.not.equal("0x");
      expect(await registry.isRelay(implementation)).to.equal(false);
      expect(await registry.isRelay(relayA)).to.equal(true);
    });
  });

  describe("createRelay", function () {
    it("creates the relay at its predicted address", async function () {
      const { registry, coopC, federation, deployer } = await loadFixture(deployRegistryFixture);
      const predicted = await predictRelay(registry, coopC.addresses, federation.addresses);
      expect(await ethers.provider.getCode(predicted)).to.equal("0x");
      expect(await registry.isRelay(predicted)).to.equal(false);

      const timelock = await impersonate(coopC.addresses.timelock);

      await expect(
        registry
          .connect(timelock)
          .createRelay(
            coopC.addresses.governor,
            coopC.addresses.judgment,
            federation.addresses.governor,
            federation.addresses.judgment,
          ),
      )
        .to.emit(registry, "RelayCreated")
        .withArgs(predicted, coopC.addresses.timelock, federation.addresses.timelock);
      expect(await registry.isRelay(predicted)).to.equal(true);

      const relay = FederationRelay__factory.connect(predicted, deployer);
      expect(await relay.cooperativeTimelock()).to.equal(coopC.addresses.timelock);
      expect(await relay.federationTimelock()).to.equal(federation.addresses.timelock);
    });

    it("rejects another caller", async function () {
      const { registry, coopC, federation, outsiders } = await loadFixture(deployRegistryFixture);
      const predicted = await predictRelay(registry, coopC.addresses, federation.addresses);

      await expect(
        registry
          .connect(outsiders[0])
          .createRelay(
            coopC.addresses.governor,
            coopC.addresses.judgment,
            federation.addresses.governor,
            federation.addresses.judgment,
          ),
      )
        .to.be.revertedWithCustomError(registry, "RegistryUnauthorized")
        .withArgs(outsiders[0].address, coopC.addresses.timelock);
      expect(await registry.isRelay(predicted)).to.equal(false);
    });

    it("rejects a second creation", async function () {
      const { registry, relayA, coopA, federation } = await loadFixture(deployFederationFixture);
      await expect(
        registry.createRelay(
          coopA.addresses.governor,
          coopA.addresses.judgment,
          federation.addresses.governor,
          federation.addresses.judgment,
        ),
      )
        .to.be.revertedWithCustomError(registry, "RegistryRelayExists")
        .withArgs(await relayA.getAddress());
    });
  });

  describe("publishRecommendation", function () {
    it("emits RecommendationPublished from the caller", async function () {
      const { registry, federation } = await loadFixture(deployFederationFixture);
      const cid = cidV1Sha256("Recommendation: adopt the shared ethics charter");
      await expect(registry.connect(federation.timelockSigner).publishRecommendation(cid))
        .to.emit(registry, "RecommendationPublished")
        .withArgs(federation.addresses.timelock, cid);
    });

    it("rejects an invalid CID", async function () {
      const { registry, outsiders } = await loadFixture(deployFederationFixture);
      // A CIDv1 whose multihash announces a 32-byte digest but carries 31 bytes.
      const truncated = cidV1Sha256("Recommendation").slice(0, -2);
      await expect(registry.connect(outsiders[0]).publishRecommendation(truncated))
        .to.be.revertedWithCustomError(registry, "CidInvalid")
        .withArgs(truncated);
    });
  });
});
