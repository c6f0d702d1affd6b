import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { parseEther } from "ethers";

import {
  BlocklistTokenMock__factory,
  EtherReceiverMock__factory,
  type BlocklistTokenMock,
  type EtherReceiverMock,
} from "../../typechain-types";
import { UNDER_COVERAGE } from "../helpers/coverage";
import {
  DUES_BPS,
  ETHER,
  NO_ORDER,
  SERVICE_FEE_BPS,
  deployRouterFixture,
  expectSolvent,
  expectedSplit,
  payEther,
  paymentOf,
  type RouterFixture,
} from "../helpers/feeRouterAttacks";

/**
 * The King of the Ether Throne paid the dethroned king with a 2,300-gas `send` and ignored its
 * failure, so kings whose wallets were contracts lost their payout without a trace. Where such a
 * failure reverts instead, one payee that cannot receive (a contract that reverts, an address that
 * a USDC-like token blocks) blocks every payment routed through it. Here the router forwards enough
 * gas for a contract wallet, and a payee that still cannot receive is credited: the payer's payment
 * succeeds, the service fee and the dues are still recorded, and the payee withdraws later.
 */

/** Each payment in these tests: 100 ETH, or 100 tokens of 18 decimals. */
const AMOUNT = parseEther("100");

/** The split of {@link AMOUNT} paid to a member: 1 service fee, 0.1 dues and 98.9 to the payee. */
const SPLIT = expectedSplit(AMOUNT, SERVICE_FEE_BPS, DUES_BPS, true);

/** The gas that Solidity's `transfer` and `send` forward with a payment. */
const STIPEND = 2_300n;

/** Gas of a plain ETH transfer, paid before any code of the receiver runs. */
const TRANSFER_BASE_GAS = 21_000n;

/**
 * Gas bound of a payment to a receiver that burns all the gas it gets. The router forwards at most
 * 50,000 gas and credits the payee; 197,146 were used on the Hardhat network (solc 0.8.28, 200
 * optimizer runs), so the bound leaves room for changes but not for a forwarded block of gas.
 */
const GAS_BURNER_PAYMENT_BOUND = 250_000n;

/**
 * A router that accepts a USDC-like token, with three member payees: a contract wallet that needs
 * more than 2,300 gas to receive ETH, a contract that rejects ETH, and founder 1, whom the token
 * can block.
 */
interface PayeesFixture extends RouterFixture {
  token: BlocklistTokenMock;
  tokenAddress: string;
  wallet: EtherReceiverMock;
  rejecter: EtherReceiverMock;
}

async function deployPayeesFixture(): Promise<PayeesFixture> {
  const [deployer] = await ethers.getSigners();
  const token = await new BlocklistTokenMock__factory(deployer).deploy();
  const tokenAddress = await token.getAddress();
  const fixture = await deployRouterFixture([tokenAddress]);
  const wallet = await new EtherReceiverMock__factory(deployer).deploy();
  const rejecter = await new EtherReceiverMock__factory(deployer).deploy();
  await rejecter.setMode(1); // Revert
  for (const payee of [wallet, rejecter]) await fixture.membershipByTimelock.admit(await payee.getAddress());

  const payer = fixture.outsiders[0];
  await token.mint(payer.address, 10n * AMOUNT);
  await token.connect(payer).approve(fixture.routerAddress, 10n * AMOUNT);
  return { ...fixture, token, tokenAddress, wallet, rejecter };
}

