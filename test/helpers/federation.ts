import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { BigNumberish, BytesLike } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import {
  DEFAULT_SETTINGS,
  deployCooperative,
  deployImplementations,
  type Cooperative,
  type CooperativeAddresses,
  type GovernanceSettings,
  type Implementations,
} from "../../src/deploy/cooperative";
import {
  FEDERATION_MEMBER_WEIGHT,
  createRelay,
  deployFederationRegistry,
  predictDirectGovernors,
  predictRelay,
} from "../../src/deploy/federation";
import { buildProposal, type Action } from "../../src/governance/proposals";
import type { FederationRegistry, FederationRelay } from "../../typechain-types";
import { impersonate } from "./accounts";
import { contractAction, testDescription } from "./governance";
import { proposeJudgment, type JudgmentHandle, type OptionInput } from "./judgment";

/** Settings of a test federation: a three-day vote, so its members' one-day mirrored votes fit inside. */
export const FEDERATION_SETTINGS: GovernanceSettings = {
  ...DEFAULT_SETTINGS,
  votingPeriod: 3 * 24 * 60 * 60,
};

/** A cooperative with its members and its addresses. */
export interface MemberCooperative extends Cooperative {
  members: HardhatEthersSigner[];
  addresses: CooperativeAddresses;
}

/** A federation and the relays of its member cooperatives. */
export interface Federation extends Cooperative {
  addresses: CooperativeAddresses;
  /** The relays of the member cooperatives, in the order they were given. */
  relays: FederationRelay[];
  /** The federation's timelock, impersonated, for settings that tests do not pass through a vote. */
  timelockSigner: HardhatEthersSigner;
}

/** Two cooperatives of three and five members in one federation. */
export interface FederationFixture {
  deployer: HardhatEthersSigner;
  implementations: Implementations;
  registry: FederationRegistry;
  coopA: MemberCooperative;
  coopB: MemberCooperative;
  federation: Federation;
  relayA: FederationRelay;
  relayB: FederationRelay;
  /** Signers that belong to no cooperative. */
  outsiders: HardhatEthersSigner[];
}

/** Returns the addresses of a deployed cooperative's contracts. */
export async function addressesOf(coop: Cooperative): Promise<CooperativeAddresses> {
  return {
    membership: await coop.membership.getAddress(),
    governor: await coop.governor.getAddress(),
    timelock: await coop.timelock.getAddress(),
    shares: await coop.shares.getAddress(),
    charter: await coop.charter.getAddress(),
    judgment: await coop.judgment.getAddress(),
    feeRouter: await coop.feeRouter.getAddress(),
  };
}

/** Deploys a cooperative whose founders are `members`, with the default settings. */
export async function deployMemberCooperative(
  deployer: HardhatEthersSigner,
  implementations: Implementations,
  name: string,
  members: HardhatEthersSigner[],
  settings: GovernanceSettings = DEFAULT_SETTINGS,
): Promise<MemberCooperative> {
  const coop = await deployCooperative(deployer, implementations, {
    name,
    symbol: name
      .replace(/[^A-Za-z]/g, "")
      .slice(0, 8)
      .toUpperCase(),
    founders: members.map((member) => member.address),
    settings,
  });
  return { ...coop, members, addresses: await addressesOf(coop) };
}

/**
 * Deploys a federation whose founding members are the relays of `cooperatives`, each with the
 * federation weight {@link FEDERATION_MEMBER_WEIGHT}, and creates the relays as each
 * cooperative's impersonated timelock.
 */
export async function deployFederation(
  deployer: HardhatEthersSigner,
  implementations: Implementations,
  registry: FederationRegistry,
  name: string,
  cooperatives: CooperativeAddresses[],
  settings: GovernanceSettings = FEDERATION_SETTINGS,
): Promise<Federation> {
  const nonce = await ethers.provider.getTransactionCount(deployer.address, "pending");
  const predicted = predictDirectGovernors(deployer.address, nonce);
  const founders = await Promise.all(cooperatives.map((coop) => predictRelay(registry, coop, predicted)));
  const coop = await deployCooperative(deployer, implementations, {
    name,
    symbol: "FED",
    founders,
    memberWeight: FEDERATION_MEMBER_WEIGHT,
    settings,
  });
  const addresses = await addressesOf(coop);
  const relays: FederationRelay[] = [];
  for (const member of cooperatives) {
    relays.push(await createRelay(registry, member, addresses, await impersonate(member.timelock)));
  }
  const timelockSigner = await impersonate(addresses.timelock);
  return { ...coop, addresses, relays, timelockSigner };
}

/**
 * Deploys cooperative A (three members) and B (five members) and a federation of both. Use with
 * `loadFixture`.
 */
export async function deployFederationFixture(): Promise<FederationFixture> {
  const [deployer, ...others] = await ethers.getSigners();
  const implementations = await deployImplementations(deployer);
  const { registry } = await deployFederationRegistry(deployer);
  const coopA = await deployMemberCooperative(deployer, implementations, "Coop A", others.slice(0, 3));
  const coopB = await deployMemberCooperative(deployer, implementations, "Coop B", others.slice(3, 8));
  const federation = await deployFederation(deployer, implementations, registry, "Regional Federation", [
    coopA.addresses,
    coopB.addresses,
  ]);
  const [relayA, relayB] = federation.relays;
  return { deployer, implementations, registry, coopA, coopB, federation, relayA, relayB, outsiders: others.slice(8) };
}

