import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  AbiCoder,
  N,
  Signature,
  ZeroAddress,
  concat,
  dataSlice,
  getAddress,
  id as hashText,
  recoverAddress,
  toBeHex,
} from "ethers";

import type { CoopJudgmentGovernor } from "../../typechain-types";
import { testDescription } from "../helpers/governance";
import {
  deployJudgmentFixture,
  judgmentBallotDigest,
  judgmentNonce,
  openJudgment,
  partsOfGrades,
  plainOptions,
  signJudgmentBallot,
  type JudgmentFixture,
} from "../helpers/judgment";

/**
 * A relayer submits majority-judgment ballots that members signed offline. Random bytes recover to
 * some address, a signature can be submitted for another voter or a second time, and its 64-byte
 * compact or high-s form is the same authorisation in other bytes. Each signed ballot names its
 * voter and the voter's next nonce under a key taken from the proposal, and the governor's ECDSA
 * check accepts only the 65-byte low-s form, so all of these revert with
 * `CoopJudgmentInvalidSignature`. Nonces are keyed per proposal, so ballots signed for several
 * proposals count in any order. A ballot can be replaced until the deadline, so every ballot,
 * signed or direct, uses the nonce: a signature made before a newer ballot cannot replace it.
 */

/** Grades that Alice signs in most tests, on three options of the default scale. */
const ALICE_GRADES = [5, 2, 0];

/** Grades of a second ballot that replaces the first. */
const CHANGED_GRADES = [0, 2, 5];

/** Alice and Bob, two members, a relayer who pays the gas, and two open proposals of three options. */
interface SignatureFixture extends JudgmentFixture {
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  relayer: HardhatEthersSigner;
  firstId: bigint;
  secondId: bigint;
}

async function deploySignatureFixture(): Promise<SignatureFixture> {
  const fixture = await deployJudgmentFixture();
  const { judgment, founders, outsiders } = fixture;
  const [alice, bob, proposer] = founders;
  const first = await openJudgment(judgment, proposer, plainOptions(3), {
    description: testDescription("Choose a supplier"),
  });
  const second = await openJudgment(judgment, proposer, plainOptions(3), {
    description: testDescription("Choose a venue"),
  });
  return { ...fixture, alice, bob, relayer: outsiders[0], firstId: first.id, secondId: second.id };
}

/** Submits `signature` from the relayer as `voter`'s ballot of `grades` on `id`. */
function relay(fixture: SignatureFixture, id: bigint, voter: string, grades: number[], signature: string) {
  return fixture.judgment.connect(fixture.relayer).castBallotBySig(id, voter, grades, signature);
}

/** Address of the `ecrecover` precompile, which accepts any s, unlike OpenZeppelin's ECDSA. */
const ECRECOVER_PRECOMPILE = "0x0000000000000000000000000000000000000001";

/** Returns the signer that the `ecrecover` precompile recovers from `digest` and a 65-byte signature. */
async function ecrecover(digest: string, signature: string): Promise<string> {
  const v = BigInt(dataSlice(signature, 64, 65));
  const input = AbiCoder.defaultAbiCoder().encode(
    ["bytes32", "uint256", "bytes32", "bytes32"],
    [digest, v, dataSlice(signature, 0, 32), dataSlice(signature, 32, 64)],
  );
  const output = await ethers.provider.call({ to: ECRECOVER_PRECOMPILE, data: input });
  return getAddress(dataSlice(output, 12, 32));
}

/** Returns the grades of `voter`'s ballot on `id`, empty when there is none. */
async function gradesOf(judgment: CoopJudgmentGovernor, id: bigint, voter: string): Promise<number[]> {
  const [, , grades] = await judgment.ballotOf(id, voter);
  return grades.map(Number);
}

/** Returns the total weight cast on `id`: the sum of the first option's histogram. */
async function participation(judgment: CoopJudgmentGovernor, id: bigint): Promise<bigint> {
  const [, , , cast] = await judgment.outcome(id);
  return cast;
}

