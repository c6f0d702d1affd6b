import { expect } from "chai";

import hre, { deployments, ethers } from "hardhat";

import { CoopFactory__factory } from "../../typechain-types";
import { findCooperative } from "../../src/deploy/factory";
import { COOP_PARTS, loadCoopAddresses, type CoopAddresses } from "../../tasks/lib";
import { EXAMPLE_CONFIG } from "../helpers/config";
import { deployRecordedCoop, failureOf, runTask } from "../helpers/inProcessTask";

/** First founder of the example cooperative. */
const FOUNDER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("--coop ADDRESS", function () {
  let forget: () => Promise<void>;
  let recorded: CoopAddresses;

  before(async function () {
    ({ forget } = await deployRecordedCoop("BAKERS", { coopConfig: EXAMPLE_CONFIG, salt: "found-by-address" }));
    recorded = await loadCoopAddresses(hre, "BAKERS");
  });

  after(async function () {
    await forget();
  });

  /** Runs `check` while the cooperative's records are gone, as for a member who did not deploy it. */
  async function withoutRecords(check: () => Promise<void>): Promise<void> {
    const saved = await Promise.all(COOP_PARTS.map((part) => deployments.get(`BAKERS-${part}`)));
    for (const part of COOP_PARTS) await deployments.delete(`BAKERS-${part}`);
    try {
      await check();
    } finally {
      for (const [index, part] of COOP_PARTS.entries()) await deployments.save(`BAKERS-${part}`, saved[index]);
    }
  }

  it("finds a recorded cooperative by its membership register", async function () {
    expect(await loadCoopAddresses(hre, recorded.membership)).to.deep.equal(recorded);
  });

  it("finds an unrecorded cooperative through the factory", async function () {
    await withoutRecords(async () => {
      expect(await loadCoopAddresses(hre, recorded.membership)).to.deep.equal(recorded);
    });
  });

  it("finds it by any of its contracts", async function () {
    expect(await loadCoopAddresses(hre, recorded.judgment.toLowerCase())).to.deep.equal(recorded);
  });

  it("lets a task run on it", async function () {
    const { lines } = await runTask("member:show", { coop: recorded.governor, address: FOUNDER, json: true });

    expect(JSON.parse(lines.join("\n"))).to.include({ address: FOUNDER, isMember: true });
  });

  it("shows a member in no college", async function () {
    const { lines } = await runTask("member:show", { coop: recorded.governor, address: FOUNDER });

    expect(lines[1]).to.match(/, no college$/);
  });

  it("reads the factory's events in spans", async function () {
    const factory = CoopFactory__factory.connect((await deployments.get("CoopFactory")).address, ethers.provider);

    const { symbol, ...parts } = recorded;

    expect(symbol).to.equal("BAKERS");
    expect(await findCooperative(factory, recorded.shares, 0, 1)).to.deep.equal(parts);
  });

  it("names an address without code", async function () {
    const [, , , , , , , , , outsider] = await ethers.getSigners();

    expect(await failureOf(loadCoopAddresses(hre, outsider.address))).to.include(
      `--coop ${outsider.address}: there is no contract at that address on network hardhat`,
    );
  });

  it("names a contract that the factory did not create", async function () {
    const factory = (await deployments.get("CoopFactory")).address;

    expect(await failureOf(loadCoopAddresses(hre, factory))).to.include("created no cooperative with that address");
  });

  it("names a network without a recorded factory", async function () {
    const factory = await deployments.get("CoopFactory");
    await deployments.delete("CoopFactory");
    try {
      await withoutRecords(async () => {
        expect(await failureOf(loadCoopAddresses(hre, recorded.membership))).to.include(
          "no factory is recorded on network hardhat",
        );
      });
    } finally {
      await deployments.save("CoopFactory", factory);
    }
  });
});
