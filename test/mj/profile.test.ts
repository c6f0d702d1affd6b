import { expect } from "chai";

import { gradeLabels } from "../../src/mj/grades";
import { NO_BALLOT_TEXT, describeOption, majorityGauge, majorityGrade } from "../../src/mj/profile";

const NBSP = "\u00A0";
const MINUS = "\u2212";

const EN_LABELS = gradeLabels(6, "en");
const FR_LABELS = gradeLabels(6, "fr");

/** 100 ballots on the default scale: 31 below Good, 27 at Good, 42 above it. */
const MOSTLY_GOOD = [10n, 10n, 11n, 27n, 20n, 22n];

const HUGE = 2n ** 254n;

describe("profile", function () {
  describe("majorityGrade", function () {
    it("takes the grade of a single ballot", function () {
      expect(majorityGrade([0n, 0n, 1n, 0n])).to.equal(2);
    });

    it("takes the median of an odd count", function () {
      expect(majorityGrade([1n, 1n, 0n, 1n])).to.equal(1);
    });

    it("takes the lower median of an even count", function () {
      expect(majorityGrade([0n, 2n, 2n, 0n])).to.equal(1);
    });

    it("takes the lower of two far grades", function () {
      expect(majorityGrade([3n, 0n, 0n, 3n])).to.equal(0);
    });

    it("reaches half exactly at the median", function () {
      expect(majorityGrade(MOSTLY_GOOD)).to.equal(3);
    });

    it("gives 0 for no ballot", function () {
      expect(majorityGrade([0n, 0n, 0n])).to.equal(0);
    });

    it("gives 0 for an empty histogram", function () {
      expect(majorityGrade([])).to.equal(0);
    });

    it("handles counts near 2^255", function () {
      expect(majorityGrade([HUGE, HUGE - 1n, HUGE])).to.equal(1);
      expect(majorityGrade([HUGE, HUGE, 0n, HUGE + 1n])).to.equal(1);
    });

    it("rejects a negative count", function () {
      expect(() => majorityGrade([1n, -2n, 3n])).to.throw(Error, "the count -2 of grade 1 is negative");
    });
  });

  describe("majorityGauge", function () {
    it("counts ballots on each side", function () {
      expect(majorityGauge(MOSTLY_GOOD)).to.deep.equal({ grade: 3, above: 42n, below: 31n, total: 100n });
    });

    it("counts none below the worst grade", function () {
      expect(majorityGauge([5n, 1n, 1n])).to.deep.equal({ grade: 0, above: 2n, below: 0n, total: 7n });
    });

    it("counts none above the best grade", function () {
      expect(majorityGauge([1n, 1n, 5n])).to.deep.equal({ grade: 2, above: 0n, below: 2n, total: 7n });
    });

    it("gives zeros for no ballot", function () {
      expect(majorityGauge([0n, 0n])).to.deep.equal({ grade: 0, above: 0n, below: 0n, total: 0n });
    });

    it("gives zeros for an empty histogram", function () {
      expect(majorityGauge([])).to.deep.equal({ grade: 0, above: 0n, below: 0n, total: 0n });
    });

    it("keeps huge counts exact", function () {
      const gauge = majorityGauge([HUGE, HUGE, HUGE + 3n]);

      expect(gauge.grade).to.equal(1);
      expect(gauge.above).to.equal(HUGE + 3n);
      expect(gauge.below).to.equal(HUGE);
      expect(gauge.total).to.equal(3n * HUGE + 3n);
    });

    it("rejects a negative count", function () {
      expect(() => majorityGauge([0n, 0n, -1n])).to.throw(Error, "the count -1 of grade 2 is negative");
    });
  });

  describe("describeOption", function () {
    it("describes in English", function () {
      expect(describeOption(MOSTLY_GOOD, EN_LABELS, "en")).to.equal("Good (+) — 42% above Good, 31% below");
    });

    it("describes in French", function () {
      expect(describeOption(MOSTLY_GOOD, FR_LABELS, "fr")).to.equal(
        `Assez bien (+) — 42${NBSP}% au-dessus de cette mention, 31${NBSP}% en dessous`,
      );
    });

    it("signs minus when more are below", function () {
      expect(describeOption([2n, 2n, 1n], ["Reject", "Fair", "Good"], "en")).to.equal(
        `Fair (${MINUS}) — 20% above Fair, 40% below`,
      );
    });

    it("signs minus on a tie", function () {
      expect(describeOption([1n, 1n, 1n], ["Reject", "Fair", "Good"], "en")).to.equal(
        `Fair (${MINUS}) — 33.3% above Fair, 33.3% below`,
      );
    });

    it("rounds percentages down", function () {
      expect(describeOption([0n, 1n, 2n], ["Reject", "Fair", "Good"], "en")).to.equal(
        `Good (${MINUS}) — 0% above Good, 33.3% below`,
      );
      expect(describeOption([2n, 1n, 0n], ["Reject", "Fair", "Good"], "en")).to.equal(
        "Reject (+) — 33.3% above Reject, 0% below",
      );
    });

    it("writes French decimals with a comma", function () {
      expect(describeOption([1n, 1n, 1n], ["A", "B", "C"], "fr")).to.equal(
        `B (${MINUS}) — 33,3${NBSP}% au-dessus de cette mention, 33,3${NBSP}% en dessous`,
      );
    });

    it("handles counts near 2^255", function () {
      expect(describeOption([HUGE, HUGE, 2n * HUGE], ["Reject", "Fair", "Good"], "en")).to.equal(
        `Fair (+) — 50% above Fair, 25% below`,
      );
    });

    it("describes no ballot", function () {
      expect(describeOption([0n, 0n], ["Reject", "Accept"], "en")).to.equal(NO_BALLOT_TEXT.en);
      expect(describeOption([0n, 0n], ["À rejeter", "Accepter"], "fr")).to.equal(NO_BALLOT_TEXT.fr);
    });

    it("rejects mismatched labels", function () {
      expect(() => describeOption([1n, 2n, 3n], EN_LABELS, "en")).to.throw(
        Error,
        "the histogram has 3 grades but 6 labels were given",
      );
    });

    it("rejects a negative count", function () {
      expect(() => describeOption([1n, -1n], ["Reject", "Accept"], "en")).to.throw(
        Error,
        "the count -1 of grade 1 is negative",
      );
    });
  });
});
