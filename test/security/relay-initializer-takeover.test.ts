import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { predictRelay } from "../../src/deploy/federation";
import { impersonate } from "../helpers/accounts";
import { FederationRelay__factory, type FederationRelay } from "../../typechain-types";
import {
  deployFederationFixture,
  deployMemberCooperative,
  type FederationFixture,
  type MemberCooperative,
} from "../helpers/federation";

/**
 * A relay is a clone of one shared implementation. If a clone were created in one transaction
 * and initialized in another, anyone watching the mempool could call `initialize` first and link
 * the relay to governors of their own. The federation would then admit a seat whose votes the
 * attacker's cooperative decides. The registry creates and initializes each clone in the same
 * transaction, and the implementation's constructor disables its initializer, so neither is
 * ever open.
 */

/** Cooperative C joins the federation; Mallory runs a cooperative of her own. */
interface TakeoverFixture extends FederationFixture {
  coopC: MemberCooperative;
  mallory: HardhatEthersSigner;
  malloryCoop: MemberCooperative;
}

async function deployTakeoverFixture(): Promise<TakeoverFixture> {
  const fixture = await deployFederationFixture();
  const [mallory, ...founders] = fixture.outsiders;
  const coopC = await deployMemberCooperative(
    fixture.deployer,
    fixture.implementations,
    "Coop C",
    founders.slice(0, 2),
  );
  const malloryCoop = await deployMemberCooperative(fixture.deployer, fixture.implementations, "Mallory Coop", [
    mallory,
  ]);
  return { ...fixture, coopC, mallory, malloryCoop };
}

/** Calls `initialize` on `relay` from `caller`, linking it to `coop` in the federation. */
async function initializeAs(
  relay: FederationRelay,
  caller: HardhatEthersSigner,
  coop: MemberCooperative,
  fixture: FederationFixture,
) {
  return relay
    .connect(caller)
    .initialize(
      coop.addresses.governor,
      coop.addresses.judgment,
      fixture.federation.addresses.governor,
      fixture.federation.addresses.judgment,
      await fixture.registry.getAddress(),
    );
}

describe("Relay initializer takeover", function () {
  it("creates and initializes in one transaction", async function () {
    const fixture = await loadFixture(deployTakeoverFixture);
    const { registry, coopC, federation } = fixture;
    const predicted = await predictRelay(registry, coopC.addresses, federation.addresses);
    const relay = FederationRelay__factory.connect(predicted, fixture.deployer);

    const creation = registry
      .connect(await impersonate(coopC.addresses.timelock))
      .createRelay(
        coopC.addresses.governor,
        coopC.addresses.judgment,
        federation.addresses.governor,
        federation.addresses.judgment,
      );
    // The initializer's own events come from the relay in the creating transaction.
    await expect(creation).to.emit(relay, "Initialized").withArgs(1n);
    await expect(creation).to.emit(relay, "CastWindowSet");
    await expect(creation).to.emit(registry, "RelayCreated");
    expect(await relay.cooperativeTimelock()).to.equal(coopC.addresses.timelock);
  });

  it("rejects a takeover of a new relay", async function () {
    const fixture = await loadFixture(deployTakeoverFixture);
    const { registry, coopC, federation, mallory, malloryCoop } = fixture;
    await registry
      .connect(await impersonate(coopC.addresses.timelock))
      .createRelay(
        coopC.addresses.governor,
        coopC.addresses.judgment,
        federation.addresses.governor,
        federation.addresses.judgment,
      );
    const relay = FederationRelay__factory.connect(
      await predictRelay(registry, coopC.addresses, federation.addresses),
      mallory,
    );

    await expect(initializeAs(relay, mallory, malloryCoop, fixture)).to.be.revertedWithCustomError(
      relay,
      "InvalidInitialization",
    );
    expect(await relay.cooperativeTimelock()).to.equal(coopC.addresses.timelock);
    expect(await relay.cooperativeMembership()).to.equal(coopC.addresses.membership);
  });

  it("rejects a takeover of a member's relay", async function () {
    const fixture = await loadFixture(deployTakeoverFixture);
    const { relayA, coopA, mallory, malloryCoop } = fixture;
    await expect(initializeAs(relayA, mallory, malloryCoop, fixture)).to.be.revertedWithCustomError(
      relayA,
      "InvalidInitialization",
    );
    expect(await relayA.cooperativeTimelock()).to.equal(coopA.addresses.timelock);
  });

  it("rejects a takeover of the implementation", async function () {
    const fixture = await loadFixture(deployTakeoverFixture);
    const { registry, mallory, malloryCoop } = fixture;
    const implementation = FederationRelay__factory.connect(await registry.RELAY_IMPLEMENTATION(), mallory);
    await expect(initializeAs(implementation, mallory, malloryCoop, fixture)).to.be.revertedWithCustomError(
      implementation,
      "InvalidInitialization",
    );
  });

  it("rejects a seat created by an outsider", async function () {
    const fixture = await loadFixture(deployTakeoverFixture);
    const { registry, coopC, federation, mallory } = fixture;

    await expect(
      registry
        .connect(mallory)
        .createRelay(
          coopC.addresses.governor,
          coopC.addresses.judgment,
          federation.addresses.governor,
          federation.addresses.judgment,
        ),
    )
      .to.be.revertedWithCustomError(registry, "RegistryUnauthorized")
      .withArgs(mallory.address, coopC.addresses.timelock);
  });

  it("gives the attacker's governors a seat of their own", async function () {
    const fixture = await loadFixture(deployTakeoverFixture);
    const { registry, coopC, federation, malloryCoop } = fixture;
    // Mallory can only create the relay of her own cooperative, by its timelock: another address, not a member.
    await registry
      .connect(await impersonate(malloryCoop.addresses.timelock))
      .createRelay(
        malloryCoop.addresses.governor,
        malloryCoop.addresses.judgment,
        federation.addresses.governor,
        federation.addresses.judgment,
      );
    const malloryRelay = await predictRelay(registry, malloryCoop.addresses, federation.addresses);
    expect(malloryRelay).to.not.equal(await predictRelay(registry, coopC.addresses, federation.addresses));
    expect(await federation.membership.isMember(malloryRelay)).to.equal(false);
  });
});
