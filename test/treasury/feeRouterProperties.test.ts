import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import fc from "fast-check";
import { MaxUint256, type ContractTransactionReceipt, type ContractTransactionResponse, type Interface } from "ethers";

import {
  BlocklistTokenMock__factory,
  BonusTokenMock__factory,
  EtherReceiverMock__factory,
  FeeOnTransferTokenMock__factory,
  NoReturnTokenMock__factory,
  PermitTokenMock__factory,
  TokenMock__factory,
  type BlocklistTokenMock,
  type BonusTokenMock,
  type EtherReceiverMock,
  type FeeOnTransferTokenMock,
  type NoReturnTokenMock,
  type PermitTokenMock,
  type TokenMock,
} from "../../typechain-types";
import { UNDER_COVERAGE } from "../helpers/coverage";
import {
  BPS,
  ETHER,
  NO_ORDER,
  balanceIn,
  deployRouterFixture,
  expectSolvent,
  expectedSplit,
  paymentOf,
  signPermit,
  type RouterFixture,
} from "../helpers/feeRouterAttacks";

/**
 * Properties of the fee router's money: every payment splits exactly what arrived, and after any
 * sequence of payments, releases, withdrawals, sweeps and settings changes, the router holds at
 * least what it owes in every token and owes each account what an independent model computes.
 */

const MAX_UINT256 = MaxUint256;

/** Amounts where rounding or overflow could go wrong, drawn more often than random ones. */
const EDGE_AMOUNTS = [1n, 99n, 100n, 9_999n, 10n ** 6n, 10n ** 18n + 7n, 2n ** 128n, MAX_UINT256];

/**
 * Largest payment in the fee-on-transfer and bonus mocks, which would overflow above it. Both
 * multiply the amount by their rate in basis points, at most 10,000 here. The bonus mock also mints
 * up to 50% more on the way in and again on the way out.
 */
const SCALED_TOKEN_MAX_AMOUNT = MAX_UINT256 / 20_000n;

/** ETH left to the payer of an ETH payment to pay for its gas. */
const GAS_RESERVE = 10n ** 21n;

/**
 * Random single payments, and the seed that makes them repeatable. 300 runs took about 4 s on the
 * 2-core machine where this test was written. A coverage run needs every line, not every case.
 */
const PAYMENT_RUNS = UNDER_COVERAGE ? 20 : 300;
const PAYMENT_SEED = 20_261_205;

/**
 * Random sequences and actions per sequence, and their seed. 50 sequences of 40 actions took about
 * 12 s on the same machine.
 */
const SEQUENCE_RUNS = UNDER_COVERAGE ? 3 : 50;
const ACTIONS_PER_SEQUENCE = 40;
const SEQUENCE_SEED = 20_261_206;

/** Largest amount of a payment or a direct transfer in the sequences: a million tokens of 18 decimals. */
const SEQUENCE_MAX_AMOUNT = 10n ** 24n;

/** `EtherReceiverMock.ReceiveMode` values used here. */
const ACCEPT = 0;
const REVERT = 1;

// -----------------------------------------------------------------------------------------------
// Conservation of single payments
// -----------------------------------------------------------------------------------------------

/** How the token or the payee of one payment behaves. */
type Behaviour =
  | { kind: "plain" }
  | { kind: "feeOnTransfer"; feeBps: bigint }
  | { kind: "bonus"; bonusBps: bigint }
  | { kind: "blockedPayee" }
  | { kind: "noReturn" }
  | { kind: "etherAccepted" }
  | { kind: "etherRejected" };

interface PaymentCase {
  behaviour: Behaviour;
  amount: bigint;
  serviceFeeBps: bigint;
  duesBps: bigint;
  member: boolean;
}

const behaviourArbitrary: fc.Arbitrary<Behaviour> = fc.oneof(
  fc.constant({ kind: "plain" as const }),
  fc.record({
    kind: fc.constant("feeOnTransfer" as const),
    feeBps: fc.oneof(fc.constantFrom(1n, 100n, 9_999n), fc.bigInt(0n, 9_999n)),
  }),
  fc.record({
    kind: fc.constant("bonus" as const),
    bonusBps: fc.oneof(fc.constantFrom(1n, 5_000n), fc.bigInt(0n, 5_000n)),
  }),
  fc.constant({ kind: "blockedPayee" as const }),
  fc.constant({ kind: "noReturn" as const }),
  fc.constant({ kind: "etherAccepted" as const }),
  fc.constant({ kind: "etherRejected" as const }),
);

const amountArbitrary = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...EDGE_AMOUNTS) },
  { weight: 1, arbitrary: fc.bigInt(1n, 10n ** 24n) },
  { weight: 1, arbitrary: fc.bigInt(1n, MAX_UINT256) },
);

const paymentCaseArbitrary: fc.Arbitrary<PaymentCase> = fc.record({
  behaviour: behaviourArbitrary,
  amount: amountArbitrary,
  serviceFeeBps: fc.oneof(fc.constantFrom(0n, 100n, 1_000n), fc.bigInt(0n, 1_000n)),
  duesBps: fc.oneof(fc.constantFrom(0n, 10n, 500n), fc.bigInt(0n, 500n)),
  member: fc.boolean(),
});

