import { types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Contract, ZeroAddress, getAddress, isAddress } from "ethers";

import { coopTask, fail, loadCoopAddresses, output, send, signerFor } from "./lib";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

interface CommonArgs {
  coop?: string;
  from?: string;
  json: boolean;
}

async function connect(hre: HardhatRuntimeEnvironment, args: CommonArgs) {
  const { connectCooperative } = await import("../src/deploy/cooperative");
  const { tokenUnits } = await import("../src/cli/amounts");
  const addresses = await loadCoopAddresses(hre, args.coop);
  const signer = await signerFor(hre, args.from);
  const coop = connectCooperative(signer, addresses);
  const units = await tokenUnits(signer, await coop.shares.paymentToken());
  return { coop, signer, units, account: await signer.getAddress() };
}

function requireCount(value: number, flag: string): bigint {
  if (!Number.isInteger(value) || value <= 0) fail(`Invalid ${flag} ${value}: expected a whole number above 0.`);
  return BigInt(value);
}

coopTask("shares:subscribe", "Subscribes shares at their nominal value, paying in ETH or the cooperative's token", true)
  .addParam("count", "Number of shares to subscribe", undefined, types.int)
  .setAction(async (args: CommonArgs & { count: number }, hre) => {
    const { coop, signer, units, account } = await connect(hre, args);
    const { formatAmount } = await import("../src/cli/amounts");
    const count = requireCount(args.count, "--count");
    const amount = count * (await coop.shares.nominalValue());
    const sharesAddress = await coop.shares.getAddress();
    if (units.address === ZeroAddress) {
      await send("Subscription", coop.shares.subscribe, count, { value: amount });
    } else {
      const token = new Contract(units.address, ["function approve(address,uint256) returns (bool)"], signer);
      await send("Approval of the payment token", token.getFunction("approve"), sharesAddress, amount);
      await send("Subscription", coop.shares.subscribe, count);
    }
    const sharesHeld = await coop.shares.sharesOf(account);
    output(args.json, { account, subscribed: count, amount, shares: sharesHeld }, [
      `${account} subscribed ${count} shares for ${formatAmount(amount, units)}; holds ${sharesHeld} shares.`,
    ]);
  });

coopTask("shares:redeem", "Queues the redemption of shares, payable after the notice period", true)
  .addParam("count", "Number of shares to redeem", undefined, types.int)
  .setAction(async (args: CommonArgs & { count: number }, hre) => {
    const { coop, account } = await connect(hre, args);
    const count = requireCount(args.count, "--count");
    const [, tail] = await coop.shares.queueBounds();
    await send("Redemption request", coop.shares.requestRedemption, count);
    const request = await coop.shares.redemption(tail);
    output(args.json, { account, requestId: tail, shares: count, dueAt: request.dueAt }, [
      `Request ${tail}: ${count} shares of ${account}, payable from ${new Date(Number(request.dueAt) * 1000).toISOString()}.`,
    ]);
  });

coopTask("shares:cancel", "Cancels one of your pending redemption requests", true)
  .addParam("id", "Id of the redemption request", undefined, types.int)
  .setAction(async (args: CommonArgs & { id: number }, hre) => {
    const { coop } = await connect(hre, args);
    const hash = await send("Cancellation", coop.shares.cancelRedemption, args.id);
    output(args.json, { requestId: args.id, transaction: hash }, [`Request ${args.id} cancelled.`]);
  });

coopTask("shares:pay-due", "Pays due redemption requests from the head of the queue; anyone may call it", true)
  .addOptionalParam("max", "Most requests to pay in this transaction", 20, types.int)
  .setAction(async (args: CommonArgs & { max: number }, hre) => {
    const { coop, units } = await connect(hre, args);
    const { readRedemptionQueue } = await import("../src/cli/redemptionQueue");
    const { latestTimestamp } = await import("../src/chain/time");
    const max = requireCount(args.max, "--max");
    const [headBefore] = await coop.shares.queueBounds();
    await send("Payment of due redemptions", coop.shares.payDue, max);
    const queue = await readRedemptionQueue(coop.shares, units, await latestTimestamp(hre.ethers.provider));
    const { head, tail, headStatus } = queue;
    // NOTE: the processed count includes cancelled request ids, which payDue skips without paying.
    const lines = [`Processed ${head - headBefore} requests; ${tail - head} remain in the queue.`];
    if (headStatus?.state === "payable") {
      lines.push(`More are payable: ${headStatus.reason}. Run shares:pay-due again.`);
    } else if (headStatus !== null) {
      lines.push(`Nothing more is paid now: ${headStatus.reason}.`);
    }
    output(args.json, { processed: head - headBefore, head, tail, headStatus }, lines);
  });

coopTask("shares:withdraw", "Withdraws your credited balance (a redemption that could not be sent) to an address", true)
  .addOptionalParam("to", "Address to receive the credit (default: your own)")
  .setAction(async (args: CommonArgs & { to?: string }, hre) => {
    const { coop, units, account } = await connect(hre, args);
    const { formatAmount } = await import("../src/cli/amounts");
    const to = args.to === undefined ? account : args.to;
    if (!isAddress(to)) fail(`Invalid --to "${to}": expected 0x and 40 hex digits.`);
    const credit = await coop.shares.creditOf(account);
    await send("Withdrawal", coop.shares.withdrawCredit, getAddress(to));
    output(args.json, { account, to, amount: credit }, [`Sent ${formatAmount(credit, units)} to ${to}.`]);
  });

coopTask("shares:info", "Shows the cooperative's capital: nominal value, totals, floor and queue", false).setAction(
  async (args: CommonArgs, hre) => {
    const { coop, units } = await connect(hre, args);
    const { formatAmount } = await import("../src/cli/amounts");
    const { queueLines, readRedemptionQueue } = await import("../src/cli/redemptionQueue");
    const { latestTimestamp } = await import("../src/chain/time");
    const [nominal, capital, highest, floor, floorBps, held, credited, [head, tail]] = await Promise.all([
      coop.shares.nominalValue(),
      coop.shares.capital(),
      coop.shares.highestCapital(),
      coop.shares.capitalFloor(),
      coop.shares.capitalFloorBps(),
      coop.shares.heldCapital(),
      coop.shares.totalCredited(),
      coop.shares.queueBounds(),
    ]);
    const queue = await readRedemptionQueue(coop.shares, units, await latestTimestamp(hre.ethers.provider));
    output(
      args.json,
      {
        token: units,
        nominal,
        capital,
        highestCapital: highest,
        floor,
        floorBps,
        held,
        credited,
        head,
        tail,
        redemptions: queue.requests,
        unlistedIds: queue.unlistedIds,
        headStatus: queue.headStatus,
      },
      [
        `Nominal value of a share: ${formatAmount(nominal, units)}`,
        `Paid-in capital: ${formatAmount(capital, units)} (highest ${formatAmount(highest, units)})`,
        `Capital floor: ${formatAmount(floor, units)} (${Number(floorBps) / 100}% of the highest capital)`,
        `Held by the shares contract: ${formatAmount(held, units)}; credited to holders: ${formatAmount(credited, units)}`,
        ...queueLines(queue, units),
      ],
    );
  },
);
