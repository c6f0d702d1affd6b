import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import {
  DEFAULT_SETTINGS,
  deployCooperative,
  deployImplementations,
  type Cooperative,
} from "../../src/deploy/cooperative";
import { impersonate } from "./accounts";
import { labelledAddress } from "./shares";

/** Members of the cooperative that the late-quorum tests use. */
export const TWENTY_MEMBERS = 20;

/** A cooperative of twenty founders with one vote each. */
export interface TwentyMemberCooperative extends Cooperative {
  members: HardhatEthersSigner[];
}

/** Deploys a cooperative of twenty founders whose proposals need `quorumPercent` of them. */
export async function deployTwentyMemberCooperative(quorumPercent: number): Promise<TwentyMemberCooperative> {
  const [deployer, ...signers] = await ethers.getSigners();
  // Hardhat provides twenty accounts and the deployer is not a member, so the last member is an
  // impersonated account.
  const members = [...signers.slice(0, TWENTY_MEMBERS - 1), await impersonate(labelledAddress("twentieth member"))];
  const coop = await deployCooperative(deployer, await deployImplementations(deployer), {
    name: "Twenty Member Cooperative",
    symbol: "TWENTY",
    founders: members.map((member) => member.address),
    settings: { ...DEFAULT_SETTINGS, quorumPercent },
  });
  return { ...coop, members };
}
