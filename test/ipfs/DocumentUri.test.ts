import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { hexlify } from "ethers";

import { DocumentUriHarness__factory, type DocumentUriHarness } from "../../typechain-types";
import { CODEC, base32Digit, base32Value, encodeBase32, ipfsUri, sha256CidV1 } from "../helpers/documentUri";

/** Maximum number of base32 digits that the library decodes: 205 digits carry a CID of 128 bytes. */
const MAX_BASE32_DIGITS = 205;

/** Maximum length of the excerpt of a URI that the library returns, in bytes. */
const MAX_EXCERPT_BYTES = 80;

/** Binary CIDv1 (raw, sha2-256) of the test document. */
const RAW_CID = sha256CidV1("Minutes of the general meeting", CODEC.raw);

/** `ipfs://` URI of {@link RAW_CID}. */
const RAW_URI = ipfsUri(RAW_CID);

/** A proposer suffix as `buildProposal` appends it to descriptions. */
const PROPOSER_SUFFIX = "#proposer=0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** What `findCid` returns, by name. */
interface FoundCid {
  found: boolean;
  valid: boolean;
  cid: string;
  excerpt: string;
}

async function deployHarnessFixture(): Promise<DocumentUriHarness> {
  const [deployer] = await ethers.getSigners();
  return new DocumentUriHarness__factory(deployer).deploy();
}

/** Calls `findCid` on `text`. */
async function findCid(harness: DocumentUriHarness, text: string): Promise<FoundCid> {
  const [found, valid, cid, excerpt] = await harness.findCid(text);
  return { found, valid, cid, excerpt };
}

/** Asserts that `text` cites a valid URI whose binary CID is `cid`. */
async function expectValid(harness: DocumentUriHarness, text: string, cid: Uint8Array, excerpt: string): Promise<void> {
  const result = await findCid(harness, text);

  expect(result.found, "found").to.equal(true);
  expect(result.valid, "valid").to.equal(true);
  expect(result.cid, "cid").to.equal(hexlify(cid));
  expect(result.excerpt, "excerpt").to.equal(excerpt);
}

/** Asserts that `text` cites an invalid URI, quoted as `excerpt`. */
async function expectInvalid(harness: DocumentUriHarness, text: string, excerpt: string): Promise<void> {
  const result = await findCid(harness, text);

  expect(result.found, "found").to.equal(true);
  expect(result.valid, "valid").to.equal(false);
  expect(result.cid, "cid").to.equal("0x");
  expect(result.excerpt, "excerpt").to.equal(excerpt);
}

/** Returns `uri` with its last base32 digit replaced by the digit `delta` values higher. */
function shiftLastDigit(uri: string, delta: number): string {
  const last = base32Value(uri.slice(-1));
  return uri.slice(0, -1) + base32Digit((last + delta) % 32);
}

