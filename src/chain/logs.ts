import type { ContractRunner, Provider } from "ethers";

/**
 * Blocks per log query when none is given. Public RPC endpoints cap the block range of
 * `eth_getLogs`, each at its own limit.
 *
 * NOTE: 2,000 is an estimate of a range that most endpoints accept, not a documented limit.
 */
export const DEFAULT_BLOCK_RANGE = 2_000;

/**
 * Runs `query` over the blocks from `fromBlock` to `toBlock` (both included), in ranges of at
 * most `blockRange` blocks, and returns the results of all ranges in block order.
 */
export async function queryInRanges<T>(
  fromBlock: number,
  toBlock: number,
  blockRange: number,
  query: (from: number, to: number) => Promise<T[]>,
): Promise<T[]> {
  if (!Number.isSafeInteger(blockRange) || blockRange <= 0) {
    throw new Error(`Invalid block range ${blockRange}: expected a whole number above 0.`);
  }
  const results: T[] = [];
  for (let from = fromBlock; from <= toBlock; from += blockRange) {
    const to = Math.min(from + blockRange - 1, toBlock);
    results.push(...(await query(from, to)));
  }
  return results;
}

/**
 * Runs `query` over the blocks from `toBlock` down to `fromBlock` (both included), in ranges of at
 * most `blockRange` blocks, latest range first, and returns the last result of the first range that
 * has any, or undefined. A recent event is found after a few queries, however old the contract.
 */
export async function findLatestInRanges<T>(
  fromBlock: number,
  toBlock: number,
  blockRange: number,
  query: (from: number, to: number) => Promise<T[]>,
): Promise<T | undefined> {
  if (!Number.isSafeInteger(blockRange) || blockRange <= 0) {
    throw new Error(`Invalid block range ${blockRange}: expected a whole number above 0.`);
  }
  for (let to = toBlock; to >= fromBlock; to -= blockRange) {
    const found = (await query(Math.max(fromBlock, to - blockRange + 1), to)).at(-1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Returns the latest event that `query` finds for a contract connected through `runner`. Without
 * `fromBlock`, one query covers every block; with it, {@link findLatestInRanges} searches back from
 * the latest block in ranges of {@link DEFAULT_BLOCK_RANGE}.
 */
export async function findLatestEvent<T>(
  runner: ContractRunner | null,
  fromBlock: number | undefined,
  query: (from?: number, to?: number) => Promise<T[]>,
): Promise<T | undefined> {
  if (fromBlock === undefined) return (await query()).at(-1);
  const provider = runner?.provider;
  if (provider == null) throw new Error("The contract is not connected to a provider.");
  return findLatestInRanges(fromBlock, await provider.getBlockNumber(), DEFAULT_BLOCK_RANGE, query);
}

/**
 * Returns the first block at whose end `address` has code, by binary search over `eth_getCode` at
 * past blocks. Returns undefined when `address` has no code in the latest block.
 *
 * NOTE: this reads the state of past blocks, which a node that prunes old state refuses beyond its
 * most recent blocks. Only an archive node serves the state of every block.
 */
export async function findCreationBlock(provider: Provider, address: string): Promise<number | undefined> {
  let high = await provider.getBlockNumber();
  if ((await provider.getCode(address, high)) === "0x") return undefined;
  let low = 0;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((await provider.getCode(address, middle)) === "0x") low = middle + 1;
    else high = middle;
  }
  return low;
}
