import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { id, parseEther, type ContractTransactionResponse } from "ethers";

import {
  ReferenceGovernor__factory,
  ReferenceVotesToken__factory,
  TimelockController__factory,
  type CoopGovernor,
  type ReferenceGovernor,
} from "../typechain-types";
import { DEFAULT_SETTINGS } from "../src/deploy/cooperative";
import { VoteSupport } from "../src/governance/proposals";
import { BALLOT_TYPES, buildBallot, signBallot } from "../test/helpers/ballots";
import { deployCoopFixture, type CoopFixture } from "../test/helpers/fixtures";
import { testDescription } from "../test/helpers/governance";
import { GasRecorder } from "./gasRun";
import { comparedStep, type ComparedStep, type Side } from "./steps";

/**
 * The same decision on the cooperative's governor and on a plain, non-upgradeable OpenZeppelin
 * governor (`contracts/mocks/reference/`), recorded in the `reference` section of `bench/gas.json`
 * as pairs of steps, `STEP (ours)` and `STEP (reference)`. The reference has the same five voters,
 * one vote each, and the same voting delay, voting period, quorum fraction and timelock delay. The
 * decision is the same on both sides: one action, run by the timelock, that sets the governor's own
 * voting delay to 120 seconds, with the same description citing a document. All five voters
 * vote for, the third by signature sent by another account.
 */

const recorder = new GasRecorder("reference");

/** Voting delay that the measured proposal sets, in seconds. */
const NEW_VOTING_DELAY = 120n;

/** Voting units of each reference voter: one token, as each member has one vote. */
const VOTING_UNITS = parseEther("1");

/** Calls that drive one decision on one governor. */
interface DecisionDriver {
  propose(): Promise<ContractTransactionResponse>;
  castVote(voter: HardhatEthersSigner): Promise<ContractTransactionResponse>;
  castVoteBySig(voter: HardhatEthersSigner, relayer: HardhatEthersSigner): Promise<ContractTransactionResponse>;
  queue(): Promise<ContractTransactionResponse>;
  execute(): Promise<ContractTransactionResponse>;
  /** Returns the proposal's snapshot, deadline and, once queued, its execution time. */
  timing(): Promise<{ snapshot: bigint; deadline: bigint; eta: bigint }>;
}

interface ReferenceFixture extends CoopFixture {
  reference: ReferenceGovernor;
}

/**
 * Deploys the test cooperative and the reference: an ERC20Votes token with one token for each
 * founder, self-delegated, a TimelockController whose only proposer, canceller and executor is the
 * reference governor, and the governor with the cooperative's default settings.
 */
async function deployReferenceFixture(): Promise<ReferenceFixture> {
  const coop = await deployCoopFixture();
  const { deployer, founders } = coop;
  const token = await new ReferenceVotesToken__factory(deployer).deploy();
  for (const founder of founders) {
    await token.mint(founder.address, VOTING_UNITS);
    await token.connect(founder).delegate(founder.address);
  }
  const timelock = await new TimelockController__factory(deployer).deploy(
    DEFAULT_SETTINGS.timelockDelay,
    [],
    [],
    deployer.address,
  );
  const reference = await new ReferenceGovernor__factory(deployer).deploy(
    await token.getAddress(),
    await timelock.getAddress(),
    DEFAULT_SETTINGS.votingDelay,
    DEFAULT_SETTINGS.votingPeriod,
    DEFAULT_SETTINGS.quorumPercent,
  );
  const governorAddress = await reference.getAddress();
  for (const role of [
    await timelock.PROPOSER_ROLE(),
    await timelock.CANCELLER_ROLE(),
    await timelock.EXECUTOR_ROLE(),
  ]) {
    await timelock.grantRole(role, governorAddress);
  }
  await timelock.renounceRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer.address);
  return { ...coop, reference };
}

/** Returns the action, as proposal arrays, that sets `governor`'s voting delay. */
async function votingDelayAction(governor: CoopGovernor | ReferenceGovernor): Promise<[string[], bigint[], string[]]> {
  const data = governor.interface.encodeFunctionData("setVotingDelay", [NEW_VOTING_DELAY]);
  return [[await governor.getAddress()], [0n], [data]];
}

