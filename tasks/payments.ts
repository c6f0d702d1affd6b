import { task } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Contract, ZeroAddress, getAddress, isAddress, type Signer, type TransactionReceipt } from "ethers";

import type { TokenUnits } from "../src/cli/amounts";
import type { Cooperative } from "../src/deploy/cooperative";

import { HardhatPluginError } from "hardhat/plugins";

import {
  ensureCompiled,
  CID_FORMS,
  connectCoop,
  coopTask,
  fail,
  impersonateOnLocalChain,
  output,
  requireCid,
  send,
  sendInUnits,
  type CoopAddresses,
} from "./lib";
import { PROPOSER_HELP, checkProposalOptions, proposeWithDocument, type ProposalOptions } from "./proposing";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

interface CommonArgs {
  coop?: string;
  from?: string;
  json: boolean;
}

interface SendArgs extends CommonArgs {
  to: string;
  amount: string;
  token: string;
  order?: string;
  permit: boolean;
}

/** Help text of the options that name one token. */
const TOKEN_HELP = "Token: an ERC-20 token's address, or ETH";

/** Seconds a permit signed by pay:send stays valid. The same task submits it at once. */
const PERMIT_LIFETIME = 3_600n;

const ERC20_ABI = [
  "function balanceOf(address account) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 value) returns (bool)",
];

/** Returns the token that `value` names: the zero address for "ETH" (any case), else the checksummed address. */
function parseToken(value: string, flag: string): string {
  const text = value.trim();
  if (text.toUpperCase() === "ETH" || text === ZeroAddress) return ZeroAddress;
  if (!isAddress(text)) {
    fail(`Invalid ${flag} "${value}": expected an ERC-20 token's address (0x and 40 hex digits) or ETH.`);
  }
  return getAddress(text);
}

/** Returns the checksummed address that `value` names, failing on a malformed or zero address. */
function requireAccount(value: string, flag: string): string {
  if (!isAddress(value)) fail(`Invalid ${flag} "${value}": expected an address, 0x and 40 hex digits.`);
  if (value === ZeroAddress) fail(`Invalid ${flag}: the zero address has no owner. Give an account's address.`);
  return getAddress(value);
}

/**
 * Returns the display units of `token`, failing when an ERC-20 address has no contract on the
 * network and, when `requireErc20` is set, when the contract's `balanceOf` fails.
 */
async function loadToken(
  hre: HardhatRuntimeEnvironment,
  token: string,
  flag: string,
  requireErc20 = true,
): Promise<TokenUnits> {
  const { tokenUnits } = await import("../src/cli/amounts");
  const { NOT_ERC20_NOTE, erc20BalanceOf } = await import("../src/payments/erc20");
  if (token !== ZeroAddress && (await hre.ethers.provider.getCode(token)) === "0x") {
    fail(`Invalid ${flag} ${token}: no contract at that address on ${hre.network.name}. Check the token's address.`);
  }
  if (
    requireErc20 &&
    token !== ZeroAddress &&
    (await erc20BalanceOf(hre.ethers.provider, token, token)) === undefined
  ) {
    fail(`Invalid ${flag} ${token}: ${NOT_ERC20_NOTE}. Check the token's address.`);
  }
  return tokenUnits(hre.ethers.provider, token);
}

/** Parses `--amount` in the token's units, failing on a malformed or zero amount of `subject`. */
async function parseAmountOption(text: string, units: TokenUnits, subject = "a payment"): Promise<bigint> {
  const { parseAmount } = await import("../src/cli/amounts");
  let amount: bigint;
  try {
    amount = parseAmount(text, units);
  } catch (error) {
    fail(`Invalid --amount "${text}": ${(error as Error).message}.`);
  }
  if (amount === 0n) fail(`Invalid --amount "${text}": ${subject} must be above 0 ${units.symbol}.`);
  return amount;
}

/** Returns the receipt of the mined transaction `hash`, which `send` has already waited for. */
async function receiptOf(hre: HardhatRuntimeEnvironment, hash: string): Promise<TransactionReceipt> {
  const receipt = await hre.ethers.provider.getTransactionReceipt(hash);
  if (receipt === null) fail(`The receipt of transaction ${hash} was not found: check it on the network.`);
  return receipt;
}

/** Returns `message` ending with a full stop, so that another sentence can follow it. */
function asSentence(message: string): string {
  return /[.!?]$/.test(message.trimEnd()) ? message.trimEnd() : `${message.trimEnd()}.`;
}

/**
 * Returns the advice for a credit that could not be pushed to `account`: the account rejects ETH,
 * or the token blocks it, so the account withdraws to another address of its own. A contract must
 * call the fee router itself, because only the credited account can withdraw.
 */
function payoutAdvice(units: TokenUnits, account: string, accountIsContract: boolean): string {
  const cause = units.address === ZeroAddress ? "rejects ETH" : `is blocked by ${units.symbol}`;
  const token = units.address === ZeroAddress ? "ETH" : units.address;
  if (accountIsContract) {
    return (
      `If ${account} ${cause}, it can withdraw its credit to another address by calling ` +
      `withdrawCredit(${units.address}, <another address>) on the fee router itself.`
    );
  }
  return (
    `If ${account} ${cause}, it can withdraw its credit to another address: ` +
    `pay:withdraw --token ${token} --to <another address> --from ${account}.`
  );
}

/** Returns the advice for a withdrawal to `to` that failed: `to` rejects ETH or the token blocks it. */
function withdrawalAdvice(units: TokenUnits, to: string): string {
  const cause = units.address === ZeroAddress ? "rejects ETH" : `is blocked by ${units.symbol}`;
  return `If ${to} ${cause}, withdraw to another address with --to.`;
}

/** ERC-1967 slot of a proxy's implementation address: keccak256("eip1967.proxy.implementation") - 1. */
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

