import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, keccak256, toUtf8Bytes } from "ethers";

import { DEFAULT_SETTINGS, type GovernanceSettings } from "../../src/deploy/cooperative";
import { VoteSupport, buildProposal, execute, proposalState, propose, queue } from "../../src/governance/proposals";
import { CoopGovernor__factory, CoopProxy__factory } from "../../typechain-types";
import { impersonate } from "../helpers/accounts";
import { cidV0 } from "../helpers/cid";
import {
  HIGH_QUORUM_PERCENT,
  deployCoopFixture,
  deployHighQuorumCoopFixture,
  type CoopFixture,
} from "../helpers/fixtures";
import {
  FRACTIONAL_SUPPORT,
  admitAction,
  contractAction,
  endVote,
  excludeAction,
  openProposal,
  operationStateBitmap,
  packFractionalVote,
  passProposal,
  proposalStateBitmap,
  timelockOperationId,
  voteAll,
  testDescription,
  type ProposalHandle,
} from "../helpers/governance";

/** Governor settings as `CoopGovernor.initialize` takes them. */
function initializerSettings(settings: GovernanceSettings) {
  return {
    votingDelay: settings.votingDelay,
    votingPeriod: settings.votingPeriod,
    quorumNumerator: settings.quorumPercent,
    lateQuorumExtension: settings.lateQuorumExtension,
  };
}

/** Opens a proposal from the first founder that admits the first outsider. */
async function openAdmission(fixture: CoopFixture, description = "Admit a newcomer"): Promise<ProposalHandle> {
  const { governor, membership, founders, outsiders } = fixture;
  return openProposal(governor, founders[0], [await admitAction(membership, outsiders[0].address)], description);
}

