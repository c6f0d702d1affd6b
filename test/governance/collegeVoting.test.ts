import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress } from "ethers";

import { VoteSupport } from "../../src/governance/proposals";
import {
  PUBLIC_BODIES,
  QuorumMode,
  TallyKind,
  WORKERS,
  deployCollegesFixture,
  deployCollegesProxy,
  type CollegesFixture,
} from "../helpers/colleges";
import { admitAction, contractAction, endVote, openProposal, voteAll } from "../helpers/governance";

/** Deploys a SCIC whose yes/no governor feeds its colleges module, which the charter names. */
async function deployCollegeVotingFixture(): Promise<CollegesFixture> {
  const fixture = await deployCollegesFixture();
  const { charter, colleges, collegesByTimelock, governor, timelockSigner } = fixture;
  await collegesByTimelock.setGovernor(await governor.getAddress(), true);
  await charter.connect(timelockSigner).setCollegeModule(await colleges.getAddress());
  return fixture;
}

/**
 * Votes that the colleges and the members decide differently: both workers, the partner and the
 * public body vote for, six users of ten vote against. By member, 4 for and 6 against fails. By
 * college, workers 30% + partners 20% + public bodies 20% = 70% for, users 30% against, passes.
 */
async function castSplitVotes(fixture: CollegesFixture, id: bigint): Promise<void> {
  const { governor, workers, users, partners, publicBodies } = fixture;
  await voteAll(governor, id, [...workers, ...partners, ...publicBodies], VoteSupport.For);
  await voteAll(governor, id, users.slice(0, 6), VoteSupport.Against);
}

/** Opens an ordinary proposal (an admission) from the first worker. */
async function openOrdinaryProposal(fixture: CollegesFixture, newcomer: HardhatEthersSigner): Promise<bigint> {
  const { governor, membership, workers } = fixture;
  const handle = await openProposal(governor, workers[0], [await admitAction(membership, newcomer.address)]);
  return handle.id;
}

/** The account admitted by the ordinary proposals: an outsider that the fixture left out. */
function newcomerOf(fixture: CollegesFixture): HardhatEthersSigner {
  return fixture.outsiders[10];
}

