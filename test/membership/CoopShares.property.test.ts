import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import fc from "fast-check";
import type { Interface, TransactionReceipt, TransactionResponse } from "ethers";

import { DEFAULT_CAPITAL } from "../../src/deploy/cooperative";
import {
  BlocklistTokenMock__factory,
  CoopSharesLensMock__factory,
  EtherReceiverMock__factory,
  type BlocklistTokenMock,
  type CoopSharesLensMock,
  type CoopShares,
  type EtherReceiverMock,
} from "../../typechain-types";
import { deployBlocklistTokenSharesFixture, deployEthSharesFixture } from "../helpers/shares";

/**
 * Random runs, each in ETH or in an ERC-20, and actions per run. Thirty runs of 25 actions took 9 to
 * 15 s on a 2-core machine. In each of three samples, some payments stopped at the floor, at the
 * held capital and at the notice period, and some were credited. With losses and interest mixed in,
 * each of two samples had payments reduced by losses, interest claims paid and claims rejected for a
 * short pot.
 */
const RUNS = 30;
const ACTIONS_PER_RUN = 25;

/** Number of holders that act in each run. */
const ACTOR_COUNT = 4;

/** Shares each holder subscribes before the random actions, so that most requests are valid. */
const INITIAL_SHARES = 10n;

const DAY = 86_400;

const YEAR = 365n * BigInt(DAY);

/** Fixed-point scale of the contract's interest index. */
const INDEX_SCALE = 10n ** 18n;

const BPS = 10_000n;

/** Interest rates voted in the runs, in basis points; 601 is above the maximum and rejected. */
const RATES = [0n, 100n, 500n, 600n, 601n];

/** Maximum interest rate of the contract, in basis points. */
const MAX_RATE = 600n;

type Action =
  | { kind: "subscribe"; actor: number; count: bigint }
  | { kind: "request"; actor: number; count: bigint }
  | { kind: "cancel"; actor: number; pick: number }
  | { kind: "payDue"; maxCount: bigint }
  | { kind: "moveToTreasury"; percent: bigint }
  | { kind: "returnFromTreasury"; percent: bigint }
  | { kind: "withdrawCredit"; actor: number }
  | { kind: "donate"; amount: bigint }
  | { kind: "block"; actor: number; blocked: boolean }
  | { kind: "setCapitalFloor"; floorBps: bigint }
  | { kind: "advance"; seconds: number }
  | { kind: "recordLosses"; percent: bigint }
  | { kind: "recordRecovery"; percent: bigint }
  | { kind: "withdrawTimelockCredit" }
  | { kind: "setInterestRate"; rateBps: bigint }
  | { kind: "fundInterest"; percent: bigint }
  | { kind: "claimInterest"; actor: number };

const actor = fc.integer({ min: 0, max: ACTOR_COUNT - 1 });
const percent = fc.bigInt({ min: 0n, max: 100n });

/** Time steps: mostly within a day, sometimes about one notice period (30 days by default). */
const seconds = fc.oneof(
  { weight: 1, arbitrary: fc.integer({ min: 1, max: DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: 25 * DAY, max: 35 * DAY }) },
);

/** Actions of both runs. `block` only applies to the token run; the ETH run skips it. */
const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("subscribe" as const), actor, count: fc.bigInt(1n, 5n) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("request" as const), actor, count: fc.bigInt(1n, 6n) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cancel" as const), actor, pick: fc.nat(3) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("payDue" as const), maxCount: fc.bigInt(0n, 5n) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("moveToTreasury" as const), percent }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("returnFromTreasury" as const), percent }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdrawCredit" as const), actor }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("donate" as const), amount: fc.bigInt(1n, 10n ** 6n) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("block" as const), actor, blocked: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("advance" as const), seconds }) },
  // A percent of 101 requests one unit more than the capital can bear, and is rejected.
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("recordLosses" as const), percent: fc.bigInt(0n, 101n) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("recordRecovery" as const), percent }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdrawTimelockCredit" as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("setInterestRate" as const), rateBps: fc.constantFrom(...RATES) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("fundInterest" as const), percent: fc.bigInt(1n, 100n) }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("claimInterest" as const), actor }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("setCapitalFloor" as const),
      floorBps: fc.constantFrom(0n, 5_000n, 8_000n, 9_500n, 10_000n),
    }),
  },
);

