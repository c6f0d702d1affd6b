import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";

import { MajorityJudgmentRanker__factory, type MajorityJudgmentRanker } from "../../typechain-types";
import { MAX_TOTAL, compareOptions, majorityGrade, rank, rankingFromOrder } from "../../src/mj/ranking";
import { rankByMajorityValues } from "../helpers/mjReference";
import { UNDER_COVERAGE } from "../helpers/coverage";

const HALF = 2n ** 255n;

/**
 * Random cases per property that calls the ranker, each case one call, awaited one at a time. On the
 * in-process network, ten `rank` calls at once with Promise.all took 12 to 18 ms per call, against
 * 8 ms one by one (17 options of 9 grades, on the 2-core machine where this test was written). With
 * these counts, the whole file took 30 to 35 s there. Instrumented contracts run far slower, so a
 * coverage run checks fewer cases.
 */
const RANK_RUNS = UNDER_COVERAGE ? 20 : 1500;
const OTHER_RUNS = UNDER_COVERAGE ? 20 : 300;

async function deployRankerFixture(): Promise<MajorityJudgmentRanker> {
  const [deployer] = await ethers.getSigners();
  return new MajorityJudgmentRanker__factory(deployer).deploy();
}

/** Writes tallies for an assertion message, with bigints as decimal text. */
function describeTallies(tallies: readonly (readonly bigint[])[]): string {
  return `tallies ${JSON.stringify(tallies.map((row) => row.map(String)))}`;
}

function compareBigints(a: bigint, b: bigint): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Returns `tallies` with every option brought to the largest total, the missing weight at grade 0. */
function padToLargestTotal(tallies: readonly (readonly bigint[])[]): bigint[][] {
  const totals = tallies.map((histogram) => histogram.reduce((sum, count) => sum + count, 0n));
  const largest = totals.reduce((max, total) => (total > max ? total : max), 0n);
  return tallies.map((histogram, option) => [histogram[0] + largest - totals[option], ...histogram.slice(1)]);
}

/** Total weight of one option: small, medium, near 2^255 or near 2^256 - 1, even or odd. */
const totalArbitrary: fc.Arbitrary<bigint> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.bigInt(0n, 40n) },
      { weight: 2, arbitrary: fc.bigInt(0n, 10n ** 9n) },
      { weight: 2, arbitrary: fc.bigInt(HALF - 1000n, HALF + 1000n) },
      { weight: 1, arbitrary: fc.bigInt(HALF, MAX_TOTAL) },
      { weight: 1, arbitrary: fc.bigInt(MAX_TOTAL - 1000n, MAX_TOTAL) },
    ),
    fc.boolean(),
  )
  .map(([total, odd]) => {
    const even = total - (total % 2n);
    if (!odd) return even;
    return even + 1n <= MAX_TOTAL ? even + 1n : even - 1n;
  });

/** Generates histograms of `grades` counts that add up to `total`, cut at random points. */
function histogramArbitrary(grades: number, total: bigint): fc.Arbitrary<bigint[]> {
  return fc.array(fc.bigInt(0n, total), { minLength: grades - 1, maxLength: grades - 1 }).map((cuts) => {
    const points = [0n, ...cuts.sort(compareBigints), total];
    return points.slice(1).map((point, grade) => point - points[grade]);
  });
}

/** One unit of weight moved from a grade to the next grade up or down, when the grade has any. */
interface UnitMove {
  grade: number;
  up: boolean;
}

function moveUnits(histogram: readonly bigint[], moves: readonly UnitMove[]): bigint[] {
  const moved = [...histogram];
  for (const { grade, up } of moves) {
    const from = grade % moved.length;
    const to = up ? from + 1 : from - 1;
    if (to < 0 || to >= moved.length || moved[from] === 0n) continue;
    moved[from] -= 1n;
    moved[to] += 1n;
  }
  return moved;
}

/** Generates lists of 2 to 32 options, with lengths drawn uniformly rather than biased to short lists. */
function optionsArbitrary(option: fc.Arbitrary<bigint[]>): fc.Arbitrary<bigint[][]> {
  return fc.integer({ min: 2, max: 32 }).chain((count) => fc.array(option, { minLength: count, maxLength: count }));
}

/**
 * Tallies of 2 to 32 options on 2 to 16 grades, all with the same total. Most options are near ties
 * of one base histogram: copies of it, or the base with one to three units moved between adjacent
 * grades. The others are random histograms with the same total.
 */
const equalTotalsArbitrary: fc.Arbitrary<bigint[][]> = fc
  .tuple(fc.integer({ min: 2, max: 16 }), totalArbitrary)
  .chain(([grades, total]) =>
    histogramArbitrary(grades, total).chain((base) => {
      const unitMove = fc.record({ grade: fc.nat({ max: grades - 1 }), up: fc.boolean() });
      const option = fc.oneof(
        { weight: 2, arbitrary: fc.constant(base) },
        { weight: 5, arbitrary: fc.array(unitMove, { minLength: 1, maxLength: 3 }).map((m) => moveUnits(base, m)) },
        { weight: 2, arbitrary: histogramArbitrary(grades, total) },
      );
      return optionsArbitrary(option);
    }),
  );

/**
 * Tallies like {@link equalTotalsArbitrary} where each option has its own total. Some options are
 * a base histogram with weight taken from grade 0, as when voters skip an option.
 */
