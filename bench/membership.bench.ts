import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { DEFAULT_CAPITAL } from "../src/deploy/cooperative";
import { deployMembershipFixture, AdmissionPolicy } from "../test/helpers/membership";
import { GasRecorder } from "./gasRun";

/**
 * The gas of joining the five-member test cooperative, recorded in the `membership` section of
 * `bench/gas.json` (see {@link GasRecorder}). An admission is called by the timelock, as executing
 * an admission proposal calls it. Share capital is subscribed in ETH at the default nominal value
 * of 0.01 ether.
 */

const recorder = new GasRecorder("membership");
const measure = recorder.measure.bind(recorder);

describe("bench: membership", function () {
  it("measures admissions", async function () {
    const { membership, byTimelock, outsiders } = await loadFixture(deployMembershipFixture);

    await measure("admit (called by the timelock)", byTimelock.admit(outsiders[0].address));
    await measure("admit (called by the timelock, second newcomer)", byTimelock.admit(outsiders[1].address));
    expect(await membership.isMember(outsiders[1].address)).to.equal(true);
  });

  it("measures share subscriptions", async function () {
    const { shares, membership, byTimelock, founders, outsiders } = await loadFixture(deployMembershipFixture);
    const price = DEFAULT_CAPITAL.nominalValue;

    expect(await shares.totalShares()).to.equal(0n);
    await measure(
      "subscribe (member, 1 share, cooperative's first shares)",
      shares.connect(founders[0]).subscribe(1n, { value: price }),
    );
    await measure(
      "subscribe (member, 1 share, first shares)",
      shares.connect(founders[1]).subscribe(1n, { value: price }),
    );
    await measure("subscribe (member, 1 share, repeat)", shares.connect(founders[1]).subscribe(1n, { value: price }));

    // Under the Open policy with no probation, subscribing the minimum admits a newcomer.
    await byTimelock.setAdmissionPolicy(AdmissionPolicy.Open);
    await measure(
      "subscribe (newcomer, open admission, admits the subscriber)",
      shares.connect(outsiders[0]).subscribe(DEFAULT_CAPITAL.minimumShares, { value: price }),
    );
    expect(await membership.isMember(outsiders[0].address)).to.equal(true);
  });
});
