import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";

import { CollegeTallyHarness__factory, type CollegeTallyHarness } from "../../typechain-types";
import { UNDER_COVERAGE } from "../helpers/coverage";

/** The fixed-point unit of combined results. */
const SCALE = 10n ** 18n;

/** The SCIC weights of the tests: workers 30%, users 30%, partners 20%, public bodies 20%. */
const SCIC_WEIGHTS = [3_000n, 3_000n, 2_000n, 2_000n];

/** Random cases per property, fewer under coverage. */
const RUNS = UNDER_COVERAGE ? 10 : 60;

async function deployHarnessFixture(): Promise<CollegeTallyHarness> {
  const [deployer] = await ethers.getSigners();
  return new CollegeTallyHarness__factory(deployer).deploy();
}

/** Weights in basis points that sum to 10,000, one per college, each at least 1. */
const weightsArbitrary = fc
  .array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 16 })
  .map((parts) => {
    const total = parts.reduce((sum, part) => sum + part, 0);
    const weights = parts.map((part) => BigInt(Math.max(1, Math.floor((part * 10_000) / total))));
    const sum = weights.reduce((acc, weight) => acc + weight, 0n);
    weights[0] += 10_000n - sum;
    return weights;
  })
  .filter((weights) => weights.every((weight) => weight > 0n));

/** A vote count: mostly small, sometimes the largest a membership weight can hold. */
const countArbitrary = fc.oneof(fc.bigInt({ min: 0n, max: 20n }), fc.bigInt({ min: 0n, max: 2n ** 96n - 1n }));

