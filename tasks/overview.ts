import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Contract, ZeroAddress, formatEther, getAddress } from "ethers";

import { DEFAULT_BLOCK_RANGE } from "../src/chain/logs";
import type { Cooperative } from "../src/deploy/cooperative";

import type { ConfigurableTaskDefinition } from "hardhat/types";

import {
  fail,
  loadCoopAddresses,
  recordedDeploymentBlock,
  output,
  signerFor,
  withChainOptions,
  type CoopAddresses,
} from "./lib";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

/** Help text of `--coop` for the tasks of this file, which also take an address. */
export const COOP_HELP =
  "Symbol of the cooperative's deployment record, or the address of one of its contracts (default: the only one)";

/** Names of the admission policies, by the number of the membership contract's `AdmissionPolicy`. */
const ADMISSION_POLICY_NAMES = ["Governance", "Application", "Open"] as const;

/** Meaning of each admission policy for a candidate. */
const ADMISSION_POLICY_TEXT: Record<(typeof ADMISSION_POLICY_NAMES)[number], string> = {
  Governance: "members are admitted only by a proposal",
  Application: "candidates apply, and governance or an admissions officer approves them",
  Open: "anyone who subscribes the minimum of shares becomes a member",
};

/** Parts of a cooperative behind a proxy, with the contract that each one runs at deployment. */
export const PROXIED_CONTRACTS = {
  membership: "CoopMembership",
  governor: "CoopGovernor",
  shares: "CoopShares",
  charter: "CoopCharter",
  judgment: "CoopJudgmentGovernor",
  feeRouter: "FeeRouter",
} as const;

export type ProxiedPart = keyof typeof PROXIED_CONTRACTS;

/** The implementation that one of the cooperative's proxies runs. */
export interface ProxyImplementation {
  proxy: string;
  implementation: string;
  /** Name of the deployment record at the implementation's address, when one exists. */
  recordedAs: string | null;
  /** Value that the implementation's `version()` returns, or null when it has no such function. */
  version: string | null;
}

/**
 * Connects to the cooperative that `coop` names, for calls only: with the first configured account
 * when there is one, else with the provider alone.
 */
export async function connectForReading(hre: HardhatRuntimeEnvironment, coop?: string) {
  const { connectCooperative } = await import("../src/deploy/cooperative");
  const addresses = await loadCoopAddresses(hre, coop);
  const runner = (await hre.ethers.getSigners()).length === 0 ? hre.ethers.provider : await signerFor(hre);
  return { addresses, coop: connectCooperative(runner, addresses) };
}

/**
 * Returns the block to start log queries from: `fromBlock` when given, else the deployment block
 * of the membership record (its receipt's, or the `linkedData.deploymentBlock` that coop:deploy
 * writes), else the block where the membership proxy's code appeared. Fails with the fix when none
 * of these is known.
 */
export async function startBlock(
  hre: HardhatRuntimeEnvironment,
  addresses: CoopAddresses,
  fromBlock?: number,
): Promise<number> {
  if (fromBlock !== undefined) {
    if (!Number.isSafeInteger(fromBlock) || fromBlock < 0) {
      fail(`Invalid --from-block ${fromBlock}: expected a block number, 0 or more.`);
    }
    return fromBlock;
  }
  const recorded = await recordedDeploymentBlock(hre, addresses.symbol);
  if (recorded !== undefined) return recorded;

  const { findCreationBlock } = await import("../src/chain/logs");
  try {
    const created = await findCreationBlock(hre.ethers.provider, addresses.membership);
    if (created !== undefined) return created;
  } catch (error) {
    fail(
      `Cannot find the block where cooperative ${addresses.symbol} was deployed, because the node refused to ` +
        `read past state (${(error as Error).message}). Pass --from-block with that block number, from a block explorer.`,
    );
  }
  fail(
    `No code at the membership address ${addresses.membership} on network ${hre.network.name}: the record of ` +
      `${addresses.symbol} belongs to another chain. Check --network, or deploy the cooperative again.`,
  );
}

