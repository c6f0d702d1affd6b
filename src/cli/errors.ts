import { Interface, isError, type InterfaceAbi } from "ethers";

import {
  CoopGovernor__factory,
  CoopMembership__factory,
  CoopShares__factory,
  CoopTimelock__factory,
} from "../../typechain-types";

/** ABIs whose custom errors a revert from our contracts may carry, including nested calls. */
const ERROR_SOURCES: InterfaceAbi[] = [
  CoopMembership__factory.abi,
  CoopShares__factory.abi,
  CoopGovernor__factory.abi,
  CoopTimelock__factory.abi,
];

const interfaces = ERROR_SOURCES.map((abi) => new Interface(abi));

/** Finds the revert data in an ethers error, which nests it differently for calls and estimates. */
function revertData(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const data = (current as { data?: unknown }).data;
    if (typeof data === "string" && data.startsWith("0x") && data.length >= 10) return data;
    current = (current as { error?: unknown; info?: unknown }).error ?? (current as { info?: unknown }).info;
  }
  return undefined;
}

/**
 * Returns a one-line description of why a transaction or call failed: the custom error of our
 * contracts with its arguments by name when the revert data decodes, else the error's message.
 * Hides the generic "cannot estimate gas" wrapping, which says nothing of the cause.
 */
export function describeRevert(error: unknown): string {
  const data = revertData(error);
  if (data !== undefined) {
    for (const iface of interfaces) {
      const parsed = iface.parseError(data);
      if (parsed === null) continue;
      const args = parsed.fragment.inputs.map((input, i) => `${input.name || `arg${i}`}=${String(parsed.args[i])}`);
      return `${parsed.name}(${args.join(", ")})`;
    }
    return `reverted with undecoded data ${data}`;
  }
  if (isError(error, "CALL_EXCEPTION") && error.reason) return error.reason;
  return error instanceof Error ? error.message : String(error);
}
