import { HardhatPluginError } from "hardhat/plugins";
import type { HttpNetworkUserConfig } from "hardhat/types";

import { findDevelopmentAccount } from "./developmentKeys";

/** Plugin name that Hardhat prints before the errors of this module. */
const PLUGIN = "world-coop";

/** Block explorer service that verifies contracts on a network, through @nomicfoundation/hardhat-verify. */
export type ExplorerService = "etherscan" | "blockscout";

/** A public test network that `.env` can configure. */
export interface PublicNetwork {
  /** Name to pass to `--network`. */
  name: string;
  /** Name of the chain as its operators write it. */
  label: string;
  /** Chain id that Hardhat requires the RPC endpoint to report, or undefined for the generic `testnet`. */
  chainId: number | undefined;
  /** `.env` variable that contains the network's RPC URL. */
  urlVariable: string;
  /** Explorer that `coop:verify` sends the sources to. */
  explorer: ExplorerService;
}

/**
 * Public networks that `.env` can configure. Etherscan's multichain API (v2) serves Sepolia,
 * OP Sepolia, Base Sepolia and Polygon Amoy with one key, but not Gnosis Chiado, whose explorer is a
 * Blockscout instance that needs no key.
 */
export const PUBLIC_NETWORKS: readonly PublicNetwork[] = [
  {
    name: "sepolia",
    label: "Ethereum Sepolia",
    chainId: 11155111,
    urlVariable: "SEPOLIA_RPC_URL",
    explorer: "etherscan",
  },
  { name: "chiado", label: "Gnosis Chiado", chainId: 10200, urlVariable: "CHIADO_RPC_URL", explorer: "blockscout" },
  {
    name: "optimismSepolia",
    label: "OP Sepolia",
    chainId: 11155420,
    urlVariable: "OPTIMISM_SEPOLIA_RPC_URL",
    explorer: "etherscan",
  },
  {
    name: "baseSepolia",
    label: "Base Sepolia",
    chainId: 84532,
    urlVariable: "BASE_SEPOLIA_RPC_URL",
    explorer: "etherscan",
  },
  {
    name: "polygonAmoy",
    label: "Polygon Amoy",
    chainId: 80002,
    urlVariable: "POLYGON_AMOY_RPC_URL",
    explorer: "etherscan",
  },
  // Any other chain: its id comes from TESTNET_CHAIN_ID, and coop:verify sends its sources to Etherscan's API.
  { name: "testnet", label: "the testnet", chainId: undefined, urlVariable: "TESTNET_RPC_URL", explorer: "etherscan" },
];

/** `.env` variable that contains the deployer's private key on every public network. */
export const KEY_VARIABLE = "DEPLOYER_PRIVATE_KEY";

/** Environment variables, in the shape of `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Error of a network setting, which Hardhat prints as "Error in plugin world-coop: MESSAGE". */
export class NetworkConfigError extends HardhatPluginError {
  constructor(message: string) {
    super(PLUGIN, message);
  }
}

/**
 * Returns the network that the command line or HARDHAT_NETWORK selects, or undefined for the
 * embedded one. `argv` is the whole command line, in the shape of `process.argv`.
 */
export function requestedNetwork(env: Environment, argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--network") return argv[i + 1];
    if (argv[i].startsWith("--network=")) return argv[i].slice("--network=".length);
  }
  return env.HARDHAT_NETWORK || undefined;
}

/** Returns the public network named `name`, or undefined. */
export function findPublicNetwork(name: string): PublicNetwork | undefined {
  return PUBLIC_NETWORKS.find((network) => network.name === name);
}

/** Returns the chain id that TESTNET_CHAIN_ID sets, undefined when it is empty, or throws when it is invalid. */
function testnetChainId(env: Environment): number | undefined {
  const text = env.TESTNET_CHAIN_ID?.trim();
  if (!text) return undefined;
  const chainId = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(chainId) || chainId === 0) {
    throw new NetworkConfigError(
      `Invalid TESTNET_CHAIN_ID "${text}" in .env: expected a positive whole number, or leave it empty.`,
    );
  }
  return chainId;
}

/**
 * Returns the `.env` lines that `network` lacks, and a sentence per invalid setting. The sentences
 * never contain the key itself, only the development account it belongs to.
 */
function problemsOf(network: PublicNetwork, env: Environment): { missing: string[]; invalid: string[] } {
  const url = env[network.urlVariable]?.trim();
  const key = env[KEY_VARIABLE]?.trim();
  const missing: string[] = [];
  const invalid: string[] = [];
  if (!url) missing.push(`${network.urlVariable}=<HTTP(S) URL of your ${network.label} RPC endpoint>`);
  else if (!/^https?:\/\//i.test(url)) {
    invalid.push(`${network.urlVariable} must start with http:// or https://, as Hardhat connects over HTTP.`);
  }
  if (!key) missing.push(`${KEY_VARIABLE}=<0x + 64 hex>`);
  else {
    const account = findDevelopmentAccount(key);
    if (account !== undefined) {
      invalid.push(
        `${KEY_VARIABLE} is the key of Hardhat's development account #${account.index} (${account.address}). ` +
          "Hardhat publishes that key, so anyone can spend from the account on a public network: put the key of " +
          `an account made for the testnet in ${KEY_VARIABLE} in .env.`,
      );
    } else if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key)) {
      invalid.push(`${KEY_VARIABLE} is not a private key: expected 0x and 64 hex digits.`);
    }
  }
  return { missing, invalid };
}

