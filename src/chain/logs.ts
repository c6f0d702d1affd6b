import type { Provider } from "ethers";

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
 * Returns the first block at whose end `address` has code, by binary search over `eth_getCode` at
 * past blocks. Returns undefined when `address` has no code in the latest block.
 *
 * NOTE: this reads the state of past blocks, which a node that prunes old state refuses beyond its
 * most recent blocks. Only an archive node answers for every block.
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
