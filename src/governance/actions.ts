import { FunctionFragment, Interface, ParamType, getAddress, isAddress, isHexString, type Result } from "ethers";

import {
  CoopCharter__factory,
  CoopGovernor__factory,
  CoopMembership__factory,
  CoopShares__factory,
  CoopTimelock__factory,
  FeeRouter__factory,
} from "../../typechain-types";
import type { CooperativeAddresses } from "../deploy/cooperative";
import type { Action } from "./proposals";

/** Names that an action's `target` may use instead of the address of one of the cooperative's contracts. */
export const CONTRACT_NAMES = ["membership", "shares", "governor", "timelock", "charter", "feeRouter"] as const;

export type ContractName = (typeof CONTRACT_NAMES)[number];

/** An action whose target is one of the cooperative's contracts, decoded with that contract's ABI. */
export interface DecodedAction {
  target: string;
  value: bigint;
  data: string;
  /** Name of the cooperative's contract at `target`, when it is one. */
  contract?: ContractName;
  /** Signature of the called function, when `contract` is set and its ABI decodes the calldata. */
  function?: string;
  /** Arguments by parameter name, as text, when `function` is set. */
  args?: Record<string, string>;
}

/** Error for an actions file that does not describe calls, naming the entry and field at fault. */
export class InvalidActionError extends Error {
  override name = "InvalidActionError";
}

const INTERFACES: Record<ContractName, Interface> = {
  membership: CoopMembership__factory.createInterface(),
  shares: CoopShares__factory.createInterface(),
  governor: CoopGovernor__factory.createInterface(),
  timelock: CoopTimelock__factory.createInterface(),
  charter: CoopCharter__factory.createInterface(),
  feeRouter: FeeRouter__factory.createInterface(),
};

const ACTION_FIELDS = ["target", "value", "function", "args", "data"];

/** A Solidity function signature such as `transfer(address,uint256)`. */
const SIGNATURE_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$]*\(.*\)$/;

/**
 * Reads the actions of a proposal from parsed JSON: a list of entries, each either
 * `{target, value?, function, args?}` or `{target, value?, data}`. `target` is an address or the
 * name of one of the cooperative's contracts, `value` is in wei as a decimal string, `function` is
 * a name or a full signature such as `admit(address)`, and `data` is the calldata in hex.
 *
 * Each argument must have the JSON form of its ABI type. A `bool` is a JSON boolean, an integer is a
 * JSON integer or a decimal or 0x hex string in range, and an `address` is a string in lowercase or
 * with a valid checksum. `bytes` and `bytesN` are 0x hex of the right length, and a `string` is a
 * string. Arrays are lists, and a tuple is a list or, when its fields have names, an object.
 *
 * @throws InvalidActionError naming the entry and field at fault, its value and what is expected.
 */
export function parseActions(value: unknown, addresses: CooperativeAddresses): Action[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidActionError(
      `expected a JSON list of at least one action, such as [{"target": "membership", "function": "admit", ` +
        `"args": ["0x..."]}], but the file contains ${describe(value)}. A yes/no proposal runs at least one ` +
        "action; to decide a motion without actions, propose it with mj:propose, whose options may have none.",
    );
  }
  return value.map((entry, index) => parseAction(entry, `actions[${index}]`, addresses));
}

/** Decodes `action` with the ABI of the cooperative's contract that it targets, when it targets one. */
export function decodeAction(action: Action, addresses: CooperativeAddresses): DecodedAction {
  const target = getAddress(action.target);
  const data = String(action.data);
  const decoded: DecodedAction = { target, value: BigInt(action.value ?? 0), data };
  const contract = contractNameAt(target, addresses);
  if (contract === undefined) return decoded;
  decoded.contract = contract;

  const call = INTERFACES[contract].parseTransaction({ data, value: decoded.value });
  if (call === null) return decoded;
  decoded.function = call.signature;
  decoded.args = Object.fromEntries(
    call.fragment.inputs.map((input, i) => [input.name || `arg${i}`, formatArgument(call.args[i])]),
  );
  return decoded;
}

/** Formats a decoded action on one line, such as `membership.admit(member=0x...)`. */
export function formatAction(action: DecodedAction): string {
  const value = action.value > 0n ? ` with ${action.value} wei` : "";
  if (action.function === undefined || action.args === undefined) {
    const name = action.contract === undefined ? action.target : `${action.contract} (${action.target})`;
    return `call ${name}${value}, calldata ${action.data}`;
  }
  const name = action.function.slice(0, action.function.indexOf("("));
  const args = Object.entries(action.args).map(([key, arg]) => `${key}=${arg}`);
  return `${action.contract}.${name}(${args.join(", ")})${value}`;
}