/** A router that accepts one mock of each kind, and payees that are members or not. */
interface ConservationFixture extends RouterFixture {
  plain: TokenMock;
  feeOnTransfer: FeeOnTransferTokenMock;
  bonus: BonusTokenMock;
  blocklist: BlocklistTokenMock;
  noReturn: NoReturnTokenMock;
  /** Pays every payment; has approved the router for every token. */
  payer: HardhatEthersSigner;
  /** A contract wallet that is a member, and one that is not, for ETH payments. */
  memberWallet: EtherReceiverMock;
  outsiderWallet: EtherReceiverMock;
}

async function deployConservationFixture(): Promise<ConservationFixture> {
  const [deployer] = await ethers.getSigners();
  const plain = await new TokenMock__factory(deployer).deploy();
  const feeOnTransfer = await new FeeOnTransferTokenMock__factory(deployer).deploy();
  const bonus = await new BonusTokenMock__factory(deployer).deploy();
  const blocklist = await new BlocklistTokenMock__factory(deployer).deploy();
  const noReturn = await new NoReturnTokenMock__factory(deployer).deploy();
  const tokens = [plain, feeOnTransfer, bonus, blocklist, noReturn];
  const fixture = await deployRouterFixture(await Promise.all(tokens.map((token) => token.getAddress())));

  const payer = fixture.outsiders[0];
  for (const token of tokens) await token.connect(payer).approve(fixture.routerAddress, MAX_UINT256);
  const memberWallet = await new EtherReceiverMock__factory(deployer).deploy();
  const outsiderWallet = await new EtherReceiverMock__factory(deployer).deploy();
  await fixture.membershipByTimelock.admit(await memberWallet.getAddress());
  return { ...fixture, plain, feeOnTransfer, bonus, blocklist, noReturn, payer, memberWallet, outsiderWallet };
}

/** One payment ready to send, with what the token does to the amounts that it moves. */
interface PreparedPayment {
  token: string;
  payee: string;
  amount: bigint;
  /** What arrives when `amount` is sent, in or out of the router. */
  arriving(amount: bigint): bigint;
  expectCredited: boolean;
  send(): Promise<ContractTransactionResponse>;
}

/** Sets up the token and payee of `paymentCase` in a fresh fixture, and returns the payment to send. */
async function preparePayment(fixture: ConservationFixture, paymentCase: PaymentCase): Promise<PreparedPayment> {
  const { router, payer } = fixture;
  const behaviour = paymentCase.behaviour;
  const exact = (amount: bigint) => amount;

  if (behaviour.kind === "etherAccepted" || behaviour.kind === "etherRejected") {
    const wallet = paymentCase.member ? fixture.memberWallet : fixture.outsiderWallet;
    await wallet.setMode(behaviour.kind === "etherAccepted" ? ACCEPT : REVERT);
    const payee = await wallet.getAddress();
    const amount = paymentCase.amount > MAX_UINT256 - GAS_RESERVE ? MAX_UINT256 - GAS_RESERVE : paymentCase.amount;
    await setBalance(payer.address, amount + GAS_RESERVE);
    return {
      token: ETHER,
      payee,
      amount,
      arriving: exact,
      expectCredited: behaviour.kind === "etherRejected",
      send: () => router.connect(payer).payEther(payee, NO_ORDER, { value: amount }),
    };
  }

  const payee = paymentCase.member ? fixture.founders[1].address : fixture.outsiders[1].address;
  let amount = paymentCase.amount;
  let arriving = exact;
  let token: { getAddress(): Promise<string>; mint(to: string, amount: bigint): Promise<unknown> };
  switch (behaviour.kind) {
    case "plain":
      token = fixture.plain;
      break;
    case "noReturn":
      token = fixture.noReturn;
      break;
    case "blockedPayee":
      token = fixture.blocklist;
      await fixture.blocklist.setBlocked(payee, true);
      break;
    case "feeOnTransfer": {
      token = fixture.feeOnTransfer;
      await fixture.feeOnTransfer.setFeeBps(behaviour.feeBps);
      if (amount > SCALED_TOKEN_MAX_AMOUNT) amount = SCALED_TOKEN_MAX_AMOUNT;
      arriving = (sent) => sent - (sent * behaviour.feeBps) / BPS;
      break;
    }
    case "bonus": {
      token = fixture.bonus;
      await fixture.bonus.setBonusBps(behaviour.bonusBps);
      if (amount > SCALED_TOKEN_MAX_AMOUNT) amount = SCALED_TOKEN_MAX_AMOUNT;
      arriving = (sent) => sent + (sent * behaviour.bonusBps) / BPS;
      break;
    }
  }
  await token.mint(payer.address, amount);
  const tokenAddress = await token.getAddress();
  return {
    token: tokenAddress,
    payee,
    amount,
    arriving,
    expectCredited: behaviour.kind === "blockedPayee",
    send: () => router.connect(payer).pay(payee, tokenAddress, amount, NO_ORDER),
  };
}

/** Counts of the kinds of cases that the random payments reached. */
interface PaymentCoverage {
  behaviours: Set<string>;
  edges: Set<bigint>;
  members: number;
  outsiders: number;
  credited: number;
  zeroServiceFee: number;
  cappedRates: number;
}

