import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { parseEther, type TransactionResponse } from "ethers";

import { deployEthSharesFixture, priceOf, subscribe, type SharesFixture } from "../helpers/shares";

/**
 * Staking pools that paid rewards from a balance read at claim time let an attacker deposit a large
 * amount, claim and withdraw in one block, and take rewards earned by others. Here interest accrues
 * per share and per second from the moment a share exists, so capital that stays for no time earns
 * nothing, and a holder's later shares never reach back to time before they existed.
 */

/** Shares the attacker subscribes: ten times the capital of the honest holder. */
const ATTACK_SHARES = 100n;

/** Gas limit of each attack transaction, sent without estimation because the block is not mined yet. */
const GAS_LIMIT = 500_000n;

/** Deploys a cooperative with no notice period, no floor and no minimum, paying the maximum rate from a funded pot. */
async function deployAttackFixture(): Promise<SharesFixture & { rateSetAt: bigint }> {
  const fixture = await deployEthSharesFixture();
  const { shares, sharesByTimelock, founders } = fixture;
  await sharesByTimelock.setNoticePeriod(0);
  await sharesByTimelock.setCapitalFloor(0);
  await sharesByTimelock.setMinimumShares(0);
  await subscribe(shares, founders[0], 10n);
  await sharesByTimelock.setInterestRate(await shares.MAX_INTEREST_RATE_BPS());
  const rateSetAt = BigInt(await time.latest());
  await shares.connect(founders[4]).fundInterest(parseEther("1"), { value: parseEther("1") });
  await time.increase(30 * 86_400);
  return { ...fixture, rateSetAt };
}

/** Sends `sends` with automatic mining off, mines them in one block, and returns whether each succeeded. */
async function inOneBlock(sends: (() => Promise<TransactionResponse>)[]): Promise<boolean[]> {
  await network.provider.send("evm_setAutomine", [false]);
  const hashes: string[] = [];
  try {
    for (const send of sends) hashes.push((await send()).hash);
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
  await mine();
  const receipts = await Promise.all(hashes.map((hash) => ethers.provider.getTransactionReceipt(hash)));
  return receipts.map((receipt) => receipt?.status === 1);
}

describe("Flash subscription to capture interest", function () {
  it("earns nothing within one block", async function () {
    const { shares, founders } = await loadFixture(deployAttackFixture);
    const attacker = shares.connect(founders[3]);
    const price = await priceOf(shares, ATTACK_SHARES);
    const potBefore = await shares.interestPot();

    const outcomes = await inOneBlock([
      () => attacker.subscribe(ATTACK_SHARES, { value: price, gasLimit: GAS_LIMIT }),
      () => attacker.requestRedemption(ATTACK_SHARES, { gasLimit: GAS_LIMIT }),
      () => attacker.payDue(10n, { gasLimit: GAS_LIMIT }),
      () => attacker.claimInterest(founders[3].address, { gasLimit: GAS_LIMIT }),
    ]);

    expect(outcomes, "subscribe, request and payment succeed, the claim fails").to.deep.equal([
      true,
      true,
      true,
      false,
    ]);
    expect(await shares.sharesOf(founders[3].address)).to.equal(0n);
    expect(await shares.accruedInterestOf(founders[3].address)).to.equal(0n);
    expect(await shares.interestPot()).to.equal(potBefore);
  });

  it("rejects claim in subscription block", async function () {
    const { shares, founders } = await loadFixture(deployAttackFixture);
    await time.setNextBlockTimestamp((await time.latest()) + 1);
    await network.provider.send("evm_setAutomine", [false]);
    try {
      await shares.connect(founders[3]).subscribe(ATTACK_SHARES, {
        value: await priceOf(shares, ATTACK_SHARES),
        gasLimit: GAS_LIMIT,
      });
    } finally {
      await network.provider.send("evm_setAutomine", [true]);
    }

    // The claim is mined in the same block as the subscription.
    await expect(shares.connect(founders[3]).claimInterest(founders[3].address))
      .to.be.revertedWithCustomError(shares, "CoopSharesNoInterest")
      .withArgs(founders[3].address);
  });

  it("leaves honest holder's interest unchanged", async function () {
    const { shares, founders, rateSetAt } = await loadFixture(deployAttackFixture);
    const attacker = shares.connect(founders[3]);
    const price = await priceOf(shares, ATTACK_SHARES);

    await inOneBlock([
      () => attacker.subscribe(ATTACK_SHARES, { value: price, gasLimit: GAS_LIMIT }),
      () => attacker.requestRedemption(ATTACK_SHARES, { gasLimit: GAS_LIMIT }),
      () => attacker.payDue(10n, { gasLimit: GAS_LIMIT }),
    ]);

    // One share of 0.01 ETH at 6% a year earns 6 * 10^14 wei in 365 days, and the index scales it by 10^18.
    const elapsed = BigInt(await time.latest()) - rateSetAt;
    const growth = (6n * 10n ** 14n * 10n ** 18n * elapsed) / (365n * 86_400n);
    // The attack's block updated the index once more, and each update rounds down by less than one unit.
    expect(await shares.interestIndex()).to.be.closeTo(growth, 1n);
    expect(await shares.accruedInterestOf(founders[0].address)).to.equal((10n * growth) / 10n ** 18n);
  });
});