function parseAction(entry: unknown, path: string, addresses: CooperativeAddresses): Action {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new InvalidActionError(
      `${path} is ${describe(entry)}: expected an object with "target" and "function" or "data".`,
    );
  }
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!ACTION_FIELDS.includes(key)) {
      throw new InvalidActionError(`${path} has the unknown field "${key}": use ${ACTION_FIELDS.join(", ")}.`);
    }
  }

  const { address, contract } = parseTarget(record.target, `${path}.target`, addresses);
  const value = parseValue(record.value, `${path}.value`);
  if (record.data !== undefined) {
    if (record.function !== undefined || record.args !== undefined) {
      throw new InvalidActionError(
        `${path} has both "data" and "function" or "args": give the calldata or the call, not both.`,
      );
    }
    if (typeof record.data !== "string" || !isHexString(record.data) || record.data.length % 2 !== 0) {
      throw invalid(`${path}.data`, record.data, "calldata in hex: 0x and an even number of hex digits");
    }
    return { target: address, value, data: record.data };
  }
  return { target: address, value, data: encodeCall(record, path, contract) };
}

function parseTarget(
  value: unknown,
  path: string,
  addresses: CooperativeAddresses,
): { address: string; contract?: ContractName } {
  if (typeof value === "string" && (CONTRACT_NAMES as readonly string[]).includes(value)) {
    const contract = value as ContractName;
    return { address: getAddress(addresses[contract]), contract };
  }
  if (typeof value !== "string" || !isAddress(value)) {
    throw invalid(path, value, `an address (0x and 40 hex digits) or one of ${CONTRACT_NAMES.join(", ")}`);
  }
  const address = getAddress(value);
  return { address, contract: contractNameAt(address, addresses) };
}

function parseValue(value: unknown, path: string): bigint {
  if (value === undefined) return 0n;
  if (typeof value !== "string" || !/^[0-9]+$/.test(value)) {
    throw invalid(path, value, 'an amount in wei written as a decimal string, such as "1000000000000000000" for 1 ETH');
  }
  return BigInt(value);
}

/** Encodes `function(args)` with the ABI of the target contract, or with the signature given. */
function encodeCall(record: Record<string, unknown>, path: string, contract: ContractName | undefined): string {
  const name = record.function;
  if (typeof name !== "string" || name === "") {
    throw invalid(
      `${path}.function`,
      name,
      'a function name or signature, such as "admit" or "admit(address)", or give "data"',
    );
  }
  const args = record.args ?? [];
  if (!Array.isArray(args)) throw invalid(`${path}.args`, args, "a JSON list of the function's arguments");

  let iface: Interface;
  if (contract !== undefined) {
    iface = INTERFACES[contract];
  } else if (SIGNATURE_PATTERN.test(name)) {
    iface = parseSignature(name, `${path}.function`);
  } else {
    throw invalid(
      `${path}.function`,
      name,
      "a full signature such as transfer(address,uint256), because the target is not one of the cooperative's contracts",
    );
  }

  let fragment: FunctionFragment | null;
  try {
    fragment = iface.getFunction(name);
  } catch (error) {
    // ethers rejects a bare name that several overloads share.
    throw invalid(`${path}.function`, name, `a full signature, because ${shortMessage(error)}`);
  }
  if (fragment === null) {
    const known = contract === undefined ? "" : ` of the ${contract} contract`;
    throw invalid(`${path}.function`, name, `the name or signature of a function${known}`);
  }
  if (args.length !== fragment.inputs.length) {
    throw invalid(
      `${path}.args`,
      args,
      `${fragment.inputs.length} argument${fragment.inputs.length === 1 ? "" : "s"} for ${fragment.format("sighash")}`,
    );
  }
  const values = checkArguments(fragment, args, path);
  try {
    return iface.encodeFunctionData(fragment, values);
  } catch (error) {
    throw new InvalidActionError(`${path}.args do not fit ${fragment.format("sighash")}: ${shortMessage(error)}.`, {
      cause: error,
    });
  }
}

/** Largest integer that a JSON number carries exactly. Larger ones must be written as strings. */
const MAX_JSON_INTEGER = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Checks each argument of `fragment` against its ABI type and returns the values to encode. ethers
 * coerces loosely (any non-empty string, even "false", encodes as `true`), so every value must
 * already have the JSON form of its type.
 */
function checkArguments(fragment: FunctionFragment, args: unknown[], path: string): unknown[] {
  return fragment.inputs.map((param, i) => checkArgument(param, args[i], `${path}.args[${i}]`));
}

/**
 * Returns `value` as ethers encodes it for `param`, or throws naming `path`, the parameter's name
 * and type, the value and the expected form. Arrays and tuples are checked item by item.
 */
