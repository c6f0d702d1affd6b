import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { JsonRpcProvider, Network, Wallet, getAddress, type TypedDataDomain } from "ethers";

import { VoteSupport } from "../../src/governance/proposals";
import {
  ballotMessage,
  ballotTypes,
  buildBallot,
  governorDomain,
  relayProblem,
  signVote,
  type SignedVote,
} from "../../src/governance/signatures";
import { fromSignedVoteJson, toSignedVoteJson } from "../../src/governance/signedVoteFile";
import {
  JUDGMENT_BALLOT_TYPES,
  ballotMessage as judgmentBallotMessage,
  ballotNonce,
  judgmentDomain,
  relayProblem as judgmentRelayProblem,
  signBallot,
  type SignedJudgmentBallot,
} from "../../src/mj/ballotSignatures";
import { findJudgmentProposal, type JudgmentProposal } from "../../src/mj/judgmentProposals";
import { fromSignedBallotJson, toSignedBallotJson } from "../../src/mj/signedBallotFile";
import { hardhatDevelopmentAccounts } from "../../src/toolchain/developmentKeys";
import { deployCoopFixture } from "../helpers/fixtures";
import { openProposal } from "../helpers/governance";
import { openJudgment, plainOptions } from "../helpers/judgment";

/**
 * Wallets preset "localhost 8545" as chain 1337 while Hardhat runs chain 31337, so a vote signed in
 * such a wallet carries chain 1337 in its EIP-712 domain and recovers to another account on the
 * node. The signing helpers take the domain from the contract's `eip712Domain()` and check it
 * against the provider and the signer, and the relay helpers name the wrong chain before anything
 * is sent.
 */

/** The chain id that wallets preset for a node on localhost, where Hardhat runs 31337. */
const WALLET_LOCAL_CHAIN = 1337n;
const HARDHAT_CHAIN = 31337n;

/**
 * Returns a wallet of the voter `index` (a Hardhat development account) whose provider reports chain
 * 1337. The provider has a static network, so it makes no request: the port it names is never used.
 */
function walletOnChain1337(index: number): Wallet {
  const provider = new JsonRpcProvider("http://127.0.0.1:9", Network.from(WALLET_LOCAL_CHAIN), {
    staticNetwork: true,
  });
  return new Wallet(hardhatDevelopmentAccounts()[index].privateKey, provider);
}

/** Returns a copy of `domain` on chain 1337, as a helper with a hard-coded chain id builds it. */
function onChain1337(domain: TypedDataDomain): TypedDataDomain {
  return { ...domain, chainId: WALLET_LOCAL_CHAIN };
}

