import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, parseEther } from "ethers";

import {
  EtherReceiverMock__factory,
  HookTokenMock__factory,
  type EtherReceiverMock,
  type HookTokenMock,
} from "../../typechain-types";
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
 * In April 2020 imBTC, an ERC-777 token, called the sender's `tokensToSend` hook before moving any
 * balance. From inside that hook attackers sold into Uniswap V1 a second time at the same stale
 * reserve, and withdrew a Lendf.Me deposit that the outer call then recorded again. Here the
 * payment token calls a hook in the middle of its transfers, and the hook calls the router back:
 * every entry point holds one reentrancy lock, so each nested call reverts with
 * `ReentrancyGuardReentrantCall`. A payment or withdrawal whose own transfer is re-entered reverts
 * whole, and a push of a payee's part or of fees is credited instead, so nothing is credited,
 * paid or withdrawn twice.
 */

/** Each payment of the scenario: 100 tokens of 18 decimals. */
const AMOUNT = parseEther("100");

/** Tokens given to the attacker and to the honest payer. */
const BALANCE = 10n * AMOUNT;

/** The split of {@link AMOUNT} paid to a non-member: 1 service fee and 99 to the payee. */
const SPLIT = expectedSplit(AMOUNT, SERVICE_FEE_BPS, DUES_BPS, false);

/**
 * A router that accepts the hook token. The attacker is a contract that forwards calls, holds
 * {@link BALANCE} tokens and approved the router; outsider 0 is an honest payer with as many.
 */
interface HookFixture extends RouterFixture {
  token: HookTokenMock;
  tokenAddress: string;
  attacker: EtherReceiverMock;
  attackerAddress: string;
}

async function deployHookFixture(): Promise<HookFixture> {
  const [deployer] = await ethers.getSigners();
  const token = await new HookTokenMock__factory(deployer).deploy();
  const tokenAddress = await token.getAddress();
  const fixture = await deployRouterFixture([tokenAddress]);
  const attacker = await new EtherReceiverMock__factory(deployer).deploy();
  const attackerAddress = await attacker.getAddress();
  await token.mint(attackerAddress, BALANCE);
  await attacker.execute(tokenAddress, token.interface.encodeFunctionData("approve", [fixture.routerAddress, BALANCE]));
  await token.mint(fixture.outsiders[0].address, BALANCE);
  await token.connect(fixture.outsiders[0]).approve(fixture.routerAddress, BALANCE);
  return { ...fixture, token, tokenAddress, attacker, attackerAddress };
}

/**
 * The hook fixture after outsider 0 paid the attacker 100 tokens while the hook re-entered `pay`
 * from the transfer of the attacker's part. That transfer reverted, so the attacker holds a credit
 * of {@link SPLIT}.net, and the hook is disarmed again.
 */
async function deployCreditedFixture(): Promise<HookFixture> {
  const fixture = await deployHookFixture();
  const { router, token, tokenAddress, attackerAddress, outsiders } = fixture;
  await armOnDelivery(fixture, attackerAddress, viaAttacker(fixture, payData(fixture, outsiders[1].address)));
  await router.connect(outsiders[0]).pay(attackerAddress, tokenAddress, AMOUNT, NO_ORDER);
  // The failed transfer reverted the hook's disarming too.
  await token.setHook(ZeroAddress, "0x");
  return fixture;
}

/** Returns the calldata that makes the attacker contract send `data` to the router. */
function viaAttacker(fixture: HookFixture, data: string): string {
  return fixture.attacker.interface.encodeFunctionData("execute", [fixture.routerAddress, data]);
}

/** Returns the calldata of a payment of {@link AMOUNT} hook tokens to `payee`. */
function payData(fixture: HookFixture, payee: string): string {
  return fixture.router.interface.encodeFunctionData("pay", [payee, fixture.tokenAddress, AMOUNT, NO_ORDER]);
}

/** Returns the calldata of a withdrawal of the caller's hook-token credit to the attacker. */
function withdrawData(fixture: HookFixture): string {
  return fixture.router.interface.encodeFunctionData("withdrawCredit", [fixture.tokenAddress, fixture.attackerAddress]);
}

