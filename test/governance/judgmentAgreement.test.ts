import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import fc from "fast-check";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { MajorityJudgmentRanker__factory, type MajorityJudgmentRanker } from "../../typechain-types";
import { UNDER_COVERAGE } from "../helpers/coverage";
import { testDescription } from "../helpers/governance";
import {
  MAX_COUNT,
  OUTCOMES,
  deployJudgmentFixture,
  plainOptions,
  type JudgmentFixture,
  type JudgmentSettings,
} from "../helpers/judgment";
import { ROOT } from "../helpers/node";

/**
 * The majority-judgment governor must rank exactly as the `MajorityJudgment` library does on the
 * histograms that its ballots build, and both must rank published examples as other
 * implementations did. One member with a large weight casts a single fractional ballot whose parts
 * are the histograms of a case, so every option of a case has the same total: the member's weight
 * at the snapshot.
 * Cases of the same scale, option count and total share a proposal, each ballot replacing the last.
 * An independent ranking in TypeScript, which removes median grades one by one, checks both.
 */

/**
 * Published majority-judgment examples, with the rankings computed by other implementations. The
 * file sits in the shared folder beside the repository.
 */
const VECTORS_PATH = path.resolve(ROOT, "..", "shared", "mj-vectors-public.json");

/**
 * Random runs, each of one to three ballots on one proposal, and the seed that makes them
 * repeatable. The 600 runs cast about 1,200 ballots on about 600 proposals, which took about 50 s
 * on the 2-core machine where this test was written. A coverage run needs every line, not every
 * kind of case, so it makes 20 runs.
 */
const RANDOM_RUNS = UNDER_COVERAGE ? 20 : 600;
const RANDOM_SEED = 20_240_611;

/** Minimum number of ballots that the random runs must cast, so that a change of the generator cannot thin them out. */
const MIN_RANDOM_CASES = 1_000;

/** Largest total that the TypeScript ranking handles: it costs one step per grade of each judgment. */
const LITERAL_RANKING_MAX_TOTAL = 5_000n;

/**
 * Gas limit of the test transactions, under the 2^24 cap of a transaction. Giving one skips the
 * gas estimate of ethers, which would run every transaction twice.
 */
const TRANSACTION_GAS_LIMIT = 16_000_000;

/** One case of the published vectors. */
interface Vector {
  name: string;
  grades: number;
  tallies: number[][];
  /** Option indices best first, tied options grouped in an array. */
  expected_ranking: (number | number[])[];
  /** The first entry of the ranking. */
  expected_winner: number | number[];
}

/** Histograms of one case: `rows[i][g]` is the weight of grade `g` given to option `i`. */
interface Histograms {
  gradeCount: number;
  total: bigint;
  rows: bigint[][];
}

/** The test cooperative with a ranker, and proposals that open at once, last long and need no quorum. */
interface AgreementFixture extends JudgmentFixture {
  ranker: MajorityJudgmentRanker;
  /** The member who casts every ballot. */
  voter: HardhatEthersSigner;
}

async function deployAgreementFixture(): Promise<AgreementFixture> {
  const fixture = await deployJudgmentFixture();
  const ranker = await new MajorityJudgmentRanker__factory(fixture.deployer).deploy();
  await fixture.judgmentByTimelock.setSettings(agreementSettings(6));
  return { ...fixture, ranker, voter: fixture.founders[1] };
}

/**
 * Returns the rules of the agreement proposals on `gradeCount` grades: voting opens in the next
 * block and lasts 2^32 - 1 seconds, with no quorum and no minimum grade.
 */
function agreementSettings(gradeCount: number): JudgmentSettings {
  return {
    votingDelay: 0n,
    votingPeriod: 2n ** 32n - 1n,
    quorumPercent: 0n,
    gradeCount: BigInt(gradeCount),
    minimumGrade: 0n,
    lateQuorumExtension: 0n,
  };
}

/**
 * Casts ballots of histograms, creating one proposal per scale, option count and total and
 * replacing the ballot on it for later cases.
 */
class BallotBox {
  private readonly proposals = new Map<string, bigint>();
  private weight = 1n;
  private gradeCount = 6;
  /** Ballots that replaced an earlier one. */
  replacements = 0;

  constructor(private readonly fixture: AgreementFixture) {}

  /** Casts `histograms` as the voter's fractional ballot and returns the proposal's id. */
  async cast(histograms: Histograms): Promise<bigint> {
    const key = `${histograms.gradeCount}/${histograms.rows.length}/${histograms.total}`;
    let id = this.proposals.get(key);
    if (id === undefined) {
      id = await this.propose(histograms);
      this.proposals.set(key, id);
    } else {
      this.replacements += 1;
    }
    await this.fixture.judgment
      .connect(this.fixture.voter)
      .castFractionalBallot(id, histograms.rows, { gasLimit: TRANSACTION_GAS_LIMIT });
    return id;
  }

