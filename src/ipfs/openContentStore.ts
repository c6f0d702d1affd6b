import type { ContentStore } from "./contentStore";
import { DEFAULT_STORE_DIRECTORY, EmbeddedStore } from "./embeddedStore";
import { parseKuboApiUrl } from "./kuboApiUrl";
import { KuboStore } from "./kuboStore";

/**
 * Opens the content store that the environment selects: a {@link KuboStore} on the Kubo RPC API
 * at `IPFS_API_URL` when it is set, else an {@link EmbeddedStore} in the folder `IPFS_STORE_DIR`
 * (`.coop-data/ipfs` at the project root when that is empty). A value of only spaces counts as
 * empty.
 *
 * @throws Error naming `IPFS_API_URL` and its value when it is not the http or https URL of an RPC API.
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
  return new EmbeddedStore(directory ? directory : DEFAULT_STORE_DIRECTORY);
}
