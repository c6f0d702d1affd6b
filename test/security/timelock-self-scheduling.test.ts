import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, ZeroHash, id } from "ethers";

import { DEFAULT_SETTINGS } from "../../src/deploy/cooperative";
import { buildProposal, propose } from "../../src/governance/proposals";
import {
  SelfSchedulingExecutorMock__factory,
  TimelockController__factory,
  type SelfSchedulingExecutorMock,
  type TimelockController,
} from "../../typechain-types";
import { impersonate } from "../helpers/accounts";
import { deployFactoryCoopFixture } from "../helpers/factory";
import { deployCoopFixture, type CoopFixture } from "../helpers/fixtures";
import {
  admitAction,
  operationStateBitmap,
  passProposal,
  proposalStateBitmap,
  testDescription,
  timelockOperationId,
} from "../helpers/governance";

/**
 * In OpenZeppelin Contracts 3.3 to 3.4.1 and 4.0 to 4.3.0 (CVE-2021-39168), an executor of a
 * TimelockController could run a batch that was never scheduled. The batch set the delay to zero,
 * granted the attacker the proposer role and called back into the attacker, who scheduled that
 * same batch, so the readiness check made after the calls passed. The timelock now checks that
 * the operation is ready before its first call, so the batch reverts with
 * `TimelockUnexpectedOperationState` even when everyone may execute. Our timelock grants the
 * executor role only to the governor, so anyone else fails the role check first, and the
 * governor executes only queued proposals. The timelock that the factory creates has the same roles.
 */

/** Salt of the attack batch, which makes its operation id distinct from any proposal's. */
const ATTACK_SALT = id("timelock self-scheduling");

/** Gas limit of an attack sent as a mined transaction, so that its failure can be traced. */
const ATTACK_GAS_LIMIT = 1_000_000n;

/** Index of `Pending` in `IGovernor.ProposalState`. */
const PENDING = 0n;

/** The self-scheduling batch against one timelock, with the contract it calls back. */
interface AttackBatch {
  callback: SelfSchedulingExecutorMock;
  targets: string[];
  values: bigint[];
  payloads: string[];
  /** The timelock operation id of the batch. */
  operationId: string;
}

/** The cooperative, a plain timelock whose executor role is open to everyone, and the attacks on both. */
interface SelfSchedulingFixture extends CoopFixture {
  attacker: HardhatEthersSigner;
  openTimelock: TimelockController;
  openAttack: AttackBatch;
  /** The cooperative's timelock, typed as the OpenZeppelin contract it extends. */
  coopTimelock: TimelockController;
  coopAttack: AttackBatch;
}

/**
 * Deploys the callback contract against `timelock` and stores in it the batch
 * [updateDelay(0), grantRole(PROPOSER_ROLE, callback), callback.scheduleStoredBatch()].
 */
async function prepareAttack(deployer: HardhatEthersSigner, timelock: TimelockController): Promise<AttackBatch> {
  const timelockAddress = await timelock.getAddress();
  const callback = await new SelfSchedulingExecutorMock__factory(deployer).deploy(timelockAddress);
  const callbackAddress = await callback.getAddress();
  const targets = [timelockAddress, timelockAddress, callbackAddress];
  const values = [0n, 0n, 0n];
  const payloads = [
    timelock.interface.encodeFunctionData("updateDelay", [0n]),
    timelock.interface.encodeFunctionData("grantRole", [await timelock.PROPOSER_ROLE(), callbackAddress]),
    callback.interface.encodeFunctionData("scheduleStoredBatch"),
  ];
  await callback.setBatch(targets, values, payloads, ZeroHash, ATTACK_SALT);
  const operationId = await timelock.hashOperationBatch(targets, values, payloads, ZeroHash, ATTACK_SALT);
  return { callback, targets, values, payloads, operationId };
}

/**
 * Sends `executeBatch` of `attack` from `sender`. With `gasLimit`, ethers skips gas estimation, so
 * a failing call is still mined and can be traced.
 */
function executeAttack(
  timelock: TimelockController,
  sender: HardhatEthersSigner,
  attack: AttackBatch,
  gasLimit?: bigint,
) {
  return timelock
    .connect(sender)
    .executeBatch(attack.targets, attack.values, attack.payloads, ZeroHash, ATTACK_SALT, { gasLimit });
}

