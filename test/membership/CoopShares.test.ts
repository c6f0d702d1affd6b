import { expect } from "chai";
import { ethers, upgrades } from "hardhat";
import { loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyUint } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { ZeroAddress, getCreateAddress, parseEther } from "ethers";

import {
  DEFAULT_CAPITAL,
  DEFAULT_SETTINGS,
  MAX_NOTICE_PERIOD,
  deployCooperative,
  validateCapital,
} from "../../src/deploy/cooperative";
import {
  CoopMembership__factory,
  CoopProxy__factory,
  CoopShares__factory,
  EtherReceiverMock__factory,
  type CoopShares,
  type EtherReceiverMock,
} from "../../typechain-types";
import { UNDER_COVERAGE } from "../helpers/coverage";
import { contractAction, passProposal } from "../helpers/governance";
import {
  AdmissionPolicy,
  TOKEN_BALANCE,
  TOKEN_NOMINAL_VALUE,
  deployBlocklistTokenSharesFixture,
  deployBonusTokenSharesFixture,
  deployEthSharesFixture,
  deployFalseTokenSharesFixture,
  deployFeeTokenSharesFixture,
  deployNoReturnTokenSharesFixture,
  deployTokenSharesFixture,
  expectAccounting,
  priceOf,
  subscribe,
  type SharesFixture,
} from "../helpers/shares";

const NOMINAL = DEFAULT_CAPITAL.nominalValue;
const NOTICE = DEFAULT_CAPITAL.noticePeriod;
const MAX_UINT128 = 2n ** 128n - 1n;

/** Deploys an ETH cooperative where founders 0 to 2 hold 10 shares each. */
async function deploySubscribedFixture(): Promise<SharesFixture> {
  const fixture = await deployEthSharesFixture();
  for (const founder of fixture.founders.slice(0, 3)) await subscribe(fixture.shares, founder, 10n);
  return fixture;
}

/** Deploys the subscribed ETH cooperative and a member contract, holding 10 shares, that reacts to ETH as each test sets. */
async function deployReceiverFixture(): Promise<SharesFixture & { receiver: EtherReceiverMock }> {
  const fixture = await deploySubscribedFixture();
  const receiver = await new EtherReceiverMock__factory(fixture.deployer).deploy();
  await fixture.membershipByTimelock.admit(await receiver.getAddress());
  await receiver.execute(
    await fixture.shares.getAddress(),
    fixture.shares.interface.encodeFunctionData("subscribe", [10n]),
    {
      value: 10n * NOMINAL,
    },
  );
  return { ...fixture, receiver };
}

/** Calls `requestRedemption(count)` from the receiver contract. */
async function requestFromReceiver(shares: CoopShares, receiver: EtherReceiverMock, count: bigint): Promise<void> {
  await receiver.execute(await shares.getAddress(), shares.interface.encodeFunctionData("requestRedemption", [count]));
}

/** Encodes the shares initializer with the default capital terms, overridden by `changes`. */
function initData(
  membership: string,
  timelock: string,
  changes: Partial<{
    paymentToken: string;
    nominalValue: bigint;
    minimumShares: bigint;
    noticePeriod: bigint;
    floorBps: bigint;
  }> = {},
): string {
  const terms = {
    paymentToken: DEFAULT_CAPITAL.paymentToken,
    nominalValue: DEFAULT_CAPITAL.nominalValue,
    minimumShares: DEFAULT_CAPITAL.minimumShares,
    noticePeriod: BigInt(DEFAULT_CAPITAL.noticePeriod),
    floorBps: BigInt(DEFAULT_CAPITAL.floorBps),
    ...changes,
  };
  return CoopShares__factory.createInterface().encodeFunctionData("initialize", [
    membership,
    timelock,
    terms.paymentToken,
    terms.nominalValue,
    terms.minimumShares,
    terms.noticePeriod,
    terms.floorBps,
  ]);
}

