import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import { CoopColleges__factory, CoopGovernor__factory } from "../../typechain-types";
import { cidV1Sha256, encodeCidV1Text } from "../helpers/cid";
import { deployRecordedCoop, failureOf, runTask } from "../helpers/inProcessTask";
import { loadCoopAddresses, type CoopAddresses } from "../../tasks/lib";

/** Symbol of the cooperative that this file deploys. */
const SYMBOL = "SCIC";

/** What coop:colleges --json prints. */
interface CollegesOutput {
  address: string;
  enabled: boolean;
  quorumMode: string;
  bounds: { minBps: number; maxBps: number };
  colleges: { id: number; weightBps: number; label: string }[];
  governors: { governor: boolean; judgment: boolean };
  charter: { registered: boolean; named: boolean };
  deployed: boolean;
  applied: boolean;
  actions: { target: string; data: string }[];
}

/** Returns the label CID of the college `name`, as text. */
function label(name: string): string {
  return encodeCidV1Text(cidV1Sha256(name));
}

/** The SCIC configuration of the tests. */
const SCIC_CONFIG = {
  colleges: [
    { id: 1, weightBps: 3000, label: label("workers") },
    { id: 2, weightBps: 3000, label: label("users") },
    { id: 3, weightBps: 2000, label: label("partners") },
    { id: 4, weightBps: 2000, label: label("public bodies") },
  ],
  bounds: { minBps: 1000, maxBps: 5000 },
  quorumMode: "per-college",
  governors: ["governor", "judgment"],
  members: {
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": 1,
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC": 2,
    "0x90F79bf6EB2c4f870365E785982E1f101E93b906": 3,
  },
  enabled: true,
};