/** Drives the decision on the cooperative's governor. */
async function coopDriver(governor: CoopGovernor, proposer: HardhatEthersSigner): Promise<DecisionDriver> {
  const [targets, values, calldatas] = await votingDelayAction(governor);
  const description = testDescription("Lengthen the voting delay");
  const proposalId = await governor.getProposalId(targets, values, calldatas, id(description));
  return {
    propose: () => governor.connect(proposer).propose(targets, values, calldatas, description),
    castVote: (voter) => governor.connect(voter).castVote(proposalId, VoteSupport.For),
    castVoteBySig: async (voter, relayer) => {
      const ballot = await buildBallot(governor, voter.address, proposalId, VoteSupport.For);
      const signature = await signBallot(governor, voter, ballot);
      return governor.connect(relayer).castVoteBySig(proposalId, VoteSupport.For, voter.address, signature);
    },
    queue: () => governor.queue(targets, values, calldatas, id(description)),
    execute: () => governor.execute(targets, values, calldatas, id(description)),
    timing: async () => ({
      snapshot: await governor.proposalSnapshot(proposalId),
      deadline: await governor.proposalDeadline(proposalId),
      eta: await governor.proposalEta(proposalId),
    }),
  };
}

/** Drives the decision on the reference governor. */
async function referenceDriver(governor: ReferenceGovernor, proposer: HardhatEthersSigner): Promise<DecisionDriver> {
  const [targets, values, calldatas] = await votingDelayAction(governor);
  const description = testDescription("Lengthen the voting delay");
  const proposalId = await governor.getProposalId(targets, values, calldatas, id(description));
  return {
    propose: () => governor.connect(proposer).propose(targets, values, calldatas, description),
    castVote: (voter) => governor.connect(voter).castVote(proposalId, VoteSupport.For),
    castVoteBySig: async (voter, relayer) => {
      const [, name, version, chainId, verifyingContract] = await governor.eip712Domain();
      const ballot = {
        proposalId,
        support: VoteSupport.For,
        voter: voter.address,
        nonce: await governor.nonces(voter.address),
      };
      const signature = await voter.signTypedData({ name, version, chainId, verifyingContract }, BALLOT_TYPES, ballot);
      return governor.connect(relayer).castVoteBySig(proposalId, VoteSupport.For, voter.address, signature);
    },
    queue: () => governor.queue(targets, values, calldatas, id(description)),
    execute: () => governor.execute(targets, values, calldatas, id(description)),
    timing: async () => ({
      snapshot: await governor.proposalSnapshot(proposalId),
      deadline: await governor.proposalDeadline(proposalId),
      eta: await governor.proposalEta(proposalId),
    }),
  };
}

/** Runs the decision with `driver`, recording each compared step (see `steps.ts`) for `side`. */
async function measureDecision(
  side: Side,
  driver: DecisionDriver,
  voters: HardhatEthersSigner[],
  relayer: HardhatEthersSigner,
): Promise<void> {
  const measure = (step: ComparedStep, sent: Promise<ContractTransactionResponse>) =>
    recorder.measure(comparedStep(step, side), sent);
  const [first, second, third, fourth, last] = voters;

  await measure("propose (1 action)", driver.propose());
  await time.increaseTo((await driver.timing()).snapshot + 1n);
  await measure("castVote (first)", driver.castVote(first));
  await measure("castVote (second)", driver.castVote(second));
  await measure("castVoteBySig (third)", driver.castVoteBySig(third, relayer));
  await (await driver.castVote(fourth)).wait();
  await measure("castVote (last)", driver.castVote(last));

  await time.increaseTo((await driver.timing()).deadline + 1n);
  await measure("queue", driver.queue());
  await time.increaseTo((await driver.timing()).eta);
  await measure("execute (set the voting delay)", driver.execute());
}

describe("bench: OpenZeppelin reference governor", function () {
  it("measures the same decision on both governors", async function () {
    const { governor, reference, founders, outsiders } = await loadFixture(deployReferenceFixture);

    await measureDecision("ours", await coopDriver(governor, founders[0]), founders, outsiders[0]);
    await measureDecision("reference", await referenceDriver(reference, founders[0]), founders, outsiders[0]);

    expect(await governor.votingDelay()).to.equal(NEW_VOTING_DELAY);
    expect(await reference.votingDelay()).to.equal(NEW_VOTING_DELAY);
  });
});
