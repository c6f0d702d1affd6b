import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { N, ZeroAddress, concat, id, recoverAddress, toBeHex } from "ethers";

import { VoteSupport } from "../../src/governance/proposals";
import type { CoopGovernor } from "../../typechain-types";
import {
  ballotDigest,
  buildBallot,
  keyedNonce,
  signBallot,
  signExtendedBallot,
  type ExtendedBallot,
} from "../helpers/ballots";
import {
  FRACTIONAL_SUPPORT,
  admitAction,
  openProposal,
  packFractionalVote,
  testDescription,
} from "../helpers/governance";
import { deployMembershipFixture, type MembershipFixture } from "../helpers/membership";

/**
 * Ballot signatures that named neither the voter nor a nonce recovered to whatever address the
 * bytes gave, and a voter could not revoke a signed vote. Our governor's ballots name the voter
 * and a nonce, so random bytes and a signature submitted for another voter revert with
 * `GovernorInvalidSignature`. Nonces are keyed by proposal: a relayer can submit a voter's signed
 * votes on several proposals in any order, and each signature counts once. A sequential nonce
 * would reject the older signature once a newer one is used.
 */

/** Weight that governance gives Alice in the weighted cooperative, so she can split her vote. */
const ALICE_WEIGHT = 3n;

/** Two members, Alice and Bob, a relayer who pays the gas, and two open proposals. */
interface SignatureFixture extends MembershipFixture {
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
  firstId: bigint;
  secondId: bigint;
}

async function openTwoProposals(fixture: MembershipFixture): Promise<SignatureFixture> {
  const { governor, membership, founders, outsiders } = fixture;
  const [alice, bob, proposer] = founders;
  const first = await openProposal(
    governor,
    proposer,
    [await admitAction(membership, outsiders[1].address)],
    testDescription("Admit the first candidate"),
  );
  const second = await openProposal(
    governor,
    proposer,
    [await admitAction(membership, outsiders[2].address)],
    testDescription("Admit the second candidate"),
  );
  return { ...fixture, alice, bob, relayer: outsiders[0], firstId: first.id, secondId: second.id };
}

async function deploySignatureFixture(): Promise<SignatureFixture> {
  return openTwoProposals(await deployMembershipFixture());
}

/** Deploys the same fixture, but governance gives Alice a weight of three before the snapshots. */
async function deployWeightedSignatureFixture(): Promise<SignatureFixture> {
  const fixture = await deployMembershipFixture();
  await fixture.byTimelock.setWeight(fixture.founders[0].address, ALICE_WEIGHT);
  return openTwoProposals(fixture);
}

/** Signs Alice's vote for `proposalId` with her next keyed nonce for it. */
async function signFor(governor: CoopGovernor, signer: HardhatEthersSigner, proposalId: bigint): Promise<string> {
  return signBallot(governor, signer, await buildBallot(governor, signer.address, proposalId, VoteSupport.For));
}

/** Builds an extended ballot of `voter` for `proposalId` that puts `inFavor` of their weight in favour. */
async function buildFractionalBallot(
  governor: CoopGovernor,
  voter: string,
  proposalId: bigint,
  inFavor: bigint,
): Promise<ExtendedBallot> {
  const ballot = await buildBallot(governor, voter, proposalId, FRACTIONAL_SUPPORT);
  return { ...ballot, reason: "Signed offline", params: packFractionalVote(0n, inFavor, 0n) };
}

/** Submits a signed extended ballot from `relayer`. */
function relayExtended(
  governor: CoopGovernor,
  relayer: HardhatEthersSigner,
  ballot: ExtendedBallot,
  signature: string,
) {
  return governor
    .connect(relayer)
    .castVoteWithReasonAndParamsBySig(
      ballot.proposalId,
      ballot.support,
      ballot.voter,
      ballot.reason,
      ballot.params,
      signature,
    );
}

