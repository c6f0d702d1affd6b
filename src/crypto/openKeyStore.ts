import { DEFAULT_KEY_STORE_DIRECTORY, FileKeyStore } from "./fileKeyStore";

/**
 * Opens the key store that the environment selects: a {@link FileKeyStore} in the folder
 * `KEY_STORE_DIR`, or in `.coop-data/keys` at the project root when that is empty. A value of only
 * spaces counts as empty.
 */
export function openKeyStore(env: NodeJS.ProcessEnv = process.env): FileKeyStore {
  const directory = env.KEY_STORE_DIR?.trim();
  return new FileKeyStore(directory ? directory : DEFAULT_KEY_STORE_DIRECTORY);
}
