import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { id } from "ethers";

import { VoteSupport, buildProposal } from "../src/governance/proposals";
import { deployCoopFixture } from "../test/helpers/fixtures";
import { admitAction, contractAction, packFractionalVote, testDescription } from "../test/helpers/governance";
import { buildBallot, signBallot, signExtendedBallot } from "../test/helpers/ballots";
import { GasRecorder } from "./gasRun";

/**
 * The gas of one decision of a five-member cooperative, step by step: an ordinary proposal that
 * admits a member, and an extraordinary one that changes a setting, recorded in the
 * `governance` section of `bench/gas.json` (see {@link GasRecorder}).
 */

const recorder = new GasRecorder("governance");
const measure = recorder.measure.bind(recorder);

describe("bench: governance", function () {
  it("measures an ordinary decision", async function () {
    const { governor, membership, founders, outsiders } = await loadFixture(deployCoopFixture);
    const proposal = buildProposal(
      [await admitAction(membership, outsiders[0].address)],
      testDescription("Admit a newcomer"),
      founders[0].address,
    );
    const { targets, values, calldatas, description } = proposal;
    const descriptionHash = id(description);

    await measure("propose (ordinary, 1 action)", governor.connect(founders[0]).propose(...proposalArgs(proposal)));
    const proposalId = await governor.getProposalId(targets, values, calldatas, descriptionHash);
    await time.increaseTo((await governor.proposalSnapshot(proposalId)) + 1n);

    await measure("castVote", governor.connect(founders[0]).castVote(proposalId, VoteSupport.For));
    await measure(
      "castVoteWithReason",
      governor.connect(founders[1]).castVoteWithReason(proposalId, VoteSupport.For, "Welcome"),
    );

    const ballot = await buildBallot(governor, founders[2].address, proposalId, VoteSupport.For);
    const signature = await signBallot(governor, founders[2], ballot);
    await measure(
      "castVoteBySig",
      governor.connect(outsiders[1]).castVoteBySig(proposalId, VoteSupport.For, founders[2].address, signature),
    );

    const params = packFractionalVote(0n, 1n, 0n);
    const extended = {
      ...(await buildBallot(governor, founders[3].address, proposalId, 255)),
      reason: "Split vote",
      params,
    };
    const extendedSignature = await signExtendedBallot(governor, founders[3], extended);
    await measure(
      "castVoteWithReasonAndParamsBySig (fractional)",
      governor
        .connect(outsiders[1])
        .castVoteWithReasonAndParamsBySig(
          proposalId,
          255,
          founders[3].address,
          extended.reason,
          params,
          extendedSignature,
        ),
    );

    await time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
    recorder.record("state (after the vote, estimate)", await governor.state.estimateGas(proposalId));
    await measure("queue", governor.queue(targets, values, calldatas, descriptionHash));
    await time.increaseTo(await governor.proposalEta(proposalId));
    await measure("execute (admit)", governor.execute(targets, values, calldatas, descriptionHash));
  });

  it("measures an extraordinary decision", async function () {
    const { governor, founders } = await loadFixture(deployCoopFixture);
    const proposal = buildProposal(
      [await contractAction(governor, "setVotingDelay", [120n])],
      testDescription("Lengthen the voting delay"),
      founders[0].address,
    );
    const { targets, values, calldatas, description } = proposal;
    const descriptionHash = id(description);

    await measure(
      "propose (extraordinary, 1 action)",
      governor.connect(founders[0]).propose(...proposalArgs(proposal)),
    );
    const proposalId = await governor.getProposalId(targets, values, calldatas, descriptionHash);
    await time.increaseTo((await governor.proposalSnapshot(proposalId)) + 1n);
    for (const founder of founders.slice(0, 4)) {
      await governor.connect(founder).castVote(proposalId, VoteSupport.For);
    }
    await measure(
      "castVote (extraordinary)",
      governor.connect(founders[4]).castVote(proposalId, VoteSupport.Against),
    );
    await time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
    await governor.queue(targets, values, calldatas, descriptionHash);
    await time.increaseTo(await governor.proposalEta(proposalId));
    await measure("execute (setting)", governor.execute(targets, values, calldatas, descriptionHash));
  });
});

function proposalArgs(proposal: ReturnType<typeof buildProposal>): [string[], bigint[], string[], string] {
  return [
    proposal.targets,
    proposal.values.map((value) => BigInt(value)),
    proposal.calldatas.map((data) => (typeof data === "string" ? data : `0x${Buffer.from(data).toString("hex")}`)),
    proposal.description,
  ];
}
