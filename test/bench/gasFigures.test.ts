import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { compareFigures, failsCheck, formatComparison, readGasFile, type GasFigures } from "../../bench/gasFigures";

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

  describe("reading gas.json", function () {
    let folder: string;

    before(function () {
      folder = mkdtempSync(path.join(os.tmpdir(), "gas-json-"));
    });

    after(function () {
      rmSync(folder, { recursive: true, force: true });
    });

    /** Writes `text` as a gas file and returns its path. */
    function gasFile(text: string): string {
      const file = path.join(folder, "gas.json");
      writeFileSync(file, text);
      return file;
    }

    it("reads valid figures", function () {
      expect(readGasFile(gasFile(JSON.stringify(COMMITTED)))).to.deep.equal(COMMITTED);
    });

    it("names the file on invalid JSON", function () {
      const file = gasFile("{");
      expect(() => readGasFile(file)).to.throw(`${file} is not valid JSON`);
    });

    it("rejects a negative figure", function () {
      const file = gasFile(JSON.stringify({ governance: { castVote: -1 } }));
      expect(() => readGasFile(file)).to.throw('"governance / castVote" is -1, not a positive whole number');
    });

    it("rejects a figure in a string", function () {
      const file = gasFile(JSON.stringify({ governance: { castVote: "158266" } }));
      expect(() => readGasFile(file)).to.throw('"governance / castVote" is "158266"');
    });

    it("rejects a section that is not an object", function () {
      const file = gasFile(JSON.stringify({ governance: [1, 2] }));
      expect(() => readGasFile(file)).to.throw('section "governance" must be an object of steps');
    });
  });
});