/** The cooperative's contracts that can never receive a payment or withdraw a credit, by record name. */
const UNPAYABLE_PARTS = {
  membership: "membership register",
  governor: "governor",
  shares: "share register",
  charter: "charter",
  judgment: "majority-judgment governor",
  feeRouter: "fee router",
} as const;

/** Returns the cooperative's contracts other than the timelock, and their implementations, with their names. */
async function unpayableContracts(
  hre: HardhatRuntimeEnvironment,
  addresses: CoopAddresses,
): Promise<Map<string, string>> {
  const contracts = new Map<string, string>();
  for (const [part, name] of Object.entries(UNPAYABLE_PARTS)) {
    const address = getAddress(addresses[part as keyof typeof UNPAYABLE_PARTS]);
    contracts.set(address, name);
    const slot = await hre.ethers.provider.getStorage(address, IMPLEMENTATION_SLOT);
    const implementation = getAddress(`0x${slot.slice(-40)}`);
    if (implementation !== ZeroAddress) contracts.set(implementation, `${name} implementation`);
  }
  return contracts;
}

/** Names `account` as "the timelock" when it is the cooperative's timelock, so recipients read plainly. */
function describeAccount(account: string, timelock: string): string {
  return account === timelock ? `the timelock ${account}` : account;
}

/** Returns the tokens whose figures a task shows: those `--tokens` lists, or ETH and every token ever listed. */
async function tokensToShow(coop: Cooperative, list: string | undefined): Promise<string[]> {
  const { listedTokens } = await import("../src/payments/feeRouter");
  if (list === undefined) return [ZeroAddress, ...(await listedTokens(coop.feeRouter))];
  const tokens = list
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map((item) => parseToken(item, "--tokens"));
  if (tokens.length === 0) fail('Invalid --tokens "": give token addresses separated by commas, or ETH.');
  return [...new Set(tokens)];
}

/** Fails unless the router accepts `token`, naming how governance lists a token. */
async function requireAccepted(coop: Cooperative, symbol: string, token: string, units: TokenUnits): Promise<void> {
  if (await coop.feeRouter.isTokenAccepted(token)) return;
  fail(
    `The fee router of ${symbol} does not accept ${units.symbol} (${token}). Pay in ETH or in an accepted ` +
      "token (pay:fees lists them), or propose to list this one: an ordinary proposal whose action calls " +
      `feeRouter.setTokenAccepted(${token}, true).`,
  );
}

/** Fails unless `token` supports EIP-2612 permits whose domain this task can rebuild. */
async function requirePermitSupport(hre: HardhatRuntimeEnvironment, token: string): Promise<void> {
  const { PermitUnsupportedError, permitDomain } = await import("../src/payments/permit");
  try {
    await permitDomain(hre.ethers.provider, token);
  } catch (error) {
    if (!(error instanceof PermitUnsupportedError)) throw error;
    fail(`Invalid --permit: ${error.message}. Pay without --permit, which approves the router first.`);
  }
}

/**
 * Takes `amount` of an ERC-20 token from the payer to the router: with a permit signed now when
 * `permit` is set, else with an approval transaction when the allowance is short. Returns the hash
 * of the payment, and of the approval when one was sent.
 */
async function payInToken(
  hre: HardhatRuntimeEnvironment,
  coop: Cooperative,
  signer: Signer,
  args: SendArgs,
  payment: { payee: string; token: string; units: TokenUnits; amount: bigint; orderCid: string },
): Promise<{ hash: string; approval: string | null }> {
  const { formatAmount } = await import("../src/cli/amounts");
  const { payee, token, units, amount, orderCid } = payment;
  const router = coop.feeRouter;
  const routerAddress = await router.getAddress();

  if (args.permit) {
    const { signPermit } = await import("../src/payments/permit");
    const { latestTimestamp } = await import("../src/chain/time");
    const deadline = (await latestTimestamp(hre.ethers.provider)) + PERMIT_LIFETIME;
    const { v, r, s } = await signPermit(signer, token, routerAddress, amount, deadline);
    const hash = await sendInUnits(
      "Payment with permit",
      units,
      router.payWithPermit,
      payee,
      token,
      amount,
      orderCid,
      deadline,
      v,
      r,
      s,
    );
    return { hash, approval: null };
  }

  const payer = await signer.getAddress();
  const erc20 = new Contract(token, ERC20_ABI, signer);
  const allowance = BigInt(await erc20.allowance(payer, routerAddress));
  let approval: string | null = null;
  if (allowance < amount) {
    approval = await send("Approval of the fee router", erc20.getFunction("approve"), routerAddress, amount);
    if (!args.json) {
      console.log(
        `Approved the fee router to take ${formatAmount(amount, units)} from ${payer} in transaction ${approval}.`,
      );
    }
  }
  try {
    return { hash: await sendInUnits("Payment", units, router.pay, payee, token, amount, orderCid), approval };
  } catch (error) {
    if (approval === null || !(error instanceof HardhatPluginError)) throw error;
    fail(
      `${asSentence(error.message)} The approval was sent in transaction ${approval} and stays: the fee router may still take ` +
        `${formatAmount(amount, units)} from ${payer}. The next payment in ${units.symbol} uses it, or revoke ` +
        `it by calling approve(${routerAddress}, 0) on the token ${token}.`,
    );
  }
}

