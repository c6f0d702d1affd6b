import { expect } from "chai";

import { formatDuration } from "../../src/cli/durations";
import { queryInRanges } from "../../src/chain/logs";

describe("formatDuration", function () {
  const cases: [bigint | number, string][] = [
    [0, "0 seconds"],
    [1, "1 second"],
    [60, "1 minute"],
    [5_400, "1 hour 30 minutes"],
    [86_400n, "1 day"],
    [2_592_000n, "30 days"],
    [90_061, "1 day 1 hour 1 minute 1 second"],
  ];
  for (const [seconds, text] of cases) {
    it(`formats ${seconds} seconds`, function () {
      expect(formatDuration(seconds)).to.equal(text);
    });
  }
});

describe("queryInRanges", function () {
  it("splits blocks into ranges", async function () {
    const ranges: [number, number][] = [];

    const results = await queryInRanges(10, 24, 5, async (from, to) => {
      ranges.push([from, to]);
      return [from];
    });

    expect(ranges).to.deep.equal([
      [10, 14],
      [15, 19],
      [20, 24],
    ]);
    expect(results).to.deep.equal([10, 15, 20]);
  });

  it("shortens the last range", async function () {
    const ranges: [number, number][] = [];

    await queryInRanges(0, 6, 4, async (from, to) => {
      ranges.push([from, to]);
      return [];
    });

    expect(ranges).to.deep.equal([
      [0, 3],
      [4, 6],
    ]);
  });

  it("rejects a range of zero", async function () {
    await expect(queryInRanges(0, 6, 0, async () => [])).to.be.rejectedWith("Invalid block range 0");
  });
});
