import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { AbiCoder, N, Signature, concat, dataLength, getAddress, dataSlice, recoverAddress, toBeHex } from "ethers";

import { VoteSupport } from "../../src/governance/proposals";
import { ballotDigest, buildBallot, signBallot } from "../helpers/ballots";
import { deployCoopFixture, type CoopFixture } from "../helpers/fixtures";
import { admitAction, openProposal, testDescription } from "../helpers/governance";

/**
 * One ECDSA signature has other encodings that recover the same signer: the 64-byte compact form
 * of EIP-2098, and the form with s replaced by n - s and the recovery id flipped. Contracts that
 * marked the signature bytes as used accepted the same authorisation again in another form. Our
 * governor consumes a nonce for each signed vote, and its ECDSA check accepts only the 65-byte
 * form with a low s. A relayer who submits Alice's vote, then its compact form, then its high-s
 * form gets the last two rejected, and the vote counts once.
 */

/** Address of the `ecrecover` precompile, which accepts any s, unlike OpenZeppelin's ECDSA. */
const ECRECOVER_PRECOMPILE = "0x0000000000000000000000000000000000000001";

/** Alice's vote for an open proposal, signed offline in every encoding. */
interface MalleabilityFixture extends CoopFixture {
  alice: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
  proposalId: bigint;
  digest: string;
  /** The 65-byte signature as the wallet returned it: r, s, v. */
  standard: string;
  /** The EIP-2098 form: r, then s with the recovery bit in its top bit. */
  compact: string;
  /** The high-s form: r, then n - s, then the other recovery id v. */
  highS: string;
}

async function deployMalleabilityFixture(): Promise<MalleabilityFixture> {
  const fixture = await deployCoopFixture();
  const { governor, membership, founders, outsiders } = fixture;
  const [alice, proposer] = founders;
  const { id: proposalId } = await openProposal(
    governor,
    proposer,
    [await admitAction(membership, outsiders[1].address)],
    testDescription("Admit a candidate"),
  );
  const ballot = await buildBallot(governor, alice.address, proposalId, VoteSupport.For);
  const standard = await signBallot(governor, alice, ballot);
  const signature = Signature.from(standard);
  const highS = concat([signature.r, toBeHex(N - BigInt(signature.s), 32), toBeHex(signature.v === 27 ? 28 : 27, 1)]);
  return {
    ...fixture,
    alice,
    relayer: outsiders[0],
    proposalId,
    digest: await ballotDigest(governor, ballot),
    standard,
    compact: signature.compactSerialized,
    highS,
  };
}

/** Returns the signer that the `ecrecover` precompile recovers from `digest` and a 65-byte signature. */
async function ecrecover(digest: string, signature: string): Promise<string> {
  const r = dataSlice(signature, 0, 32);
  const s = dataSlice(signature, 32, 64);
  const v = BigInt(dataSlice(signature, 64, 65));
  const input = AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256", "bytes32", "bytes32"], [digest, v, r, s]);
  const output = await ethers.provider.call({ to: ECRECOVER_PRECOMPILE, data: input });
  return getAddress(dataSlice(output, 12, 32));
}

/** Submits `signature` from the relayer as Alice's vote in favour. */
function relay(fixture: MalleabilityFixture, signature: string) {
  const { governor, relayer, proposalId, alice } = fixture;
  return governor.connect(relayer).castVoteBySig(proposalId, VoteSupport.For, alice.address, signature);
}

/** Returns the votes against, for and abstaining on the fixture's proposal. */
async function tally(fixture: MalleabilityFixture): Promise<bigint[]> {
  const [againstVotes, forVotes, abstainVotes] = await fixture.governor.proposalVotes(fixture.proposalId);
  return [againstVotes, forVotes, abstainVotes];
}

describe("ECDSA signature malleability", function () {
  describe("encodings", function () {
    it("recovers Alice from the standard form", async function () {
      const { alice, digest, standard } = await loadFixture(deployMalleabilityFixture);

      expect(dataLength(standard)).to.equal(65);
      expect(recoverAddress(digest, standard)).to.equal(alice.address);
    });

    it("recovers Alice from the compact form", async function () {
      const { alice, digest, compact } = await loadFixture(deployMalleabilityFixture);

      expect(dataLength(compact)).to.equal(64);
      expect(recoverAddress(digest, compact)).to.equal(alice.address);
    });

    it("recovers Alice from the high-s form", async function () {
      const { alice, digest, highS } = await loadFixture(deployMalleabilityFixture);

      expect(dataLength(highS)).to.equal(65);
      expect(BigInt(dataSlice(highS, 32, 64))).to.be.greaterThan(N / 2n);
      expect(await ecrecover(digest, highS)).to.equal(alice.address);
    });
  });

  describe("relayed in turn", function () {
    it("counts the standard form", async function () {
      const fixture = await loadFixture(deployMalleabilityFixture);
      const { governor, alice, proposalId, standard } = fixture;

      await expect(relay(fixture, standard))
        .to.emit(governor, "VoteCast")
        .withArgs(alice.address, proposalId, VoteSupport.For, 1n, "");
    });

    it("rejects the compact form next", async function () {
      const fixture = await loadFixture(deployMalleabilityFixture);
      const { governor, alice, standard, compact } = fixture;
      await relay(fixture, standard);

      await expect(relay(fixture, compact))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(alice.address);
    });

    it("rejects the high-s form next", async function () {
      const fixture = await loadFixture(deployMalleabilityFixture);
      const { governor, alice, standard, highS } = fixture;
      await relay(fixture, standard);

      await expect(relay(fixture, highS))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(alice.address);
    });

    it("counts the vote once", async function () {
      const fixture = await loadFixture(deployMalleabilityFixture);
      const { governor, alice, proposalId, standard, compact, highS } = fixture;

      await relay(fixture, standard);
      await expect(relay(fixture, compact)).to.be.revertedWithCustomError(governor, "GovernorInvalidSignature");
      await expect(relay(fixture, highS)).to.be.revertedWithCustomError(governor, "GovernorInvalidSignature");

      expect(await tally(fixture)).to.deep.equal([0n, 1n, 0n]);
      expect(await governor.hasVoted(proposalId, alice.address)).to.equal(true);
      expect(await governor.usedVotes(proposalId, alice.address)).to.equal(1n);
    });
  });

  describe("relayed first", function () {
    it("rejects the compact form", async function () {
      const fixture = await loadFixture(deployMalleabilityFixture);
      const { governor, alice, proposalId, compact } = fixture;

      await expect(relay(fixture, compact))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(alice.address);

      expect(await governor.hasVoted(proposalId, alice.address)).to.equal(false);
    });

    it("rejects the high-s form", async function () {
      const fixture = await loadFixture(deployMalleabilityFixture);
      const { governor, alice, proposalId, highS } = fixture;

      await expect(relay(fixture, highS))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(alice.address);

      expect(await governor.hasVoted(proposalId, alice.address)).to.equal(false);
    });

    it("still counts the standard form", async function () {
      const fixture = await loadFixture(deployMalleabilityFixture);
      const { governor, compact, highS, standard } = fixture;
      await expect(relay(fixture, compact)).to.be.revertedWithCustomError(governor, "GovernorInvalidSignature");
      await expect(relay(fixture, highS)).to.be.revertedWithCustomError(governor, "GovernorInvalidSignature");

      await relay(fixture, standard);

      expect(await tally(fixture)).to.deep.equal([0n, 1n, 0n]);
    });
  });
});
