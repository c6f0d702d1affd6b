import { expect } from "chai";

import { findLatestInRanges, queryInRanges } from "../../src/chain/logs";

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

describe("findLatestInRanges", function () {
  it("searches from the latest range back", async function () {
    const ranges: [number, number][] = [];

    const found = await findLatestInRanges(3, 24, 10, async (from, to) => {
      ranges.push([from, to]);
      return from <= 8 && 8 <= to ? ["first", "last"] : [];
    });

    expect(ranges).to.deep.equal([
      [15, 24],
      [5, 14],
    ]);
    expect(found).to.equal("last");
  });

  it("stops at the start block", async function () {
    const ranges: [number, number][] = [];

    const found = await findLatestInRanges(3, 24, 10, async (from, to) => {
      ranges.push([from, to]);
      return [];
    });

    expect(ranges.at(-1)).to.deep.equal([3, 4]);
    expect(found).to.equal(undefined);
  });

  it("rejects a range of zero", async function () {
    await expect(findLatestInRanges(0, 6, 0, async () => [])).to.be.rejectedWith("Invalid block range 0");
  });
});
