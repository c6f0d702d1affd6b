import hre from "hardhat";

import { runDemo } from "../src/demo/run";
import { GATEWAY_PREFIX } from "../src/web/server";
import { demoWebConfig, seedVotingPage } from "../src/web/seed";
import { webOutputDirectory, writeWebFiles } from "../src/web/files";

// Run by `npm run web` with `--network localhost`: plays the demo on the node, opens the proposals
// that the voting page shows as active, and writes the page's settings to WEB_OUTPUT_DIR.
async function main(): Promise<void> {
  const url = "url" in hre.network.config ? hre.network.config.url : undefined;
  if (url === undefined) {
    throw new Error("The voting page needs a node that a browser can reach. Run this script with --network localhost.");
  }
  const context = await runDemo(hre);
  console.log();
  console.log("Proposals open for the voting page / Propositions ouvertes pour la page de vote");
  const seed = await seedVotingPage(context);
  const config = await demoWebConfig(context, url, GATEWAY_PREFIX);
  const directory = webOutputDirectory();
  await writeWebFiles(directory, config, seed);
  console.log(`Settings of the voting page written to ${directory}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
