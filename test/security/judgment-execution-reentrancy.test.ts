import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { parseEther } from "ethers";

import {
  CallbackTargetMock__factory,
  EtherReceiverMock__factory,
  type CallbackTargetMock,
  type EtherReceiverMock,
} from "../../typechain-types";
import {
  JUDGMENT_STATES,
  closeJudgment,
  deployJudgmentFixture,
  gradeAll,
  judgmentOperationId,
  judgmentState,
  openJudgment,
  option,
  optionActions,
  queueWinner,
  type JudgmentFixture,
  type JudgmentHandle,
  type OptionAction,
} from "../helpers/judgment";

/**
 * A winning option pays a contract that, while the timelock runs the option, calls the governor's
 * `execute` again for the same proposal to be paid twice. The governor marks the proposal executed
 * before it calls the timelock, so the inner call reverts with `CoopJudgmentUnexpectedState`. A
 * target that lets that revert bubble up makes the whole execution fail and leaves the proposal
 * queued. A target that swallows it is paid once.
 */

/** ETH that the winning option pays from the treasury. */
const PAYMENT = parseEther("1");

/** Number of `Executed` in `ProposalState`, as the governor's state error carries it. */
const EXECUTED = BigInt(JUDGMENT_STATES.indexOf("Executed"));

/** Funds the treasury and elects an option that makes `action`, queued and past the timelock delay. */
async function electPayment(fixture: JudgmentFixture, action: OptionAction): Promise<JudgmentHandle> {
  const { judgment, timelock, deployer, founders } = fixture;
  await deployer.sendTransaction({ to: await timelock.getAddress(), value: PAYMENT });
  const handle = await openJudgment(judgment, founders[0], [option("Pay the supplier", [action]), option("Wait")]);
  await gradeAll(judgment, handle.id, founders, [5, 1]);
  await closeJudgment(judgment, handle.id);
  await queueWinner(judgment, handle, 0);
  return handle;
}

/** Returns the calldata of `execute` for the winner of `handle`, the call that the attacker repeats. */
function executeCall(fixture: JudgmentFixture, handle: JudgmentHandle): string {
  return fixture.judgment.interface.encodeFunctionData("execute", [handle.id, ...optionActions(handle, 0)]);
}

/** A queued payment to a target that swallows the failure of its call back to `execute`. */
interface SwallowingFixture extends JudgmentFixture {
  target: CallbackTargetMock;
  handle: JudgmentHandle;
}

async function deploySwallowingFixture(): Promise<SwallowingFixture> {
  const fixture = await deployJudgmentFixture();
  const target = await new CallbackTargetMock__factory(fixture.outsiders[0]).deploy();
  const handle = await electPayment(fixture, {
    target: await target.getAddress(),
    value: PAYMENT,
    data: target.interface.encodeFunctionData("receivePayment"),
  });
  await target.setCallback(await fixture.judgment.getAddress(), executeCall(fixture, handle));
  return { ...fixture, target, handle };
}

/** A queued payment to a receiver that calls back `execute` and reverts when that call reverts. */
interface BubblingFixture extends JudgmentFixture {
  receiver: EtherReceiverMock;
  handle: JudgmentHandle;
}

async function deployBubblingFixture(): Promise<BubblingFixture> {
  const fixture = await deployJudgmentFixture();
  const receiver = await new EtherReceiverMock__factory(fixture.outsiders[0]).deploy();
  const handle = await electPayment(fixture, { target: await receiver.getAddress(), value: PAYMENT, data: "0x" });
  await receiver.setReentry(await fixture.judgment.getAddress(), executeCall(fixture, handle));
  await receiver.setMode(3); // ReceiveMode.Reenter
  return { ...fixture, receiver, handle };
}

describe("Majority-judgment execution reentrancy", function () {
  describe("target swallowing the failed call back", function () {
    it("pays the target once", async function () {
      const { judgment, target, handle } = await loadFixture(deploySwallowingFixture);

      await judgment.execute(handle.id, ...optionActions(handle, 0));

      expect(await target.paymentCount(), "payments").to.equal(1n);
      expect(await ethers.provider.getBalance(await target.getAddress()), "balance").to.equal(PAYMENT);
    });

    it("rejects the call back as already executed", async function () {
      const { judgment, target, handle } = await loadFixture(deploySwallowingFixture);

      await judgment.execute(handle.id, ...optionActions(handle, 0));

      expect(await target.lastCallbackSucceeded(), "call back succeeded").to.equal(false);
      const error = judgment.interface.parseError(await target.lastCallbackResult());
      expect(error?.name, "error").to.equal("CoopJudgmentUnexpectedState");
      expect(error?.args[0], "proposal").to.equal(handle.id);
      expect(error?.args[1], "state").to.equal(EXECUTED);
    });

    it("completes the timelock operation once", async function () {
      const fixture = await loadFixture(deploySwallowingFixture);
      const { judgment, timelock, handle } = fixture;
      const operationId = await judgmentOperationId(timelock, judgment, handle, 0);
      const treasuryBefore = await ethers.provider.getBalance(await timelock.getAddress());

      await expect(judgment.execute(handle.id, ...optionActions(handle, 0)))
        .to.emit(judgment, "ProposalExecuted")
        .withArgs(handle.id, 0n);

      expect(await timelock.isOperationDone(operationId), "operation done").to.equal(true);
      expect(await judgmentState(judgment, handle.id), "state").to.equal("Executed");
      expect(await ethers.provider.getBalance(await timelock.getAddress()), "treasury").to.equal(
        treasuryBefore - PAYMENT,
      );
    });
  });

  describe("target bubbling the failed call back", function () {
    it("reverts the whole execution", async function () {
      const { judgment, handle } = await loadFixture(deployBubblingFixture);

      await expect(judgment.execute(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
        .withArgs(handle.id, EXECUTED);
    });

    it("leaves proposal queued and treasury whole", async function () {
      const { judgment, timelock, receiver, handle } = await loadFixture(deployBubblingFixture);
      const treasuryBefore = await ethers.provider.getBalance(await timelock.getAddress());

      await expect(judgment.execute(handle.id, ...optionActions(handle, 0))).to.be.reverted;

      expect(await judgmentState(judgment, handle.id), "state").to.equal("Queued");
      expect(await receiver.paymentCount(), "payments").to.equal(0n);
      expect(await ethers.provider.getBalance(await timelock.getAddress()), "treasury").to.equal(treasuryBefore);
    });

    it("executes once target stops calling back", async function () {
      const { judgment, receiver, handle } = await loadFixture(deployBubblingFixture);
      await receiver.setMode(0); // ReceiveMode.Accept

      await judgment.execute(handle.id, ...optionActions(handle, 0));

      expect(await receiver.paymentCount(), "payments").to.equal(1n);
      expect(await receiver.received(), "received").to.equal(PAYMENT);
    });
  });
});
