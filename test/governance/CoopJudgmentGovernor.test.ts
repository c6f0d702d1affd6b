import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  AbiCoder,
  MaxUint256,
  ZeroAddress,
  ZeroHash,
  dataSlice,
  id as hashText,
  keccak256,
  parseEther,
  type ContractTransactionResponse,
} from "ethers";

import { DEFAULT_GRADE_SCALE, DEFAULT_SETTINGS } from "../../src/deploy/cooperative";
import {
  CoopJudgmentGovernorV2Mock__factory,
  CoopJudgmentGovernor__factory,
  CoopProxy__factory,
  type CoopJudgmentGovernor,
} from "../../typechain-types";
import { TEST_DOCUMENT_CID } from "../helpers/charter";
import { cidV1Sha256 } from "../helpers/cid";
import { contractAction, operationStateBitmap, testDescription } from "../helpers/governance";
import {
  JUDGMENT_STATES,
  MAX_COUNT,
  OUTCOMES,
  actionsHash,
  changeJudgmentSettings,
  closeJudgment,
  deployJudgmentFixture,
  gradeAll,
  judgmentOperationId,
  judgmentNonce,
  judgmentState,
  openJudgment,
  option,
  optionActions,
  optionKey,
  partsOfGrades,
  plainOptions,
  proposeJudgment,
  queueWinner,
  signJudgmentBallot,
  type JudgmentFixture,
  type JudgmentHandle,
  type JudgmentSettings,
  type OptionInput,
} from "../helpers/judgment";

/** Rules that the test cooperative gives new majority-judgment proposals. */
const DEFAULT_JUDGMENT_SETTINGS: JudgmentSettings = {
  votingDelay: BigInt(DEFAULT_SETTINGS.votingDelay),
  votingPeriod: BigInt(DEFAULT_SETTINGS.votingPeriod),
  quorumPercent: BigInt(DEFAULT_SETTINGS.quorumPercent),
  gradeCount: BigInt(DEFAULT_GRADE_SCALE.gradeCount),
  minimumGrade: BigInt(DEFAULT_GRADE_SCALE.minimumGrade),
  lateQuorumExtension: BigInt(DEFAULT_SETTINGS.lateQuorumExtension),
};

/** Grades of the default scale, by name. */
const GRADE = { reject: 0, poor: 1, acceptable: 2, good: 3, veryGood: 4, excellent: 5 } as const;

/** Out-of-range settings, each with the name and value that the governor reports. */
const INVALID_SETTINGS: { case: string; changes: Partial<JudgmentSettings>; setting: string; value: bigint }[] = [
  { case: "zero voting period", changes: { votingPeriod: 0n }, setting: "votingPeriod", value: 0n },
  { case: "quorum above 100%", changes: { quorumPercent: 101n }, setting: "quorumPercent", value: 101n },
  {
    case: "one grade",
    changes: { gradeCount: 1n, minimumGrade: 0n },
    setting: "gradeCount",
    value: 1n,
  },
  { case: "17 grades", changes: { gradeCount: 17n }, setting: "gradeCount", value: 17n },
  {
    case: "minimum grade off the scale",
    changes: { gradeCount: 6n, minimumGrade: 6n },
    setting: "minimumGrade",
    value: 6n,
  },
  {
    case: "extension longer than voting",
    changes: { votingPeriod: 60n, lateQuorumExtension: 61n },
    setting: "lateQuorumExtension",
    value: 61n,
  },
];

/** Payment of the treasury tests. */
const PAYMENT = parseEther("1");

/** Returns the number of the state named `name`, as the governor's errors carry it. */
function stateNumber(name: (typeof JUDGMENT_STATES)[number]): number {
  return JUDGMENT_STATES.indexOf(name);
}

/** Returns `DEFAULT_JUDGMENT_SETTINGS` with `changes`, as `initialize` and `setSettings` take them. */
function settingsWith(changes: Partial<JudgmentSettings>): JudgmentSettings {
  return { ...DEFAULT_JUDGMENT_SETTINGS, ...changes };
}

/** Returns an empty histogram of `optionCount` options on `gradeCount` grades. */
function emptyTallies(optionCount: number, gradeCount: number): bigint[][] {
  return Array.from({ length: optionCount }, () => Array.from({ length: gradeCount }, () => 0n));
}

/** Returns the tallies of `judgment` for `id` as plain arrays. */
async function talliesOf(judgment: CoopJudgmentGovernor, id: bigint): Promise<bigint[][]> {
  return (await judgment.tallies(id)).map((row) => [...row]);
}

/** Returns the initializer calldata of a judgment governor proxy. */
function initializerData(
  name: string,
  membership: string,
  timelock: string,
  charter: string,
  settings: JudgmentSettings,
): string {
  return CoopJudgmentGovernor__factory.createInterface().encodeFunctionData("initialize", [
    name,
    membership,
    timelock,
    charter,
    settings,
  ]);
}

/** Returns the `ProposalCreated` event of a `propose` transaction, decoded. */
async function createdEvent(judgment: CoopJudgmentGovernor, tx: ContractTransactionResponse) {
  const receipt = await tx.wait();
  const judgmentAddress = await judgment.getAddress();
  for (const log of receipt!.logs) {
    if (log.address !== judgmentAddress) continue;
    const parsed = judgment.interface.parseLog(log);
    if (parsed?.name === "ProposalCreated") return parsed.args;
  }
  throw new Error("The transaction emitted no ProposalCreated event: check that it called propose.");
}

/**
 * Three options: admit the first outsider, admit the second outsider, or a third option without actions.
 */
async function admissionOptions(fixture: JudgmentFixture): Promise<OptionInput[]> {
  const { membership, outsiders } = fixture;
  return [
    option("Admit the first candidate", [await contractAction(membership, "admit", [outsiders[0].address])]),
    option("Admit the second candidate", [await contractAction(membership, "admit", [outsiders[1].address])]),
    option("Admit nobody"),
  ];
}

/** Opens a proposal of {@link admissionOptions} from the first founder. */
async function openAdmissions(fixture: JudgmentFixture, inputs = {}): Promise<JudgmentHandle> {
  return openJudgment(fixture.judgment, fixture.founders[0], await admissionOptions(fixture), inputs);
}

/** Opens {@link openAdmissions}, has every founder rank the first candidate best, and closes the vote. */
async function electFirstCandidate(fixture: JudgmentFixture): Promise<JudgmentHandle> {
  const handle = await openAdmissions(fixture);
  await gradeAll(fixture.judgment, handle.id, fixture.founders, [GRADE.excellent, GRADE.good, GRADE.poor]);
  await closeJudgment(fixture.judgment, handle.id);
  return handle;
}

/** Deploys the test cooperative and a queued election of the first candidate, ready to execute. */
async function deployQueuedFixture(): Promise<JudgmentFixture & { handle: JudgmentHandle }> {
  const fixture = await deployJudgmentFixture();
  const handle = await electFirstCandidate(fixture);
  await queueWinner(fixture.judgment, handle, 0);
  return { ...fixture, handle };
}

/** Opens a proposal of two options that pay {@link PAYMENT} to `recipient`, and elects the first. */
async function electPayment(fixture: JudgmentFixture, recipient: string): Promise<JudgmentHandle> {
  const { judgment, founders } = fixture;
  const handle = await openJudgment(judgment, founders[0], [
    option("Pay the supplier", [{ target: recipient, value: PAYMENT, data: "0x" }]),
    option("Pay nobody"),
  ]);
  await gradeAll(judgment, handle.id, founders, [GRADE.excellent, GRADE.poor]);
  await closeJudgment(judgment, handle.id);
  return handle;
}

/** Matches any eta: the value depends on the block that queues. */
function anyEta(): (value: bigint) => boolean {
  return (value) => value > 0n;
}

/** Relays `signature` again as `voter`'s ballot of grades good, good, reject on `id`. */
function signedAgain(
  judgment: CoopJudgmentGovernor,
  voter: HardhatEthersSigner,
  relayer: HardhatEthersSigner,
  id: bigint,
  signature: string,
) {
  return judgment.connect(relayer).castBallotBySig(id, voter.address, [GRADE.good, GRADE.good, 0], signature);
}

