import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { DEFAULT_CAPITAL } from "../../src/deploy/cooperative";
import { EtherReceiverMock__factory } from "../../typechain-types";
import { impersonate } from "../helpers/accounts";
import { UNDER_COVERAGE } from "../helpers/coverage";
import { AdmissionPolicy, deployEthSharesFixture, labelledAddress, type SharesFixture } from "../helpers/shares";

/**
 * A contract had to clear arrays of all past creditors in one transaction to pay out. Once they
 * grew, the call no longer fitted in a block and the funds stayed locked. Here redemptions wait in
 * a queue that `payDue(maxCount)` pays in pages. Each call visits at most `maxCount` requests,
 * paid or cancelled, so its gas stays bounded however long the queue grows.
 */

const REQUEST_COUNT = 2_000;
const HOLDER_COUNT = 100;
const PAGE = 50n;

/**
 * Gas bound of one `payDue(50)` call to accounts that accept ETH. Fifty payments to 50 distinct
 * cold accounts used at most 1.29 million gas on the Hardhat network (solc 0.8.28, 200 optimizer
 * runs), so the bound leaves about 50% for changes before the test fails.
 */
const PAY_DUE_GAS_BOUND = 2_000_000n;

/** A cooperative whose 100 members have queued 2,000 redemption requests of one share, in turn. */
interface QueueFixture extends SharesFixture {
  holders: HardhatEthersSigner[];
}

async function deployQueueFixture(): Promise<QueueFixture> {
  const fixture = await deployEthSharesFixture();
  const { shares, membershipByTimelock } = fixture;
  await membershipByTimelock.setAdmissionPolicy(AdmissionPolicy.Open);
  await membershipByTimelock.setProbationPeriod(0);
  // No floor, so that the whole queue can be paid.
  await fixture.sharesByTimelock.setCapitalFloor(0);

  const requestsPerHolder = REQUEST_COUNT / HOLDER_COUNT;
  const subscription = BigInt(requestsPerHolder) + DEFAULT_CAPITAL.minimumShares;
  const holders: HardhatEthersSigner[] = [];
  for (let i = 0; i < HOLDER_COUNT; i++) {
    const holder = await impersonate(labelledAddress(`queue holder ${i}`));
    await shares.connect(holder).subscribe(subscription, { value: subscription * DEFAULT_CAPITAL.nominalValue });
    holders.push(holder);
  }

  // Requests alternate between holders, so each page of 50 pays 50 different accounts.
  for (let round = 0; round < requestsPerHolder; round++) {
    for (const holder of holders) await shares.connect(holder).requestRedemption(1n);
  }
  await time.increase(DEFAULT_CAPITAL.noticePeriod);
  return { ...fixture, holders };
}

describe("Redemption queue exceeding block gas", function () {
  this.timeout(300_000);

  it("queues 2,000 requests", async function () {
    const { shares } = await loadFixture(deployQueueFixture);

    expect(await shares.queueBounds()).to.deep.equal([0n, BigInt(REQUEST_COUNT)]);
  });

  it("pays every page within bound", async function () {
    const { shares, holders } = await loadFixture(deployQueueFixture);
    const gasUsed: bigint[] = [];

    for (let page = 0n; page * PAGE < BigInt(REQUEST_COUNT); page++) {
      const receipt = await (await shares.payDue(PAGE)).wait();
      gasUsed.push(receipt!.gasUsed);
    }

    for (const [page, gas] of gasUsed.entries()) expect(gas, `page ${page}`).to.be.lessThan(PAY_DUE_GAS_BOUND);
    expect(await shares.queueBounds()).to.deep.equal([BigInt(REQUEST_COUNT), BigInt(REQUEST_COUNT)]);
    expect(await shares.totalPendingShares()).to.equal(0n);
    for (const holder of holders) {
      expect(await shares.sharesOf(holder.address), holder.address).to.equal(DEFAULT_CAPITAL.minimumShares);
    }
  });

  it("skips cancelled requests within bound", async function () {
    const { shares, holders } = await loadFixture(deployQueueFixture);
    // Cancel the first 500 requests: the first five rounds of every holder.
    for (let id = 0n; id < 500n; id++) {
      const holder = holders[Number(id) % HOLDER_COUNT];
      await shares.connect(holder).cancelRedemption(id);
    }

    const receipt = await (await shares.payDue(PAGE)).wait();

    expect(receipt!.gasUsed).to.be.lessThan(PAY_DUE_GAS_BOUND);
    expect(await shares.queueBounds()).to.deep.equal([PAGE, BigInt(REQUEST_COUNT)]);
  });

  it("bounds page of gas-burning receivers", async function () {
    const { shares, sharesByTimelock, membershipByTimelock, deployer } = await loadFixture(deployEthSharesFixture);
    await sharesByTimelock.setCapitalFloor(0);
    const sharesAddress = await shares.getAddress();
    const subscribe = shares.interface.encodeFunctionData("subscribe", [2n]);
    const request = shares.interface.encodeFunctionData("requestRedemption", [1n]);
    for (let i = 0n; i < PAGE; i++) {
      const receiver = await new EtherReceiverMock__factory(deployer).deploy();
      await receiver.setMode(2); // ConsumeGas
      await membershipByTimelock.admit(await receiver.getAddress());
      await receiver.execute(sharesAddress, subscribe, { value: 2n * DEFAULT_CAPITAL.nominalValue });
      await receiver.execute(sharesAddress, request);
    }
    await time.increase(DEFAULT_CAPITAL.noticePeriod);

    const receipt = await (await shares.payDue(PAGE)).wait();

    // Each payment forwards at most ETHER_PAYMENT_GAS and needs MIN_GAS_PER_PAYMENT left before it.
    expect(receipt!.gasUsed).to.be.lessThan(PAGE * (await shares.MIN_GAS_PER_PAYMENT()));
    expect(await shares.totalCredited()).to.equal(PAGE * DEFAULT_CAPITAL.nominalValue);
  });

  it("keeps estimate within block gas", async function () {
    const { shares } = await loadFixture(deployQueueFixture);

    const estimate = await shares.payDue.estimateGas(PAGE);
    const block = await ethers.provider.getBlock("latest");

    // Instrumented contracts use more gas, so the bound applies only to the compiled ones.
    if (!UNDER_COVERAGE) expect(estimate).to.be.lessThan(PAY_DUE_GAS_BOUND);
    expect(estimate).to.be.lessThan(block!.gasLimit / 10n);
  });
});
