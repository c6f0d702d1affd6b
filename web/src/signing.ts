import type { JsonRpcSigner } from "ethers";

import { signVote } from "../../src/governance/signatures";
import { toSignedVoteJson } from "../../src/governance/signedVoteFile";
import { signBallot } from "../../src/mj/ballotSignatures";
import type { JudgmentProposal } from "../../src/mj/judgmentProposals";
import { toSignedBallotJson } from "../../src/mj/signedBallotFile";
import type { CoopContracts } from "./chain";
import type { WebConfig } from "./config";

/** A signed vote or ballot, as the file a relayer submits. */
export interface SignedFile {
  /** The JSON text, formatted as the relay tasks read it. */
  json: string;
  /** Suggested file name for the download. */
  fileName: string;
  /** Command that a relayer runs on the file. */
  relayCommand: string;
}

/**
 * Signs a yes/no vote with `eth_signTypedData_v4` through the wallet and returns the file that
 * `coop:relay` takes. A reason makes the ballot an `ExtendedBallot`. The EIP-712 domain and the
 * nonce come from `reader`, the contracts on the cooperative's RPC endpoint, so the signature
 * always carries the cooperative's chain id, and a wallet on another chain is rejected.
 */
export async function signVoteFile(
  signer: JsonRpcSigner,
  reader: CoopContracts,
  config: WebConfig,
  proposalId: bigint,
  support: number,
  reason: string,
): Promise<SignedFile> {
  const request = reason === "" ? { proposalId, support } : { proposalId, support, reason };
  const vote = await signVote(reader.governor, signer, request);
  const fileName = `vote-${config.cooperative.symbol}-${shortId(proposalId)}-${vote.ballot.voter}.json`;
  return {
    json: `${JSON.stringify(toSignedVoteJson(vote), null, 2)}\n`,
    fileName,
    relayCommand: relayCommand("coop:relay", config, fileName),
  };
}

/**
 * Signs a majority-judgment ballot through the wallet and returns the file that `mj:relay` takes.
 * As for a vote, the domain and the nonce come from `reader`, on the cooperative's chain.
 */
export async function signBallotFile(
  signer: JsonRpcSigner,
  reader: CoopContracts,
  config: WebConfig,
  proposal: JudgmentProposal,
  grades: readonly number[],
): Promise<SignedFile> {
  const signed = await signBallot(reader.judgment, signer, proposal, grades);
  const fileName = `ballot-${config.cooperative.symbol}-${shortId(proposal.id)}-${signed.ballot.voter}.json`;
  return {
    json: `${JSON.stringify(toSignedBallotJson(signed), null, 2)}\n`,
    fileName,
    relayCommand: relayCommand("mj:relay", config, fileName),
  };
}

/**
 * Returns the relay command for a signed file. It names the cooperative by its membership address,
 * which the tasks resolve with or without a deployment record, because a cooperative created through
 * the factory has none on the relayer's machine.
 */
export function relayCommand(task: string, config: WebConfig, fileName: string): string {
  const network = config.hardhatNetwork === undefined ? "" : ` --network ${config.hardhatNetwork}`;
  return `npx hardhat ${task} ${fileName} --coop ${config.cooperative.addresses.membership}${network}`;
}

/** Returns the first digits of a proposal id, enough to tell files apart. */
function shortId(id: bigint): string {
  return id.toString().slice(0, 12);
}