  /** Gives the voter the case's total as weight, sets the scale, and proposes one option per row. */
  private async propose(histograms: Histograms): Promise<bigint> {
    const { judgment, judgmentByTimelock, byTimelock, voter, founders } = this.fixture;
    const gasLimit = { gasLimit: TRANSACTION_GAS_LIMIT };
    if (this.weight !== histograms.total) {
      await byTimelock.setWeight(voter.address, histograms.total, gasLimit);
      this.weight = histograms.total;
    }
    if (this.gradeCount !== histograms.gradeCount) {
      await judgmentByTimelock.setSettings(agreementSettings(histograms.gradeCount), gasLimit);
      this.gradeCount = histograms.gradeCount;
    }
    const options = plainOptions(histograms.rows.length);
    const description = testDescription(`Agreement case ${this.proposals.size}`);
    const id = await judgment.connect(founders[0]).propose.staticCall(options, false, description);
    await judgment.connect(founders[0]).propose(options, false, description, gasLimit);
    return id;
  }
}

/** Returns the total of one option's histogram. */
function totalOf(row: readonly bigint[]): bigint {
  return row.reduce((sum, count) => sum + count, 0n);
}

/** Returns the lower median of `row`, the majority grade. */
function majorityGrade(row: readonly bigint[]): number {
  const medianIndex = (totalOf(row) - 1n) / 2n;
  let cumulative = 0n;
  for (const [grade, count] of row.entries()) {
    cumulative += count;
    if (cumulative > medianIndex) return grade;
  }
  return 0;
}

/**
 * Returns the majority values of `row`: its lower median, then the lower median of what remains
 * once one judgment of that grade is removed, and so on until no judgment remains.
 */
function majorityValues(row: readonly bigint[]): number[] {
  const counts = row.map(Number);
  let remaining = counts.reduce((sum, count) => sum + count, 0);
  const values: number[] = [];
  while (remaining > 0) {
    const medianIndex = Math.floor((remaining - 1) / 2);
    let grade = 0;
    let cumulative = counts[0];
    while (cumulative <= medianIndex) {
      grade += 1;
      cumulative += counts[grade];
    }
    values.push(grade);
    counts[grade] -= 1;
    remaining -= 1;
  }
  return values;
}

/** Compares two sequences of majority values of equal length: positive when `a` ranks above `b`. */
function compareValues(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index += 1) {
    if (a[index] !== b[index]) return a[index] - b[index];
  }
  return 0;
}

/** Ranks options by their majority values, best first, tied options grouped in index order. */
function literalRanking(rows: readonly bigint[][]): number[][] {
  const values = rows.map(majorityValues);
  const order = rows.map((_, index) => index).sort((a, b) => compareValues(values[b], values[a]) || a - b);
  const groups: number[][] = [];
  for (const option of order) {
    const group = groups.at(-1);
    if (group !== undefined && compareValues(values[group[0]], values[option]) === 0) group.push(option);
    else groups.push([option]);
  }
  return groups;
}

/** Returns `ranking` with every entry as a group of options in index order. */
function groupRanking(ranking: readonly (number | number[])[]): number[][] {
  return ranking.map((entry) => (Array.isArray(entry) ? [...entry].sort((a, b) => a - b) : [entry]));
}

/** Returns the library's ranking, tied options grouped. */
async function libraryRanking(ranker: MajorityJudgmentRanker, rows: bigint[][]): Promise<number[][]> {
  const [order, tiedWithPrevious] = await ranker.rank(rows);
  const groups: number[][] = [];
  for (const [position, option] of order.entries()) {
    if (tiedWithPrevious[position]) groups[groups.length - 1].push(Number(option));
    else groups.push([Number(option)]);
  }
  return groups;
}

/**
 * Returns the histograms of a vector. The vectors' format counts a missing judgment as grade 0,
 * the worst, so an option with a smaller total gets the difference at grade 0.
 */
function vectorHistograms(vector: Vector): Histograms {
  const rows = vector.tallies.map((row) => row.map(BigInt));
  const total = rows.map(totalOf).reduce((largest, sum) => (sum > largest ? sum : largest), 0n);
  for (const row of rows) row[0] += total - totalOf(row);
  return { gradeCount: vector.grades, total, rows };
}

