import { id, type BigNumberish, type BytesLike } from "ethers";

import type { CoopGovernor } from "../../typechain-types";

/** The `support` values of a plain vote, as OpenZeppelin's Governor counts them. */
export enum VoteSupport {
  Against = 0,
  For = 1,
  Abstain = 2,
}

/** Names of `IGovernor.ProposalState`, indexed by the state's number. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;

export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

/** One call that a proposal makes through the timelock. */
export interface Action {
  target: string;
  value?: BigNumberish;
  data: BytesLike;
}

/** A proposal as the governor hashes it: the calls and the full description. */
export interface Proposal {
  targets: string[];
  values: BigNumberish[];
  calldatas: BytesLike[];
  description: string;
}

/**
 * Writes a proposal's description: a Markdown title, then the `ipfs://` URI of the document that
 * contains the proposal's full text. The charter reads the first `ipfs://` URI of a description as
 * its document, and accepts only a CIDv1 in lowercase base32 (`ipfs://b...`).
 */
export function proposalDescription(title: string, documentUri: string): string {
  const problem = titleProblem(title);
  if (problem !== undefined) throw new Error(`Invalid proposal title ${JSON.stringify(title)}: ${problem}.`);
  return `# ${title}\n\n${documentUri}\n`;
}

/** Returns why `title` cannot head a proposal's description, or undefined when it can. */
export function titleProblem(title: string): string | undefined {
  if (title.trim() === "") return "it is empty, so give the proposal a title";
  if (/[\r\n]/.test(title)) return "it spans several lines, so write it on one line";
  if (title.toLowerCase().includes("ipfs://")) {
    return "it contains ipfs://, which the charter would read as the document's URI, so remove the URI from the title";
  }
  return undefined;
}

/** Returns the title of a description that {@link proposalDescription} wrote, or undefined for another form. */
export function proposalTitle(description: string): string | undefined {
  const firstLine = description.split("\n", 1)[0];
  return firstLine.startsWith("# ") ? firstLine.slice(2) : undefined;
}

/**
 * Builds a proposal whose description ends with `#proposer=ADDRESS`.
 *
 * The governor then rejects the same proposal from anyone else, so nobody can front-run its
 * creation and cancel it under the same id.
 */
export function buildProposal(actions: Action[], description: string, proposer: string): Proposal {
  if (actions.length === 0) throw new Error("A proposal needs at least one action.");
  return {
    targets: actions.map((action) => action.target),
    values: actions.map((action) => action.value ?? 0n),
    calldatas: actions.map((action) => action.data),
    description: `${description}#proposer=${proposer}`,
  };
}

/** Returns the id the governor gives `proposal`. */
export function proposalId(governor: CoopGovernor, proposal: Proposal): Promise<bigint> {
  return governor.getProposalId(proposal.targets, proposal.values, proposal.calldatas, id(proposal.description));
}

/** Submits `proposal` and returns its id once the transaction is mined. */
export async function propose(governor: CoopGovernor, proposal: Proposal): Promise<bigint> {
  const tx = await governor.propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
  await tx.wait();
  return proposalId(governor, proposal);
}

/** Queues a passed proposal in the timelock. */
export async function queue(governor: CoopGovernor, proposal: Proposal): Promise<void> {
  const tx = await governor.queue(proposal.targets, proposal.values, proposal.calldatas, id(proposal.description));
  await tx.wait();
}

/** Executes a queued proposal whose timelock delay has passed. */
export async function execute(governor: CoopGovernor, proposal: Proposal): Promise<void> {
  const tx = await governor.execute(proposal.targets, proposal.values, proposal.calldatas, id(proposal.description));
  await tx.wait();
}

/** Returns the name of the state of proposal `proposalId`. */
export async function proposalState(governor: CoopGovernor, proposalId: bigint): Promise<ProposalStateName> {
  const state = Number(await governor.state(proposalId));
  const name = PROPOSAL_STATES[state];
  if (name === undefined) throw new Error(`Unknown proposal state ${state} for proposal ${proposalId}.`);
  return name;
}
