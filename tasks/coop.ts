import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { HardhatPluginError } from "hardhat/plugins";
import { isAddress } from "ethers";

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
  lateQuorumExtension: number;
  timelockDelay: number;
}

/** Parses a comma-separated list of addresses, naming the first invalid one. */
function parseAddresses(list: string): string[] {
  const addresses = list
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  for (const address of addresses) {
    if (!isAddress(address))
      throw new HardhatPluginError(PLUGIN, `Invalid founder address "${address}": expected 0x and 40 hex digits.`);
  }
  if (addresses.length === 0)
    throw new HardhatPluginError(PLUGIN, "No founders given: pass --founders 0xAAA...,0xBBB...");
  return addresses;
}

async function deployCoop(args: DeployArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  const { deployCooperative } = await import("../src/deploy/cooperative");
  const founders = parseAddresses(args.founders);
  const [deployer] = await hre.ethers.getSigners();
  if (deployer === undefined) {
    throw new HardhatPluginError(
      PLUGIN,
      `Network ${hre.network.name} has no account to deploy from: set DEPLOYER_PRIVATE_KEY in .env.`,
    );
  }

  console.log(`Deploying implementations on ${hre.network.name} (reused when already deployed)...`);
  await hre.run("deploy", { tags: "implementations", noCompile: true });
  const implementations = {
    membership: (await hre.deployments.get("CoopMembership")).address,
    governor: (await hre.deployments.get("CoopGovernor")).address,
  };

  console.log(`Deploying cooperative "${args.name}" (${args.symbol}) from ${deployer.address}...`);
  const coop = await deployCooperative(
    deployer,
    implementations,
    {
      name: args.name,
      symbol: args.symbol,
      founders,
      settings: {
        votingDelay: args.votingDelay,
        votingPeriod: args.votingPeriod,
        quorumPercent: args.quorum,
        lateQuorumExtension: args.lateQuorumExtension,
        timelockDelay: args.timelockDelay,
      },
    },
    (step, address) => console.log(`  ${step.padEnd(10)} ${address}`),
  );

  const contractNames = { membership: "CoopMembership", governor: "CoopGovernor", timelock: "CoopTimelock" };
  for (const [part, contract] of Object.entries(coop)) {
    const artifact = await hre.deployments.getExtendedArtifact(contractNames[part as keyof typeof contractNames]);
    await hre.deployments.save(`${args.symbol}-${part}`, { address: await contract.getAddress(), abi: artifact.abi });
  }
  console.log(`Cooperative deployed with ${founders.length} founding members.`);
  if (hre.network.name !== "hardhat") {
    console.log(`Addresses recorded in deployments/${hre.network.name}/${args.symbol}-*.json`);
  }
}

task("coop:deploy", "Deploys a cooperative: timelock, membership and governor, with its founding members")
  .addParam("name", "The cooperative's name (any length, UTF-8)")
  .addParam("symbol", "Symbol of the membership token, also the prefix of the deployment records, e.g. COMMUNS")
  .addParam("founders", "Comma-separated addresses of the founding members")
  .addOptionalParam("votingDelay", "Seconds between a proposal and the opening of its vote", 60, types.int)
  .addOptionalParam("votingPeriod", "Seconds a vote lasts", 86_400, types.int)
  .addOptionalParam("quorum", "Quorum in percent of the members at the snapshot (0-100)", 25, types.int)
  .addOptionalParam("lateQuorumExtension", "Seconds of voting left after a late quorum", 3_600, types.int)
  .addOptionalParam("timelockDelay", "Seconds between queueing a passed proposal and executing it", 3_600, types.int)
  .setAction(deployCoop);
