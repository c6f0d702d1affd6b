import { readFileSync } from "node:fs";
import path from "node:path";

/** Root of the repository. */
const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Folder of the Orsay 2007 ballots, outside the repository: `../shared/data/orsay-2007` from its root,
 * the same layout locally and in CI. The ballots are read at run time and never copied into the repository.
 */
export const ORSAY_DATA_DIR = path.resolve(ROOT, "..", "shared", "data", "orsay-2007");

/** Published majority-judgment cases, with the tallies and expected ranking of the Orsay experiment. */
export const PUBLIC_VECTORS_FILE = path.resolve(ROOT, "..", "shared", "mj-vectors-public.json");

/** The ballot files of the three polling stations (bureaux 1, 6 and 12), in the order they are read. */
export const ORSAY_FILES = ["bureau_01.csv", "bureau_06.csv", "bureau_12.csv"] as const;

/** The twelve candidates of the 2007 French presidential election, in the column order of the files. */
export const ORSAY_CANDIDATES = [
  "Besancenot",
  "Buffet",
  "Schivardi",
  "Bayrou",
  "Bové",
  "Voynet",
  "de Villiers",
  "Royal",
  "Nihous",
  "Le Pen",
  "Laguiller",
  "Sarkozy",
] as const;

/** Number of grades on the scale of the replayed vote, from À rejeter (0) to Très bien (5). */
export const ORSAY_GRADE_COUNT = 6;

/** Highest grade written in the files: 6 is Très bien, and 0 is no opinion or a blank. */
const MAX_FILE_GRADE = 6;

/** Name of the published case whose tallies the three files add up to. */
const COMBINED_CASE_MARKERS = ["orsay", "1+6+12"] as const;

/** One ballot of the experiment, with grades already on the six-grade scale. */
export interface OrsayBallot {
  /** Ballot id from the file's first column, unique across the three files. */
  id: string;
  /** File the ballot comes from, such as `bureau_01.csv`. */
  file: string;
  /** Grade of each candidate in {@link ORSAY_CANDIDATES} order: 0 = À rejeter ... 5 = Très bien. */
  grades: number[];
}

/** The published tallies and ranking of one case of the public vectors file. */
export interface PublishedCase {
  name: string;
  /** `tallies[i][g]` is the number of ballots that gave grade `g` to candidate `i`. */
  tallies: bigint[][];
  /** Candidate indices best first, each group holding the candidates that tie. */
  ranking: number[][];
}

/**
 * Maps a grade as the files write it (0 to 6) to the six-grade scale. Majority judgment counts a
 * missing grade as the worst one, so 0 (no opinion or blank) and 1 (À rejeter) both give 0, and
 * 2 to 6 give 1 to 5.
 */
export function scaleGrade(fileGrade: number): number {
  return Math.max(fileGrade - 1, 0);
}

/**
 * Parses one ballot file: a header with an empty first cell and the candidates in
 * {@link ORSAY_CANDIDATES} order, then one ballot per line, its id followed by one grade from 0 to 6
 * per candidate.
 *
 * @param file Name that error messages give for the file.
 * @throws Error naming the file, the line number from 1 and the value at fault. The header may be
 * wrong, a line may have the wrong number of columns or an empty id, or a grade may not be a whole
 * number from 0 to 6.
 */
export function parseBallotCsv(text: string, file: string): OrsayBallot[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const columns = ORSAY_CANDIDATES.length + 1;
  const expectedHeader = ["", ...ORSAY_CANDIDATES].join(",");
  if (lines[0] !== expectedHeader) {
    throw new Error(
      `${file}, line 1: invalid header ${JSON.stringify(lines[0])}: expected ${JSON.stringify(expectedHeader)}.`,
    );
  }

  const ballots: OrsayBallot[] = [];
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index];
    if (line === "") continue;
    const where = `${file}, line ${index + 1}`;
    const cells = line.split(",");
    if (cells.length !== columns) {
      throw new Error(
        `${where}: expected ${columns} columns (a ballot id and ${ORSAY_CANDIDATES.length} grades), ` +
          `but found ${cells.length} in ${JSON.stringify(line)}.`,
      );
    }
    const [id, ...gradeCells] = cells;
    if (id.trim() === "") throw new Error(`${where}: the ballot id in the first column is empty.`);
    const grades = gradeCells.map((cell, candidate) => {
      if (!/^[0-9]$/.test(cell) || Number(cell) > MAX_FILE_GRADE) {
        throw new Error(
          `${where}: invalid grade ${JSON.stringify(cell)} for ${ORSAY_CANDIDATES[candidate]}: ` +
            `expected a whole number from 0 to ${MAX_FILE_GRADE}.`,
        );
      }
      return scaleGrade(Number(cell));
    });
    ballots.push({ id, file, grades });
  }
  return ballots;
}

