import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { HardhatPluginError } from "hardhat/plugins";
import { ZeroAddress, isAddress } from "ethers";

import {
  checkFeeToken,
  describeFees,
  recordCooperative,
  requireDeployer,
  requireFreeSymbol,
  runDeployScripts,
} from "./deployment";
import { ensureCompiled, loadCoopAddresses, output } from "./lib";
import { warnIfPinnedLocally } from "./proposing";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

/** Plugin name that Hardhat prints before this project's task errors. */
const PLUGIN = "world-coop";

interface DeployArgs {
  coopConfig?: string;
  salt?: string;
  name?: string;
  symbol?: string;
  founders?: string;
  votingDelay?: number;
  votingPeriod?: number;
  quorum?: number;
  lateQuorumExtension?: number;
  timelockDelay?: number;
  gradeCount?: number;
  minimumGrade?: number;
  paymentToken?: string;
  nominalValue?: string;
  minimumShares?: string;
  noticePeriod?: number;
  floorBps?: number;
  serviceFeeBps?: number;
  duesBps?: number;
  feeTokens?: string;
  feeRecipient?: string;
  duesRecipient?: string;
  json?: boolean;
}

/**
 * Values of the flags left out. They are applied here rather than declared as the flags' defaults,
 * so that a flag given next to --coop-config can be distinguished from one left out.
 */
const FLAG_DEFAULTS = {
  votingDelay: 60,
  votingPeriod: 86_400,
  quorum: 25,
  timelockDelay: 3_600,
  gradeCount: 6,
  minimumGrade: 2,
  paymentToken: ZeroAddress,
  nominalValue: "10000000000000000",
  minimumShares: "1",
  noticePeriod: 2_592_000,
  floorBps: 5_000,
  serviceFeeBps: 100,
  duesBps: 10,
  feeTokens: "",
};

/** Late-quorum extension used when none is given: one hour, or the voting period if shorter. */
const DEFAULT_LATE_QUORUM_EXTENSION = 3_600;

/** Symbols name files in deployments/<network>/, so they are limited to safe characters. */
const SYMBOL_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** Flags of this task, by the name of the parameter they set, for error messages. */
const FLAGS: Record<string, string> = {
  votingDelay: "--voting-delay",
  votingPeriod: "--voting-period",
  quorumPercent: "--quorum",
  lateQuorumExtension: "--late-quorum-extension",
  timelockDelay: "--timelock-delay",
  "gradeScale.gradeCount": "--grade-count",
  "gradeScale.minimumGrade": "--minimum-grade",
  "capital.paymentToken": "--payment-token",
  "capital.nominalValue": "--nominal-value",
  "capital.minimumShares": "--minimum-shares",
  "capital.noticePeriod": "--notice-period",
  "capital.floorBps": "--floor-bps",
  "fees.serviceFeeBps": "--service-fee-bps",
  "fees.duesBps": "--dues-bps",
  "fees.serviceFeeRecipient": "--fee-recipient",
  "fees.duesRecipient": "--dues-recipient",
  "fees.tokens": "--fee-tokens",
};

function fail(message: string): never {
  throw new HardhatPluginError(PLUGIN, message);
}

/** Splits a comma-separated list, dropping blanks around and between the items. */
function splitList(list: string): string[] {
  return list
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** Parses a comma-separated list of founder addresses, naming the first invalid one. */
function parseAddresses(list: string): string[] {
  const addresses = splitList(list);
  for (const address of addresses) {
    if (!isAddress(address)) {
      fail(
        `Invalid founder address "${address}": expected 0x and 40 hex digits, all lower case or with a ` +
          "valid EIP-55 checksum (mixed case that fails the checksum usually means a typo).",
      );
    }
  }
  if (addresses.length === 0) fail("No founders given: pass --founders 0xAAA...,0xBBB...");
  return addresses;
}

/** Parses a whole number given in smallest units, such as wei. */
function parseUnits(value: string, flag: string): bigint {
  if (!/^[0-9]+$/.test(value))
    fail(`Invalid ${flag} "${value}": expected a whole number of the token's smallest unit.`);
  return BigInt(value);
}

/** Returns the option spelling of a parameter name, such as `--voting-delay` for `votingDelay`. */
function flagOf(name: string): string {
  return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** Fails unless the arguments take the cooperative's parameters either from flags or from --coop-config. */
function requireOneSource(args: DeployArgs): void {
  const flags = Object.entries(args)
    .filter(([name, value]) => !["coopConfig", "salt", "json"].includes(name) && value !== undefined)
    .map(([name]) => flagOf(name));
  if (args.coopConfig !== undefined && flags.length > 0) {
    fail(
      `--coop-config cannot be combined with ${flags.join(", ")}: the config file sets every parameter. ` +
        "Move those settings into the file, or deploy with flags and no --coop-config.",
    );
  }
  if (args.coopConfig === undefined && args.salt !== undefined) {
    fail("--salt applies only with --coop-config, because only the factory uses a salt. Add --coop-config FILE.");
  }
  if (args.coopConfig === undefined) {
    const missing = (["name", "symbol", "founders"] as const).filter((name) => args[name] === undefined).map(flagOf);
    if (missing.length > 0) {
      fail(`Missing ${missing.join(", ")}: pass --name, --symbol and --founders, or --coop-config FILE.`);
    }
  }
}

/** Returns `args` without the entries whose value is undefined, so that defaults stay. */
function definedOnly(args: DeployArgs): Partial<DeployArgs> {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined));
}