/** Returns the prefix of a suggested command on this network, such as `npx hardhat --network testnet`. */
export function commandPrefix(hre: HardhatRuntimeEnvironment): string {
  return hre.network.name === "hardhat" ? "npx hardhat" : `npx hardhat --network ${hre.network.name}`;
}

/**
 * Returns ` --coop SYMBOL` when the task was given `--coop` (a symbol or an address), for the next
 * command that a message suggests, else nothing.
 */
export function coopOption(coopArgument: string | undefined, symbol: string): string {
  return coopArgument === undefined ? "" : ` --coop ${symbol}`;
}

/** Returns the version that the contract at `address` reports with `version()`, or null without one. */
async function versionAt(hre: HardhatRuntimeEnvironment, address: string): Promise<string | null> {
  const contract = new Contract(address, ["function version() view returns (string)"], hre.ethers.provider);
  try {
    return String(await contract.getFunction("version").staticCall());
  } catch {
    return null;
  }
}

/** Returns the implementation of each of the cooperative's proxies, with its record name and version. */
export async function proxyImplementations(
  hre: HardhatRuntimeEnvironment,
  addresses: CoopAddresses,
): Promise<Record<ProxiedPart, ProxyImplementation>> {
  const { upgrades } = hre;
  const records = Object.entries(await hre.deployments.all());
  const result: Partial<Record<ProxiedPart, ProxyImplementation>> = {};
  for (const part of Object.keys(PROXIED_CONTRACTS) as ProxiedPart[]) {
    const proxy = addresses[part];
    const implementation = await upgrades.erc1967.getImplementationAddress(proxy);
    const record = records.find(
      ([name, deployment]) => !name.includes("-") && getAddress(deployment.address) === getAddress(implementation),
    );
    result[part] = {
      proxy,
      implementation,
      recordedAs: record === undefined ? null : record[0],
      version: await versionAt(hre, proxy),
    };
  }
  return result as Record<ProxiedPart, ProxyImplementation>;
}

/**
 * Returns the metadata and statutes CIDs that the factory emitted when it created the cooperative,
 * or null for each when no factory is recorded or the cooperative was deployed without it.
 */
async function factoryDocuments(
  hre: HardhatRuntimeEnvironment,
  addresses: CoopAddresses,
  fromBlock: number,
  blockRange: number,
): Promise<{ metadataUri: string | null; statutesUri: string | null }> {
  const none = { metadataUri: null, statutesUri: null };
  const record = await hre.deployments.getOrNull("CoopFactory");
  if (record == null) return none;
  const { CoopFactory__factory } = await import("../typechain-types");
  const { queryInRanges } = await import("../src/chain/logs");
  const { toIpfsUri } = await import("../src/ipfs/cidText");
  const factory = CoopFactory__factory.connect(record.address, hre.ethers.provider);
  const latest = await hre.ethers.provider.getBlockNumber();
  const events = await queryInRanges(fromBlock, latest, blockRange, (from, to) =>
    factory.queryFilter(factory.filters.CooperativeCreated(), from, to),
  );
  const created = events.find(
    (event) => getAddress(event.args.addresses.membership) === getAddress(addresses.membership),
  );
  if (created === undefined) return none;
  const uri = (cid: string) => (cid === "0x" ? null : toIpfsUri(cid));
  return { metadataUri: uri(created.args.metadataCid), statutesUri: uri(created.args.statutesCid) };
}

/** Options of coop:info and coop:status. */
export interface ReadArgs {
  coop?: string;
  json: boolean;
  fromBlock?: number;
  blockRange: number;
}

/**
 * Declares a task like `coopTask` does, whose `--coop` also takes the address of one of the
 * cooperative's contracts. `fromHelp` describes `--from` when the task sends transactions.
 */
export function coopAddressTask(
  name: string,
  description: string,
  sendsTransactions: boolean,
  fromHelp?: string,
): ConfigurableTaskDefinition {
  const definition = task(name, description)
    .addOptionalParam("coop", COOP_HELP)
    .addFlag("json", "Print JSON for scripts");
  return withChainOptions(definition, sendsTransactions, fromHelp);
}