/** Reads the published vectors, or fails with the path where they were expected. */
function readVectors(): Vector[] {
  if (!existsSync(VECTORS_PATH)) {
    throw new Error(
      `Majority-judgment vectors not found at ${VECTORS_PATH}: put mj-vectors-public.json in the shared ` +
        "folder beside the repository.",
    );
  }
  const file = JSON.parse(readFileSync(VECTORS_PATH, "utf8")) as { count: number; cases: Vector[] };
  if (file.cases.length !== file.count) {
    throw new Error(`${VECTORS_PATH} lists ${file.cases.length} cases but declares ${file.count}: the file is cut.`);
  }
  return file.cases;
}

/** Orders two bigints for `Array.prototype.sort`, smallest first. */
function compareBigInts(a: bigint, b: bigint): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Returns the counts between consecutive `cuts`, points from 0 to `total` in any order. */
function rowFromCuts(cuts: bigint[], total: bigint): bigint[] {
  const sorted = [...cuts].sort(compareBigInts);
  const bounds = [0n, ...sorted, total];
  return bounds.slice(1).map((bound, index) => bound - bounds[index]);
}

/**
 * Generates one option's histogram of `total` on `gradeCount` grades. Cuts at 0, at the total and around
 * its half leave empty grades and put the median on the edge of a grade.
 */
function rowArbitrary(gradeCount: number, total: bigint): fc.Arbitrary<bigint[]> {
  const cut = fc.oneof(
    { weight: 3, arbitrary: fc.bigInt(0n, total) },
    { weight: 1, arbitrary: fc.constantFrom(0n, total, total / 2n, (total + 1n) / 2n) },
  );
  return fc
    .array(cut, { minLength: gradeCount - 1, maxLength: gradeCount - 1 })
    .map((cuts) => rowFromCuts(cuts, total));
}

/**
 * Generates histograms that differ from one base histogram by at most two judgments moved between two
 * grades: exact ties and differences that only the last majority values reveal.
 */
function nearTieArbitrary(optionCount: number, gradeCount: number, total: bigint): fc.Arbitrary<bigint[][]> {
  const move = fc.record({
    from: fc.integer({ min: 0, max: gradeCount - 1 }),
    to: fc.integer({ min: 0, max: gradeCount - 1 }),
    amount: fc.bigInt(0n, 2n),
  });
  return fc
    .tuple(rowArbitrary(gradeCount, total), fc.array(move, { minLength: optionCount, maxLength: optionCount }))
    .map(([base, moves]) =>
      moves.map(({ from, to, amount }) => {
        const row = [...base];
        const moved = amount < row[from] ? amount : row[from];
        row[from] -= moved;
        row[to] += moved;
        return row;
      }),
    );
}

/**
 * Totals: small ones, where medians fall between grades and ties are frequent, odd and even ones,
 * and large ones up to the width of a count.
 */
const totalArbitrary = fc.oneof(
  { weight: 4, arbitrary: fc.bigInt(1n, 12n) },
  { weight: 2, arbitrary: fc.bigInt(13n, 1_000n) },
  { weight: 2, arbitrary: fc.bigInt(1n, MAX_COUNT) },
  { weight: 1, arbitrary: fc.constantFrom(MAX_COUNT, MAX_COUNT - 1n, 2n ** 63n, 2n ** 63n - 1n, 2n ** 32n + 1n) },
);

/** Option counts from 2 to 32, often small so that cases share proposals. */
const optionCountArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 2, max: 4 }) },
  { weight: 3, arbitrary: fc.integer({ min: 2, max: 32 }) },
  { weight: 1, arbitrary: fc.constant(32) },
);

/**
 * Cases that share a scale, an option count and a total: the first ballot on their proposal and
 * up to two ballots that replace it.
 */
const casesArbitrary: fc.Arbitrary<Histograms[]> = fc
  .record({
    gradeCount: fc.integer({ min: 2, max: 16 }),
    optionCount: optionCountArbitrary,
    total: totalArbitrary,
  })
  .chain(({ gradeCount, optionCount, total }) => {
    const rows = fc.oneof(
      fc.array(rowArbitrary(gradeCount, total), { minLength: optionCount, maxLength: optionCount }),
      nearTieArbitrary(optionCount, gradeCount, total),
    );
    return fc
      .array(rows, { minLength: 1, maxLength: 3 })
      .map((ballots) => ballots.map((ballot) => ({ gradeCount, total, rows: ballot })));
  });

/** Counts of the kinds of cases that a run met, to check that the generator reaches them. */
interface Coverage {
  cases: number;
  oddTotals: number;
  evenTotals: number;
  fullWidthTotals: number;
  ties: number;
  thirtyTwoOptions: number;
  scales: Set<number>;
}

