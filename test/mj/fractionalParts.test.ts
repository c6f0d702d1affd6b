import { expect } from "chai";

import { InvalidPartsError, parseParts, type PartsContext } from "../../src/mj/fractionalParts";

/** Two options on a scale of three grades, for a voter of weight 3. */
const CONTEXT: PartsContext = { optionCount: 2, gradeCount: 3, weight: 3n };

function expectInvalid(value: unknown, message: string, context: PartsContext = CONTEXT): void {
  expect(() => parseParts(value, context))
    .to.throw(InvalidPartsError)
    .with.property("message")
    .that.includes(message);
}

describe("fractional parts", function () {
  it("reads numbers and decimal strings", function () {
    expect(
      parseParts(
        [
          [0, 2, 1],
          ["3", "0", "0"],
        ],
        CONTEXT,
      ),
    ).to.deep.equal([
      [0n, 2n, 1n],
      [3n, 0n, 0n],
    ]);
  });

  it("reads parts beyond 2^53 as strings", function () {
    const weight = 2n ** 60n;
    const context = { optionCount: 1, gradeCount: 2, weight };

    expect(parseParts([[(weight - 1n).toString(), "1"]], context)).to.deep.equal([[weight - 1n, 1n]]);
  });

  it("skips the sum check without a weight", function () {
    const context = { optionCount: 2, gradeCount: 3 };

    expect(
      parseParts(
        [
          [1, 0, 0],
          [0, 0, 5],
        ],
        context,
      ),
    ).to.deep.equal([
      [1n, 0n, 0n],
      [0n, 0n, 5n],
    ]);
  });

  describe("errors", function () {
    it("rejects an object", function () {
      expectInvalid({ parts: [] }, "expected a JSON list of 2 rows (one per option) of 3 parts");
    });

    it("rejects a missing row", function () {
      expectInvalid([[1, 1, 1]], "the file has 1 rows, but the proposal has 2 options");
    });

    it("rejects a short row", function () {
      expectInvalid(
        [
          [1, 2],
          [3, 0, 0],
        ],
        "parts[0] is [1,2]: expected a JSON list of 3 parts, one per grade of the scale, worst first.",
      );
    });

    it("rejects a fraction", function () {
      expectInvalid(
        [
          [1.5, 1.5, 0],
          [3, 0, 0],
        ],
        "parts[0][0] is 1.5: expected a whole number of weight",
      );
    });

    it("rejects a decimal point in a string", function () {
      expectInvalid(
        [
          [0, 0, 3],
          ["1.0", "2", "0"],
        ],
        'parts[1][0] is "1.0": expected a whole number of weight',
      );
    });

    it("rejects a negative part", function () {
      expectInvalid(
        [
          [4, -1, 0],
          [3, 0, 0],
        ],
        "parts[0][1] is -1",
      );
    });

    it("rejects a large JSON number", function () {
      expectInvalid(
        [
          [2 ** 60, 0, 0],
          [3, 0, 0],
        ],
        `parts[0][0] is ${2 ** 60}, a JSON number too large to be exact: write it as a decimal string.`,
      );
    });

    it("rejects a row that misses the weight", function () {
      expectInvalid(
        [
          [0, 2, 1],
          [1, 1, 0],
        ],
        "parts[1] adds up to 2, but the voter's weight at the snapshot is 3",
      );
    });
  });
});
