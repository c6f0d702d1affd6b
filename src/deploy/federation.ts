import { getCreateAddress, type Signer } from "ethers";

import {
  FederationRegistry__factory,
  FederationRelay__factory,
  type CoopFactory,
  type FederationRegistry,
  type FederationRelay,
} from "../../typechain-types";
import type { Action } from "../governance/proposals";
import type { CooperativeAddresses } from "./cooperative";
import {
  deployCooperativeWithFactory,
  predictCooperative,
  type FactoryCooperativeParams,
  type FactoryDeployment,
} from "./factory";

/**
 * Weight of each member cooperative in a federation unless the federation sets another: large, so a
 * cooperative's vote can be split in proportion to its members' votes (one millionth at worst).
 */
export const FEDERATION_MEMBER_WEIGHT = 1_000_000n;

/** The contracts a federation's relays need: the shared relay code and the registry of relays. */
export interface FederationRegistryDeployment {
  registry: FederationRegistry;
  relayImplementation: string;
}

/** The governors that identify a cooperative, or a federation, to a relay. */
export type GovernorPair = Pick<CooperativeAddresses, "governor" | "judgment">;

/** Deploys the relay implementation and the registry that clones it. */
export async function deployFederationRegistry(deployer: Signer): Promise<FederationRegistryDeployment> {
  const implementation = await new FederationRelay__factory(deployer).deploy();
  await implementation.waitForDeployment();
  const relayImplementation = await implementation.getAddress();
  const registry = await new FederationRegistry__factory(deployer).deploy(relayImplementation);
  await registry.waitForDeployment();
  return { registry, relayImplementation };
}

/** Returns the address of the relay of `cooperative` in `federation`, created or not. */
export function predictRelay(
  registry: FederationRegistry,
  cooperative: GovernorPair,
  federation: GovernorPair,
): Promise<string> {
  return registry.predictRelay(cooperative.governor, cooperative.judgment, federation.governor, federation.judgment);
}

/**
 * Creates the relay of `cooperative` in `federation`, unless it exists, and returns it bound to
 * `timelock`. Only the cooperative's timelock may create its relay, so `timelock` is that timelock's
 * signer: on a real network, a passed proposal runs {@link relayCreationAction} instead.
 */
export async function createRelay(
  registry: FederationRegistry,
  cooperative: GovernorPair,
  federation: GovernorPair,
  timelock: Signer,
): Promise<FederationRelay> {
  const address = await predictRelay(registry, cooperative, federation);
  if (!(await registry.isRelay(address))) {
    const tx = await registry
      .connect(timelock)
      .createRelay(cooperative.governor, cooperative.judgment, federation.governor, federation.judgment);
    await tx.wait();
  }
  return FederationRelay__factory.connect(address, timelock);
}

/** Returns the proposal action by which `cooperative` creates its relay in `federation`, taking its seat. */
export async function relayCreationAction(
  registry: FederationRegistry,
  cooperative: GovernorPair,
  federation: GovernorPair,
): Promise<Action> {
  return {
    target: await registry.getAddress(),
    data: registry.interface.encodeFunctionData("createRelay", [
      cooperative.governor,
      cooperative.judgment,
      federation.governor,
      federation.judgment,
    ]),
  };
}

/**
 * Returns the governors a cooperative deployed directly by `deployer` will have, when its first
 * transaction uses `nonce`: the order of `deployCooperative` puts the yes/no governor at the third
 * transaction and the majority-judgment governor at the sixth.
 */
export function predictDirectGovernors(deployer: string, nonce: number): GovernorPair {
  return {
    governor: getCreateAddress({ from: deployer, nonce: nonce + 2 }),
    judgment: getCreateAddress({ from: deployer, nonce: nonce + 5 }),
  };
}

/** Parameters of a federation: those of a cooperative, whose founders are its member cooperatives' relays. */
export type FederationParams = Omit<FactoryCooperativeParams, "founders">;

/** A federation created by the factory, with the addresses of its founding members' relays. */
export interface FederationDeployment extends FactoryDeployment {
  /** The relays of the member cooperatives, in their order: founding members, created later by each cooperative's vote. */
  relays: string[];
}

/**
 * Creates a federation through `factory` whose founding members are the relays of `members`,
 * each with the weight `params.memberWeight` ({@link FEDERATION_MEMBER_WEIGHT} unless given). The
 * relays do not exist yet: each member cooperative creates its own by a proposal that runs
 * {@link relayCreationAction}, and its seat counts from then on.
 */
export async function deployFederationWithFactory(
  factory: CoopFactory,
  registry: FederationRegistry,
  signer: Signer,
  salt: string,
  params: FederationParams,
  members: GovernorPair[],
): Promise<FederationDeployment> {
  const prediction = await predictCooperative(factory, await signer.getAddress(), salt, params.settings.timelockDelay);
  const relays = await Promise.all(members.map((member) => predictRelay(registry, member, prediction)));
  const deployment = await deployCooperativeWithFactory(factory, signer, salt, {
    ...params,
    founders: relays,
    memberWeight: params.memberWeight ?? FEDERATION_MEMBER_WEIGHT,
  });
  return { ...deployment, relays };
}
