import type { CoopCharter, CoopGovernor } from "../../typechain-types";
import { toIpfsUri } from "../ipfs/cidText";
import type { Proposal } from "./proposals";
import { findLatestEvent } from "../chain/logs";

/** A proposal as its creation recorded it: the governor's `ProposalCreated` and the charter's `ProposalRecorded`. */
export interface CreatedProposal extends Proposal {
  id: bigint;
  proposer: string;
  /** Snapshot and first deadline, in seconds since the Unix epoch. A late quorum can extend the deadline. */
  voteStart: bigint;
  voteEnd: bigint;
  /** The `ipfs://b...` URI of the document, from the binary CID that the charter emitted. */
  documentUri: string;
  /** The charter's class of the proposal at its creation. */
  extraordinary: boolean;
  blockNumber: number;
  transactionHash: string;
}

/**
 * Finds proposal `proposalId` of `governor` in the events of its creation, or returns undefined
 * when the charter recorded no such proposal. The governor keeps no proposal in storage, so the
 * targets, values, calldatas and description needed to queue and execute come from these events.
 *
 * The charter's `ProposalRecorded` indexes the governor and the id, so one filtered query finds it.
 * `ProposalCreated` indexes nothing, so it is read from that one block only.
 *
 * With `fromBlock`, such as the cooperative's deployment block, it searches back from the latest
 * block in ranges that public RPC endpoints accept.
 *
 * NOTE: without `fromBlock`, one query covers every block from 0, which a public RPC endpoint may
 * reject as too wide.
 */
export async function findProposal(
  governor: CoopGovernor,
  charter: CoopCharter,
  proposalId: bigint,
  fromBlock?: number,
): Promise<CreatedProposal | undefined> {
  const governorAddress = await governor.getAddress();
  const filter = charter.filters.ProposalRecorded(governorAddress, proposalId);
  const record = await findLatestEvent(charter.runner, fromBlock, (from, to) => charter.queryFilter(filter, from, to));
  if (record === undefined) return undefined;

  const created = await governor.queryFilter(
    governor.filters.ProposalCreated(),
    record.blockNumber,
    record.blockNumber,
  );
  const creation = created.find((event) => event.args.proposalId === proposalId);
  if (creation === undefined) {
    throw new Error(
      `The charter recorded proposal ${proposalId} in block ${record.blockNumber}, but governor ${governorAddress} ` +
        "emitted no ProposalCreated for it there: the node's event index is incomplete.",
    );
  }
  // The event's `values` field is shadowed by Array.prototype.values on ethers' Result, so the
  // fields are read by position.
  const [, proposer, targets, values, , calldatas, voteStart, voteEnd, description] = creation.args;
  return {
    id: proposalId,
    proposer,
    targets: [...targets],
    values: [...values],
    calldatas: [...calldatas],
    description,
    voteStart,
    voteEnd,
    documentUri: toIpfsUri(record.args.document),
    extraordinary: record.args.extraordinary,
    blockNumber: creation.blockNumber,
    transactionHash: creation.transactionHash,
  };
}
