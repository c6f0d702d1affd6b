/**
 * Majority judgment (Balinski and Laraki) on histograms of grades, with bigint counts. It ranks as the
 * contracts' MajorityJudgment library does, except on options with different totals (see {@link rank}),
 * and is written separately from it, to cross-check the contracts and to rank published results off
 * chain.
 *
 * `tallies[i][g]` is the weight of grade `g` given to option `i`, grade 0 being the worst. An
 * option's majority grade is the lower median of its grades. Options with the same majority grade
 * are ordered by their majority values: the grades that repeated removal of the lower median takes,
 * compared in that order until they differ.
 *
 * A voter who grades some options and not others gives the worst grade to the others, so options
 * with smaller totals are first brought to the largest total by adding the missing weight to grade 0.
 * After that, two options tie only when their histograms are identical.
 */

/** Largest count or total weight per option that the contracts can hold: 2^256 - 1, the maximum uint256. */
export const MAX_TOTAL = 2n ** 256n - 1n;

/** Options ranked best first. Each group contains options that tie, in index order. */
export interface Ranking {
  groups: number[][];
}

/** One case of the input of `mj:rank`: the histograms of its options, and its number of grades when given. */
export interface RankCase {
  grades?: number;
  tallies: bigint[][];
}

/** Error for histograms that cannot be ranked, naming the value at fault and what is expected. */
export class InvalidTalliesError extends Error {
  override name = "InvalidTalliesError";
}

/**
 * Returns the majority grade of one option: the lower median of its grades, or 0 when its histogram
 * has no weight. The histogram is taken as it is, with no padding.
 *
 * @throws InvalidTalliesError when the histogram has no grades, when a count is not a bigint of at
 * least 0, or when the counts add up to more than {@link MAX_TOTAL}.
 */
export function majorityGrade(histogram: readonly bigint[]): number {
  const total = checkHistogram(histogram, "histogram");
  if (total === 0n) return 0;
  return gradeAt(histogram, (total - 1n) / 2n);
}

/**
 * Compares two options by majority judgment. Returns 1 when `a` ranks above `b`, -1 when below and
 * 0 when they tie, as the contracts' `compare` does.
 *
 * When the totals differ, the option with the smaller total gets the difference at grade 0.
 * {@link rank} instead pads every option to the largest total among all options, which can reverse
 * the order of two options that a third one outweighs.
 *
 * @throws InvalidTalliesError as {@link rank} does, naming the histograms `a` and `b`.
 */
export function compareOptions(a: readonly bigint[], b: readonly bigint[]): -1 | 0 | 1 {
  const totalA = checkHistogram(a, "a");
  const totalB = checkHistogram(b, "b");
  if (b.length !== a.length) {
    throw new InvalidTalliesError(
      `b has ${gradeCount(b.length)} where a has ${gradeCount(a.length)}: give both options one count per grade, ` +
        "0 for a grade that nobody gave.",
    );
  }
  const total = totalA > totalB ? totalA : totalB;
  return compareAtTotal(padTo(a, totalA, total), padTo(b, totalB, total), total);
}

/**
 * Ranks options by majority judgment, best first, with tied options grouped in index order.
 *
 * @throws InvalidTalliesError when there are no options or an option has no grades, when the
 * options do not all have the same number of grades, when a count is not a bigint of at least 0,
 * or when an option's counts add up to more than {@link MAX_TOTAL}.
 */
export function rank(tallies: readonly (readonly bigint[])[]): Ranking {
  const totals = checkTallies(tallies, "tallies");

  // NOTE: Padding to the largest total, as the contracts' library does, assumes that some option was
  // graded by every voter: when each option was skipped by someone, pass tallies already padded to
  // the number of voters.
  const total = totals.reduce((largest, current) => (current > largest ? current : largest), 0n);
  const histograms = tallies.map((histogram, option) => padTo(histogram, totals[option], total));

  // Array.prototype.sort is stable, so tied options stay in index order.
  const order = histograms.map((_, option) => option);
  order.sort((first, second) => compareAtTotal(histograms[second], histograms[first], total));

  const groups: number[][] = [];
  for (const option of order) {
    const group = groups.at(-1);
    if (group !== undefined && compareAtTotal(histograms[group[0]], histograms[option], total) === 0) {
      group.push(option);
    } else {
      groups.push([option]);
    }
  }
  return { groups };
}

/**
 * Converts the output of the contracts' `rank` to a {@link Ranking}.
 *
 * @throws Error when the two lists differ in length or the first option is marked as tied with a
 * previous one.
 */
export function rankingFromOrder(order: readonly bigint[], tiedWithPrevious: readonly boolean[]): Ranking {
  if (order.length !== tiedWithPrevious.length) {
    throw new Error(`The ranker returned ${order.length} options but ${tiedWithPrevious.length} tie flags.`);
  }
  if (tiedWithPrevious[0] === true) throw new Error("The ranker marked its first option as tied with a previous one.");

  const groups: number[][] = [];
  order.forEach((option, position) => {
    if (tiedWithPrevious[position]) groups[groups.length - 1].push(Number(option));
    else groups.push([Number(option)]);
  });
  return { groups };
}

