import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { PANIC_CODES } from "@nomicfoundation/hardhat-chai-matchers/panic";

import { MajorityJudgmentRanker__factory, type MajorityJudgmentRanker } from "../../typechain-types";
import { compareOptions, rank, rankingFromOrder, rankingToJson } from "../../src/mj/ranking";
import { loadPublicVectors } from "../helpers/mjVectors";

const HALF = 2n ** 255n;
const MAX_UINT256 = 2n ** 256n - 1n;

async function deployRankerFixture(): Promise<MajorityJudgmentRanker> {
  const [deployer] = await ethers.getSigners();
  return new MajorityJudgmentRanker__factory(deployer).deploy();
}

/** Returns the ranker's ranking of `tallies` as JSON, a tied group as a list. */
async function rankJson(ranker: MajorityJudgmentRanker, tallies: bigint[][]): Promise<(number | number[])[]> {
  const [order, tiedWithPrevious] = await ranker.rank(tallies);
  return rankingToJson(rankingFromOrder(order, tiedWithPrevious));
}

/** Returns the options tied for first place, as numbers. */
async function winners(ranker: MajorityJudgmentRanker, tallies: bigint[][]): Promise<number[]> {
  return (await ranker.winners(tallies)).map(Number);
}

/**
 * Pairs of histograms that lead the library's comparison through one branch each, with the result
 * of `compare(a, b)`. The library's walk starts with a block of one grade, the majority grade. Each
 * step grows the block up when more weight lies above it than below, and down otherwise.
 */
const COMPARISONS: { name: string; a: bigint[]; b: bigint[]; expected: bigint }[] = [
  { name: "higher majority grade", a: [1n, 1n, 3n], b: [1n, 3n, 1n], expected: 1n },
  { name: "lower majority grade", a: [3n, 1n, 1n], b: [1n, 3n, 1n], expected: -1n },
  // Same grade 1: `a` has 2 above and 1 below, `b` has 1 above and 2 below.
  { name: "more above than below", a: [1n, 2n, 2n], b: [2n, 2n, 1n], expected: 1n },
  { name: "more below than above", a: [2n, 2n, 1n], b: [1n, 2n, 2n], expected: -1n },
  // Both lean up from grade 1: 3 above against 2 above.
  { name: "larger weight above", a: [1n, 3n, 3n], b: [1n, 4n, 2n], expected: 1n },
  { name: "smaller weight above", a: [1n, 4n, 2n], b: [1n, 3n, 3n], expected: -1n },
  // Both lean down from grade 1: 2 below against 3 below.
  { name: "smaller weight below", a: [2n, 4n, 1n], b: [3n, 3n, 1n], expected: 1n },
  { name: "larger weight below", a: [3n, 3n, 1n], b: [2n, 4n, 1n], expected: -1n },
  // Both lean up with 3 above, then their blocks grow past empty grades 2 and 3 to grade 4 or 5.
  { name: "growing up past empty grades", a: [1n, 3n, 0n, 0n, 3n, 0n], b: [1n, 3n, 0n, 0n, 0n, 3n], expected: -1n },
  // Both lean down with 3 below, then grow past empty grades 2 and 3 to grade 1 or 0.
  { name: "growing down past empty grades", a: [0n, 3n, 0n, 0n, 4n, 0n], b: [3n, 0n, 0n, 0n, 4n, 0n], expected: 1n },
  // Both lean up from grade 1 with 3 above. Grown to grade 2, both lean down, with 1 and 2 below.
  { name: "growing up then down", a: [1n, 3n, 2n, 1n], b: [2n, 2n, 2n, 1n], expected: 1n },
  { name: "identical histograms", a: [2n, 0n, 3n, 2n], b: [2n, 0n, 3n, 2n], expected: 0n },
  { name: "one grade only", a: [0n, 5n, 0n], b: [0n, 5n, 0n], expected: 0n },
  { name: "no judgments", a: [0n, 0n], b: [0n, 0n], expected: 0n },
];

