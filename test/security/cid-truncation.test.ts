import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { dataLength, sha256, sha512, toUtf8Bytes } from "ethers";

import { MULTICODEC, cidV1, decodeCidV0Text, decodeCidV1Text, encodeCidV0Text, encodeCidV1Text } from "../helpers/cid";
import { deployMembershipFixture } from "../helpers/membership";

/**
 * A multihash is at least 34 bytes and a CIDv1 longer still, so a register that keeps CIDs in a
 * bytes32 field truncates them or drops the hash header. Each CID below goes in as a member
 * profile and must come back byte for byte, and re-encode to the text it came from.
 */

/** The empty UnixFS directory as a CIDv0 (base58btc) and as a CIDv1 dag-pb (base32). */
const EMPTY_DIRECTORY_V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
const EMPTY_DIRECTORY_V1 = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

/** A raw CIDv1 of a member profile hashed with sha2-512, 68 bytes long. */
const SHA2_512_CID = cidV1(MULTICODEC.raw, MULTICODEC.sha2_512, sha512(toUtf8Bytes("Profile of a member")));

describe("CID truncation", function () {
  it("keeps CIDv0 whole", async function () {
    const { membership, founders } = await loadFixture(deployMembershipFixture);
    const cid = decodeCidV0Text(EMPTY_DIRECTORY_V0);

    await membership.connect(founders[0]).setProfile(cid);

    const [stored] = await membership.memberData(founders[0].address);
    expect(dataLength(stored)).to.equal(34);
    expect(stored).to.equal(cid);
    expect(encodeCidV0Text(stored)).to.equal(EMPTY_DIRECTORY_V0);
  });

  it("keeps CIDv1 whole", async function () {
    const { membership, founders } = await loadFixture(deployMembershipFixture);
    const cid = decodeCidV1Text(EMPTY_DIRECTORY_V1);

    await membership.connect(founders[0]).setProfile(cid);

    const [stored] = await membership.memberData(founders[0].address);
    expect(dataLength(stored)).to.equal(36);
    expect(stored).to.equal(cid);
    expect(encodeCidV1Text(stored)).to.equal(EMPTY_DIRECTORY_V1);
  });

  it("keeps sha2-512 CID whole", async function () {
    const { membership, founders } = await loadFixture(deployMembershipFixture);

    await membership.connect(founders[0]).setProfile(SHA2_512_CID);

    const [stored] = await membership.memberData(founders[0].address);
    expect(dataLength(stored)).to.equal(68);
    expect(stored).to.equal(SHA2_512_CID);
    expect(encodeCidV1Text(stored)).to.equal(encodeCidV1Text(SHA2_512_CID));
  });

  it("emits CID whole", async function () {
    const { membership, founders } = await loadFixture(deployMembershipFixture);

    await expect(membership.connect(founders[0]).setProfile(SHA2_512_CID))
      .to.emit(membership, "MemberProfileSet")
      .withArgs(founders[0].address, SHA2_512_CID);
  });

  it("decodes both forms to one digest", function () {
    const v0 = decodeCidV0Text(EMPTY_DIRECTORY_V0);
    const v1 = decodeCidV1Text(EMPTY_DIRECTORY_V1);

    // CIDv1 adds the version and the dag-pb codec in front of the same multihash.
    expect(v1).to.equal(`0x0170${v0.slice(2)}`);
    expect(v0).to.equal(`0x1220${sha256("0x0a020801").slice(2)}`);
  });

  it("rejects bare digest", async function () {
    const { membership, founders } = await loadFixture(deployMembershipFixture);
    const digest = sha256(toUtf8Bytes("Profile of a member"));

    await expect(membership.connect(founders[0]).setProfile(digest))
      .to.be.revertedWithCustomError(membership, "CidInvalid")
      .withArgs(digest);
  });
});
