import { isoTime } from "../chain/time";
import type { Lang } from "./grades";
import type { JudgmentStateName } from "./judgmentProposals";
import { meritProfileSvg } from "./chart";
import { formatPercent } from "./percent";
import { optionByIndex, type JudgmentResults, type RankedOption } from "./results";

/** Words of the results in one language. Times are ISO 8601 in UTC, as the other tasks print them. */
interface Wording {
  proposal: (id: bigint, title: string) => string;
  noTitle: string;
  state: Record<JudgmentStateName, (results: JudgmentResults) => string>;
  stateLine: (text: string) => string;
  participation: (results: JudgmentResults) => string;
  byCollege: string;
  rankingHeader: string;
  optionLine: (option: RankedOption) => string;
  quote: (label: string) => string;
  and: string;
  provisional: string;
  outcomeLine: (text: string) => string;
  outcome: {
    QuorumNotReached: (results: JudgmentResults) => string;
    Tie: (names: string) => string;
    BelowMinimum: (name: string, grade: string, minimum: string) => string;
    Winner: (name: string, grade: string, runs: string) => string;
  };
  runs: { actions: string; statusQuo: string; pureChoice: string };
}

/** A no-break space, which French puts inside guillemets and before a colon. */
const NBSP = "\u00A0";

const WORDING: Record<Lang, Wording> = {
  en: {
    proposal: (id, title) => `Proposal ${id}: ${title}`,
    noTitle: "(no title)",
    state: {
      Pending: (r) => `Pending: voting opens after ${isoTime(r.snapshot)}`,
      Active: (r) => `Active: voting ends at ${isoTime(r.deadline)}`,
      Canceled: () => "Canceled",
      Defeated: (r) => `Defeated: voting ended at ${isoTime(r.deadline)}`,
      Succeeded: (r) => `Succeeded: voting ended at ${isoTime(r.deadline)}`,
      Queued: (r) => `Queued: executable from ${isoTime(r.eta ?? 0n)}`,
      Executed: () => "Executed",
    },
    stateLine: (text) => `  state: ${text}`,
    participation: (r) => {
      const { participation, quorum } = r.outcome;
      if (r.totalWeight === undefined) {
        return `  participation: no ballot yet; the quorum, ${r.quorumPercent}% of the weight, is set at the snapshot`;
      }
      const share = r.totalWeight > 0n ? ` (${formatPercent(participation, r.totalWeight, "en")})` : "";
      const reached = r.outcome.kind === "QuorumNotReached" ? "not reached" : "reached";
      return `  participation: ${participation} of ${r.totalWeight} weight${share}; quorum ${quorum} (${r.quorumPercent}%): ${reached}`;
    },
    byCollege:
      "  counted by college: each college's ballots weigh as much as its weight, and the shares below combine them",
    rankingHeader: "  ranking:",
    optionLine: (o) => `    ${o.rank}. ${o.label} (option ${o.index}): ${o.description}`,
    quote: (label) => `"${label}"`,
    and: "and",
    provisional: "so far, ",
    outcomeLine: (text) => `  outcome: ${text}`,
    outcome: {
      QuorumNotReached: (r) =>
        r.outcome.participation >= r.outcome.quorum
          ? "quorum not reached: a college did not reach its share of the quorum, so nothing runs."
          : `quorum not reached: the ballots carry a weight of ${r.outcome.participation}, below the quorum of ` +
            `${r.outcome.quorum}, so nothing runs.`,
      Tie: (names) => `tie for first place between ${names}, so no option wins and nothing runs.`,
      BelowMinimum: (name, grade, minimum) =>
        `${name} ranks first, but its majority grade ${grade} is below the minimum ${minimum}, so nothing runs.`,
      Winner: (name, grade, runs) => `${name} wins with the majority grade ${grade}; ${runs}`,
    },
    runs: {
      actions: "its actions run through the timelock once queued.",
      statusQuo: "nothing changes.",
      pureChoice: "the choice is recorded and nothing runs.",
    },
  },
  fr: {
    proposal: (id, title) => `Proposition ${id}${NBSP}: ${title}`,
    noTitle: "(sans titre)",
    state: {
      Pending: (r) => `en attente${NBSP}: le vote s'ouvre après ${isoTime(r.snapshot)}`,
      Active: (r) => `vote ouvert${NBSP}: échéance ${isoTime(r.deadline)}`,
      Canceled: () => "annulée",
      Defeated: (r) => `rejetée${NBSP}: vote clos à ${isoTime(r.deadline)}`,
      Succeeded: (r) => `adoptée${NBSP}: vote clos à ${isoTime(r.deadline)}`,
      Queued: (r) => `en file${NBSP}: exécutable à partir de ${isoTime(r.eta ?? 0n)}`,
      Executed: () => "exécutée",
    },
    stateLine: (text) => `  état${NBSP}: ${text}`,
    participation: (r) => {
      const { participation, quorum } = r.outcome;
      const percent = `${r.quorumPercent}${NBSP}%`;
      if (r.totalWeight === undefined) {
        return `  participation${NBSP}: aucun bulletin pour l'instant${NBSP}; le quorum, ${percent} du poids, sera fixé à l'instantané`;
      }
      const share = r.totalWeight > 0n ? ` (${formatPercent(participation, r.totalWeight, "fr")})` : "";
      const reached = r.outcome.kind === "QuorumNotReached" ? "non atteint" : "atteint";
      return `  participation${NBSP}: ${participation} sur ${r.totalWeight} de poids${share}${NBSP}; quorum ${quorum} (${percent})${NBSP}: ${reached}`;
    },
    byCollege: `  compté par collège${NBSP}: les bulletins de chaque collège pèsent selon son poids, et les parts ci-dessous les combinent`,
    rankingHeader: `  classement${NBSP}:`,
    optionLine: (o) => `    ${o.rank}. ${o.label} (option ${o.index})${NBSP}: ${o.description}`,
    quote: (label) => `«${NBSP}${label}${NBSP}»`,
    and: "et",
    provisional: "pour l'instant, ",
    outcomeLine: (text) => `  résultat${NBSP}: ${text}`,
    outcome: {
      QuorumNotReached: (r) =>
        r.outcome.participation >= r.outcome.quorum
          ? `quorum non atteint${NBSP}: un collège n'a pas atteint sa part du quorum${NBSP}; rien n'est exécuté.`
          : `quorum non atteint${NBSP}: les bulletins pèsent ${r.outcome.participation}, sous le quorum de ` +
            `${r.outcome.quorum}${NBSP}; rien n'est exécuté.`,
      Tie: (names) => `égalité en tête entre ${names}${NBSP}: aucune option ne l'emporte et rien n'est exécuté.`,
      BelowMinimum: (name, grade, minimum) =>
        `${name} arrive en tête, mais sa mention majoritaire ${grade} est sous le minimum ${minimum}${NBSP}; ` +
        "rien n'est exécuté.",
      Winner: (name, grade, runs) => `${name} l'emporte avec la mention majoritaire ${grade}${NBSP}; ${runs}`,
    },
    runs: {
      actions: "ses actions passeront par le timelock une fois mises en file.",
      statusQuo: "rien ne change.",
      pureChoice: "le choix est enregistré et rien n'est exécuté.",
    },
  },
};

