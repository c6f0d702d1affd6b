import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { MaxUint256, ZeroAddress } from "ethers";

import { EtherReceiverMock__factory, TokenMock__factory, type FeeRouter, type TokenMock } from "../../typechain-types";
import {
  deployFeeRouterFixture,
  deployFeeRouterProxy,
  expectRouterAccounting,
  type FeeRouterFixture,
} from "../helpers/feeRouter";

/**
 * Patronage refunds of the fee router: accounting periods, business volume per member, surplus
 * allocation by the timelock, claims by members and the return of what is left to the treasury.
 */

const ETHER = ZeroAddress;
const NO_ORDER = "0x";

/** Surplus of the exact-shares case, in token units. */
const SURPLUS = 1_000n;

/** The four payments of the exact-shares case, in token units. */
const PAYMENTS = { founder0ToFounder1: 300n, founder2ToOutsider: 500n, outsiderToFounder3: 700n };

/**
 * Volumes of the exact-shares case: founders 0 and 1 count 300 each, founder 2 counts 500 and
 * founder 3 counts 700. The outsider counts nothing, and the total is their sum.
 */
const VOLUMES = [300n, 300n, 500n, 700n];
const TOTAL_VOLUME = 1_800n;

/** Refunds of the exact-shares case, `SURPLUS * volume / TOTAL_VOLUME` rounded down: 997 in all, 3 left. */
const REFUNDS = [166n, 166n, 277n, 388n];
const DUST = 3n;

interface RefundFixture extends FeeRouterFixture {
  tokenAddress: string;
  timelockAddress: string;
}

/** Mints `amount` of a token mock to the timelock and approves the router for it. */
async function fundTimelock(
  fixture: FeeRouterFixture,
  token: { mint(to: string, amount: bigint): Promise<unknown>; getAddress(): Promise<string> },
  amount: bigint,
): Promise<void> {
  const timelockAddress = await fixture.timelockSigner.getAddress();
  await token.mint(timelockAddress, amount);
  const erc20 = await ethers.getContractAt("IERC20", await token.getAddress(), fixture.timelockSigner);
  await erc20.approve(await fixture.feeRouter.getAddress(), amount);
}

/** Deploys the router and gives the timelock twice `SURPLUS` of `token`, approved to the router. */
async function deployRefundFixture(): Promise<RefundFixture> {
  const fixture = await deployFeeRouterFixture();
  await fundTimelock(fixture, fixture.token, SURPLUS * 2n);
  return {
    ...fixture,
    tokenAddress: await fixture.token.getAddress(),
    timelockAddress: await fixture.timelockSigner.getAddress(),
  };
}

/** Makes the payments of the exact-shares case in `token` in period 0. */
async function payExactCase(fixture: RefundFixture): Promise<void> {
  const { feeRouter, founders, outsiders, tokenAddress } = fixture;
  const [outsider] = outsiders;
  await feeRouter.connect(founders[0]).pay(founders[1], tokenAddress, PAYMENTS.founder0ToFounder1, NO_ORDER);
  await feeRouter.connect(founders[2]).pay(outsider, tokenAddress, PAYMENTS.founder2ToOutsider, NO_ORDER);
  await feeRouter.connect(outsider).pay(founders[3], tokenAddress, PAYMENTS.outsiderToFounder3, NO_ORDER);
}

/** Deploys the exact-shares case, closes period 0 and allocates `SURPLUS` of the token to it. */
async function deployAllocatedFixture(): Promise<RefundFixture> {
  const fixture = await deployRefundFixture();
  await payExactCase(fixture);
  await fixture.feeRouterByTimelock.closePeriod();
  await fixture.feeRouterByTimelock.allocateSurplus(0, fixture.tokenAddress, SURPLUS);
  return fixture;
}

/** Moves the clock past the claim deadline of the token's surplus for period 0. */
async function passDeadline(feeRouter: FeeRouter, token: string): Promise<bigint> {
  const { claimDeadline } = await feeRouter.periodInfo(0, token);
  await time.increaseTo(claimDeadline + 1n);
  return claimDeadline;
}

