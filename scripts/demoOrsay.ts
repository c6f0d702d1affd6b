import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import hre, { ethers } from "hardhat";

import type { Implementations } from "../src/deploy/cooperative";
import { readOrsayResults, runOrsayVote, type OrsayProgress } from "../src/demo/orsayChain";
import { ORSAY_DATA_DIR, readOrsayBallots, readPublishedOrsayCase, talliesOf } from "../src/demo/orsayData";
import { frenchRankingLines, orsayChartSvg, rankingText, sameRanking, tallyDifferences } from "../src/demo/orsayReport";

/** Organisers of the replay, admitted at creation. They do not vote. */
const FOUNDER_COUNT = 3;

/** Progress is printed every this many transactions of a phase. */
const PROGRESS_STEP = 100;

/** Path of the chart, in a folder that git ignores. */
const CHART_FILE = path.resolve(__dirname, "..", "demo-output", "orsay-2007.svg");

const log = (line = ""): void => console.log(line);

/** Returns the shared implementations, deploying them when this network has none yet, as `npm run demo` does. */
async function implementations(): Promise<Implementations> {
  await hre.run("deploy", { tags: "implementations", noCompile: true });
  const address = async (name: string): Promise<string> => (await hre.deployments.get(name)).address;
  return {
    membership: await address("CoopMembership"),
    governor: await address("CoopGovernor"),
    shares: await address("CoopShares"),
    charter: await address("CoopCharter"),
    judgment: await address("CoopJudgmentGovernor"),
    feeRouter: await address("FeeRouter"),
  };
}

/**
 * Replays the 1,733 ballots of the 2007 Orsay majority-judgment experiment on a cooperative of the
 * embedded network, then checks the on-chain histograms and ranking against the published ones.
 */
async function main(): Promise<void> {
  if (hre.network.name !== "hardhat") {
    throw new Error(
      `The Orsay demo funds 1,733 voter wallets with hardhat_setBalance, so it runs only on the embedded ` +
        `network, not on "${hre.network.name}". Run \`npm run demo:orsay\` without --network.`,
    );
  }
  const started = Date.now();
  const seconds = (): string => ((Date.now() - started) / 1000).toFixed(1);

  const ballots = readOrsayBallots();
  const published = readPublishedOrsayCase();
  log(`Orsay 2007 majority-judgment replay: ${ballots.length} ballots from ${ORSAY_DATA_DIR}`);
  const offChainDifferences = tallyDifferences(published.tallies, talliesOf(ballots));
  if (offChainDifferences.length > 0) {
    throw new Error(`The ballot files do not add up to "${published.name}":\n  ${offChainDifferences.join("\n  ")}`);
  }
  log(`  the files add up to the published tallies of "${published.name}"`);

  const [deployer, ...accounts] = await ethers.getSigners();
  const impl = await implementations();
  const onProgress = (progress: OrsayProgress): void => {
    if (progress.done % PROGRESS_STEP === 0 || progress.done === progress.total) {
      const counted = progress.phase === "subscribe" ? "members joined" : "ballots cast";
      log(`  ${String(progress.done).padStart(5)} / ${progress.total} ${counted} (${seconds()} s)`);
    }
  };
  log("Deploying an open cooperative; each voter subscribes one share, then votes:");
  const vote = await runOrsayVote({
    provider: ethers.provider,
    deployer,
    founders: accounts.slice(0, FOUNDER_COUNT),
    implementations: impl,
    ballots,
    onProgress,
  });
  const { membership, judgment } = vote.cooperative;
  log(`  members: ${await membership.memberCount()} (${FOUNDER_COUNT} organisers who do not vote)`);
  log(`  governor ${await judgment.getAddress()}, proposal ${vote.proposalId}`);
  log(
    `  ${vote.voterTransactions} voter transactions, ${seconds()} s so far; most gas used: ` +
      `${vote.maxGasUsed.subscribe} to subscribe, ${vote.maxGasUsed.ballot} to vote`,
  );
  log();

  const results = await readOrsayResults(vote, deployer);
  log(`Published ranking: ${rankingText({ groups: published.ranking })}`);
  log(`On-chain ranking:  ${rankingText(results.ranking)}`);
  const differences = tallyDifferences(published.tallies, results.tallies);
  const rankingMatches = sameRanking({ groups: published.ranking }, results.ranking);

  await mkdir(path.dirname(CHART_FILE), { recursive: true });
  await writeFile(CHART_FILE, orsayChartSvg(results.ranking, results.tallies));
  log();
  log("Classement au jugement majoritaire (mention majoritaire) :");
  for (const line of frenchRankingLines(results.ranking, results.tallies)) log(`  ${line}`);
  log();
  log(`Profil de mérite : ${CHART_FILE}`);
  log(`Total time: ${seconds()} s`);

  if (differences.length > 0) {
    throw new Error(`The on-chain histograms differ from the published tallies:\n  ${differences.join("\n  ")}`);
  }
  if (!rankingMatches) {
    throw new Error("The on-chain ranking differs from the published ranking (both are printed above).");
  }
  log("OK: every on-chain histogram equals the published tallies, and the rankings match.");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
