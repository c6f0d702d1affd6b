import { getAddress, isAddress } from "ethers";

/** Chain id of the Hardhat network and of `hardhat node`, the only chain where test tokens may be deployed. */
export const LOCAL_CHAIN_ID = 31337n;

/** Number of local accounts that receive test tokens when no recipient is given. */
export const DEFAULT_RECIPIENT_COUNT = 5;

/**
 * Parses a comma-separated list of recipient addresses into checksummed addresses, without
 * duplicates.
 *
 * @throws Error naming the first entry that is not an address, or when the list is empty.
 */
export function parseRecipients(list: string): string[] {
  const entries = list
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) throw new Error("expected addresses separated by commas");
  for (const entry of entries) {
    if (!isAddress(entry)) throw new Error(`"${entry}" is not an address (0x and 40 hex digits)`);
  }
  return [...new Set(entries.map((entry) => getAddress(entry)))];
}
