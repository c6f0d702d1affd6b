import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { MaxUint256, Signature, ZeroAddress, parseEther, parseUnits } from "ethers";

import {
  BlocklistTokenMock__factory,
  CoopProxy__factory,
  EtherReceiverMock__factory,
  FeeRouter__factory,
  PermitTokenMock__factory,
  TokenMock__factory,
  type BlocklistTokenMock,
  type FeeRouter,
  type PermitTokenMock,
  type TokenMock,
} from "../typechain-types";
import { deployCoopFixture, type CoopFixture } from "../test/helpers/fixtures";
import { impersonate } from "../test/helpers/accounts";
import { cidV1Sha256 } from "../test/helpers/cid";
import { GasRecorder } from "./gasRun";

/**
 * The gas of the FeeRouter of a five-member cooperative: ETH and ERC-20 payments to a member and to
 * a non-member, a payment by EIP-2612 permit, fee releases and credit withdrawals. A plain
 * `transferFrom` and `transfer` of the same token run in the same storage conditions, for comparison.
 * The figures go to the `feeRouter` section of `bench/gas.json` (see {@link GasRecorder}). All payees
 * are EOAs unless the step name says otherwise. Gas depends on whether a storage slot is zero before
 * the write, so each step name states the balances that matter, and the benchmark checks the zero
 * balances before measuring.
 */

const recorder = new GasRecorder("feeRouter");
const measure = recorder.measure.bind(recorder);

/** Service fee of the benchmarked router: 1%. */
const SERVICE_FEE_BPS = 100;

/** Membership dues of the benchmarked router: 0.1%. */
const DUES_BPS = 10;

/** ERC-20 amount of each payment and plain transfer: 100 units of a 6-decimal token. */
const TOKEN_PAYMENT = parseUnits("100", 6);

/** Tokens minted to each payer, enough that its balance never drops to zero. */
const PAYER_FUNDS = parseUnits("10000", 6);

/** Allowance given to the router or spender: finite, so each `transferFrom` lowers it, and never used up. */
const ALLOWANCE = parseUnits("5000", 6);

/** ETH amount of each payment. */
const ETHER_PAYMENT = parseEther("0.1");

/** Empty order CID: the payments carry no order unless the step name mentions one. */
const NO_ORDER = "0x";

/** Steps whose gas the ratios compare. A payee or recipient is "new" when its token balance is zero. */
const STEP = {
  payFirst: "pay (ERC-20, member, router's first payment)",
  payMemberNew: "pay (ERC-20, member, new payee)",
  payMemberRepeat: "pay (ERC-20, member, repeat)",
  payNonMemberNew: "pay (ERC-20, non-member, new payee)",
  payNonMemberRepeat: "pay (ERC-20, non-member, repeat)",
  transferFromNew: "transferFrom (plain, new recipient)",
  transferFromRepeat: "transferFrom (plain, repeat)",
  transferNew: "transfer (plain, new recipient)",
  transferRepeat: "transfer (plain, repeat)",
} as const;

/**
 * Pairs each ERC-20 payment with the plain transfers of the same storage conditions. The first is a
 * direct `transferFrom` from the payer to the payee. The other two are the moves that the router
 * makes: a `transferFrom` into the router and a `transfer` out to the payee. After its first
 * payment the router's own balance stays above zero, because it keeps the accrued fees and no fees
 * are released in between.
 */
const COMPARISONS = [
  {
    payment: STEP.payFirst,
    direct: STEP.transferFromNew,
    intoRouter: STEP.transferFromNew,
    fromRouter: STEP.transferNew,
  },
  {
    payment: STEP.payMemberNew,
    direct: STEP.transferFromNew,
    intoRouter: STEP.transferFromRepeat,
    fromRouter: STEP.transferNew,
  },
  {
    payment: STEP.payMemberRepeat,
    direct: STEP.transferFromRepeat,
    intoRouter: STEP.transferFromRepeat,
    fromRouter: STEP.transferRepeat,
  },
  {
    payment: STEP.payNonMemberNew,
    direct: STEP.transferFromNew,
    intoRouter: STEP.transferFromRepeat,
    fromRouter: STEP.transferNew,
  },
  {
    payment: STEP.payNonMemberRepeat,
    direct: STEP.transferFromRepeat,
    intoRouter: STEP.transferFromRepeat,
    fromRouter: STEP.transferRepeat,
  },
] as const;

