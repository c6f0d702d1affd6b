import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import type { CoopGovernor } from "../../typechain-types";
import {
  VoteSupport,
  buildProposal,
  execute,
  propose,
  queue,
  type Action,
  type Proposal,
} from "../../src/governance/proposals";

/** A proposal made by `proposer` on `governor`, with its id. */
export interface ProposalHandle {
  proposal: Proposal;
  id: bigint;
}

/** Creates a proposal from `proposer` and moves time to the opening of its vote. */
export async function openProposal(
  governor: CoopGovernor,
  proposer: HardhatEthersSigner,
  actions: Action[],
  description = "Test proposal",
): Promise<ProposalHandle> {
  const proposal = buildProposal(actions, description, proposer.address);
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
  description = "Test proposal",
): Promise<ProposalHandle> {
  const handle = await openProposal(governor, proposer, actions, description);
  await voteAll(governor, handle.id, voters, VoteSupport.For);
  await endVote(governor, handle.id);
  await queue(governor, handle.proposal);
  await time.increaseTo(await governor.proposalEta(handle.id));
  await execute(governor, handle.proposal);
  return handle;
}