/** Builds and checks the cooperative's parameters before anything is deployed. */
async function buildParams(flags: DeployArgs) {
  const { validateParams } = await import("../src/deploy/cooperative");
  const args = { ...FLAG_DEFAULTS, ...definedOnly(flags) };
  if (args.name === undefined || args.symbol === undefined || args.founders === undefined) {
    fail("Missing --name, --symbol or --founders.");
  }
  if (!SYMBOL_PATTERN.test(args.symbol)) {
    fail(
      `Invalid --symbol "${args.symbol}": use 1 to 32 letters, digits, - or _, because it names files in deployments/.`,
    );
  }
  const params = {
    name: args.name,
    symbol: args.symbol,
    founders: parseAddresses(args.founders),
    settings: {
      votingDelay: args.votingDelay,
      votingPeriod: args.votingPeriod,
      quorumPercent: args.quorum,
      lateQuorumExtension: args.lateQuorumExtension ?? Math.min(DEFAULT_LATE_QUORUM_EXTENSION, args.votingPeriod),
      timelockDelay: args.timelockDelay,
    },
    gradeScale: { gradeCount: args.gradeCount, minimumGrade: args.minimumGrade },
    capital: {
      paymentToken: args.paymentToken,
      nominalValue: parseUnits(args.nominalValue, "--nominal-value"),
      minimumShares: parseUnits(args.minimumShares, "--minimum-shares"),
      noticePeriod: args.noticePeriod,
      floorBps: args.floorBps,
    },
    fees: {
      serviceFeeBps: args.serviceFeeBps,
      duesBps: args.duesBps,
      serviceFeeRecipient: args.feeRecipient,
      duesRecipient: args.duesRecipient,
      tokens: splitList(args.feeTokens),
    },
  };
  try {
    validateParams(params);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    fail(message.replace(/^Invalid ([\w.]+)/, (match, field: string) => `Invalid ${FLAGS[field] ?? field}`));
  }
  return params;
}

/**
 * Deploys the cooperative. With --json, the lines that report progress go to the standard error,
 * and the standard output holds only the JSON object of the network and the recorded addresses.
 */
async function deployCoop(args: DeployArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  if (args.json !== true) {
    await deploySelected(args, hre);
    return;
  }
  const log = console.log;
  console.log = (...parts: unknown[]) => console.error(...parts);
  let symbol: string;
  try {
    symbol = await deploySelected(args, hre);
  } finally {
    console.log = log;
  }
  const addresses = await loadCoopAddresses(hre, symbol);
  const { chainId } = await hre.ethers.provider.getNetwork();
  output(true, { network: hre.network.name, chainId, ...addresses }, []);
}

/** Deploys from the config file or from the flags, and returns the cooperative's symbol. */
async function deploySelected(args: DeployArgs, hre: HardhatRuntimeEnvironment): Promise<string> {
  requireOneSource(args);
  await ensureCompiled(hre);
  if (args.coopConfig !== undefined) {
    const { deployFromConfig } = await import("./deployFromConfig");
    return deployFromConfig(hre, args.coopConfig, args.salt);
  }

  const { deployCooperative } = await import("../src/deploy/cooperative");
  const params = await buildParams(args);
  const deployer = await requireDeployer(hre);
  await requireFreeSymbol(hre, params.symbol, "--symbol");

  const { paymentToken } = params.capital;
  if (paymentToken !== ZeroAddress && (await hre.ethers.provider.getCode(paymentToken)) === "0x") {
    fail(`Invalid --payment-token ${paymentToken}: no contract at that address on ${hre.network.name}.`);
  }
  for (const token of params.fees.tokens) await checkFeeToken(hre, token, "--fee-tokens entry");

  console.log(`Deploying implementations on ${hre.network.name} (reused when already deployed)...`);
  await runDeployScripts(hre, "implementations", deployer.address);
  const implementations = {
    membership: (await hre.deployments.get("CoopMembership")).address,
    governor: (await hre.deployments.get("CoopGovernor")).address,
    shares: (await hre.deployments.get("CoopShares")).address,
    charter: (await hre.deployments.get("CoopCharter")).address,
    judgment: (await hre.deployments.get("CoopJudgmentGovernor")).address,
    feeRouter: (await hre.deployments.get("FeeRouter")).address,
  };

  console.log(`Deploying cooperative "${params.name}" (${params.symbol}) from ${deployer.address}...`);
  const deploymentBlock = await hre.ethers.provider.getBlockNumber();
  const coop = await deployCooperative(deployer, implementations, params, (step, address) =>
    console.log(`  ${step.padEnd(10)} ${address}`),
  );

  await recordCooperative(hre, params.symbol, coop, deploymentBlock);
  console.log(`Cooperative deployed with ${params.founders.length} founding member(s).`);
  console.log(await describeFees(coop.feeRouter));
  if (hre.network.name !== "hardhat") {
    console.log(`Addresses recorded in deployments/${hre.network.name}/${params.symbol}-*.json`);
  }
  // Every proposal cites a document, so members need a store that they all reach.
  await warnIfPinnedLocally(hre, []);
  return params.symbol;
}

