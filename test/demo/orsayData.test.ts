import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import {
  ORSAY_CANDIDATES,
  ORSAY_FILES,
  parseBallotCsv,
  readOrsayBallots,
  readPublishedOrsayCase,
  scaleGrade,
  talliesOf,
} from "../../src/demo/orsayData";

const HEADER = ["", ...ORSAY_CANDIDATES].join(",");

/** Returns the text of a ballot file with the header and `lines`. */
function csv(...lines: string[]): string {
  return [HEADER, ...lines].join("\n") + "\n";
}

describe("orsayData", function () {
  describe("scaleGrade", function () {
    it("maps 0 and 1 to À rejeter", function () {
      expect(scaleGrade(0)).to.equal(0);
      expect(scaleGrade(1)).to.equal(0);
    });

    it("maps 2 to 6 onto 1 to 5", function () {
      expect([2, 3, 4, 5, 6].map(scaleGrade)).to.deep.equal([1, 2, 3, 4, 5]);
    });
  });

  describe("parseBallotCsv", function () {
    it("reads ids and scaled grades", function () {
      const ballots = parseBallotCsv(csv("28,5,4,0,0,4,3,0,2,0,0,0,6"), "b.csv");

      expect(ballots).to.deep.equal([{ id: "28", file: "b.csv", grades: [4, 3, 0, 0, 3, 2, 0, 1, 0, 0, 0, 5] }]);
    });

    it("accepts CRLF and a byte-order mark", function () {
      const text = "\uFEFF" + csv("1,0,0,0,0,0,0,0,0,0,0,0,0").replace(/\n/g, "\r\n");

      expect(parseBallotCsv(text, "b.csv")).to.have.length(1);
    });

    it("rejects a grade above 6", function () {
      const text = csv("1,0,0,0,0,0,0,0,0,0,0,0,0", "2,0,0,0,7,0,0,0,0,0,0,0,0");

      expect(() => parseBallotCsv(text, "bureau_06.csv")).to.throw(
        'bureau_06.csv, line 3: invalid grade "7" for Bayrou',
      );
    });

    it("rejects a grade that is not a number", function () {
      expect(() => parseBallotCsv(csv("1,0,0,x,0,0,0,0,0,0,0,0,0"), "b.csv")).to.throw(
        'b.csv, line 2: invalid grade "x" for Schivardi',
      );
      expect(() => parseBallotCsv(csv("1,0,0,0,0,0,0,0,0,0,0,0,"), "b.csv")).to.throw(
        'b.csv, line 2: invalid grade "" for Sarkozy',
      );
    });

    it("rejects a wrong column count", function () {
      expect(() => parseBallotCsv(csv("9,1,2,3"), "bureau_12.csv")).to.throw(
        'bureau_12.csv, line 2: expected 13 columns (a ballot id and 12 grades), but found 4 in "9,1,2,3"',
      );
    });

    it("rejects an empty ballot id", function () {
      expect(() => parseBallotCsv(csv(",0,0,0,0,0,0,0,0,0,0,0,0"), "b.csv")).to.throw(
        "b.csv, line 2: the ballot id in the first column is empty",
      );
    });

    it("rejects another header", function () {
      expect(() => parseBallotCsv("id,A,B\n1,0,0\n", "b.csv")).to.throw('b.csv, line 1: invalid header "id,A,B"');
    });
  });

  describe("readOrsayBallots", function () {
    it("adds up to the published tallies", function () {
      const ballots = readOrsayBallots();
      const published = readPublishedOrsayCase();

      expect(ballots).to.have.length(1733);
      expect(published.name).to.include("1+6+12");
      expect(talliesOf(ballots)).to.deep.equal(published.tallies);
    });

    it("rejects a ballot id seen twice", async function () {
      const directory = await mkdtemp(path.join(tmpdir(), "orsay-"));
      try {
        for (const file of ORSAY_FILES) await writeFile(path.join(directory, file), csv("5,0,0,0,0,0,0,0,0,0,0,0,0"));

        expect(() => readOrsayBallots(directory)).to.throw(
          "bureau_06.csv: ballot id 5 appears twice, first in bureau_01.csv",
        );
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    });

    it("names a missing file", function () {
      expect(() => readOrsayBallots(path.join(tmpdir(), "no-such-orsay-folder"))).to.throw(
        "Cannot read the Orsay ballots file",
      );
    });
  });

  describe("readPublishedOrsayCase", function () {
    it("reads the published ranking", function () {
      const published = readPublishedOrsayCase();

      expect(published.ranking).to.deep.equal([[3], [7], [11], [5], [0], [1], [4], [10], [8], [6], [2], [9]]);
    });
  });
});
