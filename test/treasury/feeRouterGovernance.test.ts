import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { parseEther } from "ethers";

import { DEFAULT_FEES, ordinaryOperations } from "../../src/deploy/cooperative";
import { VoteSupport, proposalState } from "../../src/governance/proposals";
import { TokenMock__factory, type TokenMock } from "../../typechain-types";
import { decide, isRecordedExtraordinary, queueAndExecute } from "../helpers/charter";
import { deployCoopFixture, type CoopFixture } from "../helpers/fixtures";
import { contractAction, endVote, openProposal, voteAll } from "../helpers/governance";

/**
 * The fee router as a cooperative deploys and governs it. Only extraordinary proposals change its
 * rates and fee recipients, ordinary ones list its payment tokens, and its fees go to the treasury.
 */

interface RouterGovernanceFixture extends CoopFixture {
  token: TokenMock;
}

async function deployRouterGovernanceFixture(): Promise<RouterGovernanceFixture> {
  const fixture = await deployCoopFixture();
  const token = await new TokenMock__factory(fixture.deployer).deploy();
  return { ...fixture, token };
}

describe("FeeRouter governance", function () {
  describe("deployment", function () {
    it("applies the default fees", async function () {
      const { feeRouter } = await loadFixture(deployRouterGovernanceFixture);

      expect(await feeRouter.serviceFeeBps(), "service fee").to.equal(DEFAULT_FEES.serviceFeeBps);
      expect(await feeRouter.duesBps(), "dues").to.equal(DEFAULT_FEES.duesBps);
    });

    it("pays fees to the treasury", async function () {
      const { feeRouter, timelock } = await loadFixture(deployRouterGovernanceFixture);
      const treasury = await timelock.getAddress();

      expect(await feeRouter.serviceFeeRecipient(), "service fees").to.equal(treasury);
      expect(await feeRouter.duesRecipient(), "dues").to.equal(treasury);
      expect(await feeRouter.timelock(), "governed by").to.equal(treasury);
    });

    it("reads membership from the register", async function () {
      const { feeRouter, membership } = await loadFixture(deployRouterGovernanceFixture);

      expect(await feeRouter.membership()).to.equal(await membership.getAddress());
    });

    it("is registered in the charter", async function () {
      const { feeRouter, charter } = await loadFixture(deployRouterGovernanceFixture);

      expect(await charter.isCoopContract(await feeRouter.getAddress())).to.equal(true);
    });

    it("lists its ordinary operations", async function () {
      const { feeRouter, charter, membership, shares } = await loadFixture(deployRouterGovernanceFixture);
      const routerAddress = await feeRouter.getAddress();
      const listed = ordinaryOperations(await membership.getAddress(), await shares.getAddress(), routerAddress).filter(
        (operation) => operation.target === routerAddress,
      );

      expect(listed.map((operation) => operation.selector)).to.deep.equal([
        feeRouter.interface.getFunction("setTokenAccepted").selector,
        feeRouter.interface.getFunction("sweep").selector,
        feeRouter.interface.getFunction("closePeriod").selector,
        feeRouter.interface.getFunction("allocateSurplus").selector,
      ]);
      for (const { selector } of listed) {
        expect(await charter.isOrdinaryOperation(routerAddress, selector), selector).to.equal(true);
      }
    });

    it("accepts only ETH at first", async function () {
      const { feeRouter, token } = await loadFixture(deployRouterGovernanceFixture);

      expect(await feeRouter.isTokenAccepted(ethers.ZeroAddress), "ETH").to.equal(true);
      expect(await feeRouter.isTokenAccepted(await token.getAddress()), "token").to.equal(false);
    });
  });

  describe("proposals", function () {
    it("lists a token ordinarily", async function () {
      const { governor, charter, feeRouter, founders, token } = await loadFixture(deployRouterGovernanceFixture);
      const action = await contractAction(feeRouter, "setTokenAccepted", [await token.getAddress(), true]);

      const handle = await openProposal(governor, founders[0], [action], "Accept the Test Euro");
      await decide(governor, handle.id, founders.slice(0, 2));
      await queueAndExecute(governor, handle);

      expect(await isRecordedExtraordinary(charter, governor, handle.id), "extraordinary").to.equal(false);
      expect(await feeRouter.isTokenAccepted(await token.getAddress()), "accepted").to.equal(true);
    });

    it("treats a fee change as extraordinary", async function () {
      const { governor, charter, feeRouter, founders } = await loadFixture(deployRouterGovernanceFixture);
      const action = await contractAction(feeRouter, "setServiceFee", [200]);

      const handle = await openProposal(governor, founders[0], [action], "Raise the service fee to 2%");

      expect(await isRecordedExtraordinary(charter, governor, handle.id)).to.equal(true);
    });

    it("defeats a fee change with an ordinary majority", async function () {
      const { governor, feeRouter, founders } = await loadFixture(deployRouterGovernanceFixture);
      const action = await contractAction(feeRouter, "setServiceFee", [200]);

      const handle = await openProposal(governor, founders[0], [action], "Raise the service fee to 2%");
      await voteAll(governor, handle.id, founders.slice(0, 2), VoteSupport.For);
      await endVote(governor, handle.id);

      // Two of five is above the ordinary quorum (25%) and below the extraordinary one (50%).
      expect(await proposalState(governor, handle.id)).to.equal("Defeated");
    });

    it("changes the fee with an extraordinary majority", async function () {
      const { governor, feeRouter, founders, outsiders } = await loadFixture(deployRouterGovernanceFixture);
      const action = await contractAction(feeRouter, "setServiceFee", [200]);

      const handle = await openProposal(governor, founders[0], [action], "Raise the service fee to 2%");
      await decide(governor, handle.id, founders);
      await queueAndExecute(governor, handle);

      expect(await feeRouter.serviceFeeBps(), "rate").to.equal(200n);
      const [serviceFee] = await feeRouter.quote(outsiders[0].address, parseEther("1"));
      expect(serviceFee, "quote").to.equal(parseEther("0.02"));
    });

    it("moves dues to a federation", async function () {
      const { governor, feeRouter, founders, outsiders } = await loadFixture(deployRouterGovernanceFixture);
      const federation = outsiders[1].address;
      const action = await contractAction(feeRouter, "setDuesRecipient", [federation]);

      const handle = await openProposal(governor, founders[0], [action], "Send dues to the federation");
      await decide(governor, handle.id, founders);
      await queueAndExecute(governor, handle);

      expect(await feeRouter.duesRecipient()).to.equal(federation);
    });
  });

  describe("treasury", function () {
    it("receives released fees", async function () {
      const { feeRouter, timelock, founders, outsiders } = await loadFixture(deployRouterGovernanceFixture);
      const amount = parseEther("1");
      await feeRouter.connect(outsiders[0]).payEther(founders[1].address, "0x", { value: amount });

      await expect(feeRouter.connect(outsiders[1]).releaseFees(ethers.ZeroAddress)).to.changeEtherBalance(
        timelock,
        parseEther("0.011"),
      );
    });

    it("spends released fees by proposal", async function () {
      const { governor, feeRouter, founders, outsiders } = await loadFixture(deployRouterGovernanceFixture);
      await feeRouter.connect(outsiders[0]).payEther(founders[1].address, "0x", { value: parseEther("10") });
      await feeRouter.releaseFees(ethers.ZeroAddress);
      const grant = { target: outsiders[2].address, value: parseEther("0.1"), data: "0x" };

      const handle = await openProposal(governor, founders[0], [grant], "Fund the repair cafe");
      await decide(governor, handle.id, founders.slice(0, 2));
      const before = await ethers.provider.getBalance(outsiders[2].address);
      await queueAndExecute(governor, handle);

      expect((await ethers.provider.getBalance(outsiders[2].address)) - before).to.equal(parseEther("0.1"));
    });
  });
});
