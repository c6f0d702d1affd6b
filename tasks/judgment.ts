import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";

import type { Cooperative } from "../src/deploy/cooperative";
import type { ContentStore } from "../src/ipfs/contentStore";
import type { JudgmentOutcome, JudgmentProposal, JudgmentStateName } from "../src/mj/judgmentProposals";
import type { PinnedLabel } from "../src/mj/optionLabels";
import type { OptionsFile } from "../src/mj/optionsFile";

import {
  checkOutputFolder,
  checkTimelockBalance,
  connectCoop,
  coopTask,
  fail,
  output,
  parseJsonFile,
  parseProposalId,
  recordedDeploymentBlock,
  send,
  type CoopAddresses,
} from "./lib";
import { openConfiguredStore } from "./contentStore";
import {
  PROPOSER_HELP,
  checkMayCancel,
  checkProposalOptions,
  pinProposalDocument,
  warnIfPinnedLocally,
  type ProposalOptions,
} from "./proposing";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

interface CommonArgs {
  coop?: string;
  from?: string;
  json: boolean;
}

interface IdArgs extends CommonArgs {
  id: string;
}

interface BallotArgs extends IdArgs {
  grades?: string;
  parts?: string;
  signOnly: boolean;
  out?: string;
}

/** Help text of `--id` in every task that takes a majority-judgment proposal. */
const ID_HELP = "Id of the majority-judgment proposal, as mj:propose printed it";

/** Returns the proposal from the event of its creation, or fails naming the id and the cooperative. */
async function requireProposal(
  hre: HardhatRuntimeEnvironment,
  coop: Cooperative,
  symbol: string,
  id: bigint,
): Promise<JudgmentProposal> {
  const { findJudgmentProposal } = await import("../src/mj/judgmentProposals");
  const proposal = await findJudgmentProposal(
    coop.judgment,
    coop.charter,
    id,
    await recordedDeploymentBlock(hre, symbol),
  );
  if (proposal === undefined) {
    fail(
      `Proposal ${id} was not found in cooperative ${symbol} (majority-judgment governor ` +
        `${await coop.judgment.getAddress()}): check the id that mj:propose printed, and --coop when several ` +
        "cooperatives are recorded. A yes/no proposal's id works with the coop: tasks instead.",
    );
  }
  return proposal;
}

/** Connects to the cooperative and returns the proposal `--id` names, with its current state. */
async function connectProposal(hre: HardhatRuntimeEnvironment, args: IdArgs) {
  const { judgmentState } = await import("../src/mj/judgmentProposals");
  const id = parseProposalId(args.id, "mj:propose");
  const connection = await connectCoop(hre, args);
  const proposal = await requireProposal(hre, connection.coop, connection.addresses.symbol, id);
  return { ...connection, id, proposal, state: await judgmentState(connection.coop.judgment, id) };
}

/**
 * Returns the display text of each option's label, the status quo excluded, read from the content
 * store that `IPFS_API_URL` selects.
 *
 * NOTE: a Kubo node searches its peers for a label it lacks, so with IPFS_API_URL set, each label
 * published nowhere reachable delays the output by the store's request timeout (60 s) before the
 * CID is shown in its place.
 */
async function labelTexts(proposal: JudgmentProposal): Promise<string[]> {
  const { labelText, readOptionLabel } = await import("../src/mj/optionLabels");
  const { store } = await openConfiguredStore();
  const labels = [];
  for (const option of proposal.options) labels.push(labelText(await readOptionLabel(store, option.label)));
  return labels;
}

/** Names option `index` for CLI messages: `option 1 "Admit Eli"`, or `option 3 (the status quo)`. */
function optionName(proposal: JudgmentProposal, labels: readonly string[], index: number): string {
  if (index >= proposal.options.length) return `option ${index} (the status quo)`;
  return `option ${index} ${JSON.stringify(labels[index])}`;
}

/** Names a grade for CLI messages, such as `Good (3)`. */
async function gradeName(gradeCount: number, grade: number): Promise<string> {
  const { gradeLabels } = await import("../src/mj/grades");
  return `${gradeLabels(gradeCount, "en")[grade]} (${grade})`;
}

