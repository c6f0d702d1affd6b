import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Wallet, keccak256, toBeHex, toUtf8Bytes } from "ethers";

import { hardhatDevelopmentAccounts } from "../../src/toolchain/developmentKeys";
import { ROOT, freePort, runHardhat } from "../helpers/node";

/**
 * Tutorials put deployer keys in hardhat.config or in a `.env` that git tracks, and bots empty any
 * funded account whose key reaches a public repository within minutes. The secret scan fails on such
 * a key in any tracked file and on a tracked or unignored `.env`, and Hardhat refuses to reach the
 * testnet without a key of the user's own.
 */

const TS_NODE = path.join(ROOT, "node_modules", ".bin", "ts-node");
const SCANNER = path.join(ROOT, "scripts", "check-secrets.ts");

/** Output and exit code of the secret scan. */
interface ScanResult {
  status: number | null;
  output: string;
}

/** Runs the secret scan on `repository`, as CI runs it on the project. */
function scan(repository: string): ScanResult {
  const result = spawnSync(TS_NODE, ["--transpile-only", SCANNER, repository], { cwd: ROOT, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function git(repository: string, ...args: string[]): void {
  execFileSync("git", args, { cwd: repository, stdio: "ignore" });
}

/** Creates a git repository in a temporary folder with `files` added to its index. */
function repositoryWith(files: Record<string, string>): string {
  const repository = mkdtempSync(path.join(os.tmpdir(), "secret-scan-"));
  git(repository, "init", "--quiet");
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(repository, file), text);
  git(repository, "add", "--force", ...Object.keys(files));
  return repository;
}

/** Returns the ERC-7201 storage location of `namespace`, as a Solidity contract writes it. */
function erc7201Location(namespace: string): string {
  const slot = BigInt(keccak256(toUtf8Bytes(namespace))) - 1n;
  return toBeHex(BigInt(keccak256(toBeHex(slot, 32))) & ~0xffn, 32);
}

/** Returns a deploy script as tutorials write it, with `key` on its third line. */
function scriptWithKey(key: string): string {
  return ["// Deploys the token.", "const url = process.env.RPC_URL;", `const key = "${key}";`, ""].join("\n");
}

describe("Private keys leaked in tracked files", function () {
  this.timeout(120_000);

  const repositories: string[] = [];
  function tracked(files: Record<string, string>): string {
    const repository = repositoryWith(files);
    repositories.push(repository);
    return repository;
  }

  after(function () {
    for (const repository of repositories) rmSync(repository, { recursive: true, force: true });
  });

  describe("secret scan", function () {
    it("names the file and line of a key", function () {
      // A fresh random key, so that this file never contains one.
      const key = Wallet.createRandom().privateKey;
      const repository = tracked({ ".gitignore": ".env\n", "deploy.js": scriptWithKey(key) });

      const result = scan(repository);

      expect(result.status, result.output).to.equal(1);
      expect(result.output).to.include("deploy.js:3:");
      expect(result.output).to.include("looks like a private key");
      expect(result.output, "the key itself is not printed").not.to.include(key.slice(10));
    });

    it("finds a key without 0x", function () {
      const key = Wallet.createRandom().privateKey.slice(2);
      const repository = tracked({ ".gitignore": ".env\n", "config.yml": `deployer:\n  key: ${key}\n` });

      const result = scan(repository);

      expect(result.status, result.output).to.equal(1);
      expect(result.output).to.include("config.yml:2:");
    });

    it("finds a key written with 0X", function () {
      const key = Wallet.createRandom().privateKey.slice(2);
      const repository = tracked({ ".gitignore": ".env\n", "notes.txt": `PRIVATE_KEY=0X${key}\n` });

      const result = scan(repository);

      expect(result.status, result.output).to.equal(1);
      expect(result.output).to.include("notes.txt:1:");
    });

    it("finds a staged key gone from disk", function () {
      const key = Wallet.createRandom().privateKey;
      const repository = tracked({ ".gitignore": ".env\n", "deploy.js": scriptWithKey(key) });
      writeFileSync(path.join(repository, "deploy.js"), "module.exports = {};\n");

      const result = scan(repository);

      expect(result.status, result.output).to.equal(1);
      expect(result.output).to.include("deploy.js:3:");
    });

    it("finds a staged key of a deleted file", function () {
      const key = Wallet.createRandom().privateKey;
      const repository = tracked({ ".gitignore": ".env\n", "deploy.js": scriptWithKey(key) });
      rmSync(path.join(repository, "deploy.js"));

      const result = scan(repository);

      expect(result.status, result.output).to.equal(1);
      expect(result.output).to.include("deploy.js:3:");
    });

    it("finds a passphrase key beside its phrase", function () {
      const phrase = "our testnet deployer";
      const key = keccak256(toUtf8Bytes(phrase));
      const repository = tracked({
        ".gitignore": ".env\n",
        "deploy.js": `// key = keccak256("${phrase}")\nconst key = "${key}";\n`,
      });

      const result = scan(repository);

      expect(result.status, result.output).to.equal(1);
      expect(result.output).to.include("deploy.js:2:");
    });

    it("passes a clean repository", function () {
      const developmentKey = hardhatDevelopmentAccounts()[0].privateKey;
      const storage = [
        '// keccak256(abi.encode(uint256(keccak256("worldcoop.storage.Example")) - 1)) & ~bytes32(uint256(0xff))',
        `bytes32 constant LOCATION = ${erc7201Location("worldcoop.storage.Example")};`,
      ].join("\n");
      const repository = tracked({
        ".gitignore": "node_modules/\n.env\n",
        ".env.example": "TESTNET_RPC_URL=\nDEPLOYER_PRIVATE_KEY=\n",
        "local.test.js": scriptWithKey(developmentKey),
        "Storage.sol": storage,
        "README.md": "Signatures are 65 bytes: 0x" + "ab".repeat(65) + "\n",
      });

      const result = scan(repository);

      expect(result.status, result.output).to.equal(0);
    });

    it("rejects a tracked .env", function () {
      const repository = tracked({ ".gitignore": ".env\n", ".env": "TESTNET_RPC_URL=http://127.0.0.1:8545\n" });

      const result = scan(repository);

      expect(result.status, result.output).to.equal(1);
      expect(result.output).to.include("a .env file is tracked by git: run `git rm --cached .env`");
    });

    it("rejects a .env that git does not ignore", function () {
      const repository = tracked({ ".gitignore": "node_modules/\n", "index.js": "module.exports = {};\n" });

      const result = scan(repository);

      expect(result.status, result.output).to.equal(1);
      expect(result.output).to.include("`.env` is not ignored by git");
    });

    it("rejects a key in .env.example", function () {
      const developmentKey = hardhatDevelopmentAccounts()[1].privateKey;
      const repository = tracked({
        ".gitignore": ".env\n",
        ".env.example": `TESTNET_RPC_URL=\nDEPLOYER_PRIVATE_KEY=${developmentKey}\n`,
      });

      const result = scan(repository);

      expect(result.status, result.output).to.equal(1);
      expect(result.output).to.include(".env.example:2: DEPLOYER_PRIVATE_KEY has a value");
    });

    it("passes this repository", function () {
      const result = scan(ROOT);

      expect(result.status, result.output).to.equal(0);
    });
  });

  describe("testnet network", function () {
    /** Runs a Hardhat command on the testnet network, with its RPC URL on a closed local port. */
    async function onTestnet(deployerKey: string) {
      const url = `http://127.0.0.1:${await freePort()}`;
      return runHardhat(["--network", "testnet", "compile", "--quiet"], {
        TESTNET_RPC_URL: url,
        DEPLOYER_PRIVATE_KEY: deployerKey,
        TESTNET_CHAIN_ID: "",
      });
    }

    it("names the missing key line", async function () {
      const result = await onTestnet("");

      expect(result.code, result.output).not.to.equal(0);
      expect(result.output).to.include("The testnet network needs these lines in .env");
      expect(result.output).to.include("DEPLOYER_PRIVATE_KEY=<0x + 64 hex>");
      expect(result.output).not.to.include("TESTNET_RPC_URL=<");
    });

    it("rejects a development key", async function () {
      const account = hardhatDevelopmentAccounts()[0];

      const result = await onTestnet(account.privateKey);

      expect(result.code, result.output).not.to.equal(0);
      expect(result.output).to.include(`DEPLOYER_PRIVATE_KEY is the key of Hardhat's development account #0`);
      expect(result.output).to.include(account.address);
    });
  });
});
