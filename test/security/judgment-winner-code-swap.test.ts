import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, setCode } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroHash, keccak256, parseEther } from "ethers";

import {
  DrainingTargetMock__factory,
  ProposalTargetMock__factory,
  UpgradeableTargetProxyMock__factory,
  type ProposalTargetMock,
  type UpgradeableTargetProxyMock,
} from "../../typechain-types";
import {
  closeJudgment,
  deployJudgmentFixture,
  gradeAll,
  judgmentState,
  openJudgment,
  option,
  optionActions,
  optionKey,
  queueWinner,
  type JudgmentFixture,
  type JudgmentHandle,
} from "../helpers/judgment";

/**
 * Members grade the options of a majority-judgment proposal after reviewing the code at their
 * targets, and an attacker replaces the winner's target code before it runs. The attacker either
 * redeploys at the same address, which `hardhat_setCode` models, or upgrades a proxy. The charter
 * pins every option's targets when the proposal is created, and the governor checks the winner's
 * targets before it queues and before it runs them, so the swapped code never runs with the
 * treasury's authority.
 */

/** ETH that the winning option pays from the treasury into its target. */
const DEPOSIT = parseEther("1");

/** A proposal whose winner deposits into the attacker's benign-looking target, and the attacker. */
interface SwapFixture extends JudgmentFixture {
  attacker: HardhatEthersSigner;
  target: ProposalTargetMock;
  targetAddress: string;
  handle: JudgmentHandle;
  /** Runtime code that forwards every deposit to the attacker. */
  drainingCode: string;
  /** Address of a deployed contract with {@link drainingCode}, usable as an implementation. */
  drainingAddress: string;
}

/** Returns an option that deposits {@link DEPOSIT} into `targetAddress`. */
function depositOption(label: string, targetAddress: string) {
  const data = ProposalTargetMock__factory.createInterface().encodeFunctionData("deposit");
  return option(label, [{ target: targetAddress, value: DEPOSIT, data }]);
}

/**
 * Funds the treasury, opens a proposal whose first option deposits into `targetAddress` and whose
 * second deposits into `otherAddress`, and has every founder grade the first option best.
 */
async function electDeposit(
  fixture: JudgmentFixture,
  targetAddress: string,
  otherAddress: string,
): Promise<JudgmentHandle> {
  const { judgment, timelock, deployer, founders } = fixture;
  await deployer.sendTransaction({ to: await timelock.getAddress(), value: DEPOSIT });
  const handle = await openJudgment(judgment, founders[0], [
    depositOption("Fund the grants pool", targetAddress),
    depositOption("Fund the training pool", otherAddress),
  ]);
  await gradeAll(judgment, handle.id, founders, [5, 1]);
  await closeJudgment(judgment, handle.id);
  return handle;
}

/** Deploys the attacker's draining code and a benign target. */
async function prepareAttack(fixture: JudgmentFixture) {
  const attacker = fixture.outsiders[0];
  const draining = await new DrainingTargetMock__factory(attacker).deploy(attacker.address);
  const drainingAddress = await draining.getAddress();
  const target = await new ProposalTargetMock__factory(attacker).deploy();
  return {
    attacker,
    target,
    targetAddress: await target.getAddress(),
    drainingAddress,
    drainingCode: await ethers.provider.getCode(drainingAddress),
  };
}

/** Deploys a benign target and a proposal that elected a deposit into it, not yet queued. */
async function deployElectedFixture(): Promise<SwapFixture> {
  const fixture = await deployJudgmentFixture();
  const attack = await prepareAttack(fixture);
  const other = await new ProposalTargetMock__factory(attack.attacker).deploy();
  const handle = await electDeposit(fixture, attack.targetAddress, await other.getAddress());
  return { ...fixture, ...attack, handle };
}

/** Deploys the same proposal, queued and past the timelock delay. */
async function deployQueuedFixture(): Promise<SwapFixture> {
  const fixture = await deployElectedFixture();
  await queueWinner(fixture.judgment, fixture.handle, 0);
  return fixture;
}

/** Returns the keccak-256 hash of the code at `address`. */
async function codeHashOf(address: string): Promise<string> {
  return keccak256(await ethers.provider.getCode(address));
}

