import { expect } from "chai";

import type { SignedJudgmentBallot } from "../../src/mj/ballotSignatures";
import {
  InvalidSignedBallotError,
  SIGNED_BALLOT_FORMAT,
  fromSignedBallotJson,
  toSignedBallotJson,
  type SignedBallotJson,
} from "../../src/mj/signedBallotFile";

const VOTER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const GOVERNOR = "0x610178dA211FEF7D417bC0e6FeD39F05609AD788";
const SIGNATURE = `0x${"ab".repeat(65)}`;

/** A ballot on a proposal id above 2^53, which a JSON number would round. */
const SIGNED: SignedJudgmentBallot = {
  chainId: 31337n,
  governor: GOVERNOR,
  ballot: { proposalId: 2n ** 255n + 7n, voter: VOTER, grades: [5, 3, 0, 15], nonce: 2n ** 200n },
  signature: SIGNATURE,
  expiresAt: 1_800_000_000n,
};

function parseWith(changes: Record<string, unknown>): SignedJudgmentBallot {
  return fromSignedBallotJson({ ...toSignedBallotJson(SIGNED), ...changes });
}

function expectInvalid(changes: Record<string, unknown>, message: string): void {
  expect(() => parseWith(changes))
    .to.throw(InvalidSignedBallotError)
    .with.property("message")
    .that.includes(message);
}

describe("signed ballot file", function () {
  it("round-trips a ballot", function () {
    const json = JSON.parse(JSON.stringify(toSignedBallotJson(SIGNED))) as SignedBallotJson;

    expect(json.format).to.equal(SIGNED_BALLOT_FORMAT);
    expect(json.version).to.equal(1);
    expect(json.proposalId).to.equal((2n ** 255n + 7n).toString());
    expect(json.grades).to.deep.equal([5, 3, 0, 15]);
    expect(fromSignedBallotJson(json)).to.deep.equal(SIGNED);
  });

  it("checksums addresses it reads", function () {
    const signed = parseWith({ voter: VOTER.toLowerCase(), governor: GOVERNOR.toLowerCase() });

    expect(signed.ballot.voter).to.equal(VOTER);
    expect(signed.governor).to.equal(GOVERNOR);
  });

  describe("errors", function () {
    it("rejects a list", function () {
      expect(() => fromSignedBallotJson([]))
        .to.throw(InvalidSignedBallotError)
        .with.property("message")
        .that.includes("expected a JSON object, but the file contains []");
    });

    it("rejects a signed vote file", function () {
      expectInvalid({ format: "world-coop-signed-vote" }, `field "format" is "world-coop-signed-vote"`);
    });

    it("rejects another version", function () {
      expectInvalid({ version: 2 }, 'field "version" is 2: expected 1, the only version these tasks read');
    });

    it("rejects an unknown field", function () {
      expectInvalid({ support: 1 }, 'unexpected field "support"');
    });

    it("rejects a grade above the widest scale", function () {
      expectInvalid({ grades: [5, 16] }, 'field "grades" is [5,16]: expected a JSON list of grades');
    });

    it("rejects a quoted grade", function () {
      expectInvalid({ grades: ["5"] }, 'field "grades" is ["5"]');
    });

    it("rejects empty grades", function () {
      expectInvalid({ grades: [] }, 'field "grades" is []');
    });

    it("rejects a numeric proposal id", function () {
      expectInvalid({ proposalId: 42 }, 'field "proposalId" is 42: expected a whole number');
    });

    it("rejects a missing voter", function () {
      expectInvalid({ voter: undefined }, 'field "voter" is missing');
    });

    it("rejects a bad checksum", function () {
      expectInvalid({ voter: "0x70997970c51812dc3A010C7d01b50e0d17dc79C8" }, 'field "voter" is');
    });

    it("rejects an empty signature", function () {
      expectInvalid({ signature: "0x" }, 'field "signature" is "0x"');
    });
  });
});
