import { ZeroAddress, getCreateAddress, isAddress, parseEther, type ContractRunner, type Signer } from "ethers";

import {
  CoopCharter__factory,
  CoopGovernor__factory,
  CoopJudgmentGovernor__factory,
  CoopMembership__factory,
  CoopProxy__factory,
  CoopShares__factory,
  CoopTimelock__factory,
  FeeRouter__factory,
  type CoopCharter,
  type CoopGovernor,
  type CoopJudgmentGovernor,
  type CoopMembership,
  type CoopShares,
  type CoopTimelock,
  type FeeRouter,
} from "../../typechain-types";

/** Addresses of the shared implementation contracts that every cooperative's proxies point to. */
export interface Implementations {
  membership: string;
  governor: string;
  shares: string;
  charter: string;
  judgment: string;
  feeRouter: string;
}

/** Governance settings of a new cooperative. Times are in seconds. */
export interface GovernanceSettings {
  /** Time between a proposal and its snapshot, when voting opens. */
  votingDelay: number;
  /** How long voting lasts. */
  votingPeriod: number;
  /** Quorum in percent of the members at the snapshot, 0 to 100. */
  quorumPercent: number;
  /** Minimum voting time left after quorum is reached, at most the voting period. */
  lateQuorumExtension: number;
  /** Time between queueing a passed proposal and executing it. */
  timelockDelay: number;
}

/** Terms of a cooperative's share capital, fixed in its statutes. */
export interface CapitalParams {
  /** ERC-20 token that shares are paid in, or the zero address for ETH. */
  paymentToken: string;
  /** Price of one share in the payment token's smallest unit (wei for ETH). It never changes. */
  nominalValue: bigint;
  /** Shares a member keeps, and subscribes to be admitted under the Open policy. Zero for none. */
  minimumShares: bigint;
  /** Seconds between a redemption request and its due date. */
  noticePeriod: number;
  /** Capital floor in basis points of the highest capital, 0 to 10,000. No redemption takes the capital below it. */
  floorBps: number;
}

/** Parameters of a new cooperative. */
export interface CooperativeParams {
  /** Name of the cooperative, of its membership token and of its signing domains. */
  name: string;
  /** Symbol of the membership token. */
  symbol: string;
  /** Founding members, admitted at creation. */
  founders: string[];
  /**
   * Weight of each founding and newly admitted member, at least 1, or {@link DEFAULT_MEMBER_WEIGHT}
   * when omitted. A federation gives its member cooperatives a large equal weight, such as 1,000,000.
   */
  memberWeight?: bigint;
  /** Admission policy from the start, or `"governance"` when omitted. */
  admissionPolicy?: AdmissionPolicyName;
  settings: GovernanceSettings;
  /** Share capital terms, or {@link DEFAULT_CAPITAL} when omitted. */
  capital?: CapitalParams;
  /** Thresholds of extraordinary proposals, or {@link DEFAULT_EXTRAORDINARY_RULES} when omitted. */
  extraordinary?: ExtraordinaryRules;
  /** Grade scale of majority-judgment proposals, or {@link DEFAULT_GRADE_SCALE} when omitted. */
  gradeScale?: GradeScale;
  /** Marketplace fees, or {@link DEFAULT_FEES} when omitted. */
  fees?: FeeParams;
}

/** One vote per member, as in a cooperative of persons. */
export const DEFAULT_MEMBER_WEIGHT = 1n;

/** Largest member weight that the membership contract stores: 2^96 - 1. */
export const MAX_MEMBER_WEIGHT = 2n ** 96n - 1n;

/**
 * Values of the membership contract's `AdmissionPolicy` enum, by name: admission only by a
 * proposal, by an application that governance or an admissions officer approves, or by subscribing
 * the minimum of shares.
 */
export const ADMISSION_POLICIES = { governance: 0, application: 1, open: 2 } as const;

/** Name of an admission policy, as written in config files. */
export type AdmissionPolicyName = keyof typeof ADMISSION_POLICIES;

