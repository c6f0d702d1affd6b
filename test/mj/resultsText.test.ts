import { expect } from "chai";

import { judgmentResults, type ResultsInput } from "../../src/mj/results";
import { chartTitle, outcomeText, resultsLines } from "../../src/mj/resultsText";

const NBSP = "\u00A0";

/** Two suppliers and the status quo on the default scale, four voters, quorum 1 of weight 4. */
const INPUT: ResultsInput = {
  proposalId: 42n,
  title: "Which shop opens first?",
  state: "Succeeded",
  labels: ["Bakery", "Bookshop"],
  statusQuo: true,
  actionCounts: [1, 1, 0],
  tallies: [
    [0n, 0n, 1n, 2n, 1n, 0n],
    [0n, 1n, 2n, 1n, 0n, 0n],
    [3n, 1n, 0n, 0n, 0n, 0n],
  ],
  groups: [[0], [1], [2]],
  outcome: { kind: "Winner", leaders: [0], grade: 3, participation: 4n, quorum: 1n },
  gradeCount: 6,
  minimumGrade: 2,
  quorumPercent: 25,
  totalWeight: 4n,
  snapshot: 1_800_000_000n,
  deadline: 1_800_003_600n,
};

const TIE: Partial<ResultsInput> = {
  tallies: [INPUT.tallies[0], INPUT.tallies[0], INPUT.tallies[2]],
  groups: [[0, 1], [2]],
  outcome: { kind: "Tie", leaders: [0, 1], grade: 3, participation: 4n, quorum: 1n },
  state: "Defeated",
};

const BELOW_MINIMUM: Partial<ResultsInput> = {
  tallies: [
    [1n, 3n, 0n, 0n, 0n, 0n],
    [3n, 1n, 0n, 0n, 0n, 0n],
    [4n, 0n, 0n, 0n, 0n, 0n],
  ],
  outcome: { kind: "BelowMinimum", leaders: [0], grade: 1, participation: 4n, quorum: 1n },
  state: "Defeated",
};

const NO_QUORUM: Partial<ResultsInput> = {
  outcome: { kind: "QuorumNotReached", leaders: [0], grade: 3, participation: 4n, quorum: 5n },
  state: "Defeated",
};

function outcomeOf(changes: Partial<ResultsInput>, lang: "en" | "fr"): string {
  return outcomeText(judgmentResults({ ...INPUT, ...changes }, lang));
}

