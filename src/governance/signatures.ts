import {
  TypedDataEncoder,
  getAddress,
  getBytes,
  isHexString,
  verifyTypedData,
  type ContractTransactionResponse,
  type Signer,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";

import type { CoopGovernor, CoopMembership } from "../../typechain-types";
import { LOCAL_CHAIN_IDS, chainOfSignature, requireSigningChain, wrongChainMessage } from "../chain/signingChain";
import { isoTime, latestTimestamp } from "../chain/time";
import { PROPOSAL_STATES, VoteSupport } from "./proposals";

/** `Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)`, which `castVoteBySig` checks. */
export const BALLOT_TYPES: Record<string, TypedDataField[]> = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/**
 * `ExtendedBallot(uint256 proposalId,uint8 support,address voter,uint256 nonce,string reason,bytes params)`,
 * which `castVoteWithReasonAndParamsBySig` checks.
 */
export const EXTENDED_BALLOT_TYPES: Record<string, TypedDataField[]> = {
  ExtendedBallot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "reason", type: "string" },
    { name: "params", type: "bytes" },
  ],
};

/** Support value of a fractional vote, whose split between against, for and abstain is in `params`. */
export const FRACTIONAL_SUPPORT = 255;

/** A vote as its voter signs it. `reason` and `params` are part of an `ExtendedBallot` only. */
export type Ballot =
  | { primaryType: "Ballot"; proposalId: bigint; support: number; voter: string; nonce: bigint }
  | {
      primaryType: "ExtendedBallot";
      proposalId: bigint;
      support: number;
      voter: string;
      nonce: bigint;
      reason: string;
      /** Hex of the vote's params: empty (`0x`) for a plain vote, the split of a fractional vote. */
      params: string;
    };

/** A signed ballot with the chain and governor it was signed for. */
export interface SignedVote {
  chainId: bigint;
  governor: string;
  ballot: Ballot;
  signature: string;
  /**
   * The proposal's voting deadline when the vote was signed, in seconds since the Unix epoch. The
   * signature has no expiry of its own: no relay counts it after the deadline. A quorum reached late
   * can move the deadline later, so this is the earliest the signature can expire.
   */
  expiresAt: bigint;
}

/** Request for a signed vote: the proposal, the choice and, for an extended ballot, a reason and params. */
export interface VoteRequest {
  proposalId: bigint;
  support: number;
  /** A reason or params make the ballot an `ExtendedBallot`. */
  reason?: string;
  params?: string;
}

/** Bits of `eip712Domain().fields` for a domain of name, version, chain id and verifying contract. */
const GOVERNOR_DOMAIN_FIELDS = 0x0f;

/**
 * Returns the governor's EIP-712 domain, read from its `eip712Domain()` (ERC-5267): the
 * cooperative's name, version `1`, the chain id and the governor's address.
 */
export async function governorDomain(governor: CoopGovernor): Promise<TypedDataDomain> {
  const [fields, name, version, chainId, verifyingContract] = await governor.eip712Domain();
  if (Number(getBytes(fields)[0]) !== GOVERNOR_DOMAIN_FIELDS) {
    throw new Error(
      `Governor ${await governor.getAddress()} declares EIP-712 domain fields ${fields}, but OpenZeppelin's ` +
        "Governor declares 0x0f (name, version, chainId, verifyingContract): this is not a governor these tasks can sign for.",
    );
  }
  return { name, version, chainId, verifyingContract };
}

/**
 * Returns the next vote-signature nonce of `voter` for `proposalId`. The governor keys nonces by
 * the low 192 bits of the proposal id (`uint192(proposalId)`), and the value it returns carries that
 * key in its high bits, so each proposal has its own sequence.
 */
export function keyedNonce(governor: CoopGovernor, voter: string, proposalId: bigint): Promise<bigint> {
  return governor["nonces(address,uint192)"](voter, BigInt.asUintN(192, proposalId));
}

/** Returns the EIP-712 types of `ballot`, `Ballot` or `ExtendedBallot`. */
export function ballotTypes(ballot: Ballot): Record<string, TypedDataField[]> {
  return ballot.primaryType === "Ballot" ? BALLOT_TYPES : EXTENDED_BALLOT_TYPES;
}

/** Returns the message that the voter signs for `ballot`, without its `primaryType`. */
export function ballotMessage(ballot: Ballot): Record<string, unknown> {
  const message = { proposalId: ballot.proposalId, support: ballot.support, voter: ballot.voter, nonce: ballot.nonce };
  if (ballot.primaryType === "Ballot") return message;
  return { ...message, reason: ballot.reason, params: ballot.params };
}

/**
 * Returns the JSON-RPC payload of `eth_signTypedData_v4` for `ballot`: the types with
 * `EIP712Domain`, the primary type, the domain and the message, with integers as decimal strings.
 * A wallet that receives it shows the voter what they sign.
 */
