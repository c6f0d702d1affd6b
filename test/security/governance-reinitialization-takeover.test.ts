import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { deployCooperativeWithFactory, predictCooperative } from "../../src/deploy/factory";
import { CoopGovernor__factory } from "../../typechain-types";
import { TEST_SALT, deployFactoryCoopFixture, deployFactoryFixture, testCoopParams } from "../helpers/factory";

/**
 * In Audius's governance, the proxy's own storage overlapped the implementation's "initialized"
 * flag, so an attacker called the initializers again, made himself the guardian with a short
 * voting period and passed a proposal that emptied the treasury. A cooperative made by our
 * factory is created and initialized in one transaction, every proxy keeps its state in ERC-7201
 * namespaces apart from the proxy's slots, and the shared implementations disable their
 * initializers. An attacker who races the deployment gets addresses of his own: the factory's
 * salt is bound to the account that sends it.
 */

/** Governor settings an attacker would like: a one-second vote and no quorum. */
const ATTACKER_SETTINGS = { votingDelay: 0, votingPeriod: 1, quorumNumerator: 0, lateQuorumExtension: 0 };

describe("Governance re-initialization takeover", function () {
  it("rejects initializing the governor again", async function () {
    const { created, outsiders } = await loadFixture(deployFactoryCoopFixture);
    const attacker = outsiders[0];
    const governor = CoopGovernor__factory.connect(created.addresses.governor, attacker);

    await expect(
      governor.initialize("Takeover", attacker.address, attacker.address, attacker.address, ATTACKER_SETTINGS),
    ).to.be.revertedWithCustomError(governor, "InvalidInitialization");
    expect(await governor.votingPeriod()).to.equal(await created.cooperative.governor.votingPeriod());
    expect(await governor.timelock()).to.equal(created.addresses.timelock);
  });

  it("rejects initializing the implementation", async function () {
    const { implementations, outsiders } = await loadFixture(deployFactoryFixture);
    const attacker = outsiders[0];
    const implementation = CoopGovernor__factory.connect(implementations.governor, attacker);

    await expect(
      implementation.initialize("Takeover", attacker.address, attacker.address, attacker.address, ATTACKER_SETTINGS),
    ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
  });

  it("gives a racing attacker other addresses", async function () {
    const { factory, deployer, founders, outsiders } = await loadFixture(deployFactoryFixture);
    const attacker = outsiders[0];
    const params = testCoopParams(founders);
    const expected = await predictCooperative(factory, deployer.address, TEST_SALT, params.settings.timelockDelay);

    // The attacker sends the same salt first, with himself as the only founder.
    const raced = await deployCooperativeWithFactory(factory, attacker, TEST_SALT, {
      ...params,
      founders: [attacker.address],
    });
    const created = await deployCooperativeWithFactory(factory, deployer, TEST_SALT, params);

    expect(raced.addresses.governor).to.not.equal(expected.governor);
    expect(created.addresses).to.deep.equal(expected);
    expect(await created.cooperative.membership.isMember(attacker.address)).to.equal(false);
  });

  it("leaves no proxy without code to initialize first", async function () {
    const { factory, deployer, founders } = await loadFixture(deployFactoryFixture);
    const params = testCoopParams(founders);
    const expected = await predictCooperative(factory, deployer.address, TEST_SALT, params.settings.timelockDelay);

    // Before the factory's one transaction, nothing exists at the addresses to be initialized.
    for (const address of Object.values(expected)) {
      expect(await ethers.provider.getCode(address)).to.equal("0x");
    }
  });
});
