import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress } from "ethers";

import { VoteSupport, buildProposal } from "../../src/governance/proposals";
import { FOUNDER_COUNT } from "../helpers/fixtures";
import { admitAction, contractAction, openProposal, passProposal, testDescription } from "../helpers/governance";
import {
  MAX_REPRESENTED,
  deployMembershipFixture,
  deployProxyVotingFixture,
  signDelegation,
  submitDelegation,
  type MembershipFixture,
} from "../helpers/membership";

/** Validity of the signed delegations in these tests: one hour, in seconds. */
const SIGNATURE_VALIDITY = 3600n;

/** Returns an expiry one hour after the latest block. */
async function expiryInAnHour(): Promise<bigint> {
  return BigInt(await time.latest()) + SIGNATURE_VALIDITY;
}

/** Deploys proxy voting and has the first two founders delegate to the third. */
async function deployFullDelegateFixture(): Promise<MembershipFixture> {
  const fixture = await deployProxyVotingFixture();
  const [first, second, delegate] = fixture.founders;
  await fixture.membership.connect(first).delegate(delegate.address);
  await fixture.membership.connect(second).delegate(delegate.address);
  return fixture;
}

describe("CoopMembership proxy voting", function () {
  describe("disabled by default", function () {
    it("reports proxy voting off", async function () {
      const { membership } = await loadFixture(deployMembershipFixture);

      const [enabled, maxRepresented] = await membership.proxyVoting();
      expect(enabled).to.equal(false);
      expect(maxRepresented).to.equal(0n);
    });

    it("rejects delegate to another member", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(founders[0]).delegate(founders[1].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipDelegationDisabled")
        .withArgs(founders[0].address);
    });

    it("rejects delegateBySig to another member", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployMembershipFixture);
      const signed = await signDelegation(membership, founders[0], founders[1].address, await expiryInAnHour());

      await expect(submitDelegation(membership, outsiders[0], signed))
        .to.be.revertedWithCustomError(membership, "CoopMembershipDelegationDisabled")
        .withArgs(founders[0].address);
    });

    it("allows delegate to self", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);
      const member = founders[0].address;

      await expect(membership.connect(founders[0]).delegate(member))
        .to.emit(membership, "DelegateChanged")
        .withArgs(member, member, member);

      expect(await membership.getVotes(member)).to.equal(1n);
    });

    it("allows delegateBySig to self", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployMembershipFixture);
      const member = founders[0].address;
      const signed = await signDelegation(membership, founders[0], member, await expiryInAnHour());

      await expect(submitDelegation(membership, outsiders[0], signed))
        .to.emit(membership, "DelegateChanged")
        .withArgs(member, member, member);

      expect(await membership.nonces(member)).to.equal(1n);
    });

    it("rejects undelegating to zero address", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(founders[0]).delegate(ZeroAddress))
        .to.be.revertedWithCustomError(membership, "CoopMembershipDelegationDisabled")
        .withArgs(founders[0].address);
    });
  });

  describe("setProxyVoting", function () {
    it("enables proxy voting", async function () {
      const { membership, byTimelock } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setProxyVoting(true, MAX_REPRESENTED))
        .to.emit(membership, "ProxyVotingSet")
        .withArgs(true, MAX_REPRESENTED);

      const [enabled, maxRepresented] = await membership.proxyVoting();
      expect(enabled).to.equal(true);
      expect(maxRepresented).to.equal(BigInt(MAX_REPRESENTED));
    });

    it("rejects caller other than timelock", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(founders[0]).setProxyVoting(true, MAX_REPRESENTED))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[0].address);
    });

    it("enables proxy voting through proposal", async function () {
      const { membership, governor, founders } = await loadFixture(deployMembershipFixture);

      await passProposal(
        governor,
        founders[0],
        founders.slice(0, 3),
        [await contractAction(membership, "setProxyVoting", [true, MAX_REPRESENTED])],
        testDescription("Allow proxy voting"),
      );

      const [enabled] = await membership.proxyVoting();
      expect(enabled).to.equal(true);
    });
  });

  describe("delegate", function () {
    it("moves votes to member", async function () {
      const { membership, founders } = await loadFixture(deployProxyVotingFixture);

      await expect(membership.connect(founders[0]).delegate(founders[1].address))
        .to.emit(membership, "DelegateChanged")
        .withArgs(founders[0].address, founders[0].address, founders[1].address);

      expect(await membership.getVotes(founders[0].address)).to.equal(0n);
      expect(await membership.getVotes(founders[1].address)).to.equal(2n);
      expect(await membership.representedCount(founders[1].address)).to.equal(1n);
    });

    it("keeps total weight", async function () {
      const { membership, founders } = await loadFixture(deployProxyVotingFixture);

      await membership.connect(founders[0]).delegate(founders[1].address);
      const delegatedAt = await time.latest();
      await time.increase(1);

      expect(await membership.getPastTotalSupply(delegatedAt)).to.equal(BigInt(FOUNDER_COUNT));
    });

    it("rejects non-member delegate", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployProxyVotingFixture);

      await expect(membership.connect(founders[0]).delegate(outsiders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(outsiders[0].address);
    });

    it("rejects zero address delegate", async function () {
      const { membership, founders } = await loadFixture(deployProxyVotingFixture);

      await expect(membership.connect(founders[0]).delegate(ZeroAddress))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(ZeroAddress);
    });

    it("rejects non-member delegator", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployProxyVotingFixture);

      await expect(membership.connect(outsiders[0]).delegate(founders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(outsiders[0].address);
    });

    it("rejects former member delegator", async function () {
      const { membership, founders } = await loadFixture(deployProxyVotingFixture);
      await membership.connect(founders[0]).resign();

      await expect(membership.connect(founders[0]).delegate(founders[1].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(founders[0].address);
    });

    it("enforces max represented", async function () {
      const { membership, founders } = await loadFixture(deployFullDelegateFixture);

      await expect(membership.connect(founders[3]).delegate(founders[2].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipTooManyRepresented")
        .withArgs(founders[2].address, MAX_REPRESENTED);
    });

    it("rejects any proxy at max zero", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployProxyVotingFixture);
      await byTimelock.setProxyVoting(true, 0);

      await expect(membership.connect(founders[0]).delegate(founders[1].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipTooManyRepresented")
        .withArgs(founders[1].address, 0n);
    });

    it("moves count on redelegation", async function () {
      const { membership, founders } = await loadFixture(deployProxyVotingFixture);
      await membership.connect(founders[0]).delegate(founders[1].address);

      await membership.connect(founders[0]).delegate(founders[2].address);

      expect(await membership.representedCount(founders[1].address)).to.equal(0n);
      expect(await membership.representedCount(founders[2].address)).to.equal(1n);
      expect(await membership.getVotes(founders[1].address)).to.equal(1n);
      expect(await membership.getVotes(founders[2].address)).to.equal(2n);
    });

    it("keeps count on same delegate", async function () {
      const { membership, founders } = await loadFixture(deployFullDelegateFixture);

      await membership.connect(founders[0]).delegate(founders[2].address);

      expect(await membership.representedCount(founders[2].address)).to.equal(BigInt(MAX_REPRESENTED));
      expect(await membership.getVotes(founders[2].address)).to.equal(3n);
    });

    it("restores votes on delegating to self", async function () {
      const { membership, founders } = await loadFixture(deployFullDelegateFixture);

      await membership.connect(founders[0]).delegate(founders[0].address);

      expect(await membership.getVotes(founders[0].address)).to.equal(1n);
      expect(await membership.getVotes(founders[2].address)).to.equal(2n);
      expect(await membership.representedCount(founders[2].address)).to.equal(1n);
    });

    it("frees place for another member", async function () {
      const { membership, founders } = await loadFixture(deployFullDelegateFixture);
      await membership.connect(founders[0]).delegate(founders[0].address);

      await membership.connect(founders[3]).delegate(founders[2].address);

      expect(await membership.representedCount(founders[2].address)).to.equal(BigInt(MAX_REPRESENTED));
      expect(await membership.getVotes(founders[2].address)).to.equal(3n);
    });

    it("keeps delegations when disabled", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployFullDelegateFixture);

      await byTimelock.setProxyVoting(false, MAX_REPRESENTED);

      expect(await membership.getVotes(founders[2].address)).to.equal(3n);
      expect(await membership.delegates(founders[0].address)).to.equal(founders[2].address);
    });

    it("rejects new proxy when disabled", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployFullDelegateFixture);
      await byTimelock.setProxyVoting(false, MAX_REPRESENTED);

      await expect(membership.connect(founders[0]).delegate(founders[3].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipDelegationDisabled")
        .withArgs(founders[0].address);
    });

    it("ends proxy when disabled", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployFullDelegateFixture);
      await byTimelock.setProxyVoting(false, MAX_REPRESENTED);

      await membership.connect(founders[0]).delegate(founders[0].address);

      expect(await membership.getVotes(founders[0].address)).to.equal(1n);
      expect(await membership.representedCount(founders[2].address)).to.equal(1n);
    });
  });

  describe("exit", function () {
    it("releases count when delegator resigns", async function () {
      const { membership, founders } = await loadFixture(deployFullDelegateFixture);

      await membership.connect(founders[0]).resign();

      expect(await membership.representedCount(founders[2].address)).to.equal(1n);
      expect(await membership.getVotes(founders[2].address)).to.equal(2n);
      expect(await membership.delegates(founders[0].address)).to.equal(founders[0].address);
    });

    it("releases count when delegator is excluded", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployFullDelegateFixture);

      await byTimelock.exclude(founders[1].address, "0x");

      expect(await membership.representedCount(founders[2].address)).to.equal(1n);
      expect(await membership.getVotes(founders[2].address)).to.equal(2n);
    });

    it("lowers total when delegator exits", async function () {
      const { membership, founders } = await loadFixture(deployFullDelegateFixture);

      await membership.connect(founders[0]).resign();
      const resignedAt = await time.latest();
      await time.increase(1);

      expect(await membership.getPastTotalSupply(resignedAt)).to.equal(BigInt(FOUNDER_COUNT) - 1n);
    });

    // Documented behaviour: ending each delegation to a member who leaves would need a loop over
    // delegators, so their votes stay with the former member until each delegator delegates again.
    it("keeps votes with former delegate", async function () {
      const { membership, founders } = await loadFixture(deployFullDelegateFixture);

      await membership.connect(founders[2]).resign();

      expect(await membership.isMember(founders[2].address)).to.equal(false);
      expect(await membership.getVotes(founders[2].address)).to.equal(2n);
      expect(await membership.representedCount(founders[2].address)).to.equal(2n);
    });

    it("rejects vote of former delegate", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployFullDelegateFixture);
      await membership.connect(founders[2]).resign();
      const { id } = await openProposal(governor, founders[3], [await admitAction(membership, outsiders[0].address)]);

      expect(await membership.getPastVotes(founders[2].address, await governor.proposalSnapshot(id))).to.equal(2n);
      await expect(governor.connect(founders[2]).castVote(id, VoteSupport.For))
        .to.be.revertedWithCustomError(governor, "CoopGovernorNotMember")
        .withArgs(founders[2].address);
    });

    it("rejects proposal by former delegate", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployFullDelegateFixture);
      await membership.connect(founders[2]).resign();
      await time.increase(1);
      const proposal = buildProposal(
        [await admitAction(membership, outsiders[0].address)],
        testDescription("Proposal by a former member"),
        founders[2].address,
      );

      await expect(
        governor
          .connect(founders[2])
          .propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description),
      )
        .to.be.revertedWithCustomError(governor, "CoopGovernorNotMember")
        .withArgs(founders[2].address);
    });

    it("returns votes on delegating to self", async function () {
      const { membership, founders } = await loadFixture(deployFullDelegateFixture);
      await membership.connect(founders[2]).resign();

      await membership.connect(founders[0]).delegate(founders[0].address);

      expect(await membership.getVotes(founders[0].address)).to.equal(1n);
      expect(await membership.getVotes(founders[2].address)).to.equal(1n);
      expect(await membership.representedCount(founders[2].address)).to.equal(1n);
    });
  });

  describe("delegateBySig", function () {
    it("delegates with signature", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployProxyVotingFixture);
      const signed = await signDelegation(membership, founders[0], founders[1].address, await expiryInAnHour());

      await expect(submitDelegation(membership, outsiders[0], signed))
        .to.emit(membership, "DelegateChanged")
        .withArgs(founders[0].address, founders[0].address, founders[1].address);

      expect(await membership.getVotes(founders[1].address)).to.equal(2n);
      expect(await membership.representedCount(founders[1].address)).to.equal(1n);
      expect(await membership.nonces(founders[0].address)).to.equal(1n);
    });

    it("reads domain from contract", async function () {
      const { membership } = await loadFixture(deployProxyVotingFixture);

      const [, name, version, chainId, verifyingContract] = await membership.eip712Domain();
      expect(name).to.equal("Test Cooperative");
      expect(version).to.equal("1");
      expect(chainId).to.equal((await ethers.provider.getNetwork()).chainId);
      expect(verifyingContract).to.equal(await membership.getAddress());
    });

    it("rejects expired signature", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployProxyVotingFixture);
      const expiry = BigInt(await time.latest());
      const signed = await signDelegation(membership, founders[0], founders[1].address, expiry);
      await time.setNextBlockTimestamp(expiry + 1n);

      await expect(submitDelegation(membership, outsiders[0], signed))
        .to.be.revertedWithCustomError(membership, "VotesExpiredSignature")
        .withArgs(expiry);
    });

    it("rejects replayed nonce", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployProxyVotingFixture);
      const signed = await signDelegation(membership, founders[0], founders[1].address, await expiryInAnHour());
      await submitDelegation(membership, outsiders[0], signed);

      await expect(submitDelegation(membership, outsiders[0], signed))
        .to.be.revertedWithCustomError(membership, "InvalidAccountNonce")
        .withArgs(founders[0].address, 1n);
    });

    it("rejects non-member delegate", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployProxyVotingFixture);
      const signed = await signDelegation(membership, founders[0], outsiders[1].address, await expiryInAnHour());

      await expect(submitDelegation(membership, outsiders[0], signed))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(outsiders[1].address);
    });

    it("enforces max represented", async function () {
      const { membership, founders, outsiders } = await loadFixture(deployFullDelegateFixture);
      const signed = await signDelegation(membership, founders[3], founders[2].address, await expiryInAnHour());

      await expect(submitDelegation(membership, outsiders[0], signed))
        .to.be.revertedWithCustomError(membership, "CoopMembershipTooManyRepresented")
        .withArgs(founders[2].address, MAX_REPRESENTED);
    });
  });

  describe("governor", function () {
    it("counts represented weight", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployFullDelegateFixture);
      const { id } = await openProposal(governor, founders[3], [await admitAction(membership, outsiders[0].address)]);

      await expect(governor.connect(founders[2]).castVote(id, VoteSupport.For))
        .to.emit(governor, "VoteCast")
        .withArgs(founders[2].address, id, VoteSupport.For, 3n, "");

      const [, forVotes] = await governor.proposalVotes(id);
      expect(forVotes).to.equal(3n);
    });

    it("rejects vote of represented member", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployFullDelegateFixture);
      const { id } = await openProposal(governor, founders[3], [await admitAction(membership, outsiders[0].address)]);

      await expect(governor.connect(founders[0]).castVote(id, VoteSupport.Against))
        .to.be.revertedWithCustomError(governor, "CoopGovernorNoVotesAtSnapshot")
        .withArgs(founders[0].address, id);
    });

    it("ignores delegation after snapshot", async function () {
      const { governor, membership, founders, outsiders } = await loadFixture(deployProxyVotingFixture);
      const { id } = await openProposal(governor, founders[3], [await admitAction(membership, outsiders[0].address)]);
      await membership.connect(founders[0]).delegate(founders[1].address);

      await governor.connect(founders[0]).castVote(id, VoteSupport.Against);
      await governor.connect(founders[1]).castVote(id, VoteSupport.For);

      const [againstVotes, forVotes] = await governor.proposalVotes(id);
      expect(againstVotes).to.equal(1n);
      expect(forVotes).to.equal(1n);
    });
  });
});
