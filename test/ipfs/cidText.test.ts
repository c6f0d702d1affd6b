import { expect } from "chai";
import { ethers } from "hardhat";
import { concat, dataSlice, encodeBase58, getBytes, hexlify, sha256, toUtf8Bytes } from "ethers";
import fc from "fast-check";

import { CidHarness__factory } from "../../typechain-types";
import { cidToText, parseCid, toCidV1, toIpfsUri } from "../../src/ipfs/cidText";
import { MULTICODEC, cidV1, cidV1Sha256, decodeCidV0Text, encodeCidV1Text } from "../helpers/cid";

/** CIDv0 that Kubo's `ipfs add` gives the 12 bytes "hello world\n", as the NixOS wiki's IPFS page shows. */
const HELLO_V0_TEXT = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

const HELLO_V0 = decodeCidV0Text(HELLO_V0_TEXT);

/** The CIDv1 of the same dag-pb block as {@link HELLO_V0}: version 1, codec dag-pb, same multihash. */
const HELLO_V1_DAG_PB = concat(["0x01", "0x70", HELLO_V0]);

const RAW_V1 = cidV1Sha256("Statutes of the cooperative", MULTICODEC.raw);

const BASE36_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** Returns base36 text of bytes that do not start with a zero byte, as the multibase `k` writes it. */
function base36(bytes: string): string {
  let value = BigInt(bytes);
  let text = "";
  while (value > 0n) {
    text = BASE36_ALPHABET[Number(value % 36n)] + text;
    value /= 36n;
  }
  return text;
}

/** The spellings of {@link RAW_V1} in several multibases, each written without multiformats. */
const RAW_V1_SPELLINGS: { name: string; text: string }[] = [
  { name: "base32", text: encodeCidV1Text(RAW_V1) },
  { name: "base32 in uppercase", text: encodeCidV1Text(RAW_V1).toUpperCase() },
  { name: "base58btc", text: "z" + encodeBase58(RAW_V1) },
  { name: "base36", text: "k" + base36(RAW_V1) },
  { name: "base16", text: "f" + RAW_V1.slice(2) },
  { name: "base64", text: "m" + Buffer.from(getBytes(RAW_V1)).toString("base64").replace(/=+$/, "") },
  { name: "base64url", text: "u" + Buffer.from(getBytes(RAW_V1)).toString("base64url") },
  { name: "ipfs:// URI", text: "ipfs://" + encodeCidV1Text(RAW_V1) },
  { name: "IPFS:// URI in uppercase", text: "IPFS://" + encodeCidV1Text(RAW_V1) },
];

/** A CID whose identity multihash makes it 129 bytes long, one more than the contracts accept. */
const TOO_LONG_CID = cidV1(MULTICODEC.raw, MULTICODEC.identity, new Uint8Array(125));

const MALFORMED_TEXTS: { name: string; text: string }[] = [
  { name: "empty text", text: "" },
  { name: "CIDv0 missing its last character", text: HELLO_V0_TEXT.slice(0, -1) },
  { name: "CIDv0 with an extra character", text: HELLO_V0_TEXT + "a" },
  { name: "CIDv0 with a character outside base58", text: HELLO_V0_TEXT.slice(0, -1) + "0" },
  // The CID specification writes a CIDv0 in base58btc with no multibase prefix.
  { name: "CIDv0 with a multibase prefix", text: `z${HELLO_V0_TEXT}` },
  { name: "CIDv1 missing its last character", text: encodeCidV1Text(RAW_V1).slice(0, -1) },
  { name: "CIDv1 missing its last 8 characters", text: encodeCidV1Text(RAW_V1).slice(0, -8) },
  { name: "CIDv1 with a trailing byte", text: encodeCidV1Text(concat([RAW_V1, "0x00"])) },
  { name: "CIDv1 with a character outside base32", text: encodeCidV1Text(RAW_V1).slice(0, -1) + "1" },
  { name: "CID version 2", text: encodeCidV1Text(concat(["0x02", dataSlice(RAW_V1, 1)])) },
  { name: "unknown multibase prefix", text: "x" + RAW_V1.slice(2) },
  { name: "multibase prefix alone", text: "b" },
  { name: "ipfs:// alone", text: "ipfs://" },
  { name: "ipfs:// with a path", text: `ipfs://${encodeCidV1Text(RAW_V1)}/statutes.pdf` },
  { name: "ipfs:// with a query", text: `ipfs://${encodeCidV1Text(RAW_V1)}?filename=statutes.pdf` },
  { name: "ipfs:// with a bad CID", text: "ipfs://bafy" },
  { name: "CID longer than 128 bytes", text: encodeCidV1Text(TOO_LONG_CID) },
];

