import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { concat, dataLength, dataSlice, sha256, sha512, toUtf8Bytes } from "ethers";

import { CidHarness__factory, type CidHarness } from "../../typechain-types";
import { isValidBinaryCid } from "../../src/ipfs/cid";
import { MULTICODEC, cidV0, cidV1, cidV1Sha256, decodeCidV0Text, encodeVarint } from "../helpers/cid";

/** Longest CID that the library accepts, in bytes. */
const MAX_CID_LENGTH = 128;

/** Text form of the CIDv0 of an empty UnixFS directory, a well-known IPFS object. */
const EMPTY_DIRECTORY_CID_V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";

/** `0x01 0x55`: the header of a CIDv1 of raw content, before its multihash. */
const V1_RAW_HEADER = concat([encodeVarint(1), encodeVarint(MULTICODEC.raw)]);

/** Returns a CIDv1 of raw content whose multihash is the identity of `content`: the content itself. */
function identityCid(content: Uint8Array): string {
  return cidV1(MULTICODEC.raw, MULTICODEC.identity, content);
}

/** Returns a 32-byte placeholder digest: the library checks structure, never the digest itself. */
function placeholderDigest(label: string): string {
  return sha256(toUtf8Bytes(label));
}

async function deployHarnessFixture(): Promise<CidHarness> {
  const [deployer] = await ethers.getSigners();
  return new CidHarness__factory(deployer).deploy();
}

/** Well-formed binary CIDs, by description. */
const VALID_CIDS: { name: string; cid: string }[] = [
  { name: "CIDv0", cid: cidV0("Statutes of the cooperative") },
  { name: "CIDv0 from its text form", cid: decodeCidV0Text(EMPTY_DIRECTORY_CID_V0) },
  { name: "CIDv1 raw sha2-256", cid: cidV1Sha256("Statutes of the cooperative", MULTICODEC.raw) },
  { name: "CIDv1 dag-pb sha2-256", cid: cidV1Sha256("Statutes of the cooperative", MULTICODEC.dagPb) },
  {
    name: "CIDv1 sha2-512",
    cid: cidV1(MULTICODEC.raw, MULTICODEC.sha2_512, sha512(toUtf8Bytes("Statutes of the cooperative"))),
  },
  {
    name: "CIDv1 blake2b-256",
    cid: cidV1(MULTICODEC.raw, MULTICODEC.blake2b_256, placeholderDigest("blake2b-256 digest")),
  },
  { name: "CIDv1 identity hash", cid: identityCid(toUtf8Bytes("hello")) },
  { name: "CIDv1 identity of nothing", cid: identityCid(new Uint8Array(0)) },
  { name: "34-byte CIDv1", cid: cidV1(MULTICODEC.raw, MULTICODEC.sha2_256, new Uint8Array(30).fill(0xab)) },
  { name: "9-byte varint", cid: cidV1(2 ** 56, MULTICODEC.sha2_256, placeholderDigest("large codec")) },
  { name: "128-byte CID", cid: identityCid(new Uint8Array(MAX_CID_LENGTH - 4)) },
];

/** Malformed binary CIDs, by description. */
const INVALID_CIDS: { name: string; cid: string }[] = [
  { name: "truncated CIDv0", cid: cidV0("Statutes").slice(0, -2) },
  { name: "CIDv0 with extra byte", cid: concat([cidV0("Statutes"), "0x00"]) },
  { name: "CIDv0 with wrong length byte", cid: concat(["0x1221", placeholderDigest("digest")]) },
  { name: "CIDv0 digest alone", cid: placeholderDigest("digest") },
  { name: "CIDv1 digest one byte short", cid: cidV1Sha256("Statutes").slice(0, -2) },
  { name: "CIDv1 digest one byte extra", cid: concat([cidV1Sha256("Statutes"), "0x00"]) },
  {
    name: "CIDv1 sha2-512 cut to 32 bytes",
    cid: concat([V1_RAW_HEADER, "0x1340", placeholderDigest("half a sha2-512 digest")]),
  },
  // 0x55 written on two bytes, as 0xd5 0x00: the same value, but not minimal. So is 0x12 as 0x92 0x00.
  { name: "non-minimal varint", cid: concat(["0x01d500", "0x1220", placeholderDigest("digest")]) },
  { name: "non-minimal hash code", cid: concat([V1_RAW_HEADER, "0x9200", "0x20", placeholderDigest("digest")]) },
  { name: "hash code past the end", cid: concat([V1_RAW_HEADER, "0x92"]) },
  { name: "digest length past the end", cid: concat([V1_RAW_HEADER, "0x12", "0xa0"]) },
  { name: "missing digest length", cid: concat([V1_RAW_HEADER, "0x12"]) },
  { name: "version without codec", cid: "0x01" },
  // 2^63 needs ten varint bytes; the multiformats specification allows at most nine.
  {
    name: "10-byte varint",
    cid: concat(["0x01", "0x80808080808080808001", "0x1220", placeholderDigest("digest")]),
  },
  { name: "version byte 0x02", cid: concat(["0x02", dataSlice(cidV1Sha256("Statutes"), 1)]) },
  { name: "version byte 0x00", cid: concat(["0x00", dataSlice(cidV1Sha256("Statutes"), 1)]) },
  { name: "129-byte CID", cid: identityCid(new Uint8Array(MAX_CID_LENGTH - 3)) },
];

