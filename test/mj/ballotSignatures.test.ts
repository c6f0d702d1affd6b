import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";

import {
  ballotGradesProblem,
  ballotNonce,
  judgmentDomain,
  recoverBallotSigner,
  relayProblem,
  signBallot,
  voterProblem,
  type SignedJudgmentBallot,
} from "../../src/mj/ballotSignatures";
import { findJudgmentProposal, type JudgmentProposal } from "../../src/mj/judgmentProposals";
import { deployCoopFixture } from "../helpers/fixtures";
import { testDescription } from "../helpers/governance";
import { closeJudgment, openJudgment, plainOptions, signJudgmentBallot } from "../helpers/judgment";

describe("ballot signatures", function () {
  /** Deploys a cooperative, opens a proposal of three options and signs a ballot of founder 1 for it. */
  async function signedFixture() {
    const fixture = await deployCoopFixture();
    const { judgment, charter, founders } = fixture;
    const handle = await openJudgment(judgment, founders[0], plainOptions(3));
    const proposal = (await findJudgmentProposal(judgment, charter, handle.id)) as JudgmentProposal;
    const signed = await signBallot(judgment, founders[1], proposal, [5, 2, 0]);
    return { ...fixture, proposal, signed };
  }

  function withBallot(signed: SignedJudgmentBallot, changes: Partial<SignedJudgmentBallot["ballot"]>) {
    return { ...signed, ballot: { ...signed.ballot, ...changes } };
  }

  it("reads the governor's domain", async function () {
    const { judgment } = await loadFixture(signedFixture);

    expect(await judgmentDomain(judgment)).to.deep.equal({
      name: "Test Cooperative",
      version: "1",
      chainId: 31337n,
      verifyingContract: await judgment.getAddress(),
    });
  });

  it("signs what the governor checks", async function () {
    const { judgment, founders, outsiders, proposal, signed } = await loadFixture(signedFixture);

    await judgment
      .connect(outsiders[0])
      .castBallotBySig(proposal.id, founders[1].address, signed.ballot.grades, signed.signature);

    const ballot = await judgment.ballotOf(proposal.id, founders[1].address);
    expect(ballot.grades).to.deep.equal([5n, 2n, 0n]);
  });

  it("signs as the test helper does", async function () {
    const { judgment, founders, proposal, signed } = await loadFixture(signedFixture);

    expect(signed.signature).to.equal(await signJudgmentBallot(judgment, founders[1], proposal.id, [5, 2, 0]));
  });

  it("records chain, governor and deadline", async function () {
    const { judgment, founders, proposal, signed } = await loadFixture(signedFixture);

    expect(signed.chainId).to.equal(31337n);
    expect(signed.governor).to.equal(await judgment.getAddress());
    expect(signed.expiresAt).to.equal(proposal.deadline);
    expect(signed.ballot.voter).to.equal(founders[1].address);
  });

  it("recovers the voter", async function () {
    const { judgment, founders, signed } = await loadFixture(signedFixture);

    const signer = recoverBallotSigner(await judgmentDomain(judgment), signed.ballot, signed.signature);

    expect(signer).to.equal(founders[1].address);
  });

  it("keys nonces by proposal", async function () {
    const { judgment, founders, proposal, signed } = await loadFixture(signedFixture);
    const other = await openJudgment(judgment, founders[0], plainOptions(2), {
      description: testDescription("Another choice"),
    });

    expect(signed.ballot.nonce >> 64n).to.equal(BigInt.asUintN(192, proposal.id));
    expect(await ballotNonce(judgment, founders[1].address, other.id)).to.equal(BigInt.asUintN(192, other.id) << 64n);
  });

  describe("relayProblem", function () {
    it("accepts a fresh ballot", async function () {
      const { judgment, proposal, signed } = await loadFixture(signedFixture);

      expect(await relayProblem(judgment, proposal, signed)).to.be.undefined;
    });

    it("names another chain", async function () {
      const { judgment, proposal, signed } = await loadFixture(signedFixture);

      expect(await relayProblem(judgment, proposal, { ...signed, chainId: 1n })).to.equal(
        "Wrong chain: the ballot was signed for chain 1, but this network is chain 31337. " +
          "Switch the wallet to chain 31337 and sign again, or run the command on the network of chain 1.",
      );
    });

    it("names another governor", async function () {
      const { judgment, governor, proposal, signed } = await loadFixture(signedFixture);
      const other = await governor.getAddress();

      expect(await relayProblem(judgment, proposal, { ...signed, governor: other })).to.include(
        `The ballot was signed for governor ${other}`,
      );
    });

    it("catches changed grades", async function () {
      const { judgment, proposal, signed, founders } = await loadFixture(signedFixture);

      const problem = await relayProblem(judgment, proposal, withBallot(signed, { grades: [5, 2, 1] }));

      expect(problem).to.include(`The signature was not made by voter ${founders[1].address} for this ballot`);
    });

    it("catches a short signature", async function () {
      const { judgment, proposal, signed } = await loadFixture(signedFixture);

      const problem = await relayProblem(judgment, proposal, { ...signed, signature: "0x1234" });

      expect(problem).to.include("is not 65 bytes long");
    });

    it("catches grades that miss an option", async function () {
      const { judgment, founders, proposal } = await loadFixture(signedFixture);
      const signed = await signBallot(judgment, founders[2], proposal, [5, 2]);

      expect(await relayProblem(judgment, proposal, signed)).to.include(
        `The ballot has 2 grades, but proposal ${proposal.id} has 3 options. Ask the voter to sign again.`,
      );
    });

    it("catches a reused nonce", async function () {
      const { judgment, outsiders, proposal, signed } = await loadFixture(signedFixture);
      const { ballot } = signed;
      await judgment.connect(outsiders[0]).castBallotBySig(proposal.id, ballot.voter, ballot.grades, signed.signature);

      const problem = await relayProblem(judgment, proposal, signed);

      expect(problem).to.include(
        `The ballot carries nonce ${ballot.nonce}, but the governor expects nonce ${ballot.nonce + 1n}`,
      );
      expect(problem).to.include("was counted since this one was signed");
    });

    it("is revoked by a direct ballot", async function () {
      const { judgment, founders, proposal, signed } = await loadFixture(signedFixture);
      await judgment.connect(founders[1]).castBallot(proposal.id, [0, 0, 5]);

      const problem = await relayProblem(judgment, proposal, signed);

      expect(problem).to.include(`The ballot carries nonce ${signed.ballot.nonce}`);
    });

    it("waits for voting to open", async function () {
      const { judgment, charter, founders } = await loadFixture(signedFixture);
      const description = testDescription("Pending choice");
      const options = plainOptions(2);
      await judgment.connect(founders[0]).propose(options, false, description);
      const [created] = await judgment.queryFilter(judgment.filters.ProposalCreated(), "latest");
      const pending = (await findJudgmentProposal(judgment, charter, created.args.proposalId)) as JudgmentProposal;
      const signed = await signBallot(judgment, founders[1], pending, [1, 0]);

      expect(await relayProblem(judgment, pending, signed)).to.match(/^Voting on proposal \d+ opens after /);
    });

    it("names an expired ballot", async function () {
      const { judgment, proposal, signed } = await loadFixture(signedFixture);
      await closeJudgment(judgment, proposal.id);

      expect(await relayProblem(judgment, proposal, signed)).to.match(/^The signed ballot has expired/);
    });

    it("counts a ballot read at the deadline as late", async function () {
      const { judgment, proposal, signed } = await loadFixture(signedFixture);
      await time.increaseTo(proposal.deadline);

      expect(await relayProblem(judgment, proposal, signed)).to.match(/^The signed ballot has expired/);
    });
  });

  describe("voterProblem", function () {
    it("accepts a member", async function () {
      const { judgment, membership, founders, proposal } = await loadFixture(signedFixture);

      expect(await voterProblem(judgment, membership, founders[3].address, proposal)).to.be.undefined;
    });

    it("names an outsider", async function () {
      const { judgment, membership, outsiders, proposal } = await loadFixture(signedFixture);

      expect(await voterProblem(judgment, membership, outsiders[0].address, proposal)).to.equal(
        `${outsiders[0].address} is not a member of TEST, so its ballot would not be counted: ` +
          "pass --from with a member's address.",
      );
    });
  });

  describe("ballotGradesProblem", function () {
    it("names a grade off the scale", async function () {
      const { proposal } = await loadFixture(signedFixture);

      expect(ballotGradesProblem(proposal, [1, 6, 0])).to.equal(
        `The ballot gives grade 6 to option 1, outside the scale of proposal ${proposal.id}, whose grades go from 0 to 5.`,
      );
    });

    it("accepts grades on the scale", async function () {
      const { proposal } = await loadFixture(signedFixture);

      expect(ballotGradesProblem(proposal, [0, 5, 3])).to.be.undefined;
    });
  });
});
