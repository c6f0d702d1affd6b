import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import {
  DEFAULT_SETTINGS,
  deployCooperative,
  deployImplementations,
  type Cooperative,
  type GovernanceSettings,
  type Implementations,
} from "../../src/deploy/cooperative";

/** Number of founding members in the standard test cooperative. */
export const FOUNDER_COUNT = 5;

/** Quorum of the high-quorum test cooperative: 60% of five founders, so three votes. */
export const HIGH_QUORUM_PERCENT = 60;

export interface CoopFixture extends Cooperative {
  implementations: Implementations;
  deployer: HardhatEthersSigner;
  founders: HardhatEthersSigner[];
  /** Accounts that are not members. */
  outsiders: HardhatEthersSigner[];
}

/** Deploys a cooperative of five founders with the default settings. Use with `loadFixture`. */
export async function deployCoopFixture(): Promise<CoopFixture> {
  return deployTestCooperative("Test Cooperative", "TEST", DEFAULT_SETTINGS);
}

/**
 * Deploys a cooperative of five founders with a 60% quorum, where two votes for and none against
 * still fail for lack of quorum. Use with `loadFixture`.
 */
export async function deployHighQuorumCoopFixture(): Promise<CoopFixture> {
  return deployTestCooperative("High Quorum Cooperative", "HIGHQ", {
    ...DEFAULT_SETTINGS,
    quorumPercent: HIGH_QUORUM_PERCENT,
  });
}

/** Deploys the implementations and a cooperative whose founders are the signers after the deployer. */
async function deployTestCooperative(name: string, symbol: string, settings: GovernanceSettings): Promise<CoopFixture> {
  const [deployer, ...others] = await ethers.getSigners();
  const founders = others.slice(0, FOUNDER_COUNT);
  const outsiders = others.slice(FOUNDER_COUNT);
  const implementations = await deployImplementations(deployer);
  const coop = await deployCooperative(deployer, implementations, {
    name,
    symbol,
    founders: await Promise.all(founders.map((founder) => founder.getAddress())),
    settings,
  });
  return { ...coop, implementations, deployer, founders, outsiders };
}
