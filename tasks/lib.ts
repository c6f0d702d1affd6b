import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";

import { task } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { ActionType, ConfigurableTaskDefinition, HardhatRuntimeEnvironment, TaskArguments } from "hardhat/types";
import { formatEther, getAddress, isAddress, type Signer } from "ethers";

import type { TokenUnits } from "../src/cli/amounts";
import type { SentTransaction } from "../src/cli/progress";

import { isValidBinaryCid } from "../src/ipfs/cid";

/** Plugin name that Hardhat prints before this project's task errors. */
export const PLUGIN = "world-coop";

/** Addresses of one cooperative, as `coop:deploy` records them. */
export interface CoopAddresses {
  symbol: string;
  membership: string;
  governor: string;
  timelock: string;
  shares: string;
  charter: string;
  judgment: string;
  feeRouter: string;
}

/** Parts of a cooperative that `coop:deploy` records, each as `SYMBOL-part`. */
export const COOP_PARTS = ["membership", "governor", "timelock", "shares", "charter", "judgment", "feeRouter"] as const;

/** Throws the error that Hardhat prints as this project's message, naming what to do. */
export function fail(message: string): never {
  throw new HardhatPluginError(PLUGIN, message);
}

/**
 * Returns the addresses of the cooperative recorded under `symbol` on the current network, or of
 * the only one recorded when `symbol` is not given.
 */
export async function loadCoopAddresses(hre: HardhatRuntimeEnvironment, symbol?: string): Promise<CoopAddresses> {
  if (symbol !== undefined && symbol.startsWith("0x")) {
    if (!isAddress(symbol))
      fail(`Invalid --coop "${symbol}": expected a symbol, or an address of 0x and 40 hex digits.`);
    return findCoopByAddress(hre, getAddress(symbol));
  }
  const records = await hre.deployments.all();
  const symbols = Object.keys(records)
    .filter((name) => name.endsWith("-membership"))
    .map((name) => name.slice(0, -"-membership".length));
  if (symbols.length === 0) {
    fail(
      `No cooperative is recorded on network ${hre.network.name}: run coop:deploy first, on the same network, or ` +
        "pass --coop with the address of the cooperative's membership register if someone else deployed it.",
    );
  }
  const chosen = symbol ?? (symbols.length === 1 ? symbols[0] : undefined);
  if (chosen === undefined) {
    fail(
      `Several cooperatives are recorded on network ${hre.network.name}: pass --coop with one of ${symbols.join(", ")}.`,
    );
  }
  if (!symbols.includes(chosen)) {
    fail(`No cooperative "${chosen}" on network ${hre.network.name}; recorded: ${symbols.join(", ")}.`);
  }
  const addresses: Partial<CoopAddresses> = { symbol: chosen };
  for (const part of COOP_PARTS) {
    const record = records[`${chosen}-${part}`];
    if (record === undefined) fail(`The record ${chosen}-${part} is missing: deploy the cooperative again.`);
    addresses[part] = record.address;
  }
  return addresses as CoopAddresses;
}

/**
 * Returns the addresses of the cooperative that `address` belongs to: a cooperative recorded on
 * this network, else one that the factory recorded on this network announced when it created it.
 * A member who did not deploy the cooperative has no record of it, only an address to give.
 */
async function findCoopByAddress(hre: HardhatRuntimeEnvironment, address: string): Promise<CoopAddresses> {
  const network = hre.network.name;

  const records = await hre.deployments.all();
  const recorded = Object.entries(records).find(
    ([name, record]) => COOP_PARTS.some((part) => name.endsWith(`-${part}`)) && getAddress(record.address) === address,
  );
  if (recorded !== undefined) return loadCoopAddresses(hre, recorded[0].slice(0, recorded[0].lastIndexOf("-")));

  if ((await hre.ethers.provider.getCode(address)) === "0x") {
    fail(
      `--coop ${address}: there is no contract at that address on network ${network}. Check the address and --network.`,
    );
  }
  // getOrNull gives undefined, not null, for a missing record.
  const record = await hre.deployments.getOrNull("CoopFactory");
  if (record == null) {
    fail(
      `--coop ${address}: no factory is recorded on network ${network}, so the cooperative's other contracts ` +
        `cannot be found. Copy the deployment records of whoever deployed it into deployments/${network}/, ` +
        "then pass --coop with its symbol.",
    );
  }
  const { CoopFactory__factory, CoopMembership__factory } = await import("../typechain-types");
  const { findCooperative } = await import("../src/deploy/factory");
  const factory = CoopFactory__factory.connect(record.address, hre.ethers.provider);
  const found = await findCooperative(factory, address, record.receipt?.blockNumber ?? 0);
  if (found === undefined) {
    fail(
      `--coop ${address}: the factory at ${record.address} on network ${network} created no cooperative with ` +
        "that address. Give an address of the cooperative (such as its membership register), or --coop with " +
        "the symbol of its deployment record.",
    );
  }
  const symbol = await CoopMembership__factory.connect(found.membership, hre.ethers.provider).symbol();
  return { symbol, ...found };
}

