import { expect } from "chai";

import hre, { ethers } from "hardhat";
import { setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, parseEther } from "ethers";

import { FeeRouter__factory, TokenMock__factory, type FeeRouter, type TokenMock } from "../../typechain-types";
import { loadCoopAddresses, type CoopAddresses } from "../../tasks/lib";
import { impersonate } from "../helpers/accounts";
import { deployRecordedCoop, failureOf, runTask } from "../helpers/inProcessTask";

/** Symbol of the cooperative that this file deploys. */
const SYMBOL = "REFUND";

/** ETH paid from founder 0 to founder 1 in period 0, which gives each a volume of 1 ETH. */
const PAYMENT = parseEther("1");

/** ETH surplus allocated to period 0: each founder's half is 0.005 ETH. */
const SURPLUS = "0.01";
const HALF_SURPLUS = parseEther("0.005");

/** Output of a task that creates a proposal, with --json. */
interface ProposalOutput {
  proposal: { targets: string[]; values: string[]; calldatas: string[] };
}

/** Output of `pay:surplus --as-timelock --json`. */
interface SurplusOutput {
  period: string;
  amount: string;
  claimDeadline: string;
}

/** Output of `pay:claim --show --json`. */
interface ClaimShowOutput {
  volume: string;
  totalVolume: string;
  surplus: string;
  refund: string;
  claimed: boolean;
}

/** Output of `pay:claim --json`. */
interface ClaimOutput {
  amount: string;
  credited: boolean;
}

/** Output of `pay:reclaim --json`. */
interface ReclaimOutput {
  remainder: string;
  credited: boolean;
}

/** Runs `name` with --json for the test cooperative and parses what it printed. */
async function runJson<T>(name: string, args: Record<string, unknown>): Promise<T> {
  const { lines } = await runTask(name, { coop: SYMBOL, ...args, json: true });
  return JSON.parse(lines.join("\n")) as T;
}

/** Runs `name` for the test cooperative and returns the message of the error that it raised. */
function taskError(name: string, args: Record<string, unknown>): Promise<string> {
  return failureOf(runTask(name, { coop: SYMBOL, ...args }));
}

