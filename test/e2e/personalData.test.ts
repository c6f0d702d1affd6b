import { access, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

import { temporaryFolder } from "../helpers/crypto";
import { jsonOutput, runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

/** Test accounts of `hardhat node`: three founders, and an outsider who is not a member. */
const FOUNDER_A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const FOUNDER_B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const FOUNDER_C = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const OUTSIDER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";

const PASSPHRASE = "e2e passphrase of founder B";

/** The personal data file that founder A records. */
const RECORD = JSON.stringify({ name: "Ada Lovelace", address: "12 St James's Square, London" }, null, 2);

/** Output of `member:set-personal-data --json`, in part. */
interface SetOutput {
  cid: string;
  documentId: string;
  recipients: { account: string; role: string }[];
}

/** Output of `member:erase-personal-data --json`, in part. */
interface EraseOutput {
  cid: string;
  wrappedKeysDeleted: number;
  unpinned: boolean;
  transaction: string;
}

function expectSuccess(result: RunResult): void {
  expect(result.code, result.output).to.equal(0);
}

function expectFailure(result: RunResult, message: string): void {
  expect(result.code, result.output).to.not.equal(0);
  expect(result.output).to.include(message);
}

describe("e2e: personal data tasks", function () {
  this.timeout(600_000);

  let node: LocalNode;
  let folder: { path: string; remove: () => Promise<void> };
  let env: Record<string, string>;
  let recordFile: string;
  let keyFile: string;

  /** Runs a task on the test node, with the stores in the test's folder. */
  function task(...args: string[]): Promise<RunResult> {
    return runHardhat([...args, "--network", "localhost"], env);
  }

  before(async function () {
    node = await startNode();
    folder = await temporaryFolder("coop-personal-e2e-");
    env = {
      LOCALHOST_RPC_URL: node.url,
      IPFS_STORE_DIR: path.join(folder.path, "ipfs"),
      KEY_STORE_DIR: path.join(folder.path, "keys"),
      COOP_KEY_PASSPHRASE: PASSPHRASE,
    };
    recordFile = path.join(folder.path, "me.json");
    keyFile = path.join(folder.path, "founder-b.key");
    await writeFile(recordFile, RECORD);
    await mkdir(path.join(folder.path, "out"));

    expectSuccess(
      await task(
        "coop:deploy",
        "--name",
        "Data Coop",
        "--symbol",
        "DATA",
        "--founders",
        `${FOUNDER_A},${FOUNDER_B},${FOUNDER_C}`,
      ),
    );
  });

  after(async function () {
    await node?.stop();
    await folder?.remove();
  });

  it("registers a wallet-derived key", async function () {
    const result = await task("member:register-key", "--from", FOUNDER_A);

    expectSuccess(result);
    expect(result.output).to.match(new RegExp(`Registered the encryption key of ${FOUNDER_A}, key id 0x[0-9a-f]{64}`));
  });

  it("sends nothing for a registered key", async function () {
    const result = await task("member:register-key", "--from", FOUNDER_A);

    expectSuccess(result);
    expect(result.output).to.include(`was already registered for ${FOUNDER_A}, so nothing was sent.`);
  });

  it("rejects a key file without passphrase", async function () {
    const result = await runHardhat(
      ["member:register-key", "--from", FOUNDER_B, "--key-file", keyFile, "--network", "localhost"],
      { ...env, COOP_KEY_PASSPHRASE: "" },
    );

    expectFailure(result, "needs its passphrase in the environment variable COOP_KEY_PASSPHRASE");
    await expect(access(keyFile)).to.be.rejectedWith("ENOENT");
  });

  it("registers a new key file", async function () {
    const result = await task("member:register-key", "--from", FOUNDER_B, "--key-file", keyFile);

    expectSuccess(result);
    expect(result.output).to.include(`Generated a key pair and saved it in key file ${keyFile}`);
    await access(keyFile);
  });

  it("rejects a recipient without a key", async function () {
    const result = await task(
      "member:set-personal-data",
      "--file",
      recordFile,
      "--recipients",
      FOUNDER_C,
      "--from",
      FOUNDER_A,
    );

    expectFailure(result, `The recipient ${FOUNDER_C} has no encryption key registered`);
    expect(result.output).to.include("must run member:register-key first");
  });

  it("records personal data for two members", async function () {
    const result = await task(
      "member:set-personal-data",
      "--file",
      recordFile,
      "--recipients",
      FOUNDER_B,
      "--from",
      FOUNDER_A,
      "--json",
    );

    const recorded = jsonOutput<SetOutput>(result);
    expect(recorded.recipients.map((recipient) => recipient.account)).to.deep.equal([FOUNDER_A, FOUNDER_B]);
    expect(recorded.cid).to.match(/^b[a-z2-7]+$/);
  });

  it("writes member data to a file", async function () {
    const out = path.join(folder.path, "out", "a.json");

    const result = await task("member:get-personal-data", "--from", FOUNDER_A, "--out", out);

    expectSuccess(result);
    expect(await readFile(out, "utf8")).to.equal(RECORD);
  });

  it("returns data to key-file recipient", async function () {
    const out = path.join(folder.path, "out", "b.json");

    const result = await task(
      "member:get-personal-data",
      "--member",
      FOUNDER_A,
      "--from",
      FOUNDER_B,
      "--key-file",
      keyFile,
      "--out",
      out,
    );

    expectSuccess(result);
    expect(await readFile(out, "utf8")).to.equal(RECORD);
  });

  it("writes data to standard output", async function () {
    const result = await task("member:get-personal-data", "--from", FOUNDER_A);

    expectSuccess(result);
    expect(result.output).to.include(RECORD);
  });

  it("rejects an existing --out file", async function () {
    const out = path.join(folder.path, "out", "a.json");

    const result = await task("member:get-personal-data", "--from", FOUNDER_A, "--out", out);

    expectFailure(result, `--out ${JSON.stringify(out)} already exists. Choose another path, or delete that file`);
    expect(await readFile(out, "utf8")).to.equal(RECORD);
  });

  it("rejects a folder as --out", async function () {
    const out = path.join(folder.path, "out");

    const result = await task("member:get-personal-data", "--from", FOUNDER_A, "--out", out);

    expectFailure(result, `--out ${JSON.stringify(out)} is a folder`);
    expect(result.output).to.not.include("EISDIR");
  });

  it("names registered key on mismatch", async function () {
    const result = await task("member:get-personal-data", "--member", FOUNDER_A, "--from", FOUNDER_B);

    expectFailure(result, "is not your registered key");
    expect(result.output).to.include("Pass the --key-file you registered with");
  });

  it("opens key file with short passphrase", async function () {
    const result = await runHardhat(
      ["member:register-key", "--from", FOUNDER_B, "--key-file", keyFile, "--network", "localhost"],
      { ...env, COOP_KEY_PASSPHRASE: "short" },
    );

    expectFailure(result, "the passphrase is wrong");
    expect(result.output).to.not.include("at least 12");
  });

  it("rejects short new-key-file passphrase", async function () {
    const newKeyFile = path.join(folder.path, "founder-c.key");

    const result = await runHardhat(
      ["member:register-key", "--from", FOUNDER_C, "--key-file", newKeyFile, "--network", "localhost"],
      { ...env, COOP_KEY_PASSPHRASE: "short" },
    );

    expectFailure(result, "The passphrase in COOP_KEY_PASSPHRASE has 5 characters");
    await expect(access(newKeyFile)).to.be.rejectedWith("ENOENT");
  });

  it("rejects a non-recipient reader", async function () {
    const out = path.join(folder.path, "out", "outsider.json");

    const result = await task("member:get-personal-data", "--member", FOUNDER_A, "--from", OUTSIDER, "--out", out);

    expectFailure(result, `is not a recipient of the personal data of ${FOUNDER_A}`);
    await expect(access(out)).to.be.rejectedWith("ENOENT");
  });

  it("erases the member's data", async function () {
    const result = await task("member:erase-personal-data", "--from", FOUNDER_A, "--json");

    const erased = jsonOutput<EraseOutput>(result);
    expect(erased.wrappedKeysDeleted).to.equal(2);
    expect(erased.unpinned).to.be.true;
    expect(await readdir(env.KEY_STORE_DIR)).to.deep.equal([]);
    expect(await readdir(path.join(env.IPFS_STORE_DIR, "pins"))).to.deep.equal([]);
  });

  it("finds nothing to read after erasure", async function () {
    const result = await task(
      "member:get-personal-data",
      "--member",
      FOUNDER_A,
      "--from",
      FOUNDER_B,
      "--key-file",
      keyFile,
    );

    expectFailure(result, `${FOUNDER_A} has no personal data recorded in the register`);
    expect(result.output).to.include("it was never set, or it was erased");
  });

  it("finds the data already erased", async function () {
    const result = await task("member:erase-personal-data", "--from", FOUNDER_A);

    expectFailure(result, "their personal data is already erased or was never set");
    expect(result.output).to.include("Nothing was deleted");
  });

  it("keeps another member's keys", async function () {
    await task("member:register-key", "--from", FOUNDER_A);
    const theirs = jsonOutput<SetOutput>(
      await task("member:set-personal-data", "--file", recordFile, "--from", FOUNDER_A, "--json"),
    );
    const own = jsonOutput<SetOutput>(
      await task(
        "member:set-personal-data",
        "--file",
        recordFile,
        "--from",
        FOUNDER_B,
        "--key-file",
        keyFile,
        "--json",
      ),
    );
    const emptyStore = { ...env, IPFS_STORE_DIR: path.join(folder.path, "empty-ipfs") };
    const keyFolders = () => readdir(env.KEY_STORE_DIR);

    const withoutChainOnly = await runHardhat(
      ["member:erase-personal-data", "--from", FOUNDER_B, "--network", "localhost"],
      emptyStore,
    );
    const foldersAfterFailure = await keyFolders();
    const chainOnly = await runHardhat(
      ["member:erase-personal-data", "--from", FOUNDER_B, "--chain-only", "--network", "localhost"],
      emptyStore,
    );

    expectFailure(withoutChainOnly, "Nothing was deleted");
    expect(withoutChainOnly.output).to.include("--chain-only");
    expect(foldersAfterFailure).to.have.members([theirs.documentId.slice(2), own.documentId.slice(2)]);
    expectSuccess(chainOnly);
    expect(chainOnly.output).to.include("stay in the key store");
    expect(await keyFolders()).to.have.members([theirs.documentId.slice(2), own.documentId.slice(2)]);
  });
});
