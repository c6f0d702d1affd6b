import { Interface, ZeroAddress, isError, type InterfaceAbi } from "ethers";

import { formatAmount, type TokenUnits } from "./amounts";

import {
  CoopCharter__factory,
  CoopColleges__factory,
  CoopGovernor__factory,
  CoopJudgmentGovernor__factory,
  CoopMembership__factory,
  CoopShares__factory,
  CoopTimelock__factory,
  FederationRegistry__factory,
  FederationRelay__factory,
  FeeRouter__factory,
  IERC20Errors__factory,
} from "../../typechain-types";

/**
 * ABIs whose custom errors a revert from our contracts may carry, including nested calls. The
 * ERC-20 errors of ERC-6093 come from tokens that OpenZeppelin Contracts 5 builds, such as a
 * payment whose allowance or balance is too low.
 */
const ERROR_SOURCES: InterfaceAbi[] = [
  CoopMembership__factory.abi,
  CoopShares__factory.abi,
  CoopGovernor__factory.abi,
  CoopTimelock__factory.abi,
  CoopCharter__factory.abi,
  CoopJudgmentGovernor__factory.abi,
  FeeRouter__factory.abi,
  CoopColleges__factory.abi,
  FederationRelay__factory.abi,
  FederationRegistry__factory.abi,
  IERC20Errors__factory.abi,
];

const interfaces = ERROR_SOURCES.map((abi) => new Interface(abi));

/** Revert data as Hardhat's node prints it inside an error message. */
const RETURN_DATA_PATTERN = /return data: (0x[0-9a-fA-F]{8,})/;

/**
 * Finds the revert data in an error from ethers or a node. Each layer (ethers, the provider, the
 * node's JSON-RPC response) nests it differently, so this walks the error's fields a few levels deep.
 */