/** Binary CIDs that `cidToText` and `toIpfsUri` must reject. */
const MALFORMED_BINARIES: { name: string; hex: string }[] = [
  { name: "empty hex", hex: "0x" },
  { name: "missing 0x prefix", hex: RAW_V1.slice(2) },
  { name: "odd number of digits", hex: RAW_V1 + "0" },
  { name: "truncated CIDv0", hex: HELLO_V0.slice(0, -2) },
  { name: "truncated CIDv1", hex: RAW_V1.slice(0, -2) },
  { name: "CID longer than 128 bytes", hex: TOO_LONG_CID },
  { name: "text form", hex: HELLO_V0_TEXT },
];

describe("cidText", function () {
  describe("parseCid", function () {
    it("parses CIDv0 text", function () {
      expect(parseCid(HELLO_V0_TEXT)).to.equal(HELLO_V0);
    });

    it("parses CIDv0 behind ipfs://", function () {
      expect(parseCid(`ipfs://${HELLO_V0_TEXT}`)).to.equal(HELLO_V0);
    });

    for (const { name, text } of RAW_V1_SPELLINGS) {
      it(`parses CIDv1 in ${name}`, function () {
        expect(parseCid(text)).to.equal(RAW_V1);
      });
    }

    it("returns lowercase hex", function () {
      expect(parseCid(encodeCidV1Text(RAW_V1))).to.match(/^0x[0-9a-f]+$/);
    });

    for (const { name, text } of MALFORMED_TEXTS) {
      it(`rejects ${name}`, function () {
        expect(() => parseCid(text)).to.throw(Error, `${JSON.stringify(text)}: expected`);
      });
    }

    for (const text of [HELLO_V0_TEXT.toLowerCase(), HELLO_V0_TEXT.toUpperCase(), "qM" + HELLO_V0_TEXT.slice(2)]) {
      it(`rejects case-changed CIDv0 ${text.slice(0, 4)}…`, function () {
        expect(() => parseCid(text)).to.throw(
          Error,
          `Invalid CID ${JSON.stringify(text)}: a CIDv0 starts with "Qm", and base58btc is case-sensitive, so a ` +
            "CIDv0 whose letters changed case cannot be read back. Copy the CID again from its source.",
        );
      });
    }

    it("trims surrounding whitespace", function () {
      expect(parseCid(` ${HELLO_V0_TEXT}\n`)).to.equal(HELLO_V0);
      expect(parseCid(`\t${encodeCidV1Text(RAW_V1)}\r\n`)).to.equal(RAW_V1);
    });

    it("parses binary CID hex", function () {
      expect(parseCid(HELLO_V0)).to.equal(HELLO_V0);
      expect(parseCid(` ${RAW_V1.toUpperCase().replace("0X", "0x")} `)).to.equal(RAW_V1);
    });

    it("parses path gateway URLs", function () {
      const v1 = encodeCidV1Text(RAW_V1);
      expect(parseCid(`https://gateway.example/ipfs/${HELLO_V0_TEXT}`)).to.equal(HELLO_V0);
      expect(parseCid(`http://127.0.0.1:8080/ipfs/${v1}/`)).to.equal(RAW_V1);
      expect(parseCid(`HTTPS://gateway.example/ipfs/${v1}\n`)).to.equal(RAW_V1);
    });

    it("parses subdomain gateway URLs", function () {
      const v1 = encodeCidV1Text(RAW_V1);
      expect(parseCid(`https://${v1}.ipfs.gateway.example/`)).to.equal(RAW_V1);
      expect(parseCid(`http://${v1}.ipfs.localhost:8080`)).to.equal(RAW_V1);
    });

    it("keeps base58 case in gateway URLs", function () {
      const lowerCase = HELLO_V0_TEXT.toLowerCase();
      expect(() => parseCid(`https://gateway.example/ipfs/${lowerCase}`)).to.throw(
        Error,
        "base58btc is case-sensitive",
      );
    });

    it("rejects a path after a gateway CID", function () {
      const url = `https://gateway.example/ipfs/${HELLO_V0_TEXT}/statutes.md`;
      expect(() => parseCid(url)).to.throw(Error, `Invalid CID ${JSON.stringify(url)}: a URL is accepted only`);
      expect(() => parseCid(url)).to.throw(Error, `to name the whole content, pass ${HELLO_V0_TEXT}.`);
    });

    it("rejects other URLs", function () {
      for (const url of [
        "https://gateway.example/ipns/docs.example",
        "https://gateway.example/",
        "https://x.example/a?b",
      ]) {
        expect(() => parseCid(url), url).to.throw(Error, "Pass the CID alone.");
      }
    });

    it("reports a truncated CIDv0", function () {
      const truncated = HELLO_V0_TEXT.slice(0, -4);
      expect(() => parseCid(truncated)).to.throw(
        Error,
        `Invalid CID ${JSON.stringify(truncated)}: expected a CIDv0 (Qm…) of 46 characters, but it has 42, so it ` +
          "looks truncated or mistyped. Copy the CID again from its source.",
      );
    });

    it("reports a truncated CIDv1", function () {
      expect(() => parseCid(encodeCidV1Text(RAW_V1).slice(0, -4))).to.throw(Error, "it may be truncated or mistyped");
    });

    it("reports truncated binary hex", function () {
      for (const hex of [HELLO_V0.slice(0, -2), RAW_V1.slice(0, -6)]) {
        expect(() => parseCid(hex), hex).to.throw(
          Error,
          "but the binary CID is truncated: its multihash gives a length of",
        );
      }
    });

    it("reports odd-length binary hex", function () {
      expect(() => parseCid(RAW_V1.slice(0, -1))).to.throw(Error, "it has an odd number of hex digits");
    });

    it("reports bytes after the multihash", function () {
      expect(() => parseCid(RAW_V1 + "00")).to.throw(Error, "it has 1 byte after the end that its multihash gives");
    });

    it("gives binary CIDs that the contracts accept", async function () {
      const [deployer] = await ethers.getSigners();
      const harness = await new CidHarness__factory(deployer).deploy();

      for (const text of [HELLO_V0_TEXT, ...RAW_V1_SPELLINGS.map(({ text }) => text)]) {
        expect(await harness.isValid(parseCid(text)), text).to.equal(true);
      }
    });
  });

  describe("cidToText", function () {
    it("writes CIDv0 in base58btc", function () {
      expect(cidToText(HELLO_V0)).to.equal(HELLO_V0_TEXT);
    });

    it("writes CIDv1 in lowercase base32", function () {
      expect(cidToText(RAW_V1)).to.equal(encodeCidV1Text(RAW_V1));
    });

    it("accepts uppercase hex", function () {
      expect(cidToText("0x" + RAW_V1.slice(2).toUpperCase())).to.equal(encodeCidV1Text(RAW_V1));
    });

    for (const { name, hex } of MALFORMED_BINARIES) {
      it(`rejects ${name}`, function () {
        expect(() => cidToText(hex)).to.throw(Error, `Invalid binary CID ${JSON.stringify(hex)}: expected`);
      });
    }
  });

  describe("toCidV1", function () {
    it("converts CIDv0 to CIDv1 dag-pb", function () {
      expect(toCidV1(HELLO_V0)).to.equal(HELLO_V1_DAG_PB);
    });

    it("keeps CIDv1", function () {
      expect(toCidV1(RAW_V1)).to.equal(RAW_V1);
      expect(toCidV1(HELLO_V1_DAG_PB)).to.equal(HELLO_V1_DAG_PB);
    });

    it("returns lowercase hex", function () {
      expect(toCidV1("0x" + HELLO_V0.slice(2).toUpperCase())).to.equal(HELLO_V1_DAG_PB);
    });

    for (const { name, hex } of MALFORMED_BINARIES) {
      it(`rejects ${name}`, function () {
        expect(() => toCidV1(hex)).to.throw(Error, `Invalid binary CID ${JSON.stringify(hex)}: expected`);
      });
    }
  });

  describe("toIpfsUri", function () {
    it("writes CIDv1 in lowercase base32", function () {
      expect(toIpfsUri(RAW_V1)).to.equal(`ipfs://${encodeCidV1Text(RAW_V1)}`);
    });

    it("converts CIDv0 to CIDv1 dag-pb", function () {
      // The CIDv1 in base32 of version 1, codec dag-pb (0x70) and the multihash of HELLO_V0.
      expect(toIpfsUri(HELLO_V0)).to.equal("ipfs://bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby");
    });

    it("gives one URI for both versions", function () {
      expect(toIpfsUri(HELLO_V0)).to.equal(toIpfsUri(HELLO_V1_DAG_PB));
    });

    it("gives one URI for every spelling", function () {
      const uris = new Set(RAW_V1_SPELLINGS.map(({ text }) => toIpfsUri(parseCid(text))));

      expect([...uris]).to.deep.equal([`ipfs://${encodeCidV1Text(RAW_V1)}`]);
    });

    for (const { name, hex } of MALFORMED_BINARIES) {
      it(`rejects ${name}`, function () {
        expect(() => toIpfsUri(hex)).to.throw(Error, `Invalid binary CID ${JSON.stringify(hex)}: expected`);
      });
    }
  });

  describe("properties", function () {
    const digest = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => hexlify(bytes));

    it("round-trips text and binary", function () {
      const binaryCid = fc.oneof(
        digest.map((hash) => concat(["0x1220", hash])),
        digest.map((hash) => cidV1(MULTICODEC.raw, MULTICODEC.sha2_256, hash)),
        digest.map((hash) => cidV1(MULTICODEC.dagPb, MULTICODEC.sha2_256, hash)),
      );

      fc.assert(
        fc.property(binaryCid, (cid) => {
          expect(parseCid(cidToText(cid))).to.equal(cid);
          expect(parseCid(toIpfsUri(cid))).to.equal(cid.startsWith("0x1220") ? concat(["0x0170", cid]) : cid);
        }),
      );
    });

    it("maps both versions to one URI", function () {
      fc.assert(
        fc.property(digest, (hash) => {
          const uri = toIpfsUri(concat(["0x1220", hash]));

          expect(uri).to.equal(toIpfsUri(cidV1(MULTICODEC.dagPb, MULTICODEC.sha2_256, hash)));
          expect(uri).to.match(/^ipfs:\/\/b[a-z2-7]+$/);
        }),
      );
    });
  });

  it("derives Kubo's CIDv0 from its block", function () {
    // The block is a PBNode whose Data (0x0a, 18 bytes) is a UnixFS file: Type 2 (0x08 0x02), the
    // 12 bytes of content (0x12 0x0c …) and their size (0x18 0x0c).
    const block = concat(["0x0a120802120c", toUtf8Bytes("hello world\n"), "0x180c"]);

    expect(HELLO_V0).to.equal(concat(["0x1220", sha256(block)]));
  });
});