interface RouterFixture extends CoopFixture {
  router: FeeRouter;
  /** A plain 6-decimal ERC-20. */
  token: TokenMock;
  /** A 6-decimal ERC-20 with EIP-2612 permits. */
  permitToken: PermitTokenMock;
  /** A 6-decimal ERC-20 that can block accounts, to make a payee unpayable. */
  blocklistToken: BlocklistTokenMock;
}

/**
 * Deploys the cooperative and its own FeeRouter proxy, with a 1% service fee, 0.1% dues, the
 * timelock as governor and as recipient of both pots, and the three mock tokens accepted. The
 * benchmark deploys the router itself so that its figures keep these settings whatever
 * `deployCooperative` sets up.
 */
async function deployRouterFixture(): Promise<RouterFixture> {
  const coop = await deployCoopFixture();
  const { deployer } = coop;
  const token = await new TokenMock__factory(deployer).deploy();
  const permitToken = await new PermitTokenMock__factory(deployer).deploy();
  const blocklistToken = await new BlocklistTokenMock__factory(deployer).deploy();

  const implementation = await new FeeRouter__factory(deployer).deploy();
  const timelock = await coop.timelock.getAddress();
  const initData = FeeRouter__factory.createInterface().encodeFunctionData("initialize", [
    await coop.membership.getAddress(),
    timelock,
    timelock,
    timelock,
    SERVICE_FEE_BPS,
    DUES_BPS,
    [await token.getAddress(), await permitToken.getAddress(), await blocklistToken.getAddress()],
  ]);
  const proxy = await new CoopProxy__factory(deployer).deploy(await implementation.getAddress(), initData);
  const router = FeeRouter__factory.connect(await proxy.getAddress(), deployer);
  return { ...coop, router, token, permitToken, blocklistToken };
}

/** Mints `PAYER_FUNDS` to `payer` and lets `spender` take `ALLOWANCE` of them. */
async function fund(
  token: TokenMock | PermitTokenMock | BlocklistTokenMock,
  payer: HardhatEthersSigner,
  spender: string,
): Promise<void> {
  await token.mint(payer.address, PAYER_FUNDS);
  await token.connect(payer).approve(spender, ALLOWANCE);
}

