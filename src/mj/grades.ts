/** Language of the words in grade labels and majority-judgment texts. */
export type Lang = "en" | "fr";

/** Languages that {@link parseLang} accepts, in the order its error message lists them. */
export const LANGS: readonly Lang[] = ["en", "fr"];

/** Number of grades on the default scale, from Reject (index 0) to Excellent (index 5). */
export const DEFAULT_GRADE_COUNT = 6;

/** Minimum number of grades on a scale, because a ballot with a single grade expresses no judgment. */
export const MIN_GRADES = 2;

/** Maximum number of grades on a scale, so that the chart's colours from red to green stay distinct. */
export const MAX_GRADES = 16;

/** Words of the default scale, worst first. */
const DEFAULT_WORDS: Record<Lang, readonly string[]> = {
  en: ["Reject", "Poor", "Acceptable", "Good", "Very good", "Excellent"],
  fr: ["À rejeter", "Insuffisant", "Passable", "Assez bien", "Bien", "Très bien"],
};

/** Words of the seven-grade scale, worst first, from which scales of 3, 4, 5 and 7 grades take theirs. */
const SEVEN_WORDS: Record<Lang, readonly string[]> = {
  en: ["Reject", "Poor", "Fair", "Acceptable", "Good", "Very good", "Excellent"],
  fr: ["À rejeter", "Insuffisant", "Passable", "Assez bien", "Bien", "Très bien", "Excellent"],
};

/** Indices into {@link SEVEN_WORDS} for each scale that picks from it, chosen to keep the ends and stay symmetric. */
const SEVEN_WORD_PICKS: Readonly<Record<number, readonly number[]>> = {
  3: [0, 3, 6],
  4: [0, 2, 4, 6],
  5: [0, 1, 3, 5, 6],
  7: [0, 1, 2, 3, 4, 5, 6],
};

/** Words of the two-grade scale, which is a yes/no vote, worst first. */
const TWO_WORDS: Record<Lang, readonly string[]> = {
  en: ["Reject", "Accept"],
  fr: ["À rejeter", "Accepter"],
};

/** Word for a numbered grade on scales of 8 grades or more, followed by the grade's position from 1. */
const NUMBERED_GRADE_WORD: Record<Lang, string> = { en: "Grade", fr: "Note" };

/**
 * Returns the labels of a scale of `count` grades in `lang`, worst first, so that label `i` names
 * grade index `i`.
 *
 * - 2 grades: Reject, Accept (À rejeter, Accepter).
 * - 6 grades, the default: Reject, Poor, Acceptable, Good, Very good, Excellent (À rejeter,
 *   Insuffisant, Passable, Assez bien, Bien, Très bien).
 * - 3, 4, 5 and 7 grades: words picked from Reject, Poor, Fair, Acceptable, Good, Very good,
 *   Excellent (À rejeter, Insuffisant, Passable, Assez bien, Bien, Très bien, Excellent), always
 *   with both ends.
 * - 8 to 16 grades: Reject, then "Grade 2" to "Grade N-1" ("Note 2"…), then Excellent.
 *
 * Every call returns a new array, which the caller may change.
 *
 * @throws Error naming the value when `count` is not a whole number from {@link MIN_GRADES} to
 * {@link MAX_GRADES}.
 */
export function gradeLabels(count: number, lang: Lang): string[] {
  if (!Number.isInteger(count) || count < MIN_GRADES || count > MAX_GRADES) {
    throw new Error(
      `Invalid grade count ${count}: expected a whole number from ${MIN_GRADES} to ${MAX_GRADES}, ` +
        `such as ${DEFAULT_GRADE_COUNT} for the default scale.`,
    );
  }

  if (count === 2) return [...TWO_WORDS[lang]];
  if (count === DEFAULT_GRADE_COUNT) return [...DEFAULT_WORDS[lang]];

  const picks = SEVEN_WORD_PICKS[count];
  if (picks !== undefined) return picks.map((index) => SEVEN_WORDS[lang][index]);

  const words = SEVEN_WORDS[lang];
  const labels = [words[0]];
  for (let position = 2; position < count; position++) {
    labels.push(`${NUMBERED_GRADE_WORD[lang]} ${position}`);
  }
  labels.push(words[words.length - 1]);
  return labels;
}

/**
 * Parses a language code, "en" or "fr" in any letter case.
 *
 * @throws Error naming the value and the accepted codes when `text` is neither.
 */
export function parseLang(text: string): Lang {
  const code = text.toLowerCase();
  const lang = LANGS.find((candidate) => candidate === code);
  if (lang === undefined) {
    const accepted = LANGS.map((candidate) => JSON.stringify(candidate)).join(" or ");
    throw new Error(`Invalid language ${JSON.stringify(text)}: expected ${accepted}.`);
  }
  return lang;
}
