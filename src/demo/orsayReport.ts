import { meritProfileSvg } from "../mj/chart";
import { gradeLabels } from "../mj/grades";
import { describeOption } from "../mj/profile";
import type { Ranking } from "../mj/ranking";
import { ORSAY_CANDIDATES, ORSAY_GRADE_COUNT } from "./orsayData";

/** Returns the title of the French chart for `ballotCount` ballots, with French digit grouping. */
export function orsayChartTitle(ballotCount: number): string {
  const count = new Intl.NumberFormat("fr-FR").format(ballotCount);
  return `Présidentielle 2007 à Orsay\u00A0: ${count} bulletins au jugement majoritaire`;
}

/** Writes a ranking as candidate names, tied candidates joined by " = ": "Bayrou > Royal > ...". */
export function rankingText(ranking: Ranking): string {
  return ranking.groups.map((group) => group.map((candidate) => ORSAY_CANDIDATES[candidate]).join(" = ")).join(" > ");
}

/** Returns whether two rankings have the same groups in the same order, each group compared as a set. */
export function sameRanking(a: Ranking, b: Ranking): boolean {
  const key = (ranking: Ranking): string =>
    ranking.groups.map((group) => [...group].sort((x, y) => x - y).join("=")).join(">");
  return key(a) === key(b);
}

/**
 * Lists the candidates whose on-chain histogram differs from the published one, one line each with
 * both histograms, or nothing when they all match.
 */
export function tallyDifferences(
  published: readonly (readonly bigint[])[],
  onChain: readonly (readonly bigint[])[],
): string[] {
  const differences: string[] = [];
  ORSAY_CANDIDATES.forEach((name, candidate) => {
    const expected = (published[candidate] ?? []).join(", ");
    const actual = (onChain[candidate] ?? []).join(", ");
    if (expected !== actual) differences.push(`${name}: published [${expected}], on chain [${actual}]`);
  });
  return differences;
}

/**
 * Writes the ranking in French, one line per candidate: position, name, and majority grade with its
 * gauge, such as "1. Bayrou : Assez bien (+) — 44,3 % au-dessus de cette mention, 30,6 % en dessous".
 */
export function frenchRankingLines(ranking: Ranking, tallies: readonly (readonly bigint[])[]): string[] {
  const labels = gradeLabels(ORSAY_GRADE_COUNT, "fr");
  const lines: string[] = [];
  let position = 1;
  for (const group of ranking.groups) {
    for (const candidate of group) {
      const tied = group.length > 1 ? " (ex æquo)" : "";
      lines.push(
        `${position}. ${ORSAY_CANDIDATES[candidate]}${tied}\u00A0: ${describeOption(tallies[candidate], labels, "fr")}`,
      );
    }
    position += group.length;
  }
  return lines;
}

/**
 * Draws the merit profile of the candidates in French, best-ranked first, as an SVG document. The
 * title gives the number of ballots, taken from the first candidate's histogram.
 */
export function orsayChartSvg(ranking: Ranking, tallies: readonly (readonly bigint[])[]): string {
  const ballotCount = (tallies[0] ?? []).reduce((sum, count) => sum + count, 0n);
  return meritProfileSvg({
    title: orsayChartTitle(Number(ballotCount)),
    options: ORSAY_CANDIDATES.map((label, candidate) => ({ label, tally: [...tallies[candidate]] })),
    order: ranking.groups.flat(),
    gradeLabels: gradeLabels(ORSAY_GRADE_COUNT, "fr"),
    lang: "fr",
  });
}
