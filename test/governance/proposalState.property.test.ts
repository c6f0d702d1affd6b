import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";
import { id as hashText, type ContractTransactionResponse } from "ethers";

import { PROPOSAL_STATES, buildProposal, propose, type ProposalStateName } from "../../src/governance/proposals";
import { impersonate } from "../helpers/accounts";
import { FOUNDER_COUNT, type CoopFixture } from "../helpers/fixtures";
import { admitAction, testDescription } from "../helpers/governance";
import {
  JUDGMENT_STATES,
  deployJudgmentFixture,
  option,
  optionActions,
  proposeJudgment,
  type JudgmentFixture,
  type JudgmentHandle,
} from "../helpers/judgment";

/**
 * Random runs per governor and actions per run, and their seed. Forty runs of 30 actions took about
 * 10 s per governor on a 2-core machine. A failure prints the seed and the path that replay it.
 */
const RUNS = 40;
const ACTIONS_PER_RUN = 30;
const SEED = 20_261_206;

/** Proposals open at the same time in each run. */
const PROPOSAL_COUNT = 2;

/**
 * Rank of each state in the life of a proposal: Pending < Active < {Defeated, Succeeded} < Queued <
 * Executed. Canceled and Expired are terminal, so they rank above everything. A state may only move
 * to a higher rank, and Defeated and Succeeded, of equal rank, never turn into each other.
 */
const RANKS: Record<ProposalStateName, number> = {
  Pending: 0,
  Active: 1,
  Defeated: 2,
  Succeeded: 2,
  Queued: 3,
  Executed: 4,
  Canceled: 5,
  Expired: 5,
};

/** States that nothing may leave. */
const TERMINAL: ReadonlySet<ProposalStateName> = new Set(["Executed", "Canceled", "Expired"]);

/** A defeated proposal can still be canceled by the guardian, and can do nothing else. */
const AFTER_DEFEAT: ReadonlySet<ProposalStateName> = new Set(["Defeated", "Canceled"]);

/** Time steps that reach each boundary: the voting delay, the voting period and the timelock delay. */
const SECONDS = fc.constantFrom(1, 30, 61, 600, 3_600, 3_601, 43_200, 86_400, 90_000);

type Action =
  | { kind: "advance"; seconds: number }
  | { kind: "vote"; proposal: number; voter: number; support: number }
  | { kind: "queue"; proposal: number }
  | { kind: "execute"; proposal: number }
  | { kind: "cancelByProposer"; proposal: number }
  | { kind: "cancelByGuardian"; proposal: number };

const proposal = fc.integer({ min: 0, max: PROPOSAL_COUNT - 1 });

/**
 * Votes and time advances come most often so that proposals often pass and run, and the guardian
 * cancels rarely, since a cancel ends a proposal for the rest of the run.
 */
const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant("advance" as const), seconds: SECONDS }) },
  {
    weight: 18,
    arbitrary: fc.record({
      kind: fc.constant("vote" as const),
      proposal,
      voter: fc.integer({ min: 0, max: FOUNDER_COUNT - 1 }),
      support: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("queue" as const), proposal }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("execute" as const), proposal }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cancelByProposer" as const), proposal }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancelByGuardian" as const), proposal }) },
);

const actionsArbitrary = fc.array(actionArbitrary, { minLength: ACTIONS_PER_RUN, maxLength: ACTIONS_PER_RUN });

/** Describes `action` for a failure message. */
function describeStep(index: number, action: Action): string {
  return `step ${index} ${JSON.stringify(action)}`;
}

/**
 * Checks that each proposal moved from `before` to `after` only forward, and that a successful
 * queue, execute or cancel put its proposal in the state it names.
 */
function expectForward(
  before: ProposalStateName[],
  after: ProposalStateName[],
  action: Action,
  succeeded: boolean,
  step: string,
): void {
  after.forEach((state, index) => {
    const previous = before[index];
    if (TERMINAL.has(previous)) {
      expect(state, `${step}: proposal ${index} left ${previous}`).to.equal(previous);
    }
    if (previous === "Defeated") {
      expect(AFTER_DEFEAT.has(state), `${step}: proposal ${index} went from Defeated to ${state}`).to.equal(true);
    }
    expect(RANKS[state], `${step}: proposal ${index} went from ${previous} to ${state}`).to.be.at.least(
      RANKS[previous],
    );
    if (RANKS[state] === RANKS[previous]) {
      expect(state, `${step}: proposal ${index} went from ${previous} to ${state}`).to.equal(previous);
    }
  });
  if (!succeeded || action.kind === "advance" || action.kind === "vote") return;
  const expected: Record<string, ProposalStateName> = {
    queue: "Queued",
    execute: "Executed",
    cancelByProposer: "Canceled",
    cancelByGuardian: "Canceled",
  };
  expect(after[action.proposal], `${step}: state after ${action.kind}`).to.equal(expected[action.kind]);
}

/** States that the runs must reach, so that a change of the generator cannot leave transitions untested. */
const MUST_REACH: readonly ProposalStateName[] = [
  "Pending",
  "Active",
  "Defeated",
  "Succeeded",
  "Queued",
  "Executed",
  "Canceled",
];

/** Sends `send()`, and returns whether it succeeded. A revert leaves the chain unchanged. */
async function attempt(send: () => Promise<ContractTransactionResponse>): Promise<boolean> {
  try {
    await (await send()).wait();
    return true;
  } catch (error) {
    if (error instanceof Error && /reverted/.test(error.message)) return false;
    throw error;
  }
}

/** Names an outsider guardian of the charter, through the impersonated timelock. */
async function nameGuardian(fixture: CoopFixture) {
  const guardian = fixture.outsiders[0];
  const timelock = await impersonate(await fixture.timelock.getAddress());
  await fixture.charter.connect(timelock).setGuardian(guardian.address);
  return guardian;
}