async function deploySelfSchedulingFixture(): Promise<SelfSchedulingFixture> {
  const fixture = await deployCoopFixture();
  const { deployer, outsiders } = fixture;
  const attacker = outsiders[0];
  // A plain timelock whose executor role is open to everyone, with one proposer and no admin.
  const openTimelock = await new TimelockController__factory(deployer).deploy(
    DEFAULT_SETTINGS.timelockDelay,
    [deployer.address],
    [ZeroAddress],
    ZeroAddress,
  );
  const coopTimelock = TimelockController__factory.connect(await fixture.timelock.getAddress(), deployer);
  return {
    ...fixture,
    attacker,
    openTimelock,
    openAttack: await prepareAttack(deployer, openTimelock),
    coopTimelock,
    coopAttack: await prepareAttack(deployer, coopTimelock),
  };
}

/** Returns the call opcodes run by the latest block's first transaction, from a full trace. */
async function latestTransactionCalls(): Promise<string[]> {
  const block = await ethers.provider.getBlock("latest");
  const hash = block?.transactions[0];
  if (hash === undefined) throw new Error("The latest block contains no transaction to trace.");
  const trace = (await network.provider.send("debug_traceTransaction", [
    hash,
    { disableMemory: true, disableStack: true, disableStorage: true },
  ])) as { failed: boolean; structLogs: { op: string }[] };
  if (!trace.failed) throw new Error(`Transaction ${hash} did not fail, so it is not the rejected attack.`);
  if (trace.structLogs.length === 0) throw new Error(`The trace of transaction ${hash} contains no steps.`);
  const callOpcodes = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL"]);
  return trace.structLogs.map((step) => step.op).filter((op) => callOpcodes.has(op));
}

