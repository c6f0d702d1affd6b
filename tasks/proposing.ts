import { stat } from "node:fs/promises";

import type { HardhatRuntimeEnvironment } from "hardhat/types";

import type { Cooperative } from "../src/deploy/cooperative";
import type { DocumentSource, PinnedDocument } from "../src/governance/documents";
import type { Action } from "../src/governance/proposals";
import type { ContentStore } from "../src/ipfs/contentStore";

import { openConfiguredStore } from "./contentStore";
import { fail, output, send } from "./lib";

// Modules that import TypeChain bindings are loaded inside functions: hardhat.config.ts loads this
// file before the first compilation has generated them.

/** Options of the tasks that create a proposal with a document. */
export interface ProposalOptions {
  title: string;
  /** Path of the document file, pinned as it is. */
  doc?: string;
  /** Text of a document generated from the title, when no file is given. */
  text?: string;
  json: boolean;
}

/** Thresholds of extraordinary proposals, as the charter returns them. */
export interface ExtraordinaryThresholds {
  quorumPercent: bigint;
  majorityNumerator: bigint;
  majorityDenominator: bigint;
}

/** Help text of `--from` for the tasks that create a proposal. */
export const PROPOSER_HELP = "Member account that proposes and pays the gas (default: the first configured account)";

/** Fails with the value and the fix when `--title` cannot head a description. */
async function checkTitle(title: string): Promise<void> {
  const { titleProblem } = await import("../src/governance/proposals");
  const problem = titleProblem(title);
  if (problem !== undefined) fail(`Invalid --title ${JSON.stringify(title)}: ${problem}.`);
}

/** Fails with the path and the fix when `--doc` is missing or is not a regular file. */
async function checkDocumentFile(path: string): Promise<void> {
  let isFile = false;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    fail(
      `Document file not found: --doc ${JSON.stringify(path)}. Give the path of an existing file, ` +
        "or leave --doc out to generate the document from --title and --text.",
    );
  }
  if (!isFile) {
    fail(`Invalid --doc ${JSON.stringify(path)}: it is not a regular file. Give the path of the document file.`);
  }
}

/**
 * Fails with the fix when `--title`, `--doc` and `--text` cannot give the proposal a title and a
 * document. `textRequired` rejects a proposal with neither a file nor a text.
 */
export async function checkProposalOptions(options: ProposalOptions, textRequired: boolean): Promise<void> {
  await checkTitle(options.title);
  if (options.doc !== undefined && options.text !== undefined) {
    fail("Give the proposal's text with --doc FILE or --text TEXT, not both.");
  }
  if (textRequired && options.doc === undefined && options.text === undefined) {
    fail("The proposal has no document: give --doc FILE, or --text TEXT to generate one from --title and the text.");
  }
  if (options.doc !== undefined) await checkDocumentFile(options.doc);
}

/**
 * Describes the class of a proposal and what it needs to pass: for an extraordinary one, the
 * charter's majority and quorum, and for an ordinary one, a simple majority and the governor's quorum.
 */
export function describeClass(
  extraordinary: boolean,
  thresholds: ExtraordinaryThresholds,
  ordinaryQuorumPercent: bigint,
): string {
  if (!extraordinary) {
    return `ordinary: needs more for than against, and for+abstain reaching ${ordinaryQuorumPercent}% quorum`;
  }
  return (
    `extraordinary: needs ${thresholds.majorityNumerator}/${thresholds.majorityDenominator} of for+against ` +
    `and ${thresholds.quorumPercent}% quorum`
  );
}

/** Returns the governor's quorum in percent of the total voting weight now. */
export async function ordinaryQuorumPercent(coop: Cooperative): Promise<bigint> {
  const [numerator, denominator] = await Promise.all([
    coop.governor["quorumNumerator()"](),
    coop.governor.quorumDenominator(),
  ]);
  return (numerator * 100n) / denominator;
}

/**
 * Checks that `proposer` is a member of the cooperative `symbol`, and pins the proposal's document
 * in the content store that `IPFS_API_URL` selects. Then proposes `actions` from `proposer` with a
 * description that cites the document and ends with `#proposer=`, and prints the proposal's id,
 * class, snapshot and deadline. Without `--doc`, the document is Markdown generated from the title
 * and `text`.
 */