async function chainTime(hre: HardhatRuntimeEnvironment): Promise<bigint> {
  const { latestTimestamp } = await import("../src/chain/time");
  return latestTimestamp(hre.ethers.provider);
}

/** Writes `text` to a new file at `path`, failing with the fix when the file exists or its folder does not. */
async function writeNewFile(path: string, text: string, flag: string): Promise<void> {
  try {
    await writeFile(path, text, { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      fail(`${flag} ${JSON.stringify(path)} already exists: choose another file name, or delete that file first.`);
    }
    if (code === "ENOENT") {
      fail(`Invalid ${flag} ${JSON.stringify(path)}: the folder ${JSON.stringify(dirname(path))} does not exist.`);
    }
    throw error;
  }
}

// -------------------------------------------------------------------------------------------------
// mj:propose
// -------------------------------------------------------------------------------------------------

/** Reads `--options`, or fails naming the file and the entry at fault. */
async function readOptionsFile(path: string, addresses: CoopAddresses) {
  const { parseOptionsFile, InvalidOptionsError } = await import("../src/mj/optionsFile");
  const json = await parseJsonFile(path, "--options");
  try {
    return parseOptionsFile(json, addresses, dirname(resolve(path)));
  } catch (error) {
    if (error instanceof InvalidOptionsError) fail(`Invalid --options ${JSON.stringify(path)}: ${error.message}`);
    throw error;
  }
}

/**
 * Fails with the fix when the governor would reject the proposal with a bare error: a proposer who
 * is not a member, or an option whose actions need an extraordinary yes/no decision.
 */
async function checkProposal(coop: Cooperative, symbol: string, proposer: string, file: OptionsFile, path: string) {
  if (!(await coop.membership.isMember(proposer))) {
    fail(`${proposer} is not a member of ${symbol}, so it cannot propose: pass --from with a member's address.`);
  }
  for (const [index, option] of file.options.entries()) {
    if (option.actions.length === 0) continue;
    const targets = option.actions.map((action) => action.target);
    const calldatas = option.actions.map((action) => action.data);
    if (await coop.charter.isExtraordinary(targets, calldatas)) {
      fail(
        `Invalid --options ${JSON.stringify(path)}: options[${index}] calls a function that needs an extraordinary ` +
          "decision, which majority judgment cannot take. Propose that change on its own with coop:propose, as a " +
          "yes/no proposal.",
      );
    }
  }
}

/** Returns each option of a new proposal with its label and decoded actions, for the output of mj:propose. */
async function describeOptions(
  store: ContentStore,
  file: OptionsFile,
  labels: readonly PinnedLabel[],
  addresses: CoopAddresses,
) {
  const { decodeAction } = await import("../src/governance/actions");
  const { readOptionLabel } = await import("../src/mj/optionLabels");
  const described = [];
  for (const [index, option] of file.options.entries()) {
    const { cid, uri, pinned, binary } = labels[index];
    const display = await readOptionLabel(store, binary);
    described.push({
      index,
      label: { text: display.title ?? null, cid, uri, pinned },
      actions: option.actions.map((action) => decodeAction(action, addresses)),
    });
  }
  return described;
}

coopTask(
  "mj:propose",
  "Pins a proposal's document and its options' labels, then proposes the options to the majority-judgment governor",
  true,
  PROPOSER_HELP,
)
  .addParam("title", "Title of the proposal, one line")
  .addParam(
    "options",
    'JSON file of the options: {"statusQuo": true|false, "options": [{"label": TEXT | "labelFile": FILE | ' +
      '"labelCid": CID, "actions": [...]}]}, with actions as in coop:propose --actions and label files relative to it',
  )
  .addOptionalParam("doc", "Document file with the proposal's full text, pinned as it is")
  .addOptionalParam("text", "Text of a Markdown document generated from the title, when no --doc is given")
  .setAction(async (args: CommonArgs & ProposalOptions & { options: string }, hre) => {
    await checkProposalOptions(args, true);
    const { store, location } = await openConfiguredStore();
    const { coop, addresses, account } = await connectCoop(hre, args);
    const file = await readOptionsFile(args.options, addresses);
    await checkProposal(coop, addresses.symbol, account, file, args.options);

    // Label files are checked before anything is pinned, so a missing one leaves no pin behind.
    const { access } = await import("node:fs/promises");
    for (const [index, option] of file.options.entries()) {
      if (!("file" in option.label)) continue;
      const labelFile = option.label.file;
      await access(labelFile).catch(() =>
        fail(
          `Invalid --options ${JSON.stringify(args.options)}: the label file ${JSON.stringify(labelFile)} of ` +
            `options[${index}] cannot be read. Check its path, relative to the options file.`,
        ),
      );
    }

    const { pinOptionLabels } = await import("../src/mj/optionLabels");
    const source = args.doc === undefined ? { title: args.title, text: args.text ?? "" } : { file: args.doc };
    const document = await pinProposalDocument(store, source);
    let labels: PinnedLabel[];
    try {
      labels = await pinOptionLabels(store, file.options);
    } catch (error) {
      fail(`Invalid --options ${JSON.stringify(args.options)}: ${(error as Error).message}`);
    }

    const { judgmentOptions } = await import("../src/mj/judgmentProposals");
    const { proposalDescription } = await import("../src/governance/proposals");
    const { id: hashText } = await import("ethers");
    const options = judgmentOptions(
      labels,
      file.options.map((option) => option.actions),
    );
    const description = proposalDescription(args.title, document.uri);
    const proposalId = await coop.judgment.hashProposal(account, options, file.statusQuo, hashText(description));
    const exists = await coop.judgment.proposalDetails(proposalId).then(
      () => true,
      () => false,
    );
    if (exists) {
      fail(
        `Proposal ${proposalId} already exists: ${account} proposed the same options with the same document before. ` +
          `See it with mj:results --id ${proposalId}, or change the title or the document to propose again.`,
      );
    }
    await send("Proposal", coop.judgment.propose, options, file.statusQuo, description);

    const { formatAction } = await import("../src/governance/actions");
    const { gradeLabels } = await import("../src/mj/grades");
    const { isoTime } = await import("../src/chain/time");
    const { pinPlace, storeAddress } = await import("../src/ipfs/storeLocation");
    const details = await coop.judgment.proposalDetails(proposalId);
    const optionCount = Number(details.optionCount);
    const gradeCount = Number(details.gradeCount);
    const minimumGrade = Number(details.minimumGrade);
    const scale = gradeLabels(gradeCount, "en");
    const described = await describeOptions(store, file, labels, addresses);

    const optionLines = described.map((option) => {
      const label =
        option.label.text === null
          ? `${option.label.uri} (pinned, not shown: it is not text)`
          : `${option.label.text} (${option.label.uri})`;
      const actions =
        option.actions.length === 0 ? "no actions, a pure choice" : option.actions.map(formatAction).join("; ");
      return `  option ${option.index}: ${label}: ${actions}`;
    });
    if (file.statusQuo) optionLines.push(`  option ${file.options.length}: none of these (the status quo), no actions`);
    const gradePlaceholders = Array.from({ length: optionCount }, (_, index) => `G${index}`).join(",");
    output(
      args.json,
      {
        proposalId,
        proposer: account,
        document: { uri: document.uri, cid: document.cid, file: args.doc ?? null, store: storeAddress(location) },
        options: described,
        statusQuo: file.statusQuo,
        optionCount,
        gradeCount,
        minimumGrade,
        gradeLabels: scale,
        quorumPercent: Number(details.quorumPercent),
        snapshot: details.snapshot,
        deadline: details.deadline,
      },
      [
        `Proposal ${proposalId} created by ${account}.`,
        `  document: ${document.uri} (pinned ${pinPlace(location)})`,
        ...optionLines,
        `  grades: ${scale.map((label, grade) => `${label} (${grade})`).join(", ")}; ` +
          `a winner needs at least ${scale[minimumGrade]} (${minimumGrade})`,
        `  quorum: ${details.quorumPercent}% of the weight at the snapshot must cast a ballot`,
        `  voting opens after ${isoTime(details.snapshot)} and ends at ${isoTime(details.deadline)}`,
        `  vote with: mj:ballot --id ${proposalId} --grades ${gradePlaceholders} ` +
          "(one grade per option, a number or a grade word)",
      ],
    );
    const pinned = [document.uri, ...labels.filter((label) => label.pinned).map((label) => label.uri)];
    await warnIfPinnedLocally(hre, pinned);
  });

// -------------------------------------------------------------------------------------------------
// mj:ballot and mj:relay
// -------------------------------------------------------------------------------------------------

/** Weight that a ballot event counted, and whether the ballot replaced an earlier one. */
interface BallotReceipt {
  weight: bigint;
  replaced: boolean;
}

/** Reads the `BallotCast` or `FractionalBallotCast` event of transaction `hash`. */
async function ballotReceipt(hre: HardhatRuntimeEnvironment, coop: Cooperative, hash: string): Promise<BallotReceipt> {
  const receipt = await hre.ethers.provider.getTransactionReceipt(hash);
  const governor = (await coop.judgment.getAddress()).toLowerCase();
  for (const log of receipt?.logs ?? []) {
    if (log.address.toLowerCase() !== governor) continue;
    const parsed = coop.judgment.interface.parseLog(log);
    if (parsed?.name === "BallotCast" || parsed?.name === "FractionalBallotCast") {
      return { weight: parsed.args.weight as bigint, replaced: parsed.args.replaced as boolean };
    }
  }
  fail(`Transaction ${hash} was mined, but the governor emitted no ballot event in it: check the transaction.`);
}

/** Describes the result of a cast or relayed ballot on one line. */
function ballotSentence(voter: string, id: bigint, { weight, replaced }: BallotReceipt): string {
  const replacing = replaced ? ", replacing an earlier ballot" : ", its first ballot on this proposal";
  return `${voter} cast a ballot on proposal ${id} with weight ${weight}${replacing}`;
}

/** Fails unless exactly one of `--grades` and `--parts` is given, and `--sign-only` and `--out` go together. */
function checkBallotFlags(args: BallotArgs): void {
  if ((args.grades === undefined) === (args.parts === undefined)) {
    fail("Give the ballot with --grades LIST or with --parts FILE, exactly one of them.");
  }
  if (args.signOnly && args.out === undefined)
    fail("--sign-only needs --out FILE, the file to write the signed ballot to.");
  if (!args.signOnly && args.out !== undefined) {
    fail("--out is for --sign-only: add --sign-only, or leave --out out to cast the ballot now.");
  }
  if (args.signOnly && args.parts !== undefined) {
    fail(
      "A fractional ballot cannot be signed for relay: the governor takes --parts only from the voter's own " +
        "transaction. Cast it without --sign-only, or sign a ballot of --grades.",
    );
  }
}

/** Parses `--grades` against the proposal's options and scale, or fails naming the bad grade. */
async function parseGradesArg(text: string, proposal: JudgmentProposal): Promise<number[]> {
  const { parseGrades, InvalidGradesError } = await import("../src/mj/gradeInput");
  try {
    return parseGrades(text, proposal);
  } catch (error) {
    if (error instanceof InvalidGradesError) fail(`Invalid --grades ${JSON.stringify(text)}: ${error.message}`);
    throw error;
  }
}

/** Reads `--parts` against the proposal's options and scale and the voter's weight, or fails naming the entry at fault. */
async function readPartsArg(path: string, proposal: JudgmentProposal, weight: bigint): Promise<bigint[][]> {
  const { parseParts, InvalidPartsError } = await import("../src/mj/fractionalParts");
  const json = await parseJsonFile(path, "--parts");
  try {
    return parseParts(json, { ...proposal, weight });
  } catch (error) {
    if (error instanceof InvalidPartsError) fail(`Invalid --parts ${JSON.stringify(path)}: ${error.message}`);
    throw error;
  }
}

/** Signs a ballot of `grades` as `signer` and writes it to the new file `path`, sending nothing. */
async function writeSignedBallot(
  coop: Cooperative,
  signer: Signer,
  proposal: JudgmentProposal,
  grades: readonly number[],
  path: string,
  json: boolean,
): Promise<void> {
  const { signBallot } = await import("../src/mj/ballotSignatures");
  const { toSignedBallotJson } = await import("../src/mj/signedBallotFile");
  const { isoTime } = await import("../src/chain/time");
  await checkOutputFolder(path);
  const signed = await signBallot(coop.judgment, signer, proposal, grades);
  const file = toSignedBallotJson(signed);
  await writeNewFile(path, `${JSON.stringify(file, null, 2)}\n`, "--out");
  output(json, { file: path, ballot: file }, [
    `${signed.ballot.voter} signed a ballot on proposal ${proposal.id} and wrote it to ${path}.`,
    "  Nothing was sent and no gas was paid.",
    `  Anyone can relay it with mj:relay ${path} once voting opens after ${isoTime(proposal.snapshot)}, ` +
      `until it ends at ${isoTime(proposal.deadline)}.`,
    "  A ballot you cast directly before it is relayed revokes it.",
  ]);
}

coopTask(
  "mj:ballot",
  "Casts or replaces a majority-judgment ballot, or with --sign-only writes a signed ballot that anyone can relay",
  true,
  "Member account that casts the ballot, or signs it with --sign-only (default: the first configured account)",
)
  .addParam("id", ID_HELP)
  .addOptionalParam(
    "grades",
    "One grade per option, in option order, separated by commas: the grade's number from 0 (the worst) or its " +
      "word in English or French, such as 5,3,0 or Excellent,Good,Reject or 'Très bien,Assez bien,À rejeter'",
  )
  .addOptionalParam(
    "parts",
    "JSON file of a fractional ballot: one row per option, each a list of the weight given to each grade " +
      "(worst first), adding up to the voter's weight, such as [[0,0,0,2,0,1],...]",
  )
  .addFlag("signOnly", "Sign the --grades ballot and write it to --out instead of sending it: no transaction, no gas")
  .addOptionalParam("out", "File that --sign-only writes the signed ballot to (JSON); it must not exist yet")
  .setAction(async (args: BallotArgs, hre) => {
    checkBallotFlags(args);
    const { coop, account, signer, id, proposal, state } = await connectProposal(hre, args);
    const { isoTime } = await import("../src/chain/time");
    const { voterProblem } = await import("../src/mj/ballotSignatures");

    if (state !== "Pending" && state !== "Active") {
      const ended = state === "Canceled" ? "it was canceled" : `voting ended at ${isoTime(proposal.deadline)}`;
      fail(`Proposal ${id} is ${state}: ${ended}, so no ballot can be counted.`);
    }
    const grades = args.grades === undefined ? undefined : await parseGradesArg(args.grades, proposal);
    const problem = await voterProblem(coop.judgment, coop.membership, account, proposal);
    if (problem !== undefined) fail(problem);

    if (args.signOnly && grades !== undefined) {
      await writeSignedBallot(coop, signer, proposal, grades, args.out ?? "", args.json);
      return;
    }

    if (state === "Pending") {
      fail(
        `Voting on proposal ${id} opens after ${isoTime(proposal.snapshot)}: cast the ballot then, or sign it now ` +
          "with --sign-only --out FILE and have it relayed once voting is open.",
      );
    }
    const labels = await labelTexts(proposal);
    const { gradeLabels } = await import("../src/mj/grades");
    const scale = gradeLabels(proposal.gradeCount, "en");
    let hash: string;
    let gradeLines: string[];
    let ballot: { grades: number[] } | { parts: bigint[][] };
    if (grades !== undefined) {
      hash = await send("Ballot", coop.judgment.castBallot, id, grades);
      gradeLines = grades.map((grade, index) => `  ${optionName(proposal, labels, index)}: ${scale[grade]}`);
      ballot = { grades };
    } else {
      const weight = await coop.membership.getPastVotes(account, proposal.snapshot);
      const parts = await readPartsArg(args.parts ?? "", proposal, weight);
      hash = await send("Fractional ballot", coop.judgment.castFractionalBallot, id, parts);
      gradeLines = parts.map((row, index) => {
        const spread = row.flatMap((part, grade) => (part === 0n ? [] : [`${part} ${scale[grade]}`]));
        return `  ${optionName(proposal, labels, index)}: ${spread.join(", ")}`;
      });
      ballot = { parts };
    }

    const receipt = await ballotReceipt(hre, coop, hash);
    output(args.json, { proposalId: id, voter: account, ...ballot, ...receipt, transaction: hash }, [
      `${ballotSentence(account, id, receipt)} (transaction ${hash}).`,
      ...gradeLines,
    ]);
  });

coopTask("mj:relay", "Submits a signed majority-judgment ballot file; the relaying account pays the gas", true)
  .addPositionalParam("file", "Signed ballot file that mj:ballot --sign-only wrote")
  .setAction(async (args: CommonArgs & { file: string }, hre) => {
    const { fromSignedBallotJson, InvalidSignedBallotError } = await import("../src/mj/signedBallotFile");
    const { relayProblem } = await import("../src/mj/ballotSignatures");
    const json = await parseJsonFile(args.file, "signed ballot file");
    let signed;
    try {
      signed = fromSignedBallotJson(json);
    } catch (error) {
      if (error instanceof InvalidSignedBallotError) {
        fail(`Invalid signed ballot file ${JSON.stringify(args.file)}: ${error.message}`);
      }
      throw error;
    }

    const { coop, account, addresses } = await connectCoop(hre, args);
    const { ballot } = signed;
    const proposal = await requireProposal(hre, coop, addresses.symbol, ballot.proposalId);
    const problem = await relayProblem(coop.judgment, proposal, signed);
    if (problem !== undefined) fail(`Cannot relay ${args.file}: ${problem}`);

    const hash = await send(
      "Relayed ballot",
      coop.judgment.castBallotBySig,
      ballot.proposalId,
      ballot.voter,
      ballot.grades,
      signed.signature,
    );
    const receipt = await ballotReceipt(hre, coop, hash);
    output(
      args.json,
      {
        proposalId: ballot.proposalId,
        voter: ballot.voter,
        grades: ballot.grades,
        relayer: account,
        ...receipt,
        transaction: hash,
      },
      [`${ballotSentence(ballot.voter, ballot.proposalId, receipt)}, relayed by ${account} (transaction ${hash}).`],
    );
  });

// -------------------------------------------------------------------------------------------------
// mj:results
// -------------------------------------------------------------------------------------------------

/** Fails unless `path` names a file that --svg can write: not empty, not a folder, in an existing folder. */
async function checkSvgPath(path: string): Promise<void> {
  if (path.trim() === "") fail('Invalid --svg "": give the path of the chart file to write, such as result.svg.');
  const { stat } = await import("node:fs/promises");
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory() === true) {
    fail(`Invalid --svg ${JSON.stringify(path)}: it is a folder. Give a file path in it, such as ${path}/result.svg.`);
  }
  await checkOutputFolder(path, "--svg");
}

