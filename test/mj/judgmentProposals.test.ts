import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { getAddress } from "ethers";

import {
  findJudgmentProposal,
  isStatusQuo,
  judgmentOptions,
  judgmentOutcome,
  judgmentState,
  judgmentTallies,
  optionCalls,
  type JudgmentProposal,
} from "../../src/mj/judgmentProposals";
import type { PinnedLabel } from "../../src/mj/optionLabels";
import { cidV1Sha256 } from "../helpers/cid";
import { deployCoopFixture } from "../helpers/fixtures";
import { TEST_DOCUMENT_URI, openProposal, testDescription } from "../helpers/governance";
import { closeJudgment, openJudgment, option } from "../helpers/judgment";

/** A label whose binary CID is that of `text`, as pinOptionLabels returns it. */
function pinnedLabel(text: string): PinnedLabel {
  const binary = cidV1Sha256(text);
  return { binary, cid: "", uri: "", pinned: true };
}

describe("judgment proposals", function () {
  async function proposalFixture() {
    const fixture = await deployCoopFixture();
    const { judgment, membership, founders, outsiders } = fixture;
    const membershipAddress = await membership.getAddress();
    const admitCall = (account: string) => ({
      target: membershipAddress,
      value: 0n,
      data: membership.interface.encodeFunctionData("admit", [account]),
    });
    const options = [
      option("Admit Dana", [admitCall(outsiders[0].address)]),
      option("Admit Eli", [admitCall(outsiders[1].address)]),
    ];
    const handle = await openJudgment(judgment, founders[0], options, {
      statusQuo: true,
      description: testDescription("Choose a newcomer"),
    });
    return { ...fixture, handle, membershipAddress, admitCall };
  }

  describe("judgmentOptions", function () {
    it("pairs labels with actions", function () {
      const action = { target: "0x5FbDB2315678afecb367f032d93F642f64180aa3", value: 5n, data: "0x12345678" };

      const options = judgmentOptions([pinnedLabel("A"), pinnedLabel("B")], [[action], []]);

      expect(options).to.deep.equal([
        { label: cidV1Sha256("A"), targets: [action.target], values: [5n], calldatas: ["0x12345678"] },
        { label: cidV1Sha256("B"), targets: [], values: [], calldatas: [] },
      ]);
    });

    it("rejects a missing label", function () {
      expect(() => judgmentOptions([pinnedLabel("A")], [[], []])).to.throw("Got 1 labels for 2 options");
    });
  });

  describe("findJudgmentProposal", function () {
    let proposal: JudgmentProposal;

    before(async function () {
      const { judgment, charter, handle } = await loadFixture(proposalFixture);
      const found = await findJudgmentProposal(judgment, charter, handle.id);
      if (found === undefined) throw new Error("the proposal was not found");
      proposal = found;
    });

    it("reads the options and their calls", async function () {
      const { handle, membershipAddress, admitCall, outsiders } = await loadFixture(proposalFixture);

      expect(proposal.id).to.equal(handle.id);
      expect(proposal.options.map((entry) => entry.index)).to.deep.equal([0, 1]);
      expect(proposal.options.map((entry) => entry.label)).to.deep.equal([
        cidV1Sha256("Admit Dana"),
        cidV1Sha256("Admit Eli"),
      ]);
      expect(proposal.options[1].targets).to.deep.equal([getAddress(membershipAddress)]);
      expect(proposal.options[1].values).to.deep.equal([0n]);
      expect(proposal.options[1].calldatas).to.deep.equal([admitCall(outsiders[1].address).data]);
    });

    it("counts the status quo", function () {
      expect(proposal.statusQuo).to.be.true;
      expect(proposal.optionCount).to.equal(3);
    });

    it("reads the frozen rules", async function () {
      const { judgment, handle } = await loadFixture(proposalFixture);
      const details = await judgment.proposalDetails(handle.id);

      expect(proposal.gradeCount).to.equal(6);
      expect(proposal.minimumGrade).to.equal(2);
      expect(proposal.quorumPercent).to.equal(25);
      expect(proposal.snapshot).to.equal(details.snapshot);
      expect(proposal.deadline).to.equal(details.deadline);
    });

    it("reads the title and document", async function () {
      const { founders } = await loadFixture(proposalFixture);

      expect(proposal.title).to.equal("Choose a newcomer");
      expect(proposal.documentUri).to.equal(TEST_DOCUMENT_URI);
      expect(proposal.proposer).to.equal(founders[0].address);
      expect(proposal.description).to.equal(testDescription("Choose a newcomer"));
    });

    it("returns undefined for an unknown id", async function () {
      const { judgment, charter } = await loadFixture(proposalFixture);

      expect(await findJudgmentProposal(judgment, charter, 12345n)).to.be.undefined;
    });

    it("searches back from the latest block when given a start", async function () {
      const { judgment, charter, handle } = await loadFixture(proposalFixture);
      const found = await findJudgmentProposal(judgment, charter, handle.id, 0);

      expect(found?.transactionHash).to.equal(proposal.transactionHash);
    });

    it("finds nothing before a start after the proposal", async function () {
      const { judgment, charter, handle } = await loadFixture(proposalFixture);

      expect(await findJudgmentProposal(judgment, charter, handle.id, proposal.blockNumber + 1)).to.be.undefined;
    });

    it("ignores a yes/no proposal's id", async function () {
      const { judgment, charter, governor, founders, outsiders, admitCall } = await loadFixture(proposalFixture);
      const { id } = await openProposal(governor, founders[0], [admitCall(outsiders[2].address)]);

      expect(await findJudgmentProposal(judgment, charter, id)).to.be.undefined;
    });
  });

  describe("optionCalls", function () {
    it("gives an option's calls", async function () {
      const { judgment, charter, handle } = await loadFixture(proposalFixture);
      const proposal = (await findJudgmentProposal(judgment, charter, handle.id))!;

      expect(optionCalls(proposal, 0).targets).to.have.length(1);
    });

    it("gives no calls for the status quo", async function () {
      const { judgment, charter, handle } = await loadFixture(proposalFixture);
      const proposal = (await findJudgmentProposal(judgment, charter, handle.id))!;

      expect(optionCalls(proposal, 2)).to.deep.equal({ targets: [], values: [], calldatas: [] });
      expect(isStatusQuo(proposal, 2)).to.be.true;
      expect(isStatusQuo(proposal, 1)).to.be.false;
    });

    it("rejects an option out of range", async function () {
      const { judgment, charter, handle } = await loadFixture(proposalFixture);
      const proposal = (await findJudgmentProposal(judgment, charter, handle.id))!;

      expect(() => optionCalls(proposal, 3)).to.throw(`Invalid option 3 of proposal ${handle.id}: expected 0 to 2.`);
    });
  });

  describe("state and count", function () {
    it("names the state", async function () {
      const { judgment, handle } = await loadFixture(proposalFixture);

      expect(await judgmentState(judgment, handle.id)).to.equal("Active");
    });

    it("reads the tallies and outcome", async function () {
      const { judgment, handle, founders } = await loadFixture(proposalFixture);
      await judgment.connect(founders[0]).castBallot(handle.id, [5, 3, 0]);
      await judgment.connect(founders[1]).castBallot(handle.id, [4, 2, 0]);
      await closeJudgment(judgment, handle.id);

      expect(await judgmentTallies(judgment, handle.id)).to.deep.equal([
        [0n, 0n, 0n, 0n, 1n, 1n],
        [0n, 0n, 1n, 1n, 0n, 0n],
        [2n, 0n, 0n, 0n, 0n, 0n],
      ]);
      expect(await judgmentOutcome(judgment, handle.id)).to.deep.equal({
        kind: "Winner",
        leaders: [0],
        grade: 4,
        participation: 2n,
        quorum: 1n,
      });
      expect(await judgmentState(judgment, handle.id)).to.equal("Succeeded");
    });

    it("names a tie", async function () {
      const { judgment, handle, founders } = await loadFixture(proposalFixture);
      await judgment.connect(founders[0]).castBallot(handle.id, [3, 3, 0]);
      await closeJudgment(judgment, handle.id);

      const outcome = await judgmentOutcome(judgment, handle.id);

      expect(outcome.kind).to.equal("Tie");
      expect(outcome.leaders).to.deep.equal([0, 1]);
    });
  });
});
