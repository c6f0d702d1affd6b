import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress } from "ethers";

import {
  PUBLIC_BODIES,
  QuorumMode,
  TallyKind,
  USERS,
  WORKERS,
  deployCollegesFixture,
  type CollegesFixture,
} from "../helpers/colleges";
import {
  findJudgmentProposal,
  judgmentOutcome,
  judgmentState as judgmentStateName,
  judgmentTallies,
} from "../../src/mj/judgmentProposals";
import { judgmentResults, resultsInputOf, type JudgmentResults } from "../../src/mj/results";
import { resultsLines } from "../../src/mj/resultsText";
import { admitAction } from "../helpers/governance";
import {
  OUTCOMES,
  closeJudgment,
  judgmentState,
  openJudgment,
  option,
  optionActions,
  partsOfGrades,
  queueWinner,
  type JudgmentHandle,
} from "../helpers/judgment";

/** Grades on the default scale of six, 0 the worst; the minimum grade to win is 2. */
const GRADE_COUNT = 6;

/** Option A, which admits the newcomer, is the college-weighted winner; option B, without actions, the members'. */
const OPTION_A = 0;
const OPTION_B = 1;

/** Deploys a SCIC whose majority-judgment governor feeds its colleges module, which the charter names. */
async function deployCollegeJudgmentFixture(): Promise<CollegesFixture> {
  const fixture = await deployCollegesFixture();
  const { charter, collegesByTimelock, judgment, timelockSigner } = fixture;
  await collegesByTimelock.setGovernor(await judgment.getAddress(), true);
  await charter.connect(timelockSigner).setCollegeModule(await fixture.colleges.getAddress());
  return fixture;
}

/** The account that option A admits: an outsider that the fixture left out. */
function newcomerOf(fixture: CollegesFixture): HardhatEthersSigner {
  return fixture.outsiders[10];
}

/** Opens a proposal of options A (admit the newcomer) and B (no actions) from the first worker. */
async function openChoice(fixture: CollegesFixture): Promise<JudgmentHandle> {
  const { judgment, membership, workers } = fixture;
  const admit = await admitAction(membership, newcomerOf(fixture).address);
  return openJudgment(judgment, workers[0], [option("Admit the newcomer", [admit]), option("Wait a year")]);
}

/**
 * Casts the ballots that the colleges and the members decide differently: workers A=4 B=1, users
 * A=1 B=3, the partner A=4 B=2, the public body A=3 B=2. By member (14 ballots, ten of them users),
 * B's majority grade is 3 and A's is 1, so B wins. By college, A's combined majority grade is 3
 * (workers 30%, partner 20% and public body 20% grade it 3 or more) and B's is 2, so A wins.
 */
async function castSplitBallots(fixture: CollegesFixture, id: bigint): Promise<void> {
  const { judgment, workers, users, partners, publicBodies } = fixture;
  const groups: [HardhatEthersSigner[], number[]][] = [
    [workers, [4, 1]],
    [users, [1, 3]],
    [partners, [4, 2]],
    [publicBodies, [3, 2]],
  ];
  for (const [voters, grades] of groups) {
    for (const voter of voters) await judgment.connect(voter).castBallot(id, grades);
  }
}

/** Opens the choice, casts the split ballots and closes the vote. */
async function decideChoice(fixture: CollegesFixture): Promise<JudgmentHandle> {
  const handle = await openChoice(fixture);
  await castSplitBallots(fixture, handle.id);
  await closeJudgment(fixture.judgment, handle.id);
  return handle;
}

/**
 * Turns on the per-college quorum, then has every member but the public body grade the choice and
 * closes the vote. 13 of 15 members reach the members' quorum of 3, but the public bodies' college
 * has no ballot, so it misses its 20% share.
 */
async function decideWithoutPublicBodies(fixture: CollegesFixture): Promise<JudgmentHandle> {
  const { collegesByTimelock, judgment, workers, users, partners } = fixture;
  await collegesByTimelock.setQuorumMode(QuorumMode.PerCollege);
  const handle = await openChoice(fixture);
  for (const voter of [...workers, ...users, ...partners]) await judgment.connect(voter).castBallot(handle.id, [4, 1]);
  await closeJudgment(judgment, handle.id);
  return handle;
}