describe("CoopGovernor", function () {
  describe("initialization", function () {
    it("stores the default settings", async function () {
      const { governor } = await loadFixture(deployCoopFixture);

      expect(await governor.votingDelay()).to.equal(DEFAULT_SETTINGS.votingDelay);
      expect(await governor.votingPeriod()).to.equal(DEFAULT_SETTINGS.votingPeriod);
      expect(await governor["quorumNumerator()"]()).to.equal(DEFAULT_SETTINGS.quorumPercent);
      expect(await governor.lateQuorumVoteExtension()).to.equal(DEFAULT_SETTINGS.lateQuorumExtension);
      expect(await governor.proposalThreshold()).to.equal(1n);
    });

    it("links membership and timelock", async function () {
      const { governor, membership, timelock } = await loadFixture(deployCoopFixture);

      expect(await governor.token()).to.equal(await membership.getAddress());
      expect(await governor.timelock()).to.equal(await timelock.getAddress());
      expect(await governor.name()).to.equal("Test Cooperative");
    });

    it("declares fractional counting mode", async function () {
      const { governor } = await loadFixture(deployCoopFixture);

      expect(await governor.COUNTING_MODE()).to.include("fractional");
    });

    it("takes clock mode from membership", async function () {
      const { governor, membership } = await loadFixture(deployCoopFixture);

      expect(await governor.CLOCK_MODE()).to.equal(await membership.CLOCK_MODE());
      expect(await governor.CLOCK_MODE()).to.equal("mode=timestamp");
    });

    it("takes clock from membership", async function () {
      const { governor } = await loadFixture(deployCoopFixture);

      expect(await governor.clock()).to.equal(BigInt(await time.latest()));
    });
  });

  describe("proposing", function () {
    it("rejects proposal from non-member", async function () {
      const { governor, membership, outsiders } = await loadFixture(deployCoopFixture);
      const outsider = outsiders[0];
      const proposal = buildProposal(
        [await admitAction(membership, outsider.address)],
        testDescription("Admit me"),
        outsider.address,
      );

      await expect(propose(governor.connect(outsider), proposal))
        .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
        .withArgs(outsider.address, 0n, 1n);
    });

    it("rejects proposal for another proposer", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployCoopFixture);
      const proposal = buildProposal(
        [await admitAction(membership, outsiders[0].address)],
        testDescription("Admit a newcomer"),
        founders[0].address,
      );

      await expect(propose(governor.connect(founders[1]), proposal))
        .to.be.revertedWithCustomError(governor, "GovernorRestrictedProposer")
        .withArgs(founders[1].address);
    });

    it("opens vote after voting delay", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployCoopFixture);
      const proposal = buildProposal(
        [await admitAction(membership, outsiders[0].address)],
        testDescription("Admit a newcomer"),
        founders[0].address,
      );

      const proposalId = await propose(governor.connect(founders[0]), proposal);
      const proposedAt = await time.latest();

      expect(await governor.proposalSnapshot(proposalId)).to.equal(proposedAt + DEFAULT_SETTINGS.votingDelay);
      expect(await governor.proposalProposer(proposalId)).to.equal(founders[0].address);
      expect(await proposalState(governor, proposalId)).to.equal("Pending");
    });
  });

  describe("cancellation", function () {
    /** Submits an admission proposal from the first founder, leaving it pending. */
    async function pendingAdmission(fixture: CoopFixture): Promise<ProposalHandle> {
      const { governor, membership, founders, outsiders } = fixture;
      const proposal = buildProposal(
        [await admitAction(membership, outsiders[0].address)],
        testDescription("Admit a newcomer"),
        founders[0].address,
      );
      const id = await propose(governor.connect(founders[0]), proposal);
      return { proposal, id };
    }

    it("lets proposer cancel pending proposal", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { proposal, id } = await pendingAdmission(fixture);

      await expect(
        governor
          .connect(founders[0])
          .cancel(proposal.targets, proposal.values, proposal.calldatas, keccak256(toUtf8Bytes(proposal.description))),
      )
        .to.emit(governor, "ProposalCanceled")
        .withArgs(id);

      expect(await proposalState(governor, id)).to.equal("Canceled");
    });

    it("rejects cancel by other member", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { proposal, id } = await pendingAdmission(fixture);

      await expect(
        governor
          .connect(founders[1])
          .cancel(proposal.targets, proposal.values, proposal.calldatas, keccak256(toUtf8Bytes(proposal.description))),
      )
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(id, founders[1].address);
    });

    it("rejects cancel after vote opens", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { proposal, id } = await openAdmission(fixture);

      await expect(
        governor
          .connect(founders[0])
          .cancel(proposal.targets, proposal.values, proposal.calldatas, keccak256(toUtf8Bytes(proposal.description))),
      )
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(id, founders[0].address);
    });
  });

  describe("voting", function () {
    it("rejects vote from non-member", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, outsiders } = fixture;
      const { id } = await openAdmission(fixture);

      await expect(governor.connect(outsiders[1]).castVote(id, VoteSupport.For))
        .to.be.revertedWithCustomError(governor, "CoopGovernorNotMember")
        .withArgs(outsiders[1].address);
    });

    it("rejects member admitted after snapshot", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, membership, timelock, outsiders } = fixture;
      const { id } = await openAdmission(fixture);
      const latecomer = outsiders[1];
      await membership.connect(await impersonate(await timelock.getAddress())).admit(latecomer.address);

      await expect(governor.connect(latecomer).castVote(id, VoteSupport.For))
        .to.be.revertedWithCustomError(governor, "CoopGovernorNoVotesAtSnapshot")
        .withArgs(latecomer.address, id);
    });

    it("counts member admitted before snapshot", async function () {
      const { governor, membership, timelock, founders, outsiders } = await loadFixture(deployCoopFixture);
      const newcomer = outsiders[1];
      const proposal = buildProposal(
        [await admitAction(membership, outsiders[0].address)],
        testDescription("Admit"),
        founders[0].address,
      );
      const id = await propose(governor.connect(founders[0]), proposal);
      await membership.connect(await impersonate(await timelock.getAddress())).admit(newcomer.address);
      await time.increaseTo((await governor.proposalSnapshot(id)) + 1n);

      await governor.connect(newcomer).castVote(id, VoteSupport.For);

      const [, forVotes] = await governor.proposalVotes(id);
      expect(forVotes).to.equal(1n);
    });

    it("rejects vote after exclusion", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, membership, timelock, founders } = fixture;
      const { id } = await openAdmission(fixture);
      await membership.connect(await impersonate(await timelock.getAddress())).exclude(founders[1].address, "0x");

      await expect(governor.connect(founders[1]).castVote(id, VoteSupport.Against))
        .to.be.revertedWithCustomError(governor, "CoopGovernorNotMember")
        .withArgs(founders[1].address);
    });

    it("rejects vote after resignation", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, membership, founders } = fixture;
      const { id } = await openAdmission(fixture);
      await membership.connect(founders[1]).resign();

      await expect(governor.connect(founders[1]).castVote(id, VoteSupport.Against))
        .to.be.revertedWithCustomError(governor, "CoopGovernorNotMember")
        .withArgs(founders[1].address);
    });

    it("keeps votes cast before exit", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, membership, timelock, founders } = fixture;
      const { id } = await openAdmission(fixture);
      await governor.connect(founders[1]).castVote(id, VoteSupport.Against);
      await governor.connect(founders[2]).castVote(id, VoteSupport.For);

      await membership.connect(founders[1]).resign();
      await membership.connect(await impersonate(await timelock.getAddress())).exclude(founders[2].address, "0x");

      const [againstVotes, forVotes] = await governor.proposalVotes(id);
      expect(againstVotes).to.equal(1n);
      expect(forVotes).to.equal(1n);
      expect(await governor.hasVoted(id, founders[1].address)).to.equal(true);
    });

    it("rejects second vote", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);
      await governor.connect(founders[1]).castVote(id, VoteSupport.For);

      await expect(governor.connect(founders[1]).castVote(id, VoteSupport.Against))
        .to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote")
        .withArgs(founders[1].address);
    });

    it("rejects vote before opening", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployCoopFixture);
      const proposal = buildProposal(
        [await admitAction(membership, outsiders[0].address)],
        testDescription("Admit"),
        founders[0].address,
      );
      const id = await propose(governor.connect(founders[0]), proposal);

      await expect(governor.connect(founders[1]).castVote(id, VoteSupport.For))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(id, 0n, proposalStateBitmap("Active"));
    });

    it("rejects vote at snapshot", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployCoopFixture);
      const proposal = buildProposal(
        [await admitAction(membership, outsiders[0].address)],
        testDescription("Admit"),
        founders[0].address,
      );
      const id = await propose(governor.connect(founders[0]), proposal);
      await time.setNextBlockTimestamp(await governor.proposalSnapshot(id));

      await expect(governor.connect(founders[1]).castVote(id, VoteSupport.For))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(id, 0n, proposalStateBitmap("Active"));
    });

    it("rejects vote after deadline", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);
      await endVote(governor, id);

      await expect(governor.connect(founders[1]).castVote(id, VoteSupport.For))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(id, 3n, proposalStateBitmap("Active"));
    });

    it("counts fractional vote", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);
      const params = packFractionalVote(0n, 1n, 0n);

      await expect(governor.connect(founders[1]).castVoteWithReasonAndParams(id, FRACTIONAL_SUPPORT, "split", params))
        .to.emit(governor, "VoteCastWithParams")
        .withArgs(founders[1].address, id, FRACTIONAL_SUPPORT, 1n, "split", params);

      const [againstVotes, forVotes, abstainVotes] = await governor.proposalVotes(id);
      expect(againstVotes).to.equal(0n);
      expect(forVotes).to.equal(1n);
      expect(abstainVotes).to.equal(0n);
      expect(await governor.usedVotes(id, founders[1].address)).to.equal(1n);
    });

    it("rejects fractional vote above weight", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);

      await expect(
        governor
          .connect(founders[1])
          .castVoteWithReasonAndParams(id, FRACTIONAL_SUPPORT, "", packFractionalVote(0n, 1n, 1n)),
      )
        .to.be.revertedWithCustomError(governor, "GovernorExceedRemainingWeight")
        .withArgs(founders[1].address, 2n, 1n);
    });

    it("counts abstention toward quorum", async function () {
      const fixture = await loadFixture(deployHighQuorumCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);

      await voteAll(governor, id, founders.slice(0, 2), VoteSupport.For);
      await governor.connect(founders[2]).castVote(id, VoteSupport.Abstain);
      await endVote(governor, id);

      expect(await proposalState(governor, id)).to.equal("Succeeded");
    });
  });

  describe("outcome", function () {
    it("defeats proposal below quorum", async function () {
      const fixture = await loadFixture(deployHighQuorumCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);

      await voteAll(governor, id, founders.slice(0, 2), VoteSupport.For);
      await endVote(governor, id);

      const [againstVotes, forVotes] = await governor.proposalVotes(id);
      expect(forVotes).to.be.greaterThan(againstVotes);
      expect(await governor.quorum(await governor.proposalSnapshot(id))).to.equal(3n);
      expect(await proposalState(governor, id)).to.equal("Defeated");
    });

    it("defeats proposal with majority against", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);

      await voteAll(governor, id, founders.slice(0, 2), VoteSupport.For);
      await voteAll(governor, id, founders.slice(2, 5), VoteSupport.Against);
      await endVote(governor, id);

      expect(await proposalState(governor, id)).to.equal("Defeated");
    });

    it("defeats proposal on tie", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);

      await voteAll(governor, id, founders.slice(0, 2), VoteSupport.For);
      await voteAll(governor, id, founders.slice(2, 4), VoteSupport.Against);
      await endVote(governor, id);

      expect(await proposalState(governor, id)).to.equal("Defeated");
    });

    it("passes proposal with majority for", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);

      await voteAll(governor, id, founders.slice(0, 3), VoteSupport.For);
      await voteAll(governor, id, founders.slice(3, 5), VoteSupport.Against);
      await endVote(governor, id);

      expect(await proposalState(governor, id)).to.equal("Succeeded");
    });

    it("keeps quorum of defeated proposal", async function () {
      const fixture = await loadFixture(deployHighQuorumCoopFixture);
      const { governor, founders } = fixture;
      const defeated = await openAdmission(fixture);
      await voteAll(governor, defeated.id, founders.slice(0, 2), VoteSupport.For);
      await endVote(governor, defeated.id);
      const defeatedSnapshot = await governor.proposalSnapshot(defeated.id);

      await passProposal(
        governor,
        founders[0],
        founders.slice(0, 3),
        [await contractAction(governor, "updateQuorumNumerator", [20n])],
        testDescription("Lower the quorum"),
      );

      expect(await governor["quorumNumerator()"]()).to.equal(20n);
      expect(await governor["quorumNumerator(uint256)"](defeatedSnapshot)).to.equal(BigInt(HIGH_QUORUM_PERCENT));
      expect(await governor.quorum(defeatedSnapshot)).to.equal(3n);
      expect(await proposalState(governor, defeated.id)).to.equal("Defeated");
    });
  });

  describe("late quorum", function () {
    it("extends deadline on late quorum", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);
      const deadline = await governor.proposalDeadline(id);
      const voteAt = deadline - 600n;
      const extendedDeadline = voteAt + BigInt(DEFAULT_SETTINGS.lateQuorumExtension);
      await time.setNextBlockTimestamp(voteAt);

      await expect(governor.connect(founders[1]).castVote(id, VoteSupport.For))
        .to.emit(governor, "ProposalExtended")
        .withArgs(id, extendedDeadline);

      expect(await governor.proposalDeadline(id)).to.equal(extendedDeadline);
    });

    it("keeps vote open after extension", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);
      const deadline = await governor.proposalDeadline(id);
      await time.setNextBlockTimestamp(deadline - 600n);
      await governor.connect(founders[1]).castVote(id, VoteSupport.For);

      await time.increaseTo(deadline + 1n);

      expect(await proposalState(governor, id)).to.equal("Active");
      await expect(governor.connect(founders[2]).castVote(id, VoteSupport.Against)).to.emit(governor, "VoteCast");
    });

    it("keeps deadline on early quorum", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);
      const deadline = await governor.proposalDeadline(id);

      await expect(governor.connect(founders[1]).castVote(id, VoteSupport.For)).not.to.emit(
        governor,
        "ProposalExtended",
      );

      expect(await governor.proposalDeadline(id)).to.equal(deadline);
    });
  });

  describe("queue and execute", function () {
    /** Opens an admission proposal and has three founders pass it, without queueing it. */
    async function succeededAdmission(fixture: CoopFixture): Promise<ProposalHandle> {
      const handle = await openAdmission(fixture);
      await voteAll(fixture.governor, handle.id, fixture.founders.slice(0, 3), VoteSupport.For);
      await endVote(fixture.governor, handle.id);
      return handle;
    }

    it("rejects execute before queue", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor } = fixture;
      const { proposal, id } = await succeededAdmission(fixture);

      await expect(execute(governor, proposal))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(id, 4n, proposalStateBitmap("Queued"));
    });

    it("rejects execute before delay", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, timelock } = fixture;
      const { proposal, id } = await succeededAdmission(fixture);
      await queue(governor, proposal);

      expect(await proposalState(governor, id)).to.equal("Queued");
      await expect(execute(governor, proposal))
        .to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState")
        .withArgs(await timelockOperationId(timelock, governor, proposal), operationStateBitmap("Ready"));
    });

    it("sets eta to queue time plus delay", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor } = fixture;
      const { proposal, id } = await succeededAdmission(fixture);

      await queue(governor, proposal);

      expect(await governor.proposalEta(id)).to.equal(BigInt((await time.latest()) + DEFAULT_SETTINGS.timelockDelay));
    });

    it("lets outsider execute after delay", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, membership, outsiders } = fixture;
      const { proposal, id } = await succeededAdmission(fixture);
      await queue(governor, proposal);
      await time.increaseTo(await governor.proposalEta(id));

      await expect(
        governor
          .connect(outsiders[5])
          .execute(proposal.targets, proposal.values, proposal.calldatas, keccak256(toUtf8Bytes(proposal.description))),
      )
        .to.emit(governor, "ProposalExecuted")
        .withArgs(id);

      expect(await proposalState(governor, id)).to.equal("Executed");
      expect(await membership.isMember(outsiders[0].address)).to.equal(true);
    });

    it("rejects queue of defeated proposal", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { proposal, id } = await openAdmission(fixture);
      await voteAll(governor, id, founders.slice(0, 3), VoteSupport.Against);
      await endVote(governor, id);

      await expect(queue(governor, proposal))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(id, 3n, proposalStateBitmap("Succeeded"));
    });

    it("admits member through proposal", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployCoopFixture);

      await passProposal(governor, founders[0], founders.slice(0, 3), [
        await admitAction(membership, outsiders[0].address),
      ]);

      expect(await membership.isMember(outsiders[0].address)).to.equal(true);
      expect(await membership.memberCount()).to.equal(6n);
    });

    it("excludes member through proposal", async function () {
      const { governor, membership, founders } = await loadFixture(deployCoopFixture);

      await passProposal(governor, founders[0], founders.slice(0, 3), [
        await excludeAction(membership, founders[4].address, cidV0("Exclusion decision of the general meeting")),
      ]);

      expect(await membership.isMember(founders[4].address)).to.equal(false);
      expect(await membership.memberCount()).to.equal(4n);
    });
  });

  describe("settings", function () {
    const setterCases: { name: string; args: unknown[] }[] = [
      { name: "setVotingDelay", args: [1n] },
      { name: "setVotingPeriod", args: [3600n] },
      { name: "setProposalThreshold", args: [0n] },
      { name: "updateQuorumNumerator", args: [1n] },
      { name: "setLateQuorumVoteExtension", args: [0n] },
      { name: "updateTimelock", args: [ZeroAddress] },
      { name: "relay", args: [ZeroAddress, 0n, "0x"] },
    ];

    for (const { name, args } of setterCases) {
      it(`rejects direct ${name} call`, async function () {
        const { governor, founders } = await loadFixture(deployCoopFixture);

        await expect(governor.connect(founders[0]).getFunction(name)(...args))
          .to.be.revertedWithCustomError(governor, "GovernorOnlyExecutor")
          .withArgs(founders[0].address);
      });
    }

    it("rejects setter from timelock outside proposal", async function () {
      const { governor, timelock } = await loadFixture(deployCoopFixture);
      const timelockSigner = await impersonate(await timelock.getAddress());

      // The governor matches each governance call against a queue that only `execute` fills, so a
      // direct call from the timelock pops an empty queue and panics.
      await expect(governor.connect(timelockSigner).setVotingDelay(1n)).to.be.revertedWithPanic(0x31);
    });

    it("changes settings through proposal", async function () {
      const { governor, founders } = await loadFixture(deployCoopFixture);

      await passProposal(
        governor,
        founders[0],
        founders.slice(0, 3),
        [
          await contractAction(governor, "setVotingDelay", [120n]),
          await contractAction(governor, "setVotingPeriod", [2n * 24n * 3600n]),
          await contractAction(governor, "updateQuorumNumerator", [50n]),
          await contractAction(governor, "setLateQuorumVoteExtension", [7200n]),
        ],
        testDescription("Change the voting rules"),
      );

      expect(await governor.votingDelay()).to.equal(120n);
      expect(await governor.votingPeriod()).to.equal(2n * 24n * 3600n);
      expect(await governor["quorumNumerator()"]()).to.equal(50n);
      expect(await governor.lateQuorumVoteExtension()).to.equal(7200n);
    });

    it("emits events for new settings", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const proposal = buildProposal(
        [
          await contractAction(governor, "setVotingDelay", [120n]),
          await contractAction(governor, "updateQuorumNumerator", [50n]),
        ],
        testDescription("Change the voting rules"),
        founders[0].address,
      );
      const id = await propose(governor.connect(founders[0]), proposal);
      await time.increaseTo((await governor.proposalSnapshot(id)) + 1n);
      await voteAll(governor, id, founders.slice(0, 3), VoteSupport.For);
      await endVote(governor, id);
      await queue(governor, proposal);
      await time.increaseTo(await governor.proposalEta(id));

      const tx = governor.execute(
        proposal.targets,
        proposal.values,
        proposal.calldatas,
        keccak256(toUtf8Bytes(proposal.description)),
      );
      await expect(tx).to.emit(governor, "VotingDelaySet").withArgs(BigInt(DEFAULT_SETTINGS.votingDelay), 120n);
      await expect(tx)
        .to.emit(governor, "QuorumNumeratorUpdated")
        .withArgs(BigInt(DEFAULT_SETTINGS.quorumPercent), 50n);
    });
  });

  describe("initializer", function () {
    it("rejects second initialize on proxy", async function () {
      const { governor, membership, timelock, charter } = await loadFixture(deployCoopFixture);

      await expect(
        governor.initialize(
          "Takeover",
          await membership.getAddress(),
          await timelock.getAddress(),
          await charter.getAddress(),
          initializerSettings(DEFAULT_SETTINGS),
        ),
      ).to.be.revertedWithCustomError(governor, "InvalidInitialization");
    });

    it("rejects initialize on implementation", async function () {
      const { implementations, membership, timelock, charter, outsiders } = await loadFixture(deployCoopFixture);
      const implementation = CoopGovernor__factory.connect(implementations.governor, outsiders[0]);

      await expect(
        implementation.initialize(
          "Takeover",
          await membership.getAddress(),
          await timelock.getAddress(),
          await charter.getAddress(),
          initializerSettings(DEFAULT_SETTINGS),
        ),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    });

    it("rejects zero membership", async function () {
      const { governor, implementations, timelock, charter, deployer } = await loadFixture(deployCoopFixture);
      const initData = governor.interface.encodeFunctionData("initialize", [
        "Test Cooperative",
        ZeroAddress,
        await timelock.getAddress(),
        await charter.getAddress(),
        initializerSettings(DEFAULT_SETTINGS),
      ]);

      await expect(new CoopProxy__factory(deployer).deploy(implementations.governor, initData))
        .to.be.revertedWithCustomError(governor, "CoopGovernorZeroAddress")
        .withArgs("membership");
    });

    it("rejects zero timelock", async function () {
      const { governor, implementations, membership, charter, deployer } = await loadFixture(deployCoopFixture);
      const initData = governor.interface.encodeFunctionData("initialize", [
        "Test Cooperative",
        await membership.getAddress(),
        ZeroAddress,
        await charter.getAddress(),
        initializerSettings(DEFAULT_SETTINGS),
      ]);

      await expect(new CoopProxy__factory(deployer).deploy(implementations.governor, initData))
        .to.be.revertedWithCustomError(governor, "CoopGovernorZeroAddress")
        .withArgs("timelock");
    });

    it("rejects zero charter", async function () {
      const { governor, implementations, membership, timelock, deployer } = await loadFixture(deployCoopFixture);
      const initData = governor.interface.encodeFunctionData("initialize", [
        "Test Cooperative",
        await membership.getAddress(),
        await timelock.getAddress(),
        ZeroAddress,
        initializerSettings(DEFAULT_SETTINGS),
      ]);

      await expect(new CoopProxy__factory(deployer).deploy(implementations.governor, initData))
        .to.be.revertedWithCustomError(governor, "CoopGovernorZeroAddress")
        .withArgs("charter");
    });
  });

  describe("upgrade authorization", function () {
    /** Callers that are not the governance executor, by role. */
    const callers: { role: string; pick: (fixture: CoopFixture) => CoopFixture["deployer"] }[] = [
      { role: "member", pick: (fixture) => fixture.founders[0] },
      { role: "outsider", pick: (fixture) => fixture.outsiders[0] },
      { role: "deployer", pick: (fixture) => fixture.deployer },
    ];

    for (const { role, pick } of callers) {
      it(`rejects upgrade by ${role}`, async function () {
        const fixture = await loadFixture(deployCoopFixture);
        const { governor, implementations } = fixture;
        const caller = pick(fixture);

        await expect(governor.connect(caller).upgradeToAndCall(implementations.governor, "0x"))
          .to.be.revertedWithCustomError(governor, "GovernorOnlyExecutor")
          .withArgs(caller.address);
      });
    }

    it("rejects upgrade by timelock outside proposal", async function () {
      const { governor, implementations, timelock } = await loadFixture(deployCoopFixture);
      const timelockSigner = await impersonate(await timelock.getAddress());

      await expect(
        governor.connect(timelockSigner).upgradeToAndCall(implementations.governor, "0x"),
      ).to.be.revertedWithPanic(0x31);
    });
  });
});
