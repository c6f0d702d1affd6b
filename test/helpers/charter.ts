import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { id, toBeHex } from "ethers";

import { VoteSupport, execute, queue, type Proposal } from "../../src/governance/proposals";
import type { CoopCharter, CoopGovernor } from "../../typechain-types";
import { decodeCidV1Text } from "./cid";
import { deployCoopFixture, type CoopFixture } from "./fixtures";
import {
  FRACTIONAL_SUPPORT,
  TEST_DOCUMENT_URI,
  contractAction,
  endVote,
  packFractionalVote,
  passProposal,
  voteAll,
  type ProposalHandle,
} from "./governance";

/** Binary CID of {@link TEST_DOCUMENT_URI}, as `ProposalRecorded` emits it. */
export const TEST_DOCUMENT_CID = decodeCidV1Text(TEST_DOCUMENT_URI.slice("ipfs://".length));

/** Weight of each founder in the weighted test cooperative, so that votes split to the percent. */
export const FOUNDER_WEIGHT = 100n;

/** Votes against, for and abstaining, in units of voting weight. */
export interface Tally {
  against: bigint;
  inFavor: bigint;
  abstain: bigint;
}

/**
 * Deploys the standard test cooperative and gives each of its five founders a weight of
 * {@link FOUNDER_WEIGHT}, for a total of 500. A weight is a setting of the member register, so the
 * change is an extraordinary proposal, which all five founders pass. Use with `loadFixture`.
 */
export async function deployWeightedCoopFixture(): Promise<CoopFixture> {
  const fixture = await deployCoopFixture();
  const { governor, membership, founders } = fixture;
  const actions = [];
  for (const founder of founders) {
    actions.push(await contractAction(membership, "setWeight", [founder.address, FOUNDER_WEIGHT]));
  }
  await passProposal(governor, founders[0], founders, actions, "Weigh each founder 100");
  return fixture;
}

/**
 * Casts `tally` as fractional votes (support 255) of `voters`, in order. Each voter casts as much
 * of their weight at the snapshot as the tally still needs: first for, then against, then
 * abstaining. Voters who are not needed do not vote. Throws when the voters weigh too little.
 */
export async function castTally(
  governor: CoopGovernor,
  proposalId: bigint,
  voters: HardhatEthersSigner[],
  tally: Tally,
): Promise<void> {
  const snapshot = await governor.proposalSnapshot(proposalId);
  const remaining = { ...tally };
  for (const voter of voters) {
    let weight = await governor.getVotes(voter.address, snapshot);
    const castUpTo = (needed: bigint): bigint => {
      const cast = needed < weight ? needed : weight;
      weight -= cast;
      return cast;
    };
    const inFavor = castUpTo(remaining.inFavor);
    const against = castUpTo(remaining.against);
    const abstain = castUpTo(remaining.abstain);
    if (inFavor + against + abstain === 0n) continue;
    remaining.inFavor -= inFavor;
    remaining.against -= against;
    remaining.abstain -= abstain;
    await governor
      .connect(voter)
      .castVoteWithReasonAndParams(proposalId, FRACTIONAL_SUPPORT, "", packFractionalVote(against, inFavor, abstain));
  }
  if (remaining.inFavor + remaining.against + remaining.abstain !== 0n) {
    throw new Error(
      `The voters weigh too little for the tally: ${remaining.inFavor} for, ${remaining.against} against and ` +
        `${remaining.abstain} abstaining were left over. Pass more voters or a smaller tally.`,
    );
  }
}

/** Has `inFavor` vote for and `against` vote against with plain votes, then ends the vote. */
export async function decide(
  governor: CoopGovernor,
  proposalId: bigint,
  inFavor: HardhatEthersSigner[],
  against: HardhatEthersSigner[] = [],
): Promise<void> {
  await voteAll(governor, proposalId, inFavor, VoteSupport.For);
  await voteAll(governor, proposalId, against, VoteSupport.Against);
  await endVote(governor, proposalId);
}

/** Queues a passed proposal and moves time to the end of its timelock delay, without executing it. */
export async function queueAndWait(governor: CoopGovernor, handle: ProposalHandle): Promise<void> {
  await queue(governor, handle.proposal);
  await time.increaseTo(await governor.proposalEta(handle.id));
}

/** Queues a passed proposal, waits out the timelock delay and executes it. */
export async function queueAndExecute(governor: CoopGovernor, handle: ProposalHandle): Promise<void> {
  await queueAndWait(governor, handle);
  await execute(governor, handle.proposal);
}

/** Returns whether the charter recorded `governor`'s proposal `proposalId` as extraordinary. */
export async function isRecordedExtraordinary(
  charter: CoopCharter,
  governor: CoopGovernor,
  proposalId: bigint,
): Promise<boolean> {
  const record = await charter.proposalRecord(await governor.getAddress(), proposalId);
  return record.extraordinary;
}

/**
 * Returns the salt of the timelock operation that `governor` schedules for `proposal`: the
 * governor's address in the high 160 bits, XOR the description hash.
 */
export async function timelockSalt(governor: CoopGovernor, proposal: Proposal): Promise<string> {
  const governorBits = BigInt(await governor.getAddress()) << 96n;
  return toBeHex(governorBits ^ BigInt(id(proposal.description)), 32);
}
