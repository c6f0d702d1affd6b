import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { parseEther } from "ethers";

import { RebasingTokenMock__factory, type RebasingTokenMock } from "../../typechain-types";
import {
  DUES_BPS,
  NO_ORDER,
  SERVICE_FEE_BPS,
  deployRouterFixture,
  expectSolvent,
  expectedSplit,
  readBooks,
  type RouterFixture,
} from "../helpers/feeRouterAttacks";

/**
 * Splitters that stored credits as fixed amounts of a rebasing token (stETH, AMPL) owed more than
 * they held after a negative rebase, so the last claims reverted, and after a positive one kept a
 * surplus that no claim could reach. The fee router counts token units too, so it rejects tokens
 * that governance has not listed, and its header warns governance never to list rebasing ones.
 * The tests of a listed rebasing token show the consequences that the warning states. A positive
 * rebase becomes excess that the timelock sweeps. After a negative one the last transfer out fails
 * and is credited, and that credit stays unpaid until someone makes up the shortfall.
 */

/** The payment of the scenario: 100 tokens of 18 decimals. */
const AMOUNT = parseEther("100");

/** Each rebase of the scenario: 10% of every balance, up or down. */
const REBASE_BPS = 1_000n;

/** The split of {@link AMOUNT} paid to a member, before any rebase: 1 + 0.1 + 98.9. */
const SPLIT = expectedSplit(AMOUNT, SERVICE_FEE_BPS, DUES_BPS, true);

/** What the router holds after the payment: the fees, 1.1 tokens. */
const FEES = SPLIT.serviceFee + SPLIT.dues;

/** A router and a rebasing token that it does not accept; outsider 0 holds 1,000 tokens and approved the router. */
interface RebasingFixture extends RouterFixture {
  token: RebasingTokenMock;
  tokenAddress: string;
}

async function deployRebasingFixture(): Promise<RebasingFixture> {
  const [deployer] = await ethers.getSigners();
  const token = await new RebasingTokenMock__factory(deployer).deploy();
  const tokenAddress = await token.getAddress();
  const fixture = await deployRouterFixture();
  await token.mint(fixture.outsiders[0].address, 10n * AMOUNT);
  await token.connect(fixture.outsiders[0]).approve(fixture.routerAddress, 10n * AMOUNT);
  return { ...fixture, token, tokenAddress };
}

/** The rebasing fixture after governance listed the token anyway and outsider 0 paid founder 1 100 tokens. */
async function deployListedAndPaidFixture(): Promise<RebasingFixture> {
  const fixture = await deployRebasingFixture();
  await fixture.routerByTimelock.setTokenAccepted(fixture.tokenAddress, true);
  await fixture.router
    .connect(fixture.outsiders[0])
    .pay(fixture.founders[1].address, fixture.tokenAddress, AMOUNT, NO_ORDER);
  return fixture;
}