/** Pays once as `paymentCase` describes, and checks that the split adds up to what arrived. */
async function checkPayment(paymentCase: PaymentCase, coverage: PaymentCoverage): Promise<void> {
  const fixture = await loadFixture(deployConservationFixture);
  const { router, routerByTimelock } = fixture;
  await routerByTimelock.setServiceFee(paymentCase.serviceFeeBps);
  await routerByTimelock.setDues(paymentCase.duesBps);
  const payment = await preparePayment(fixture, paymentCase);
  const payeeBefore = await balanceIn(payment.token, payment.payee);

  const record = paymentOf(router, await (await payment.send()).wait());

  const received = payment.arriving(payment.amount);
  const split = expectedSplit(received, paymentCase.serviceFeeBps, paymentCase.duesBps, paymentCase.member);
  expect(record.amount, "amount received").to.equal(received);
  expect(record.serviceFee + record.dues + record.net, "parts add up to the amount").to.equal(record.amount);
  expect(record.serviceFee, "service fee rounded down").to.equal(split.serviceFee);
  expect(record.dues, "dues rounded down, and zero for non-members").to.equal(split.dues);
  expect(record.net, "payee's part").to.equal(split.net);
  expect(record.credited, "credited").to.equal(payment.expectCredited);
  expect([...(await router.quote(payment.payee, received))], "quote").to.deep.equal([
    split.serviceFee,
    split.dues,
    split.net,
  ]);

  // The token may burn or mint on the way out: the router sends `net`, and the payee gets what the token delivers.
  const credit = await router.creditOf(payment.token, payment.payee);
  const gained = (await balanceIn(payment.token, payment.payee)) - payeeBefore;
  expect(credit, "payee's credit").to.equal(record.credited ? record.net : 0n);
  expect(gained + credit, "payee's balance change and credit").to.equal(
    record.credited ? record.net : payment.arriving(record.net),
  );

  const books = await expectSolvent(router, payment.token);
  expect([books.serviceFees, books.dues], "accrued fees").to.deep.equal([split.serviceFee, split.dues]);
  expect(books.totalCredited, "total credited").to.equal(credit);
  expect(books.balance, "router holds the fees and the credit").to.equal(split.serviceFee + split.dues + credit);
  expect(books.excess, "excess").to.equal(0n);

  coverage.behaviours.add(paymentCase.behaviour.kind);
  if (EDGE_AMOUNTS.includes(payment.amount)) coverage.edges.add(payment.amount);
  coverage[paymentCase.member ? "members" : "outsiders"] += 1;
  coverage.credited += record.credited ? 1 : 0;
  coverage.zeroServiceFee += record.serviceFee === 0n ? 1 : 0;
  coverage.cappedRates += paymentCase.serviceFeeBps === 1_000n && paymentCase.duesBps === 500n ? 1 : 0;
}

// -----------------------------------------------------------------------------------------------
// Sequences of operations against a model
// -----------------------------------------------------------------------------------------------

/** Accounts that can be paid, receive fees and hold credits. */
const ACCOUNTS = ["member", "outsider", "rejecter", "wallet", "timelock", "treasurer"] as const;
type Account = (typeof ACCOUNTS)[number];

/** Accounts that are members of the cooperative, so payments to them pay dues. */
const MEMBER_ACCOUNTS: readonly Account[] = ["member", "rejecter", "treasurer"];

const TOKEN_NAMES = ["ETH", "blocklist", "feeOnTransfer", "bonus", "permit"] as const;
type TokenName = (typeof TOKEN_NAMES)[number];

/** Tokens paid with `pay`, after an approval. The permit token is paid with `payWithPermit` only. */
const APPROVED_TOKENS = ["blocklist", "feeOnTransfer", "bonus"] as const;

/** How a `payWithPermit` is submitted: as signed, after someone submitted the permit first, or with a bad signature. */
type PermitUse = "signed" | "frontRun" | "invalid";

/**
 * Whose credit a withdrawal or push takes. Most pick the `pick`-th credit that the model holds, so
 * that credits are often paid out; the others name any account, which usually has no credit.
 */
type CreditChoice = { owed: true; pick: number } | { owed: false; token: TokenName; account: Account };

type Action =
  | { kind: "payEther"; payer: number; payee: Account; amount: bigint }
  | { kind: "pay"; token: (typeof APPROVED_TOKENS)[number]; payer: number; payee: Account; amount: bigint }
  | { kind: "payWithPermit"; payer: number; payee: Account; amount: bigint; permit: PermitUse }
  | { kind: "releaseFees"; token: TokenName }
  | { kind: "withdrawCredit"; credit: CreditChoice }
  | { kind: "pushCredit"; credit: CreditChoice }
  | { kind: "sweep"; token: TokenName }
  | { kind: "transferIn"; token: TokenName; amount: bigint }
  | { kind: "setServiceFee"; bps: bigint }
  | { kind: "setDues"; bps: bigint }
  | { kind: "setServiceFeeRecipient"; account: Account }
  | { kind: "setDuesRecipient"; account: Account }
  | { kind: "block"; account: Account; blocked: boolean }
  | { kind: "setRejecting"; rejecting: boolean }
  | { kind: "setTransferFee"; bps: bigint }
  | { kind: "setBonus"; bps: bigint };

