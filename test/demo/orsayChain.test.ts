import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";

import { deployImplementations } from "../../src/deploy/cooperative";
import { readOrsayResults, runOrsayVote, voterWallet } from "../../src/demo/orsayChain";
import { readOrsayBallots, talliesOf } from "../../src/demo/orsayData";
import { orsayChartSvg, sameRanking } from "../../src/demo/orsayReport";
import { rank } from "../../src/mj/ranking";
import { runHardhat } from "../helpers/node";

/** Ballots replayed on chain: enough to span two blocks of voter transactions. */
const SUBSET_SIZE = 140;

describe("orsayChain", function () {
  async function subsetVoteFixture() {
    const [deployer, ...accounts] = await ethers.getSigners();
    const founders = accounts.slice(0, 2);
    const ballots = readOrsayBallots().slice(0, SUBSET_SIZE);
    const implementations = await deployImplementations(deployer);
    const vote = await runOrsayVote({ provider: ethers.provider, deployer, founders, implementations, ballots });
    const results = await readOrsayResults(vote, deployer);
    return { ballots, founders, vote, results };
  }

  it("voterWallet is deterministic", function () {
    expect(voterWallet("28").address).to.equal(voterWallet("28").address);
    expect(voterWallet("28").address).to.not.equal(voterWallet("29").address);
  });

  it("admits every voter by subscription", async function () {
    const { ballots, founders, vote } = await loadFixture(subsetVoteFixture);
    const { membership, shares } = vote.cooperative;

    expect(await membership.memberCount()).to.equal(BigInt(ballots.length + founders.length));
    expect(await membership.isMember(voterWallet(ballots[0].id).address)).to.equal(true);
    expect(await shares.sharesOf(voterWallet(ballots.at(-1)?.id ?? "").address)).to.equal(1n);
  });

  it("records each voter's ballot", async function () {
    const { ballots, vote } = await loadFixture(subsetVoteFixture);

    const [, weight, grades] = await vote.cooperative.judgment.ballotOf(
      vote.proposalId,
      voterWallet(ballots[7].id).address,
    );

    expect(weight).to.equal(1n);
    expect(grades.map(Number)).to.deep.equal(ballots[7].grades);
  });

  it("counts only the voters' ballots", async function () {
    const { ballots, results } = await loadFixture(subsetVoteFixture);

    expect(results.tallies).to.deep.equal(talliesOf(ballots));
    expect(results.outcome.participation).to.equal(BigInt(ballots.length));
  });

  it("ranks as the off-chain ranking", async function () {
    const { ballots, results } = await loadFixture(subsetVoteFixture);

    const offChain = rank(talliesOf(ballots));

    expect(sameRanking(results.ranking, offChain), JSON.stringify([results.ranking, offChain])).to.equal(true);
    expect(results.outcome.leaders).to.deep.equal(offChain.groups[0]);
  });

  it("draws the chart in French", async function () {
    const { results } = await loadFixture(subsetVoteFixture);

    const svg = orsayChartSvg(results.ranking, results.tallies);

    expect(svg).to.include('lang="fr"');
    expect(svg).to.include(`${SUBSET_SIZE} bulletins`);
    expect(svg).to.include("À rejeter");
  });

  it("rejects another network", async function () {
    this.timeout(120_000);

    const result = await runHardhat(["run", "scripts/demoOrsay.ts", "--network", "localhost"]);

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include('runs only on the embedded network, not on "localhost"');
  });
});
