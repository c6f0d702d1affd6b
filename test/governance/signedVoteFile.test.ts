import { expect } from "chai";

import type { SignedVote } from "../../src/governance/signatures";
import {
  InvalidSignedVoteError,
  fromSignedVoteJson,
  toSignedVoteJson,
  type SignedVoteJson,
} from "../../src/governance/signedVoteFile";

const VOTER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const GOVERNOR = "0x0165878A594ca255338adfa4d48449f69242Eb8F";
const SIGNATURE = `0x${"ab".repeat(65)}`;

/** A ballot on a proposal id above 2^53, which a JSON number would round. */
const VOTE: SignedVote = {
  chainId: 31337n,
  governor: GOVERNOR,
  ballot: {
    primaryType: "Ballot",
    proposalId: 2n ** 255n + 7n,
    support: 1,
    voter: VOTER,
    nonce: 2n ** 200n,
  },
  signature: SIGNATURE,
  expiresAt: 1_800_000_000n,
};

const EXTENDED_VOTE: SignedVote = {
  ...VOTE,
  ballot: { ...VOTE.ballot, primaryType: "ExtendedBallot", reason: "Pour la boulangerie", params: "0x" },
};

function parseWith(changes: Record<string, unknown>, base: SignedVote = VOTE): SignedVote {
  return fromSignedVoteJson({ ...toSignedVoteJson(base), ...changes });
}

describe("signed vote file", function () {
  it("round-trips a ballot", function () {
    const json = JSON.parse(JSON.stringify(toSignedVoteJson(VOTE))) as SignedVoteJson;

    expect(json.proposalId).to.equal((2n ** 255n + 7n).toString());
    expect(json).to.not.have.property("reason");
    expect(fromSignedVoteJson(json)).to.deep.equal(VOTE);
  });

  it("round-trips an extended ballot", function () {
    const json = JSON.parse(JSON.stringify(toSignedVoteJson(EXTENDED_VOTE))) as SignedVoteJson;

    expect(json.reason).to.equal("Pour la boulangerie");
    expect(json.params).to.equal("0x");
    expect(fromSignedVoteJson(json)).to.deep.equal(EXTENDED_VOTE);
  });

  it("checksums addresses it reads", function () {
    const vote = parseWith({ voter: VOTER.toLowerCase(), governor: GOVERNOR.toLowerCase() });

    expect(vote.ballot.voter).to.equal(VOTER);
    expect(vote.governor).to.equal(GOVERNOR);
  });

  const INVALID: [string, Record<string, unknown>, string][] = [
    ["another format", { format: "something-else" }, 'field "format" is "something-else"'],
    ["a later version", { version: 2 }, 'field "version" is 2'],
    ["an unknown primary type", { primaryType: "Permit" }, 'field "primaryType" is "Permit"'],
    ["a numeric proposal id", { proposalId: 12 }, 'field "proposalId" is 12'],
    ["a proposal id above uint256", { proposalId: (2n ** 256n).toString() }, 'field "proposalId"'],
    ["a missing voter", { voter: undefined }, 'field "voter" is missing'],
    ["a bad checksum", { voter: "0x70997970c51812dc3A010C7d01b50e0d17dc79C8" }, 'field "voter"'],
    ["support 3", { support: 3 }, 'field "support" is 3'],
    ["fractional support in a Ballot", { support: 255 }, 'field "support" is 255'],
    ["a hex chain id", { chainId: "0x7a69" }, 'field "chainId" is "0x7a69"'],
    ["an empty signature", { signature: "0x" }, 'field "signature" is "0x"'],
    ["odd hex in the signature", { signature: "0xabc" }, 'field "signature" is "0xabc"'],
    ["a reason in a Ballot", { reason: "late" }, 'unexpected field "reason"'],
    ["an unknown field", { weight: "2" }, 'unexpected field "weight"'],
    ["a missing expiry", { expiresAt: undefined }, 'field "expiresAt" is missing'],
  ];

  for (const [name, changes, message] of INVALID) {
    it(`rejects ${name}`, function () {
      expect(() => parseWith(changes))
        .to.throw(InvalidSignedVoteError)
        .with.property("message")
        .that.includes(message);
    });
  }

  it("rejects an extended ballot without params", function () {
    expect(() => parseWith({ params: undefined }, EXTENDED_VOTE)).to.throw(InvalidSignedVoteError, 'field "params"');
  });

  it("accepts fractional support in an extended ballot", function () {
    expect(parseWith({ support: 255 }, EXTENDED_VOTE).ballot.support).to.equal(255);
  });

  it("rejects a list", function () {
    expect(() => fromSignedVoteJson([])).to.throw(InvalidSignedVoteError, "expected a JSON object");
  });
});
