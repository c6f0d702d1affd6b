import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

import { MajorityJudgmentRanker__factory } from "../typechain-types";
import { deployCoopFixture, type CoopFixture } from "../test/helpers/fixtures";
import { impersonate } from "../test/helpers/accounts";
import { testDescription } from "../test/helpers/governance";
import {
  closeJudgment,
  openJudgment,
  option,
  optionActions,
  plainOptions,
  signJudgmentBallot,
} from "../test/helpers/judgment";
import { GasRecorder } from "./gasRun";

/**
 * The gas of majority-judgment decisions in a five-member cooperative: ballots on 2, 5, 10 and 20
 * options, the count of 20 options on 7 grades, and a winner executed through the timelock,
 * recorded in the `judgment` section of `bench/gas.json` (see {@link GasRecorder}).
 */

const recorder = new GasRecorder("judgment");
const measure = recorder.measure.bind(recorder);

/** Option counts whose ballot gas the benchmark reports. */
const OPTION_COUNTS = [2, 5, 10, 20] as const;

/** Grades of a ballot on `count` options: a spread over the six default grades. */
function spreadGrades(count: number, offset = 0): number[] {
  return Array.from({ length: count }, (_, index) => (index + offset) % 6);
}

/** Sets the grade scale of new proposals through the timelock's own account. */
async function useGradeScale(fixture: CoopFixture, gradeCount: number): Promise<void> {
  const timelock = await impersonate(await fixture.timelock.getAddress());
  const settings = await fixture.judgment.settings();
  await fixture.judgment.connect(timelock).setSettings({
    votingDelay: settings.votingDelay,
    votingPeriod: settings.votingPeriod,
    quorumPercent: settings.quorumPercent,
    gradeCount,
    minimumGrade: settings.minimumGrade,
    lateQuorumExtension: settings.lateQuorumExtension,
  });
}

describe("bench: majority judgment", function () {
  it("measures ballots by number of options", async function () {
    const { judgment, founders, outsiders } = await loadFixture(deployCoopFixture);
    for (const count of OPTION_COUNTS) {
      const { id } = await openJudgment(judgment, founders[0], plainOptions(count));
      const grades = spreadGrades(count);
      await measure(`castBallot (${count} options, first ballot)`, judgment.connect(founders[0]).castBallot(id, grades));
      await measure(`castBallot (${count} options)`, judgment.connect(founders[1]).castBallot(id, grades));
      if (count !== 5) continue;

      await measure(
        "castBallot (5 options, replaced)",
        judgment.connect(founders[1]).castBallot(id, spreadGrades(count, 1)),
      );
      const signature = await signJudgmentBallot(judgment, founders[2], id, grades);
      await measure(
        "castBallotBySig (5 options)",
        judgment.connect(outsiders[0]).castBallotBySig(id, founders[2].address, grades, signature),
      );
      const parts = grades.map((grade) => Array.from({ length: 6 }, (_, g) => (g === grade ? 1n : 0n)));
      await measure("castFractionalBallot (5 options)", judgment.connect(founders[3]).castFractionalBallot(id, parts));
    }
  });

  it("measures the count of 20 options on 7 grades", async function () {
    const fixture = await loadFixture(deployCoopFixture);
    const { judgment, founders, deployer } = fixture;
    await useGradeScale(fixture, 7);
    const { id } = await openJudgment(judgment, founders[0], plainOptions(20));
    for (const [index, founder] of founders.entries()) {
      await judgment.connect(founder).castBallot(
        id,
        Array.from({ length: 20 }, (_, option) => (option * 3 + index) % 7),
      );
    }
    recorder.record("outcome (20 options, 7 grades, estimate)", await judgment.outcome.estimateGas(id));

    const ranker = await new MajorityJudgmentRanker__factory(deployer).deploy();
    const tallies = (await judgment.tallies(id)).map((row) => [...row]);
    recorder.record("rank (20 options, 7 grades, library, estimate)", await ranker.rank.estimateGas(tallies));
  });

  it("measures a decision executed through the timelock", async function () {
    const { judgment, membership, founders, outsiders } = await loadFixture(deployCoopFixture);
    const target = await membership.getAddress();
    const options = outsiders.slice(0, 3).map((outsider, index) =>
      option(`Candidate ${index}`, [
        { target, data: membership.interface.encodeFunctionData("admit", [outsider.address]) },
      ]),
    );
    const description = testDescription("Choose a new member");
    await measure(
      "propose (3 options, 1 action each, status quo)",
      judgment.connect(founders[0]).propose(options, true, description),
    );
    const id = await judgment.hashProposal(founders[0].address, options, true, ethers.id(description));
    await time.increaseTo((await judgment.proposalDetails(id)).snapshot + 1n);
    for (const founder of founders) await judgment.connect(founder).castBallot(id, [5, 3, 2, 0]);
    await closeJudgment(judgment, id);

    const handle = { id, options, statusQuo: true, description };
    await measure("queue (winner)", judgment.queue(id, ...optionActions(handle, 0)));
    await time.increaseTo((await judgment.proposalDetails(id)).eta);
    await measure("execute (winner admits a member)", judgment.execute(id, ...optionActions(handle, 0)));
  });
});