describe("CollegeTally", function () {
  describe("combineYesNo", function () {
    it("weights each college's shares", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      // Workers all for, users all against, partners and public bodies all for.
      const [against, inFavour, abstain] = await harness.combineYesNo(
        [0n, 10n, 0n, 0n],
        [2n, 0n, 1n, 1n],
        [0n, 0n, 0n, 0n],
        SCIC_WEIGHTS,
      );
      expect([against, inFavour, abstain]).to.deep.equal([(SCALE * 3n) / 10n, (SCALE * 7n) / 10n, 0n]);
    });

    it("shares a silent college's weight among the others", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      // Public bodies do not vote: their 20% goes to the others in proportion, 3/8, 3/8, 2/8.
      const [against, inFavour] = await harness.combineYesNo(
        [0n, 5n, 0n, 0n],
        [1n, 0n, 1n, 0n],
        [0n, 0n, 0n, 0n],
        SCIC_WEIGHTS,
      );
      expect([against, inFavour]).to.deep.equal([(SCALE * 3n) / 8n, (SCALE * 5n) / 8n]);
    });

    it("returns zeros when nobody voted", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      const zeros = [0n, 0n, 0n, 0n];
      expect(await harness.combineYesNo(zeros, zeros, zeros, SCIC_WEIGHTS)).to.deep.equal([0n, 0n, 0n]);
    });

    it("rounds each college's share down", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      // One college, a third for: 333...333 and two thirds against: 666...666, one unit lost.
      const [against, inFavour] = await harness.combineYesNo([2n], [1n], [0n], [10_000n]);
      expect(against + inFavour).to.equal(SCALE - 1n);
    });

    it("keeps the shares within the scale", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      await fc.assert(
        fc.asyncProperty(
          weightsArbitrary.chain((weights) =>
            fc.tuple(
              fc.constant(weights),
              fc.array(fc.tuple(countArbitrary, countArbitrary, countArbitrary), {
                minLength: weights.length,
                maxLength: weights.length,
              }),
            ),
          ),
          async ([weights, votes]) => {
            const [against, inFavour, abstain] = await harness.combineYesNo(
              votes.map((vote) => vote[0]),
              votes.map((vote) => vote[1]),
              votes.map((vote) => vote[2]),
              weights,
            );
            const total = against + inFavour + abstain;
            const anyVote = votes.some((vote) => vote[0] + vote[1] + vote[2] > 0n);
            expect(total <= SCALE).to.equal(true);
            // Rounding loses less than one unit per part of each college.
            if (anyVote) expect(SCALE - total < BigInt(3 * weights.length)).to.equal(true);
          },
        ),
        { numRuns: RUNS },
      );
    });
  });

  describe("yesNoSucceeded", function () {
    it("passes a weighted majority for", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      expect(
        await harness.yesNoSucceeded([0n, 10n, 0n, 0n], [2n, 0n, 1n, 1n], [0n, 0n, 0n, 0n], SCIC_WEIGHTS),
      ).to.equal(true);
    });

    it("rejects an exact tie that rounded-down shares would pass", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      // The true shares tie at 1/2, but rounded down the for share is one unit above the against share.
      const againstVotes = [3n, 2n, 4n, 2n];
      const forVotes = [4n, 1n, 3n, 5n];
      const abstain = [0n, 0n, 0n, 0n];
      const [against, inFavour] = await harness.combineYesNo(againstVotes, forVotes, abstain, SCIC_WEIGHTS);
      expect(inFavour - against).to.equal(1n);
      expect(await harness.yesNoSucceeded(againstVotes, forVotes, abstain, SCIC_WEIGHTS)).to.equal(false);
    });

    it("never passes a tie", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      // Mirrored colleges of equal weight tie exactly, whatever the counts.
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(countArbitrary, countArbitrary, countArbitrary), { minLength: 1, maxLength: 8 }),
          async (votes) => {
            const weights = [...votes, ...votes].map(() => 10_000n / BigInt(2 * votes.length));
            const againstVotes = [...votes.map((vote) => vote[0]), ...votes.map((vote) => vote[1])];
            const forVotes = [...votes.map((vote) => vote[1]), ...votes.map((vote) => vote[0])];
            const abstain = [...votes.map((vote) => vote[2]), ...votes.map((vote) => vote[2])];
            expect(await harness.yesNoSucceeded(againstVotes, forVotes, abstain, weights)).to.equal(false);
          },
        ),
        { numRuns: RUNS },
      );
    });
  });

  describe("combineHistograms", function () {
    it("totals the scale for every option", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      await fc.assert(
        fc.asyncProperty(
          weightsArbitrary.chain((weights) =>
            fc.tuple(
              fc.constant(weights),
              fc.integer({ min: 1, max: 4 }),
              fc.integer({ min: 2, max: 6 }),
              fc.array(fc.array(fc.tuple(fc.nat({ max: 5 }), countArbitrary), { maxLength: 4 }), {
                minLength: weights.length,
                maxLength: weights.length,
              }),
            ),
          ),
          async ([weights, optionCount, gradeCount, ballots]) => {
            // Each college's ballots give every option the same grade, so each option totals the college's weight.
            const histograms = ballots.map((collegeBallots) => {
              const rows = Array.from({ length: optionCount }, () => Array<bigint>(gradeCount).fill(0n));
              for (const [grade, weight] of collegeBallots) {
                for (const row of rows) row[grade % gradeCount] += weight;
              }
              return rows;
            });
            const voted = ballots.map((collegeBallots) => collegeBallots.reduce((sum, [, weight]) => sum + weight, 0n));
            const combined = await harness.combineHistograms(histograms, voted, weights, optionCount, gradeCount);
            const anyVote = voted.some((weight) => weight > 0n);
            for (const row of combined) {
              expect(row.reduce((sum, count) => sum + count, 0n)).to.equal(anyVote ? SCALE : 0n);
            }
          },
        ),
        { numRuns: RUNS },
      );
    });

    it("puts the rounding remainder at grade 0", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      // One college where one voter in three gave grade 1 and two gave grade 2.
      const combined = await harness.combineHistograms([[[0n, 1n, 2n]]], [3n], [10_000n], 1, 3);
      expect(combined[0]).to.deep.equal([1n, SCALE / 3n, (2n * SCALE) / 3n]);
    });

    it("returns zeros when nobody voted", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      const combined = await harness.combineHistograms([[], []], [0n, 0n], [5_000n, 5_000n], 2, 3);
      expect(combined).to.deep.equal([
        [0n, 0n, 0n],
        [0n, 0n, 0n],
      ]);
    });
  });

  describe("quorumReached", function () {
    it("sums the colleges globally", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      expect(await harness.quorumReached([3n, 0n, 0n, 1n], SCIC_WEIGHTS, 4n, false)).to.equal(true);
    });

    it("fails globally below the quorum", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      expect(await harness.quorumReached([3n, 0n, 0n, 0n], SCIC_WEIGHTS, 4n, false)).to.equal(false);
    });

    it("needs each college's share per college", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      // Quorum 10: workers and users need 3, partners and public bodies 2.
      expect(await harness.quorumReached([3n, 3n, 2n, 2n], SCIC_WEIGHTS, 10n, true)).to.equal(true);
    });

    it("fails per college when one college falls short", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      expect(await harness.quorumReached([30n, 30n, 20n, 1n], SCIC_WEIGHTS, 10n, true)).to.equal(false);
    });

    it("compares a fractional share exactly", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      // Quorum 5: workers need 1.5, so 1 is short although 1.5 rounds down to 1.
      expect(await harness.quorumReached([1n, 2n, 1n, 1n], SCIC_WEIGHTS, 5n, true)).to.equal(false);
    });
  });

  describe("votedWeightBps", function () {
    it("sums the weights of the colleges that voted", async function () {
      const harness = await loadFixture(deployHarnessFixture);
      expect(await harness.votedWeightBps([1n, 0n, 4n, 0n], SCIC_WEIGHTS)).to.equal(5_000n);
    });
  });

  it("uses a scale of 1e18", async function () {
    const harness = await loadFixture(deployHarnessFixture);
    expect(await harness.scale()).to.equal(SCALE);
  });
});