/** Returns the ranking as JSON: a lone option as its index, tied options as a list of indices. */
export function rankingToJson(ranking: Ranking): (number | number[])[] {
  return ranking.groups.map((group) => (group.length === 1 ? group[0] : [...group]));
}

/**
 * Returns the winner's index, or the indices of the options tied for first place, when several are.
 *
 * @throws Error when the ranking has no options.
 */
export function winnerOf(ranking: Ranking): number | number[] {
  const first = ranking.groups[0];
  if (first === undefined || first.length === 0) throw new Error("The ranking has no options, so it has no winner.");
  return first.length === 1 ? first[0] : [...first];
}

/**
 * Reads ranking cases from parsed JSON: either one case `{"tallies": [[...], ...], "grades": n}`, where
 * `grades` is optional, or several as `{"cases": [case, ...]}`. Other fields, such as a case's name
 * or expected result, are ignored.
 *
 * A count is a JSON number up to 2^53 - 1 or a string of decimal digits, which is exact for any count
 * up to 2^256 - 1. A JSON number beyond 2^53 - 1 has already lost precision, so it is rejected.
 *
 * @throws InvalidTalliesError naming the case and the value at fault, and what is expected.
 */
export function parseRankCases(json: unknown): RankCase[] {
  if (!isRecord(json)) {
    throw new InvalidTalliesError(
      `expected a JSON object, {"tallies": [[...], ...]} for one case or {"cases": [...]} for several, but the ` +
        `input contains ${describe(json)}.`,
    );
  }
  if (json.cases === undefined) return [parseCase(json, "")];

  if (json.tallies !== undefined) {
    throw new InvalidTalliesError(
      'the input has both "cases" and "tallies": give one case as {"tallies": ...} or several as {"cases": [...]}.',
    );
  }
  if (!Array.isArray(json.cases) || json.cases.length === 0) {
    throw invalid("cases", json.cases, 'a list of at least one case, each {"tallies": [[...], ...]}');
  }
  return json.cases.map((item, index) => parseCase(item, `cases[${index}]`));
}

// Validation

/** Checks every histogram and their shape, and returns each option's total. */
function checkTallies(tallies: readonly (readonly bigint[])[], path: string): bigint[] {
  if (!Array.isArray(tallies) || tallies.length === 0) {
    throw invalid(path, tallies, "at least one option, each a list of counts per grade, worst grade first");
  }
  const totals = tallies.map((histogram, option) => checkHistogram(histogram, `${path}[${option}]`));
  const grades = tallies[0].length;
  tallies.forEach((histogram, option) => {
    if (histogram.length !== grades) {
      throw new InvalidTalliesError(
        `${path}[${option}] has ${gradeCount(histogram.length)} where ${path}[0] has ${gradeCount(grades)}: give ` +
          "every option one count per grade, 0 for a grade that nobody gave.",
      );
    }
  });
  return totals;
}

/** Checks one histogram and returns its total. */
function checkHistogram(histogram: readonly bigint[], path: string): bigint {
  if (!Array.isArray(histogram)) throw invalid(path, histogram, "a list of counts, one per grade, worst grade first");
  if (histogram.length === 0) {
    throw new InvalidTalliesError(
      `${path} has no grades: give one count per grade, worst grade first, such as [3, 0, 5].`,
    );
  }
  let total = 0n;
  histogram.forEach((count: unknown, grade) => {
    const countPath = `${path}[${grade}]`;
    if (typeof count !== "bigint") throw invalid(countPath, count, "a whole number as a bigint, such as 3n");
    if (count < 0n) {
      throw new InvalidTalliesError(`${countPath} is ${count}: a count cannot be negative, so give 0 or more.`);
    }
    total += count;
  });
  if (total > MAX_TOTAL) {
    throw new InvalidTalliesError(
      `${path} adds up to ${total}, more than 2^256 - 1, the largest total that the contracts can count: check ` +
        "the counts.",
    );
  }
  return total;
}

// Comparison

/** Returns a copy of `histogram` that adds up to `total`, with the missing weight at grade 0. */
function padTo(histogram: readonly bigint[], own: bigint, total: bigint): bigint[] {
  const padded = [...histogram];
  padded[0] += total - own;
  return padded;
}

/** Returns the grade of the judgment at `position` (from 0) when the judgments are sorted worst first. */
function gradeAt(histogram: readonly bigint[], position: bigint): number {
  let cumulative = 0n;
  for (let grade = 0; grade < histogram.length; grade++) {
    cumulative += histogram[grade];
    if (cumulative > position) return grade;
  }
  throw new RangeError(`Position ${position} is past the last of ${cumulative} judgments.`);
}

/**
 * Compares two histograms that both add up to `total`.
 *
 * With each option's judgments sorted worst first, repeated removal of the lower median takes the
 * positions in a fixed order (see {@link removalIndex}). So the first position in that order where
 * the two sorted lists differ decides, and the option with the better grade there ranks above. The
 * loop walks both lists in runs of positions where neither changes grade, which takes at most
 * 2 x grades steps, whatever the counts.
 */
