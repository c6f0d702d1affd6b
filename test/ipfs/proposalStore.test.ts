import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { runTask, setEnv } from "../helpers/inProcessTask";
import { KuboTestServer } from "../helpers/kuboServer";
import { freePort } from "../helpers/node";
import { warnIfPinnedLocally } from "../../tasks/proposing";

/** What `coop:propose --json` and `mj:propose --json` print about the document. */
interface ProposedOutput {
  document: { uri: string; cid: string; store: string };
  options?: { label: { cid: string; pinned: boolean } }[];
}

/** Returns the JSON that a task printed with --json. */
function printedJson(lines: string[]): ProposedOutput {
  return JSON.parse(lines.join("\n")) as ProposedOutput;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Runs `fn` with console.warn collected, and returns what it printed there. */
async function collectWarnings(fn: () => Promise<unknown>): Promise<string[]> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...parts: unknown[]) => {
    warnings.push(parts.map(String).join(" "));
  };
  try {
    await fn();
  } finally {
    console.warn = warn;
  }
  return warnings;
}

describe("proposal tasks' content store", function () {
  let directory: string;
  let storeDirectory: string;
  let server: KuboTestServer;
  let restoreEnv: () => void;

  /** Deploys a cooperative of two founders on the embedded network with coop:deploy. */
  async function deployCoop() {
    const [, founder, second, candidate] = await ethers.getSigners();
    const { lines } = await runTask("coop:deploy", {
      name: "Documents Coop",
      symbol: "DOCS",
      founders: `${founder.address},${second.address}`,
    });
    expect(lines).to.include("Cooperative deployed with 2 founding member(s).");
    return { founder: founder.address, candidate: candidate.address };
  }

  /** Writes a JSON file in the test folder and returns its path. */
  async function writeJson(name: string, value: unknown): Promise<string> {
    const file = join(directory, name);
    await writeFile(file, JSON.stringify(value));
    return file;
  }

  /** Proposes to admit `candidate` with coop:propose, and returns the lines that it printed. */
  async function propose(founder: string, candidate: string): Promise<string[]> {
    const actions = await writeJson("actions.json", [{ target: "membership", function: "admit", args: [candidate] }]);
    const { lines } = await runTask("coop:propose", {
      title: "Admit the candidate",
      text: "The candidate has worked with the cooperative for a year.",
      actions,
      from: founder,
      json: true,
    });
    return lines;
  }

  before(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-proposal-store-"));
  });

  after(async function () {
    await rm(directory, { recursive: true, force: true });
  });

  beforeEach(async function () {
    server = await KuboTestServer.start();
    storeDirectory = join(await mkdtemp(join(directory, "case-")), "store");
    restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: server.url });
  });

  afterEach(async function () {
    restoreEnv();
    await server.close();
  });

  it("deploys with no warning on the local chain", async function () {
    const warnings = await collectWarnings(() => loadFixture(deployCoop));

    expect(warnings).to.deep.equal([]);
  });

  it("pins the document on the IPFS_API_URL node", async function () {
    const { founder, candidate } = await loadFixture(deployCoop);

    const created = printedJson(await propose(founder, candidate));

    expect(created.document.store).to.equal(`${server.url}/api/v0`);
    expect(await server.store.listPins()).to.deep.equal([created.document.cid]);
    expect(await exists(storeDirectory), "embedded store untouched").to.equal(false);
  });

  it("pins in the embedded store without IPFS_API_URL", async function () {
    const { founder, candidate } = await loadFixture(deployCoop);
    restoreEnv();
    restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: undefined });

    const created = printedJson(await propose(founder, candidate));

    expect(created.document.store).to.equal(storeDirectory);
    expect(await new EmbeddedStore(storeDirectory).listPins()).to.deep.equal([created.document.cid]);
    expect(await server.store.listPins()).to.deep.equal([]);
  });

  it("prints no warning on the local chain", async function () {
    const { founder, candidate } = await loadFixture(deployCoop);
    restoreEnv();
    restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: undefined });

    const warnings = await collectWarnings(() => propose(founder, candidate));

    expect(warnings).to.deep.equal([]);
  });

  it("proposes nothing when the node is down", async function () {
    const { founder, candidate } = await loadFixture(deployCoop);
    const downUrl = `http://127.0.0.1:${await freePort()}`;
    restoreEnv();
    restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: downUrl });

    const proposing = propose(founder, candidate);

    await expect(proposing).to.be.rejectedWith("Cannot pin the proposal's document, so nothing was proposed");
    await expect(proposing).to.be.rejectedWith("cannot connect (ECONNREFUSED)");
  });

  it("rejects a malformed IPFS_API_URL before proposing", async function () {
    const { founder, candidate } = await loadFixture(deployCoop);
    restoreEnv();
    restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: "/ip4/127.0.0.1/tcp/5001" });

    await expect(propose(founder, candidate)).to.be.rejectedWith('Invalid IPFS_API_URL "/ip4/127.0.0.1/tcp/5001"');
  });

  it("warns on another chain without IPFS_API_URL", async function () {
    const sepolia = { ethers: { provider: { getNetwork: async () => ({ chainId: 11_155_111n }) } } };
    restoreEnv();
    restoreEnv = setEnv({ IPFS_STORE_DIR: storeDirectory, IPFS_API_URL: undefined });

    const warnings = await collectWarnings(() =>
      warnIfPinnedLocally(sepolia as unknown as HardhatRuntimeEnvironment, ["ipfs://bafkreiexample"]),
    );

    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include("chain 11155111 is not a local network");
    expect(warnings[0]).to.include(
      `ipfs://bafkreiexample is pinned only in the embedded store on this machine (${storeDirectory})`,
    );
  });

  it("stays silent on another chain with IPFS_API_URL", async function () {
    const sepolia = { ethers: { provider: { getNetwork: async () => ({ chainId: 11_155_111n }) } } };

    const warnings = await collectWarnings(() =>
      warnIfPinnedLocally(sepolia as unknown as HardhatRuntimeEnvironment, []),
    );

    expect(warnings).to.deep.equal([]);
  });

  it("pins a judgment proposal's labels on the node", async function () {
    const { founder, candidate } = await loadFixture(deployCoop);
    const options = await writeJson("options.json", {
      statusQuo: true,
      options: [
        { label: "Admit the candidate", actions: [{ target: "membership", function: "admit", args: [candidate] }] },
        { label: "Admit nobody yet", actions: [] },
      ],
    });

    const { lines } = await runTask("mj:propose", {
      title: "Who joins this spring?",
      text: "One newcomer joins this spring.",
      options,
      from: founder,
      json: true,
    });

    const created = printedJson(lines);
    const labels = (created.options ?? []).map((option) => option.label.cid);
    expect(created.document.store).to.equal(`${server.url}/api/v0`);
    expect(labels).to.have.length(2);
    expect(await server.store.listPins()).to.have.members([created.document.cid, ...labels]);
  });
});
