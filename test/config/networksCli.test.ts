import { expect } from "chai";
import { Wallet } from "ethers";

import { hardhatDevelopmentAccounts } from "../../src/toolchain/developmentKeys";
import { runTask } from "../helpers/inProcessTask";
import { freePort, runHardhat, startNode, type LocalNode } from "../helpers/node";

/**
 * What a user sees when `--network` selects a public testnet that `.env` does not configure, or
 * configures with the wrong key or endpoint. Every RPC URL here is on 127.0.0.1: a closed port, or
 * a `hardhat node` that this file starts.
 */

/** Empties every public network variable, so that a developer's own .env cannot change the outcome. */
const CLEAN_ENV = {
  SEPOLIA_RPC_URL: "",
  CHIADO_RPC_URL: "",
  OPTIMISM_SEPOLIA_RPC_URL: "",
  BASE_SEPOLIA_RPC_URL: "",
  POLYGON_AMOY_RPC_URL: "",
  TESTNET_RPC_URL: "",
  TESTNET_CHAIN_ID: "",
  DEPLOYER_PRIVATE_KEY: "",
  ETHERSCAN_API_KEY: "",
};

describe("Public network settings", function () {
  this.timeout(180_000);

  let node: LocalNode | undefined;

  after(async function () {
    await node?.stop();
  });

  it("names the missing .env lines", async function () {
    const result = await runHardhat(["--network", "sepolia", "compile", "--quiet"], CLEAN_ENV);

    expect(result.code, result.output).not.to.equal(0);
    expect(result.output).to.include("Error in plugin world-coop: The sepolia network needs these lines in .env");
    expect(result.output).to.include("SEPOLIA_RPC_URL=<HTTP(S) URL of your Ethereum Sepolia RPC endpoint>");
    expect(result.output).to.include("DEPLOYER_PRIVATE_KEY=<0x + 64 hex>");
  });

  it("rejects a development key", async function () {
    const account = hardhatDevelopmentAccounts()[0];
    const url = `http://127.0.0.1:${await freePort()}`;

    const result = await runHardhat(["--network", "chiado", "compile", "--quiet"], {
      ...CLEAN_ENV,
      CHIADO_RPC_URL: url,
      DEPLOYER_PRIVATE_KEY: account.privateKey,
    });

    expect(result.code, result.output).not.to.equal(0);
    expect(result.output).to.include("DEPLOYER_PRIVATE_KEY is the key of Hardhat's development account #0");
    expect(result.output).not.to.include(account.privateKey.slice(2));
  });

  it("names both chain ids of a wrong endpoint", async function () {
    node = await startNode();
    const key = Wallet.createRandom().privateKey;

    // coop:verify requests the endpoint's chain id before anything else, and sends nothing to an explorer
    // from chain 31337 even if the check let it through.
    const result = await runHardhat(["--network", "sepolia", "coop:verify"], {
      ...CLEAN_ENV,
      SEPOLIA_RPC_URL: node.url,
      DEPLOYER_PRIVATE_KEY: key,
      ETHERSCAN_API_KEY: "unused",
    });

    expect(result.code, result.output).not.to.equal(0);
    expect(result.output).to.include("The RPC endpoint in SEPOLIA_RPC_URL serves chain 31337");
    expect(result.output).to.include("the sepolia network is chain 11155111");
    expect(result.output).not.to.include(key.slice(2));
  });

  describe("coop:verify", function () {
    it("skips without ETHERSCAN_API_KEY", async function () {
      // A closed port: the skip must come before any request.
      const url = `http://127.0.0.1:${await freePort()}`;

      const result = await runHardhat(["--network", "baseSepolia", "coop:verify"], {
        ...CLEAN_ENV,
        BASE_SEPOLIA_RPC_URL: url,
        DEPLOYER_PRIVATE_KEY: Wallet.createRandom().privateKey,
      });

      expect(result.code, result.output).to.equal(0);
      expect(result.output).to.include("Skipped verification on baseSepolia: ETHERSCAN_API_KEY is empty");
    });

    it("rejects the embedded network", async function () {
      const error = await runTask("coop:verify").then(
        () => undefined,
        (reason: unknown) => reason,
      );

      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.include("network hardhat (chain 31337) is a local chain");
    });
  });
});