coopTask(
  "pay:send",
  "Pays an account through the cooperative's fee router, which keeps the service fee and, from members, the dues",
  true,
  "Account that pays, and pays the gas (default: the first configured account)",
)
  .addParam("to", "Address of the payee")
  .addParam("amount", "Amount to pay in the token's units, such as 12.5 (not in its smallest unit)")
  .addOptionalParam("token", TOKEN_HELP, "ETH")
  .addOptionalParam("order", `CID of the order or invoice, recorded with the payment: ${CID_FORMS}`)
  .addFlag("permit", "Sign an EIP-2612 permit instead of sending an approval transaction (ERC-20 tokens only)")
  .setAction(async (args: SendArgs, hre) => {
    const { formatAmount, formatBps } = await import("../src/cli/amounts");
    const { paymentsIn } = await import("../src/payments/feeRouter");
    const { cidToText } = await import("../src/ipfs/cidText");
    const { coop, addresses, signer, account } = await connectCoop(hre, args);
    const router = coop.feeRouter;

    const payee = requireAccount(args.to, "--to");
    if (payee === getAddress(addresses.feeRouter)) {
      fail(`Invalid --to ${payee}: that is the fee router itself, which cannot be paid. Give the payee's address.`);
    }
    const token = parseToken(args.token, "--token");
    if (args.permit && token === ZeroAddress) {
      fail("Invalid --permit: permits exist for ERC-20 tokens only, and an ETH payment needs no approval.");
    }
    const units = await loadToken(hre, token, "--token");
    await requireAccepted(coop, addresses.symbol, token, units);
    if (args.permit) await requirePermitSupport(hre, token);
    const amount = await parseAmountOption(args.amount, units);
    const orderCid = args.order === undefined ? "0x" : await requireCid(args.order, "--order");

    const { checkPayee } = await import("../src/payments/payee");
    const payeeCheck = checkPayee({
      payee,
      payer: account,
      token,
      timelock: addresses.timelock,
      ownContracts: await unpayableContracts(hre, addresses),
      payeeHasCode: (await hre.ethers.provider.getCode(payee)) !== "0x",
    });
    if (payeeCheck.rejection !== undefined) fail(payeeCheck.rejection);
    // Notes go to stderr so that the JSON on stdout stays parseable.
    for (const note of payeeCheck.notes) console.warn(note);

    const balance =
      token === ZeroAddress
        ? await hre.ethers.provider.getBalance(account)
        : BigInt(await new Contract(token, ERC20_ABI, hre.ethers.provider).balanceOf(account));
    if (balance < amount) {
      fail(
        `${account} holds ${formatAmount(balance, units)}, less than the ${formatAmount(amount, units)} to pay. ` +
          "Pay a smaller amount, or pass --from with another account.",
      );
    }

    const [[quotedFee, quotedDues, quotedNet], isMember, serviceFeeBps, duesBps] = await Promise.all([
      router.quote(payee, amount),
      coop.membership.isMember(payee),
      router.serviceFeeBps(),
      router.duesBps(),
    ]);
    const payeeKind = isMember ? "a member" : "not a member";
    if (!args.json) {
      console.log(
        `Quote for ${formatAmount(amount, units)} to ${payee} (${payeeKind}): service fee ` +
          `${formatAmount(quotedFee, units)}, dues ${formatAmount(quotedDues, units)}, ` +
          `payee gets ${formatAmount(quotedNet, units)}.`,
      );
    }

    const { hash, approval } =
      token === ZeroAddress
        ? {
            hash: await sendInUnits("Payment", units, router.payEther, payee, orderCid, { value: amount }),
            approval: null,
          }
        : await payInToken(hre, coop, signer, args, { payee, token, units, amount, orderCid });
    const [payment] = await paymentsIn(router, await receiptOf(hre, hash));
    if (payment === undefined) fail(`Transaction ${hash} recorded no payment: check it on the network.`);

    const lines = [
      `Paid ${formatAmount(payment.amount, units)} from ${account} to ${payee} (${payeeKind}) in transaction ${hash}`,
      `  service fee  ${formatAmount(payment.serviceFee, units)} (${formatBps(serviceFeeBps)})`,
      `  dues         ${formatAmount(payment.dues, units)} ` +
        (isMember ? `(${formatBps(duesBps)})` : "(none: the payee is not a member)"),
      `  net          ${formatAmount(payment.net, units)}, ` +
        (payment.credited
          ? "credited to the payee, who could not receive it. They withdraw it with pay:withdraw, " +
            `or anyone sends it to them with pay:credit --account ${payee} --push.`
          : "delivered to the payee"),
    ];
    if (orderCid !== "0x") lines.push(`  order        ${cidToText(orderCid)}`);
    if (payment.amount !== amount) {
      lines.push(
        `Only ${formatAmount(payment.amount, units)} of the ${formatAmount(amount, units)} sent arrived, ` +
          "because the token takes a fee on transfer. The fees apply to what arrived.",
      );
    }
    if ((payment.serviceFee === 0n && serviceFeeBps > 0n) || (isMember && payment.dues === 0n && duesBps > 0n)) {
      lines.push(
        "Fees round down to the token's smallest unit, so a payment this small leaves less than the rate, or nothing.",
      );
    }
    output(
      args.json,
      {
        transaction: hash,
        approval,
        payer: account,
        payee,
        payeeIsMember: isMember,
        token: units,
        amount: payment.amount,
        serviceFee: payment.serviceFee,
        dues: payment.dues,
        net: payment.net,
        credited: payment.credited,
        orderCid: orderCid === "0x" ? null : orderCid,
        orderCidText: orderCid === "0x" ? null : cidToText(orderCid),
        notes: payeeCheck.notes,
        serviceFeeBps,
        duesBps,
      },
      lines,
    );
  });