export function ballotTypedData(domain: TypedDataDomain, ballot: Ballot): Record<string, unknown> {
  const payload = TypedDataEncoder.getPayload(domain, ballotTypes(ballot), ballotMessage(ballot)) as Record<
    string,
    unknown
  >;
  return JSON.parse(
    JSON.stringify(payload, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)),
  ) as Record<string, unknown>;
}

/** Returns the address that `signature` recovers to for `ballot` in `domain`. */
export function recoverBallotSigner(domain: TypedDataDomain, ballot: Ballot, signature: string): string {
  return verifyTypedData(domain, ballotTypes(ballot), ballotMessage(ballot), signature);
}

/**
 * Builds the ballot of `voter` for `request`, with the voter's next keyed nonce for the proposal.
 * A request with a reason or params gives an `ExtendedBallot`, any other a `Ballot`.
 */
export async function buildBallot(governor: CoopGovernor, voter: string, request: VoteRequest): Promise<Ballot> {
  const nonce = await keyedNonce(governor, voter, request.proposalId);
  const common = { proposalId: request.proposalId, support: request.support, voter: getAddress(voter), nonce };
  if (request.reason === undefined && request.params === undefined) return { primaryType: "Ballot", ...common };
  return { primaryType: "ExtendedBallot", ...common, reason: request.reason ?? "", params: request.params ?? "0x" };
}

/**
 * Signs a vote on `governor` as `signer`, with `signTypedData` (`eth_signTypedData_v4` for a
 * JSON-RPC wallet), and returns it with the chain, the governor and the proposal's deadline.
 * Nothing is sent to the chain.
 *
 * @throws Error naming the proposal when it does not exist or its vote has ended.
 */
export async function signVote(governor: CoopGovernor, signer: Signer, request: VoteRequest): Promise<SignedVote> {
  const problem = await signingProblem(governor, request.proposalId);
  if (problem !== undefined) throw new Error(problem);

  const provider = governor.runner?.provider;
  if (provider == null) throw new Error("The governor contract has no provider: connect it to a network first.");
  const domain = await governorDomain(governor);
  await requireSigningChain(signer, provider, domain);
  const ballot = await buildBallot(governor, await signer.getAddress(), request);
  const signature = await signer.signTypedData(domain, ballotTypes(ballot), ballotMessage(ballot));
  return {
    chainId: BigInt(domain.chainId ?? 0),
    governor: getAddress(String(domain.verifyingContract)),
    ballot,
    signature,
    expiresAt: await governor.proposalDeadline(request.proposalId),
  };
}

/**
 * Returns why a vote on `proposalId` cannot be signed now, or undefined when it can: the proposal
 * must exist, and its vote must be pending or open.
 */
export async function signingProblem(governor: CoopGovernor, proposalId: bigint): Promise<string | undefined> {
  const missing = await missingProposal(governor, proposalId);
  if (missing !== undefined) return missing;
  const state = PROPOSAL_STATES[Number(await governor.state(proposalId))];
  if (state === "Pending" || state === "Active") return undefined;
  return `The vote on proposal ${proposalId} has ended (state ${state}), so a signed vote could no longer be counted.`;
}

/**
 * Returns why a vote of `voter` on `proposalId` would not be counted, or undefined when it would:
 * the voter must be a member, must not have voted on the proposal, and must have voting weight at
 * the snapshot. While the snapshot is ahead, the weight checked is the voter's weight now.
 */
export async function voterProblem(
  governor: CoopGovernor,
  membership: CoopMembership,
  voter: string,
  proposalId: bigint,
): Promise<string | undefined> {
  const symbol = await membership.symbol();
  if (!(await membership.isMember(voter))) {
    return `${voter} is not a member of ${symbol}, so its vote would not be counted: pass --from with a member's address.`;
  }
  if (await governor.hasVoted(proposalId, voter)) {
    return `${voter} has already voted on proposal ${proposalId}: a second vote is not counted.`;
  }
  const [snapshot, clock] = await Promise.all([governor.proposalSnapshot(proposalId), governor.clock()]);
  if (snapshot < clock) {
    if ((await governor.getVotes(voter, snapshot)) === 0n) {
      return (
        `${voter} had no voting weight at the snapshot of proposal ${proposalId} (${isoTime(snapshot)}), ` +
        "for example because it joined later or was on probation, so its vote would count for nothing."
      );
    }
  } else if ((await membership.getVotes(voter)) === 0n) {
    return (
      `${voter} has no voting weight now, for example because it is on probation, and proposal ${proposalId} ` +
      `counts the weight at its snapshot (${isoTime(snapshot)}): sign once the voter has weight at that time.`
    );
  }
  return undefined;
}

