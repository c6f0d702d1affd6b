import type { ChainConfig } from "@nomicfoundation/hardhat-verify/types";

import { LOCAL_CHAIN_IDS } from "../chain/signingChain";
import { findPublicNetwork, type Environment, type ExplorerService } from "./networks";

/**
 * Chains that @nomicfoundation/hardhat-verify 2.1 does not list for Etherscan. Its API (v2) takes
 * the chain id, so the browser URL is what matters here: the plugin prints links to it.
 */
export const ETHERSCAN_CUSTOM_CHAINS: readonly ChainConfig[] = [
  {
    network: "optimismSepolia",
    chainId: 11155420,
    urls: {
      apiURL: "https://api-sepolia-optimistic.etherscan.io/api",
      browserURL: "https://sepolia-optimism.etherscan.io",
    },
  },
];

/** Chains whose contracts coop:verify sends to a Blockscout explorer. */
export const BLOCKSCOUT_CHAINS: readonly ChainConfig[] = [
  {
    network: "chiado",
    chainId: 10200,
    urls: {
      apiURL: "https://gnosis-chiado.blockscout.com/api",
      browserURL: "https://gnosis-chiado.blockscout.com",
    },
  },
];

/**
 * Records that `npx hardhat deploy` writes: the shared implementations, the factory, and the
 * federation relay code and registry.
 *
 * NOTE: the timelock and proxies that coop:deploy creates for each cooperative are not listed,
 * because their records (tasks/deployment.ts) keep no constructor arguments, which Etherscan requires.
 */
export const VERIFIABLE_RECORDS = [
  "CoopMembership",
  "CoopGovernor",
  "CoopShares",
  "CoopCharter",
  "CoopJudgmentGovernor",
  "FeeRouter",
  "CoopFactory",
  "FederationRelay",
  "FederationRegistry",
] as const;

/** Decision of coop:verify on a network: reject it, skip verification, or verify on an explorer. */
export type VerificationPlan =
  | { action: "reject"; message: string }
  | { action: "skip"; message: string }
  | { action: "verify"; service: ExplorerService };

/**
 * Decides whether coop:verify can run on `networkName`, whose chain id is `chainId` (undefined
 * when neither the config nor the endpoint has reported it yet). Local chains are rejected, and Etherscan
 * chains are skipped while ETHERSCAN_API_KEY is empty.
 */
export function planVerification(
  networkName: string,
  chainId: number | bigint | undefined,
  env: Environment,
): VerificationPlan {
  const isLocalChain = chainId !== undefined && LOCAL_CHAIN_IDS.includes(BigInt(chainId));
  if (networkName === "hardhat" || networkName === "localhost" || isLocalChain) {
    const chain = chainId === undefined ? "" : ` (chain ${chainId})`;
    return {
      action: "reject",
      message:
        `coop:verify publishes sources on a block explorer, and network ${networkName}${chain} is a local chain ` +
        "that no explorer indexes. Run it with the --network of a public testnet, such as --network sepolia.",
    };
  }
  const service = findPublicNetwork(networkName)?.explorer ?? "etherscan";
  if (service === "etherscan" && !env.ETHERSCAN_API_KEY?.trim()) {
    return {
      action: "skip",
      message:
        `Skipped verification on ${networkName}: ETHERSCAN_API_KEY is empty. Add ETHERSCAN_API_KEY=<your Etherscan ` +
        "API key> to .env and run coop:verify again. Unverified contracts work the same, but explorers show " +
        "their bytecode only.",
    };
  }
  return { action: "verify", service };
}
