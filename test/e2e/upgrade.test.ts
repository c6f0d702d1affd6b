import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider } from "ethers";

import { CoopGovernor__factory } from "../../typechain-types";
import { advanceTo } from "../../src/chain/time";
import { ROOT, jsonOutput, runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

/** Test accounts of `hardhat node`: three founders. */
const FOUNDERS = [
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
];

const SYMBOL = "UPGRADE";

/** Storage slot of an ERC-1967 proxy's implementation address. */
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

/** What `coop:info --json` prints, in the fields this test reads. */
interface InfoOutput {
  symbol: string;
  network: string;
  addresses: { governor: string; timelock: string };
  members: { count: string };
  implementations: { governor: { implementation: string; recordedAs: string | null; version: string | null } };
}

/** What `coop:status --json` prints, in the fields this test reads. */
interface StatusOutput {
  proposals: { id: string; kind: string; state: string; next: string; votes: { for: string } | null }[];
  redemptions: unknown[];
}

interface PrepareOutput {
  implementation: string;
  actionsFile: string;
  extraordinary: boolean;
}

interface CreatedOutput {
  proposalId: string;
  class: string;
}

function expectSuccess(result: RunResult): void {
  expect(result.code, result.output).to.equal(0);
}

describe("e2e: coop:info, coop:status and coop:prepare-upgrade", function () {
  this.timeout(600_000);

  let node: LocalNode;
  let provider: JsonRpcProvider;
  let directory: string;

  function task(...args: string[]): Promise<RunResult> {
    return runHardhat([...args, "--network", "localhost"], {
      LOCALHOST_RPC_URL: node.url,
      IPFS_STORE_DIR: path.join(directory, "ipfs"),
    });
  }

  before(async function () {
    directory = await mkdtemp(path.join(tmpdir(), "coop-upgrade-"));
    node = await startNode();
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    expectSuccess(
      await task(
        "coop:deploy",
        "--name",
        "Upgrade Coop",
        "--symbol",
        SYMBOL,
        "--founders",
        FOUNDERS.join(","),
        "--voting-delay",
        "60",
        "--voting-period",
        "3600",
        "--timelock-delay",
        "600",
      ),
    );
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
    // The records point at contracts of the node that just stopped.
    for (const name of ["governor", "membership", "timelock", "shares", "charter", "judgment", "feeRouter"]) {
      await rm(path.join(ROOT, "deployments", "localhost", `${SYMBOL}-${name}.json`), { force: true });
    }
    await rm(path.join(ROOT, "deployments", "localhost", "CoopGovernorV2Mock.json"), { force: true });
    await rm(directory, { recursive: true, force: true });
  });

  it("upgrades the governor through a proposal", async function () {
    const info = jsonOutput<InfoOutput>(await task("coop:info", "--coop", SYMBOL, "--json"));
    expect(info.symbol).to.equal(SYMBOL);
    expect(info.network).to.equal("localhost");
    expect(info.members.count).to.equal("3");
    expect(info.implementations.governor.version).to.equal("1");
    const governorAddress = info.addresses.governor;

    const idle = jsonOutput<StatusOutput>(await task("coop:status", "--coop", SYMBOL, "--json"));
    expect(idle.proposals).to.deep.equal([]);
    expect(idle.redemptions).to.deep.equal([]);

    const out = path.join(directory, "upgrade-governor.json");
    const prepared = jsonOutput<PrepareOutput>(
      await task(
        "coop:prepare-upgrade",
        "--coop",
        SYMBOL,
        "--contract",
        "CoopGovernor",
        "--implementation",
        "CoopGovernorV2Mock",
        "--out",
        out,
        "--json",
      ),
    );
    expect(JSON.parse(await readFile(out, "utf8"))).to.deep.equal([
      { target: "governor", function: "upgradeToAndCall", args: [prepared.implementation, "0x"] },
    ]);

    const created = jsonOutput<CreatedOutput>(
      await task(
        "coop:propose",
        "--coop",
        SYMBOL,
        "--title",
        "Upgrade the governor",
        "--text",
        "Second release of the governor.",
        "--actions",
        out,
        "--from",
        FOUNDERS[0],
        "--json",
      ),
    );
    const id = created.proposalId;
    expect(created.class).to.equal(prepared.extraordinary ? "extraordinary" : "ordinary");

    const governor = CoopGovernor__factory.connect(governorAddress, provider);
    await advanceTo(provider, (await governor.proposalSnapshot(BigInt(id))) + 1n);
    const open = jsonOutput<StatusOutput>(await task("coop:status", "--coop", SYMBOL, "--json"));
    expect(open.proposals).to.have.length(1);
    expect(open.proposals[0].state).to.equal("Active");
    expect(open.proposals[0].next).to.include(`coop:vote --coop ${SYMBOL} --id ${id}`);

    for (const founder of FOUNDERS) {
      expectSuccess(await task("coop:vote", "--coop", SYMBOL, "--id", id, "--support", "for", "--from", founder));
    }
    await advanceTo(provider, (await governor.proposalDeadline(BigInt(id))) + 1n);
    const passed = jsonOutput<StatusOutput>(await task("coop:status", "--coop", SYMBOL, "--json"));
    expect(passed.proposals[0].state).to.equal("Succeeded");
    expect(passed.proposals[0].votes?.for).to.equal("3");
    expect(passed.proposals[0].next).to.include(`queue it with: npx hardhat --network localhost coop:queue`);

    expectSuccess(await task("coop:queue", "--coop", SYMBOL, "--id", id));
    await advanceTo(provider, (await governor.proposalEta(BigInt(id))) + 1n);
    expectSuccess(await task("coop:execute", "--coop", SYMBOL, "--id", id));

    const slot = await provider.getStorage(governorAddress, IMPLEMENTATION_SLOT);
    expect(`0x${slot.slice(-40)}`).to.equal(prepared.implementation.toLowerCase());
    const upgraded = jsonOutput<InfoOutput>(await task("coop:info", "--coop", SYMBOL, "--json"));
    expect(upgraded.implementations.governor.implementation).to.equal(prepared.implementation);
    expect(upgraded.implementations.governor.recordedAs).to.equal("CoopGovernorV2Mock");
    expect(upgraded.implementations.governor.version).to.equal("2");
    const done = jsonOutput<StatusOutput>(await task("coop:status", "--coop", SYMBOL, "--json"));
    expect(done.proposals[0].state).to.equal("Executed");
    expect(done.proposals[0].next).to.equal("nothing to do");
  });

  it("rejects the running implementation", async function () {
    const result = await task(
      "coop:prepare-upgrade",
      "--coop",
      SYMBOL,
      "--contract",
      "CoopGovernor",
      "--implementation",
      "CoopGovernorV2Mock",
      "--out",
      path.join(directory, "again.json"),
    );

    expect(result.code, result.output).to.not.equal(0);
    expect(result.output).to.include("already runs CoopGovernorV2Mock");
  });
});