/** A redemption request in the model. */
interface ModelRequest {
  holder: number;
  shares: bigint;
  dueAt: bigint;
  open: boolean;
}

/**
 * An independent model of the share capital: what the contract should hold after each action.
 * It follows the rules of the statutes, not the contract's code.
 */
class CapitalModel {
  shares: bigint[] = Array(ACTOR_COUNT).fill(0n);
  pending: bigint[] = Array(ACTOR_COUNT).fill(0n);
  credit: bigint[] = Array(ACTOR_COUNT).fill(0n);
  blocked: boolean[] = Array(ACTOR_COUNT).fill(false);
  queue: ModelRequest[] = [];
  head = 0;
  heldCapital = 0n;
  inTreasury = 0n;
  highest = 0n;
  losses = 0n;
  timelockCredit = 0n;
  /** Tokens or ETH sent to the contract outside any function: not capital, never paid out. */
  donated = 0n;
  rateBps = 0n;
  interestIndex = 0n;
  interestUpdatedAt = 0n;
  indexPaid: bigint[] = Array(ACTOR_COUNT).fill(0n);
  interestOwed: bigint[] = Array(ACTOR_COUNT).fill(0n);
  interestPot = 0n;
  interestFunded = 0n;
  interestPaid = 0n;

  constructor(
    readonly nominal: bigint,
    readonly minimum: bigint,
    readonly notice: bigint,
    public floorBps: bigint,
    /** Whether a payment to each actor fails whatever happens (a receiver that reverts). */
    readonly rejectsPayments: boolean[],
  ) {}

  get capital(): bigint {
    return this.shares.reduce((sum, count) => sum + count, 0n) * this.nominal;
  }

  get floor(): bigint {
    return (this.highest * this.floorBps) / 10_000n;
  }

  available(holder: number): bigint {
    return this.shares[holder] - this.pending[holder];
  }

  /** Returns the interest index at `now`: interest per share since the start, scaled by 10^18. */
  indexAt(now: bigint): bigint {
    if (this.rateBps === 0n) return this.interestIndex;
    const growth = (this.nominal * this.rateBps * (now - this.interestUpdatedAt) * INDEX_SCALE) / (BPS * YEAR);
    return this.interestIndex + growth;
  }

  /** Returns the interest that `holder` is owed at `now`. */
  accruedInterest(holder: number, now: bigint): bigint {
    return (
      this.interestOwed[holder] + (this.shares[holder] * (this.indexAt(now) - this.indexPaid[holder])) / INDEX_SCALE
    );
  }

  /** Counts the interest of `holder` until `now`, before their shares change. */
  checkpoint(holder: number, now: bigint): void {
    if (this.rateBps !== 0n) {
      this.interestIndex = this.indexAt(now);
      this.interestUpdatedAt = now;
    }
    this.interestOwed[holder] = this.accruedInterest(holder, now);
    this.indexPaid[holder] = this.interestIndex;
  }

  setInterestRate(rateBps: bigint, now: bigint): void {
    this.interestIndex = this.indexAt(now);
    this.interestUpdatedAt = now;
    this.rateBps = rateBps;
  }

  claimInterest(holder: number, now: bigint): void {
    this.checkpoint(holder, now);
    this.interestPot -= this.interestOwed[holder];
    this.interestPaid += this.interestOwed[holder];
    this.interestOwed[holder] = 0n;
  }

  subscribe(holder: number, count: bigint, now = 0n): void {
    this.checkpoint(holder, now);
    this.shares[holder] += count;
    this.heldCapital += count * this.nominal;
    if (this.capital > this.highest) this.highest = this.capital;
  }

  canRequest(holder: number, count: bigint): boolean {
    return count <= this.available(holder) && this.available(holder) - count >= this.minimum;
  }

  request(holder: number, count: bigint, requestedAt: bigint): void {
    this.queue.push({ holder, shares: count, dueAt: requestedAt + this.notice, open: true });
    this.pending[holder] += count;
  }

  /** Returns the id of the `pick`-th open request of `holder`, or the next id when it has none. */
  pickRequest(holder: number, pick: number): number {
    const ids = this.queue.flatMap((request, id) => (request.open && request.holder === holder ? [id] : []));
    return ids.length === 0 ? this.queue.length : ids[pick % ids.length];
  }