describe("MajorityJudgment", function () {
  describe("public vectors", function () {
    for (const vector of loadPublicVectors()) {
      it(`ranks ${vector.name}`, async function () {
        const ranker = await loadFixture(deployRankerFixture);

        expect(await rankJson(ranker, vector.tallies)).to.deep.equal(vector.expectedRanking);
      });

      it(`finds winners of ${vector.name}`, async function () {
        const ranker = await loadFixture(deployRankerFixture);
        const expected = typeof vector.expectedWinner === "number" ? [vector.expectedWinner] : vector.expectedWinner;

        expect(await winners(ranker, vector.tallies)).to.deep.equal(expected);
      });
    }
  });

  describe("rank", function () {
    it("ranks one option", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(await rankJson(ranker, [[1n, 2n, 3n]])).to.deep.equal([0]);
    });

    it("keeps ties in index order", async function () {
      const ranker = await loadFixture(deployRankerFixture);
      const tallies = [
        [1n, 2n, 3n],
        [0n, 0n, 6n],
        [1n, 2n, 3n],
        [3n, 3n, 0n],
        [1n, 2n, 3n],
      ];

      const [order, tiedWithPrevious] = await ranker.rank(tallies);

      expect(order).to.deep.equal([1n, 0n, 2n, 4n, 3n]);
      expect(tiedWithPrevious).to.deep.equal([false, false, true, true, false]);
    });

    it("moves a later option up", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(
        await rankJson(ranker, [
          [3n, 0n, 0n],
          [0n, 3n, 0n],
          [0n, 0n, 3n],
        ]),
      ).to.deep.equal([2, 1, 0]);
    });

    it("ties every empty histogram", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(
        await rankJson(ranker, [
          [0n, 0n],
          [0n, 0n],
          [0n, 0n],
        ]),
      ).to.deep.equal([[0, 1, 2]]);
    });

    it("ranks a tie for first", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(
        await rankJson(ranker, [
          [1n, 1n, 1n],
          [0n, 3n, 0n],
          [0n, 3n, 0n],
        ]),
      ).to.deep.equal([[1, 2], 0]);
    });
  });

  describe("winners", function () {
    it("returns one winner", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(
        await winners(ranker, [
          [3n, 0n],
          [0n, 3n],
          [1n, 2n],
        ]),
      ).to.deep.equal([1]);
    });

    it("returns tied winners", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(
        await winners(ranker, [
          [0n, 3n],
          [3n, 0n],
          [0n, 3n],
          [1n, 2n],
        ]),
      ).to.deep.equal([0, 2]);
    });

    it("drops earlier leaders", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(
        await winners(ranker, [
          [2n, 1n],
          [2n, 1n],
          [0n, 3n],
        ]),
      ).to.deep.equal([2]);
    });

    it("returns every empty option", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(
        await winners(ranker, [
          [0n, 0n],
          [0n, 0n],
        ]),
      ).to.deep.equal([0, 1]);
    });
  });

  describe("majorityGrade", function () {
    it("takes the lower median", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(await ranker.majorityGrade([1n, 1n])).to.equal(0n);
    });

    it("takes the middle of an odd total", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(await ranker.majorityGrade([1n, 1n, 1n])).to.equal(1n);
    });

    it("returns 0 without judgments", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(await ranker.majorityGrade([0n, 0n, 0n])).to.equal(0n);
    });

    it("returns 0 without grades", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(await ranker.majorityGrade([])).to.equal(0n);
    });
  });

  describe("compare", function () {
    for (const { name, a, b, expected } of COMPARISONS) {
      it(`compares ${name}`, async function () {
        const ranker = await loadFixture(deployRankerFixture);

        expect(await ranker.compare(a, b)).to.equal(expected);
      });

      it(`agrees with TypeScript on ${name}`, async function () {
        const ranker = await loadFixture(deployRankerFixture);

        expect(await ranker.compare(a, b)).to.equal(BigInt(compareOptions(a, b)));
      });
    }
  });

  describe("invalid tallies", function () {
    it("rejects no options in rank", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(ranker.rank([])).to.be.revertedWithCustomError(ranker, "MajorityJudgmentNoOptions");
    });

    it("rejects no options in winners", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(ranker.winners([])).to.be.revertedWithCustomError(ranker, "MajorityJudgmentNoOptions");
    });

    it("rejects no grades in rank", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(ranker.rank([[], []])).to.be.revertedWithCustomError(ranker, "MajorityJudgmentNoGrades");
    });

    it("rejects no grades in winners", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(ranker.winners([[]])).to.be.revertedWithCustomError(ranker, "MajorityJudgmentNoGrades");
    });

    it("rejects no grades in compare", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(ranker.compare([], [])).to.be.revertedWithCustomError(ranker, "MajorityJudgmentNoGrades");
    });

    it("rejects a shorter option", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(ranker.rank([[1n, 2n], [1n, 2n], [3n]]))
        .to.be.revertedWithCustomError(ranker, "MajorityJudgmentGradeCountMismatch")
        .withArgs(2n, 1n, 2n);
    });

    it("rejects a longer option", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(
        ranker.winners([
          [1n, 2n],
          [1n, 2n, 3n],
        ]),
      )
        .to.be.revertedWithCustomError(ranker, "MajorityJudgmentGradeCountMismatch")
        .withArgs(1n, 3n, 2n);
    });

    it("rejects a mismatch in compare", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(ranker.compare([1n, 2n, 3n], [1n, 2n]))
        .to.be.revertedWithCustomError(ranker, "MajorityJudgmentGradeCountMismatch")
        .withArgs(1n, 2n, 3n);
    });

    it("rejects a later empty option", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(ranker.rank([[1n], []]))
        .to.be.revertedWithCustomError(ranker, "MajorityJudgmentGradeCountMismatch")
        .withArgs(1n, 0n, 1n);
    });
  });

  describe("large counts", function () {
    /** Histograms of 4 grades that each add up to 2^256 - 1. */
    const FULL: bigint[][] = [
      [HALF, HALF - 1n, 0n, 0n],
      [HALF - 1n, HALF, 0n, 0n],
      [0n, HALF / 2n, HALF - 1n, HALF / 2n],
      [HALF / 2n - 1n, 0n, HALF, HALF / 2n],
      [0n, HALF / 2n, HALF - 1n, HALF / 2n],
      [HALF / 2n, 0n, HALF - 1n, HALF / 2n],
    ];

    it("ranks totals of 2^256 - 1", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(await rankJson(ranker, FULL)).to.deep.equal(rankingToJson(rank(FULL)));
    });

    it("finds winners at 2^256 - 1", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(await winners(ranker, FULL)).to.deep.equal(rank(FULL).groups[0]);
    });

    it("takes the median of 2^256 - 1", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      // The lower median is judgment 2^255 - 1, counting from 0: the last of grade 0.
      expect(await ranker.majorityGrade([HALF, HALF - 1n])).to.equal(0n);
      expect(await ranker.majorityGrade([HALF - 1n, HALF])).to.equal(1n);
    });

    it("compares a count of 2^256 - 1", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      expect(await ranker.compare([MAX_UINT256, 0n], [MAX_UINT256 - 1n, 1n])).to.equal(-1n);
    });

    it("reverts on an overflowing total in rank", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(
        ranker.rank([
          [1n, 1n],
          [HALF, HALF],
        ]),
      ).to.be.revertedWithPanic(PANIC_CODES.ARITHMETIC_OVERFLOW);
    });

    it("reverts on an overflowing total in winners", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(ranker.winners([[MAX_UINT256, 1n]])).to.be.revertedWithPanic(PANIC_CODES.ARITHMETIC_OVERFLOW);
    });

    it("reverts on an overflowing total in majorityGrade", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(ranker.majorityGrade([HALF, 0n, HALF])).to.be.revertedWithPanic(PANIC_CODES.ARITHMETIC_OVERFLOW);
    });

    it("reverts on an overflowing total in compare", async function () {
      const ranker = await loadFixture(deployRankerFixture);

      await expect(ranker.compare([1n, 1n], [HALF, HALF])).to.be.revertedWithPanic(PANIC_CODES.ARITHMETIC_OVERFLOW);
    });
  });
});
