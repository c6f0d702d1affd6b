import { advanceTo, isoTime } from "../chain/time";
import type { PinnedDocument } from "../governance/documents";
import {
  VoteSupport,
  buildProposal,
  execute,
  propose,
  proposalDescription,
  proposalState,
  queue,
  type Action,
} from "../governance/proposals";
import { relayVote, signVote } from "../governance/signatures";
import { shortId, step, type DemoContext, type DemoCooperative, type Person } from "./context";

/** One member's vote on a yes/no proposal. */
export interface DemoVote {
  voter: Person;
  support: VoteSupport;
  /** Whether the member signs the vote offline and the deployer relays it and pays the gas. */
  signed?: boolean;
}

/** A yes/no proposal that the demo carries from its creation to its execution. */
export interface DecisionRequest {
  coop: DemoCooperative;
  proposer: Person;
  title: string;
  document: PinnedDocument;
  actions: Action[];
  votes: DemoVote[];
}

/**
 * Proposes `request.actions` to the cooperative's yes/no governor, moves the clock to the snapshot,
 * casts the votes, moves it past the deadline, queues the decision in the timelock and executes it
 * once the delay has passed. Prints one line per step and returns the proposal's id.
 *
 * @throws Error naming the proposal and its state when the proposal does not pass.
 */
export async function decide(context: DemoContext, request: DecisionRequest): Promise<bigint> {
  const { coop, proposer } = request;
  const governor = coop.contracts.governor;
  const proposal = buildProposal(
    request.actions,
    proposalDescription(request.title, request.document.uri),
    proposer.address,
  );
  const id = await propose(governor.connect(proposer.signer), proposal);
  step(`${proposer.name} proposes "${request.title}"`);
  step(`proposal ${shortId(id)}: ${await proposalState(governor, id)}`);

  await advanceTo(context.provider, (await governor.proposalSnapshot(id)) + 1n);
  const relayer = context.cast.deployer;
  for (const { voter, support, signed } of request.votes) {
    if (signed === true) {
      // The member only signs, which costs no gas, and the deployer sends the signed vote.
      const vote = await signVote(governor, voter.signer, { proposalId: id, support });
      await (await relayVote(governor.connect(relayer.signer), vote)).wait();
      step(
        `${voter.name} signs a vote ${VoteSupport[support]} offline; the ${relayer.name} relays it and pays the gas`,
      );
      continue;
    }
    await (await governor.connect(voter.signer).castVote(id, support)).wait();
    step(`${voter.name} votes ${VoteSupport[support]}`);
  }

  await advanceTo(context.provider, (await governor.proposalDeadline(id)) + 1n);
  const tally = await governor.proposalVotes(id);
  const quorum = await governor.quorum(await governor.proposalSnapshot(id));
  const ended = await proposalState(governor, id);
  step(
    `voting ended: ${tally.forVotes} for, ${tally.againstVotes} against, ${tally.abstainVotes} abstain ` +
      `(quorum ${quorum}): ${ended}`,
  );
  if (ended !== "Succeeded") throw new Error(`Proposal ${id} "${request.title}" is ${ended}, not Succeeded.`);

  await queue(governor, proposal);
  const eta = await governor.proposalEta(id);
  step(`queued in the timelock, executable from ${isoTime(eta)}: ${await proposalState(governor, id)}`);
  await advanceTo(context.provider, eta);
  await execute(governor, proposal);
  const state = await proposalState(governor, id);
  step(`executed after the delay: ${state}`);
  context.decisions.push({
    cooperative: coop.config.params.symbol,
    title: request.title,
    outcome: `${state}, ${tally.forVotes} for, ${tally.againstVotes} against, ${tally.abstainVotes} abstain`,
  });
  return id;
}
