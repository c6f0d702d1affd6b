import { expect } from "chai";

import { shortfallOf } from "../../src/payments/feeRouter";

describe("shortfallOf", function () {
  it("is zero when the balance covers", function () {
    expect(shortfallOf(100n, 10n, 1n, 89n)).to.equal(0n);
  });

  it("is zero with an excess", function () {
    expect(shortfallOf(150n, 10n, 1n, 89n)).to.equal(0n);
  });

  it("counts pots and credits", function () {
    expect(shortfallOf(50n, 10n, 1n, 89n)).to.equal(50n);
  });
});
