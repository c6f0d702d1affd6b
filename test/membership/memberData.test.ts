import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import { SigningKey, ZeroAddress, dataLength, keccak256, toUtf8Bytes } from "ethers";

import type { CoopMembership } from "../../typechain-types";
import { MULTICODEC, cidV0, cidV1Sha256 } from "../helpers/cid";
import { type MembershipFixture, deployMembershipFixture } from "../helpers/membership";

/** A 32-byte X25519 public key: the register checks only its length, so any 32 bytes stand in. */
const X25519_KEY = keccak256(toUtf8Bytes("X25519 public key of a member"));

/** A 33-byte compressed secp256k1 public key, derived from a fixed private key. */
const SECP256K1_KEY = SigningKey.computePublicKey(keccak256(toUtf8Bytes("member private key")), true);

/** A 65-byte uncompressed secp256k1 public key, which the register rejects. */
const UNCOMPRESSED_KEY = SigningKey.computePublicKey(keccak256(toUtf8Bytes("member private key")), false);

/** One CID field of a member's data: its setter, its event and its position in `memberData`. */
interface CidField {
  name: string;
  set: (membership: CoopMembership, cid: string) => ReturnType<CoopMembership["setProfile"]>;
  event: "MemberProfileSet" | "MemberPersonalDataSet";
  index: 0 | 1;
}

const CID_FIELDS: CidField[] = [
  {
    name: "setProfile",
    set: (membership, cid) => membership.setProfile(cid),
    event: "MemberProfileSet",
    index: 0,
  },
  {
    name: "setPersonalData",
    set: (membership, cid) => membership.setPersonalData(cid),
    event: "MemberPersonalDataSet",
    index: 1,
  },
];

/** Well-formed CIDs that every CID field accepts, by description. */
const VALID_CIDS: { name: string; cid: string }[] = [
  { name: "CIDv0", cid: cidV0("Encrypted member record") },
  { name: "CIDv1 raw", cid: cidV1Sha256("Encrypted member record", MULTICODEC.raw) },
  { name: "CIDv1 dag-pb", cid: cidV1Sha256("Encrypted member record", MULTICODEC.dagPb) },
];

/** CIDs of a member's public profile and encrypted personal data, as the erasure tests set them. */
const PROFILE = cidV0("Public profile");
const PERSONAL_DATA = cidV1Sha256("Encrypted personal data");

/** Deploys the register, gives the first founder a profile, personal data and a key, and names the second data officer. */
async function deployErasureFixture(): Promise<MembershipFixture> {
  const fixture = await deployMembershipFixture();
  const member = fixture.membership.connect(fixture.founders[0]);
  await member.setProfile(PROFILE);
  await member.setPersonalData(PERSONAL_DATA);
  await member.setEncryptionKey(X25519_KEY);
  await fixture.byTimelock.setDataOfficer(fixture.founders[1].address, true);
  return fixture;
}

