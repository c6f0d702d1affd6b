import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";

import { UNDER_COVERAGE } from "../helpers/coverage";
import { deployFeeRouterFixture, expectRouterAccounting, type FeeRouterFixture } from "../helpers/feeRouter";

/**
 * Properties of patronage refunds after any payments between members and non-members. The refunds
 * of a period match an independent model of the shares and never add up to more than the surplus.
 * What was claimed plus what was reclaimed after the window equals what was allocated.
 */

/** Members that take part: founders 0 to 3. Founder 4 stays out, so some members have no volume. */
const MEMBER_COUNT = 4;

/** Non-members that take part. */
const OUTSIDER_COUNT = 2;

/** Largest payment and largest surplus, in token units. Both fit the balances the fixture mints. */
const MAX_PAYMENT = 10n ** 9n;
const MAX_SURPLUS = 10n ** 12n;

/**
 * Random periods, and the seed that makes them repeatable. 50 runs of up to 12 payments took about
 * 5 s on a shared 2-core machine; a coverage run needs every line, not every case.
 */
const RUNS = UNDER_COVERAGE ? 3 : 50;
const SEED = 20_261_207;

interface Payment {
  payer: number;
  payee: number;
  amount: bigint;
}

interface PeriodCase {
  payments: Payment[];
  surplus: bigint;
  /** Whether each member, by index, claims before the deadline. */
  claims: boolean[];
}

const PARTY_COUNT = MEMBER_COUNT + OUTSIDER_COUNT;

const periodArbitrary: fc.Arbitrary<PeriodCase> = fc.record({
  payments: fc.array(
    fc.record({
      payer: fc.integer({ min: 0, max: PARTY_COUNT - 1 }),
      payee: fc.integer({ min: 0, max: PARTY_COUNT - 1 }),
      amount: fc.bigInt(1n, MAX_PAYMENT),
    }),
    { minLength: 1, maxLength: 12 },
  ),
  surplus: fc.oneof(fc.constantFrom(1n, 7n, MAX_SURPLUS), fc.bigInt(1n, MAX_SURPLUS)),
  claims: fc.array(fc.boolean(), { minLength: MEMBER_COUNT, maxLength: MEMBER_COUNT }),
});

/** The volume of each member, by index, as the router should count it: an independent model. */
function modelVolumes(payments: Payment[]): bigint[] {
  const volumes: bigint[] = new Array<bigint>(MEMBER_COUNT).fill(0n);
  for (const { payer, payee, amount } of payments) {
    if (payer === payee) continue;
    if (payer < MEMBER_COUNT) volumes[payer] += amount;
    if (payee < MEMBER_COUNT) volumes[payee] += amount;
  }
  return volumes;
}

/** Makes the payments of `period` in the fixture's plain token, then closes period 0. */
async function payAndClose(fixture: FeeRouterFixture, period: PeriodCase): Promise<void> {
  const { feeRouter, feeRouterByTimelock, founders, outsiders, token } = fixture;
  const parties = [...founders.slice(0, MEMBER_COUNT), ...outsiders.slice(0, OUTSIDER_COUNT)];
  const tokenAddress = await token.getAddress();
  for (const { payer, payee, amount } of period.payments) {
    await feeRouter.connect(parties[payer]).pay(parties[payee], tokenAddress, amount, "0x");
  }
  await feeRouterByTimelock.closePeriod();
}

describe("FeeRouter refund properties", function () {
  it("refunds never exceed surplus", async function () {
    await fc.assert(
      fc.asyncProperty(periodArbitrary, async (period) => {
        const fixture = await loadFixture(deployFeeRouterFixture);
        const { feeRouter, feeRouterByTimelock, founders, token, timelockSigner } = fixture;
        const tokenAddress = await token.getAddress();
        await payAndClose(fixture, period);

        const volumes = modelVolumes(period.payments);
        const total = volumes.reduce((sum, volume) => sum + volume, 0n);
        if (total === 0n) {
          await expect(feeRouterByTimelock.allocateSurplus(0, tokenAddress, period.surplus))
            .to.be.revertedWithCustomError(feeRouter, "FeeRouterNoPeriodVolume")
            .withArgs(0n, tokenAddress);
          return;
        }
        await token.mint(timelockSigner.address, period.surplus);
        await token.connect(timelockSigner).approve(await feeRouter.getAddress(), period.surplus);
        await feeRouterByTimelock.allocateSurplus(0, tokenAddress, period.surplus);
        expect((await feeRouter.periodInfo(0, tokenAddress)).totalVolume, "total volume").to.equal(total);

        let claimed = 0n;
        for (const [index, claims] of period.claims.entries()) {
          const expected = (period.surplus * volumes[index]) / total;
          expect(await feeRouter.refundOf(0, tokenAddress, founders[index]), `refund ${index}`).to.equal(expected);
          if (!claims || expected === 0n) continue;
          const before = await token.balanceOf(founders[index]);
          await feeRouter.connect(founders[index]).claimRefund(0, tokenAddress);
          const refund = (await token.balanceOf(founders[index])) - before;
          expect(refund, `claim ${index}`).to.equal(expected);
          claimed += refund;
          expect(claimed, "claims within surplus").to.be.at.most(period.surplus);
        }
        expect((await feeRouter.periodInfo(0, tokenAddress)).refunded, "refunded").to.equal(claimed);

        await time.increaseTo((await feeRouter.periodInfo(0, tokenAddress)).claimDeadline + 1n);
        const treasuryBefore = await token.balanceOf(timelockSigner);
        await feeRouter.reclaimSurplus(0, tokenAddress);
        const reclaimed = (await token.balanceOf(timelockSigner)) - treasuryBefore;
        expect(claimed + reclaimed, "claimed and reclaimed").to.equal(period.surplus);
        expect(await feeRouter.surplusHeld(tokenAddress), "held").to.equal(0n);
        await expectRouterAccounting(feeRouter, tokenAddress);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
