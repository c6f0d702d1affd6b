import { expect } from "chai";

import { STATUS_QUO_LABEL, judgmentResults, optionByIndex, type ResultsInput } from "../../src/mj/results";

/**
 * Three suppliers and the status quo on the default scale, six voters. Bakery's grades are
 * 3, 3, 4, 4, 5, 5 (majority grade 4, Very good), Bookshop's 2, 2, 2, 2, 3, 3 (2, Acceptable),
 * and Café and the status quo have the majority grade 0, Reject.
 */
const INPUT: ResultsInput = {
  proposalId: 42n,
  title: "Which shop opens first?",
  state: "Succeeded",
  labels: ["Bakery", "Bookshop", "Café"],
  statusQuo: true,
  actionCounts: [1, 1, 0, 0],
  tallies: [
    [0n, 0n, 0n, 2n, 2n, 2n],
    [0n, 0n, 4n, 2n, 0n, 0n],
    [3n, 3n, 0n, 0n, 0n, 0n],
    [5n, 1n, 0n, 0n, 0n, 0n],
  ],
  groups: [[0], [1], [2], [3]],
  outcome: { kind: "Winner", leaders: [0], grade: 4, participation: 6n, quorum: 1n },
  gradeCount: 6,
  minimumGrade: 2,
  quorumPercent: 25,
  totalWeight: 6n,
  snapshot: 1_800_000_000n,
  deadline: 1_800_003_600n,
};

describe("results", function () {
  it("lists options in ranking order", function () {
    const results = judgmentResults(INPUT, "en");

    expect(results.options.map((option) => option.index)).to.deep.equal([0, 1, 2, 3]);
    expect(results.options.map((option) => option.rank)).to.deep.equal([1, 2, 3, 4]);
    expect(results.options.map((option) => option.label)).to.deep.equal([
      "Bakery",
      "Bookshop",
      "Café",
      STATUS_QUO_LABEL.en,
    ]);
  });

  it("gives majority grades in the language", function () {
    const english = judgmentResults(INPUT, "en");
    const french = judgmentResults(INPUT, "fr");

    expect(english.options.map((option) => option.majorityGradeLabel)).to.deep.equal([
      "Very good",
      "Acceptable",
      "Reject",
      "Reject",
    ]);
    expect(french.options.map((option) => option.majorityGradeLabel)).to.deep.equal([
      "Bien",
      "Passable",
      "À rejeter",
      "À rejeter",
    ]);
    expect(french.options[3].label).to.equal("Aucune de ces options (statu quo)");
  });

  it("describes each option's gauge", function () {
    const [bakery] = judgmentResults(INPUT, "en").options;

    expect(bakery.description).to.equal("Very good (\u2212) — 33.3% above Very good, 33.3% below");
  });

  it("marks the status quo", function () {
    const results = judgmentResults(INPUT, "en");

    expect(results.options.map((option) => option.statusQuo)).to.deep.equal([false, false, false, true]);
  });

  it("gives tied options one rank", function () {
    const results = judgmentResults(
      {
        ...INPUT,
        tallies: [INPUT.tallies[0], INPUT.tallies[0], INPUT.tallies[2], INPUT.tallies[3]],
        groups: [[0, 1], [2], [3]],
        outcome: { kind: "Tie", leaders: [0, 1], grade: 4, participation: 6n, quorum: 1n },
      },
      "en",
    );

    expect(results.options.map((option) => option.rank)).to.deep.equal([1, 1, 3, 4]);
    expect(results.options.map((option) => option.tied)).to.deep.equal([true, true, false, false]);
    expect(results.outcome.leaders).to.deep.equal([0, 1]);
    expect(results.outcome.runs).to.be.false;
  });

  it("says a winner with actions runs", function () {
    const { outcome } = judgmentResults(INPUT, "en");

    expect(outcome.kind).to.equal("Winner");
    expect(outcome.final).to.be.true;
    expect(outcome.runs).to.be.true;
    expect(outcome.gradeLabel).to.equal("Very good");
    expect(outcome.minimumGradeLabel).to.equal("Acceptable");
  });

  it("says a winner without actions does not run", function () {
    const { outcome } = judgmentResults({ ...INPUT, actionCounts: [0, 1, 0, 0] }, "en");

    expect(outcome.runs).to.be.false;
  });

  it("marks an open count as not final", function () {
    expect(judgmentResults({ ...INPUT, state: "Active" }, "en").outcome.final).to.be.false;
    expect(judgmentResults({ ...INPUT, state: "Pending" }, "en").outcome.final).to.be.false;
    expect(judgmentResults({ ...INPUT, state: "Queued" }, "en").outcome.final).to.be.true;
  });

  it("finds an option by index", function () {
    const results = judgmentResults({ ...INPUT, groups: [[0], [2], [1], [3]] }, "en");

    expect(optionByIndex(results, 2).rank).to.equal(2);
  });

  describe("errors", function () {
    it("rejects a label count off by one", function () {
      expect(() => judgmentResults({ ...INPUT, statusQuo: false }, "en")).to.throw(
        "Invalid results input: 4 tallies, 3 labels (status quo included) and 4 action counts.",
      );
    });

    it("rejects a ranking that misses an option", function () {
      expect(() => judgmentResults({ ...INPUT, groups: [[0], [1], [2]] }, "en")).to.throw(
        "Invalid ranking: it lists 3 options, but the proposal has 4.",
      );
    });

    it("rejects a ranking that lists an option twice", function () {
      expect(() => judgmentResults({ ...INPUT, groups: [[0], [1, 1], [2], [3]] }, "en")).to.throw(
        "Invalid ranking: option 1 is out of range or listed twice",
      );
    });

    it("rejects a ranking that disagrees with the governor", function () {
      expect(() => judgmentResults({ ...INPUT, groups: [[1], [0], [2], [3]] }, "en")).to.throw(
        "The ranking puts options [1] first, but the governor's count puts [0] first",
      );
    });
  });
});
