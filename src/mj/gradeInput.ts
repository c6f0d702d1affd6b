import { LANGS, gradeLabels } from "./grades";

/** The proposal that a list of grades is for. */
export interface GradeListContext {
  /** Options that a ballot grades, counting the status quo. */
  optionCount: number;
  /** Grades on the proposal's scale. */
  gradeCount: number;
  /** Whether the last option is the status quo, which an error on the number of grades mentions. */
  statusQuo: boolean;
}

/** Error for a list of grades that does not fit the proposal, naming the grade at fault. */
export class InvalidGradesError extends Error {
  override name = "InvalidGradesError";
}

/**
 * Parses a comma-separated list of grades, one per option in option order, such as `5,3,0`,
 * `Excellent,Good,Reject` or `Très bien,Assez bien,À rejeter`. Each grade is its index on the
 * scale (0 the worst) or its label in English or French from {@link gradeLabels}, matched without
 * regard to letter case or extra spaces. Indices and words can be mixed.
 *
 * @throws InvalidGradesError naming the grade at fault and listing the accepted ones, or giving
 * the number of options when the count differs.
 */
export function parseGrades(text: string, context: GradeListContext): number[] {
  const items = text.split(",").map((item) => item.trim());
  if (items.length !== context.optionCount) {
    const lastIsStatusQuo = context.statusQuo ? ", the last being the status quo" : "";
    throw new InvalidGradesError(
      `got ${items.length} grade${items.length === 1 ? "" : "s"}, but the proposal has ${context.optionCount} ` +
        `options${lastIsStatusQuo}: give one grade per option, in option order, separated by commas.`,
    );
  }
  return items.map((item, option) => parseGrade(item, option, context.gradeCount));
}

/** Describes the grades that {@link parseGrades} accepts on a scale of `gradeCount` grades. */
export function acceptedGrades(gradeCount: number): string {
  const words = LANGS.map((lang) => `${gradeLabels(gradeCount, lang).join(", ")} (${lang})`);
  return `a number from 0 to ${gradeCount - 1}, or one of ${words.join(" or ")}, worst first`;
}

/**
 * Parses the grade `item` of option `option` as {@link parseGrades} reads each item of its list.
 *
 * @throws InvalidGradesError naming the grade and option at fault and listing the accepted grades.
 */
export function parseGrade(item: string, option: number, gradeCount: number): number {
  if (/^[0-9]+$/.test(item)) {
    const grade = Number(item);
    if (grade < gradeCount) return grade;
    throw invalidGrade(item, option, gradeCount, `it is above the best grade, ${gradeCount - 1}`);
  }
  const key = normalize(item);
  const matches = new Set<number>();
  for (const lang of LANGS) {
    gradeLabels(gradeCount, lang).forEach((label, grade) => {
      if (normalize(label) === key) matches.add(grade);
    });
  }
  if (matches.size === 1) return [...matches][0];
  if (matches.size > 1) {
    throw invalidGrade(item, option, gradeCount, `it names grades ${[...matches].join(" and ")} on this scale`);
  }
  throw invalidGrade(item, option, gradeCount, item === "" ? "it is empty" : "it is not on the scale");
}

function invalidGrade(item: string, option: number, gradeCount: number, problem: string): InvalidGradesError {
  return new InvalidGradesError(
    `the grade ${JSON.stringify(item)} of option ${option} is invalid because ${problem}: ` +
      `expected ${acceptedGrades(gradeCount)}.`,
  );
}

/** Folds letter case and runs of spaces, and composes accents, so "TRÈS  bien" matches "Très bien". */
function normalize(text: string): string {
  return text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
}
