import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { parseEther } from "ethers";

import { FeeOnTransferTokenMock__factory, type FeeOnTransferTokenMock } from "../../typechain-types";
import {
  DUES_BPS,
  NO_ORDER,
  SERVICE_FEE_BPS,
  deployRouterFixture,
  expectSolvent,
  expectedSplit,
  paymentOf,
  type RouterFixture,
} from "../helpers/feeRouterAttacks";

/**
 * Balancer's STA pool recorded the amount named in each transfer, but the STA token burned 1% of
 * every transfer, so the pool's records drifted above its real balance until an attacker bought
 * its other assets almost for free. Here a payment is split on the measured increase of the
 * router's balance, so a token that takes a fee pays the service fee and dues on what arrived, and
 * the router never owes more than it holds.
 */

/** The payment of the scenario: 100 tokens of 18 decimals. */
const AMOUNT = parseEther("100");

/** The token's own fee: 1% of every transfer. */
const TRANSFER_FEE_BPS = 100n;

/** Returns what arrives when `amount` of the token is sent. */
function arriving(amount: bigint): bigint {
  return amount - (amount * TRANSFER_FEE_BPS) / 10_000n;
}

/** 99 tokens arrive of the 100 paid, and the split to a member is computed on them. */
const RECEIVED = arriving(AMOUNT);
const SPLIT = expectedSplit(RECEIVED, SERVICE_FEE_BPS, DUES_BPS, true);

/** A router that accepts the 1% fee-on-transfer token, and two payers holding 1,000 tokens each. */
interface FeeTokenFixture extends RouterFixture {
  token: FeeOnTransferTokenMock;
  tokenAddress: string;
}

async function deployFeeTokenFixture(): Promise<FeeTokenFixture> {
  const [deployer] = await ethers.getSigners();
  const token = await new FeeOnTransferTokenMock__factory(deployer).deploy();
  const tokenAddress = await token.getAddress();
  const fixture = await deployRouterFixture([tokenAddress]);
  for (const payer of fixture.outsiders.slice(0, 2)) {
    await token.mint(payer.address, 10n * AMOUNT);
    await token.connect(payer).approve(fixture.routerAddress, 10n * AMOUNT);
  }
  return { ...fixture, token, tokenAddress };
}

describe("Fee-on-transfer payment", function () {
  it("splits what arrived", async function () {
    const { router, tokenAddress, founders, outsiders } = await loadFixture(deployFeeTokenFixture);

    // A splitter that trusted the named amount would record 1 + 0.1 + 98.9 = 100 for 99 received.
    const record = paymentOf(
      router,
      await (await router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, AMOUNT, NO_ORDER)).wait(),
    );

    expect(record.amount).to.equal(parseEther("99"));
    expect([record.serviceFee, record.dues, record.net]).to.deep.equal([
      parseEther("0.99"),
      parseEther("0.099"),
      parseEther("97.911"),
    ]);
    expect(record.serviceFee + record.dues + record.net).to.equal(RECEIVED);
  });

  it("holds exactly what it owes", async function () {
    const { router, token, tokenAddress, founders, outsiders } = await loadFixture(deployFeeTokenFixture);

    await router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, AMOUNT, NO_ORDER);

    const books = await expectSolvent(router, tokenAddress);
    expect(books.balance).to.equal(SPLIT.serviceFee + SPLIT.dues);
    expect(books.excess).to.equal(0n);
    // The token takes its 1% again on the way to the payee; the router sent the whole net.
    expect(await token.balanceOf(founders[1].address)).to.equal(arriving(SPLIT.net));
  });

  it("releases the last fees in full", async function () {
    const { router, token, tokenAddress, founders, outsiders, timelockAddress } =
      await loadFixture(deployFeeTokenFixture);
    await router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, AMOUNT, NO_ORDER);
    await router.connect(outsiders[1]).pay(outsiders[2].address, tokenAddress, 3n * AMOUNT, NO_ORDER);
    const [serviceFees, dues] = await router.accruedFees(tokenAddress);

    // Had the router recorded 100 and 300 tokens, this release would ask for more than it holds and revert.
    await expect(router.releaseFees(tokenAddress)).to.changeTokenBalance(
      token,
      timelockAddress,
      arriving(serviceFees) + arriving(dues),
    );

    const books = await expectSolvent(router, tokenAddress);
    expect(books.balance).to.equal(0n);
    expect(books.serviceFees + books.dues + books.totalCredited).to.equal(0n);
  });

  it("measures each payment when fee changes", async function () {
    const { router, token, tokenAddress, founders, outsiders } = await loadFixture(deployFeeTokenFixture);
    await token.setFeeBps(0);
    await router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, AMOUNT, NO_ORDER);
    await token.setFeeBps(500);

    // The token turned a 5% fee on after the first payment; the second pays fees on 95 tokens.
    const record = paymentOf(
      router,
      await (await router.connect(outsiders[1]).pay(founders[1].address, tokenAddress, AMOUNT, NO_ORDER)).wait(),
    );

    expect(record.amount).to.equal(parseEther("95"));
    const first = expectedSplit(AMOUNT, SERVICE_FEE_BPS, DUES_BPS, true);
    const books = await expectSolvent(router, tokenAddress);
    expect(books.serviceFees).to.equal(first.serviceFee + record.serviceFee);
    expect(books.balance).to.equal(first.serviceFee + first.dues + record.serviceFee + record.dues);
  });

  it("rejects payment of which nothing arrives", async function () {
    const { router, token, tokenAddress, founders, outsiders } = await loadFixture(deployFeeTokenFixture);
    await token.setFeeBps(10_000);

    // A splitter trusting the named amount would record 100 tokens of fees and credit for nothing.
    await expect(router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, AMOUNT, NO_ORDER))
      .to.be.revertedWithCustomError(router, "FeeRouterNothingReceived")
      .withArgs(tokenAddress, AMOUNT);

    const books = await expectSolvent(router, tokenAddress);
    expect(books.serviceFees + books.dues + books.totalCredited).to.equal(0n);
  });
});
