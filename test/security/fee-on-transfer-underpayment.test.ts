import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { TOKEN_BALANCE, TOKEN_NOMINAL_VALUE, deployFeeTokenSharesFixture, expectAccounting } from "../helpers/shares";

/**
 * A pool credited the amount named in each transfer of a token that took a 1% fee, so its
 * records drifted above its real balance until the attacker drained it. Here a subscription
 * counts only the measured increase of the balance and must equal the price, treasury returns
 * count what arrived, and credits and held capital never exceed what the contract holds.
 */

/** Deploys the fee-token cooperative, where founders 0 to 2 subscribe 10 shares each while the fee is off. */
async function deploySubscribedFixture() {
  const fixture = await deployFeeTokenSharesFixture();
  await fixture.token.setFeeBps(0);
  for (const founder of fixture.founders.slice(0, 3)) await fixture.shares.connect(founder).subscribe(10n);
  await fixture.token.setFeeBps(100);
  return fixture;
}

describe("Fee-on-transfer underpayment", function () {
  it("rejects short subscription", async function () {
    const { shares, token, founders } = await loadFixture(deployFeeTokenSharesFixture);
    const price = 2n * TOKEN_NOMINAL_VALUE;

    await expect(shares.connect(founders[0]).subscribe(2n))
      .to.be.revertedWithCustomError(shares, "CoopSharesPaymentMismatch")
      .withArgs(price, price - price / 100n);

    expect(await shares.sharesOf(founders[0].address)).to.equal(0n);
    expect(await shares.capital()).to.equal(0n);
    expect(await token.balanceOf(founders[0].address)).to.equal(TOKEN_BALANCE);
  });

  it("rejects subscriptions once fee starts", async function () {
    const { shares, founders } = await loadFixture(deploySubscribedFixture);

    await expect(shares.connect(founders[3]).subscribe(1n)).to.be.revertedWithCustomError(
      shares,
      "CoopSharesPaymentMismatch",
    );
    expect(await shares.capital()).to.equal(30n * TOKEN_NOMINAL_VALUE);
  });

  it("counts measured treasury return", async function () {
    const { shares, sharesByTimelock, token, founders } = await loadFixture(deploySubscribedFixture);
    const amount = 10n * TOKEN_NOMINAL_VALUE;
    await sharesByTimelock.moveToTreasury(amount);

    await expect(shares.connect(founders[3]).returnFromTreasury(amount))
      .to.emit(shares, "CapitalReturnedFromTreasury")
      .withArgs(amount - amount / 100n);

    expect(await shares.capitalInTreasury()).to.equal(amount / 100n);
    expect(await token.balanceOf(await shares.getAddress())).to.equal(await shares.heldCapital());
    await expectAccounting(
      shares,
      founders.map((founder) => founder.address),
    );
  });

  it("lets every holder redeem", async function () {
    const { shares, sharesByTimelock, token, founders } = await loadFixture(deploySubscribedFixture);
    const holders = founders.slice(0, 3);
    await sharesByTimelock.setMinimumShares(0);
    await sharesByTimelock.setCapitalFloor(0);
    for (const holder of holders) await shares.connect(holder).requestRedemption(10n);
    await time.increase((await shares.noticePeriod()) + 1n);

    await shares.payDue(10n);

    const amount = 10n * TOKEN_NOMINAL_VALUE;
    for (const holder of holders) {
      // The token's fee is taken on the way out; the cooperative sends the full nominal value.
      expect(await token.balanceOf(holder.address), holder.address).to.equal(TOKEN_BALANCE - amount / 100n);
    }
    expect(await shares.capital()).to.equal(0n);
    expect(await shares.totalCredited()).to.equal(0n);
    expect(await token.balanceOf(await shares.getAddress())).to.equal(0n);
  });
});
