import { writeFile } from "node:fs/promises";
import path from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { getAddress } from "ethers";

import { forgetRecordsWithoutCode } from "./deployment";
import { checkOutputFolder, fail, loadCoopAddresses, output, signerFor } from "./lib";
import {
  PROXIED_CONTRACTS,
  commandPrefix,
  coopAddressTask,
  coopOption,
  proxyImplementations,
  type ProxiedPart,
} from "./overview";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

interface PrepareUpgradeArgs {
  coop?: string;
  from?: string;
  json: boolean;
  contract: string;
  implementation?: string;
  reference?: string;
  out?: string;
}

/**
 * Action targets that coop:propose reads as names. The judgment governor has none, so its action
 * gives the address and the full signature.
 */
const TARGET_NAMES: Partial<Record<ProxiedPart, string>> = {
  membership: "membership",
  governor: "governor",
  shares: "shares",
  charter: "charter",
  feeRouter: "feeRouter",
};

/** Returns the part of the cooperative that runs `contract`, or fails listing the contracts that can be upgraded. */
function partOf(contract: string): ProxiedPart {
  const entry = Object.entries(PROXIED_CONTRACTS).find(([, name]) => name === contract);
  if (entry === undefined) {
    fail(
      `Unknown --contract "${contract}": expected one of the cooperative's upgradeable contracts, ` +
        `${Object.values(PROXIED_CONTRACTS).join(", ")}. The timelock is not behind a proxy.`,
    );
  }
  return entry[0] as ProxiedPart;
}

/** Fails naming the option when `name` is not a contract compiled in this project. */
async function requireArtifact(hre: HardhatRuntimeEnvironment, name: string, flag: string): Promise<void> {
  if (!(await hre.artifacts.artifactExists(name))) {
    fail(
      `Unknown ${flag} "${name}": no compiled contract has that name. Give the contract's name as in its ` +
        "Solidity source, such as CoopGovernorV2Mock, and run npx hardhat compile if it is new.",
    );
  }
}

/**
 * Checks with OpenZeppelin's upgrades plugin that `next` is a safe UUPS implementation whose
 * storage layout extends that of `reference`, or fails with the plugin's report.
 */
async function validateLayout(hre: HardhatRuntimeEnvironment, reference: string, next: string): Promise<void> {
  const [referenceFactory, nextFactory] = await Promise.all([
    hre.ethers.getContractFactory(reference),
    hre.ethers.getContractFactory(next),
  ]);
  try {
    await hre.upgrades.validateImplementation(nextFactory, { kind: "uups" });
    await hre.upgrades.validateUpgrade(referenceFactory, nextFactory, { kind: "uups" });
  } catch (error) {
    fail(
      `${next} cannot replace ${reference}: ${(error as Error).message.trim()}\n` +
        "Nothing was deployed. Fix the storage layout of the new contract, keeping every existing variable in place.",
    );
  }
}

