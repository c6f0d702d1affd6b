import { resolve } from "node:path";

import { DEFAULT_STORE_DIRECTORY } from "./embeddedStore";

/**
 * Chain id of Hardhat's embedded network and of `hardhat node`. Only there do all members read
 * documents from the same machine's embedded store.
 */
export const LOCAL_CHAIN_ID = 31337n;

/**
 * Returns the warning to print when documents would be pinned only in the embedded store while
 * the chain is shared with other members, or undefined when there is nothing to warn about.
 *
 * There is a warning when `chainId` is not {@link LOCAL_CHAIN_ID} and `IPFS_API_URL` is unset or
 * blank in `env`, because `openContentStore` then opens the embedded store, which only this machine
 * reads. `uris` are the documents just pinned. Without them, the warning is about the documents
 * that proposals will pin later, as `coop:deploy` prints it.
 */
export function localPinningWarning(
  chainId: bigint,
  env: NodeJS.ProcessEnv,
  uris: readonly string[] = [],
): string | undefined {
  if (chainId === LOCAL_CHAIN_ID) return undefined;
  if ((env.IPFS_API_URL?.trim() ?? "") !== "") return undefined;

  const directory = resolve(env.IPFS_STORE_DIR?.trim() || DEFAULT_STORE_DIRECTORY);
  const subject =
    uris.length === 0
      ? "the documents that proposals cite will be pinned"
      : uris.length === 1
        ? `${uris[0]} is pinned`
        : `${uris.join(", ")} are pinned`;
  const example = uris.length === 0 ? "CID" : uris[0];
  return (
    `Warning: chain ${chainId} is not a local network (chain id ${LOCAL_CHAIN_ID}) and IPFS_API_URL is not set, ` +
    `so ${subject} only in the embedded store on this machine (${directory}), which other members cannot reach. ` +
    "Set IPFS_API_URL in .env to the RPC API of an IPFS node that stays online, or run " +
    `\`npx hardhat ipfs:export --cid ${example} --out FILE.car\` for each document and upload the CAR file to ` +
    "a pinning service."
  );
}
