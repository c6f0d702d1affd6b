import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { Contract } from "ethers";

import type { Cooperative } from "../src/deploy/cooperative";
import { fail } from "./lib";

// Steps that both ways of running coop:deploy share: with flags, and with a config file.

/** Contract names of a cooperative's parts, for the ABIs of the deployment records. */
const CONTRACT_NAMES = {
  membership: "CoopMembership",
  governor: "CoopGovernor",
  timelock: "CoopTimelock",
  shares: "CoopShares",
  charter: "CoopCharter",
  judgment: "CoopJudgmentGovernor",
  feeRouter: "FeeRouter",
} as const;

/** Returns the first account of the network, which deploys, or fails naming the setting to add. */
export async function requireDeployer(hre: HardhatRuntimeEnvironment): Promise<HardhatEthersSigner> {
  const [deployer] = await hre.ethers.getSigners();
  if (deployer === undefined) {
    fail(`Network ${hre.network.name} has no account to deploy from: set DEPLOYER_PRIVATE_KEY in .env.`);
  }
  return deployer;
}

/**
 * Runs the deploy scripts of `tags` (hardhat-deploy reuses what exists), and fails with the
 * deploying account and the decoded reason, such as a balance too low in ETH, when one fails.
 */
export async function runDeployScripts(hre: HardhatRuntimeEnvironment, tags: string, deployer: string): Promise<void> {
  try {
    await hre.run("deploy", { tags, noCompile: true });
  } catch (error) {
    const { describeRevert } = await import("../src/cli/errors");
    fail(
      `Deploying the shared contracts (${tags}) on network ${hre.network.name} from ${deployer} failed: ` +
        describeRevert(error),
    );
  }
}

/**
 * Deletes the records of deployments/<network>/ whose address has no code on the chain, and prints
 * which ones went. A restarted `hardhat node` keeps chain id 31337 but starts empty, and records of
 * the old chain that survive the restart would keep a symbol taken and point tasks and hardhat-deploy
 * at addresses without code. Acts only on a local node (chain 31337 or 1337): on a public network a
 * recorded contract cannot vanish, so a missing one is an error to look into, not to paper over. Skips
 * the embedded network, whose records live only in memory.
 */
export async function forgetRecordsWithoutCode(hre: HardhatRuntimeEnvironment): Promise<void> {
  if (hre.network.name === "hardhat") return;
  const { LOCAL_CHAIN_IDS } = await import("../src/chain/signingChain");
  const { chainId } = await hre.ethers.provider.getNetwork();
  if (!LOCAL_CHAIN_IDS.includes(chainId)) return;
  const records = await hre.deployments.all();
  const stale: string[] = [];
  for (const [name, record] of Object.entries(records)) {
    if ((await hre.ethers.provider.getCode(record.address)) !== "0x") continue;
    await hre.deployments.delete(name);
    stale.push(`${name} (${record.address})`);
  }
  if (stale.length === 0) return;
  console.log(
    `Deleted ${stale.length} record(s) of deployments/${hre.network.name}/ whose address has no code on this chain, ` +
      `left from an earlier chain such as a node before its restart: ${stale.join(", ")}. Deploying them anew.`,
  );
}

/**
 * Fails when deployments/<network>/ already records a cooperative under `symbol`, after deleting
 * records that have no code on the chain ({@link forgetRecordsWithoutCode}). `option` names where
 * the symbol came from, such as `--symbol`. The check skips the embedded network, which keeps no files.
 */
export async function requireFreeSymbol(hre: HardhatRuntimeEnvironment, symbol: string, option: string): Promise<void> {
  await forgetRecordsWithoutCode(hre);
  const existing = await hre.deployments.getOrNull(`${symbol}-membership`);
  // hardhat-deploy 1.0 returns undefined, not null, for a missing record.
  if (existing != null && hre.network.name !== "hardhat") {
    fail(
      `deployments/${hre.network.name}/${symbol}-*.json already record a cooperative: choose another ` +
        `${option}, or delete those files to record a new one under this symbol.`,
    );
  }
}

/**
 * Fails naming `token` when it cannot be listed for payments. The fee router rejects an address
 * without code, and a contract whose `totalSupply()` call fails is no ERC-20 token. `label` names
 * the option or field, such as `--fee-tokens entry`.
 */
export async function checkFeeToken(hre: HardhatRuntimeEnvironment, token: string, label: string): Promise<void> {
  const provider = hre.ethers.provider;
  if ((await provider.getCode(token)) === "0x") {
    fail(`Invalid ${label} ${token}: no contract at that address on ${hre.network.name}.`);
  }
  const erc20 = new Contract(token, ["function totalSupply() view returns (uint256)"], provider);
  try {
    await erc20.totalSupply();
  } catch {
    fail(
      `Invalid ${label} ${token}: the call to totalSupply() on that contract failed, ` +
        "so it is not an ERC-20 token. Check the address.",
    );
  }
}

/**
 * Records each contract of `coop` as `SYMBOL-part` in deployments/<network>/, with its ABI. Each
 * record also stores `deploymentBlock`, the latest block before the deployment started, as
 * `linkedData.deploymentBlock`: tasks that read the cooperative's events start there.
 */
export async function recordCooperative(
  hre: HardhatRuntimeEnvironment,
  symbol: string,
  coop: Cooperative,
  deploymentBlock: number,
): Promise<void> {
  for (const [part, contract] of Object.entries(coop)) {
    const artifact = await hre.deployments.getExtendedArtifact(CONTRACT_NAMES[part as keyof typeof CONTRACT_NAMES]);
    await hre.deployments.save(`${symbol}-${part}`, {
      address: await contract.getAddress(),
      abi: artifact.abi,
      linkedData: { deploymentBlock },
    });
  }
}

/** Describes the fee router's rates, recipients and accepted tokens as deployed, on one line. */
export async function describeFees(feeRouter: import("../typechain-types").FeeRouter): Promise<string> {
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
