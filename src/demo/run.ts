import path from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { openKeyStore } from "../crypto/openKeyStore";
import { openContentStore } from "../ipfs/openContentStore";
import { LOCAL_CHAIN_ID } from "../payments/testToken";
import { castOf } from "./cast";
import { displayPath, say, type DemoContext } from "./context";
import { admissions } from "./chapters/admissions";
import { federation } from "./chapters/federation";
import { foundingMembers } from "./chapters/founding";
import { marketplacePayments } from "./chapters/marketplace";
import { memberLeaving } from "./chapters/leaving";
import { personalData } from "./chapters/personalData";
import { shareSubscriptions } from "./chapters/shares";
import { summary } from "./chapters/summary";
import { supplierChoice } from "./chapters/supplierChoice";
import { yesNoDecision } from "./chapters/decision";
import { writeRecord } from "./record";

/** Output folder of the demo when DEMO_OUTPUT_DIR is empty: demo-output/ at the project root, which git ignores. */
export const DEFAULT_OUTPUT_DIRECTORY = path.resolve(__dirname, "..", "..", "demo-output");

/**
 * Runs the life of a cooperative on a local network: founding, admissions, share subscriptions, a
 * yes/no decision, a majority-judgment choice, marketplace payments, encrypted personal data, a
 * member's exit, a federation decision and a summary. Writes the record of the run and the chart
 * to DEMO_OUTPUT_DIR, or to demo-output/, and returns the demo's state for what runs after it.
 *
 * @throws Error on any other chain than the embedded network or `npm run node`, because the demo
 * moves the chain's clock and uses the local test accounts.
 */
export async function runDemo(hre: HardhatRuntimeEnvironment): Promise<DemoContext> {
  const { ethers } = hre;
  const { chainId } = await ethers.provider.getNetwork();
  if (chainId !== LOCAL_CHAIN_ID) {
    throw new Error(
      "The demo moves the chain's clock and uses the local test accounts, so it runs only on the embedded " +
        `network or on \`npm run node\` (chain id ${LOCAL_CHAIN_ID}), not on chain ${chainId}. ` +
        "To create a cooperative on a testnet, use `npx hardhat coop:deploy --network testnet`.",
    );
  }
  // IPFS_API_URL selects a Kubo node, and the embedded store in IPFS_STORE_DIR is the default. A
  // malformed IPFS_API_URL stops the demo here, before anything is deployed.
  const store = openContentStore();
  const outputDirectory = process.env.DEMO_OUTPUT_DIR?.trim() || DEFAULT_OUTPUT_DIRECTORY;
  const cast = castOf(await ethers.getSigners());
  const context: DemoContext = {
    hre,
    provider: ethers.provider,
    store,
    keyStore: openKeyStore(process.env),
    outputDirectory,
    cast,
    decisions: [],
    record: { network: hre.network.name, chainId: chainId.toString() },
  };
  say(`World-Coop DAO demo on network "${hre.network.name}" (chain id ${chainId})`);
  say("The life of a cooperative, from examples/ / La vie d'une coopérative, à partir d'examples/");

  await foundingMembers(context);
  await admissions(context);
  await shareSubscriptions(context);
  await yesNoDecision(context);
  const supplierResults = await supplierChoice(context);
  await marketplacePayments(context);
  await personalData(context);
  await memberLeaving(context);
  await federation(context);
  await summary(context, supplierResults);

  const recordFile = await writeRecord(outputDirectory, context.record);
  say();
  say(`Record of this run: ${displayPath(recordFile)}`);
  say(
    "Done: one member one vote, from the founding to the federation. / Terminé : un membre, une voix, de la fondation à la fédération.",
  );
  return context;
}
