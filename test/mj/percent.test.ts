import { expect } from "chai";

import { formatPercent } from "../../src/mj/percent";

const NBSP = "\u00A0";

describe("percent", function () {
  describe("formatPercent", function () {
    it("writes whole percentages", function () {
      expect(formatPercent(42n, 100n, "en")).to.equal("42%");
    });

    it("writes one decimal", function () {
      expect(formatPercent(1n, 8n, "en")).to.equal("12.5%");
    });

    it("rounds down", function () {
      expect(formatPercent(2n, 3n, "en")).to.equal("66.6%");
      expect(formatPercent(999n, 1000n, "en")).to.equal("99.9%");
    });

    it("writes French with a comma and a no-break space", function () {
      expect(formatPercent(1n, 8n, "fr")).to.equal(`12,5${NBSP}%`);
    });

    it("writes 0 and 100", function () {
      expect(formatPercent(0n, 7n, "en")).to.equal("0%");
      expect(formatPercent(7n, 7n, "en")).to.equal("100%");
    });

    it("handles counts near 2^255", function () {
      const huge = 2n ** 255n - 19n;

      expect(formatPercent(huge, 3n * huge, "en")).to.equal("33.3%");
      expect(formatPercent(huge - 1n, huge, "en")).to.equal("99.9%");
    });

    it("rejects a zero total", function () {
      expect(() => formatPercent(0n, 0n, "en")).to.throw(Error, "Invalid total 0 for a percentage");
    });

    it("rejects a negative part", function () {
      expect(() => formatPercent(-1n, 4n, "en")).to.throw(Error, "Invalid part -1 for a percentage of 4");
    });
  });
});