const unequalTotalsArbitrary: fc.Arbitrary<bigint[][]> = fc
  .tuple(fc.integer({ min: 2, max: 16 }), totalArbitrary)
  .chain(([grades, total]) =>
    histogramArbitrary(grades, total).chain((base) => {
      const skipped = fc.bigInt(0n, base[0]).map((missing) => [base[0] - missing, ...base.slice(1)]);
      const option = fc.oneof(
        { weight: 2, arbitrary: skipped },
        { weight: 1, arbitrary: totalArbitrary.chain((own) => histogramArbitrary(grades, own)) },
      );
      return optionsArbitrary(option);
    }),
  );

/** Small tallies for the textbook ranking, which writes out every judgment: totals up to 30. */
const smallTalliesArbitrary: fc.Arbitrary<bigint[][]> = fc
  .tuple(fc.integer({ min: 2, max: 6 }), fc.bigInt(0n, 30n), fc.boolean())
  .chain(([grades, total, equalTotals]) => {
    const ownTotal = equalTotals ? fc.constant(total) : fc.bigInt(0n, total);
    const option = ownTotal.chain((own) => histogramArbitrary(grades, own));
    return fc.array(option, { minLength: 2, maxLength: 8 });
  });

describe("majority judgment agreement", function () {
  // An instrumented ranker call took up to 2 s on the 2-core machine while other jobs ran.
  if (UNDER_COVERAGE) this.timeout(600_000);

  it("ranks equal totals alike", async function () {
    const ranker = await loadFixture(deployRankerFixture);

    await fc.assert(
      fc.asyncProperty(equalTotalsArbitrary, async (tallies) => {
        const [order, tiedWithPrevious] = await ranker.rank(tallies);

        expect(rankingFromOrder(order, tiedWithPrevious).groups, describeTallies(tallies)).to.deep.equal(
          rank(tallies).groups,
        );
      }),
      { seed: 20_251_205, numRuns: RANK_RUNS },
    );
  });

  it("finds the same winners", async function () {
    const ranker = await loadFixture(deployRankerFixture);

    await fc.assert(
      fc.asyncProperty(equalTotalsArbitrary, async (tallies) => {
        const winners = await ranker.winners(tallies);

        expect(winners.map(Number), describeTallies(tallies)).to.deep.equal(rank(tallies).groups[0]);
      }),
      { seed: 20_251_206, numRuns: OTHER_RUNS },
    );
  });

  it("compares pairs alike", async function () {
    const ranker = await loadFixture(deployRankerFixture);

    await fc.assert(
      fc.asyncProperty(equalTotalsArbitrary, async ([a, b]) => {
        const result = await ranker.compare(a, b);

        expect(result, describeTallies([a, b])).to.equal(BigInt(compareOptions(a, b)));
      }),
      { seed: 20_251_207, numRuns: OTHER_RUNS },
    );
  });

  it("finds the same majority grades", async function () {
    const ranker = await loadFixture(deployRankerFixture);

    await fc.assert(
      fc.asyncProperty(equalTotalsArbitrary, async ([histogram]) => {
        const grade = await ranker.majorityGrade(histogram);

        expect(grade, describeTallies([histogram])).to.equal(BigInt(majorityGrade(histogram)));
      }),
      { seed: 20_251_208, numRuns: OTHER_RUNS },
    );
  });

  it("ranks padded unequal totals alike", async function () {
    // The TypeScript ranking pads options to the largest total itself, so the ranker gets them padded.
    const ranker = await loadFixture(deployRankerFixture);

    await fc.assert(
      fc.asyncProperty(unequalTotalsArbitrary, async (tallies) => {
        const [order, tiedWithPrevious] = await ranker.rank(padToLargestTotal(tallies));

        expect(rankingFromOrder(order, tiedWithPrevious).groups, describeTallies(tallies)).to.deep.equal(
          rank(tallies).groups,
        );
      }),
      { seed: 20_251_209, numRuns: OTHER_RUNS },
    );
  });

  it("ranks unequal totals alike", async function () {
    const ranker = await loadFixture(deployRankerFixture);

    await fc.assert(
      fc.asyncProperty(unequalTotalsArbitrary, async (tallies) => {
        const [order, tiedWithPrevious] = await ranker.rank(tallies);

        expect(rankingFromOrder(order, tiedWithPrevious).groups, describeTallies(tallies)).to.deep.equal(
          rank(tallies).groups,
        );
      }),
      { seed: 20_251_211, numRuns: OTHER_RUNS },
    );
  });

  it("pads a skipped option", async function () {
    const ranker = await loadFixture(deployRankerFixture);
    const tallies = [
      [0n, 0n, 1n],
      [0n, 2n, 2n],
    ];

    const [order] = await ranker.rank(tallies);

    expect(order.map(Number)).to.deep.equal([1, 0]);
  });

  it("compares unequal pairs alike", async function () {
    const ranker = await loadFixture(deployRankerFixture);

    await fc.assert(
      fc.asyncProperty(unequalTotalsArbitrary, async ([a, b]) => {
        const result = await ranker.compare(a, b);

        expect(result, describeTallies([a, b])).to.equal(BigInt(compareOptions(a, b)));
      }),
      { seed: 20_251_212, numRuns: OTHER_RUNS },
    );
  });

  it("matches the textbook ranking", function () {
    fc.assert(
      fc.property(smallTalliesArbitrary, (tallies) => {
        expect(rank(tallies).groups, describeTallies(tallies)).to.deep.equal(rankByMajorityValues(tallies));
      }),
      { seed: 20_251_210, numRuns: 3000 },
    );
  });
});
