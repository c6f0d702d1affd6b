import { ZeroAddress, getAddress } from "ethers";

import { CoopCharter__factory, CoopColleges__factory } from "../../typechain-types";
import type { CoopCharter, CoopColleges, CoopJudgmentGovernor, ICoopJudgmentGovernor } from "../../typechain-types";
import type { Action } from "../governance/proposals";
import { proposalTitle } from "../governance/proposals";
import { toIpfsUri } from "../ipfs/cidText";
import type { PinnedLabel } from "./optionLabels";
import { findLatestEvent } from "../chain/logs";

/** Names of the governor's `ProposalState`, indexed by the state's number. */
export const JUDGMENT_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Executed",
] as const;

export type JudgmentStateName = (typeof JUDGMENT_STATES)[number];

/** Names of the governor's `Outcome`, indexed by the outcome's number. */
export const OUTCOMES = ["QuorumNotReached", "Tie", "BelowMinimum", "Winner"] as const;

export type OutcomeName = (typeof OUTCOMES)[number];

/** The calls of one option, as `queue` and `execute` take them. */
export interface OptionCalls {
  targets: string[];
  values: bigint[];
  calldatas: string[];
}

/** One option with a label, as the proposal's creation recorded it. The status quo is not one. */
export interface JudgmentOption extends OptionCalls {
  index: number;
  /** Binary CID of the label in 0x-prefixed hex. */
  label: string;
}

/** A majority-judgment proposal as its `ProposalCreated` event and the charter's record describe it. */
export interface JudgmentProposal {
  id: bigint;
  proposer: string;
  /** The options with labels, in index order. When `statusQuo` is set, one more option follows them. */
  options: JudgmentOption[];
  statusQuo: boolean;
  /** All the options that ballots grade, counting the status quo. */
  optionCount: number;
  /** The rules frozen into the proposal at its creation. */
  gradeCount: number;
  minimumGrade: number;
  quorumPercent: number;
  /** Snapshot and deadline, in seconds since the Unix epoch. */
  snapshot: bigint;
  deadline: bigint;
  description: string;
  /** Title of a description that `proposalDescription` wrote, else undefined. */
  title?: string;
  /** The `ipfs://b…` URI of the proposal's document, from the binary CID that the charter recorded. */
  documentUri: string;
  blockNumber: number;
  transactionHash: string;
}

/** The count of a proposal as the governor's `outcome` returns it. */
export interface JudgmentOutcome {
  kind: OutcomeName;
  /** The options tied for first place, in index order: one option when there is a single leader. */
  leaders: number[];
  /** Majority grade of the first leader. */
  grade: number;
  /** Weight that cast a ballot, and the weight the quorum needs (0 before the snapshot). */
  participation: bigint;
  quorum: bigint;
  /** True when the charter's colleges module counts the proposal: the ranking weighs each college. */
  byCollege?: boolean;
}

/** Returns the options as the governor's `propose` takes them, each with its pinned label. */
export function judgmentOptions(
  labels: readonly PinnedLabel[],
  actions: readonly (readonly Action[])[],
): ICoopJudgmentGovernor.OptionStruct[] {
  if (labels.length !== actions.length) {
    throw new Error(`Got ${labels.length} labels for ${actions.length} options: give one label per option.`);
  }
  return labels.map((label, index) => ({
    label: label.binary,
    targets: actions[index].map((action) => action.target),
    values: actions[index].map((action) => BigInt(action.value ?? 0)),
    calldatas: actions[index].map((action) => String(action.data)),
  }));
}

/**
 * Finds proposal `proposalId` of `judgment` in the event of its creation, or returns undefined when
 * the governor emitted none. The governor keeps only the hashes of the options' actions, so the
 * calls that `queue` and `execute` need come from the event. `ProposalCreated` indexes the id, so
 * one filtered query finds it, and the charter's record of the document is read from that block.
 *
 * With `fromBlock`, such as the cooperative's deployment block, it searches back from the latest
 * block in ranges that public RPC endpoints accept.
 *
 * NOTE: without `fromBlock`, one query covers every block from 0, which a public RPC endpoint may
 * reject as too wide.
 */