describe("Majority-judgment ballot signature forgery and replay", function () {
  describe("forged signatures", function () {
    /** An arbitrary `s` in the lower half of the curve order, which ECDSA recovery accepts. */
    const ARBITRARY_S = toBeHex(BigInt(hashText("arbitrary s")) % (N / 2n), 32);

    /** 65 bytes that no one signed: the first two recover to some address, the last is all zeros. */
    const RANDOM_SIGNATURES = {
      "arbitrary bytes, v = 27": concat([hashText("arbitrary r"), ARBITRARY_S, "0x1b"]),
      "arbitrary bytes, v = 28": concat([hashText("arbitrary r"), ARBITRARY_S, "0x1c"]),
      "zero bytes": concat([new Uint8Array(65)]),
    };

    it("recovers arbitrary bytes to strangers", async function () {
      const { judgment, alice, firstId } = await loadFixture(deploySignatureFixture);
      const nonce = await judgmentNonce(judgment, alice.address, firstId);
      const digest = await judgmentBallotDigest(judgment, alice.address, firstId, ALICE_GRADES, nonce);

      for (const signature of [
        RANDOM_SIGNATURES["arbitrary bytes, v = 27"],
        RANDOM_SIGNATURES["arbitrary bytes, v = 28"],
      ]) {
        const stranger = recoverAddress(digest, signature);
        expect(stranger, signature).not.to.equal(ZeroAddress);
        expect(stranger, signature).not.to.equal(alice.address);
      }
    });

    for (const [label, signature] of Object.entries(RANDOM_SIGNATURES)) {
      it(`rejects ${label} for Alice`, async function () {
        const fixture = await loadFixture(deploySignatureFixture);
        const { judgment, alice, firstId } = fixture;

        await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, signature))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
          .withArgs(alice.address);
      });

      it(`rejects ${label} for zero address`, async function () {
        const fixture = await loadFixture(deploySignatureFixture);

        await expect(relay(fixture, fixture.firstId, ZeroAddress, ALICE_GRADES, signature))
          .to.be.revertedWithCustomError(fixture.judgment, "CoopJudgmentInvalidSignature")
          .withArgs(ZeroAddress);
      });
    }

    it("rejects arbitrary bytes for recovered stranger", async function () {
      // The ballot names its voter, so naming the recovered stranger changes the digest and the
      // same bytes recover to yet another address.
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId } = fixture;
      const signature = RANDOM_SIGNATURES["arbitrary bytes, v = 27"];
      const nonce = await judgmentNonce(judgment, alice.address, firstId);
      const digest = await judgmentBallotDigest(judgment, alice.address, firstId, ALICE_GRADES, nonce);
      const stranger = recoverAddress(digest, signature);

      await expect(relay(fixture, firstId, stranger, ALICE_GRADES, signature))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
        .withArgs(stranger);
    });

    it("rejects Alice's signature for Bob", async function () {
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, bob, firstId } = fixture;
      const signature = await signJudgmentBallot(judgment, alice, firstId, ALICE_GRADES);

      await expect(relay(fixture, firstId, bob.address, ALICE_GRADES, signature))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
        .withArgs(bob.address);

      expect(await gradesOf(judgment, firstId, bob.address), "Bob's ballot").to.deep.equal([]);
      expect(await gradesOf(judgment, firstId, alice.address), "Alice's ballot").to.deep.equal([]);
    });

    it("rejects Alice's signature on another proposal", async function () {
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId, secondId } = fixture;
      const signature = await signJudgmentBallot(judgment, alice, firstId, ALICE_GRADES);

      await expect(relay(fixture, secondId, alice.address, ALICE_GRADES, signature))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
        .withArgs(alice.address);
    });

    it("rejects Alice's signature with other grades", async function () {
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId } = fixture;
      const signature = await signJudgmentBallot(judgment, alice, firstId, ALICE_GRADES);

      await expect(relay(fixture, firstId, alice.address, CHANGED_GRADES, signature))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
        .withArgs(alice.address);
    });
  });

  describe("replay", function () {
    it("rejects replayed signature", async function () {
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId } = fixture;
      const signature = await signJudgmentBallot(judgment, alice, firstId, ALICE_GRADES);
      await relay(fixture, firstId, alice.address, ALICE_GRADES, signature);

      await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, signature))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
        .withArgs(alice.address);

      expect(await participation(judgment, firstId)).to.equal(1n);
    });

    it("counts proposals relayed in reverse order", async function () {
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId, secondId } = fixture;
      const firstSignature = await signJudgmentBallot(judgment, alice, firstId, ALICE_GRADES);
      const secondSignature = await signJudgmentBallot(judgment, alice, secondId, CHANGED_GRADES);

      await expect(relay(fixture, secondId, alice.address, CHANGED_GRADES, secondSignature))
        .to.emit(judgment, "BallotCast")
        .withArgs(alice.address, secondId, CHANGED_GRADES, 1n, false);
      await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, firstSignature))
        .to.emit(judgment, "BallotCast")
        .withArgs(alice.address, firstId, ALICE_GRADES, 1n, false);

      expect(await gradesOf(judgment, firstId, alice.address), "first proposal").to.deep.equal(ALICE_GRADES);
      expect(await gradesOf(judgment, secondId, alice.address), "second proposal").to.deep.equal(CHANGED_GRADES);
    });

    it("replaces signed ballot with newer signed one", async function () {
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId } = fixture;
      const firstSignature = await signJudgmentBallot(judgment, alice, firstId, ALICE_GRADES);
      await relay(fixture, firstId, alice.address, ALICE_GRADES, firstSignature);
      const secondSignature = await signJudgmentBallot(judgment, alice, firstId, CHANGED_GRADES);

      await expect(relay(fixture, firstId, alice.address, CHANGED_GRADES, secondSignature))
        .to.emit(judgment, "BallotCast")
        .withArgs(alice.address, firstId, CHANGED_GRADES, 1n, true);

      expect(await gradesOf(judgment, firstId, alice.address), "ballot").to.deep.equal(CHANGED_GRADES);
      expect(await participation(judgment, firstId), "participation").to.equal(1n);
      await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, firstSignature), "older signature")
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
        .withArgs(alice.address);
    });

    it("keeps first relayed of two pending signatures", async function () {
      // Both ballots were signed before either was relayed, so they carry the same nonce.
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId } = fixture;
      const firstSignature = await signJudgmentBallot(judgment, alice, firstId, ALICE_GRADES);
      const secondSignature = await signJudgmentBallot(judgment, alice, firstId, CHANGED_GRADES);
      await relay(fixture, firstId, alice.address, CHANGED_GRADES, secondSignature);

      await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, firstSignature))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
        .withArgs(alice.address);

      expect(await gradesOf(judgment, firstId, alice.address)).to.deep.equal(CHANGED_GRADES);
    });

    it("rejects signature older than direct ballot", async function () {
      // Alice signed a ballot, changed her mind and voted directly before the relayer submitted it.
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId } = fixture;
      const signature = await signJudgmentBallot(judgment, alice, firstId, ALICE_GRADES);
      await judgment.connect(alice).castBallot(firstId, CHANGED_GRADES);

      await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, signature))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
        .withArgs(alice.address);

      expect(await gradesOf(judgment, firstId, alice.address)).to.deep.equal(CHANGED_GRADES);
    });

    it("rejects signature older than fractional ballot", async function () {
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId } = fixture;
      const signature = await signJudgmentBallot(judgment, alice, firstId, ALICE_GRADES);
      await judgment.connect(alice).castFractionalBallot(firstId, partsOfGrades(CHANGED_GRADES, 6, 1n));

      await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, signature))
        .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
        .withArgs(alice.address);

      const [kind] = await judgment.ballotOf(firstId, alice.address);
      expect(kind, "fractional ballot kept").to.equal(2n);
    });

    it("accepts signature made after direct ballot", async function () {
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId } = fixture;
      await judgment.connect(alice).castBallot(firstId, CHANGED_GRADES);
      const signature = await signJudgmentBallot(judgment, alice, firstId, ALICE_GRADES);

      await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, signature))
        .to.emit(judgment, "BallotCast")
        .withArgs(alice.address, firstId, ALICE_GRADES, 1n, true);
    });

    it("leaves other proposal's signature valid", async function () {
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId, secondId } = fixture;
      const signature = await signJudgmentBallot(judgment, alice, secondId, ALICE_GRADES);
      await judgment.connect(alice).castBallot(firstId, CHANGED_GRADES);

      await relay(fixture, secondId, alice.address, ALICE_GRADES, signature);

      expect(await gradesOf(judgment, secondId, alice.address)).to.deep.equal(ALICE_GRADES);
    });
  });

  describe("malleable encodings", function () {
    /** Alice's signed ballot in its 65-byte form, its EIP-2098 compact form and its high-s form. */
    async function signAllForms(fixture: SignatureFixture) {
      const { judgment, alice, firstId } = fixture;
      const standard = await signJudgmentBallot(judgment, alice, firstId, ALICE_GRADES);
      const signature = Signature.from(standard);
      const highS = concat([
        signature.r,
        toBeHex(N - BigInt(signature.s), 32),
        toBeHex(signature.v === 27 ? 28 : 27, 1),
      ]);
      return { standard, compact: signature.compactSerialized, highS };
    }

    it("recovers Alice from every form", async function () {
      // Each form is a valid signature of Alice: the `ecrecover` precompile accepts any s, and
      // only the governor's length and low-s rules reject the other two.
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId } = fixture;
      const forms = await signAllForms(fixture);
      const nonce = await judgmentNonce(judgment, alice.address, firstId);
      const digest = await judgmentBallotDigest(judgment, alice.address, firstId, ALICE_GRADES, nonce);

      expect(await ecrecover(digest, forms.standard), "standard").to.equal(alice.address);
      expect(await ecrecover(digest, forms.highS), "high s").to.equal(alice.address);
      expect(recoverAddress(digest, forms.compact), "compact").to.equal(alice.address);
    });

    for (const form of ["compact", "highS"] as const) {
      it(`rejects ${form === "compact" ? "64-byte compact" : "high-s"} form`, async function () {
        const fixture = await loadFixture(deploySignatureFixture);
        const { judgment, alice, firstId } = fixture;
        const forms = await signAllForms(fixture);

        await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, forms[form]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
          .withArgs(alice.address);
      });

      it(`rejects ${form === "compact" ? "compact" : "high-s"} form after standard one`, async function () {
        const fixture = await loadFixture(deploySignatureFixture);
        const { judgment, alice, firstId } = fixture;
        const forms = await signAllForms(fixture);
        await relay(fixture, firstId, alice.address, ALICE_GRADES, forms.standard);

        await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, forms[form]))
          .to.be.revertedWithCustomError(judgment, "CoopJudgmentInvalidSignature")
          .withArgs(alice.address);

        expect(await participation(judgment, firstId)).to.equal(1n);
      });
    }

    it("counts standard form after rejected forms", async function () {
      const fixture = await loadFixture(deploySignatureFixture);
      const { judgment, alice, firstId } = fixture;
      const forms = await signAllForms(fixture);
      await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, forms.compact)).to.be.reverted;
      await expect(relay(fixture, firstId, alice.address, ALICE_GRADES, forms.highS)).to.be.reverted;

      await relay(fixture, firstId, alice.address, ALICE_GRADES, forms.standard);

      expect(await gradesOf(judgment, firstId, alice.address)).to.deep.equal(ALICE_GRADES);
    });
  });
});