/** The fees the cooperative's fee router keeps on each marketplace payment. */
export interface FeeParams {
  /** Service fee in basis points of each payment, 0 to {@link MAX_SERVICE_FEE_BPS} (100 is 1%). */
  serviceFeeBps: number;
  /** Membership dues in basis points of each payment to a member, 0 to {@link MAX_DUES_BPS} (10 is 0.1%). */
  duesBps: number;
  /** Recipient of the service fees, or the cooperative's timelock (its treasury) when omitted. */
  serviceFeeRecipient?: string;
  /** Recipient of the dues, or the cooperative's timelock when omitted. */
  duesRecipient?: string;
  /** ERC-20 tokens accepted for payments from the start; ETH always is. */
  tokens: string[];
}

/** A 1% service fee and 0.1% dues, both to the treasury, payments in ETH only until governance lists tokens. */
export const DEFAULT_FEES: FeeParams = { serviceFeeBps: 100, duesBps: 10, tokens: [] };

/** Highest service fee the fee router accepts, in basis points (10%). */
export const MAX_SERVICE_FEE_BPS = 1_000;

/** Highest membership dues the fee router accepts, in basis points (5%). */
export const MAX_DUES_BPS = 500;

/** The grade scale of majority-judgment proposals. Grade 0 is the worst. */
export interface GradeScale {
  /** Grades on the scale, 2 to 16. */
  gradeCount: number;
  /** Lowest majority grade that lets a winning option execute, below `gradeCount`. */
  minimumGrade: number;
}

/** Six grades from Reject to Excellent; a winner needs at least Acceptable (grade 2). */
export const DEFAULT_GRADE_SCALE: GradeScale = { gradeCount: 6, minimumGrade: 2 };

/** Thresholds of extraordinary proposals: those that change the cooperative itself. */
export interface ExtraordinaryRules {
  /** Share of the total voting weight at the snapshot that must vote for or abstain, 1 to 100 percent. */
  quorumPercent: number;
  /** Share of for+against votes that must be for, as a fraction from 1/2 to 1. */
  majorityNumerator: number;
  majorityDenominator: number;
}

/** Two thirds of the votes cast for or against, with half of the members taking part. */
export const DEFAULT_EXTRAORDINARY_RULES: ExtraordinaryRules = {
  quorumPercent: 50,
  majorityNumerator: 2,
  majorityDenominator: 3,
};

/**
 * Functions of the membership, shares and fee router contracts that an ordinary proposal may call,
 * the acts of an ordinary general assembly. They admit and exclude members, move shares between
 * members, pay due redemptions, return capital from the treasury and collect the timelock's credit.
 * They also set the interest on shares (capped by the contract), list payment tokens, sweep tokens
 * sent to the router by mistake, close an accounting period and allocate its surplus to patronage
 * refunds. Any other call to the cooperative's contracts is extraordinary, and fee rates, fee
 * recipients and recorded losses always are.
 */
export const ORDINARY_OPERATIONS = {
  membership: ["admit", "exclude"],
  shares: ["transferShares", "payDue", "returnFromTreasury", "withdrawCredit", "setInterestRate"],
  feeRouter: ["setTokenAccepted", "sweep", "closePeriod", "allocateSurplus"],
} as const;

/** A deployed cooperative: typed contracts bound to the runner that deployed them. */
export interface Cooperative {
  membership: CoopMembership;
  governor: CoopGovernor;
  timelock: CoopTimelock;
  shares: CoopShares;
  charter: CoopCharter;
  judgment: CoopJudgmentGovernor;
  feeRouter: FeeRouter;
}

/** Addresses of a cooperative's contracts. */
export interface CooperativeAddresses {
  membership: string;
  governor: string;
  timelock: string;
  shares: string;
  charter: string;
  judgment: string;
  feeRouter: string;
}

/** Settings for a local cooperative: one-day votes, one-hour timelock delay, 25% quorum. */
export const DEFAULT_SETTINGS: GovernanceSettings = {
  votingDelay: 60,
  votingPeriod: 24 * 60 * 60,
  quorumPercent: 25,
  lateQuorumExtension: 60 * 60,
  timelockDelay: 60 * 60,
};

/** Largest nominal value and minimum of shares that the shares contract accepts: 2^128 - 1. */
const MAX_UINT128 = 2n ** 128n - 1n;

/** Maximum notice period that the shares contract accepts, in seconds: ten years. */
export const MAX_NOTICE_PERIOD = 3650 * 24 * 60 * 60;

