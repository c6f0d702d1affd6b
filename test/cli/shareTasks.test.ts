import { expect } from "chai";

import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { CoopShares__factory, type CoopShares } from "../../typechain-types";
import { loadCoopAddresses } from "../../tasks/lib";
import { impersonate } from "../helpers/accounts";
import { EXAMPLE_CONFIG } from "../helpers/config";
import { deployRecordedCoop, runTask } from "../helpers/inProcessTask";

/** Notice period of the example config: 30 days, in seconds. */
const NOTICE_PERIOD = 30 * 86_400;

interface QueueJson {
  head: string;
  tail: string;
  redemptions: { id: string; holder: string; shares: string; amount: string; dueAt: string; dueNow: boolean }[];
  headStatus: { requestId: string; state: string; reason: string } | null;
}

/** Runs `name` with --json and parses what it printed. */
async function runJson(name: string, args: Record<string, unknown>): Promise<QueueJson> {
  const { lines } = await runTask(name, { ...args, json: true });
  return JSON.parse(lines.join("\n")) as QueueJson;
}

// The example config sets a nominal value of 0.05 ETH and a floor of 50% of the highest capital.
describe("share tasks of the redemption queue", function () {
  let forget: () => Promise<void>;
  let shares: CoopShares;
  let leaver: HardhatEthersSigner;
  let newcomer: HardhatEthersSigner;
  let dueAt: string;

  before(async function () {
    ({ forget } = await deployRecordedCoop("BAKERS", { coopConfig: EXAMPLE_CONFIG, salt: "share-tasks" }));
    const addresses = await loadCoopAddresses(hre, "BAKERS");
    shares = CoopShares__factory.connect(addresses.shares, ethers.provider);
    const signers = await ethers.getSigners();
    // Founders are members, so they may subscribe under the application policy.
    [leaver, newcomer] = [signers[1], signers[2]];
    await runTask("shares:subscribe", { count: 4, from: leaver.address });
    await runTask("shares:redeem", { count: 3, from: leaver.address });
    dueAt = (await runJson("shares:info", {})).redemptions[0].dueAt;
  });

  after(async function () {
    await forget();
  });

  it("lists a request not yet due", async function () {
    const { lines } = await runTask("shares:info", {});

    expect(lines).to.include(`  request 0: 3 share(s) of ${leaver.address}, 0.15 ETH, due ${dueAt}`);
    expect(lines).to.include(
      `Next payment: no request is due yet: the next one, request 0 (0.15 ETH), is due at ${dueAt}.`,
    );
  });

  it("names the next due date after paying nothing", async function () {
    const { lines } = await runTask("shares:pay-due", { max: 5 });

    expect(lines[0]).to.equal("Processed 0 requests; 1 remain in the queue.");
    expect(lines[1]).to.include(`is due at ${dueAt}`);
  });

  describe("after the notice period", function () {
    before(async function () {
      await time.increase(NOTICE_PERIOD);
    });

    const floorReason =
      "paying request 0 (0.15 ETH) would leave 0.05 ETH of capital, below the floor of 0.1 ETH: " +
      "it waits until new subscriptions raise the capital";

    it("explains a request blocked by the floor", async function () {
      const { lines } = await runTask("shares:info", {});

      expect(lines).to.include(`  request 0: 3 share(s) of ${leaver.address}, 0.15 ETH, due ${dueAt} (due now)`);
      expect(lines).to.include(`Next payment: ${floorReason}.`);
    });

    it("gives the floor reason in JSON", async function () {
      const info = await runJson("shares:info", {});

      expect(info.redemptions[0]).to.deep.include({ id: "0", shares: "3", amount: "150000000000000000" });
      expect(info.redemptions[0].dueNow).to.equal(true);
      expect(info.headStatus).to.deep.equal({ requestId: "0", state: "below-floor", reason: floorReason });
    });

    it("explains a payment blocked by the floor", async function () {
      const { lines } = await runTask("shares:pay-due", { max: 5 });

      expect(lines).to.deep.equal([
        "Processed 0 requests; 1 remain in the queue.",
        `Nothing more is paid now: ${floorReason}.`,
      ]);
      expect(await shares.sharesOf(leaver.address)).to.equal(4n);
    });

    it("pays a due request", async function () {
      await runTask("shares:subscribe", { count: 2, from: newcomer.address });
      const paid = await runJson("shares:pay-due", { max: 5 });
      const { lines } = await runTask("shares:info", {});

      expect(paid).to.deep.include({ head: "1", tail: "1", headStatus: null });
      expect(await shares.sharesOf(leaver.address)).to.equal(1n);
      expect(lines).to.include("Redemption queue: empty");
    });

    it("explains capital moved to the treasury", async function () {
      const [, , , third] = await ethers.getSigners();
      await runTask("shares:subscribe", { count: 10, from: third.address });
      await runTask("shares:redeem", { count: 1, from: newcomer.address });
      await time.increase(NOTICE_PERIOD);
      const timelock = await impersonate(await shares.timelock());
      await shares.connect(timelock).moveToTreasury(await shares.heldCapital());

      const { lines } = await runTask("shares:pay-due", { max: 5 });

      expect(lines[1]).to.equal(
        "Nothing more is paid now: paying request 1 (0.05 ETH) needs more than the 0.0 ETH that the shares " +
          "contract holds, because 0.65 ETH of capital is in the treasury: it waits until the timelock returns " +
          "capital with returnFromTreasury.",
      );
    });
  });
});
