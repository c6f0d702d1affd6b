import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { parseEther } from "ethers";

import { DEFAULT_CAPITAL } from "../../src/deploy/cooperative";
import {
  TOKEN_NOMINAL_VALUE,
  deployEthSharesFixture,
  deployFeeTokenSharesFixture,
  deployTokenSharesFixture,
  subscribe,
  type SharesFixture,
} from "../helpers/shares";

const NOMINAL = DEFAULT_CAPITAL.nominalValue;
const NOTICE = BigInt(DEFAULT_CAPITAL.noticePeriod);
const DAY = 86_400n;
const YEAR = 365n * DAY;
const SCALE = 10n ** 18n;
const BPS = 10_000n;

/** Five percent a year, in basis points. */
const RATE = 500n;

/** Returns how much the interest index grows over `seconds` at `rateBps` for shares of `nominal`, rounded down. */
function indexGrowth(rateBps: bigint, seconds: bigint, nominal = NOMINAL): bigint {
  return (nominal * rateBps * seconds * SCALE) / (BPS * YEAR);
}

/** Returns the interest of `shares` shares over an index growth of `growth`, rounded down. */
function interestOf(shares: bigint, growth: bigint): bigint {
  return (shares * growth) / SCALE;
}

/** ETH cooperative where founder 0 holds 10 shares, and the time when the rate was set to {@link RATE}. */
async function deployInterestFixture(): Promise<SharesFixture & { start: bigint }> {
  const fixture = await deployEthSharesFixture();
  await subscribe(fixture.shares, fixture.founders[0], 10n);
  await fixture.sharesByTimelock.setInterestRate(RATE);
  return { ...fixture, start: BigInt(await time.latest()) };
}

/** Mines an empty block at `timestamp`, so that views return values at that time. */
async function mineAt(timestamp: bigint): Promise<void> {
  await time.increaseTo(timestamp);
}

