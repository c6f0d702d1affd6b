import { expect } from "chai";

import {
  MAX_EXCEPTIONS,
  findFailures,
  isMeasured,
  parseExceptions,
  reportFile,
  type BranchException,
  type FileCoverage,
} from "../../scripts/check-coverage";

const FILE = "contracts/Example.sol";
const SOURCE = [
  "contract Example {",
  "    function f(uint256 x) external {",
  "        if (x == 0) return;",
  "    }",
  "}",
];
const BRANCH_SOURCE = "if (x == 0) return;";

/**
 * Returns the coverage of the example file: lines 2 and 3 and function `f` with the given hits,
 * and the `if` of line 3 with `hits.branch` for its true and false paths.
 */
function exampleCoverage(hits: { line: number; function: number; branch: [number, number] }): FileCoverage {
  return {
    path: `/repository/${FILE}`,
    l: { "2": hits.function, "3": hits.line },
    f: { "1": hits.function },
    fnMap: { "1": { name: "f", line: 2 } },
    b: { "1": hits.branch },
    branchMap: {
      "1": {
        line: 3,
        type: "if",
        locations: [
          { start: { line: 3, column: 8 }, end: { line: 3, column: 8 } },
          { start: { line: 3, column: 8 }, end: { line: 3, column: 8 } },
        ],
      },
    },
  };
}

/** Returns the failures of the example file with these hits and exceptions. */
function failuresOf(branch: [number, number], exceptions: BranchException[] = [], line = 1, called = 1): string[] {
  const report = reportFile(FILE, exampleCoverage({ line, function: called, branch }), SOURCE);
  return findFailures([report], exceptions, "coverage-exceptions.json");
}

const FALSE_PATH_EXCEPTION: BranchException = {
  file: FILE,
  source: BRANCH_SOURCE,
  path: "false",
  reason: "x is never zero.",
};

describe("check-coverage", function () {
  it("passes full coverage", function () {
    expect(failuresOf([1, 1])).to.deep.equal([]);
  });

  it("rejects uncovered line", function () {
    const failures = failuresOf([1, 1], [], 0);

    expect(failures).to.have.length(1);
    expect(failures[0]).to.match(/^contracts\/Example\.sol:3: line not covered: `if \(x == 0\) return;`/);
  });

  it("rejects uncalled function", function () {
    const failures = failuresOf([1, 1], [], 1, 0);

    expect(failures.some((failure) => failure.includes("function f never called"))).to.equal(true);
  });

  it("rejects unlisted branch path", function () {
    const failures = failuresOf([1, 0]);

    expect(failures[0]).to.match(/^contracts\/Example\.sol:3: branch path "false" not covered/);
    expect(failures[0]).to.include("coverage-exceptions.json");
  });

  it("fails below 95% of branches", function () {
    expect(failuresOf([1, 0], [FALSE_PATH_EXCEPTION])).to.deep.equal([
      "Branch coverage 50.00% is below 95%. Add tests for the paths listed above.",
    ]);
  });

  it("accepts listed branch path", function () {
    const covered = { ...exampleCoverage({ line: 1, function: 1, branch: [1, 1] }), path: "contracts/Covered.sol" };
    const reports = [
      reportFile(FILE, exampleCoverage({ line: 1, function: 1, branch: [1, 0] }), SOURCE),
      // Enough covered paths elsewhere to stay above 95%.
      ...Array.from({ length: 10 }, () => reportFile("contracts/Covered.sol", covered, SOURCE)),
    ];

    expect(findFailures(reports, [FALSE_PATH_EXCEPTION], "coverage-exceptions.json")).to.deep.equal([]);
  });

  it("rejects stale exception", function () {
    const failures = failuresOf([1, 1], [FALSE_PATH_EXCEPTION]);

    expect(failures).to.have.length(1);
    expect(failures[0]).to.match(/^coverage-exceptions\.json: stale exception for contracts\/Example\.sol/);
  });

  it("rejects exception of moved source", function () {
    const moved = { ...FALSE_PATH_EXCEPTION, source: "if (x == 1) return;" };

    const failures = failuresOf([1, 0], [moved]);

    expect(failures.some((failure) => failure.includes('branch path "false" not covered'))).to.equal(true);
    expect(failures.some((failure) => failure.includes("stale exception"))).to.equal(true);
  });

  it(`rejects over ${MAX_EXCEPTIONS} exceptions`, function () {
    const exceptions = Array.from({ length: MAX_EXCEPTIONS + 1 }, () => FALSE_PATH_EXCEPTION);

    const failures = failuresOf([1, 0], exceptions);

    expect(failures).to.include(
      `coverage-exceptions.json lists ${MAX_EXCEPTIONS + 1} exceptions; at most ${MAX_EXCEPTIONS} are allowed.`,
    );
  });

  it(`rejects one entry excusing over ${MAX_EXCEPTIONS} paths`, function () {
    const uncovered = reportFile(FILE, exampleCoverage({ line: 1, function: 1, branch: [1, 0] }), SOURCE);
    // The same source line, uncovered on the same path, in six files: one entry matches all six.
    const reports = Array.from({ length: MAX_EXCEPTIONS + 1 }, () => uncovered);

    const failures = findFailures(reports, [FALSE_PATH_EXCEPTION], "coverage-exceptions.json");

    expect(
      failures.some((failure) => failure.includes(`excuses ${MAX_EXCEPTIONS + 1} uncovered branch paths`)),
    ).to.equal(true);
  });

  it("rejects exception without reason", function () {
    const text = JSON.stringify({ exceptions: [{ ...FALSE_PATH_EXCEPTION, reason: " " }] });

    expect(() => parseExceptions(text, "coverage-exceptions.json")).to.throw(
      'coverage-exceptions.json: exceptions[0] has no "reason" text.',
    );
  });

  it("measures contracts without mocks", function () {
    expect(isMeasured("contracts/governance/CoopCharter.sol")).to.equal(true);
    expect(isMeasured("contracts/mocks/TokenMock.sol")).to.equal(false);
    expect(isMeasured("node_modules/@openzeppelin/contracts/governance/Governor.sol")).to.equal(false);
  });
});