coopTask(
  "mj:results",
  "Shows a majority-judgment proposal's results: participation, the options in ranking order with their " +
    "majority grades, and the outcome, in English or French",
  false,
)
  .addParam("id", ID_HELP)
  .addOptionalParam("lang", "Language of the results: en or fr", "en")
  .addOptionalParam("svg", "File to write the merit-profile chart to (SVG); an existing file is replaced")
  .setAction(async (args: IdArgs & { lang: string; svg?: string }, hre) => {
    const { parseLang } = await import("../src/mj/grades");
    let lang;
    try {
      lang = parseLang(args.lang);
    } catch (error) {
      fail(`Invalid --lang: ${(error as Error).message}`);
    }
    if (args.svg !== undefined) await checkSvgPath(args.svg);

    const { judgmentOutcome, judgmentTallies } = await import("../src/mj/judgmentProposals");
    const { judgmentResults, resultsInputOf } = await import("../src/mj/results");
    const { resultsChartSvg, resultsLines } = await import("../src/mj/resultsText");
    const { coop, id, proposal, state } = await connectProposal(hre, args);
    const [tallies, outcome, details, clock] = await Promise.all([
      judgmentTallies(coop.judgment, id),
      judgmentOutcome(coop.judgment, id),
      coop.judgment.proposalDetails(id),
      coop.judgment.clock(),
    ]);
    // The total weight at the snapshot is known only once the snapshot is past.
    const totalWeight =
      proposal.snapshot < clock ? await coop.membership.getPastTotalSupply(proposal.snapshot) : undefined;
    const labels = await labelTexts(proposal);

    let results;
    try {
      const eta = details.eta === 0n ? undefined : details.eta;
      results = judgmentResults(resultsInputOf(proposal, { state, labels, tallies, outcome, totalWeight, eta }), lang);
    } catch (error) {
      fail(`Cannot show the results of proposal ${id}: ${(error as Error).message}`);
    }

    const lines = resultsLines(results);
    if (args.svg !== undefined) {
      await writeFile(args.svg, resultsChartSvg(results));
      lines.push(lang === "fr" ? `  graphique\u00A0: ${args.svg}` : `  chart: ${args.svg}`);
    }
    output(args.json, { ...results, svg: args.svg ?? null }, lines);
  });

