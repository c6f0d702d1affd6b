import path from "node:path";

import { loadCooperativeConfig, type CooperativeConfig } from "../../config/cooperativeConfig";
import { deployCooperativeWithFactory, factorySalt } from "../../deploy/factory";
import { pinDocument } from "../../governance/documents";
import { parseCid } from "../../ipfs/cidText";
import { pinPlace, storeLocation } from "../../ipfs/storeLocation";
import { CoopFactory__factory, type CoopFactory } from "../../../typechain-types";
import {
  EXAMPLES_DIRECTORY,
  displayPath,
  eth,
  heading,
  shortAddress,
  step,
  who,
  type DemoContext,
  type DemoCooperative,
  type Person,
} from "../context";

/** Config file of Riverside Bakers, the cooperative whose life the demo follows. */
export const BAKERS_CONFIG = path.join(EXAMPLES_DIRECTORY, "cooperative.json");

/** Config file of Fournil Coopératif du Quai, the French cooperative that joins the federation. */
export const FOURNIL_CONFIG = path.join(EXAMPLES_DIRECTORY, "cooperative.fr.json");

/** Chapter 1: Riverside Bakers is created from its config file with its founding members. */
export async function foundingMembers(context: DemoContext): Promise<void> {
  heading(1, "Founding members", "Membres fondateurs");
  const bakers = await deployFromConfig(context, BAKERS_CONFIG, context.cast.bakers);
  context.bakers = bakers;
  context.record.bakers = bakers.addresses;

  const { params } = bakers.config;
  step(`${await bakers.contracts.membership.memberCount()} founding members, one vote each:`);
  for (const founder of bakers.founders) step(`  ${who(founder)}`);
  step(
    `admission by ${params.admissionPolicy}, one share ${eth(params.capital.nominalValue)}, ` +
      `quorum ${params.settings.quorumPercent}%, voting ${params.settings.votingPeriod / 86_400} days, ` +
      `timelock delay ${params.settings.timelockDelay / 86_400} day`,
  );
}

/**
 * Deploys the cooperative of a config file through the factory, after pinning its metadata and
 * statutes and their translations beside them, and prints its addresses.
 *
 * @throws Error when the config's founders are not the demo's people for it.
 */
export async function deployFromConfig(
  context: DemoContext,
  file: string,
  founders: Person[],
): Promise<DemoCooperative> {
  const config = loadCooperativeConfig(file);
  const { params } = config;
  const expected = founders.map((founder) => founder.address.toLowerCase());
  if (params.founders.map((founder) => founder.toLowerCase()).join() !== expected.join()) {
    throw new Error(
      `The founders in ${file} are not the demo's accounts ${expected.join(", ")}: restore the example file.`,
    );
  }
  step(`config ${displayPath(file)}: "${params.name}" (${params.symbol})`);

  const documents = await pinStatutes(context, config);
  const deployer = context.cast.deployer.signer;
  const factory = await connectFactory(context);
  const created = await deployCooperativeWithFactory(factory, deployer, await freshSalt(context, params.symbol), {
    ...params,
    ...documents,
  });
  step(
    `deployed through the factory in one transaction: membership ${shortAddress(created.addresses.membership)}, ` +
      `timelock ${shortAddress(created.addresses.timelock)}`,
  );
  return { config, contracts: created.cooperative, addresses: created.addresses, founders };
}

/** Returns the cooperative factory of this network, deploying it and the implementations when the network has none yet. */
export async function connectFactory(context: DemoContext): Promise<CoopFactory> {
  // The `deploy` task reuses contracts recorded for this network when their code matches.
  await context.hre.run("deploy", { tags: "factory", noCompile: true });
  const { address } = await context.hre.deployments.get("CoopFactory");
  return CoopFactory__factory.connect(address, context.cast.deployer.signer);
}

/**
 * Returns a factory salt for `symbol` that is new on this chain: each run on one node needs a new
 * salt, and the deployer's nonce gives one that is the same on every fresh chain.
 */
export async function freshSalt(context: DemoContext, symbol: string): Promise<string> {
  const nonce = await context.provider.getTransactionCount(context.cast.deployer.address);
  return factorySalt(`${symbol} ${nonce}`);
}

/** Pins the metadata and statutes files of `config` with their translations, and returns the CIDs for the factory. */
async function pinStatutes(
  context: DemoContext,
  config: CooperativeConfig,
): Promise<{ metadataCid?: string; statutesCid?: string }> {
  const cids: { metadataCid?: string; statutesCid?: string } = {};
  for (const [field, reference] of [
    ["metadata", config.metadata],
    ["statutes", config.statutes],
  ] as const) {
    if (reference?.source !== "file") continue;
    const pinned = await pinDocument(context.store, { file: reference.path });
    cids[field === "metadata" ? "metadataCid" : "statutesCid"] = parseCid(pinned.cid);
    step(`${field}: ${path.basename(reference.path)} pinned as ${pinned.cid}`);
    const { file, language } = translationOf(reference.path);
    if (await exists(file)) {
      const translation = await pinDocument(context.store, { file });
      step(`${field} in ${language}: ${path.basename(file)} pinned as ${translation.cid}`);
    }
  }
  step(`documents pinned ${pinPlace(storeLocation(context.store))}`);
  return cids;
}

/** Returns the other language's version of an example document: NAME.fr.md for NAME.md, and the reverse. */
function translationOf(file: string): { file: string; language: string } {
  return file.endsWith(".fr.md")
    ? { file: file.replace(/\.fr\.md$/, ".md"), language: "English" }
    : { file: file.replace(/\.md$/, ".fr.md"), language: "French" };
}

async function exists(file: string): Promise<boolean> {
  const { access } = await import("node:fs/promises");
  return access(file).then(
    () => true,
    () => false,
  );
}
