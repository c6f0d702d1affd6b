import { expect } from "chai";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import fc from "fast-check";
import { ZeroAddress, type ContractTransactionResponse } from "ethers";

import type { CoopMembership } from "../../typechain-types";
import { FOUNDER_COUNT } from "../helpers/fixtures";
import { MAX_REPRESENTED, deployProxyVotingFixture, type MembershipFixture } from "../helpers/membership";

/**
 * Random runs and actions per run. Twenty-five runs of 20 actions took 25 to 30 s on the 2-core
 * machine where this test was written, and reach exits of delegates, full delegates and weight changes.
 */
const RUNS = 25;
const ACTIONS_PER_RUN = 20;

/** Accounts that act: every founder and one outsider, few enough that actions often meet. */
const FOUNDERS_IN_POOL = FOUNDER_COUNT;
const OUTSIDERS_IN_POOL = 1;
const POOL_SIZE = FOUNDERS_IN_POOL + OUTSIDERS_IN_POOL;

/** Past timestamps whose votes each run keeps checking: the latest three time advances. */
const MAX_RECORDS = 3;

type Action =
  | { kind: "admit"; account: number }
  | { kind: "exclude"; account: number }
  | { kind: "resign"; account: number }
  | { kind: "setWeight"; account: number; weight: bigint }
  | { kind: "delegate"; account: number; delegatee: number }
  | { kind: "advance"; seconds: number };

const account = fc.integer({ min: 0, max: POOL_SIZE - 1 });

/** Actions of a run. Weight 0 is included on purpose: the register must reject it. */
const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("admit" as const), account }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("exclude" as const), account }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("resign" as const), account }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("setWeight" as const), account, weight: fc.bigInt(0n, 4n) }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("delegate" as const), account, delegatee: account }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("advance" as const), seconds: fc.integer({ min: 1, max: 3600 }) }),
  },
);

/** A custom error that the register must raise for an action, with its arguments. */
interface ExpectedRevert {
  error: string;
  args: unknown[];
}

/** Votes of every account of the pool and the total weight at one past timestamp. */
interface VotesRecord {
  timestamp: number;
  votes: bigint[];
  total: bigint;
}

/**
 * The register as the tests expect it to behave: who is a member, with which weight, and who
 * delegates to whom (null for an account that never delegated). Accounts are pool indexes.
 */
class VotesModel {
  readonly members: boolean[];
  readonly weights: bigint[];
  readonly delegates: (number | null)[];

  constructor(private readonly addresses: string[]) {
    this.members = addresses.map((_, index) => index < FOUNDERS_IN_POOL);
    this.weights = addresses.map(() => 1n);
    this.delegates = addresses.map((_, index) => (index < FOUNDERS_IN_POOL ? index : null));
  }

  /** Voting units that `index` contributes: its weight while a member, else nothing. */
  credited(index: number): bigint {
    return this.members[index] ? this.weights[index] : 0n;
  }

  /** Votes of `index`: the credited units of every account that delegates to it, itself included. */
  votes(index: number): bigint {
    return this.delegates.reduce<bigint>(
      (sum, delegate, member) => (delegate === index ? sum + this.credited(member) : sum),
      0n,
    );
  }

  total(): bigint {
    return this.addresses.reduce((sum, _, index) => sum + this.credited(index), 0n);
  }

  /** Number of other accounts that delegate to `index`. */
  represented(index: number): number {
    return this.delegates.filter((delegate, member) => delegate === index && member !== index).length;
  }

  memberCount(): number {
    return this.members.filter(Boolean).length;
  }

  /** Returns the revert `action` must cause, or applies it to the model and returns null. */
  apply(action: Action): ExpectedRevert | null {
    switch (action.kind) {
      case "admit":
        if (this.members[action.account]) return this.revert("CoopMembershipAlreadyMember", action.account);
        this.members[action.account] = true;
        this.weights[action.account] = 1n;
        this.delegates[action.account] = action.account;
        return null;
      case "exclude":
      case "resign":
        if (!this.members[action.account]) return this.revert("CoopMembershipNotMember", action.account);
        this.members[action.account] = false;
        this.delegates[action.account] = action.account;
        return null;
      case "setWeight":
        if (!this.members[action.account]) return this.revert("CoopMembershipNotMember", action.account);
        if (action.weight === 0n) return { error: "CoopMembershipInvalidWeight", args: [0n] };
        this.weights[action.account] = action.weight;
        return null;
      case "delegate":
        return this.delegate(action.account, action.delegatee);
      case "advance":
        return null;
    }
  }

  private delegate(account: number, delegatee: number): ExpectedRevert | null {
    if (this.delegates[account] === delegatee) return null;
    if (delegatee !== account) {
      if (!this.members[account]) return this.revert("CoopMembershipNotMember", account);
      if (!this.members[delegatee]) return this.revert("CoopMembershipNotMember", delegatee);
      if (this.represented(delegatee) >= MAX_REPRESENTED) {
        return { error: "CoopMembershipTooManyRepresented", args: [this.addresses[delegatee], MAX_REPRESENTED] };
      }
    }
    this.delegates[account] = delegatee;
    return null;
  }

