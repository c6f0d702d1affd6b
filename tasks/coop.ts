import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { HardhatPluginError } from "hardhat/plugins";
import { ZeroAddress, isAddress } from "ethers";

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
};

function fail(message: string): never {
  throw new HardhatPluginError(PLUGIN, message);
}

/** Parses a comma-separated list of addresses, naming the first invalid one. */
function parseAddresses(list: string): string[] {
  const addresses = list
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
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
  };
  try {
    validateParams(params);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    fail(message.replace(/^Invalid ([\w.]+)/, (match, field: string) => `Invalid ${FLAGS[field] ?? field}`));
  }
  return params;
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
  if (hre.network.name !== "hardhat") {
    console.log(`Addresses recorded in deployments/${hre.network.name}/${args.symbol}-*.json`);
  }
}

task(
  "coop:deploy",
  "Deploys a cooperative: timelock, membership, governors, share capital and charter, with its founding members",
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
  .setAction(deployCoop);