// -------------------------------------------------------------------------------------------------
// mj:queue and mj:execute
// -------------------------------------------------------------------------------------------------

/** Fails with the reason why a counted proposal has no winner to queue or execute. */
async function failWithoutWinner(
  proposal: JudgmentProposal,
  state: JudgmentStateName,
  outcome: JudgmentOutcome,
  labels: readonly string[],
): Promise<never> {
  const { id } = proposal;
  const prefix = `Proposal ${id} is ${state}`;
  switch (outcome.kind) {
    case "QuorumNotReached":
      fail(
        `${prefix}: quorum not reached, because the ballots carry a weight of ${outcome.participation}, below the ` +
          `quorum of ${outcome.quorum}. No option wins, so nothing can be queued or executed.`,
      );
    case "Tie": {
      const names = outcome.leaders.map((index) => optionName(proposal, labels, index));
      fail(
        `${prefix}: ${names.join(" and ")} tie for first place, so no option wins and nothing can be queued or ` +
          "executed.",
      );
    }
    case "BelowMinimum":
      fail(
        `${prefix}: the first option, ${optionName(proposal, labels, outcome.leaders[0])}, has the majority grade ` +
          `${await gradeName(proposal.gradeCount, outcome.grade)}, below the minimum ` +
          `${await gradeName(proposal.gradeCount, proposal.minimumGrade)}, so nothing can be queued or executed.`,
      );
    case "Winner":
      fail(`${prefix}, although ${optionName(proposal, labels, outcome.leaders[0])} wins: nothing can be queued.`);
  }
}