/** Share capital in ETH: 0.01 ether a share, at least one share, 30 days' notice, 50% floor. */
export const DEFAULT_CAPITAL: CapitalParams = {
  paymentToken: ZeroAddress,
  nominalValue: parseEther("0.01"),
  minimumShares: 1n,
  noticePeriod: 30 * 24 * 60 * 60,
  floorBps: 5_000,
};

/** Reports each deployment step, so that callers can print progress. */
export type StepListener = (step: string, address: string) => void;

/**
 * Deploys the shared implementations, whose initializers are disabled. The six transactions are sent
 * before any is mined, so each gets its nonce here, counted from the node's pending transactions.
 * Letting the signer pick them fails with an ethers `Wallet`, because ethers 6 providers return a
 * cached result for a repeated request within 250 ms (`cacheTimeout`). The second deployment then
 * reused the first one's nonce and the node rejected it ("replacement fee too low").
 */
export async function deployImplementations(deployer: Signer): Promise<Implementations> {
  const provider = requireProvider(deployer);
  const nonce = await provider.getTransactionCount(await deployer.getAddress(), "pending");
  const membership = await new CoopMembership__factory(deployer).deploy({ nonce });
  const governor = await new CoopGovernor__factory(deployer).deploy({ nonce: nonce + 1 });
  const shares = await new CoopShares__factory(deployer).deploy({ nonce: nonce + 2 });
  const charter = await new CoopCharter__factory(deployer).deploy({ nonce: nonce + 3 });
  const judgment = await new CoopJudgmentGovernor__factory(deployer).deploy({ nonce: nonce + 4 });
  const feeRouter = await new FeeRouter__factory(deployer).deploy({ nonce: nonce + 5 });
  await Promise.all([
    membership.waitForDeployment(),
    governor.waitForDeployment(),
    shares.waitForDeployment(),
    charter.waitForDeployment(),
    judgment.waitForDeployment(),
    feeRouter.waitForDeployment(),
  ]);
  return {
    membership: await membership.getAddress(),
    governor: await governor.getAddress(),
    shares: await shares.getAddress(),
    charter: await charter.getAddress(),
    judgment: await judgment.getAddress(),
    feeRouter: await feeRouter.getAddress(),
  };
}

/**
 * Deploys a cooperative: its timelock, and its membership, yes/no governor, share capital, charter,
 * majority-judgment governor and fee router proxies.
 *
 * Each contract is initialised in the transaction that deploys it, so no initializer is ever left
 * open. The timelock is created with the two governors as its only proposers, cancellers and
 * executors and with no admin, so no key keeps any power. The addresses depend on each other, so they are
 * computed in advance from the deployer's next nonces. The deployment stops at the first contract
 * that lands at another address, which happens when another transaction from the same account
 * was sent in between.
 */