  private revert(error: string, index: number): ExpectedRevert {
    return { error, args: [this.addresses[index]] };
  }
}

/** Sends the transaction of `action`, or mines a block `action.seconds` later for a time advance. */
async function send(
  fixture: MembershipFixture,
  pool: HardhatEthersSigner[],
  action: Action,
): Promise<ContractTransactionResponse | null> {
  const { membership, byTimelock } = fixture;
  switch (action.kind) {
    case "admit":
      return byTimelock.admit(pool[action.account].address);
    case "exclude":
      return byTimelock.exclude(pool[action.account].address, "0x");
    case "resign":
      return membership.connect(pool[action.account]).resign();
    case "setWeight":
      return byTimelock.setWeight(pool[action.account].address, action.weight);
    case "delegate":
      return membership.connect(pool[action.account]).delegate(pool[action.delegatee].address);
    case "advance":
      await time.increase(action.seconds);
      return null;
  }
}

/** Per-account state of the register, indexed like the pool, in a form that `deep.equal` compares. */
interface AccountsState {
  votes: bigint[];
  delegates: string[];
  represented: bigint[];
  members: boolean[];
}

/** Returns the state that `model` expects for every account. */
function expectedAccounts(model: VotesModel, addresses: string[]): AccountsState {
  return {
    votes: addresses.map((_, index) => model.votes(index)),
    delegates: model.delegates.map((delegate) => (delegate === null ? ZeroAddress : addresses[delegate])),
    represented: addresses.map((_, index) => BigInt(model.represented(index))),
    members: [...model.members],
  };
}

/** Reads the state of every account from the register. */
async function readAccounts(membership: CoopMembership, addresses: string[]): Promise<AccountsState> {
  const [votes, delegates, represented, members] = await Promise.all([
    Promise.all(addresses.map((address) => membership.getVotes(address))),
    Promise.all(addresses.map((address) => membership.delegates(address))),
    Promise.all(addresses.map((address) => membership.representedCount(address))),
    Promise.all(addresses.map((address) => membership.isMember(address))),
  ]);
  return { votes, delegates, represented, members };
}

/** Checks every account's votes, delegate, represented count and membership, and the total weight now. */
async function expectCurrentState(membership: CoopMembership, model: VotesModel, addresses: string[], step: string) {
  const accounts = await readAccounts(membership, addresses);
  expect(accounts, `${step}: accounts`).to.deep.equal(expectedAccounts(model, addresses));
  expect(await membership.memberCount(), `${step}: member count`).to.equal(BigInt(model.memberCount()));

  // The total weight is only readable at a past timestamp, so mine a block after the step.
  const stepTimestamp = await time.latest();
  await mine();
  expect(await membership.getPastTotalSupply(stepTimestamp), `${step}: total weight`).to.equal(model.total());
}

/** Checks that the votes and total weight at each recorded timestamp are still those recorded then. */
async function expectRecords(membership: CoopMembership, records: VotesRecord[], addresses: string[], step: string) {
  for (const record of records) {
    const [votes, total] = await Promise.all([
      Promise.all(addresses.map((address) => membership.getPastVotes(address, record.timestamp))),
      membership.getPastTotalSupply(record.timestamp),
    ]);
    expect({ votes, total }, `${step}: votes at ${record.timestamp}`).to.deep.equal({
      votes: record.votes,
      total: record.total,
    });
  }
}

describe("CoopMembership votes property", function () {
  it("keeps votes equal to credited weights", async function () {
    await fc.assert(
      fc.asyncProperty(
        fc.array(actionArbitrary, { minLength: ACTIONS_PER_RUN, maxLength: ACTIONS_PER_RUN }),
        async (actions) => {
          const fixture = await loadFixture(deployProxyVotingFixture);
          const pool = [
            ...fixture.founders.slice(0, FOUNDERS_IN_POOL),
            ...fixture.outsiders.slice(0, OUTSIDERS_IN_POOL),
          ];
          const addresses = pool.map((signer) => signer.address);
          const model = new VotesModel(addresses);
          const records: VotesRecord[] = [];

          for (const [index, action] of actions.entries()) {
            const step = `step ${index} ${JSON.stringify(action, (_, value) => (typeof value === "bigint" ? `${value}` : value))}`;
            const expectedRevert = model.apply(action);
            if (expectedRevert === null) {
              await send(fixture, pool, action);
            } else {
              await expect(send(fixture, pool, action), step)
                .to.be.revertedWithCustomError(fixture.membership, expectedRevert.error)
                .withArgs(...expectedRevert.args);
            }

            if (action.kind === "advance") {
              records.push({
                timestamp: await time.latest(),
                votes: addresses.map((_, member) => model.votes(member)),
                total: model.total(),
              });
              if (records.length > MAX_RECORDS) records.shift();
            }

            await expectCurrentState(fixture.membership, model, addresses, step);
            await expectRecords(fixture.membership, records, addresses, step);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
