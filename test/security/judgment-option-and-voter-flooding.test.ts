import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { impersonate } from "../helpers/accounts";
import { UNDER_COVERAGE } from "../helpers/coverage";
import { testDescription } from "../helpers/governance";
import {
  changeJudgmentSettings,
  closeJudgment,
  deployJudgmentFixture,
  openJudgment,
  plainOptions,
  type JudgmentFixture,
  type JudgmentHandle,
} from "../helpers/judgment";
import { labelledAddress } from "../helpers/shares";

/**
 * A griefer adds options or voters to a majority-judgment proposal until counting it, or casting a
 * ballot on it, costs more gas than a block holds, so that the vote never closes or no ballot
 * fits in a block. The governor caps a proposal at 32 options and a scale at 16 grades, each ballot updates
 * one count per option, and the count reads only the histograms. So the count of the largest
 * proposal stays under a fixed budget, and neither a ballot nor the count costs more as voters
 * join.
 */

/**
 * Gas that counting the largest proposal may use: 2,000,000, a fifteenth of a 30,000,000-gas
 * block. When this test was written, `eth_estimateGas` gave 1,425,614 for `outcome` on 32
 * identical options of 16 grades, the longest comparisons, and 953,458 when the options differ.
 */
const COUNT_GAS_BUDGET = 2_000_000n;

/** Voters of the crowd tests: the five founders and 45 members admitted by governance. */
const CROWD_SIZE = 50;

/** Options and grades of the largest proposal. */
const MAX_OPTIONS = 32;
const MAX_GRADES = 16;

/** Weight of the member who fills the largest proposal's histograms. */
const FILLER_WEIGHT = 1_000n;

/** The test cooperative with 45 more members, and an open proposal of 32 options on 16 grades. */
interface CrowdFixture extends JudgmentFixture {
  crowd: HardhatEthersSigner[];
  handle: JudgmentHandle;
}

async function deployCrowdFixture(): Promise<CrowdFixture> {
  const fixture = await deployJudgmentFixture();
  const { judgment, byTimelock, founders } = fixture;
  const newcomers: HardhatEthersSigner[] = [];
  for (let index = 0; index < CROWD_SIZE - founders.length; index += 1) {
    const newcomer = await impersonate(labelledAddress(`crowd member ${index}`));
    await byTimelock.admit(newcomer.address);
    newcomers.push(newcomer);
  }
  // Without a quorum, the count takes the same branch after 2 ballots as after 50, so only the
  // number of ballots differs between the gas figures compared.
  await changeJudgmentSettings(fixture, { gradeCount: BigInt(MAX_GRADES), quorumPercent: 0n });
  const handle = await openJudgment(judgment, founders[0], plainOptions(MAX_OPTIONS), {
    description: testDescription("Choose among many"),
  });
  return { ...fixture, crowd: [...founders, ...newcomers], handle };
}

/** Returns the same ballot for every voter: option `i` gets grade `i` modulo the scale. */
function crowdGrades(): number[] {
  return Array.from({ length: MAX_OPTIONS }, (_, index) => index % MAX_GRADES);
}

/**
 * Returns the gas that `outcome` uses on the crowd proposal, sent as a transaction so that the
 * receipt gives the gas used rather than an estimate.
 */
async function outcomeGas(fixture: CrowdFixture): Promise<bigint> {
  const tx = await fixture.outsiders[0].sendTransaction({
    to: await fixture.judgment.getAddress(),
    data: fixture.judgment.interface.encodeFunctionData("outcome", [fixture.handle.id]),
  });
  const receipt = await tx.wait();
  return receipt!.gasUsed;
}

/** Returns the gas used by `voter`'s ballot of {@link crowdGrades} on the crowd proposal. */
async function ballotGas(fixture: CrowdFixture, voter: HardhatEthersSigner): Promise<bigint> {
  const tx = await fixture.judgment.connect(voter).castBallot(fixture.handle.id, crowdGrades());
  const receipt = await tx.wait();
  return receipt!.gasUsed;
}

/**
 * Histograms of the largest proposal that fill every grade of every option. In the first, all
 * options are alike, so every comparison walks every grade before it finds a tie. In the second,
 * each option moves one more judgment from the worst grade to the best.
 */
const FILLINGS: { name: string; row: (option: number) => bigint[] }[] = [
  { name: "identical options", row: () => spreadRow(0) },
  { name: "options differing at the ends", row: (option) => spreadRow(option) },
];