  cancel(id: number): void {
    const request = this.queue[id];
    request.open = false;
    this.pending[request.holder] -= request.shares;
  }

  /** Pays due requests from the head and returns the ids paid, with whether each was credited. */
  payDue(maxCount: bigint, now: bigint): [number, boolean][] {
    const paid: [number, boolean][] = [];
    for (let visited = 0n; visited < maxCount && this.head < this.queue.length; visited++) {
      const request = this.queue[this.head];
      if (request.open) {
        const nominalAmount = request.shares * this.nominal;
        if (request.dueAt > now || this.capital - nominalAmount < this.floor || nominalAmount > this.heldCapital) break;
        // Losses reduce the payment in proportion, rounded down; the rest is credited to the timelock.
        const amount = (nominalAmount * (this.capital - this.losses)) / this.capital;
        this.losses -= nominalAmount - amount;
        this.timelockCredit += nominalAmount - amount;
        request.open = false;
        this.checkpoint(request.holder, now);
        this.shares[request.holder] -= request.shares;
        this.pending[request.holder] -= request.shares;
        this.heldCapital -= nominalAmount;
        const credited = this.rejectsPayments[request.holder] || this.blocked[request.holder];
        if (credited) this.credit[request.holder] += amount;
        paid.push([this.head, credited]);
      }
      this.head++;
    }
    return paid;
  }
}

/** A cooperative under test, with the four holders that act in it. */
interface Run {
  shares: CoopShares;
  sharesByTimelock: CoopShares;
  /** Sends a call to the shares contract as holder `index`, with `value` wei. */
  sendAs(index: number, data: string, value?: bigint): Promise<TransactionResponse>;
  holders: string[];
  /** Account that receives withdrawn credit, and returns capital from the treasury. */
  beneficiary: HardhatEthersSigner;
  paidInEth: boolean;
  token?: BlocklistTokenMock;
  lens: CoopSharesLensMock;
  model: CapitalModel;
}

/**
 * Sends a transaction and returns its receipt, or undefined when it reverted with one of the
 * custom errors of `interfaces`. Any other failure, a panic included, is rethrown.
 */
async function attempt(
  interfaces: Interface[],
  send: () => Promise<TransactionResponse>,
): Promise<TransactionReceipt | undefined> {
  try {
    const receipt = await (await send()).wait();
    return receipt ?? undefined;
  } catch (error) {
    const data = (error as { data?: string }).data;
    const known = data === undefined ? null : interfaces.map((iface) => iface.parseError(data)).find(Boolean);
    if (known === null || known === undefined || known.name === "Panic" || known.name === "Error") throw error;
    return undefined;
  }
}

async function blockTimestamp(receipt: TransactionReceipt): Promise<bigint> {
  const block = await receipt.getBlock();
  return BigInt(block.timestamp);
}