coopTask("pay:fees", "Shows the fee router's rates and recipients, and its accrued fees, credits and excess", false)
  .addOptionalParam(
    "tokens",
    "Comma-separated tokens to show, ERC-20 addresses or ETH (default: ETH and every token ever listed)",
  )
  .setAction(async (args: CommonArgs & { tokens?: string }, hre) => {
    const { formatAmount, formatBps } = await import("../src/cli/amounts");
    const { NOT_ERC20_NOTE, erc20BalanceOf } = await import("../src/payments/erc20");
    const { shortfallOf } = await import("../src/payments/feeRouter");
    const { coop, addresses } = await connectCoop(hre, args);
    const router = coop.feeRouter;
    const [serviceFeeBps, duesBps, maxServiceFeeBps, maxDuesBps, serviceFeeRecipient, duesRecipient, timelock] =
      await Promise.all([
        router.serviceFeeBps(),
        router.duesBps(),
        router.MAX_SERVICE_FEE_BPS(),
        router.MAX_DUES_BPS(),
        router.serviceFeeRecipient(),
        router.duesRecipient(),
        router.timelock(),
      ]);

    const tokens = [];
    for (const token of await tokensToShow(coop, args.tokens)) {
      const units = await loadToken(hre, token, "--tokens", false);
      const [accepted, [serviceFees, dues], credited, surplusHeld] = await Promise.all([
        router.isTokenAccepted(token),
        router.accruedFees(token),
        router.totalCredited(token),
        router.surplusHeld(token),
      ]);
      // excessOf reverts for a contract whose balanceOf fails, so such a token gets a note instead.
      const balance =
        token === ZeroAddress
          ? await hre.ethers.provider.getBalance(addresses.feeRouter)
          : await erc20BalanceOf(hre.ethers.provider, token, addresses.feeRouter);
      const excess = balance === undefined ? null : await router.excessOf(token);
      const shortfall = balance === undefined ? null : shortfallOf(balance, serviceFees, dues, credited, surplusHeld);
      const note = balance === undefined ? NOT_ERC20_NOTE : null;
      tokens.push({ token: units, accepted, serviceFees, dues, credited, excess, shortfall, note });
    }

    const lines = [
      `Fee router ${addresses.feeRouter} of ${addresses.symbol}`,
      `  Service fee: ${formatBps(serviceFeeBps)} of each payment (cap ${formatBps(maxServiceFeeBps)}), ` +
        `released to ${describeAccount(serviceFeeRecipient, timelock)}`,
      `  Dues: ${formatBps(duesBps)} of each payment to a member (cap ${formatBps(maxDuesBps)}), ` +
        `released to ${describeAccount(duesRecipient, timelock)}`,
    ];
    for (const { token: units, accepted, serviceFees, dues, credited, excess, shortfall, note } of tokens) {
      const name = units.address === ZeroAddress ? "ETH" : `${units.symbol} ${units.address}`;
      lines.push(
        `${name}: ${accepted ? "accepted" : "not accepted"}${note === null ? "" : `, ${note}`}`,
        `  accrued service fees ${formatAmount(serviceFees, units)}, dues ${formatAmount(dues, units)}`,
        `  credited ${formatAmount(credited, units)}` +
          (excess === null ? "" : `, excess ${formatAmount(excess, units)}`),
      );
      if (shortfall !== null && shortfall > 0n) {
        lines.push(
          `  shortfall ${formatAmount(shortfall, units)}: the router holds less than it owes, as after a rebasing ` +
            "token shrinks balances. Such tokens are not supported: propose to delist it.",
        );
      }
    }
    output(
      args.json,
      {
        feeRouter: addresses.feeRouter,
        serviceFeeBps,
        duesBps,
        maxServiceFeeBps,
        maxDuesBps,
        serviceFeeRecipient,
        duesRecipient,
        timelock,
        tokens,
      },
      lines,
    );
  });

coopTask("pay:release", "Sends the accrued service fees and dues of one token to their recipients; anyone may", true)
  .addOptionalParam("token", TOKEN_HELP, "ETH")
  .setAction(async (args: CommonArgs & { token: string }, hre) => {
    const { formatAmount } = await import("../src/cli/amounts");
    const { releasesIn, shortfallOf } = await import("../src/payments/feeRouter");
    const { erc20BalanceOf } = await import("../src/payments/erc20");
    const { coop } = await connectCoop(hre, args);
    const router = coop.feeRouter;
    const token = parseToken(args.token, "--token");
    const units = await loadToken(hre, token, "--token");

    const [serviceFees, dues] = await router.accruedFees(token);
    if (serviceFees === 0n && dues === 0n) {
      fail(`No ${units.symbol} fees have accrued since the last release, so there is nothing to release.`);
    }
    const routerAddress = await router.getAddress();
    const balance =
      token === ZeroAddress
        ? await hre.ethers.provider.getBalance(routerAddress)
        : await erc20BalanceOf(hre.ethers.provider, token, routerAddress);
    const shortfall =
      balance === undefined
        ? 0n
        : shortfallOf(balance, serviceFees, dues, await router.totalCredited(token), await router.surplusHeld(token));
    const hash = await send("Release of fees", router.releaseFees, token);
    const releases = await releasesIn(router, await receiptOf(hre, hash));
    const timelock = await router.timelock();

    const lines = [`Released the ${units.symbol} fees in transaction ${hash}:`];
    for (const release of releases) {
      const pot = release.pot === "serviceFees" ? "service fees" : "dues";
      const recipient = describeAccount(release.recipient, timelock);
      const amount = formatAmount(release.amount, units);
      if (!release.credited) {
        lines.push(`  ${pot} ${amount} sent to ${recipient}`);
      } else if (shortfall > 0n) {
        lines.push(
          `  ${pot} ${amount} credited to ${recipient}, because the router holds ${formatAmount(shortfall, units)} ` +
            "less than it owes, as after a rebasing token shrinks balances. Such tokens are not supported.",
        );
      } else {
        lines.push(
          `  ${pot} ${amount} credited to ${recipient}, which could not receive them. ` +
            `Once it can, pay:credit --account ${release.recipient} --push sends them.`,
        );
      }
    }
    output(args.json, { transaction: hash, token: units, releases }, lines);
  });

