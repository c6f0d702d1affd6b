import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, id, type BigNumberish, type BytesLike } from "ethers";

import { DEFAULT_CAPITAL } from "../../src/deploy/cooperative";
import { VoteSupport, proposalState, queue, type Action, type Proposal } from "../../src/governance/proposals";
import { EtherReceiverMock__factory, type EtherReceiverMock, type HookTokenMock } from "../../typechain-types";
import { contractAction, endVote, openProposal, voteAll, type ProposalHandle } from "../helpers/governance";
import {
  TOKEN_BALANCE,
  TOKEN_NOMINAL_VALUE,
  deployHookTokenSharesFixture,
  expectAccounting,
  type TokenSharesFixture,
} from "../helpers/shares";

/**
 * In April 2020 an attacker drained about $25 million from the Lendf.Me lending pool with imBTC,
 * an ERC-777 token that calls the sender's `tokensToSend` hook before it moves any balance. From
 * inside the hook of a deposit, the attacker withdrew their deposit, and the deposit then stored
 * a balance read before the withdrawal, so the same tokens counted twice (source: SlowMist,
 * "Details of Lendf.Me Reentrancy Attack").
 *
 * Here the payment token calls a hook once armed, as imBTC did, and the hook calls back into the
 * share capital from inside one of its payments. Every such call reverts with
 * `ReentrancyGuardReentrantCall`. A subscription, a treasury transfer or a withdrawal then
 * reverts whole, and `payDue` credits the payment to the holder instead, so nothing is issued,
 * counted or paid twice.
 */

const NOMINAL = TOKEN_NOMINAL_VALUE;
const NOTICE = DEFAULT_CAPITAL.noticePeriod;

/**
 * Hook-token cooperative where founders 0 to 2 and a member contract, the attacker, own 10 shares
 * each. The attacker has {@link TOKEN_BALANCE} more tokens and has approved the shares contract.
 */
interface HookFixture extends TokenSharesFixture<HookTokenMock> {
  attacker: EtherReceiverMock;
  attackerAddress: string;
  sharesAddress: string;
}

async function deployHookFixture(): Promise<HookFixture> {
  const fixture = await deployHookTokenSharesFixture();
  const { shares, token, founders, membershipByTimelock } = fixture;
  const sharesAddress = await shares.getAddress();
  for (const founder of founders.slice(0, 3)) await shares.connect(founder).subscribe(10n);

  const attacker = await new EtherReceiverMock__factory(fixture.deployer).deploy();
  const attackerAddress = await attacker.getAddress();
  await membershipByTimelock.admit(attackerAddress);
  await token.mint(attackerAddress, TOKEN_BALANCE);
  await attacker.execute(
    await token.getAddress(),
    token.interface.encodeFunctionData("approve", [sharesAddress, TOKEN_BALANCE]),
  );
  await attacker.execute(sharesAddress, shares.interface.encodeFunctionData("subscribe", [10n]));
  return { ...fixture, attacker, attackerAddress, sharesAddress };
}

/**
 * The hook fixture where the attacker has 5 shares' worth of credit. Its redemption was paid while
 * the hook re-entered `payDue`, so the transfer reverted and the payment was credited instead.
 */
async function deployCreditedFixture(): Promise<HookFixture> {
  const fixture = await deployHookFixture();
  const { shares, token, attackerAddress } = fixture;
  await sendFromAttacker(fixture, shares.interface.encodeFunctionData("requestRedemption", [5n]));
  await time.increase(NOTICE);
  await token.setHook(attackerAddress, viaAttacker(fixture, shares.interface.encodeFunctionData("payDue", [1n])));
  await shares.payDue(1n);
  // The failed transfer reverted the hook's disarming too, so the hook is still armed.
  await token.setHook(ZeroAddress, "0x");
  return fixture;
}

/** Returns the calldata that makes the attacker contract send `data` to the shares contract. */
function viaAttacker(fixture: HookFixture, data: string): string {
  return fixture.attacker.interface.encodeFunctionData("execute", [fixture.sharesAddress, data]);
}

/** Sends `data` to the shares contract from the attacker contract. */
function sendFromAttacker(fixture: HookFixture, data: string) {
  return fixture.attacker.execute(fixture.sharesAddress, data);
}

/** Reads the accounting of the share capital and the token balances that a re-entrant call could change. */
async function readState(fixture: HookFixture): Promise<Record<string, bigint>> {
  const { shares, token, timelock, attackerAddress, sharesAddress } = fixture;
  const [queueHead, queueTail] = await shares.queueBounds();
  return {
    totalShares: await shares.totalShares(),
    totalPendingShares: await shares.totalPendingShares(),
    heldCapital: await shares.heldCapital(),
    capitalInTreasury: await shares.capitalInTreasury(),
    totalCredited: await shares.totalCredited(),
    queueHead,
    queueTail,
    attackerShares: await shares.sharesOf(attackerAddress),
    attackerCredit: await shares.creditOf(attackerAddress),
    attackerBalance: await token.balanceOf(attackerAddress),
    sharesBalance: await token.balanceOf(sharesAddress),
    treasuryBalance: await token.balanceOf(await timelock.getAddress()),
  };
}