/** Deploys the standard cooperative with an outsider as the charter's guardian, who can cancel any proposal. */
async function deployGuardedJudgmentFixture(): Promise<JudgmentFixture> {
  const fixture = await deployJudgmentFixture();
  await nameGuardian(fixture);
  return fixture;
}

describe("Proposal state property", function () {
  this.timeout(300_000);

  describe("CoopGovernor", function () {
    it("never moves state backwards", async function () {
      const reached = new Set<ProposalStateName>();
      await fc.assert(
        fc.asyncProperty(actionsArbitrary, async (actions) => {
          const fixture = await loadFixture(deployGuardedJudgmentFixture);
          const { governor, founders, outsiders, membership } = fixture;
          const guardian = outsiders[0];

          // Each proposal admits a different outsider, made by a different founder.
          const proposals = await Promise.all(
            Array.from({ length: PROPOSAL_COUNT }, async (_, index) =>
              buildProposal(
                [await admitAction(membership, outsiders[index + 1].address)],
                testDescription(`Admit outsider ${index + 1}`),
                founders[index].address,
              ),
            ),
          );
          const ids: bigint[] = [];
          for (const [index, item] of proposals.entries()) {
            ids.push(await propose(governor.connect(founders[index]), item));
          }
          const readStates = () =>
            Promise.all(ids.map(async (id) => PROPOSAL_STATES[Number(await governor.state(id))]));

          let states = await readStates();
          states.forEach((state) => reached.add(state));
          for (const [index, action] of actions.entries()) {
            const step = describeStep(index, action);
            let succeeded = true;
            if (action.kind === "advance") {
              await time.increase(action.seconds);
            } else {
              const item = proposals[action.proposal];
              const args = [item.targets, item.values, item.calldatas, hashText(item.description)] as const;
              switch (action.kind) {
                case "vote":
                  succeeded = await attempt(() =>
                    governor.connect(founders[action.voter]).castVote(ids[action.proposal], action.support),
                  );
                  break;
                case "queue":
                  succeeded = await attempt(() => governor.queue(...args));
                  break;
                case "execute":
                  succeeded = await attempt(() => governor.execute(...args));
                  break;
                case "cancelByProposer":
                  succeeded = await attempt(() => governor.connect(founders[action.proposal]).cancel(...args));
                  break;
                case "cancelByGuardian":
                  succeeded = await attempt(() => governor.connect(guardian).cancel(...args));
                  break;
              }
            }
            const next = await readStates();
            expectForward(states, next, action, succeeded, step);
            next.forEach((state) => reached.add(state));
            states = next;
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect([...reached].sort(), "states reached").to.include.members([...MUST_REACH]);
    });
  });

  describe("CoopJudgmentGovernor", function () {
    it("never moves state backwards", async function () {
      const reached = new Set<ProposalStateName>();
      await fc.assert(
        fc.asyncProperty(actionsArbitrary, async (actions) => {
          const fixture = await loadFixture(deployGuardedJudgmentFixture);
          const { judgment, founders, outsiders, membership } = fixture;
          const guardian = outsiders[0];

          // Each proposal chooses which of two outsiders to admit; both options have actions.
          const handles: JudgmentHandle[] = [];
          for (let index = 0; index < PROPOSAL_COUNT; index++) {
            const options = await Promise.all(
              [1, 2].map(async (outsider) =>
                option(`Admit outsider ${outsider + 2 * index}`, [
                  await admitAction(membership, outsiders[outsider + 2 * index].address),
                ]),
              ),
            );
            handles.push(
              await proposeJudgment(judgment, founders[index], options, {
                description: testDescription(`Choose whom to admit ${index}`),
              }),
            );
          }
          const readStates = () =>
            Promise.all(handles.map(async (handle) => JUDGMENT_STATES[Number(await judgment.state(handle.id))]));

          let states: ProposalStateName[] = await readStates();
          states.forEach((state) => reached.add(state));
          for (const [index, action] of actions.entries()) {
            const step = describeStep(index, action);
            let succeeded = true;
            if (action.kind === "advance") {
              await time.increase(action.seconds);
            } else {
              const handle = handles[action.proposal];
              const proposalId = handle.id;
              switch (action.kind) {
                case "vote": {
                  // Support 0 grades both options Reject, 1 prefers the first option and 2 the second.
                  const grades = [
                    [0, 0],
                    [5, 1],
                    [1, 5],
                  ][action.support];
                  succeeded = await attempt(() =>
                    judgment.connect(founders[action.voter]).castBallot(proposalId, grades),
                  );
                  break;
                }
                case "queue":
                case "execute": {
                  const [, leaders] = await judgment.outcome(proposalId);
                  const winner = leaders.length > 0 ? Number(leaders[0]) : 0;
                  const actionsOfWinner = optionActions(handle, winner);
                  succeeded = await attempt(() =>
                    action.kind === "queue"
                      ? judgment.queue(proposalId, ...actionsOfWinner)
                      : judgment.execute(proposalId, ...actionsOfWinner),
                  );
                  break;
                }
                case "cancelByProposer":
                  succeeded = await attempt(() => judgment.connect(founders[action.proposal]).cancel(proposalId));
                  break;
                case "cancelByGuardian":
                  succeeded = await attempt(() => judgment.connect(guardian).cancel(proposalId));
                  break;
              }
            }
            const next = await readStates();
            expectForward(states, next, action, succeeded, step);
            next.forEach((state) => reached.add(state));
            states = next;
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect([...reached].sort(), "states reached").to.include.members([...MUST_REACH]);
    });
  });
});
