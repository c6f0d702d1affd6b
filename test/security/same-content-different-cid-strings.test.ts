import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { dataLength, encodeBase58, getBytes } from "ethers";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
// multiformats is ES modules only, and this CommonJS test loads it with require(), which Node.js
// allows by default from 20.19 on.
import { base36 } from "multiformats/bases/base36";

import { buildProposal, propose, proposalDescription } from "../../src/governance/proposals";
import { cidToText, parseCid, toCidV1, toIpfsUri } from "../../src/ipfs/cidText";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { decodeCidV0Text, encodeCidV1Text } from "../helpers/cid";
import { admitAction } from "../helpers/governance";
import { deployMembershipFixture } from "../helpers/membership";

/**
 * One document has several valid CID strings: a CIDv0 (`Qm…`), the CIDv1 of the same dag-pb block
 * (`bafybei…`), that CIDv1 in other multibases, and each of them behind `ipfs://`. Two members who
 * attach the same document with different strings must land on the same bytes on chain, and a
 * CIDv0 whose case a tool changed must be rejected, because base58btc is case-sensitive.
 */

const DOCUMENT = new TextEncoder().encode("# Statutes of the cooperative\n\nArticle 1. One member, one vote.\n");

/** A CID string and what it shows. */
interface Spelling {
  name: string;
  text: string;
}

/** Returns every spelling of one CID, from the binary CIDv1 of its dag-pb block. */
function spellingsOf(v0Text: string, v1Binary: string): Spelling[] {
  const v1Text = encodeCidV1Text(v1Binary);
  return [
    { name: "CIDv0", text: v0Text },
    { name: "CIDv1 in base32", text: v1Text },
    { name: "CIDv1 in uppercase base32", text: v1Text.toUpperCase() },
    { name: "CIDv1 in base58btc", text: "z" + encodeBase58(v1Binary) },
    { name: "CIDv1 in base36", text: base36.encode(getBytes(v1Binary)) },
    { name: "CIDv1 in base16", text: "f" + v1Binary.slice(2) },
    { name: "CIDv0 behind ipfs://", text: `ipfs://${v0Text}` },
    { name: "CIDv1 behind ipfs://", text: `ipfs://${v1Text}` },
    { name: "CIDv1 behind uppercase IPFS://", text: `IPFS://${v1Text.toUpperCase()}` },
  ];
}

/** The 58 digits of base58btc: no 0, O, I or l. */
const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function flipCase(letter: string): string {
  return letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase();
}

/** Returns the index of the last letter of `text` whose other case is also a base58btc digit. */
function lastFlippableLetter(text: string): number {
  for (let index = text.length - 1; index >= 0; index--) {
    const flipped = flipCase(text[index]);
    if (flipped !== text[index] && BASE58_ALPHABET.includes(flipped)) return index;
  }
  throw new Error(`Invalid test CID ${text}: no letter of it has another case in base58btc.`);
}

describe("Same content, different CID strings", function () {
  let directory: string;
  let store: EmbeddedStore;
  /** The document's CIDv0, as plain `ipfs add` prints it. */
  let v0Text: string;
  /** The binary CIDv1 of the same block: version 1 and the dag-pb codec before the CIDv0's multihash. */
  let v1Binary: string;

  before(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-cid-strings-"));
    store = new EmbeddedStore(directory);
    v0Text = await store.add(DOCUMENT, { cidVersion: 0 });
    v1Binary = "0x0170" + decodeCidV0Text(v0Text).slice(2);
  });

  after(async function () {
    await rm(directory, { recursive: true, force: true });
  });

  describe("text forms", function () {
    it("maps every spelling to one CIDv1", function () {
      for (const { name, text } of spellingsOf(v0Text, v1Binary)) {
        expect(toCidV1(parseCid(text)), name).to.equal(v1Binary);
      }
    });

    it("keeps each version in parseCid", function () {
      const v1Text = encodeCidV1Text(v1Binary);

      // Storing these bytes as they are would register the document twice.
      expect(dataLength(parseCid(v0Text)), "CIDv0").to.equal(34);
      expect(dataLength(parseCid(v1Text)), "CIDv1").to.equal(36);
    });

    it("converts CIDv0 to base32", function () {
      const v1Text = encodeCidV1Text(v1Binary);

      expect(v1Text).to.match(/^bafybei[a-z2-7]+$/);
      expect(cidToText(toCidV1(parseCid(v0Text)))).to.equal(v1Text);
      expect(toIpfsUri(parseCid(v0Text))).to.equal(`ipfs://${v1Text}`);
    });

    it("gives one URI for every spelling", function () {
      const uris = new Set(spellingsOf(v0Text, v1Binary).map(({ text }) => toIpfsUri(parseCid(text))));

      expect([...uris]).to.deep.equal([`ipfs://${encodeCidV1Text(v1Binary)}`]);
    });

    it("rejects a case-changed CIDv0", function () {
      const manglings = [v0Text.toLowerCase(), v0Text.toUpperCase(), `ipfs://${v0Text.toLowerCase()}`];

      for (const text of manglings) {
        expect(() => parseCid(text), text).to.throw(
          `Invalid CID ${JSON.stringify(text)}: a CIDv0 starts with "Qm", and base58btc is case-sensitive`,
        );
      }
    });

    it("reads a flipped letter as another CID", function () {
      // Base58btc has no checksum: past the Qm prefix, a letter in another case is another digest.
      const index = lastFlippableLetter(v0Text);
      const flipped = v0Text.slice(0, index) + flipCase(v0Text[index]) + v0Text.slice(index + 1);

      expect(parseCid(flipped)).to.not.equal(parseCid(v0Text));
    });

    it("tells raw leaves from a spelling", async function () {
      // Kubo's --cid-version=1 stores the content in a raw block, so its CID names another DAG.
      const rawLeaf = await store.add(DOCUMENT, { cidVersion: 1 });

      expect(rawLeaf).to.match(/^bafkrei/);
      expect(toCidV1(parseCid(rawLeaf))).to.not.equal(v1Binary);
    });
  });

  describe("on chain", function () {
    it("stores one profile for both versions", async function () {
      const { membership, founders } = await loadFixture(deployMembershipFixture);
      const fromV0 = toCidV1(parseCid(v0Text));
      const fromV1 = toCidV1(parseCid(`ipfs://${encodeCidV1Text(v1Binary)}`));

      await membership.connect(founders[0]).setProfile(fromV0);
      await membership.connect(founders[1]).setProfile(fromV1);

      const [first] = await membership.memberData(founders[0].address);
      const [second] = await membership.memberData(founders[1].address);
      expect(first).to.equal(v1Binary);
      expect(second).to.equal(first);
    });

    it("records one document for both versions", async function () {
      const { governor, charter, membership, founders, outsiders } = await loadFixture(deployMembershipFixture);
      const attachments = [
        { proposer: founders[0], newcomer: outsiders[0], cid: v0Text },
        { proposer: founders[1], newcomer: outsiders[1], cid: "z" + encodeBase58(v1Binary) },
      ];

      for (const { proposer, newcomer, cid } of attachments) {
        const proposal = buildProposal(
          [await admitAction(membership, newcomer.address)],
          proposalDescription(`Admit ${newcomer.address}`, toIpfsUri(parseCid(cid))),
          proposer.address,
        );
        await propose(governor.connect(proposer), proposal);
      }

      const records = await charter.queryFilter(charter.filters.ProposalRecorded());
      expect(records).to.have.length(2);
      expect(records[0].args.document).to.equal(v1Binary);
      expect(records[1].args.document).to.equal(records[0].args.document);
    });
  });
});
