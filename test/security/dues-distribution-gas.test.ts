import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { parseEther } from "ethers";

import { BlocklistTokenMock__factory, type BlocklistTokenMock } from "../../typechain-types";
import { impersonate } from "../helpers/accounts";
import { UNDER_COVERAGE } from "../helpers/coverage";
import {
  DUES_BPS,
  ETHER,
  NO_ORDER,
  SERVICE_FEE_BPS,
  deployRouterFixture,
  expectSolvent,
  expectedSplit,
  type RouterFixture,
} from "../helpers/feeRouterAttacks";
import { labelledAddress } from "../helpers/shares";

/**
 * GovernMental had to clear arrays of all its past creditors in one transaction to pay its
 * jackpot. Once they grew, the payout no longer fitted in a block, and about 1,100 ETH stayed
 * locked. A splitter that hands the dues out to every member in one call fails the same way. The
 * fee router has no such call: each payment adds to two pots, `releaseFees` sends each pot to one
 * recipient, and each payee or recipient that could not be paid withdraws its own credit. The
 * tests pay and credit 2,000 members and check that no call costs more as payments and credits
 * accumulate.
 */

/** Members admitted on top of the five founders. */
const MEMBER_COUNT = 2_000;

/** Each payment of the scenario: 1 ETH, or 1 token of 18 decimals. */
const AMOUNT = parseEther("1");

/** The split of {@link AMOUNT} paid to a member. */
const SPLIT = expectedSplit(AMOUNT, SERVICE_FEE_BPS, DUES_BPS, true);

/**
 * Gas bound of one payment to a member. Payments between members used about 66,000 to 174,000 gas
 * on the Hardhat network (solc 0.8.28, 200 optimizer runs), the most when the pots and both
 * members' business volumes of the period are written from zero.
 */
const PAYMENT_GAS_BOUND = 200_000n;

/**
 * Gas bound of `releaseFees`, which sends two pots to two recipients whatever the number of
 * payments: 53,645 gas on the same network after one payment and after 1,999.
 */
const RELEASE_GAS_BOUND = 150_000n;

/** Gas bound of one withdrawal of a credit: 51,229 to 73,129 gas on the same network. */
const WITHDRAW_GAS_BOUND = 100_000n;

/**
 * Largest difference, in gas, between two payments or two withdrawals after the first of a run,
 * which writes storage from zero. The call that empties the total of credits gets a refund of
 * 4,800 gas, and calldata costs more for addresses with fewer zero bytes. A loop over 2,000 members
 * would add at least 2,100 gas for each member it reads.
 */
const GAS_SPREAD_BOUND = 5_000n;

/** A router that accepts a token that can block accounts, in a cooperative of 2,005 members. */
interface CrowdFixture extends RouterFixture {
  token: BlocklistTokenMock;
  tokenAddress: string;
  /** Addresses of the 2,000 admitted members, whom no key controls. */
  members: string[];
}

async function deployCrowdFixture(): Promise<CrowdFixture> {
  const [deployer] = await ethers.getSigners();
  const token = await new BlocklistTokenMock__factory(deployer).deploy();
  const tokenAddress = await token.getAddress();
  const fixture = await deployRouterFixture([tokenAddress]);
  const members = Array.from({ length: MEMBER_COUNT }, (_, i) => labelledAddress(`crowd member ${i}`));
  for (const member of members) await fixture.membershipByTimelock.admit(member);
  return { ...fixture, token, tokenAddress, members };
}

/** Returns the largest and the smallest of `values`. */
function extremes(values: bigint[]): [bigint, bigint] {
  return values.reduce(
    ([max, min], value) => [value > max ? value : max, value < min ? value : min],
    [values[0], values[0]],
  );
}

/** Returns the gas used by the mined transaction `tx`. */
async function gasOf(tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>): Promise<bigint> {
  const receipt = await (await tx).wait();
  return receipt!.gasUsed;
}