describe("Vote signed for another chain", function () {
  /** Deploys a cooperative and opens a yes/no and a majority-judgment proposal in it. */
  async function openProposalsFixture() {
    const fixture = await deployCoopFixture();
    const { governor, judgment, charter, founders, membership } = fixture;
    const admit = {
      target: await membership.getAddress(),
      data: membership.interface.encodeFunctionData("admit", [fixture.outsiders[0].address]),
    };
    const yesNo = await openProposal(governor, founders[0], [admit]);
    const handle = await openJudgment(judgment, founders[0], plainOptions(3));
    const proposal = (await findJudgmentProposal(judgment, charter, handle.id)) as JudgmentProposal;
    return { ...fixture, yesNoId: yesNo.id, proposal };
  }

  /** Development account index of founder 1, who signs in these tests: the deployer is account 0. */
  const VOTER_ACCOUNT = 2;

  describe("yes/no governor", function () {
    it("takes the domain from the contract", async function () {
      const { governor } = await loadFixture(openProposalsFixture);

      const domain = await governorDomain(governor);

      expect(domain.chainId).to.equal((await ethers.provider.getNetwork()).chainId);
      expect(domain.chainId).to.equal(HARDHAT_CHAIN);
      expect(domain.verifyingContract).to.equal(await governor.getAddress());
    });

    it("rejects a signer on chain 1337", async function () {
      const { governor, yesNoId } = await loadFixture(openProposalsFixture);

      await expect(signVote(governor, walletOnChain1337(VOTER_ACCOUNT), { proposalId: yesNoId, support: 1 }))
        .to.be.rejectedWith(Error)
        .that.eventually.has.property(
          "message",
          "Wrong chain: the signer is connected to chain 1337, but this network is chain 31337. " +
            "Switch the wallet to chain 31337 and sign again, or run the command on the network of chain 1337.",
        );
    });

    it("names a file signed for chain 1337", async function () {
      const { governor, founders, yesNoId } = await loadFixture(openProposalsFixture);
      const signed = await signVote(governor, founders[1], { proposalId: yesNoId, support: VoteSupport.For });

      const fromFile = fromSignedVoteJson({ ...toSignedVoteJson(signed), chainId: "1337" });

      expect(await relayProblem(governor, fromFile)).to.match(
        /^Wrong chain: the vote was signed for chain 1337, but this network is chain 31337\./,
      );
    });

    it("names a signature made for chain 1337", async function () {
      const { governor, founders, yesNoId } = await loadFixture(openProposalsFixture);
      const voter = founders[1];
      const ballot = await buildBallot(governor, voter.address, { proposalId: yesNoId, support: VoteSupport.For });
      const domain = onChain1337(await governorDomain(governor));
      // The file carries the node's chain id, but the wallet signed a domain of chain 1337.
      const vote: SignedVote = {
        chainId: HARDHAT_CHAIN,
        governor: await governor.getAddress(),
        ballot,
        signature: await voter.signTypedData(domain, ballotTypes(ballot), ballotMessage(ballot)),
        expiresAt: await governor.proposalDeadline(yesNoId),
      };

      const problem = await relayProblem(governor, fromSignedVoteJson(toSignedVoteJson(vote)));

      expect(problem).to.match(
        /^Wrong chain: the signature was made for chain 1337, but this network is chain 31337\./,
      );
    });

    it("governor alone gives an opaque error", async function () {
      // What the governor does with the same signature if a relay skips the check: an opaque error
      // about another account, which the relay helper replaces with the chain ids.
      const { governor, founders, yesNoId } = await loadFixture(openProposalsFixture);
      const voter = founders[1];
      const ballot = await buildBallot(governor, voter.address, { proposalId: yesNoId, support: VoteSupport.For });
      const signature = await voter.signTypedData(
        onChain1337(await governorDomain(governor)),
        ballotTypes(ballot),
        ballotMessage(ballot),
      );

      await expect(governor.castVoteBySig(yesNoId, VoteSupport.For, voter.address, signature))
        .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
        .withArgs(voter.address);
    });

    it("relays the vote of the right chain", async function () {
      const { governor, founders, yesNoId } = await loadFixture(openProposalsFixture);
      const signed = await signVote(governor, founders[1], { proposalId: yesNoId, support: VoteSupport.For });

      expect(signed.chainId).to.equal(HARDHAT_CHAIN);
      expect(await relayProblem(governor, fromSignedVoteJson(toSignedVoteJson(signed)))).to.equal(undefined);
    });
  });

  describe("majority-judgment governor", function () {
    it("takes the domain from the contract", async function () {
      const { judgment } = await loadFixture(openProposalsFixture);

      const domain = await judgmentDomain(judgment);

      expect(domain.chainId).to.equal(HARDHAT_CHAIN);
      expect(domain.verifyingContract).to.equal(await judgment.getAddress());
    });

    it("rejects a signer on chain 1337", async function () {
      const { judgment, proposal } = await loadFixture(openProposalsFixture);

      await expect(signBallot(judgment, walletOnChain1337(VOTER_ACCOUNT), proposal, [5, 2, 0]))
        .to.be.rejectedWith(Error)
        .that.eventually.has.property(
          "message",
          "Wrong chain: the signer is connected to chain 1337, but this network is chain 31337. " +
            "Switch the wallet to chain 31337 and sign again, or run the command on the network of chain 1337.",
        );
    });

    it("names a file signed for chain 1337", async function () {
      const { judgment, founders, proposal } = await loadFixture(openProposalsFixture);
      const signed = await signBallot(judgment, founders[1], proposal, [5, 2, 0]);

      const fromFile = fromSignedBallotJson({ ...toSignedBallotJson(signed), chainId: "1337" });

      expect(await judgmentRelayProblem(judgment, proposal, fromFile)).to.match(
        /^Wrong chain: the ballot was signed for chain 1337, but this network is chain 31337\./,
      );
    });

    it("names a signature made for chain 1337", async function () {
      const { judgment, founders, proposal } = await loadFixture(openProposalsFixture);
      const voter = founders[1];
      const ballot = {
        proposalId: proposal.id,
        voter: getAddress(voter.address),
        grades: [5, 2, 0],
        nonce: await ballotNonce(judgment, voter.address, proposal.id),
      };
      const domain = onChain1337(await judgmentDomain(judgment));
      const signed: SignedJudgmentBallot = {
        chainId: HARDHAT_CHAIN,
        governor: await judgment.getAddress(),
        ballot,
        signature: await voter.signTypedData(domain, JUDGMENT_BALLOT_TYPES, judgmentBallotMessage(ballot)),
        expiresAt: proposal.deadline,
      };

      const problem = await judgmentRelayProblem(judgment, proposal, fromSignedBallotJson(toSignedBallotJson(signed)));

      expect(problem).to.match(
        /^Wrong chain: the signature was made for chain 1337, but this network is chain 31337\./,
      );
    });

    it("still names a forged signature", async function () {
      const { judgment, founders, proposal } = await loadFixture(openProposalsFixture);
      const signed = await signBallot(judgment, founders[1], proposal, [5, 2, 0]);
      const forged = { ...signed, ballot: { ...signed.ballot, grades: [0, 0, 5] } };

      const problem = await judgmentRelayProblem(judgment, proposal, forged);

      expect(problem).to.include(`The signature was not made by voter ${founders[1].address} for this ballot`);
    });
  });
});
