import { expect } from "chai";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { deployments, ethers } from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";

import { CoopFactory__factory, CoopMembership__factory } from "../../typechain-types";
import { EXAMPLE_CONFIG } from "../helpers/config";
import { runTask, setEnv } from "../helpers/inProcessTask";

/** Part names that coop:deploy prints, each followed by its address. */
const PARTS = ["timelock", "membership", "governor", "shares", "charter", "judgment", "feeRouter"];

/** Symbols of the cooperatives that this file records: the example's, and that of the flags case. */
const RECORDED_SYMBOLS = ["BAKERS", "FLAGS"];

/** Returns the address that coop:deploy printed for `part`. */
function printedAddress(lines: string[], part: string): string {
  const line = lines.find((text) => text.trim().startsWith(`${part} `));
  if (line === undefined) throw new Error(`coop:deploy printed no address for ${part}:\n${lines.join("\n")}`);
  return line.trim().split(/\s+/)[1] ?? "";
}

/** Runs coop:deploy and returns the error that it raised. */
async function deployError(args: Record<string, unknown>): Promise<Error> {
  try {
    await runTask("coop:deploy", args);
  } catch (error) {
    return error as Error;
  }
  throw new Error("coop:deploy succeeded, but an error was expected.");
}

describe("coop:deploy --coop-config", function () {
  let folder: string;
  let restoreEnv: () => void;

  before(async function () {
    folder = await mkdtemp(path.join(tmpdir(), "coop-deploy-config-"));
    restoreEnv = setEnv({ IPFS_STORE_DIR: path.join(folder, "store"), IPFS_API_URL: undefined });
  });

  // The tasks of later files pick the only cooperative recorded on the embedded network, so the
  // records of this file's cooperatives go. The chain keeps its state, because the records of the
  // implementations and the factory, which later deployments reuse, point to contracts on it.
  after(async function () {
    for (const symbol of RECORDED_SYMBOLS) {
      for (const part of PARTS) await deployments.delete(`${symbol}-${part}`);
    }
    restoreEnv();
    await rm(folder, { recursive: true, force: true });
  });

  it("deploys the example", async function () {
    const { lines } = await runTask("coop:deploy", { coopConfig: EXAMPLE_CONFIG, salt: "example" });

    expect(lines.join("\n")).to.include("Cooperative deployed with 3 founding member(s)");
    const membership = CoopMembership__factory.connect(printedAddress(lines, "membership"), ethers.provider);
    expect(await membership.memberCount()).to.equal(3n);
    expect(await membership.name()).to.equal("Riverside Bakers Cooperative");
    expect(await membership.admissionPolicy()).to.equal(1n);
  });

  it("registers in the factory", async function () {
    const { lines } = await runTask("coop:deploy", { coopConfig: EXAMPLE_CONFIG, salt: "registered" });
    const { address } = await deployments.get("CoopFactory");
    const factory = CoopFactory__factory.connect(address, ethers.provider);

    for (const part of PARTS) expect(printedAddress(lines, part), part).to.match(/^0x[0-9a-fA-F]{40}$/);
    expect(await factory.isCooperative(printedAddress(lines, "timelock"))).to.equal(true);
    const [event] = await factory.queryFilter(factory.filters.CooperativeCreated(), -1);
    expect(event?.args.statutesCid).to.match(/^0x0155/);
    expect(event?.args.metadataCid).to.match(/^0x0155/);
  });

  it("pins the documents", async function () {
    const { lines } = await runTask("coop:deploy", { coopConfig: EXAMPLE_CONFIG, salt: "pinned" });

    expect(lines.filter((line) => line.startsWith("Pinned the "))).to.have.length(2);
  });

  it("rejects a reused salt", async function () {
    await runTask("coop:deploy", { coopConfig: EXAMPLE_CONFIG, salt: "twice" });

    const error = await deployError({ coopConfig: EXAMPLE_CONFIG, salt: "twice" });

    expect(error).to.be.instanceOf(HardhatPluginError);
    expect(error.message).to.match(
      /already created a cooperative with the salt "twice" .* give another one with --salt/,
    );
  });

  it("names the invalid field", async function () {
    const example = JSON.parse(await readFile(EXAMPLE_CONFIG, "utf8")) as {
      governance: Record<string, unknown>;
    };
    example.governance.quorumPercent = 140;
    const broken = path.join(folder, "broken.json");
    await writeFile(broken, JSON.stringify({ ...example, metadata: undefined, statutes: undefined }));

    const error = await deployError({ coopConfig: broken });

    expect(error).to.be.instanceOf(HardhatPluginError);
    expect(error.message).to.include("governance.quorumPercent: 140 is not a whole number from 0 to 100");
  });

  it("names empty founders", async function () {
    const copy = path.join(folder, "copy.json");
    await writeFile(copy, JSON.stringify({ name: "Copy", symbol: "COPY", founders: [], governance: {} }));

    const error = await deployError({ coopConfig: copy });

    expect(error.message).to.include("founders: is empty");
  });

  it("rejects flags with config", async function () {
    const error = await deployError({ coopConfig: EXAMPLE_CONFIG, name: "Other", votingDelay: 10 });

    expect(error.message).to.include("--coop-config cannot be combined with --name, --voting-delay");
  });

  it("rejects salt without config", async function () {
    const error = await deployError({ name: "Other", symbol: "OTHER", founders: ethers.ZeroAddress, salt: "x" });

    expect(error.message).to.include("--salt applies only with --coop-config");
  });

  it("requires name without config", async function () {
    const error = await deployError({ symbol: "OTHER" });

    expect(error.message).to.include("Missing --name, --founders");
  });

  it("keeps flag deployment", async function () {
    const [, founder] = await ethers.getSigners();

    const { lines } = await runTask("coop:deploy", { name: "Flags", symbol: "FLAGS", founders: founder.address });

    expect(lines).to.include("Cooperative deployed with 1 founding member(s).");
  });

  it("prints only JSON with --json", async function () {
    const { lines } = await runTask("coop:deploy", { coopConfig: EXAMPLE_CONFIG, salt: "json", json: true });

    const printed = JSON.parse(lines.join("\n")) as Record<string, string>;
    expect(printed).to.include({ network: "hardhat", chainId: "31337", symbol: "BAKERS" });
    expect(await ethers.provider.getCode(printed.membership)).to.not.equal("0x");
  });

  it("prints JSON for a deployment by flags", async function () {
    const [, founder] = await ethers.getSigners();

    const { lines } = await runTask("coop:deploy", {
      name: "Flags",
      symbol: "FLAGS",
      founders: founder.address,
      json: true,
    });

    expect(Object.keys(JSON.parse(lines.join("\n")) as object)).to.include.members(PARTS);
  });
});
