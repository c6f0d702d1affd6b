import { getCreateAddress, type ContractRunner, type Signer } from "ethers";

import {
  CoopGovernor__factory,
  CoopMembership__factory,
  CoopProxy__factory,
  CoopTimelock__factory,
  type CoopGovernor,
  type CoopMembership,
  type CoopTimelock,
} from "../../typechain-types";

/** Addresses of the shared implementation contracts that every cooperative's proxies point to. */
export interface Implementations {
  membership: string;
  governor: string;
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

/** What a cooperative is created from. */
export interface CooperativeParams {
  /** Name of the cooperative, of its membership token and of its signing domains. */
  name: string;
  /** Symbol of the membership token. */
  symbol: string;
  /** Founding members, admitted at creation. */
  founders: string[];
  settings: GovernanceSettings;
}

/** A deployed cooperative: typed contracts bound to the runner that deployed them. */
export interface Cooperative {
  membership: CoopMembership;
  governor: CoopGovernor;
  timelock: CoopTimelock;
}

/** Settings for a local cooperative: one-day votes, one-hour timelock delay, 25% quorum. */
export const DEFAULT_SETTINGS: GovernanceSettings = {
  votingDelay: 60,
  votingPeriod: 24 * 60 * 60,
  quorumPercent: 25,
  lateQuorumExtension: 60 * 60,
  timelockDelay: 60 * 60,
};

/** Reports each deployment step, so that callers can print progress. */
export type StepListener = (step: string, address: string) => void;

/** Deploys the shared implementations, whose initializers are disabled. */
export async function deployImplementations(deployer: Signer): Promise<Implementations> {
  const membership = await new CoopMembership__factory(deployer).deploy();
  const governor = await new CoopGovernor__factory(deployer).deploy();
  await Promise.all([membership.waitForDeployment(), governor.waitForDeployment()]);
  return { membership: await membership.getAddress(), governor: await governor.getAddress() };
}

/**
 * Deploys a cooperative: its timelock, and its membership and governor proxies.
 *
 * Each contract is initialised in the transaction that deploys it, so no initializer is ever left
 * open. The timelock is created with the governor as its only proposer, canceller and executor and
 * with no admin, so no key keeps any power: the three addresses depend on each other, so they are
 * computed in advance from the deployer's next nonces, and the deployment stops at the first
 * contract that lands at another address (another transaction from the same account interleaved).
 */
export async function deployCooperative(
  deployer: Signer,
  implementations: Implementations,
  params: CooperativeParams,
  onStep: StepListener = () => {},
): Promise<Cooperative> {
  validateParams(params);
  const provider = requireProvider(deployer);
  const from = await deployer.getAddress();
  const nonce = await provider.getTransactionCount(from, "pending");
  const timelockAddress = getCreateAddress({ from, nonce });
  const membershipAddress = getCreateAddress({ from, nonce: nonce + 1 });
  const governorAddress = getCreateAddress({ from, nonce: nonce + 2 });
  const { settings } = params;

  const timelock = await new CoopTimelock__factory(deployer).deploy(settings.timelockDelay, [governorAddress], {
    nonce,
  });
  await expectAddress(timelock, timelockAddress, "timelock");
  onStep("timelock", timelockAddress);

  const membershipInit = CoopMembership__factory.createInterface().encodeFunctionData("initialize", [
    params.name,
    params.symbol,
    timelockAddress,
    params.founders,
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

  return connectCooperative(deployer, {
    membership: membershipAddress,
    governor: governorAddress,
    timelock: timelockAddress,
  });
}

/** Returns typed contracts for a cooperative's addresses, bound to `runner`. */
export function connectCooperative(
  runner: ContractRunner,
  addresses: { membership: string; governor: string; timelock: string },
): Cooperative {
  return {
    membership: CoopMembership__factory.connect(addresses.membership, runner),
    governor: CoopGovernor__factory.connect(addresses.governor, runner),
    timelock: CoopTimelock__factory.connect(addresses.timelock, runner),
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
    const key = founder.toLowerCase();
    if (seen.has(key)) throw new Error(`Founder ${founder} is listed twice: list each founding member once.`);
    seen.add(key);
  }
  requireInteger("votingDelay", settings.votingDelay, 0, 2 ** 48 - 1);
  requireInteger("votingPeriod", settings.votingPeriod, 1, 2 ** 32 - 1);
  requireInteger("quorumPercent", settings.quorumPercent, 0, 100);
  requireInteger("lateQuorumExtension", settings.lateQuorumExtension, 0, settings.votingPeriod);
  requireInteger("timelockDelay", settings.timelockDelay, 0, Number.MAX_SAFE_INTEGER);
}

function requireInteger(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Invalid ${field} ${value}: expected a whole number from ${min} to ${max}.`);
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