/**
 * Returns the winner of a proposal and its calls, or fails with the reason: voting still open, a
 * canceled proposal, no winner, or a winner without actions.
 */
async function requireWinner(
  coop: Cooperative,
  proposal: JudgmentProposal,
  state: JudgmentStateName,
  command: "mj:queue" | "mj:execute",
) {
  const { isoTime } = await import("../src/chain/time");
  const { judgmentOutcome, optionCalls, isStatusQuo } = await import("../src/mj/judgmentProposals");
  const { id } = proposal;
  if (state === "Pending" || state === "Active") {
    fail(
      `Proposal ${id} is ${state}: its voting ends at ${isoTime(proposal.deadline)}. Run ${command} after that, ` +
        "if an option wins.",
    );
  }
  if (state === "Canceled") fail(`Proposal ${id} is Canceled: nothing can be queued or executed.`);
  if (state === "Executed") fail(`Proposal ${id} is Executed already: its winner's actions have run.`);

  const [outcome, labels] = await Promise.all([judgmentOutcome(coop.judgment, id), labelTexts(proposal)]);
  if (state === "Defeated") await failWithoutWinner(proposal, state, outcome, labels);

  const winner = outcome.leaders[0];
  const calls = optionCalls(proposal, winner);
  if (calls.targets.length === 0) {
    const reason = isStatusQuo(proposal, winner) ? "so nothing changes" : "and it has no actions";
    fail(
      `Proposal ${id}: ${optionName(proposal, labels, winner)} wins, ${reason}. The choice is recorded on chain ` +
        "and there is nothing to queue or execute.",
    );
  }
  return { winner, calls, name: optionName(proposal, labels, winner) };
}