task(
  "coop:deploy",
  "Deploys a cooperative: timelock, membership, governors, share capital, charter and fee router, with its founding members",
)
  .addOptionalParam(
    // Hardhat itself takes --config (its own config file), so this option has another name.
    "coopConfig",
    "Config file of the cooperative (see examples/cooperative.json); deploys through the factory, in one " +
      "transaction. Not combinable with the other flags except --salt",
  )
  .addOptionalParam(
    "salt",
    "With --coop-config: text or 0x + 64 hex digits that, with the deployer's address, fixes the addresses " +
      "(default: the symbol)",
  )
  .addFlag("json", "Print the network and the cooperative's addresses as JSON for scripts; progress goes to stderr")
  .addOptionalParam("name", "The cooperative's name (any length, UTF-8); required without --coop-config")
  .addOptionalParam(
    "symbol",
    "Symbol of the membership token, also the prefix of the deployment records, e.g. COMMUNS; required without --coop-config",
  )
  .addOptionalParam("founders", "Comma-separated addresses of the founding members; required without --coop-config")
  .addOptionalParam(
    "votingDelay",
    "Seconds between a proposal and the opening of its vote (default: 60)",
    undefined,
    types.int,
  )
  .addOptionalParam("votingPeriod", "Seconds a vote lasts (default: 86400)", undefined, types.int)
  .addOptionalParam(
    "quorum",
    "Quorum in percent of the members at the snapshot (0-100, default: 25)",
    undefined,
    types.int,
  )
  .addOptionalParam(
    "lateQuorumExtension",
    "Seconds of voting left after a late quorum (default: 3600, or the voting period if shorter)",
    undefined,
    types.int,
  )
  .addOptionalParam(
    "timelockDelay",
    "Seconds between queueing a passed proposal and executing it (default: 3600)",
    undefined,
    types.int,
  )
  .addOptionalParam(
    "gradeCount",
    "Grades on the majority-judgment scale (2-16), grade 0 the worst (default: 6)",
    undefined,
    types.int,
  )
  .addOptionalParam(
    "minimumGrade",
    "Lowest majority grade that lets a winning option execute (default: 2)",
    undefined,
    types.int,
  )
  .addOptionalParam(
    "paymentToken",
    "ERC-20 token that shares are paid in; the zero address means ETH (default: the zero address)",
  )
  .addOptionalParam(
    "nominalValue",
    "Price of one share in the token's smallest unit, wei for ETH (default: 10000000000000000, 0.01 ETH)",
  )
  .addOptionalParam("minimumShares", "Shares a member keeps, and subscribes to join under open admission (default: 1)")
  .addOptionalParam(
    "noticePeriod",
    "Seconds between a redemption request and its due date (default: 2592000, 30 days)",
    undefined,
    types.int,
  )
  .addOptionalParam(
    "floorBps",
    "Capital floor in basis points of the highest capital (0-10000, default: 5000)",
    undefined,
    types.int,
  )
  .addOptionalParam(
    "serviceFeeBps",
    "Service fee kept on each marketplace payment, in basis points (0-1000; 100 is 1%, the default)",
    undefined,
    types.int,
  )
  .addOptionalParam(
    "duesBps",
    "Membership dues kept on each payment to a member, in basis points (0-500; 10 is 0.1%, the default)",
    undefined,
    types.int,
  )
  .addOptionalParam(
    "feeTokens",
    "Comma-separated ERC-20 token addresses accepted for payments from the start; ETH always is (default: none)",
  )
  .addOptionalParam("feeRecipient", "Account that receives the service fees (default: the timelock)")
  .addOptionalParam("duesRecipient", "Account that receives the membership dues (default: the timelock)")
  .setAction(deployCoop);