describe("Dues distribution gas", function () {
  this.timeout(600_000);

  it("admits 2,000 members", async function () {
    // Instrumented contracts use more gas than the deployed ones, and 2,000 members make a coverage run crawl.
    if (UNDER_COVERAGE) this.skip();
    const { membership, members } = await loadFixture(deployCrowdFixture);

    expect(await membership.memberCount()).to.equal(BigInt(MEMBER_COUNT + 5));
    expect(await membership.isMember(members[MEMBER_COUNT - 1])).to.be.true;
  });

  it("keeps payments and releases flat", async function () {
    // Instrumented contracts use more gas than the deployed ones, and 2,000 members make a coverage run crawl.
    if (UNDER_COVERAGE) this.skip();
    const { router, members, timelockAddress } = await loadFixture(deployCrowdFixture);
    const signers: HardhatEthersSigner[] = [];
    for (const member of members) signers.push(await impersonate(member));
    const payNext = (i: number) =>
      gasOf(router.connect(signers[i]).payEther(members[(i + 1) % MEMBER_COUNT], NO_ORDER, { value: AMOUNT }));

    const firstPayment = await payNext(0);
    const firstRelease = await gasOf(router.releaseFees(ETHER));
    const payments: bigint[] = [];
    for (let i = 1; i < MEMBER_COUNT; i++) payments.push(await payNext(i));

    // Every member paid the next one, so 1,999 payments' dues wait in one pot.
    expect(await router.accruedFees(ETHER)).to.deep.equal([
      BigInt(MEMBER_COUNT - 1) * SPLIT.serviceFee,
      BigInt(MEMBER_COUNT - 1) * SPLIT.dues,
    ]);
    const tx = router.releaseFees(ETHER);
    await expect(tx).to.changeEtherBalance(timelockAddress, BigInt(MEMBER_COUNT - 1) * (SPLIT.serviceFee + SPLIT.dues));
    const lastRelease = await gasOf(tx);

    // A splitter paying dues to every member here would need gas in proportion to 2,005 members.
    expect(firstPayment).to.be.lessThan(PAYMENT_GAS_BOUND);
    expect(extremes(payments)[0]).to.be.lessThan(PAYMENT_GAS_BOUND);
    // The first of these payments writes the pots from zero again after the first release, and the
    // last pays the first member, whose business volume of the period is already written.
    const [maxPayment, minPayment] = extremes(payments.slice(1, -1));
    expect(maxPayment - minPayment, "spread of payments").to.be.at.most(GAS_SPREAD_BOUND);
    expect(firstRelease).to.be.lessThan(RELEASE_GAS_BOUND);
    expect(lastRelease).to.be.lessThan(RELEASE_GAS_BOUND);
    expect(lastRelease, "release after one payment and after 1,999").to.equal(firstRelease);
    await expectSolvent(router, ETHER);
  });

  it("lets each member withdraw alone", async function () {
    // Instrumented contracts use more gas than the deployed ones, and 2,000 members make a coverage run crawl.
    if (UNDER_COVERAGE) this.skip();
    const { router, token, tokenAddress, members, outsiders } = await loadFixture(deployCrowdFixture);
    const customer = outsiders[0];
    const treasury = outsiders[1].address;
    await token.mint(customer.address, BigInt(MEMBER_COUNT) * AMOUNT);
    await token.connect(customer).approve(await router.getAddress(), BigInt(MEMBER_COUNT) * AMOUNT);
    // Every member is blocked by the token, so every payment to them is credited.
    for (const member of members) {
      await token.setBlocked(member, true);
      await router.connect(customer).pay(member, tokenAddress, AMOUNT, NO_ORDER);
    }
    expect(await router.totalCredited(tokenAddress)).to.equal(BigInt(MEMBER_COUNT) * SPLIT.net);

    const withdrawals: bigint[] = [];
    for (const member of members) {
      const signer = await impersonate(member);
      withdrawals.push(await gasOf(router.connect(signer).withdrawCredit(tokenAddress, treasury)));
    }

    expect(extremes(withdrawals)[0]).to.be.lessThan(WITHDRAW_GAS_BOUND);
    // The first withdrawal writes the treasury's token balance from zero.
    const [maxWithdrawal, minWithdrawal] = extremes(withdrawals.slice(1));
    expect(maxWithdrawal - minWithdrawal, "spread of withdrawals").to.be.at.most(GAS_SPREAD_BOUND);
    expect(await token.balanceOf(treasury)).to.equal(BigInt(MEMBER_COUNT) * SPLIT.net);
    const books = await expectSolvent(router, tokenAddress);
    expect(books.totalCredited).to.equal(0n);
    expect(books.balance).to.equal(BigInt(MEMBER_COUNT) * (SPLIT.serviceFee + SPLIT.dues));
  });
});