describe("Rebasing token payment", function () {
  it("rejects unlisted rebasing token", async function () {
    const { router, tokenAddress, founders, outsiders } = await loadFixture(deployRebasingFixture);

    // A splitter that took any token would take this one and owe fixed amounts of it.
    await expect(router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, AMOUNT, NO_ORDER))
      .to.be.revertedWithCustomError(router, "FeeRouterTokenNotAccepted")
      .withArgs(tokenAddress);
    expect(await router.isTokenAccepted(tokenAddress)).to.be.false;
  });

  it("rejects unlisted token with permit", async function () {
    const { router, tokenAddress, founders, outsiders } = await loadFixture(deployRebasingFixture);
    // The token has no permit and the signature is empty: the router rejects the token before trying it.
    await expect(
      router
        .connect(outsiders[0])
        .payWithPermit(founders[1].address, tokenAddress, AMOUNT, NO_ORDER, 0n, 27, ethers.ZeroHash, ethers.ZeroHash),
    )
      .to.be.revertedWithCustomError(router, "FeeRouterTokenNotAccepted")
      .withArgs(tokenAddress);
  });

  it("makes positive rebase sweepable excess", async function () {
    const { router, routerByTimelock, token, tokenAddress, timelockAddress } =
      await loadFixture(deployListedAndPaidFixture);

    await token.rebase(REBASE_BPS);

    // The pots still count 1.1 tokens; the 0.11 that the rebase added belongs to no pot or credit.
    const books = await expectSolvent(router, tokenAddress);
    expect(books.balance).to.equal((FEES * 11n) / 10n);
    expect([books.serviceFees, books.dues]).to.deep.equal([SPLIT.serviceFee, SPLIT.dues]);
    expect(books.excess).to.equal(FEES / 10n);
    // A splitter without a sweep would keep these 0.11 tokens for ever.
    await expect(routerByTimelock.sweep(tokenAddress, timelockAddress))
      .to.emit(router, "ExcessSwept")
      .withArgs(tokenAddress, timelockAddress, FEES / 10n);
    expect((await expectSolvent(router, tokenAddress)).excess).to.equal(0n);
  });

  it("releases fees after positive rebase", async function () {
    const { router, routerByTimelock, token, tokenAddress, timelockAddress } =
      await loadFixture(deployListedAndPaidFixture);
    await token.rebase(REBASE_BPS);
    await routerByTimelock.sweep(tokenAddress, timelockAddress);

    await expect(router.releaseFees(tokenAddress))
      .to.emit(router, "FeesReleased")
      .withArgs(tokenAddress, 0n, timelockAddress, SPLIT.serviceFee, false)
      .and.to.emit(router, "FeesReleased")
      .withArgs(tokenAddress, 1n, timelockAddress, SPLIT.dues, false);

    const books = await expectSolvent(router, tokenAddress);
    expect(books.serviceFees + books.dues + books.totalCredited).to.equal(0n);
    // Shares are moved rounded down, so a unit the rebase added can stay behind as excess.
    expect(books.balance).to.be.at.most(1n);
  });

  it("credits release short after negative rebase", async function () {
    const { router, token, tokenAddress, timelockAddress } = await loadFixture(deployListedAndPaidFixture);

    await token.rebase(-REBASE_BPS);

    // The router owes 1.1 tokens and holds 0.99, so no excess and no way to pay everyone.
    const shrunk = await readBooks(router, tokenAddress);
    expect(shrunk.balance).to.equal((FEES * 9n) / 10n);
    expect(shrunk.excess).to.equal(0n);
    // The service fee of 1 token no longer fits and is credited; the dues of 0.1 still go out.
    await expect(router.releaseFees(tokenAddress))
      .to.emit(router, "FeesReleased")
      .withArgs(tokenAddress, 0n, timelockAddress, SPLIT.serviceFee, true)
      .and.to.emit(router, "FeesReleased")
      .withArgs(tokenAddress, 1n, timelockAddress, SPLIT.dues, false);
    expect(await router.creditOf(tokenAddress, timelockAddress)).to.equal(SPLIT.serviceFee);
  });

  it("leaves last credit unpaid after negative rebase", async function () {
    const { router, routerByTimelock, token, tokenAddress, timelockAddress } =
      await loadFixture(deployListedAndPaidFixture);
    await token.rebase(-REBASE_BPS);
    await router.releaseFees(tokenAddress);
    const books = await readBooks(router, tokenAddress);

    // As the router's header warns, it owes more than it holds, and the last credit cannot be paid.
    expect(books.totalCredited).to.equal(SPLIT.serviceFee);
    expect(books.balance).to.be.lessThan(books.totalCredited);
    await expect(routerByTimelock.withdrawCredit(tokenAddress, timelockAddress))
      .to.be.revertedWithCustomError(token, "RebasingTokenInsufficientBalance")
      .withArgs(await router.getAddress(), books.balance, SPLIT.serviceFee);
    await expect(router.pushCredit(tokenAddress, timelockAddress)).to.be.revertedWithCustomError(
      token,
      "RebasingTokenInsufficientBalance",
    );
    expect(await router.creditOf(tokenAddress, timelockAddress)).to.equal(SPLIT.serviceFee);
  });

  it("pays last credit once shortfall is covered", async function () {
    const { router, routerAddress, routerByTimelock, token, tokenAddress, timelockAddress, outsiders } =
      await loadFixture(deployListedAndPaidFixture);
    await token.rebase(-REBASE_BPS);
    await router.releaseFees(tokenAddress);
    // The token rounds shares down on each transfer, so the top-up covers two units more than the gap.
    const shortfall = SPLIT.serviceFee - (await token.balanceOf(routerAddress));
    await token.connect(outsiders[0]).transfer(routerAddress, shortfall + 2n);

    await expect(routerByTimelock.withdrawCredit(tokenAddress, timelockAddress)).to.emit(router, "CreditWithdrawn");
    const books = await expectSolvent(router, tokenAddress);
    expect(books.totalCredited).to.equal(0n);
    expect(books.balance).to.be.at.most(2n);
  });
});
