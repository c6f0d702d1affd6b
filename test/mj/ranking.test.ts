import { readFileSync } from "node:fs";

import { expect } from "chai";

import {
  InvalidTalliesError,
  MAX_TOTAL,
  compareOptions,
  majorityGrade,
  parseRankCases,
  rank,
  rankingFromOrder,
  rankingToJson,
  winnerOf,
} from "../../src/mj/ranking";
import { PUBLIC_VECTORS_FILE, loadPublicVectors } from "../helpers/mjVectors";

const HALF = 2n ** 255n;

/** Returns the ranking of `tallies` as JSON, a tied group as a list. */
function rankJson(tallies: bigint[][]): (number | number[])[] {
  return rankingToJson(rank(tallies));
}

/** Casts `value` to tallies, to pass counts that are not bigints as a JavaScript caller could. */
function untyped(value: unknown): bigint[][] {
  return value as bigint[][];
}

describe("ranking", function () {
  describe("rank", function () {
    for (const vector of loadPublicVectors()) {
      it(`ranks ${vector.name}`, function () {
        const ranking = rank(vector.tallies);

        expect(rankingToJson(ranking)).to.deep.equal(vector.expectedRanking);
        expect(winnerOf(ranking)).to.deep.equal(vector.expectedWinner);
      });
    }

    it("ranks one option", function () {
      expect(rank([[1n, 2n, 3n]]).groups).to.deep.equal([[0]]);
    });

    it("groups identical histograms", function () {
      const tallies = [
        [1n, 2n, 3n],
        [0n, 0n, 6n],
        [1n, 2n, 3n],
        [3n, 3n, 0n],
        [1n, 2n, 3n],
      ];

      expect(rank(tallies).groups).to.deep.equal([[1], [0, 2, 4], [3]]);
    });

    it("separates one unit moved", function () {
      // The second option has one judgment moved from grade 1 to grade 2, above its median.
      expect(
        rankJson([
          [2n, 3n, 2n],
          [2n, 2n, 3n],
        ]),
      ).to.deep.equal([1, 0]);
    });

    it("ties every empty histogram", function () {
      expect(
        rankJson([
          [0n, 0n],
          [0n, 0n],
          [0n, 0n],
        ]),
      ).to.deep.equal([[0, 1, 2]]);
    });

    it("ties empty with all worst grades", function () {
      // Padding gives the empty option the other's judgments at grade 0.
      expect(
        rankJson([
          [0n, 0n, 0n],
          [4n, 0n, 0n],
        ]),
      ).to.deep.equal([[0, 1]]);
    });

    it("ranks empty below graded", function () {
      expect(
        rankJson([
          [0n, 0n, 0n],
          [3n, 0n, 1n],
          [0n, 0n, 0n],
        ]),
      ).to.deep.equal([1, [0, 2]]);
    });

    it("pads smaller totals at grade 0", function () {
      // Padded to a total of 4, the first option is [3, 0, 1], whose lower median is grade 0.
      expect(
        rankJson([
          [0n, 0n, 1n],
          [0n, 2n, 2n],
        ]),
      ).to.deep.equal([1, 0]);
    });

    it("ties histograms equal after padding", function () {
      expect(
        rankJson([
          [1n, 0n, 1n],
          [0n, 0n, 1n],
        ]),
      ).to.deep.equal([[0, 1]]);
    });

    it("pads to the largest total of all", function () {
      // Alone, [0, 3, 0] (grades 1, 1, 1) loses to [1, 0, 2] (0, 2, 2). Padded to 5 judgments by the
      // third option, it has majority grade 1 against 0.
      const first = [0n, 3n, 0n];
      const second = [1n, 0n, 2n];

      expect(rankJson([first, second])).to.deep.equal([1, 0]);
      expect(rankJson([first, second, [5n, 0n, 0n]])).to.deep.equal([0, 1, 2]);
    });

    it("ranks totals of 2^256 - 1", function () {
      // The lower median is judgment 2^255 - 1 from 0: grade 0 in the first option, grade 1 in the second.
      expect(
        rankJson([
          [HALF, HALF - 1n],
          [HALF - 1n, HALF],
        ]),
      ).to.deep.equal([1, 0]);
    });

    it("ties identical totals of 2^256 - 1", function () {
      const histogram = [HALF / 2n, HALF / 2n, HALF - 1n];

      expect(rankJson([histogram, [...histogram]])).to.deep.equal([[0, 1]]);
    });

    it("separates one unit in 2^256 - 1", function () {
      expect(
        rankJson([
          [HALF / 2n, HALF - 1n, HALF / 2n],
          [HALF / 2n - 1n, HALF, HALF / 2n],
        ]),
      ).to.deep.equal([1, 0]);
    });

    it("rejects no options", function () {
      expect(() => rank([])).to.throw(InvalidTalliesError, "tallies is []: expected at least one option");
    });

    it("rejects an option without grades", function () {
      expect(() => rank([[]])).to.throw(InvalidTalliesError, "tallies[0] has no grades");
    });

    it("rejects ragged rows", function () {
      expect(() => rank([[1n, 2n], [3n]])).to.throw(
        InvalidTalliesError,
        "tallies[1] has 1 grade where tallies[0] has 2 grades",
      );
    });

    it("rejects a negative count", function () {
      expect(() => rank([[1n, -1n]])).to.throw(InvalidTalliesError, "tallies[0][1] is -1: a count cannot be negative");
    });

    it("rejects a fractional count", function () {
      expect(() => rank(untyped([[1.5]]))).to.throw(
        InvalidTalliesError,
        "tallies[0][0] is 1.5: expected a whole number",
      );
    });

    it("rejects a number, not bigint", function () {
      expect(() => rank(untyped([[2n, 3]]))).to.throw(InvalidTalliesError, "tallies[0][1] is 3: expected");
    });

    it("rejects a row that is no list", function () {
      expect(() => rank(untyped([[1n], "2"]))).to.throw(InvalidTalliesError, 'tallies[1] is "2": expected a list');
    });

    it("rejects a total above 2^256 - 1", function () {
      expect(() =>
        rank([
          [1n, 0n],
          [MAX_TOTAL, 1n],
        ]),
      ).to.throw(InvalidTalliesError, `tallies[1] adds up to ${2n ** 256n}, more than 2^256 - 1`);
    });

    it("accepts a total of 2^256 - 1", function () {
      expect(rank([[MAX_TOTAL, 0n]]).groups).to.deep.equal([[0]]);
    });
  });

  describe("majorityGrade", function () {
    it("takes the lower median", function () {
      expect(majorityGrade([1n, 1n])).to.equal(0);
    });

    it("takes the middle of an odd total", function () {
      expect(majorityGrade([1n, 1n, 1n])).to.equal(1);
    });

    it("skips empty grades", function () {
      expect(majorityGrade([1n, 0n, 0n, 2n])).to.equal(3);
    });

    it("returns 0 without judgments", function () {
      expect(majorityGrade([0n, 0n, 0n])).to.equal(0);
    });

    it("ignores other totals", function () {
      // Unlike rank, majorityGrade has no other option to pad to.
      expect(majorityGrade([0n, 0n, 1n])).to.equal(2);
    });

    it("handles a total of 2^256 - 1", function () {
      expect(majorityGrade([HALF - 1n, HALF])).to.equal(1);
    });

    it("rejects no grades", function () {
      expect(() => majorityGrade([])).to.throw(InvalidTalliesError, "histogram has no grades");
    });

    it("rejects a negative count", function () {
      expect(() => majorityGrade([-2n])).to.throw(InvalidTalliesError, "histogram[0] is -2");
    });
  });

  describe("compareOptions", function () {
    it("returns 1 for the better option", function () {
      expect(compareOptions([0n, 1n, 2n], [1n, 1n, 1n])).to.equal(1);
    });

    it("returns -1 for the worse option", function () {
      expect(compareOptions([1n, 1n, 1n], [0n, 1n, 2n])).to.equal(-1);
    });

    it("returns 0 for identical histograms", function () {
      expect(compareOptions([1n, 1n, 1n], [1n, 1n, 1n])).to.equal(0);
    });

    it("returns 0 without judgments", function () {
      expect(compareOptions([0n, 0n], [0n, 0n])).to.equal(0);
    });

    it("pads the smaller total", function () {
      expect(compareOptions([0n, 0n, 1n], [0n, 2n, 2n])).to.equal(-1);
    });

    it("breaks ties above the median", function () {
      // Both have majority grade 1. The first has more judgments above it than below.
      expect(compareOptions([1n, 2n, 2n], [2n, 2n, 1n])).to.equal(1);
    });

    it("rejects different grade counts", function () {
      expect(() => compareOptions([1n, 2n], [1n, 2n, 3n])).to.throw(
        InvalidTalliesError,
        "b has 3 grades where a has 2 grades",
      );
    });

    it("names the histogram at fault", function () {
      expect(() => compareOptions([1n], [-1n])).to.throw(InvalidTalliesError, "b[0] is -1");
    });
  });

  describe("rankingToJson", function () {
    it("writes lone options as numbers", function () {
      expect(rankingToJson({ groups: [[2], [0], [1]] })).to.deep.equal([2, 0, 1]);
    });

    it("writes ties as lists", function () {
      expect(rankingToJson({ groups: [[1], [0, 2]] })).to.deep.equal([1, [0, 2]]);
    });
  });

  describe("winnerOf", function () {
    it("returns a single winner", function () {
      expect(winnerOf({ groups: [[2], [0, 1]] })).to.equal(2);
    });

    it("returns options tied for first", function () {
      expect(winnerOf({ groups: [[0, 2], [1]] })).to.deep.equal([0, 2]);
    });

    it("rejects an empty ranking", function () {
      expect(() => winnerOf({ groups: [] })).to.throw(Error, "no options");
    });
  });

  describe("rankingFromOrder", function () {
    it("groups tied options", function () {
      expect(rankingFromOrder([3n, 0n, 2n, 1n], [false, false, true, false]).groups).to.deep.equal([[3], [0, 2], [1]]);
    });

    it("rejects lists of different lengths", function () {
      expect(() => rankingFromOrder([0n, 1n], [false])).to.throw(Error, "2 options but 1 tie flags");
    });

    it("rejects a tied first option", function () {
      expect(() => rankingFromOrder([0n, 1n], [true, false])).to.throw(Error, "first option");
    });
  });

  describe("parseRankCases", function () {
    it("reads one case", function () {
      const cases = parseRankCases({
        tallies: [
          [1, "2"],
          [3, 4],
        ],
      });

      expect(cases).to.deep.equal([
        {
          tallies: [
            [1n, 2n],
            [3n, 4n],
          ],
        },
      ]);
    });

    it("reads several cases", function () {
      const cases = parseRankCases({ cases: [{ tallies: [[1]] }, { grades: 2, tallies: [[0, 1]] }] });

      expect(cases).to.deep.equal([{ tallies: [[1n]] }, { grades: 2, tallies: [[0n, 1n]] }]);
    });

    it("reads the published cases", function () {
      const cases = parseRankCases(JSON.parse(readFileSync(PUBLIC_VECTORS_FILE, "utf8")));

      expect(cases.map(({ tallies }) => tallies)).to.deep.equal(loadPublicVectors().map(({ tallies }) => tallies));
    });

    it("ignores other fields", function () {
      const cases = parseRankCases({ name: "vote", tallies: [[1]], expected_ranking: [0], expected_winner: 0 });

      expect(cases).to.deep.equal([{ tallies: [[1n]] }]);
    });

    it("reads decimal strings exactly", function () {
      const cases = parseRankCases({ tallies: [[MAX_TOTAL.toString(), "0"]] });

      expect(cases[0].tallies).to.deep.equal([[MAX_TOTAL, 0n]]);
    });

    const INVALID_INPUTS: { name: string; json: unknown; message: string }[] = [
      { name: "a list", json: [[1, 2]], message: "expected a JSON object" },
      { name: "null", json: null, message: "the input contains null" },
      { name: "no tallies", json: { name: "vote" }, message: "tallies is missing" },
      { name: "empty cases", json: { cases: [] }, message: "cases is []: expected a list of at least one case" },
      { name: "cases not a list", json: { cases: { tallies: [[1]] } }, message: "cases is " },
      { name: "both cases and tallies", json: { cases: [], tallies: [[1]] }, message: 'both "cases" and "tallies"' },
      { name: "a case not an object", json: { cases: [{ tallies: [[1]] }, 3] }, message: "cases[1] is 3" },
      { name: "empty tallies", json: { tallies: [] }, message: "tallies is []: expected at least one option" },
      { name: "a row not a list", json: { tallies: [[1], 2] }, message: "tallies[1] is 2: expected a list" },
      { name: "an empty row", json: { tallies: [[]] }, message: "tallies[0] has no grades" },
      { name: "ragged rows", json: { tallies: [[1, 2], [3]] }, message: "tallies[1] has 1 grade where" },
      { name: "a negative count", json: { tallies: [[1, -2]] }, message: "tallies[0][1] is -2: a count cannot be" },
      { name: "a fractional count", json: { tallies: [[1.5]] }, message: "tallies[0][0] is 1.5: expected a whole" },
      { name: "a signed string", json: { tallies: [["-3"]] }, message: 'tallies[0][0] is "-3": expected' },
      { name: "a hex string", json: { tallies: [["0x10"]] }, message: 'tallies[0][0] is "0x10": expected' },
      { name: "an exponent string", json: { tallies: [["1e3"]] }, message: 'tallies[0][0] is "1e3": expected' },
      { name: "a boolean count", json: { tallies: [[true]] }, message: "tallies[0][0] is true: expected a count" },
      { name: "a null count", json: { tallies: [[null]] }, message: "tallies[0][0] is null: expected a count" },
      { name: "zero grades", json: { grades: 0, tallies: [[1]] }, message: "grades is 0: expected the number" },
      { name: "grades as text", json: { grades: "2", tallies: [[1, 2]] }, message: 'grades is "2": expected' },
      {
        name: "grades not matching",
        json: { grades: 3, tallies: [[1, 2]] },
        message: "grades is 3 but each option in tallies has 2 grades",
      },
      {
        name: "a total above 2^256 - 1",
        json: { cases: [{ tallies: [[MAX_TOTAL.toString(), "1"]] }] },
        message: "cases[0].tallies[0] adds up to",
      },
      {
        name: "an error in a later case",
        json: { cases: [{ tallies: [[1]] }, { tallies: [[1], [2, 3]] }] },
        message: "cases[1].tallies[1] has 2 grades where cases[1].tallies[0] has 1 grade",
      },
    ];

    for (const { name, json, message } of INVALID_INPUTS) {
      it(`rejects ${name}`, function () {
        expect(() => parseRankCases(json)).to.throw(InvalidTalliesError, message);
      });
    }

    it("rejects an unsafe number", function () {
      // JSON.parse has already rounded 2^53 + 1 to 2^53.
      const json = JSON.parse('{"tallies": [[9007199254740993]]}') as unknown;

      expect(() => parseRankCases(json)).to.throw(InvalidTalliesError, "tallies[0][0] is 9007199254740992");
      expect(() => parseRankCases(json)).to.throw(InvalidTalliesError, "write the count as a decimal string in quotes");
    });

    it("accepts the largest safe number", function () {
      expect(parseRankCases({ tallies: [[Number.MAX_SAFE_INTEGER]] })[0].tallies).to.deep.equal([
        [BigInt(Number.MAX_SAFE_INTEGER)],
      ]);
    });
  });
});
