import { gradeLabels, type Lang } from "./grades";
import type { JudgmentOutcome, JudgmentProposal, JudgmentStateName, OutcomeName } from "./judgmentProposals";
import { describeOption, majorityGrade } from "./profile";
import { rank } from "./ranking";

/** Label of the status quo, the option "none of these" that has no label of its own. */
export const STATUS_QUO_LABEL: Readonly<Record<Lang, string>> = {
  en: "None of these (status quo)",
  fr: "Aucune de ces options (statu quo)",
};

/** Inputs of a proposal's results: the proposal, the governor's count and the ranking. */
export interface ResultsInput {
  proposalId: bigint;
  title?: string;
  state: JudgmentStateName;
  /** Labels of the options that have one, in index order. The status quo's label comes from the language. */
  labels: readonly string[];
  statusQuo: boolean;
  /** Number of actions of each option, in index order, the status quo included. */
  actionCounts: readonly number[];
  /** `tallies[i][g]` is the weight of grade `g` given to option `i`. */
  tallies: readonly (readonly bigint[])[];
  /** The ranking, best first: groups of tied option indices, each group in index order. */
  groups: readonly (readonly number[])[];
  outcome: JudgmentOutcome;
  gradeCount: number;
  minimumGrade: number;
  quorumPercent: number;
  /** Total weight at the snapshot, or undefined while the snapshot is ahead. */
  totalWeight?: bigint;
  /** Snapshot, deadline and, once queued, eta, in seconds since the Unix epoch. */
  snapshot: bigint;
  deadline: bigint;
  eta?: bigint;
}

/** Current state and count of a proposal as the governor reports them, for {@link resultsInputOf}. */
export interface ProposalCount {
  state: JudgmentStateName;
  /** Labels of the options that have one, in index order. */
  labels: readonly string[];
  tallies: readonly (readonly bigint[])[];
  outcome: JudgmentOutcome;
  totalWeight?: bigint;
  eta?: bigint;
}

/** Returns the inputs of {@link judgmentResults} for `proposal` and its count, ranking the tallies. */
export function resultsInputOf(proposal: JudgmentProposal, count: ProposalCount): ResultsInput {
  return {
    ...count,
    proposalId: proposal.id,
    title: proposal.title,
    statusQuo: proposal.statusQuo,
    actionCounts: Array.from({ length: proposal.optionCount }, (_, i) => proposal.options[i]?.targets.length ?? 0),
    groups: rank(count.tallies).groups,
    gradeCount: proposal.gradeCount,
    minimumGrade: proposal.minimumGrade,
    quorumPercent: proposal.quorumPercent,
    snapshot: proposal.snapshot,
    deadline: proposal.deadline,
  };
}

/** One option in the ranking, as members read it. */
export interface RankedOption {
  index: number;
  /** Position from 1. Tied options share the position of the first of them. */
  rank: number;
  /** Whether another option has the same position. */
  tied: boolean;
  statusQuo: boolean;
  label: string;
  tally: bigint[];
  majorityGrade: number;
  majorityGradeLabel: string;
  /** Majority grade and gauge in words, from {@link describeOption}. */
  description: string;
  actionCount: number;
}

/** The count of a proposal, with the options and grades it names. */
export interface ResultsOutcome {
  kind: OutcomeName;
  /** Whether the count is final: false while the proposal is pending or voting is open. */
  final: boolean;
  /** The options first in the count, in index order: one option unless they tie. */
  leaders: number[];
  grade: number;
  gradeLabel: string;
  minimumGrade: number;
  minimumGradeLabel: string;
  participation: bigint;
  quorum: bigint;
  /** Whether the winner's actions run once queued: a winner with actions. */
  runs: boolean;
  /** True when the count weighs each college's ballots by the college's weight. */
  byCollege?: boolean;
}

/** The results of a majority-judgment proposal in one language. */
export interface JudgmentResults {
  proposalId: bigint;
  title?: string;
  state: JudgmentStateName;
  lang: Lang;
  gradeLabels: string[];
  /** The options in ranking order, best first. */
  options: RankedOption[];
  outcome: ResultsOutcome;
  quorumPercent: number;
  totalWeight?: bigint;
  snapshot: bigint;
  deadline: bigint;
  eta?: bigint;
}