const accountArbitrary = fc.constantFrom(...ACCOUNTS);
const tokenArbitrary = fc.constantFrom(...TOKEN_NAMES);
const payerArbitrary = fc.integer({ min: 0, max: 1 });
const creditArbitrary: fc.Arbitrary<CreditChoice> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ owed: fc.constant(true as const), pick: fc.nat(11) }) },
  {
    weight: 1,
    arbitrary: fc.record({ owed: fc.constant(false as const), token: tokenArbitrary, account: accountArbitrary }),
  },
);
const sequenceAmount = fc.oneof(
  fc.constantFrom(1n, 99n, 100n, 999n, 9_999n, 10n ** 6n, 10n ** 18n + 7n),
  fc.bigInt(1n, SEQUENCE_MAX_AMOUNT),
);

const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("payEther" as const),
      payer: payerArbitrary,
      payee: accountArbitrary,
      amount: sequenceAmount,
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("pay" as const),
      token: fc.constantFrom(...APPROVED_TOKENS),
      payer: payerArbitrary,
      payee: accountArbitrary,
      amount: sequenceAmount,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("payWithPermit" as const),
      payer: payerArbitrary,
      payee: accountArbitrary,
      amount: sequenceAmount,
      permit: fc.constantFrom<PermitUse>("signed", "frontRun", "invalid"),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("releaseFees" as const), token: tokenArbitrary }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("withdrawCredit" as const), credit: creditArbitrary }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("pushCredit" as const), credit: creditArbitrary }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sweep" as const), token: tokenArbitrary }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("transferIn" as const), token: tokenArbitrary, amount: sequenceAmount }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("setServiceFee" as const),
      bps: fc.oneof(fc.constantFrom(0n, 1_000n, 1_001n), fc.bigInt(0n, 1_100n)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("setDues" as const),
      bps: fc.oneof(fc.constantFrom(0n, 500n, 501n), fc.bigInt(0n, 600n)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("setServiceFeeRecipient" as const), account: accountArbitrary }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("setDuesRecipient" as const), account: accountArbitrary }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("block" as const), account: accountArbitrary, blocked: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("setRejecting" as const), rejecting: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("setTransferFee" as const),
      bps: fc.oneof(fc.constantFrom(0n, 100n, 10_000n), fc.bigInt(0n, 10_000n)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("setBonus" as const), bps: fc.bigInt(0n, 5_000n) }) },
);

/** What the router should hold and owe in one token. */
class BookModel {
  balance = 0n;
  serviceFees = 0n;
  dues = 0n;
  readonly credits = new Map<Account, bigint>(ACCOUNTS.map((account) => [account, 0n]));

  get totalCredited(): bigint {
    return [...this.credits.values()].reduce((sum, credit) => sum + credit, 0n);
  }

  get owed(): bigint {
    return this.serviceFees + this.dues + this.totalCredited;
  }

  creditOf(account: Account): bigint {
    return this.credits.get(account)!;
  }

  credit(account: Account, amount: bigint): void {
    this.credits.set(account, this.creditOf(account) + amount);
  }
}

/**
 * The router as the statutes describe it: what it holds and owes in each token, the rates and
 * recipients, and which transfers the tokens and receivers let through. It follows the rules, not
 * the contract's code.
 */
class RouterModel {
  readonly books = Object.fromEntries(TOKEN_NAMES.map((name) => [name, new BookModel()])) as Record<
    TokenName,
    BookModel
  >;
  serviceFeeBps = 100n;
  duesBps = 10n;
  serviceFeeRecipient: Account = "timelock";
  duesRecipient: Account = "timelock";
  readonly blocked = new Set<Account>();
  /** Whether the rejecter contract rejects ETH; it starts so. */
  rejecting = true;
  transferFeeBps = 100n;
  bonusBps = 0n;

  /** Returns whether a transfer of `token` from the router to `account` arrives. */
  accepts(token: TokenName, account: Account): boolean {
    if (token === "ETH") return account !== "rejecter" || !this.rejecting;
    if (token === "blocklist") return !this.blocked.has(account);
    return true;
  }

  /**
   * Returns what arrives when `amount` of `token` is sent: the fee-on-transfer token burns its fee,
   * and the bonus token mints its bonus.
   */
  arriving(token: TokenName, amount: bigint): bigint {
    if (token === "feeOnTransfer") return amount - (amount * this.transferFeeBps) / BPS;
    if (token === "bonus") return amount + (amount * this.bonusBps) / BPS;
    return amount;
  }

  /** Returns the token and account whose credit `choice` takes. Without any credit, a choice of one falls back to ETH and the member. */
  chooseCredit(choice: CreditChoice): [TokenName, Account] {
    if (!choice.owed) return [choice.token, choice.account];
    const owed = TOKEN_NAMES.flatMap((token) =>
      ACCOUNTS.filter((account) => this.books[token].creditOf(account) !== 0n).map((account): [TokenName, Account] => [
        token,
        account,
      ]),
    );
    return owed.length === 0 ? ["ETH", "member"] : owed[choice.pick % owed.length];
  }