export async function deployCooperative(
  deployer: Signer,
  implementations: Implementations,
  params: CooperativeParams,
  onStep: StepListener = () => {},
): Promise<Cooperative> {
  validateParams(params);
  const provider = requireProvider(deployer);
  await requireTokenContracts(provider, params);
  const from = await deployer.getAddress();
  const nonce = await provider.getTransactionCount(from, "pending");
  const timelockAddress = getCreateAddress({ from, nonce });
  const membershipAddress = getCreateAddress({ from, nonce: nonce + 1 });
  const governorAddress = getCreateAddress({ from, nonce: nonce + 2 });
  const sharesAddress = getCreateAddress({ from, nonce: nonce + 3 });
  const charterAddress = getCreateAddress({ from, nonce: nonce + 4 });
  const judgmentAddress = getCreateAddress({ from, nonce: nonce + 5 });
  const feeRouterAddress = getCreateAddress({ from, nonce: nonce + 6 });
  const { settings } = params;
  const capital = params.capital ?? DEFAULT_CAPITAL;
  const gradeScale = params.gradeScale ?? DEFAULT_GRADE_SCALE;
  const fees = params.fees ?? DEFAULT_FEES;
  const governors = [governorAddress, judgmentAddress];

  const timelock = await new CoopTimelock__factory(deployer).deploy(settings.timelockDelay, governors, {
    nonce,
  });
  await expectAddress(timelock, timelockAddress, "timelock");
  onStep("timelock", timelockAddress);

  const membershipInit = CoopMembership__factory.createInterface().encodeFunctionData("initialize", [
    params.name,
    params.symbol,
    timelockAddress,
    sharesAddress,
    params.founders,
    params.memberWeight ?? DEFAULT_MEMBER_WEIGHT,
    ADMISSION_POLICIES[params.admissionPolicy ?? "governance"],
  ]);
  const membershipProxy = await new CoopProxy__factory(deployer).deploy(implementations.membership, membershipInit, {
    nonce: nonce + 1,
  });
  await expectAddress(membershipProxy, membershipAddress, "membership");
  onStep("membership", membershipAddress);

  const governorInit = CoopGovernor__factory.createInterface().encodeFunctionData("initialize", [
    params.name,
    membershipAddress,
    timelockAddress,
    charterAddress,
    {
      votingDelay: settings.votingDelay,
      votingPeriod: settings.votingPeriod,
      quorumNumerator: settings.quorumPercent,
      lateQuorumExtension: settings.lateQuorumExtension,
    },
  ]);
  const governorProxy = await new CoopProxy__factory(deployer).deploy(implementations.governor, governorInit, {
    nonce: nonce + 2,
  });
  await expectAddress(governorProxy, governorAddress, "governor");
  onStep("governor", governorAddress);

  const sharesInit = CoopShares__factory.createInterface().encodeFunctionData("initialize", [
    membershipAddress,
    timelockAddress,
    capital.paymentToken,
    capital.nominalValue,
    capital.minimumShares,
    capital.noticePeriod,
    capital.floorBps,
  ]);
  const sharesProxy = await new CoopProxy__factory(deployer).deploy(implementations.shares, sharesInit, {
    nonce: nonce + 3,
  });
  await expectAddress(sharesProxy, sharesAddress, "shares");
  onStep("shares", sharesAddress);

  const charterInit = CoopCharter__factory.createInterface().encodeFunctionData("initialize", [
    timelockAddress,
    governors,
    membershipAddress,
    [sharesAddress, feeRouterAddress],
    params.extraordinary ?? DEFAULT_EXTRAORDINARY_RULES,
    ordinaryOperations(membershipAddress, sharesAddress, feeRouterAddress),
  ]);
  const charterProxy = await new CoopProxy__factory(deployer).deploy(implementations.charter, charterInit, {
    nonce: nonce + 4,
  });
  await expectAddress(charterProxy, charterAddress, "charter");
  onStep("charter", charterAddress);

  const judgmentInit = CoopJudgmentGovernor__factory.createInterface().encodeFunctionData("initialize", [
    params.name,
    membershipAddress,
    timelockAddress,
    charterAddress,
    {
      votingDelay: settings.votingDelay,
      votingPeriod: settings.votingPeriod,
      quorumPercent: settings.quorumPercent,
      gradeCount: gradeScale.gradeCount,
      minimumGrade: gradeScale.minimumGrade,
      lateQuorumExtension: settings.lateQuorumExtension,
    },
  ]);
  const judgmentProxy = await new CoopProxy__factory(deployer).deploy(implementations.judgment, judgmentInit, {
    nonce: nonce + 5,
  });
  await expectAddress(judgmentProxy, judgmentAddress, "judgment");
  onStep("judgment", judgmentAddress);

  const feeRouterInit = FeeRouter__factory.createInterface().encodeFunctionData("initialize", [
    membershipAddress,
    timelockAddress,
    fees.serviceFeeRecipient ?? timelockAddress,
    fees.duesRecipient ?? timelockAddress,
    fees.serviceFeeBps,
    fees.duesBps,
    fees.tokens,
  ]);
  const feeRouterProxy = await new CoopProxy__factory(deployer).deploy(implementations.feeRouter, feeRouterInit, {
    nonce: nonce + 6,
  });
  await expectAddress(feeRouterProxy, feeRouterAddress, "fee router");
  onStep("feeRouter", feeRouterAddress);

  return connectCooperative(deployer, {
    membership: membershipAddress,
    governor: governorAddress,
    timelock: timelockAddress,
    shares: sharesAddress,
    charter: charterAddress,
    judgment: judgmentAddress,
    feeRouter: feeRouterAddress,
  });
}

