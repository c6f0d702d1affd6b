import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import hre, { deployments, ethers } from "hardhat";

import { CoopFactory__factory } from "../../typechain-types";
import { findCooperative } from "../../src/deploy/factory";
import { COOP_PARTS, loadCoopAddresses, type CoopAddresses } from "../../tasks/lib";
import { EXAMPLE_CONFIG } from "../helpers/config";
import { runTask, setEnv } from "../helpers/inProcessTask";

/** First founder of the example cooperative. */
const FOUNDER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** Returns the message of the error that `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("The call succeeded, but an error was expected.");
}

describe("--coop ADDRESS", function () {
  let folder: string;
  let restoreEnv: () => void;
  let recorded: CoopAddresses;

  before(async function () {
    folder = await mkdtemp(path.join(tmpdir(), "coop-by-address-"));
    restoreEnv = setEnv({ IPFS_STORE_DIR: path.join(folder, "store"), IPFS_API_URL: undefined });
    await runTask("coop:deploy", { coopConfig: EXAMPLE_CONFIG, salt: "found-by-address" });
    recorded = await loadCoopAddresses(hre, "BAKERS");
  });

  // Later files pick the only cooperative recorded on the embedded network: this one's records go.
  after(async function () {
    for (const part of COOP_PARTS) await deployments.delete(`BAKERS-${part}`);
    restoreEnv();
    await rm(folder, { recursive: true, force: true });
  });

  it("finds a cooperative by its membership register", async function () {
    expect(await loadCoopAddresses(hre, recorded.membership)).to.deep.equal(recorded);
  });

  it("finds it by any of its contracts", async function () {
    expect(await loadCoopAddresses(hre, recorded.judgment.toLowerCase())).to.deep.equal(recorded);
  });

  it("lets a task run on it", async function () {
    const { lines } = await runTask("member:show", { coop: recorded.governor, address: FOUNDER, json: true });

    expect(JSON.parse(lines.join("\n"))).to.include({ address: FOUNDER, isMember: true });
  });

  it("reads the factory's events in spans", async function () {
    const factory = CoopFactory__factory.connect((await deployments.get("CoopFactory")).address, ethers.provider);

    const { symbol, ...parts } = recorded;

    expect(symbol).to.equal("BAKERS");
    expect(await findCooperative(factory, recorded.shares, 0, 1)).to.deep.equal(parts);
  });

  it("names an address without code", async function () {
    const [, , , , , , , , , outsider] = await ethers.getSigners();

    expect(await failure(loadCoopAddresses(hre, outsider.address))).to.include(
      `--coop ${outsider.address}: there is no contract at that address on network hardhat`,
    );
  });

  it("names a contract that the factory did not create", async function () {
    const factory = (await deployments.get("CoopFactory")).address;

    expect(await failure(loadCoopAddresses(hre, factory))).to.include("created no cooperative with that address");
  });

  it("names a network without a recorded factory", async function () {
    const factory = await deployments.get("CoopFactory");
    await deployments.delete("CoopFactory");
    try {
      expect(await failure(loadCoopAddresses(hre, recorded.membership))).to.include(
        "no factory is recorded on network hardhat",
      );
    } finally {
      await deployments.save("CoopFactory", factory);
    }
  });
});
