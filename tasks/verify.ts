import { task } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { planVerification, VERIFIABLE_RECORDS } from "../src/toolchain/verification";
import type { ExplorerService } from "../src/toolchain/networks";
import { fail } from "./lib";

/** Hardhat-verify subtask that sends one contract to each explorer service. */
const VERIFY_SUBTASKS: Record<ExplorerService, string> = {
  etherscan: "verify:etherscan",
  blockscout: "verify:blockscout",
};

/** Sends the contract recorded as `name` to `service`, or returns why it failed. */
async function verifyRecord(
  hre: HardhatRuntimeEnvironment,
  service: ExplorerService,
  name: string,
  address: string,
  args: unknown[],
): Promise<string | undefined> {
  console.log(`Verifying ${name} at ${address}...`);
  // Naming the contract spares hardhat-verify from matching the bytecode against every artifact,
  // which fails when two artifacts compile to the same code. Each record is named after its contract.
  const artifact = await hre.artifacts.readArtifact(name);
  const contract = `${artifact.sourceName}:${artifact.contractName}`;
  // NOTE: hardhat-verify 2.1's Blockscout subtask takes no constructor arguments, so the factory's
  // verification on Chiado relies on Blockscout finding them itself. That path has not been run.
  const taskArgs = service === "etherscan" ? { address, contract, constructorArgsParams: args } : { address, contract };
  try {
    await hre.run(VERIFY_SUBTASKS[service], taskArgs);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

task(
  "coop:verify",
  "Publishes the sources of the implementations, the factory and the federation contracts that " +
    "`npx hardhat deploy` recorded, on the block explorer of the network (needs ETHERSCAN_API_KEY, except on Chiado)",
).setAction(async (_args: Record<string, never>, hre) => {
  const network = hre.network;
  // Decide from the config first, so that a rejection or a skip sends no request.
  const planned = planVerification(network.name, network.config.chainId, process.env);
  if (planned.action === "reject") fail(planned.message);
  if (planned.action === "skip") {
    console.log(planned.message);
    return;
  }
  const { chainId } = await hre.ethers.provider.getNetwork();
  const plan = planVerification(network.name, chainId, process.env);
  if (plan.action === "reject") fail(plan.message);
  if (plan.action === "skip") {
    console.log(plan.message);
    return;
  }

  const records = await hre.deployments.all();
  const present = VERIFIABLE_RECORDS.filter((name) => records[name] !== undefined);
  if (present.length === 0) {
    fail(
      `deployments/${network.name}/ records none of ${VERIFIABLE_RECORDS.join(", ")}: ` +
        `run \`npx hardhat deploy --network ${network.name}\` first.`,
    );
  }
  const absent = VERIFIABLE_RECORDS.filter((name) => records[name] === undefined);
  if (absent.length > 0) console.log(`Not recorded on ${network.name}, so not verified: ${absent.join(", ")}.`);

  const failures: string[] = [];
  for (const name of present) {
    const record = records[name];
    const problem = await verifyRecord(hre, plan.service, name, record.address, record.args ?? []);
    if (problem !== undefined) failures.push(`${name} (${record.address}): ${problem}`);
  }
  if (failures.length > 0) {
    fail(
      `Verification failed for ${failures.length} of ${present.length} contract(s). Run coop:verify again ` +
        `after fixing the cause. It skips contracts that are already verified.\n${failures.join("\n")}`,
    );
  }
  console.log(`Verified ${present.length} contract(s) on ${network.name}.`);
});