/** Lists {@link ORDINARY_OPERATIONS} as (target, selector) pairs for the charter. */
export function ordinaryOperations(
  membershipAddress: string,
  sharesAddress: string,
  feeRouterAddress: string,
): { target: string; selector: string }[] {
  const membership = CoopMembership__factory.createInterface();
  const shares = CoopShares__factory.createInterface();
  const feeRouter = FeeRouter__factory.createInterface();
  return [
    ...ORDINARY_OPERATIONS.membership.map((name) => ({
      target: membershipAddress,
      selector: membership.getFunction(name).selector,
    })),
    ...ORDINARY_OPERATIONS.shares.map((name) => ({
      target: sharesAddress,
      selector: shares.getFunction(name).selector,
    })),
    ...ORDINARY_OPERATIONS.feeRouter.map((name) => ({
      target: feeRouterAddress,
      selector: feeRouter.getFunction(name).selector,
    })),
  ];
}

/** Returns typed contracts for a cooperative's addresses, bound to `runner`. */
export function connectCooperative(runner: ContractRunner, addresses: CooperativeAddresses): Cooperative {
  return {
    membership: CoopMembership__factory.connect(addresses.membership, runner),
    governor: CoopGovernor__factory.connect(addresses.governor, runner),
    timelock: CoopTimelock__factory.connect(addresses.timelock, runner),
    shares: CoopShares__factory.connect(addresses.shares, runner),
    charter: CoopCharter__factory.connect(addresses.charter, runner),
    judgment: CoopJudgmentGovernor__factory.connect(addresses.judgment, runner),
    feeRouter: FeeRouter__factory.connect(addresses.feeRouter, runner),
  };
}

/** Throws an error that names the invalid field and the accepted values. */
export function validateParams(params: CooperativeParams): void {
  const { settings } = params;
  if (params.name.trim() === "") throw new Error("Cooperative name is empty: give the cooperative a name.");
  if (params.symbol.trim() === "")
    throw new Error("Membership token symbol is empty: give a short symbol such as COOP.");
  const seen = new Set<string>();
  for (const founder of params.founders) {
    if (founder === ZeroAddress)
      throw new Error("Founder 0x000...000 is the zero address: give each founder's own address.");
    const key = founder.toLowerCase();
    if (seen.has(key)) throw new Error(`Founder ${founder} is listed twice: list each founding member once.`);
    seen.add(key);
  }
  if (params.memberWeight !== undefined) requireBigInt("memberWeight", params.memberWeight, 1n, MAX_MEMBER_WEIGHT);
  if (params.admissionPolicy !== undefined && !Object.hasOwn(ADMISSION_POLICIES, params.admissionPolicy)) {
    throw new Error(
      `Invalid admissionPolicy "${String(params.admissionPolicy)}": expected one of ` +
        `${Object.keys(ADMISSION_POLICIES).join(", ")}.`,
    );
  }
  requireInteger("votingDelay", settings.votingDelay, 0, 2 ** 48 - 1);
  requireInteger("votingPeriod", settings.votingPeriod, 1, 2 ** 32 - 1);
  requireInteger("quorumPercent", settings.quorumPercent, 0, 100);
  requireInteger("lateQuorumExtension", settings.lateQuorumExtension, 0, settings.votingPeriod);
  requireInteger("timelockDelay", settings.timelockDelay, 0, Number.MAX_SAFE_INTEGER);
  if (params.capital !== undefined) validateCapital(params.capital);
  if (params.extraordinary !== undefined) validateExtraordinaryRules(params.extraordinary);
  if (params.gradeScale !== undefined) validateGradeScale(params.gradeScale);
  if (params.fees !== undefined) validateFees(params.fees);
}

/** Throws an error that names the invalid fee field and the accepted values. */
export function validateFees(fees: FeeParams): void {
  requireInteger("fees.serviceFeeBps", fees.serviceFeeBps, 0, MAX_SERVICE_FEE_BPS);
  requireInteger("fees.duesBps", fees.duesBps, 0, MAX_DUES_BPS);
  for (const [field, recipient] of [
    ["fees.serviceFeeRecipient", fees.serviceFeeRecipient],
    ["fees.duesRecipient", fees.duesRecipient],
  ] as const) {
    if (recipient !== undefined && (!isAddress(recipient) || recipient === ZeroAddress)) {
      throw new Error(`Invalid ${field} "${recipient}": expected 0x and 40 hex digits, not the zero address.`);
    }
  }
  const seen = new Set<string>();
  for (const token of fees.tokens) {
    if (!isAddress(token) || token === ZeroAddress) {
      throw new Error(
        `Invalid fees.tokens entry "${token}": expected an ERC-20 token's address (0x and 40 hex digits); ` +
          "ETH is always accepted.",
      );
    }
    const key = token.toLowerCase();
    if (seen.has(key)) throw new Error(`Invalid fees.tokens: ${token} is listed twice. List each token once.`);
    seen.add(key);
  }
}