describe("CoopMembership member data", function () {
  for (const field of CID_FIELDS) {
    describe(field.name, function () {
      for (const { name, cid } of VALID_CIDS) {
        it(`stores ${name}`, async function () {
          const { membership, founders } = await loadFixture(deployMembershipFixture);
          const member = founders[0];

          await expect(field.set(membership.connect(member), cid))
            .to.emit(membership, field.event)
            .withArgs(member.address, cid);

          const data = await membership.memberData(member.address);
          expect(data[field.index]).to.equal(cid);
        });
      }

      it("clears with empty CID", async function () {
        const { membership, founders } = await loadFixture(deployMembershipFixture);
        const member = founders[0];
        await field.set(membership.connect(member), VALID_CIDS[0].cid);

        await expect(field.set(membership.connect(member), "0x"))
          .to.emit(membership, field.event)
          .withArgs(member.address, "0x");

        const data = await membership.memberData(member.address);
        expect(data[field.index]).to.equal("0x");
      });

      it("replaces earlier CID", async function () {
        const { membership, founders } = await loadFixture(deployMembershipFixture);
        const member = founders[0];
        await field.set(membership.connect(member), VALID_CIDS[0].cid);

        await field.set(membership.connect(member), VALID_CIDS[1].cid);

        const data = await membership.memberData(member.address);
        expect(data[field.index]).to.equal(VALID_CIDS[1].cid);
      });

      it("rejects invalid CID", async function () {
        const { membership, founders } = await loadFixture(deployMembershipFixture);
        const truncated = VALID_CIDS[0].cid.slice(0, -2);

        await expect(field.set(membership.connect(founders[0]), truncated))
          .to.be.revertedWithCustomError(membership, "CidInvalid")
          .withArgs(truncated);
      });

      it("rejects non-member", async function () {
        const { membership, outsiders } = await loadFixture(deployMembershipFixture);

        await expect(field.set(membership.connect(outsiders[0]), VALID_CIDS[0].cid))
          .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
          .withArgs(outsiders[0].address);
      });

      it("rejects former member", async function () {
        const { membership, founders } = await loadFixture(deployMembershipFixture);
        await membership.connect(founders[0]).resign();

        await expect(field.set(membership.connect(founders[0]), VALID_CIDS[0].cid))
          .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
          .withArgs(founders[0].address);
      });

      it("leaves other members unchanged", async function () {
        const { membership, founders } = await loadFixture(deployMembershipFixture);

        await field.set(membership.connect(founders[0]), VALID_CIDS[0].cid);

        const data = await membership.memberData(founders[1].address);
        expect(data[field.index]).to.equal("0x");
      });
    });
  }

  describe("setEncryptionKey", function () {
    it("builds test keys of the expected lengths", function () {
      expect(dataLength(X25519_KEY)).to.equal(32);
      expect(dataLength(SECP256K1_KEY)).to.equal(33);
      expect(dataLength(UNCOMPRESSED_KEY)).to.equal(65);
    });

    /** Keys the register accepts, by description. */
    const validKeys: { name: string; key: string }[] = [
      { name: "32-byte X25519 key", key: X25519_KEY },
      { name: "33-byte secp256k1 key", key: SECP256K1_KEY },
    ];

    for (const { name, key } of validKeys) {
      it(`stores ${name}`, async function () {
        const { membership, founders } = await loadFixture(deployMembershipFixture);
        const member = founders[0];

        await expect(membership.connect(member).setEncryptionKey(key))
          .to.emit(membership, "MemberEncryptionKeySet")
          .withArgs(member.address, key);

        const [, , encryptionKey] = await membership.memberData(member.address);
        expect(encryptionKey).to.equal(key);
      });
    }

    it("clears with empty key", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);
      const member = founders[0];
      await membership.connect(member).setEncryptionKey(X25519_KEY);

      await expect(membership.connect(member).setEncryptionKey("0x"))
        .to.emit(membership, "MemberEncryptionKeySet")
        .withArgs(member.address, "0x");

      const [, , encryptionKey] = await membership.memberData(member.address);
      expect(encryptionKey).to.equal("0x");
    });

    /** Keys of lengths the register rejects, by description. */
    const invalidKeys: { name: string; key: string }[] = [
      { name: "1-byte key", key: "0x02" },
      { name: "31-byte key", key: X25519_KEY.slice(0, -2) },
      { name: "34-byte key", key: `${SECP256K1_KEY}00` },
      { name: "65-byte uncompressed key", key: UNCOMPRESSED_KEY },
    ];

    for (const { name, key } of invalidKeys) {
      it(`rejects ${name}`, async function () {
        const { membership, founders } = await loadFixture(deployMembershipFixture);

        await expect(membership.connect(founders[0]).setEncryptionKey(key))
          .to.be.revertedWithCustomError(membership, "CoopMembershipInvalidEncryptionKey")
          .withArgs(key);
      });
    }

    it("rejects non-member", async function () {
      const { membership, outsiders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(outsiders[0]).setEncryptionKey(X25519_KEY))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNotMember")
        .withArgs(outsiders[0].address);
    });
  });

  describe("memberData", function () {
    it("returns empty data by default", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      const [profileCid, personalDataCid, encryptionKey] = await membership.memberData(founders[0].address);
      expect(profileCid).to.equal("0x");
      expect(personalDataCid).to.equal("0x");
      expect(encryptionKey).to.equal("0x");
    });

    it("clears data on exit", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);
      const member = founders[0];
      await membership.connect(member).setProfile(cidV0("Public profile"));
      await membership.connect(member).setPersonalData(cidV1Sha256("Encrypted personal data"));
      await membership.connect(member).setEncryptionKey(X25519_KEY);

      await membership.connect(member).resign();

      const [profileCid, personalDataCid, encryptionKey] = await membership.memberData(member.address);
      expect(profileCid).to.equal("0x");
      expect(personalDataCid).to.equal("0x");
      expect(encryptionKey).to.equal("0x");
    });

    it("keeps fields separate", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);
      const member = founders[0];
      const profile = cidV0("Public profile");
      const personalData = cidV1Sha256("Encrypted personal data");

      await membership.connect(member).setProfile(profile);
      await membership.connect(member).setPersonalData(personalData);
      await membership.connect(member).setEncryptionKey(X25519_KEY);

      const [profileCid, personalDataCid, encryptionKey] = await membership.memberData(member.address);
      expect(profileCid).to.equal(profile);
      expect(personalDataCid).to.equal(personalData);
      expect(encryptionKey).to.equal(X25519_KEY);
    });
  });

  describe("setDataOfficer", function () {
    it("grants data officer role", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setDataOfficer(founders[2].address, true))
        .to.emit(membership, "DataOfficerSet")
        .withArgs(founders[2].address, true);

      expect(await membership.isDataOfficer(founders[2].address)).to.equal(true);
    });

    it("revokes data officer role", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployErasureFixture);

      await expect(byTimelock.setDataOfficer(founders[1].address, false))
        .to.emit(membership, "DataOfficerSet")
        .withArgs(founders[1].address, false);

      expect(await membership.isDataOfficer(founders[1].address)).to.equal(false);
    });

    it("rejects zero data officer", async function () {
      const { membership, byTimelock } = await loadFixture(deployMembershipFixture);

      await expect(byTimelock.setDataOfficer(ZeroAddress, true))
        .to.be.revertedWithCustomError(membership, "CoopMembershipZeroAddress")
        .withArgs("account");
    });

    it("rejects caller other than timelock", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);

      await expect(membership.connect(founders[0]).setDataOfficer(founders[0].address, true))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[0].address);
    });
  });

  describe("erasePersonalData", function () {
    /** Who may erase a member's data, and how the fixture reaches them. */
    const erasers: { name: string; caller: (fixture: MembershipFixture) => Promise<string> }[] = [
      { name: "member", caller: async ({ founders }) => founders[0].address },
      { name: "data officer", caller: async ({ founders }) => founders[1].address },
      { name: "timelock", caller: ({ timelock }) => timelock.getAddress() },
    ];

    for (const { name, caller } of erasers) {
      it(`erases by ${name}`, async function () {
        const fixture = await loadFixture(deployErasureFixture);
        const member = fixture.founders[0].address;
        const callerAddress = await caller(fixture);
        const signer = await ethers.getSigner(callerAddress);

        await expect(fixture.membership.connect(signer).erasePersonalData(member))
          .to.emit(fixture.membership, "MemberPersonalDataErased")
          .withArgs(member, callerAddress);

        const [, personalDataCid, encryptionKey] = await fixture.membership.memberData(member);
        expect(personalDataCid).to.equal("0x");
        expect(encryptionKey).to.equal("0x");
      });
    }

    it("keeps public profile", async function () {
      const { membership, founders } = await loadFixture(deployErasureFixture);

      await membership.connect(founders[0]).erasePersonalData(founders[0].address);

      const [profileCid] = await membership.memberData(founders[0].address);
      expect(profileCid).to.equal(PROFILE);
    });

    it("erases key alone", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);
      await membership.connect(founders[0]).setEncryptionKey(X25519_KEY);

      await membership.connect(founders[0]).erasePersonalData(founders[0].address);

      const [, , encryptionKey] = await membership.memberData(founders[0].address);
      expect(encryptionKey).to.equal("0x");
    });

    it("erases personal data CID alone", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);
      await membership.connect(founders[0]).setPersonalData(PERSONAL_DATA);

      await membership.connect(founders[0]).erasePersonalData(founders[0].address);

      const [, personalDataCid] = await membership.memberData(founders[0].address);
      expect(personalDataCid).to.equal("0x");
    });

    it("rejects another member", async function () {
      const { membership, founders } = await loadFixture(deployErasureFixture);

      await expect(membership.connect(founders[2]).erasePersonalData(founders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[2].address);
    });

    it("rejects revoked data officer", async function () {
      const { membership, byTimelock, founders } = await loadFixture(deployErasureFixture);
      await byTimelock.setDataOfficer(founders[1].address, false);

      await expect(membership.connect(founders[1]).erasePersonalData(founders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipUnauthorized")
        .withArgs(founders[1].address);
    });

    it("rejects second erasure", async function () {
      const { membership, founders } = await loadFixture(deployErasureFixture);
      await membership.connect(founders[0]).erasePersonalData(founders[0].address);

      await expect(membership.connect(founders[1]).erasePersonalData(founders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNothingToErase")
        .withArgs(founders[0].address);
    });

    it("rejects erasure after exit", async function () {
      const { membership, founders } = await loadFixture(deployErasureFixture);
      await membership.connect(founders[0]).resign();

      await expect(membership.connect(founders[1]).erasePersonalData(founders[0].address))
        .to.be.revertedWithCustomError(membership, "CoopMembershipNothingToErase")
        .withArgs(founders[0].address);
    });
  });
});