  /** Sends `amount` of `token` from the router to `account`, or credits it, and returns whether it was credited. */
  deliver(token: TokenName, account: Account, amount: bigint): boolean {
    const book = this.books[token];
    if (this.accepts(token, account)) {
      book.balance -= amount;
      return false;
    }
    book.credit(account, amount);
    return true;
  }
}

/** The contracts and accounts of one sequence. */
interface SequenceFixture extends RouterFixture {
  blocklist: BlocklistTokenMock;
  feeOnTransfer: FeeOnTransferTokenMock;
  bonus: BonusTokenMock;
  permit: PermitTokenMock;
  /** A member contract that rejects ETH until a sequence switches it to accepting. */
  rejecter: EtherReceiverMock;
  /** A contract wallet, not a member, that accepts ETH. */
  wallet: EtherReceiverMock;
  payers: HardhatEthersSigner[];
  /** Receives withdrawals and sweeps; no token blocks it. */
  beneficiary: HardhatEthersSigner;
  /** Calls `releaseFees` and `pushCredit`, so that no recipient pays gas for them. */
  keeper: HardhatEthersSigner;
}

async function deploySequenceFixture(): Promise<SequenceFixture> {
  const [deployer] = await ethers.getSigners();
  const blocklist = await new BlocklistTokenMock__factory(deployer).deploy();
  const feeOnTransfer = await new FeeOnTransferTokenMock__factory(deployer).deploy();
  const bonus = await new BonusTokenMock__factory(deployer).deploy();
  const permit = await new PermitTokenMock__factory(deployer).deploy();
  const tokens = [blocklist, feeOnTransfer, bonus, permit];
  const fixture = await deployRouterFixture(await Promise.all(tokens.map((token) => token.getAddress())));

  const payers = [fixture.founders[0], fixture.outsiders[0]];
  for (const payer of payers) {
    for (const token of [blocklist, feeOnTransfer, bonus]) {
      await token.connect(payer).approve(fixture.routerAddress, MAX_UINT256);
    }
  }
  const rejecter = await new EtherReceiverMock__factory(deployer).deploy();
  await rejecter.setMode(REVERT);
  await fixture.membershipByTimelock.admit(await rejecter.getAddress());
  const wallet = await new EtherReceiverMock__factory(deployer).deploy();
  return {
    ...fixture,
    blocklist,
    feeOnTransfer,
    bonus,
    permit,
    rejecter,
    wallet,
    payers,
    beneficiary: fixture.outsiders[2],
    keeper: deployer,
  };
}

/** Counts of the kinds of outcomes that the random sequences reached. */
interface SequenceCoverage {
  payments: number;
  creditedPayments: number;
  creditedReleases: number;
  releases: number;
  withdrawals: number;
  pushes: number;
  rejectedPushes: number;
  sweeps: number;
  frontRunPermits: number;
  rejectedPermits: number;
  nothingReceived: number;
  rejectedRates: number;
}

/** One sequence under test: the fixture, the model and addresses by name. */
class Sequence {
  readonly model = new RouterModel();
  readonly interfaces: Interface[];

  constructor(
    readonly fixture: SequenceFixture,
    readonly accountAddresses: Record<Account, string>,
    readonly tokenAddresses: Record<TokenName, string>,
    readonly coverage: SequenceCoverage,
  ) {
    this.interfaces = [fixture.router.interface, fixture.blocklist.interface];
  }

  static async start(coverage: SequenceCoverage): Promise<Sequence> {
    const fixture = await loadFixture(deploySequenceFixture);
    const accountAddresses: Record<Account, string> = {
      member: fixture.founders[1].address,
      outsider: fixture.outsiders[1].address,
      rejecter: await fixture.rejecter.getAddress(),
      wallet: await fixture.wallet.getAddress(),
      timelock: fixture.timelockAddress,
      treasurer: fixture.founders[2].address,
    };
    const tokenAddresses: Record<TokenName, string> = {
      ETH: ETHER,
      blocklist: await fixture.blocklist.getAddress(),
      feeOnTransfer: await fixture.feeOnTransfer.getAddress(),
      bonus: await fixture.bonus.getAddress(),
      permit: await fixture.permit.getAddress(),
    };
    return new Sequence(fixture, accountAddresses, tokenAddresses, coverage);
  }

  /** Sends `data` to the router as `account`: from its key, through the contract, or as the impersonated timelock. */
  sendAs(account: Account, data: string): Promise<ContractTransactionResponse | unknown> {
    const { fixture } = this;
    const to = fixture.routerAddress;
    switch (account) {
      case "member":
        return fixture.founders[1].sendTransaction({ to, data });
      case "outsider":
        return fixture.outsiders[1].sendTransaction({ to, data });
      case "treasurer":
        return fixture.founders[2].sendTransaction({ to, data });
      case "timelock":
        return fixture.timelockSigner.sendTransaction({ to, data });
      case "rejecter":
        return fixture.rejecter.execute(to, data);
      case "wallet":
        return fixture.wallet.execute(to, data);
    }
  }

  /**
   * Sends a transaction and returns its receipt, or the name of the custom error it reverted with.
   * A revert that none of the known interfaces decodes is rethrown.
   */
  async attempt(send: () => Promise<unknown>): Promise<ContractTransactionReceipt | string> {
    try {
      const response = (await send()) as ContractTransactionResponse;
      return (await response.wait())!;
    } catch (error) {
      const data = (error as { data?: string }).data;
      const decoded = data === undefined ? null : this.interfaces.map((iface) => iface.parseError(data)).find(Boolean);
      if (decoded === null || decoded === undefined) throw error;
      return decoded.name;
    }
  }