coopTask("pay:withdraw", "Withdraws your credit in one token (a payment you could not receive) to an address", true)
  .addOptionalParam("token", TOKEN_HELP, "ETH")
  .addOptionalParam("to", "Address that receives the credit (default: your own)")
  .setAction(async (args: CommonArgs & { token: string; to?: string }, hre) => {
    const { formatAmount } = await import("../src/cli/amounts");
    const { withdrawalsIn } = await import("../src/payments/feeRouter");
    const { coop, addresses, account } = await connectCoop(hre, args);
    const router = coop.feeRouter;
    const token = parseToken(args.token, "--token");
    const units = await loadToken(hre, token, "--token");
    const to = args.to === undefined ? account : requireAccount(args.to, "--to");
    if (to === getAddress(addresses.feeRouter)) {
      // The router would accept its own tokens and count them as excess, which only the timelock can sweep.
      fail(`Invalid --to ${to}: that is the fee router itself. Give the address that should receive the credit.`);
    }

    if ((await router.creditOf(token, account)) === 0n) {
      fail(
        `${account} has no ${units.symbol} credit in the fee router, so there is nothing to withdraw. ` +
          "pay:credit shows the credits of an account in every token.",
      );
    }
    let hash: string;
    try {
      hash = await sendInUnits("Withdrawal of credit", units, router.withdrawCredit, token, to);
    } catch (error) {
      if (!(error instanceof HardhatPluginError)) throw error;
      fail(`${asSentence(error.message)} ${withdrawalAdvice(units, to)}`);
    }
    const [withdrawal] = await withdrawalsIn(router, await receiptOf(hre, hash));
    if (withdrawal === undefined) fail(`Transaction ${hash} recorded no withdrawal: check it on the network.`);
    output(
      args.json,
      {
        transaction: hash,
        token: units,
        account: withdrawal.account,
        to: withdrawal.to,
        amount: withdrawal.amount,
      },
      [`Withdrew ${formatAmount(withdrawal.amount, units)} of credit of ${account} to ${to} in transaction ${hash}.`],
    );
  });

coopTask(
  "pay:credit",
  "Shows an account's credits in the fee router (payments it could not receive); --push sends them to it",
  true,
  "Account whose credits are shown when --account is omitted, and that sends the --push transactions (default: the first configured account)",
)
  .addOptionalParam("account", "Account whose credits to show (default: the --from account)")
  .addOptionalParam("token", `${TOKEN_HELP} (default: ETH and every token ever listed)`)
  .addFlag("push", "Send each credit shown to the account, one transaction per token; anyone may")
  .setAction(async (args: CommonArgs & { account?: string; token?: string; push: boolean }, hre) => {
    const { formatAmount } = await import("../src/cli/amounts");
    const { withdrawalsIn } = await import("../src/payments/feeRouter");
    const { coop, account: sender } = await connectCoop(hre, args);
    const router = coop.feeRouter;
    const account = args.account === undefined ? sender : requireAccount(args.account, "--account");
    const tokens = args.token === undefined ? await tokensToShow(coop, undefined) : [parseToken(args.token, "--token")];

    const credits = [];
    for (const token of tokens) {
      const units = await loadToken(hre, token, "--token", args.token !== undefined);
      const amount = await router.creditOf(token, account);
      if (amount > 0n || args.token !== undefined) credits.push({ token: units, amount });
    }
    const lines = credits.some(({ amount }) => amount > 0n)
      ? [`Credits of ${account} in the fee router:`].concat(
          credits.map(({ token: units, amount }) => `  ${formatAmount(amount, units)}`),
        )
      : [
          `${account} has no credit in the fee router${args.token === undefined ? "" : ` in ${credits[0].token.symbol}`}.`,
        ];

    if (!args.push) {
      output(args.json, { account, credits }, lines);
      return;
    }

    // Each push is its own transaction, so each result prints as soon as it is known, and a failed
    // push does not stop the others.
    const owed = credits.filter(({ amount }) => amount > 0n);
    if (owed.length === 0) fail(`${account} has no credit in the fee router, so there is nothing to push.`);
    const report = (line: string): void => {
      if (!args.json) console.log(line);
    };
    lines.forEach(report);
    const pushed = [];
    const failed = [];
    for (const { token: units } of owed) {
      try {
        const label = `Push of the ${units.symbol} credit`;
        const hash = await sendInUnits(label, units, router.pushCredit, units.address, account);
        const [withdrawal] = await withdrawalsIn(router, await receiptOf(hre, hash));
        pushed.push({ token: units, amount: withdrawal.amount, transaction: hash });
        report(`Sent ${formatAmount(withdrawal.amount, units)} to ${account} in transaction ${hash}.`);
      } catch (error) {
        if (!(error instanceof HardhatPluginError)) throw error;
        const accountIsContract = (await hre.ethers.provider.getCode(account)) !== "0x";
        const message = `${asSentence(error.message)} ${payoutAdvice(units, account, accountIsContract)}`;
        failed.push({ token: units, error: message });
        report(message);
      }
    }
    if (args.json) output(true, { account, credits, pushed, failed }, []);
    if (failed.length > 0) {
      const names = failed.map(({ token: units }) => units.symbol).join(", ");
      const sent =
        pushed.length === 0
          ? "No credit was sent."
          : `The credits in ${pushed.map(({ token: units }) => units.symbol).join(", ")} were sent.`;
      fail(`The push of ${failed.length} of ${owed.length} credits failed, in ${names}. ${sent}`);
    }
  });

/** Options of the tasks that act as the timelock: by a proposal, or at once on a local chain. */
interface TimelockArgs extends CommonArgs, Partial<Omit<ProposalOptions, "json">> {
  asTimelock: boolean;
}

/** Help text of `--as-timelock`, for a task whose timelock call does `action`. */
function asTimelockHelp(action: string): string {
  return `On a local chain only: ${action} now as the cooperative's timelock, impersonated, instead of proposing it`;
}

/** Advice printed when `--as-timelock` is used on a chain that is not local. */
const PROPOSE_INSTEAD = "there, the timelock acts only by proposals: run the task again without --as-timelock.";

