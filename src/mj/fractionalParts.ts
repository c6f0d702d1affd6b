/** The proposal and voter that a fractional ballot is for. */
export interface PartsContext {
  /** Options that a ballot grades, counting the status quo. */
  optionCount: number;
  /** Grades on the proposal's scale. */
  gradeCount: number;
  /** The voter's weight at the snapshot, which each option's parts must add up to; unchecked when undefined. */
  weight?: bigint;
}

/** Error for a fractional ballot that does not fit the proposal, naming the entry at fault. */
export class InvalidPartsError extends Error {
  override name = "InvalidPartsError";
}

/** Largest integer that a JSON number carries exactly. Larger parts must be written as strings. */
const MAX_JSON_INTEGER = Number.MAX_SAFE_INTEGER;

const MAX_UINT256 = 2n ** 256n - 1n;

/**
 * Reads a fractional ballot from parsed JSON: a matrix with one row per option, in option order,
 * and one column per grade, worst first, such as `[[0, 2, 1], ["3", "0", "0"]]`. `parts[i][g]` is
 * the weight that goes to grade `g` of option `i`. Each part is a whole number, written as a JSON
 * integer or a decimal string. When the context gives the voter's weight, each row must add up to
 * it exactly, as the governor requires.
 *
 * @throws InvalidPartsError naming the row or entry at fault, its value and what is expected.
 */
export function parseParts(value: unknown, context: PartsContext): bigint[][] {
  const shape = `${context.optionCount} rows (one per option) of ${context.gradeCount} parts (one per grade, worst first)`;
  if (!Array.isArray(value)) {
    throw new InvalidPartsError(`expected a JSON list of ${shape}, but the file contains ${describe(value)}.`);
  }
  if (value.length !== context.optionCount) {
    throw new InvalidPartsError(
      `the file has ${value.length} rows, but the proposal has ${context.optionCount} options: give ${shape}.`,
    );
  }
  return value.map((row: unknown, option) => parseRow(row, option, context));
}

function parseRow(row: unknown, option: number, context: PartsContext): bigint[] {
  if (!Array.isArray(row) || row.length !== context.gradeCount) {
    throw new InvalidPartsError(
      `parts[${option}] is ${describe(row)}: expected a JSON list of ${context.gradeCount} parts, ` +
        `one per grade of the scale, worst first.`,
    );
  }
  const parts = row.map((part: unknown, grade) => parsePart(part, `parts[${option}][${grade}]`));
  const sum = parts.reduce((total, part) => total + part, 0n);
  if (context.weight !== undefined && sum !== context.weight) {
    throw new InvalidPartsError(
      `parts[${option}] adds up to ${sum}, but the voter's weight at the snapshot is ${context.weight}: ` +
        "the parts of each option must add up to the weight exactly.",
    );
  }
  return parts;
}

function parsePart(value: unknown, path: string): bigint {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) {
    if (value > MAX_JSON_INTEGER) {
      throw new InvalidPartsError(
        `${path} is ${value}, a JSON number too large to be exact: write it as a decimal string.`,
      );
    }
    return BigInt(value);
  }
  if (typeof value === "string" && /^[0-9]+$/.test(value) && BigInt(value) <= MAX_UINT256) {
    return BigInt(value);
  }
  throw new InvalidPartsError(
    `${path} is ${describe(value)}: expected a whole number of weight, 0 or more, as a JSON integer or a decimal string such as "2".`,
  );
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  return JSON.stringify(value) ?? String(value);
}
