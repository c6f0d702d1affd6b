import { types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Contract, ZeroAddress, getAddress, isAddress } from "ethers";

import type { TokenUnits } from "../src/cli/amounts";

import { coopTask, fail, loadCoopAddresses, output, send, signerFor } from "./lib";
import { PROPOSER_HELP, checkProposalOptions, proposeWithDocument, type ProposalOptions } from "./proposing";

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

/** Parses an amount option in the payment token's units, failing on a malformed or zero amount. */
async function requireAmount(text: string, flag: string, units: TokenUnits): Promise<bigint> {
  const { parseAmount } = await import("../src/cli/amounts");
  let amount: bigint;
  try {
    amount = parseAmount(text, units);
  } catch (error) {
    fail(`Invalid ${flag} "${text}": ${(error as Error).message}.`);
  }
  if (amount === 0n) fail(`Invalid ${flag} "${text}": the amount must be above 0 ${units.symbol}.`);
  return amount;
}

function requireAddressOption(value: string, flag: string): string {
  if (!isAddress(value)) fail(`Invalid ${flag} "${value}": expected 0x and 40 hex digits.`);
  return getAddress(value);
}

/** Proposes one call to the shares contract through the governor, with a pinned document. */
async function proposeSharesCall(
  hre: HardhatRuntimeEnvironment,
  args: CommonArgs & Partial<ProposalOptions>,
  defaultTitle: string,
  data: string,
  generatedText: string,
): Promise<void> {
  const options = { ...args, json: args.json, title: args.title ?? defaultTitle };
  await checkProposalOptions(options, false);
  const { coop, account } = await connect(hre, args);
  const addresses = await loadCoopAddresses(hre, args.coop);
  const action = { target: await coop.shares.getAddress(), data };
  const text = args.text === undefined ? generatedText : `${generatedText}\n\n${args.text}`;
  await proposeWithDocument(hre, options, coop, addresses.symbol, account, [action], text);
}

type LossesArgs = CommonArgs & Partial<ProposalOptions> & { record?: string; recover?: string };

coopTask(
  "shares:losses",
  "Shows the losses charged to capital, or proposes to record losses (--record) or a recovery (--recover)",
  true,
  PROPOSER_HELP,
)
  .addOptionalParam("record", "Losses to charge to capital, in the payment token's units (such as 1.5)")
  .addOptionalParam("recover", "Recovery of recorded losses, in the payment token's units (such as 1.5)")
  .addOptionalParam("title", "Title of the proposal (default: Record losses of AMOUNT, or Record a recovery of AMOUNT)")
  .addOptionalParam("doc", "Document file with the proposal's full text, pinned as it is")
  .addOptionalParam("text", "Text added to the generated document, when no --doc is given")
  .setAction(async (args: LossesArgs, hre) => {
    if (args.record !== undefined && args.recover !== undefined) {
      fail("Give --record or --recover, not both: each proposal records one change.");
    }
    const { coop, units } = await connect(hre, args);
    const { formatAmount } = await import("../src/cli/amounts");
    const [losses, capital, value, nominal] = await Promise.all([
      coop.shares.recordedLosses(),
      coop.shares.capital(),
      coop.shares.redemptionValue(),
      coop.shares.nominalValue(),
    ]);

    if (args.record !== undefined) {
      const amount = await requireAmount(args.record, "--record", units);
      if (losses + amount > capital) {
        fail(
          `Invalid --record ${args.record}: losses would reach ${formatAmount(losses + amount, units)}, above the ` +
            `capital of ${formatAmount(capital, units)}. Record at most ${formatAmount(capital - losses, units)}.`,
        );
      }
      const text =
        `This proposal charges ${formatAmount(amount, units)} of losses to the share capital of ` +
        `${formatAmount(capital, units)}. Every redemption paid while they are recorded pays the nominal value ` +
        "reduced in proportion, rounded down.";
      const data = coop.shares.interface.encodeFunctionData("recordLosses", [amount]);
      await proposeSharesCall(hre, args, `Record losses of ${formatAmount(amount, units)}`, data, text);
      return;
    }
    if (args.recover !== undefined) {
      const amount = await requireAmount(args.recover, "--recover", units);
      if (amount > losses) {
        fail(
          `Invalid --recover ${args.recover}: only ${formatAmount(losses, units)} of losses are recorded, so a ` +
            "recovery can be at most that much.",
        );
      }
      const text =
        `This proposal records a recovery of ${formatAmount(amount, units)} of the losses charged to capital, ` +
        "which raises the redemption value of later payments, never above the nominal value.";
      const data = coop.shares.interface.encodeFunctionData("recordRecovery", [amount]);
      await proposeSharesCall(hre, args, `Record a recovery of ${formatAmount(amount, units)}`, data, text);
      return;
    }

    output(args.json, { token: units, losses, capital, redemptionValue: value, nominal }, [
      `Losses charged to capital: ${formatAmount(losses, units)} of ${formatAmount(capital, units)}`,
      `Redemption value of a share: ${formatAmount(value, units)} (nominal ${formatAmount(nominal, units)})`,
    ]);
  });