/**
 * Writes the results of a proposal as lines for a terminal, in the results' language: the title,
 * the state, the participation against the quorum, each option in ranking order with its majority
 * grade and gauge, and the outcome. While voting is open the outcome is marked as provisional.
 */
export function resultsLines(results: JudgmentResults): string[] {
  const words = WORDING[results.lang];
  return [
    words.proposal(results.proposalId, results.title ?? words.noTitle),
    words.stateLine(words.state[results.state](results)),
    words.participation(results),
    ...(results.outcome.byCollege === true ? [words.byCollege] : []),
    words.rankingHeader,
    ...results.options.map((option) => words.optionLine(option)),
    words.outcomeLine(outcomeText(results)),
  ];
}

/** Returns the title of the merit-profile chart: the proposal's title, or "Proposal ID" in the results' language. */
export function chartTitle(results: JudgmentResults): string {
  if (results.title !== undefined) return results.title;
  return results.lang === "fr" ? `Proposition ${results.proposalId}` : `Proposal ${results.proposalId}`;
}

/** Describes the outcome of `results` in one sentence of its language, such as `"Bakery" (option 0) wins ...`. */
export function outcomeText(results: JudgmentResults): string {
  const words = WORDING[results.lang];
  const { outcome } = results;
  const name = (index: number): string => `${words.quote(optionByIndex(results, index).label)} (option ${index})`;

  let text: string;
  switch (outcome.kind) {
    case "QuorumNotReached":
      text = words.outcome.QuorumNotReached(results);
      break;
    case "Tie":
      text = words.outcome.Tie(joinNames(outcome.leaders.map(name), words.and));
      break;
    case "BelowMinimum":
      text = words.outcome.BelowMinimum(name(outcome.leaders[0]), outcome.gradeLabel, outcome.minimumGradeLabel);
      break;
    case "Winner": {
      const winner = optionByIndex(results, outcome.leaders[0]);
      const runs = winner.statusQuo
        ? words.runs.statusQuo
        : winner.actionCount > 0
          ? words.runs.actions
          : words.runs.pureChoice;
      text = words.outcome.Winner(name(winner.index), outcome.gradeLabel, runs);
      break;
    }
  }
  return outcome.final ? text : words.provisional + text;
}

/** Joins names as "A and B" or "A, B and C". */
function joinNames(names: readonly string[], and: string): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${and} ${names[names.length - 1]}`;
}

/** Returns the merit-profile chart (SVG) of `results`: the options in ranking order, in its language. */
export function resultsChartSvg(results: JudgmentResults): string {
  const byIndex = [...results.options].sort((a, b) => a.index - b.index);
  return meritProfileSvg({
    title: chartTitle(results),
    options: byIndex.map((option) => ({ label: option.label, tally: option.tally })),
    order: results.options.map((option) => option.index),
    gradeLabels: results.gradeLabels,
    lang: results.lang,
  });
}