/** Parses `--period` as the index of an accounting period, a whole number from 0. */
function parsePeriod(value: string): bigint {
  const text = value.trim();
  if (!/^\d+$/.test(text)) fail(`Invalid --period "${value}": expected an accounting period's index, such as 0.`);
  return BigInt(text);
}

/** Returns the state of a period's surplus in words: whether it is allocated, and until when members may claim. */
async function describeSurplus(
  info: { surplus: bigint; claimDeadline: bigint; reclaimed: boolean },
  now: bigint,
): Promise<string> {
  const { isoTime } = await import("../src/chain/time");
  if (info.surplus === 0n) return "no surplus allocated yet";
  const deadline = isoTime(info.claimDeadline);
  if (info.reclaimed) return `claims ended at ${deadline}, and the rest went back to the treasury`;
  if (now >= info.claimDeadline) return `claims ended at ${deadline}`;
  return `claims open until ${deadline}`;
}

/**
 * Proposes `actions` from `account` through the governor, with a document generated from
 * `proposal.text` unless `--doc` is given, and `proposal.title` unless `--title` is given.
 */
async function proposeRouterActions(
  hre: HardhatRuntimeEnvironment,
  args: TimelockArgs,
  coop: Cooperative,
  symbol: string,
  account: string,
  actions: { target: string; value?: bigint; data: string }[],
  proposal: { title: string; text: string },
): Promise<void> {
  const options: ProposalOptions = {
    title: args.title ?? proposal.title,
    doc: args.doc,
    text: args.text,
    json: args.json,
  };
  await checkProposalOptions(options, false);
  const text = args.text === undefined ? proposal.text : `${proposal.text}\n\n${args.text}`;
  await proposeWithDocument(hre, options, coop, symbol, account, actions, text);
}

coopTask(
  "pay:close-period",
  "Closes the fee router's open accounting period for patronage refunds, by a proposal or on a local chain as the timelock",
  true,
  PROPOSER_HELP,
)
  .addOptionalParam("title", "Title of the proposal (default: Close accounting period N)")
  .addOptionalParam("doc", "Document file with the proposal's full text, pinned as it is")
  .addOptionalParam("text", "Text added to the generated document, when no --doc is given")
  .addFlag("asTimelock", asTimelockHelp("close the period"))
  .setAction(async (args: TimelockArgs, hre) => {
    const { coop, addresses, account } = await connectCoop(hre, args);
    const router = coop.feeRouter;
    const period = await router.currentPeriod();

    if (!args.asTimelock) {
      const action = { target: addresses.feeRouter, data: router.interface.encodeFunctionData("closePeriod") };
      await proposeRouterActions(hre, args, coop, addresses.symbol, account, [action], {
        title: `Close accounting period ${period}`,
        text:
          `This proposal closes the fee router's open accounting period, period ${period} today, when it executes. ` +
          "Payments from then on count in the next period, and a surplus can be allocated to the closed one.",
      });
      return;
    }
    const timelock = await impersonateOnLocalChain(hre, addresses.timelock, PROPOSE_INSTEAD);
    const hash = await send("Closing of the accounting period", router.connect(timelock).closePeriod);
    output(args.json, { period, transaction: hash }, [
      `Closed accounting period ${period} in transaction ${hash}. Payments now count in period ${period + 1n}.`,
    ]);
  });

coopTask(
  "pay:surplus",
  "Allocates a surplus to a closed accounting period, shared among its members by volume, by a proposal or on a local chain as the timelock",
  true,
  PROPOSER_HELP,
)
  .addParam("period", "Closed accounting period that receives the surplus, such as 0")
  .addParam("amount", "Surplus to share, in the token's units such as 250.5, taken from the treasury (the timelock)")
  .addOptionalParam("token", TOKEN_HELP, "ETH")
  .addOptionalParam("title", "Title of the proposal (default: Patronage refund for period N)")
  .addOptionalParam("doc", "Document file with the proposal's full text, pinned as it is")
  .addOptionalParam("text", "Text added to the generated document, when no --doc is given")
  .addFlag("asTimelock", asTimelockHelp("allocate the surplus"))
  .setAction(async (args: TimelockArgs & { period: string; amount: string; token: string }, hre) => {
    const { formatAmount } = await import("../src/cli/amounts");
    const { isoTime } = await import("../src/chain/time");
    const { surplusAllocationsIn } = await import("../src/payments/feeRouter");
    const { coop, addresses, account } = await connectCoop(hre, args);
    const router = coop.feeRouter;
    const period = parsePeriod(args.period);
    const token = parseToken(args.token, "--token");
    const units = await loadToken(hre, token, "--token");
    await requireAccepted(coop, addresses.symbol, token, units);
    const amount = await parseAmountOption(args.amount, units, "a surplus");

    const current = await router.currentPeriod();
    if (period >= current) {
      fail(
        `Accounting period ${period} is not closed: the open period is ${current}. Close it first with ` +
          "pay:close-period, then allocate its surplus.",
      );
    }
    const info = await router.periodInfo(period, token);
    if (info.surplus !== 0n) {
      fail(
        `Accounting period ${period} already has a surplus of ${formatAmount(info.surplus, units)}: ` +
          "each period gets one surplus per token.",
      );
    }
    if (info.totalVolume === 0n) {
      fail(
        `No member did business in ${units.symbol} in accounting period ${period}, so nobody could claim a surplus.`,
      );
    }
    const treasury = addresses.timelock;
    const erc20 = new Contract(token, ERC20_ABI, hre.ethers.provider);
    const treasuryBalance =
      token === ZeroAddress ? await hre.ethers.provider.getBalance(treasury) : BigInt(await erc20.balanceOf(treasury));
    if (treasuryBalance < amount) {
      const shortNote =
        `The treasury (the timelock ${treasury}) holds ${formatAmount(treasuryBalance, units)}, less than the surplus of ` +
        `${formatAmount(amount, units)}.`;
      if (args.asTimelock) fail(`${shortNote} Allocate less, or send more to the timelock first.`);
      // A proposal executes days later, when released fees may have filled the treasury.
      console.warn(`${shortNote} The proposal fails at execution unless the treasury receives more before then.`);
    }

    const allocation = router.interface.encodeFunctionData("allocateSurplus", [period, token, amount]);
    if (!args.asTimelock) {
      const approval = new Contract(token, ERC20_ABI).interface.encodeFunctionData("approve", [
        addresses.feeRouter,
        amount,
      ]);
      const actions =
        token === ZeroAddress
          ? [{ target: addresses.feeRouter, value: amount, data: allocation }]
          : [
              { target: token, data: approval },
              { target: addresses.feeRouter, data: allocation },
            ];
      await proposeRouterActions(hre, args, coop, addresses.symbol, account, actions, {
        title: `Patronage refund for period ${period}`,
        text:
          `This proposal returns ${formatAmount(amount, units)} of the cooperative's surplus to the members who did ` +
          `business through the marketplace in accounting period ${period}, in proportion to their volume in ` +
          `${units.symbol}. Members claim their refund with pay:claim within the claim window; what they leave ` +
          "returns to the treasury.",
      });
      return;
    }

    const timelock = await impersonateOnLocalChain(hre, treasury, PROPOSE_INSTEAD);
    if (token !== ZeroAddress) {
      await send(
        "Approval of the fee router",
        erc20.connect(timelock).getFunction("approve"),
        addresses.feeRouter,
        amount,
      );
    }
    const value = token === ZeroAddress ? amount : 0n;
    const hash = await sendInUnits(
      "Surplus allocation",
      units,
      router.connect(timelock).allocateSurplus,
      period,
      token,
      amount,
      {
        value,
      },
    );
    const [allocated] = await surplusAllocationsIn(router, await receiptOf(hre, hash));
    if (allocated === undefined) fail(`Transaction ${hash} recorded no surplus allocation: check it on the network.`);
    output(
      args.json,
      { transaction: hash, period, token: units, amount: allocated.amount, claimDeadline: allocated.claimDeadline },
      [
        `Allocated ${formatAmount(allocated.amount, units)} to accounting period ${period} in transaction ${hash}.`,
        `Members claim their refunds with pay:claim --period ${period} until ${isoTime(allocated.claimDeadline)}.`,
      ],
    );
  });

