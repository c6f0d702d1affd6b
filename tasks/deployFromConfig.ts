import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ZeroAddress } from "ethers";

import type { CooperativeConfig, DocumentReference } from "../src/config/cooperativeConfig";
import { openConfiguredStore } from "./contentStore";
import {
  checkFeeToken,
  describeFees,
  recordCooperative,
  requireDeployer,
  requireFreeSymbol,
  runDeployScripts,
} from "./deployment";
import { fail, requireCid } from "./lib";
import { warnIfPinnedLocally } from "./proposing";

/**
 * Deploys the cooperative that the config file at `file` describes, through the factory, in one
 * transaction. Deploys the implementations and the factory first when the network has none
 * recorded. `saltText` defaults to the cooperative's symbol. Returns the symbol it recorded.
 */
export async function deployFromConfig(
  hre: HardhatRuntimeEnvironment,
  file: string,
  saltText: string | undefined,
): Promise<string> {
  const config = await readConfig(file);
  const { params } = config;
  const deployer = await requireDeployer(hre);
  await requireFreeSymbol(hre, params.symbol, "symbol in the config file");

  const { paymentToken } = params.capital;
  if (paymentToken !== ZeroAddress && (await hre.ethers.provider.getCode(paymentToken)) === "0x") {
    fail(`Invalid capital.paymentToken ${paymentToken}: no contract at that address on ${hre.network.name}.`);
  }
  for (const [index, token] of params.fees.tokens.entries()) await checkFeeToken(hre, token, `fees.tokens[${index}]`);

  if (saltText !== undefined && saltText.trim() === "") {
    fail('Invalid --salt "": give a name for this deployment, such as "bakers-2026", or leave --salt out.');
  }

  console.log(`Deploying implementations and factory on ${hre.network.name} (reused when already deployed)...`);
  await runDeployScripts(hre, "factory", deployer.address);
  const { CoopFactory__factory } = await import("../typechain-types");
  const { deployCooperativeWithFactory, factorySalt, predictCooperative } = await import("../src/deploy/factory");
  const factory = CoopFactory__factory.connect((await hre.deployments.get("CoopFactory")).address, deployer);
  const salt = factorySalt(saltText ?? params.symbol);
  const predicted = await predictCooperative(factory, deployer.address, salt, params.settings.timelockDelay);
  if (await factory.isCooperative(predicted.membership)) {
    fail(
      `${deployer.address} already created a cooperative with the salt "${saltText ?? params.symbol}" on ` +
        `${hre.network.name} (its membership is at ${predicted.membership}): give another one with --salt.`,
    );
  }

  // NOTE: on the embedded network nothing stays on chain after the task, yet the documents stay
  // pinned in the local content store.
  const documents = await pinDocuments(config);

  console.log(`Deploying cooperative "${params.name}" (${params.symbol}) from ${deployer.address}`);
  console.log(`through the factory at ${await factory.getAddress()}, salt ${salt}...`);
  const deploymentBlock = await hre.ethers.provider.getBlockNumber();
  let created: Awaited<ReturnType<typeof deployCooperativeWithFactory>>;
  try {
    created = await deployCooperativeWithFactory(factory, deployer, salt, { ...params, ...documents.cids });
  } catch (error) {
    fail(`The factory did not create the cooperative: ${(error as Error).message}`);
  }
  for (const [part, address] of Object.entries(created.addresses)) console.log(`  ${part.padEnd(10)} ${address}`);

  await recordCooperative(hre, params.symbol, created.cooperative, deploymentBlock);
  console.log(`Cooperative deployed with ${params.founders.length} founding member(s), gas used ${created.gasUsed}.`);
  console.log(await describeFees(created.cooperative.feeRouter));
  if (hre.network.name !== "hardhat") {
    console.log(`Addresses recorded in deployments/${hre.network.name}/${params.symbol}-*.json`);
  }
  await warnIfPinnedLocally(hre, documents.uris);
  return params.symbol;
}

async function readConfig(file: string): Promise<CooperativeConfig> {
  const { CooperativeConfigError, loadCooperativeConfig } = await import("../src/config/cooperativeConfig");
  try {
    return loadCooperativeConfig(file);
  } catch (error) {
    if (error instanceof CooperativeConfigError) fail(`Invalid config file ${file}: ${error.message}`);
    throw error;
  }
}

/**
 * Adds the metadata and statutes files of `config` to the content store and pins them, and returns
 * the binary CIDv1 of each document, files and CIDs alike, with their `ipfs://` URIs.
 */
async function pinDocuments(
  config: CooperativeConfig,
): Promise<{ cids: { metadataCid?: string; statutesCid?: string }; uris: string[] }> {
  const { toIpfsUri } = await import("../src/ipfs/cidText");
  const { pinDocument } = await import("../src/governance/documents");
  const references: [string, DocumentReference | undefined][] = [
    ["metadata", config.metadata],
    ["statutes", config.statutes],
  ];
  let store: Awaited<ReturnType<typeof openConfiguredStore>> | undefined;
  const cids: { metadataCid?: string; statutesCid?: string } = {};
  const uris: string[] = [];

  for (const [field, reference] of references) {
    if (reference === undefined) continue;
    let cid: string;
    if (reference.source === "cid") {
      cid = reference.cid;
    } else {
      store ??= await openConfiguredStore();
      let pinned: { cid: string };
      try {
        pinned = await pinDocument(store.store, { file: reference.path });
      } catch (error) {
        fail(`Cannot pin the ${field} file ${reference.path}, so nothing was deployed: ${(error as Error).message}`);
      }
      cid = await requireCid(pinned.cid, field);
      console.log(`Pinned the ${field} file ${reference.path} as ${pinned.cid} in ${store.name}.`);
    }
    cids[field === "metadata" ? "metadataCid" : "statutesCid"] = cid;
    uris.push(toIpfsUri(cid));
  }
  return { cids, uris };
}