/** Throws an error that names the invalid grade scale field and the accepted values. */
export function validateGradeScale(scale: GradeScale): void {
  requireInteger("gradeScale.gradeCount", scale.gradeCount, 2, 16);
  requireInteger("gradeScale.minimumGrade", scale.minimumGrade, 0, scale.gradeCount - 1);
}

/** Throws an error that names the invalid threshold and the accepted values. */
export function validateExtraordinaryRules(rules: ExtraordinaryRules): void {
  requireInteger("extraordinary.quorumPercent", rules.quorumPercent, 1, 100);
  requireInteger("extraordinary.majorityDenominator", rules.majorityDenominator, 1, 65_535);
  requireInteger("extraordinary.majorityNumerator", rules.majorityNumerator, 1, rules.majorityDenominator);
  if (rules.majorityNumerator * 2 < rules.majorityDenominator) {
    throw new Error(
      `Invalid extraordinary majority ${rules.majorityNumerator}/${rules.majorityDenominator}: ` +
        "expected at least one half, such as 2/3.",
    );
  }
}

/** Throws an error that names the invalid share capital field and the accepted values. */
export function validateCapital(capital: CapitalParams): void {
  if (!isAddress(capital.paymentToken)) {
    throw new Error(
      `Invalid capital.paymentToken "${capital.paymentToken}": expected 0x and 40 hex digits, ` +
        `or ${ZeroAddress} for ETH.`,
    );
  }
  requireBigInt("capital.nominalValue", capital.nominalValue, 1n, MAX_UINT128);
  requireBigInt("capital.minimumShares", capital.minimumShares, 0n, MAX_UINT128);
  requireInteger("capital.noticePeriod", capital.noticePeriod, 0, MAX_NOTICE_PERIOD);
  requireInteger("capital.floorBps", capital.floorBps, 0, 10_000);
}

function requireInteger(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Invalid ${field} ${value}: expected a whole number from ${min} to ${max}.`);
  }
}

function requireBigInt(field: string, value: bigint, min: bigint, max: bigint): void {
  if (typeof value !== "bigint" || value < min || value > max) {
    throw new Error(`Invalid ${field} ${String(value)}: expected a whole number (bigint) from ${min} to ${max}.`);
  }
}

/**
 * Throws unless the share capital token and every fee token have code on the deployer's network, so
 * a mistyped address stops the deployment before its first transaction instead of halfway through.
 */
async function requireTokenContracts(
  provider: NonNullable<Signer["provider"]>,
  params: CooperativeParams,
): Promise<void> {
  const tokens: [string, string][] = (params.fees?.tokens ?? []).map((token) => ["fees.tokens", token]);
  const paymentToken = params.capital?.paymentToken ?? ZeroAddress;
  if (paymentToken !== ZeroAddress) tokens.unshift(["capital.paymentToken", paymentToken]);
  for (const [field, token] of tokens) {
    if ((await provider.getCode(token)) === "0x") {
      throw new Error(
        `Invalid ${field} ${token}: no contract at that address on this network. Deploy the token first.`,
      );
    }
  }
}

function requireProvider(signer: Signer): NonNullable<Signer["provider"]> {
  if (signer.provider === null) throw new Error("The deployer signer has no provider: connect it to a network first.");
  return signer.provider;
}

async function expectAddress(
  contract: { waitForDeployment(): Promise<unknown>; getAddress(): Promise<string> },
  expected: string,
  label: string,
): Promise<void> {
  await contract.waitForDeployment();
  const actual = await contract.getAddress();
  if (actual !== expected) {
    throw new Error(
      `The ${label} was deployed at ${actual} instead of ${expected}, because another transaction from the ` +
        "deployer account was sent during the deployment. Deploy again from an account that sends nothing else meanwhile.",
    );
  }
}