/** A yes/no federation proposal and the details that identify it. */
export interface FederationProposal {
  id: bigint;
  targets: string[];
  values: BigNumberish[];
  calldatas: BytesLike[];
  description: string;
}

/**
 * Has `relay` propose `actions` in its federation, as the cooperative's timelock, and moves time
 * past the proposal's snapshot, when voting opens.
 */
export async function openFederationProposal(
  federation: Cooperative,
  relay: FederationRelay,
  actions: Action[],
  title = "Federation decision",
): Promise<FederationProposal> {
  const proposer = await impersonate(await relay.cooperativeTimelock());
  const proposal = buildProposal(actions, testDescription(title), await relay.getAddress());
  const { targets, values, calldatas, description } = proposal;
  await relay.connect(proposer).propose(targets, values, calldatas, description);
  const id = await federation.governor.getProposalId(targets, values, calldatas, ethers.id(description));
  await time.increaseTo((await federation.governor.proposalSnapshot(id)) + 1n);
  return { id, targets, values, calldatas, description };
}

/**
 * Has `relay` propose a majority-judgment decision between `options` in its federation and moves
 * time past its snapshot.
 */
export async function openFederationJudgment(
  federation: Cooperative,
  relay: FederationRelay,
  options: OptionInput[],
  title = "Federation choice",
): Promise<JudgmentHandle> {
  const proposer = await impersonate(await relay.cooperativeTimelock());
  const description = testDescription(title);
  const id = await federation.judgment.hashProposal(await relay.getAddress(), options, false, ethers.id(description));
  await relay.connect(proposer).proposeJudgment(options, false, description);
  const { snapshot } = await federation.judgment.proposalDetails(id);
  await time.increaseTo(snapshot + 1n);
  return { id, options, statusQuo: false, description };
}

/** Moves time past a mirror's deadline, when its result can be cast upward. */
export async function endMirror(relay: FederationRelay, mirrorId: bigint): Promise<void> {
  const { deadline } = await relay.mirror(mirrorId);
  await time.increaseTo(deadline + 1n);
}

export { proposeJudgment };

/** Mirrors a yes/no federation proposal into `relay` and returns the mirror's id. */
export async function mirrorFederationProposal(
  relay: FederationRelay,
  federation: Cooperative,
  proposal: FederationProposal,
): Promise<bigint> {
  await relay.mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
  return relay.mirrorIdOf(await federation.governor.getAddress(), proposal.id);
}

/** Mirrors a majority-judgment federation proposal into `relay` and returns the mirror's id. */
export async function mirrorFederationJudgment(
  relay: FederationRelay,
  federation: Cooperative,
  handle: JudgmentHandle,
): Promise<bigint> {
  await relay.mirrorJudgment(handle.id, handle.options, handle.statusQuo, handle.description);
  return relay.mirrorIdOf(await federation.judgment.getAddress(), handle.id);
}

/** The two-cooperative federation, now also a member of a global federation with cooperative B. */
export interface TwoLevelFixture extends FederationFixture {
  global: Federation;
  /** The regional federation's relay in the global federation. */
  regionalRelay: FederationRelay;
  /** Cooperative B's relay in the global federation, beside its relay in the regional one. */
  globalRelayB: FederationRelay;
}

/**
 * Deploys {@link deployFederationFixture} and a global federation whose members are the regional
 * federation and cooperative B. Use with `loadFixture`.
 */
export async function deployTwoLevelFixture(): Promise<TwoLevelFixture> {
  const fixture = await deployFederationFixture();
  const global = await deployFederation(
    fixture.deployer,
    fixture.implementations,
    fixture.registry,
    "Global Federation",
    [fixture.federation.addresses, fixture.coopB.addresses],
  );
  const [regionalRelay, globalRelayB] = global.relays;
  return { ...fixture, global, regionalRelay, globalRelayB };
}

/** A federation fixture with cooperative C, whose relay exists but was not admitted, and an open federation proposal. */
export type WithLateMember<F extends FederationFixture> = F & {
  coopC: MemberCooperative;
  relayC: FederationRelay;
  proposal: FederationProposal;
};

/**
 * Adds cooperative C (two outsiders as members) whose relay exists but is not a member of the
 * federation, and opens a federation proposal from relay A. Removes C's members from `outsiders`.
 */
export async function addLateMember<F extends FederationFixture>(fixture: F): Promise<WithLateMember<F>> {
  const coopC = await deployMemberCooperative(
    fixture.deployer,
    fixture.implementations,
    "Coop C",
    fixture.outsiders.slice(0, 2),
  );
  const relayC = await createRelay(
    fixture.registry,
    coopC.addresses,
    fixture.federation.addresses,
    await impersonate(coopC.addresses.timelock),
  );
  const action = await contractAction(fixture.federation.membership, "setProbationPeriod", [0]);
  const proposal = await openFederationProposal(fixture.federation, fixture.relayA, [action]);
  return { ...fixture, outsiders: fixture.outsiders.slice(2), coopC, relayC, proposal };
}
