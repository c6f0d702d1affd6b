import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { VoteSupport } from "../src/governance/proposals";
import { deployCollegesFixture, type CollegesFixture } from "../test/helpers/colleges";
import { admitAction, endVote, openProposal, packFractionalVote } from "../test/helpers/governance";
import { openJudgment, partsOfGrades, plainOptions } from "../test/helpers/judgment";
import { GasRecorder } from "./gasRun";

/**
 * The gas of votes counted by college in a SCIC of fifteen members and four colleges: yes/no votes
 * and majority-judgment ballots on 5 options, each recorded by the governor and by the colleges
 * module, and the college-weighted count. Recorded in the `colleges` section of `bench/gas.json`
 * (see {@link GasRecorder}); the `governance` and `judgment` sections give the same steps by member.
 */

const recorder = new GasRecorder("colleges");
const measure = recorder.measure.bind(recorder);

/** Options of the majority-judgment proposal, and its ballots: a spread over the six default grades. */
const OPTION_COUNT = 5;
const GRADE_COUNT = 6;
const GRADES = [0, 1, 2, 3, 4];
const OTHER_GRADES = [5, 4, 3, 2, 1];

/** Deploys the SCIC with both governors registered in its colleges module, which the charter names. */
async function deployBenchFixture(): Promise<CollegesFixture> {
  const fixture = await deployCollegesFixture();
  const { charter, colleges, collegesByTimelock, governor, judgment, timelockSigner } = fixture;
  await collegesByTimelock.setGovernor(await governor.getAddress(), true);
  await collegesByTimelock.setGovernor(await judgment.getAddress(), true);
  await charter.connect(timelockSigner).setCollegeModule(await colleges.getAddress());
  return fixture;
}

describe("bench: colleges", function () {
  it("measures yes/no votes by college", async function () {
    const fixture = await loadFixture(deployBenchFixture);
    const { governor, membership, outsiders, workers, users, partners } = fixture;
    const { id } = await openProposal(governor, workers[0], [await admitAction(membership, outsiders[10].address)]);
    await measure("castVote (by college, first vote)", governor.connect(workers[0]).castVote(id, VoteSupport.For));
    await measure("castVote (by college)", governor.connect(users[0]).castVote(id, VoteSupport.Against));
    await measure(
      "castVoteWithReasonAndParams (by college, fractional)",
      governor.connect(partners[0]).castVoteWithReasonAndParams(id, 255, "", packFractionalVote(0n, 1n, 0n)),
    );
    await endVote(governor, id);
    recorder.record("state (yes/no, 4 colleges, ended, estimate)", await governor.state.estimateGas(id));
  });

  it("measures majority-judgment ballots by college", async function () {
    const fixture = await loadFixture(deployBenchFixture);
    const { judgment, workers, users, partners, publicBodies } = fixture;
    const { id } = await openJudgment(judgment, workers[0], plainOptions(OPTION_COUNT));
    await measure("castBallot (5 options, by college, first ballot)", judgment.connect(workers[0]).castBallot(id, GRADES));
    await measure("castBallot (5 options, by college)", judgment.connect(users[0]).castBallot(id, GRADES));
    await measure(
      "castBallot (5 options, by college, replaced)",
      judgment.connect(users[0]).castBallot(id, OTHER_GRADES),
    );
    await measure(
      "castFractionalBallot (5 options, by college)",
      judgment.connect(partners[0]).castFractionalBallot(id, partsOfGrades(GRADES, GRADE_COUNT, 1n)),
    );
    await judgment.connect(publicBodies[0]).castBallot(id, OTHER_GRADES);
    recorder.record("outcome (5 options, 4 colleges, estimate)", await judgment.outcome.estimateGas(id));
  });
});