describe("Cid", function () {
  describe("test vectors", function () {
    it("builds CIDv0 of 34 bytes", function () {
      expect(dataLength(cidV0("Statutes"))).to.equal(34);
    });

    it("decodes empty directory CIDv0", function () {
      // The empty UnixFS directory is the protobuf 0x0a 0x02 0x08 0x01, and a CIDv0 hashes it with sha2-256.
      expect(decodeCidV0Text(EMPTY_DIRECTORY_CID_V0)).to.equal(concat(["0x1220", sha256("0x0a020801")]));
    });

    it("encodes blake2b-256 code as varint", function () {
      expect(encodeVarint(MULTICODEC.blake2b_256)).to.equal("0xa0e402");
    });

    it("sizes the longest valid CID", function () {
      const longest = VALID_CIDS.find(({ name }) => name === "128-byte CID");
      expect(dataLength(longest?.cid ?? "0x")).to.equal(MAX_CID_LENGTH);
    });
  });

  describe("valid CIDs", function () {
    for (const { name, cid } of VALID_CIDS) {
      it(`accepts ${name}`, async function () {
        const harness = await loadFixture(deployHarnessFixture);

        expect(await harness.isValid(cid)).to.equal(true);
        await expect(harness.requireValid(cid)).not.to.be.reverted;
        await expect(harness.requireValidOrEmpty(cid)).not.to.be.reverted;
      });
    }
  });

  describe("invalid CIDs", function () {
    for (const { name, cid } of INVALID_CIDS) {
      it(`rejects ${name}`, async function () {
        const harness = await loadFixture(deployHarnessFixture);

        expect(await harness.isValid(cid)).to.equal(false);
        await expect(harness.requireValid(cid)).to.be.revertedWithCustomError(harness, "CidInvalid").withArgs(cid);
        await expect(harness.requireValidOrEmpty(cid))
          .to.be.revertedWithCustomError(harness, "CidInvalid")
          .withArgs(cid);
      });
    }
  });

  describe("TypeScript check", function () {
    for (const { name, cid } of [...VALID_CIDS, ...INVALID_CIDS, { name: "empty CID", cid: "0x" }]) {
      it(`agrees on ${name}`, async function () {
        const harness = await loadFixture(deployHarnessFixture);

        expect(isValidBinaryCid(cid)).to.equal(await harness.isValid(cid));
      });
    }

    it("rejects text that is not hex", function () {
      expect(isValidBinaryCid(EMPTY_DIRECTORY_CID_V0)).to.equal(false);
    });
  });

  describe("empty CID", function () {
    it("is not valid", async function () {
      const harness = await loadFixture(deployHarnessFixture);

      expect(await harness.isValid("0x")).to.equal(false);
    });

    it("fails requireValid", async function () {
      const harness = await loadFixture(deployHarnessFixture);

      await expect(harness.requireValid("0x")).to.be.revertedWithCustomError(harness, "CidInvalid").withArgs("0x");
    });

    it("passes requireValidOrEmpty", async function () {
      const harness = await loadFixture(deployHarnessFixture);

      await expect(harness.requireValidOrEmpty("0x")).not.to.be.reverted;
    });
  });
});
