import "dotenv/config";
import "@nomicfoundation/hardhat-toolbox";
import "@openzeppelin/hardhat-upgrades";
import "hardhat-deploy";

import { subtask } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig, NetworkUserConfig } from "hardhat/types";

import { findDevelopmentAccount } from "./src/toolchain/developmentKeys";
import { SOLC_VERSION, solcJsBuild } from "./src/toolchain/solc";
import "./tasks";

// Hardhat 2 downloads native solc builds from the internet. We compile with the solc-js build
// shipped in the pinned `solc` npm package instead, so compilation works offline.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }) => solcJsBuild(args.solcVersion));

const env = process.env;

/**
 * Returns the testnet entry when both its RPC URL and the deployer key are set, else nothing.
 * Asking for `--network testnet` without them fails here with the lines to add to `.env`, and so
 * does a deployer key that is one of Hardhat's published development keys.
 */
function testnet(): Record<string, NetworkUserConfig> {
  const url = env.TESTNET_RPC_URL;
  const key = env.DEPLOYER_PRIVATE_KEY;
  const requested =
    env.HARDHAT_NETWORK === "testnet" ||
    process.argv.some((arg, i) => arg === "testnet" && process.argv[i - 1] === "--network");
  const developmentAccount = key ? findDevelopmentAccount(key) : undefined;
  if (developmentAccount !== undefined) {
    if (!requested) return {};
    throw new HardhatPluginError(
      "world-coop",
      `DEPLOYER_PRIVATE_KEY is the key of Hardhat's development account #${developmentAccount.index} ` +
        `(${developmentAccount.address}). Hardhat publishes that key, so anyone can spend from the account on a ` +
        "public network: put the key of an account made for the testnet in DEPLOYER_PRIVATE_KEY in .env.",
    );
  }
  if (!url || !key) {
    if (requested) {
      const missing = [!url && "TESTNET_RPC_URL=<your RPC endpoint>", !key && "DEPLOYER_PRIVATE_KEY=<0x + 64 hex>"];
      throw new HardhatPluginError(
        "world-coop",
        `The testnet network needs these lines in .env (see .env.example): ${missing.filter(Boolean).join(", ")}`,
      );
    }
    return {};
  }
  const chainId = env.TESTNET_CHAIN_ID ? Number(env.TESTNET_CHAIN_ID) : undefined;
  if (chainId !== undefined && !Number.isSafeInteger(chainId)) {
    throw new HardhatPluginError(
      "world-coop",
      `Invalid TESTNET_CHAIN_ID "${env.TESTNET_CHAIN_ID}" in .env: expected a whole number, or leave it empty.`,
    );
  }
  return { testnet: { url, accounts: [key], chainId } };
}

const config: HardhatUserConfig = {
  solidity: {
    compilers: [
      {
        version: SOLC_VERSION,
        settings: {
          evmVersion: "cancun",
          optimizer: { enabled: true, runs: 200 },
        },
      },
    ],
    overrides: {
      // Test-only: the next release of the majority-judgment governor adds a function to a contract
      // within a few bytes of the EIP-170 limit, so it is optimised for size to stay deployable.
      "contracts/mocks/CoopJudgmentGovernorV2Mock.sol": {
        version: SOLC_VERSION,
        settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 1 } },
      },
    },
  },
  networks: {
    hardhat: {
      // The embedded network: chain id 31337, the same as `hardhat node`.
      chainId: 31337,
    },
    localhost: {
      url: env.LOCALHOST_RPC_URL || "http://127.0.0.1:8545",
      chainId: 31337,
    },
    ...testnet(),
  },
  namedAccounts: {
    deployer: { default: 0 },
  },
  paths: {
    sources: "./contracts",
    tests: "./test",
    deploy: "./deploy",
    deployments: "./deployments",
  },
  typechain: {
    outDir: "typechain-types",
    target: "ethers-v6",
  },
  gasReporter: {
    enabled: env.REPORT_GAS === "true",
    offline: true,
    currency: "EUR",
    outputFile: env.REPORT_GAS === "true" ? "bench/gas-report.txt" : undefined,
    noColors: true,
    excludeContracts: ["contracts/mocks/"],
    reportPureAndViewMethods: false,
  },
  mocha: {
    timeout: 120_000,
  },
};

export default config;
