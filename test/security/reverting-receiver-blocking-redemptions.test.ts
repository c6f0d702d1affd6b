import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { DEFAULT_CAPITAL } from "../../src/deploy/cooperative";
import { EtherReceiverMock__factory, type CoopShares, type EtherReceiverMock } from "../../typechain-types";
import {
  TOKEN_NOMINAL_VALUE,
  deployBlocklistTokenSharesFixture,
  deployEthSharesFixture,
  expectAccounting,
  type SharesFixture,
} from "../helpers/shares";

/**
 * A game paid its winners with a 2,300-gas `send` whose failure went unnoticed, so contract
 * wallets silently lost their payouts, and tokens that block an account make every push to it
 * revert. Here each redemption is sent with enough gas for a contract wallet, and a payment that
 * fails is credited to the holder, who withdraws it to any address, while the rest of the queue
 * is paid in the same call.
 */

const NOMINAL = DEFAULT_CAPITAL.nominalValue;
const NOTICE = DEFAULT_CAPITAL.noticePeriod;

/** ETH cooperative with a wallet-like member contract, a rejecting one and founder 0, each holding 10 shares. */
interface ReceiversFixture extends SharesFixture {
  wallet: EtherReceiverMock;
  rejecter: EtherReceiverMock;
}

async function subscribeFrom(shares: CoopShares, receiver: EtherReceiverMock, count: bigint): Promise<void> {
  const data = shares.interface.encodeFunctionData("subscribe", [count]);
  await receiver.execute(await shares.getAddress(), data, { value: count * NOMINAL });
}

async function requestFrom(shares: CoopShares, receiver: EtherReceiverMock, count: bigint): Promise<void> {
  const data = shares.interface.encodeFunctionData("requestRedemption", [count]);
  await receiver.execute(await shares.getAddress(), data);
}

async function deployReceiversFixture(): Promise<ReceiversFixture> {
  const fixture = await deployEthSharesFixture();
  const { shares, founders, membershipByTimelock } = fixture;
  const wallet = await new EtherReceiverMock__factory(fixture.deployer).deploy();
  const rejecter = await new EtherReceiverMock__factory(fixture.deployer).deploy();
  await rejecter.setMode(1); // Revert
  for (const receiver of [wallet, rejecter]) {
    await membershipByTimelock.admit(await receiver.getAddress());
    await subscribeFrom(shares, receiver, 10n);
  }
  await shares.connect(founders[0]).subscribe(10n, { value: 10n * NOMINAL });
  return { ...fixture, wallet, rejecter };
}

describe("Reverting receiver blocking redemptions", function () {
  it("pays contract wallet in full", async function () {
    const { shares, wallet } = await loadFixture(deployReceiversFixture);
    await requestFrom(shares, wallet, 5n);
    await time.increase(NOTICE);

    await expect(shares.payDue(10n)).to.changeEtherBalance(wallet, 5n * NOMINAL);
    expect(await wallet.received()).to.equal(5n * NOMINAL);
  });

  it("pays queue behind rejecting receiver", async function () {
    const { shares, rejecter, wallet, founders } = await loadFixture(deployReceiversFixture);
    await requestFrom(shares, rejecter, 5n);
    await requestFrom(shares, wallet, 2n);
    await shares.connect(founders[0]).requestRedemption(3n);
    await time.increase(NOTICE);

    const tx = shares.payDue(10n);

    await expect(tx).to.changeEtherBalances([wallet, founders[0]], [2n * NOMINAL, 3n * NOMINAL]);
    await expect(tx)
      .to.emit(shares, "RedemptionPaid")
      .withArgs(0n, await rejecter.getAddress(), 5n * NOMINAL, true);
    expect(await shares.queueBounds()).to.deep.equal([3n, 3n]);
  });

  it("credits rejected payment", async function () {
    const { shares, rejecter, wallet, founders } = await loadFixture(deployReceiversFixture);
    const rejecterAddress = await rejecter.getAddress();
    await requestFrom(shares, rejecter, 5n);
    await time.increase(NOTICE);

    await shares.payDue(10n);

    expect(await shares.creditOf(rejecterAddress)).to.equal(5n * NOMINAL);
    expect(await shares.totalCredited()).to.equal(5n * NOMINAL);
    await expectAccounting(shares, [rejecterAddress, await wallet.getAddress(), founders[0].address]);
  });

  it("lets rejecter withdraw elsewhere", async function () {
    const { shares, rejecter, outsiders } = await loadFixture(deployReceiversFixture);
    await requestFrom(shares, rejecter, 5n);
    await time.increase(NOTICE);
    await shares.payDue(10n);
    const data = shares.interface.encodeFunctionData("withdrawCredit", [outsiders[0].address]);

    await expect(rejecter.execute(await shares.getAddress(), data)).to.changeEtherBalance(outsiders[0], 5n * NOMINAL);
    expect(await shares.totalCredited()).to.equal(0n);
  });

  it("bounds gas of receiver burning it", async function () {
    const { shares, rejecter, founders } = await loadFixture(deployReceiversFixture);
    await rejecter.setMode(2); // ConsumeGas
    await requestFrom(shares, rejecter, 5n);
    await shares.connect(founders[0]).requestRedemption(3n);
    await time.increase(NOTICE);

    const receipt = await (await shares.payDue(10n)).wait();

    expect(await shares.creditOf(await rejecter.getAddress())).to.equal(5n * NOMINAL);
    expect(await shares.pendingSharesOf(founders[0].address)).to.equal(0n);
    // One capped payment call plus bookkeeping, far from the block gas limit.
    expect(receipt!.gasUsed).to.be.lessThan(250_000n);
  });

  it("credits account blocked by token", async function () {
    const { shares, token, founders, outsiders } = await loadFixture(deployBlocklistTokenSharesFixture);
    for (const founder of founders.slice(0, 3)) await shares.connect(founder).subscribe(10n);
    await shares.connect(founders[0]).requestRedemption(4n);
    await shares.connect(founders[1]).requestRedemption(4n);
    await token.setBlocked(founders[0].address, true);
    await time.increase(NOTICE);

    await expect(shares.payDue(10n)).to.changeTokenBalance(token, founders[1], 4n * TOKEN_NOMINAL_VALUE);
    expect(await shares.creditOf(founders[0].address)).to.equal(4n * TOKEN_NOMINAL_VALUE);

    await expect(shares.connect(founders[0]).withdrawCredit(outsiders[0].address)).to.changeTokenBalance(
      token,
      outsiders[0],
      4n * TOKEN_NOMINAL_VALUE,
    );
    await expectAccounting(
      shares,
      founders.map((founder) => founder.address),
    );
  });
});
