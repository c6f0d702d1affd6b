import { ZeroAddress } from "ethers";

import type { CoopShares } from "../../typechain-types";
import { isoTime } from "../chain/time";
import { formatAmount, type TokenUnits } from "./amounts";

/** A pending redemption request as the share tasks print it. */
export interface QueuedRedemption {
  id: bigint;
  holder: string;
  shares: bigint;
  /**
   * Nominal value of the request's shares, which paying it takes out of the capital, in the
   * payment token's smallest unit. It is also what the holder receives, unless losses are recorded.
   * NOTE: while losses are recorded, the holder receives less, and `shares:losses` shows the value per share.
   */
  amount: bigint;
  /** Due date as an ISO 8601 date in UTC. */
  dueAt: string;
  /** Whether the request is due at the latest block's timestamp. */
  dueNow: boolean;
}

/**
 * State of the first pending request, which `payDue` pays first and which blocks all later ones:
 * - `not-due`: its notice period has not ended.
 * - `below-floor`: paying it would leave the capital below the capital floor.
 * - `capital-in-treasury`: the capital in the shares contract is less than the payment, because the
 *   rest was moved to the treasury.
 * - `payable`: `payDue` would pay it now.
 */
export type HeadState = "not-due" | "below-floor" | "capital-in-treasury" | "payable";

/** Status of the first pending request, with a sentence that explains it. */
export interface HeadStatus {
  requestId: bigint;
  state: HeadState;
  reason: string;
}

/** The first pending requests of the redemption queue and the status of the first one. */
export interface RedemptionQueue {
  head: bigint;
  tail: bigint;
  /** Pending requests among the first `limit` request ids from the head, without cancelled ones. */
  requests: QueuedRedemption[];
  /** Number of request ids after those read, cancelled ones included. */
  unlistedIds: bigint;
  /** Status of the first listed request, or null when none is listed. */
  headStatus: HeadStatus | null;
}

/** Largest number of request ids that the share tasks read from the head of the queue. */
export const QUEUE_LIST_LIMIT = 20n;

/**
 * Reads at most `limit` request ids from the head of the redemption queue, and works out whether
 * `payDue` would pay the first pending one, by the same checks in the same order as the contract.
 * `now` is the timestamp that counts as the present, normally the latest block's.
 */
export async function readRedemptionQueue(
  shares: CoopShares,
  units: TokenUnits,
  now: bigint,
  limit: bigint = QUEUE_LIST_LIMIT,
): Promise<RedemptionQueue> {
  const [[head, tail], nominal] = await Promise.all([shares.queueBounds(), shares.nominalValue()]);
  const end = tail - head > limit ? head + limit : tail;

  const requests: QueuedRedemption[] = [];
  for (let id = head; id < end; id++) {
    const request = await shares.redemption(id);
    // A cancelled request stays in the queue as an empty slot, which payDue skips.
    if (request.holder === ZeroAddress) continue;
    requests.push({
      id,
      holder: request.holder,
      shares: request.shares,
      amount: request.shares * nominal,
      dueAt: isoTime(request.dueAt),
      dueNow: request.dueAt <= now,
    });
  }

  const first = requests.at(0);
  const headStatus = first === undefined ? null : await describeHead(shares, units, first);
  return { head, tail, requests, unlistedIds: tail - end, headStatus };
}

/** Returns why `payDue` would or would not pay `request`, the first pending request. */
async function describeHead(shares: CoopShares, units: TokenUnits, request: QueuedRedemption): Promise<HeadStatus> {
  const requestId = request.id;
  const amount = formatAmount(request.amount, units);
  if (!request.dueNow) {
    return {
      requestId,
      state: "not-due",
      reason: `no request is due yet: the next one, request ${requestId} (${amount}), is due at ${request.dueAt}`,
    };
  }

  const [capital, floor, held, inTreasury] = await Promise.all([
    shares.capital(),
    shares.capitalFloor(),
    shares.heldCapital(),
    shares.capitalInTreasury(),
  ]);
  // payDue checks the floor first, then the capital held by the contract.
  const left = capital - request.amount;
  if (left < floor) {
    return {
      requestId,
      state: "below-floor",
      reason:
        `paying request ${requestId} (${amount}) would leave ${formatAmount(left, units)} of capital, ` +
        `below the floor of ${formatAmount(floor, units)}: it waits until new subscriptions raise the capital`,
    };
  }
  if (request.amount > held) {
    return {
      requestId,
      state: "capital-in-treasury",
      reason:
        `paying request ${requestId} (${amount}) needs more than the ${formatAmount(held, units)} that the ` +
        `shares contract holds, because ${formatAmount(inTreasury, units)} of capital is in the treasury: ` +
        "it waits until the timelock returns capital with returnFromTreasury",
    };
  }
  return { requestId, state: "payable", reason: `request ${requestId} (${amount}) is due and payable now` };
}

/** Returns the lines that list `queue`'s requests, one per request, then the unlisted count. */
export function queueLines(queue: RedemptionQueue, units: TokenUnits): string[] {
  if (queue.head === queue.tail) return ["Redemption queue: empty"];
  const lines = [`Redemption queue: request ids ${queue.head} to ${queue.tail - 1n}`];
  for (const request of queue.requests) {
    lines.push(
      `  request ${request.id}: ${request.shares} share(s) of ${request.holder}, ` +
        `${formatAmount(request.amount, units)}, due ${request.dueAt}${request.dueNow ? " (due now)" : ""}`,
    );
  }
  if (queue.unlistedIds > 0n) lines.push(`  ... and ${queue.unlistedIds} more request ids, cancelled ones included`);
  if (queue.headStatus !== null) lines.push(`Next payment: ${queue.headStatus.reason}.`);
  return lines;
}