/** Returns the outcome of `id` by name, with its leaders and majority grade. */
async function outcomeOf(
  fixture: CollegesFixture,
  id: bigint,
): Promise<{ result: string; leaders: bigint[]; grade: bigint }> {
  const [result, leaders, grade] = await fixture.judgment.outcome(id);
  return { result: OUTCOMES[Number(result)], leaders: [...leaders], grade };
}

/** Builds the members' results of `id` in English from the chain, as `mj:results` and the voting page do. */
async function resultsOf(fixture: CollegesFixture, id: bigint): Promise<JudgmentResults> {
  const { charter, judgment } = fixture;
  const proposal = await findJudgmentProposal(judgment, charter, id);
  if (proposal === undefined) throw new Error(`Proposal ${id} not found in the governor's events.`);
  const [state, tallies, outcome] = await Promise.all([
    judgmentStateName(judgment, id),
    judgmentTallies(judgment, id),
    judgmentOutcome(judgment, id),
  ]);
  const labels = proposal.options.map((_, index) => `Option ${index}`);
  return judgmentResults(resultsInputOf(proposal, { state, labels, tallies, outcome }), "en");
}

describe("CoopJudgmentGovernor with colleges", function () {
  describe("majority judgment by college", function () {
    it("picks the college-weighted winner", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const handle = await decideChoice(fixture);
      expect(await outcomeOf(fixture, handle.id)).to.deep.equal({
        result: "Winner",
        leaders: [BigInt(OPTION_A)],
        grade: 3n,
      });
    });

    it("counts by member without a module", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { charter, timelockSigner } = fixture;
      await charter.connect(timelockSigner).setCollegeModule(ZeroAddress);
      const handle = await decideChoice(fixture);
      expect(await outcomeOf(fixture, handle.id)).to.deep.equal({
        result: "Winner",
        leaders: [BigInt(OPTION_B)],
        grade: 3n,
      });
    });

    it("counts by member when disabled", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      await fixture.collegesByTimelock.setEnabled(false);
      const handle = await decideChoice(fixture);
      expect((await outcomeOf(fixture, handle.id)).leaders).to.deep.equal([BigInt(OPTION_B)]);
    });

    it("counts an unlisted governor by member", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { collegesByTimelock, judgment } = fixture;
      await collegesByTimelock.setGovernor(await judgment.getAddress(), false);
      const handle = await decideChoice(fixture);
      expect((await outcomeOf(fixture, handle.id)).leaders).to.deep.equal([BigInt(OPTION_B)]);
    });

    it("records nothing when college voting is off", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { colleges, collegesByTimelock, judgment } = fixture;
      await collegesByTimelock.setEnabled(false);
      const handle = await openChoice(fixture);
      await castSplitBallots(fixture, handle.id);
      expect((await colleges.tallyInfo(await judgment.getAddress(), handle.id)).kind).to.equal(TallyKind.None);
    });

    it("runs the college-weighted winner's actions", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { judgment, membership } = fixture;
      const handle = await decideChoice(fixture);
      await queueWinner(judgment, handle, OPTION_A);
      await judgment.execute(handle.id, ...optionActions(handle, OPTION_A));
      expect(await membership.isMember(newcomerOf(fixture).address)).to.equal(true);
    });

    it("keeps the members' histograms readable", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const handle = await openChoice(fixture);
      await castSplitBallots(fixture, handle.id);
      const tallies = await fixture.judgment.tallies(handle.id);
      expect(tallies[OPTION_B].map(Number)).to.deep.equal([0, 2, 2, 10, 0, 0]);
    });

    it("records each college's histograms", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { colleges, judgment } = fixture;
      const handle = await openChoice(fixture);
      await castSplitBallots(fixture, handle.id);
      const [histograms, voted] = await colleges.collegeHistograms(await judgment.getAddress(), handle.id, WORKERS);
      expect([histograms[OPTION_A].map(Number), voted]).to.deep.equal([[0, 0, 0, 0, 2, 0], 2n]);
    });

    it("emits CollegeBallotRecorded", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { colleges, judgment, users } = fixture;
      const handle = await openChoice(fixture);
      await expect(judgment.connect(users[0]).castBallot(handle.id, [1, 3]))
        .to.emit(colleges, "CollegeBallotRecorded")
        .withArgs(await judgment.getAddress(), handle.id, users[0].address, USERS, [1, 3], 1n, false);
    });

    it("replaces a ballot in its college", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { colleges, judgment, users } = fixture;
      const handle = await openChoice(fixture);
      await judgment.connect(users[0]).castBallot(handle.id, [1, 3]);
      await judgment.connect(users[0]).castBallot(handle.id, [5, 0]);
      const [histograms, voted] = await colleges.collegeHistograms(await judgment.getAddress(), handle.id, USERS);
      expect([histograms[OPTION_A].map(Number), voted]).to.deep.equal([[0, 0, 0, 0, 0, 1], 1n]);
    });

    it("records a fractional ballot in its college", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { colleges, judgment, publicBodies } = fixture;
      const handle = await openChoice(fixture);
      const parts = partsOfGrades([3, 2], GRADE_COUNT, 1n);
      await judgment.connect(publicBodies[0]).castFractionalBallot(handle.id, parts);
      const [histograms] = await colleges.collegeHistograms(await judgment.getAddress(), handle.id, PUBLIC_BODIES);
      expect(histograms.map((row) => row.map(Number))).to.deep.equal(parts.map((row) => row.map(Number)));
    });

    it("rejects a ballot from a member in no college", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { colleges, judgment, unassigned } = fixture;
      const handle = await openChoice(fixture);
      await expect(judgment.connect(unassigned).castBallot(handle.id, [1, 3]))
        .to.be.revertedWithCustomError(colleges, "CoopCollegesNoCollege")
        .withArgs(unassigned.address, 0);
    });
  });

  describe("results", function () {
    it("ranks the college-weighted histograms", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const handle = await decideChoice(fixture);
      const results = await resultsOf(fixture, handle.id);
      expect(results.options.map((ranked) => ranked.index)).to.deep.equal([OPTION_A, OPTION_B]);
    });

    it("says the count is by college", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const handle = await decideChoice(fixture);
      const lines = resultsLines(await resultsOf(fixture, handle.id));
      expect(lines.some((line) => line.startsWith("  counted by college:"))).to.equal(true);
    });

    it("gives the college-weighted tallies", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { colleges, judgment } = fixture;
      const handle = await openChoice(fixture);
      await castSplitBallots(fixture, handle.id);
      const combined = await colleges.combinedHistograms(await judgment.getAddress(), handle.id);
      expect(await judgmentTallies(judgment, handle.id)).to.deep.equal(combined.map((row) => [...row]));
    });

    it("gives member tallies when disabled", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { collegesByTimelock, judgment } = fixture;
      await collegesByTimelock.setEnabled(false);
      const handle = await openChoice(fixture);
      await castSplitBallots(fixture, handle.id);
      const members = await judgment.tallies(handle.id);
      expect(await judgmentTallies(judgment, handle.id)).to.deep.equal(members.map((row) => [...row]));
    });

    it("names a college's missing share of the quorum", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const handle = await decideWithoutPublicBodies(fixture);
      const lines = resultsLines(await resultsOf(fixture, handle.id));
      expect(lines.some((line) => line.includes("a college did not reach its share of the quorum"))).to.equal(true);
    });
  });

  describe("quorum by college", function () {
    it("fails a per-college quorum", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { judgment } = fixture;
      const handle = await decideWithoutPublicBodies(fixture);
      const [result, , , participation, quorum] = await judgment.outcome(handle.id);
      expect(OUTCOMES[Number(result)]).to.equal("QuorumNotReached");
      expect(participation >= quorum).to.equal(true);
    });

    it("defeats the proposal", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { judgment } = fixture;
      const handle = await decideWithoutPublicBodies(fixture);
      expect(await judgmentState(judgment, handle.id)).to.equal("Defeated");
    });

    it("passes a global quorum", async function () {
      const fixture = await loadFixture(deployCollegeJudgmentFixture);
      const { judgment, workers, users, partners } = fixture;
      const handle = await openChoice(fixture);
      for (const voter of [...workers, ...users, ...partners])
        await judgment.connect(voter).castBallot(handle.id, [4, 1]);
      await closeJudgment(judgment, handle.id);
      expect(await judgmentState(judgment, handle.id)).to.equal("Succeeded");
    });
  });
});