coopTask(
  "mj:queue",
  "Queues the winning option's actions of a majority-judgment proposal in the timelock; anyone may call it",
  true,
)
  .addParam("id", ID_HELP)
  .setAction(async (args: IdArgs, hre) => {
    const { isoTime } = await import("../src/chain/time");
    const { coop, id, proposal, state } = await connectProposal(hre, args);
    if (state === "Queued")
      fail(`Proposal ${id} is already queued: run mj:execute --id ${id} once its eta has passed.`);
    const { winner, calls, name } = await requireWinner(coop, proposal, state, "mj:queue");

    const hash = await send("Queueing", coop.judgment.queue, id, calls.targets, calls.values, calls.calldatas);
    const { eta } = await coop.judgment.proposalDetails(id);
    output(args.json, { proposalId: id, winner, transaction: hash, eta }, [
      `Proposal ${id}: the actions of the winner, ${name}, are queued in the timelock (transaction ${hash}).`,
      `  executable from ${isoTime(eta)}: run mj:execute --id ${id} then.`,
    ]);
  });

coopTask(
  "mj:execute",
  "Executes the queued winning option of a majority-judgment proposal once the timelock delay has passed; anyone may call it",
  true,
)
  .addParam("id", ID_HELP)
  .setAction(async (args: IdArgs, hre) => {
    const { isoTime } = await import("../src/chain/time");
    const { coop, id, proposal, state } = await connectProposal(hre, args);
    const { winner, calls, name } = await requireWinner(coop, proposal, state, "mj:execute");
    if (state === "Succeeded") fail(`Proposal ${id} has a winner but is not queued: run mj:queue --id ${id} first.`);
    const [{ eta }, now] = await Promise.all([coop.judgment.proposalDetails(id), chainTime(hre)]);
    if (now < eta) {
      fail(
        `Proposal ${id} is not executable yet: its eta is ${isoTime(eta)} (${eta}) and the chain time is ` +
          `${isoTime(now)} (${now}). Run mj:execute again after the eta.`,
      );
    }
    await checkTimelockBalance(hre, await coop.timelock.getAddress(), calls.values, "mj:execute");

    const hash = await send("Execution", coop.judgment.execute, id, calls.targets, calls.values, calls.calldatas);
    output(args.json, { proposalId: id, winner, transaction: hash }, [
      `Proposal ${id} executed: the actions of the winner, ${name}, have run (transaction ${hash}).`,
    ]);
  });

coopTask(
  "mj:cancel",
  "Cancels a majority-judgment proposal: its proposer may while it is Pending, the charter's guardian until it is executed",
  true,
)
  .addParam("id", ID_HELP)
  .setAction(async (args: IdArgs, hre) => {
    const { coop, account, id, proposal, state } = await connectProposal(hre, args);
    const guardian = await coop.charter.guardian();
    checkMayCancel({ id, state, account, proposer: proposal.proposer, guardian });
    const hash = await send("Cancellation", coop.judgment.cancel, id);
    output(args.json, { proposalId: id, canceledBy: account, transaction: hash }, [
      `Proposal ${id} canceled by ${account} (transaction ${hash}).`,
    ]);
  });
