import { expect } from "chai";
import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { Signature, ZeroAddress, type Signer } from "ethers";

import {
  BlocklistTokenMock__factory,
  BonusTokenMock__factory,
  CoopProxy__factory,
  FalseReturningTokenMock__factory,
  FeeOnTransferTokenMock__factory,
  FeeRouter__factory,
  HookTokenMock__factory,
  NoReturnTokenMock__factory,
  PermitTokenMock__factory,
  TokenMock__factory,
  type BlocklistTokenMock,
  type BonusTokenMock,
  type CoopMembership,
  type FalseReturningTokenMock,
  type FeeOnTransferTokenMock,
  type FeeRouter,
  type HookTokenMock,
  type NoReturnTokenMock,
  type PermitTokenMock,
  type TokenMock,
} from "../../typechain-types";
import { impersonate } from "./accounts";
import { deployCoopFixture, type CoopFixture } from "./fixtures";

/** Service fee of the test router: 100 basis points, 1% of each payment. */
export const SERVICE_FEE_BPS = 100n;

/** Membership dues of the test router: 10 basis points, 0.1% of each payment to a member. */
export const DUES_BPS = 10n;

/** Denominator of basis points: 10,000 basis points are 100%. */
export const BPS_DENOMINATOR = 10_000n;

/** `IFeeRouter.Pot`, by name. */
export enum Pot {
  ServiceFees = 0,
  Dues = 1,
}

/** Units of each test token minted to every founder and outsider: a million units of a 6-decimal token. */
export const ROUTER_TOKEN_BALANCE = 1_000_000_000_000n;

/** Arguments of `FeeRouter.initialize`. */
export interface FeeRouterParams {
  membership: string;
  timelock: string;
  serviceFeeRecipient: string;
  duesRecipient: string;
  serviceFeeBps: bigint;
  duesBps: bigint;
  /** ERC-20 tokens listed from the start. */
  tokens: string[];
}

/** The ERC-20 mocks that the test router lists at initialization. */
export interface RouterTokens {
  /** A plain 6-decimal token. */
  token: TokenMock;
  /** A 6-decimal token with EIP-2612 permits. Payers have a balance of it but no allowance for the router. */
  permitToken: PermitTokenMock;
  /** A token whose issuer can block accounts. */
  blocklistToken: BlocklistTokenMock;
  /** A token that can return false instead of reverting. */
  falseToken: FalseReturningTokenMock;
  /** A token whose functions return nothing. */
  noReturnToken: NoReturnTokenMock;
  /** A token that burns 1% of every transfer. */
  feeToken: FeeOnTransferTokenMock;
  /** A token that can mint a bonus to the receiver of every transfer. */
  bonusToken: BonusTokenMock;
  /** A token that can call out to other code in the middle of a transfer. */
  hookToken: HookTokenMock;
}

/** A test cooperative with its own fee router, the router's test tokens and the impersonated timelock. */
export interface FeeRouterFixture extends CoopFixture, RouterTokens {
  /**
   * The router under test, connected to the deployer. The fixture deploys it itself, even for a
   * cooperative that comes with a router of its own, so that the tests choose its tokens.
   */
  feeRouter: FeeRouter;
  /** The router called from the impersonated timelock. */
  feeRouterByTimelock: FeeRouter;
  /** Address of the router's implementation contract. */
  feeRouterImplementation: string;
  /** The initializer arguments of {@link feeRouter}. */
  feeRouterParams: FeeRouterParams;
  /** A plain 6-decimal token that the router does not list. Payers have a balance of it and have approved the router. */
  unlistedToken: TokenMock;
  /** The membership contract called from the impersonated timelock. */
  membershipByTimelock: CoopMembership;
  timelockSigner: HardhatEthersSigner;
}

/** The functions of a token mock that the fixture uses to fund payers, whatever mock it is. */
interface MintableToken {
  getAddress(): Promise<string>;
  mint(to: string, amount: bigint): Promise<unknown>;
  connect(runner: HardhatEthersSigner): { approve(spender: string, amount: bigint): Promise<unknown> };
}

/** The split of one payment. */
export interface Split {
  serviceFee: bigint;
  dues: bigint;
  net: bigint;
}

/** The parts of an EIP-2612 permit signature, as `permit` takes them. */
export interface PermitSignature {
  deadline: bigint;
  v: number;
  r: string;
  s: string;
}

/** EIP-712 type of an EIP-2612 permit. */
const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** Encodes the `FeeRouter.initialize` call for `params`. */
export function feeRouterInitData(params: FeeRouterParams): string {
  return FeeRouter__factory.createInterface().encodeFunctionData("initialize", [
    params.membership,
    params.timelock,
    params.serviceFeeRecipient,
    params.duesRecipient,
    params.serviceFeeBps,
    params.duesBps,
    params.tokens,
  ]);
}

/** Deploys a `CoopProxy` in front of `implementation`, initialised with `params`, and returns it as a router. */
export async function deployFeeRouterProxy(
  deployer: Signer,
  implementation: string,
  params: FeeRouterParams,
): Promise<FeeRouter> {
  const proxy = await new CoopProxy__factory(deployer).deploy(implementation, feeRouterInitData(params));
  await proxy.waitForDeployment();
  return FeeRouter__factory.connect(await proxy.getAddress(), deployer);
}

