import type { CoopContracts } from "./chain";
import type { WebConfig } from "./config";
import type { FetchMode } from "./documents";
import type { Connection, WalletChoice } from "./wallets";

/** Everything the views read: the settings, the read-only contracts and the wallet, if connected. */
export interface AppState {
  config: WebConfig;
  /** The contracts connected to the RPC endpoint of `config`, for reads. */
  reader: CoopContracts;
  wallets: WalletChoice[];
  connection?: Connection;
  gateway: string;
  fetchMode: FetchMode;
  /** Renders the current page again, such as after a vote, keeping the status message. */
  refresh(): void;
}

const GATEWAY_STORAGE_KEY = "coop-vote.gateway";
const FETCH_MODE_STORAGE_KEY = "coop-vote.fetch-mode";

/** Returns the gateway and fetch mode the member saved, or the config's gateway and CAR files. */
export function storedGateway(defaultGateway: string): { gateway: string; fetchMode: FetchMode } {
  const gateway = localStorage.getItem(GATEWAY_STORAGE_KEY) ?? defaultGateway;
  const fetchMode = localStorage.getItem(FETCH_MODE_STORAGE_KEY) === "raw" ? "raw" : "car";
  return { gateway, fetchMode };
}

/** Saves the member's gateway and fetch mode. */
export function saveGateway(gateway: string, fetchMode: FetchMode): void {
  localStorage.setItem(GATEWAY_STORAGE_KEY, gateway);
  localStorage.setItem(FETCH_MODE_STORAGE_KEY, fetchMode);
}

/** Returns whether the connected wallet is on the cooperative's chain. */
export function onRightChain(state: AppState): boolean {
  return state.connection !== undefined && state.connection.chainId === BigInt(state.config.chainId);
}