describe("CoopShares", function () {
  describe("initialization", function () {
    it("stores capital terms", async function () {
      const { shares, membership, timelock } = await loadFixture(deployEthSharesFixture);

      expect(await shares.membership()).to.equal(await membership.getAddress());
      expect(await shares.timelock()).to.equal(await timelock.getAddress());
      expect(await shares.paymentToken()).to.equal(ZeroAddress);
      expect(await shares.nominalValue()).to.equal(NOMINAL);
      expect(await shares.minimumShares()).to.equal(DEFAULT_CAPITAL.minimumShares);
      expect(await shares.noticePeriod()).to.equal(BigInt(NOTICE));
      expect(await shares.capitalFloorBps()).to.equal(BigInt(DEFAULT_CAPITAL.floorBps));
    });

    it("starts with empty capital and queue", async function () {
      const { shares } = await loadFixture(deployEthSharesFixture);

      expect(await shares.capital()).to.equal(0n);
      expect(await shares.highestCapital()).to.equal(0n);
      expect(await shares.heldCapital()).to.equal(0n);
      expect(await shares.capitalInTreasury()).to.equal(0n);
      expect(await shares.totalCredited()).to.equal(0n);
      expect(await shares.queueBounds()).to.deep.equal([0n, 0n]);
    });

    it("is registered in membership", async function () {
      const { shares, membership } = await loadFixture(deployEthSharesFixture);

      expect(await membership.shares()).to.equal(await shares.getAddress());
    });

    it("emits initial settings", async function () {
      const { shares } = await loadFixture(deployEthSharesFixture);

      const [notice] = await shares.queryFilter(shares.filters.NoticePeriodSet());
      const [floor] = await shares.queryFilter(shares.filters.CapitalFloorSet());
      const [minimum] = await shares.queryFilter(shares.filters.MinimumSharesSet());
      expect(notice.args.noticePeriod).to.equal(BigInt(NOTICE));
      expect(floor.args.floorBps).to.equal(BigInt(DEFAULT_CAPITAL.floorBps));
      expect(minimum.args.minimumShares).to.equal(DEFAULT_CAPITAL.minimumShares);
    });

    it("rejects second initialization", async function () {
      const { shares, membership, timelock } = await loadFixture(deployEthSharesFixture);

      await expect(
        shares.initialize(await membership.getAddress(), await timelock.getAddress(), ZeroAddress, NOMINAL, 1n, 0n, 0n),
      ).to.be.revertedWithCustomError(shares, "InvalidInitialization");
    });

    it("keeps implementation uninitializable", async function () {
      const { implementations, membership, timelock, deployer } = await loadFixture(deployEthSharesFixture);
      const implementation = CoopShares__factory.connect(implementations.shares, deployer);

      await expect(
        implementation.initialize(
          await membership.getAddress(),
          await timelock.getAddress(),
          ZeroAddress,
          NOMINAL,
          1n,
          0n,
          0n,
        ),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    });

    describe("argument checks", function () {
      /** Deploys a shares proxy with `data` and expects it to revert with `error` and `args`. */
      async function expectInitRevert(
        fixture: SharesFixture,
        data: string,
        error: string,
        args: readonly unknown[],
      ): Promise<void> {
        await expect(new CoopProxy__factory(fixture.deployer).deploy(fixture.implementations.shares, data))
          .to.be.revertedWithCustomError(fixture.shares, error)
          .withArgs(...args);
      }

      it("rejects zero membership", async function () {
        const fixture = await loadFixture(deployEthSharesFixture);

        await expectInitRevert(
          fixture,
          initData(ZeroAddress, await fixture.timelock.getAddress()),
          "CoopSharesZeroAddress",
          ["membership"],
        );
      });

      it("rejects zero timelock", async function () {
        const fixture = await loadFixture(deployEthSharesFixture);

        await expectInitRevert(
          fixture,
          initData(await fixture.membership.getAddress(), ZeroAddress),
          "CoopSharesZeroAddress",
          ["timelock"],
        );
      });

      it("rejects token without code", async function () {
        const fixture = await loadFixture(deployEthSharesFixture);
        const notAToken = fixture.outsiders[0].address;

        await expectInitRevert(
          fixture,
          initData(await fixture.membership.getAddress(), await fixture.timelock.getAddress(), {
            paymentToken: notAToken,
          }),
          "CoopSharesInvalidPaymentToken",
          [notAToken],
        );
      });

      it("rejects zero nominal value", async function () {
        const fixture = await loadFixture(deployEthSharesFixture);

        await expectInitRevert(
          fixture,
          initData(await fixture.membership.getAddress(), await fixture.timelock.getAddress(), { nominalValue: 0n }),
          "CoopSharesInvalidNominalValue",
          [0n],
        );
      });

      it("rejects nominal value above 128 bits", async function () {
        const fixture = await loadFixture(deployEthSharesFixture);

        await expectInitRevert(
          fixture,
          initData(await fixture.membership.getAddress(), await fixture.timelock.getAddress(), {
            nominalValue: MAX_UINT128 + 1n,
          }),
          "CoopSharesInvalidNominalValue",
          [MAX_UINT128 + 1n],
        );
      });

      it("rejects minimum above 128 bits", async function () {
        const fixture = await loadFixture(deployEthSharesFixture);

        await expectInitRevert(
          fixture,
          initData(await fixture.membership.getAddress(), await fixture.timelock.getAddress(), {
            minimumShares: MAX_UINT128 + 1n,
          }),
          "CoopSharesInvalidMinimumShares",
          [MAX_UINT128 + 1n],
        );
      });

      it("rejects notice above ten years", async function () {
        const fixture = await loadFixture(deployEthSharesFixture);
        const tooLong = BigInt(MAX_NOTICE_PERIOD) + 1n;

        await expectInitRevert(
          fixture,
          initData(await fixture.membership.getAddress(), await fixture.timelock.getAddress(), {
            noticePeriod: tooLong,
          }),
          "CoopSharesInvalidNoticePeriod",
          [tooLong, BigInt(MAX_NOTICE_PERIOD)],
        );
      });

      it("rejects floor above 100%", async function () {
        const fixture = await loadFixture(deployEthSharesFixture);

        await expectInitRevert(
          fixture,
          initData(await fixture.membership.getAddress(), await fixture.timelock.getAddress(), { floorBps: 10_001n }),
          "CoopSharesInvalidCapitalFloor",
          [10_001n],
        );
      });

      it("rejects membership without code", async function () {
        const fixture = await loadFixture(deployEthSharesFixture);
        const notAContract = fixture.outsiders[0].address;

        await expectInitRevert(
          fixture,
          initData(notAContract, await fixture.timelock.getAddress()),
          "CoopSharesInvalidMembership",
          [notAContract, ZeroAddress],
        );
      });

      it("rejects membership of another contract", async function () {
        const fixture = await loadFixture(deployEthSharesFixture);
        const membership = await fixture.membership.getAddress();

        await expectInitRevert(
          fixture,
          initData(membership, await fixture.timelock.getAddress()),
          "CoopSharesInvalidMembership",
          [membership, await fixture.shares.getAddress()],
        );
      });

      it("rejects timelock mismatch", async function () {
        const fixture = await loadFixture(deployEthSharesFixture);
        const { deployer, implementations } = fixture;
        const membershipTimelock = await fixture.timelock.getAddress();
        const otherTimelock = fixture.outsiders[0].address;
        // A register that names the shares proxy deployed right after it.
        const nonce = await ethers.provider.getTransactionCount(deployer.address);
        const sharesAddress = getCreateAddress({ from: deployer.address, nonce: nonce + 1 });
        const membershipInit = CoopMembership__factory.createInterface().encodeFunctionData("initialize", [
          "Other",
          "OTHER",
          membershipTimelock,
          sharesAddress,
          [],
          1n,
          0,
        ]);
        const membership = await new CoopProxy__factory(deployer).deploy(implementations.membership, membershipInit);

        await expectInitRevert(
          fixture,
          initData(await membership.getAddress(), otherTimelock),
          "CoopSharesTimelockMismatch",
          [otherTimelock, membershipTimelock],
        );
      });
    });
  });

  describe("deployment parameters", function () {
    it("deploys ERC-20 capital", async function () {
      const { shares, token } = await loadFixture(deployTokenSharesFixture);

      expect(await shares.paymentToken()).to.equal(await token.getAddress());
      expect(await shares.nominalValue()).to.equal(TOKEN_NOMINAL_VALUE);
    });

    it("names invalid capital field", async function () {
      const invalid = [
        [{ paymentToken: "0x1234" }, /capital\.paymentToken/],
        [{ nominalValue: 0n }, /capital\.nominalValue 0/],
        [{ minimumShares: -1n }, /capital\.minimumShares -1/],
        [{ noticePeriod: MAX_NOTICE_PERIOD + 1 }, /capital\.noticePeriod/],
        [{ noticePeriod: 1.5 }, /capital\.noticePeriod 1\.5/],
        [{ floorBps: 10_001 }, /capital\.floorBps 10001/],
      ] as const;

      for (const [change, message] of invalid) {
        expect(() => validateCapital({ ...DEFAULT_CAPITAL, ...change }), message.source).to.throw(message);
      }
    });

    it("rejects invalid capital before deploying", async function () {
      const { deployer, implementations, founders } = await loadFixture(deployEthSharesFixture);
      const nonce = await ethers.provider.getTransactionCount(deployer.address);

      await expect(
        deployCooperative(deployer, implementations, {
          name: "Invalid",
          symbol: "BAD",
          founders: [founders[0].address],
          settings: DEFAULT_SETTINGS,
          capital: { ...DEFAULT_CAPITAL, floorBps: 20_000 },
        }),
      ).to.be.rejectedWith(/capital\.floorBps 20000/);
      expect(await ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce);
    });
  });

  describe("subscribe", function () {
    it("issues shares for exact ETH", async function () {
      const { shares, founders } = await loadFixture(deployEthSharesFixture);
      const price = 3n * NOMINAL;

      const tx = shares.connect(founders[0]).subscribe(3n, { value: price });

      await expect(tx).to.emit(shares, "SharesSubscribed").withArgs(founders[0].address, 3n, price);
      await expect(tx).to.changeEtherBalances([founders[0], shares], [-price, price]);
      expect(await shares.sharesOf(founders[0].address)).to.equal(3n);
      expect(await shares.capital()).to.equal(price);
      expect(await shares.heldCapital()).to.equal(price);
      expect(await shares.highestCapital()).to.equal(price);
    });

    it("adds to earlier shares", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);

      await subscribe(shares, founders[0], 2n);

      expect(await shares.sharesOf(founders[0].address)).to.equal(12n);
      expect(await shares.totalShares()).to.equal(32n);
      expect(await shares.highestCapital()).to.equal(32n * NOMINAL);
    });

    it("gives no votes", async function () {
      const { shares, membership, founders } = await loadFixture(deployEthSharesFixture);

      await subscribe(shares, founders[0], 100n);

      expect(await membership.getVotes(founders[0].address)).to.equal(1n);
    });

    it("rejects zero shares", async function () {
      const { shares, founders } = await loadFixture(deployEthSharesFixture);

      await expect(shares.connect(founders[0]).subscribe(0n)).to.be.revertedWithCustomError(
        shares,
        "CoopSharesZeroShares",
      );
    });

    it("rejects too little ETH", async function () {
      const { shares, founders } = await loadFixture(deployEthSharesFixture);

      await expect(shares.connect(founders[0]).subscribe(2n, { value: NOMINAL }))
        .to.be.revertedWithCustomError(shares, "CoopSharesPaymentMismatch")
        .withArgs(2n * NOMINAL, NOMINAL);
    });

    it("rejects too much ETH", async function () {
      const { shares, founders } = await loadFixture(deployEthSharesFixture);

      await expect(shares.connect(founders[0]).subscribe(1n, { value: 2n * NOMINAL }))
        .to.be.revertedWithCustomError(shares, "CoopSharesPaymentMismatch")
        .withArgs(NOMINAL, 2n * NOMINAL);
    });

    it("rejects count above 128 bits", async function () {
      const { shares, founders } = await loadFixture(deployEthSharesFixture);

      await expect(shares.connect(founders[0]).subscribe(MAX_UINT128 + 1n))
        .to.be.revertedWithCustomError(shares, "SafeCastOverflowedUintDowncast")
        .withArgs(128n, MAX_UINT128 + 1n);
    });

    describe("admission", function () {
      it("rejects outsider under Governance policy", async function () {
        const { shares, outsiders } = await loadFixture(deployEthSharesFixture);

        await expect(shares.connect(outsiders[0]).subscribe(1n, { value: NOMINAL }))
          .to.be.revertedWithCustomError(shares, "CoopSharesAdmissionClosed")
          .withArgs(outsiders[0].address, AdmissionPolicy.Governance);
      });

      it("rejects outsider under Application policy", async function () {
        const { shares, membershipByTimelock, outsiders } = await loadFixture(deployEthSharesFixture);
        await membershipByTimelock.setAdmissionPolicy(AdmissionPolicy.Application);

        await expect(shares.connect(outsiders[0]).subscribe(1n, { value: NOMINAL }))
          .to.be.revertedWithCustomError(shares, "CoopSharesAdmissionClosed")
          .withArgs(outsiders[0].address, AdmissionPolicy.Application);
      });

      it("admits outsider under Open policy", async function () {
        const { shares, membership, membershipByTimelock, outsiders } = await loadFixture(deployEthSharesFixture);
        await membershipByTimelock.setAdmissionPolicy(AdmissionPolicy.Open);

        const tx = shares.connect(outsiders[0]).subscribe(1n, { value: NOMINAL });

        await expect(tx).to.emit(shares, "SharesSubscribed").withArgs(outsiders[0].address, 1n, NOMINAL);
        await expect(tx).to.emit(membership, "MemberAdmitted");
        expect(await membership.isMember(outsiders[0].address)).to.equal(true);
        expect(await shares.sharesOf(outsiders[0].address)).to.equal(1n);
      });

      it("rejects outsider below minimum", async function () {
        const { shares, sharesByTimelock, membershipByTimelock, outsiders } = await loadFixture(deployEthSharesFixture);
        await membershipByTimelock.setAdmissionPolicy(AdmissionPolicy.Open);
        await sharesByTimelock.setMinimumShares(5n);

        await expect(shares.connect(outsiders[0]).subscribe(4n, { value: 4n * NOMINAL }))
          .to.be.revertedWithCustomError(shares, "CoopSharesBelowMinimum")
          .withArgs(outsiders[0].address, 4n, 5n);
      });

      it("lets member subscribe under any policy", async function () {
        const { shares, membership, membershipByTimelock, founders } = await loadFixture(deployEthSharesFixture);

        for (const policy of [AdmissionPolicy.Governance, AdmissionPolicy.Application, AdmissionPolicy.Open]) {
          await membershipByTimelock.setAdmissionPolicy(policy);
          await expect(shares.connect(founders[0]).subscribe(1n, { value: NOMINAL })).not.to.emit(
            membership,
            "MemberAdmitted",
          );
        }

        expect(await shares.sharesOf(founders[0].address)).to.equal(3n);
      });

      it("lets member subscribe below minimum", async function () {
        const { shares, sharesByTimelock, founders } = await loadFixture(deployEthSharesFixture);
        await sharesByTimelock.setMinimumShares(5n);

        await subscribe(shares, founders[0], 1n);

        expect(await shares.sharesOf(founders[0].address)).to.equal(1n);
      });
    });

    describe("in ERC-20", function () {
      it("pulls exact amount", async function () {
        const { shares, token, founders } = await loadFixture(deployTokenSharesFixture);
        const price = 2n * TOKEN_NOMINAL_VALUE;

        const tx = shares.connect(founders[0]).subscribe(2n);

        await expect(tx).to.emit(shares, "SharesSubscribed").withArgs(founders[0].address, 2n, price);
        await expect(tx).to.changeTokenBalances(token, [founders[0], shares], [-price, price]);
        expect(await shares.capital()).to.equal(price);
        expect(await shares.heldCapital()).to.equal(price);
      });

      it("rejects ETH sent along", async function () {
        const { shares, founders } = await loadFixture(deployTokenSharesFixture);

        await expect(shares.connect(founders[0]).subscribe(1n, { value: 1n }))
          .to.be.revertedWithCustomError(shares, "CoopSharesUnexpectedEther")
          .withArgs(1n);
      });

      it("rejects missing allowance", async function () {
        const { shares, token, founders } = await loadFixture(deployTokenSharesFixture);
        await token.connect(founders[0]).approve(await shares.getAddress(), 0n);

        await expect(shares.connect(founders[0]).subscribe(1n))
          .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
          .withArgs(await shares.getAddress(), 0n, TOKEN_NOMINAL_VALUE);
      });

      it("rejects fee-on-transfer shortfall", async function () {
        const { shares, token, founders } = await loadFixture(deployFeeTokenSharesFixture);
        const price = 10n * TOKEN_NOMINAL_VALUE;

        await expect(shares.connect(founders[0]).subscribe(10n))
          .to.be.revertedWithCustomError(shares, "CoopSharesPaymentMismatch")
          .withArgs(price, (price * 99n) / 100n);
        expect(await token.balanceOf(await shares.getAddress())).to.equal(0n);
      });

      it("rejects token moving nothing", async function () {
        const { shares, token, founders } = await loadFixture(deployFeeTokenSharesFixture);
        await token.setFeeBps(10_000n);

        await expect(shares.connect(founders[0]).subscribe(2n))
          .to.be.revertedWithCustomError(shares, "CoopSharesPaymentMismatch")
          .withArgs(2n * TOKEN_NOMINAL_VALUE, 0n);
        expect(await shares.sharesOf(founders[0].address)).to.equal(0n);
        expect(await token.balanceOf(founders[0].address)).to.equal(TOKEN_BALANCE);
      });

      it("rejects bonus overpayment", async function () {
        const { shares, token, founders } = await loadFixture(deployBonusTokenSharesFixture);
        const price = 2n * TOKEN_NOMINAL_VALUE;
        await token.setBonusBps(100n);

        await expect(shares.connect(founders[0]).subscribe(2n))
          .to.be.revertedWithCustomError(shares, "CoopSharesPaymentMismatch")
          .withArgs(price, (price * 101n) / 100n);
        expect(await shares.capital()).to.equal(0n);
      });

      it("rejects token returning false", async function () {
        const { shares, token, founders } = await loadFixture(deployFalseTokenSharesFixture);
        await token.setFailing(true);

        await expect(shares.connect(founders[0]).subscribe(1n))
          .to.be.revertedWithCustomError(shares, "SafeERC20FailedOperation")
          .withArgs(await token.getAddress());
        expect(await shares.capital()).to.equal(0n);
      });

      it("accepts token returning nothing", async function () {
        const { shares, token, founders } = await loadFixture(deployNoReturnTokenSharesFixture);

        await shares.connect(founders[0]).subscribe(2n);

        expect(await shares.sharesOf(founders[0].address)).to.equal(2n);
        expect(await token.balanceOf(await shares.getAddress())).to.equal(2n * TOKEN_NOMINAL_VALUE);
      });
    });
  });

  describe("requestRedemption", function () {
    it("queues request due after notice", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);

      const tx = await shares.connect(founders[0]).requestRedemption(4n);
      const dueAt = BigInt((await time.latest()) + NOTICE);

      await expect(tx).to.emit(shares, "RedemptionRequested").withArgs(0n, founders[0].address, 4n, dueAt);
      expect(await shares.redemption(0n)).to.deep.equal([founders[0].address, 4n, dueAt]);
      expect(await shares.pendingSharesOf(founders[0].address)).to.equal(4n);
      expect(await shares.totalPendingShares()).to.equal(4n);
      expect(await shares.queueBounds()).to.deep.equal([0n, 1n]);
    });

    it("returns increasing ids", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);

      expect(await shares.connect(founders[0]).requestRedemption.staticCall(1n)).to.equal(0n);
      await shares.connect(founders[0]).requestRedemption(1n);
      expect(await shares.connect(founders[1]).requestRedemption.staticCall(1n)).to.equal(1n);
    });

    it("keeps shares and capital until paid", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);

      await shares.connect(founders[0]).requestRedemption(4n);

      expect(await shares.sharesOf(founders[0].address)).to.equal(10n);
      expect(await shares.capital()).to.equal(30n * NOMINAL);
    });

    it("rejects zero shares", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);

      await expect(shares.connect(founders[0]).requestRedemption(0n)).to.be.revertedWithCustomError(
        shares,
        "CoopSharesZeroShares",
      );
    });

    it("rejects more than held", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);

      await expect(shares.connect(founders[0]).requestRedemption(11n))
        .to.be.revertedWithCustomError(shares, "CoopSharesInsufficientShares")
        .withArgs(founders[0].address, 10n, 11n);
    });

    it("counts pending shares as unavailable", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(6n);

      await expect(shares.connect(founders[0]).requestRedemption(5n))
        .to.be.revertedWithCustomError(shares, "CoopSharesInsufficientShares")
        .withArgs(founders[0].address, 4n, 5n);
    });

    it("keeps member minimum", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);

      await expect(shares.connect(founders[0]).requestRedemption(10n))
        .to.be.revertedWithCustomError(shares, "CoopSharesBelowMinimum")
        .withArgs(founders[0].address, 0n, 1n);
    });

    it("allows down to minimum", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deploySubscribedFixture);
      await sharesByTimelock.setMinimumShares(3n);

      await shares.connect(founders[0]).requestRedemption(7n);

      expect(await shares.pendingSharesOf(founders[0].address)).to.equal(7n);
    });

    it("lets non-member holder redeem all", async function () {
      const { shares, sharesByTimelock, founders, outsiders } = await loadFixture(deploySubscribedFixture);
      await sharesByTimelock.transferShares(founders[0].address, outsiders[0].address, 2n);

      await shares.connect(outsiders[0]).requestRedemption(2n);

      expect(await shares.pendingSharesOf(outsiders[0].address)).to.equal(2n);
    });
  });

  describe("cancelRedemption", function () {
    it("cancels pending request", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(4n);

      await expect(shares.connect(founders[0]).cancelRedemption(0n))
        .to.emit(shares, "RedemptionCancelled")
        .withArgs(0n, founders[0].address);

      expect((await shares.redemption(0n)).holder).to.equal(ZeroAddress);
      expect(await shares.pendingSharesOf(founders[0].address)).to.equal(0n);
      expect(await shares.totalPendingShares()).to.equal(0n);
      expect(await shares.sharesOf(founders[0].address)).to.equal(10n);
    });

    it("rejects other holder", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(4n);

      await expect(shares.connect(founders[1]).cancelRedemption(0n))
        .to.be.revertedWithCustomError(shares, "CoopSharesNotRequestHolder")
        .withArgs(0n, founders[0].address, founders[1].address);
    });

    it("rejects unknown request", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);

      await expect(shares.connect(founders[0]).cancelRedemption(7n))
        .to.be.revertedWithCustomError(shares, "CoopSharesRequestNotPending")
        .withArgs(7n);
    });

    it("rejects cancelled request", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      await shares.connect(founders[0]).cancelRedemption(0n);

      await expect(shares.connect(founders[0]).cancelRedemption(0n))
        .to.be.revertedWithCustomError(shares, "CoopSharesRequestNotPending")
        .withArgs(0n);
    });

    it("rejects paid request", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      await time.increase(NOTICE);
      await shares.payDue(1n);

      await expect(shares.connect(founders[0]).cancelRedemption(0n))
        .to.be.revertedWithCustomError(shares, "CoopSharesRequestNotPending")
        .withArgs(0n);
    });

    it("rejects former member", async function () {
      const { shares, membership, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      await membership.connect(founders[0]).resign();

      await expect(shares.connect(founders[0]).cancelRedemption(0n))
        .to.be.revertedWithCustomError(shares, "CoopSharesNotMember")
        .withArgs(founders[0].address);
    });
  });

  describe("redeemOnExit", function () {
    it("queues all shares on resignation", async function () {
      const { shares, membership, founders } = await loadFixture(deploySubscribedFixture);

      const tx = await membership.connect(founders[0]).resign();

      await expect(tx)
        .to.emit(shares, "RedemptionRequested")
        .withArgs(0n, founders[0].address, 10n, BigInt((await time.latest()) + NOTICE));
      expect(await shares.pendingSharesOf(founders[0].address)).to.equal(10n);
    });

    it("queues all shares on exclusion", async function () {
      const { shares, membershipByTimelock, founders } = await loadFixture(deploySubscribedFixture);

      await expect(membershipByTimelock.exclude(founders[1].address, "0x"))
        .to.emit(shares, "RedemptionRequested")
        .withArgs(0n, founders[1].address, 10n, anyUint);
      expect(await shares.pendingSharesOf(founders[1].address)).to.equal(10n);
    });

    it("queues only shares not pending", async function () {
      const { shares, membership, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(3n);

      await membership.connect(founders[0]).resign();

      expect((await shares.redemption(1n)).shares).to.equal(7n);
      expect(await shares.pendingSharesOf(founders[0].address)).to.equal(10n);
    });

    it("lets member without shares leave", async function () {
      const { shares, membership, founders } = await loadFixture(deploySubscribedFixture);

      await expect(membership.connect(founders[4]).resign()).not.to.emit(shares, "RedemptionRequested");
      expect(await membership.isMember(founders[4].address)).to.equal(false);
    });

    it("queues nothing when all pending", async function () {
      const { shares, membershipSigner, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(9n);
      await shares.connect(membershipSigner).redeemOnExit(founders[0].address);

      await expect(shares.connect(membershipSigner).redeemOnExit(founders[0].address)).not.to.emit(
        shares,
        "RedemptionRequested",
      );
      expect(await shares.queueBounds()).to.deep.equal([0n, 2n]);
    });

    it("rejects other callers", async function () {
      const { shares, timelockSigner, founders } = await loadFixture(deploySubscribedFixture);

      for (const caller of [founders[0], timelockSigner]) {
        await expect(shares.connect(caller).redeemOnExit(founders[0].address))
          .to.be.revertedWithCustomError(shares, "CoopSharesUnauthorized")
          .withArgs(caller.address);
      }
    });
  });

  describe("payDue", function () {
    it("pays nothing before due", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      await time.increase(NOTICE - 10);

      expect(await shares.payDue.staticCall(10n)).to.equal(0n);
      await expect(shares.payDue(10n)).not.to.emit(shares, "RedemptionPaid");
      expect(await shares.queueBounds()).to.deep.equal([0n, 1n]);
    });

    it("pays nominal value when due", async function () {
      const { shares, founders, outsiders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      await time.increase(NOTICE);
      const amount = 4n * NOMINAL;

      const tx = shares.connect(outsiders[0]).payDue(10n);

      await expect(tx).to.emit(shares, "RedemptionPaid").withArgs(0n, founders[0].address, amount, false);
      await expect(tx).to.changeEtherBalances([founders[0], shares], [amount, -amount]);
      expect(await shares.sharesOf(founders[0].address)).to.equal(6n);
      expect(await shares.pendingSharesOf(founders[0].address)).to.equal(0n);
      expect(await shares.capital()).to.equal(26n * NOMINAL);
      expect(await shares.heldCapital()).to.equal(26n * NOMINAL);
      expect(await shares.highestCapital()).to.equal(30n * NOMINAL);
      expect((await shares.redemption(0n)).holder).to.equal(ZeroAddress);
      expect(await shares.queueBounds()).to.deep.equal([1n, 1n]);
    });

    it("pays in request order", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[1]).requestRedemption(1n);
      await shares.connect(founders[0]).requestRedemption(2n);
      await shares.connect(founders[2]).requestRedemption(3n);
      await time.increase(NOTICE);

      const receipt = await (await shares.payDue(10n)).wait();

      const paid = receipt!.logs
        .map((log) => shares.interface.parseLog(log))
        .filter((event) => event?.name === "RedemptionPaid")
        .map((event) => [event!.args.requestId, event!.args.holder]);
      expect(paid).to.deep.equal([
        [0n, founders[1].address],
        [1n, founders[0].address],
        [2n, founders[2].address],
      ]);
    });

    it("returns number paid", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(1n);
      await shares.connect(founders[1]).requestRedemption(1n);
      await time.increase(NOTICE);

      expect(await shares.payDue.staticCall(10n)).to.equal(2n);
    });

    it("stops at maxCount", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      for (const founder of founders.slice(0, 3)) await shares.connect(founder).requestRedemption(1n);
      await time.increase(NOTICE);

      await shares.payDue(2n);

      expect(await shares.queueBounds()).to.deep.equal([2n, 3n]);
      expect(await shares.pendingSharesOf(founders[2].address)).to.equal(1n);
    });

    it("pays nothing for zero maxCount", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(1n);
      await time.increase(NOTICE);

      expect(await shares.payDue.staticCall(0n)).to.equal(0n);
    });

    it("skips cancelled requests", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(1n);
      await shares.connect(founders[1]).requestRedemption(1n);
      await shares.connect(founders[0]).cancelRedemption(0n);
      await time.increase(NOTICE);

      await expect(shares.payDue(10n))
        .to.emit(shares, "RedemptionPaid")
        .withArgs(1n, founders[1].address, NOMINAL, false);
      expect(await shares.queueBounds()).to.deep.equal([2n, 2n]);
    });

    it("counts cancelled requests toward maxCount", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(1n);
      await shares.connect(founders[0]).requestRedemption(1n);
      await shares.connect(founders[1]).requestRedemption(1n);
      await shares.connect(founders[0]).cancelRedemption(0n);
      await shares.connect(founders[0]).cancelRedemption(1n);
      await time.increase(NOTICE);

      expect(await shares.payDue.staticCall(2n)).to.equal(0n);
      await shares.payDue(2n);
      expect(await shares.queueBounds()).to.deep.equal([2n, 3n]);
    });

    it("stops at first request not due", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(1n);
      await sharesByTimelock.setNoticePeriod(60);
      await shares.connect(founders[1]).requestRedemption(1n);
      await time.increase(120);

      // The second request is due, but the first is not: payment keeps the order of requests.
      expect(await shares.payDue.staticCall(10n)).to.equal(0n);
      await time.increase(NOTICE);
      expect(await shares.payDue.staticCall(10n)).to.equal(2n);
    });

    it("stops at capital floor", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deploySubscribedFixture);
      // Capital 30 shares, floor 50%: at most 15 shares can leave.
      await shares.connect(founders[0]).requestRedemption(9n);
      await shares.connect(founders[1]).requestRedemption(9n);
      await shares.connect(founders[2]).requestRedemption(1n);
      await time.increase(NOTICE);

      expect(await shares.payDue.staticCall(10n)).to.equal(1n);
      await shares.payDue(10n);
      expect(await shares.capital()).to.equal(21n * NOMINAL);
      expect(await shares.capitalFloor()).to.equal(15n * NOMINAL);
      expect(await shares.queueBounds()).to.deep.equal([1n, 3n]);

      await sharesByTimelock.setCapitalFloor(0);
      expect(await shares.payDue.staticCall(10n)).to.equal(2n);
    });

    it("pays down to exact floor", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(9n);
      await shares.connect(founders[1]).requestRedemption(6n);
      await time.increase(NOTICE);

      await shares.payDue(10n);

      expect(await shares.capital()).to.equal(await shares.capitalFloor());
    });

    it("floor follows highest capital", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(9n);
      await time.increase(NOTICE);
      await shares.payDue(10n);
      await subscribe(shares, founders[0], 1n);

      expect(await shares.highestCapital()).to.equal(30n * NOMINAL);
      expect(await shares.capitalFloor()).to.equal(15n * NOMINAL);
    });

    it("stops when held capital is short", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deploySubscribedFixture);
      await sharesByTimelock.moveToTreasury(27n * NOMINAL);
      await shares.connect(founders[0]).requestRedemption(2n);
      await shares.connect(founders[1]).requestRedemption(2n);
      await time.increase(NOTICE);

      expect(await shares.payDue.staticCall(10n)).to.equal(1n);
      await shares.payDue(10n);
      expect(await shares.heldCapital()).to.equal(NOMINAL);

      await sharesByTimelock.returnFromTreasury(NOMINAL, { value: NOMINAL });
      expect(await shares.payDue.staticCall(10n)).to.equal(1n);
    });

    it("rejects too little gas", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(1n);
      await time.increase(NOTICE);

      await expect(shares.payDue(10n, { gasLimit: 120_000 }))
        .to.be.revertedWithCustomError(shares, "CoopSharesInsufficientGas")
        .withArgs(anyUint, await shares.MIN_GAS_PER_PAYMENT());
    });

    describe("failed payments", function () {
      it("credits reverting receiver", async function () {
        const { shares, receiver, founders } = await loadFixture(deployReceiverFixture);
        await receiver.setMode(1); // Revert
        await requestFromReceiver(shares, receiver, 5n);
        await shares.connect(founders[0]).requestRedemption(1n);
        await time.increase(NOTICE);
        const receiverAddress = await receiver.getAddress();

        const tx = shares.payDue(10n);

        await expect(tx)
          .to.emit(shares, "RedemptionPaid")
          .withArgs(0n, receiverAddress, 5n * NOMINAL, true);
        await expect(tx).to.emit(shares, "RedemptionPaid").withArgs(1n, founders[0].address, NOMINAL, false);
        expect(await shares.creditOf(receiverAddress)).to.equal(5n * NOMINAL);
        expect(await shares.totalCredited()).to.equal(5n * NOMINAL);
        expect(await shares.sharesOf(receiverAddress)).to.equal(5n);
      });

      it("pays receiver needing over 2,300 gas", async function () {
        const { shares, receiver } = await loadFixture(deployReceiverFixture);
        await requestFromReceiver(shares, receiver, 5n);
        await time.increase(NOTICE);

        await expect(shares.payDue(10n)).to.changeEtherBalance(receiver, 5n * NOMINAL);
        expect(await receiver.paymentCount()).to.equal(1n);
        expect(await shares.creditOf(await receiver.getAddress())).to.equal(0n);
      });

      it("credits receiver consuming all gas", async function () {
        const { shares, receiver } = await loadFixture(deployReceiverFixture);
        await receiver.setMode(2); // ConsumeGas
        await requestFromReceiver(shares, receiver, 5n);
        await time.increase(NOTICE);

        const receipt = await (await shares.payDue(10n)).wait();

        expect(await shares.creditOf(await receiver.getAddress())).to.equal(5n * NOMINAL);
        // Instrumented contracts use more gas, so the budget applies only to the compiled ones.
        if (!UNDER_COVERAGE) expect(receipt!.gasUsed).to.be.lessThan(200_000n);
      });

      it("credits reentering receiver", async function () {
        const { shares, receiver, founders } = await loadFixture(deployReceiverFixture);
        await receiver.setMode(3); // Reenter
        await receiver.setReentry(await shares.getAddress(), shares.interface.encodeFunctionData("payDue", [10n]));
        await requestFromReceiver(shares, receiver, 5n);
        await shares.connect(founders[0]).requestRedemption(1n);
        await time.increase(NOTICE);

        await expect(shares.payDue(10n))
          .to.emit(shares, "RedemptionPaid")
          .withArgs(1n, founders[0].address, NOMINAL, false);

        expect(await shares.creditOf(await receiver.getAddress())).to.equal(5n * NOMINAL);
        await expectAccounting(shares, [...founders.map((f) => f.address), await receiver.getAddress()]);
      });

      it("credits blocked token holder", async function () {
        const { shares, token, founders } = await loadFixture(deployBlocklistTokenSharesFixture);
        await shares.connect(founders[0]).subscribe(3n);
        await shares.connect(founders[1]).subscribe(3n);
        await shares.connect(founders[0]).requestRedemption(2n);
        await shares.connect(founders[1]).requestRedemption(1n);
        await token.setBlocked(founders[0].address, true);
        await time.increase(NOTICE);

        const tx = shares.payDue(10n);

        await expect(tx)
          .to.emit(shares, "RedemptionPaid")
          .withArgs(0n, founders[0].address, 2n * TOKEN_NOMINAL_VALUE, true);
        await expect(tx).to.changeTokenBalance(token, founders[1], TOKEN_NOMINAL_VALUE);
        expect(await shares.creditOf(founders[0].address)).to.equal(2n * TOKEN_NOMINAL_VALUE);
      });

      it("credits token returning false", async function () {
        const { shares, token, founders } = await loadFixture(deployFalseTokenSharesFixture);
        await shares.connect(founders[1]).subscribe(10n);
        await shares.connect(founders[0]).subscribe(3n);
        await shares.connect(founders[0]).requestRedemption(2n);
        await token.setFailing(true);
        await time.increase(NOTICE);

        await expect(shares.payDue(10n))
          .to.emit(shares, "RedemptionPaid")
          .withArgs(0n, founders[0].address, 2n * TOKEN_NOMINAL_VALUE, true);
        expect(await token.balanceOf(await shares.getAddress())).to.equal(13n * TOKEN_NOMINAL_VALUE);
        expect(await shares.totalCredited()).to.equal(2n * TOKEN_NOMINAL_VALUE);
      });

      it("pays token returning nothing", async function () {
        const { shares, token, founders } = await loadFixture(deployNoReturnTokenSharesFixture);
        await shares.connect(founders[1]).subscribe(10n);
        await shares.connect(founders[0]).subscribe(3n);
        await shares.connect(founders[0]).requestRedemption(2n);
        await time.increase(NOTICE);

        await expect(shares.payDue(10n))
          .to.emit(shares, "RedemptionPaid")
          .withArgs(0n, founders[0].address, 2n * TOKEN_NOMINAL_VALUE, false);
        expect(await token.balanceOf(founders[0].address)).to.equal(TOKEN_BALANCE - TOKEN_NOMINAL_VALUE);
      });
    });
  });

  describe("withdrawCredit", function () {
    /** The receiver fixture where the reverting receiver has 5 shares' worth of credit. */
    async function deployCreditedFixture() {
      const fixture = await deployReceiverFixture();
      await fixture.receiver.setMode(1); // Revert
      await requestFromReceiver(fixture.shares, fixture.receiver, 5n);
      await time.increase(NOTICE);
      await fixture.shares.payDue(1n);
      return fixture;
    }

    /** Calls `withdrawCredit(to)` from the receiver contract. */
    async function withdrawFromReceiver(shares: CoopShares, receiver: EtherReceiverMock, to: string) {
      return receiver.execute(await shares.getAddress(), shares.interface.encodeFunctionData("withdrawCredit", [to]));
    }

    it("sends credit to chosen address", async function () {
      const { shares, receiver, outsiders } = await loadFixture(deployCreditedFixture);
      const amount = 5n * NOMINAL;

      const tx = withdrawFromReceiver(shares, receiver, outsiders[0].address);

      await expect(tx)
        .to.emit(shares, "CreditWithdrawn")
        .withArgs(await receiver.getAddress(), outsiders[0].address, amount);
      await expect(tx).to.changeEtherBalances([outsiders[0], shares], [amount, -amount]);
      expect(await shares.creditOf(await receiver.getAddress())).to.equal(0n);
      expect(await shares.totalCredited()).to.equal(0n);
    });

    it("rejects zero address", async function () {
      const { shares, founders } = await loadFixture(deployCreditedFixture);

      await expect(shares.connect(founders[0]).withdrawCredit(ZeroAddress))
        .to.be.revertedWithCustomError(shares, "CoopSharesZeroAddress")
        .withArgs("to");
    });

    it("rejects empty credit", async function () {
      const { shares, founders } = await loadFixture(deployCreditedFixture);

      await expect(shares.connect(founders[0]).withdrawCredit(founders[0].address))
        .to.be.revertedWithCustomError(shares, "CoopSharesNoCredit")
        .withArgs(founders[0].address);
    });

    it("rejects second withdrawal", async function () {
      const { shares, receiver, outsiders } = await loadFixture(deployCreditedFixture);
      await withdrawFromReceiver(shares, receiver, outsiders[0].address);

      await expect(withdrawFromReceiver(shares, receiver, outsiders[0].address))
        .to.be.revertedWithCustomError(shares, "CoopSharesNoCredit")
        .withArgs(await receiver.getAddress());
    });

    it("reverts when receiver rejects", async function () {
      const { shares, receiver } = await loadFixture(deployCreditedFixture);
      const receiverAddress = await receiver.getAddress();

      await expect(withdrawFromReceiver(shares, receiver, receiverAddress))
        .to.be.revertedWithCustomError(shares, "CoopSharesEtherTransferFailed")
        .withArgs(receiverAddress, 5n * NOMINAL);
      expect(await shares.creditOf(receiverAddress)).to.equal(5n * NOMINAL);
    });

    it("sends blocked token credit elsewhere", async function () {
      const { shares, token, founders, outsiders } = await loadFixture(deployBlocklistTokenSharesFixture);
      await shares.connect(founders[1]).subscribe(10n);
      await shares.connect(founders[0]).subscribe(3n);
      await shares.connect(founders[0]).requestRedemption(2n);
      await token.setBlocked(founders[0].address, true);
      await time.increase(NOTICE);
      await shares.payDue(1n);

      await expect(shares.connect(founders[0]).withdrawCredit(outsiders[0].address)).to.changeTokenBalances(
        token,
        [outsiders[0], shares],
        [2n * TOKEN_NOMINAL_VALUE, -2n * TOKEN_NOMINAL_VALUE],
      );
      expect(await shares.totalCredited()).to.equal(0n);
    });
  });

  describe("treasury", function () {
    it("moves capital to timelock", async function () {
      const { shares, sharesByTimelock, timelock } = await loadFixture(deploySubscribedFixture);
      const amount = 12n * NOMINAL;

      const tx = sharesByTimelock.moveToTreasury(amount);

      await expect(tx).to.emit(shares, "CapitalMovedToTreasury").withArgs(amount);
      await expect(tx).to.changeEtherBalances([timelock, shares], [amount, -amount]);
      expect(await shares.heldCapital()).to.equal(18n * NOMINAL);
      expect(await shares.capitalInTreasury()).to.equal(amount);
      expect(await shares.capital()).to.equal(30n * NOMINAL);
    });

    it("moves capital through proposal", async function () {
      const { shares, governor, timelock, founders } = await loadFixture(deploySubscribedFixture);
      const amount = 5n * NOMINAL;
      const treasuryBefore = await ethers.provider.getBalance(await timelock.getAddress());

      await passProposal(governor, founders[0], founders.slice(0, 3), [
        await contractAction(shares, "moveToTreasury", [amount]),
      ]);

      expect(await ethers.provider.getBalance(await timelock.getAddress())).to.equal(treasuryBefore + amount);
      expect(await shares.capitalInTreasury()).to.equal(amount);
    });

    it("rejects move by member", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);

      await expect(shares.connect(founders[0]).moveToTreasury(1n))
        .to.be.revertedWithCustomError(shares, "CoopSharesUnauthorized")
        .withArgs(founders[0].address);
    });

    it("rejects zero move", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deploySubscribedFixture);

      await expect(sharesByTimelock.moveToTreasury(0n)).to.be.revertedWithCustomError(shares, "CoopSharesZeroAmount");
    });

    it("rejects move above held capital", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deploySubscribedFixture);

      await expect(sharesByTimelock.moveToTreasury(30n * NOMINAL + 1n))
        .to.be.revertedWithCustomError(shares, "CoopSharesInsufficientHeldCapital")
        .withArgs(30n * NOMINAL + 1n, 30n * NOMINAL);
    });

    it("takes ETH back from anyone", async function () {
      const { shares, sharesByTimelock, outsiders } = await loadFixture(deploySubscribedFixture);
      await sharesByTimelock.moveToTreasury(10n * NOMINAL);

      await expect(shares.connect(outsiders[0]).returnFromTreasury(4n * NOMINAL, { value: 4n * NOMINAL }))
        .to.emit(shares, "CapitalReturnedFromTreasury")
        .withArgs(4n * NOMINAL);

      expect(await shares.capitalInTreasury()).to.equal(6n * NOMINAL);
      expect(await shares.heldCapital()).to.equal(24n * NOMINAL);
    });

    it("rejects ETH return mismatch", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deploySubscribedFixture);
      await sharesByTimelock.moveToTreasury(10n * NOMINAL);

      await expect(sharesByTimelock.returnFromTreasury(4n * NOMINAL, { value: 3n * NOMINAL }))
        .to.be.revertedWithCustomError(shares, "CoopSharesPaymentMismatch")
        .withArgs(4n * NOMINAL, 3n * NOMINAL);
    });

    it("rejects return above treasury", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deploySubscribedFixture);
      await sharesByTimelock.moveToTreasury(NOMINAL);

      await expect(sharesByTimelock.returnFromTreasury(2n * NOMINAL, { value: 2n * NOMINAL }))
        .to.be.revertedWithCustomError(shares, "CoopSharesReturnExceedsTreasury")
        .withArgs(2n * NOMINAL, NOMINAL);
    });

    it("rejects zero return", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deploySubscribedFixture);

      await expect(sharesByTimelock.returnFromTreasury(0n)).to.be.revertedWithCustomError(
        shares,
        "CoopSharesZeroAmount",
      );
    });

    it("moves and returns ERC-20", async function () {
      const { shares, sharesByTimelock, token, timelock, founders } = await loadFixture(deployTokenSharesFixture);
      await shares.connect(founders[0]).subscribe(10n);
      const amount = 4n * TOKEN_NOMINAL_VALUE;

      await expect(sharesByTimelock.moveToTreasury(amount)).to.changeTokenBalance(token, timelock, amount);
      await token.connect(founders[1]).approve(await shares.getAddress(), amount);
      await expect(shares.connect(founders[1]).returnFromTreasury(amount)).to.changeTokenBalance(token, shares, amount);

      expect(await shares.capitalInTreasury()).to.equal(0n);
      expect(await shares.heldCapital()).to.equal(10n * TOKEN_NOMINAL_VALUE);
    });

    it("rejects ERC-20 return moving nothing", async function () {
      const { shares, sharesByTimelock, token, founders } = await loadFixture(deployFeeTokenSharesFixture);
      await token.setFeeBps(0n);
      await shares.connect(founders[0]).subscribe(10n);
      await sharesByTimelock.moveToTreasury(4n * TOKEN_NOMINAL_VALUE);
      await token.setFeeBps(10_000n);

      await expect(
        shares.connect(founders[1]).returnFromTreasury(4n * TOKEN_NOMINAL_VALUE),
      ).to.be.revertedWithCustomError(shares, "CoopSharesZeroAmount");
      expect(await shares.capitalInTreasury()).to.equal(4n * TOKEN_NOMINAL_VALUE);
      expect(await shares.heldCapital()).to.equal(6n * TOKEN_NOMINAL_VALUE);
    });

    it("rejects bonus above treasury", async function () {
      const { shares, sharesByTimelock, token, founders } = await loadFixture(deployBonusTokenSharesFixture);
      const amount = 4n * TOKEN_NOMINAL_VALUE;
      await shares.connect(founders[0]).subscribe(10n);
      await sharesByTimelock.moveToTreasury(amount);
      await token.setBonusBps(100n);

      await expect(shares.connect(founders[1]).returnFromTreasury(amount))
        .to.be.revertedWithCustomError(shares, "CoopSharesReturnExceedsTreasury")
        .withArgs((amount * 101n) / 100n, amount);
      expect(await shares.capitalInTreasury()).to.equal(amount);
      expect(await token.balanceOf(await shares.getAddress())).to.equal(6n * TOKEN_NOMINAL_VALUE);
    });

    it("counts bonus within treasury", async function () {
      const { shares, sharesByTimelock, token, founders } = await loadFixture(deployBonusTokenSharesFixture);
      const received = (2n * TOKEN_NOMINAL_VALUE * 101n) / 100n;
      await shares.connect(founders[0]).subscribe(10n);
      await sharesByTimelock.moveToTreasury(4n * TOKEN_NOMINAL_VALUE);
      await token.setBonusBps(100n);

      await expect(shares.connect(founders[1]).returnFromTreasury(2n * TOKEN_NOMINAL_VALUE))
        .to.emit(shares, "CapitalReturnedFromTreasury")
        .withArgs(received);

      expect(await shares.capitalInTreasury()).to.equal(4n * TOKEN_NOMINAL_VALUE - received);
      expect(await shares.heldCapital()).to.equal(6n * TOKEN_NOMINAL_VALUE + received);
      await expectAccounting(
        shares,
        founders.map((founder) => founder.address),
      );
    });

    it("rejects ETH with ERC-20 return", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deployTokenSharesFixture);
      await shares.connect(founders[0]).subscribe(10n);
      await sharesByTimelock.moveToTreasury(TOKEN_NOMINAL_VALUE);

      await expect(shares.connect(founders[0]).returnFromTreasury(TOKEN_NOMINAL_VALUE, { value: 1n }))
        .to.be.revertedWithCustomError(shares, "CoopSharesUnexpectedEther")
        .withArgs(1n);
    });
  });

  describe("settings", function () {
    it("sets notice period", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployEthSharesFixture);

      await expect(sharesByTimelock.setNoticePeriod(7n * 86_400n))
        .to.emit(shares, "NoticePeriodSet")
        .withArgs(7n * 86_400n);
      expect(await shares.noticePeriod()).to.equal(7n * 86_400n);
    });

    it("keeps due date of queued requests", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(1n);
      const { dueAt } = await shares.redemption(0n);

      await sharesByTimelock.setNoticePeriod(0n);

      expect((await shares.redemption(0n)).dueAt).to.equal(dueAt);
    });

    it("rejects notice above ten years", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployEthSharesFixture);

      await expect(sharesByTimelock.setNoticePeriod(BigInt(MAX_NOTICE_PERIOD) + 1n))
        .to.be.revertedWithCustomError(shares, "CoopSharesInvalidNoticePeriod")
        .withArgs(BigInt(MAX_NOTICE_PERIOD) + 1n, BigInt(MAX_NOTICE_PERIOD));
    });

    it("sets capital floor", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployEthSharesFixture);

      await expect(sharesByTimelock.setCapitalFloor(10_000n)).to.emit(shares, "CapitalFloorSet").withArgs(10_000n);
      expect(await shares.capitalFloorBps()).to.equal(10_000n);
    });

    it("rejects floor above 100%", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployEthSharesFixture);

      await expect(sharesByTimelock.setCapitalFloor(10_001n))
        .to.be.revertedWithCustomError(shares, "CoopSharesInvalidCapitalFloor")
        .withArgs(10_001n);
    });

    it("sets minimum shares", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployEthSharesFixture);

      await expect(sharesByTimelock.setMinimumShares(4n)).to.emit(shares, "MinimumSharesSet").withArgs(4n);
      expect(await shares.minimumShares()).to.equal(4n);
    });

    it("rejects minimum above 128 bits", async function () {
      const { shares, sharesByTimelock } = await loadFixture(deployEthSharesFixture);

      await expect(sharesByTimelock.setMinimumShares(MAX_UINT128 + 1n))
        .to.be.revertedWithCustomError(shares, "CoopSharesInvalidMinimumShares")
        .withArgs(MAX_UINT128 + 1n);
    });

    it("rejects setters by member", async function () {
      const { shares, founders } = await loadFixture(deployEthSharesFixture);
      const member = shares.connect(founders[0]);

      const calls = [
        () => member.setNoticePeriod(0n),
        () => member.setCapitalFloor(0n),
        () => member.setMinimumShares(0n),
      ];

      for (const call of calls) {
        await expect(call())
          .to.be.revertedWithCustomError(shares, "CoopSharesUnauthorized")
          .withArgs(founders[0].address);
      }
    });
  });

  describe("transferShares", function () {
    it("moves shares without changing capital", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deploySubscribedFixture);

      await expect(sharesByTimelock.transferShares(founders[0].address, founders[4].address, 10n))
        .to.emit(shares, "SharesTransferred")
        .withArgs(founders[0].address, founders[4].address, 10n);

      expect(await shares.sharesOf(founders[0].address)).to.equal(0n);
      expect(await shares.sharesOf(founders[4].address)).to.equal(10n);
      expect(await shares.capital()).to.equal(30n * NOMINAL);
    });

    it("rejects transfer by holder", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);

      await expect(shares.connect(founders[0]).transferShares(founders[0].address, founders[4].address, 1n))
        .to.be.revertedWithCustomError(shares, "CoopSharesUnauthorized")
        .withArgs(founders[0].address);
    });

    it("rejects pending shares", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(4n);

      await expect(sharesByTimelock.transferShares(founders[0].address, founders[4].address, 7n))
        .to.be.revertedWithCustomError(shares, "CoopSharesInsufficientShares")
        .withArgs(founders[0].address, 6n, 7n);
    });

    it("rejects zero shares", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deploySubscribedFixture);

      await expect(
        sharesByTimelock.transferShares(founders[0].address, founders[4].address, 0n),
      ).to.be.revertedWithCustomError(shares, "CoopSharesZeroShares");
    });

    it("rejects zero receiver", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deploySubscribedFixture);

      await expect(sharesByTimelock.transferShares(founders[0].address, ZeroAddress, 1n))
        .to.be.revertedWithCustomError(shares, "CoopSharesZeroAddress")
        .withArgs("to");
    });

    it("rejects self transfer", async function () {
      const { shares, sharesByTimelock, founders } = await loadFixture(deploySubscribedFixture);

      await expect(sharesByTimelock.transferShares(founders[0].address, founders[0].address, 1n))
        .to.be.revertedWithCustomError(shares, "CoopSharesSelfTransfer")
        .withArgs(founders[0].address);
    });
  });

  describe("accounting", function () {
    it("ignores tokens sent directly", async function () {
      const { shares, token, founders } = await loadFixture(deployTokenSharesFixture);
      await shares.connect(founders[0]).subscribe(2n);

      await token.connect(founders[1]).transfer(await shares.getAddress(), 7n * TOKEN_NOMINAL_VALUE);

      expect(await shares.capital()).to.equal(2n * TOKEN_NOMINAL_VALUE);
      expect(await shares.heldCapital()).to.equal(2n * TOKEN_NOMINAL_VALUE);
      await expectAccounting(
        shares,
        founders.map((founder) => founder.address),
      );
    });

    it("ignores forced ETH", async function () {
      const { shares } = await loadFixture(deploySubscribedFixture);
      const sharesAddress = await shares.getAddress();

      await setBalance(sharesAddress, (await ethers.provider.getBalance(sharesAddress)) + parseEther("3"));

      expect(await shares.capital()).to.equal(30n * NOMINAL);
      expect(await shares.heldCapital()).to.equal(30n * NOMINAL);
    });

    it("rejects plain ETH transfer", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);

      await expect(founders[0].sendTransaction({ to: await shares.getAddress(), value: 1n })).to.be.reverted;
    });

    it("balances after full cycle", async function () {
      const { shares, sharesByTimelock, membership, founders } = await loadFixture(deploySubscribedFixture);
      const holders = founders.map((founder) => founder.address);
      await sharesByTimelock.moveToTreasury(20n * NOMINAL);
      await shares.connect(founders[0]).requestRedemption(5n);
      await membership.connect(founders[1]).resign();
      await sharesByTimelock.returnFromTreasury(20n * NOMINAL, { value: 20n * NOMINAL });
      await time.increase(NOTICE);

      await shares.payDue(10n);

      await expectAccounting(shares, holders);
      expect(await shares.capital()).to.equal(15n * NOMINAL);
    });
  });

  describe("upgrades", function () {
    it("rejects upgrade by member", async function () {
      const { shares, implementations, founders } = await loadFixture(deploySubscribedFixture);

      await expect(shares.connect(founders[0]).upgradeToAndCall(implementations.shares, "0x"))
        .to.be.revertedWithCustomError(shares, "CoopSharesUnauthorized")
        .withArgs(founders[0].address);
    });

    it("keeps state across upgrade", async function () {
      const { shares, sharesByTimelock, deployer, founders } = await loadFixture(deploySubscribedFixture);
      await shares.connect(founders[0]).requestRedemption(4n);
      const release = await new CoopShares__factory(deployer).deploy();

      await sharesByTimelock.upgradeToAndCall(await release.getAddress(), "0x");

      expect(await upgrades.erc1967.getImplementationAddress(await shares.getAddress())).to.equal(
        await release.getAddress(),
      );
      expect(await shares.capital()).to.equal(30n * NOMINAL);
      expect(await shares.pendingSharesOf(founders[0].address)).to.equal(4n);
      expect(await shares.queueBounds()).to.deep.equal([0n, 1n]);
    });

    it("passes upgrade safety validation", async function () {
      const factory = await ethers.getContractFactory("CoopShares");

      await upgrades.validateImplementation(factory, { kind: "uups" });
    });
  });

  describe("price", function () {
    it("redeems at nominal value", async function () {
      const { shares, founders } = await loadFixture(deploySubscribedFixture);
      await subscribe(shares, founders[3], 50n);

      expect(await priceOf(shares, 1n)).to.equal(NOMINAL);
      await shares.connect(founders[0]).requestRedemption(1n);
      await time.increase(NOTICE);
      await expect(shares.payDue(1n)).to.changeEtherBalance(founders[0], NOMINAL);
    });
  });
});