/** Deploys one of each token mock that the test router lists. */
async function deployRouterTokens(deployer: Signer): Promise<RouterTokens> {
  return {
    token: await new TokenMock__factory(deployer).deploy(),
    permitToken: await new PermitTokenMock__factory(deployer).deploy(),
    blocklistToken: await new BlocklistTokenMock__factory(deployer).deploy(),
    falseToken: await new FalseReturningTokenMock__factory(deployer).deploy(),
    noReturnToken: await new NoReturnTokenMock__factory(deployer).deploy(),
    feeToken: await new FeeOnTransferTokenMock__factory(deployer).deploy(),
    bonusToken: await new BonusTokenMock__factory(deployer).deploy(),
    hookToken: await new HookTokenMock__factory(deployer).deploy(),
  };
}

/**
 * Deploys a cooperative of five founders and a fee router for it, with a 1% service fee and 0.1%
 * dues that both go to the timelock, listing every token of {@link RouterTokens}. Every founder and
 * outsider has {@link ROUTER_TOKEN_BALANCE} of each token and of `unlistedToken`, and has approved
 * the router for all of it, except for `permitToken`. Use with `loadFixture`.
 */
export async function deployFeeRouterFixture(): Promise<FeeRouterFixture> {
  const coop = await deployCoopFixture();
  const { deployer, founders, outsiders } = coop;
  const tokens = await deployRouterTokens(deployer);
  const unlistedToken = await new TokenMock__factory(deployer).deploy();
  const implementation = await new FeeRouter__factory(deployer).deploy();
  await implementation.waitForDeployment();
  const feeRouterImplementation = await implementation.getAddress();

  const timelockAddress = await coop.timelock.getAddress();
  const feeRouterParams: FeeRouterParams = {
    membership: await coop.membership.getAddress(),
    timelock: timelockAddress,
    serviceFeeRecipient: timelockAddress,
    duesRecipient: timelockAddress,
    serviceFeeBps: SERVICE_FEE_BPS,
    duesBps: DUES_BPS,
    tokens: await Promise.all(Object.values(tokens).map((token: MintableToken) => token.getAddress())),
  };
  const feeRouter = await deployFeeRouterProxy(deployer, feeRouterImplementation, feeRouterParams);
  const routerAddress = await feeRouter.getAddress();

  const approvedTokens: MintableToken[] = Object.values(tokens).filter((token) => token !== tokens.permitToken);
  for (const account of [...founders, ...outsiders]) {
    for (const token of [...approvedTokens, unlistedToken]) {
      await token.mint(account.address, ROUTER_TOKEN_BALANCE);
      await token.connect(account).approve(routerAddress, ROUTER_TOKEN_BALANCE);
    }
    await tokens.permitToken.mint(account.address, ROUTER_TOKEN_BALANCE);
  }

  const timelockSigner = await impersonate(timelockAddress);
  return {
    ...coop,
    ...tokens,
    feeRouter,
    feeRouterByTimelock: feeRouter.connect(timelockSigner),
    feeRouterImplementation,
    feeRouterParams,
    unlistedToken,
    membershipByTimelock: coop.membership.connect(timelockSigner),
    timelockSigner,
  };
}

/**
 * Returns the split of `amount` at the given rates, computed here with bigint floor division so it
 * checks the contract's multiply-divide independently.
 */
export function expectedSplit(
  amount: bigint,
  payeeIsMember: boolean,
  serviceFeeBps: bigint = SERVICE_FEE_BPS,
  duesBps: bigint = DUES_BPS,
): Split {
  const serviceFee = (amount * serviceFeeBps) / BPS_DENOMINATOR;
  const dues = payeeIsMember ? (amount * duesBps) / BPS_DENOMINATOR : 0n;
  return { serviceFee, dues, net: amount - serviceFee - dues };
}

/** Signs an EIP-2612 permit from `owner` for `spender` to take `value` of `token` until `deadline`. */
export async function signPermit(
  token: PermitTokenMock,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<PermitSignature> {
  const [, name, version, chainId, verifyingContract] = await token.eip712Domain();
  const domain = { name, version, chainId, verifyingContract };
  const message = { owner: owner.address, spender, value, nonce: await token.nonces(owner.address), deadline };
  const signature = Signature.from(await owner.signTypedData(domain, PERMIT_TYPES, message));
  return { deadline, v: signature.v, r: signature.r, s: signature.s };
}

/** Returns the router's balance of `token`, or of ETH for the zero address. */
export async function routerBalance(feeRouter: FeeRouter, token: string): Promise<bigint> {
  const routerAddress = await feeRouter.getAddress();
  if (token === ZeroAddress) return ethers.provider.getBalance(routerAddress);
  const erc20 = await ethers.getContractAt("IERC20", token);
  return erc20.balanceOf(routerAddress);
}

/**
 * Asserts the router's accounting of `token`: its balance covers both pots, all credits and the
 * surpluses held for refunds, and `excessOf` is exactly the rest.
 */
export async function expectRouterAccounting(feeRouter: FeeRouter, token: string): Promise<void> {
  const [serviceFees, dues] = await feeRouter.accruedFees(token);
  const owed = serviceFees + dues + (await feeRouter.totalCredited(token)) + (await feeRouter.surplusHeld(token));
  const balance = await routerBalance(feeRouter, token);

  expect(balance, "balance covers pots, credits and surpluses").to.be.at.least(owed);
  expect(await feeRouter.excessOf(token), "excess is the balance beyond what is owed").to.equal(balance - owed);
}
