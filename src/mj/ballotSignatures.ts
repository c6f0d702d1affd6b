import {
  getAddress,
  getBytes,
  isHexString,
  verifyTypedData,
  type Signer,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";

import type { CoopJudgmentGovernor, CoopMembership } from "../../typechain-types";
import { LOCAL_CHAIN_IDS, chainOfSignature, requireSigningChain, wrongChainMessage } from "../chain/signingChain";
import { isoTime, latestTimestamp } from "../chain/time";
import { judgmentState, type JudgmentProposal } from "./judgmentProposals";

/** `Ballot(uint256 proposalId,address voter,uint8[] grades,uint256 nonce)`, which `castBallotBySig` checks. */
export const JUDGMENT_BALLOT_TYPES: Record<string, TypedDataField[]> = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "voter", type: "address" },
    { name: "grades", type: "uint8[]" },
    { name: "nonce", type: "uint256" },
  ],
};

/** A majority-judgment ballot as its voter signs it: `grades[i]` for option `i`. */
export interface JudgmentBallot {
  proposalId: bigint;
  voter: string;
  grades: number[];
  nonce: bigint;
}

/** A signed ballot with the chain and governor it was signed for. */
export interface SignedJudgmentBallot {
  chainId: bigint;
  governor: string;
  ballot: JudgmentBallot;
  signature: string;
  /**
   * The proposal's deadline, in seconds since the Unix epoch. The signature has no expiry of its
   * own, but no relay counts it after the deadline, which the governor never moves.
   */
  expiresAt: bigint;
}

/** Bits of `eip712Domain().fields` for a domain of name, version, chain id and verifying contract. */
const DOMAIN_FIELDS = 0x0f;

/**
 * Returns the governor's EIP-712 domain, read from its `eip712Domain()` (ERC-5267): the
 * cooperative's name, version `1`, the chain id and the governor's address.
 *
 * @throws Error when the contract declares other domain fields, so it is not this governor.
 */
export async function judgmentDomain(judgment: CoopJudgmentGovernor): Promise<TypedDataDomain> {
  const [fields, name, version, chainId, verifyingContract] = await judgment.eip712Domain();
  if (Number(getBytes(fields)[0]) !== DOMAIN_FIELDS) {
    throw new Error(
      `Governor ${await judgment.getAddress()} declares EIP-712 domain fields ${fields}, but the majority-judgment ` +
        "governor declares 0x0f (name, version, chainId, verifyingContract): this is not a governor these tasks can sign for.",
    );
  }
  return { name, version, chainId, verifyingContract };
}

/**
 * Returns the next ballot-signature nonce of `voter` for `proposalId`. The governor keys nonces by
 * the low 192 bits of the proposal id (`uint192(proposalId)`), and the value it returns carries that
 * key in its high bits. Each proposal thus has its own sequence, so signed ballots for several
 * proposals can be relayed in any order.
 */
export function ballotNonce(judgment: CoopJudgmentGovernor, voter: string, proposalId: bigint): Promise<bigint> {
  return judgment["nonces(address,uint192)"](voter, BigInt.asUintN(192, proposalId));
}

/** Returns the message that the voter signs for `ballot`. */
export function ballotMessage(ballot: JudgmentBallot): Record<string, unknown> {
  return { proposalId: ballot.proposalId, voter: ballot.voter, grades: ballot.grades, nonce: ballot.nonce };
}

/** Returns the address that `signature` recovers to for `ballot` in `domain`. */
export function recoverBallotSigner(domain: TypedDataDomain, ballot: JudgmentBallot, signature: string): string {
  return verifyTypedData(domain, JUDGMENT_BALLOT_TYPES, ballotMessage(ballot), signature);
}

/**
 * Signs a ballot of `grades` on `proposal` as `signer`, with `signTypedData`
 * (`eth_signTypedData_v4` for a JSON-RPC wallet) and the voter's next keyed nonce, and returns it
 * with the chain, the governor and the deadline. Nothing is sent to the chain.
 *
 * Two ballots signed before either is relayed carry the same nonce, so only the first one relayed
 * counts. To replace a relayed ballot, sign again after the relay. A ballot the voter casts directly
 * uses the same nonce, so it revokes a signed ballot not relayed yet.
 */
export async function signBallot(
  judgment: CoopJudgmentGovernor,
  signer: Signer,
  proposal: JudgmentProposal,
  grades: readonly number[],
): Promise<SignedJudgmentBallot> {
  const provider = judgment.runner?.provider;
  if (provider == null) throw new Error("The governor contract has no provider: connect it to a network first.");
  const domain = await judgmentDomain(judgment);
  await requireSigningChain(signer, provider, domain);
  const voter = getAddress(await signer.getAddress());
  const ballot: JudgmentBallot = {
    proposalId: proposal.id,
    voter,
    grades: [...grades],
    nonce: await ballotNonce(judgment, voter, proposal.id),
  };
  const signature = await signer.signTypedData(domain, JUDGMENT_BALLOT_TYPES, ballotMessage(ballot));
  return {
    chainId: BigInt(domain.chainId ?? 0),
    governor: getAddress(String(domain.verifyingContract)),
    ballot,
    signature,
    expiresAt: proposal.deadline,
  };
}

/**
 * Returns why `voter` cannot cast a ballot on `proposal`, or undefined when it can: the voter must
 * be a member and must have weight at the snapshot. While the snapshot is ahead, the weight checked
 * is the voter's weight now.
 */