/** Returns every account that owns shares in the hook fixture. */
function holders(fixture: HookFixture): string[] {
  return [...fixture.founders.map((founder) => founder.address), fixture.attackerAddress];
}

/** Proposes `actions` from founder 0, passes them with founders 0 to 2 and queues them in the timelock. */
async function queueProposal(fixture: HookFixture, actions: Action[], description: string): Promise<ProposalHandle> {
  const { governor, founders } = fixture;
  const handle = await openProposal(governor, founders[0], actions, description);
  await voteAll(governor, handle.id, founders.slice(0, 3), VoteSupport.For);
  await endVote(governor, handle.id);
  await queue(governor, handle.proposal);
  return handle;
}

/** Returns the arguments of `execute` for `proposal`: targets, values, calldatas and description hash. */
function executeArgs(proposal: Proposal): [string[], BigNumberish[], BytesLike[], string] {
  return [proposal.targets, proposal.values, proposal.calldatas, id(proposal.description)];
}

describe("Token hook reentrancy", function () {
  it("subscribes when hook does not reenter", async function () {
    const fixture = await loadFixture(deployHookFixture);
    const { shares, token, attackerAddress, sharesAddress } = fixture;
    const harmlessCall = shares.interface.encodeFunctionData("capital");
    await token.setHook(sharesAddress, harmlessCall);

    await expect(sendFromAttacker(fixture, shares.interface.encodeFunctionData("subscribe", [2n])))
      .to.emit(token, "HookCalled")
      .withArgs(sharesAddress, harmlessCall);

    expect(await shares.sharesOf(attackerAddress)).to.equal(12n);
    expect(await token.hookTarget()).to.equal(ZeroAddress);
    await expect(sendFromAttacker(fixture, shares.interface.encodeFunctionData("subscribe", [1n]))).not.to.emit(
      token,
      "HookCalled",
    );
  });

  it("rejects subscribe reentered from hook", async function () {
    const fixture = await loadFixture(deployHookFixture);
    const { shares, token, attackerAddress } = fixture;
    const subscribeTwo = shares.interface.encodeFunctionData("subscribe", [2n]);
    // Without the guard the outer call would measure both payments, 4 shares' worth for 2 shares,
    // and revert with CoopSharesPaymentMismatch.
    await token.setHook(attackerAddress, viaAttacker(fixture, subscribeTwo));
    const before = await readState(fixture);

    await expect(sendFromAttacker(fixture, subscribeTwo)).to.be.revertedWithCustomError(
      shares,
      "ReentrancyGuardReentrantCall",
    );

    expect(await shares.sharesOf(attackerAddress)).to.equal(10n);
    expect(await readState(fixture)).to.deep.equal(before);
  });

  it("rejects interest funding counted twice", async function () {
    const fixture = await loadFixture(deployHookFixture);
    const { shares, token, attackerAddress } = fixture;
    // Without the guard the outer call would measure both transfers and count the inner one twice.
    const fundOne = shares.interface.encodeFunctionData("fundInterest", [NOMINAL]);
    await token.setHook(attackerAddress, viaAttacker(fixture, fundOne));

    await expect(
      sendFromAttacker(fixture, shares.interface.encodeFunctionData("fundInterest", [2n * NOMINAL])),
    ).to.be.revertedWithCustomError(shares, "ReentrancyGuardReentrantCall");

    expect(await shares.interestPot()).to.equal(0n);
  });

  it("rejects interest claim reentered from hook", async function () {
    const fixture = await loadFixture(deployHookFixture);
    const { shares, sharesByTimelock, token, founders, attackerAddress } = fixture;
    await sharesByTimelock.setInterestRate(500);
    await shares.connect(founders[0]).fundInterest(10n * NOMINAL);
    await time.increase(365 * 86_400);
    const claim = shares.interface.encodeFunctionData("claimInterest", [attackerAddress]);
    await token.setHook(attackerAddress, viaAttacker(fixture, claim));

    await expect(sendFromAttacker(fixture, claim)).to.be.revertedWithCustomError(
      shares,
      "ReentrancyGuardReentrantCall",
    );

    expect(await shares.interestPot()).to.equal(10n * NOMINAL);
  });

  it("rejects nested return counted twice", async function () {
    const fixture = await loadFixture(deployHookFixture);
    const { shares, sharesByTimelock, token, attackerAddress } = fixture;
    await sharesByTimelock.moveToTreasury(10n * NOMINAL);
    // Without the guard the nested call would count its 3 shares' worth, then the outer call would
    // measure both transfers and count 5 more, so held capital would grow by 8 while only 5 arrived.
    const nestedReturn = shares.interface.encodeFunctionData("returnFromTreasury", [3n * NOMINAL]);
    await token.setHook(attackerAddress, viaAttacker(fixture, nestedReturn));
    const before = await readState(fixture);

    await expect(
      sendFromAttacker(fixture, shares.interface.encodeFunctionData("returnFromTreasury", [2n * NOMINAL])),
    ).to.be.revertedWithCustomError(shares, "ReentrancyGuardReentrantCall");

    expect(await shares.capitalInTreasury()).to.equal(10n * NOMINAL);
    expect(await shares.heldCapital()).to.equal(30n * NOMINAL);
    expect(await readState(fixture)).to.deep.equal(before);
    await expectAccounting(shares, holders(fixture));
  });

  it("credits payment whose hook reenters payDue", async function () {
    const fixture = await loadFixture(deployHookFixture);
    const { shares, token, attackerAddress } = fixture;
    await sendFromAttacker(fixture, shares.interface.encodeFunctionData("requestRedemption", [5n]));
    await time.increase(NOTICE);
    await token.setHook(attackerAddress, viaAttacker(fixture, shares.interface.encodeFunctionData("payDue", [1n])));

    await expect(shares.payDue(1n))
      .to.emit(shares, "RedemptionPaid")
      .withArgs(0n, attackerAddress, 5n * NOMINAL, true);

    expect(await shares.creditOf(attackerAddress)).to.equal(5n * NOMINAL);
    expect(await token.balanceOf(attackerAddress)).to.equal(TOKEN_BALANCE - 10n * NOMINAL);
    expect(await token.hookTarget(), "hook still armed after the failed transfer").to.equal(attackerAddress);
    await expectAccounting(shares, holders(fixture));
  });

  it("rejects withdrawal reentered from hook", async function () {
    const fixture = await loadFixture(deployCreditedFixture);
    const { shares, token, attackerAddress } = fixture;
    const withdraw = shares.interface.encodeFunctionData("withdrawCredit", [attackerAddress]);
    // Without the guard the nested call would find the credit already cleared and revert with
    // CoopSharesNoCredit, because the credit is cleared before the transfer.
    await token.setHook(attackerAddress, viaAttacker(fixture, withdraw));
    const before = await readState(fixture);

    await expect(sendFromAttacker(fixture, withdraw)).to.be.revertedWithCustomError(
      shares,
      "ReentrancyGuardReentrantCall",
    );

    expect(await shares.creditOf(attackerAddress)).to.equal(5n * NOMINAL);
    expect(await token.balanceOf(attackerAddress)).to.equal(TOKEN_BALANCE - 10n * NOMINAL);
    expect(await readState(fixture)).to.deep.equal(before);
    await expectAccounting(shares, holders(fixture));
  });

  it("withdraws credit when hook is off", async function () {
    const fixture = await loadFixture(deployCreditedFixture);
    const { shares, token, attackerAddress } = fixture;

    await expect(
      sendFromAttacker(fixture, shares.interface.encodeFunctionData("withdrawCredit", [attackerAddress])),
    ).to.changeTokenBalance(token, attackerAddress, 5n * NOMINAL);
    expect(await shares.totalCredited()).to.equal(0n);
  });

  it("rejects treasury move reentered from hook", async function () {
    const fixture = await loadFixture(deployHookFixture);
    const { shares, governor, token } = fixture;
    // Anyone may execute a queued proposal, so the hook executes the second move while the first
    // one sends tokens to the timelock. Without the guard both moves would succeed, because
    // moveToTreasury updates its accounting before it sends.
    const first = await queueProposal(
      fixture,
      [await contractAction(shares, "moveToTreasury", [4n * NOMINAL])],
      "Move 4 shares' worth to the treasury",
    );
    const second = await queueProposal(
      fixture,
      [await contractAction(shares, "moveToTreasury", [3n * NOMINAL])],
      "Move 3 shares' worth to the treasury",
    );
    await time.increaseTo(await governor.proposalEta(second.id));
    await token.setHook(
      await governor.getAddress(),
      governor.interface.encodeFunctionData("execute", executeArgs(second.proposal)),
    );
    const before = await readState(fixture);

    await expect(governor.execute(...executeArgs(first.proposal))).to.be.revertedWithCustomError(
      shares,
      "ReentrancyGuardReentrantCall",
    );

    expect(await shares.heldCapital()).to.equal(40n * NOMINAL);
    expect(await shares.capitalInTreasury()).to.equal(0n);
    expect(await readState(fixture)).to.deep.equal(before);
    expect(await proposalState(governor, first.id)).to.equal("Queued");
    expect(await proposalState(governor, second.id)).to.equal("Queued");
  });
});
