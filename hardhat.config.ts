import "dotenv/config";
import "@nomicfoundation/hardhat-toolbox";
import "@openzeppelin/hardhat-upgrades";
import "hardhat-deploy";

import { extendEnvironment, subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig, RunTaskFunction } from "hardhat/types";

import { explainWrongChain, localhostUrl, publicNetworks } from "./src/toolchain/networks";
import { SOLC_VERSION, solcJsBuild } from "./src/toolchain/solc";
import { BLOCKSCOUT_CHAINS, ETHERSCAN_CUSTOM_CHAINS } from "./src/toolchain/verification";
import "./tasks";

// Hardhat 2 downloads native solc builds from the internet. We compile with the solc-js build
// shipped in the pinned `solc` npm package instead, so compilation works offline.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }) => solcJsBuild(args.solcVersion));

const env = process.env;

// A node on another chain than the selected public network makes Hardhat raise HH101, which names
// the chain ids but not the .env line to fix: rethrow it with that line. Tasks call their subtasks
// through hre.run too, and explainWrongChain passes an error it already explained on unchanged.
extendEnvironment((hre) => {
  const run = hre.run;
  // `run` is read-only in Hardhat's types, but a plain property of the runtime environment.
  (hre as { run: RunTaskFunction }).run = async (...args: Parameters<RunTaskFunction>) => {
    try {
      return await run(...args);
    } catch (error) {
      throw explainWrongChain(error, hre.network.name) ?? error;
    }
  };
});

/** Compiler settings for a contract that fits under the EIP-170 size limit only when optimised for size. */
const SIZE_OPTIMISED = {
  version: SOLC_VERSION,
  settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 1 } },
};

/**
 * Compiler settings for the majority-judgment governor and its test upgrade, which stay under the
 * EIP-170 limit only through the IR pipeline. Under `hardhat coverage` they fall back to
 * {@link SIZE_OPTIMISED}: solidity-coverage switches the instrumentation of every contract to its
 * IR mode as soon as one override sets `viaIR`, and it lifts the size limit anyway.
 */
const JUDGMENT_SIZE_OPTIMISED = process.argv.includes("coverage")
  ? SIZE_OPTIMISED
  : { version: SOLC_VERSION, settings: { ...SIZE_OPTIMISED.settings, viaIR: true } };

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
      // The yes/no governor and the contracts built on it stay under the EIP-170 limit only when
      // optimised for size: OpenZeppelin's governor extensions fill most of the 24,576 bytes.
      "contracts/governance/CoopGovernor.sol": SIZE_OPTIMISED,
      // The majority-judgment governor also counts by college, which needs the IR pipeline.
      "contracts/governance/CoopJudgmentGovernor.sol": JUDGMENT_SIZE_OPTIMISED,
      "contracts/mocks/CoopGovernorNonceHarness.sol": SIZE_OPTIMISED,
      "contracts/mocks/CoopGovernorV2Mock.sol": SIZE_OPTIMISED,
      // Test-only: the next release of the majority-judgment governor adds a function to it, so it
      // is compiled as the governor is.
      "contracts/mocks/CoopJudgmentGovernorV2Mock.sol": JUDGMENT_SIZE_OPTIMISED,
    },
  },
  networks: {
    hardhat: {
      // The embedded network: chain id 31337, the same as `hardhat node`.
      chainId: 31337,
    },
    localhost: {
      url: localhostUrl(env),
      chainId: 31337,
    },
    // sepolia, chiado, optimismSepolia, baseSepolia, polygonAmoy and testnet, when .env sets their
    // RPC URL and DEPLOYER_PRIVATE_KEY. Selecting one that lacks them fails with the lines to add.
    ...publicNetworks(env, process.argv),
  },
  // coop:verify sends sources to Etherscan's multichain API with this one key, and to Blockscout,
  // which needs no key, for Gnosis Chiado.
  etherscan: {
    apiKey: env.ETHERSCAN_API_KEY?.trim() ?? "",
    customChains: [...ETHERSCAN_CUSTOM_CHAINS],
  },
  // Disabled for the plugin's own `verify` task, which would otherwise try Blockscout on every
  // chain: coop:verify calls it only for the chains listed here.
  blockscout: {
    enabled: false,
    customChains: [...BLOCKSCOUT_CHAINS],
  },
  sourcify: {
    enabled: false,
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
