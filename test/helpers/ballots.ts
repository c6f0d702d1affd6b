import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { TypedDataEncoder, type TypedDataDomain } from "ethers";

import type { CoopGovernor } from "../../typechain-types";

/** The EIP-712 type of a signed vote, as `Governor.castVoteBySig` hashes it. */
export const BALLOT_TYPES = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

/** The EIP-712 type of a signed vote with a reason and params, as `castVoteWithReasonAndParamsBySig` hashes it. */
export const EXTENDED_BALLOT_TYPES = {
  ExtendedBallot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "reason", type: "string" },
    { name: "params", type: "bytes" },
  ],
};

/** A vote as the voter signs it. */
export interface Ballot {
  proposalId: bigint;
  support: number;
  voter: string;
  nonce: bigint;
}

/** A vote with a reason and params, as the voter signs it. */
export interface ExtendedBallot extends Ballot {
  reason: string;
  params: string;
}

/** Returns the governor's EIP-712 domain, read from its `eip712Domain()`. */
export async function governorDomain(governor: CoopGovernor): Promise<TypedDataDomain> {
  const [, name, version, chainId, verifyingContract] = await governor.eip712Domain();
  return { name, version, chainId, verifyingContract };
}

/**
 * Returns the next vote-signature nonce of `voter` for `proposalId`. The governor keys nonces by
 * the low 192 bits of the proposal id, and the value it returns carries that key in its high bits.
 */
export function keyedNonce(governor: CoopGovernor, voter: string, proposalId: bigint): Promise<bigint> {
  return governor["nonces(address,uint192)"](voter, BigInt.asUintN(192, proposalId));
}

/**
 * Builds the ballot of `voter` for `proposalId`, with the voter's next keyed nonce for that
 * proposal unless `nonce` is given.
 */
export async function buildBallot(
  governor: CoopGovernor,
  voter: string,
  proposalId: bigint,
  support: number,
  nonce?: bigint,
): Promise<Ballot> {
  return { proposalId, support, voter, nonce: nonce ?? (await keyedNonce(governor, voter, proposalId)) };
}

/** Signs `ballot` as `signer` and returns the 65-byte signature. */
export async function signBallot(governor: CoopGovernor, signer: HardhatEthersSigner, ballot: Ballot): Promise<string> {
  return signer.signTypedData(await governorDomain(governor), BALLOT_TYPES, ballot);
}

/** Signs the extended `ballot` as `signer` and returns the 65-byte signature. */
export async function signExtendedBallot(
  governor: CoopGovernor,
  signer: HardhatEthersSigner,
  ballot: ExtendedBallot,
): Promise<string> {
  return signer.signTypedData(await governorDomain(governor), EXTENDED_BALLOT_TYPES, ballot);
}

/** Returns the EIP-712 digest that the governor recovers the signer of `ballot` from. */
export async function ballotDigest(governor: CoopGovernor, ballot: Ballot): Promise<string> {
  return TypedDataEncoder.hash(await governorDomain(governor), BALLOT_TYPES, ballot);
}