/** Applies `action` to the contract and to the model, and checks that both agree on its outcome. */
async function apply(run: Run, action: Action): Promise<void> {
  const { shares, model } = run;
  const interfaces = [shares.interface, ...(run.token ? [run.token.interface] : [])];
  const tryAs = (index: number, data: string, value?: bigint) =>
    attempt(interfaces, () => run.sendAs(index, data, value));

  switch (action.kind) {
    case "subscribe": {
      const price = action.count * model.nominal;
      const data = shares.interface.encodeFunctionData("subscribe", [action.count]);
      const receipt = await tryAs(action.actor, data, run.paidInEth ? price : 0n);
      const expected = !model.blocked[action.actor];
      expect(receipt !== undefined, "subscription outcome").to.equal(expected);
      if (receipt) model.subscribe(action.actor, action.count, await blockTimestamp(receipt));
      return;
    }
    case "request": {
      const data = shares.interface.encodeFunctionData("requestRedemption", [action.count]);
      const expected = model.canRequest(action.actor, action.count);
      const receipt = await tryAs(action.actor, data);
      expect(receipt !== undefined, "request outcome").to.equal(expected);
      if (receipt) model.request(action.actor, action.count, await blockTimestamp(receipt));
      return;
    }
    case "cancel": {
      const id = model.pickRequest(action.actor, action.pick);
      const expected = id < model.queue.length;
      const receipt = await tryAs(action.actor, shares.interface.encodeFunctionData("cancelRedemption", [id]));
      expect(receipt !== undefined, "cancel outcome").to.equal(expected);
      if (expected) model.cancel(id);
      return;
    }
    case "payDue": {
      const receipt = await attempt(interfaces, () => shares.payDue(action.maxCount));
      expect(receipt, "payDue never reverts with enough gas").not.to.equal(undefined);
      const paid = receipt!.logs
        .map((log) => shares.interface.parseLog(log))
        .filter((event) => event?.name === "RedemptionPaid")
        .map((event) => [Number(event!.args.requestId), event!.args.credited as boolean]);
      expect(paid, "requests paid").to.deep.equal(model.payDue(action.maxCount, await blockTimestamp(receipt!)));
      return;
    }
    case "moveToTreasury": {
      const amount = (model.heldCapital * action.percent) / 100n;
      const receipt = await attempt(interfaces, () => run.sharesByTimelock.moveToTreasury(amount));
      expect(receipt !== undefined, "move outcome").to.equal(amount > 0n);
      if (receipt) {
        model.heldCapital -= amount;
        model.inTreasury += amount;
      }
      return;
    }
    case "returnFromTreasury": {
      const amount = (model.inTreasury * action.percent) / 100n;
      const payer = shares.connect(run.beneficiary);
      const receipt = await attempt(interfaces, () =>
        payer.returnFromTreasury(amount, { value: run.paidInEth ? amount : 0n }),
      );
      expect(receipt !== undefined, "return outcome").to.equal(amount > 0n);
      if (receipt) {
        model.inTreasury -= amount;
        model.heldCapital += amount;
      }
      return;
    }
    case "withdrawCredit": {
      const data = shares.interface.encodeFunctionData("withdrawCredit", [run.beneficiary.address]);
      const expected = model.credit[action.actor] > 0n;
      const receipt = await tryAs(action.actor, data);
      expect(receipt !== undefined, "withdrawal outcome").to.equal(expected);
      if (expected) model.credit[action.actor] = 0n;
      return;
    }
    case "donate": {
      const sharesAddress = await shares.getAddress();
      const capitalBefore = await shares.capital();
      model.donated += action.amount;
      if (run.token) {
        await run.token.mint(sharesAddress, action.amount);
      } else {
        await setBalance(sharesAddress, (await ethers.provider.getBalance(sharesAddress)) + action.amount);
      }
      expect(await shares.capital(), "a donation is not capital").to.equal(capitalBefore);
      return;
    }
    case "block": {
      if (!run.token) return;
      await run.token.setBlocked(run.holders[action.actor], action.blocked);
      model.blocked[action.actor] = action.blocked;
      return;
    }
    case "setCapitalFloor":
      await run.sharesByTimelock.setCapitalFloor(action.floorBps);
      model.floorBps = action.floorBps;
      return;
    case "advance":
      await time.increase(action.seconds);
      return;
    case "recordLosses": {
      const headroom = model.capital - model.losses;
      const amount = action.percent > 100n ? headroom + 1n : (headroom * action.percent) / 100n;
      const receipt = await attempt(interfaces, () => run.sharesByTimelock.recordLosses(amount));
      expect(receipt !== undefined, "losses outcome").to.equal(amount > 0n && amount <= headroom);
      if (receipt) model.losses += amount;
      return;
    }
    case "recordRecovery": {
      const amount = (model.losses * action.percent) / 100n;
      const receipt = await attempt(interfaces, () => run.sharesByTimelock.recordRecovery(amount));
      expect(receipt !== undefined, "recovery outcome").to.equal(amount > 0n);
      if (receipt) model.losses -= amount;
      return;
    }
    case "withdrawTimelockCredit": {
      const receipt = await attempt(interfaces, () => run.sharesByTimelock.withdrawCredit(run.beneficiary.address));
      expect(receipt !== undefined, "timelock withdrawal outcome").to.equal(model.timelockCredit > 0n);
      model.timelockCredit = 0n;
      return;
    }
    case "setInterestRate": {
      const receipt = await attempt(interfaces, () => run.sharesByTimelock.setInterestRate(action.rateBps));
      expect(receipt !== undefined, "rate outcome").to.equal(action.rateBps <= MAX_RATE);
      if (receipt) model.setInterestRate(action.rateBps, await blockTimestamp(receipt));
      return;
    }
    case "fundInterest": {
      // A percent of one share's nominal value: about a year of interest on the capital, or much less.
      const amount = (model.nominal * action.percent) / 100n;
      const payer = shares.connect(run.beneficiary);
      await payer.fundInterest(amount, { value: run.paidInEth ? amount : 0n });
      model.interestPot += amount;
      model.interestFunded += amount;
      return;
    }
    case "claimInterest": {
      // The outcome depends on the time of the claim, so the test sets it.
      const now = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(now);
      const owed = model.accruedInterest(action.actor, now);
      const data = shares.interface.encodeFunctionData("claimInterest", [run.beneficiary.address]);
      const receipt = await tryAs(action.actor, data);
      expect(receipt !== undefined, "claim outcome").to.equal(owed > 0n && owed <= model.interestPot);
      if (receipt) model.claimInterest(action.actor, now);
      return;
    }
  }
}

