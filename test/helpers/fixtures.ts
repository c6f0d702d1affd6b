import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import {
  DEFAULT_SETTINGS,
  deployCooperative,
  deployImplementations,
  type Cooperative,
  type Implementations,
} from "../../src/deploy/cooperative";

/** Number of founding members in the standard test cooperative. */
export const FOUNDER_COUNT = 5;

export interface CoopFixture extends Cooperative {
  implementations: Implementations;
  deployer: HardhatEthersSigner;
  founders: HardhatEthersSigner[];
  /** Accounts that are not members. */
  outsiders: HardhatEthersSigner[];
}

/** Deploys a cooperative of five founders with the default settings. Use with `loadFixture`. */
export async function deployCoopFixture(): Promise<CoopFixture> {
  const [deployer, ...others] = await ethers.getSigners();
  const founders = others.slice(0, FOUNDER_COUNT);
  const outsiders = others.slice(FOUNDER_COUNT);
  const implementations = await deployImplementations(deployer);
  const coop = await deployCooperative(deployer, implementations, {
    name: "Test Cooperative",
    symbol: "TEST",
    founders: await Promise.all(founders.map((founder) => founder.getAddress())),
    settings: DEFAULT_SETTINGS,
  });
  return { ...coop, implementations, deployer, founders, outsiders };
}
