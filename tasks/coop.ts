import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { HardhatPluginError } from "hardhat/plugins";
import { Contract, ZeroAddress, isAddress } from "ethers";

import { warnIfPinnedLocally } from "./proposing";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

/** Plugin name that Hardhat prints before this project's task errors. */
const PLUGIN = "world-coop";

interface DeployArgs {
  name: string;
  symbol: string;
  founders: string;
  votingDelay: number;
  votingPeriod: number;
  quorum: number;
  lateQuorumExtension?: number;
  timelockDelay: number;
  gradeCount: number;
  minimumGrade: number;
  paymentToken: string;
  nominalValue: string;
  minimumShares: string;
  noticePeriod: number;
  floorBps: number;
  serviceFeeBps: number;
  duesBps: number;
  feeTokens: string;
  feeRecipient?: string;
  duesRecipient?: string;
}

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

/** Builds and checks the cooperative's parameters before anything is deployed. */
async function buildParams(args: DeployArgs) {
  const { validateParams } = await import("../src/deploy/cooperative");
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
 * Fails naming `token` when it cannot be listed for payments. The fee router rejects an address
 * without code, and a contract whose `totalSupply()` call fails is no ERC-20 token.
 */
async function checkFeeToken(hre: HardhatRuntimeEnvironment, token: string): Promise<void> {
  const provider = hre.ethers.provider;
  if ((await provider.getCode(token)) === "0x") {
    fail(`Invalid --fee-tokens entry ${token}: no contract at that address on ${hre.network.name}.`);
  }
  const erc20 = new Contract(token, ["function totalSupply() view returns (uint256)"], provider);
  try {
    await erc20.totalSupply();
  } catch {
    fail(
      `Invalid --fee-tokens entry ${token}: the call to totalSupply() on that contract failed, ` +
        "so it is not an ERC-20 token. Check the address.",
    );
  }
}

/** Describes the fee router's rates, recipients and accepted tokens as deployed, on one line. */
async function describeFees(feeRouter: import("../typechain-types").FeeRouter): Promise<string> {
  const { formatBps } = await import("../src/cli/amounts");
  const [serviceFeeBps, duesBps, serviceFeeRecipient, duesRecipient, timelock] = await Promise.all([
    feeRouter.serviceFeeBps(),
    feeRouter.duesBps(),
    feeRouter.serviceFeeRecipient(),
    feeRouter.duesRecipient(),
    feeRouter.timelock(),
  ]);
  const recipient = (account: string) => (account === timelock ? "the timelock" : account);
  const listed = await feeRouter.queryFilter(feeRouter.filters.TokenAcceptanceSet());
  const tokens = listed.map((event) => event.args.token);
  return (
    `Fee router: ${formatBps(serviceFeeBps)} service fee to ${recipient(serviceFeeRecipient)}, ` +
    `${formatBps(duesBps)} dues on payments to members to ${recipient(duesRecipient)}; ` +
    `accepts ETH${tokens.length === 0 ? "" : ` and ${tokens.join(", ")}`}.`
  );
}

async function deployCoop(args: DeployArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  const { deployCooperative } = await import("../src/deploy/cooperative");
  const params = await buildParams(args);
  const [deployer] = await hre.ethers.getSigners();
  if (deployer === undefined) {
    fail(`Network ${hre.network.name} has no account to deploy from: set DEPLOYER_PRIVATE_KEY in .env.`);
  }
  const existing = await hre.deployments.getOrNull(`${args.symbol}-membership`);
  // hardhat-deploy 1.0 returns undefined, not null, for a missing record.
  if (existing != null && hre.network.name !== "hardhat") {
    fail(
      `deployments/${hre.network.name}/${args.symbol}-*.json already record a cooperative: choose another ` +
        "--symbol, or delete those files to record a new one under this symbol.",
    );
  }

  const { paymentToken } = params.capital;
  if (paymentToken !== ZeroAddress && (await hre.ethers.provider.getCode(paymentToken)) === "0x") {
    fail(`Invalid --payment-token ${paymentToken}: no contract at that address on ${hre.network.name}.`);
  }
  for (const token of params.fees.tokens) await checkFeeToken(hre, token);

  console.log(`Deploying implementations on ${hre.network.name} (reused when already deployed)...`);
  await hre.run("deploy", { tags: "implementations", noCompile: true });
  const implementations = {
    membership: (await hre.deployments.get("CoopMembership")).address,
    governor: (await hre.deployments.get("CoopGovernor")).address,
    shares: (await hre.deployments.get("CoopShares")).address,
    charter: (await hre.deployments.get("CoopCharter")).address,
    judgment: (await hre.deployments.get("CoopJudgmentGovernor")).address,
    feeRouter: (await hre.deployments.get("FeeRouter")).address,
  };

  console.log(`Deploying cooperative "${args.name}" (${args.symbol}) from ${deployer.address}...`);
  const coop = await deployCooperative(deployer, implementations, params, (step, address) =>
    console.log(`  ${step.padEnd(10)} ${address}`),
  );

  const contractNames = {
    membership: "CoopMembership",
    governor: "CoopGovernor",
    timelock: "CoopTimelock",
    shares: "CoopShares",
    charter: "CoopCharter",
    judgment: "CoopJudgmentGovernor",
    feeRouter: "FeeRouter",
  };
  for (const [part, contract] of Object.entries(coop)) {
    const artifact = await hre.deployments.getExtendedArtifact(contractNames[part as keyof typeof contractNames]);
    await hre.deployments.save(`${args.symbol}-${part}`, { address: await contract.getAddress(), abi: artifact.abi });
  }
  console.log(`Cooperative deployed with ${params.founders.length} founding member(s).`);
  console.log(await describeFees(coop.feeRouter));
  if (hre.network.name !== "hardhat") {
    console.log(`Addresses recorded in deployments/${hre.network.name}/${args.symbol}-*.json`);
  }
  // Every proposal cites a document, so members need a store that they all reach.
  await warnIfPinnedLocally(hre, []);
}

task(
  "coop:deploy",
  "Deploys a cooperative: timelock, membership, governors, share capital, charter and fee router, with its founding members",
)
  .addParam("name", "The cooperative's name (any length, UTF-8)")
  .addParam("symbol", "Symbol of the membership token, also the prefix of the deployment records, e.g. COMMUNS")
  .addParam("founders", "Comma-separated addresses of the founding members")
  .addOptionalParam("votingDelay", "Seconds between a proposal and the opening of its vote", 60, types.int)
  .addOptionalParam("votingPeriod", "Seconds a vote lasts", 86_400, types.int)
  .addOptionalParam("quorum", "Quorum in percent of the members at the snapshot (0-100)", 25, types.int)
  .addOptionalParam(
    "lateQuorumExtension",
    "Seconds of voting left after a late quorum (default: 3600, or the voting period if shorter)",
    undefined,
    types.int,
  )
  .addOptionalParam("timelockDelay", "Seconds between queueing a passed proposal and executing it", 3_600, types.int)
  .addOptionalParam("gradeCount", "Grades on the majority-judgment scale (2-16), grade 0 the worst", 6, types.int)
  .addOptionalParam("minimumGrade", "Lowest majority grade that lets a winning option execute", 2, types.int)
  .addOptionalParam("paymentToken", "ERC-20 token that shares are paid in; the zero address means ETH", ZeroAddress)
  .addOptionalParam(
    "nominalValue",
    "Price of one share in the token's smallest unit (wei for ETH)",
    "10000000000000000",
  )
  .addOptionalParam("minimumShares", "Shares a member keeps, and subscribes to join under open admission", "1")
  .addOptionalParam("noticePeriod", "Seconds between a redemption request and its due date", 2_592_000, types.int)
  .addOptionalParam("floorBps", "Capital floor in basis points of the highest capital (0-10000)", 5_000, types.int)
  .addOptionalParam(
    "serviceFeeBps",
    "Service fee kept on each marketplace payment, in basis points (0-1000; 100 is 1%)",
    100,
    types.int,
  )
  .addOptionalParam(
    "duesBps",
    "Membership dues kept on each payment to a member, in basis points (0-500; 10 is 0.1%)",
    10,
    types.int,
  )
  .addOptionalParam(
    "feeTokens",
    "Comma-separated ERC-20 token addresses accepted for payments from the start; ETH always is (default: none)",
    "",
  )
  .addOptionalParam("feeRecipient", "Account that receives the service fees (default: the timelock)")
  .addOptionalParam("duesRecipient", "Account that receives the membership dues (default: the timelock)")
  .setAction(deployCoop);
