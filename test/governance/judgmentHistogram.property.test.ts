import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import fc from "fast-check";

import type { CoopJudgmentGovernor } from "../../typechain-types";
import { FOUNDER_COUNT } from "../helpers/fixtures";
import { MAX_REPRESENTED } from "../helpers/membership";
import {
  changeJudgmentSettings,
  deployJudgmentFixture,
  openJudgment,
  plainOptions,
  type JudgmentFixture,
} from "../helpers/judgment";

/**
 * Random runs and their seed. A hundred runs of up to 20 ballots took about 15 s on a 2-core machine.
 * A failure prints the seed and the path that replay it.
 */
const RUNS = 100;
const SEED = 20_261_205;
const MAX_BALLOTS = 20;

/** Founders and one outsider cast ballots, so that some ballots come from a non-member. */
const POOL_SIZE = FOUNDER_COUNT + 1;

/** How one voter fills in a ballot. */
type BallotAction =
  /** One grade per option, all of the voter's weight on it. */
  | { kind: "grades"; voter: number; grades: number[] }
  /** The weight split between grades in proportion to `shares`, one row per option. */
  | { kind: "fractional"; voter: number; shares: number[][] }
  /** A fractional ballot whose first row is one unit short of the weight: rejected. */
  | { kind: "shortFractional"; voter: number; shares: number[][] }
  /** A ballot that leaves the last option ungraded: rejected. */
  | { kind: "missingOption"; voter: number; grades: number[] }
  /** A ballot with a grade past the top of the scale: rejected. */
  | { kind: "outOfScale"; voter: number; grades: number[] }
  /** A member's weight change after the snapshot, which must not change any ballot's weight. */
  | { kind: "reweigh"; voter: number; weight: bigint };

/** The cooperative before the proposal: weights, delegations and the proposal's shape. */
interface Scenario {
  weights: bigint[];
  delegations: [number, number][];
  gradeCount: number;
  optionCount: number;
  statusQuo: boolean;
  ballots: BallotAction[];
}

/** Largest number of options and grades the generator uses: enough to cross a packed slot of four counts. */
const MAX_OPTIONS = 5;
const MAX_GRADES = 7;

const voter = fc.integer({ min: 0, max: POOL_SIZE - 1 });

function ballotArbitrary(optionCount: number, gradeCount: number): fc.Arbitrary<BallotAction> {
  const grade = fc.integer({ min: 0, max: gradeCount - 1 });
  const grades = fc.array(grade, { minLength: optionCount, maxLength: optionCount });
  const shares = fc.array(fc.array(fc.nat(3), { minLength: gradeCount, maxLength: gradeCount }), {
    minLength: optionCount,
    maxLength: optionCount,
  });
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant("grades" as const), voter, grades }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("fractional" as const), voter, shares }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("shortFractional" as const), voter, shares }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("missingOption" as const), voter, grades }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("outOfScale" as const), voter, grades }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("reweigh" as const),
        voter: fc.integer({ min: 0, max: FOUNDER_COUNT - 1 }),
        weight: fc.bigInt(1n, 9n),
      }),
    },
  );
}

const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .record({
    weights: fc.array(fc.bigInt(1n, 1_000n), { minLength: FOUNDER_COUNT, maxLength: FOUNDER_COUNT }),
    delegations: fc.array(
      fc.tuple(fc.integer({ min: 0, max: FOUNDER_COUNT - 1 }), fc.integer({ min: 0, max: FOUNDER_COUNT - 1 })),
      { maxLength: 3 },
    ),
    gradeCount: fc.integer({ min: 2, max: MAX_GRADES }),
    options: fc.integer({ min: 2, max: MAX_OPTIONS - 1 }),
    statusQuo: fc.boolean(),
  })
  .chain(({ weights, delegations, gradeCount, options, statusQuo }) => {
    const optionCount = options + (statusQuo ? 1 : 0);
    return fc
      .array(ballotArbitrary(optionCount, gradeCount), { minLength: 1, maxLength: MAX_BALLOTS })
      .map((ballots) => ({ weights, delegations, gradeCount, optionCount, statusQuo, ballots }));
  });