/** Adds `--from-block` and `--block-range`, for tasks that read events. */
export function withLogOptions(definition: ConfigurableTaskDefinition): ConfigurableTaskDefinition {
  return definition
    .addOptionalParam(
      "fromBlock",
      "Block to start reading events from (default: the deployment block, from the record or the chain)",
      undefined,
      types.int,
    )
    .addOptionalParam(
      "blockRange",
      `Blocks per event query; lower it when the RPC endpoint rejects a range as too wide (default: ${DEFAULT_BLOCK_RANGE})`,
      DEFAULT_BLOCK_RANGE,
      types.int,
    );
}

/** Reads the governance settings of `coop` in their units: seconds and percent. */
async function governanceSettings(coop: Cooperative) {
  const [votingDelay, votingPeriod, numerator, denominator, lateQuorumExtension, timelockDelay, rules, mj] =
    await Promise.all([
      coop.governor.votingDelay(),
      coop.governor.votingPeriod(),
      coop.governor["quorumNumerator()"](),
      coop.governor.quorumDenominator(),
      coop.governor.lateQuorumVoteExtension(),
      coop.timelock.getMinDelay(),
      coop.charter.extraordinaryRules(),
      coop.judgment.settings(),
    ]);
  return {
    votingDelay,
    votingPeriod,
    quorumPercent: (numerator * 100n) / denominator,
    lateQuorumExtension,
    timelockDelay,
    extraordinary: {
      quorumPercent: rules.quorumPercent,
      majorityNumerator: rules.majorityNumerator,
      majorityDenominator: rules.majorityDenominator,
    },
    gradeScale: { gradeCount: mj.gradeCount, minimumGrade: mj.minimumGrade },
  };
}

