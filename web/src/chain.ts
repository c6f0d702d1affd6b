import { FetchRequest, JsonRpcProvider, type ContractRunner } from "ethers";

import type { CoopCharter, CoopGovernor, CoopJudgmentGovernor, CoopMembership } from "../../typechain-types";
import { CoopCharter__factory } from "../../typechain-types/factories/contracts/governance/CoopCharter__factory";
import { CoopGovernor__factory } from "../../typechain-types/factories/contracts/governance/CoopGovernor__factory";
import { CoopJudgmentGovernor__factory } from "../../typechain-types/factories/contracts/governance/CoopJudgmentGovernor__factory";
import { CoopMembership__factory } from "../../typechain-types/factories/contracts/membership/CoopMembership__factory";
import { DEFAULT_BLOCK_RANGE, queryInRanges } from "../../src/chain/logs";
import type { CooperativeAddresses } from "../../src/deploy/cooperative";
import { findProposal, type CreatedProposal } from "../../src/governance/proposalEvents";
import { PROPOSAL_STATES, proposalTitle, type ProposalStateName } from "../../src/governance/proposals";
import { toIpfsUri } from "../../src/ipfs/cidText";
import {
  JUDGMENT_STATES,
  findJudgmentProposal,
  type JudgmentProposal,
  type JudgmentStateName,
} from "../../src/mj/judgmentProposals";
import type { WebConfig } from "./config";

/** The cooperative's contracts that the page reads and calls. */
export interface CoopContracts {
  membership: CoopMembership;
  governor: CoopGovernor;
  judgment: CoopJudgmentGovernor;
  charter: CoopCharter;
}

/** Kind of a proposal: a yes/no vote of the governor or a majority judgment of the judgment governor. */
export type ProposalKind = "vote" | "judgment";

/** A proposal as the list shows it. */
export interface ProposalSummary {
  kind: ProposalKind;
  id: bigint;
  title?: string;
  state: ProposalStateName | JudgmentStateName;
  /** End of voting, in seconds since the Unix epoch. */
  deadline: bigint;
  documentUri: string;
  blockNumber: number;
}

/** A document that the charter recorded for a proposal. */
export interface RecordedDocument {
  uri: string;
  proposalId: bigint;
  title?: string;
}

/**
 * Time allowed for one JSON-RPC request of the read-only provider, in milliseconds. Without it,
 * ethers 6 waits for FetchRequest's default of 300 s before it gives up on an endpoint that never responds.
 */
export const RPC_TIMEOUT_MS = 30_000;

/** Returns a read-only provider for the cooperative's RPC endpoint, fixed to its chain. */
export function readProvider(config: WebConfig): JsonRpcProvider {
  const request = new FetchRequest(config.rpcUrl);
  request.timeout = RPC_TIMEOUT_MS;
  return new JsonRpcProvider(request, BigInt(config.chainId), { staticNetwork: true });
}

/** Connects the cooperative's contracts to `runner`: a provider for reads, a signer for transactions. */
export function connectContracts(runner: ContractRunner, addresses: CooperativeAddresses): CoopContracts {
  return {
    membership: CoopMembership__factory.connect(addresses.membership, runner),
    governor: CoopGovernor__factory.connect(addresses.governor, runner),
    judgment: CoopJudgmentGovernor__factory.connect(addresses.judgment, runner),
    charter: CoopCharter__factory.connect(addresses.charter, runner),
  };
}

/** Returns the number of members of the cooperative. */
export function readMemberCount(contracts: CoopContracts): Promise<bigint> {
  return contracts.membership.memberCount();
}

/**
 * Lists the proposals of both governors from their `ProposalCreated` events since `fromBlock`,
 * newest first, each with its current state and deadline.
 */
export async function listProposals(contracts: CoopContracts, fromBlock: number): Promise<ProposalSummary[]> {
  const provider = providerOf(contracts);
  const latest = await provider.getBlockNumber();
  const query = <T>(run: (from: number, to: number) => Promise<T[]>): Promise<T[]> =>
    queryInRanges(fromBlock, latest, DEFAULT_BLOCK_RANGE, run);

  const { governor, judgment, charter } = contracts;
  const [created, judged, recorded] = await Promise.all([
    query((from, to) => governor.queryFilter(governor.filters.ProposalCreated(), from, to)),
    query((from, to) => judgment.queryFilter(judgment.filters.ProposalCreated(), from, to)),
    query((from, to) => charter.queryFilter(charter.filters.ProposalRecorded(), from, to)),
  ]);
  const documents = new Map(recorded.map((event) => [documentKey(event.args.governor, event.args.proposalId), event]));
  const governorAddress = await governor.getAddress();
  const judgmentAddress = await judgment.getAddress();

  const summary = (
    kind: ProposalKind,
    event: (typeof created)[number] | (typeof judged)[number],
    governorAddress: string,
    state: ProposalSummary["state"],
    deadline: bigint,
  ): ProposalSummary => {
    const record = documents.get(documentKey(governorAddress, event.args.proposalId));
    return {
      kind,
      id: event.args.proposalId,
      title: proposalTitle(event.args.description),
      state,
      deadline,
      documentUri: record === undefined ? "" : toIpfsUri(record.args.document),
      blockNumber: event.blockNumber,
    };
  };

  const votes = created.map(async (event) => {
    const id = event.args.proposalId;
    const [state, deadline] = await Promise.all([governor.state(id), governor.proposalDeadline(id)]);
    return summary("vote", event, governorAddress, PROPOSAL_STATES[Number(state)], deadline);
  });
  const judgments = judged.map(async (event) => {
    const state = await judgment.state(event.args.proposalId);
    return summary("judgment", event, judgmentAddress, JUDGMENT_STATES[Number(state)], event.args.deadline);
  });
  const all = await Promise.all([...votes, ...judgments]);
  return all.sort((a, b) => b.blockNumber - a.blockNumber);
}

/** Returns the documents that the charter recorded for `proposals`, in the same order. */
export function listDocuments(proposals: readonly ProposalSummary[]): RecordedDocument[] {
  return proposals
    .filter((proposal) => proposal.documentUri !== "")
    .map((proposal) => ({ uri: proposal.documentUri, proposalId: proposal.id, title: proposal.title }));
}

/** Finds a yes/no proposal from its creation events. */
export function loadVoteProposal(
  contracts: CoopContracts,
  id: bigint,
  fromBlock: number,
): Promise<CreatedProposal | undefined> {
  return findProposal(contracts.governor, contracts.charter, id, fromBlock);
}

/** Finds a majority-judgment proposal from its creation event. */
export function loadJudgmentProposal(
  contracts: CoopContracts,
  id: bigint,
  fromBlock: number,
): Promise<JudgmentProposal | undefined> {
  return findJudgmentProposal(contracts.judgment, contracts.charter, id, fromBlock);
}

function documentKey(governor: string, proposalId: bigint): string {
  return `${governor.toLowerCase()}:${proposalId}`;
}

function providerOf(contracts: CoopContracts): NonNullable<ContractRunner["provider"]> {
  const provider = contracts.governor.runner?.provider;
  if (provider == null) throw new Error("The contracts are not connected to a provider.");
  return provider;
}