/** Splits `weight` between grades in proportion to `shares`, the rest on the first grade with a share. */
function splitWeight(weight: bigint, shares: number[]): bigint[] {
  const total = BigInt(shares.reduce((sum, share) => sum + share, 0));
  if (total === 0n) return shares.map((_, grade) => (grade === 0 ? weight : 0n));
  const parts = shares.map((share) => (weight * BigInt(share)) / total);
  const rest = weight - parts.reduce((sum, part) => sum + part, 0n);
  parts[shares.findIndex((share) => share > 0)] += rest;
  return parts;
}

/** Returns a histogram of `optionCount` rows of `gradeCount` zeros. */
function emptyHistogram(optionCount: number, gradeCount: number): bigint[][] {
  return Array.from({ length: optionCount }, () => Array.from({ length: gradeCount }, () => 0n));
}

/**
 * The ballots the governor must count: the parts of each voter's latest accepted ballot, one row
 * per option, and each voter's weight at the snapshot.
 */
class BallotBoxModel {
  readonly ballots = new Map<number, bigint[][]>();

  constructor(
    readonly snapshotVotes: bigint[],
    readonly members: boolean[],
    readonly optionCount: number,
    readonly gradeCount: number,
  ) {}

  /** Sum of the weights of the voters whose ballot counts. */
  votedWeight(): bigint {
    return [...this.ballots.keys()].reduce((sum, index) => sum + this.snapshotVotes[index], 0n);
  }

  histogram(): bigint[][] {
    const counts = emptyHistogram(this.optionCount, this.gradeCount);
    for (const parts of this.ballots.values()) {
      parts.forEach((row, option) => row.forEach((part, grade) => (counts[option][grade] += part)));
    }
    return counts;
  }
}

/** A custom error the governor must raise, or null when the ballot must count. */
type Expected = { error: string } | null;

/** Returns the revert that `action` must cause, or null, and records an accepted ballot in `model`. */
function expectBallot(model: BallotBoxModel, action: BallotAction): Expected {
  if (action.kind === "reweigh") return null;
  if (!model.members[action.voter]) return { error: "CoopJudgmentNotMember" };
  const weight = model.snapshotVotes[action.voter];
  if (weight === 0n) return { error: "CoopJudgmentNoVotesAtSnapshot" };

  switch (action.kind) {
    case "grades":
      model.ballots.set(
        action.voter,
        action.grades.map((grade) =>
          Array.from({ length: model.gradeCount }, (_, index) => (index === grade ? weight : 0n)),
        ),
      );
      return null;
    case "fractional":
      model.ballots.set(
        action.voter,
        action.shares.map((row) => splitWeight(weight, row)),
      );
      return null;
    case "shortFractional":
      return { error: "CoopJudgmentPartsMismatch" };
    case "missingOption":
      return { error: "CoopJudgmentWrongGradeCount" };
    case "outOfScale":
      return { error: "CoopJudgmentGradeOutOfScale" };
  }
}

/** Sends the transaction of `action`, for a voter of `weight` on a scale of `gradeCount` grades. */
function send(
  fixture: JudgmentFixture,
  pool: HardhatEthersSigner[],
  id: bigint,
  action: BallotAction,
  weight: bigint,
  gradeCount: number,
) {
  const judgment = fixture.judgment.connect(pool[action.voter]);
  switch (action.kind) {
    case "grades":
      return judgment.castBallot(id, action.grades);
    case "fractional":
      return judgment.castFractionalBallot(
        id,
        action.shares.map((row) => splitWeight(weight, row)),
      );
    case "shortFractional": {
      const parts = action.shares.map((row) => splitWeight(weight, row));
      // Taking one unit off the first row leaves it one short. A voter of weight 0 is rejected before this check.
      const first = parts[0].findIndex((part) => part > 0n);
      if (first !== -1) parts[0][first] -= 1n;
      return judgment.castFractionalBallot(id, parts);
    }
    case "missingOption":
      return judgment.castBallot(id, action.grades.slice(0, -1));
    case "outOfScale":
      return judgment.castBallot(id, [gradeCount, ...action.grades.slice(1)]);
    case "reweigh":
      return fixture.byTimelock.setWeight(pool[action.voter].address, action.weight);
  }
}