describe("CoopGovernor with colleges", function () {
  describe("setCollegeModule", function () {
    it("names the module", async function () {
      const { charter, colleges } = await loadFixture(deployCollegeVotingFixture);
      expect(await charter.collegeModule()).to.equal(await colleges.getAddress());
    });

    it("emits CollegeModuleSet", async function () {
      const { charter, colleges, timelockSigner } = await loadFixture(deployCollegeVotingFixture);
      await expect(charter.connect(timelockSigner).setCollegeModule(ZeroAddress))
        .to.emit(charter, "CollegeModuleSet")
        .withArgs(await colleges.getAddress(), ZeroAddress);
    });

    it("rejects a module of another cooperative", async function () {
      const { charter, deployer, membership, outsiders, timelockSigner } =
        await loadFixture(deployCollegeVotingFixture);
      const foreign = await deployCollegesProxy(deployer, await membership.getAddress(), outsiders[0].address);
      await expect(charter.connect(timelockSigner).setCollegeModule(await foreign.getAddress()))
        .to.be.revertedWithCustomError(charter, "CoopCharterForeignCollegeModule")
        .withArgs(await foreign.getAddress());
    });

    it("rejects a module of another membership", async function () {
      const { charter, deployer, shares, timelockSigner } = await loadFixture(deployCollegeVotingFixture);
      // Any contract passes the module's own check; the shares contract stands for another register.
      const foreign = await deployCollegesProxy(deployer, await shares.getAddress(), timelockSigner.address);
      await expect(charter.connect(timelockSigner).setCollegeModule(await foreign.getAddress()))
        .to.be.revertedWithCustomError(charter, "CoopCharterForeignCollegeModule")
        .withArgs(await foreign.getAddress());
    });

    it("rejects a caller other than the timelock", async function () {
      const { charter, workers } = await loadFixture(deployCollegeVotingFixture);
      await expect(charter.connect(workers[0]).setCollegeModule(ZeroAddress))
        .to.be.revertedWithCustomError(charter, "CoopCharterOnlyTimelock")
        .withArgs(workers[0].address);
    });
  });

  describe("yes/no by college", function () {
    it("passes where the members' count fails", async function () {
      const fixture = await loadFixture(deployCollegeVotingFixture);
      const { governor } = fixture;
      const id = await openOrdinaryProposal(fixture, newcomerOf(fixture));
      await castSplitVotes(fixture, id);
      await endVote(governor, id);
      expect(await governor.state(id)).to.equal(4n); // Succeeded
    });

    it("fails where the members' count passes", async function () {
      // Eight users for; both workers, the partner and the public body against. By member, 8 for
      // and 4 against passes. By college, users 30% for and the others 70% against fails.
      const fixture = await loadFixture(deployCollegeVotingFixture);
      const { governor, workers, users, partners, publicBodies } = fixture;
      const id = await openOrdinaryProposal(fixture, newcomerOf(fixture));
      await voteAll(governor, id, users.slice(0, 8), VoteSupport.For);
      await voteAll(governor, id, [...workers, ...partners, ...publicBodies], VoteSupport.Against);
      await endVote(governor, id);
      expect(await governor.state(id)).to.equal(3n); // Defeated
    });

    it("keeps the members' count readable", async function () {
      const fixture = await loadFixture(deployCollegeVotingFixture);
      const { governor } = fixture;
      const id = await openOrdinaryProposal(fixture, newcomerOf(fixture));
      await castSplitVotes(fixture, id);
      const [against, inFavor] = await governor.proposalVotes(id);
      expect([against, inFavor]).to.deep.equal([6n, 4n]);
    });

    it("records each college's votes", async function () {
      const fixture = await loadFixture(deployCollegeVotingFixture);
      const { colleges, governor } = fixture;
      const id = await openOrdinaryProposal(fixture, newcomerOf(fixture));
      await castSplitVotes(fixture, id);
      const workers = await colleges.collegeVotes(await governor.getAddress(), id, WORKERS);
      expect([workers.againstWeight, workers.forWeight, workers.votedWeight]).to.deep.equal([0n, 2n, 2n]);
    });

    it("counts by member when college voting is off", async function () {
      const fixture = await loadFixture(deployCollegeVotingFixture);
      const { colleges, collegesByTimelock, governor } = fixture;
      await collegesByTimelock.setEnabled(false);
      const id = await openOrdinaryProposal(fixture, newcomerOf(fixture));
      await castSplitVotes(fixture, id);
      await endVote(governor, id);
      expect((await colleges.tallyInfo(await governor.getAddress(), id)).kind).to.equal(TallyKind.None);
      expect(await governor.state(id)).to.equal(3n); // Defeated
    });

    it("counts by member without a module", async function () {
      const fixture = await loadFixture(deployCollegeVotingFixture);
      const { charter, governor, timelockSigner } = fixture;
      await charter.connect(timelockSigner).setCollegeModule(ZeroAddress);
      const id = await openOrdinaryProposal(fixture, newcomerOf(fixture));
      await castSplitVotes(fixture, id);
      await endVote(governor, id);
      expect(await governor.state(id)).to.equal(3n); // Defeated
    });

    it("fails a per-college quorum when a college stays home", async function () {
      // OpenZeppelin's quorum counts for and abstain, so each college needs those, not against.
      const fixture = await loadFixture(deployCollegeVotingFixture);
      const { collegesByTimelock, governor, workers, partners, users } = fixture;
      await collegesByTimelock.setQuorumMode(QuorumMode.PerCollege);
      const id = await openOrdinaryProposal(fixture, newcomerOf(fixture));
      await voteAll(governor, id, [...workers, ...partners, ...users], VoteSupport.For);
      await endVote(governor, id);
      expect(await governor.state(id)).to.equal(3n); // Defeated: no public body voted
    });

    it("passes a per-college quorum when every college votes", async function () {
      const fixture = await loadFixture(deployCollegeVotingFixture);
      const { collegesByTimelock, governor, workers, users, partners, publicBodies } = fixture;
      await collegesByTimelock.setQuorumMode(QuorumMode.PerCollege);
      const id = await openOrdinaryProposal(fixture, newcomerOf(fixture));
      await voteAll(governor, id, [workers[0], users[0], ...partners, ...publicBodies], VoteSupport.For);
      await endVote(governor, id);
      expect(await governor.state(id)).to.equal(4n); // Succeeded
    });

    it("counts by member when the module does not list the governor", async function () {
      const fixture = await loadFixture(deployCollegeVotingFixture);
      const { collegesByTimelock, governor } = fixture;
      await collegesByTimelock.setGovernor(await governor.getAddress(), false);
      const id = await openOrdinaryProposal(fixture, newcomerOf(fixture));
      await castSplitVotes(fixture, id);
      await endVote(governor, id);
      expect(await governor.state(id)).to.equal(3n); // Defeated
    });
  });

  describe("extraordinary majority by college", function () {
    /**
     * Opens an extraordinary proposal (moving a member to another college) and votes so that the
     * college shares are 65% for and 35% against, under two thirds. One worker votes for and one
     * against, every user and the partner vote for, and the public body votes against. The
     * members vote 12 for and 2 against, over two thirds.
     */
    async function voteUnderTwoThirds(fixture: CollegesFixture): Promise<bigint> {
      const { governor, membership, workers, users, partners, publicBodies, unassigned } = fixture;
      const action = await contractAction(membership, "setCollege", [unassigned.address, PUBLIC_BODIES]);
      const { id } = await openProposal(governor, workers[0], [action]);
      await voteAll(governor, id, [workers[0], ...users, ...partners], VoteSupport.For);
      await voteAll(governor, id, [workers[1], ...publicBodies], VoteSupport.Against);
      return id;
    }

    it("applies two thirds to the college shares", async function () {
      const fixture = await loadFixture(deployCollegeVotingFixture);
      const { governor } = fixture;
      const id = await voteUnderTwoThirds(fixture);
      await endVote(governor, id);
      expect(await governor.state(id)).to.equal(3n); // Defeated
    });

    it("passes two thirds by member without colleges", async function () {
      const fixture = await loadFixture(deployCollegeVotingFixture);
      const { collegesByTimelock, governor } = fixture;
      await collegesByTimelock.setEnabled(false);
      const id = await voteUnderTwoThirds(fixture);
      await endVote(governor, id);
      expect(await governor.state(id)).to.equal(4n); // Succeeded
    });
  });
});