describe("CoopShares interest", function () {
  describe("setInterestRate", function () {
    it("sets rate", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployInterestFixture);

      await expect(sharesByTimelock.setInterestRate(300)).to.emit(shares, "InterestRateSet").withArgs(300);

      expect(await shares.interestRateBps()).to.equal(300n);
    });

    it("accepts maximum rate", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployInterestFixture);

      await sharesByTimelock.setInterestRate(await shares.MAX_INTEREST_RATE_BPS());

      expect(await shares.interestRateBps()).to.equal(600n);
    });

    it("rejects rate above maximum", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployInterestFixture);

      await expect(sharesByTimelock.setInterestRate(601))
        .to.be.revertedWithCustomError(shares, "CoopSharesInvalidInterestRate")
        .withArgs(601, 600);
    });

    it("rejects caller other than timelock", async function () {
      const { shares, founders } = await loadFixture(deployInterestFixture);

      await expect(shares.connect(founders[0]).setInterestRate(100))
        .to.be.revertedWithCustomError(shares, "CoopSharesUnauthorized")
        .withArgs(founders[0].address);
    });
  });

  describe("accrual", function () {
    it("accrues one year exactly", async function () {
      const { shares, founders, start } = await loadFixture(deployInterestFixture);

      await mineAt(start + YEAR);

      // 10 shares of 0.01 ETH at 5% a year.
      expect(await shares.accruedInterestOf(founders[0].address)).to.equal(parseEther("0.005"));
    });

    it("accrues nothing at zero rate", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deployInterestFixture);
      await sharesByTimelock.setInterestRate(0);
      const accrued = await shares.accruedInterestOf(founders[0].address);

      await time.increase(YEAR);

      expect(await shares.accruedInterestOf(founders[0].address)).to.equal(accrued);
    });

    it("accrues piecewise across rate change", async function () {
      const { shares, sharesByTimelock, founders, start } = await loadFixture(deployInterestFixture);
      await time.setNextBlockTimestamp(start + 100n * DAY);
      await sharesByTimelock.setInterestRate(300);

      await mineAt(start + 300n * DAY);

      const growth = indexGrowth(RATE, 100n * DAY) + indexGrowth(300n, 200n * DAY);
      expect(await shares.interestIndex()).to.equal(growth);
      expect(await shares.accruedInterestOf(founders[0].address)).to.equal(interestOf(10n, growth));
    });

    it("starts rate at its vote", async function () {
      const fixture = await loadFixture(deployEthSharesFixture);
      const { shares, sharesByTimelock, founders } = fixture;
      await subscribe(shares, founders[0], 10n);
      await time.increase(YEAR);
      await sharesByTimelock.setInterestRate(RATE);
      const voted = BigInt(await time.latest());

      await mineAt(voted + YEAR);

      expect(await shares.accruedInterestOf(founders[0].address)).to.equal(parseEther("0.005"));
    });

    it("pays late subscriber only from subscription", async function () {
      const { shares, founders, start } = await loadFixture(deployInterestFixture);
      await time.setNextBlockTimestamp(start + YEAR / 2n);
      await subscribe(shares, founders[1], 10n);

      await mineAt(start + YEAR);

      expect(await shares.accruedInterestOf(founders[0].address)).to.equal(parseEther("0.005"));
      expect(await shares.accruedInterestOf(founders[1].address)).to.equal(
        interestOf(10n, indexGrowth(RATE, YEAR / 2n)),
      );
    });

    it("counts shares added later", async function () {
      const { shares, founders, start } = await loadFixture(deployInterestFixture);
      await time.setNextBlockTimestamp(start + YEAR / 2n);
      await subscribe(shares, founders[0], 10n);

      await mineAt(start + YEAR);

      const firstHalf = interestOf(10n, indexGrowth(RATE, YEAR / 2n));
      const secondHalf = interestOf(20n, indexGrowth(RATE, YEAR) - indexGrowth(RATE, YEAR / 2n));
      expect(await shares.accruedInterestOf(founders[0].address)).to.equal(firstHalf + secondHalf);
    });

    it("earns on pending shares until paid", async function () {
      const { shares, founders, start } = await loadFixture(deployInterestFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      const paidAt = start + NOTICE + 10n;
      await time.setNextBlockTimestamp(paidAt);
      await shares.payDue(10n);

      await mineAt(start + YEAR);

      const beforePayment = interestOf(10n, indexGrowth(RATE, NOTICE + 10n));
      const afterPayment = interestOf(6n, indexGrowth(RATE, YEAR) - indexGrowth(RATE, NOTICE + 10n));
      expect(await shares.accruedInterestOf(founders[0].address)).to.equal(beforePayment + afterPayment);
    });

    it("splits accrual at share transfer", async function () {
      const { shares, sharesByTimelock, founders, start } = await loadFixture(deployInterestFixture);
      await time.setNextBlockTimestamp(start + 100n * DAY);
      await sharesByTimelock.transferShares(founders[0].address, founders[1].address, 4n);

      await mineAt(start + YEAR);

      const growthBefore = indexGrowth(RATE, 100n * DAY);
      const growthAfter = indexGrowth(RATE, YEAR) - growthBefore;
      expect(await shares.accruedInterestOf(founders[0].address)).to.equal(
        interestOf(10n, growthBefore) + interestOf(6n, growthAfter),
      );
      expect(await shares.accruedInterestOf(founders[1].address)).to.equal(interestOf(4n, growthAfter));
    });
  });

  describe("fundInterest", function () {
    it("adds ETH to pot", async function () {
      const { shares, founders } = await loadFixture(deployInterestFixture);
      const amount = parseEther("1");

      await expect(shares.connect(founders[3]).fundInterest(amount, { value: amount }))
        .to.emit(shares, "InterestFunded")
        .withArgs(founders[3].address, amount);

      expect(await shares.interestPot()).to.equal(amount);
    });

    it("keeps pot out of capital", async function () {
      const { shares, founders } = await loadFixture(deployInterestFixture);
      const heldBefore = await shares.heldCapital();

      await shares.connect(founders[3]).fundInterest(1n, { value: 1n });

      expect(await shares.heldCapital()).to.equal(heldBefore);
      expect(await shares.capital()).to.equal(10n * NOMINAL);
    });

    it("rejects ETH mismatch", async function () {
      const { shares, founders } = await loadFixture(deployInterestFixture);

      await expect(shares.connect(founders[3]).fundInterest(2n, { value: 1n }))
        .to.be.revertedWithCustomError(shares, "CoopSharesPaymentMismatch")
        .withArgs(2n, 1n);
    });

    it("rejects zero amount", async function () {
      const { shares, founders } = await loadFixture(deployInterestFixture);

      await expect(shares.connect(founders[3]).fundInterest(0n)).to.be.revertedWithCustomError(
        shares,
        "CoopSharesZeroAmount",
      );
    });

    it("adds tokens to pot", async function () {
      const { shares, token, founders } = await loadFixture(deployTokenSharesFixture);

      await expect(shares.connect(founders[0]).fundInterest(TOKEN_NOMINAL_VALUE)).to.changeTokenBalances(
        token,
        [founders[0], shares],
        [-TOKEN_NOMINAL_VALUE, TOKEN_NOMINAL_VALUE],
      );
      expect(await shares.interestPot()).to.equal(TOKEN_NOMINAL_VALUE);
    });

    it("counts tokens received", async function () {
      const { shares, founders } = await loadFixture(deployFeeTokenSharesFixture);

      await shares.connect(founders[0]).fundInterest(TOKEN_NOMINAL_VALUE);

      expect(await shares.interestPot()).to.equal((TOKEN_NOMINAL_VALUE * 99n) / 100n);
    });

    it("rejects tokens that all burn", async function () {
      const { shares, token, founders } = await loadFixture(deployFeeTokenSharesFixture);
      await token.setFeeBps(10_000);

      await expect(shares.connect(founders[0]).fundInterest(TOKEN_NOMINAL_VALUE)).to.be.revertedWithCustomError(
        shares,
        "CoopSharesZeroAmount",
      );
    });

    it("rejects ETH in token cooperative", async function () {
      const { shares, founders } = await loadFixture(deployTokenSharesFixture);

      await expect(shares.connect(founders[0]).fundInterest(1n, { value: 1n }))
        .to.be.revertedWithCustomError(shares, "CoopSharesUnexpectedEther")
        .withArgs(1n);
    });
  });

  describe("claimInterest", function () {
    it("sends interest owed", async function () {
      const { shares, founders, start } = await loadFixture(deployInterestFixture);
      await shares.connect(founders[3]).fundInterest(parseEther("1"), { value: parseEther("1") });
      await time.setNextBlockTimestamp(start + YEAR);
      const interest = parseEther("0.005");

      const tx = shares.connect(founders[0]).claimInterest(founders[4].address);

      await expect(tx).to.emit(shares, "InterestClaimed").withArgs(founders[0].address, founders[4].address, interest);
      await expect(tx).to.changeEtherBalances([founders[4], shares], [interest, -interest]);
    });

    it("empties interest owed", async function () {
      const { shares, founders, start } = await loadFixture(deployInterestFixture);
      await shares.connect(founders[3]).fundInterest(parseEther("1"), { value: parseEther("1") });
      await time.setNextBlockTimestamp(start + YEAR);

      await shares.connect(founders[0]).claimInterest(founders[0].address);

      expect(await shares.accruedInterestOf(founders[0].address)).to.equal(0n);
      expect(await shares.interestPot()).to.equal(parseEther("0.995"));
    });

    it("pays interest after redemption", async function () {
      const { shares, founders, start } = await loadFixture(deployInterestFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      const paidAfter = NOTICE + 10n;
      await time.setNextBlockTimestamp(start + paidAfter);
      await expect(shares.payDue(10n)).to.emit(shares, "RedemptionPaid");
      await shares.connect(founders[3]).fundInterest(parseEther("1"), { value: parseEther("1") });
      await time.setNextBlockTimestamp(start + paidAfter + DAY);

      const beforePayment = interestOf(10n, indexGrowth(RATE, paidAfter));
      const afterPayment = interestOf(6n, indexGrowth(RATE, paidAfter + DAY) - indexGrowth(RATE, paidAfter));
      await expect(shares.connect(founders[0]).claimInterest(founders[0].address))
        .to.emit(shares, "InterestClaimed")
        .withArgs(founders[0].address, founders[0].address, beforePayment + afterPayment);
    });

    it("rejects claim beyond pot", async function () {
      const { shares, founders, start } = await loadFixture(deployInterestFixture);
      await shares.connect(founders[3]).fundInterest(1000n, { value: 1000n });
      await time.setNextBlockTimestamp(start + YEAR);

      await expect(shares.connect(founders[0]).claimInterest(founders[0].address))
        .to.be.revertedWithCustomError(shares, "CoopSharesInsufficientInterestPot")
        .withArgs(parseEther("0.005"), 1000n);
    });

    it("keeps interest after short pot", async function () {
      const { shares, founders, start } = await loadFixture(deployInterestFixture);
      await shares.connect(founders[3]).fundInterest(1000n, { value: 1000n });
      await time.setNextBlockTimestamp(start + YEAR);
      await expect(shares.connect(founders[0]).claimInterest(founders[0].address)).to.be.reverted;
      await shares.connect(founders[3]).fundInterest(parseEther("1"), { value: parseEther("1") });
      await time.setNextBlockTimestamp(start + 2n * YEAR);

      await expect(shares.connect(founders[0]).claimInterest(founders[0].address))
        .to.emit(shares, "InterestClaimed")
        .withArgs(founders[0].address, founders[0].address, parseEther("0.01"));
    });

    it("never pays from capital", async function () {
      const { shares, founders, start } = await loadFixture(deployInterestFixture);
      await time.setNextBlockTimestamp(start + YEAR);

      await expect(shares.connect(founders[0]).claimInterest(founders[0].address))
        .to.be.revertedWithCustomError(shares, "CoopSharesInsufficientInterestPot")
        .withArgs(parseEther("0.005"), 0n);
    });

    it("rejects holder owed nothing", async function () {
      const { shares, founders } = await loadFixture(deployInterestFixture);

      await expect(shares.connect(founders[1]).claimInterest(founders[1].address))
        .to.be.revertedWithCustomError(shares, "CoopSharesNoInterest")
        .withArgs(founders[1].address);
    });

    it("rejects zero recipient", async function () {
      const { shares, founders } = await loadFixture(deployInterestFixture);

      await expect(shares.connect(founders[0]).claimInterest("0x" + "00".repeat(20)))
        .to.be.revertedWithCustomError(shares, "CoopSharesZeroAddress")
        .withArgs("to");
    });

    it("pays in token", async function () {
      const { shares, sharesByTimelock, token, founders } = await loadFixture(deployTokenSharesFixture);
      await shares.connect(founders[0]).subscribe(10n);
      await sharesByTimelock.setInterestRate(RATE);
      const start = BigInt(await time.latest());
      await shares.connect(founders[1]).fundInterest(TOKEN_NOMINAL_VALUE);
      await time.setNextBlockTimestamp(start + YEAR);
      const interest = (10n * TOKEN_NOMINAL_VALUE * RATE) / BPS;

      await expect(shares.connect(founders[0]).claimInterest(founders[0].address)).to.changeTokenBalances(
        token,
        [founders[0], shares],
        [interest, -interest],
      );
    });
  });
});
