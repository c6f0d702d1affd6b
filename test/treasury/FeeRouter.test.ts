import { expect } from "chai";
import { ethers, upgrades } from "hardhat";
import { loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import fc from "fast-check";
import { MaxUint256, ZeroAddress, ZeroHash, dataSlice, parseEther, type ContractTransactionResponse } from "ethers";

import {
  CoopProxy__factory,
  EtherReceiverMock__factory,
  FeeRouterV2Mock__factory,
  FeeRouter__factory,
  TokenMock__factory,
  type EtherReceiverMock,
  type FeeRouter,
  type PermitTokenMock,
} from "../../typechain-types";
import { cidV0, cidV1Sha256 } from "../helpers/cid";
import { UNDER_COVERAGE } from "../helpers/coverage";
import {
  DUES_BPS,
  Pot,
  SERVICE_FEE_BPS,
  deployFeeRouterFixture,
  deployFeeRouterProxy,
  expectRouterAccounting,
  expectedSplit,
  feeRouterInitData,
  signPermit,
  type FeeRouterFixture,
  type FeeRouterParams,
  type PermitSignature,
} from "../helpers/feeRouter";

/** The token address of ETH, the zero address. */
const ETHER = ZeroAddress;

/** ETH payment of most tests. */
const ETH_AMOUNT = parseEther("1");

/** ERC-20 payment of most tests: 100 units of a 6-decimal token. */
const AMOUNT = 100_000_000n;

/** Order CID of most tests. */
const ORDER_CID = cidV1Sha256("order 42");

/** A CIDv0 cut one byte short of its digest. */
const TRUNCATED_CID = dataSlice(cidV0("order 42"), 0, 33);

/** A permit signature that never verifies, for payments that rely on the allowance or fail before the permit. */
const UNSIGNED_PERMIT: PermitSignature = { deadline: 0n, v: 27, r: ZeroHash, s: ZeroHash };

/** Random cases of the split property, fewer under coverage because each call is slower there. */
const SPLIT_RUNS = UNDER_COVERAGE ? 10 : 60;

/** `EtherReceiverMock.ReceiveMode`, by name. */
enum ReceiveMode {
  Accept = 0,
  Revert = 1,
  ConsumeGas = 2,
  Reenter = 3,
}

/** The accounts that most tests use. */
interface Roles {
  /** A customer who pays and is not a member. */
  customer: HardhatEthersSigner;
  /** A payee who is not a member. */
  seller: HardhatEthersSigner;
  /** A payee who is a member. */
  member: HardhatEthersSigner;
  /** An account with no part in the payment, who calls what anyone may call. */
  stranger: HardhatEthersSigner;
}

/** Returns the {@link Roles} of a router fixture. */
function rolesOf(fixture: FeeRouterFixture): Roles {
  const [customer, seller, stranger] = fixture.outsiders;
  return { customer, seller, stranger, member: fixture.founders[0] };
}

/** The arguments of a `PaymentMade` event, by name. */
interface PaymentArgs {
  payer: string;
  payee: string;
  token: string;
  amount: bigint;
  serviceFee: bigint;
  dues: bigint;
  net: bigint;
  credited: boolean;
  orderCid: string;
}

/** Returns the arguments of a `PaymentMade` event in their order, for `withArgs`. */
function paymentArgs(args: PaymentArgs) {
  const { payer, payee, token, amount, serviceFee, dues, net, credited, orderCid } = args;
  return [payer, payee, token, amount, serviceFee, dues, net, credited, orderCid];
}

/** Returns the arguments of the one `PaymentMade` event of `tx`. */
async function paymentOf(feeRouter: FeeRouter, tx: Promise<ContractTransactionResponse>) {
  const receipt = await (await tx).wait();
  const [event] = await feeRouter.queryFilter(
    feeRouter.filters.PaymentMade(),
    receipt?.blockNumber,
    receipt?.blockNumber,
  );
  return event.args;
}

/** Returns the pots named by the `FeesReleased` events of `tx`. */
async function releasedPots(feeRouter: FeeRouter, tx: Promise<ContractTransactionResponse>): Promise<bigint[]> {
  const receipt = await (await tx).wait();
  const events = await feeRouter.queryFilter(
    feeRouter.filters.FeesReleased(),
    receipt?.blockNumber,
    receipt?.blockNumber,
  );
  return events.map((event) => event.args.pot);
}

/** Pays `amount` of `token` from `payer` to `payee` with `permit`. */
function payByPermit(
  feeRouter: FeeRouter,
  payer: HardhatEthersSigner,
  payee: string,
  token: string,
  amount: bigint,
  permit: PermitSignature,
  orderCid: string = "0x",
) {
  return feeRouter
    .connect(payer)
    .payWithPermit(payee, token, amount, orderCid, permit.deadline, permit.v, permit.r, permit.s);
}

/** Signs a permit from `owner` for the router to take `amount` of `token`, valid for an hour. */
async function permitFor(
  feeRouter: FeeRouter,
  token: PermitTokenMock,
  owner: HardhatEthersSigner,
  amount: bigint,
): Promise<PermitSignature> {
  const deadline = BigInt(await time.latest()) + 3_600n;
  return signPermit(token, owner, await feeRouter.getAddress(), amount, deadline);
}

/** Calls `withdrawCredit(token, to)` on the router from the receiver contract. */
async function withdrawFromReceiver(feeRouter: FeeRouter, receiver: EtherReceiverMock, token: string, to: string) {
  return receiver.execute(
    await feeRouter.getAddress(),
    feeRouter.interface.encodeFunctionData("withdrawCredit", [token, to]),
  );
}

/** Deploys the router fixture and a payee contract that rejects ETH, paid {@link ETH_AMOUNT} and so credited. */
async function deployEtherCreditFixture() {
  const fixture = await deployFeeRouterFixture();
  const { customer } = rolesOf(fixture);
  const receiver = await new EtherReceiverMock__factory(fixture.deployer).deploy();
  await receiver.setMode(ReceiveMode.Revert);
  await fixture.feeRouter.connect(customer).payEther(await receiver.getAddress(), "0x", { value: ETH_AMOUNT });
  return { ...fixture, receiver, credit: expectedSplit(ETH_AMOUNT, false).net };
}

/** Deploys the router fixture where the seller, blocked by `blocklistToken`, was paid {@link AMOUNT} and credited. */
async function deployTokenCreditFixture() {
  const fixture = await deployFeeRouterFixture();
  const { customer, seller } = rolesOf(fixture);
  await fixture.blocklistToken.setBlocked(seller.address, true);
  await fixture.feeRouter
    .connect(customer)
    .pay(seller.address, await fixture.blocklistToken.getAddress(), AMOUNT, "0x");
  return { ...fixture, credit: expectedSplit(AMOUNT, false).net };
}

/**
 * Deploys the router fixture and a second router whose timelock and fee recipients are a contract
 * that forwards calls, so that a test can make the timelock call the router from inside a transfer.
 */
async function deployContractTimelockFixture() {
  const fixture = await deployFeeRouterFixture();
  const timelockContract = await new EtherReceiverMock__factory(fixture.deployer).deploy();
  const timelockAddress = await timelockContract.getAddress();
  const governedRouter = await deployFeeRouterProxy(fixture.deployer, fixture.feeRouterImplementation, {
    ...fixture.feeRouterParams,
    timelock: timelockAddress,
    serviceFeeRecipient: timelockAddress,
    duesRecipient: timelockAddress,
    tokens: [],
  });
  return { ...fixture, timelockContract, governedRouter };
}

describe("FeeRouter", function () {
  describe("initialize", function () {
    it("stores settings", async function () {
      const { feeRouter, membership, timelock } = await loadFixture(deployFeeRouterFixture);
      const timelockAddress = await timelock.getAddress();

      expect(await feeRouter.membership()).to.equal(await membership.getAddress());
      expect(await feeRouter.timelock()).to.equal(timelockAddress);
      expect(await feeRouter.serviceFeeRecipient()).to.equal(timelockAddress);
      expect(await feeRouter.duesRecipient()).to.equal(timelockAddress);
      expect(await feeRouter.serviceFeeBps()).to.equal(SERVICE_FEE_BPS);
      expect(await feeRouter.duesBps()).to.equal(DUES_BPS);
    });

    it("lists initial tokens", async function () {
      const { feeRouter, feeRouterParams } = await loadFixture(deployFeeRouterFixture);

      for (const token of feeRouterParams.tokens) {
        expect(await feeRouter.isTokenAccepted(token), token).to.equal(true);
      }
    });

    it("starts with empty books", async function () {
      const { feeRouter, token } = await loadFixture(deployFeeRouterFixture);

      for (const asset of [ETHER, await token.getAddress()]) {
        expect(await feeRouter.accruedFees(asset), asset).to.deep.equal([0n, 0n]);
        expect(await feeRouter.totalCredited(asset), asset).to.equal(0n);
        expect(await feeRouter.excessOf(asset), asset).to.equal(0n);
      }
    });

    it("exposes caps and constants", async function () {
      const { feeRouter } = await loadFixture(deployFeeRouterFixture);

      expect(await feeRouter.MAX_SERVICE_FEE_BPS()).to.equal(1_000n);
      expect(await feeRouter.MAX_DUES_BPS()).to.equal(500n);
      expect(await feeRouter.BPS_DENOMINATOR()).to.equal(10_000n);
      expect(await feeRouter.ETHER_PAYMENT_GAS()).to.equal(50_000n);
    });

    it("emits initial settings", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { seller, stranger } = rolesOf(fixture);
      const tokenAddress = await fixture.token.getAddress();
      const params: FeeRouterParams = {
        ...fixture.feeRouterParams,
        serviceFeeRecipient: seller.address,
        duesRecipient: stranger.address,
        serviceFeeBps: 250n,
        duesBps: 20n,
        tokens: [tokenAddress],
      };

      const proxy = await new CoopProxy__factory(fixture.deployer).deploy(
        fixture.feeRouterImplementation,
        feeRouterInitData(params),
      );
      const router = FeeRouter__factory.connect(await proxy.getAddress(), fixture.deployer);
      const tx = proxy.deploymentTransaction();

      await expect(tx).to.emit(router, "ServiceFeeRecipientSet").withArgs(seller.address);
      await expect(tx).to.emit(router, "DuesRecipientSet").withArgs(stranger.address);
      await expect(tx).to.emit(router, "ServiceFeeSet").withArgs(250n);
      await expect(tx).to.emit(router, "DuesSet").withArgs(20n);
      await expect(tx).to.emit(router, "TokenAcceptanceSet").withArgs(tokenAddress, true);
    });

    it("accepts rates at caps", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);

      const router = await deployFeeRouterProxy(fixture.deployer, fixture.feeRouterImplementation, {
        ...fixture.feeRouterParams,
        serviceFeeBps: 1_000n,
        duesBps: 500n,
      });

      expect(await router.serviceFeeBps()).to.equal(1_000n);
      expect(await router.duesBps()).to.equal(500n);
    });

    it("accepts empty token list", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);

      const router = await deployFeeRouterProxy(fixture.deployer, fixture.feeRouterImplementation, {
        ...fixture.feeRouterParams,
        tokens: [],
      });

      expect(await router.isTokenAccepted(await fixture.token.getAddress())).to.equal(false);
      expect(await router.isTokenAccepted(ETHER)).to.equal(true);
    });

    it("rejects second initialization", async function () {
      const { feeRouter, feeRouterParams: params } = await loadFixture(deployFeeRouterFixture);

      await expect(
        feeRouter.initialize(
          params.membership,
          params.timelock,
          params.serviceFeeRecipient,
          params.duesRecipient,
          params.serviceFeeBps,
          params.duesBps,
          params.tokens,
        ),
      ).to.be.revertedWithCustomError(feeRouter, "InvalidInitialization");
    });

    it("keeps implementation uninitializable", async function () {
      const { feeRouterImplementation, feeRouterParams: params, deployer } = await loadFixture(deployFeeRouterFixture);
      const implementation = FeeRouter__factory.connect(feeRouterImplementation, deployer);

      await expect(
        implementation.initialize(
          params.membership,
          params.timelock,
          params.serviceFeeRecipient,
          params.duesRecipient,
          params.serviceFeeBps,
          params.duesBps,
          params.tokens,
        ),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    });

    describe("argument checks", function () {
      /** Deploys a router proxy with the fixture's arguments overridden by `changes`, and expects `error` with `args`. */
      async function expectInitRevert(
        fixture: FeeRouterFixture,
        changes: Partial<FeeRouterParams>,
        error: string,
        args: readonly unknown[],
      ): Promise<void> {
        const data = feeRouterInitData({ ...fixture.feeRouterParams, ...changes });

        await expect(new CoopProxy__factory(fixture.deployer).deploy(fixture.feeRouterImplementation, data))
          .to.be.revertedWithCustomError(fixture.feeRouter, error)
          .withArgs(...args);
      }

      it("rejects zero membership", async function () {
        const fixture = await loadFixture(deployFeeRouterFixture);

        await expectInitRevert(fixture, { membership: ZeroAddress }, "FeeRouterZeroAddress", ["membership"]);
      });

      it("rejects membership without code", async function () {
        const fixture = await loadFixture(deployFeeRouterFixture);
        const account = fixture.outsiders[0].address;

        await expectInitRevert(fixture, { membership: account }, "FeeRouterInvalidMembership", [account]);
      });

      it("rejects zero timelock", async function () {
        const fixture = await loadFixture(deployFeeRouterFixture);

        await expectInitRevert(fixture, { timelock: ZeroAddress }, "FeeRouterZeroAddress", ["timelock"]);
      });

      it("rejects zero fee recipient", async function () {
        const fixture = await loadFixture(deployFeeRouterFixture);

        await expectInitRevert(fixture, { serviceFeeRecipient: ZeroAddress }, "FeeRouterZeroAddress", [
          "serviceFeeRecipient",
        ]);
      });

      it("rejects zero dues recipient", async function () {
        const fixture = await loadFixture(deployFeeRouterFixture);

        await expectInitRevert(fixture, { duesRecipient: ZeroAddress }, "FeeRouterZeroAddress", ["duesRecipient"]);
      });

      it("rejects fee above cap", async function () {
        const fixture = await loadFixture(deployFeeRouterFixture);

        await expectInitRevert(fixture, { serviceFeeBps: 1_001n }, "FeeRouterServiceFeeAboveCap", [1_001n, 1_000n]);
      });

      it("rejects dues above cap", async function () {
        const fixture = await loadFixture(deployFeeRouterFixture);

        await expectInitRevert(fixture, { duesBps: 501n }, "FeeRouterDuesAboveCap", [501n, 500n]);
      });

      it("rejects token without code", async function () {
        const fixture = await loadFixture(deployFeeRouterFixture);
        const account = rolesOf(fixture).stranger.address;

        await expectInitRevert(fixture, { tokens: [account] }, "FeeRouterInvalidToken", [account]);
      });

      it("rejects ETH as listed token", async function () {
        const fixture = await loadFixture(deployFeeRouterFixture);

        await expectInitRevert(fixture, { tokens: [ETHER] }, "FeeRouterZeroAddress", ["token"]);
      });
    });
  });

  describe("payEther", function () {
    it("pays non-member less service fee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const serviceFee = parseEther("0.01");
      const net = parseEther("0.99");

      const tx = feeRouter.connect(customer).payEther(seller.address, ORDER_CID, { value: ETH_AMOUNT });

      await expect(tx)
        .to.emit(feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: customer.address,
            payee: seller.address,
            token: ETHER,
            amount: ETH_AMOUNT,
            serviceFee,
            dues: 0n,
            net,
            credited: false,
            orderCid: ORDER_CID,
          }),
        );
      await expect(tx).to.changeEtherBalances([customer, seller, feeRouter], [-ETH_AMOUNT, net, serviceFee]);
      expect(await feeRouter.accruedFees(ETHER)).to.deep.equal([serviceFee, 0n]);
    });

    it("takes dues from member payee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter } = fixture;
      const { customer, member } = rolesOf(fixture);
      const serviceFee = parseEther("0.01");
      const dues = parseEther("0.001");
      const net = parseEther("0.989");

      const tx = feeRouter.connect(customer).payEther(member.address, ORDER_CID, { value: ETH_AMOUNT });

      await expect(tx)
        .to.emit(feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: customer.address,
            payee: member.address,
            token: ETHER,
            amount: ETH_AMOUNT,
            serviceFee,
            dues,
            net,
            credited: false,
            orderCid: ORDER_CID,
          }),
        );
      await expect(tx).to.changeEtherBalances([customer, member, feeRouter], [-ETH_AMOUNT, net, serviceFee + dues]);
      expect(await feeRouter.accruedFees(ETHER)).to.deep.equal([serviceFee, dues]);
    });

    it("returns split", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, member } = rolesOf(fixture);

      const split = await fixture.feeRouter
        .connect(customer)
        .payEther.staticCall(member.address, "0x", { value: ETH_AMOUNT });

      expect(split).to.deep.equal([parseEther("0.01"), parseEther("0.001"), parseEther("0.989")]);
    });

    it("adds up fees of payments", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter } = fixture;
      const { customer, seller, member } = rolesOf(fixture);

      await feeRouter.connect(customer).payEther(member.address, "0x", { value: ETH_AMOUNT });
      await feeRouter.connect(customer).payEther(seller.address, "0x", { value: 2n * ETH_AMOUNT });

      expect(await feeRouter.accruedFees(ETHER)).to.deep.equal([parseEther("0.03"), parseEther("0.001")]);
      await expectRouterAccounting(feeRouter, ETHER);
    });

    it("ignores payer membership", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { member, seller } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(member).payEther(seller.address, "0x", { value: ETH_AMOUNT }))
        .to.emit(fixture.feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: member.address,
            payee: seller.address,
            token: ETHER,
            amount: ETH_AMOUNT,
            serviceFee: parseEther("0.01"),
            dues: 0n,
            net: parseEther("0.99"),
            credited: false,
            orderCid: "0x",
          }),
        );
    });

    it("takes dues after admission", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);
      await fixture.membershipByTimelock.admit(seller.address);

      const [, dues] = await fixture.feeRouter
        .connect(customer)
        .payEther.staticCall(seller.address, "0x", { value: ETH_AMOUNT });

      expect(dues).to.equal(parseEther("0.001"));
    });

    it("stops dues after resignation", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer } = rolesOf(fixture);
      const leaver = fixture.founders[1];
      await fixture.membership.connect(leaver).resign();

      const [, dues] = await fixture.feeRouter
        .connect(customer)
        .payEther.staticCall(leaver.address, "0x", { value: ETH_AMOUNT });

      expect(dues).to.equal(0n);
    });

    it("accepts empty CID", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(customer).payEther(seller.address, "0x", { value: ETH_AMOUNT }))
        .to.emit(fixture.feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: customer.address,
            payee: seller.address,
            token: ETHER,
            amount: ETH_AMOUNT,
            serviceFee: parseEther("0.01"),
            dues: 0n,
            net: parseEther("0.99"),
            credited: false,
            orderCid: "0x",
          }),
        );
    });

    it("accepts CIDv0", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);
      const cid = cidV0("invoice 7");

      const payment = await paymentOf(
        fixture.feeRouter,
        fixture.feeRouter.connect(customer).payEther(seller.address, cid, { value: ETH_AMOUNT }),
      );

      expect(payment.orderCid).to.equal(cid);
    });

    it("rejects invalid CID", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(customer).payEther(seller.address, TRUNCATED_CID, { value: ETH_AMOUNT }))
        .to.be.revertedWithCustomError(fixture.feeRouter, "CidInvalid")
        .withArgs(TRUNCATED_CID);
    });

    it("rejects zero amount", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);

      await expect(
        fixture.feeRouter.connect(customer).payEther(seller.address, "0x", { value: 0n }),
      ).to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterZeroAmount");
    });

    it("rejects zero payee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(customer).payEther(ZeroAddress, "0x", { value: ETH_AMOUNT }))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterZeroAddress")
        .withArgs("payee");
    });

    it("rejects router as payee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer } = rolesOf(fixture);
      const routerAddress = await fixture.feeRouter.getAddress();

      await expect(fixture.feeRouter.connect(customer).payEther(routerAddress, "0x", { value: ETH_AMOUNT }))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterInvalidPayee")
        .withArgs(routerAddress);
    });

    it("rejects plain ETH transfer", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer } = rolesOf(fixture);

      await expect(customer.sendTransaction({ to: await fixture.feeRouter.getAddress(), value: ETH_AMOUNT })).to.be
        .reverted;
    });

    describe("contract payee", function () {
      /** Deploys the router fixture and a payee contract in `mode`. */
      async function deployReceiver(mode: ReceiveMode) {
        const fixture = await loadFixture(deployFeeRouterFixture);
        const receiver = await new EtherReceiverMock__factory(fixture.deployer).deploy();
        await receiver.setMode(mode);
        return { ...fixture, receiver, receiverAddress: await receiver.getAddress() };
      }

      it("pays payee needing over 2,300 gas", async function () {
        const fixture = await deployReceiver(ReceiveMode.Accept);
        const { customer } = rolesOf(fixture);
        const { net } = expectedSplit(ETH_AMOUNT, false);

        await expect(fixture.feeRouter.connect(customer).payEther(fixture.receiverAddress, "0x", { value: ETH_AMOUNT }))
          .to.emit(fixture.feeRouter, "PaymentMade")
          .withArgs(
            ...paymentArgs({
              payer: customer.address,
              payee: fixture.receiverAddress,
              token: ETHER,
              amount: ETH_AMOUNT,
              serviceFee: parseEther("0.01"),
              dues: 0n,
              net,
              credited: false,
              orderCid: "0x",
            }),
          );
        expect(await fixture.receiver.received()).to.equal(net);
        expect(await fixture.feeRouter.creditOf(ETHER, fixture.receiverAddress)).to.equal(0n);
      });

      it("credits reverting payee", async function () {
        const fixture = await deployReceiver(ReceiveMode.Revert);
        const { feeRouter, receiverAddress } = fixture;
        const { customer } = rolesOf(fixture);
        const { net } = expectedSplit(ETH_AMOUNT, false);

        const tx = feeRouter.connect(customer).payEther(receiverAddress, ORDER_CID, { value: ETH_AMOUNT });

        await expect(tx)
          .to.emit(feeRouter, "PaymentMade")
          .withArgs(
            ...paymentArgs({
              payer: customer.address,
              payee: receiverAddress,
              token: ETHER,
              amount: ETH_AMOUNT,
              serviceFee: parseEther("0.01"),
              dues: 0n,
              net,
              credited: true,
              orderCid: ORDER_CID,
            }),
          );
        await expect(tx).to.changeEtherBalances([customer, feeRouter], [-ETH_AMOUNT, ETH_AMOUNT]);
        expect(await feeRouter.creditOf(ETHER, receiverAddress)).to.equal(net);
        expect(await feeRouter.totalCredited(ETHER)).to.equal(net);
        await expectRouterAccounting(feeRouter, ETHER);
      });

      it("credits payee using all gas", async function () {
        const fixture = await deployReceiver(ReceiveMode.ConsumeGas);
        const { customer } = rolesOf(fixture);
        const { net } = expectedSplit(ETH_AMOUNT, false);

        const payment = await paymentOf(
          fixture.feeRouter,
          fixture.feeRouter.connect(customer).payEther(fixture.receiverAddress, "0x", { value: ETH_AMOUNT }),
        );

        expect(payment.credited).to.equal(true);
        expect(await fixture.feeRouter.creditOf(ETHER, fixture.receiverAddress)).to.equal(net);
      });

      it("credits payee reentering router", async function () {
        const fixture = await deployReceiver(ReceiveMode.Reenter);
        const { feeRouter } = fixture;
        const { customer, seller } = rolesOf(fixture);
        const { net } = expectedSplit(ETH_AMOUNT, false);
        await fixture.receiver.setReentry(
          await feeRouter.getAddress(),
          feeRouter.interface.encodeFunctionData("payEther", [seller.address, "0x"]),
        );

        const payment = await paymentOf(
          feeRouter,
          feeRouter.connect(customer).payEther(fixture.receiverAddress, "0x", { value: ETH_AMOUNT }),
        );

        expect(payment.credited).to.equal(true);
        expect(await feeRouter.creditOf(ETHER, fixture.receiverAddress)).to.equal(net);
        await expectRouterAccounting(feeRouter, ETHER);
      });
    });
  });

  describe("pay", function () {
    it("pays non-member less service fee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, token } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await token.getAddress();

      const tx = feeRouter.connect(customer).pay(seller.address, tokenAddress, AMOUNT, ORDER_CID);

      await expect(tx)
        .to.emit(feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: customer.address,
            payee: seller.address,
            token: tokenAddress,
            amount: AMOUNT,
            serviceFee: 1_000_000n,
            dues: 0n,
            net: 99_000_000n,
            credited: false,
            orderCid: ORDER_CID,
          }),
        );
      await expect(tx).to.changeTokenBalances(token, [customer, seller, feeRouter], [-AMOUNT, 99_000_000n, 1_000_000n]);
      expect(await feeRouter.accruedFees(tokenAddress)).to.deep.equal([1_000_000n, 0n]);
    });

    it("takes dues from member payee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, token } = fixture;
      const { customer, member } = rolesOf(fixture);
      const tokenAddress = await token.getAddress();

      const tx = feeRouter.connect(customer).pay(member.address, tokenAddress, AMOUNT, ORDER_CID);

      await expect(tx)
        .to.emit(feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: customer.address,
            payee: member.address,
            token: tokenAddress,
            amount: AMOUNT,
            serviceFee: 1_000_000n,
            dues: 100_000n,
            net: 98_900_000n,
            credited: false,
            orderCid: ORDER_CID,
          }),
        );
      await expect(tx).to.changeTokenBalances(token, [customer, member, feeRouter], [-AMOUNT, 98_900_000n, 1_100_000n]);
      expect(await feeRouter.accruedFees(tokenAddress)).to.deep.equal([1_000_000n, 100_000n]);
    });

    it("returns split", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, member } = rolesOf(fixture);

      const split = await fixture.feeRouter
        .connect(customer)
        .pay.staticCall(member.address, await fixture.token.getAddress(), AMOUNT, "0x");

      expect(split).to.deep.equal([1_000_000n, 100_000n, 98_900_000n]);
    });

    it("pays in token returning nothing", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, noReturnToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await noReturnToken.getAddress();
      const sellerBefore = await noReturnToken.balanceOf(seller.address);

      const payment = await paymentOf(
        feeRouter,
        feeRouter.connect(customer).pay(seller.address, tokenAddress, AMOUNT, "0x"),
      );

      expect(payment.credited).to.equal(false);
      expect(await noReturnToken.balanceOf(seller.address)).to.equal(sellerBefore + 99_000_000n);
      expect(await noReturnToken.balanceOf(await feeRouter.getAddress())).to.equal(1_000_000n);
    });

    it("splits what arrived after token fee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, feeToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await feeToken.getAddress();
      const received = 99_000_000n;
      const net = 98_010_000n;

      const tx = feeRouter.connect(customer).pay(seller.address, tokenAddress, AMOUNT, "0x");

      await expect(tx)
        .to.emit(feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: customer.address,
            payee: seller.address,
            token: tokenAddress,
            amount: received,
            serviceFee: 990_000n,
            dues: 0n,
            net,
            credited: false,
            orderCid: "0x",
          }),
        );
      await expect(tx).to.changeTokenBalances(feeToken, [seller, feeRouter], [net - net / 100n, 990_000n]);
      await expectRouterAccounting(feeRouter, tokenAddress);
    });

    it("splits bonus that arrived", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, bonusToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await bonusToken.getAddress();
      await bonusToken.setBonusBps(100n);

      const tx = feeRouter.connect(customer).pay(seller.address, tokenAddress, AMOUNT, "0x");

      await expect(tx)
        .to.emit(feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: customer.address,
            payee: seller.address,
            token: tokenAddress,
            amount: 101_000_000n,
            serviceFee: 1_010_000n,
            dues: 0n,
            net: 99_990_000n,
            credited: false,
            orderCid: "0x",
          }),
        );
      expect(await feeRouter.accruedFees(tokenAddress)).to.deep.equal([1_010_000n, 0n]);
      await expectRouterAccounting(feeRouter, tokenAddress);
    });

    it("rejects ETH sent along", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);

      await expect(
        fixture.feeRouter
          .connect(customer)
          .pay(seller.address, await fixture.token.getAddress(), AMOUNT, "0x", { value: 1n }),
      )
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterUnexpectedEther")
        .withArgs(1n);
    });

    it("rejects zero token", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(customer).pay(seller.address, ETHER, AMOUNT, "0x"))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterZeroAddress")
        .withArgs("token");
    });

    it("rejects unlisted token", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await fixture.unlistedToken.getAddress();

      await expect(fixture.feeRouter.connect(customer).pay(seller.address, tokenAddress, AMOUNT, "0x"))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterTokenNotAccepted")
        .withArgs(tokenAddress);
    });

    it("rejects delisted token", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await fixture.token.getAddress();
      await fixture.feeRouterByTimelock.setTokenAccepted(tokenAddress, false);

      await expect(fixture.feeRouter.connect(customer).pay(seller.address, tokenAddress, AMOUNT, "0x"))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterTokenNotAccepted")
        .withArgs(tokenAddress);
    });

    it("rejects zero amount", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);

      await expect(
        fixture.feeRouter.connect(customer).pay(seller.address, await fixture.token.getAddress(), 0n, "0x"),
      ).to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterZeroAmount");
    });

    it("rejects zero payee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(customer).pay(ZeroAddress, await fixture.token.getAddress(), AMOUNT, "0x"))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterZeroAddress")
        .withArgs("payee");
    });

    it("rejects router as payee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer } = rolesOf(fixture);
      const routerAddress = await fixture.feeRouter.getAddress();

      await expect(
        fixture.feeRouter.connect(customer).pay(routerAddress, await fixture.token.getAddress(), AMOUNT, "0x"),
      )
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterInvalidPayee")
        .withArgs(routerAddress);
    });

    it("rejects invalid CID", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);

      await expect(
        fixture.feeRouter
          .connect(customer)
          .pay(seller.address, await fixture.token.getAddress(), AMOUNT, TRUNCATED_CID),
      )
        .to.be.revertedWithCustomError(fixture.feeRouter, "CidInvalid")
        .withArgs(TRUNCATED_CID);
    });

    it("rejects token moving nothing", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await fixture.feeToken.getAddress();
      await fixture.feeToken.setFeeBps(10_000n);

      await expect(fixture.feeRouter.connect(customer).pay(seller.address, tokenAddress, AMOUNT, "0x"))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterNothingReceived")
        .withArgs(tokenAddress, AMOUNT);
    });

    it("rejects token returning false", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await fixture.falseToken.getAddress();
      await fixture.falseToken.setFailing(true);

      await expect(fixture.feeRouter.connect(customer).pay(seller.address, tokenAddress, AMOUNT, "0x"))
        .to.be.revertedWithCustomError(fixture.feeRouter, "SafeERC20FailedOperation")
        .withArgs(tokenAddress);
    });

    it("rejects missing allowance", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, token } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const routerAddress = await feeRouter.getAddress();
      await token.connect(customer).approve(routerAddress, AMOUNT - 1n);

      await expect(feeRouter.connect(customer).pay(seller.address, await token.getAddress(), AMOUNT, "0x"))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(routerAddress, AMOUNT - 1n, AMOUNT);
    });

    it("credits payee blocked by token", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, blocklistToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await blocklistToken.getAddress();
      await blocklistToken.setBlocked(seller.address, true);

      const tx = feeRouter.connect(customer).pay(seller.address, tokenAddress, AMOUNT, ORDER_CID);

      await expect(tx)
        .to.emit(feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: customer.address,
            payee: seller.address,
            token: tokenAddress,
            amount: AMOUNT,
            serviceFee: 1_000_000n,
            dues: 0n,
            net: 99_000_000n,
            credited: true,
            orderCid: ORDER_CID,
          }),
        );
      await expect(tx).to.changeTokenBalances(blocklistToken, [customer, seller, feeRouter], [-AMOUNT, 0n, AMOUNT]);
      expect(await feeRouter.creditOf(tokenAddress, seller.address)).to.equal(99_000_000n);
      expect(await feeRouter.totalCredited(tokenAddress)).to.equal(99_000_000n);
      await expectRouterAccounting(feeRouter, tokenAddress);
    });
  });

  describe("payWithPermit", function () {
    it("pays with permit", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await permitToken.getAddress();
      const permit = await permitFor(feeRouter, permitToken, customer, AMOUNT);

      const tx = payByPermit(feeRouter, customer, seller.address, tokenAddress, AMOUNT, permit, ORDER_CID);

      await expect(tx)
        .to.emit(feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: customer.address,
            payee: seller.address,
            token: tokenAddress,
            amount: AMOUNT,
            serviceFee: 1_000_000n,
            dues: 0n,
            net: 99_000_000n,
            credited: false,
            orderCid: ORDER_CID,
          }),
        );
      await expect(tx).to.changeTokenBalances(
        permitToken,
        [customer, seller, feeRouter],
        [-AMOUNT, 99_000_000n, 1_000_000n],
      );
      expect(await permitToken.allowance(customer.address, await feeRouter.getAddress())).to.equal(0n);
      expect(await permitToken.nonces(customer.address)).to.equal(1n);
    });

    it("takes dues from member payee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, member } = rolesOf(fixture);
      const tokenAddress = await permitToken.getAddress();
      const permit = await permitFor(feeRouter, permitToken, customer, AMOUNT);

      await expect(payByPermit(feeRouter, customer, member.address, tokenAddress, AMOUNT, permit))
        .to.emit(feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: customer.address,
            payee: member.address,
            token: tokenAddress,
            amount: AMOUNT,
            serviceFee: 1_000_000n,
            dues: 100_000n,
            net: 98_900_000n,
            credited: false,
            orderCid: "0x",
          }),
        );
    });

    it("returns split", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, member } = rolesOf(fixture);
      const permit = await permitFor(feeRouter, permitToken, customer, AMOUNT);

      const split = await feeRouter
        .connect(customer)
        .payWithPermit.staticCall(
          member.address,
          await permitToken.getAddress(),
          AMOUNT,
          "0x",
          permit.deadline,
          permit.v,
          permit.r,
          permit.s,
        );

      expect(split).to.deep.equal([1_000_000n, 100_000n, 98_900_000n]);
    });

    it("accepts permit submitted first", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, seller, stranger } = rolesOf(fixture);
      const tokenAddress = await permitToken.getAddress();
      const permit = await permitFor(feeRouter, permitToken, customer, AMOUNT);
      await permitToken
        .connect(stranger)
        .permit(customer.address, await feeRouter.getAddress(), AMOUNT, permit.deadline, permit.v, permit.r, permit.s);

      await expect(payByPermit(feeRouter, customer, seller.address, tokenAddress, AMOUNT, permit))
        .to.emit(feeRouter, "PaymentMade")
        .withArgs(
          ...paymentArgs({
            payer: customer.address,
            payee: seller.address,
            token: tokenAddress,
            amount: AMOUNT,
            serviceFee: 1_000_000n,
            dues: 0n,
            net: 99_000_000n,
            credited: false,
            orderCid: "0x",
          }),
        );
    });

    it("rejects permit for other amount", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await permitToken.getAddress();
      const permit = await permitFor(feeRouter, permitToken, customer, AMOUNT);

      await expect(payByPermit(feeRouter, customer, seller.address, tokenAddress, AMOUNT + 1n, permit))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterPermitRejected")
        .withArgs(tokenAddress, AMOUNT + 1n, 0n);
    });

    it("rejects expired permit", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await permitToken.getAddress();
      const deadline = BigInt(await time.latest());
      const permit = await signPermit(permitToken, customer, await feeRouter.getAddress(), AMOUNT, deadline);

      await expect(payByPermit(feeRouter, customer, seller.address, tokenAddress, AMOUNT, permit))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterPermitRejected")
        .withArgs(tokenAddress, AMOUNT, 0n);
    });

    it("rejects reused permit", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await permitToken.getAddress();
      const permit = await permitFor(feeRouter, permitToken, customer, AMOUNT);
      await payByPermit(feeRouter, customer, seller.address, tokenAddress, AMOUNT, permit);

      await expect(payByPermit(feeRouter, customer, seller.address, tokenAddress, AMOUNT, permit))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterPermitRejected")
        .withArgs(tokenAddress, AMOUNT, 0n);
    });

    it("reports allowance short of amount", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await permitToken.getAddress();
      await permitToken.connect(customer).approve(await feeRouter.getAddress(), AMOUNT - 1n);

      await expect(payByPermit(feeRouter, customer, seller.address, tokenAddress, AMOUNT, UNSIGNED_PERMIT))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterPermitRejected")
        .withArgs(tokenAddress, AMOUNT, AMOUNT - 1n);
    });

    it("pays from allowance without permit", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      await permitToken.connect(customer).approve(await feeRouter.getAddress(), AMOUNT);

      await expect(
        payByPermit(feeRouter, customer, seller.address, await permitToken.getAddress(), AMOUNT, UNSIGNED_PERMIT),
      ).to.changeTokenBalance(permitToken, seller, 99_000_000n);
    });

    it("pays in token without permit", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, token } = fixture;
      const { customer, seller } = rolesOf(fixture);

      await expect(
        payByPermit(feeRouter, customer, seller.address, await token.getAddress(), AMOUNT, UNSIGNED_PERMIT),
      ).to.changeTokenBalance(token, seller, 99_000_000n);
    });

    it("rejects token without permit or allowance", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, token } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await token.getAddress();
      await token.connect(customer).approve(await feeRouter.getAddress(), 0n);

      await expect(payByPermit(feeRouter, customer, seller.address, tokenAddress, AMOUNT, UNSIGNED_PERMIT))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterPermitRejected")
        .withArgs(tokenAddress, AMOUNT, 0n);
    });

    it("rejects ETH sent along", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const permit = await permitFor(feeRouter, permitToken, customer, AMOUNT);

      await expect(
        feeRouter
          .connect(customer)
          .payWithPermit(
            seller.address,
            await permitToken.getAddress(),
            AMOUNT,
            "0x",
            permit.deadline,
            permit.v,
            permit.r,
            permit.s,
            { value: 1n },
          ),
      )
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterUnexpectedEther")
        .withArgs(1n);
    });

    it("rejects zero token", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);

      await expect(payByPermit(fixture.feeRouter, customer, seller.address, ETHER, AMOUNT, UNSIGNED_PERMIT))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterZeroAddress")
        .withArgs("token");
    });

    it("rejects unlisted token", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await fixture.unlistedToken.getAddress();

      await expect(payByPermit(fixture.feeRouter, customer, seller.address, tokenAddress, AMOUNT, UNSIGNED_PERMIT))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterTokenNotAccepted")
        .withArgs(tokenAddress);
    });

    it("rejects zero amount", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const permit = await permitFor(feeRouter, permitToken, customer, 0n);

      await expect(
        payByPermit(feeRouter, customer, seller.address, await permitToken.getAddress(), 0n, permit),
      ).to.be.revertedWithCustomError(feeRouter, "FeeRouterZeroAmount");
    });

    it("rejects zero payee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer } = rolesOf(fixture);
      const permit = await permitFor(feeRouter, permitToken, customer, AMOUNT);

      await expect(payByPermit(feeRouter, customer, ZeroAddress, await permitToken.getAddress(), AMOUNT, permit))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterZeroAddress")
        .withArgs("payee");
    });

    it("rejects router as payee", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer } = rolesOf(fixture);
      const routerAddress = await feeRouter.getAddress();
      const permit = await permitFor(feeRouter, permitToken, customer, AMOUNT);

      await expect(payByPermit(feeRouter, customer, routerAddress, await permitToken.getAddress(), AMOUNT, permit))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterInvalidPayee")
        .withArgs(routerAddress);
    });

    it("rejects invalid CID", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const permit = await permitFor(feeRouter, permitToken, customer, AMOUNT);

      await expect(
        payByPermit(feeRouter, customer, seller.address, await permitToken.getAddress(), AMOUNT, permit, TRUNCATED_CID),
      )
        .to.be.revertedWithCustomError(feeRouter, "CidInvalid")
        .withArgs(TRUNCATED_CID);
    });

    it("keeps permit unused on rejection", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, permitToken } = fixture;
      const { customer } = rolesOf(fixture);
      const permit = await permitFor(feeRouter, permitToken, customer, AMOUNT);

      await expect(payByPermit(feeRouter, customer, ZeroAddress, await permitToken.getAddress(), AMOUNT, permit)).to.be
        .reverted;

      expect(await permitToken.nonces(customer.address)).to.equal(0n);
      expect(await permitToken.allowance(customer.address, await feeRouter.getAddress())).to.equal(0n);
    });
  });

  describe("quote", function () {
    it("quotes non-member", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);

      expect(await fixture.feeRouter.quote(rolesOf(fixture).seller.address, AMOUNT)).to.deep.equal([
        1_000_000n,
        0n,
        99_000_000n,
      ]);
    });

    it("quotes member", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);

      expect(await fixture.feeRouter.quote(rolesOf(fixture).member.address, AMOUNT)).to.deep.equal([
        1_000_000n,
        100_000n,
        98_900_000n,
      ]);
    });

    it("quotes zero amount", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);

      expect(await fixture.feeRouter.quote(rolesOf(fixture).member.address, 0n)).to.deep.equal([0n, 0n, 0n]);
    });

    it("quotes zero address as non-member", async function () {
      const { feeRouter } = await loadFixture(deployFeeRouterFixture);

      expect(await feeRouter.quote(ZeroAddress, AMOUNT)).to.deep.equal([1_000_000n, 0n, 99_000_000n]);
    });

    it("skips dues at zero rate", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      await fixture.feeRouterByTimelock.setDues(0n);

      expect(await fixture.feeRouter.quote(rolesOf(fixture).member.address, AMOUNT)).to.deep.equal([
        1_000_000n,
        0n,
        99_000_000n,
      ]);
    });

    it("follows current rates", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      await fixture.feeRouterByTimelock.setServiceFee(1_000n);
      await fixture.feeRouterByTimelock.setDues(500n);

      expect(await fixture.feeRouter.quote(rolesOf(fixture).member.address, AMOUNT)).to.deep.equal([
        10_000_000n,
        5_000_000n,
        85_000_000n,
      ]);
    });

    it("matches payment", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, member } = rolesOf(fixture);
      const quote = await fixture.feeRouter.quote(member.address, 123_456_789n);

      const payment = await paymentOf(
        fixture.feeRouter,
        fixture.feeRouter.connect(customer).pay(member.address, await fixture.token.getAddress(), 123_456_789n, "0x"),
      );

      expect([payment.serviceFee, payment.dues, payment.net]).to.deep.equal([...quote]);
    });
  });

  describe("rounding", function () {
    /** Amounts around the rounding thresholds, with their fees at 1% and 0.1% rounded down. */
    const cases = [
      { label: "1 unit", amount: 1n, serviceFee: 0n, dues: 0n },
      { label: "99 units", amount: 99n, serviceFee: 0n, dues: 0n },
      { label: "100 units", amount: 100n, serviceFee: 1n, dues: 0n },
      { label: "999 units", amount: 999n, serviceFee: 9n, dues: 0n },
      { label: "1000 units", amount: 1_000n, serviceFee: 10n, dues: 1n },
      { label: "10^18 + 7 units", amount: 10n ** 18n + 7n, serviceFee: 10n ** 16n, dues: 10n ** 15n },
      { label: "2^256 - 1 units", amount: MaxUint256, serviceFee: MaxUint256 / 100n, dues: MaxUint256 / 1_000n },
    ];

    /** Deploys the router fixture and a fresh listed token, and mints `amount` of it to the customer, who approves the router. */
    async function deployMintedToken(amount: bigint) {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer } = rolesOf(fixture);
      const token = await new TokenMock__factory(fixture.deployer).deploy();
      await fixture.feeRouterByTimelock.setTokenAccepted(await token.getAddress(), true);
      await token.mint(customer.address, amount);
      await token.connect(customer).approve(await fixture.feeRouter.getAddress(), amount);
      return { ...fixture, mintedToken: token };
    }

    for (const { label, amount, serviceFee, dues } of cases) {
      for (const payeeIsMember of [false, true]) {
        it(`splits ${label} to ${payeeIsMember ? "member" : "non-member"}`, async function () {
          const fixture = await deployMintedToken(amount);
          const { feeRouter, mintedToken } = fixture;
          const { customer, seller, member } = rolesOf(fixture);
          const payee = payeeIsMember ? member : seller;
          const expectedDues = payeeIsMember ? dues : 0n;

          const payment = await paymentOf(
            feeRouter,
            feeRouter.connect(customer).pay(payee.address, await mintedToken.getAddress(), amount, "0x"),
          );

          expect(payment.amount, "amount").to.equal(amount);
          expect(payment.serviceFee, "service fee").to.equal(serviceFee);
          expect(payment.dues, "dues").to.equal(expectedDues);
          expect(payment.serviceFee + payment.dues + payment.net, "sum").to.equal(amount);
          expect(await mintedToken.balanceOf(payee.address), "payee balance").to.equal(payment.net);
          expect(await mintedToken.balanceOf(await feeRouter.getAddress()), "router balance").to.equal(
            serviceFee + expectedDues,
          );
        });
      }
    }

    it("splits any amount exactly", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, feeRouterByTimelock } = fixture;
      const { seller, member } = rolesOf(fixture);

      await fc.assert(
        fc.asyncProperty(
          fc.bigInt({ min: 0n, max: MaxUint256 }),
          fc.bigInt({ min: 0n, max: 1_000n }),
          fc.bigInt({ min: 0n, max: 500n }),
          async (amount, serviceFeeBps, duesBps) => {
            await feeRouterByTimelock.setServiceFee(serviceFeeBps);
            await feeRouterByTimelock.setDues(duesBps);

            for (const [payee, payeeIsMember] of [
              [seller, false],
              [member, true],
            ] as const) {
              const [serviceFee, dues, net] = await feeRouter.quote(payee.address, amount);
              const expected = expectedSplit(amount, payeeIsMember, serviceFeeBps, duesBps);

              expect(serviceFee, "service fee").to.equal(expected.serviceFee);
              expect(dues, "dues").to.equal(expected.dues);
              expect(serviceFee + dues + net, "sum").to.equal(amount);
            }
          },
        ),
        { numRuns: SPLIT_RUNS },
      );
    });
  });

  describe("withdrawCredit", function () {
    it("sends ETH credit elsewhere", async function () {
      const { feeRouter, receiver, credit, outsiders } = await loadFixture(deployEtherCreditFixture);
      const to = outsiders[5];
      const receiverAddress = await receiver.getAddress();

      const tx = withdrawFromReceiver(feeRouter, receiver, ETHER, to.address);

      await expect(tx).to.emit(feeRouter, "CreditWithdrawn").withArgs(ETHER, receiverAddress, to.address, credit);
      await expect(tx).to.changeEtherBalances([to, feeRouter], [credit, -credit]);
      expect(await feeRouter.creditOf(ETHER, receiverAddress)).to.equal(0n);
      expect(await feeRouter.totalCredited(ETHER)).to.equal(0n);
      await expectRouterAccounting(feeRouter, ETHER);
    });

    it("sends token credit elsewhere", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { feeRouter, blocklistToken, credit } = fixture;
      const { seller, stranger } = rolesOf(fixture);
      const tokenAddress = await blocklistToken.getAddress();

      const tx = feeRouter.connect(seller).withdrawCredit(tokenAddress, stranger.address);

      await expect(tx)
        .to.emit(feeRouter, "CreditWithdrawn")
        .withArgs(tokenAddress, seller.address, stranger.address, credit);
      await expect(tx).to.changeTokenBalances(blocklistToken, [stranger, feeRouter], [credit, -credit]);
      expect(await feeRouter.creditOf(tokenAddress, seller.address)).to.equal(0n);
      expect(await feeRouter.totalCredited(tokenAddress)).to.equal(0n);
    });

    it("rejects zero address", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { seller } = rolesOf(fixture);

      await expect(
        fixture.feeRouter.connect(seller).withdrawCredit(await fixture.blocklistToken.getAddress(), ZeroAddress),
      )
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterZeroAddress")
        .withArgs("to");
    });

    it("rejects router as destination", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { seller } = rolesOf(fixture);
      const routerAddress = await fixture.feeRouter.getAddress();

      await expect(
        fixture.feeRouter.connect(seller).withdrawCredit(await fixture.blocklistToken.getAddress(), routerAddress),
      )
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterInvalidRecipient")
        .withArgs(routerAddress);
    });

    it("rejects empty credit", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { stranger } = rolesOf(fixture);
      const tokenAddress = await fixture.blocklistToken.getAddress();

      await expect(fixture.feeRouter.connect(stranger).withdrawCredit(tokenAddress, stranger.address))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterNoCredit")
        .withArgs(tokenAddress, stranger.address);
    });

    it("rejects second withdrawal", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { seller, stranger } = rolesOf(fixture);
      const tokenAddress = await fixture.blocklistToken.getAddress();
      await fixture.feeRouter.connect(seller).withdrawCredit(tokenAddress, stranger.address);

      await expect(fixture.feeRouter.connect(seller).withdrawCredit(tokenAddress, stranger.address))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterNoCredit")
        .withArgs(tokenAddress, seller.address);
    });

    it("keeps credit when ETH transfer fails", async function () {
      const { feeRouter, receiver, credit } = await loadFixture(deployEtherCreditFixture);
      const receiverAddress = await receiver.getAddress();

      await expect(withdrawFromReceiver(feeRouter, receiver, ETHER, receiverAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterEtherTransferFailed")
        .withArgs(receiverAddress, credit);
      expect(await feeRouter.creditOf(ETHER, receiverAddress)).to.equal(credit);
      expect(await feeRouter.totalCredited(ETHER)).to.equal(credit);
    });

    it("keeps credit when token transfer fails", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { feeRouter, blocklistToken, credit } = fixture;
      const { seller, stranger } = rolesOf(fixture);
      const tokenAddress = await blocklistToken.getAddress();
      await blocklistToken.setBlocked(stranger.address, true);

      await expect(feeRouter.connect(seller).withdrawCredit(tokenAddress, stranger.address))
        .to.be.revertedWithCustomError(blocklistToken, "BlocklistTokenBlocked")
        .withArgs(stranger.address);
      expect(await feeRouter.creditOf(tokenAddress, seller.address)).to.equal(credit);
      expect(await feeRouter.totalCredited(tokenAddress)).to.equal(credit);
    });
  });

  describe("pushCredit", function () {
    it("pushes ETH credit for anyone", async function () {
      const fixture = await loadFixture(deployEtherCreditFixture);
      const { feeRouter, receiver, credit } = fixture;
      const { stranger } = rolesOf(fixture);
      const receiverAddress = await receiver.getAddress();
      await receiver.setMode(ReceiveMode.Accept);

      const tx = feeRouter.connect(stranger).pushCredit(ETHER, receiverAddress);

      await expect(tx).to.emit(feeRouter, "CreditWithdrawn").withArgs(ETHER, receiverAddress, receiverAddress, credit);
      await expect(tx).to.changeEtherBalances([receiver, feeRouter], [credit, -credit]);
      expect(await feeRouter.creditOf(ETHER, receiverAddress)).to.equal(0n);
      expect(await feeRouter.totalCredited(ETHER)).to.equal(0n);
    });

    it("pushes with all gas", async function () {
      const fixture = await loadFixture(deployEtherCreditFixture);
      const { feeRouter, receiver, credit } = fixture;
      const { customer, stranger } = rolesOf(fixture);
      const receiverAddress = await receiver.getAddress();
      // Reading its credit back and recording the payment costs the receiver more than ETHER_PAYMENT_GAS.
      await receiver.setMode(ReceiveMode.Reenter);
      await receiver.setReentry(
        await feeRouter.getAddress(),
        feeRouter.interface.encodeFunctionData("creditOf", [ETHER, receiverAddress]),
      );
      const payment = await paymentOf(
        feeRouter,
        feeRouter.connect(customer).payEther(receiverAddress, "0x", { value: ETH_AMOUNT }),
      );
      expect(payment.credited, "payment with limited gas is credited").to.equal(true);

      await expect(feeRouter.connect(stranger).pushCredit(ETHER, receiverAddress)).to.changeEtherBalance(
        receiver,
        2n * credit,
      );
      expect(await receiver.received()).to.equal(2n * credit);
    });

    it("pushes token credit after unblock", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { feeRouter, blocklistToken, credit } = fixture;
      const { seller, stranger } = rolesOf(fixture);
      const tokenAddress = await blocklistToken.getAddress();
      await blocklistToken.setBlocked(seller.address, false);

      const tx = feeRouter.connect(stranger).pushCredit(tokenAddress, seller.address);

      await expect(tx)
        .to.emit(feeRouter, "CreditWithdrawn")
        .withArgs(tokenAddress, seller.address, seller.address, credit);
      await expect(tx).to.changeTokenBalances(blocklistToken, [seller, feeRouter], [credit, -credit]);
      expect(await feeRouter.totalCredited(tokenAddress)).to.equal(0n);
    });

    it("rejects empty credit", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { seller, stranger } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(stranger).pushCredit(ETHER, seller.address))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterNoCredit")
        .withArgs(ETHER, seller.address);
    });

    it("keeps credit when ETH push fails", async function () {
      const fixture = await loadFixture(deployEtherCreditFixture);
      const { feeRouter, receiver, credit } = fixture;
      const { stranger } = rolesOf(fixture);
      const receiverAddress = await receiver.getAddress();

      await expect(feeRouter.connect(stranger).pushCredit(ETHER, receiverAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterEtherTransferFailed")
        .withArgs(receiverAddress, credit);
      expect(await feeRouter.creditOf(ETHER, receiverAddress)).to.equal(credit);
      expect(await feeRouter.totalCredited(ETHER)).to.equal(credit);
    });

    it("keeps credit when token push fails", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { feeRouter, blocklistToken, credit } = fixture;
      const { seller, stranger } = rolesOf(fixture);
      const tokenAddress = await blocklistToken.getAddress();

      await expect(feeRouter.connect(stranger).pushCredit(tokenAddress, seller.address))
        .to.be.revertedWithCustomError(blocklistToken, "BlocklistTokenBlocked")
        .withArgs(seller.address);
      expect(await feeRouter.creditOf(tokenAddress, seller.address)).to.equal(credit);
      expect(await feeRouter.totalCredited(tokenAddress)).to.equal(credit);
    });
  });

  describe("releaseFees", function () {
    /** Deploys the router fixture with the dues going to a separate account, the stranger. */
    async function deploySplitRecipientsFixture() {
      const fixture = await deployFeeRouterFixture();
      await fixture.feeRouterByTimelock.setDuesRecipient(rolesOf(fixture).stranger.address);
      return fixture;
    }

    it("sends ETH pots to recipients", async function () {
      const fixture = await loadFixture(deploySplitRecipientsFixture);
      const { feeRouter, timelock } = fixture;
      const { customer, member, seller, stranger } = rolesOf(fixture);
      const serviceFee = parseEther("0.01");
      const dues = parseEther("0.001");
      await feeRouter.connect(customer).payEther(member.address, "0x", { value: ETH_AMOUNT });

      const tx = feeRouter.connect(seller).releaseFees(ETHER);

      const timelockAddress = await timelock.getAddress();
      await expect(tx)
        .to.emit(feeRouter, "FeesReleased")
        .withArgs(ETHER, Pot.ServiceFees, timelockAddress, serviceFee, false);
      await expect(tx).to.emit(feeRouter, "FeesReleased").withArgs(ETHER, Pot.Dues, stranger.address, dues, false);
      await expect(tx).to.changeEtherBalances(
        [timelock, stranger, feeRouter],
        [serviceFee, dues, -(serviceFee + dues)],
      );
      expect(await feeRouter.accruedFees(ETHER)).to.deep.equal([0n, 0n]);
    });

    it("sends token pots to recipients", async function () {
      const fixture = await loadFixture(deploySplitRecipientsFixture);
      const { feeRouter, token, timelock } = fixture;
      const { customer, member, seller, stranger } = rolesOf(fixture);
      const tokenAddress = await token.getAddress();
      await feeRouter.connect(customer).pay(member.address, tokenAddress, AMOUNT, "0x");

      const tx = feeRouter.connect(seller).releaseFees(tokenAddress);

      await expect(tx)
        .to.emit(feeRouter, "FeesReleased")
        .withArgs(tokenAddress, Pot.ServiceFees, await timelock.getAddress(), 1_000_000n, false);
      await expect(tx)
        .to.emit(feeRouter, "FeesReleased")
        .withArgs(tokenAddress, Pot.Dues, stranger.address, 100_000n, false);
      await expect(tx).to.changeTokenBalances(
        token,
        [timelock, stranger, feeRouter],
        [1_000_000n, 100_000n, -1_100_000n],
      );
      expect(await feeRouter.accruedFees(tokenAddress)).to.deep.equal([0n, 0n]);
    });

    it("sends fees of all payments", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, token, timelock } = fixture;
      const { customer, member, seller } = rolesOf(fixture);
      const tokenAddress = await token.getAddress();
      await feeRouter.connect(customer).pay(member.address, tokenAddress, AMOUNT, "0x");
      await feeRouter.connect(customer).pay(seller.address, tokenAddress, 3n * AMOUNT, "0x");

      await expect(feeRouter.releaseFees(tokenAddress)).to.changeTokenBalance(token, timelock, 4_100_000n);
    });

    it("skips empty dues pot", async function () {
      const fixture = await loadFixture(deploySplitRecipientsFixture);
      const { feeRouter } = fixture;
      const { customer, seller } = rolesOf(fixture);
      await feeRouter.connect(customer).payEther(seller.address, "0x", { value: ETH_AMOUNT });

      const pots = await releasedPots(feeRouter, feeRouter.releaseFees(ETHER));

      expect(pots).to.deep.equal([BigInt(Pot.ServiceFees)]);
    });

    it("skips empty service fee pot", async function () {
      const fixture = await loadFixture(deploySplitRecipientsFixture);
      const { feeRouter } = fixture;
      const { customer, member } = rolesOf(fixture);
      await fixture.feeRouterByTimelock.setServiceFee(0n);
      await feeRouter.connect(customer).payEther(member.address, "0x", { value: ETH_AMOUNT });

      const pots = await releasedPots(feeRouter, feeRouter.releaseFees(ETHER));

      expect(pots).to.deep.equal([BigInt(Pot.Dues)]);
    });

    it("rejects empty pots", async function () {
      const { feeRouter, token } = await loadFixture(deployFeeRouterFixture);
      const tokenAddress = await token.getAddress();

      await expect(feeRouter.releaseFees(tokenAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterNoFees")
        .withArgs(tokenAddress);
    });

    it("rejects second release", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter } = fixture;
      const { customer, member } = rolesOf(fixture);
      await feeRouter.connect(customer).payEther(member.address, "0x", { value: ETH_AMOUNT });
      await feeRouter.releaseFees(ETHER);

      await expect(feeRouter.releaseFees(ETHER))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterNoFees")
        .withArgs(ETHER);
    });

    it("credits recipient rejecting ETH", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, feeRouterByTimelock } = fixture;
      const { customer, seller, stranger } = rolesOf(fixture);
      const recipient = await new EtherReceiverMock__factory(fixture.deployer).deploy();
      const recipientAddress = await recipient.getAddress();
      await recipient.setMode(ReceiveMode.Revert);
      await feeRouterByTimelock.setServiceFeeRecipient(recipientAddress);
      await feeRouter.connect(customer).payEther(seller.address, "0x", { value: ETH_AMOUNT });
      const serviceFee = parseEther("0.01");

      await expect(feeRouter.connect(stranger).releaseFees(ETHER))
        .to.emit(feeRouter, "FeesReleased")
        .withArgs(ETHER, Pot.ServiceFees, recipientAddress, serviceFee, true);
      expect(await feeRouter.creditOf(ETHER, recipientAddress)).to.equal(serviceFee);
      expect(await feeRouter.totalCredited(ETHER)).to.equal(serviceFee);
      expect(await feeRouter.accruedFees(ETHER)).to.deep.equal([0n, 0n]);
      await expect(withdrawFromReceiver(feeRouter, recipient, ETHER, stranger.address)).to.changeEtherBalance(
        stranger,
        serviceFee,
      );
    });

    it("credits recipient blocked by token", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, blocklistToken, timelock } = fixture;
      const { customer, member } = rolesOf(fixture);
      const tokenAddress = await blocklistToken.getAddress();
      const timelockAddress = await timelock.getAddress();
      await feeRouter.connect(customer).pay(member.address, tokenAddress, AMOUNT, "0x");
      await blocklistToken.setBlocked(timelockAddress, true);

      const tx = feeRouter.releaseFees(tokenAddress);

      await expect(tx)
        .to.emit(feeRouter, "FeesReleased")
        .withArgs(tokenAddress, Pot.ServiceFees, timelockAddress, 1_000_000n, true);
      await expect(tx)
        .to.emit(feeRouter, "FeesReleased")
        .withArgs(tokenAddress, Pot.Dues, timelockAddress, 100_000n, true);
      expect(await feeRouter.creditOf(tokenAddress, timelockAddress)).to.equal(1_100_000n);
      await expectRouterAccounting(feeRouter, tokenAddress);
    });

    it("credits recipient of token returning false", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, falseToken, timelock } = fixture;
      const { customer, member } = rolesOf(fixture);
      const tokenAddress = await falseToken.getAddress();
      const timelockAddress = await timelock.getAddress();
      await feeRouter.connect(customer).pay(member.address, tokenAddress, AMOUNT, "0x");
      await falseToken.setFailing(true);

      await expect(feeRouter.releaseFees(tokenAddress))
        .to.emit(feeRouter, "FeesReleased")
        .withArgs(tokenAddress, Pot.ServiceFees, timelockAddress, 1_000_000n, true);
      expect(await feeRouter.creditOf(tokenAddress, timelockAddress)).to.equal(1_100_000n);
      expect(await falseToken.balanceOf(await feeRouter.getAddress())).to.equal(1_100_000n);
    });

    it("pays recipient set before release", async function () {
      const fixture = await loadFixture(deploySplitRecipientsFixture);
      const { feeRouter, feeRouterByTimelock, timelock } = fixture;
      const { customer, member, seller, stranger } = rolesOf(fixture);
      const newRecipient = fixture.outsiders[6];
      await feeRouter.connect(customer).payEther(member.address, "0x", { value: ETH_AMOUNT });
      await feeRouterByTimelock.setServiceFeeRecipient(seller.address);
      await feeRouterByTimelock.setDuesRecipient(newRecipient.address);

      await expect(feeRouter.releaseFees(ETHER)).to.changeEtherBalances(
        [seller, newRecipient, timelock, stranger],
        [parseEther("0.01"), parseEther("0.001"), 0n, 0n],
      );
    });

    it("keeps credit of former recipient", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, feeRouterByTimelock } = fixture;
      const { customer, seller, stranger } = rolesOf(fixture);
      const recipient = await new EtherReceiverMock__factory(fixture.deployer).deploy();
      const recipientAddress = await recipient.getAddress();
      await recipient.setMode(ReceiveMode.Revert);
      await feeRouterByTimelock.setServiceFeeRecipient(recipientAddress);
      await feeRouter.connect(customer).payEther(seller.address, "0x", { value: ETH_AMOUNT });
      await feeRouter.releaseFees(ETHER);

      await feeRouterByTimelock.setServiceFeeRecipient(stranger.address);
      await feeRouter.connect(customer).payEther(seller.address, "0x", { value: ETH_AMOUNT });

      await expect(feeRouter.releaseFees(ETHER)).to.changeEtherBalance(stranger, parseEther("0.01"));
      expect(await feeRouter.creditOf(ETHER, recipientAddress)).to.equal(parseEther("0.01"));
      expect(await feeRouter.creditOf(ETHER, stranger.address)).to.equal(0n);
    });
  });

  describe("sweep", function () {
    it("sweeps tokens sent directly", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { feeRouter, feeRouterByTimelock, blocklistToken, credit } = fixture;
      const { customer, member, seller, stranger } = rolesOf(fixture);
      const tokenAddress = await blocklistToken.getAddress();
      const routerAddress = await feeRouter.getAddress();
      await feeRouter.connect(customer).pay(member.address, tokenAddress, AMOUNT, "0x");
      const fees = await feeRouter.accruedFees(tokenAddress);
      const stray = 5_000_000n;
      await blocklistToken.connect(customer).transfer(routerAddress, stray);
      expect(await feeRouter.excessOf(tokenAddress)).to.equal(stray);

      const tx = feeRouterByTimelock.sweep(tokenAddress, stranger.address);

      await expect(tx).to.emit(feeRouter, "ExcessSwept").withArgs(tokenAddress, stranger.address, stray);
      await expect(tx).to.changeTokenBalances(blocklistToken, [stranger, feeRouter], [stray, -stray]);
      expect(await feeRouter.excessOf(tokenAddress)).to.equal(0n);
      expect(await feeRouter.accruedFees(tokenAddress)).to.deep.equal(fees);
      expect(await feeRouter.totalCredited(tokenAddress)).to.equal(credit);
      await expectRouterAccounting(feeRouter, tokenAddress);
      await feeRouter.releaseFees(tokenAddress);
      await expect(feeRouter.connect(seller).withdrawCredit(tokenAddress, stranger.address)).to.changeTokenBalance(
        blocklistToken,
        stranger,
        credit,
      );
      expect(await blocklistToken.balanceOf(routerAddress)).to.equal(0n);
    });

    it("sweeps forced ETH", async function () {
      const fixture = await loadFixture(deployEtherCreditFixture);
      const { feeRouter, feeRouterByTimelock, receiver, credit } = fixture;
      const { stranger } = rolesOf(fixture);
      const routerAddress = await feeRouter.getAddress();
      const forced = parseEther("3");
      await setBalance(routerAddress, (await ethers.provider.getBalance(routerAddress)) + forced);
      expect(await feeRouter.excessOf(ETHER)).to.equal(forced);

      const tx = feeRouterByTimelock.sweep(ETHER, stranger.address);

      await expect(tx).to.emit(feeRouter, "ExcessSwept").withArgs(ETHER, stranger.address, forced);
      await expect(tx).to.changeEtherBalances([stranger, feeRouter], [forced, -forced]);
      expect(await feeRouter.accruedFees(ETHER)).to.deep.equal([parseEther("0.01"), 0n]);
      expect(await feeRouter.totalCredited(ETHER)).to.equal(credit);
      await receiver.setMode(ReceiveMode.Accept);
      await feeRouter.pushCredit(ETHER, await receiver.getAddress());
      await feeRouter.releaseFees(ETHER);
      expect(await ethers.provider.getBalance(routerAddress)).to.equal(0n);
    });

    it("sweeps unlisted token", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, feeRouterByTimelock, unlistedToken } = fixture;
      const { customer, stranger } = rolesOf(fixture);
      const tokenAddress = await unlistedToken.getAddress();
      await unlistedToken.connect(customer).transfer(await feeRouter.getAddress(), AMOUNT);

      await expect(feeRouterByTimelock.sweep(tokenAddress, stranger.address)).to.changeTokenBalance(
        unlistedToken,
        stranger,
        AMOUNT,
      );
    });

    it("rejects zero address", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);

      await expect(feeRouterByTimelock.sweep(ETHER, ZeroAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterZeroAddress")
        .withArgs("to");
    });

    it("rejects router as destination", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);
      const routerAddress = await feeRouter.getAddress();

      await expect(feeRouterByTimelock.sweep(ETHER, routerAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterInvalidRecipient")
        .withArgs(routerAddress);
    });

    it("rejects balance all owed", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { feeRouter, feeRouterByTimelock, blocklistToken } = fixture;
      const tokenAddress = await blocklistToken.getAddress();

      await expect(feeRouterByTimelock.sweep(tokenAddress, rolesOf(fixture).stranger.address))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterNoExcess")
        .withArgs(tokenAddress);
    });

    it("rejects failing ETH transfer", async function () {
      const fixture = await loadFixture(deployEtherCreditFixture);
      const { feeRouter, feeRouterByTimelock, receiver } = fixture;
      const routerAddress = await feeRouter.getAddress();
      const receiverAddress = await receiver.getAddress();
      await setBalance(routerAddress, (await ethers.provider.getBalance(routerAddress)) + 1n);

      await expect(feeRouterByTimelock.sweep(ETHER, receiverAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterEtherTransferFailed")
        .withArgs(receiverAddress, 1n);
      expect(await feeRouter.excessOf(ETHER)).to.equal(1n);
    });

    it("rejects member", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter } = fixture;
      const { member } = rolesOf(fixture);
      await setBalance(await feeRouter.getAddress(), ETH_AMOUNT);

      await expect(feeRouter.connect(member).sweep(ETHER, member.address))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterUnauthorized")
        .withArgs(member.address);
    });
  });

  describe("setServiceFee", function () {
    it("sets rate", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);

      await expect(feeRouterByTimelock.setServiceFee(250n)).to.emit(feeRouter, "ServiceFeeSet").withArgs(250n);
      expect(await feeRouter.serviceFeeBps()).to.equal(250n);
    });

    it("applies to next payment", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);
      await fixture.feeRouterByTimelock.setServiceFee(250n);

      const payment = await paymentOf(
        fixture.feeRouter,
        fixture.feeRouter.connect(customer).pay(seller.address, await fixture.token.getAddress(), AMOUNT, "0x"),
      );

      expect(payment.serviceFee).to.equal(2_500_000n);
    });

    it("accepts cap", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);

      await feeRouterByTimelock.setServiceFee(1_000n);

      expect(await feeRouter.serviceFeeBps()).to.equal(1_000n);
    });

    it("accepts zero", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, seller } = rolesOf(fixture);
      await fixture.feeRouterByTimelock.setServiceFee(0n);

      const payment = await paymentOf(
        fixture.feeRouter,
        fixture.feeRouter.connect(customer).payEther(seller.address, "0x", { value: ETH_AMOUNT }),
      );

      expect(payment.net).to.equal(ETH_AMOUNT);
      expect(await fixture.feeRouter.accruedFees(ETHER)).to.deep.equal([0n, 0n]);
    });

    it("rejects rate above cap", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);

      await expect(feeRouterByTimelock.setServiceFee(1_001n))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterServiceFeeAboveCap")
        .withArgs(1_001n, 1_000n);
    });

    it("rejects member", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { member } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(member).setServiceFee(0n))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterUnauthorized")
        .withArgs(member.address);
    });
  });

  describe("setDues", function () {
    it("sets rate", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);

      await expect(feeRouterByTimelock.setDues(25n)).to.emit(feeRouter, "DuesSet").withArgs(25n);
      expect(await feeRouter.duesBps()).to.equal(25n);
    });

    it("applies to next payment", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { customer, member } = rolesOf(fixture);
      await fixture.feeRouterByTimelock.setDues(25n);

      const payment = await paymentOf(
        fixture.feeRouter,
        fixture.feeRouter.connect(customer).pay(member.address, await fixture.token.getAddress(), AMOUNT, "0x"),
      );

      expect(payment.dues).to.equal(250_000n);
    });

    it("accepts cap", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);

      await feeRouterByTimelock.setDues(500n);

      expect(await feeRouter.duesBps()).to.equal(500n);
    });

    it("rejects rate above cap", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);

      await expect(feeRouterByTimelock.setDues(501n))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterDuesAboveCap")
        .withArgs(501n, 500n);
    });

    it("rejects member", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { member } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(member).setDues(0n))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterUnauthorized")
        .withArgs(member.address);
    });
  });

  describe("setServiceFeeRecipient", function () {
    it("sets recipient", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { stranger } = rolesOf(fixture);

      await expect(fixture.feeRouterByTimelock.setServiceFeeRecipient(stranger.address))
        .to.emit(fixture.feeRouter, "ServiceFeeRecipientSet")
        .withArgs(stranger.address);
      expect(await fixture.feeRouter.serviceFeeRecipient()).to.equal(stranger.address);
    });

    it("rejects zero address", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);

      await expect(feeRouterByTimelock.setServiceFeeRecipient(ZeroAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterZeroAddress")
        .withArgs("serviceFeeRecipient");
    });

    // ETH fees released to the router would become its own credit, which nothing can pay out.
    it("rejects router as recipient", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);
      const routerAddress = await feeRouter.getAddress();

      await expect(feeRouterByTimelock.setServiceFeeRecipient(routerAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterInvalidRecipient")
        .withArgs(routerAddress);
    });

    it("rejects member", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { member } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(member).setServiceFeeRecipient(member.address))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterUnauthorized")
        .withArgs(member.address);
    });
  });

  describe("setDuesRecipient", function () {
    it("sets recipient", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { stranger } = rolesOf(fixture);

      await expect(fixture.feeRouterByTimelock.setDuesRecipient(stranger.address))
        .to.emit(fixture.feeRouter, "DuesRecipientSet")
        .withArgs(stranger.address);
      expect(await fixture.feeRouter.duesRecipient()).to.equal(stranger.address);
    });

    it("rejects zero address", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);

      await expect(feeRouterByTimelock.setDuesRecipient(ZeroAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterZeroAddress")
        .withArgs("duesRecipient");
    });

    it("rejects router as recipient", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);
      const routerAddress = await feeRouter.getAddress();

      await expect(feeRouterByTimelock.setDuesRecipient(routerAddress))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterInvalidRecipient")
        .withArgs(routerAddress);
    });

    it("rejects member", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { member } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(member).setDuesRecipient(member.address))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterUnauthorized")
        .withArgs(member.address);
    });
  });

  describe("setTokenAccepted", function () {
    it("lists token", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { feeRouter, feeRouterByTimelock, unlistedToken } = fixture;
      const { customer, seller } = rolesOf(fixture);
      const tokenAddress = await unlistedToken.getAddress();

      await expect(feeRouterByTimelock.setTokenAccepted(tokenAddress, true))
        .to.emit(feeRouter, "TokenAcceptanceSet")
        .withArgs(tokenAddress, true);
      expect(await feeRouter.isTokenAccepted(tokenAddress)).to.equal(true);
      await expect(feeRouter.connect(customer).pay(seller.address, tokenAddress, AMOUNT, "0x")).to.changeTokenBalance(
        unlistedToken,
        seller,
        99_000_000n,
      );
    });

    it("delists token", async function () {
      const { feeRouter, feeRouterByTimelock, token } = await loadFixture(deployFeeRouterFixture);
      const tokenAddress = await token.getAddress();

      await expect(feeRouterByTimelock.setTokenAccepted(tokenAddress, false))
        .to.emit(feeRouter, "TokenAcceptanceSet")
        .withArgs(tokenAddress, false);
      expect(await feeRouter.isTokenAccepted(tokenAddress)).to.equal(false);
    });

    it("keeps fees and credits payable when delisted", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { feeRouter, feeRouterByTimelock, blocklistToken, timelock, credit } = fixture;
      const { customer, member, seller, stranger } = rolesOf(fixture);
      const tokenAddress = await blocklistToken.getAddress();
      await feeRouter.connect(customer).pay(member.address, tokenAddress, AMOUNT, "0x");

      await feeRouterByTimelock.setTokenAccepted(tokenAddress, false);

      await expect(feeRouter.releaseFees(tokenAddress)).to.changeTokenBalance(blocklistToken, timelock, 2_100_000n);
      await expect(feeRouter.connect(seller).withdrawCredit(tokenAddress, stranger.address)).to.changeTokenBalance(
        blocklistToken,
        stranger,
        credit,
      );
      expect(await blocklistToken.balanceOf(await feeRouter.getAddress())).to.equal(0n);
    });

    it("rejects ETH", async function () {
      const { feeRouter, feeRouterByTimelock } = await loadFixture(deployFeeRouterFixture);

      await expect(feeRouterByTimelock.setTokenAccepted(ETHER, false))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterZeroAddress")
        .withArgs("token");
    });

    it("rejects account without code", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const account = rolesOf(fixture).stranger.address;

      await expect(fixture.feeRouterByTimelock.setTokenAccepted(account, true))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterInvalidToken")
        .withArgs(account);
    });

    it("delists account without code", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const account = rolesOf(fixture).stranger.address;

      await expect(fixture.feeRouterByTimelock.setTokenAccepted(account, false))
        .to.emit(fixture.feeRouter, "TokenAcceptanceSet")
        .withArgs(account, false);
    });

    it("rejects member", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { member } = rolesOf(fixture);

      await expect(fixture.feeRouter.connect(member).setTokenAccepted(await fixture.unlistedToken.getAddress(), true))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterUnauthorized")
        .withArgs(member.address);
    });
  });

  describe("views", function () {
    it("accepts ETH always", async function () {
      const { feeRouter } = await loadFixture(deployFeeRouterFixture);

      expect(await feeRouter.isTokenAccepted(ETHER)).to.equal(true);
    });

    it("rejects unlisted token", async function () {
      const { feeRouter, unlistedToken } = await loadFixture(deployFeeRouterFixture);

      expect(await feeRouter.isTokenAccepted(await unlistedToken.getAddress())).to.equal(false);
    });

    it("reports implementation", async function () {
      const { feeRouter, feeRouterImplementation } = await loadFixture(deployFeeRouterFixture);

      expect(await feeRouter.implementation()).to.equal(feeRouterImplementation);
      expect(await upgrades.erc1967.getImplementationAddress(await feeRouter.getAddress())).to.equal(
        feeRouterImplementation,
      );
    });

    it("keeps accounting over mixed activity", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { feeRouter, blocklistToken } = fixture;
      const { customer, member, seller, stranger } = rolesOf(fixture);
      const tokenAddress = await blocklistToken.getAddress();

      await feeRouter.connect(customer).pay(member.address, tokenAddress, 7_777_777n, "0x");
      await expectRouterAccounting(feeRouter, tokenAddress);
      await blocklistToken.connect(stranger).transfer(await feeRouter.getAddress(), 1_234n);
      await expectRouterAccounting(feeRouter, tokenAddress);
      await feeRouter.releaseFees(tokenAddress);
      await expectRouterAccounting(feeRouter, tokenAddress);
      await feeRouter.connect(seller).withdrawCredit(tokenAddress, stranger.address);
      await expectRouterAccounting(feeRouter, tokenAddress);

      expect(await feeRouter.excessOf(tokenAddress)).to.equal(1_234n);
    });
  });

  describe("upgradeToAndCall", function () {
    it("upgrades by timelock keeping state", async function () {
      const fixture = await loadFixture(deployTokenCreditFixture);
      const { feeRouter, feeRouterByTimelock, blocklistToken, deployer, credit } = fixture;
      const { customer, member, seller, stranger } = rolesOf(fixture);
      const tokenAddress = await blocklistToken.getAddress();
      await feeRouter.connect(customer).pay(member.address, tokenAddress, AMOUNT, "0x");
      await feeRouterByTimelock.setServiceFee(300n);
      await feeRouterByTimelock.setDuesRecipient(stranger.address);
      const fees = await feeRouter.accruedFees(tokenAddress);
      const release = await new FeeRouterV2Mock__factory(deployer).deploy();
      const releaseAddress = await release.getAddress();

      await feeRouterByTimelock.upgradeToAndCall(
        releaseAddress,
        release.interface.encodeFunctionData("initializeV2", ["second release"]),
      );

      const upgraded = FeeRouterV2Mock__factory.connect(await feeRouter.getAddress(), deployer);
      expect(await upgraded.implementation()).to.equal(releaseAddress);
      expect(await upgraded.version()).to.equal("2");
      expect(await upgraded.upgradeNote()).to.equal("second release");
      expect(await upgraded.serviceFeeBps()).to.equal(300n);
      expect(await upgraded.duesBps()).to.equal(DUES_BPS);
      expect(await upgraded.duesRecipient()).to.equal(stranger.address);
      expect(await upgraded.isTokenAccepted(tokenAddress)).to.equal(true);
      expect(await upgraded.accruedFees(tokenAddress)).to.deep.equal(fees);
      expect(await upgraded.creditOf(tokenAddress, seller.address)).to.equal(credit);
      expect(await upgraded.totalCredited(tokenAddress)).to.equal(credit);
      await expect(upgraded.connect(seller).withdrawCredit(tokenAddress, stranger.address)).to.changeTokenBalance(
        blocklistToken,
        stranger,
        credit,
      );
    });

    it("keeps timelock control", async function () {
      const { feeRouter, feeRouterByTimelock, deployer, founders } = await loadFixture(deployFeeRouterFixture);
      const release = await new FeeRouterV2Mock__factory(deployer).deploy();
      await feeRouterByTimelock.upgradeToAndCall(await release.getAddress(), "0x");

      await expect(feeRouter.connect(founders[0]).setServiceFee(0n))
        .to.be.revertedWithCustomError(feeRouter, "FeeRouterUnauthorized")
        .withArgs(founders[0].address);
    });

    it("rejects member", async function () {
      const fixture = await loadFixture(deployFeeRouterFixture);
      const { member } = rolesOf(fixture);
      const release = await new FeeRouterV2Mock__factory(fixture.deployer).deploy();

      await expect(fixture.feeRouter.connect(member).upgradeToAndCall(await release.getAddress(), "0x"))
        .to.be.revertedWithCustomError(fixture.feeRouter, "FeeRouterUnauthorized")
        .withArgs(member.address);
    });

    it("rejects call on implementation", async function () {
      const { feeRouterImplementation, timelockSigner } = await loadFixture(deployFeeRouterFixture);
      const implementation = FeeRouter__factory.connect(feeRouterImplementation, timelockSigner);

      await expect(implementation.upgradeToAndCall(feeRouterImplementation, "0x")).to.be.revertedWithCustomError(
        implementation,
        "UUPSUnauthorizedCallContext",
      );
    });

    it("passes upgrade safety validation", async function () {
      const current = await ethers.getContractFactory("FeeRouter");
      const next = await ethers.getContractFactory("FeeRouterV2Mock");

      await upgrades.validateImplementation(current, { kind: "uups" });
      await upgrades.validateUpgrade(current, next, { kind: "uups" });
    });
  });

  describe("reentrancy", function () {
    /** Returns a call of each entry point that holds a reentrancy lock, by name. The lock rejects it before any other check. */
    async function lockedCalls(fixture: FeeRouterFixture): Promise<[string, string][]> {
      const { feeRouter, token } = fixture;
      const { seller } = rolesOf(fixture);
      const tokenAddress = await token.getAddress();
      return [
        ["payEther", feeRouter.interface.encodeFunctionData("payEther", [seller.address, "0x"])],
        ["pay", feeRouter.interface.encodeFunctionData("pay", [seller.address, tokenAddress, 1n, "0x"])],
        [
          "payWithPermit",
          feeRouter.interface.encodeFunctionData("payWithPermit", [
            seller.address,
            tokenAddress,
            1n,
            "0x",
            0n,
            27,
            ZeroHash,
            ZeroHash,
          ]),
        ],
        ["withdrawCredit", feeRouter.interface.encodeFunctionData("withdrawCredit", [ETHER, seller.address])],
        ["pushCredit", feeRouter.interface.encodeFunctionData("pushCredit", [ETHER, seller.address])],
        ["releaseFees", feeRouter.interface.encodeFunctionData("releaseFees", [ETHER])],
      ];
    }

    for (const name of ["payEther", "pay", "payWithPermit", "withdrawCredit", "pushCredit", "releaseFees"]) {
      it(`rejects ${name} from token hook`, async function () {
        const fixture = await loadFixture(deployFeeRouterFixture);
        const { feeRouter, hookToken } = fixture;
        const { customer, seller } = rolesOf(fixture);
        const calls = new Map(await lockedCalls(fixture));
        await hookToken.setHook(await feeRouter.getAddress(), calls.get(name)!);

        await expect(
          feeRouter.connect(customer).pay(seller.address, await hookToken.getAddress(), AMOUNT, "0x"),
        ).to.be.revertedWithCustomError(feeRouter, "ReentrancyGuardReentrantCall");
      });
    }

    it("rejects sweep from token hook", async function () {
      const fixture = await loadFixture(deployContractTimelockFixture);
      const { timelockContract, governedRouter, hookToken } = fixture;
      const { stranger } = rolesOf(fixture);
      const routerAddress = await governedRouter.getAddress();
      const hookAddress = await hookToken.getAddress();
      const sweepCall = governedRouter.interface.encodeFunctionData("sweep", [hookAddress, stranger.address]);
      await hookToken.mint(routerAddress, AMOUNT);
      await hookToken.setHook(
        await timelockContract.getAddress(),
        timelockContract.interface.encodeFunctionData("execute", [routerAddress, sweepCall]),
      );

      await expect(timelockContract.execute(routerAddress, sweepCall)).to.be.revertedWithCustomError(
        governedRouter,
        "ReentrancyGuardReentrantCall",
      );
    });

    it("sweeps for contract timelock", async function () {
      const fixture = await loadFixture(deployContractTimelockFixture);
      const { timelockContract, governedRouter, hookToken } = fixture;
      const { stranger } = rolesOf(fixture);
      const routerAddress = await governedRouter.getAddress();
      const hookAddress = await hookToken.getAddress();
      await hookToken.mint(routerAddress, AMOUNT);

      await expect(
        timelockContract.execute(
          routerAddress,
          governedRouter.interface.encodeFunctionData("sweep", [hookAddress, stranger.address]),
        ),
      ).to.changeTokenBalance(hookToken, stranger, AMOUNT);
    });
  });
});