withLogOptions(
  coopAddressTask(
    "coop:info",
    "Shows the cooperative at a glance: addresses, members, governance settings, capital, fees and implementations",
    false,
  ),
).setAction(async (args: ReadArgs, hre) => {
  const { formatDuration } = await import("../src/cli/durations");
  const { formatAmount, formatBps, tokenUnits } = await import("../src/cli/amounts");
  const { addresses, coop } = await connectForReading(hre, args.coop);
  const provider = hre.ethers.provider;

  const [name, symbol, network, memberCount, policyNumber, memberWeight, treasury, governance] = await Promise.all([
    coop.membership.name(),
    coop.membership.symbol(),
    provider.getNetwork(),
    coop.membership.memberCount(),
    coop.membership.admissionPolicy(),
    coop.membership.memberWeight(),
    provider.getBalance(addresses.timelock),
    governanceSettings(coop),
  ]);
  const policy = ADMISSION_POLICY_NAMES[Number(policyNumber)] ?? `unknown (${policyNumber})`;

  const units = await tokenUnits(provider, await coop.shares.paymentToken());
  const [nominalValue, totalShares, capital, minimumShares, noticePeriod, floor, floorBps] = await Promise.all([
    coop.shares.nominalValue(),
    coop.shares.totalShares(),
    coop.shares.capital(),
    coop.shares.minimumShares(),
    coop.shares.noticePeriod(),
    coop.shares.capitalFloor(),
    coop.shares.capitalFloorBps(),
  ]);
  const [serviceFeeBps, duesBps, serviceFeeRecipient, duesRecipient] = await Promise.all([
    coop.feeRouter.serviceFeeBps(),
    coop.feeRouter.duesBps(),
    coop.feeRouter.serviceFeeRecipient(),
    coop.feeRouter.duesRecipient(),
  ]);

  const fromBlock = await startBlock(hre, addresses, args.fromBlock);
  const documents = await factoryDocuments(hre, addresses, fromBlock, args.blockRange);
  const implementations = await proxyImplementations(hre, addresses);

  const recipient = (account: string) => (account === addresses.timelock ? "the timelock (treasury)" : account);
  const { extraordinary: rules, gradeScale } = governance;
  const lines = [
    `Cooperative ${name} (${symbol}) on network ${hre.network.name}, chain id ${network.chainId}`,
    "Addresses:",
    `  membership         ${addresses.membership}`,
    `  governor           ${addresses.governor}`,
    `  judgment governor  ${addresses.judgment}`,
    `  timelock           ${addresses.timelock} (treasury: ${formatEther(treasury)} ETH)`,
    `  charter            ${addresses.charter}`,
    `  shares             ${addresses.shares}`,
    `  fee router         ${addresses.feeRouter}`,
    `Members: ${memberCount}, each with a weight of ${memberWeight}`,
    `Admission policy: ${policy} (${ADMISSION_POLICY_TEXT[policy as keyof typeof ADMISSION_POLICY_TEXT] ?? "unknown policy"})`,
    "Governance:",
    `  voting opens ${formatDuration(governance.votingDelay)} after a proposal and lasts ${formatDuration(governance.votingPeriod)}`,
    `  quorum: ${governance.quorumPercent}% of the voting weight at the snapshot votes for or abstains`,
    `  late quorum: at least ${formatDuration(governance.lateQuorumExtension)} of voting remains after the quorum is reached`,
    `  timelock delay: ${formatDuration(governance.timelockDelay)} between queueing a passed proposal and executing it`,
    `  extraordinary proposals: ${rules.quorumPercent}% quorum and ${rules.majorityNumerator}/${rules.majorityDenominator} of for+against votes`,
    `  majority judgment: ${gradeScale.gradeCount} grades from 0 (the worst) to ${gradeScale.gradeCount - 1n}; a winner needs grade ${gradeScale.minimumGrade} or better`,
    "Share capital:",
    `  paid in ${units.symbol}${units.address === ZeroAddress ? "" : ` (${units.address})`}; nominal value of a share: ${formatAmount(nominalValue, units)}`,
    `  ${totalShares} shares, capital ${formatAmount(capital, units)}; a member keeps at least ${minimumShares} share(s)`,
    `  notice period: ${formatDuration(noticePeriod)}; floor: ${formatAmount(floor, units)} (${formatBps(floorBps)} of the highest capital)`,
    "Fees:",
    `  service fee ${formatBps(serviceFeeBps)} to ${recipient(serviceFeeRecipient)}`,
    `  dues ${formatBps(duesBps)} on payments to members to ${recipient(duesRecipient)}`,
    `Statutes: ${documents.statutesUri ?? "none recorded on the chain (only the factory records them)"}`,
    `Metadata: ${documents.metadataUri ?? "none recorded on the chain"}`,
    "Implementations:",
    ...Object.entries(implementations).map(
      ([part, item]) =>
        `  ${part.padEnd(18)} ${item.implementation}${item.recordedAs === null ? "" : ` (${item.recordedAs})`}, version ${item.version ?? "not reported"}`,
    ),
  ];
  output(
    args.json,
    {
      name,
      symbol,
      network: hre.network.name,
      chainId: network.chainId,
      addresses,
      treasury: { balanceWei: treasury, balanceEth: formatEther(treasury) },
      members: { count: memberCount, weight: memberWeight },
      admissionPolicy: policy,
      governance: {
        votingDelaySeconds: governance.votingDelay,
        votingPeriodSeconds: governance.votingPeriod,
        quorumPercent: governance.quorumPercent,
        lateQuorumExtensionSeconds: governance.lateQuorumExtension,
        timelockDelaySeconds: governance.timelockDelay,
        extraordinary: rules,
      },
      gradeScale,
      capital: {
        token: units,
        nominalValue,
        totalShares,
        capital,
        minimumShares,
        noticePeriodSeconds: noticePeriod,
        floor,
        floorBps,
      },
      fees: { serviceFeeBps, duesBps, serviceFeeRecipient, duesRecipient },
      documents,
      implementations,
    },
    lines,
  );
});
