import type { Lang } from "./grades";
import { formatPercent } from "./percent";

/**
 * Majority grade of one option and the ballots on either side of it, from which majority judgment
 * breaks ties. All counts are numbers of ballots.
 */
export interface MajorityGauge {
  /** Index of the majority grade, 0 being the worst grade. */
  grade: number;
  /** Ballots that give a grade strictly above the majority grade. */
  above: bigint;
  /** Ballots that give a grade strictly below the majority grade. */
  below: bigint;
  /** All ballots counted for the option. */
  total: bigint;
}

/** Sign of a gauge: "+" when more ballots are above the majority grade than below, else "−" (U+2212). */
const PLUS_SIGN = "+";
const MINUS_SIGN = "\u2212";

/** Words of {@link describeOption}, with the grade label, sign and percentages filled in. */
const DESCRIPTION: Record<Lang, (label: string, sign: string, above: string, below: string) => string> = {
  en: (label, sign, above, below) => `${label} (${sign}) — ${above} above ${label}, ${below} below`,
  // French elides "de" before a vowel ("d'Assez bien"), so the grade is not repeated after it.
  fr: (label, sign, above, below) => `${label} (${sign}) — ${above} au-dessus de cette mention, ${below} en dessous`,
};

/** Text that stands for the majority grade of an option that no ballot graded. */
export const NO_BALLOT_TEXT: Readonly<Record<Lang, string>> = { en: "No ballot", fr: "Aucun bulletin" };

/**
 * Returns the majority grade of a histogram: the lower median of its ballots' grades.
 *
 * `histogram[i]` is the number of ballots that give grade `i`, worst grade first. With an even
 * number of ballots the lower of the two middle grades is taken, as majority judgment does. A
 * histogram with no ballot, including the empty array, gives 0.
 *
 * @throws Error naming the grade when a count is negative.
 */
export function majorityGrade(histogram: readonly bigint[]): number {
  const total = histogramTotal(histogram);

  // The lower median is the first grade at which the ballots graded so far reach half of all ballots.
  let counted = 0n;
  for (let grade = 0; grade < histogram.length; grade++) {
    counted += histogram[grade];
    if (total > 0n && 2n * counted >= total) return grade;
  }
  return 0;
}

/**
 * Returns the majority grade of a histogram with the ballots strictly above and strictly below it.
 * See {@link majorityGrade} for the histogram's form.
 *
 * @throws Error naming the grade when a count is negative.
 */
export function majorityGauge(histogram: readonly bigint[]): MajorityGauge {
  const total = histogramTotal(histogram);
  const grade = majorityGrade(histogram);

  let below = 0n;
  for (let lower = 0; lower < grade; lower++) below += histogram[lower];
  const above = total - below - (histogram[grade] ?? 0n);
  return { grade, above, below, total };
}

/**
 * Describes an option's majority grade and gauge in one line of `lang`, such as
 * `Good (+) — 42% above Good, 31% below` or
 * `Assez bien (+) — 42 % au-dessus de cette mention, 31 % en dessous`.
 *
 * The sign is "+" when more ballots are above the majority grade than below it, and "−" otherwise,
 * ties included. Percentages are shares of all ballots, rounded down to one decimal as
 * {@link formatPercent} writes them. An option that no ballot graded is described by
 * {@link NO_BALLOT_TEXT}.
 *
 * @param labels Grade labels, worst first, one for each entry of `histogram`.
 * @throws Error naming the values when `labels` and `histogram` differ in length, or when a count is
 * negative.
 */
export function describeOption(histogram: readonly bigint[], labels: readonly string[], lang: Lang): string {
  if (labels.length !== histogram.length) {
    throw new Error(
      `Invalid grade labels: the histogram has ${histogram.length} grades but ${labels.length} labels were ` +
        "given. Pass one label per grade, such as gradeLabels(histogram.length, lang).",
    );
  }

  const { grade, above, below, total } = majorityGauge(histogram);
  if (total === 0n) return NO_BALLOT_TEXT[lang];

  const sign = above > below ? PLUS_SIGN : MINUS_SIGN;
  return DESCRIPTION[lang](labels[grade], sign, formatPercent(above, total, lang), formatPercent(below, total, lang));
}

/** Sums the counts of a histogram after checking that none is negative. */
function histogramTotal(histogram: readonly bigint[]): bigint {
  let total = 0n;
  for (let grade = 0; grade < histogram.length; grade++) {
    const count = histogram[grade];
    if (count < 0n) {
      throw new Error(
        `Invalid histogram: the count ${count} of grade ${grade} is negative. ` +
          "Each count is a number of ballots, 0 or more.",
      );
    }
    total += count;
  }
  return total;
}