/**
 * Checks that the contract's state equals the model's, and the accounting invariants: capital is
 * held plus in treasury, the balance covers held capital and credits, and holdings add up to the
 * capital. A lens contract reads all of it in one call, to keep each step fast.
 */
async function expectModelState(run: Run): Promise<void> {
  const { model } = run;
  const state = await run.lens.read(await run.shares.getAddress(), run.holders);
  const now = BigInt(await time.latest());

  state.holders.forEach((holder, i) => {
    expect(holder.shares, `shares of holder ${i}`).to.equal(model.shares[i]);
    expect(holder.pending, `pending shares of holder ${i}`).to.equal(model.pending[i]);
    expect(holder.credit, `credit of holder ${i}`).to.equal(model.credit[i]);
    expect(holder.interest, `interest of holder ${i}`).to.equal(model.accruedInterest(i, now));
  });
  expect(state.recordedLosses, "recorded losses").to.equal(model.losses);
  expect(state.timelockCredit, "credit of the timelock").to.equal(model.timelockCredit);
  expect(state.interestPot, "interest pot").to.equal(model.interestPot);
  expect(state.capital, "capital").to.equal(model.capital);
  expect(state.heldCapital, "held capital").to.equal(model.heldCapital);
  expect(state.capitalInTreasury, "capital in treasury").to.equal(model.inTreasury);
  expect(state.highestCapital, "highest capital").to.equal(model.highest);
  const holderCredits = model.credit.reduce((sum, credit) => sum + credit, 0n);
  expect(state.totalCredited, "total credited").to.equal(holderCredits + model.timelockCredit);
  expect(state.queueHead, "queue head").to.equal(BigInt(model.head));
  expect(state.queueTail, "queue tail").to.equal(BigInt(model.queue.length));

  const sharesHeld = state.holders.reduce((sum, holder) => sum + holder.shares, 0n);
  const pendingHeld = state.holders.reduce((sum, holder) => sum + holder.pending, 0n);
  expect(state.capital, "capital is held plus in treasury").to.equal(state.heldCapital + state.capitalInTreasury);
  expect(state.balance, "balance is held capital, credits, interest pot and donations").to.equal(
    state.heldCapital + state.totalCredited + state.interestPot + model.donated,
  );
  expect(state.recordedLosses, "losses are at most the capital").to.be.at.most(state.capital);
  expect(model.interestPaid, "interest paid is at most the interest funded").to.be.at.most(model.interestFunded);
  expect(state.interestPot, "pot is funded minus paid").to.equal(model.interestFunded - model.interestPaid);
  expect(sharesHeld * model.nominal, "holdings add up to the capital").to.equal(state.capital);
  expect(state.totalShares, "holdings add up to the total of shares").to.equal(sharesHeld);
  expect(state.totalPendingShares, "pending shares add up").to.equal(pendingHeld);
}

/**
 * ETH cooperative where holders 0 to 2 are founders and holder 3 is a member contract that rejects
 * ETH. Each holder has subscribed {@link INITIAL_SHARES}.
 */