describe("patronage refund tasks", function () {
  let forget: () => Promise<void>;
  let addresses: CoopAddresses;
  let router: FeeRouter;
  let token: TokenMock;
  let founders: HardhatEthersSigner[];

  before(async function () {
    founders = (await ethers.getSigners()).slice(0, 3);
    ({ forget } = await deployRecordedCoop(SYMBOL, {
      name: "Refund Cooperative",
      symbol: SYMBOL,
      founders: founders.map((founder) => founder.address).join(","),
      votingDelay: 60,
      votingPeriod: 3_600,
      timelockDelay: 600,
    }));
    addresses = await loadCoopAddresses(hre, SYMBOL);
    router = FeeRouter__factory.connect(addresses.feeRouter, founders[0]);

    token = await new TokenMock__factory(founders[0]).deploy();
    const timelock = await impersonate(addresses.timelock);
    await router.connect(timelock).setTokenAccepted(await token.getAddress(), true);
    await token.mint(founders[0].address, 1_000_000n);
    await token.approve(addresses.feeRouter, 1_000_000n);
    await router.pay(founders[1], await token.getAddress(), 1_000_000n, "0x");
    await router.payEther(founders[1], "0x", { value: PAYMENT });
  });

  after(async function () {
    await forget();
  });

  describe("pay:close-period", function () {
    it("proposes the closing", async function () {
      const output = await runJson<ProposalOutput>("pay:close-period", {});

      expect(output.proposal.targets, "targets").to.deep.equal([addresses.feeRouter]);
      expect(output.proposal.calldatas, "calls").to.deep.equal([router.interface.encodeFunctionData("closePeriod")]);
    });

    it("closes as timelock", async function () {
      const { lines } = await runTask("pay:close-period", { coop: SYMBOL, asTimelock: true });

      expect(lines.join("\n")).to.include("Closed accounting period 0");
      expect(await router.currentPeriod()).to.equal(1n);
    });
  });

  describe("pay:surplus", function () {
    it("rejects open period", async function () {
      const message = await taskError("pay:surplus", { period: "1", amount: SURPLUS, asTimelock: true });

      expect(message).to.include("Accounting period 1 is not closed: the open period is 1");
    });

    it("rejects malformed period", async function () {
      const message = await taskError("pay:surplus", { period: "first", amount: SURPLUS });

      expect(message).to.include('Invalid --period "first"');
    });

    it("rejects zero amount", async function () {
      const message = await taskError("pay:surplus", { period: "0", amount: "0" });

      expect(message).to.include("a surplus must be above 0 ETH");
    });

    it("proposes ETH surplus", async function () {
      const output = await runJson<ProposalOutput>("pay:surplus", { period: "0", amount: SURPLUS });

      expect(output.proposal.targets, "targets").to.deep.equal([addresses.feeRouter]);
      expect(output.proposal.values, "values").to.deep.equal([parseEther(SURPLUS).toString()]);
    });

    it("proposes token surplus with approval", async function () {
      const tokenAddress = await token.getAddress();
      await token.mint(addresses.timelock, 100n);
      const output = await runJson<ProposalOutput>("pay:surplus", {
        period: "0",
        amount: "0.0001",
        token: tokenAddress,
      });

      expect(output.proposal.targets, "targets").to.deep.equal([tokenAddress, addresses.feeRouter]);
      expect(output.proposal.calldatas[1], "allocation").to.equal(
        router.interface.encodeFunctionData("allocateSurplus", [0n, tokenAddress, 100n]),
      );
    });

    it("rejects surplus above treasury", async function () {
      const message = await taskError("pay:surplus", { period: "0", amount: "1000000", asTimelock: true });

      expect(message).to.include("less than the surplus of 1000000.0 ETH");
    });

    it("allocates as timelock", async function () {
      await setBalance(addresses.timelock, parseEther("1"));
      const output = await runJson<SurplusOutput>("pay:surplus", { period: "0", amount: SURPLUS, asTimelock: true });

      expect(output.amount, "amount").to.equal(parseEther(SURPLUS).toString());
      expect((await router.periodInfo(0, ZeroAddress)).surplus, "allocated").to.equal(parseEther(SURPLUS));
    });

    it("rejects second allocation", async function () {
      const message = await taskError("pay:surplus", { period: "0", amount: SURPLUS, asTimelock: true });

      expect(message).to.include("already has a surplus of 0.01 ETH");
    });
  });

  describe("pay:reclaim while claims are open", function () {
    it("rejects early reclaim", async function () {
      const message = await taskError("pay:reclaim", { period: "0" });

      expect(message).to.include("Members can claim refunds of accounting period 0 until");
    });
  });

  describe("pay:claim", function () {
    it("shows claimable refund", async function () {
      const output = await runJson<ClaimShowOutput>("pay:claim", {
        period: "0",
        show: true,
        account: founders[1].address,
      });

      expect(output.volume, "volume").to.equal(PAYMENT.toString());
      expect(output.totalVolume, "total").to.equal((2n * PAYMENT).toString());
      expect(output.refund, "refund").to.equal(HALF_SURPLUS.toString());
      expect(output.claimed, "claimed").to.equal(false);
    });

    it("rejects account without show", async function () {
      const message = await taskError("pay:claim", { period: "0", account: founders[1].address });

      expect(message).to.include("--account works only with --show");
    });

    it("claims refund", async function () {
      const before = await ethers.provider.getBalance(router);
      const output = await runJson<ClaimOutput>("pay:claim", { period: "0", from: founders[1].address });

      expect(output.amount, "amount").to.equal(HALF_SURPLUS.toString());
      expect(output.credited, "credited").to.equal(false);
      expect(before - (await ethers.provider.getBalance(router)), "router paid").to.equal(HALF_SURPLUS);
    });

    it("rejects second claim", async function () {
      const message = await taskError("pay:claim", { period: "0", from: founders[1].address });

      expect(message).to.include("already claimed its refund of ETH for accounting period 0");
    });

    it("rejects member without volume", async function () {
      const message = await taskError("pay:claim", { period: "0", from: founders[2].address });

      expect(message).to.include(`${founders[2].address} has no refund in ETH for accounting period 0`);
    });

    it("rejects period without surplus", async function () {
      const message = await taskError("pay:claim", { period: "0", token: await token.getAddress() });

      expect(message).to.include("has no surplus in tEUR yet");
    });

    it("rejects claim after window", async function () {
      const { claimDeadline } = await router.periodInfo(0, ZeroAddress);
      await time.increaseTo(claimDeadline);
      const message = await taskError("pay:claim", { period: "0", from: founders[0].address });

      expect(message).to.include("The claims on accounting period 0 are over");
    });
  });

  describe("pay:reclaim", function () {
    it("rejects period without surplus", async function () {
      const message = await taskError("pay:reclaim", { period: "0", token: await token.getAddress() });

      expect(message).to.include("Accounting period 0 has no surplus in tEUR");
    });

    it("returns the unclaimed half", async function () {
      await time.increase(1);
      const before = await ethers.provider.getBalance(addresses.timelock);
      const output = await runJson<ReclaimOutput>("pay:reclaim", { period: "0", from: founders[2].address });

      expect(output.remainder, "remainder").to.equal(HALF_SURPLUS.toString());
      expect(output.credited, "credited").to.equal(false);
      expect((await ethers.provider.getBalance(addresses.timelock)) - before, "treasury").to.equal(HALF_SURPLUS);
    });

    it("rejects second reclaim", async function () {
      const message = await taskError("pay:reclaim", { period: "0" });

      expect(message).to.include("already returned to the treasury");
    });
  });
});
