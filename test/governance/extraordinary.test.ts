import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, ZeroHash, getCreateAddress, keccak256, parseEther } from "ethers";

import { DEFAULT_EXTRAORDINARY_RULES, type ExtraordinaryRules } from "../../src/deploy/cooperative";
import {
  buildProposal,
  execute,
  proposalId,
  proposalState,
  queue,
  type Action,
  type Proposal,
} from "../../src/governance/proposals";
import { CoopMembershipV2Mock__factory, ProposalTargetMock__factory, TokenMock__factory } from "../../typechain-types";
import {
  FOUNDER_WEIGHT,
  TEST_DOCUMENT_CID,
  castTally,
  decide,
  deployWeightedCoopFixture,
  isRecordedExtraordinary,
  queueAndExecute,
  queueAndWait,
  type Tally,
} from "../helpers/charter";
import { deployCoopFixture, type CoopFixture } from "../helpers/fixtures";
import {
  admitAction,
  contractAction,
  endVote,
  openProposal,
  passProposal,
  proposalStateBitmap,
  testDescription,
  type ProposalHandle,
} from "../helpers/governance";
import { AdmissionPolicy, subscribe } from "../helpers/shares";

/**
 * Extraordinary proposals, those that change the cooperative itself, need two thirds of the votes
 * cast for or against and half of the total weight voting for or abstaining. These tests drive
 * real proposals through the governor, the charter and the timelock. They cover the thresholds at
 * and around their limits and their freezing at creation. They also try the ways a proposal could
 * pass an extraordinary change as an ordinary one, and check the calls that stay ordinary.
 */

/** Total weight of the weighted test cooperative: five founders of weight 100. */
const TOTAL_WEIGHT = 5n * FOUNDER_WEIGHT;

/** Ordinary quorum of the weighted cooperative: 25% of 500, rounded down. */
const ORDINARY_QUORUM = 125n;

/** Extraordinary quorum of the weighted cooperative: 50% of 500. */
const EXTRAORDINARY_QUORUM = 250n;

/** Thresholds that a proposal lowers in the freezing tests: 20% quorum and a simple majority. */
const LOWERED_RULES: ExtraordinaryRules = { quorumPercent: 20, majorityNumerator: 1, majorityDenominator: 2 };

/** Index of `Defeated` in `IGovernor.ProposalState`. */
const DEFEATED = 3n;

/** 300 for and 200 against out of 500: 60% for, short of two thirds. */
const SIXTY_PERCENT: Tally = { inFavor: 300n, against: 200n, abstain: 0n };

/** 335 for and 165 against out of 500: 67% for, just above two thirds. */
const SIXTY_SEVEN_PERCENT: Tally = { inFavor: 335n, against: 165n, abstain: 0n };

/** Opens an extraordinary proposal that switches admission to applications. */
async function openPolicyChange(fixture: CoopFixture, title = "Admit members by application"): Promise<ProposalHandle> {
  const { governor, membership, founders } = fixture;
  return openProposal(
    governor,
    founders[0],
    [await contractAction(membership, "setAdmissionPolicy", [AdmissionPolicy.Application])],
    title,
  );
}

/** Opens an ordinary proposal that admits the first outsider. */
async function openAdmission(fixture: CoopFixture): Promise<ProposalHandle> {
  const { governor, membership, founders, outsiders } = fixture;
  return openProposal(governor, founders[0], [await admitAction(membership, outsiders[0].address)], "Admit a newcomer");
}

/** Has three of the five founders of weight 1 vote for and two against (60% for), then ends the vote. */
async function decideAtSixtyPercent(fixture: CoopFixture, id: bigint): Promise<void> {
  const { governor, founders } = fixture;
  await decide(governor, id, founders.slice(0, 3), founders.slice(3));
}

/** Passes, with all five founders for, a proposal that sets the extraordinary thresholds to `rules`. */
async function setExtraordinaryRules(fixture: CoopFixture, rules: ExtraordinaryRules): Promise<void> {
  const { governor, charter, founders } = fixture;
  await passProposal(
    governor,
    founders[0],
    founders,
    [await contractAction(charter, "setExtraordinaryRules", [rules])],
    "Lower the extraordinary thresholds",
  );
}

/** Builds a proposal of `actions` from the first founder, and returns it with its id, unsubmitted. */
async function draft(fixture: CoopFixture, actions: Action[], title: string) {
  const { governor, founders } = fixture;
  const proposal = buildProposal(actions, testDescription(title), founders[0].address);
  return { proposal, id: await proposalId(governor, proposal) };
}

