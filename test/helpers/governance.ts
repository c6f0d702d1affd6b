import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroHash, keccak256, solidityPacked, toBeHex, toUtf8Bytes, type BaseContract, type BytesLike } from "ethers";

import type { CoopGovernor, CoopMembership, CoopTimelock } from "../../typechain-types";
import {
  PROPOSAL_STATES,
  VoteSupport,
  buildProposal,
  proposalDescription,
  execute,
  propose,
  queue,
  type Action,
  type Proposal,
  type ProposalStateName,
} from "../../src/governance/proposals";

/** Document URI of test proposals: a CIDv1 (raw, sha2-256) of a short text. */
export const TEST_DOCUMENT_URI = "ipfs://bafkreialza2baxkmoyq735jopoyfcewj25z4uisz2g6jh5kiyo47fwasee";

/** Returns the description of a test proposal titled `title`, with the test document. */
export function testDescription(title = "Test proposal"): string {
  return proposalDescription(title, TEST_DOCUMENT_URI);
}

/** Returns `description`, or a test description titled with it when it cites no document. */
function withDocument(description: string): string {
  return description.includes("ipfs://") ? description : testDescription(description);
}

/** The `support` value of a fractional vote, whose split is given in the vote's params. */
export const FRACTIONAL_SUPPORT = 255;

/** Names of `TimelockController.OperationState`, indexed by the state's number. */
export const OPERATION_STATES = ["Unset", "Waiting", "Ready", "Done"] as const;

export type OperationStateName = (typeof OPERATION_STATES)[number];

/** A proposal made by `proposer` on `governor`, with its id. */
export interface ProposalHandle {
  proposal: Proposal;
  id: bigint;
}

/**
 * Creates a proposal from `proposer` and moves time to the opening of its vote. A `description`
 * without an `ipfs://` URI is taken as the title of a test description.
 */
export async function openProposal(
  governor: CoopGovernor,
  proposer: HardhatEthersSigner,
  actions: Action[],
  description = testDescription(),
): Promise<ProposalHandle> {
  const proposal = buildProposal(actions, withDocument(description), proposer.address);
  const id = await propose(governor.connect(proposer), proposal);
  await time.increaseTo((await governor.proposalSnapshot(id)) + 1n);
  return { proposal, id };
}

/** Casts a plain vote from each voter. */
export async function voteAll(
  governor: CoopGovernor,
  id: bigint,
  voters: HardhatEthersSigner[],
  support: VoteSupport,
): Promise<void> {
  for (const voter of voters) {
    await governor.connect(voter).castVote(id, support);
  }
}

/** Moves time past the proposal's deadline. */
export async function endVote(governor: CoopGovernor, id: bigint): Promise<void> {
  await time.increaseTo((await governor.proposalDeadline(id)) + 1n);
}

/**
 * Drives a proposal from creation to execution: proposes, has `voters` vote for, queues, waits
 * out the timelock delay and executes. Returns the proposal and its id.
 */
export async function passProposal(
  governor: CoopGovernor,
  proposer: HardhatEthersSigner,
  voters: HardhatEthersSigner[],
  actions: Action[],
  description = testDescription(),
): Promise<ProposalHandle> {
  const handle = await openProposal(governor, proposer, actions, description);
  await voteAll(governor, handle.id, voters, VoteSupport.For);
  await endVote(governor, handle.id);
  await queue(governor, handle.proposal);
  await time.increaseTo(await governor.proposalEta(handle.id));
  await execute(governor, handle.proposal);
  return handle;
}

/** Returns an action that calls `functionName(...args)` on `contract`. */
export async function contractAction(
  contract: BaseContract,
  functionName: string,
  args: readonly unknown[] = [],
): Promise<Action> {
  return { target: await contract.getAddress(), data: contract.interface.encodeFunctionData(functionName, args) };
}

/** Returns an action that admits `member` to the cooperative. */
export function admitAction(membership: CoopMembership, member: string): Promise<Action> {
  return contractAction(membership, "admit", [member]);
}

/**
 * Returns an action that excludes `member` from the cooperative, for the reason documented at
 * `reasonCid` (a binary CID, or empty for no document).
 */
export function excludeAction(membership: CoopMembership, member: string, reasonCid: BytesLike): Promise<Action> {
  return contractAction(membership, "exclude", [member, reasonCid]);
}

/**
 * Returns the params of a fractional vote: the against, for and abstain weights packed as three
 * `uint128`, the format that `GovernorCountingFractional` decodes.
 */
export function packFractionalVote(against: bigint, inFavor: bigint, abstain: bigint): string {
  return solidityPacked(["uint128", "uint128", "uint128"], [against, inFavor, abstain]);
}

/** Returns the `bytes32` bitmap of proposal states that the governor puts in its state errors. */
export function proposalStateBitmap(...states: ProposalStateName[]): string {
  return toBeHex(
    states.reduce((bitmap, state) => bitmap | (1n << BigInt(PROPOSAL_STATES.indexOf(state))), 0n),
    32,
  );
}

/** Returns the `bytes32` bitmap of operation states that the timelock puts in its state errors. */
export function operationStateBitmap(...states: OperationStateName[]): string {
  return toBeHex(
    states.reduce((bitmap, state) => bitmap | (1n << BigInt(OPERATION_STATES.indexOf(state))), 0n),
    32,
  );
}

/**
 * Returns the id of the timelock operation that `governor` schedules for `proposal`. The governor
 * salts it with its own address XOR the description hash, and uses no predecessor.
 */
export async function timelockOperationId(
  timelock: CoopTimelock,
  governor: CoopGovernor,
  proposal: Proposal,
): Promise<string> {
  const governorBits = BigInt(await governor.getAddress()) << 96n;
  const salt = toBeHex(governorBits ^ BigInt(keccak256(toUtf8Bytes(proposal.description))), 32);
  return timelock.hashOperationBatch(proposal.targets, proposal.values, proposal.calldatas, ZeroHash, salt);
}
