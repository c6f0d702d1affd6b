import type { Signer, TypedDataDomain, TypedDataField } from "ethers";

import type { FederationRelay } from "../../typechain-types";

/** `MirrorVote(uint256 mirrorId,address voter,uint8 support,uint256 nonce)`, which `castVoteBySig` checks. */
export const MIRROR_VOTE_TYPES: Record<string, TypedDataField[]> = {
  MirrorVote: [
    { name: "mirrorId", type: "uint256" },
    { name: "voter", type: "address" },
    { name: "support", type: "uint8" },
    { name: "nonce", type: "uint256" },
  ],
};

/** `MirrorBallot(uint256 mirrorId,address voter,uint8[] grades,uint256 nonce)`, which `castBallotBySig` checks. */
export const MIRROR_BALLOT_TYPES: Record<string, TypedDataField[]> = {
  MirrorBallot: [
    { name: "mirrorId", type: "uint256" },
    { name: "voter", type: "address" },
    { name: "grades", type: "uint8[]" },
    { name: "nonce", type: "uint256" },
  ],
};

/** Key of a voter's nonces for one mirror: the mirror id's low 192 bits, as the relay takes it. */
export function mirrorNonceKey(mirrorId: bigint): bigint {
  return mirrorId & ((1n << 192n) - 1n);
}

/** Returns `voter`'s next nonce for a mirror of `relay`. */
export function mirrorNonce(relay: FederationRelay, voter: string, mirrorId: bigint): Promise<bigint> {
  return relay["nonces(address,uint192)"](voter, mirrorNonceKey(mirrorId));
}

/** Returns the EIP-712 domain of `relay`, as the relay reports it: its name, version, chain id and address. */
export async function relayDomain(relay: FederationRelay): Promise<TypedDataDomain> {
  const domain = await relay.eip712Domain();
  return {
    name: domain.name,
    version: domain.version,
    chainId: domain.chainId,
    verifyingContract: domain.verifyingContract,
  };
}

/**
 * Signs `voter`'s yes/no vote on a mirror of `relay` (0 against, 1 for, 2 abstain) with their next
 * nonce for that mirror. Anyone can send the signature with `castVoteBySig` until the mirror's deadline.
 */
export async function signMirrorVote(
  relay: FederationRelay,
  voter: Signer,
  mirrorId: bigint,
  support: number,
): Promise<string> {
  const address = await voter.getAddress();
  const nonce = await mirrorNonce(relay, address, mirrorId);
  return voter.signTypedData(await relayDomain(relay), MIRROR_VOTE_TYPES, {
    mirrorId,
    voter: address,
    support,
    nonce,
  });
}

/**
 * Signs `voter`'s grades on a mirror of `relay` with their next nonce for that mirror. Anyone can send the
 * signature with `castBallotBySig` until the mirror's deadline.
 */
export async function signMirrorBallot(
  relay: FederationRelay,
  voter: Signer,
  mirrorId: bigint,
  grades: number[],
): Promise<string> {
  const address = await voter.getAddress();
  const nonce = await mirrorNonce(relay, address, mirrorId);
  return voter.signTypedData(await relayDomain(relay), MIRROR_BALLOT_TYPES, {
    mirrorId,
    voter: address,
    grades,
    nonce,
  });
}
