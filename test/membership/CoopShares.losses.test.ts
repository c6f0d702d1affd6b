import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { DEFAULT_CAPITAL } from "../../src/deploy/cooperative";
import { deployEthSharesFixture, expectAccounting, subscribe, type SharesFixture } from "../helpers/shares";

const NOMINAL = DEFAULT_CAPITAL.nominalValue;
const NOTICE = DEFAULT_CAPITAL.noticePeriod;

/** Capital of the fixture: three founders with 10 shares each. */
const CAPITAL = 30n * NOMINAL;

/** Losses of a fifth of the capital, so a share is redeemed at 80% of its nominal value. */
const FIFTH = CAPITAL / 5n;

/** Deploys an ETH cooperative where founders 0 to 2 hold 10 shares each, with no capital floor. */
async function deployLossesFixture(): Promise<SharesFixture> {
  const fixture = await deployEthSharesFixture();
  for (const founder of fixture.founders.slice(0, 3)) await subscribe(fixture.shares, founder, 10n);
  await fixture.sharesByTimelock.setCapitalFloor(0);
  return fixture;
}

/** Returns the addresses of the fixture's three holders, for {@link expectAccounting}. */
function holdersOf(fixture: SharesFixture): string[] {
  return fixture.founders.slice(0, 3).map((founder) => founder.address);
}

