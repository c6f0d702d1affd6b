import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { Signature } from "ethers";

import type { CoopMembership } from "../../typechain-types";
import { impersonate } from "./accounts";
import { deployCoopFixture, type CoopFixture } from "./fixtures";
import { AdmissionPolicy } from "./shares";

export { AdmissionPolicy };

/** Probation period of the open-admission test cooperative: 30 days, in seconds. */
export const PROBATION_PERIOD = 30 * 24 * 60 * 60;

/** Maximum number of members one member may represent in the proxy-voting test cooperative. */
export const MAX_REPRESENTED = 2;

/** The EIP-712 type of a signed delegation, as `Votes.delegateBySig` hashes it. */
const DELEGATION_TYPES = {
  Delegation: [
    { name: "delegatee", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "expiry", type: "uint256" },
  ],
};

/** The standard test cooperative, with its membership also connected to the accounts that govern it. */
export interface MembershipFixture extends CoopFixture {
  /** The membership contract called from the impersonated timelock. */
  byTimelock: CoopMembership;
  /**
   * The membership contract called from the impersonated address of the shares contract. The
   * impersonation funds that address with ether for gas, which the shares contract does not count as capital.
   */
  byShares: CoopMembership;
}

/** Deploys the standard test cooperative, under the Governance admission policy. Use with `loadFixture`. */
export async function deployMembershipFixture(): Promise<MembershipFixture> {
  const coop = await deployCoopFixture();
  const timelockSigner = await impersonate(await coop.timelock.getAddress());
  const sharesSigner = await impersonate(await coop.membership.shares());
  return {
    ...coop,
    byTimelock: coop.membership.connect(timelockSigner),
    byShares: coop.membership.connect(sharesSigner),
  };
}

/** Deploys the test cooperative under the Open admission policy, with a 30-day probation. */
export async function deployOpenAdmissionFixture(): Promise<MembershipFixture> {
  const fixture = await deployMembershipFixture();
  await fixture.byTimelock.setAdmissionPolicy(AdmissionPolicy.Open);
  await fixture.byTimelock.setProbationPeriod(PROBATION_PERIOD);
  return fixture;
}

/** Deploys the test cooperative with proxy voting enabled, each member representing at most two others. */
export async function deployProxyVotingFixture(): Promise<MembershipFixture> {
  const fixture = await deployMembershipFixture();
  await fixture.byTimelock.setProxyVoting(true, MAX_REPRESENTED);
  return fixture;
}

/** A delegation signed off-chain, in the arguments that `delegateBySig` takes. */
export interface SignedDelegation {
  delegatee: string;
  nonce: bigint;
  expiry: bigint;
  v: number;
  r: string;
  s: string;
}

/**
 * Signs, as `signer`, a delegation of their votes to `delegatee`. The EIP-712 domain is read from
 * the contract's `eip712Domain()`, so it always matches the chain and the contract.
 */
export async function signDelegation(
  membership: CoopMembership,
  signer: HardhatEthersSigner,
  delegatee: string,
  expiry: bigint,
  nonce?: bigint,
): Promise<SignedDelegation> {
  const [, name, version, chainId, verifyingContract] = await membership.eip712Domain();
  const domain = { name, version, chainId, verifyingContract };
  const delegationNonce = nonce ?? (await membership.nonces(signer.address));
  const message = { delegatee, nonce: delegationNonce, expiry };
  const signature = Signature.from(await signer.signTypedData(domain, DELEGATION_TYPES, message));
  return { delegatee, nonce: delegationNonce, expiry, v: signature.v, r: signature.r, s: signature.s };
}

/** Submits a signed delegation from `relayer`, who pays the gas. */
export function submitDelegation(membership: CoopMembership, relayer: HardhatEthersSigner, signed: SignedDelegation) {
  return membership
    .connect(relayer)
    .delegateBySig(signed.delegatee, signed.nonce, signed.expiry, signed.v, signed.r, signed.s);
}