  /** Returns the balances of `accounts` (addresses) in `token`. */
  async balances(token: TokenName, addresses: string[]): Promise<bigint[]> {
    return Promise.all(addresses.map((address) => balanceIn(this.tokenAddresses[token], address)));
  }

  /** Applies `action` to the router and to the model, and checks that both agree on its outcome. */
  async apply(action: Action): Promise<TokenName | undefined> {
    switch (action.kind) {
      case "payEther":
        await this.pay(action.payer, action.payee, "ETH", action.amount);
        return "ETH";
      case "pay":
        await this.pay(action.payer, action.payee, action.token, action.amount);
        return action.token;
      case "payWithPermit":
        await this.pay(action.payer, action.payee, "permit", action.amount, action.permit);
        return "permit";
      case "releaseFees":
        await this.releaseFees(action.token);
        return action.token;
      case "withdrawCredit": {
        const [token, account] = this.model.chooseCredit(action.credit);
        await this.withdrawCredit(token, account);
        return token;
      }
      case "pushCredit": {
        const [token, account] = this.model.chooseCredit(action.credit);
        await this.pushCredit(token, account);
        return token;
      }
      case "sweep":
        await this.sweep(action.token);
        return action.token;
      case "transferIn":
        await this.transferIn(action.token, action.amount);
        return action.token;
      default:
        await this.changeSetting(action);
        return undefined;
    }
  }

  async pay(payerIndex: number, payee: Account, token: TokenName, amount: bigint, permit?: PermitUse): Promise<void> {
    const { fixture, model } = this;
    const payer = fixture.payers[payerIndex];
    const payeeAddress = this.accountAddresses[payee];
    const tokenAddress = this.tokenAddresses[token];
    const router = fixture.router.connect(payer);
    let send: () => Promise<unknown>;
    if (token === "ETH") {
      await setBalance(payer.address, (await ethers.provider.getBalance(payer.address)) + amount);
      send = () => router.payEther(payeeAddress, NO_ORDER, { value: amount });
    } else if (token === "permit") {
      await fixture.permit.mint(payer.address, amount);
      const spender = permit === "invalid" ? fixture.keeper.address : fixture.routerAddress;
      const signed = await signPermit(fixture.permit, payer, spender, amount, MAX_UINT256);
      if (permit === "frontRun") {
        await fixture.permit
          .connect(fixture.keeper)
          .permit(payer.address, fixture.routerAddress, amount, signed.deadline, signed.v, signed.r, signed.s);
      }
      send = () =>
        router.payWithPermit(
          payeeAddress,
          tokenAddress,
          amount,
          NO_ORDER,
          signed.deadline,
          signed.v,
          signed.r,
          signed.s,
        );
    } else {
      await fixture[token].mint(payer.address, amount);
      send = () => router.pay(payeeAddress, tokenAddress, amount, NO_ORDER);
    }

    const received = model.arriving(token, amount);
    const [payeeBefore] = await this.balances(token, [payeeAddress]);
    const result = await this.attempt(send);

    if (permit === "invalid") {
      expect(result, "payment with a permit that does not apply and no allowance").to.equal("FeeRouterPermitRejected");
      this.coverage.rejectedPermits += 1;
      return;
    }
    if (received === 0n) {
      expect(result, "payment of which nothing arrives").to.equal("FeeRouterNothingReceived");
      this.coverage.nothingReceived += 1;
      return;
    }
    expect(result, `payment in ${token}`).not.to.be.a("string");
    const record = paymentOf(fixture.router, result as ContractTransactionReceipt);

    const split = expectedSplit(received, model.serviceFeeBps, model.duesBps, MEMBER_ACCOUNTS.includes(payee));
    const book = model.books[token];
    book.balance += received;
    book.serviceFees += split.serviceFee;
    book.dues += split.dues;
    const credited = model.deliver(token, payee, split.net);

    expect([record.amount, record.serviceFee, record.dues, record.net, record.credited], "payment").to.deep.equal([
      received,
      split.serviceFee,
      split.dues,
      split.net,
      credited,
    ]);
    const [payeeAfter] = await this.balances(token, [payeeAddress]);
    expect(payeeAfter - payeeBefore, "payee's gain").to.equal(credited ? 0n : model.arriving(token, split.net));
    this.coverage.payments += 1;
    this.coverage.creditedPayments += credited ? 1 : 0;
    this.coverage.frontRunPermits += permit === "frontRun" ? 1 : 0;
  }

