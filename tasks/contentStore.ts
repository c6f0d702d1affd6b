import type { ContentStore } from "../src/ipfs/contentStore";
import type { StoreLocation } from "../src/ipfs/storeLocation";

import { fail } from "./lib";

/** The content store that the environment selects, where it keeps its content, and its name in messages. */
export interface ConfiguredStore {
  store: ContentStore;
  location: StoreLocation;
  /** Such as `the embedded store in /home/ann/coop/.coop-data/ipfs`. */
  name: string;
}

/**
 * Opens the content store that `IPFS_API_URL` selects (a Kubo node), else the embedded store in
 * `IPFS_STORE_DIR`, and fails naming the variable and the fix when `IPFS_API_URL` is malformed or
 * `IPFS_STORE_DIR` is a file.
 * It sends no request, so a node that is down is reported by the first call to the store.
 */
export async function openConfiguredStore(env: NodeJS.ProcessEnv = process.env): Promise<ConfiguredStore> {
  const { openContentStore } = await import("../src/ipfs/openContentStore");
  const { describeStoreLocation, storeLocation } = await import("../src/ipfs/storeLocation");
  let store: ContentStore;
  try {
    store = openContentStore(env);
  } catch (error) {
    fail((error as Error).message);
  }
  const location = storeLocation(store);
  return { store, location, name: describeStoreLocation(location) };
}
