import { getAddress, type LogDescription, type TransactionReceipt } from "ethers";

import type { FeeRouter } from "../../typechain-types";

/** A payment through the fee router, from its `PaymentMade` event. Amounts are in the token's smallest unit. */
export interface Payment {
  payer: string;
  payee: string;
  /** The ERC-20 token, or the zero address for ETH. */
  token: string;
  /** Gross amount that arrived at the router, equal to `serviceFee + dues + net`. */
  amount: bigint;
  serviceFee: bigint;
  dues: bigint;
  /** The payee's part, sent to them or, when `credited`, added to their credit. */
  net: bigint;
  credited: boolean;
  /** Binary CID of the order, in hex, or "0x" for none. */
  orderCid: string;
}

/** The two pots of the fee router, by the index of its `Pot` enum. */
export const POTS = ["serviceFees", "dues"] as const;

/** One pot emptied by `releaseFees`, from a `FeesReleased` event. */
export interface FeeRelease {
  token: string;
  pot: (typeof POTS)[number];
  recipient: string;
  amount: bigint;
  /** True when the transfer failed and the amount went to the recipient's credit instead. */
  credited: boolean;
}

/** A credit paid out by `withdrawCredit` or `pushCredit`, from a `CreditWithdrawn` event. */
export interface CreditWithdrawal {
  token: string;
  account: string;
  to: string;
  amount: bigint;
}

/** A surplus allocated to a closed accounting period, from a `SurplusAllocated` event. */
export interface SurplusAllocation {
  period: bigint;
  token: string;
  /** Amount received by the router, less than the amount sent for a fee-on-transfer token. */
  amount: bigint;
  /** Last second, in Unix time, at which members may claim. */
  claimDeadline: bigint;
}

/** A patronage refund claimed by a member, from a `RefundClaimed` event. */
export interface RefundClaim {
  period: bigint;
  token: string;
  account: string;
  amount: bigint;
  /** True when the transfer failed and the refund went to the account's credit instead. */
  credited: boolean;
}

/** Returns the surplus allocations that `receipt` records for `router`, in log order. */
export async function surplusAllocationsIn(
  router: FeeRouter,
  receipt: TransactionReceipt,
): Promise<SurplusAllocation[]> {
  return (await eventsIn(router, receipt, "SurplusAllocated")).map(({ args }) => ({
    period: BigInt(args.period),
    token: String(args.token),
    amount: BigInt(args.amount),
    claimDeadline: BigInt(args.claimDeadline),
  }));
}

/** The unclaimed part of a period's surplus returned to the treasury, from a `SurplusReclaimed` event. */
export interface SurplusReclaim {
  period: bigint;
  token: string;
  treasury: string;
  /** Amount that members left unclaimed, rounding included, possibly zero. */
  remainder: bigint;
  /** Whether the transfer to the treasury failed and the remainder was credited to it instead. */
  credited: boolean;
}

/** Returns the surplus reclaims that `receipt` records for `router`, in log order. */
export async function surplusReclaimsIn(router: FeeRouter, receipt: TransactionReceipt): Promise<SurplusReclaim[]> {
  return (await eventsIn(router, receipt, "SurplusReclaimed")).map(({ args }) => ({
    period: BigInt(args.period),
    token: String(args.token),
    treasury: String(args.treasury),
    remainder: BigInt(args.amount),
    credited: Boolean(args.credited),
  }));
}

/** Returns the refund claims that `receipt` records for `router`, in log order. */
export async function refundClaimsIn(router: FeeRouter, receipt: TransactionReceipt): Promise<RefundClaim[]> {
  return (await eventsIn(router, receipt, "RefundClaimed")).map(({ args }) => ({
    period: BigInt(args.period),
    token: String(args.token),
    account: String(args.account),
    amount: BigInt(args.amount),
    credited: Boolean(args.credited),
  }));
}

/** Returns the payments that `receipt` records for `router`, in log order. */
export async function paymentsIn(router: FeeRouter, receipt: TransactionReceipt): Promise<Payment[]> {
  return (await eventsIn(router, receipt, "PaymentMade")).map(({ args }) => ({
    payer: String(args.payer),
    payee: String(args.payee),
    token: String(args.token),
    amount: BigInt(args.amount),
    serviceFee: BigInt(args.serviceFee),
    dues: BigInt(args.dues),
    net: BigInt(args.net),
    credited: Boolean(args.credited),
    orderCid: String(args.orderCid),
  }));
}

/** Returns the fee releases that `receipt` records for `router`, in log order. */
export async function releasesIn(router: FeeRouter, receipt: TransactionReceipt): Promise<FeeRelease[]> {
  return (await eventsIn(router, receipt, "FeesReleased")).map(({ args }) => ({
    token: String(args.token),
    pot: POTS[Number(args.pot)],
    recipient: String(args.recipient),
    amount: BigInt(args.amount),
    credited: Boolean(args.credited),
  }));
}

/** Returns the credit payouts that `receipt` records for `router`, in log order. */
export async function withdrawalsIn(router: FeeRouter, receipt: TransactionReceipt): Promise<CreditWithdrawal[]> {
  return (await eventsIn(router, receipt, "CreditWithdrawn")).map(({ args }) => ({
    token: String(args.token),
    account: String(args.account),
    to: String(args.to),
    amount: BigInt(args.amount),
  }));
}

/**
 * Returns every ERC-20 token that governance or the deployment ever listed on `router`, in the
 * order of their first listing, whether or not they are still accepted: a delisted token may still
 * hold fees and credits.
 */
export async function listedTokens(router: FeeRouter): Promise<string[]> {
  const events = await router.queryFilter(router.filters.TokenAcceptanceSet());
  return [...new Set(events.map((event) => getAddress(event.args.token)))];
}

async function eventsIn(router: FeeRouter, receipt: TransactionReceipt, name: string): Promise<LogDescription[]> {
  const address = (await router.getAddress()).toLowerCase();
  const events: LogDescription[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = router.interface.parseLog(log);
    if (parsed !== null && parsed.name === name) events.push(parsed);
  }
  return events;
}

/**
 * Returns the shortfall of a token: what the router owes (its two pots, all credits and the
 * surpluses kept for patronage refunds) minus its balance, or zero when the balance covers it. Only a token whose balances
 * shrink on their own, such as a rebasing token, can leave the router short.
 */
export function shortfallOf(
  balance: bigint,
  serviceFees: bigint,
  dues: bigint,
  credited: bigint,
  surplusHeld = 0n,
): bigint {
  const owed = serviceFees + dues + credited + surplusHeld;
  return owed > balance ? owed - balance : 0n;
}
