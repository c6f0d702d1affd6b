import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { signMirrorVote } from "../src/federation/mirrorSignatures";
import { VoteSupport } from "../src/governance/proposals";
import { contractAction } from "../test/helpers/governance";
import {
  deployFederationFixture,
  endMirror,
  openFederationJudgment,
  openFederationProposal,
} from "../test/helpers/federation";
import { plainOptions } from "../test/helpers/judgment";
import { GasRecorder } from "./gasRun";

/**
 * The gas of a federation decision voted by the members of a cooperative of five: mirroring the
 * federation's proposal into the cooperative, the members' votes, and casting the result upward,
 * for a yes/no proposal and for a majority judgment between three options, recorded in the
 * `federation` section of `bench/gas.json` (see {@link GasRecorder}).
 */

const recorder = new GasRecorder("federation");
const measure = recorder.measure.bind(recorder);

describe("bench: federation", function () {
  it("measures a mirrored yes/no decision", async function () {
    const { federation, relayA, relayB, coopB } = await loadFixture(deployFederationFixture);
    const action = await contractAction(federation.membership, "setProbationPeriod", [0]);
    const proposal = await openFederationProposal(federation, relayA, [action]);
    const { targets, values, calldatas, description } = proposal;

    await measure("mirror (yes/no)", relayB.mirrorProposal(targets, values, calldatas, description));
    const mirrorId = await relayB.mirrorIdOf(await federation.governor.getAddress(), proposal.id);
    await measure("member vote on a mirror (first)", relayB.connect(coopB.members[0]).castVote(mirrorId, VoteSupport.For));
    for (const [index, support] of [VoteSupport.Against, VoteSupport.For].entries()) {
      await relayB.connect(coopB.members[index + 1]).castVote(mirrorId, support);
    }
    const signature = await signMirrorVote(relayB, coopB.members[3], mirrorId, VoteSupport.Abstain);
    await measure(
      "member vote on a mirror (signed, sent by another)",
      relayB.castVoteBySig(mirrorId, coopB.members[3].address, VoteSupport.Abstain, signature),
    );
    await measure("member vote on a mirror (last)", relayB.connect(coopB.members[4]).castVote(mirrorId, VoteSupport.For));
    await endMirror(relayB, mirrorId);
    await measure("cast upward (yes/no)", relayB.castUpward(mirrorId));
  });

  it("measures a mirrored majority judgment", async function () {
    const { federation, relayA, relayB, coopB } = await loadFixture(deployFederationFixture);
    const handle = await openFederationJudgment(federation, relayA, plainOptions(3));

    await measure("mirror (judgment, 3 options)", relayB.mirrorJudgment(handle.id, handle.options, false, handle.description));
    const mirrorId = await relayB.mirrorIdOf(await federation.judgment.getAddress(), handle.id);
    for (const [index, member] of coopB.members.entries()) {
      const sent = relayB.connect(member).castBallot(mirrorId, [index, 5 - index, 2]);
      if (index === 0) await measure("member ballot on a mirror (first)", sent);
      else await (await sent).wait();
    }
    await endMirror(relayB, mirrorId);
    await measure("cast upward (judgment, 3 options x 6 grades)", relayB.castUpward(mirrorId));
  });
});