coopTask(
  "pay:claim",
  "Claims your patronage refund for a closed accounting period; --show only shows what an account can claim",
  true,
  "Account that claims and pays the gas (default: the first configured account)",
)
  .addParam("period", "Accounting period of the refund, such as 0")
  .addOptionalParam("token", TOKEN_HELP, "ETH")
  .addOptionalParam("account", "With --show: account whose refund to show (default: the --from account)")
  .addFlag("show", "Show the refund and its period without sending a transaction")
  .setAction(async (args: CommonArgs & { period: string; token: string; account?: string; show: boolean }, hre) => {
    const { formatAmount } = await import("../src/cli/amounts");
    const { latestTimestamp } = await import("../src/chain/time");
    const { refundClaimsIn } = await import("../src/payments/feeRouter");
    const { coop, account: sender } = await connectCoop(hre, args);
    const router = coop.feeRouter;
    const period = parsePeriod(args.period);
    const token = parseToken(args.token, "--token");
    const units = await loadToken(hre, token, "--token", false);
    if (args.account !== undefined && !args.show) {
      fail("--account works only with --show: a refund is claimed by its own account. Use --from to claim as it.");
    }
    const account = args.account === undefined ? sender : requireAccount(args.account, "--account");

    const [info, volume, refund, claimed, now] = await Promise.all([
      router.periodInfo(period, token),
      router.volumeOf(period, token, account),
      router.refundOf(period, token, account),
      router.hasClaimedRefund(period, token, account),
      latestTimestamp(hre.ethers.provider),
    ]);
    const surplusText = await describeSurplus(info, now);
    if (args.show) {
      output(
        args.json,
        {
          period,
          token: units,
          account,
          volume,
          totalVolume: info.totalVolume,
          surplus: info.surplus,
          claimDeadline: info.claimDeadline,
          claimed,
          refund,
        },
        [
          `Accounting period ${period} in ${units.symbol}: ${account} did ${formatAmount(volume, units)} of business ` +
            `of ${formatAmount(info.totalVolume, units)} in all.`,
          `  surplus ${formatAmount(info.surplus, units)}: ${surplusText}`,
          `  refund claimable now: ${formatAmount(refund, units)}${claimed ? " (already claimed)" : ""}`,
        ],
      );
      return;
    }

    if (info.surplus === 0n) {
      fail(`Accounting period ${period} has no surplus in ${units.symbol} yet, so there is nothing to claim.`);
    }
    if (claimed) fail(`${account} already claimed its refund of ${units.symbol} for accounting period ${period}.`);
    if (now >= info.claimDeadline) {
      // The next block comes after the latest one, so a claim at the deadline second itself would fail too.
      fail(`The claims on accounting period ${period} are over: ${surplusText}.`);
    }
    if (refund === 0n) {
      fail(
        `${account} has no refund in ${units.symbol} for accounting period ${period}: it did ` +
          `${formatAmount(volume, units)} of business as a member then. Check --period, --token and --from.`,
      );
    }
    const hash = await sendInUnits("Refund claim", units, router.claimRefund, period, token);
    const [claim] = await refundClaimsIn(router, await receiptOf(hre, hash));
    if (claim === undefined) fail(`Transaction ${hash} recorded no refund claim: check it on the network.`);
    const lines = [`Claimed a refund of ${formatAmount(claim.amount, units)} for ${account} in transaction ${hash}.`];
    if (claim.credited)
      lines.push(`  It could not be sent, so it was credited: ${payoutAdvice(units, account, false)}`);
    output(
      args.json,
      { transaction: hash, period, token: units, account, amount: claim.amount, credited: claim.credited },
      lines,
    );
  });