describe("DocumentUri", function () {
  describe("test encoder", function () {
    // RFC 4648, section 10, in lowercase and without padding.
    const vectors: { input: string; output: string }[] = [
      { input: "", output: "" },
      { input: "f", output: "my" },
      { input: "fo", output: "mzxq" },
      { input: "foo", output: "mzxw6" },
      { input: "foob", output: "mzxw6yq" },
      { input: "fooba", output: "mzxw6ytb" },
      { input: "foobar", output: "mzxw6ytboi" },
    ];

    for (const { input, output } of vectors) {
      it(`encodes "${input}" as in RFC 4648`, function () {
        expect(encodeBase32(new TextEncoder().encode(input))).to.equal(output);
      });
    }

    it("encodes CID of empty content", function () {
      // The CIDv1 (raw, sha2-256) of zero bytes, as IPFS implementations print it.
      expect(ipfsUri(sha256CidV1("", CODEC.raw))).to.equal(
        "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
      );
    });
  });

  describe("findCid", function () {
    describe("without URI", function () {
      const texts: { name: string; text: string }[] = [
        { name: "empty text", text: "" },
        { name: "6-byte text", text: "ipfs:/" },
        { name: "7-byte text", text: "ipfs:/b" },
        { name: "text without scheme", text: "Admit a newcomer, see the minutes at ipfs:/bafkrei" },
      ];

      for (const { name, text } of texts) {
        it(`finds nothing in ${name}`, async function () {
          const harness = await loadFixture(deployHarnessFixture);

          const result = await findCid(harness, text);

          expect(result.found, "found").to.equal(false);
          expect(result.valid, "valid").to.equal(false);
          expect(result.cid, "cid").to.equal("0x");
          expect(result.excerpt, "excerpt").to.equal("");
        });
      }
    });

    describe("valid URI", function () {
      it("reads uppercase scheme", async function () {
        const harness = await loadFixture(deployHarnessFixture);
        const uri = `IPFS://${RAW_URI.slice("ipfs://".length)}`;

        await expectValid(harness, uri, RAW_CID, uri);
      });

      it("reads raw CIDv1", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        await expectValid(harness, RAW_URI, RAW_CID, RAW_URI);
      });

      it("reads dag-pb CIDv1", async function () {
        const harness = await loadFixture(deployHarnessFixture);
        const cid = sha256CidV1("Minutes of the general meeting", CODEC.dagPb);
        const uri = ipfsUri(cid);

        expect(uri.startsWith("ipfs://bafybei"), "dag-pb prefix").to.equal(true);
        await expectValid(harness, `# Admit a newcomer\n\n${uri}\n`, cid, uri);
      });

      it("reads URI before proposer suffix", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        await expectValid(harness, `# Admit a newcomer\n\n${RAW_URI}${PROPOSER_SUFFIX}`, RAW_CID, RAW_URI);
      });

      it("reads URI before newline", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        await expectValid(harness, `${RAW_URI}\nSecond paragraph`, RAW_CID, RAW_URI);
      });

      it("reads URI at end of text", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        await expectValid(harness, `See the minutes: ${RAW_URI}`, RAW_CID, RAW_URI);
      });

      it("reads URI before space", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        await expectValid(harness, `${RAW_URI} is the document`, RAW_CID, RAW_URI);
      });

      it("reads first of two URIs", async function () {
        const harness = await loadFixture(deployHarnessFixture);
        const second = ipfsUri(sha256CidV1("Annex", CODEC.raw));

        await expectValid(harness, `${RAW_URI}\nAnnex: ${second}\n`, RAW_CID, RAW_URI);
      });

      it("skips incomplete scheme", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        await expectValid(harness, `ipfs:/ and ipfs:/b are incomplete, then ${RAW_URI}`, RAW_CID, RAW_URI);
      });

      it("reads URI after accented text", async function () {
        const harness = await loadFixture(deployHarnessFixture);
        const text = `# Décision de l'assemblée générale\n\nProcès-verbal signé à Besançon : ${RAW_URI}\n`;

        expect(Buffer.byteLength(text), "multibyte characters").to.be.greaterThan(text.length);
        await expectValid(harness, text, RAW_CID, RAW_URI);
      });

      it("quotes characters after URI", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        // The URI ends at the first character outside base32, and the excerpt at the next space.
        await expectValid(harness, `Minutes (${RAW_URI}). Adopted.`, RAW_CID, `${RAW_URI}).`);
      });

      it(`reads ${MAX_BASE32_DIGITS}-digit CID`, async function () {
        const harness = await loadFixture(deployHarnessFixture);
        // Raw CIDv1 with an identity multihash: 4 header bytes and 124 content bytes, 128 in all.
        const cid = Uint8Array.from([1, CODEC.raw, 0x00, 124, ...new Uint8Array(124).fill(0x2a)]);
        const uri = ipfsUri(cid);

        expect(uri.length - "ipfs://b".length, "digits").to.equal(MAX_BASE32_DIGITS);
        await expectValid(harness, uri, cid, uri.slice(0, MAX_EXCERPT_BYTES));
      });
    });

    describe("invalid URI", function () {
      it("rejects non-zero trailing bits", async function () {
        const harness = await loadFixture(deployHarnessFixture);
        // 36 bytes are 288 bits, written as 58 digits of 290 bits: the last 2 bits must be zero.
        expect(RAW_URI.length - "ipfs://b".length, "digits").to.equal(58);
        const uri = shiftLastDigit(RAW_URI, 1);

        await expectInvalid(harness, `${uri}\n`, uri);
      });

      it("rejects truncated digest", async function () {
        const harness = await loadFixture(deployHarnessFixture);
        const uri = ipfsUri(RAW_CID.slice(0, -1));

        await expectInvalid(harness, `${uri}${PROPOSER_SUFFIX}`, uri);
      });

      it("rejects base32 CIDv0", async function () {
        const harness = await loadFixture(deployHarnessFixture);
        // A binary CIDv0 (0x12 0x20 and the digest) is well formed, but only a CIDv1 may be written in base32.
        const uri = ipfsUri(RAW_CID.slice(2));

        await expectInvalid(harness, uri, uri);
      });

      it("rejects prefix without digits", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        await expectInvalid(harness, "ipfs://b missing", "ipfs://b");
      });

      it(`rejects ${MAX_BASE32_DIGITS + 1} digits`, async function () {
        const harness = await loadFixture(deployHarnessFixture);
        const cid = Uint8Array.from([1, CODEC.raw, 0x00, 124, ...new Uint8Array(124).fill(0x2a)]);
        const uri = `${ipfsUri(cid)}a`;

        await expectInvalid(harness, uri, uri.slice(0, MAX_EXCERPT_BYTES));
      });

      it("rejects extra zero digit", async function () {
        // Skipped: findCid accepts a 59th all-zero digit, so two URIs decode to the same CID.
        const harness = await loadFixture(deployHarnessFixture);
        const uri = `${RAW_URI}a`;

        await expectInvalid(harness, uri, uri);
      });

      it("rejects base58 CIDv0", async function () {
        // Skipped: findCid counts digits before checking the `b` prefix, and panics with 0x11.
        const harness = await loadFixture(deployHarnessFixture);
        const uri = "ipfs://QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";

        await expectInvalid(harness, `${uri}#proposer=0x0`, uri);
      });

      it("rejects uppercase base32", async function () {
        // Skipped: without the lowercase `b` prefix, findCid panics with 0x11.
        const harness = await loadFixture(deployHarnessFixture);
        const uri = `ipfs://${RAW_URI.slice("ipfs://".length).toUpperCase()}`;

        await expectInvalid(harness, uri, uri);
      });

      it("rejects scheme at end of text", async function () {
        // Skipped: with nothing after "ipfs://", findCid panics with 0x11.
        const harness = await loadFixture(deployHarnessFixture);

        await expectInvalid(harness, "The document is at ipfs://", "ipfs://");
      });

      it("rejects one zero digit", async function () {
        // Skipped: one digit decodes to no byte, and findCid panics with 0x32 reading `cid[0]`.
        const harness = await loadFixture(deployHarnessFixture);

        await expectInvalid(harness, "ipfs://ba next", "ipfs://ba");
      });
    });

    describe("excerpt", function () {
      /** A URI whose digits stop early: a raw CID cut to 20 bytes. */
      const shortUri = ipfsUri(RAW_CID.slice(0, 20));

      it("extends to next space", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        await expectInvalid(harness, `${shortUri}.pdf is attached`, `${shortUri}.pdf`);
      });

      it("stops at newline", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        await expectInvalid(harness, `${shortUri}.pdf\nattached`, `${shortUri}.pdf`);
      });

      it("stops at number sign", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        await expectInvalid(harness, `${shortUri}.pdf${PROPOSER_SUFFIX}`, `${shortUri}.pdf`);
      });

      it(`cuts at ${MAX_EXCERPT_BYTES} bytes`, async function () {
        const harness = await loadFixture(deployHarnessFixture);
        const text = `${shortUri}/${"x".repeat(100)} end`;

        const result = await findCid(harness, text);

        expect(result.excerpt).to.equal(text.slice(0, MAX_EXCERPT_BYTES));
      });

      it("keeps text before URI out", async function () {
        const harness = await loadFixture(deployHarnessFixture);

        await expectInvalid(harness, `Procès-verbal : ${shortUri} signé`, shortUri);
      });

      it("cuts at character boundary", async function () {
        // Skipped: the excerpt is cut inside a UTF-8 sequence, which ethers fails to decode.
        const harness = await loadFixture(deployHarnessFixture);
        const prefix = `${shortUri}/`.padEnd(MAX_EXCERPT_BYTES - 1, "x");

        await expectInvalid(harness, `${prefix}été`, prefix);
      });
    });
  });

  describe("cidOf", function () {
    const longCid = Uint8Array.from([1, CODEC.raw, 0x00, 124, ...new Uint8Array(124).fill(0x2a)]);
    const invalid: [string, string][] = [
      ["text without URI", "Minutes of the general meeting"],
      ["base58 CIDv0", "ipfs://QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn"],
      ["too many digits", `${ipfsUri(longCid)}a`],
      ["non-zero trailing bits", shiftLastDigit(RAW_URI, 1)],
      ["truncated digest", ipfsUri(RAW_CID.slice(0, -1))],
      ["base32 CIDv0", ipfsUri(RAW_CID.slice(2))],
      ["one zero digit", "ipfs://ba next"],
    ];

    it("returns valid CID", async function () {
      const harness = await loadFixture(deployHarnessFixture);

      expect(await harness.cidOf(`Minutes: ${RAW_URI}${PROPOSER_SUFFIX}`)).to.equal(hexlify(RAW_CID));
    });

    for (const [name, text] of invalid) {
      it(`returns nothing for ${name}`, async function () {
        const harness = await loadFixture(deployHarnessFixture);

        expect(await harness.cidOf(text)).to.equal("0x");
      });
    }
  });
});
