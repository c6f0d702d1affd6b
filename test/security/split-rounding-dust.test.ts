import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import {
  EtherReceiverMock__factory,
  TokenMock__factory,
  type EtherReceiverMock,
  type TokenMock,
} from "../../typechain-types";
import {
  ETHER,
  NO_ORDER,
  deployRouterFixture,
  expectSolvent,
  payEther,
  paymentOf,
  type RouterFixture,
} from "../helpers/feeRouterAttacks";

/**
 * Splitters that computed each share with its own rounded-down division paid out less than they
 * took in, and the leftover units belonged to nobody and stayed locked. Here the service fee and
 * the dues are rounded down and the payee's part is what remains, so the three parts add up to the
 * payment exactly, and the router's balance is always exactly what it owes.
 */

/**
 * Payments of the scenario, with the split of each to a member at 1% and 0.1%. A splitter that
 * computed the payee's part as its own rounded-down 98.9% would pay 0, 988, 989 and
 * 989,000,000,000,000,006 instead, and keep 1, 2, 1 and 1 units owed to nobody.
 */
const CASES = [
  { amount: 1n, serviceFee: 0n, dues: 0n, net: 1n },
  { amount: 999n, serviceFee: 9n, dues: 0n, net: 990n },
  { amount: 1_001n, serviceFee: 10n, dues: 1n, net: 990n },
  { amount: 10n ** 18n + 7n, serviceFee: 10n ** 16n, dues: 10n ** 15n, net: 989_000_000_000_000_007n },
];

/** Sum of the scenario's payments. */
const TOTAL = CASES.reduce((sum, { amount }) => sum + amount, 0n);

/** Fees and dues of the scenario's payments together. */
const TOTAL_FEES = CASES.reduce((sum, { serviceFee, dues }) => sum + serviceFee + dues, 0n);

/** A router that accepts a 6-decimal stablecoin, and a member contract that rejects ETH. */
interface DustFixture extends RouterFixture {
  token: TokenMock;
  tokenAddress: string;
  rejecter: EtherReceiverMock;
}

async function deployDustFixture(): Promise<DustFixture> {
  const [deployer] = await ethers.getSigners();
  const token = await new TokenMock__factory(deployer).deploy();
  const tokenAddress = await token.getAddress();
  const fixture = await deployRouterFixture([tokenAddress]);
  const rejecter = await new EtherReceiverMock__factory(deployer).deploy();
  await rejecter.setMode(1); // Revert
  await fixture.membershipByTimelock.admit(await rejecter.getAddress());
  await token.mint(fixture.outsiders[0].address, TOTAL);
  await token.connect(fixture.outsiders[0]).approve(fixture.routerAddress, TOTAL);
  return { ...fixture, token, tokenAddress, rejecter };
}

describe("Split rounding dust", function () {
  for (const { amount, serviceFee, dues, net } of CASES) {
    it(`splits ${amount} wei exactly`, async function () {
      const { router, founders, outsiders } = await loadFixture(deployDustFixture);

      const record = paymentOf(router, await payEther(router, outsiders[0], founders[1].address, amount));

      expect([record.serviceFee, record.dues, record.net]).to.deep.equal([serviceFee, dues, net]);
      expect(record.serviceFee + record.dues + record.net).to.equal(amount);
      expect((await expectSolvent(router, ETHER)).balance).to.equal(serviceFee + dues);
    });

    it(`splits ${amount} token units exactly`, async function () {
      const { router, token, tokenAddress, founders, outsiders } = await loadFixture(deployDustFixture);

      const tx = router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, amount, NO_ORDER);

      await expect(tx).to.changeTokenBalance(token, founders[1], net);
      const record = paymentOf(router, await (await tx).wait());
      expect([record.serviceFee, record.dues, record.net]).to.deep.equal([serviceFee, dues, net]);
      expect((await expectSolvent(router, tokenAddress)).balance).to.equal(serviceFee + dues);
    });
  }

  it("holds exactly credits and pots", async function () {
    const { router, token, tokenAddress, rejecter, founders, outsiders } = await loadFixture(deployDustFixture);
    const rejecterAddress = await rejecter.getAddress();
    for (const { amount } of CASES) {
      await payEther(router, outsiders[0], rejecterAddress, amount);
      await router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, amount, NO_ORDER);
    }

    // The ETH payee rejects ETH, so all its parts are credited, and the router holds every wei paid.
    const etherBooks = await expectSolvent(router, ETHER);
    expect(etherBooks.balance).to.equal(TOTAL);
    expect(etherBooks.totalCredited).to.equal(TOTAL - TOTAL_FEES);
    expect(etherBooks.serviceFees + etherBooks.dues + etherBooks.totalCredited).to.equal(etherBooks.balance);
    const tokenBooks = await expectSolvent(router, tokenAddress);
    expect(tokenBooks.balance).to.equal(TOTAL_FEES);
    expect(tokenBooks.serviceFees + tokenBooks.dues).to.equal(tokenBooks.balance);
    expect(await token.balanceOf(founders[1].address)).to.equal(TOTAL - TOTAL_FEES);
  });

  it("leaves nothing once everyone is paid", async function () {
    const { router, routerAddress, tokenAddress, rejecter, founders, outsiders } = await loadFixture(deployDustFixture);
    const rejecterAddress = await rejecter.getAddress();
    for (const { amount } of CASES) {
      await payEther(router, outsiders[0], rejecterAddress, amount);
      await router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, amount, NO_ORDER);
    }

    await router.releaseFees(ETHER);
    await router.releaseFees(tokenAddress);
    const withdraw = router.interface.encodeFunctionData("withdrawCredit", [ETHER, outsiders[1].address]);
    await rejecter.execute(routerAddress, withdraw);

    // With separate divisions, 5 wei and 5 token units would stay here, owed to nobody.
    for (const asset of [ETHER, tokenAddress]) {
      const books = await expectSolvent(router, asset);
      expect(books.balance, asset).to.equal(0n);
    }
  });
});