/**
 * Returns the block in which cooperative `symbol` was deployed, as its membership record gives it
 * (the receipt's block, or the `linkedData.deploymentBlock` that coop:deploy writes), or undefined
 * when the record has neither, as for a cooperative found by address.
 */
export async function recordedDeploymentBlock(
  hre: HardhatRuntimeEnvironment,
  symbol: string,
): Promise<number | undefined> {
  const record = await hre.deployments.getOrNull(`${symbol}-membership`);
  const receiptBlock = record?.receipt?.blockNumber;
  if (receiptBlock !== undefined) return receiptBlock;
  const linkedData: unknown = record?.linkedData;
  if (typeof linkedData === "object" && linkedData !== null && "deploymentBlock" in linkedData) {
    const { deploymentBlock } = linkedData;
    if (typeof deploymentBlock === "number" && Number.isSafeInteger(deploymentBlock)) return deploymentBlock;
  }
  return undefined;
}

/**
 * Connects to the cooperative recorded under `args.coop` (or the only one) with the signer of
 * `args.from` (or the first account), and returns its typed contracts.
 */
export async function connectCoop(hre: HardhatRuntimeEnvironment, args: { coop?: string; from?: string }) {
  const { connectCooperative } = await import("../src/deploy/cooperative");
  const addresses = await loadCoopAddresses(hre, args.coop);
  const signer = await signerFor(hre, args.from);
  return { addresses, signer, account: await signer.getAddress(), coop: connectCooperative(signer, addresses) };
}

/** Parses `--id` as a proposal id, or fails naming `printedBy`, the task that prints ids. */
export function parseProposalId(value: string, printedBy: string): bigint {
  if (!/^[0-9]+$/.test(value) || BigInt(value) >= 2n ** 256n) {
    fail(`Invalid --id "${value}": expected the proposal id as a decimal number, as ${printedBy} printed it.`);
  }
  return BigInt(value);
}

/** Returns the signer for `from` (an address among the configured accounts), or the first account. */
export async function signerFor(hre: HardhatRuntimeEnvironment, from?: string): Promise<Signer> {
  const signers = await hre.ethers.getSigners();
  if (signers.length === 0) fail(`Network ${hre.network.name} has no account: set DEPLOYER_PRIVATE_KEY in .env.`);
  if (from === undefined) return signers[0];
  const signer = signers.find((candidate) => candidate.address.toLowerCase() === from.toLowerCase());
  if (signer === undefined) {
    fail(`Account ${from} is not among the accounts configured for network ${hre.network.name}.`);
  }
  return signer;
}

/** Help text of the options that take a CID, in every form that `requireCid` accepts. */
export const CID_FORMS = "a CID such as Qm... or bafy..., an ipfs:// URI, or the binary CID in hex (0x...)";

/**
 * Returns the binary CID, in hex, of a CID given as hex, as text or as an `ipfs://` URI, keeping
 * its version: for commands that show or fetch content, where `Qm...` should stay a CIDv0.
 */
export async function parseCidOption(value: string, flag: string): Promise<string> {
  if (value.startsWith("0x")) {
    if (!isValidBinaryCid(value)) {
      fail(
        `Invalid ${flag} "${value}": expected a binary CID in hex, such as 0x1220... (CIDv0) or 0x0155... (CIDv1), ` +
          "or the CID as text (Qm..., bafy...) or an ipfs:// URI.",
      );
    }
    return value.toLowerCase();
  }
  const { parseCid } = await import("../src/ipfs/cidText");
  try {
    return parseCid(value);
  } catch (error) {
    fail(`Invalid ${flag}: ${(error as Error).message}`);
  }
}

/**
 * Returns the binary CID of a CID option as `parseCidOption` reads it, always as a CIDv1: `Qm...`
 * and its `bafybei...` form give the same bytes, so the chain never records one document as two.
 */
