import { expect } from "chai";

import { compareFigures, failsCheck, formatComparison, type GasFigures } from "../../bench/gasFigures";

const COMMITTED: GasFigures = {
  governance: { propose: 100_000, castVote: 50_000, queue: 80_000, execute: 90_000 },
  scale: { "castVote (1,000th voter)": 86_000 },
};

describe("bench gas figures", function () {
  it("passes on equal figures", function () {
    const comparison = compareFigures({ governance: { ...COMMITTED.governance } }, COMMITTED);
    expect(failsCheck(comparison)).to.equal(false);
    expect(comparison.increases).to.deep.equal([]);
    expect(comparison.decreases).to.deep.equal([]);
    expect(comparison.skippedSections).to.deep.equal(["scale"]);
  });

  it("fails above the tolerance", function () {
    const comparison = compareFigures({ governance: { ...COMMITTED.governance, queue: 80_801 } }, COMMITTED);
    expect(failsCheck(comparison)).to.equal(true);
    expect(comparison.increases.map((change) => change.step)).to.deep.equal(["queue"]);
    const message = formatComparison(comparison);
    expect(message).to.contain("governance / queue: 80000 -> 80801 gas (+1.00%)");
    expect(message).to.contain("npm run bench");
  });

  it("accepts increases within tolerance", function () {
    const comparison = compareFigures({ governance: { ...COMMITTED.governance, queue: 80_800 } }, COMMITTED);
    expect(failsCheck(comparison)).to.equal(false);
    expect(comparison.smallIncreases.map((change) => change.step)).to.deep.equal(["queue"]);
  });

  it("reports decreases without failing", function () {
    const comparison = compareFigures({ governance: { ...COMMITTED.governance, propose: 90_000 } }, COMMITTED);
    expect(failsCheck(comparison)).to.equal(false);
    expect(comparison.decreases).to.have.length(1);
    expect(comparison.decreases[0].percent).to.equal(-10);
  });

  it("fails on a step missing from the file", function () {
    const comparison = compareFigures({ governance: { ...COMMITTED.governance, castVoteBySig: 1 } }, COMMITTED);
    expect(failsCheck(comparison)).to.equal(true);
    expect(comparison.missing).to.deep.equal([{ section: "governance", step: "castVoteBySig", figure: 1 }]);
    expect(formatComparison(comparison)).to.contain("missing from bench/gas.json");
  });

  it("lists steps no longer measured", function () {
    const measured = Object.fromEntries(Object.entries(COMMITTED.governance).filter(([step]) => step !== "execute"));
    const comparison = compareFigures({ governance: measured }, COMMITTED);
    expect(failsCheck(comparison)).to.equal(false);
    expect(comparison.stale).to.deep.equal([{ section: "governance", step: "execute", figure: 90_000 }]);
  });

  it("names sizes in bytes", function () {
    const comparison = compareFigures({ "size (bytes)": { CoopGovernor: 25_000 } }, { "size (bytes)": { CoopGovernor: 24_000 } });
    expect(formatComparison(comparison)).to.contain("size (bytes) / CoopGovernor: 24000 -> 25000 bytes");
  });
});
