import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Signer } from "ethers";

import {
  CoopColleges__factory,
  CoopProxy__factory,
  type CoopColleges,
  type CoopMembership,
} from "../../typechain-types";
import type { ICoopColleges } from "../../typechain-types/contracts/governance/CoopColleges";
import { impersonate } from "./accounts";
import { cidV1Sha256 } from "./cid";
import { deployCoopFixture, type CoopFixture } from "./fixtures";

/** One college as `setColleges` takes it. */
export type CollegeInput = ICoopColleges.CollegeStruct;

/** The colleges of a French SCIC in the tests: their ids in the membership register. */
export const WORKERS = 1;
export const USERS = 2;
export const PARTNERS = 3;
export const PUBLIC_BODIES = 4;

/** `ICoopColleges.QuorumMode`, by name. */
export enum QuorumMode {
  Global = 0,
  PerCollege = 1,
}

/** `ICoopColleges.TallyKind`, by name. */
export enum TallyKind {
  None = 0,
  YesNo = 1,
  Judgment = 2,
}

/** OpenZeppelin's support values. */
export enum Support {
  Against = 0,
  For = 1,
  Abstain = 2,
  Fractional = 255,
}

/** Returns a college with a label CID derived from its name. */
export function college(id: number, weightBps: number, name = `college ${id}`): CollegeInput {
  return { id, weightBps, labelCid: cidV1Sha256(name) };
}

/** Returns the SCIC colleges of the tests: workers 30%, users 30%, partners 20%, public bodies 20%. */
export function scicColleges(): CollegeInput[] {
  return [
    college(WORKERS, 3_000, "workers"),
    college(USERS, 3_000, "users"),
    college(PARTNERS, 2_000, "partners"),
    college(PUBLIC_BODIES, 2_000, "public bodies"),
  ];
}

/** Deploys a colleges module in front of a fresh implementation for `membership` and `timelock`. */
export async function deployCollegesProxy(
  deployer: Signer,
  membership: string,
  timelock: string,
): Promise<CoopColleges> {
  const implementation = await new CoopColleges__factory(deployer).deploy();
  await implementation.waitForDeployment();
  const initData = CoopColleges__factory.createInterface().encodeFunctionData("initialize", [membership, timelock]);
  const proxy = await new CoopProxy__factory(deployer).deploy(await implementation.getAddress(), initData);
  await proxy.waitForDeployment();
  return CoopColleges__factory.connect(await proxy.getAddress(), deployer);
}

/** A cooperative whose members sit in the four SCIC colleges, with a colleges module and a test governor. */
export interface CollegesFixture extends CoopFixture {
  /** The module, connected to the deployer. */
  colleges: CoopColleges;
  /** The module called from the impersonated timelock. */
  collegesByTimelock: CoopColleges;
  /** The module called from the registered governor. */
  collegesByGovernor: CoopColleges;
  /** An account registered as a governor, standing for the cooperative's governor. */
  registeredGovernor: HardhatEthersSigner;
  timelockSigner: HardhatEthersSigner;
  membershipByTimelock: CoopMembership;
  /** Two workers. */
  workers: HardhatEthersSigner[];
  /** Ten users. */
  users: HardhatEthersSigner[];
  /** One partner. */
  partners: HardhatEthersSigner[];
  /** One public body. */
  publicBodies: HardhatEthersSigner[];
  /** A member in no college. */
  unassigned: HardhatEthersSigner;
}

/**
 * Deploys a cooperative of fifteen members, two workers, ten users, one partner, one public body
 * and one member in no college, with a colleges module holding the SCIC colleges, college voting
 * on and the last signer registered as its governor. Use with `loadFixture`.
 */
export async function deployCollegesFixture(): Promise<CollegesFixture> {
  const coop = await deployCoopFixture();
  const { deployer, founders, outsiders } = coop;
  const timelockSigner = await impersonate(await coop.timelock.getAddress());
  const membershipByTimelock = coop.membership.connect(timelockSigner);
  const members = [...founders, ...outsiders.slice(0, 10)];
  const registeredGovernor = outsiders[outsiders.length - 1];
  for (const member of outsiders.slice(0, 10)) await membershipByTimelock.admit(member.address);

  const workers = members.slice(0, 2);
  const users = members.slice(2, 12);
  const partners = members.slice(12, 13);
  const publicBodies = members.slice(13, 14);
  const unassigned = members[14];
  const groups: [number, HardhatEthersSigner[]][] = [
    [WORKERS, workers],
    [USERS, users],
    [PARTNERS, partners],
    [PUBLIC_BODIES, publicBodies],
  ];
  for (const [id, group] of groups) {
    for (const member of group) await membershipByTimelock.setCollege(member.address, id);
  }

  const colleges = await deployCollegesProxy(deployer, await coop.membership.getAddress(), timelockSigner.address);
  const collegesByTimelock = colleges.connect(timelockSigner);
  await collegesByTimelock.setColleges(scicColleges());
  await collegesByTimelock.setEnabled(true);
  await collegesByTimelock.setGovernor(registeredGovernor.address, true);
  return {
    ...coop,
    colleges,
    collegesByTimelock,
    collegesByGovernor: colleges.connect(registeredGovernor),
    registeredGovernor,
    timelockSigner,
    membershipByTimelock,
    workers,
    users,
    partners,
    publicBodies,
    unassigned,
  };
}

/** Returns a snapshot in the past of the membership clock: the clock now, once a block is mined. */
export async function pastSnapshot(membership: CoopMembership): Promise<bigint> {
  const snapshot = await membership.clock();
  await ethers.provider.send("evm_mine", []);
  return snapshot;
}
