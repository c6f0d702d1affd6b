import { expect } from "chai";
import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, dataSlice, getAddress, keccak256, toUtf8Bytes } from "ethers";

import {
  DEFAULT_CAPITAL,
  DEFAULT_SETTINGS,
  deployCooperative,
  deployImplementations,
  type CapitalParams,
  type Cooperative,
  type Implementations,
} from "../../src/deploy/cooperative";
import {
  BlocklistTokenMock__factory,
  BonusTokenMock__factory,
  FalseReturningTokenMock__factory,
  FeeOnTransferTokenMock__factory,
  HookTokenMock__factory,
  NoReturnTokenMock__factory,
  TokenMock__factory,
  type CoopMembership,
  type CoopShares,
} from "../../typechain-types";
import { impersonate } from "./accounts";
import { FOUNDER_COUNT } from "./fixtures";

/** `ICoopMembership.AdmissionPolicy`, by name. */
export enum AdmissionPolicy {
  Governance = 0,
  Application = 1,
  Open = 2,
}

/** Nominal value of one share in the ERC-20 test cooperatives: 50 units of a 6-decimal token. */
export const TOKEN_NOMINAL_VALUE = 50_000_000n;

/** Tokens minted to each founder and outsider in the ERC-20 test cooperatives. */
export const TOKEN_BALANCE = 1_000_000_000_000n;

/** The payment token of an ERC-20 test cooperative, whatever mock it is. */
export interface PaymentTokenMock {
  getAddress(): Promise<string>;
  balanceOf(account: string): Promise<bigint>;
  connect(runner: HardhatEthersSigner): {
    approve(spender: string, amount: bigint): Promise<unknown>;
    transfer(to: string, amount: bigint): Promise<unknown>;
  };
}

/** A test cooperative with its share capital, and signers for the contracts that may call it. */
export interface SharesFixture extends Cooperative {
  implementations: Implementations;
  deployer: HardhatEthersSigner;
  founders: HardhatEthersSigner[];
  /** Accounts that are not members. */
  outsiders: HardhatEthersSigner[];
  capitalParams: CapitalParams;
  /** The shares contract called from the impersonated timelock. */
  sharesByTimelock: CoopShares;
  /** The membership contract called from the impersonated timelock. */
  membershipByTimelock: CoopMembership;
  /** The impersonated membership contract, the only caller of `redeemOnExit`. */
  membershipSigner: HardhatEthersSigner;
  timelockSigner: HardhatEthersSigner;
}

/** An ERC-20 test cooperative, with its payment token. */
export interface TokenSharesFixture<Token extends PaymentTokenMock> extends SharesFixture {
  token: Token;
}

/**
 * Deploys a cooperative of five founders with the default governance settings and `capital`, and
 * impersonates its timelock and membership contract.
 */
export async function deploySharesCooperative(capital: CapitalParams): Promise<SharesFixture> {
  const [deployer, ...others] = await ethers.getSigners();
  const founders = others.slice(0, FOUNDER_COUNT);
  const outsiders = others.slice(FOUNDER_COUNT);
  const implementations = await deployImplementations(deployer);
  const coop = await deployCooperative(deployer, implementations, {
    name: "Capital Cooperative",
    symbol: "CAP",
    founders: founders.map((founder) => founder.address),
    settings: DEFAULT_SETTINGS,
    capital,
  });
  const timelockSigner = await impersonate(await coop.timelock.getAddress());
  const membershipSigner = await impersonate(await coop.membership.getAddress());
  return {
    ...coop,
    implementations,
    deployer,
    founders,
    outsiders,
    capitalParams: capital,
    sharesByTimelock: coop.shares.connect(timelockSigner),
    membershipByTimelock: coop.membership.connect(timelockSigner),
    membershipSigner,
    timelockSigner,
  };
}

/** Deploys a cooperative whose shares cost 0.01 ETH. Use with `loadFixture`. */
export function deployEthSharesFixture(): Promise<SharesFixture> {
  return deploySharesCooperative(DEFAULT_CAPITAL);
}

/**
 * Deploys `token` before the cooperative, gives every founder and outsider {@link TOKEN_BALANCE}
 * and has them approve the shares contract for all of it.
 */
async function deployTokenCooperative<Token extends PaymentTokenMock>(
  token: Token & { mint(to: string, amount: bigint): Promise<unknown> },
): Promise<TokenSharesFixture<Token>> {
  const fixture = await deploySharesCooperative({
    ...DEFAULT_CAPITAL,
    paymentToken: await token.getAddress(),
    nominalValue: TOKEN_NOMINAL_VALUE,
  });
  const sharesAddress = await fixture.shares.getAddress();
  for (const account of [...fixture.founders, ...fixture.outsiders]) {
    await token.mint(account.address, TOKEN_BALANCE);
    await token.connect(account).approve(sharesAddress, TOKEN_BALANCE);
  }
  return { ...fixture, token };
}