/** Applies the weights and delegations of `scenario` that the register accepts, and returns each account's votes. */
async function prepareMembers(fixture: JudgmentFixture, pool: HardhatEthersSigner[], scenario: Scenario) {
  const { membership, byTimelock } = fixture;
  for (const [index, weight] of scenario.weights.entries()) {
    await byTimelock.setWeight(pool[index].address, weight);
  }
  const delegates = pool.map((_, index) => index);
  for (const [from, to] of scenario.delegations) {
    const represented = delegates.filter((delegate, member) => delegate === to && member !== to).length;
    if (from !== to && represented >= MAX_REPRESENTED) continue;
    await membership.connect(pool[from]).delegate(pool[to].address);
    delegates[from] = to;
  }
  const credited = (member: number): bigint => (member < FOUNDER_COUNT ? scenario.weights[member] : 0n);
  return pool.map((_, index) =>
    delegates.reduce((sum, delegate, member) => (delegate === index ? sum + credited(member) : sum), 0n),
  );
}

/** Checks the histograms, the weight that voted under each option and the participation. */
async function expectTallies(judgment: CoopJudgmentGovernor, id: bigint, model: BallotBoxModel, step: string) {
  const tallies = (await judgment.tallies(id)).map((row) => [...row]);
  const voted = model.votedWeight();
  tallies.forEach((row, option) => {
    const sum = row.reduce((total, count) => total + count, 0n);
    expect(sum, `${step}: weight graded on option ${option}`).to.equal(voted);
  });
  expect(tallies, `${step}: histograms`).to.deep.equal(model.histogram());
  const [, , , participation] = await judgment.outcome(id);
  expect(participation, `${step}: participation`).to.equal(voted);
}

/** The standard judgment fixture with proxy voting, so that one member may vote with others' weight. */
async function deployProxyJudgmentFixture(): Promise<JudgmentFixture> {
  const fixture = await deployJudgmentFixture();
  await fixture.byTimelock.setProxyVoting(true, MAX_REPRESENTED);
  return fixture;
}

describe("CoopJudgmentGovernor histogram property", function () {
  this.timeout(300_000);

  it("sums each option to voted weight", async function () {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        const fixture = await loadFixture(deployProxyJudgmentFixture);
        const pool = [...fixture.founders.slice(0, FOUNDER_COUNT), fixture.outsiders[0]];
        const snapshotVotes = await prepareMembers(fixture, pool, scenario);
        await changeJudgmentSettings(fixture, { gradeCount: BigInt(scenario.gradeCount), minimumGrade: 0n });

        const optionLabels = scenario.optionCount - (scenario.statusQuo ? 1 : 0);
        // A member who delegated all of their votes away cannot propose.
        const proposer = pool[snapshotVotes.findIndex((votes) => votes > 0n)];
        const handle = await openJudgment(fixture.judgment, proposer, plainOptions(optionLabels), {
          statusQuo: scenario.statusQuo,
        });
        const { snapshot } = await fixture.judgment.proposalDetails(handle.id);
        const pastVotes = await Promise.all(
          pool.map((signer) => fixture.membership.getPastVotes(signer.address, snapshot)),
        );
        expect(pastVotes, "votes at the snapshot").to.deep.equal(snapshotVotes);

        const members = pool.map((_, index) => index < FOUNDER_COUNT);
        const model = new BallotBoxModel(snapshotVotes, members, scenario.optionCount, scenario.gradeCount);
        await expectTallies(fixture.judgment, handle.id, model, "before any ballot");

        for (const [index, action] of scenario.ballots.entries()) {
          const step = `ballot ${index} ${JSON.stringify(action, (_, value) => (typeof value === "bigint" ? `${value}` : value))}`;
          const weight = snapshotVotes[action.voter];
          const expected = expectBallot(model, action);
          if (expected === null) {
            await send(fixture, pool, handle.id, action, weight, scenario.gradeCount);
          } else {
            await expect(
              send(fixture, pool, handle.id, action, weight, scenario.gradeCount),
              step,
            ).to.be.revertedWithCustomError(fixture.judgment, expected.error);
          }
          await expectTallies(fixture.judgment, handle.id, model, step);
        }

        // Moving past the deadline freezes the histograms that were counted.
        await time.increaseTo((await fixture.judgment.proposalDetails(handle.id)).deadline + 1n);
        await expectTallies(fixture.judgment, handle.id, model, "after the deadline");
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