/** Returns the votes for `proposalId` in favour. */
async function forVotes(governor: CoopGovernor, proposalId: bigint): Promise<bigint> {
  const [, inFavor] = await governor.proposalVotes(proposalId);
  return inFavor;
}

describe("Vote signatures without voter and nonce", function () {
  describe("forged signatures", function () {
    /** An arbitrary `s` in the lower half of the curve order, which ECDSA recovery accepts. */
    const ARBITRARY_S = toBeHex(BigInt(id("arbitrary s")) % (N / 2n), 32);

    /**
     * 65 bytes that no one signed. The first two recover to some address, as any well-formed
     * signature does, and the last one is all zeros.
     */
    const RANDOM_SIGNATURES = {
      "arbitrary bytes, v = 27": concat([id("arbitrary r"), ARBITRARY_S, "0x1b"]),
      "arbitrary bytes, v = 28": concat([id("arbitrary r"), ARBITRARY_S, "0x1c"]),
      "zero bytes": concat([new Uint8Array(65)]),
    };

    it("recovers arbitrary bytes to strangers", async function () {
      const { governor, alice, firstId } = await loadFixture(deploySignatureFixture);
      const digest = await ballotDigest(governor, await buildBallot(governor, alice.address, firstId, VoteSupport.For));

      for (const signature of [
        RANDOM_SIGNATURES["arbitrary bytes, v = 27"],
        RANDOM_SIGNATURES["arbitrary bytes, v = 28"],
      ]) {
        const stranger = recoverAddress(digest, signature);
        expect(stranger, signature).not.to.equal(ZeroAddress);
        expect(stranger, signature).not.to.equal(alice.address);
      }
    });

    it("rejects arbitrary bytes for recovered address", async function () {
      // The ballot names its voter, so naming the recovered stranger changes the digest and the
      // same bytes recover to yet another address.
      const { governor, alice, relayer, firstId } = await loadFixture(deploySignatureFixture);
      const signature = RANDOM_SIGNATURES["arbitrary bytes, v = 27"];
      const digest = await ballotDigest(governor, await buildBallot(governor, alice.address, firstId, VoteSupport.For));
      const stranger = recoverAddress(digest, signature);

      await expect(governor.connect(relayer).castVoteBySig(firstId, VoteSupport.For, stranger, signature))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(stranger);
    });

    for (const [label, signature] of Object.entries(RANDOM_SIGNATURES)) {
      it(`rejects ${label} for Alice`, async function () {
        const { governor, alice, relayer, firstId } = await loadFixture(deploySignatureFixture);

        await expect(governor.connect(relayer).castVoteBySig(firstId, VoteSupport.For, alice.address, signature))
          .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
          .withArgs(alice.address);
      });

      it(`rejects ${label} for zero address`, async function () {
        const { governor, relayer, firstId } = await loadFixture(deploySignatureFixture);

        await expect(governor.connect(relayer).castVoteBySig(firstId, VoteSupport.For, ZeroAddress, signature))
          .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
          .withArgs(ZeroAddress);
      });
    }

    it("rejects Alice's signature for Bob", async function () {
      const { governor, alice, bob, relayer, firstId } = await loadFixture(deploySignatureFixture);
      const signature = await signFor(governor, alice, firstId);

      await expect(governor.connect(relayer).castVoteBySig(firstId, VoteSupport.For, bob.address, signature))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(bob.address);

      expect(await governor.hasVoted(firstId, bob.address)).to.equal(false);
      expect(await governor.hasVoted(firstId, alice.address)).to.equal(false);
    });

    it("rejects Alice's ballot naming Bob", async function () {
      const { governor, alice, bob, relayer, firstId } = await loadFixture(deploySignatureFixture);
      const ballot = await buildBallot(governor, bob.address, firstId, VoteSupport.For);
      const signature = await signBallot(governor, alice, ballot);

      await expect(governor.connect(relayer).castVoteBySig(firstId, VoteSupport.For, bob.address, signature))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(bob.address);
    });

    it("rejects Alice's signature with other support", async function () {
      const { governor, alice, relayer, firstId } = await loadFixture(deploySignatureFixture);
      const signature = await signFor(governor, alice, firstId);

      await expect(governor.connect(relayer).castVoteBySig(firstId, VoteSupport.Against, alice.address, signature))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(alice.address);
    });

    it("counts no forged vote", async function () {
      const { governor, alice, bob, relayer, firstId } = await loadFixture(deploySignatureFixture);
      const signature = await signFor(governor, alice, firstId);
      await expect(
        governor.connect(relayer).castVoteBySig(firstId, VoteSupport.For, bob.address, signature),
      ).to.be.revertedWithCustomError(governor, "GovernorInvalidSignature");

      await expect(governor.connect(relayer).castVoteBySig(firstId, VoteSupport.For, alice.address, signature))
        .to.emit(governor, "VoteCast")
        .withArgs(alice.address, firstId, VoteSupport.For, 1n, "");

      expect(await forVotes(governor, firstId)).to.equal(1n);
    });
  });

  describe("keyed nonces", function () {
    it("gives each proposal its own nonce", async function () {
      const { governor, alice, firstId, secondId } = await loadFixture(deploySignatureFixture);

      expect(await keyedNonce(governor, alice.address, firstId)).to.equal(BigInt.asUintN(192, firstId) << 64n);
      expect(await keyedNonce(governor, alice.address, secondId)).to.equal(BigInt.asUintN(192, secondId) << 64n);
    });

    it("counts votes relayed out of order", async function () {
      const { governor, alice, relayer, firstId, secondId } = await loadFixture(deploySignatureFixture);
      const firstSignature = await signFor(governor, alice, firstId);
      const secondSignature = await signFor(governor, alice, secondId);

      await expect(governor.connect(relayer).castVoteBySig(secondId, VoteSupport.For, alice.address, secondSignature))
        .to.emit(governor, "VoteCast")
        .withArgs(alice.address, secondId, VoteSupport.For, 1n, "");
      await expect(governor.connect(relayer).castVoteBySig(firstId, VoteSupport.For, alice.address, firstSignature))
        .to.emit(governor, "VoteCast")
        .withArgs(alice.address, firstId, VoteSupport.For, 1n, "");

      expect(await governor.hasVoted(firstId, alice.address)).to.equal(true);
      expect(await governor.hasVoted(secondId, alice.address)).to.equal(true);
    });

    it("uses only the proposal's nonce", async function () {
      const { governor, alice, relayer, firstId, secondId } = await loadFixture(deploySignatureFixture);
      const firstNonce = await keyedNonce(governor, alice.address, firstId);
      const secondNonce = await keyedNonce(governor, alice.address, secondId);
      const secondSignature = await signFor(governor, alice, secondId);

      await governor.connect(relayer).castVoteBySig(secondId, VoteSupport.For, alice.address, secondSignature);

      expect(await keyedNonce(governor, alice.address, secondId)).to.equal(secondNonce + 1n);
      expect(await keyedNonce(governor, alice.address, firstId)).to.equal(firstNonce);
      expect(await governor["nonces(address)"](alice.address)).to.equal(0n);
    });

    it("rejects replayed signature", async function () {
      const { governor, alice, relayer, firstId } = await loadFixture(deploySignatureFixture);
      const signature = await signFor(governor, alice, firstId);
      await governor.connect(relayer).castVoteBySig(firstId, VoteSupport.For, alice.address, signature);

      await expect(governor.connect(relayer).castVoteBySig(firstId, VoteSupport.For, alice.address, signature))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(alice.address);

      expect(await forVotes(governor, firstId)).to.equal(1n);
    });

    it("rejects signature on another proposal", async function () {
      const { governor, alice, relayer, firstId, secondId } = await loadFixture(deploySignatureFixture);
      const firstSignature = await signFor(governor, alice, firstId);

      await expect(governor.connect(relayer).castVoteBySig(secondId, VoteSupport.For, alice.address, firstSignature))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(alice.address);
    });
  });

  describe("sequential nonce", function () {
    it("rejects older signature after newer one", async function () {
      const { governor, alice, relayer, firstId, secondId } = await loadFixture(deploySignatureFixture);
      const sequentialNonce = await governor["nonces(address)"](alice.address);
      const firstBallot = await buildBallot(governor, alice.address, firstId, VoteSupport.For, sequentialNonce);
      const secondBallot = await buildBallot(governor, alice.address, secondId, VoteSupport.For, sequentialNonce);
      const firstSignature = await signBallot(governor, alice, firstBallot);
      const secondSignature = await signBallot(governor, alice, secondBallot);

      await governor.connect(relayer).castVoteBySig(secondId, VoteSupport.For, alice.address, secondSignature);

      await expect(governor.connect(relayer).castVoteBySig(firstId, VoteSupport.For, alice.address, firstSignature))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(alice.address);
      expect(await governor["nonces(address)"](alice.address)).to.equal(sequentialNonce + 1n);
    });
  });

  describe("extended ballot", function () {
    it("counts fractional vote with keyed nonce", async function () {
      const { governor, alice, relayer, firstId } = await loadFixture(deploySignatureFixture);
      const ballot = await buildFractionalBallot(governor, alice.address, firstId, 1n);
      const signature = await signExtendedBallot(governor, alice, ballot);

      await expect(relayExtended(governor, relayer, ballot, signature))
        .to.emit(governor, "VoteCastWithParams")
        .withArgs(alice.address, firstId, FRACTIONAL_SUPPORT, 1n, ballot.reason, ballot.params);

      expect(await forVotes(governor, firstId)).to.equal(1n);
      expect(await keyedNonce(governor, alice.address, firstId)).to.equal(ballot.nonce + 1n);
    });

    it("rejects replayed extended ballot", async function () {
      const { governor, alice, relayer, firstId } = await loadFixture(deploySignatureFixture);
      const ballot = await buildFractionalBallot(governor, alice.address, firstId, 1n);
      const signature = await signExtendedBallot(governor, alice, ballot);
      await relayExtended(governor, relayer, ballot, signature);

      await expect(relayExtended(governor, relayer, ballot, signature))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(alice.address);
    });

    it("rejects replayed partial vote", async function () {
      // Alice's weight of three leaves room for more votes after a partial one, so only the nonce
      // stops the same signature from counting twice.
      const { governor, alice, relayer, firstId } = await loadFixture(deployWeightedSignatureFixture);
      const ballot = await buildFractionalBallot(governor, alice.address, firstId, 1n);
      const signature = await signExtendedBallot(governor, alice, ballot);
      await relayExtended(governor, relayer, ballot, signature);

      await expect(relayExtended(governor, relayer, ballot, signature))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(alice.address);
      expect(await forVotes(governor, firstId)).to.equal(1n);
      expect(await governor.usedVotes(firstId, alice.address)).to.equal(1n);
    });

    it("counts next partial vote with next nonce", async function () {
      const { governor, alice, relayer, firstId } = await loadFixture(deployWeightedSignatureFixture);
      const first = await buildFractionalBallot(governor, alice.address, firstId, 1n);
      await relayExtended(governor, relayer, first, await signExtendedBallot(governor, alice, first));

      const next = await buildFractionalBallot(governor, alice.address, firstId, 2n);
      await relayExtended(governor, relayer, next, await signExtendedBallot(governor, alice, next));

      expect(next.nonce).to.equal(first.nonce + 1n);
      expect(await forVotes(governor, firstId)).to.equal(ALICE_WEIGHT);
      expect(await governor.usedVotes(firstId, alice.address)).to.equal(ALICE_WEIGHT);
    });
  });
});