type InterestArgs = CommonArgs &
  Partial<ProposalOptions> & { address?: string; claim: boolean; to?: string; fund?: string; proposeRate?: number };

coopTask(
  "shares:interest",
  "Shows the interest rate on shares and the interest owed to an address, claims it (--claim), funds the pot " +
    "(--fund) or proposes a rate",
  true,
)
  .addOptionalParam("address", "Holder whose interest to show (default: the --from account)")
  .addFlag("claim", "Claim the interest owed to the --from account")
  .addOptionalParam("to", "Address that receives claimed interest (default: the --from account)")
  .addOptionalParam("fund", "Amount to add to the interest pot, in the payment token's units (such as 1.5)")
  .addOptionalParam("proposeRate", "Annual rate to propose, in basis points (500 is 5%)", undefined, types.int)
  .addOptionalParam("title", "Title of the rate proposal (default: Set the interest on shares to RATE)")
  .addOptionalParam("doc", "Document file with the rate proposal's full text, pinned as it is")
  .addOptionalParam("text", "Text added to the rate proposal's generated document, when no --doc is given")
  .setAction(async (args: InterestArgs, hre) => {
    if (args.claim && args.proposeRate !== undefined) fail("Give --claim or --propose-rate, not both.");
    if (args.fund !== undefined && (args.claim || args.proposeRate !== undefined)) {
      fail("Give --fund on its own: it adds to the interest pot, and --claim or --propose-rate is a separate step.");
    }
    const { coop, signer, units, account } = await connect(hre, args);
    const { formatAmount, formatBps } = await import("../src/cli/amounts");

    if (args.fund !== undefined) {
      const amount = await requireAmount(args.fund, "--fund", units);
      if (units.address === ZeroAddress) {
        await send("Interest funding", coop.shares.fundInterest, amount, { value: amount });
      } else {
        const token = new Contract(units.address, ["function approve(address,uint256) returns (bool)"], signer);
        await send(
          "Approval of the payment token",
          token.getFunction("approve"),
          await coop.shares.getAddress(),
          amount,
        );
        await send("Interest funding", coop.shares.fundInterest, amount);
      }
      // A token that charges a fee on transfers adds less than `amount`: the pot shows what arrived.
      const pot = await coop.shares.interestPot();
      output(args.json, { account, funded: amount, pot }, [
        `${account} added ${formatAmount(amount, units)} to the interest pot, which now holds ${formatAmount(pot, units)}.`,
      ]);
      return;
    }

    if (args.proposeRate !== undefined) {
      const maxRate = await coop.shares.MAX_INTEREST_RATE_BPS();
      const rate = args.proposeRate;
      if (!Number.isInteger(rate) || rate < 0 || rate > maxRate) {
        fail(`Invalid --propose-rate ${rate}: expected basis points from 0 to ${maxRate} (${formatBps(maxRate)}).`);
      }
      const text =
        `This proposal sets the annual interest on shares to ${formatBps(rate)} of their nominal value, from ` +
        "its execution on. Interest is paid from the interest pot, never from capital.";
      const data = coop.shares.interface.encodeFunctionData("setInterestRate", [rate]);
      await proposeSharesCall(hre, args, `Set the interest on shares to ${formatBps(rate)}`, data, text);
      return;
    }

    if (args.claim) {
      const to = args.to === undefined ? account : requireAddressOption(args.to, "--to");
      const [owed, pot] = await Promise.all([coop.shares.accruedInterestOf(account), coop.shares.interestPot()]);
      if (owed === 0n) fail(`${account} is owed no interest: shares earn it only while the rate is above 0.`);
      if (owed > pot) {
        fail(
          `${account} is owed ${formatAmount(owed, units)}, more than the ${formatAmount(pot, units)} in the ` +
            "interest pot: the interest stays owed until someone funds the pot with fundInterest.",
        );
      }
      // The claim pays the interest owed when it is mined, a little more than `owed`.
      const hash = await send("Interest claim", coop.shares.claimInterest, to);
      const receipt = await hre.ethers.provider.getTransactionReceipt(hash);
      const claimedEvent = receipt?.logs
        .map((log) => coop.shares.interface.parseLog(log))
        .find((event) => event?.name === "InterestClaimed");
      const claimed = claimedEvent === undefined || claimedEvent === null ? owed : (claimedEvent.args.amount as bigint);
      output(args.json, { account, to, claimed, transaction: hash }, [
        `Sent ${formatAmount(claimed, units)} of interest to ${to} (transaction ${hash}).`,
      ]);
      return;
    }

    const holder = args.address === undefined ? account : requireAddressOption(args.address, "--address");
    const [rate, pot, owed, sharesHeld] = await Promise.all([
      coop.shares.interestRateBps(),
      coop.shares.interestPot(),
      coop.shares.accruedInterestOf(holder),
      coop.shares.sharesOf(holder),
    ]);
    output(args.json, { token: units, rateBps: rate, pot, holder, shares: sharesHeld, owed }, [
      `Interest on shares: ${formatBps(rate)} a year of the nominal value`,
      `Interest pot: ${formatAmount(pot, units)}`,
      `${holder} holds ${sharesHeld} shares and is owed ${formatAmount(owed, units)} of interest`,
    ]);
  });
