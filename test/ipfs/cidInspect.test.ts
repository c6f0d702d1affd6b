import { expect } from "chai";
import { concat, hexlify } from "ethers";
import { base36 } from "multiformats/bases/base36";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { identity } from "multiformats/hashes/identity";
import { sha256, sha512 } from "multiformats/hashes/sha2";

import { describeCid, hasCidV0, isSameContent } from "../../src/ipfs/cidInspect";
import { loadDagPb } from "../../src/ipfs/esModules";
import { codecName, multihashName } from "../../src/ipfs/multicodecNames";
import { decodeCidV0Text, encodeCidV1Text } from "../helpers/cid";

const HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
const HELLO_V1 = encodeCidV1Text(concat(["0x01", "0x70", decodeCidV0Text(HELLO_V0)]));
const CONTENT = new TextEncoder().encode("Statutes of the cooperative");

describe("cidInspect", function () {
  describe("multicodec names", function () {
    it("match the multiformats packages", async function () {
      const dagPb = await loadDagPb();

      for (const codec of [raw, dagPb]) expect(codecName(codec.code), codec.name).to.equal(codec.name);
      for (const hasher of [sha256, sha512, identity]) {
        expect(multihashName(hasher.code), hasher.name).to.equal(hasher.name);
      }
    });

    it("mark unknown codes", function () {
      expect(codecName(0x300001)).to.equal("unknown (0x300001)");
      expect(multihashName(0x99)).to.equal("unknown (0x99)");
    });
  });

  describe("describeCid", function () {
    it("splits a CIDv0", function () {
      const description = describeCid(CID.parse(HELLO_V0));

      expect(description.cid).to.equal(HELLO_V0);
      expect(description.version).to.equal(0);
      expect(description.v0).to.equal(HELLO_V0);
      expect(description.v1).to.equal(HELLO_V1);
      expect(description.uri).to.equal(`ipfs://${HELLO_V1}`);
      expect(description.binary).to.equal(decodeCidV0Text(HELLO_V0));
    });

    it("writes a CIDv1 in base32", function () {
      const cid = CID.parse(HELLO_V1);

      const description = describeCid(CID.parse(cid.toString(base36), base36));

      expect(description.cid).to.equal(HELLO_V1);
      expect(description.v1).to.equal(HELLO_V1);
      expect(description.binary).to.equal(hexlify(cid.bytes));
    });

    it("gives no CIDv0 without dag-pb and sha2-256", async function () {
      const rawCid = CID.createV1(raw.code, await sha256.digest(CONTENT));
      const sha512Cid = CID.createV1(0x70, await sha512.digest(CONTENT));

      expect(describeCid(rawCid).v0).to.equal(null);
      expect(hasCidV0(rawCid)).to.equal(false);
      expect(describeCid(sha512Cid).v0).to.equal(null);
    });
  });

  describe("isSameContent", function () {
    it("matches a CIDv0 and its CIDv1", function () {
      expect(isSameContent(CID.parse(HELLO_V0), CID.parse(HELLO_V1))).to.equal(true);
    });

    it("matches every multibase of one CID", function () {
      const cid = CID.parse(HELLO_V1);

      expect(isSameContent(cid, CID.parse(cid.toString(base36), base36))).to.equal(true);
    });

    it("tells codecs apart", async function () {
      const digest = await sha256.digest(CONTENT);

      expect(isSameContent(CID.createV1(raw.code, digest), CID.createV1(0x70, digest))).to.equal(false);
    });

    it("tells digests apart", async function () {
      const other = CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode("other")));

      expect(isSameContent(CID.createV1(raw.code, await sha256.digest(CONTENT)), other)).to.equal(false);
    });
  });
});