/** Submits `proposal` from the first founder. */
function submit(fixture: CoopFixture, proposal: Proposal) {
  const { governor, founders } = fixture;
  return governor
    .connect(founders[0])
    .propose(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
}

describe("Extraordinary proposals", function () {
  describe("weighted founders", function () {
    it("gives each founder weight 100", async function () {
      const { membership, founders } = await loadFixture(deployWeightedCoopFixture);

      for (const founder of founders) {
        expect(await membership.getVotes(founder.address), founder.address).to.equal(FOUNDER_WEIGHT);
      }
    });

    it("raises total weight to 500", async function () {
      const { membership } = await loadFixture(deployWeightedCoopFixture);
      const now = await time.latest();
      await time.increase(1);

      expect(await membership.getPastTotalSupply(now)).to.equal(TOTAL_WEIGHT);
    });

    it("records weight change as extraordinary", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { membership, founders } = fixture;
      const { proposal, id } = await draft(
        fixture,
        [await contractAction(membership, "setWeight", [founders[0].address, FOUNDER_WEIGHT])],
        "Weigh a founder",
      );

      await expect(submit(fixture, proposal))
        .to.emit(fixture.charter, "ProposalRecorded")
        .withArgs(await fixture.governor.getAddress(), id, TEST_DOCUMENT_CID, true);
    });
  });

  describe("majority and quorum", function () {
    const outcomes: { name: string; tally: Tally; state: "Defeated" | "Succeeded" }[] = [
      { name: "defeats 60% for", tally: SIXTY_PERCENT, state: "Defeated" },
      { name: "passes 67% for", tally: SIXTY_SEVEN_PERCENT, state: "Succeeded" },
      { name: "passes exactly two thirds", tally: { inFavor: 300n, against: 150n, abstain: 50n }, state: "Succeeded" },
      {
        name: "defeats just below two thirds",
        tally: { inFavor: 300n, against: 151n, abstain: 49n },
        state: "Defeated",
      },
      {
        name: "leaves abstentions out of the majority",
        tally: { inFavor: 300n, against: 0n, abstain: 200n },
        state: "Succeeded",
      },
      {
        name: "does not count abstentions for",
        tally: { inFavor: 200n, against: 101n, abstain: 199n },
        state: "Defeated",
      },
      {
        name: "counts abstentions toward quorum",
        tally: { inFavor: 200n, against: 0n, abstain: 50n },
        state: "Succeeded",
      },
      {
        name: "defeats one vote below quorum",
        tally: { inFavor: EXTRAORDINARY_QUORUM - 1n, against: 0n, abstain: 0n },
        state: "Defeated",
      },
      {
        name: "passes at quorum",
        tally: { inFavor: EXTRAORDINARY_QUORUM, against: 0n, abstain: 0n },
        state: "Succeeded",
      },
    ];

    for (const { name, tally, state } of outcomes) {
      it(name, async function () {
        const fixture = await loadFixture(deployWeightedCoopFixture);
        const { governor, founders } = fixture;
        const { id } = await openPolicyChange(fixture);

        await castTally(governor, id, founders, tally);
        await endVote(governor, id);

        const votes = `${tally.inFavor} for, ${tally.against} against, ${tally.abstain} abstaining`;
        expect(await proposalState(governor, id), votes).to.equal(state);
      });
    }

    it("counts fractional votes", async function () {
      const fixture = await loadFixture(deployWeightedCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openPolicyChange(fixture);

      await castTally(governor, id, founders, SIXTY_SEVEN_PERCENT);

      const [againstVotes, forVotes, abstainVotes] = await governor.proposalVotes(id);
      expect(againstVotes).to.equal(SIXTY_SEVEN_PERCENT.against);
      expect(forVotes).to.equal(SIXTY_SEVEN_PERCENT.inFavor);
      expect(abstainVotes).to.equal(0n);
    });

    it("executes at 67% for", async function () {
      const fixture = await loadFixture(deployWeightedCoopFixture);
      const { governor, membership, founders } = fixture;
      const handle = await openPolicyChange(fixture);
      await castTally(governor, handle.id, founders, SIXTY_SEVEN_PERCENT);
      await endVote(governor, handle.id);

      await queueAndExecute(governor, handle);

      expect(await proposalState(governor, handle.id)).to.equal("Executed");
      expect(await membership.admissionPolicy()).to.equal(AdmissionPolicy.Application);
    });

    it("rejects queueing at 60% for", async function () {
      const fixture = await loadFixture(deployWeightedCoopFixture);
      const { governor, founders } = fixture;
      const handle = await openPolicyChange(fixture);
      await castTally(governor, handle.id, founders, SIXTY_PERCENT);
      await endVote(governor, handle.id);

      await expect(queue(governor, handle.proposal))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(handle.id, DEFEATED, proposalStateBitmap("Succeeded"));
    });

    it("requires extraordinary quorum above ordinary", async function () {
      const fixture = await loadFixture(deployWeightedCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openPolicyChange(fixture);
      const inFavor = EXTRAORDINARY_QUORUM - 1n;

      await castTally(governor, id, founders, { inFavor, against: 0n, abstain: 0n });
      await endVote(governor, id);

      expect(await governor.quorum(await governor.proposalSnapshot(id))).to.equal(ORDINARY_QUORUM);
      expect(inFavor, "votes for reach the ordinary quorum").to.be.at.least(ORDINARY_QUORUM);
      expect(await proposalState(governor, id)).to.equal("Defeated");
    });

    it("passes ordinary admission at 60% for", async function () {
      const fixture = await loadFixture(deployWeightedCoopFixture);
      const { governor, membership, founders, outsiders } = fixture;
      const handle = await openAdmission(fixture);
      await castTally(governor, handle.id, founders, SIXTY_PERCENT);
      await endVote(governor, handle.id);

      expect(await proposalState(governor, handle.id)).to.equal("Succeeded");
      await queueAndExecute(governor, handle);
      expect(await membership.isMember(outsiders[0].address)).to.equal(true);
    });
  });

  describe("quorum rounding", function () {
    // Five members of weight 1: 50% is 2.5 votes, so the extraordinary quorum is 3, while the
    // ordinary quorum, 25% rounded down, is 1.

    it("rounds extraordinary quorum up", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openPolicyChange(fixture);

      await decide(governor, id, founders.slice(0, 2));

      expect(await governor.quorum(await governor.proposalSnapshot(id))).to.equal(1n);
      expect(await proposalState(governor, id)).to.equal("Defeated");
    });

    it("passes at rounded-up quorum", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openPolicyChange(fixture);

      await decide(governor, id, founders.slice(0, 3));

      expect(await proposalState(governor, id)).to.equal("Succeeded");
    });

    it("reports extraordinary quorum", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, charter } = fixture;
      const { id } = await openPolicyChange(fixture);

      expect(await charter.extraordinaryQuorum(await governor.getAddress(), id)).to.equal(3n);
    });

    it("reports no extraordinary quorum for ordinary", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, charter } = fixture;
      const { id } = await openAdmission(fixture);

      expect(await charter.extraordinaryQuorum(await governor.getAddress(), id)).to.equal(0n);
    });

    it("passes ordinary proposal with two votes", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, founders } = fixture;
      const { id } = await openAdmission(fixture);

      await decide(governor, id, founders.slice(0, 2));

      expect(await proposalState(governor, id)).to.equal("Succeeded");
    });
  });

  describe("thresholds frozen at creation", function () {
    it("applies lowered rules to new proposals", async function () {
      const fixture = await loadFixture(deployWeightedCoopFixture);
      const { governor, charter, founders } = fixture;
      await setExtraordinaryRules(fixture, LOWERED_RULES);

      const { id } = await openPolicyChange(fixture, "Admit members by application after the change");
      await castTally(governor, id, founders, SIXTY_PERCENT);
      await endVote(governor, id);

      const rules = await charter.extraordinaryRules();
      expect(rules.quorumPercent).to.equal(LOWERED_RULES.quorumPercent);
      expect(rules.majorityNumerator).to.equal(LOWERED_RULES.majorityNumerator);
      expect(rules.majorityDenominator).to.equal(LOWERED_RULES.majorityDenominator);
      expect(await proposalState(governor, id)).to.equal("Succeeded");
    });

    it("keeps defeated proposal defeated", async function () {
      const fixture = await loadFixture(deployWeightedCoopFixture);
      const { governor, founders } = fixture;
      const defeated = await openPolicyChange(fixture);
      await castTally(governor, defeated.id, founders, SIXTY_PERCENT);
      await endVote(governor, defeated.id);

      await setExtraordinaryRules(fixture, LOWERED_RULES);

      expect(await proposalState(governor, defeated.id)).to.equal("Defeated");
      await expect(queue(governor, defeated.proposal))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(defeated.id, DEFEATED, proposalStateBitmap("Succeeded"));
    });

    it("keeps rules of proposal open during change", async function () {
      const fixture = await loadFixture(deployWeightedCoopFixture);
      const { governor, charter, founders } = fixture;
      const change = await openProposal(
        governor,
        founders[0],
        [await contractAction(charter, "setExtraordinaryRules", [LOWERED_RULES])],
        "Lower the extraordinary thresholds",
      );
      await decide(governor, change.id, founders);
      await queue(governor, change.proposal);

      // Created while the change waits in the timelock, so its vote opens before the change runs.
      const open = await openPolicyChange(fixture);
      await time.increaseTo(await governor.proposalEta(change.id));
      await execute(governor, change.proposal);
      expect(await proposalState(governor, open.id), "vote open during the change").to.equal("Active");
      await castTally(governor, open.id, founders, SIXTY_PERCENT);
      await endVote(governor, open.id);

      expect((await charter.extraordinaryRules()).majorityNumerator).to.equal(LOWERED_RULES.majorityNumerator);
      expect(await proposalState(governor, open.id)).to.equal("Defeated");
    });

    it("keeps thresholds in proposal record", async function () {
      const fixture = await loadFixture(deployWeightedCoopFixture);
      const { governor, charter } = fixture;
      const { id } = await openPolicyChange(fixture);

      await setExtraordinaryRules(fixture, LOWERED_RULES);

      const record = await charter.proposalRecord(await governor.getAddress(), id);
      expect(record.quorumPercent).to.equal(DEFAULT_EXTRAORDINARY_RULES.quorumPercent);
      expect(record.majorityNumerator).to.equal(DEFAULT_EXTRAORDINARY_RULES.majorityNumerator);
      expect(record.majorityDenominator).to.equal(DEFAULT_EXTRAORDINARY_RULES.majorityDenominator);
    });
  });

  describe("routing attempts", function () {
    /** Ways of reaching an extraordinary change through actions that might look ordinary. */
    const attempts: { name: string; actions: (fixture: CoopFixture) => Promise<Action[]> }[] = [
      {
        name: "relay of admission through governor",
        actions: async ({ governor, membership, outsiders }) => {
          const admission = await admitAction(membership, outsiders[0].address);
          return [await contractAction(governor, "relay", [admission.target, 0n, admission.data])];
        },
      },
      {
        name: "relay of membership upgrade through governor",
        actions: async ({ governor, membership, implementations }) => {
          const upgrade = await contractAction(membership, "upgradeToAndCall", [implementations.membership, "0x"]);
          return [await contractAction(governor, "relay", [upgrade.target, 0n, upgrade.data])];
        },
      },
      {
        name: "membership upgrade after two admissions",
        actions: async ({ membership, deployer, outsiders }) => {
          const release = await new CoopMembershipV2Mock__factory(deployer).deploy();
          return [
            await admitAction(membership, outsiders[0].address),
            await admitAction(membership, outsiders[1].address),
            await contractAction(membership, "upgradeToAndCall", [await release.getAddress(), "0x"]),
          ];
        },
      },
      {
        name: "timelock schedule",
        actions: async ({ timelock, membership, outsiders }) => {
          const admission = await admitAction(membership, outsiders[0].address);
          return [
            await contractAction(timelock, "schedule", [admission.target, 0n, admission.data, ZeroHash, ZeroHash, 0n]),
          ];
        },
      },
      {
        name: "membership setMemberWeight",
        actions: async ({ membership }) => [await contractAction(membership, "setMemberWeight", [1_000_000n])],
      },
      {
        name: "timelock updateDelay",
        actions: async ({ timelock }) => [await contractAction(timelock, "updateDelay", [0n])],
      },
      {
        name: "timelock grantRole",
        actions: async ({ timelock, outsiders }) => [
          await contractAction(timelock, "grantRole", [await timelock.EXECUTOR_ROLE(), outsiders[0].address]),
        ],
      },
      {
        name: "charter setOrdinaryOperation",
        actions: async ({ charter, membership }) => [
          await contractAction(charter, "setOrdinaryOperation", [
            await membership.getAddress(),
            membership.interface.getFunction("setWeight").selector,
            true,
          ]),
        ],
      },
      {
        name: "ETH transfer to membership",
        actions: async ({ membership }) => [{ target: await membership.getAddress(), value: 1n, data: "0x" }],
      },
      {
        name: "1-byte calldata to shares",
        actions: async ({ shares }) => [{ target: await shares.getAddress(), data: "0x01" }],
      },
      {
        name: "2-byte calldata to shares",
        actions: async ({ shares }) => [{ target: await shares.getAddress(), data: "0x0102" }],
      },
      {
        name: "3-byte calldata to shares",
        actions: async ({ shares }) => [{ target: await shares.getAddress(), data: "0x010203" }],
      },
      {
        name: "payDue sent to membership",
        actions: async ({ membership, shares }) => [
          { target: await membership.getAddress(), data: shares.interface.encodeFunctionData("payDue", [10n]) },
        ],
      },
    ];

    for (const { name, actions } of attempts) {
      it(`records ${name} as extraordinary`, async function () {
        const fixture = await loadFixture(deployCoopFixture);
        const { governor, charter } = fixture;
        const { proposal, id } = await draft(fixture, await actions(fixture), name);

        await expect(submit(fixture, proposal))
          .to.emit(charter, "ProposalRecorded")
          .withArgs(await governor.getAddress(), id, TEST_DOCUMENT_CID, true);
        expect(await isRecordedExtraordinary(charter, governor, id)).to.equal(true);
      });

      it(`defeats ${name} at 60% for`, async function () {
        const fixture = await loadFixture(deployCoopFixture);
        const { governor, founders } = fixture;
        const { id } = await openProposal(governor, founders[0], await actions(fixture), name);

        await decideAtSixtyPercent(fixture, id);

        expect(await proposalState(governor, id)).to.equal("Defeated");
      });
    }

    it("passes ordinary admission at 60% for", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { id } = await openAdmission(fixture);

      await decideAtSixtyPercent(fixture, id);

      expect(await proposalState(fixture.governor, id)).to.equal("Succeeded");
    });

    it("rejects making setWeight ordinary even when passed", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, charter, membership, founders } = fixture;
      const setWeight = membership.interface.getFunction("setWeight").selector;
      const handle = await openProposal(
        governor,
        founders[0],
        [await contractAction(charter, "setOrdinaryOperation", [await membership.getAddress(), setWeight, true])],
        "Make weight changes ordinary",
      );
      await decide(governor, handle.id, founders);
      await queueAndWait(governor, handle);

      await expect(execute(governor, handle.proposal))
        .to.be.revertedWithCustomError(charter, "CoopCharterAlwaysExtraordinary")
        .withArgs(setWeight);
      expect(await charter.isOrdinaryOperation(await membership.getAddress(), setWeight)).to.equal(false);
    });
  });

  describe("target deployed after the vote", function () {
    /**
     * Opens an ordinary proposal that calls `deposit()` at the address of the next contract that
     * the last outsider deploys, which has no code yet.
     */
    async function openCallToFutureContract(fixture: CoopFixture) {
      const { governor, founders, outsiders } = fixture;
      const builder = outsiders[outsiders.length - 1];
      const target = getCreateAddress({ from: builder.address, nonce: await builder.getNonce() });
      const data = ProposalTargetMock__factory.createInterface().encodeFunctionData("deposit");
      const handle = await openProposal(governor, founders[0], [{ target, data }], "Call a future contract");
      return { handle, builder, target };
    }

    it("records call to empty address as ordinary", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, charter } = fixture;
      const { handle } = await openCallToFutureContract(fixture);

      expect(await isRecordedExtraordinary(charter, governor, handle.id)).to.equal(false);
    });

    it("pins empty address as zero code hash", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, charter } = fixture;
      const { handle } = await openCallToFutureContract(fixture);

      const [codeHash, implementation] = await charter.pinnedTarget(await governor.getAddress(), handle.id, 0n);
      expect(codeHash).to.equal(ZeroHash);
      expect(implementation).to.equal(ZeroAddress);
    });

    it("rejects execution once a contract is deployed", async function () {
      const fixture = await loadFixture(deployCoopFixture);
      const { governor, charter, founders } = fixture;
      const { handle, builder, target } = await openCallToFutureContract(fixture);
      await decide(governor, handle.id, founders.slice(0, 3));
      await queueAndWait(governor, handle);

      const deployed = await new ProposalTargetMock__factory(builder).deploy();
      const codeHash = keccak256(await ethers.provider.getCode(target));

      expect(await deployed.getAddress()).to.equal(target);
      await expect(execute(governor, handle.proposal))
        .to.be.revertedWithCustomError(charter, "CoopCharterCodeChanged")
        .withArgs(target, ZeroHash, codeHash);
      expect(await deployed.depositCount()).to.equal(0n);
    });
  });

  describe("ordinary operations", function () {
    /** Amount of the test token that the treasury pays: 250 units of a 6-decimal token. */
    const TOKEN_PAYMENT = 250_000_000n;

    /** ETH that the treasury pays to an outsider. */
    const ETH_PAYMENT = parseEther("1");

    /** Actions of an ordinary proposal, and the check of their effect once executed. */
    interface OrdinaryCall {
      actions: Action[];
      expectEffect: () => Promise<void>;
    }

    /** Calls that an ordinary majority may decide, each prepared on a fresh cooperative. */
    const operations: { name: string; prepare: (fixture: CoopFixture) => Promise<OrdinaryCall> }[] = [
      {
        name: "admission",
        prepare: async ({ membership, outsiders }) => ({
          actions: [await admitAction(membership, outsiders[0].address)],
          expectEffect: async () => {
            expect(await membership.isMember(outsiders[0].address)).to.equal(true);
          },
        }),
      },
      {
        name: "payDue on shares",
        prepare: async ({ shares, founders }) => {
          // A founder subscribes two shares and requests the redemption of one, due by the vote.
          const holder = founders[4];
          await subscribe(shares, holder, 2n);
          await shares.connect(holder).requestRedemption(1n);
          await time.increase(await shares.noticePeriod());
          return {
            actions: [await contractAction(shares, "payDue", [10n])],
            expectEffect: async () => {
              expect(await shares.pendingSharesOf(holder.address)).to.equal(0n);
              expect(await shares.sharesOf(holder.address)).to.equal(1n);
            },
          };
        },
      },
      {
        name: "ERC-20 payment from treasury",
        prepare: async ({ timelock, deployer, outsiders }) => {
          const token = await new TokenMock__factory(deployer).deploy();
          await token.mint(await timelock.getAddress(), TOKEN_PAYMENT);
          return {
            actions: [await contractAction(token, "transfer", [outsiders[0].address, TOKEN_PAYMENT])],
            expectEffect: async () => {
              expect(await token.balanceOf(outsiders[0].address)).to.equal(TOKEN_PAYMENT);
            },
          };
        },
      },
      {
        name: "ETH payment to an account",
        prepare: async ({ timelock, deployer, outsiders }) => {
          // The recipient sends no transaction during the test, so only the payment changes its balance.
          const recipient = outsiders[0].address;
          await deployer.sendTransaction({ to: await timelock.getAddress(), value: ETH_PAYMENT });
          const before = await ethers.provider.getBalance(recipient);
          return {
            actions: [{ target: recipient, value: ETH_PAYMENT, data: "0x" }],
            expectEffect: async () => {
              expect(await ethers.provider.getBalance(recipient)).to.equal(before + ETH_PAYMENT);
            },
          };
        },
      },
    ];

    for (const { name, prepare } of operations) {
      it(`records ${name} as ordinary`, async function () {
        const fixture = await loadFixture(deployCoopFixture);
        const { governor, charter } = fixture;
        const { actions } = await prepare(fixture);
        const { proposal, id } = await draft(fixture, actions, name);

        await expect(submit(fixture, proposal))
          .to.emit(charter, "ProposalRecorded")
          .withArgs(await governor.getAddress(), id, TEST_DOCUMENT_CID, false);
        expect(await isRecordedExtraordinary(charter, governor, id)).to.equal(false);
      });

      it(`executes ${name} at 60% for`, async function () {
        const fixture = await loadFixture(deployCoopFixture);
        const { governor, founders } = fixture;
        const { actions, expectEffect } = await prepare(fixture);
        const handle = await openProposal(governor, founders[0], actions, name);
        await decideAtSixtyPercent(fixture, handle.id);

        await queueAndExecute(governor, handle);

        expect(await proposalState(governor, handle.id)).to.equal("Executed");
        await expectEffect();
      });
    }
  });
});