function compareAtTotal(a: readonly bigint[], b: readonly bigint[], total: bigint): -1 | 0 | 1 {
  let earliest: bigint | undefined;
  let result: -1 | 0 | 1 = 0;

  let gradeA = -1;
  let gradeB = -1;
  let endA = 0n;
  let endB = 0n;
  let start = 0n;
  while (start < total) {
    // Step to the grade at `start`. Both histograms add up to `total`, so neither runs out first.
    while (endA <= start) endA += a[++gradeA];
    while (endB <= start) endB += b[++gradeB];
    const end = endA < endB ? endA : endB;

    if (gradeA !== gradeB) {
      const removal = firstRemovalIn(start, end - 1n, total);
      if (earliest === undefined || removal < earliest) {
        earliest = removal;
        result = gradeA > gradeB ? 1 : -1;
      }
    }
    start = end;
  }
  return result;
}

/** Returns the earliest step of {@link removalIndex} among positions `first` to `last`. */
function firstRemovalIn(first: bigint, last: bigint, total: bigint): bigint {
  const median = (total - 1n) / 2n;
  if (last < median) return removalIndex(last, total);
  if (first > median) return removalIndex(first, total);
  return 0n;
}

/**
 * Returns the step at which repeated removal of the lower median takes the judgment at `position` of
 * `total` sorted judgments: 0 for the lower median, 1 for the next one, and so on.
 *
 * The removed positions always form one block around the lower median. When an even number of
 * judgments remain, as many lie below the block as above it, so the lower median is the highest one
 * below. When an odd number remain, one more lies above, so the lower median is the lowest one above.
 * So from an odd total the order is median, below, above, below... and from an even total it is
 * median, above, below, above...
 */
function removalIndex(position: bigint, total: bigint): bigint {
  const median = (total - 1n) / 2n;
  if (position === median) return 0n;

  const below = position < median;
  const distance = below ? median - position : position - median;
  const oddTotal = total % 2n === 1n;
  return below === oddTotal ? 2n * distance - 1n : 2n * distance;
}

// JSON input

function parseCase(value: unknown, path: string): RankCase {
  const prefix = path === "" ? "" : `${path}.`;
  if (!isRecord(value)) throw invalid(path, value, 'an object {"tallies": [[...], ...]}');

  const grades = value.grades === undefined ? undefined : parseGradeCount(value.grades, `${prefix}grades`);
  const rows = value.tallies;
  if (!Array.isArray(rows)) {
    throw invalid(`${prefix}tallies`, rows, "a list of options, each a list of counts per grade, worst grade first");
  }
  const tallies = rows.map((row: unknown, option) => {
    const rowPath = `${prefix}tallies[${option}]`;
    if (!Array.isArray(row)) throw invalid(rowPath, row, "a list of counts, one per grade, worst grade first");
    return row.map((count: unknown, grade) => parseCount(count, `${rowPath}[${grade}]`));
  });
  checkTallies(tallies, `${prefix}tallies`);

  if (grades === undefined) return { tallies };
  if (tallies[0].length !== grades) {
    throw new InvalidTalliesError(
      `${prefix}grades is ${grades} but each option in ${prefix}tallies has ${gradeCount(tallies[0].length)}: give ` +
        'one count per grade, or correct "grades".',
    );
  }
  return { grades, tallies };
}

function parseGradeCount(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw invalid(path, value, "the number of grades, a whole number of at least 1");
  }
  return value;
}

function parseCount(value: unknown, path: string): bigint {
  if (typeof value === "string") {
    if (/^[0-9]+$/.test(value)) return BigInt(value);
    throw invalid(path, value, 'a count of 0 or more, written with decimal digits only, such as "42"');
  }
  if (typeof value !== "number") throw invalid(path, value, 'a count: a JSON number or a decimal string, such as "42"');
  if (!Number.isInteger(value)) throw invalid(path, value, "a whole number");
  if (value < 0) throw new InvalidTalliesError(`${path} is ${value}: a count cannot be negative, so give 0 or more.`);
  if (!Number.isSafeInteger(value)) {
    throw new InvalidTalliesError(
      `${path} is ${value}, more than 2^53 - 1, so the JSON number has lost precision: write the count as a ` +
        'decimal string in quotes, such as "9007199254740993".',
    );
  }
  return BigInt(value);
}

function gradeCount(count: number): string {
  return count === 1 ? "1 grade" : `${count} grades`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(path: string, value: unknown, expected: string): InvalidTalliesError {
  const subject = path === "" ? "the input" : path;
  return new InvalidTalliesError(`${subject} is ${describe(value)}: expected ${expected}.`);
}

/** Maximum length of a value quoted in an error message, in characters. */
const MAX_QUOTED_LENGTH = 60;

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value === "number") return String(value);
  if (typeof value === "bigint") return `${value}n`;
  const text =
    JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? `${item}n` : item)) ?? String(value);
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
}