export async function proposeWithDocument(
  hre: HardhatRuntimeEnvironment,
  options: ProposalOptions,
  coop: Cooperative,
  symbol: string,
  proposer: string,
  actions: Action[],
  text: string,
): Promise<void> {
  const { buildProposal, proposalDescription, proposalId: idOf } = await import("../src/governance/proposals");
  const { decodeAction, formatAction } = await import("../src/governance/actions");
  const { isoTime } = await import("../src/chain/time");
  const { pinPlace, storeAddress } = await import("../src/ipfs/storeLocation");
  await checkProposalOptions(options, false);
  const { store, location } = await openConfiguredStore();
  // The governor would reject the proposal with a bare GovernorInsufficientProposerVotes.
  if (!(await coop.membership.isMember(proposer))) {
    fail(`${proposer} is not a member of ${symbol}, so it cannot propose: pass --from with a member's address.`);
  }

  const targets = actions.map((action) => action.target);
  const calldatas = actions.map((action) => action.data);
  const [extraordinary, rules, quorumPercent] = await Promise.all([
    coop.charter.isExtraordinary(targets, calldatas),
    coop.charter.extraordinaryRules(),
    ordinaryQuorumPercent(coop),
  ]);
  const thresholds = {
    quorumPercent: rules.quorumPercent,
    majorityNumerator: rules.majorityNumerator,
    majorityDenominator: rules.majorityDenominator,
  };

  const source = options.doc === undefined ? { title: options.title, text } : { file: options.doc };
  const document = await pinProposalDocument(store, source);
  const proposal = buildProposal(actions, proposalDescription(options.title, document.uri), proposer);
  const proposalId = await idOf(coop.governor, proposal);
  if ((await coop.governor.proposalSnapshot(proposalId)) !== 0n) {
    fail(
      `Proposal ${proposalId} already exists: ${proposer} proposed the same actions with the same document before. ` +
        `See it with coop:proposal --id ${proposalId}, or change the title or the document to propose again.`,
    );
  }
  await send(
    "Proposal",
    coop.governor.propose,
    proposal.targets,
    proposal.values,
    proposal.calldatas,
    proposal.description,
  );

  const [snapshot, deadline] = await Promise.all([
    coop.governor.proposalSnapshot(proposalId),
    coop.governor.proposalDeadline(proposalId),
  ]);
  const addresses = {
    membership: await coop.membership.getAddress(),
    governor: await coop.governor.getAddress(),
    timelock: await coop.timelock.getAddress(),
    shares: await coop.shares.getAddress(),
    charter: await coop.charter.getAddress(),
    judgment: await coop.judgment.getAddress(),
    feeRouter: await coop.feeRouter.getAddress(),
  };
  const decoded = actions.map((action) => decodeAction(action, addresses));
  const classText = describeClass(extraordinary, thresholds, quorumPercent);

  output(
    options.json,
    {
      proposalId,
      proposer,
      class: extraordinary ? "extraordinary" : "ordinary",
      extraordinary,
      thresholds: extraordinary ? thresholds : { quorumPercent },
      document: { uri: document.uri, cid: document.cid, file: options.doc ?? null, store: storeAddress(location) },
      snapshot,
      deadline,
      actions: decoded,
      proposal,
    },
    [
      `Proposal ${proposalId} created by ${proposer}.`,
      `  class: ${classText}`,
      `  document: ${document.uri} (pinned ${pinPlace(location)})`,
      ...decoded.map((action, i) => `  action ${i + 1}: ${formatAction(action)}`),
      `  voting opens after ${isoTime(snapshot)} and ends at ${isoTime(deadline)}`,
      `  vote with: coop:vote --id ${proposalId} --support for|against|abstain`,
    ],
  );

  await warnIfPinnedLocally(hre, [document.uri]);
}

/**
 * Adds and pins a proposal's document, and fails with the store's reason before anything is
 * proposed when the store cannot take it.
 */
export async function pinProposalDocument(store: ContentStore, source: DocumentSource): Promise<PinnedDocument> {
  const { pinDocument } = await import("../src/governance/documents");
  try {
    return await pinDocument(store, source);
  } catch (error) {
    fail(`Cannot pin the proposal's document, so nothing was proposed: ${(error as Error).message}`);
  }
}

/**
 * Prints on standard error the warning of `localPinningWarning` for this network and environment:
 * for the documents at `uris`, or, when `uris` is empty, for those that proposals will pin later.
 */
export async function warnIfPinnedLocally(hre: HardhatRuntimeEnvironment, uris: readonly string[]): Promise<void> {
  const { localPinningWarning } = await import("../src/ipfs/localPinningWarning");
  const { chainId } = await hre.ethers.provider.getNetwork();
  const warning = localPinningWarning(chainId, process.env, uris);
  if (warning !== undefined) console.warn(warning);
}

/** Facts that the cancelling tasks check: the proposal, its state, the sender, its proposer and the guardian. */
export interface CancelCheck {
  id: bigint;
  state: string;
  account: string;
  proposer: string;
  /** The charter's guardian, or the zero address when there is none. */
  guardian: string;
}

/**
 * Fails, naming who may cancel, unless `account` may cancel the proposal: its proposer while it is
 * Pending, or the charter's guardian until it is executed. The guardian cannot cancel a proposal
 * that changes the guardian, and the simulation decodes the contract's error for that case.
 */
export function checkMayCancel({ id, state, account, proposer, guardian }: CancelCheck): void {
  if (state === "Canceled" || state === "Executed") fail(`Proposal ${id} is ${state}: there is nothing to cancel.`);
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  if (same(account, proposer) && state === "Pending") return;
  if (!/^0x0{40}$/.test(guardian) && same(account, guardian)) return;
  const guardianText = /^0x0{40}$/.test(guardian)
    ? "The cooperative has no guardian, who could cancel it until it is executed."
    : `The guardian, ${guardian}, may until it is executed.`;
  fail(
    `${account} may not cancel proposal ${id}, which is ${state}. Its proposer, ${proposer}, may while it is ` +
      `Pending. ${guardianText} Use --from with an account that may.`,
  );
}