/**
 * Returns why `vote` cannot be relayed to `governor` now, or undefined when it can. Checks, in
 * order: the chain, the governor, the signature, the proposal, the voting period, an earlier vote of
 * the voter and the nonce. A relay that passes them can still fail on the governor's own checks,
 * such as a voter who left the cooperative, so callers simulate the transaction before sending it.
 *
 * NOTE: the signature of a voter that is a contract (ERC-1271) cannot be checked offline, so it is
 * left to the governor.
 */
export async function relayProblem(governor: CoopGovernor, vote: SignedVote): Promise<string | undefined> {
  const provider = governor.runner?.provider;
  if (provider == null) throw new Error("The governor contract has no provider: connect it to a network first.");
  const { ballot } = vote;
  const { proposalId } = ballot;

  const { chainId } = await provider.getNetwork();
  if (vote.chainId !== chainId) {
    return wrongChainMessage("the vote was signed for", vote.chainId, chainId);
  }
  const governorAddress = await governor.getAddress();
  if (getAddress(vote.governor) !== governorAddress) {
    return `The vote was signed for governor ${vote.governor}, but this cooperative's governor is ${governorAddress}: relay it to the cooperative it was signed for.`;
  }

  if ((await provider.getCode(ballot.voter)) === "0x") {
    if (!isHexString(vote.signature, 65)) {
      return `The signature ${vote.signature} is not 65 bytes long, as the signature of an account is: ask the voter to sign again.`;
    }
    const domain = await governorDomain(governor);
    const signer = recoverBallotSigner(domain, ballot, vote.signature);
    if (signer !== ballot.voter) {
      const signedFor = chainOfSignature(
        domain,
        ballotTypes(ballot),
        ballotMessage(ballot),
        vote.signature,
        ballot.voter,
        LOCAL_CHAIN_IDS,
      );
      if (signedFor !== undefined) return wrongChainMessage("the signature was made for", signedFor, chainId);
      return (
        `The signature was not made by voter ${ballot.voter} for this ballot: it recovers to ${signer}. ` +
        "The file was changed after signing, or signed for other values: ask the voter to sign again."
      );
    }
  }

  const missing = await missingProposal(governor, proposalId);
  if (missing !== undefined) return missing;
  const state = PROPOSAL_STATES[Number(await governor.state(proposalId))];
  const now = await latestTimestamp(provider);
  const deadline = await governor.proposalDeadline(proposalId);
  if (now >= deadline) {
    return (
      `The signed vote has expired: voting on proposal ${proposalId} closed at ${isoTime(deadline)} ` +
      `(state ${state}, chain time ${isoTime(now)}), so no relay can count it.`
    );
  }
  if (state === "Pending") {
    const snapshot = await governor.proposalSnapshot(proposalId);
    return `Voting on proposal ${proposalId} opens after ${isoTime(snapshot)} (chain time ${isoTime(now)}): relay the vote then.`;
  }
  if (state !== "Active") return `Proposal ${proposalId} is ${state}, not Active: no vote can be counted on it.`;

  if (await governor.hasVoted(proposalId, ballot.voter)) {
    return `Voter ${ballot.voter} has already voted on proposal ${proposalId}: a second vote is not counted.`;
  }
  const nonce = await keyedNonce(governor, ballot.voter, proposalId);
  if (nonce !== ballot.nonce) {
    return (
      `The vote carries nonce ${ballot.nonce}, but the governor expects nonce ${nonce} from ${ballot.voter} ` +
      `for proposal ${proposalId}: ask the voter to sign again.`
    );
  }
  return undefined;
}

/** Sends `vote` to `governor` from the governor's runner, which pays the gas, and returns the transaction. */
export function relayVote(governor: CoopGovernor, vote: SignedVote): Promise<ContractTransactionResponse> {
  const { ballot } = vote;
  if (ballot.primaryType === "Ballot") {
    return governor.castVoteBySig(ballot.proposalId, ballot.support, ballot.voter, vote.signature);
  }
  return governor.castVoteWithReasonAndParamsBySig(
    ballot.proposalId,
    ballot.support,
    ballot.voter,
    ballot.reason,
    ballot.params,
    vote.signature,
  );
}

/** Returns the name of a support value: For, Against, Abstain, or Fractional for 255. */
export function supportName(support: number): string {
  if (support === FRACTIONAL_SUPPORT) return "Fractional";
  return VoteSupport[support] ?? `support ${support}`;
}

/** Returns the message for a proposal id that `governor` has no record of, or undefined when it has one. */
async function missingProposal(governor: CoopGovernor, proposalId: bigint): Promise<string | undefined> {
  if ((await governor.proposalSnapshot(proposalId)) !== 0n) return undefined;
  return `Proposal ${proposalId} was not found on governor ${await governor.getAddress()}: check the id that coop:propose printed.`;
}
