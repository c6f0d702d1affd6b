import type { ContentStore } from "./contentStore";
import { EmbeddedStore } from "./embeddedStore";
import { KuboStore } from "./kuboStore";

/** Location of a content store's content: the folder of an embedded store, or a Kubo node's RPC API. */
export type StoreLocation = { kind: "embedded"; directory: string } | { kind: "kubo"; apiUrl: string };

/**
 * Returns where `store` keeps its content.
 *
 * @throws TypeError for a store that is neither an {@link EmbeddedStore} nor a {@link KuboStore}.
 */
export function storeLocation(store: ContentStore): StoreLocation {
  if (store instanceof EmbeddedStore) return { kind: "embedded", directory: store.directory };
  if (store instanceof KuboStore) return { kind: "kubo", apiUrl: store.url };
  throw new TypeError(`Unknown content store ${store.constructor.name}: expected an EmbeddedStore or a KuboStore.`);
}

/** Returns the folder or the API URL of a store location, the short form for JSON output. */
export function storeAddress(location: StoreLocation): string {
  return location.kind === "embedded" ? location.directory : location.apiUrl;
}

/** Names a store location for messages, such as `the embedded store in /home/ann/.coop-data/ipfs`. */
export function describeStoreLocation(location: StoreLocation): string {
  if (location.kind === "embedded") return `the embedded store in ${location.directory}`;
  return `the IPFS node at ${location.apiUrl} (IPFS_API_URL)`;
}

/** Completes "pinned …" for a store location: `in /home/ann/.coop-data/ipfs` or `on the IPFS node at URL`. */
export function pinPlace(location: StoreLocation): string {
  return location.kind === "embedded" ? `in ${location.directory}` : `on the IPFS node at ${location.apiUrl}`;
}