/** Returns the `0x`-prefixed form of a private key that may lack the prefix. */
function withPrefix(key: string): string {
  return key.startsWith("0x") || key.startsWith("0X") ? `0x${key.slice(2)}` : `0x${key}`;
}

/**
 * Returns the URL of the local node that `--network localhost` uses: LOCALHOST_RPC_URL, else
 * http://127.0.0.1:8545. Throws, naming the variable, when it is set but is not an HTTP URL.
 */
export function localhostUrl(env: Environment): string {
  const url = env.LOCALHOST_RPC_URL?.trim();
  if (url === undefined || url === "") return "http://127.0.0.1:8545";
  if (!/^https?:\/\/[^/\s]+/i.test(url)) {
    throw new HardhatPluginError(
      "world-coop",
      `Invalid LOCALHOST_RPC_URL "${url}" in .env: expected a URL such as http://127.0.0.1:8545, with http://.`,
    );
  }
  return url;
}

/**
 * Builds the `networks` entries of the public networks that `env` configures. A network whose RPC
 * URL or key is missing or invalid is left out, unless `argv` or HARDHAT_NETWORK selects it: then
 * this throws a {@link NetworkConfigError} that names the lines to add to `.env`, or the invalid
 * setting. Hardhat's published development keys count as invalid on every public network.
 */
export function publicNetworks(env: Environment, argv: readonly string[]): Record<string, HttpNetworkUserConfig> {
  const requested = requestedNetwork(env, argv);
  const networks: Record<string, HttpNetworkUserConfig> = {};
  for (const network of PUBLIC_NETWORKS) {
    const isRequested = requested === network.name;
    const { missing, invalid } = problemsOf(network, env);
    if (isRequested && invalid.length > 0) throw new NetworkConfigError(invalid.join(" "));
    if (isRequested && missing.length > 0) {
      throw new NetworkConfigError(
        `The ${network.name} network needs these lines in .env (see .env.example): ${missing.join(", ")}`,
      );
    }
    if (missing.length > 0 || invalid.length > 0) continue;

    const chainId = network.chainId ?? (isRequested ? testnetChainId(env) : safeTestnetChainId(env));
    networks[network.name] = {
      url: (env[network.urlVariable] ?? "").trim(),
      accounts: [withPrefix((env[KEY_VARIABLE] ?? "").trim())],
      chainId,
    };
  }
  return networks;
}

/** Returns TESTNET_CHAIN_ID, or undefined when it is invalid, for a command that does not use the testnet. */
function safeTestnetChainId(env: Environment): number | undefined {
  try {
    return testnetChainId(env);
  } catch {
    return undefined;
  }
}

/** Arguments of Hardhat's HH101 error, raised when the endpoint reports another chain than the config. */
interface ChainIdMismatch {
  configChainId: unknown;
  connectionChainId: unknown;
}

/** Hardhat's error number for an endpoint on another chain than the network's `chainId`. */
const HH_WRONG_CHAIN = 101;

function chainIdMismatchOf(error: unknown): ChainIdMismatch | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { number, messageArguments } = error as { number?: unknown; messageArguments?: unknown };
  if (number !== HH_WRONG_CHAIN || typeof messageArguments !== "object" || messageArguments === null) return undefined;
  return messageArguments as ChainIdMismatch;
}

/**
 * Returns a {@link NetworkConfigError} that explains Hardhat's "connected to the wrong network"
 * error (HH101) on `networkName`, naming both chain ids and the `.env` variable to fix. Returns
 * undefined for any other error, or for a network that `.env` does not configure.
 */
export function explainWrongChain(error: unknown, networkName: string): NetworkConfigError | undefined {
  const mismatch = chainIdMismatchOf(error);
  const network = findPublicNetwork(networkName);
  if (mismatch === undefined || network === undefined) return undefined;
  const expected = String(mismatch.configChainId);
  const actual = String(mismatch.connectionChainId);
  const variable = network.chainId === undefined ? `${network.urlVariable} or TESTNET_CHAIN_ID` : network.urlVariable;
  return new NetworkConfigError(
    `The RPC endpoint in ${network.urlVariable} serves chain ${actual}, but the ${network.name} network ` +
      `is chain ${expected} (${network.label}). Hardhat stopped before sending any transaction. ` +
      `Fix ${variable} in .env, or pick the --network of chain ${actual}` +
      (actual === "31337" ? " (localhost for a `hardhat node`)." : "."),
  );
}