describe("Majority-judgment agreement", function () {
  describe("published examples", function () {
    for (const vector of readVectors()) {
      it(`ranks ${vector.name}`, async function () {
        const fixture = await loadFixture(deployAgreementFixture);
        const { judgment, ranker } = fixture;
        const histograms = vectorHistograms(vector);
        const expectedRanking = groupRanking(vector.expected_ranking);
        const expectedWinners = groupRanking([vector.expected_winner])[0];

        const id = await new BallotBox(fixture).cast(histograms);

        const tallies = (await judgment.tallies(id)).map((row) => [...row]);
        const [result, leaders, grade, participation] = await judgment.outcome(id);
        expect(tallies, "tallies").to.deep.equal(histograms.rows);
        expect(leaders.map(Number), "governor's leaders").to.deep.equal(expectedWinners);
        expect(OUTCOMES[Number(result)], "result").to.equal(expectedWinners.length > 1 ? "Tie" : "Winner");
        expect(grade, "majority grade").to.equal(BigInt(majorityGrade(histograms.rows[expectedWinners[0]])));
        expect(participation, "participation").to.equal(histograms.total);
        expect(await libraryRanking(ranker, histograms.rows), "library's ranking").to.deep.equal(expectedRanking);
        expect(literalRanking(histograms.rows), "TypeScript ranking").to.deep.equal(expectedRanking);
      });
    }
  });

  describe("random histograms", function () {
    it("agrees with the library", async function () {
      // The default Mocha timeout of the project is two minutes, and this test is the slowest of the file.
      this.timeout(300_000);
      const fixture = await loadFixture(deployAgreementFixture);
      const { judgment, ranker } = fixture;
      const box = new BallotBox(fixture);
      const coverage: Coverage = {
        cases: 0,
        oddTotals: 0,
        evenTotals: 0,
        fullWidthTotals: 0,
        ties: 0,
        thirtyTwoOptions: 0,
        scales: new Set(),
      };

      await fc.assert(
        fc.asyncProperty(casesArbitrary, async (cases) => {
          for (const histograms of cases) {
            const id = await box.cast(histograms);

            const tallies = (await judgment.tallies(id)).map((row) => [...row]);
            const [result, leaders, grade, participation] = await judgment.outcome(id);
            const winners = await ranker.winners(histograms.rows);
            expect(tallies, "tallies").to.deep.equal(histograms.rows);
            expect(leaders, "leaders").to.deep.equal(winners);
            expect(OUTCOMES[Number(result)], "result").to.equal(winners.length > 1 ? "Tie" : "Winner");
            expect(grade, "majority grade").to.equal(BigInt(majorityGrade(histograms.rows[Number(winners[0])])));
            expect(participation, "participation").to.equal(histograms.total);
            if (histograms.total <= LITERAL_RANKING_MAX_TOTAL) {
              expect(literalRanking(histograms.rows)[0], "TypeScript winners").to.deep.equal(winners.map(Number));
            }

            coverage.cases += 1;
            coverage.oddTotals += histograms.total % 2n === 1n ? 1 : 0;
            coverage.evenTotals += histograms.total % 2n === 0n ? 1 : 0;
            coverage.fullWidthTotals += histograms.total === MAX_COUNT ? 1 : 0;
            coverage.ties += winners.length > 1 ? 1 : 0;
            coverage.thirtyTwoOptions += histograms.rows.length === 32 ? 1 : 0;
            coverage.scales.add(histograms.gradeCount);
          }
        }),
        // A failure stops at the first counterexample, because shrinking would replay hundreds of ballots.
        { numRuns: RANDOM_RUNS, seed: RANDOM_SEED, endOnFailure: true },
      );

      // A coverage run casts too few ballots to reach every kind of case.
      if (UNDER_COVERAGE) return;
      expect(coverage.cases, "cases").to.be.at.least(MIN_RANDOM_CASES);
      expect(box.replacements, "ballots replaced").to.be.greaterThan(0);
      expect(coverage.oddTotals, "odd totals").to.be.greaterThan(0);
      expect(coverage.evenTotals, "even totals").to.be.greaterThan(0);
      expect(coverage.fullWidthTotals, "totals of 2^64 - 1").to.be.greaterThan(0);
      expect(coverage.ties, "ties for first place").to.be.greaterThan(0);
      expect(coverage.thirtyTwoOptions, "cases of 32 options").to.be.greaterThan(0);
      expect(coverage.scales.size, "scales from 2 to 16 grades").to.equal(15);
    });
  });
});
