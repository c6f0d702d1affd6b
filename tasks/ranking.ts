import { task } from "hardhat/config";
import { TASK_COMPILE } from "hardhat/builtin-tasks/task-names";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import type { RankCase, Ranking } from "../src/mj/ranking";
import type { MajorityJudgmentRanker } from "../typechain-types";

import { ensureCompiled, fail, parseJsonFile, signerFor } from "./lib";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

/** Values of `--engine`: the ranker contract, or the TypeScript ranking in src/mj/ranking.ts. */
const ENGINES = ["solidity", "typescript"] as const;

type Engine = (typeof ENGINES)[number];

interface RankArgs {
  input: string;
  engine: string;
}

function parseEngine(value: string): Engine {
  const engine = ENGINES.find((candidate) => candidate === value.toLowerCase());
  if (engine === undefined) fail(`Invalid --engine "${value}": expected ${ENGINES.join(" or ")}.`);
  return engine;
}

/**
 * Ranks every case with a MajorityJudgmentRanker deployed for this run on the selected network, one
 * `rank` call per case.
 */
async function rankWithContract(hre: HardhatRuntimeEnvironment, cases: RankCase[]): Promise<Ranking[]> {
  // Compiling first makes the task work on a fresh clone, and rank with the library's current source.
  await hre.run(TASK_COMPILE, { quiet: true });
  const { MajorityJudgmentRanker__factory } = await import("../typechain-types");
  const { describeRevert } = await import("../src/cli/errors");
  const { rankingFromOrder } = await import("../src/mj/ranking");

  const signer = await signerFor(hre);
  let ranker: MajorityJudgmentRanker;
  try {
    ranker = await new MajorityJudgmentRanker__factory(signer).deploy();
    await ranker.waitForDeployment();
  } catch (error) {
    fail(`Deploying MajorityJudgmentRanker on network ${hre.network.name} failed: ${describeRevert(error)}`);
  }

  const rankings: Ranking[] = [];
  for (const [index, { tallies }] of cases.entries()) {
    try {
      const [order, tiedWithPrevious] = await ranker.rank(tallies);
      rankings.push(rankingFromOrder(order, tiedWithPrevious));
    } catch (error) {
      fail(`MajorityJudgmentRanker.rank failed on case ${index}: ${describeRevert(error)}`);
    }
  }
  return rankings;
}

task(
  "mj:rank",
  "Ranks options by majority judgment from histograms of grades, and prints one JSON line per case: " +
    '{"ranking": [...], "winner": ...}, where tied options are grouped in a list',
)
  .addParam(
    "input",
    'JSON file of one case {"tallies": [[...], ...]} or of several {"cases": [...]}. tallies[i][g] is the ' +
      "weight of grade g, 0 the worst, for option i, as a number or, above 2^53 - 1, a decimal string",
  )
  .addOptionalParam(
    "engine",
    "Code that ranks: solidity deploys a MajorityJudgmentRanker on the selected network (by default the " +
      "in-process Hardhat network) and calls it, typescript runs src/mj/ranking.ts",
    "solidity",
  )
  .setAction(async (args: RankArgs, hre) => {
    const engine = parseEngine(args.engine);
    await ensureCompiled(hre);
    const { InvalidTalliesError, parseRankCases, rank, rankingToJson, winnerOf } = await import("../src/mj/ranking");

    const json = await parseJsonFile(args.input, "--input");
    let cases: RankCase[];
    try {
      cases = parseRankCases(json);
    } catch (error) {
      if (error instanceof InvalidTalliesError) fail(`Invalid --input ${JSON.stringify(args.input)}: ${error.message}`);
      throw error;
    }

    const rankings =
      engine === "typescript" ? cases.map(({ tallies }) => rank(tallies)) : await rankWithContract(hre, cases);
    for (const ranking of rankings) {
      console.log(JSON.stringify({ ranking: rankingToJson(ranking), winner: winnerOf(ranking) }));
    }
  });
