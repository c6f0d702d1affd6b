import { readFileSync } from "node:fs";
import path from "node:path";

import { ROOT } from "./node";

/**
 * Majority-judgment cases from published examples (Wikipedia, the MieuxVoter libraries, Balinski and
 * Laraki's book, Fabre 2021 and the 2007 Orsay experiment), with the expected results that the file's
 * `expected_values_from` field credits. Every case has equal totals: missing judgments are at grade 0.
 */
export const PUBLIC_VECTORS_FILE = path.join(ROOT, "test", "data", "mj-vectors-public.json");

/** One published case, with its counts as bigints. */
export interface MajorityJudgmentVector {
  name: string;
  grades: number;
  tallies: bigint[][];
  /** Option indices best first, a tied group as a list of indices. */
  expectedRanking: (number | number[])[];
  /** The first entry of `expectedRanking`. */
  expectedWinner: number | number[];
}

interface VectorFile {
  cases: {
    name: string;
    grades: number;
    tallies: number[][];
    expected_ranking: (number | number[])[];
    expected_winner: number | number[];
  }[];
}

/** Reads the published cases from {@link PUBLIC_VECTORS_FILE}. */
export function loadPublicVectors(): MajorityJudgmentVector[] {
  const file = JSON.parse(readFileSync(PUBLIC_VECTORS_FILE, "utf8")) as VectorFile;
  return file.cases.map((vector) => ({
    name: vector.name,
    grades: vector.grades,
    tallies: vector.tallies.map((row) => row.map((count) => BigInt(count))),
    expectedRanking: vector.expected_ranking,
    expectedWinner: vector.expected_winner,
  }));
}