describe("CoopShares losses", function () {
  describe("recordLosses", function () {
    it("records losses", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployLossesFixture);

      await expect(sharesByTimelock.recordLosses(FIFTH)).to.emit(shares, "LossesRecorded").withArgs(FIFTH, FIFTH);

      expect(await shares.recordedLosses()).to.equal(FIFTH);
    });

    it("adds losses up", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployLossesFixture);
      await sharesByTimelock.recordLosses(FIFTH);

      await expect(sharesByTimelock.recordLosses(FIFTH))
        .to.emit(shares, "LossesRecorded")
        .withArgs(FIFTH, 2n * FIFTH);
    });

    it("reduces redemption value", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployLossesFixture);

      await sharesByTimelock.recordLosses(FIFTH);

      expect(await shares.redemptionValue()).to.equal((NOMINAL * 4n) / 5n);
    });

    it("keeps nominal value without losses", async function () {
      const { shares } = await loadFixture(deployLossesFixture);

      expect(await shares.redemptionValue()).to.equal(NOMINAL);
    });

    it("accepts losses equal to capital", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployLossesFixture);

      await sharesByTimelock.recordLosses(CAPITAL);

      expect(await shares.redemptionValue()).to.equal(0n);
    });

    it("rejects losses above capital", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployLossesFixture);
      await sharesByTimelock.recordLosses(FIFTH);

      await expect(sharesByTimelock.recordLosses(CAPITAL))
        .to.be.revertedWithCustomError(shares, "CoopSharesLossesExceedCapital")
        .withArgs(CAPITAL + FIFTH, CAPITAL);
    });

    it("rejects zero losses", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployLossesFixture);

      await expect(sharesByTimelock.recordLosses(0n)).to.be.revertedWithCustomError(shares, "CoopSharesZeroAmount");
    });

    it("rejects caller other than timelock", async function () {
      const { shares, founders } = await loadFixture(deployLossesFixture);

      await expect(shares.connect(founders[0]).recordLosses(FIFTH))
        .to.be.revertedWithCustomError(shares, "CoopSharesUnauthorized")
        .withArgs(founders[0].address);
    });
  });

  describe("recordRecovery", function () {
    it("reduces losses", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployLossesFixture);
      await sharesByTimelock.recordLosses(2n * FIFTH);

      await expect(sharesByTimelock.recordRecovery(FIFTH)).to.emit(shares, "RecoveryRecorded").withArgs(FIFTH, FIFTH);

      expect(await shares.redemptionValue()).to.equal((NOMINAL * 4n) / 5n);
    });

    it("restores nominal value", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployLossesFixture);
      await sharesByTimelock.recordLosses(FIFTH);

      await sharesByTimelock.recordRecovery(FIFTH);

      expect(await shares.recordedLosses()).to.equal(0n);
      expect(await shares.redemptionValue()).to.equal(NOMINAL);
    });

    it("rejects recovery above losses", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployLossesFixture);
      await sharesByTimelock.recordLosses(FIFTH);

      await expect(sharesByTimelock.recordRecovery(FIFTH + 1n))
        .to.be.revertedWithCustomError(shares, "CoopSharesRecoveryExceedsLosses")
        .withArgs(FIFTH + 1n, FIFTH);
    });

    it("rejects zero recovery", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployLossesFixture);

      await expect(sharesByTimelock.recordRecovery(0n)).to.be.revertedWithCustomError(shares, "CoopSharesZeroAmount");
    });

    it("rejects caller other than timelock", async function () {
      const { shares, founders } = await loadFixture(deployLossesFixture);

      await expect(shares.connect(founders[0]).recordRecovery(1n))
        .to.be.revertedWithCustomError(shares, "CoopSharesUnauthorized")
        .withArgs(founders[0].address);
    });
  });

  describe("redemption after losses", function () {
    it("pays pending request at reduced value", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deployLossesFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      await sharesByTimelock.recordLosses(FIFTH);
      await time.increase(NOTICE);
      const paid = (4n * NOMINAL * 4n) / 5n;

      const tx = shares.payDue(10n);

      await expect(tx).to.emit(shares, "RedemptionPaid").withArgs(0n, founders[0].address, paid, false);
      await expect(tx).to.changeEtherBalance(founders[0], paid);
    });

    it("credits retained part to timelock", async function () {
      const { shares, sharesByTimelock, founders, timelock } = await loadFixture(deployLossesFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      await sharesByTimelock.recordLosses(FIFTH);
      await time.increase(NOTICE);
      const retained = (4n * NOMINAL) / 5n;

      await expect(shares.payDue(10n)).to.emit(shares, "LossesBorneByRedemption").withArgs(0n, retained);

      expect(await shares.creditOf(await timelock.getAddress())).to.equal(retained);
      expect(await shares.totalCredited()).to.equal(retained);
    });

    it("keeps value for remaining shares", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deployLossesFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      await sharesByTimelock.recordLosses(FIFTH);
      await time.increase(NOTICE);

      await shares.payDue(10n);

      expect(await shares.recordedLosses()).to.equal(FIFTH - (4n * NOMINAL) / 5n);
      expect(await shares.redemptionValue()).to.equal((NOMINAL * 4n) / 5n);
    });

    it("pays future request at reduced value", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deployLossesFixture);
      await sharesByTimelock.recordLosses(FIFTH);
      await shares.connect(founders[1]).requestRedemption(5n);
      await time.increase(NOTICE);

      await expect(shares.payDue(10n))
        .to.emit(shares, "RedemptionPaid")
        .withArgs(0n, founders[1].address, (5n * NOMINAL * 4n) / 5n, false);
    });

    it("pays nominal value after recovery", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deployLossesFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      await sharesByTimelock.recordLosses(FIFTH);
      await sharesByTimelock.recordRecovery(FIFTH);
      await time.increase(NOTICE);

      const tx = shares.payDue(10n);

      await expect(tx)
        .to.emit(shares, "RedemptionPaid")
        .withArgs(0n, founders[0].address, 4n * NOMINAL, false);
      await expect(tx).not.to.emit(shares, "LossesBorneByRedemption");
    });

    it("pays partial recovery value", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deployLossesFixture);
      await shares.connect(founders[0]).requestRedemption(3n);
      await sharesByTimelock.recordLosses(2n * FIFTH);
      await sharesByTimelock.recordRecovery(FIFTH);
      await time.increase(NOTICE);

      await expect(shares.payDue(10n))
        .to.emit(shares, "RedemptionPaid")
        .withArgs(0n, founders[0].address, (3n * NOMINAL * 4n) / 5n, false);
    });

    it("rounds payment down", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deployLossesFixture);
      await shares.connect(founders[0]).requestRedemption(1n);
      await sharesByTimelock.recordLosses(1n);
      await time.increase(NOTICE);

      // 1 share of 10^16 wei times (3 * 10^17 - 1) / (3 * 10^17) is 10^16 - 1/30 wei, paid as 10^16 - 1.
      await expect(shares.payDue(10n))
        .to.emit(shares, "RedemptionPaid")
        .withArgs(0n, founders[0].address, NOMINAL - 1n, false);
      expect(await shares.recordedLosses()).to.equal(0n);
    });

    it("pays nothing when losses equal capital", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deployLossesFixture);
      await shares.connect(founders[0]).requestRedemption(2n);
      await sharesByTimelock.recordLosses(CAPITAL);
      await time.increase(NOTICE);

      await expect(shares.payDue(10n)).to.emit(shares, "RedemptionPaid").withArgs(0n, founders[0].address, 0n, false);
      expect(await shares.recordedLosses()).to.equal(CAPITAL - 2n * NOMINAL);
    });

    it("checks floor at nominal value", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deployLossesFixture);
      await sharesByTimelock.setCapitalFloor(9_000);
      await shares.connect(founders[0]).requestRedemption(4n);
      await sharesByTimelock.recordLosses(FIFTH);
      await time.increase(NOTICE);

      // 26 shares of capital are left at nominal value, below the floor of 27.
      await expect(shares.payDue(10n)).not.to.emit(shares, "RedemptionPaid");
    });

    it("lets timelock withdraw retained part", async function () {
      const { shares, sharesByTimelock, founders, timelock } = await loadFixture(deployLossesFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      await sharesByTimelock.recordLosses(FIFTH);
      await time.increase(NOTICE);
      await shares.payDue(10n);
      const retained = (4n * NOMINAL) / 5n;

      await expect(sharesByTimelock.withdrawCredit(await timelock.getAddress())).to.changeEtherBalances(
        [timelock, shares],
        [retained, -retained],
      );
    });

    it("keeps accounting", async function () {
      const fixture = await loadFixture(deployLossesFixture);
      const { shares, sharesByTimelock, founders } = fixture;
      await shares.connect(founders[0]).requestRedemption(4n);
      await shares.connect(founders[1]).requestRedemption(9n);
      await sharesByTimelock.recordLosses(FIFTH + 7n);
      await sharesByTimelock.moveToTreasury(NOMINAL);
      await time.increase(NOTICE);

      await shares.payDue(10n);

      await expectAccounting(shares, holdersOf(fixture));
      expect(await shares.recordedLosses()).to.be.at.most(await shares.capital());
    });
  });
});