describe("CoopJudgmentGovernor", function () {
  describe("initialization", function () {
    it("links membership, timelock and charter", async function () {
      const { judgment, membership, timelock, charter } = await loadFixture(deployJudgmentFixture);

      expect(await judgment.membership(), "membership").to.equal(await membership.getAddress());
      expect(await judgment.timelock(), "timelock").to.equal(await timelock.getAddress());
      expect(await judgment.charter(), "charter").to.equal(await charter.getAddress());
    });

    it("stores default settings", async function () {
      const { judgment } = await loadFixture(deployJudgmentFixture);

      const settings = await judgment.settings();

      expect(settings.votingDelay, "votingDelay").to.equal(DEFAULT_JUDGMENT_SETTINGS.votingDelay);
      expect(settings.votingPeriod, "votingPeriod").to.equal(DEFAULT_JUDGMENT_SETTINGS.votingPeriod);
      expect(settings.quorumPercent, "quorumPercent").to.equal(DEFAULT_JUDGMENT_SETTINGS.quorumPercent);
      expect(settings.gradeCount, "gradeCount").to.equal(DEFAULT_JUDGMENT_SETTINGS.gradeCount);
      expect(settings.minimumGrade, "minimumGrade").to.equal(DEFAULT_JUDGMENT_SETTINGS.minimumGrade);
    });

    it("names the signing domain", async function () {
      const { judgment } = await loadFixture(deployJudgmentFixture);

      const domain = await judgment.eip712Domain();

      expect(domain.name, "name").to.equal("Test Cooperative");
      expect(domain.version, "version").to.equal("1");
      expect(domain.verifyingContract, "verifyingContract").to.equal(await judgment.getAddress());
    });

    it("keeps state in its namespace", async function () {
      // The first field of the ERC-7201 namespace worldcoop.storage.CoopJudgmentGovernor is the membership.
      const { judgment, membership } = await loadFixture(deployJudgmentFixture);
      const namespace = BigInt(hashText("worldcoop.storage.CoopJudgmentGovernor")) - 1n;
      const location = BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [namespace]))) & ~0xffn;

      const word = await ethers.provider.getStorage(await judgment.getAddress(), location);

      expect(dataSlice(word, 12)).to.equal((await membership.getAddress()).toLowerCase());
    });

    it("declares its limits", async function () {
      const { judgment } = await loadFixture(deployJudgmentFixture);

      expect(await judgment.MIN_OPTIONS(), "MIN_OPTIONS").to.equal(2n);
      expect(await judgment.MAX_OPTIONS(), "MAX_OPTIONS").to.equal(32n);
      expect(await judgment.MIN_GRADES(), "MIN_GRADES").to.equal(2n);
      expect(await judgment.MAX_GRADES(), "MAX_GRADES").to.equal(16n);
      expect(await judgment.MAX_ACTIONS(), "MAX_ACTIONS").to.equal(64n);
      expect(await judgment.MAX_COUNT(), "MAX_COUNT").to.equal(MAX_COUNT);
    });

    it("rejects second initialize on proxy", async function () {
      const { judgment, membership, timelock, charter, outsiders } = await loadFixture(deployJudgmentFixture);

      await expect(
        judgment
          .connect(outsiders[0])
          .initialize(
            "Takeover",
            await membership.getAddress(),
            await timelock.getAddress(),
            await charter.getAddress(),
            DEFAULT_JUDGMENT_SETTINGS,
          ),
      ).to.be.revertedWithCustomError(judgment, "InvalidInitialization");
    });

    it("rejects initialize on implementation", async function () {
      const { implementations, membership, timelock, charter, outsiders } = await loadFixture(deployJudgmentFixture);
      const implementation = CoopJudgmentGovernor__factory.connect(implementations.judgment, outsiders[0]);

      await expect(
        implementation.initialize(
          "Takeover",
          await membership.getAddress(),
          await timelock.getAddress(),
          await charter.getAddress(),
          DEFAULT_JUDGMENT_SETTINGS,
        ),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    });

    for (const parameter of ["membership", "timelock", "charter"] as const) {
      it(`rejects zero ${parameter}`, async function () {
        const { judgment, implementations, membership, timelock, charter, deployer } =
          await loadFixture(deployJudgmentFixture);
        const addresses = {
          membership: await membership.getAddress(),
          timelock: await timelock.getAddress(),
          charter: await charter.getAddress(),
          [parameter]: ZeroAddress,
        };
        const initData = initializerData(
          "Test Cooperative",
          addresses.membership,
          addresses.timelock,
          addresses.charter,
          DEFAULT_JUDGMENT_SETTINGS,
        );

        await expect(new CoopProxy__factory(deployer).deploy(implementations.judgment, initData))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentZeroAddress")
          .withArgs(parameter);
      });
    }

    for (const invalid of INVALID_SETTINGS) {
      it(`rejects ${invalid.case} at initialization`, async function () {
        const { judgment, implementations, membership, timelock, charter, deployer } =
          await loadFixture(deployJudgmentFixture);
        const initData = initializerData(
          "Test Cooperative",
          await membership.getAddress(),
          await timelock.getAddress(),
          await charter.getAddress(),
          settingsWith(invalid.changes),
        );

        await expect(new CoopProxy__factory(deployer).deploy(implementations.judgment, initData))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSetting")
          .withArgs(invalid.setting, invalid.value);
      });
    }
  });

  describe("settings", function () {
    it("changes settings from the timelock", async function () {
      const { judgment, judgmentByTimelock } = await loadFixture(deployJudgmentFixture);
      const next = settingsWith({ votingDelay: 0n, quorumPercent: 100n, gradeCount: 16n, minimumGrade: 15n });

      await expect(judgmentByTimelock.setSettings(next))
        .to.emit(judgment, "SettingsSet")
        .withArgs([
          next.votingDelay,
          next.votingPeriod,
          next.quorumPercent,
          next.gradeCount,
          next.minimumGrade,
          next.lateQuorumExtension,
        ]);

      const stored = await judgment.settings();
      expect(stored.votingDelay, "votingDelay").to.equal(0n);
      expect(stored.quorumPercent, "quorumPercent").to.equal(100n);
      expect(stored.gradeCount, "gradeCount").to.equal(16n);
      expect(stored.minimumGrade, "minimumGrade").to.equal(15n);
    });

    it("accepts two grades and no quorum", async function () {
      const { judgment, judgmentByTimelock } = await loadFixture(deployJudgmentFixture);

      await judgmentByTimelock.setSettings(settingsWith({ quorumPercent: 0n, gradeCount: 2n, minimumGrade: 0n }));

      expect((await judgment.settings()).gradeCount).to.equal(2n);
    });

    for (const role of ["member", "outsider"] as const) {
      it(`rejects settings from ${role}`, async function () {
        const { judgment, founders, outsiders } = await loadFixture(deployJudgmentFixture);
        const caller = role === "member" ? founders[0] : outsiders[0];

        await expect(judgment.connect(caller).setSettings(DEFAULT_JUDGMENT_SETTINGS))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentOnlyTimelock")
          .withArgs(caller.address);
      });
    }

    for (const invalid of INVALID_SETTINGS) {
      it(`rejects ${invalid.case}`, async function () {
        const { judgment, judgmentByTimelock } = await loadFixture(deployJudgmentFixture);

        await expect(judgmentByTimelock.setSettings(settingsWith(invalid.changes)))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSetting")
          .withArgs(invalid.setting, invalid.value);
      });
    }

    it("freezes rules of existing proposals", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, judgmentByTimelock, founders } = fixture;
      const { id } = await proposeJudgment(judgment, founders[0], plainOptions(2));
      const before = await judgment.proposalDetails(id);

      await judgmentByTimelock.setSettings(
        settingsWith({
          votingDelay: 1n,
          votingPeriod: 7n,
          quorumPercent: 90n,
          gradeCount: 3n,
          minimumGrade: 1n,
          lateQuorumExtension: 7n,
        }),
      );

      const after = await judgment.proposalDetails(id);
      expect(after.snapshot, "snapshot").to.equal(before.snapshot);
      expect(after.deadline, "deadline").to.equal(before.deadline);
      expect(after.quorumPercent, "quorumPercent").to.equal(DEFAULT_JUDGMENT_SETTINGS.quorumPercent);
      expect(after.gradeCount, "gradeCount").to.equal(DEFAULT_JUDGMENT_SETTINGS.gradeCount);
      expect(after.minimumGrade, "minimumGrade").to.equal(DEFAULT_JUDGMENT_SETTINGS.minimumGrade);
    });
  });

  describe("proposing", function () {
    it("emits options, rules and dates", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;
      const options = await admissionOptions(fixture);
      const description = testDescription("Choose a new member");

      const tx = await judgment.connect(founders[0]).propose(options, false, description);
      const proposedAt = BigInt(await time.latest());
      const event = await createdEvent(judgment, tx);

      const snapshot = proposedAt + DEFAULT_JUDGMENT_SETTINGS.votingDelay;
      expect(event.proposalId, "proposalId").to.equal(
        await judgment.hashProposal(founders[0].address, options, false, hashText(description)),
      );
      expect(event.proposer, "proposer").to.equal(founders[0].address);
      expect(event.options.length, "option count").to.equal(options.length);
      for (const [index, emitted] of event.options.entries()) {
        // Read by position: `values` of an ethers Result is the array method.
        const [label, targets, values, calldatas] = emitted;
        expect(label, `label ${index}`).to.equal(options[index].label);
        expect([...targets], `targets ${index}`).to.deep.equal(options[index].targets);
        expect([...values], `values ${index}`).to.deep.equal(options[index].values);
        expect([...calldatas], `calldatas ${index}`).to.deep.equal(options[index].calldatas);
      }
      expect(event.statusQuo, "statusQuo").to.equal(false);
      expect([...event.rules], "rules").to.deep.equal(Object.values(DEFAULT_JUDGMENT_SETTINGS));
      expect(event.snapshot, "snapshot").to.equal(snapshot);
      expect(event.deadline, "deadline").to.equal(snapshot + DEFAULT_JUDGMENT_SETTINGS.votingPeriod);
      expect(event.description, "description").to.equal(description);
    });

    it("stores proposal details", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;

      const { id } = await proposeJudgment(judgment, founders[0], await admissionOptions(fixture));

      const details = await judgment.proposalDetails(id);
      expect(details.proposer, "proposer").to.equal(founders[0].address);
      expect(details.optionCount, "optionCount").to.equal(3n);
      expect(details.statusQuo, "statusQuo").to.equal(false);
      expect(details.canceled, "canceled").to.equal(false);
      expect(details.executed, "executed").to.equal(false);
      expect(details.eta, "eta").to.equal(0n);
      expect(await judgmentState(judgment, id), "state").to.equal("Pending");
    });

    it("stores hash of each option's actions", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;
      const options = await admissionOptions(fixture);

      const { id } = await proposeJudgment(judgment, founders[0], options);

      expect(await judgment.optionActionsHash(id, 0), "option 0").to.equal(actionsHash(options[0]));
      expect(await judgment.optionActionsHash(id, 1), "option 1").to.equal(actionsHash(options[1]));
      expect(await judgment.optionActionsHash(id, 2), "option without actions").to.equal(ZeroHash);
    });

    it("records document and pins targets with the charter", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, charter, membership, implementations, founders } = fixture;
      const options = await admissionOptions(fixture);
      const description = testDescription("Choose a new member");
      const id = await judgment.hashProposal(founders[0].address, options, false, hashText(description));
      const judgmentAddress = await judgment.getAddress();

      await expect(judgment.connect(founders[0]).propose(options, false, description))
        .to.emit(charter, "ProposalRecorded")
        .withArgs(judgmentAddress, id, TEST_DOCUMENT_CID, false);

      const record = await charter.proposalRecord(judgmentAddress, optionKey(id, 0));
      const [codeHash, implementation] = await charter.pinnedTarget(judgmentAddress, optionKey(id, 0), 0);
      expect(record.actionCount, "action count").to.equal(1n);
      expect(record.extraordinary, "extraordinary").to.equal(false);
      expect(codeHash, "code hash").to.equal(keccak256(await ethers.provider.getCode(await membership.getAddress())));
      expect(implementation, "implementation").to.equal(implementations.membership);
    });

    it("appends status quo option", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const options = plainOptions(2);

      const tx = await judgment.connect(founders[0]).propose(options, true, testDescription("Choose or keep"));
      const event = await createdEvent(judgment, tx);

      const details = await judgment.proposalDetails(event.proposalId);
      expect(event.statusQuo, "event statusQuo").to.equal(true);
      expect(event.options.length, "event options").to.equal(2);
      expect(details.statusQuo, "statusQuo").to.equal(true);
      expect(details.optionCount, "optionCount").to.equal(3n);
      expect(await judgment.optionActionsHash(event.proposalId, 2), "status quo actions").to.equal(ZeroHash);
    });

    it("accepts one option with status quo", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);

      const { id } = await proposeJudgment(judgment, founders[0], plainOptions(1), { statusQuo: true });

      expect((await judgment.proposalDetails(id)).optionCount).to.equal(2n);
    });

    it("accepts 32 options", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);

      const { id } = await proposeJudgment(judgment, founders[0], plainOptions(32));

      expect((await judgment.proposalDetails(id)).optionCount).to.equal(32n);
    });

    const optionCounts: { case: string; options: number; statusQuo: boolean; count: bigint }[] = [
      { case: "one option", options: 1, statusQuo: false, count: 1n },
      { case: "status quo alone", options: 0, statusQuo: true, count: 1n },
      { case: "33 options", options: 33, statusQuo: false, count: 33n },
      { case: "32 options and status quo", options: 32, statusQuo: true, count: 33n },
    ];
    for (const invalid of optionCounts) {
      it(`rejects ${invalid.case}`, async function () {
        const { judgment, founders } = await loadFixture(deployJudgmentFixture);

        await expect(
          judgment.connect(founders[0]).propose(plainOptions(invalid.options), invalid.statusQuo, testDescription()),
        )
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentOptionCount")
          .withArgs(invalid.count, 32n);
      });
    }

    const invalidLabels: { case: string; label: string }[] = [
      { case: "empty label", label: "0x" },
      { case: "label that is no CID", label: "0x1234" },
      { case: "label with truncated digest", label: cidV1Sha256("Option 1").slice(0, -2) },
    ];
    for (const invalid of invalidLabels) {
      it(`rejects ${invalid.case}`, async function () {
        const { judgment, founders } = await loadFixture(deployJudgmentFixture);
        const options = plainOptions(3);
        options[1] = { ...options[1], label: invalid.label };

        await expect(judgment.connect(founders[0]).propose(options, false, testDescription()))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidLabel")
          .withArgs(1n);
      });
    }

    const mismatchedActions: { case: string; values: bigint[]; calldatas: string[]; lengths: bigint[] }[] = [
      { case: "missing value", values: [], calldatas: ["0x"], lengths: [1n, 0n, 1n] },
      { case: "missing calldata", values: [0n], calldatas: [], lengths: [1n, 1n, 0n] },
      { case: "extra value", values: [0n, 0n], calldatas: ["0x"], lengths: [1n, 2n, 1n] },
    ];
    for (const mismatch of mismatchedActions) {
      it(`rejects action arrays with ${mismatch.case}`, async function () {
        const { judgment, founders, outsiders } = await loadFixture(deployJudgmentFixture);
        const options = plainOptions(2);
        options[1] = {
          ...options[1],
          targets: [outsiders[0].address],
          values: mismatch.values,
          calldatas: mismatch.calldatas,
        };

        await expect(judgment.connect(founders[0]).propose(options, false, testDescription()))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidActions")
          .withArgs(1n, ...mismatch.lengths);
      });
    }

    it("accepts 64 actions in total", async function () {
      const { judgment, founders, outsiders } = await loadFixture(deployJudgmentFixture);
      const payment = { target: outsiders[0].address, data: "0x" };
      const options = [
        option(
          "Forty payments",
          Array.from({ length: 40 }, () => payment),
        ),
        option(
          "Twenty-four payments",
          Array.from({ length: 24 }, () => payment),
        ),
      ];

      const { id } = await proposeJudgment(judgment, founders[0], options);

      expect(await judgment.optionActionsHash(id, 1)).to.equal(actionsHash(options[1]));
    });

    it("rejects 65 actions in total", async function () {
      const { judgment, founders, outsiders } = await loadFixture(deployJudgmentFixture);
      const payment = { target: outsiders[0].address, data: "0x" };
      const options = [
        option(
          "Forty payments",
          Array.from({ length: 40 }, () => payment),
        ),
        option("No payment"),
        option(
          "Twenty-five payments",
          Array.from({ length: 25 }, () => payment),
        ),
      ];

      await expect(judgment.connect(founders[0]).propose(options, false, testDescription()))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentTooManyActions")
        .withArgs(65n, 64n);
    });

    it("rejects option setting a member's weight", async function () {
      const { judgment, membership, founders } = await loadFixture(deployJudgmentFixture);
      const options = [
        option("Keep weights"),
        option("Weigh a founder ten", [await contractAction(membership, "setWeight", [founders[0].address, 10n])]),
      ];

      await expect(judgment.connect(founders[0]).propose(options, false, testDescription()))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentExtraordinaryOption")
        .withArgs(1n);
    });

    it("rejects option calling the timelock", async function () {
      const { judgment, timelock, founders } = await loadFixture(deployJudgmentFixture);
      const options = [
        option("Shorten the delay", [await contractAction(timelock, "updateDelay", [0n])]),
        option("Keep the delay"),
      ];

      await expect(judgment.connect(founders[0]).propose(options, false, testDescription()))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentExtraordinaryOption")
        .withArgs(0n);
    });

    it("rejects option changing its own settings", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const options = [
        option("Keep the rules"),
        option("Drop the quorum", [
          await contractAction(judgment, "setSettings", [settingsWith({ quorumPercent: 0n })]),
        ]),
      ];

      await expect(judgment.connect(founders[0]).propose(options, false, testDescription()))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentExtraordinaryOption")
        .withArgs(1n);
    });

    it("rejects description without document", async function () {
      const { judgment, charter, founders } = await loadFixture(deployJudgmentFixture);

      await expect(
        judgment.connect(founders[0]).propose(plainOptions(2), false, "# Choose\n\nNo document yet.\n"),
      ).to.be.revertedWithCustomError(charter, "CoopCharterMissingDocument");
    });

    it("rejects duplicate proposal", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id, options, description } = await proposeJudgment(judgment, founders[0], plainOptions(2));

      await expect(judgment.connect(founders[0]).propose(options, false, description))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentProposalExists")
        .withArgs(id);
    });

    it("gives another proposer another id", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const first = await proposeJudgment(judgment, founders[0], plainOptions(2));

      const second = await proposeJudgment(judgment, founders[1], first.options, { description: first.description });

      expect(second.id).not.to.equal(first.id);
      expect((await judgment.proposalDetails(second.id)).proposer).to.equal(founders[1].address);
    });

    it("rejects proposal from non-member", async function () {
      const { judgment, outsiders } = await loadFixture(deployJudgmentFixture);

      await expect(judgment.connect(outsiders[0]).propose(plainOptions(2), false, testDescription()))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentNotMember")
        .withArgs(outsiders[0].address);
    });

    it("rejects proposal from former member", async function () {
      const { judgment, membership, founders } = await loadFixture(deployJudgmentFixture);
      await membership.connect(founders[4]).resign();

      await expect(judgment.connect(founders[4]).propose(plainOptions(2), false, testDescription()))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentNotMember")
        .withArgs(founders[4].address);
    });

    it("rejects proposal from member who delegated votes", async function () {
      const { judgment, byTimelock, membership, founders } = await loadFixture(deployJudgmentFixture);
      await byTimelock.setProxyVoting(true, 1);
      await membership.connect(founders[4]).delegate(founders[3].address);

      await expect(judgment.connect(founders[4]).propose(plainOptions(2), false, testDescription()))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentNotMember")
        .withArgs(founders[4].address);
    });

    it("returns the id of hashProposal", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const options = plainOptions(2);
      const description = testDescription();

      const returned = await judgment.connect(founders[0]).propose.staticCall(options, false, description);

      expect(returned).to.equal(
        await judgment.hashProposal(founders[0].address, options, false, hashText(description)),
      );
    });

    it("hashes every input", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const options = plainOptions(2);
      const descriptionHash = hashText(testDescription());
      const base = await judgment.hashProposal(founders[0].address, options, false, descriptionHash);

      const variants = {
        proposer: await judgment.hashProposal(founders[1].address, options, false, descriptionHash),
        options: await judgment.hashProposal(founders[0].address, plainOptions(3), false, descriptionHash),
        statusQuo: await judgment.hashProposal(founders[0].address, options, true, descriptionHash),
        description: await judgment.hashProposal(founders[0].address, options, false, hashText("Other")),
      };

      for (const [input, hash] of Object.entries(variants)) {
        expect(hash, input).not.to.equal(base);
      }
    });
  });

  describe("states", function () {
    it("moves from pending to active after snapshot", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await proposeJudgment(judgment, founders[0], plainOptions(2));
      const { snapshot } = await judgment.proposalDetails(id);

      await time.increaseTo(snapshot);
      expect(await judgmentState(judgment, id), "at snapshot").to.equal("Pending");

      await time.increaseTo(snapshot + 1n);
      expect(await judgmentState(judgment, id), "after snapshot").to.equal("Active");
    });

    it("stays active until deadline", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      const { deadline } = await judgment.proposalDetails(id);

      await time.increaseTo(deadline);
      expect(await judgmentState(judgment, id), "at deadline").to.equal("Active");

      await time.increaseTo(deadline + 1n);
      expect(await judgmentState(judgment, id), "after deadline").to.equal("Defeated");
    });

    it("succeeds with a winner", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);

      const { id } = await electFirstCandidate(fixture);

      expect(await judgmentState(fixture.judgment, id)).to.equal("Succeeded");
    });

    it("runs through queued to executed", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment } = fixture;
      const handle = await electFirstCandidate(fixture);

      await queueWinner(judgment, handle, 0);
      expect(await judgmentState(judgment, handle.id), "after queue").to.equal("Queued");

      await judgment.execute(handle.id, ...optionActions(handle, 0));
      expect(await judgmentState(judgment, handle.id), "after execute").to.equal("Executed");
    });

    it("rejects unknown proposal", async function () {
      const { judgment } = await loadFixture(deployJudgmentFixture);

      await expect(judgment.state(42n))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnknownProposal")
        .withArgs(42n);
    });

    for (const view of ["outcome", "tallies", "proposalDetails"] as const) {
      it(`rejects ${view} of unknown proposal`, async function () {
        const { judgment } = await loadFixture(deployJudgmentFixture);

        await expect(judgment[view](42n))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnknownProposal")
          .withArgs(42n);
      });
    }
  });

  describe("ballots", function () {
    it("records grades in histograms", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(3));

      await judgment.connect(founders[0]).castBallot(id, [GRADE.excellent, GRADE.reject, GRADE.good]);
      await judgment.connect(founders[1]).castBallot(id, [GRADE.excellent, GRADE.poor, GRADE.veryGood]);

      const expected = emptyTallies(3, 6);
      expected[0][GRADE.excellent] = 2n;
      expected[1][GRADE.reject] = 1n;
      expected[1][GRADE.poor] = 1n;
      expected[2][GRADE.good] = 1n;
      expected[2][GRADE.veryGood] = 1n;
      expect(await talliesOf(judgment, id)).to.deep.equal(expected);
    });

    it("emits BallotCast", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(3));
      const grades = [GRADE.excellent, GRADE.reject, GRADE.good];

      await expect(judgment.connect(founders[1]).castBallot(id, grades))
        .to.emit(judgment, "BallotCast")
        .withArgs(founders[1].address, id, grades, 1n, false);
    });

    it("returns the voter's weight", async function () {
      const { judgment, byTimelock, founders } = await loadFixture(deployJudgmentFixture);
      await byTimelock.setWeight(founders[1].address, 7n);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));

      expect(await judgment.connect(founders[1]).castBallot.staticCall(id, [1, 2])).to.equal(7n);
    });

    it("weighs ballot at snapshot", async function () {
      const { judgment, byTimelock, founders } = await loadFixture(deployJudgmentFixture);
      await byTimelock.setWeight(founders[1].address, 7n);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      await byTimelock.setWeight(founders[1].address, 100n);

      await judgment.connect(founders[1]).castBallot(id, [GRADE.good, GRADE.poor]);

      const tallies = await talliesOf(judgment, id);
      expect(tallies[0][GRADE.good], "option 0").to.equal(7n);
      expect(tallies[1][GRADE.poor], "option 1").to.equal(7n);
    });

    it("shows ballot of grades", async function () {
      const { judgment, byTimelock, founders } = await loadFixture(deployJudgmentFixture);
      await byTimelock.setWeight(founders[1].address, 3n);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(32));
      const grades = Array.from({ length: 32 }, (_, index) => index % 6);

      await judgment.connect(founders[1]).castBallot(id, grades);

      const [kind, weight, shown] = await judgment.ballotOf(id, founders[1].address);
      expect(kind, "kind").to.equal(1n);
      expect(weight, "weight").to.equal(3n);
      expect(shown.map(Number), "grades").to.deep.equal(grades);
    });

    it("shows no ballot", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));

      const [kind, weight, shown] = await judgment.ballotOf(id, founders[1].address);

      expect(kind, "kind").to.equal(0n);
      expect(weight, "weight").to.equal(0n);
      expect(shown.length, "grades").to.equal(0);
    });

    it("rejects ballotOf for unknown proposal", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);

      await expect(judgment.ballotOf(42n, founders[0].address))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnknownProposal")
        .withArgs(42n);
    });

    it("replaces previous grades", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      await judgment.connect(founders[0]).castBallot(id, [GRADE.good, GRADE.good]);
      await judgment.connect(founders[1]).castBallot(id, [GRADE.excellent, GRADE.reject]);

      await expect(judgment.connect(founders[1]).castBallot(id, [GRADE.reject, GRADE.excellent]))
        .to.emit(judgment, "BallotCast")
        .withArgs(founders[1].address, id, [GRADE.reject, GRADE.excellent], 1n, true);

      const expected = emptyTallies(2, 6);
      expected[0][GRADE.good] = 1n;
      expected[1][GRADE.good] = 1n;
      expected[0][GRADE.reject] = 1n;
      expected[1][GRADE.excellent] = 1n;
      expect(await talliesOf(judgment, id)).to.deep.equal(expected);
    });

    it("keeps ballot of member who left", async function () {
      const { judgment, membership, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      await judgment.connect(founders[4]).castBallot(id, [GRADE.good, GRADE.poor]);

      await membership.connect(founders[4]).resign();

      const tallies = await talliesOf(judgment, id);
      expect(tallies[0][GRADE.good]).to.equal(1n);
    });

    describe("fractional", function () {
      /** Weight of the fractional voter. */
      const WEIGHT = 10n;

      /** Opens two options on the default scale after giving the second founder a weight of ten. */
      async function openWeighted(fixture: JudgmentFixture): Promise<JudgmentHandle> {
        await fixture.byTimelock.setWeight(fixture.founders[1].address, WEIGHT);
        return openJudgment(fixture.judgment, fixture.founders[0], plainOptions(2));
      }

      /** Parts that spread the weight of ten over several grades of both options. */
      const PARTS = [
        [1n, 2n, 3n, 4n, 0n, 0n],
        [0n, 0n, 0n, 0n, 0n, 10n],
      ];

      it("records parts in histograms", async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);

        await judgment.connect(founders[1]).castFractionalBallot(id, PARTS);

        expect(await talliesOf(judgment, id)).to.deep.equal(PARTS);
      });

      it("emits FractionalBallotCast", async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);

        await expect(judgment.connect(founders[1]).castFractionalBallot(id, PARTS))
          .to.emit(judgment, "FractionalBallotCast")
          .withArgs(founders[1].address, id, PARTS, WEIGHT, false);
      });

      it("shows fractional ballot", async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);

        await judgment.connect(founders[1]).castFractionalBallot(id, PARTS);

        const [kind, weight, shown] = await judgment.ballotOf(id, founders[1].address);
        expect(kind, "kind").to.equal(2n);
        expect(weight, "weight").to.equal(WEIGHT);
        expect(shown.length, "grades").to.equal(0);
      });

      it("replaces previous parts", async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);
        await judgment.connect(founders[0]).castBallot(id, [GRADE.good, GRADE.good]);
        await judgment.connect(founders[1]).castFractionalBallot(id, PARTS);
        const next = [
          [0n, 0n, 5n, 0n, 0n, 5n],
          [10n, 0n, 0n, 0n, 0n, 0n],
        ];

        await expect(judgment.connect(founders[1]).castFractionalBallot(id, next))
          .to.emit(judgment, "FractionalBallotCast")
          .withArgs(founders[1].address, id, next, WEIGHT, true);

        const expected = next.map((row) => [...row]);
        expected[0][GRADE.good] += 1n;
        expected[1][GRADE.good] += 1n;
        expect(await talliesOf(judgment, id)).to.deep.equal(expected);
      });

      it("replaces grades with parts", async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);
        await judgment.connect(founders[1]).castBallot(id, [GRADE.reject, GRADE.excellent]);

        await expect(judgment.connect(founders[1]).castFractionalBallot(id, PARTS))
          .to.emit(judgment, "FractionalBallotCast")
          .withArgs(founders[1].address, id, PARTS, WEIGHT, true);

        expect(await talliesOf(judgment, id)).to.deep.equal(PARTS);
      });

      it("replaces parts with grades", async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);
        await judgment.connect(founders[1]).castFractionalBallot(id, PARTS);

        await expect(judgment.connect(founders[1]).castBallot(id, [GRADE.veryGood, GRADE.poor]))
          .to.emit(judgment, "BallotCast")
          .withArgs(founders[1].address, id, [GRADE.veryGood, GRADE.poor], WEIGHT, true);

        expect(await talliesOf(judgment, id)).to.deep.equal(partsOfGrades([GRADE.veryGood, GRADE.poor], 6, WEIGHT));
      });

      it("replaces parts after grades replaced them", async function () {
        // The second fractional ballot must not subtract the parts of the first one again.
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);
        await judgment.connect(founders[1]).castFractionalBallot(id, PARTS);
        await judgment.connect(founders[1]).castBallot(id, [GRADE.veryGood, GRADE.poor]);

        await judgment.connect(founders[1]).castFractionalBallot(id, PARTS);

        expect(await talliesOf(judgment, id)).to.deep.equal(PARTS);
      });

      it("rejects parts not adding up to weight", async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);

        await expect(judgment.connect(founders[1]).castFractionalBallot(id, [PARTS[0], [0n, 0n, 0n, 0n, 1n, 10n]]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentPartsMismatch")
          .withArgs(1n, 11n, WEIGHT);
      });

      it("rejects option without parts", async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);

        await expect(judgment.connect(founders[1]).castFractionalBallot(id, [[0n, 0n, 0n, 0n, 0n, 0n], PARTS[1]]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentPartsMismatch")
          .withArgs(0n, 0n, WEIGHT);
      });

      it("rejects wrong number of rows", async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);

        await expect(judgment.connect(founders[1]).castFractionalBallot(id, [...PARTS, PARTS[1]]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentWrongGradeCount")
          .withArgs(3n, 2n);
      });

      it("rejects row of wrong length", async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);

        await expect(judgment.connect(founders[1]).castFractionalBallot(id, [PARTS[0], [0n, 0n, 0n, 0n, 10n]]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentWrongGradeCount")
          .withArgs(5n, 6n);
      });

      it("rejects part past the count width", async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);

        await expect(
          judgment.connect(founders[1]).castFractionalBallot(id, [[0n, 0n, 0n, MAX_COUNT + 1n, 0n, 0n], PARTS[1]]),
        )
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentCountOverflow")
          .withArgs(0n, 3n);
      });

      it("rejects part that wraps the sum", async function () {
        // 1 + (2^256 - 1) wraps around to zero in 256 bits: the part is too large for a count,
        // so the ballot must revert with CoopJudgmentCountOverflow, not an arithmetic panic on the sum.
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, founders } = fixture;
        const { id } = await openWeighted(fixture);

        await expect(
          judgment.connect(founders[1]).castFractionalBallot(id, [[1n, MaxUint256, 0n, 0n, 0n, 0n], PARTS[1]]),
        )
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentCountOverflow")
          .withArgs(0n, 1n);
      });
    });

    describe("rejected ballots", function () {
      it("rejects grade outside the scale", async function () {
        const { judgment, founders } = await loadFixture(deployJudgmentFixture);
        const { id } = await openJudgment(judgment, founders[0], plainOptions(3));

        await expect(judgment.connect(founders[1]).castBallot(id, [GRADE.good, 6, GRADE.good]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentGradeOutOfScale")
          .withArgs(1n, 6n, 6n);
      });

      it("rejects grade 255", async function () {
        const { judgment, founders } = await loadFixture(deployJudgmentFixture);
        const { id } = await openJudgment(judgment, founders[0], plainOptions(2));

        await expect(judgment.connect(founders[1]).castBallot(id, [GRADE.good, 255]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentGradeOutOfScale")
          .withArgs(1n, 255n, 6n);
      });

      for (const count of [2, 4]) {
        it(`rejects ${count} grades for 3 options`, async function () {
          const { judgment, founders } = await loadFixture(deployJudgmentFixture);
          const { id } = await openJudgment(judgment, founders[0], plainOptions(3));

          await expect(judgment.connect(founders[1]).castBallot(id, Array(count).fill(GRADE.good)))
            .to.be.revertedWithCustomError(judgment, "CoopJudgmentWrongGradeCount")
            .withArgs(BigInt(count), 3n);
        });
      }

      it("rejects ballot from non-member", async function () {
        const { judgment, founders, outsiders } = await loadFixture(deployJudgmentFixture);
        const { id } = await openJudgment(judgment, founders[0], plainOptions(2));

        await expect(judgment.connect(outsiders[0]).castBallot(id, [GRADE.good, GRADE.good]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentNotMember")
          .withArgs(outsiders[0].address);
      });

      it("rejects fractional ballot from non-member", async function () {
        const { judgment, founders, outsiders } = await loadFixture(deployJudgmentFixture);
        const { id } = await openJudgment(judgment, founders[0], plainOptions(2));

        await expect(
          judgment.connect(outsiders[0]).castFractionalBallot(id, partsOfGrades([GRADE.good, GRADE.good], 6, 1n)),
        )
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentNotMember")
          .withArgs(outsiders[0].address);
      });

      it("rejects member admitted after snapshot", async function () {
        const { judgment, byTimelock, founders, outsiders } = await loadFixture(deployJudgmentFixture);
        const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
        await byTimelock.admit(outsiders[0].address);

        await expect(judgment.connect(outsiders[0]).castBallot(id, [GRADE.good, GRADE.good]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentNoVotesAtSnapshot")
          .withArgs(outsiders[0].address, id);
      });

      it("rejects member who delegated votes", async function () {
        const { judgment, byTimelock, membership, founders } = await loadFixture(deployJudgmentFixture);
        await byTimelock.setProxyVoting(true, 1);
        await membership.connect(founders[4]).delegate(founders[3].address);
        const { id } = await openJudgment(judgment, founders[0], plainOptions(2));

        await expect(judgment.connect(founders[4]).castBallot(id, [GRADE.good, GRADE.good]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentNoVotesAtSnapshot")
          .withArgs(founders[4].address, id);
        await expect(judgment.connect(founders[3]).castBallot(id, [GRADE.good, GRADE.good]), "proxy's ballot")
          .to.emit(judgment, "BallotCast")
          .withArgs(founders[3].address, id, [GRADE.good, GRADE.good], 2n, false);
      });

      it("rejects member who left", async function () {
        const { judgment, membership, founders } = await loadFixture(deployJudgmentFixture);
        const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
        await membership.connect(founders[4]).resign();

        await expect(judgment.connect(founders[4]).castBallot(id, [GRADE.good, GRADE.good]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentNotMember")
          .withArgs(founders[4].address);
      });

      it("rejects ballot before snapshot", async function () {
        const { judgment, founders } = await loadFixture(deployJudgmentFixture);
        const { id } = await proposeJudgment(judgment, founders[0], plainOptions(2));

        await expect(judgment.connect(founders[1]).castBallot(id, [GRADE.good, GRADE.good]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
          .withArgs(id, stateNumber("Pending"));
      });

      it("rejects ballot after deadline", async function () {
        const { judgment, founders } = await loadFixture(deployJudgmentFixture);
        const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
        await judgment.connect(founders[0]).castBallot(id, [GRADE.good, GRADE.poor]);
        await closeJudgment(judgment, id);

        await expect(judgment.connect(founders[1]).castBallot(id, [GRADE.poor, GRADE.good]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
          .withArgs(id, stateNumber("Succeeded"));
      });

      it("rejects fractional ballot after deadline", async function () {
        const { judgment, founders } = await loadFixture(deployJudgmentFixture);
        const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
        await closeJudgment(judgment, id);

        await expect(
          judgment.connect(founders[1]).castFractionalBallot(id, partsOfGrades([GRADE.good, GRADE.good], 6, 1n)),
        )
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
          .withArgs(id, stateNumber("Defeated"));
      });

      it("rejects ballot on canceled proposal", async function () {
        const { judgment, founders } = await loadFixture(deployJudgmentFixture);
        const { id } = await proposeJudgment(judgment, founders[0], plainOptions(2));
        await judgment.connect(founders[0]).cancel(id);
        await time.increaseTo((await judgment.proposalDetails(id)).snapshot + 1n);

        await expect(judgment.connect(founders[1]).castBallot(id, [GRADE.good, GRADE.good]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
          .withArgs(id, stateNumber("Canceled"));
      });

      it("rejects ballot on unknown proposal", async function () {
        const { judgment, founders } = await loadFixture(deployJudgmentFixture);

        await expect(judgment.connect(founders[1]).castBallot(42n, [GRADE.good, GRADE.good]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnknownProposal")
          .withArgs(42n);
      });

      it("rejects fractional ballot on unknown proposal", async function () {
        const { judgment, founders } = await loadFixture(deployJudgmentFixture);

        await expect(judgment.connect(founders[1]).castFractionalBallot(42n, partsOfGrades([1, 1], 6, 1n)))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnknownProposal")
          .withArgs(42n);
      });
    });
  });

  describe("signed ballots", function () {
    it("counts relayed ballot", async function () {
      const { judgment, founders, outsiders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      const grades = [GRADE.veryGood, GRADE.poor];
      const signature = await signJudgmentBallot(judgment, founders[1], id, grades);

      await expect(judgment.connect(outsiders[0]).castBallotBySig(id, founders[1].address, grades, signature))
        .to.emit(judgment, "BallotCast")
        .withArgs(founders[1].address, id, grades, 1n, false);

      const [kind, , shown] = await judgment.ballotOf(id, founders[1].address);
      expect(kind, "kind").to.equal(1n);
      expect(shown.map(Number), "grades").to.deep.equal(grades);
    });

    it("uses nonce of the proposal's key", async function () {
      const { judgment, founders, outsiders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      const key = id & (2n ** 192n - 1n);
      const signature = await signJudgmentBallot(judgment, founders[1], id, [1, 2]);

      await judgment.connect(outsiders[0]).castBallotBySig(id, founders[1].address, [1, 2], signature);

      // A keyed nonce carries its key in the high 192 bits and the count in the low 64.
      expect(await judgment["nonces(address,uint192)"](founders[1].address, key)).to.equal((key << 64n) + 1n);
      expect(await judgment["nonces(address)"](founders[1].address), "unkeyed nonce").to.equal(0n);
    });

    it("advances nonce on direct ballot", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      const before = await judgmentNonce(judgment, founders[1].address, id);

      await judgment.connect(founders[1]).castBallot(id, [1, 2]);
      await judgment.connect(founders[1]).castFractionalBallot(id, partsOfGrades([2, 1], 6, 1n));

      expect(await judgmentNonce(judgment, founders[1].address, id)).to.equal(before + 2n);
    });

    it("rejects other grades than signed", async function () {
      const { judgment, founders, outsiders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      const signature = await signJudgmentBallot(judgment, founders[1], id, [GRADE.poor, GRADE.excellent]);

      await expect(
        judgment
          .connect(outsiders[0])
          .castBallotBySig(id, founders[1].address, [GRADE.excellent, GRADE.poor], signature),
      )
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
        .withArgs(founders[1].address);
    });

    it("checks ballot rules after signature", async function () {
      const { judgment, founders, outsiders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      const signature = await signJudgmentBallot(judgment, founders[1], id, [GRADE.poor, 9]);

      await expect(judgment.connect(outsiders[0]).castBallotBySig(id, founders[1].address, [GRADE.poor, 9], signature))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentGradeOutOfScale")
        .withArgs(1n, 9n, 6n);
    });
  });

  describe("outcome", function () {
    it("reports winner, grade and participation", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      const firstGrades = [GRADE.veryGood, GRADE.veryGood, GRADE.veryGood, GRADE.good, GRADE.good];
      for (const [index, founder] of founders.entries()) {
        await judgment.connect(founder).castBallot(id, [firstGrades[index], GRADE.acceptable]);
      }

      const [result, leaders, grade, participation, quorum] = await judgment.outcome(id);

      expect(OUTCOMES[Number(result)], "result").to.equal("Winner");
      expect([...leaders], "leaders").to.deep.equal([0n]);
      expect(grade, "majority grade").to.equal(BigInt(GRADE.veryGood));
      expect(participation, "participation").to.equal(5n);
      // 25% of the five founders' weight, rounded down.
      expect(quorum, "quorum").to.equal(1n);
    });

    it("reads quorum as zero before snapshot", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await proposeJudgment(judgment, founders[0], plainOptions(2));

      const [result, leaders, , , quorum] = await judgment.outcome(id);

      expect(quorum, "quorum").to.equal(0n);
      expect(OUTCOMES[Number(result)], "result").to.equal("Tie");
      expect([...leaders], "leaders").to.deep.equal([0n, 1n]);
    });

    it("reports missed quorum", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;
      await changeJudgmentSettings(fixture, { quorumPercent: 60n });
      const handle = await openAdmissions(fixture);
      await gradeAll(judgment, handle.id, founders.slice(0, 2), [GRADE.excellent, GRADE.poor, GRADE.poor]);
      await closeJudgment(judgment, handle.id);

      const [result, , , participation, quorum] = await judgment.outcome(handle.id);
      expect(OUTCOMES[Number(result)], "result").to.equal("QuorumNotReached");
      expect(participation, "participation").to.equal(2n);
      expect(quorum, "quorum").to.equal(3n);
      expect(await judgmentState(judgment, handle.id), "state").to.equal("Defeated");
      await expect(judgment.queue(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentQuorumNotReached")
        .withArgs(handle.id, 2n, 3n);
    });

    it("keeps quorum of snapshot weight", async function () {
      // Members admitted after the snapshot raise the total weight now, not the quorum.
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, byTimelock, founders, outsiders } = fixture;
      await changeJudgmentSettings(fixture, { quorumPercent: 60n });
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      for (const outsider of outsiders.slice(0, 5)) {
        await byTimelock.admit(outsider.address);
      }
      await gradeAll(judgment, id, founders.slice(0, 3), [GRADE.excellent, GRADE.poor]);
      await closeJudgment(judgment, id);

      const [result, , , , quorum] = await judgment.outcome(id);
      expect(quorum, "quorum").to.equal(3n);
      expect(OUTCOMES[Number(result)], "result").to.equal("Winner");
    });

    it("keeps quorum frozen at creation", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;
      await changeJudgmentSettings(fixture, { quorumPercent: 60n });
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      await gradeAll(judgment, id, founders.slice(0, 2), [GRADE.excellent, GRADE.poor]);
      await closeJudgment(judgment, id);

      await changeJudgmentSettings(fixture, { quorumPercent: 0n });

      expect(await judgmentState(judgment, id)).to.equal("Defeated");
    });

    it("reports tie for first place", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;
      const handle = await openAdmissions(fixture);
      await gradeAll(judgment, handle.id, founders, [GRADE.good, GRADE.poor, GRADE.good]);
      await closeJudgment(judgment, handle.id);

      const [result, leaders, grade] = await judgment.outcome(handle.id);
      expect(OUTCOMES[Number(result)], "result").to.equal("Tie");
      expect([...leaders], "leaders").to.deep.equal([0n, 2n]);
      expect(grade, "grade").to.equal(BigInt(GRADE.good));
      expect(await judgmentState(judgment, handle.id), "state").to.equal("Defeated");
      await expect(judgment.queue(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentTied")
        .withArgs(handle.id, [0n, 2n]);
    });

    it("reports winner below minimum", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;
      const handle = await openAdmissions(fixture);
      await gradeAll(judgment, handle.id, founders, [GRADE.poor, GRADE.reject, GRADE.reject]);
      await closeJudgment(judgment, handle.id);

      const [result, leaders, grade] = await judgment.outcome(handle.id);
      expect(OUTCOMES[Number(result)], "result").to.equal("BelowMinimum");
      expect([...leaders], "leaders").to.deep.equal([0n]);
      expect(grade, "grade").to.equal(BigInt(GRADE.poor));
      expect(await judgmentState(judgment, handle.id), "state").to.equal("Defeated");
      await expect(judgment.queue(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentBelowMinimum")
        .withArgs(handle.id, 0n, BigInt(GRADE.poor), DEFAULT_JUDGMENT_SETTINGS.minimumGrade);
    });

    it("accepts winner at minimum", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;
      const handle = await openAdmissions(fixture);
      await gradeAll(judgment, handle.id, founders, [GRADE.acceptable, GRADE.poor, GRADE.reject]);
      await closeJudgment(judgment, handle.id);

      await expect(judgment.queue(handle.id, ...optionActions(handle, 0)))
        .to.emit(judgment, "ProposalQueued")
        .withArgs(handle.id, 0n, anyEta());
    });

    it("runs nothing for winner without actions", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;
      const handle = await openAdmissions(fixture);
      await gradeAll(judgment, handle.id, founders, [GRADE.poor, GRADE.poor, GRADE.good]);
      await closeJudgment(judgment, handle.id);

      expect(await judgmentState(judgment, handle.id), "state").to.equal("Succeeded");
      await expect(judgment.queue(handle.id, [], [], []))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentNothingToExecute")
        .withArgs(handle.id, 2n);
    });

    it("runs nothing when status quo wins", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;
      const handle = await openAdmissions(fixture, { statusQuo: true });
      await gradeAll(judgment, handle.id, founders, [GRADE.poor, GRADE.poor, GRADE.poor, GRADE.good]);
      await closeJudgment(judgment, handle.id);

      const [, leaders] = await judgment.outcome(handle.id);
      expect([...leaders], "leaders").to.deep.equal([3n]);
      await expect(judgment.queue(handle.id, [], [], []))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentNothingToExecute")
        .withArgs(handle.id, 3n);
    });
  });

  describe("queue and execute", function () {
    it("queues winner in the timelock", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, timelock } = fixture;
      const handle = await electFirstCandidate(fixture);
      const operationId = await judgmentOperationId(timelock, judgment, handle, 0);

      const tx = judgment.queue(handle.id, ...optionActions(handle, 0));

      await expect(tx).to.emit(judgment, "ProposalQueued").withArgs(handle.id, 0n, anyEta());
      const eta = (await judgment.proposalDetails(handle.id)).eta;
      expect(eta, "eta").to.equal(BigInt(await time.latest()) + BigInt(DEFAULT_SETTINGS.timelockDelay));
      expect(await timelock.isOperationPending(operationId), "pending").to.equal(true);
      expect(await timelock.getTimestamp(operationId), "timelock timestamp").to.equal(eta);
    });

    it("rejects actions of another option", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const handle = await electFirstCandidate(fixture);

      await expect(fixture.judgment.queue(handle.id, ...optionActions(handle, 1)))
        .to.be.revertedWithCustomError(fixture.judgment, "CoopJudgmentActionsMismatch")
        .withArgs(handle.id, 0n);
    });

    it("rejects winner's actions with another value", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const handle = await electFirstCandidate(fixture);
      const [targets, , calldatas] = optionActions(handle, 0);

      await expect(fixture.judgment.queue(handle.id, targets, [1n], calldatas))
        .to.be.revertedWithCustomError(fixture.judgment, "CoopJudgmentActionsMismatch")
        .withArgs(handle.id, 0n);
    });

    it("rejects queue while active", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;
      const handle = await openAdmissions(fixture);
      await gradeAll(judgment, handle.id, founders, [GRADE.excellent, GRADE.good, GRADE.poor]);

      await expect(judgment.queue(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
        .withArgs(handle.id, stateNumber("Active"));
    });

    it("rejects queue before any ballot", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment } = fixture;
      const handle = await openAdmissions(fixture);

      await expect(judgment.queue(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
        .withArgs(handle.id, stateNumber("Active"));
    });

    it("rejects queue twice", async function () {
      const { judgment, handle } = await loadFixture(deployQueuedFixture);

      await expect(judgment.queue(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
        .withArgs(handle.id, stateNumber("Queued"));
    });

    it("rejects queue of unknown proposal", async function () {
      const { judgment } = await loadFixture(deployJudgmentFixture);

      await expect(judgment.queue(42n, [], [], []))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnknownProposal")
        .withArgs(42n);
    });

    it("rejects execute before queue", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const handle = await electFirstCandidate(fixture);

      await expect(fixture.judgment.execute(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(fixture.judgment, "CoopJudgmentUnexpectedState")
        .withArgs(handle.id, stateNumber("Succeeded"));
    });

    it("rejects execute before eta", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, timelock } = fixture;
      const handle = await electFirstCandidate(fixture);
      await judgment.queue(handle.id, ...optionActions(handle, 0));

      await expect(judgment.execute(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState")
        .withArgs(await judgmentOperationId(timelock, judgment, handle, 0), operationStateBitmap("Ready"));
    });

    it("executes winner", async function () {
      const { judgment, membership, outsiders, handle } = await loadFixture(deployQueuedFixture);

      await expect(judgment.execute(handle.id, ...optionActions(handle, 0)))
        .to.emit(judgment, "ProposalExecuted")
        .withArgs(handle.id, 0n);

      expect(await membership.isMember(outsiders[0].address), "winner's candidate").to.equal(true);
      expect(await membership.isMember(outsiders[1].address), "loser's candidate").to.equal(false);
      expect((await judgment.proposalDetails(handle.id)).executed, "executed").to.equal(true);
    });

    it("rejects execute twice", async function () {
      const { judgment, handle } = await loadFixture(deployQueuedFixture);
      await judgment.execute(handle.id, ...optionActions(handle, 0));

      await expect(judgment.execute(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
        .withArgs(handle.id, stateNumber("Executed"));
    });

    it("rejects execute with other actions", async function () {
      const { judgment, handle } = await loadFixture(deployQueuedFixture);

      await expect(judgment.execute(handle.id, ...optionActions(handle, 1)))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentActionsMismatch")
        .withArgs(handle.id, 0n);
    });

    it("pays from the timelock's balance", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, timelock, outsiders } = fixture;
      const recipient = outsiders[2].address;
      const handle = await electPayment(fixture, recipient);
      await queueWinner(judgment, handle, 0);
      const treasuryBefore = await ethers.provider.getBalance(await timelock.getAddress());
      const recipientBefore = await ethers.provider.getBalance(recipient);

      await judgment.execute(handle.id, ...optionActions(handle, 0));

      expect(await ethers.provider.getBalance(await timelock.getAddress()), "treasury").to.equal(
        treasuryBefore - PAYMENT,
      );
      expect(await ethers.provider.getBalance(recipient), "recipient").to.equal(recipientBefore + PAYMENT);
    });

    it("forwards ether sent with execute", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, timelock, outsiders } = fixture;
      const recipient = outsiders[2].address;
      const handle = await electPayment(fixture, recipient);
      await queueWinner(judgment, handle, 0);
      await setBalance(await timelock.getAddress(), 0n);
      const recipientBefore = await ethers.provider.getBalance(recipient);

      await judgment.execute(handle.id, ...optionActions(handle, 0), { value: PAYMENT });

      expect(await ethers.provider.getBalance(recipient), "recipient").to.equal(recipientBefore + PAYMENT);
      expect(await ethers.provider.getBalance(await timelock.getAddress()), "treasury").to.equal(0n);
    });

    it("rejects payment above the treasury", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, timelock, outsiders } = fixture;
      const handle = await electPayment(fixture, outsiders[2].address);
      await queueWinner(judgment, handle, 0);
      await setBalance(await timelock.getAddress(), PAYMENT - 1n);

      await expect(judgment.execute(handle.id, ...optionActions(handle, 0))).to.be.revertedWithCustomError(
        timelock,
        "FailedCall",
      );

      expect(await judgmentState(judgment, handle.id)).to.equal("Queued");
    });
  });

  describe("cancellation", function () {
    /** Names an outsider guardian, from the timelock's account. */
    async function nameGuardian(fixture: JudgmentFixture): Promise<HardhatEthersSigner> {
      const guardian = fixture.outsiders[5];
      await fixture.charter.connect(fixture.timelockSigner).setGuardian(guardian.address);
      return guardian;
    }

    it("lets proposer cancel pending proposal", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await proposeJudgment(judgment, founders[0], plainOptions(2));

      await expect(judgment.connect(founders[0]).cancel(id))
        .to.emit(judgment, "ProposalCanceled")
        .withArgs(id, founders[0].address);

      expect(await judgmentState(judgment, id), "state").to.equal("Canceled");
      expect((await judgment.proposalDetails(id)).canceled, "canceled").to.equal(true);
    });

    it("rejects proposer once voting opens", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));

      await expect(judgment.connect(founders[0]).cancel(id))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentCannotCancel")
        .withArgs(id, founders[0].address);
    });

    it("rejects other member while pending", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await proposeJudgment(judgment, founders[0], plainOptions(2));

      await expect(judgment.connect(founders[1]).cancel(id))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentCannotCancel")
        .withArgs(id, founders[1].address);
    });

    it("lets guardian cancel active proposal", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, founders } = fixture;
      const guardian = await nameGuardian(fixture);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));

      await expect(judgment.connect(guardian).cancel(id))
        .to.emit(judgment, "ProposalCanceled")
        .withArgs(id, guardian.address);

      expect(await judgmentState(judgment, id)).to.equal("Canceled");
    });

    it("lets guardian cancel succeeded proposal", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const guardian = await nameGuardian(fixture);
      const handle = await electFirstCandidate(fixture);

      await fixture.judgment.connect(guardian).cancel(handle.id);

      expect(await judgmentState(fixture.judgment, handle.id), "state").to.equal("Canceled");
      await expect(fixture.judgment.queue(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(fixture.judgment, "CoopJudgmentUnexpectedState")
        .withArgs(handle.id, stateNumber("Canceled"));
    });

    it("cancels queued timelock operation", async function () {
      const fixture = await loadFixture(deployQueuedFixture);
      const { judgment, timelock, handle } = fixture;
      const guardian = await nameGuardian(fixture);
      const operationId = await judgmentOperationId(timelock, judgment, handle, 0);

      await expect(judgment.connect(guardian).cancel(handle.id)).to.emit(timelock, "Cancelled").withArgs(operationId);

      expect(await timelock.isOperation(operationId), "timelock operation").to.equal(false);
      expect(await judgmentState(judgment, handle.id), "state").to.equal("Canceled");
      await expect(judgment.execute(handle.id, ...optionActions(handle, 0)))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
        .withArgs(handle.id, stateNumber("Canceled"));
    });

    it("rejects cancel after execution", async function () {
      const fixture = await loadFixture(deployQueuedFixture);
      const { judgment, handle } = fixture;
      const guardian = await nameGuardian(fixture);
      await judgment.execute(handle.id, ...optionActions(handle, 0));

      await expect(judgment.connect(guardian).cancel(handle.id))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
        .withArgs(handle.id, stateNumber("Executed"));
    });

    it("rejects cancel twice", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);
      const { id } = await proposeJudgment(judgment, founders[0], plainOptions(2));
      await judgment.connect(founders[0]).cancel(id);

      await expect(judgment.connect(founders[0]).cancel(id))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnexpectedState")
        .withArgs(id, stateNumber("Canceled"));
    });

    it("rejects cancel of unknown proposal", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);

      await expect(judgment.connect(founders[0]).cancel(42n))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentUnknownProposal")
        .withArgs(42n);
    });
  });

  describe("upgrades", function () {
    for (const role of ["member", "outsider", "deployer"] as const) {
      it(`rejects upgrade by ${role}`, async function () {
        const fixture = await loadFixture(deployJudgmentFixture);
        const { judgment, implementations } = fixture;
        const caller = { member: fixture.founders[0], outsider: fixture.outsiders[0], deployer: fixture.deployer }[
          role
        ];

        await expect(judgment.connect(caller).upgradeToAndCall(implementations.judgment, "0x"))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentOnlyTimelock")
          .withArgs(caller.address);
      });
    }

    it("upgrades from the timelock", async function () {
      const { judgment, judgmentByTimelock, deployer } = await loadFixture(deployJudgmentFixture);
      const release = await new CoopJudgmentGovernorV2Mock__factory(deployer).deploy();
      const releaseAddress = await release.getAddress();

      await expect(judgmentByTimelock.upgradeToAndCall(releaseAddress, "0x"))
        .to.emit(judgment, "Upgraded")
        .withArgs(releaseAddress);

      const upgraded = CoopJudgmentGovernorV2Mock__factory.connect(await judgment.getAddress(), deployer);
      expect(await judgment.implementation(), "implementation").to.equal(releaseAddress);
      expect(await upgraded.version(), "version").to.equal("2");
    });

    it("keeps proposals, ballots and nonces", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, judgmentByTimelock, founders, outsiders, deployer } = fixture;
      const handle = await openAdmissions(fixture);
      await judgment.connect(founders[0]).castBallot(handle.id, [GRADE.excellent, GRADE.good, GRADE.poor]);
      const signature = await signJudgmentBallot(judgment, founders[1], handle.id, [GRADE.good, GRADE.good, 0]);
      await judgment
        .connect(outsiders[0])
        .castBallotBySig(handle.id, founders[1].address, [GRADE.good, GRADE.good, 0], signature);
      const key = handle.id & (2n ** 192n - 1n);
      const before = {
        details: await judgment.proposalDetails(handle.id),
        tallies: await talliesOf(judgment, handle.id),
        ballot: await judgment.ballotOf(handle.id, founders[0].address),
        nonce: await judgment["nonces(address,uint192)"](founders[1].address, key),
        settings: await judgment.settings(),
        actions: await judgment.optionActionsHash(handle.id, 0),
      };
      const release = await new CoopJudgmentGovernorV2Mock__factory(deployer).deploy();

      await judgmentByTimelock.upgradeToAndCall(await release.getAddress(), "0x");

      expect(await judgment.proposalDetails(handle.id), "details").to.deep.equal(before.details);
      expect(await talliesOf(judgment, handle.id), "tallies").to.deep.equal(before.tallies);
      expect(await judgment.ballotOf(handle.id, founders[0].address), "ballot").to.deep.equal(before.ballot);
      expect(await judgment["nonces(address,uint192)"](founders[1].address, key), "nonce").to.equal(before.nonce);
      expect(await judgment.settings(), "settings").to.deep.equal(before.settings);
      expect(await judgment.optionActionsHash(handle.id, 0), "actions").to.equal(before.actions);
      await expect(signedAgain(judgment, founders[1], outsiders[0], handle.id, signature), "old signature")
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
        .withArgs(founders[1].address);
    });

    it("runs proposals opened before upgrade", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);
      const { judgment, judgmentByTimelock, membership, outsiders, deployer } = fixture;
      const handle = await electFirstCandidate(fixture);
      const release = await new CoopJudgmentGovernorV2Mock__factory(deployer).deploy();
      await judgmentByTimelock.upgradeToAndCall(await release.getAddress(), "0x");

      await queueWinner(judgment, handle, 0);
      await judgment.execute(handle.id, ...optionActions(handle, 0));

      expect(await membership.isMember(outsiders[0].address)).to.equal(true);
    });

    it("rejects upgrade call on implementation", async function () {
      const { implementations, timelockSigner } = await loadFixture(deployJudgmentFixture);
      const implementation = CoopJudgmentGovernor__factory.connect(implementations.judgment, timelockSigner);

      await expect(implementation.upgradeToAndCall(implementations.judgment, "0x")).to.be.revertedWithCustomError(
        implementation,
        "UUPSUnauthorizedCallContext",
      );
    });
  });

  describe("clock", function () {
    it("declares majority-judgment counting", async function () {
      const { judgment } = await loadFixture(deployJudgmentFixture);

      expect(await judgment.COUNTING_MODE()).to.equal("support=majority-judgment&quorum=participation");
    });

    it("takes clock mode from membership", async function () {
      const { judgment, membership } = await loadFixture(deployJudgmentFixture);

      expect(await judgment.CLOCK_MODE(), "membership").to.equal(await membership.CLOCK_MODE());
      expect(await judgment.CLOCK_MODE(), "mode").to.equal("mode=timestamp");
    });

    it("takes clock from membership", async function () {
      const { judgment } = await loadFixture(deployJudgmentFixture);

      expect(await judgment.clock()).to.equal(BigInt(await time.latest()));
    });
  });

  describe("count width", function () {
    it("rejects weight above 2^64 - 1", async function () {
      const { judgment, byTimelock, founders } = await loadFixture(deployJudgmentFixture);
      await byTimelock.setWeight(founders[1].address, MAX_COUNT + 1n);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));

      await expect(judgment.connect(founders[1]).castBallot(id, [GRADE.good, GRADE.good]))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentWeightTooLarge")
        .withArgs(founders[1].address, MAX_COUNT + 1n);
    });

    it("rejects fractional weight above 2^64 - 1", async function () {
      const { judgment, byTimelock, founders } = await loadFixture(deployJudgmentFixture);
      await byTimelock.setWeight(founders[1].address, MAX_COUNT + 1n);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));

      await expect(
        judgment
          .connect(founders[1])
          .castFractionalBallot(id, partsOfGrades([GRADE.good, GRADE.good], 6, MAX_COUNT + 1n)),
      )
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentWeightTooLarge")
        .withArgs(founders[1].address, MAX_COUNT + 1n);
    });

    it("counts weight of 2^64 - 1", async function () {
      const { judgment, byTimelock, founders } = await loadFixture(deployJudgmentFixture);
      await byTimelock.setWeight(founders[1].address, MAX_COUNT);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));

      await judgment.connect(founders[1]).castBallot(id, [GRADE.excellent, GRADE.veryGood]);
      await judgment.connect(founders[2]).castBallot(id, [GRADE.veryGood, GRADE.excellent]);

      const tallies = await talliesOf(judgment, id);
      expect(tallies[0].slice(GRADE.veryGood), "option 0").to.deep.equal([1n, MAX_COUNT]);
      expect(tallies[1].slice(GRADE.veryGood), "option 1").to.deep.equal([MAX_COUNT, 1n]);
      expect(tallies[0].slice(0, GRADE.veryGood), "option 0, lower grades").to.deep.equal([0n, 0n, 0n, 0n]);
    });

    it("rejects count past 2^64 - 1", async function () {
      const { judgment, byTimelock, founders } = await loadFixture(deployJudgmentFixture);
      await byTimelock.setWeight(founders[1].address, MAX_COUNT);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      await judgment.connect(founders[1]).castBallot(id, [GRADE.excellent, GRADE.good]);

      await expect(judgment.connect(founders[2]).castBallot(id, [GRADE.veryGood, GRADE.good]))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentCountOverflow")
        .withArgs(1n, BigInt(GRADE.good));
    });

    it("rejects fractional count past 2^64 - 1", async function () {
      const { judgment, byTimelock, founders } = await loadFixture(deployJudgmentFixture);
      await byTimelock.setWeight(founders[1].address, MAX_COUNT);
      await byTimelock.setWeight(founders[2].address, 2n);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      await judgment.connect(founders[1]).castBallot(id, [GRADE.reject, GRADE.excellent]);

      await expect(
        judgment.connect(founders[2]).castFractionalBallot(id, [
          [1n, 0n, 0n, 0n, 0n, 1n],
          [0n, 0n, 0n, 0n, 0n, 2n],
        ]),
      )
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentCountOverflow")
        .withArgs(0n, BigInt(GRADE.reject));
    });

    it("counts again once a full count is replaced", async function () {
      const { judgment, byTimelock, founders } = await loadFixture(deployJudgmentFixture);
      await byTimelock.setWeight(founders[1].address, MAX_COUNT);
      const { id } = await openJudgment(judgment, founders[0], plainOptions(2));
      await judgment.connect(founders[1]).castBallot(id, [GRADE.excellent, GRADE.good]);
      await judgment.connect(founders[1]).castBallot(id, [GRADE.veryGood, GRADE.good]);

      await judgment.connect(founders[2]).castBallot(id, [GRADE.excellent, GRADE.poor]);

      const tallies = await talliesOf(judgment, id);
      expect(tallies[0][GRADE.excellent], "excellent").to.equal(1n);
      expect(tallies[0][GRADE.veryGood], "very good").to.equal(MAX_COUNT);
    });
  });
});