export async function requireCid(value: string, flag: string): Promise<string> {
  const { toCidV1 } = await import("../src/ipfs/cidText");
  return toCidV1(await parseCidOption(value, flag));
}

/** A contract method as ethers builds it: sent when called, simulated by `staticCall`. */
export interface ContractMethod {
  (...args: never): Promise<{ wait(): Promise<{ hash: string } | null> }>;
  staticCall(...args: never): Promise<unknown>;
}

/**
 * Simulates `method(...args)`, then sends it and waits for it; returns the transaction hash. A call
 * that would revert stops here with the decoded error, before any gas is spent, and a transaction
 * that fails once sent is reported as failed, never as done.
 */
export async function send<M extends ContractMethod>(
  label: string,
  method: M,
  ...args: Parameters<M>
): Promise<string> {
  return sendTransaction(label, undefined, method, args);
}

/** Sends like {@link send}, and prints the amounts of a decoded error in the units of `units`' token. */
export async function sendInUnits<M extends ContractMethod>(
  label: string,
  units: TokenUnits,
  method: M,
  ...args: Parameters<M>
): Promise<string> {
  return sendTransaction(label, units, method, args);
}

async function sendTransaction<M extends ContractMethod>(
  label: string,
  units: TokenUnits | undefined,
  method: M,
  args: Parameters<M>,
): Promise<string> {
  const { describeRevert } = await import("../src/cli/errors");
  const { reportOnStderr, waitWithProgress } = await import("../src/cli/progress");
  const call = method as unknown as {
    (...callArgs: unknown[]): Promise<SentTransaction<{ hash: string }>>;
    staticCall(...callArgs: unknown[]): Promise<unknown>;
  };
  try {
    await call.staticCall(...args);
  } catch (error) {
    fail(`${label} would fail, so it was not sent: ${describeRevert(error, units)}`);
  }
  try {
    const receipt = await waitWithProgress(label, await call(...args), reportOnStderr);
    if (receipt === null) fail(`${label}: the transaction was dropped before it was mined.`);
    return receipt.hash;
  } catch (error) {
    if (error instanceof HardhatPluginError) throw error;
    fail(`${label} failed: ${describeRevert(error, units)}`);
  }
}

/**
 * Reads and parses the JSON file that option `flag` names, failing with the path when the file is
 * missing, is a folder or is not valid JSON.
 */
export async function parseJsonFile(path: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") fail(`File not found: ${flag} ${JSON.stringify(path)}. Give the path of an existing file.`);
    if (code === "EISDIR") fail(`${flag} ${JSON.stringify(path)} is a folder: give the path of a JSON file.`);
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    fail(`Invalid ${flag} ${JSON.stringify(path)}: it is not valid JSON (${(error as Error).message}).`);
  }
}

/**
 * Runs `action` with `console.log` sent to standard error, so the progress lines of deployments it
 * runs stay out of the JSON that a task prints on standard output.
 */
export async function logsToStderr<T>(action: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = (...items: unknown[]) => console.error(...items);
  try {
    return await action();
  } finally {
    console.log = log;
  }
}

/** Prints `value` as JSON when `json` is set, else the human-readable lines. */
export function output(json: boolean, value: unknown, lines: string[]): void {
  if (json) {
    console.log(JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item), 2));
  } else {
    for (const line of lines) console.log(line);
  }
}

/** Help text of `--from` for tasks that only send transactions, which any account may send. */
const FROM_HELP = "Account that sends the transactions and pays the gas (default: the first configured account)";

/**
 * Declares a task that acts on one recorded cooperative, with the options every such task takes:
 * `--coop` and `--json`, and `--from` for tasks that send transactions, described by `fromHelp`.
 *
 * On a local chain, the task's action starts by mining a block when the latest block is behind the
 * machine's clock, so an idle `hardhat node` reports the current time to the task's checks.
 */
export function coopTask(
  name: string,
  description: string,
  sendsTransactions: boolean,
  fromHelp: string = FROM_HELP,
): ConfigurableTaskDefinition {
  const definition = task(name, description)
    .addOptionalParam(
      "coop",
      "Symbol of the cooperative's deployment record, or an address of a cooperative that the network's " +
        "recorded factory created, such as its membership register (default: the only one recorded)",
    )
    .addFlag("json", "Print JSON for scripts");
  return withChainOptions(definition, sendsTransactions, fromHelp);
}