coopTask(
  "pay:reclaim",
  "Returns to the treasury the part of a period's surplus that members left unclaimed, once claims are over; anyone may",
  true,
  "Account that sends the transaction and pays the gas (default: the first configured account)",
)
  .addParam("period", "Accounting period of the surplus, such as 0")
  .addOptionalParam("token", TOKEN_HELP, "ETH")
  .setAction(async (args: CommonArgs & { period: string; token: string }, hre) => {
    const { formatAmount } = await import("../src/cli/amounts");
    const { isoTime, latestTimestamp } = await import("../src/chain/time");
    const { surplusReclaimsIn } = await import("../src/payments/feeRouter");
    const { coop, addresses } = await connectCoop(hre, args);
    const router = coop.feeRouter;
    const period = parsePeriod(args.period);
    const token = parseToken(args.token, "--token");
    const units = await loadToken(hre, token, "--token", false);
    const [info, now] = await Promise.all([router.periodInfo(period, token), latestTimestamp(hre.ethers.provider)]);

    if (info.surplus === 0n) {
      fail(`Accounting period ${period} has no surplus in ${units.symbol}, so nothing returns to the treasury.`);
    }
    if (info.reclaimed) {
      fail(`The unclaimed surplus of accounting period ${period} in ${units.symbol} already returned to the treasury.`);
    }
    // The transaction is simulated at the latest block first, which must already be past the deadline.
    if (now <= info.claimDeadline) {
      fail(
        `Members can claim refunds of accounting period ${period} until ${isoTime(info.claimDeadline)}: ` +
          "reclaim what they left after that.",
      );
    }
    const hash = await sendInUnits("Surplus reclaim", units, router.reclaimSurplus, period, token);
    const [reclaim] = await surplusReclaimsIn(router, await receiptOf(hre, hash));
    if (reclaim === undefined) fail(`Transaction ${hash} recorded no surplus reclaim: check it on the network.`);
    const lines = [
      `Returned ${formatAmount(reclaim.remainder, units)} of unclaimed surplus of accounting period ${period} to ` +
        `the treasury (the timelock ${addresses.timelock}) in transaction ${hash}.`,
    ];
    if (reclaim.credited) {
      lines.push(`  It could not be sent, so it was credited: ${payoutAdvice(units, reclaim.treasury, false)}`);
    }
    output(
      args.json,
      { transaction: hash, period, token: units, remainder: reclaim.remainder, credited: reclaim.credited },
      lines,
    );
  });

task(
  "pay:test-token",
  "Deploys a test stablecoin with 6 decimals that anyone can mint, and mints some to local accounts (local chain only)",
)
  .addOptionalParam("amount", "Amount to mint to each account, in the token's units such as 1000", "1000")
  .addOptionalParam(
    "to",
    "Comma-separated addresses that receive the tokens (default: the first 5 accounts of the local node)",
  )
  .addFlag("permit", "Deploy a token with EIP-2612 permits (pEUR) instead of a plain one (tEUR)")
  .addFlag("json", "Print JSON for scripts")
  .setAction(async (args: { amount: string; to?: string; permit: boolean; json: boolean }, hre) => {
    await ensureCompiled(hre);
    const { formatAmount, tokenUnits } = await import("../src/cli/amounts");
    const { DEFAULT_RECIPIENT_COUNT, LOCAL_CHAIN_ID, parseRecipients } = await import("../src/payments/testToken");
    const { PermitTokenMock__factory, TokenMock__factory } = await import("../typechain-types");

    const { chainId } = await hre.ethers.provider.getNetwork();
    if (chainId !== LOCAL_CHAIN_ID) {
      fail(
        `pay:test-token runs only on a local chain (chain id ${LOCAL_CHAIN_ID}), and network ${hre.network.name} ` +
          `has chain id ${chainId}. Its token can be minted by anyone, so it is worthless elsewhere: ` +
          "on a public network, pay in a real token that the cooperative lists.",
      );
    }
    const signers = await hre.ethers.getSigners();
    if (signers.length === 0) fail(`Network ${hre.network.name} has no account to deploy the test token from.`);

    let recipients: string[];
    try {
      recipients =
        args.to === undefined
          ? await Promise.all(signers.slice(0, DEFAULT_RECIPIENT_COUNT).map((signer) => signer.getAddress()))
          : parseRecipients(args.to);
    } catch (error) {
      fail(`Invalid --to "${args.to}": ${(error as Error).message}.`);
    }

    // Both mocks have 6 decimals, so the amount is checked before anything is deployed.
    const amount = await parseAmountOption(args.amount, { address: ZeroAddress, symbol: "test tokens", decimals: 6 });
    const factory = args.permit ? new PermitTokenMock__factory(signers[0]) : new TokenMock__factory(signers[0]);
    const token = await factory.deploy();
    await token.waitForDeployment();
    const address = await token.getAddress();
    const units = await tokenUnits(hre.ethers.provider, address);

    const mints = [];
    for (const recipient of recipients) {
      const hash = await send(`Mint to ${recipient}`, token.mint, recipient, amount);
      mints.push({ account: recipient, amount, transaction: hash });
    }
    output(args.json, { token: units, permit: args.permit, mints }, [
      `Deployed the test token ${units.symbol} (${units.decimals} decimals${args.permit ? ", EIP-2612 permits" : ""}) ` +
        `at ${address}`,
      `Minted ${formatAmount(amount, units)} to each of ${recipients.join(", ")}`,
      "Pay in it once the cooperative lists it: coop:deploy --fee-tokens with this address, or a proposal " +
        `whose action calls feeRouter.setTokenAccepted(${address}, true).`,
    ]);
  });
