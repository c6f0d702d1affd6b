import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { parseEther } from "ethers";

import {
  FalseReturningTokenMock__factory,
  NoReturnTokenMock__factory,
  type FalseReturningTokenMock,
  type NoReturnTokenMock,
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
 * USDT, BNB and OMG declare `transfer` without a return value, so callers that decode a boolean
 * revert on every transfer of them. Other tokens return false instead of reverting, so callers
 * that ignore the value record transfers that never happened. The router calls tokens through
 * SafeERC20: no return value is success, false is failure, and a payment whose tokens did not
 * move reverts with nothing recorded.
 */

/** The payment of the scenario: 100 tokens of 18 decimals. */
const AMOUNT = parseEther("100");

/** The split of {@link AMOUNT} paid to a member: 1 + 0.1 + 98.9. */
const SPLIT = expectedSplit(AMOUNT, SERVICE_FEE_BPS, DUES_BPS, true);

/** A router that accepts a USDT-like token without return values and a token that can return false. */
interface ReturnsFixture extends RouterFixture {
  noReturn: NoReturnTokenMock;
  noReturnAddress: string;
  falseToken: FalseReturningTokenMock;
  falseTokenAddress: string;
}

async function deployReturnsFixture(): Promise<ReturnsFixture> {
  const [deployer] = await ethers.getSigners();
  const noReturn = await new NoReturnTokenMock__factory(deployer).deploy();
  const falseToken = await new FalseReturningTokenMock__factory(deployer).deploy();
  const noReturnAddress = await noReturn.getAddress();
  const falseTokenAddress = await falseToken.getAddress();
  const fixture = await deployRouterFixture([noReturnAddress, falseTokenAddress]);
  const payer = fixture.outsiders[0];
  for (const token of [noReturn, falseToken]) {
    await token.mint(payer.address, 10n * AMOUNT);
    await token.connect(payer).approve(fixture.routerAddress, 10n * AMOUNT);
  }
  return { ...fixture, noReturn, noReturnAddress, falseToken, falseTokenAddress };
}

/** Reads what a failed call could have changed: the router's books and the balances and allowance involved. */
async function readState(fixture: ReturnsFixture) {
  const { router, routerAddress, falseToken, falseTokenAddress, founders, outsiders, timelockAddress } = fixture;
  return {
    books: await readBooks(router, falseTokenAddress),
    payerBalance: await falseToken.balanceOf(outsiders[0].address),
    payeeBalance: await falseToken.balanceOf(founders[1].address),
    timelockBalance: await falseToken.balanceOf(timelockAddress),
    timelockCredit: await router.creditOf(falseTokenAddress, timelockAddress),
    allowance: await falseToken.allowance(outsiders[0].address, routerAddress),
  };
}

describe("Non-standard token returns payment", function () {
  it("pays in token without return value", async function () {
    const { router, noReturn, noReturnAddress, founders, outsiders } = await loadFixture(deployReturnsFixture);

    // A caller decoding a boolean would revert here although the tokens moved.
    await expect(router.connect(outsiders[0]).pay(founders[1].address, noReturnAddress, AMOUNT, NO_ORDER))
      .to.emit(router, "PaymentMade")
      .withArgs(
        outsiders[0].address,
        founders[1].address,
        noReturnAddress,
        AMOUNT,
        SPLIT.serviceFee,
        SPLIT.dues,
        SPLIT.net,
        false,
        "0x",
      );

    expect(await noReturn.balanceOf(founders[1].address)).to.equal(SPLIT.net);
    const books = await expectSolvent(router, noReturnAddress);
    expect(books.balance).to.equal(SPLIT.serviceFee + SPLIT.dues);
  });

  it("releases fees in token without return value", async function () {
    const { router, noReturn, noReturnAddress, founders, outsiders, timelockAddress } =
      await loadFixture(deployReturnsFixture);
    await router.connect(outsiders[0]).pay(founders[1].address, noReturnAddress, AMOUNT, NO_ORDER);

    // Had `trySafeTransfer` read the missing return value as a failure, the fees would be credited.
    await expect(router.releaseFees(noReturnAddress))
      .to.emit(router, "FeesReleased")
      .withArgs(noReturnAddress, 0n, timelockAddress, SPLIT.serviceFee, false);

    expect(await noReturn.balanceOf(timelockAddress)).to.equal(SPLIT.serviceFee + SPLIT.dues);
    expect((await expectSolvent(router, noReturnAddress)).balance).to.equal(0n);
  });

  it("rejects payment returning false", async function () {
    const fixture = await loadFixture(deployReturnsFixture);
    const { router, falseToken, falseTokenAddress, founders, outsiders } = fixture;
    await falseToken.setFailing(true);
    const before = await readState(fixture);

    // A caller ignoring the return value would record 1.1 tokens of fees and send 98.9 it never got.
    await expect(router.connect(outsiders[0]).pay(founders[1].address, falseTokenAddress, AMOUNT, NO_ORDER))
      .to.be.revertedWithCustomError(router, "SafeERC20FailedOperation")
      .withArgs(falseTokenAddress);

    expect(await readState(fixture)).to.deep.equal(before);
  });

  it("credits release returning false", async function () {
    const fixture = await loadFixture(deployReturnsFixture);
    const { router, falseToken, falseTokenAddress, founders, outsiders, timelockAddress } = fixture;
    await router.connect(outsiders[0]).pay(founders[1].address, falseTokenAddress, AMOUNT, NO_ORDER);
    await falseToken.setFailing(true);

    // A release that ignored the false would zero the pots while the tokens stay here, owed to nobody.
    await expect(router.releaseFees(falseTokenAddress))
      .to.emit(router, "FeesReleased")
      .withArgs(falseTokenAddress, 0n, timelockAddress, SPLIT.serviceFee, true);

    expect(await falseToken.balanceOf(timelockAddress)).to.equal(0n);
    expect(await router.creditOf(falseTokenAddress, timelockAddress)).to.equal(SPLIT.serviceFee + SPLIT.dues);
    expect((await expectSolvent(router, falseTokenAddress)).excess).to.equal(0n);
  });

  it("keeps credit when withdrawal returns false", async function () {
    const fixture = await loadFixture(deployReturnsFixture);
    const { router, routerByTimelock, falseToken, falseTokenAddress, founders, outsiders, timelockAddress } = fixture;
    await router.connect(outsiders[0]).pay(founders[1].address, falseTokenAddress, AMOUNT, NO_ORDER);
    await falseToken.setFailing(true);
    await router.releaseFees(falseTokenAddress);
    const before = await readState(fixture);

    // A withdrawal that ignored the false would clear the credit and pay nothing.
    await expect(routerByTimelock.withdrawCredit(falseTokenAddress, timelockAddress))
      .to.be.revertedWithCustomError(router, "SafeERC20FailedOperation")
      .withArgs(falseTokenAddress);
    expect(await readState(fixture)).to.deep.equal(before);

    await falseToken.setFailing(false);
    await expect(routerByTimelock.withdrawCredit(falseTokenAddress, timelockAddress)).to.changeTokenBalance(
      falseToken,
      timelockAddress,
      SPLIT.serviceFee + SPLIT.dues,
    );
  });
});