/**
 * Arms the hook so that it skips the next transfer, the one that brings a payment in, and calls
 * `target` with `data` in the transfer after it, the one that sends the payee's part out.
 */
async function armOnDelivery(fixture: HookFixture, target: string, data: string): Promise<void> {
  const { token, tokenAddress } = fixture;
  await token.setHook(tokenAddress, token.interface.encodeFunctionData("setHook", [target, data]));
}

/** Reads what a re-entrant call could change: the router's books, credits and the balances involved. */
async function readState(fixture: HookFixture) {
  const { router, token, tokenAddress, attackerAddress, founders, outsiders, timelockAddress } = fixture;
  return {
    books: await readBooks(router, tokenAddress),
    attackerCredit: await router.creditOf(tokenAddress, attackerAddress),
    timelockCredit: await router.creditOf(tokenAddress, timelockAddress),
    attackerBalance: await token.balanceOf(attackerAddress),
    payeeBalance: await token.balanceOf(founders[1].address),
    payerBalance: await token.balanceOf(outsiders[0].address),
    timelockBalance: await token.balanceOf(timelockAddress),
  };
}

describe("Token hook reentrancy payment", function () {
  it("pays when hook does not reenter", async function () {
    const fixture = await loadFixture(deployHookFixture);
    const { router, token, attacker, outsiders, routerAddress } = fixture;
    const harmlessCall = router.interface.encodeFunctionData("accruedFees", [fixture.tokenAddress]);
    await token.setHook(routerAddress, harmlessCall);

    await expect(attacker.execute(routerAddress, payData(fixture, outsiders[1].address)))
      .to.emit(token, "HookCalled")
      .withArgs(routerAddress, harmlessCall);

    expect(await token.balanceOf(outsiders[1].address)).to.equal(SPLIT.net);
    await expectSolvent(router, fixture.tokenAddress);
  });

  it("rejects pay reentered from hook", async function () {
    const fixture = await loadFixture(deployHookFixture);
    const { router, token, attacker, attackerAddress, founders, routerAddress } = fixture;
    const payment = payData(fixture, founders[1].address);
    await token.setHook(attackerAddress, viaAttacker(fixture, payment));
    const before = await readState(fixture);

    // Without the lock the outer payment's balance difference would include the 1.1 tokens of fees
    // that the nested payment kept, so it would split 101.1 tokens and owe 1.1 more than it holds.
    await expect(attacker.execute(routerAddress, payment)).to.be.revertedWithCustomError(
      router,
      "ReentrancyGuardReentrantCall",
    );

    expect(await readState(fixture)).to.deep.equal(before);
  });

  it("credits payment whose hook reenters", async function () {
    const fixture = await loadFixture(deployHookFixture);
    const { router, token, tokenAddress, attackerAddress, outsiders } = fixture;
    const nested = viaAttacker(fixture, payData(fixture, outsiders[1].address));
    await armOnDelivery(fixture, attackerAddress, nested);

    // The payee's transfer reverts inside the router's `trySafeTransfer`, so its part is credited.
    await expect(router.connect(outsiders[0]).pay(attackerAddress, tokenAddress, AMOUNT, NO_ORDER))
      .to.emit(router, "PaymentMade")
      .withArgs(
        outsiders[0].address,
        attackerAddress,
        tokenAddress,
        AMOUNT,
        SPLIT.serviceFee,
        0n,
        SPLIT.net,
        true,
        "0x",
      );

    expect(await router.creditOf(tokenAddress, attackerAddress)).to.equal(SPLIT.net);
    expect(await token.balanceOf(attackerAddress)).to.equal(BALANCE);
    expect(await token.hookTarget(), "hook still armed after the failed transfer").to.equal(attackerAddress);
    expect((await expectSolvent(router, tokenAddress)).balance).to.equal(AMOUNT);
  });

  it("rejects withdrawal inside payment hook", async function () {
    const fixture = await loadFixture(deployCreditedFixture);
    const { router, token, attacker, attackerAddress, founders, routerAddress } = fixture;
    // As at Lendf.Me: a payment whose hook withdraws the attacker's credit before the payment is recorded.
    await token.setHook(attackerAddress, viaAttacker(fixture, withdrawData(fixture)));
    const before = await readState(fixture);

    await expect(attacker.execute(routerAddress, payData(fixture, founders[1].address))).to.be.revertedWithCustomError(
      router,
      "ReentrancyGuardReentrantCall",
    );

    expect(await readState(fixture)).to.deep.equal(before);
  });

  it("rejects withdrawal reentered from hook", async function () {
    const fixture = await loadFixture(deployCreditedFixture);
    const { router, token, tokenAddress, attacker, attackerAddress, routerAddress } = fixture;
    const withdraw = withdrawData(fixture);
    await token.setHook(attackerAddress, viaAttacker(fixture, withdraw));
    const before = await readState(fixture);

    // Without the lock the nested withdrawal would revert with FeeRouterNoCredit, because the router
    // clears the credit before the transfer. Either way no second withdrawal succeeds.
    await expect(attacker.execute(routerAddress, withdraw)).to.be.revertedWithCustomError(
      router,
      "ReentrancyGuardReentrantCall",
    );

    expect(await readState(fixture)).to.deep.equal(before);
    expect(await router.creditOf(tokenAddress, attackerAddress)).to.equal(SPLIT.net);
  });

  it("rejects push reentered from hook", async function () {
    const fixture = await loadFixture(deployCreditedFixture);
    const { router, token, tokenAddress, attackerAddress } = fixture;
    await token.setHook(attackerAddress, viaAttacker(fixture, withdrawData(fixture)));
    const before = await readState(fixture);

    // A push followed by a nested withdrawal would pay the same credit twice if it cleared it after sending.
    await expect(router.pushCredit(tokenAddress, attackerAddress)).to.be.revertedWithCustomError(
      router,
      "ReentrancyGuardReentrantCall",
    );

    expect(await readState(fixture)).to.deep.equal(before);
  });

  it("withdraws credit once", async function () {
    const fixture = await loadFixture(deployCreditedFixture);
    const { router, token, tokenAddress, attacker, attackerAddress, routerAddress } = fixture;
    const withdraw = withdrawData(fixture);

    await expect(attacker.execute(routerAddress, withdraw)).to.changeTokenBalance(token, attackerAddress, SPLIT.net);
    await expect(attacker.execute(routerAddress, withdraw))
      .to.be.revertedWithCustomError(router, "FeeRouterNoCredit")
      .withArgs(tokenAddress, attackerAddress);

    expect((await expectSolvent(router, tokenAddress)).totalCredited).to.equal(0n);
  });

  it("credits fees when hook reenters release", async function () {
    const fixture = await loadFixture(deployHookFixture);
    const { router, token, tokenAddress, routerAddress, founders, outsiders, timelockAddress } = fixture;
    await router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, AMOUNT, NO_ORDER);
    const [serviceFees, dues] = await router.accruedFees(tokenAddress);
    await token.setHook(routerAddress, router.interface.encodeFunctionData("releaseFees", [tokenAddress]));

    // Each transfer of the release calls the hook, and the nested release reverts, so both pots
    // are credited to their recipient; a nested release that succeeded would pay the pots twice.
    const tx = router.releaseFees(tokenAddress);

    await expect(tx).to.emit(router, "FeesReleased").withArgs(tokenAddress, 0n, timelockAddress, serviceFees, true);
    await expect(tx).to.emit(router, "FeesReleased").withArgs(tokenAddress, 1n, timelockAddress, dues, true);
    expect(await token.balanceOf(timelockAddress)).to.equal(0n);
    expect(await router.creditOf(tokenAddress, timelockAddress)).to.equal(serviceFees + dues);
    const books = await expectSolvent(router, tokenAddress);
    expect([books.serviceFees, books.dues]).to.deep.equal([0n, 0n]);
    expect(books.balance).to.equal(serviceFees + dues);
  });
});