/** Returns {@link FILLER_WEIGHT} spread over every grade, with `moved` taken from the worst grade to the best. */
function spreadRow(moved: number): bigint[] {
  const share = FILLER_WEIGHT / BigInt(MAX_GRADES);
  const row = Array.from({ length: MAX_GRADES }, () => share);
  row[0] += FILLER_WEIGHT - share * BigInt(MAX_GRADES) - BigInt(moved);
  row[MAX_GRADES - 1] += BigInt(moved);
  return row;
}

/** Opens a proposal of 32 options on 16 grades, with one member weighing {@link FILLER_WEIGHT}. */
async function deployLargestProposalFixture(): Promise<JudgmentFixture & { handle: JudgmentHandle }> {
  const fixture = await deployJudgmentFixture();
  await fixture.byTimelock.setWeight(fixture.founders[1].address, FILLER_WEIGHT);
  await changeJudgmentSettings(fixture, { gradeCount: BigInt(MAX_GRADES) });
  const handle = await openJudgment(fixture.judgment, fixture.founders[0], plainOptions(MAX_OPTIONS));
  return { ...fixture, handle };
}

describe("Majority-judgment option and voter flooding", function () {
  describe("caps", function () {
    it("rejects a 33rd option", async function () {
      const { judgment, founders } = await loadFixture(deployJudgmentFixture);

      await expect(judgment.connect(founders[0]).propose(plainOptions(MAX_OPTIONS + 1), false, testDescription()))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentOptionCount")
        .withArgs(BigInt(MAX_OPTIONS + 1), BigInt(MAX_OPTIONS));
    });

    it("rejects a 17th grade", async function () {
      const fixture = await loadFixture(deployJudgmentFixture);

      await expect(changeJudgmentSettings(fixture, { gradeCount: BigInt(MAX_GRADES + 1) }))
        .to.be.revertedWithCustomError(fixture.judgment, "CoopJudgmentInvalidSetting")
        .withArgs("gradeCount", BigInt(MAX_GRADES + 1));
    });
  });

  describe("count of the largest proposal", function () {
    for (const filling of FILLINGS) {
      it(`counts ${filling.name} under budget`, async function () {
        // Instrumented contracts use more gas than the deployed ones, and recording every
        // statement of these counts exhausts the coverage run's memory.
        if (UNDER_COVERAGE) this.skip();
        const { judgment, founders, handle } = await loadFixture(deployLargestProposalFixture);
        const rows = Array.from({ length: MAX_OPTIONS }, (_, option) => filling.row(option));
        await judgment.connect(founders[1]).castFractionalBallot(handle.id, rows);
        await closeJudgment(judgment, handle.id);

        const outcomeGas = await judgment.outcome.estimateGas(handle.id);
        const stateGas = await judgment.state.estimateGas(handle.id);

        expect(
          (await judgment.tallies(handle.id)).map((row) => [...row]),
          "every grade filled",
        ).to.deep.equal(rows);
        expect(outcomeGas, "outcome").to.be.lessThan(COUNT_GAS_BUDGET);
        expect(stateGas, "state").to.be.lessThan(COUNT_GAS_BUDGET);
      });
    }
  });

  describe("crowd of voters", function () {
    it("charges the 50th ballot as the 2nd", async function () {
      const fixture = await loadFixture(deployCrowdFixture);
      const { crowd } = fixture;
      await ballotGas(fixture, crowd[0]);

      const second = await ballotGas(fixture, crowd[1]);
      for (const voter of crowd.slice(2, -1)) {
        await ballotGas(fixture, voter);
      }
      const fiftieth = await ballotGas(fixture, crowd[CROWD_SIZE - 1]);

      expect(fiftieth).to.equal(second);
    });

    it("charges the 50th replacement as the 2nd", async function () {
      const fixture = await loadFixture(deployCrowdFixture);
      const { crowd } = fixture;
      for (const voter of crowd) {
        await ballotGas(fixture, voter);
      }

      const second = await ballotGas(fixture, crowd[1]);
      const fiftieth = await ballotGas(fixture, crowd[CROWD_SIZE - 1]);

      expect(fiftieth).to.equal(second);
    });

    it("counts 50 ballots at the cost of 2", async function () {
      const fixture = await loadFixture(deployCrowdFixture);
      const { judgment, crowd, handle } = fixture;
      await ballotGas(fixture, crowd[0]);
      await ballotGas(fixture, crowd[1]);
      const afterTwo = await outcomeGas(fixture);

      for (const voter of crowd.slice(2)) {
        await ballotGas(fixture, voter);
      }
      const afterFifty = await outcomeGas(fixture);

      expect(afterFifty).to.equal(afterTwo);
      const [, , , participation] = await judgment.outcome(handle.id);
      expect(participation, "participation").to.equal(BigInt(CROWD_SIZE));
    });
  });
});