/** Signs the EIP-2612 permit by which `owner` lets `spender` take `value` of `token` until `deadline`. */
async function signPermit(
  token: PermitTokenMock,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<Signature> {
  const domain = await token.eip712Domain();
  const signature = await owner.signTypedData(
    {
      name: domain.name,
      version: domain.version,
      chainId: domain.chainId,
      verifyingContract: domain.verifyingContract,
    },
    {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    { owner: owner.address, spender, value, nonce: await token.nonces(owner.address), deadline },
  );
  return Signature.from(signature);
}

/** Returns the ratio `numerator / denominator` rounded to two decimals. */
function ratio(numerator: number, denominator: number): string {
  return (numerator / denominator).toFixed(2);
}

/** Prints each ERC-20 payment's gas against the plain transfers of {@link COMPARISONS}. */
function printRatios(gas: Record<string, number>): void {
  console.log("\n  ERC-20 payment gas against plain transfers of the same storage conditions:");
  for (const { payment, direct, intoRouter, fromRouter } of COMPARISONS) {
    const both = gas[intoRouter] + gas[fromRouter];
    console.log(
      `    ${payment.padEnd(48)} ${ratio(gas[payment], gas[direct])} x transferFrom (${gas[direct]}), ` +
        `${ratio(gas[payment], both)} x transferFrom + transfer (${both})`,
    );
  }
}

describe("bench: fee router", function () {
  it("measures ETH payments and their release", async function () {
    const { router, timelock, founders, outsiders } = await loadFixture(deployRouterFixture);
    const [payer, nonMember] = outsiders;
    const member = founders[0];

    expect(await router.accruedFees(ZeroAddress)).to.deep.equal([0n, 0n]);
    await measure(
      "payEther (member, router's first payment)",
      router.connect(payer).payEther(member.address, NO_ORDER, { value: ETHER_PAYMENT }),
    );
    await measure(
      "payEther (member, repeat)",
      router.connect(payer).payEther(member.address, NO_ORDER, { value: ETHER_PAYMENT }),
    );
    await measure(
      "payEther (non-member)",
      router.connect(payer).payEther(nonMember.address, NO_ORDER, { value: ETHER_PAYMENT }),
    );

    const timelockAddress = await timelock.getAddress();
    await measure("releaseFees (ETH, both pots to the timelock)", router.releaseFees(ZeroAddress));
    expect(await router.accruedFees(ZeroAddress)).to.deep.equal([0n, 0n]);
    expect(await ethers.provider.getBalance(timelockAddress)).to.be.greaterThan(0n);
  });

  it("measures ERC-20 payments and plain transfers", async function () {
    const { router, token, founders, outsiders } = await loadFixture(deployRouterFixture);
    const [payer, nonMember, owner, spender, recipient, transferRecipient] = outsiders;
    const routerAddress = await router.getAddress();
    const tokenAddress = await token.getAddress();
    await fund(token, payer, routerAddress);
    await fund(token, owner, spender.address);

    // The router's first payment in the token: its balance, both pots and the payee's balance are zero.
    expect(await token.balanceOf(routerAddress)).to.equal(0n);
    expect(await token.balanceOf(founders[0].address)).to.equal(0n);
    await measure(STEP.payFirst, router.connect(payer).pay(founders[0].address, tokenAddress, TOKEN_PAYMENT, NO_ORDER));
    await measure(
      STEP.payMemberRepeat,
      router.connect(payer).pay(founders[0].address, tokenAddress, TOKEN_PAYMENT, NO_ORDER),
    );
    expect(await token.balanceOf(founders[1].address)).to.equal(0n);
    await measure(
      STEP.payMemberNew,
      router.connect(payer).pay(founders[1].address, tokenAddress, TOKEN_PAYMENT, NO_ORDER),
    );
    expect(await token.balanceOf(nonMember.address)).to.equal(0n);
    await measure(
      STEP.payNonMemberNew,
      router.connect(payer).pay(nonMember.address, tokenAddress, TOKEN_PAYMENT, NO_ORDER),
    );
    await measure(
      STEP.payNonMemberRepeat,
      router.connect(payer).pay(nonMember.address, tokenAddress, TOKEN_PAYMENT, NO_ORDER),
    );
    await measure(
      "pay (ERC-20, non-member, repeat, order CID)",
      router.connect(payer).pay(nonMember.address, tokenAddress, TOKEN_PAYMENT, cidV1Sha256("Order 1")),
    );
    expect(await router.totalCredited(tokenAddress)).to.equal(0n);

    // The same moves without the router: the owner keeps a balance and an allowance, as the payer does.
    expect(await token.balanceOf(recipient.address)).to.equal(0n);
    await measure(
      STEP.transferFromNew,
      token.connect(spender).transferFrom(owner.address, recipient.address, TOKEN_PAYMENT),
    );
    await measure(
      STEP.transferFromRepeat,
      token.connect(spender).transferFrom(owner.address, recipient.address, TOKEN_PAYMENT),
    );
    expect(await token.balanceOf(transferRecipient.address)).to.equal(0n);
    await measure(STEP.transferNew, token.connect(owner).transfer(transferRecipient.address, TOKEN_PAYMENT));
    await measure(STEP.transferRepeat, token.connect(owner).transfer(transferRecipient.address, TOKEN_PAYMENT));
    expect(await token.allowance(owner.address, spender.address)).to.be.greaterThan(0n);
    expect(await token.balanceOf(owner.address)).to.be.greaterThan(0n);
  });

  it("measures ERC-20 fee releases", async function () {
    const { router, token, timelock, founders, outsiders } = await loadFixture(deployRouterFixture);
    const payer = outsiders[0];
    const tokenAddress = await token.getAddress();
    const timelockAddress = await timelock.getAddress();
    await fund(token, payer, await router.getAddress());

    await router.connect(payer).pay(founders[0].address, tokenAddress, TOKEN_PAYMENT, NO_ORDER);
    expect(await token.balanceOf(timelockAddress)).to.equal(0n);
    await measure("releaseFees (ERC-20, timelock balance zero)", router.releaseFees(tokenAddress));

    await router.connect(payer).pay(founders[0].address, tokenAddress, TOKEN_PAYMENT, NO_ORDER);
    expect(await token.balanceOf(timelockAddress)).to.be.greaterThan(0n);
    await measure("releaseFees (ERC-20, repeat)", router.releaseFees(tokenAddress));
    expect(await router.accruedFees(tokenAddress)).to.deep.equal([0n, 0n]);
  });

  it("measures payments by permit", async function () {
    const { router, permitToken, founders, outsiders } = await loadFixture(deployRouterFixture);
    const [payer, earlierPayer] = outsiders;
    const member = founders[0];
    const routerAddress = await router.getAddress();
    const tokenAddress = await permitToken.getAddress();
    await permitToken.mint(payer.address, PAYER_FUNDS);

    // A payment by approval first, so that the router's balance, its pots and the payee's balance
    // are above zero, as in a repeat payment.
    await fund(permitToken, earlierPayer, routerAddress);
    await router.connect(earlierPayer).pay(member.address, tokenAddress, TOKEN_PAYMENT, NO_ORDER);

    for (const step of ["payWithPermit (member, payer's first permit)", "payWithPermit (member, repeat)"]) {
      const { v, r, s } = await signPermit(permitToken, payer, routerAddress, TOKEN_PAYMENT, MaxUint256);
      await measure(
        step,
        router.connect(payer).payWithPermit(member.address, tokenAddress, TOKEN_PAYMENT, NO_ORDER, MaxUint256, v, r, s),
      );
    }
    expect(await permitToken.nonces(payer.address)).to.equal(2n);
  });

  it("measures credits and their withdrawal", async function () {
    const { router, blocklistToken, deployer, outsiders } = await loadFixture(deployRouterFixture);
    const [payer, blockedPayee, newHolder, earlierPayee] = outsiders;
    const tokenAddress = await blocklistToken.getAddress();
    await fund(blocklistToken, payer, await router.getAddress());
    await router.connect(payer).pay(earlierPayee.address, tokenAddress, TOKEN_PAYMENT, NO_ORDER);

    // A payee that the token blocks is credited, and may withdraw the credit to another address.
    // The payment above left the router's balance and service fee pot above zero.
    await blocklistToken.setBlocked(blockedPayee.address, true);
    await measure(
      "pay (blocklist token, non-member, credited)",
      router.connect(payer).pay(blockedPayee.address, tokenAddress, TOKEN_PAYMENT, NO_ORDER),
    );
    expect(await router.creditOf(tokenAddress, blockedPayee.address)).to.be.greaterThan(0n);
    expect(await blocklistToken.balanceOf(newHolder.address)).to.equal(0n);
    await measure(
      "withdrawCredit (blocklist token, to a new holder)",
      router.connect(blockedPayee).withdrawCredit(tokenAddress, newHolder.address),
    );

    // A contract payee that rejects ETH is credited, and withdraws from its own address.
    const wallet = await new EtherReceiverMock__factory(deployer).deploy();
    const walletAddress = await wallet.getAddress();
    await wallet.setMode(1); // ReceiveMode.Revert
    await router.connect(payer).payEther(walletAddress, NO_ORDER, { value: ETHER_PAYMENT });
    expect(await router.creditOf(ZeroAddress, walletAddress)).to.be.greaterThan(0n);
    const walletSigner = await impersonate(walletAddress);
    await measure(
      "withdrawCredit (ETH, contract payee, to an EOA)",
      router.connect(walletSigner).withdrawCredit(ZeroAddress, payer.address),
    );
    expect(await router.totalCredited(ZeroAddress)).to.equal(0n);
  });

  after(function () {
    printRatios(recorder.gas);
  });
});