export function revertData(error: unknown, depth = 0): string | undefined {
  if (depth > 6 || typeof error !== "object" || error === null) return undefined;
  const record = error as Record<string, unknown>;
  const data = record.data;
  if (typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data)) return data;
  const message = record.message;
  if (typeof message === "string") {
    const match = RETURN_DATA_PATTERN.exec(message);
    if (match !== null) return match[1];
  }
  for (const key of ["data", "error", "info", "cause", "payload"]) {
    const found = revertData(record[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Names of the uint256 error arguments that are amounts of a token, in its smallest unit. */
const AMOUNT_ARGUMENTS = new Set(["amount", "balance", "needed", "allowance", "value"]);

/** Names of the values of enum arguments, by `Error.argument`: the ABI gives them as plain numbers. */
const ENUM_NAMES: Record<string, readonly string[]> = {
  "RelayUnexpectedState.current": ["Active", "Ended", "Cast"],
  "RelayWrongKind.kind": ["YesNo", "Judgment"],
  "CoopJudgmentUnexpectedState.state": ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Executed"],
  "CoopMembershipAdmissionClosed.current": ["Governance", "Application", "Open"],
  "CoopSharesAdmissionClosed.policy": ["Governance", "Application", "Open"],
};

/** Error arguments that are Unix times in seconds, shown with their UTC date. */
const TIME_ARGUMENTS = new Set(["RelayTooLateToMirror.sourceDeadline"]);

/** Advice for a custom error whose arguments alone do not explain it, appended after them. */
const ADVICE: Record<string, string> = {
  CoopCollegesNoCollege:
    "the voter is in no college of this proposal's configuration, so it cannot vote while college voting " +
    'is on; governance assigns it with coop:colleges --apply and a file such as {"members": {"0xMEMBER": 1}}',
};

/** Units of ETH, in which `FeeRouterEtherTransferFailed` reports its amount whatever the task's token. */
const ETHER_UNITS: TokenUnits = { address: ZeroAddress, symbol: "ETH", decimals: 18 };

/**
 * Returns a one-line description of why a transaction or call failed: the custom error of our
 * contracts with its arguments by name when the revert data decodes, else the error's message.
 * Drops the generic "cannot estimate gas" wrapping, which hides the cause. When `units` is given,
 * amount arguments print in that token's units, such as 0.5 ETH rather than 500000000000000000.
 */
export function describeRevert(error: unknown, units?: TokenUnits): string {
  const data = revertData(error);
  if (data !== undefined) {
    for (const iface of interfaces) {
      const parsed = iface.parseError(data);
      if (parsed === null) continue;
      const amountUnits = parsed.name === "FeeRouterEtherTransferFailed" ? ETHER_UNITS : units;
      const args = parsed.fragment.inputs.map((input, i) => {
        const value = parsed.args[i] as unknown;
        const key = `${parsed.name}.${input.name}`;
        let display = String(value);
        if (amountUnits !== undefined && input.type === "uint256" && AMOUNT_ARGUMENTS.has(input.name)) {
          display = formatAmount(BigInt(value as bigint), amountUnits);
        } else if (ENUM_NAMES[key]?.[Number(value)] !== undefined) {
          display = `${ENUM_NAMES[key][Number(value)]} (${display})`;
        } else if (TIME_ARGUMENTS.has(key)) {
          display = `${new Date(Number(value) * 1000).toISOString()} (${display})`;
        }
        return `${input.name || `arg${i}`}=${display}`;
      });
      const advice = ADVICE[parsed.name];
      return `${parsed.name}(${args.join(", ")})${advice === undefined ? "" : `: ${advice}`}`;
    }
    return `reverted with undecoded data ${data}`;
  }
  if (isError(error, "CALL_EXCEPTION") && error.reason) return error.reason;
  const funds = insufficientFunds(error);
  if (funds !== undefined) return funds;
  return error instanceof Error ? error.message : String(error);
}

/** Hardhat's message when the sender cannot pay a transaction's value and gas. */
const HARDHAT_FUNDS_PATTERN = /max upfront cost is: (\d+) and the sender's balance is: (\d+)/;

/** Geth's message, which most public RPC endpoints relay, when the sender cannot pay. */
const GETH_FUNDS_PATTERN =
  /insufficient funds for gas \* price \+ value(?:: address (0x[0-9a-fA-F]{40}))? have (\d+) want (\d+)/;

/**
 * Returns the message for a transaction that the sender's ETH cannot pay (its value plus its
 * maximum gas cost), with both amounts in ETH, or undefined when `error` has another cause.
 */
export function insufficientFunds(error: unknown): string | undefined {
  const text = errorText(error);
  let balance: bigint;
  let needed: bigint;
  const hardhat = HARDHAT_FUNDS_PATTERN.exec(text);
  const geth = GETH_FUNDS_PATTERN.exec(text);
  if (hardhat !== null) {
    needed = BigInt(hardhat[1]);
    balance = BigInt(hardhat[2]);
  } else if (geth !== null) {
    balance = BigInt(geth[2]);
    needed = BigInt(geth[3]);
  } else {
    return undefined;
  }
  return (
    `insufficient balance: the sending account has ${formatAmount(balance, ETHER_UNITS)}, and the node requires ` +
    `${formatAmount(needed, ETHER_UNITS)} to accept this transaction (its value plus its gas limit at the current ` +
    "gas price, more than it will likely spend). Send ETH to the account, or choose a funded account with " +
    "--from. A member without ETH can sign a vote with --sign-only for anyone to relay."
  );
}

/** Returns the messages of `error` and of the errors it wraps, joined, to search for a node's message. */
function errorText(error: unknown, depth = 0): string {
  if (depth > 6 || typeof error !== "object" || error === null) return typeof error === "string" ? error : "";
  const record = error as Record<string, unknown>;
  const own = typeof record.message === "string" ? record.message : "";
  const nested = ["error", "info", "cause", "data"].map((key) => errorText(record[key], depth + 1));
  return [own, ...nested].filter((part) => part !== "").join("\n");
}