/**
 * Compiles the contracts when their typed bindings (`typechain-types/`) do not exist yet, as on a
 * fresh clone, because the tasks load them. Otherwise it does nothing, so a task starts at once.
 */
export async function ensureCompiled(hre: HardhatRuntimeEnvironment): Promise<void> {
  if (existsSync(join(hre.config.paths.root, "typechain-types", "index.ts"))) return;
  console.error("Compiling the contracts first: their typed bindings are missing (a fresh clone)...");
  await hre.run("compile", { quiet: true });
}

/**
 * Adds `--from` to `definition` when it sends transactions, and makes its action start by mining a
 * block on a local chain whose latest block is behind the machine's clock.
 */
export function withChainOptions(
  definition: ConfigurableTaskDefinition,
  sendsTransactions: boolean,
  fromHelp: string = FROM_HELP,
): ConfigurableTaskDefinition {
  if (sendsTransactions) definition.addOptionalParam("from", fromHelp);

  const setAction = definition.setAction.bind(definition);
  definition.setAction = (action: ActionType<TaskArguments>) =>
    setAction(async (args, hre, runSuper) => {
      await ensureCompiled(hre);
      const { catchUpWithClock } = await import("../src/chain/time");
      await catchUpWithClock(hre.ethers.provider);
      return action(args, hre, runSuper);
    });
  return definition;
}

/** Fails naming the folder when the folder of the file that `flag` names does not exist, before anything is signed or sent. */
export async function checkOutputFolder(path: string, flag = "--out"): Promise<void> {
  const folder = dirname(path);
  let isFolder = false;
  try {
    isFolder = (await stat(folder)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (!isFolder) {
    fail(
      `Invalid ${flag} ${JSON.stringify(path)}: the folder ${JSON.stringify(folder)} does not exist. ` +
        "Create it first, or give a path in an existing folder.",
    );
  }
}

/** Chain id of the embedded network and of `hardhat node`, the only chains where a task impersonates a timelock. */
export const LOCAL_CHAIN_ID = 31337n;

/** Balance given to an impersonated timelock that has none, so it can pay the gas of its calls: 1 ETH in wei. */
const IMPERSONATION_BALANCE = 10n ** 18n;

/**
 * Returns a signer for `account` on a local chain, impersonated and given gas money when it has
 * none. On any other chain it fails with `otherwise`, the advice for acting there.
 */
export async function impersonateOnLocalChain(
  hre: HardhatRuntimeEnvironment,
  account: string,
  otherwise: string,
): Promise<Signer> {
  const { chainId } = await hre.ethers.provider.getNetwork();
  if (chainId !== LOCAL_CHAIN_ID) {
    fail(
      `--as-timelock works only on a local Hardhat chain (chain id ${LOCAL_CHAIN_ID}), not on chain ${chainId}: ${otherwise}`,
    );
  }
  await hre.ethers.provider.send("hardhat_impersonateAccount", [account]);
  if ((await hre.ethers.provider.getBalance(account)) === 0n) {
    await hre.ethers.provider.send("hardhat_setBalance", [account, `0x${IMPERSONATION_BALANCE.toString(16)}`]);
  }
  return hre.ethers.getSigner(account);
}

/**
 * Fails naming the first action that the timelock's balance cannot pay, before execution would
 * revert with a bare `FailedCall()`. The timelock sends each action's value from its own balance,
 * because the execute tasks send no ether with the call. `command` is the task to run again.
 */
export async function checkTimelockBalance(
  hre: HardhatRuntimeEnvironment,
  timelock: string,
  values: bigint[],
  command: string,
): Promise<void> {
  const balance = await hre.ethers.provider.getBalance(timelock);
  const total = values.reduce((sum, value) => sum + value, 0n);
  if (total <= balance) return;

  let spent = 0n;
  const index = values.findIndex((value) => (spent += value) > balance);
  const left = balance - (spent - values[index]);
  const eth = (wei: bigint): string => `${formatEther(wei)} ETH`;
  fail(
    `The timelock ${timelock} holds ${eth(balance)}, but the actions send ${eth(total)} in all: action ${index + 1} ` +
      `sends ${eth(values[index])}, and only ${eth(left)} is left for it after the actions before it. ` +
      `Send at least ${eth(total - balance)} more to the timelock (the treasury), for example with ` +
      `pay:send or from a wallet, then run ${command} again.`,
  );
}
