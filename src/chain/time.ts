import type { Provider } from "ethers";

/** A provider that also passes raw JSON-RPC calls, as ethers and Hardhat providers do. */
export interface RpcProvider extends Provider {
  send(method: string, params: unknown[]): Promise<unknown>;
}

/** Networks whose clock a script may move forward: the embedded network and `hardhat node`. */
const LOCAL_CHAIN_IDS = new Set([31337n]);

/** Returns the timestamp of the latest block. */
export async function latestTimestamp(provider: Provider): Promise<bigint> {
  const block = await provider.getBlock("latest");
  if (block === null) throw new Error("The node returned no latest block.");
  return BigInt(block.timestamp);
}

/** Formats a chain timestamp (seconds since the Unix epoch) as an ISO 8601 date in UTC. */
export function isoTime(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString();
}

/**
 * Mines a block at `timestamp` (seconds) unless the chain is already past it.
 *
 * Only a local Hardhat network can move its clock, so this throws on any other chain, where
 * scripts must wait for real time to pass instead.
 */
export async function advanceTo(provider: RpcProvider, timestamp: bigint): Promise<void> {
  const { chainId } = await provider.getNetwork();
  if (!LOCAL_CHAIN_IDS.has(chainId)) {
    throw new Error(
      `Chain ${chainId} is not a local Hardhat network, so its clock cannot be moved forward. ` +
        "Run this script on the embedded network or on `npm run node`.",
    );
  }
  if ((await latestTimestamp(provider)) >= timestamp) return;
  await provider.send("evm_setNextBlockTimestamp", [Number(timestamp)]);
  await provider.send("evm_mine", []);
}

/**
 * Mines one block on a local Hardhat network when the latest block's timestamp is behind `now`
 * (seconds, by default the machine's clock), and returns whether it did.
 *
 * `hardhat node` with automine makes blocks only for transactions, so on an idle node the latest
 * timestamp stays in the past, and calls that read `block.timestamp` see a stale time. The new block
 * takes the node's clock, as the next block of a chain with regular blocks would. Other chains are
 * left alone.
 */
export async function catchUpWithClock(
  provider: RpcProvider,
  now: bigint = BigInt(Math.floor(Date.now() / 1000)),
): Promise<boolean> {
  const { chainId } = await provider.getNetwork();
  if (!LOCAL_CHAIN_IDS.has(chainId)) return false;
  if ((await latestTimestamp(provider)) >= now) return false;
  await provider.send("evm_mine", []);
  return true;
}