describe("Timelock executor self-scheduling", function () {
  describe("timelock with open executor role", function () {
    it("lets everyone execute", async function () {
      const { openTimelock } = await loadFixture(deploySelfSchedulingFixture);

      expect(await openTimelock.hasRole(await openTimelock.EXECUTOR_ROLE(), ZeroAddress)).to.equal(true);
    });

    it("rejects unscheduled batch", async function () {
      const { openTimelock, openAttack, attacker } = await loadFixture(deploySelfSchedulingFixture);

      await expect(executeAttack(openTimelock, attacker, openAttack))
        .to.be.revertedWithCustomError(openTimelock, "TimelockUnexpectedOperationState")
        .withArgs(openAttack.operationId, operationStateBitmap("Ready"));
    });

    it("rejects before any call", async function () {
      const { openTimelock, openAttack, attacker } = await loadFixture(deploySelfSchedulingFixture);
      await expect(executeAttack(openTimelock, attacker, openAttack, ATTACK_GAS_LIMIT))
        .to.be.revertedWithCustomError(openTimelock, "TimelockUnexpectedOperationState")
        .withArgs(openAttack.operationId, operationStateBitmap("Ready"));

      expect(await latestTransactionCalls()).to.deep.equal([]);
    });

    it("keeps delay, roles and operation", async function () {
      const { openTimelock, openAttack, attacker } = await loadFixture(deploySelfSchedulingFixture);
      await expect(executeAttack(openTimelock, attacker, openAttack)).to.be.revertedWithCustomError(
        openTimelock,
        "TimelockUnexpectedOperationState",
      );

      const proposerRole = await openTimelock.PROPOSER_ROLE();
      expect(await openTimelock.getMinDelay()).to.equal(BigInt(DEFAULT_SETTINGS.timelockDelay));
      expect(await openTimelock.hasRole(proposerRole, await openAttack.callback.getAddress())).to.equal(false);
      expect(await openTimelock.hasRole(proposerRole, attacker.address)).to.equal(false);
      expect(await openTimelock.getOperationState(openAttack.operationId)).to.equal(0n);
    });

    it("schedules the same batch from callback", async function () {
      // Shows that the callback would have made the batch ready, had the calls run first: on a
      // timelock with no delay where the callback is a proposer, it schedules exactly this batch.
      const { deployer } = await loadFixture(deploySelfSchedulingFixture);
      const timelock = await new TimelockController__factory(deployer).deploy(0n, [], [ZeroAddress], deployer.address);
      const attack = await prepareAttack(deployer, timelock);
      await timelock.grantRole(await timelock.PROPOSER_ROLE(), await attack.callback.getAddress());

      await attack.callback.scheduleStoredBatch();

      expect(await timelock.isOperationReady(attack.operationId)).to.equal(true);
    });
  });

  describe("cooperative timelock", function () {
    it("keeps executor role closed", async function () {
      const { coopTimelock } = await loadFixture(deploySelfSchedulingFixture);

      expect(await coopTimelock.hasRole(await coopTimelock.EXECUTOR_ROLE(), ZeroAddress)).to.equal(false);
    });

    it("rejects batch from anyone but governor", async function () {
      const { coopTimelock, coopAttack, attacker, deployer, founders } = await loadFixture(deploySelfSchedulingFixture);
      const executorRole = await coopTimelock.EXECUTOR_ROLE();

      for (const sender of [attacker, deployer, ...founders]) {
        await expect(executeAttack(coopTimelock, sender, coopAttack))
          .to.be.revertedWithCustomError(coopTimelock, "AccessControlUnauthorizedAccount")
          .withArgs(sender.address, executorRole);
      }
    });

    it("rejects unscheduled batch from governor", async function () {
      const { coopTimelock, coopAttack, governor } = await loadFixture(deploySelfSchedulingFixture);
      const governorSigner = await impersonate(await governor.getAddress());

      await expect(executeAttack(coopTimelock, governorSigner, coopAttack))
        .to.be.revertedWithCustomError(coopTimelock, "TimelockUnexpectedOperationState")
        .withArgs(coopAttack.operationId, operationStateBitmap("Ready"));
    });

    it("rejects batch proposed but not passed", async function () {
      const { governor, coopAttack, founders } = await loadFixture(deploySelfSchedulingFixture);
      const member = founders[0];
      const actions = coopAttack.targets.map((target, index) => ({ target, data: coopAttack.payloads[index] }));
      const proposal = buildProposal(actions, testDescription("Reset the timelock delay"), member.address);
      const proposalId = await propose(governor.connect(member), proposal);

      await expect(
        governor
          .connect(member)
          .execute(proposal.targets, proposal.values, proposal.calldatas, id(proposal.description)),
      )
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(proposalId, PENDING, proposalStateBitmap("Queued"));
    });

    it("executes passed proposal through governor", async function () {
      const { governor, membership, timelock, founders, outsiders } = await loadFixture(deploySelfSchedulingFixture);
      const newcomer = outsiders[1].address;

      const { proposal } = await passProposal(governor, founders[0], founders.slice(0, 3), [
        await admitAction(membership, newcomer),
      ]);

      expect(await membership.isMember(newcomer)).to.equal(true);
      expect(await timelock.isOperationDone(await timelockOperationId(timelock, governor, proposal))).to.equal(true);
    });
  });

  describe("timelock made by the factory", function () {
    it("rejects batch from anyone but governors", async function () {
      const { created, deployer, founders, outsiders } = await loadFixture(deployFactoryCoopFixture);
      const timelock = TimelockController__factory.connect(created.addresses.timelock, deployer);
      const attack = await prepareAttack(deployer, timelock);
      const executorRole = await timelock.EXECUTOR_ROLE();

      expect(await timelock.hasRole(executorRole, ZeroAddress)).to.equal(false);
      for (const sender of [outsiders[0], deployer, ...founders]) {
        await expect(executeAttack(timelock, sender, attack))
          .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
          .withArgs(sender.address, executorRole);
      }
    });

    it("rejects unscheduled batch from governor", async function () {
      const { created, deployer } = await loadFixture(deployFactoryCoopFixture);
      const timelock = TimelockController__factory.connect(created.addresses.timelock, deployer);
      const attack = await prepareAttack(deployer, timelock);

      await expect(executeAttack(timelock, await impersonate(created.addresses.judgment), attack))
        .to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState")
        .withArgs(attack.operationId, operationStateBitmap("Ready"));
    });
  });
});
