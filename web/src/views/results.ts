import { gradeLabels } from "../../../src/mj/grades";
import type { JudgmentProposal } from "../../../src/mj/judgmentProposals";
import { judgmentOutcome, judgmentState, judgmentTallies } from "../../../src/mj/judgmentProposals";
import { judgmentResults, resultsInputOf, type JudgmentResults } from "../../../src/mj/results";
import { outcomeText, resultsChartSvg } from "../../../src/mj/resultsText";
import type { CoopContracts } from "../chain";
import { el } from "../dom";
import { currentLang, formatInteger, t } from "../i18n";

/** Renders the yes/no tallies of a proposal, read from the governor's `proposalVotes`. */
export async function renderVoteResults(
  contracts: CoopContracts,
  proposalId: bigint,
  open: boolean,
): Promise<HTMLElement> {
  const [against, yes, abstain] = await contracts.governor.proposalVotes(proposalId);
  const section = resultsSection(open);
  section.append(
    el(
      "dl",
      { className: "facts" },
      el("dt", { text: t("tallyFor") }),
      el("dd", { testId: "tally-for", text: formatInteger(yes) }),
      el("dt", { text: t("tallyAgainst") }),
      el("dd", { testId: "tally-against", text: formatInteger(against) }),
      el("dt", { text: t("tallyAbstain") }),
      el("dd", { testId: "tally-abstain", text: formatInteger(abstain) }),
    ),
  );
  return section;
}

/**
 * Renders the results of a majority-judgment proposal: the outcome, the ranking with each option's
 * majority grade, and the merit-profile chart, parsed as SVG with DOMParser.
 */
export async function renderJudgmentResults(
  contracts: CoopContracts,
  proposal: JudgmentProposal,
  labels: readonly string[],
): Promise<HTMLElement> {
  const { judgment } = contracts;
  const [state, tallies, outcome] = await Promise.all([
    judgmentState(judgment, proposal.id),
    judgmentTallies(judgment, proposal.id),
    judgmentOutcome(judgment, proposal.id),
  ]);
  const results = judgmentResults(resultsInputOf(proposal, { state, labels, tallies, outcome }), currentLang());
  const section = resultsSection(!results.outcome.final);
  section.append(el("p", { testId: "results-outcome", className: "outcome", text: sentence(outcomeText(results)) }));
  if (results.outcome.byCollege === true) {
    section.append(el("p", { testId: "results-by-college", className: "note", text: t("resultsByCollege") }));
  }
  section.append(rankingTable(results));
  section.append(el("h3", { text: t("chartHeading") }), chart(results));
  return section;
}

/** Returns the grade labels of a proposal's scale in the member's language, worst first. */
export function scaleLabels(proposal: JudgmentProposal): string[] {
  return gradeLabels(proposal.gradeCount, currentLang());
}

/** Capitalizes the first letter, because a provisional outcome text starts with a lowercase "so far". */
function sentence(text: string): string {
  return text.charAt(0).toLocaleUpperCase(currentLang()) + text.slice(1);
}

function resultsSection(open: boolean): HTMLElement {
  const section = el(
    "section",
    { testId: "results", attrs: { "aria-labelledby": "results-heading" } },
    el("h2", { text: t("resultsHeading"), attrs: { id: "results-heading" } }),
  );
  if (open) section.append(el("p", { className: "note", text: t("resultsProvisional") }));
  return section;
}

function rankingTable(results: JudgmentResults): HTMLElement {
  const head = el(
    "tr",
    {},
    el("th", { text: t("rankColumn"), attrs: { scope: "col" } }),
    el("th", { text: t("optionColumn"), attrs: { scope: "col" } }),
    el("th", { text: t("majorityGradeColumn"), attrs: { scope: "col" } }),
  );
  const rows = results.options.map((option) =>
    el(
      "tr",
      { testId: `ranking-${option.index}` },
      el("td", { text: option.tied ? `${option.rank} =` : String(option.rank) }),
      el("th", { text: option.label, attrs: { scope: "row" } }),
      el("td", { text: option.majorityGradeLabel }),
    ),
  );
  return el(
    "table",
    { className: "ranking" },
    el("caption", { text: t("rankingHeading") }),
    el("thead", {}, head),
    el("tbody", {}, ...rows),
  );
}

/** Parses the chart's SVG text as an SVG document, so no text of it is ever parsed as HTML. */
function chart(results: JudgmentResults): HTMLElement {
  const container = el("figure", { testId: "results-chart", className: "chart" });
  const parsed = new DOMParser().parseFromString(resultsChartSvg(results), "image/svg+xml");
  const svg = parsed.documentElement;
  if (svg.nodeName !== "svg" || parsed.getElementsByTagName("parsererror").length > 0) {
    container.append(el("p", { className: "error", text: t("chartFailed") }));
    return container;
  }
  svg.setAttribute("role", "img");
  svg.setAttribute("width", "100%");
  container.append(document.importNode(svg, true));
  return container;
}
