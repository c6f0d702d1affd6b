import { expect } from "chai";

import { CoopJudgmentGovernor__factory } from "../../typechain-types";
import { describeRevert } from "../../src/cli/errors";

const judgment = CoopJudgmentGovernor__factory.createInterface();

describe("describeRevert", function () {
  it("decodes a tie of the judgment governor", function () {
    const data = judgment.encodeErrorResult("CoopJudgmentTied", [42n, [0n, 2n]]);

    expect(describeRevert({ data })).to.equal("CoopJudgmentTied(proposalId=42, options=0,2)");
  });

  it("decodes a winner below the minimum", function () {
    const data = judgment.encodeErrorResult("CoopJudgmentBelowMinimum", [42n, 1n, 1n, 2n]);

    expect(describeRevert({ error: { data } })).to.equal(
      "CoopJudgmentBelowMinimum(proposalId=42, option=1, grade=1, minimumGrade=2)",
    );
  });

  it("decodes an error of the ranking library", function () {
    const data = judgment.encodeErrorResult("MajorityJudgmentNoOptions", []);

    expect(describeRevert({ data })).to.equal("MajorityJudgmentNoOptions()");
  });
});