export async function findJudgmentProposal(
  judgment: CoopJudgmentGovernor,
  charter: CoopCharter,
  proposalId: bigint,
  fromBlock?: number,
): Promise<JudgmentProposal | undefined> {
  const filter = judgment.filters.ProposalCreated(proposalId);
  const creation = await findLatestEvent(judgment.runner, fromBlock, (from, to) =>
    judgment.queryFilter(filter, from, to),
  );
  if (creation === undefined) return undefined;

  const governorAddress = await judgment.getAddress();
  const recorded = await charter.queryFilter(
    charter.filters.ProposalRecorded(governorAddress, proposalId),
    creation.blockNumber,
    creation.blockNumber,
  );
  const record = recorded.at(-1);
  if (record === undefined) {
    throw new Error(
      `Governor ${governorAddress} created proposal ${proposalId} in block ${creation.blockNumber}, but the charter ` +
        "recorded no document for it there: the node's event index is incomplete.",
    );
  }

  const { proposer, options, statusQuo, rules, snapshot, deadline, description } = creation.args;
  // An option's `values` field is shadowed by Array.prototype.values on ethers' Result, so the
  // fields are read by position.
  const labelled = options.map(([label, targets, values, calldatas], index) => ({
    index,
    label,
    targets: targets.map((target) => getAddress(target)),
    values: [...values],
    calldatas: [...calldatas],
  }));
  const [, , quorumPercent, gradeCount, minimumGrade] = rules;
  return {
    id: proposalId,
    proposer,
    options: labelled,
    statusQuo,
    optionCount: labelled.length + (statusQuo ? 1 : 0),
    gradeCount: Number(gradeCount),
    minimumGrade: Number(minimumGrade),
    quorumPercent: Number(quorumPercent),
    snapshot,
    deadline,
    description,
    title: proposalTitle(description),
    documentUri: toIpfsUri(record.args.document),
    blockNumber: creation.blockNumber,
    transactionHash: creation.transactionHash,
  };
}

/** Returns the calls of option `index`: none for the status quo or an option without actions. */
export function optionCalls(proposal: JudgmentProposal, index: number): OptionCalls {
  if (!Number.isInteger(index) || index < 0 || index >= proposal.optionCount) {
    throw new Error(`Invalid option ${index} of proposal ${proposal.id}: expected 0 to ${proposal.optionCount - 1}.`);
  }
  const option = proposal.options[index];
  if (option === undefined) return { targets: [], values: [], calldatas: [] };
  return { targets: option.targets, values: option.values, calldatas: option.calldatas };
}

/** Returns whether option `index` is the status quo, the last option of a proposal that has one. */
export function isStatusQuo(proposal: JudgmentProposal, index: number): boolean {
  return proposal.statusQuo && index === proposal.optionCount - 1;
}

/** Returns the name of the state of proposal `proposalId`. */
export async function judgmentState(judgment: CoopJudgmentGovernor, proposalId: bigint): Promise<JudgmentStateName> {
  const state = Number(await judgment.state(proposalId));
  const name = JUDGMENT_STATES[state];
  if (name === undefined) throw new Error(`Unknown proposal state ${state} for proposal ${proposalId}.`);
  return name;
}

/** Counts proposal `proposalId` with the governor's `outcome`; before the deadline the count is provisional. */
export async function judgmentOutcome(judgment: CoopJudgmentGovernor, proposalId: bigint): Promise<JudgmentOutcome> {
  const [[result, leaders, grade, participation, quorum], colleges] = await Promise.all([
    judgment.outcome(proposalId),
    collegesCounting(judgment, proposalId),
  ]);
  const kind = OUTCOMES[Number(result)];
  if (kind === undefined) throw new Error(`Unknown outcome ${result} for proposal ${proposalId}.`);
  const outcome: JudgmentOutcome = { kind, leaders: leaders.map(Number), grade: Number(grade), participation, quorum };
  if (colleges !== undefined) outcome.byCollege = true;
  return outcome;
}

/** `TallyKind.Judgment` of the colleges module: the proposal's ballots are counted by college. */
const COLLEGE_JUDGMENT_TALLY = 2n;

/**
 * Returns the histograms that the governor ranks for proposal `proposalId`: `tallies[i][g]` is the
 * weight of grade `g` for option `i`. When the charter's colleges module counts the proposal by
 * college, these are the college-weighted histograms, each option totalling 1e18; otherwise the
 * members' weights. Either way, only their proportions matter to the ranking.
 */
export async function judgmentTallies(judgment: CoopJudgmentGovernor, proposalId: bigint): Promise<bigint[][]> {
  const colleges = await collegesCounting(judgment, proposalId);
  const tallies =
    colleges === undefined
      ? await judgment.tallies(proposalId)
      : await colleges.combinedHistograms(await judgment.getAddress(), proposalId);
  return tallies.map((row) => [...row]);
}

/** Returns the colleges module that counts proposal `proposalId` by college, or undefined when members count. */
async function collegesCounting(judgment: CoopJudgmentGovernor, proposalId: bigint): Promise<CoopColleges | undefined> {
  const runner = judgment.runner;
  const module = await CoopCharter__factory.connect(await judgment.charter(), runner).collegeModule();
  if (module === ZeroAddress) return undefined;
  const colleges = CoopColleges__factory.connect(module, runner);
  const { kind } = await colleges.tallyInfo(await judgment.getAddress(), proposalId);
  return kind === COLLEGE_JUDGMENT_TALLY ? colleges : undefined;
}