describe("results text", function () {
  it("writes the English lines", function () {
    expect(resultsLines(judgmentResults(INPUT, "en"))).to.deep.equal([
      "Proposal 42: Which shop opens first?",
      "  state: Succeeded: voting ended at 2027-01-15T09:00:00.000Z",
      "  participation: 4 of 4 weight (100%); quorum 1 (25%): reached",
      "  ranking:",
      "    1. Bakery (option 0): Good (\u2212) — 25% above Good, 25% below",
      "    2. Bookshop (option 1): Acceptable (\u2212) — 25% above Acceptable, 25% below",
      "    3. None of these (status quo) (option 2): Reject (+) — 25% above Reject, 0% below",
      '  outcome: "Bakery" (option 0) wins with the majority grade Good; its actions run through the timelock once queued.',
    ]);
  });

  it("writes the French lines", function () {
    expect(resultsLines(judgmentResults(INPUT, "fr"))).to.deep.equal([
      `Proposition 42${NBSP}: Which shop opens first?`,
      `  état${NBSP}: adoptée${NBSP}: vote clos à 2027-01-15T09:00:00.000Z`,
      `  participation${NBSP}: 4 sur 4 de poids (100${NBSP}%)${NBSP}; quorum 1 (25${NBSP}%)${NBSP}: atteint`,
      `  classement${NBSP}:`,
      `    1. Bakery (option 0)${NBSP}: Assez bien (\u2212) — 25${NBSP}% au-dessus de cette mention, 25${NBSP}% en dessous`,
      `    2. Bookshop (option 1)${NBSP}: Passable (\u2212) — 25${NBSP}% au-dessus de cette mention, 25${NBSP}% en dessous`,
      `    3. Aucune de ces options (statu quo) (option 2)${NBSP}: À rejeter (+) — 25${NBSP}% au-dessus de cette mention, 0${NBSP}% en dessous`,
      `  résultat${NBSP}: «${NBSP}Bakery${NBSP}» (option 0) l'emporte avec la mention majoritaire Assez bien${NBSP}; ` +
        "ses actions passeront par le timelock une fois mises en file.",
    ]);
  });

  it("names tied options", function () {
    expect(outcomeOf(TIE, "en")).to.equal(
      'tie for first place between "Bakery" (option 0) and "Bookshop" (option 1), so no option wins and nothing runs.',
    );
    expect(outcomeOf(TIE, "fr")).to.equal(
      `égalité en tête entre «${NBSP}Bakery${NBSP}» (option 0) et «${NBSP}Bookshop${NBSP}» (option 1)${NBSP}: ` +
        "aucune option ne l'emporte et rien n'est exécuté.",
    );
  });

  it("names three tied options", function () {
    const tallies = [INPUT.tallies[0], INPUT.tallies[0], INPUT.tallies[0]];
    const text = outcomeOf(
      { ...TIE, tallies, groups: [[0, 1, 2]], outcome: { ...TIE.outcome!, leaders: [0, 1, 2] } },
      "en",
    );

    expect(text).to.include(
      'between "Bakery" (option 0), "Bookshop" (option 1) and "None of these (status quo)" (option 2)',
    );
  });

  it("names the grade below the minimum", function () {
    expect(outcomeOf(BELOW_MINIMUM, "en")).to.equal(
      '"Bakery" (option 0) ranks first, but its majority grade Poor is below the minimum Acceptable, so nothing runs.',
    );
    expect(outcomeOf(BELOW_MINIMUM, "fr")).to.equal(
      `«${NBSP}Bakery${NBSP}» (option 0) arrive en tête, mais sa mention majoritaire Insuffisant est sous le ` +
        `minimum Passable${NBSP}; rien n'est exécuté.`,
    );
  });

  it("gives the weight below the quorum", function () {
    expect(outcomeOf(NO_QUORUM, "en")).to.equal(
      "quorum not reached: the ballots carry a weight of 4, below the quorum of 5, so nothing runs.",
    );
    expect(outcomeOf(NO_QUORUM, "fr")).to.equal(
      `quorum non atteint${NBSP}: les bulletins pèsent 4, sous le quorum de 5${NBSP}; rien n'est exécuté.`,
    );
  });

  it("says the status quo changes nothing", function () {
    const tallies = [INPUT.tallies[2], INPUT.tallies[1], INPUT.tallies[0]];
    const changes = {
      tallies,
      groups: [[2], [1], [0]],
      outcome: { kind: "Winner" as const, leaders: [2], grade: 3, participation: 4n, quorum: 1n },
    };

    expect(outcomeOf(changes, "en")).to.equal(
      '"None of these (status quo)" (option 2) wins with the majority grade Good; nothing changes.',
    );
  });

  it("says a pure choice runs nothing", function () {
    expect(outcomeOf({ actionCounts: [0, 1, 0] }, "fr")).to.include("le choix est enregistré et rien n'est exécuté.");
  });

  it("marks an open count as provisional", function () {
    expect(outcomeOf({ state: "Active" }, "en")).to.match(/^so far, "Bakery" \(option 0\) wins/);
    expect(outcomeOf({ state: "Active" }, "fr")).to.match(/^pour l'instant, «/);
  });

  it("says when the quorum is set", function () {
    const lines = resultsLines(judgmentResults({ ...INPUT, state: "Pending", totalWeight: undefined }, "en"));

    expect(lines[1]).to.equal("  state: Pending: voting opens after 2027-01-15T08:00:00.000Z");
    expect(lines[2]).to.equal("  participation: no ballot yet; the quorum, 25% of the weight, is set at the snapshot");
  });

  it("says when the quorum is missed", function () {
    const lines = resultsLines(judgmentResults({ ...INPUT, ...NO_QUORUM }, "fr"));

    expect(lines[2]).to.equal(
      `  participation${NBSP}: 4 sur 4 de poids (100${NBSP}%)${NBSP}; quorum 5 (25${NBSP}%)${NBSP}: non atteint`,
    );
  });

  it("gives the eta of a queued proposal", function () {
    const lines = resultsLines(judgmentResults({ ...INPUT, state: "Queued", eta: 1_800_004_200n }, "en"));

    expect(lines[1]).to.equal("  state: Queued: executable from 2027-01-15T09:10:00.000Z");
  });

  it("titles the chart", function () {
    expect(chartTitle(judgmentResults(INPUT, "en"))).to.equal("Which shop opens first?");
    expect(chartTitle(judgmentResults({ ...INPUT, title: undefined }, "fr"))).to.equal("Proposition 42");
  });
});