function checkArgument(param: ParamType, value: unknown, path: string): unknown {
  const where = `${path} (${param.name === "" ? "" : `${param.name}: `}${param.format("sighash")})`;
  const reject = (expected: string): never => {
    throw invalid(where, value, expected);
  };

  if (param.isArray()) {
    if (!Array.isArray(value)) return reject("a JSON list");
    if (param.arrayLength >= 0 && value.length !== param.arrayLength) {
      return reject(`a JSON list of exactly ${param.arrayLength} items`);
    }
    return value.map((item, i) => checkArgument(param.arrayChildren, item, `${path}[${i}]`));
  }
  if (param.isTuple()) {
    const names = param.components.map((component) => component.name);
    let items: unknown[];
    if (Array.isArray(value)) {
      items = value;
    } else if (typeof value === "object" && value !== null && names.every((name) => name !== "")) {
      const record = value as Record<string, unknown>;
      const extra = Object.keys(record).filter((key) => !names.includes(key));
      if (extra.length > 0) return reject(`an object with only the fields ${names.join(", ")}`);
      items = names.map((name) => record[name]);
    } else {
      return reject(
        `a JSON list of ${param.components.length} items, or an object with the fields ${names.join(", ")}`,
      );
    }
    if (items.length !== param.components.length) return reject(`a JSON list of ${param.components.length} items`);
    return param.components.map((component, i) =>
      checkArgument(component, items[i], `${path}.${component.name === "" ? i : component.name}`),
    );
  }

  const type = param.baseType;
  if (type === "bool") {
    if (typeof value !== "boolean") return reject("a JSON boolean, true or false, without quotes");
    return value;
  }
  if (type === "string") {
    if (typeof value !== "string") return reject("a JSON string");
    return value;
  }
  if (type === "address") {
    if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
      return reject("an address as a JSON string: 0x and 40 hex digits");
    }
    if (!isAddress(value)) {
      return reject(
        `an address with a valid EIP-55 checksum, but this mixed-case spelling fails it, which usually means a ` +
          `typo: check the address, or write it all in lowercase to skip the checksum`,
      );
    }
    return getAddress(value);
  }
  const integer = /^(u?)int([0-9]*)$/.exec(type);
  if (integer !== null) return checkInteger(integer[1] === "", Number(integer[2] || 256), value, reject);
  const bytes = /^bytes([0-9]*)$/.exec(type);
  if (bytes !== null) {
    const length = bytes[1] === "" ? undefined : Number(bytes[1]);
    const form =
      length === undefined ? "0x and an even number of hex digits" : `0x and exactly ${length * 2} hex digits`;
    if (typeof value !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(value))
      return reject(`hex as a JSON string: ${form}`);
    if (length !== undefined && value.length !== 2 + length * 2) return reject(`${length} bytes: ${form}`);
    return value;
  }
  return reject(`a value of a supported ABI type, but ${type} is not supported: give the calldata as "data"`);
}

/** Checks an integer argument of `bits` bits: a JSON integer, or a decimal or 0x hex string. */
function checkInteger(signed: boolean, bits: number, value: unknown, reject: (expected: string) => never): bigint {
  const min = signed ? -(2n ** BigInt(bits - 1)) : 0n;
  const max = signed ? 2n ** BigInt(bits - 1) - 1n : 2n ** BigInt(bits) - 1n;
  const form = `an integer from ${min} to ${max}, as a JSON number or a decimal or 0x hex string`;
  let integer: bigint;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return reject(form);
    if (BigInt(value) > MAX_JSON_INTEGER || BigInt(value) < -MAX_JSON_INTEGER) {
      return reject(`${form}; a JSON number this large loses precision, so write it as a string`);
    }
    integer = BigInt(value);
  } else if (typeof value === "string" && /^-?[0-9]+$/.test(value)) {
    integer = BigInt(value);
  } else if (typeof value === "string" && /^0x[0-9a-fA-F]+$/.test(value)) {
    integer = BigInt(value);
  } else {
    return reject(form);
  }
  if (integer < min || integer > max) return reject(form);
  return integer;
}

function parseSignature(signature: string, path: string): Interface {
  try {
    // `new Interface` skips an invalid fragment with a warning, and `FunctionFragment.from` throws.
    return new Interface([FunctionFragment.from(`function ${signature}`)]);
  } catch (error) {
    throw new InvalidActionError(
      `${path} is ${JSON.stringify(signature)}, which is not a valid Solidity signature: ${shortMessage(error)}.`,
      { cause: error },
    );
  }
}

/** Returns the name of the cooperative's contract at `address`, or undefined for any other address. */
function contractNameAt(address: string, addresses: CooperativeAddresses): ContractName | undefined {
  return CONTRACT_NAMES.find((name) => getAddress(addresses[name]) === address);
}

function formatArgument(value: unknown): string {
  if (typeof value === "bigint" || typeof value === "string" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    const items = (value as Result | unknown[]).map((item: unknown) => formatArgument(item));
    return `[${items.join(", ")}]`;
  }
  return String(value);
}

function invalid(path: string, value: unknown, expected: string): InvalidActionError {
  return new InvalidActionError(`${path} is ${describe(value)}: expected ${expected}.`);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  return (
    JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item)) ?? String(value)
  );
}

function shortMessage(error: unknown): string {
  if (typeof error === "object" && error !== null && "shortMessage" in error) return String(error.shortMessage);
  return error instanceof Error ? error.message : String(error);
}