coopAddressTask(
  "coop:prepare-upgrade",
  "Deploys a new implementation of one of the cooperative's contracts after checking its storage layout, and " +
    "writes the upgrade proposal's actions for coop:propose; it never upgrades anything itself",
  true,
  "Account that deploys the new implementation and pays the gas (default: the first configured account)",
)
  .addParam(
    "contract",
    `Contract to upgrade: ${Object.values(PROXIED_CONTRACTS).join(", ")}; e.g. --contract CoopGovernor`,
  )
  .addOptionalParam(
    "implementation",
    "Compiled contract to deploy as the new implementation, e.g. CoopGovernorV2Mock (default: --contract, " +
      "as the sources now compile it)",
  )
  .addOptionalParam(
    "reference",
    "Compiled contract that the proxy runs now, to compare storage layouts with (default: the contract of the " +
      "deployment record at the current implementation's address)",
  )
  .addOptionalParam(
    "out",
    "JSON file to write the proposal's actions to; it must not exist yet (default: upgrade-SYMBOL-CONTRACT-IMPLEMENTATION.json)",
  )
  .setAction(async (args: PrepareUpgradeArgs, hre) => {
    const part = partOf(args.contract);
    const next = args.implementation ?? args.contract;
    await requireArtifact(hre, next, "--implementation");
    if (args.reference !== undefined) await requireArtifact(hre, args.reference, "--reference");

    const addresses = await loadCoopAddresses(hre, args.coop);
    const proxy = addresses[part];
    const current = (await proxyImplementations(hre, addresses))[part];
    const reference = args.reference ?? current.recordedAs;
    if (reference === null) {
      fail(
        `The ${part} proxy ${proxy} runs ${current.implementation}, which no deployment record of network ` +
          `${hre.network.name} names, so its storage layout is unknown. Pass --reference with the compiled ` +
          "contract that it runs, such as --reference " +
          `${args.contract}.`,
      );
    }
    await requireArtifact(hre, reference, "--reference");
    await validateLayout(hre, reference, next);

    const out = args.out ?? `upgrade-${addresses.symbol}-${args.contract}-${next}.json`;
    await checkOutputFolder(out);

    const from = await (await signerFor(hre, args.from)).getAddress();
    // hardhat-deploy records the implementation under its contract name, and deploys it again
    // only when the compiled code differs from the recorded one. A record left from an earlier
    // local chain would point at an address without code, so such records go first.
    await forgetRecordsWithoutCode(hre);
    const deployment = await hre.deployments.deploy(next, {
      contract: next,
      from,
      args: [],
      log: false,
      waitConfirmations: hre.network.live ? 2 : 1,
    });
    const implementation = getAddress(deployment.address);
    if (implementation === getAddress(current.implementation)) {
      fail(
        `The ${part} proxy ${proxy} already runs ${next} at ${implementation}: there is nothing to upgrade. ` +
          "Compile the changed contract, or give another --implementation.",
      );
    }

    const target = TARGET_NAMES[part];
    const actions = [
      target === undefined
        ? { target: proxy, function: "upgradeToAndCall(address,bytes)", args: [implementation, "0x"] }
        : { target, function: "upgradeToAndCall", args: [implementation, "0x"] },
    ];
    try {
      await writeFile(out, `${JSON.stringify(actions, null, 2)}\n`, { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") {
        fail(`--out ${JSON.stringify(out)} already exists: choose another file name, or delete that file first.`);
      }
      throw error;
    }

    const { CoopCharter__factory, CoopGovernor__factory } = await import("../typechain-types");
    const charter = CoopCharter__factory.connect(addresses.charter, hre.ethers.provider);
    const calldata = CoopGovernor__factory.createInterface().encodeFunctionData("upgradeToAndCall", [
      implementation,
      "0x",
    ]);
    const extraordinary = await charter.isExtraordinary([proxy], [calldata]);

    const title = `Upgrade the ${part} contract to ${next}`;
    const command =
      `${commandPrefix(hre)} coop:propose${coopOption(args.coop, addresses.symbol)} ` +
      `--title "${title}" --text "Switch the ${part} proxy ${proxy} from ${current.implementation} to ${implementation}." ` +
      `--actions ${out}`;
    output(
      args.json,
      {
        contract: args.contract,
        part,
        proxy,
        currentImplementation: current.implementation,
        reference,
        implementation,
        implementationContract: next,
        newlyDeployed: deployment.newlyDeployed,
        extraordinary,
        actionsFile: path.resolve(out),
        actions,
        proposeCommand: command,
      },
      [
        `${next} is a compatible upgrade of ${reference}: the storage layout check passed.`,
        deployment.newlyDeployed
          ? `Deployed ${next} at ${implementation} from ${from}.`
          : `${next} was already deployed at ${implementation}; reused it.`,
        `Wrote the actions to ${out}: upgradeToAndCall(${implementation}, 0x) on the ${part} proxy ${proxy}, ` +
          "which the timelock calls when the proposal is executed.",
        "Submit the proposal from a member's account (add --from ADDRESS if the first account is not a member) with:",
        `  ${command}`,
        extraordinary
          ? "The charter classes the proposal as extraordinary: it needs the extraordinary quorum and majority."
          : "The charter classes the proposal as ordinary.",
      ],
    );
  });