async function deployEthRunFixture() {
  const fixture = await deployEthSharesFixture();
  const { shares, founders } = fixture;
  const receiver: EtherReceiverMock = await new EtherReceiverMock__factory(fixture.deployer).deploy();
  await receiver.setMode(1); // Revert
  await fixture.membershipByTimelock.admit(await receiver.getAddress());
  const price = INITIAL_SHARES * (await shares.nominalValue());
  for (const founder of founders.slice(0, 3)) await shares.connect(founder).subscribe(INITIAL_SHARES, { value: price });
  await receiver.execute(
    await shares.getAddress(),
    shares.interface.encodeFunctionData("subscribe", [INITIAL_SHARES]),
    {
      value: price,
    },
  );
  const lens = await new CoopSharesLensMock__factory(fixture.deployer).deploy();
  return { ...fixture, receiver, lens };
}

/**
 * ERC-20 cooperative where holders 0 to 3 are founders, paid in a token that can block them. Each
 * holder has subscribed {@link INITIAL_SHARES}.
 */
async function deployTokenRunFixture() {
  const fixture = await deployBlocklistTokenSharesFixture();
  for (const founder of fixture.founders.slice(0, ACTOR_COUNT)) {
    await fixture.shares.connect(founder).subscribe(INITIAL_SHARES);
  }
  const lens = await new CoopSharesLensMock__factory(fixture.deployer).deploy();
  return { ...fixture, lens };
}

/** Returns a model of a cooperative where every holder has subscribed {@link INITIAL_SHARES}. */
function subscribedModel(
  nominal: bigint,
  capital: { minimumShares: bigint; noticePeriod: number; floorBps: number },
  rejectsPayments: boolean[],
): CapitalModel {
  const model = new CapitalModel(
    nominal,
    capital.minimumShares,
    BigInt(capital.noticePeriod),
    BigInt(capital.floorBps),
    rejectsPayments,
  );
  for (let holder = 0; holder < ACTOR_COUNT; holder++) model.subscribe(holder, INITIAL_SHARES);
  return model;
}

async function ethRun(): Promise<Run> {
  const fixture = await loadFixture(deployEthRunFixture);
  const { shares, founders, receiver } = fixture;
  const sharesAddress = await shares.getAddress();
  const holders = [...founders.slice(0, 3).map((founder) => founder.address), await receiver.getAddress()];
  return {
    shares,
    sharesByTimelock: fixture.sharesByTimelock,
    holders,
    beneficiary: founders[4],
    paidInEth: true,
    lens: fixture.lens,
    sendAs: (index, data, value = 0n) =>
      index < 3
        ? founders[index].sendTransaction({ to: sharesAddress, data, value })
        : receiver.execute(sharesAddress, data, { value }),
    model: subscribedModel(DEFAULT_CAPITAL.nominalValue, DEFAULT_CAPITAL, [false, false, false, true]),
  };
}

async function tokenRun(): Promise<Run> {
  const fixture = await loadFixture(deployTokenRunFixture);
  const { shares, founders, capitalParams } = fixture;
  const sharesAddress = await shares.getAddress();
  return {
    shares,
    sharesByTimelock: fixture.sharesByTimelock,
    holders: founders.slice(0, ACTOR_COUNT).map((founder) => founder.address),
    beneficiary: founders[4],
    paidInEth: false,
    lens: fixture.lens,
    token: BlocklistTokenMock__factory.connect(await fixture.token.getAddress(), fixture.deployer),
    sendAs: (index, data, value = 0n) => founders[index].sendTransaction({ to: sharesAddress, data, value }),
    model: subscribedModel(capitalParams.nominalValue, capitalParams, [false, false, false, false]),
  };
}

describe("CoopShares properties", function () {
  this.timeout(600_000);

  it("matches model after every action", async function () {
    const payment = fc.constantFrom("ETH" as const, "ERC-20" as const);
    const actions = fc.array(actionArbitrary, { minLength: ACTIONS_PER_RUN, maxLength: ACTIONS_PER_RUN });

    await fc.assert(
      fc.asyncProperty(payment, actions, async (paidIn, sequence) => {
        const run = paidIn === "ETH" ? await ethRun() : await tokenRun();
        for (const action of sequence) {
          await apply(run, action);
          await expectModelState(run);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
