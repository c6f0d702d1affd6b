import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import type { CoopFactory } from "../../typechain-types";
import {
  DEFAULT_SETTINGS,
  deployCooperative,
  deployImplementations,
  type CooperativeParams,
  type Implementations,
} from "../../src/deploy/cooperative";
import {
  deployCooperativeWithFactory,
  deployFactory,
  factorySalt,
  type FactoryDeployment,
} from "../../src/deploy/factory";
import { FOUNDER_COUNT } from "./fixtures";

/** Salt of the test cooperative created through the factory. */
export const TEST_SALT = factorySalt("test cooperative");

/** The implementations, a factory over them and the test accounts, before any cooperative exists. */
export interface FactoryFixture {
  factory: CoopFactory;
  implementations: Implementations;
  deployer: HardhatEthersSigner;
  founders: HardhatEthersSigner[];
  /** Accounts that are not members. */
  outsiders: HardhatEthersSigner[];
}

/** A cooperative of five founders, created through the factory. */
export interface FactoryCoopFixture extends FactoryFixture {
  created: FactoryDeployment;
  params: CooperativeParams;
}

/** Deploys the implementations and a factory over them. Use with `loadFixture`. */
export async function deployFactoryFixture(): Promise<FactoryFixture> {
  const [deployer, ...others] = await ethers.getSigners();
  const implementations = await deployImplementations(deployer);
  const factory = await deployFactory(deployer, implementations);
  return {
    factory,
    implementations,
    deployer,
    founders: others.slice(0, FOUNDER_COUNT),
    outsiders: others.slice(FOUNDER_COUNT),
  };
}

/** Returns the parameters of the test cooperative: five founders and the default settings. */
export function testCoopParams(founders: HardhatEthersSigner[], symbol = "TEST"): CooperativeParams {
  return {
    name: "Test Cooperative",
    symbol,
    founders: founders.map((founder) => founder.address),
    settings: DEFAULT_SETTINGS,
  };
}

/** Creates the test cooperative through the factory, sent by the deployer. Use with `loadFixture`. */
export async function deployFactoryCoopFixture(): Promise<FactoryCoopFixture> {
  const fixture = await deployFactoryFixture();
  const params = testCoopParams(fixture.founders);
  const created = await deployCooperativeWithFactory(fixture.factory, fixture.deployer, TEST_SALT, params);
  return { ...fixture, created, params };
}

/** Gas of one cooperative deployment through the factory and through `deployCooperative`. */
export interface DeploymentGas {
  /** The one `createCooperative` transaction. */
  factory: bigint;
  /** The sum of the seven transactions of `deployCooperative`. */
  direct: bigint;
}

/**
 * Deploys the same five-founder cooperative through the factory and with `deployCooperative`,
 * and returns the gas of each. The direct figure sums every block mined during the deployment,
 * each of which contains one of its transactions, because the Hardhat network mines one block per transaction.
 */
export async function measureDeploymentGas(): Promise<DeploymentGas> {
  const { factory, implementations, deployer, founders } = await deployFactoryFixture();
  const params = testCoopParams(founders);
  const created = await deployCooperativeWithFactory(factory, deployer, TEST_SALT, params);

  const before = await ethers.provider.getBlockNumber();
  await deployCooperative(deployer, implementations, params);
  const after = await ethers.provider.getBlockNumber();
  let direct = 0n;
  for (let block = before + 1; block <= after; block++) {
    const mined = await ethers.provider.getBlock(block);
    if (mined === null) throw new Error(`Block ${block} not found.`);
    direct += mined.gasUsed;
  }
  return { factory: created.gasUsed, direct };
}