export async function voterProblem(
  judgment: CoopJudgmentGovernor,
  membership: CoopMembership,
  voter: string,
  proposal: JudgmentProposal,
): Promise<string | undefined> {
  const symbol = await membership.symbol();
  if (!(await membership.isMember(voter))) {
    return `${voter} is not a member of ${symbol}, so its ballot would not be counted: pass --from with a member's address.`;
  }
  const clock = await judgment.clock();
  if (proposal.snapshot < clock) {
    if ((await membership.getPastVotes(voter, proposal.snapshot)) === 0n) {
      return (
        `${voter} had no voting weight at the snapshot of proposal ${proposal.id} (${isoTime(proposal.snapshot)}), ` +
        "for example because it joined later or was on probation, so its ballot would not be counted."
      );
    }
  } else if ((await membership.getVotes(voter)) === 0n) {
    return (
      `${voter} has no voting weight now, for example because it is on probation, and proposal ${proposal.id} ` +
      `counts the weight at its snapshot (${isoTime(proposal.snapshot)}): vote once the voter has weight at that time.`
    );
  }
  return undefined;
}

/**
 * Returns why `signed` cannot be relayed to `judgment` now, or undefined when it can. Checks, in
 * order: the chain, the governor, the signature, the grades against the proposal, the voting period
 * and the nonce. A relay that passes them can still fail on the governor's own checks, such as a
 * voter who left the cooperative, so callers simulate the transaction before sending it.
 *
 * NOTE: the signature of a voter that is a contract (ERC-1271) cannot be checked offline, so it is
 * left to the governor.
 */
export async function relayProblem(
  judgment: CoopJudgmentGovernor,
  proposal: JudgmentProposal,
  signed: SignedJudgmentBallot,
): Promise<string | undefined> {
  const provider = judgment.runner?.provider;
  if (provider == null) throw new Error("The governor contract has no provider: connect it to a network first.");
  const { ballot } = signed;

  const { chainId } = await provider.getNetwork();
  if (signed.chainId !== chainId) {
    return wrongChainMessage("the ballot was signed for", signed.chainId, chainId);
  }
  const governorAddress = await judgment.getAddress();
  if (getAddress(signed.governor) !== governorAddress) {
    return `The ballot was signed for governor ${signed.governor}, but this cooperative's majority-judgment governor is ${governorAddress}: relay it to the cooperative it was signed for.`;
  }

  if ((await provider.getCode(ballot.voter)) === "0x") {
    if (!isHexString(signed.signature, 65)) {
      return `The signature ${signed.signature} is not 65 bytes long, as the signature of an account is: ask the voter to sign again.`;
    }
    const domain = await judgmentDomain(judgment);
    const signer = recoverBallotSigner(domain, ballot, signed.signature);
    if (signer !== ballot.voter) {
      const signedFor = chainOfSignature(
        domain,
        JUDGMENT_BALLOT_TYPES,
        ballotMessage(ballot),
        signed.signature,
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

  const gradesProblem = ballotGradesProblem(proposal, ballot.grades);
  if (gradesProblem !== undefined) return `${gradesProblem} Ask the voter to sign again.`;

  // The relay lands in a later block than the latest one, so a ballot read at the deadline is late.
  const now = await latestTimestamp(provider);
  if (now >= proposal.deadline) {
    const state = await judgmentState(judgment, proposal.id);
    return (
      `The signed ballot has expired: voting on proposal ${proposal.id} closed at ${isoTime(proposal.deadline)} ` +
      `(state ${state}, chain time ${isoTime(now)}), so no relay can count it.`
    );
  }
  const state = await judgmentState(judgment, proposal.id);
  if (state === "Pending") {
    return `Voting on proposal ${proposal.id} opens after ${isoTime(proposal.snapshot)} (chain time ${isoTime(now)}): relay the ballot then.`;
  }
  if (state !== "Active") return `Proposal ${proposal.id} is ${state}, not Active: no ballot can be counted on it.`;

  const nonce = await ballotNonce(judgment, ballot.voter, proposal.id);
  if (nonce !== ballot.nonce) {
    const cause =
      nonce > ballot.nonce
        ? "a ballot of this voter was counted since this one was signed (this one relayed already, or a newer one)"
        : "the nonce is ahead of the governor's";
    return (
      `The ballot carries nonce ${ballot.nonce}, but the governor expects nonce ${nonce} from ${ballot.voter} ` +
      `for proposal ${proposal.id}: ${cause}. To replace the ballot, ask the voter to sign a new one.`
    );
  }
  return undefined;
}

/** Returns why `grades` do not fit `proposal`'s options and scale, or undefined when they do. */
export function ballotGradesProblem(proposal: JudgmentProposal, grades: readonly number[]): string | undefined {
  if (grades.length !== proposal.optionCount) {
    return `The ballot has ${grades.length} grades, but proposal ${proposal.id} has ${proposal.optionCount} options.`;
  }
  const option = grades.findIndex((grade) => !Number.isInteger(grade) || grade < 0 || grade >= proposal.gradeCount);
  if (option !== -1) {
    return (
      `The ballot gives grade ${grades[option]} to option ${option}, outside the scale of proposal ${proposal.id}, ` +
      `whose grades go from 0 to ${proposal.gradeCount - 1}.`
    );
  }
  return undefined;
}