/**
 * Reads the ballots of the three polling stations from `directory`, in file order.
 *
 * @throws Error naming the file when it cannot be read, errors of {@link parseBallotCsv}, and an
 * error naming both places when a ballot id appears twice.
 */
export function readOrsayBallots(directory: string = ORSAY_DATA_DIR): OrsayBallot[] {
  const ballots: OrsayBallot[] = [];
  const seen = new Map<string, string>();
  for (const file of ORSAY_FILES) {
    const fullPath = path.join(directory, file);
    let text: string;
    try {
      text = readFileSync(fullPath, "utf8");
    } catch (error) {
      throw new Error(
        `Cannot read the Orsay ballots file ${fullPath}: ${(error as Error).message}. ` +
          "The data is expected in ../shared/data/orsay-2007 next to the repository.",
        { cause: error },
      );
    }
    for (const ballot of parseBallotCsv(text, file)) {
      const first = seen.get(ballot.id);
      if (first !== undefined) {
        throw new Error(`${file}: ballot id ${ballot.id} appears twice, first in ${first}. Ballot ids must be unique.`);
      }
      seen.set(ballot.id, file);
      ballots.push(ballot);
    }
  }
  return ballots;
}

/** Counts the ballots: `tallies[i][g]` is the number of ballots that gave grade `g` to candidate `i`. */
export function talliesOf(ballots: readonly OrsayBallot[]): bigint[][] {
  const tallies = ORSAY_CANDIDATES.map(() => new Array<bigint>(ORSAY_GRADE_COUNT).fill(0n));
  for (const ballot of ballots) {
    ballot.grades.forEach((grade, candidate) => {
      tallies[candidate][grade] += 1n;
    });
  }
  return tallies;
}

interface VectorCaseJson {
  name?: unknown;
  tallies?: unknown;
  expected_ranking?: unknown;
}

/**
 * Reads the published case of the three polling stations together (its name contains "orsay" and
 * "1+6+12") from the public vectors file.
 *
 * @throws Error naming the file when it cannot be read or parsed, when no case or several cases
 * match, or when the case's tallies or ranking are malformed.
 */
export function readPublishedOrsayCase(file: string = PUBLIC_VECTORS_FILE): PublishedCase {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read the published vectors ${file}: ${(error as Error).message}`, { cause: error });
  }

  const cases = (json as { cases?: unknown }).cases;
  if (!Array.isArray(cases)) throw new Error(`${file}: expected an object with a "cases" array.`);
  const matches = (cases as VectorCaseJson[]).filter(
    (entry) =>
      typeof entry.name === "string" &&
      COMBINED_CASE_MARKERS.every((marker) => (entry.name as string).toLowerCase().includes(marker)),
  );
  if (matches.length !== 1) {
    throw new Error(
      `${file}: expected exactly one case whose name contains ${COMBINED_CASE_MARKERS.map((m) => `"${m}"`).join(" and ")}, ` +
        `found ${matches.length}.`,
    );
  }

  const [match] = matches;
  const name = match.name as string;
  const tallies = match.tallies;
  const shapeOk =
    Array.isArray(tallies) &&
    tallies.length === ORSAY_CANDIDATES.length &&
    tallies.every(
      (row: unknown) =>
        Array.isArray(row) &&
        row.length === ORSAY_GRADE_COUNT &&
        row.every((count: unknown) => Number.isSafeInteger(count) && (count as number) >= 0),
    );
  if (!shapeOk) {
    throw new Error(
      `${file}, case "${name}": expected tallies of ${ORSAY_CANDIDATES.length} candidates with ` +
        `${ORSAY_GRADE_COUNT} counts each.`,
    );
  }

  const ranking = (Array.isArray(match.expected_ranking) ? match.expected_ranking : []).map((entry: unknown) =>
    Array.isArray(entry) ? entry.map(Number) : [Number(entry)],
  );
  const ranked = ranking.flat().sort((a, b) => a - b);
  if (ranked.length !== ORSAY_CANDIDATES.length || ranked.some((candidate, index) => candidate !== index)) {
    throw new Error(
      `${file}, case "${name}": expected_ranking must list each candidate index from 0 to ` +
        `${ORSAY_CANDIDATES.length - 1} once.`,
    );
  }

  return {
    name,
    tallies: (tallies as number[][]).map((row) => row.map((count) => BigInt(count))),
    ranking,
  };
}