  async releaseFees(token: TokenName): Promise<void> {
    const { fixture, model } = this;
    const book = model.books[token];
    const pots = [
      { pot: 0n, recipient: model.serviceFeeRecipient, amount: book.serviceFees },
      { pot: 1n, recipient: model.duesRecipient, amount: book.dues },
    ].filter((release) => release.amount !== 0n);
    const addresses = pots.map((release) => this.accountAddresses[release.recipient]);
    const before = await this.balances(token, addresses);

    const result = await this.attempt(() =>
      fixture.router.connect(fixture.keeper).releaseFees(this.tokenAddresses[token]),
    );

    if (pots.length === 0) {
      expect(result, "release of empty pots").to.equal("FeeRouterNoFees");
      return;
    }
    expect(result, `release in ${token}`).not.to.be.a("string");
    book.serviceFees = 0n;
    book.dues = 0n;
    const expectedGains = new Map<string, bigint>(addresses.map((address) => [address, 0n]));
    const expectedEvents = pots.map((release, i) => {
      const credited = model.deliver(token, release.recipient, release.amount);
      const gain = credited ? 0n : model.arriving(token, release.amount);
      expectedGains.set(addresses[i], expectedGains.get(addresses[i])! + gain);
      this.coverage.creditedReleases += credited ? 1 : 0;
      return [this.tokenAddresses[token], release.pot, addresses[i], release.amount, credited];
    });

    const events = (result as ContractTransactionReceipt).logs
      .map((log) => fixture.router.interface.parseLog(log))
      .filter((event) => event?.name === "FeesReleased")
      .map((event) => [...event!.args]);
    expect(events, "fees released").to.deep.equal(expectedEvents);
    const after = await this.balances(token, addresses);
    addresses.forEach((address, i) => {
      expect(after[i] - before[i], `gain of fee recipient ${address}`).to.equal(expectedGains.get(address));
    });
    this.coverage.releases += 1;
  }

  async withdrawCredit(token: TokenName, account: Account): Promise<void> {
    const { fixture, model } = this;
    const book = model.books[token];
    const credit = book.creditOf(account);
    const to = fixture.beneficiary.address;
    const data = fixture.router.interface.encodeFunctionData("withdrawCredit", [this.tokenAddresses[token], to]);
    const [before] = await this.balances(token, [to]);

    const result = await this.attempt(() => this.sendAs(account, data));

    if (credit === 0n) {
      expect(result, "withdrawal without credit").to.equal("FeeRouterNoCredit");
      return;
    }
    expect(result, `withdrawal in ${token}`).not.to.be.a("string");
    book.credits.set(account, 0n);
    book.balance -= credit;
    const [after] = await this.balances(token, [to]);
    expect(after - before, "withdrawn credit arrives").to.equal(model.arriving(token, credit));
    this.coverage.withdrawals += 1;
  }

  async pushCredit(token: TokenName, account: Account): Promise<void> {
    const { fixture, model } = this;
    const book = model.books[token];
    const credit = book.creditOf(account);
    const address = this.accountAddresses[account];
    const [before] = await this.balances(token, [address]);

    const result = await this.attempt(() =>
      fixture.router.connect(fixture.keeper).pushCredit(this.tokenAddresses[token], address),
    );

    if (credit === 0n) {
      expect(result, "push without credit").to.equal("FeeRouterNoCredit");
      return;
    }
    if (!model.accepts(token, account)) {
      const expected = token === "ETH" ? "FeeRouterEtherTransferFailed" : "BlocklistTokenBlocked";
      expect(result, "push to an account that cannot receive").to.equal(expected);
      this.coverage.rejectedPushes += 1;
      return;
    }
    expect(result, `push in ${token}`).not.to.be.a("string");
    book.credits.set(account, 0n);
    book.balance -= credit;
    const [after] = await this.balances(token, [address]);
    expect(after - before, "pushed credit arrives").to.equal(model.arriving(token, credit));
    this.coverage.pushes += 1;
  }

  async sweep(token: TokenName): Promise<void> {
    const { fixture, model } = this;
    const book = model.books[token];
    const excess = book.balance - book.owed;
    const to = fixture.beneficiary.address;
    const [before] = await this.balances(token, [to]);

    const result = await this.attempt(() => fixture.routerByTimelock.sweep(this.tokenAddresses[token], to));

    if (excess === 0n) {
      expect(result, "sweep without excess").to.equal("FeeRouterNoExcess");
      return;
    }
    expect(result, `sweep in ${token}`).not.to.be.a("string");
    book.balance -= excess;
    const [after] = await this.balances(token, [to]);
    expect(after - before, "swept excess arrives").to.equal(model.arriving(token, excess));
    this.coverage.sweeps += 1;
  }

  async transferIn(token: TokenName, amount: bigint): Promise<void> {
    const { fixture, model } = this;
    const router = fixture.routerAddress;
    if (token === "ETH") {
      // ETH forced in without a call, as `selfdestruct` or a block reward would.
      await setBalance(router, (await ethers.provider.getBalance(router)) + amount);
    } else {
      await fixture[token].mint(router, amount);
    }
    model.books[token].balance += amount;
  }