/**
 * Builds the results of a proposal in `lang`: the options in ranking order with their labels and
 * majority grades, and the governor's outcome.
 *
 * The outcome is the governor's, and the order below first place is the ranking's. Both count the
 * same histograms with the same rule, so they agree on first place.
 *
 * @throws Error naming the values when the labels, action counts or tallies do not match the
 * options, when `groups` is not a partition of the option indices, or when the ranking's first
 * group differs from the governor's leaders.
 */
export function judgmentResults(input: ResultsInput, lang: Lang): JudgmentResults {
  const optionCount = input.tallies.length;
  const labels = input.statusQuo ? [...input.labels, STATUS_QUO_LABEL[lang]] : [...input.labels];
  if (labels.length !== optionCount || input.actionCounts.length !== optionCount) {
    throw new Error(
      `Invalid results input: ${optionCount} tallies, ${labels.length} labels (status quo included) and ` +
        `${input.actionCounts.length} action counts. Give one of each per option.`,
    );
  }
  checkGroups(input.groups, optionCount);
  const leaders = [...input.outcome.leaders].sort((a, b) => a - b);
  const first = [...(input.groups[0] ?? [])].sort((a, b) => a - b);
  if (leaders.join(",") !== first.join(",")) {
    throw new Error(
      `The ranking puts options [${first.join(", ")}] first, but the governor's count puts [${leaders.join(", ")}] ` +
        "first: the two counts disagree, so no result is shown.",
    );
  }

  const scale = gradeLabels(input.gradeCount, lang);
  const options: RankedOption[] = [];
  let position = 1;
  for (const group of input.groups) {
    for (const index of group) {
      const tally = [...input.tallies[index]];
      const grade = majorityGrade(tally);
      options.push({
        index,
        rank: position,
        tied: group.length > 1,
        statusQuo: input.statusQuo && index === optionCount - 1,
        label: labels[index],
        tally,
        majorityGrade: grade,
        majorityGradeLabel: scale[grade],
        description: describeOption(tally, scale, lang),
        actionCount: input.actionCounts[index],
      });
    }
    position += group.length;
  }

  const { outcome } = input;
  return {
    proposalId: input.proposalId,
    title: input.title,
    state: input.state,
    lang,
    gradeLabels: scale,
    options,
    outcome: {
      kind: outcome.kind,
      final: input.state !== "Pending" && input.state !== "Active",
      leaders,
      grade: outcome.grade,
      gradeLabel: scale[outcome.grade],
      minimumGrade: input.minimumGrade,
      minimumGradeLabel: scale[input.minimumGrade],
      participation: outcome.participation,
      quorum: outcome.quorum,
      runs: outcome.kind === "Winner" && input.actionCounts[leaders[0]] > 0,
      ...(outcome.byCollege === true ? { byCollege: true } : {}),
    },
    quorumPercent: input.quorumPercent,
    totalWeight: input.totalWeight,
    snapshot: input.snapshot,
    deadline: input.deadline,
    eta: input.eta,
  };
}

/** Returns the options in `results` by index, for texts that name them. */
export function optionByIndex(results: JudgmentResults, index: number): RankedOption {
  const option = results.options.find((candidate) => candidate.index === index);
  if (option === undefined) throw new Error(`Option ${index} is not in the results of proposal ${results.proposalId}.`);
  return option;
}

function checkGroups(groups: readonly (readonly number[])[], optionCount: number): void {
  const seen = new Set<number>();
  for (const group of groups) {
    if (group.length === 0) throw new Error("Invalid ranking: a group of tied options is empty.");
    for (const index of group) {
      if (!Number.isInteger(index) || index < 0 || index >= optionCount || seen.has(index)) {
        throw new Error(
          `Invalid ranking: option ${index} is out of range or listed twice; expected each of the ${optionCount} ` +
            "option indices exactly once.",
        );
      }
      seen.add(index);
    }
  }
  if (seen.size !== optionCount) {
    throw new Error(`Invalid ranking: it lists ${seen.size} options, but the proposal has ${optionCount}.`);
  }
}
