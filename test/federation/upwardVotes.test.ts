import { expect } from "chai";
import { solidityPacked } from "ethers";

import { decodeFractionalParams } from "../../src/federation/upwardVotes";

describe("decodeFractionalParams", function () {
  it("splits three packed amounts", function () {
    const params = solidityPacked(["uint128", "uint128", "uint128"], [366_667n, 533_333n, 100_000n]);

    expect(decodeFractionalParams(params)).to.deep.equal({ against: 366_667n, for: 533_333n, abstain: 100_000n });
  });

  it("reads the largest uint128", function () {
    const max = 2n ** 128n - 1n;
    const params = solidityPacked(["uint128", "uint128", "uint128"], [max, 0n, max]);

    expect(decodeFractionalParams(params)).to.deep.equal({ against: max, for: 0n, abstain: max });
  });

  it("rejects params of another length", function () {
    expect(() => decodeFractionalParams("0x" + "00".repeat(47))).to.throw("expected 48 bytes");
  });
});
