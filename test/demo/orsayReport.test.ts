import { expect } from "chai";

import {
  frenchRankingLines,
  orsayChartTitle,
  rankingText,
  sameRanking,
  tallyDifferences,
} from "../../src/demo/orsayReport";

/** Twelve identical histograms of four ballots, one at each of grades 0, 2, 3 and 5. */
const EVEN_TALLIES = Array.from({ length: 12 }, () => [1n, 0n, 1n, 1n, 0n, 1n]);

describe("orsayReport", function () {
  describe("sameRanking", function () {
    it("ignores order inside a tie", function () {
      expect(sameRanking({ groups: [[1, 0], [2]] }, { groups: [[0, 1], [2]] })).to.equal(true);
    });

    it("detects a swap", function () {
      expect(sameRanking({ groups: [[0], [1]] }, { groups: [[1], [0]] })).to.equal(false);
    });
  });

  it("rankingText names the candidates", function () {
    expect(rankingText({ groups: [[3], [7, 11]] })).to.equal("Bayrou > Royal = Sarkozy");
  });

  it("tallyDifferences lists mismatches", function () {
    const onChain = EVEN_TALLIES.map((row) => [...row]);
    onChain[9][0] += 1n;

    expect(tallyDifferences(EVEN_TALLIES, EVEN_TALLIES)).to.deep.equal([]);
    expect(tallyDifferences(EVEN_TALLIES, onChain)).to.deep.equal([
      "Le Pen: published [1, 0, 1, 1, 0, 1], on chain [2, 0, 1, 1, 0, 1]",
    ]);
  });

  it("frenchRankingLines gives grades in French", function () {
    const ranking = { groups: [[3], ...[0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11].map((candidate) => [candidate])] };

    const lines = frenchRankingLines(ranking, EVEN_TALLIES);

    expect(lines).to.have.length(12);
    expect(lines[0]).to.equal(
      "1. Bayrou\u00A0: Passable (+) — 50\u00A0% au-dessus de cette mention, 25\u00A0% en dessous",
    );
  });

  it("frenchRankingLines marks ties", function () {
    const ranking = {
      groups: [
        [3, 7],
        [0, 1, 2, 4, 5, 6, 8, 9, 10, 11],
      ],
    };

    const lines = frenchRankingLines(ranking, EVEN_TALLIES);

    expect(lines[1]).to.match(/^1\. Royal \(ex æquo\)/);
    expect(lines[2]).to.match(/^3\. Besancenot \(ex æquo\)/);
  });

  it("orsayChartTitle groups digits", function () {
    expect(orsayChartTitle(1733)).to.include("1\u202F733 bulletins");
  });
});