describe("coop:colleges", function () {
  let folder: string;
  let forget: () => Promise<void>;
  let addresses: CoopAddresses;

  /** Writes `content` as a JSON file in the test folder and returns its path. */
  async function configFile(name: string, content: unknown): Promise<string> {
    const file = path.join(folder, name);
    await writeFile(file, JSON.stringify(content));
    return file;
  }

  /** Runs coop:colleges with --json and parses what it printed. */
  async function runJson(args: Record<string, unknown>): Promise<CollegesOutput> {
    const { lines } = await runTask("coop:colleges", { coop: SYMBOL, ...args, json: true });
    return JSON.parse(lines.join("\n")) as CollegesOutput;
  }

  before(async function () {
    const founders = (await ethers.getSigners()).slice(1, 4).map((signer) => signer.address);
    ({ forget } = await deployRecordedCoop(SYMBOL, {
      name: "Multi-stakeholder Cooperative",
      symbol: SYMBOL,
      founders: founders.join(","),
    }));
    folder = await mkdtemp(path.join(tmpdir(), "coop-colleges-"));
    addresses = await loadCoopAddresses(hre, SYMBOL);
  });

  after(async function () {
    await hre.deployments.delete(`${SYMBOL}-colleges`);
    await forget();
    await rm(folder, { recursive: true, force: true });
  });

  it("fails before the module is deployed", async function () {
    const message = await failureOf(runTask("coop:colleges", { coop: SYMBOL }));
    expect(message).to.contain("run coop:colleges --deploy");
  });

  it("deploys and records the module", async function () {
    const result = await runJson({ deploy: true });
    const record = await hre.deployments.get(`${SYMBOL}-colleges`);
    expect([result.deployed, result.address]).to.deep.equal([true, record.address]);
  });

  it("initialises the module for the cooperative", async function () {
    const record = await hre.deployments.get(`${SYMBOL}-colleges`);
    const colleges = CoopColleges__factory.connect(record.address, ethers.provider);
    expect([await colleges.membership(), await colleges.timelock()]).to.deep.equal([
      addresses.membership,
      addresses.timelock,
    ]);
  });

  it("rejects an address that is no module", async function () {
    const message = await failureOf(runTask("coop:colleges", { coop: SYMBOL, colleges: addresses.membership }));
    expect(message).to.contain(`${addresses.membership} is not a colleges module`);
  });

  it("rejects a second module", async function () {
    const message = await failureOf(runTask("coop:colleges", { coop: SYMBOL, deploy: true }));
    expect(message).to.contain("already has a colleges module");
  });

  it("shows an empty configuration", async function () {
    const { lines } = await runTask("coop:colleges", { coop: SYMBOL });
    expect(lines).to.include("No colleges configured yet: apply a --apply file.");
  });

  it("rejects turning on with no member placed", async function () {
    const config = { ...SCIC_CONFIG, members: {} };
    const message = await failureOf(runJson({ apply: await configFile("unplaced.json", config) }));
    expect(message).to.contain(`no member of ${SYMBOL} is in a configured college, so nobody could vote`);
  });

  it("prints the actions to propose", async function () {
    const result = await runJson({ apply: await configFile("scic.json", SCIC_CONFIG) });
    // Register and name the module in the charter, widen the bounds, set the colleges, set the
    // bounds and the quorum mode, register two governors, assign three members, turn on.
    expect([result.applied, result.actions.length]).to.deep.equal([false, 12]);
  });

  it("connects the module in the charter", async function () {
    await runJson({ apply: await configFile("scic.json", SCIC_CONFIG), asTimelock: true });
    const result = await runJson({});
    expect(result.charter).to.deep.equal({ registered: true, named: true });
  });

  it("confirms what it applied", async function () {
    const config = await configFile("members.json", { members: SCIC_CONFIG.members });
    const { lines } = await runTask("coop:colleges", { coop: SYMBOL, apply: config, asTimelock: true });
    expect(lines[0]).to.equal(`Applied 3 actions as the timelock of ${SYMBOL}.`);
  });

  it("applies the configuration as the timelock on a local chain", async function () {
    const result = await runJson({ apply: await configFile("scic.json", SCIC_CONFIG), asTimelock: true });
    expect(result.colleges).to.deep.equal(SCIC_CONFIG.colleges);
  });

  it("shows the bounds, the switch and the governors", async function () {
    const result = await runJson({});
    expect([result.bounds, result.enabled, result.quorumMode, result.governors]).to.deep.equal([
      { minBps: 1000, maxBps: 5000 },
      true,
      "per-college",
      { governor: true, judgment: true },
    ]);
  });

  it("shows the colleges in text", async function () {
    const { lines } = await runTask("coop:colleges", { coop: SYMBOL });
    expect(lines).to.include(`  college 1: 30%, label ${label("workers")}`);
  });

  it("rejects weights that do not sum to 10000", async function () {
    const config = { colleges: [{ id: 1, weightBps: 6000, label: label("workers") }] };
    const message = await failureOf(runJson({ apply: await configFile("sum.json", config) }));
    expect(message).to.contain("the weights sum to 6000 basis points; make them sum to 10000");
  });

  it("rejects college id 0", async function () {
    const config = { colleges: [{ id: 0, weightBps: 10000, label: label("workers") }] };
    const message = await failureOf(runJson({ apply: await configFile("zero.json", config) }));
    expect(message).to.contain(
      'Invalid colleges[0].id 0 in --apply: expected a whole number from 1 to 65535 (0 means "no college")',
    );
  });

  it("rejects a weight outside the bounds in force", async function () {
    const config = {
      colleges: [
        { id: 1, weightBps: 6000, label: label("workers") },
        { id: 2, weightBps: 4000, label: label("users") },
      ],
    };
    const message = await failureOf(runJson({ apply: await configFile("bounds.json", config) }));
    expect(message).to.contain(
      "College 1 weighs 6000 basis points, outside the bounds 1000 to 5000 (the bounds in force)",
    );
  });

  it("rejects a label that is not a CID", async function () {
    const config = {
      colleges: [
        { id: 1, weightBps: 5000, label: "workers" },
        { id: 2, weightBps: 5000, label: label("users") },
      ],
    };
    const message = await failureOf(runJson({ apply: await configFile("label.json", config) }));
    expect(message).to.contain("Invalid colleges[0].label in --apply");
  });

  it("rejects an unknown field", async function () {
    const message = await failureOf(runJson({ apply: await configFile("field.json", { weights: [] }) }));
    expect(message).to.contain('Invalid field "weights" in --apply');
  });

  it("rejects a member that is not an address", async function () {
    const config = { members: { "0x1234": 1 } };
    const message = await failureOf(runJson({ apply: await configFile("member.json", config) }));
    expect(message).to.contain(`Invalid members key "0x1234" in --apply: expected an address of 0x and 40 hex digits`);
  });

  it("rejects a member's college above the largest id", async function () {
    const config = { members: { [ethers.ZeroAddress]: 70000 } };
    const message = await failureOf(runJson({ apply: await configFile("member.json", config) }));
    expect(message).to.contain("a college id from 0 to 65535");
  });

  it("rejects assigning a non-member", async function () {
    const outsider = (await ethers.getSigners())[9].address;
    const config = { members: { [outsider]: 1 } };
    const message = await failureOf(runJson({ apply: await configFile("outsider.json", config) }));
    expect(message).to.contain(`${outsider} in members of --apply is not a member of ${SYMBOL}`);
  });

  it("rejects assigning an unknown college", async function () {
    const founder = (await ethers.getSigners())[1].address;
    const config = { members: { [founder]: 9 } };
    const message = await failureOf(runJson({ apply: await configFile("unknown.json", config) }));
    expect(message).to.contain("College 9 of");
  });

  it("rejects an unknown quorum mode", async function () {
    const message = await failureOf(runJson({ apply: await configFile("mode.json", { quorumMode: "colleges" }) }));
    expect(message).to.contain('Invalid quorumMode "colleges" in --apply: expected "global" or "per-college"');
  });

  it("decodes what the contract refuses", async function () {
    // The bounds of this file fit no current college: the contract names the first one.
    const message = await failureOf(
      runJson({ apply: await configFile("tight.json", { bounds: { minBps: 4000, maxBps: 5000 } }), asTimelock: true }),
    );
    expect(message).to.contain("CoopCollegesWeightBelowMinimum(college=1, weightBps=3000, minBps=4000)");
  });

  it("shows a yes/no vote by college", async function () {
    const signers = await ethers.getSigners();
    const [, worker, user, partner] = signers;
    const actions = path.join(folder, "admit.json");
    await writeFile(actions, JSON.stringify([{ target: "membership", function: "admit", args: [signers[6].address] }]));
    const proposed = await runTask("coop:propose", {
      coop: SYMBOL,
      title: "Admit a partner",
      text: "A partner.",
      actions,
      from: worker.address,
      json: true,
    });
    const id = BigInt((JSON.parse(proposed.lines.join("\n")) as { proposalId: string }).proposalId);
    const governor = CoopGovernor__factory.connect(addresses.governor, ethers.provider);
    await time.increaseTo((await governor.proposalSnapshot(id)) + 1n);
    // Workers 30% and partners 20% for, users 30% against; the public bodies' college is empty.
    await governor.connect(worker).castVote(id, 1);
    await governor.connect(user).castVote(id, 0);
    await governor.connect(partner).castVote(id, 1);

    const { lines } = await runTask("coop:proposal", { coop: SYMBOL, id: id.toString() });
    expect(lines).to.include(
      "  by college (this decides): 62.5% for, 37.5% against, 0% abstain, each college weighing as its weight",
    );
  });

  it("needs a config for --as-timelock", async function () {
    const message = await failureOf(runTask("coop:colleges", { coop: SYMBOL, asTimelock: true }));
    expect(message).to.contain("--as-timelock applies a --apply file");
  });
});