/** Deploys a listed plain token, with all its supply at `holder`, who has approved the router. */
async function deployWholeSupplyToken(fixture: FeeRouterFixture, holder: HardhatEthersSigner): Promise<TokenMock> {
  const token = await new TokenMock__factory(fixture.deployer).deploy();
  await token.mint(holder.address, MaxUint256);
  await token.connect(holder).approve(await fixture.feeRouter.getAddress(), MaxUint256);
  await fixture.feeRouterByTimelock.setTokenAccepted(await token.getAddress(), true);
  return token;
}

describe("FeeRouter patronage refunds", function () {
  describe("closePeriod", function () {
    it("starts in period zero", async function () {
      const { feeRouter } = await loadFixture(deployRefundFixture);

      expect(await feeRouter.currentPeriod()).to.equal(0n);
      expect((await feeRouter.periodInfo(0, ETHER)).closedAt).to.equal(0n);
    });

    it("opens the next period", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployRefundFixture);
      const tx = await feeRouterByTimelock.closePeriod();
      const closedAt = BigInt(await time.latest());

      await expect(tx).to.emit(feeRouter, "PeriodClosed").withArgs(0n, closedAt);
      expect(await feeRouter.currentPeriod(), "current period").to.equal(1n);
      expect((await feeRouter.periodInfo(0, ETHER)).closedAt, "closing time").to.equal(closedAt);
    });

    it("rejects non-timelock", async function () {
      const { feeRouter, founders } = await loadFixture(deployRefundFixture);

      await expect(feeRouter.connect(founders[0]).closePeriod())
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterUnauthorized")
        .withArgs(founders[0].address);
    });
  });

  describe("volume", function () {
    it("counts member payer and payee", async function () {
      const { feeRouter, founders } = await loadFixture(deployRefundFixture);
      const amount = 10n ** 18n;
      await feeRouter.connect(founders[0]).payEther(founders[1], NO_ORDER, { value: amount });

      expect(await feeRouter.volumeOf(0, ETHER, founders[0]), "payer").to.equal(amount);
      expect(await feeRouter.volumeOf(0, ETHER, founders[1]), "payee").to.equal(amount);
      expect((await feeRouter.periodInfo(0, ETHER)).totalVolume, "total").to.equal(2n * amount);
    });

    it("counts gross amount with fees", async function () {
      const { feeRouter, founders, outsiders } = await loadFixture(deployRefundFixture);
      // 1% service fee and 0.1% dues come out of these 10,000 wei, and the volume keeps them.
      await feeRouter.connect(outsiders[0]).payEther(founders[1], NO_ORDER, { value: 10_000n });

      expect(await feeRouter.volumeOf(0, ETHER, founders[1])).to.equal(10_000n);
    });

    it("ignores non-member parties", async function () {
      const { feeRouter, founders, outsiders, tokenAddress } = await loadFixture(deployRefundFixture);
      await feeRouter.connect(outsiders[0]).pay(outsiders[1], tokenAddress, 400n, NO_ORDER);
      await feeRouter.connect(outsiders[0]).pay(founders[0], tokenAddress, 100n, NO_ORDER);

      expect(await feeRouter.volumeOf(0, tokenAddress, outsiders[0]), "payer").to.equal(0n);
      expect(await feeRouter.volumeOf(0, tokenAddress, outsiders[1]), "payee").to.equal(0n);
      expect((await feeRouter.periodInfo(0, tokenAddress)).totalVolume, "total").to.equal(100n);
    });

    it("ignores payments to oneself", async function () {
      const { feeRouter, founders } = await loadFixture(deployRefundFixture);
      await feeRouter.connect(founders[0]).payEther(founders[0], NO_ORDER, { value: 1_000n });

      expect(await feeRouter.volumeOf(0, ETHER, founders[0]), "member").to.equal(0n);
      expect((await feeRouter.periodInfo(0, ETHER)).totalVolume, "total").to.equal(0n);
    });

    it("keeps tokens apart", async function () {
      const { feeRouter, founders, tokenAddress } = await loadFixture(deployRefundFixture);
      await feeRouter.connect(founders[0]).pay(founders[1], tokenAddress, 500n, NO_ORDER);

      expect(await feeRouter.volumeOf(0, tokenAddress, founders[0]), "token").to.equal(500n);
      expect(await feeRouter.volumeOf(0, ETHER, founders[0]), "ETH").to.equal(0n);
    });

    it("counts received amount", async function () {
      const { feeRouter, founders, feeToken } = await loadFixture(deployRefundFixture);
      const feeTokenAddress = await feeToken.getAddress();
      // The mock burns 1% of each transfer, so 9,900 of the 10,000 arrive.
      await feeRouter.connect(founders[0]).pay(founders[1], feeTokenAddress, 10_000n, NO_ORDER);

      expect(await feeRouter.volumeOf(0, feeTokenAddress, founders[0])).to.equal(9_900n);
    });

    it("counts permit payments", async function () {
      const { feeRouter, founders, permitToken } = await loadFixture(deployRefundFixture);
      const permitTokenAddress = await permitToken.getAddress();
      await permitToken.connect(founders[0]).approve(await feeRouter.getAddress(), 600n);
      const deadline = MaxUint256;
      const zero = ethers.ZeroHash;
      // An invalid permit is ignored while the allowance covers the amount.
      await feeRouter
        .connect(founders[0])
        .payWithPermit(founders[1], permitTokenAddress, 600n, NO_ORDER, deadline, 0, zero, zero);

      expect(await feeRouter.volumeOf(0, permitTokenAddress, founders[0])).to.equal(600n);
    });

    it("counts in open period only", async function () {
      const { feeRouter, feeRouterByTimelock, founders } = await loadFixture(deployRefundFixture);
      await feeRouter.connect(founders[0]).payEther(founders[1], NO_ORDER, { value: 100n });
      await feeRouterByTimelock.closePeriod();
      await feeRouter.connect(founders[0]).payEther(founders[1], NO_ORDER, { value: 40n });

      expect(await feeRouter.volumeOf(0, ETHER, founders[0]), "closed period").to.equal(100n);
      expect(await feeRouter.volumeOf(1, ETHER, founders[0]), "open period").to.equal(40n);
    });

    it("ignores later admission", async function () {
      const { feeRouter, feeRouterByTimelock, membershipByTimelock, founders, outsiders } =
        await loadFixture(deployRefundFixture);
      await feeRouter.connect(outsiders[0]).payEther(founders[0], NO_ORDER, { value: 100n });
      await feeRouterByTimelock.closePeriod();
      await membershipByTimelock.admit(outsiders[0].address);

      expect(await feeRouter.volumeOf(0, ETHER, outsiders[0])).to.equal(0n);
    });

    it("saturates instead of overflowing", async function () {
      const fixture = await loadFixture(deployRefundFixture);
      const { feeRouter, founders } = fixture;
      const token = await deployWholeSupplyToken(fixture, founders[0]);
      const tokenAddress = await token.getAddress();
      await feeRouter.connect(founders[0]).pay(founders[1], tokenAddress, MaxUint256, NO_ORDER);

      expect(await feeRouter.volumeOf(0, tokenAddress, founders[1]), "payee").to.equal(MaxUint256);
      expect((await feeRouter.periodInfo(0, tokenAddress)).totalVolume, "total").to.equal(MaxUint256);
    });
  });

  describe("allocateSurplus", function () {
    it("takes ETH surplus", async function () {
      const { feeRouter, feeRouterByTimelock, founders } = await loadFixture(deployRefundFixture);
      await feeRouter.connect(founders[0]).payEther(founders[1], NO_ORDER, { value: 100n });
      await feeRouterByTimelock.closePeriod();
      const tx = await feeRouterByTimelock.allocateSurplus(0, ETHER, 50n, { value: 50n });
      const deadline = BigInt(await time.latest()) + (await feeRouter.SURPLUS_CLAIM_WINDOW());

      await expect(tx).to.emit(feeRouter, "SurplusAllocated").withArgs(0n, ETHER, 50n, deadline);
      await expect(tx).to.changeEtherBalance(feeRouter, 50n);
      const info = await feeRouter.periodInfo(0, ETHER);
      expect(info.surplus, "surplus").to.equal(50n);
      expect(info.claimDeadline, "deadline").to.equal(deadline);
      expect(await feeRouter.surplusHeld(ETHER), "held").to.equal(50n);
      await expectRouterAccounting(feeRouter, ETHER);
    });

    it("takes token from timelock", async function () {
      const { feeRouter, timelockAddress, tokenAddress, token } = await loadFixture(deployAllocatedFixture);

      expect((await feeRouter.periodInfo(0, tokenAddress)).surplus, "surplus").to.equal(SURPLUS);
      expect(await token.balanceOf(timelockAddress), "timelock balance").to.equal(SURPLUS);
      await expectRouterAccounting(feeRouter, tokenAddress);
    });

    it("allocates received amount", async function () {
      const fixture = await loadFixture(deployRefundFixture);
      const { feeRouter, feeRouterByTimelock, founders, feeToken } = fixture;
      const feeTokenAddress = await feeToken.getAddress();
      await feeRouter.connect(founders[0]).pay(founders[1], feeTokenAddress, 10_000n, NO_ORDER);
      await feeRouterByTimelock.closePeriod();
      await fundTimelock(fixture, feeToken, 1_000n);
      // The mock burns 1% of the transfer, so 990 of the 1,000 arrive.
      const tx = feeRouterByTimelock.allocateSurplus(0, feeTokenAddress, 1_000n);

      await expect(tx).to.emit(feeRouter, "SurplusAllocated");
      expect((await feeRouter.periodInfo(0, feeTokenAddress)).surplus, "surplus").to.equal(990n);
      expect(await feeRouter.refundOf(0, feeTokenAddress, founders[0]), "half of it").to.equal(495n);
      await expectRouterAccounting(feeRouter, feeTokenAddress);
    });

    it("protects surplus from sweep", async function () {
      const { feeRouter, feeRouterByTimelock, timelockAddress, tokenAddress } =
        await loadFixture(deployAllocatedFixture);
      await feeRouterByTimelock.releaseFees(tokenAddress);

      expect(await feeRouter.excessOf(tokenAddress), "excess").to.equal(0n);
      await expect(feeRouterByTimelock.sweep(tokenAddress, timelockAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterNoExcess")
        .withArgs(tokenAddress);
    });

    describe("rejections", function () {
      it("rejects non-timelock", async function () {
        const { feeRouter, founders } = await loadFixture(deployRefundFixture);

        await expect(feeRouter.connect(founders[0]).allocateSurplus(0, ETHER, 1n, { value: 1n }))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterUnauthorized")
          .withArgs(founders[0].address);
      });

      it("rejects open period", async function () {
        const { feeRouter, feeRouterByTimelock } = await loadFixture(deployRefundFixture);

        await expect(feeRouterByTimelock.allocateSurplus(0, ETHER, 1n, { value: 1n }))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterPeriodNotClosed")
          .withArgs(0n, 0n);
      });

      it("rejects future period", async function () {
        const { feeRouter, feeRouterByTimelock } = await loadFixture(deployRefundFixture);
        await feeRouterByTimelock.closePeriod();

        await expect(feeRouterByTimelock.allocateSurplus(2, ETHER, 1n, { value: 1n }))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterPeriodNotClosed")
          .withArgs(2n, 1n);
      });

      it("rejects unlisted token", async function () {
        const { feeRouter, feeRouterByTimelock, unlistedToken } = await loadFixture(deployRefundFixture);
        await feeRouterByTimelock.closePeriod();
        const unlisted = await unlistedToken.getAddress();

        await expect(feeRouterByTimelock.allocateSurplus(0, unlisted, 1n))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterTokenNotAccepted")
          .withArgs(unlisted);
      });

      it("rejects zero amount", async function () {
        const { feeRouter, feeRouterByTimelock } = await loadFixture(deployRefundFixture);
        await feeRouterByTimelock.closePeriod();

        await expect(feeRouterByTimelock.allocateSurplus(0, ETHER, 0n)).to.be.revertedWithCustomError(
          feeRouter,
          "FeeRouterZeroAmount",
        );
      });

      it("rejects second allocation", async function () {
        const { feeRouter, feeRouterByTimelock, tokenAddress } = await loadFixture(deployAllocatedFixture);

        await expect(feeRouterByTimelock.allocateSurplus(0, tokenAddress, 1n))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterSurplusAlreadyAllocated")
          .withArgs(0n, tokenAddress);
      });

      it("rejects period without volume", async function () {
        const { feeRouter, feeRouterByTimelock } = await loadFixture(deployRefundFixture);
        await feeRouterByTimelock.closePeriod();

        await expect(feeRouterByTimelock.allocateSurplus(0, ETHER, 1n, { value: 1n }))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterNoPeriodVolume")
          .withArgs(0n, ETHER);
      });

      it("rejects ETH value mismatch", async function () {
        const { feeRouter, feeRouterByTimelock, founders } = await loadFixture(deployRefundFixture);
        await feeRouter.connect(founders[0]).payEther(founders[1], NO_ORDER, { value: 100n });
        await feeRouterByTimelock.closePeriod();

        await expect(feeRouterByTimelock.allocateSurplus(0, ETHER, 50n, { value: 49n }))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterEtherValueMismatch")
          .withArgs(49n, 50n);
      });

      it("rejects ETH with token", async function () {
        const fixture = await loadFixture(deployRefundFixture);
        const { feeRouter, feeRouterByTimelock, tokenAddress } = fixture;
        await payExactCase(fixture);
        await feeRouterByTimelock.closePeriod();

        await expect(feeRouterByTimelock.allocateSurplus(0, tokenAddress, 10n, { value: 1n }))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterUnexpectedEther")
          .withArgs(1n);
      });
    });
  });

  describe("claimRefund", function () {
    it("pays exact shares", async function () {
      const { feeRouter, founders, token, tokenAddress } = await loadFixture(deployAllocatedFixture);

      for (const [index, refund] of REFUNDS.entries()) {
        const member = founders[index];
        expect(await feeRouter.volumeOf(0, tokenAddress, member), `volume of founder ${index}`).to.equal(
          VOLUMES[index],
        );
        const tx = await feeRouter.connect(member).claimRefund(0, tokenAddress);
        await expect(tx, `event of founder ${index}`)
          .to.emit(feeRouter, "RefundClaimed")
          .withArgs(0n, tokenAddress, member.address, refund, false);
        await expect(tx, `balances of founder ${index}`).to.changeTokenBalances(
          token,
          [member, feeRouter],
          [refund, -refund],
        );
      }
      const info = await feeRouter.periodInfo(0, tokenAddress);
      expect(info.totalVolume, "total volume").to.equal(TOTAL_VOLUME);
      expect(info.refunded, "refunded").to.equal(SURPLUS - DUST);
      expect(await feeRouter.surplusHeld(tokenAddress), "held").to.equal(DUST);
      await expectRouterAccounting(feeRouter, tokenAddress);
    });

    it("shows refund before claim", async function () {
      const { feeRouter, founders, tokenAddress } = await loadFixture(deployAllocatedFixture);

      expect(await feeRouter.refundOf(0, tokenAddress, founders[3]), "refund").to.equal(REFUNDS[3]);
      expect(await feeRouter.hasClaimedRefund(0, tokenAddress, founders[3]), "claimed").to.equal(false);
    });

    it("shows nothing after claim", async function () {
      const { feeRouter, founders, tokenAddress } = await loadFixture(deployAllocatedFixture);
      await feeRouter.connect(founders[3]).claimRefund(0, tokenAddress);

      expect(await feeRouter.refundOf(0, tokenAddress, founders[3]), "refund").to.equal(0n);
      expect(await feeRouter.hasClaimedRefund(0, tokenAddress, founders[3]), "claimed").to.equal(true);
    });

    it("shows nothing before allocation", async function () {
      const fixture = await loadFixture(deployRefundFixture);
      await payExactCase(fixture);

      expect(await fixture.feeRouter.refundOf(0, fixture.tokenAddress, fixture.founders[3])).to.equal(0n);
    });

    it("shows nothing after deadline", async function () {
      const { feeRouter, founders, tokenAddress } = await loadFixture(deployAllocatedFixture);
      await passDeadline(feeRouter, tokenAddress);

      expect(await feeRouter.refundOf(0, tokenAddress, founders[3])).to.equal(0n);
    });

    it("accepts claim at deadline", async function () {
      const { feeRouter, founders, tokenAddress } = await loadFixture(deployAllocatedFixture);
      const { claimDeadline } = await feeRouter.periodInfo(0, tokenAddress);
      await time.setNextBlockTimestamp(claimDeadline);

      await expect(feeRouter.connect(founders[3]).claimRefund(0, tokenAddress))
        .to.emit(feeRouter, "RefundClaimed")
        .withArgs(0n, tokenAddress, founders[3].address, REFUNDS[3], false);
    });

    it("credits blocked member", async function () {
      const fixture = await loadFixture(deployRefundFixture);
      const { feeRouter, feeRouterByTimelock, founders, blocklistToken } = fixture;
      const blocklistAddress = await blocklistToken.getAddress();
      await feeRouter.connect(founders[0]).pay(founders[1], blocklistAddress, 100n, NO_ORDER);
      await feeRouterByTimelock.closePeriod();
      await fundTimelock(fixture, blocklistToken, 10n);
      await feeRouterByTimelock.allocateSurplus(0, blocklistAddress, 10n);
      await blocklistToken.setBlocked(founders[0].address, true);

      await expect(feeRouter.connect(founders[0]).claimRefund(0, blocklistAddress))
        .to.emit(feeRouter, "RefundClaimed")
        .withArgs(0n, blocklistAddress, founders[0].address, 5n, true);
      expect(await feeRouter.creditOf(blocklistAddress, founders[0]), "credit").to.equal(5n);
      await expectRouterAccounting(feeRouter, blocklistAddress);
    });

    it("caps share at what is left", async function () {
      const fixture = await loadFixture(deployRefundFixture);
      const { feeRouter, feeRouterByTimelock, founders } = fixture;
      const token = await deployWholeSupplyToken(fixture, founders[0]);
      const tokenAddress = await token.getAddress();
      await feeRouter.connect(founders[0]).pay(founders[1], tokenAddress, MaxUint256, NO_ORDER);
      await feeRouterByTimelock.closePeriod();
      // Releasing the fees of the payment gives the timelock enough to allocate 100 units back.
      await feeRouterByTimelock.releaseFees(tokenAddress);
      await token.connect(fixture.timelockSigner).approve(await feeRouter.getAddress(), 100n);
      await feeRouterByTimelock.allocateSurplus(0, tokenAddress, 100n);
      // Both volumes saturated at the total, so each share alone is the whole surplus.
      await feeRouter.connect(founders[0]).claimRefund(0, tokenAddress);

      expect(await feeRouter.refundOf(0, tokenAddress, founders[1]), "second share").to.equal(0n);
      await expect(feeRouter.connect(founders[1]).claimRefund(0, tokenAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterNoRefund")
        .withArgs(0n, tokenAddress, founders[1].address);
    });

    describe("rejections", function () {
      it("rejects member admitted later", async function () {
        const { feeRouter, membershipByTimelock, outsiders, tokenAddress } = await loadFixture(deployAllocatedFixture);
        await membershipByTimelock.admit(outsiders[0].address);

        expect(await feeRouter.refundOf(0, tokenAddress, outsiders[0]), "refund").to.equal(0n);
        await expect(feeRouter.connect(outsiders[0]).claimRefund(0, tokenAddress))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterNoRefund")
          .withArgs(0n, tokenAddress, outsiders[0].address);
      });

      it("rejects member without business", async function () {
        const { feeRouter, founders, tokenAddress } = await loadFixture(deployAllocatedFixture);

        await expect(feeRouter.connect(founders[4]).claimRefund(0, tokenAddress))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterNoRefund")
          .withArgs(0n, tokenAddress, founders[4].address);
      });

      it("rejects double claim", async function () {
        const { feeRouter, founders, tokenAddress } = await loadFixture(deployAllocatedFixture);
        await feeRouter.connect(founders[0]).claimRefund(0, tokenAddress);

        await expect(feeRouter.connect(founders[0]).claimRefund(0, tokenAddress))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterRefundAlreadyClaimed")
          .withArgs(0n, tokenAddress, founders[0].address);
      });

      it("rejects claim after window", async function () {
        const { feeRouter, founders, tokenAddress } = await loadFixture(deployAllocatedFixture);
        const deadline = await passDeadline(feeRouter, tokenAddress);

        await expect(feeRouter.connect(founders[0]).claimRefund(0, tokenAddress))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterClaimWindowClosed")
          .withArgs(0n, tokenAddress, deadline);
      });

      it("rejects unallocated period", async function () {
        const { feeRouter, founders } = await loadFixture(deployAllocatedFixture);

        await expect(feeRouter.connect(founders[0]).claimRefund(0, ETHER))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterSurplusNotAllocated")
          .withArgs(0n, ETHER);
      });
    });
  });

  describe("reclaimSurplus", function () {
    it("returns remainder to treasury", async function () {
      const { feeRouter, founders, outsiders, token, tokenAddress, timelockAddress } =
        await loadFixture(deployAllocatedFixture);
      for (const member of founders.slice(0, 3)) await feeRouter.connect(member).claimRefund(0, tokenAddress);
      await passDeadline(feeRouter, tokenAddress);
      // Founder 3 never claimed: the rounding dust and founder 3's refund return.
      const remainder = REFUNDS[3] + DUST;

      const tx = await feeRouter.connect(outsiders[0]).reclaimSurplus(0, tokenAddress);

      await expect(tx)
        .to.emit(feeRouter, "SurplusReclaimed")
        .withArgs(0n, tokenAddress, timelockAddress, remainder, false);
      await expect(tx).to.changeTokenBalances(
        token,
        [timelockAddress, await feeRouter.getAddress()],
        [remainder, -remainder],
      );
      const info = await feeRouter.periodInfo(0, tokenAddress);
      expect(info.reclaimed, "reclaimed").to.equal(true);
      expect(info.refunded + remainder, "refunded and reclaimed").to.equal(SURPLUS);
      expect(await feeRouter.surplusHeld(tokenAddress), "held").to.equal(0n);
      await expectRouterAccounting(feeRouter, tokenAddress);
    });

    it("returns only dust after all claims", async function () {
      const { feeRouter, founders, tokenAddress, timelockAddress } = await loadFixture(deployAllocatedFixture);
      for (const member of founders.slice(0, 4)) await feeRouter.connect(member).claimRefund(0, tokenAddress);
      await passDeadline(feeRouter, tokenAddress);

      await expect(feeRouter.reclaimSurplus(0, tokenAddress))
        .to.emit(feeRouter, "SurplusReclaimed")
        .withArgs(0n, tokenAddress, timelockAddress, DUST, false);
    });

    it("returns zero without dust", async function () {
      const { feeRouter, feeRouterByTimelock, founders, timelockAddress } = await loadFixture(deployRefundFixture);
      await feeRouter.connect(founders[0]).payEther(founders[1], NO_ORDER, { value: 100n });
      await feeRouterByTimelock.closePeriod();
      await feeRouterByTimelock.allocateSurplus(0, ETHER, 10n, { value: 10n });
      await feeRouter.connect(founders[0]).claimRefund(0, ETHER);
      await feeRouter.connect(founders[1]).claimRefund(0, ETHER);
      await passDeadline(feeRouter, ETHER);

      const tx = await feeRouter.reclaimSurplus(0, ETHER);

      await expect(tx).to.emit(feeRouter, "SurplusReclaimed").withArgs(0n, ETHER, timelockAddress, 0n, false);
      await expect(tx).to.changeEtherBalance(timelockAddress, 0n);
    });

    it("credits blocked treasury", async function () {
      const fixture = await loadFixture(deployRefundFixture);
      const { feeRouter, feeRouterByTimelock, founders, blocklistToken, timelockAddress } = fixture;
      const blocklistAddress = await blocklistToken.getAddress();
      await feeRouter.connect(founders[0]).pay(founders[1], blocklistAddress, 100n, NO_ORDER);
      await feeRouterByTimelock.closePeriod();
      await fundTimelock(fixture, blocklistToken, 10n);
      await feeRouterByTimelock.allocateSurplus(0, blocklistAddress, 10n);
      await passDeadline(feeRouter, blocklistAddress);
      await blocklistToken.setBlocked(timelockAddress, true);

      await expect(feeRouter.reclaimSurplus(0, blocklistAddress))
        .to.emit(feeRouter, "SurplusReclaimed")
        .withArgs(0n, blocklistAddress, timelockAddress, 10n, true);
      expect(await feeRouter.creditOf(blocklistAddress, timelockAddress), "credit").to.equal(10n);
      await expectRouterAccounting(feeRouter, blocklistAddress);
    });

    describe("rejections", function () {
      it("rejects reclaim before window", async function () {
        const { feeRouter, tokenAddress } = await loadFixture(deployAllocatedFixture);
        const { claimDeadline } = await feeRouter.periodInfo(0, tokenAddress);

        await expect(feeRouter.reclaimSurplus(0, tokenAddress))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterClaimWindowOpen")
          .withArgs(0n, tokenAddress, claimDeadline);
      });

      it("rejects second reclaim", async function () {
        const { feeRouter, tokenAddress } = await loadFixture(deployAllocatedFixture);
        await passDeadline(feeRouter, tokenAddress);
        await feeRouter.reclaimSurplus(0, tokenAddress);

        await expect(feeRouter.reclaimSurplus(0, tokenAddress))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterSurplusAlreadyReclaimed")
          .withArgs(0n, tokenAddress);
      });

      it("rejects unallocated period", async function () {
        const { feeRouter } = await loadFixture(deployAllocatedFixture);

        await expect(feeRouter.reclaimSurplus(1, ETHER))
          .to.be.revertedWithCustomError(feeRouter, "FeeRouterSurplusNotAllocated")
          .withArgs(1n, ETHER);
      });
    });
  });

  describe("reentrancy", function () {
    /** The calls that a token hook tries during a payment, encoded for `feeRouter`. */
    const hookCalls: [string, (feeRouter: FeeRouter) => string][] = [
      ["claimRefund", (feeRouter) => feeRouter.interface.encodeFunctionData("claimRefund", [0n, ETHER])],
      ["reclaimSurplus", (feeRouter) => feeRouter.interface.encodeFunctionData("reclaimSurplus", [0n, ETHER])],
    ];

    for (const [name, encode] of hookCalls) {
      it(`rejects ${name} from token hook`, async function () {
        const { feeRouter, founders, hookToken } = await loadFixture(deployRefundFixture);
        await hookToken.setHook(await feeRouter.getAddress(), encode(feeRouter));

        await expect(
          feeRouter.connect(founders[0]).pay(founders[1], await hookToken.getAddress(), 100n, NO_ORDER),
        ).to.be.revertedWithCustomError(feeRouter, "ReentrancyGuardReentrantCall");
      });
    }

    it("rejects allocateSurplus from token hook", async function () {
      const fixture = await loadFixture(deployRefundFixture);
      const { deployer, founders, hookToken } = fixture;
      // A contract is the timelock here, so that the token's hook can call the router as the timelock.
      const timelockContract = await new EtherReceiverMock__factory(deployer).deploy();
      const timelockAddress = await timelockContract.getAddress();
      const router = await deployFeeRouterProxy(deployer, fixture.feeRouterImplementation, {
        ...fixture.feeRouterParams,
        timelock: timelockAddress,
        serviceFeeRecipient: timelockAddress,
        duesRecipient: timelockAddress,
      });
      const routerAddress = await router.getAddress();
      const hookAddress = await hookToken.getAddress();
      await hookToken.connect(founders[0]).approve(routerAddress, 100n);
      await router.connect(founders[0]).pay(founders[1], hookAddress, 100n, NO_ORDER);
      await timelockContract.execute(routerAddress, router.interface.encodeFunctionData("closePeriod"));
      await hookToken.mint(timelockAddress, 10n);
      await timelockContract.execute(
        hookAddress,
        hookToken.interface.encodeFunctionData("approve", [routerAddress, 10n]),
      );
      const allocation = router.interface.encodeFunctionData("allocateSurplus", [0n, hookAddress, 10n]);
      await hookToken.setHook(
        timelockAddress,
        timelockContract.interface.encodeFunctionData("execute", [routerAddress, allocation]),
      );

      await expect(timelockContract.execute(routerAddress, allocation)).to.be.revertedWithCustomError(
        router,
        "ReentrancyGuardReentrantCall",
      );
    });
  });
});
