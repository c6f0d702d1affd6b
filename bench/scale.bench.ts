import { expect } from "chai";
import { ethers } from "hardhat";
import { impersonateAccount, loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { dataSlice, getAddress, id, keccak256, parseEther, toUtf8Bytes } from "ethers";

import { CoopMembership__factory, CoopProxy__factory } from "../typechain-types";
import { ADMISSION_POLICIES, DEFAULT_MEMBER_WEIGHT } from "../src/deploy/cooperative";
import { VoteSupport, buildProposal } from "../src/governance/proposals";
import { impersonate } from "../test/helpers/accounts";
import { deployCoopFixture, FOUNDER_COUNT } from "../test/helpers/fixtures";
import { admitAction, testDescription } from "../test/helpers/governance";
import { closeJudgment, openJudgment, plainOptions } from "../test/helpers/judgment";
import { GasRecorder } from "./gasRun";
import { FOUNDER_COUNTS, TRANSACTION_GAS_CAP, initializeStep } from "./steps";

/**
 * The scale scenario: 1,000 members vote on one yes/no proposal and on one majority judgment of 20
 * options on 7 grades, in the test cooperative of five founders. The first and the last vote, and
 * the tally read after the vote, show whether a cost grows with turnout. The `governance` and
 * `judgment` sections measure the same proposals with five voters. Recorded in the `scale`
 * section of `bench/gas.json` (see {@link GasRecorder}) by `npm run bench:scale` and `npm run bench`,
 * and left out of `npm run bench:check`.
 *
 * The 1,000 members are admitted one transaction each by the timelock's impersonated account, the
 * call that executing an admission proposal makes. Founders admitted by `CoopMembership.initialize`
 * would need fewer transactions but cannot reach 1,000, because the Hardhat network applies the
 * 16,777,216-gas transaction cap of EIP-7825 from the Osaka hardfork on. The scenario deploys a
 * membership proxy with 10 and with 100 founders, from which the report derives the most founders
 * that one transaction can admit.
 */

const recorder = new GasRecorder("scale");
const measure = recorder.measure.bind(recorder);

/** Members who vote, admitted after the five founders. */
const SCALE_VOTERS = 1_000;

/** Options and grades of the majority judgment, as in the judgment section's count. */
const JUDGMENT_OPTIONS = 20;
const JUDGMENT_GRADES = 7;

/** Returns the address of the `index`-th scale member: 20 bytes of a hash, with no leading zeros by design. */
function memberAddress(index: number): string {
  return getAddress(dataSlice(keccak256(toUtf8Bytes(`scale member ${index}`)), 12));
}

/** Returns an impersonated, funded signer for each of `addresses`. */
async function impersonateAll(addresses: string[]): Promise<HardhatEthersSigner[]> {
  const signers: HardhatEthersSigner[] = [];
  for (const address of addresses) {
    await impersonateAccount(address);
    await setBalance(address, parseEther("1"));
    signers.push(await ethers.getSigner(address));
  }
  return signers;
}

/** Returns the grade that voter `voter` gives option `option`: a spread that makes the medians differ. */
function grade(voter: number, option: number): number {
  return (voter * 5 + option * 3) % JUDGMENT_GRADES;
}

describe("bench: scale", function () {
  // 3,000 transactions and 2,000 impersonations: well above mocha's default timeout.
  this.timeout(0);

  it("measures 1,000 votes on each kind of proposal", async function () {
    const { governor, judgment, membership, timelock, founders, outsiders } = await loadFixture(deployCoopFixture);
    const byTimelock = membership.connect(await impersonate(await timelock.getAddress()));
    const addresses = Array.from({ length: SCALE_VOTERS }, (_, index) => memberAddress(index));
    for (const [index, address] of addresses.entries()) {
      const sent = byTimelock.admit(address);
      if (index === SCALE_VOTERS - 1) await measure("admit (1,000th newcomer, called by the timelock)", sent);
      else await sent;
    }
    expect(await membership.memberCount()).to.equal(BigInt(FOUNDER_COUNT + SCALE_VOTERS));
    const voters = await impersonateAll(addresses);

    // Majority judgment on the judgment section's scale, set through the timelock's account.
    const settings = await judgment.settings();
    await judgment.connect(await impersonate(await timelock.getAddress())).setSettings({
      votingDelay: settings.votingDelay,
      votingPeriod: settings.votingPeriod,
      quorumPercent: settings.quorumPercent,
      gradeCount: JUDGMENT_GRADES,
      minimumGrade: settings.minimumGrade,
      lateQuorumExtension: settings.lateQuorumExtension,
    });

    // The yes/no proposal is the governance section's ordinary one: it admits a newcomer.
    const proposal = buildProposal(
      [await admitAction(membership, outsiders[0].address)],
      testDescription("Admit a newcomer"),
      founders[0].address,
    );
    const { targets, values, calldatas, description } = proposal;
    const calls = calldatas.map((data) => ethers.hexlify(data));
    await governor.connect(founders[0]).propose(targets, values, calls, description);
    const proposalId = await governor.getProposalId(targets, values, calls, id(description));
    const handle = await openJudgment(judgment, founders[0], plainOptions(JUDGMENT_OPTIONS));
    expect(await governor.proposalSnapshot(proposalId)).to.be.lessThan(await time.latest());

    // Two votes in three are for, so the proposal passes with a turnout far above quorum.
    for (const [index, voter] of voters.entries()) {
      const support = index % 3 === 2 ? VoteSupport.Against : VoteSupport.For;
      const sent = governor.connect(voter).castVote(proposalId, support);
      if (index === 0) await measure("castVote (first of 1,000 voters)", sent);
      else if (index === SCALE_VOTERS - 1) await measure("castVote (1,000th voter)", sent);
      else await sent;
    }
    for (const [index, voter] of voters.entries()) {
      const grades = Array.from({ length: JUDGMENT_OPTIONS }, (_, option) => grade(index, option));
      const sent = judgment.connect(voter).castBallot(handle.id, grades);
      if (index === 0) await measure("castBallot (20 options, first of 1,000 voters)", sent);
      else if (index === SCALE_VOTERS - 1) await measure("castBallot (20 options, 1,000th voter)", sent);
      else await sent;
    }

    await time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
    await closeJudgment(judgment, handle.id);
    recorder.record("state (yes/no, after 1,000 votes, estimate)", await governor.state.estimateGas(proposalId));
    recorder.record(
      "outcome (20 options, 7 grades, after 1,000 ballots, estimate)",
      await judgment.outcome.estimateGas(handle.id),
    );
    await measure("queue (yes/no, after 1,000 votes)", governor.queue(targets, values, calls, id(description)));
    await time.increaseTo(await governor.proposalEta(proposalId));
    await measure(
      "execute (yes/no, admit, after 1,000 votes)",
      governor.execute(targets, values, calls, id(description)),
    );
    expect(await membership.isMember(outsiders[0].address)).to.equal(true);
  });

  it("measures initialize with many founders", async function () {
    const [deployer] = await ethers.getSigners();
    const implementation = await new CoopMembership__factory(deployer).deploy();
    for (const count of FOUNDER_COUNTS) {
      const founders = Array.from({ length: count }, (_, index) => memberAddress(SCALE_VOTERS + index));
      const init = CoopMembership__factory.createInterface().encodeFunctionData("initialize", [
        "Scale Cooperative",
        "SCALE",
        deployer.address,
        deployer.address,
        founders,
        DEFAULT_MEMBER_WEIGHT,
        ADMISSION_POLICIES.governance,
      ]);
      const deployment = await new CoopProxy__factory(deployer).getDeployTransaction(
        await implementation.getAddress(),
        init,
      );
      // NOTE: estimateGas of Hardhat 2.29.1 fails on this deployment with 40 founders and with every
      // larger count tried. Its error gives a gas limit above the cap, although the deployment uses
      // less, so the transaction carries the cap as its limit.
      await measure(initializeStep(count), deployer.sendTransaction({ ...deployment, gasLimit: TRANSACTION_GAS_CAP }));
    }
  });
});
