import { expect } from "chai";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import hre, { ethers } from "hardhat";

import { CoopCharter__factory, CoopColleges__factory, CoopMembership__factory } from "../../typechain-types";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { loadCoopAddresses, type CoopAddresses } from "../../tasks/lib";
import { EXAMPLES_DIR } from "../helpers/config";
import { deployRecordedCoop, runTask } from "../helpers/inProcessTask";

/** Symbol of the example SCIC, from examples/scic.json. */
const SYMBOL = "VELOS";

/** The example's colleges configuration, for coop:colleges --apply. */
const COLLEGES_FILE = path.join(EXAMPLES_DIR, "scic-colleges.json");

/** Documents describing each college, whose CIDs are the colleges' labels, in college id order. */
const LABEL_FILES = ["workers", "users", "partners", "public-bodies"].map((name) =>
  path.join(EXAMPLES_DIR, "documents", "colleges", `${name}.md`),
);

interface ExampleColleges {
  colleges: { id: number; weightBps: number; label: string }[];
  members: Record<string, number>;
}

async function readExample(): Promise<ExampleColleges> {
  return JSON.parse(await readFile(COLLEGES_FILE, "utf8")) as ExampleColleges;
}

describe("SCIC example", function () {
  describe("files", function () {
    it("labels colleges with their documents' CIDs", async function () {
      const folder = await mkdtemp(path.join(tmpdir(), "scic-labels-"));
      try {
        const store = new EmbeddedStore(folder);
        const expected = await Promise.all(LABEL_FILES.map((file) => store.addFile(file)));
        const { colleges } = await readExample();
        expect(colleges.map((college) => college.label)).to.deep.equal(expected);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });

    it("weighs the four colleges as the statutes say", async function () {
      const { colleges } = await readExample();
      expect(colleges.map((college) => college.weightBps)).to.deep.equal([3000, 3000, 2000, 2000]);
    });

    it("gives each statute clause in both languages", async function () {
      const read = (name: string) => readFile(path.join(EXAMPLES_DIR, "documents", name), "utf8");
      const clauses = (text: string) => text.split("\n").filter((line) => /^\d+\. \*\*/.test(line)).length;
      const english = await read("velos-du-canal-statutes.md");
      const french = await read("velos-du-canal-statutes.fr.md");
      expect(clauses(french)).to.equal(clauses(english));
    });
  });

  describe("deployed", function () {
    let forget: () => Promise<void>;
    let addresses: CoopAddresses;

    before(async function () {
      ({ forget } = await deployRecordedCoop(SYMBOL, { coopConfig: path.join(EXAMPLES_DIR, "scic.json") }));
      addresses = await loadCoopAddresses(hre, SYMBOL);
      await runTask("coop:colleges", { coop: SYMBOL, deploy: true });
      await runTask("coop:colleges", { coop: SYMBOL, apply: COLLEGES_FILE, asTimelock: true });
    });

    after(async function () {
      await hre.deployments.delete(`${SYMBOL}-colleges`);
      await forget();
    });

    it("assigns each founder to a college", async function () {
      const membership = CoopMembership__factory.connect(addresses.membership, ethers.provider);
      const { members } = await readExample();
      for (const [address, college] of Object.entries(members)) {
        expect((await membership.memberInfo(address)).college, address).to.equal(BigInt(college));
      }
    });

    it("turns college voting on", async function () {
      const record = await hre.deployments.get(`${SYMBOL}-colleges`);
      const colleges = CoopColleges__factory.connect(record.address, ethers.provider);
      const membership = CoopMembership__factory.connect(addresses.membership, ethers.provider);
      const configuration = await colleges.configurationAt(await membership.clock());
      expect(configuration.enabled).to.equal(true);
    });

    it("names the module in the charter", async function () {
      const record = await hre.deployments.get(`${SYMBOL}-colleges`);
      const charter = CoopCharter__factory.connect(addresses.charter, ethers.provider);
      expect(await charter.collegeModule()).to.equal(record.address);
    });
  });
});
