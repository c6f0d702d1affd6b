import type { CooperativeAddresses } from "../deploy/cooperative";

/** File name, next to the page, of the settings that the voting page reads at start. */
export const WEB_CONFIG_FILE = "config.json";

/**
 * Settings of the voting page, served as `config.json` beside `index.html`. The server of `npm run web`
 * writes them after it deploys the demo cooperative; a cooperative that hosts the page elsewhere writes
 * its own. Block numbers and chain ids are decimal strings, because JSON has no bigint.
 */
export interface WebConfig {
  /** Chain id of the cooperative's network, as a decimal string ("31337" for a local node). */
  chainId: string;
  /** Name of the network, shown to the member and passed to the wallet when it adds the chain. */
  networkName: string;
  /** JSON-RPC endpoint that the page reads the chain from, with or without a connected wallet. */
  rpcUrl: string;
  /**
   * Name of the network in the project's Hardhat config (`localhost`, `sepolia`...), for the relay
   * commands that the page prints with a signed vote. Without it, the commands name no network.
   */
  hardhatNetwork?: string;
  /**
   * Base URL of an IPFS gateway that serves `GET {gateway}/ipfs/{cid}?format=car` and
   * `?format=raw`, as the trustless gateway specification describes. A path such as `/ipfs-gateway`
   * is resolved against the page's address. The member can replace it on the page.
   */
  gateway: string;
  cooperative: {
    name: string;
    symbol: string;
    addresses: CooperativeAddresses;
    /** Block of the cooperative's creation: proposals are searched from there. */
    deploymentBlock: string;
  };
}
