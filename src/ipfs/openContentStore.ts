import { type Stats, statSync } from "node:fs";
import { resolve } from "node:path";

import type { ContentStore } from "./contentStore";
import { DEFAULT_STORE_DIRECTORY, EmbeddedStore } from "./embeddedStore";
import { parseKuboApiUrl } from "./kuboApiUrl";
import { KuboStore } from "./kuboStore";

/**
 * Opens the content store that the environment selects: a {@link KuboStore} on the Kubo RPC API
 * at `IPFS_API_URL` when it is set, else an {@link EmbeddedStore} in the folder `IPFS_STORE_DIR`
 * (`.coop-data/ipfs` at the project root when that is empty). A value of only spaces counts as
 * empty, and a relative `IPFS_STORE_DIR` is resolved against the current directory.
 *
 * @throws Error naming `IPFS_API_URL` and its value when it is not the http or https URL of an RPC API,
 * or naming `IPFS_STORE_DIR` and its value when it is a file or lies under one.
 */
export function openContentStore(env: NodeJS.ProcessEnv = process.env): ContentStore {
  const apiUrl = env.IPFS_API_URL?.trim();
  if (apiUrl) {
    try {
      parseKuboApiUrl(apiUrl, "IPFS_API_URL");
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${reason} Fix it in .env or the environment, or leave it empty to use the embedded store.`, {
        cause: error,
      });
    }
    return new KuboStore(apiUrl);
  }

  const directory = env.IPFS_STORE_DIR?.trim();
  return new EmbeddedStore(directory ? storeDirectoryOf(directory) : DEFAULT_STORE_DIRECTORY);
}

/**
 * Resolves `IPFS_STORE_DIR` against the current directory, and checks that it is a folder or does
 * not exist yet, since the store creates it on its first write.
 *
 * @throws Error naming `IPFS_STORE_DIR`, its value and the resolved path when a file is in the way.
 */
function storeDirectoryOf(value: string): string {
  const directory = resolve(value);
  const describedValue = directory === value ? JSON.stringify(value) : `${JSON.stringify(value)} (${directory})`;
  const fix =
    "Set IPFS_STORE_DIR in .env or the environment to a folder, which is created if it does not exist, or " +
    "leave it empty to use .coop-data/ipfs.";

  let stats: Stats | undefined;
  try {
    stats = statSync(directory, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOTDIR") throw error;
    throw new Error(`Invalid IPFS_STORE_DIR ${describedValue}: a part of this path is a file, not a folder. ${fix}`, {
      cause: error,
    });
  }
  if (stats !== undefined && !stats.isDirectory()) {
    throw new Error(`Invalid IPFS_STORE_DIR ${describedValue}: it is a file, not a folder. ${fix}`);
  }
  return directory;
}