  async changeSetting(action: Action): Promise<void> {
    const { fixture, model } = this;
    const byTimelock = fixture.routerByTimelock;
    switch (action.kind) {
      case "setServiceFee": {
        const result = await this.attempt(() => byTimelock.setServiceFee(action.bps));
        if (action.bps > 1_000n) {
          expect(result, "service fee above the cap").to.equal("FeeRouterServiceFeeAboveCap");
          this.coverage.rejectedRates += 1;
        } else {
          expect(result, "service fee within the cap").not.to.be.a("string");
          model.serviceFeeBps = action.bps;
        }
        return;
      }
      case "setDues": {
        const result = await this.attempt(() => byTimelock.setDues(action.bps));
        if (action.bps > 500n) {
          expect(result, "dues above the cap").to.equal("FeeRouterDuesAboveCap");
          this.coverage.rejectedRates += 1;
        } else {
          expect(result, "dues within the cap").not.to.be.a("string");
          model.duesBps = action.bps;
        }
        return;
      }
      case "setServiceFeeRecipient":
        await byTimelock.setServiceFeeRecipient(this.accountAddresses[action.account]);
        model.serviceFeeRecipient = action.account;
        return;
      case "setDuesRecipient":
        await byTimelock.setDuesRecipient(this.accountAddresses[action.account]);
        model.duesRecipient = action.account;
        return;
      case "block":
        await fixture.blocklist.setBlocked(this.accountAddresses[action.account], action.blocked);
        if (action.blocked) model.blocked.add(action.account);
        else model.blocked.delete(action.account);
        return;
      case "setRejecting":
        await fixture.rejecter.setMode(action.rejecting ? REVERT : ACCEPT);
        model.rejecting = action.rejecting;
        return;
      case "setTransferFee":
        await fixture.feeOnTransfer.setFeeBps(action.bps);
        model.transferFeeBps = action.bps;
        return;
      case "setBonus":
        await fixture.bonus.setBonusBps(action.bps);
        model.bonusBps = action.bps;
        return;
      default:
        throw new Error(`Unexpected setting action ${action.kind}`);
    }
  }

  /**
   * Checks the router's books in `token` against the model: balance, pots, every account's credit
   * and their total, and that the balance covers them with `excessOf` as the difference.
   */
  async expectBooks(token: TokenName): Promise<void> {
    const { fixture, model } = this;
    const book = model.books[token];
    const tokenAddress = this.tokenAddresses[token];
    const books = await expectSolvent(fixture.router, tokenAddress, token);
    expect(books.balance, `${token}: router's balance`).to.equal(book.balance);
    expect(books.serviceFees, `${token}: accrued service fees`).to.equal(book.serviceFees);
    expect(books.dues, `${token}: accrued dues`).to.equal(book.dues);
    for (const account of ACCOUNTS) {
      const credit = await fixture.router.creditOf(tokenAddress, this.accountAddresses[account]);
      expect(credit, `${token}: credit of ${account}`).to.equal(book.creditOf(account));
    }
    expect(books.totalCredited, `${token}: total credited`).to.equal(book.totalCredited);
    expect(books.excess, `${token}: excess`).to.equal(book.balance - book.owed);
  }
}

describe("FeeRouter properties", function () {
  this.timeout(600_000);

  it("splits every payment exactly", async function () {
    const coverage: PaymentCoverage = {
      behaviours: new Set(),
      edges: new Set(),
      members: 0,
      outsiders: 0,
      credited: 0,
      zeroServiceFee: 0,
      cappedRates: 0,
    };

    await fc.assert(
      fc.asyncProperty(paymentCaseArbitrary, (paymentCase) => checkPayment(paymentCase, coverage)),
      { numRuns: PAYMENT_RUNS, seed: PAYMENT_SEED },
    );

    // A coverage run makes too few payments to reach every kind of case.
    if (UNDER_COVERAGE) return;
    expect(coverage.behaviours.size, "token and payee behaviours").to.equal(7);
    expect(coverage.edges.size, "edge amounts").to.equal(EDGE_AMOUNTS.length);
    expect(coverage.members, "payments to members").to.be.greaterThan(0);
    expect(coverage.outsiders, "payments to non-members").to.be.greaterThan(0);
    expect(coverage.credited, "credited payments").to.be.greaterThan(0);
    expect(coverage.zeroServiceFee, "payments too small for a service fee").to.be.greaterThan(0);
    expect(coverage.cappedRates, "payments at both caps").to.be.greaterThan(0);
  });

  it("keeps books covered after any sequence", async function () {
    const coverage: SequenceCoverage = {
      payments: 0,
      creditedPayments: 0,
      creditedReleases: 0,
      releases: 0,
      withdrawals: 0,
      pushes: 0,
      rejectedPushes: 0,
      sweeps: 0,
      frontRunPermits: 0,
      rejectedPermits: 0,
      nothingReceived: 0,
      rejectedRates: 0,
    };
    const actions = fc.array(actionArbitrary, { minLength: ACTIONS_PER_SEQUENCE, maxLength: ACTIONS_PER_SEQUENCE });

    await fc.assert(
      fc.asyncProperty(actions, async (sequenceActions) => {
        const sequence = await Sequence.start(coverage);
        for (const action of sequenceActions) {
          const token = await sequence.apply(action);
          if (token !== undefined) await sequence.expectBooks(token);
        }
        for (const token of TOKEN_NAMES) await sequence.expectBooks(token);
      }),
      // A failure stops at the first counterexample, because shrinking would replay whole sequences.
      { numRuns: SEQUENCE_RUNS, seed: SEQUENCE_SEED, endOnFailure: true },
    );

    if (UNDER_COVERAGE) return;
    for (const [outcome, count] of Object.entries(coverage)) {
      expect(count, outcome).to.be.greaterThan(0);
    }
  });
});