describe("Payment to reverting or blocked payee", function () {
  it("pays contract wallet in full", async function () {
    const { router, wallet, outsiders } = await loadFixture(deployPayeesFixture);
    const walletAddress = await wallet.getAddress();
    // The wallet's `receive` writes to storage, so a 2,300-gas `transfer` to it would revert.
    const gasToReceive = await ethers.provider.estimateGas({
      from: outsiders[0].address,
      to: walletAddress,
      value: 1n,
    });
    expect(gasToReceive - TRANSFER_BASE_GAS).to.be.greaterThan(STIPEND);

    const tx = router.connect(outsiders[0]).payEther(walletAddress, NO_ORDER, { value: AMOUNT });

    await expect(tx).to.changeEtherBalances([wallet, router], [SPLIT.net, SPLIT.serviceFee + SPLIT.dues]);
    await expect(tx)
      .to.emit(router, "PaymentMade")
      .withArgs(
        outsiders[0].address,
        walletAddress,
        ETHER,
        AMOUNT,
        SPLIT.serviceFee,
        SPLIT.dues,
        SPLIT.net,
        false,
        "0x",
      );
    expect(await wallet.received()).to.equal(SPLIT.net);
    expect(await router.creditOf(ETHER, walletAddress)).to.equal(0n);
  });

  it("credits contract that reverts", async function () {
    const { router, rejecter, outsiders } = await loadFixture(deployPayeesFixture);
    const rejecterAddress = await rejecter.getAddress();

    // A splitter that reverts on a failed push would make this payment, and every later one to
    // this payee, revert; one that ignores the failure would keep 98.9 ETH owed to nobody.
    const record = paymentOf(router, await payEther(router, outsiders[0], rejecterAddress, AMOUNT));

    expect(record.credited).to.be.true;
    expect([record.serviceFee, record.dues, record.net]).to.deep.equal([SPLIT.serviceFee, SPLIT.dues, SPLIT.net]);
    expect(await router.creditOf(ETHER, rejecterAddress)).to.equal(SPLIT.net);
    expect(await router.accruedFees(ETHER)).to.deep.equal([SPLIT.serviceFee, SPLIT.dues]);
    const books = await expectSolvent(router, ETHER);
    expect(books.balance).to.equal(AMOUNT);
    expect(books.excess).to.equal(0n);
  });

  it("lets rejecting contract withdraw elsewhere", async function () {
    const { router, routerAddress, rejecter, outsiders } = await loadFixture(deployPayeesFixture);
    const rejecterAddress = await rejecter.getAddress();
    await payEther(router, outsiders[0], rejecterAddress, AMOUNT);
    const withdraw = router.interface.encodeFunctionData("withdrawCredit", [ETHER, outsiders[1].address]);

    await expect(router.pushCredit(ETHER, rejecterAddress))
      .to.be.revertedWithCustomError(router, "FeeRouterEtherTransferFailed")
      .withArgs(rejecterAddress, SPLIT.net);
    await expect(rejecter.execute(routerAddress, withdraw)).to.changeEtherBalance(outsiders[1], SPLIT.net);

    expect(await router.creditOf(ETHER, rejecterAddress)).to.equal(0n);
    expect(await router.totalCredited(ETHER)).to.equal(0n);
    await expectSolvent(router, ETHER);
  });

  it("credits payee blocked by token", async function () {
    const { router, token, tokenAddress, founders, outsiders } = await loadFixture(deployPayeesFixture);
    const payee = founders[1].address;
    await token.setBlocked(payee, true);

    // A splitter that pushes with a reverting transfer would make this payment revert.
    await expect(router.connect(outsiders[0]).pay(payee, tokenAddress, AMOUNT, NO_ORDER))
      .to.emit(router, "PaymentMade")
      .withArgs(outsiders[0].address, payee, tokenAddress, AMOUNT, SPLIT.serviceFee, SPLIT.dues, SPLIT.net, true, "0x");

    expect(await router.creditOf(tokenAddress, payee)).to.equal(SPLIT.net);
    expect(await router.accruedFees(tokenAddress)).to.deep.equal([SPLIT.serviceFee, SPLIT.dues]);
    expect((await expectSolvent(router, tokenAddress)).balance).to.equal(AMOUNT);
  });

  it("lets blocked payee withdraw elsewhere", async function () {
    const { router, token, tokenAddress, founders, outsiders } = await loadFixture(deployPayeesFixture);
    const payee = founders[1];
    await token.setBlocked(payee.address, true);
    await router.connect(outsiders[0]).pay(payee.address, tokenAddress, AMOUNT, NO_ORDER);

    await expect(router.pushCredit(tokenAddress, payee.address))
      .to.be.revertedWithCustomError(token, "BlocklistTokenBlocked")
      .withArgs(payee.address);
    await expect(router.connect(payee).withdrawCredit(tokenAddress, outsiders[1].address)).to.changeTokenBalance(
      token,
      outsiders[1],
      SPLIT.net,
    );

    expect(await router.totalCredited(tokenAddress)).to.equal(0n);
    await expectSolvent(router, tokenAddress);
  });

  it("pushes credit once payee is unblocked", async function () {
    const { router, token, tokenAddress, founders, outsiders } = await loadFixture(deployPayeesFixture);
    const payee = founders[1].address;
    await token.setBlocked(payee, true);
    await router.connect(outsiders[0]).pay(payee, tokenAddress, AMOUNT, NO_ORDER);
    await token.setBlocked(payee, false);

    await expect(router.pushCredit(tokenAddress, payee)).to.changeTokenBalance(token, payee, SPLIT.net);

    expect(await router.creditOf(tokenAddress, payee)).to.equal(0n);
  });

  it("keeps paying others after failed payee", async function () {
    const { router, token, tokenAddress, rejecter, wallet, founders, outsiders, timelockAddress } =
      await loadFixture(deployPayeesFixture);
    await token.setBlocked(founders[1].address, true);
    await payEther(router, outsiders[0], await rejecter.getAddress(), AMOUNT);
    await router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, AMOUNT, NO_ORDER);

    // With a reverting push the failed payees would stand in front of everyone paid after them.
    await expect(
      router.connect(outsiders[0]).payEther(await wallet.getAddress(), NO_ORDER, { value: AMOUNT }),
    ).to.changeEtherBalance(wallet, SPLIT.net);
    await expect(
      router.connect(outsiders[0]).pay(founders[2].address, tokenAddress, AMOUNT, NO_ORDER),
    ).to.changeTokenBalance(token, founders[2], SPLIT.net);
    await expect(router.releaseFees(ETHER)).to.changeEtherBalance(
      timelockAddress,
      2n * (SPLIT.serviceFee + SPLIT.dues),
    );
    await expect(router.releaseFees(tokenAddress)).to.changeTokenBalance(
      token,
      timelockAddress,
      2n * (SPLIT.serviceFee + SPLIT.dues),
    );
    for (const asset of [ETHER, tokenAddress]) {
      const books = await expectSolvent(router, asset);
      expect(books.balance, "only the credit is left").to.equal(SPLIT.net);
    }
  });

  it("credits fee recipient that reverts", async function () {
    const { router, routerByTimelock, rejecter, wallet, outsiders, timelockAddress } =
      await loadFixture(deployPayeesFixture);
    const rejecterAddress = await rejecter.getAddress();
    await routerByTimelock.setServiceFeeRecipient(rejecterAddress);
    await payEther(router, outsiders[0], await wallet.getAddress(), AMOUNT);

    // The dues still reach their recipient, and the service fee waits as the recipient's credit.
    const tx = router.releaseFees(ETHER);

    await expect(tx).to.emit(router, "FeesReleased").withArgs(ETHER, 0n, rejecterAddress, SPLIT.serviceFee, true);
    await expect(tx).to.emit(router, "FeesReleased").withArgs(ETHER, 1n, timelockAddress, SPLIT.dues, false);
    await expect(tx).to.changeEtherBalance(timelockAddress, SPLIT.dues);
    expect(await router.creditOf(ETHER, rejecterAddress)).to.equal(SPLIT.serviceFee);
    expect(await router.accruedFees(ETHER)).to.deep.equal([0n, 0n]);
    await expectSolvent(router, ETHER);
  });

  // Were the router its own fee recipient, an ETH release would fail (the router has no `receive`)
  // and be credited to the router itself: a credit nobody can withdraw, push or sweep.
  it("rejects router as fee recipient", async function () {
    const { router, routerAddress, routerByTimelock } = await loadFixture(deployPayeesFixture);

    await expect(routerByTimelock.setServiceFeeRecipient(routerAddress))
      .to.be.revertedWithCustomError(router, "FeeRouterInvalidRecipient")
      .withArgs(routerAddress);
    await expect(routerByTimelock.setDuesRecipient(routerAddress))
      .to.be.revertedWithCustomError(router, "FeeRouterInvalidRecipient")
      .withArgs(routerAddress);
  });

  // A token credit withdrawn to the router's own address would stay there as excess, which only the
  // timelock can sweep.
  it("rejects withdrawal to router itself", async function () {
    const { router, routerAddress, token, tokenAddress, founders, outsiders } = await loadFixture(deployPayeesFixture);
    const payee = founders[1];
    await token.setBlocked(payee.address, true);
    await router.connect(outsiders[0]).pay(payee.address, tokenAddress, AMOUNT, NO_ORDER);

    await expect(router.connect(payee).withdrawCredit(tokenAddress, routerAddress))
      .to.be.revertedWithCustomError(router, "FeeRouterInvalidRecipient")
      .withArgs(routerAddress);
    expect(await router.creditOf(tokenAddress, payee.address)).to.equal(SPLIT.net);
  });

  it("bounds gas of payee burning it", async function () {
    const { router, rejecter, outsiders } = await loadFixture(deployPayeesFixture);
    await rejecter.setMode(2); // ConsumeGas
    const rejecterAddress = await rejecter.getAddress();

    // A splitter forwarding all the gas would let this payee use up the whole transaction.
    const receipt = await payEther(router, outsiders[0], rejecterAddress, AMOUNT);

    expect(paymentOf(router, receipt).credited).to.be.true;
    // Instrumented contracts use more gas than the deployed ones.
    if (!UNDER_COVERAGE) expect(receipt!.gasUsed).to.be.lessThan(GAS_BURNER_PAYMENT_BOUND);
    expect(await router.creditOf(ETHER, rejecterAddress)).to.equal(SPLIT.net);
  });
});