/** Deploys a cooperative whose shares are paid in a plain 6-decimal ERC-20. Use with `loadFixture`. */
export async function deployTokenSharesFixture() {
  const [deployer] = await ethers.getSigners();
  return deployTokenCooperative(await new TokenMock__factory(deployer).deploy());
}

/** Deploys a cooperative paid in a token that burns 1% of every transfer. Use with `loadFixture`. */
export async function deployFeeTokenSharesFixture() {
  const [deployer] = await ethers.getSigners();
  return deployTokenCooperative(await new FeeOnTransferTokenMock__factory(deployer).deploy());
}

/** Deploys a cooperative paid in a token that can return false instead of reverting. Use with `loadFixture`. */
export async function deployFalseTokenSharesFixture() {
  const [deployer] = await ethers.getSigners();
  return deployTokenCooperative(await new FalseReturningTokenMock__factory(deployer).deploy());
}

/** Deploys a cooperative paid in a token whose functions return nothing. Use with `loadFixture`. */
export async function deployNoReturnTokenSharesFixture() {
  const [deployer] = await ethers.getSigners();
  return deployTokenCooperative(await new NoReturnTokenMock__factory(deployer).deploy());
}

/** Deploys a cooperative paid in a token that can block accounts. Use with `loadFixture`. */
export async function deployBlocklistTokenSharesFixture() {
  const [deployer] = await ethers.getSigners();
  return deployTokenCooperative(await new BlocklistTokenMock__factory(deployer).deploy());
}

/** Deploys a cooperative paid in a token that can add a bonus to every transfer. Use with `loadFixture`. */
export async function deployBonusTokenSharesFixture() {
  const [deployer] = await ethers.getSigners();
  return deployTokenCooperative(await new BonusTokenMock__factory(deployer).deploy());
}

/** Deploys a cooperative paid in a token that can call a hook during its next transfer. Use with `loadFixture`. */
export async function deployHookTokenSharesFixture() {
  const [deployer] = await ethers.getSigners();
  return deployTokenCooperative(await new HookTokenMock__factory(deployer).deploy());
}

/** Returns the price of `count` shares. */
export async function priceOf(shares: CoopShares, count: bigint): Promise<bigint> {
  return count * (await shares.nominalValue());
}

/** Subscribes `count` shares from `holder`, sending ETH when the cooperative is paid in ETH. */
export async function subscribe(shares: CoopShares, holder: HardhatEthersSigner, count: bigint): Promise<void> {
  const paidInEth = (await shares.paymentToken()) === ZeroAddress;
  const value = paidInEth ? await priceOf(shares, count) : 0n;
  await shares.connect(holder).subscribe(count, { value });
}

/** Returns the payment token or ETH balance of `account`. */
export async function paymentBalance(shares: CoopShares, account: string): Promise<bigint> {
  const token = await shares.paymentToken();
  if (token === ZeroAddress) return ethers.provider.getBalance(account);
  const erc20 = await ethers.getContractAt("IERC20", token);
  return erc20.balanceOf(account);
}

/** Returns a fresh address derived from `label`, which no key controls. */
export function labelledAddress(label: string): string {
  return getAddress(dataSlice(keccak256(toUtf8Bytes(label)), 12));
}

/**
 * Asserts the accounting invariants of the share capital, given every account that ever held shares.
 * Capital is held plus in treasury, and the balance covers held capital and credits. The holdings
 * add up to the capital, and the pending shares add up to the queue's total.
 */
export async function expectAccounting(shares: CoopShares, holders: string[]): Promise<void> {
  const nominalValue = await shares.nominalValue();
  const capital = await shares.capital();
  const heldCapital = await shares.heldCapital();
  const inTreasury = await shares.capitalInTreasury();
  const credited = await shares.totalCredited();
  const balance = await paymentBalance(shares, await shares.getAddress());

  let sharesHeld = 0n;
  let pendingHeld = 0n;
  for (const holder of holders) {
    sharesHeld += await shares.sharesOf(holder);
    pendingHeld += await shares.pendingSharesOf(holder);
  }

  expect(capital, "capital is held plus in treasury").to.equal(heldCapital + inTreasury);
  expect(balance, "balance covers held capital and credits").to.be.at.least(heldCapital + credited);
  expect(sharesHeld * nominalValue, "holdings add up to the capital").to.equal(capital);
  expect(await shares.totalShares(), "holdings add up to the total of shares").to.equal(sharesHeld);
  expect(await shares.totalPendingShares(), "pending shares add up").to.equal(pendingHeld);
  expect(await shares.highestCapital(), "highest capital is at least the capital").to.be.at.least(capital);
}
