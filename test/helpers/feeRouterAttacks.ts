import { expect } from "chai";
import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, type ContractTransactionReceipt } from "ethers";

import { IERC20__factory, type CoopMembership, type FeeRouter } from "../../typechain-types";
import { DEFAULT_FEES } from "../../src/deploy/cooperative";
import { impersonate } from "./accounts";
import { deployCoopFixture, type CoopFixture } from "./fixtures";

/** The token address that stands for ETH in the fee router. */
export const ETHER = ZeroAddress;

/** Basis points in 100%. */
export const BPS = 10_000n;

/** Service fee of a newly deployed cooperative: 1% of each payment. */
export const SERVICE_FEE_BPS = BigInt(DEFAULT_FEES.serviceFeeBps);

/** Membership dues of a newly deployed cooperative: 0.1% of each payment to a member. */
export const DUES_BPS = BigInt(DEFAULT_FEES.duesBps);

/** An empty order CID: payments in these tests name no order. */
export const NO_ORDER = "0x";

/**
 * A cooperative and its fee router, deployed with the default fees: 1% service fee and 0.1% dues,
 * both paid to the timelock.
 */
export interface RouterFixture extends CoopFixture {
  router: FeeRouter;
  routerAddress: string;
  /** The router called from the impersonated timelock. */
  routerByTimelock: FeeRouter;
  /** The member register called from the impersonated timelock. */
  membershipByTimelock: CoopMembership;
  timelockAddress: string;
  /** The impersonated timelock, funded for gas. */
  timelockSigner: HardhatEthersSigner;
}

/**
 * Deploys the standard test cooperative and has its timelock list `tokens` in the fee router, which
 * accepts ETH from the start. Call it from a named fixture function passed to `loadFixture`.
 */
export async function deployRouterFixture(tokens: string[] = []): Promise<RouterFixture> {
  const coop = await deployCoopFixture();
  const timelockAddress = await coop.timelock.getAddress();
  const timelockSigner = await impersonate(timelockAddress);
  const router = coop.feeRouter;
  const routerByTimelock = router.connect(timelockSigner);
  for (const token of tokens) {
    await routerByTimelock.setTokenAccepted(token, true);
  }
  return {
    ...coop,
    router,
    routerAddress: await router.getAddress(),
    routerByTimelock,
    membershipByTimelock: coop.membership.connect(timelockSigner),
    timelockAddress,
    timelockSigner,
  };
}

/** Returns the balance of `account` in `token`, or in ETH for {@link ETHER}. */
export async function balanceIn(token: string, account: string): Promise<bigint> {
  if (token === ETHER) return ethers.provider.getBalance(account);
  return IERC20__factory.connect(token, ethers.provider).balanceOf(account);
}

/** The split of a payment by the rates the cooperative voted, computed here independently of the router. */
export interface Split {
  serviceFee: bigint;
  dues: bigint;
  net: bigint;
}

/**
 * Splits `amount` by the statutes' rule: each fee is the amount times its rate, rounded down, with
 * dues only for a member payee, and the payee gets the rest.
 */
export function expectedSplit(amount: bigint, serviceFeeBps: bigint, duesBps: bigint, member: boolean): Split {
  const serviceFee = (amount * serviceFeeBps) / BPS;
  const dues = member ? (amount * duesBps) / BPS : 0n;
  return { serviceFee, dues, net: amount - serviceFee - dues };
}

/** What the router owes in one token and what it holds. */
export interface RouterBooks {
  balance: bigint;
  serviceFees: bigint;
  dues: bigint;
  totalCredited: bigint;
  /** Allocated surpluses not yet claimed or reclaimed. */
  surplusHeld: bigint;
  excess: bigint;
}

/** Reads the books of `router` in `token`, and its balance of that token. */
export async function readBooks(router: FeeRouter, token: string): Promise<RouterBooks> {
  const [serviceFees, dues] = await router.accruedFees(token);
  return {
    balance: await balanceIn(token, await router.getAddress()),
    serviceFees,
    dues,
    totalCredited: await router.totalCredited(token),
    surplusHeld: await router.surplusHeld(token),
    excess: await router.excessOf(token),
  };
}

/**
 * Asserts that the router holds at least what it owes in `token`, and that `excessOf` is exactly
 * the difference. Returns the books read.
 */
export async function expectSolvent(router: FeeRouter, token: string, label = token): Promise<RouterBooks> {
  const books = await readBooks(router, token);
  const owed = books.serviceFees + books.dues + books.totalCredited + books.surplusHeld;
  expect(books.balance, `${label}: balance covers fees, dues, credits and surpluses`).to.be.at.least(owed);
  expect(books.excess, `${label}: excess is balance minus what is owed`).to.equal(books.balance - owed);
  return books;
}

/** The `PaymentMade` event of a payment receipt, as named values. */
export interface PaymentRecord extends Split {
  payer: string;
  payee: string;
  token: string;
  amount: bigint;
  credited: boolean;
}

/** Returns the single `PaymentMade` event of `receipt`, which must contain exactly one. */
export function paymentOf(router: FeeRouter, receipt: ContractTransactionReceipt | null): PaymentRecord {
  const events = (receipt?.logs ?? [])
    .map((log) => router.interface.parseLog(log))
    .filter((event) => event?.name === "PaymentMade");
  expect(events, "PaymentMade events").to.have.length(1);
  const args = events[0]!.args;
  return {
    payer: args.payer,
    payee: args.payee,
    token: args.token,
    amount: args.amount,
    serviceFee: args.serviceFee,
    dues: args.dues,
    net: args.net,
    credited: args.credited,
  };
}

/** Sends a payment of `amount` wei from `payer` to `payee` and returns its receipt. */
export async function payEther(
  router: FeeRouter,
  payer: HardhatEthersSigner,
  payee: string,
  amount: bigint,
): Promise<ContractTransactionReceipt | null> {
  return (await router.connect(payer).payEther(payee, NO_ORDER, { value: amount })).wait();
}

// Permits are signed as in the unit tests of the router.
export { signPermit, type PermitSignature as SignedPermit } from "./feeRouter";
