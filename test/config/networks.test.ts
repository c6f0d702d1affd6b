import { expect } from "chai";
import { Wallet } from "ethers";
import { HardhatError } from "hardhat/internal/core/errors";
import { ERRORS } from "hardhat/internal/core/errors-list";

import { hardhatDevelopmentAccounts } from "../../src/toolchain/developmentKeys";
import {
  PUBLIC_NETWORKS,
  explainWrongChain,
  localhostUrl,
  publicNetworks,
  requestedNetwork,
  type Environment,
} from "../../src/toolchain/networks";
import { BLOCKSCOUT_CHAINS, ETHERSCAN_CUSTOM_CHAINS, planVerification } from "../../src/toolchain/verification";

/** A fresh random key, so that this file never contains one. */
const KEY = Wallet.createRandom().privateKey;
const URL = "http://127.0.0.1:9";

/** Returns the error message that `action` throws. */
function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("expected an error");
}

describe("networks", function () {
  describe("requestedNetwork", function () {
    it("reads --network NAME", function () {
      expect(requestedNetwork({}, ["node", "hardhat", "--network", "sepolia", "deploy"])).to.equal("sepolia");
    });

    it("reads --network=NAME", function () {
      expect(requestedNetwork({}, ["node", "hardhat", "--network=chiado", "deploy"])).to.equal("chiado");
    });

    it("falls back to HARDHAT_NETWORK", function () {
      expect(requestedNetwork({ HARDHAT_NETWORK: "baseSepolia" }, ["node", "hardhat", "test"])).to.equal("baseSepolia");
      expect(requestedNetwork({}, ["node", "hardhat", "test"])).to.equal(undefined);
    });
  });

  describe("localhostUrl", function () {
    it("defaults to port 8545", function () {
      expect(localhostUrl({})).to.equal("http://127.0.0.1:8545");
    });

    it("reads LOCALHOST_RPC_URL", function () {
      expect(localhostUrl({ LOCALHOST_RPC_URL: "http://127.0.0.1:8546" })).to.equal("http://127.0.0.1:8546");
    });

    it("names a URL without its scheme", function () {
      expect(() => localhostUrl({ LOCALHOST_RPC_URL: "127.0.0.1:8546" })).to.throw(
        'Invalid LOCALHOST_RPC_URL "127.0.0.1:8546" in .env',
      );
    });
  });

  describe("publicNetworks", function () {
    it("fixes the chain id of each named network", function () {
      const expected: Record<string, number> = {
        sepolia: 11155111,
        chiado: 10200,
        optimismSepolia: 11155420,
        baseSepolia: 84532,
        polygonAmoy: 80002,
      };
      const env: Environment = { DEPLOYER_PRIVATE_KEY: KEY };
      const withUrls = Object.fromEntries(PUBLIC_NETWORKS.map((network) => [network.urlVariable, URL]));

      const networks = publicNetworks({ ...env, ...withUrls }, []);

      for (const [name, chainId] of Object.entries(expected)) {
        expect(networks[name]?.chainId, name).to.equal(chainId);
        expect(networks[name]?.url, name).to.equal(URL);
        expect(networks[name]?.accounts, name).to.deep.equal([KEY]);
      }
      expect(networks.testnet?.chainId).to.equal(undefined);
    });

    it("leaves out unset networks", function () {
      const networks = publicNetworks({ SEPOLIA_RPC_URL: URL, DEPLOYER_PRIVATE_KEY: KEY }, []);

      expect(Object.keys(networks)).to.deep.equal(["sepolia"]);
    });

    it("adds 0x to a bare key", function () {
      const networks = publicNetworks({ CHIADO_RPC_URL: URL, DEPLOYER_PRIVATE_KEY: KEY.slice(2) }, []);

      expect(networks.chiado?.accounts).to.deep.equal([KEY]);
    });

    it("reads TESTNET_CHAIN_ID", function () {
      const env = { TESTNET_RPC_URL: URL, DEPLOYER_PRIVATE_KEY: KEY, TESTNET_CHAIN_ID: "421614" };

      expect(publicNetworks(env, ["--network", "testnet"]).testnet?.chainId).to.equal(421614);
    });

    it("rejects an invalid TESTNET_CHAIN_ID", function () {
      const env = { TESTNET_RPC_URL: URL, DEPLOYER_PRIVATE_KEY: KEY, TESTNET_CHAIN_ID: "sepolia" };

      expect(errorOf(() => publicNetworks(env, ["--network", "testnet"]))).to.include(
        'Invalid TESTNET_CHAIN_ID "sepolia"',
      );
      expect(publicNetworks(env, []).testnet?.chainId, "ignored when another network runs").to.equal(undefined);
    });

    it("names the missing lines", function () {
      const message = errorOf(() => publicNetworks({}, ["--network", "polygonAmoy"]));

      expect(message).to.include("The polygonAmoy network needs these lines in .env");
      expect(message).to.include("POLYGON_AMOY_RPC_URL=<HTTP(S) URL of your Polygon Amoy RPC endpoint>");
      expect(message).to.include("DEPLOYER_PRIVATE_KEY=<0x + 64 hex>");
    });

    it("names only the missing URL", function () {
      const message = errorOf(() => publicNetworks({ DEPLOYER_PRIVATE_KEY: KEY }, ["--network", "optimismSepolia"]));

      expect(message).to.include("OPTIMISM_SEPOLIA_RPC_URL=<");
      expect(message).not.to.include("DEPLOYER_PRIVATE_KEY=<");
    });

    it("rejects a development key everywhere", function () {
      const account = hardhatDevelopmentAccounts()[3];
      for (const network of PUBLIC_NETWORKS) {
        const env = { [network.urlVariable]: URL, DEPLOYER_PRIVATE_KEY: account.privateKey };

        const message = errorOf(() => publicNetworks(env, ["--network", network.name]));

        expect(message, network.name).to.include("development account #3");
        expect(message, network.name).to.include(account.address);
        expect(message, network.name).not.to.include(account.privateKey.slice(2));
        expect(publicNetworks(env, []), `${network.name} left out when not selected`).to.deep.equal({});
      }
    });

    it("rejects a malformed key unprinted", function () {
      const key = KEY.slice(0, 40);

      const message = errorOf(() =>
        publicNetworks({ SEPOLIA_RPC_URL: URL, DEPLOYER_PRIVATE_KEY: key }, ["--network", "sepolia"]),
      );

      expect(message).to.include("DEPLOYER_PRIVATE_KEY is not a private key");
      expect(message).not.to.include(key.slice(2));
    });

    it("rejects a WebSocket URL", function () {
      const env = { BASE_SEPOLIA_RPC_URL: "wss://127.0.0.1:9", DEPLOYER_PRIVATE_KEY: KEY };

      expect(errorOf(() => publicNetworks(env, ["--network", "baseSepolia"]))).to.include(
        "BASE_SEPOLIA_RPC_URL must start with http:// or https://",
      );
    });
  });

  describe("explainWrongChain", function () {
    const wrongChain = new HardhatError(ERRORS.NETWORK.INVALID_GLOBAL_CHAIN_ID, {
      configChainId: 11155111,
      connectionChainId: 31337,
    });

    it("names both chain ids and the variable", function () {
      const message = explainWrongChain(wrongChain, "sepolia")?.message ?? "";

      expect(message).to.include("SEPOLIA_RPC_URL serves chain 31337");
      expect(message).to.include("the sepolia network is chain 11155111");
    });

    it("names TESTNET_CHAIN_ID on the testnet", function () {
      expect(explainWrongChain(wrongChain, "testnet")?.message).to.include("TESTNET_RPC_URL or TESTNET_CHAIN_ID");
    });

    it("leaves other errors alone", function () {
      expect(explainWrongChain(new Error("timeout"), "sepolia")).to.equal(undefined);
      expect(explainWrongChain(wrongChain, "localhost")).to.equal(undefined);
    });
  });

  describe("planVerification", function () {
    it("rejects local chains", function () {
      for (const [name, chainId] of [
        ["hardhat", 31337],
        ["localhost", 31337],
        ["testnet", 1337],
        ["testnet", 31337n],
      ] as const) {
        const plan = planVerification(name, chainId, { ETHERSCAN_API_KEY: "key" });

        expect(plan.action, `${name} ${chainId}`).to.equal("reject");
        if (plan.action === "reject") expect(plan.message).to.include("is a local chain that no explorer indexes");
      }
    });

    it("skips Etherscan without a key", function () {
      const plan = planVerification("sepolia", 11155111, { ETHERSCAN_API_KEY: " " });

      expect(plan.action).to.equal("skip");
      if (plan.action === "skip") expect(plan.message).to.include("ETHERSCAN_API_KEY is empty");
    });

    it("sends Chiado to Blockscout keyless", function () {
      expect(planVerification("chiado", 10200, {})).to.deep.equal({ action: "verify", service: "blockscout" });
    });

    it("sends the others to Etherscan", function () {
      for (const name of ["sepolia", "optimismSepolia", "baseSepolia", "polygonAmoy", "testnet"]) {
        expect(planVerification(name, undefined, { ETHERSCAN_API_KEY: "key" }), name).to.deep.equal({
          action: "verify",
          service: "etherscan",
        });
      }
    });

    it("lists an explorer chain per network", function () {
      const blockscout = new Set(BLOCKSCOUT_CHAINS.map((chain) => chain.chainId));
      const custom = new Set(ETHERSCAN_CUSTOM_CHAINS.map((chain) => chain.chainId));
      for (const network of PUBLIC_NETWORKS) {
        if (network.explorer === "blockscout")
          expect(blockscout.has(network.chainId ?? 0), network.name).to.equal(true);
        if (network.chainId === 11155420) expect(custom.has(network.chainId), network.name).to.equal(true);
      }
    });
  });
});