describe("Majority-judgment winner code swap", function () {
  describe("target code replaced after the vote", function () {
    it("pins the winner's target code", async function () {
      const { judgment, charter, handle, targetAddress } = await loadFixture(deployElectedFixture);

      const [codeHash] = await charter.pinnedTarget(await judgment.getAddress(), optionKey(handle.id, 0), 0);

      expect(codeHash).to.equal(await codeHashOf(targetAddress));
    });

    it("rejects queue after swap", async function () {
      const { judgment, charter, handle, targetAddress, drainingCode } = await loadFixture(deployElectedFixture);
      const pinned = await codeHashOf(targetAddress);

      await setCode(targetAddress, drainingCode);

      await expect(judgment.queue(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(charter, "CoopCharterCodeChanged")
        .withArgs(targetAddress, pinned, keccak256(drainingCode));
    });

    it("rejects execution after swap", async function () {
      const { judgment, charter, handle, targetAddress, drainingCode } = await loadFixture(deployQueuedFixture);
      const pinned = await codeHashOf(targetAddress);

      await setCode(targetAddress, drainingCode);

      await expect(judgment.execute(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(charter, "CoopCharterCodeChanged")
        .withArgs(targetAddress, pinned, keccak256(drainingCode));
    });

    it("runs nothing after swap", async function () {
      const { judgment, charter, timelock, target, targetAddress, handle, attacker, drainingCode } =
        await loadFixture(deployQueuedFixture);
      const treasuryBefore = await ethers.provider.getBalance(await timelock.getAddress());
      const attackerBefore = await ethers.provider.getBalance(attacker.address);
      await setCode(targetAddress, drainingCode);

      await expect(judgment.execute(handle.id, ...optionActions(handle, 0))).to.be.revertedWithCustomError(
        charter,
        "CoopCharterCodeChanged",
      );

      expect(await judgmentState(judgment, handle.id), "state").to.equal("Queued");
      expect(await target.depositCount(), "deposits").to.equal(0n);
      expect(await ethers.provider.getBalance(await timelock.getAddress()), "treasury").to.equal(treasuryBefore);
      expect(await ethers.provider.getBalance(attacker.address), "attacker").to.equal(attackerBefore);
    });

    it("executes once original code is restored", async function () {
      const { judgment, target, targetAddress, handle, drainingCode } = await loadFixture(deployQueuedFixture);
      const originalCode = await ethers.provider.getCode(targetAddress);
      await setCode(targetAddress, drainingCode);
      await setCode(targetAddress, originalCode);

      await judgment.execute(handle.id, ...optionActions(handle, 0));

      expect(await judgmentState(judgment, handle.id), "state").to.equal("Executed");
      expect(await target.totalDeposited(), "deposited").to.equal(DEPOSIT);
    });

    it("ignores swap at a losing option's target", async function () {
      // Only the winner's targets run, so only they are checked.
      const { judgment, charter, target, handle, drainingCode } = await loadFixture(deployQueuedFixture);
      const [losingTarget] = optionActions(handle, 1)[0];
      await setCode(losingTarget, drainingCode);

      await judgment.execute(handle.id, ...optionActions(handle, 0));

      expect(await target.depositCount(), "deposits").to.equal(1n);
      const [pinned] = await charter.pinnedTarget(await judgment.getAddress(), optionKey(handle.id, 1), 0);
      expect(pinned, "losing target pinned").not.to.equal(ZeroHash);
    });
  });

  describe("timelock bypassing the governor", function () {
    it("rejects executeBatch by attacker", async function () {
      const { judgment, timelock, handle, attacker, targetAddress, drainingCode } =
        await loadFixture(deployQueuedFixture);
      const salt = keccak256(
        ethers.AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [await judgment.getAddress(), handle.id]),
      );
      await setCode(targetAddress, drainingCode);

      await expect(timelock.connect(attacker).executeBatch(...optionActions(handle, 0), ZeroHash, salt))
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(attacker.address, await timelock.EXECUTOR_ROLE());
    });
  });

  describe("attacker proxy upgraded after the vote", function () {
    /** The same queued proposal, with the target behind the attacker's upgradeable proxy. */
    interface ProxySwapFixture extends SwapFixture {
      proxy: UpgradeableTargetProxyMock;
      benignImplementation: string;
    }

    async function deployProxySwapFixture(): Promise<ProxySwapFixture> {
      const fixture = await deployJudgmentFixture();
      const attack = await prepareAttack(fixture);
      const benignImplementation = attack.targetAddress;
      const proxy = await new UpgradeableTargetProxyMock__factory(attack.attacker).deploy(
        benignImplementation,
        attack.attacker.address,
      );
      const targetAddress = await proxy.getAddress();
      const other = await new ProposalTargetMock__factory(attack.attacker).deploy();
      const handle = await electDeposit(fixture, targetAddress, await other.getAddress());
      await queueWinner(fixture.judgment, handle, 0);
      const target = ProposalTargetMock__factory.connect(targetAddress, attack.attacker);
      return { ...fixture, ...attack, target, targetAddress, handle, proxy, benignImplementation };
    }

    it("pins proxy implementation", async function () {
      const { judgment, charter, handle, benignImplementation } = await loadFixture(deployProxySwapFixture);

      const [, implementation] = await charter.pinnedTarget(await judgment.getAddress(), optionKey(handle.id, 0), 0);

      expect(implementation).to.equal(benignImplementation);
    });

    it("rejects execution after upgrade", async function () {
      const { judgment, charter, handle, proxy, targetAddress, benignImplementation, drainingAddress } =
        await loadFixture(deployProxySwapFixture);

      await proxy.upgradeTo(drainingAddress);

      await expect(judgment.execute(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(charter, "CoopCharterImplementationChanged")
        .withArgs(targetAddress, benignImplementation, drainingAddress);
    });

    it("executes once implementation is restored", async function () {
      const { judgment, handle, proxy, target, benignImplementation, drainingAddress } =
        await loadFixture(deployProxySwapFixture);
      await proxy.upgradeTo(drainingAddress);
      await proxy.upgradeTo(benignImplementation);

      await judgment.execute(handle.id, ...optionActions(handle, 0));

      expect(await target.depositCount()).to.equal(1n);
    });
  });
});
