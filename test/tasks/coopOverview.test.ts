import { expect } from "chai";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { deployments, ethers, upgrades } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";

import { EXAMPLE_CONFIG } from "../helpers/config";
import { TEST_DOCUMENT_URI } from "../helpers/governance";
import { failureOf, runTask, setEnv } from "../helpers/inProcessTask";

/** Symbol of the cooperative that this file deploys; the tasks are given it as --coop. */
const SYMBOL = "OVERVIEW";

/** Parts that coop:deploy records, whose records this file deletes at the end. */
const PARTS = ["timelock", "membership", "governor", "shares", "charter", "judgment", "feeRouter"];

/** Runs `name` and returns the message of the error that it raised. */
function taskError(name: string, args: Record<string, unknown>): Promise<string> {
  return failureOf(runTask(name, args));
}

/** Runs `name` with --json and parses what it printed. */
async function runJson<T>(name: string, args: Record<string, unknown>): Promise<T> {
  const { lines } = await runTask(name, { ...args, json: true });
  return JSON.parse(lines.join("\n")) as T;
}

interface InfoOutput {
  name: string;
  symbol: string;
  chainId: string;
  addresses: Record<string, string>;
  members: { count: string; weight: string };
  admissionPolicy: string;
  governance: { votingDelaySeconds: string; quorumPercent: string; timelockDelaySeconds: string };
  capital: { nominalValue: string; totalShares: string };
  fees: { serviceFeeBps: string; duesBps: string };
  documents: { statutesUri: string | null };
  implementations: Record<
    string,
    { proxy: string; implementation: string; recordedAs: string | null; version: string | null }
  >;
}

interface StatusOutput {
  proposals: {
    id: string;
    kind: string;
    state: string;
    next: string;
    votes: { for: string } | null;
    ballots: number | null;
  }[];
  redemptions: { id: string; holder: string; shares: string; payable: boolean }[];
  applications: { applicant: string }[] | null;
  fromBlock: number;
}

interface PrepareOutput {
  proxy: string;
  implementation: string;
  newlyDeployed: boolean;
  extraordinary: boolean;
  actionsFile: string;
  proposeCommand: string;
}

describe("coop:info, coop:status and coop:prepare-upgrade", function () {
  let folder: string;
  let restoreEnv: () => void;
  let founders: string[];

  before(async function () {
    folder = await mkdtemp(path.join(tmpdir(), "coop-overview-"));
    restoreEnv = setEnv({ IPFS_STORE_DIR: path.join(folder, "store"), IPFS_API_URL: undefined });
    founders = (await ethers.getSigners()).slice(0, 3).map((signer) => signer.address);
    await runTask("coop:deploy", {
      name: "Overview Cooperative",
      symbol: SYMBOL,
      founders: founders.join(","),
      votingDelay: 60,
      votingPeriod: 3_600,
      timelockDelay: 600,
    });
  });

  // The tasks of later files pick the only cooperative recorded on the embedded network.
  after(async function () {
    for (const part of PARTS) await deployments.delete(`${SYMBOL}-${part}`);
    restoreEnv();
    await rm(folder, { recursive: true, force: true });
  });

  describe("coop:info", function () {
    it("prints settings in words", async function () {
      const { lines } = await runTask("coop:info", { coop: SYMBOL });
      const text = lines.join("\n");

      expect(text).to.include("Cooperative Overview Cooperative (OVERVIEW) on network hardhat, chain id 31337");
      expect(text).to.include("Members: 3, each with a weight of 1");
      expect(text).to.include("Admission policy: Governance");
      expect(text).to.include("voting opens 1 minute after a proposal and lasts 1 hour");
      expect(text).to.include("quorum: 25%");
      expect(text).to.include("timelock delay: 10 minutes");
      expect(text).to.include("extraordinary proposals: 50% quorum and 2/3 of for+against votes");
      expect(text).to.include("nominal value of a share: 0.01 ETH");
      expect(text).to.include("service fee 1% to the timelock (treasury)");
      expect(text).to.include("governor           ");
    });

    it("prints JSON with implementations", async function () {
      const info = await runJson<InfoOutput>("coop:info", { coop: SYMBOL });
      const governor = (await deployments.get(`${SYMBOL}-governor`)).address;

      expect(info.symbol).to.equal(SYMBOL);
      expect(info.chainId).to.equal("31337");
      expect(info.addresses.governor).to.equal(governor);
      expect(info.members.count).to.equal("3");
      expect(info.governance.votingDelaySeconds).to.equal("60");
      expect(info.governance.timelockDelaySeconds).to.equal("600");
      expect(info.fees.serviceFeeBps).to.equal("100");
      expect(info.documents.statutesUri).to.equal(null);
      expect(info.implementations.governor.proxy).to.equal(governor);
      expect(info.implementations.governor.implementation).to.equal(
        await upgrades.erc1967.getImplementationAddress(governor),
      );
      expect(info.implementations.governor.recordedAs).to.equal("CoopGovernor");
      expect(info.implementations.governor.version).to.equal("1");
      expect(info.implementations.membership.version).to.equal(null);
    });

    it("accepts a contract address", async function () {
      const timelock = (await deployments.get(`${SYMBOL}-timelock`)).address;

      const info = await runJson<InfoOutput>("coop:info", { coop: timelock.toLowerCase() });

      expect(info.symbol).to.equal(SYMBOL);
    });

    it("rejects an unknown address", async function () {
      const message = await taskError("coop:info", { coop: "0x00000000000000000000000000000000000000aa" });

      expect(message).to.include("there is no contract at that address on network hardhat");
    });

    it("rejects an unrecorded symbol", async function () {
      const message = await taskError("coop:info", { coop: "NOPE" });

      expect(message).to.include('No cooperative "NOPE" on network hardhat');
    });
  });

  describe("coop:status", function () {
    it("lists nothing at first", async function () {
      const status = await runJson<StatusOutput>("coop:status", { coop: SYMBOL });
      const { lines } = await runTask("coop:status", { coop: SYMBOL });

      expect(status.proposals).to.deep.equal([]);
      expect(status.redemptions).to.deep.equal([]);
      expect(status.applications).to.equal(null);
      expect(lines.join("\n")).to.include("Proposals: none");
    });

    it("shows a proposal and its next step", async function () {
      const actions = path.join(folder, "admit.json");
      const candidate = (await ethers.getSigners())[5].address;
      await writeFile(actions, JSON.stringify([{ target: "membership", function: "admit", args: [candidate] }]));
      await runTask("coop:propose", { coop: SYMBOL, title: "Admit a baker", text: "A baker.", actions });

      const pending = await runJson<StatusOutput>("coop:status", { coop: SYMBOL, blockRange: 3 });
      await time.increase(61);
      const active = await runJson<StatusOutput>("coop:status", { coop: SYMBOL });

      expect(pending.proposals).to.have.length(1);
      expect(pending.proposals[0].kind).to.equal("yes/no");
      expect(pending.proposals[0].state).to.equal("Pending");
      expect(pending.proposals[0].next).to.match(/^voting opens after /);
      expect(active.proposals[0].state).to.equal("Active");
      expect(active.proposals[0].votes?.for).to.equal("0");
      expect(active.proposals[0].next).to.include(
        `coop:vote --coop ${SYMBOL} --id ${active.proposals[0].id} --support for|against|abstain`,
      );
    });

    it("lists a pending redemption", async function () {
      const founder = founders[1];
      await runTask("shares:subscribe", { coop: SYMBOL, from: founder, count: 3 });
      await runTask("shares:redeem", { coop: SYMBOL, from: founder, count: 1 });

      const status = await runJson<StatusOutput>("coop:status", { coop: SYMBOL });

      expect(status.redemptions).to.have.length(1);
      expect(status.redemptions[0].holder).to.equal(founder);
      expect(status.redemptions[0].shares).to.equal("1");
      expect(status.redemptions[0].payable).to.equal(false);
    });

    it("starts at the recorded block", async function () {
      const record = await deployments.get(`${SYMBOL}-membership`);

      const status = await runJson<StatusOutput>("coop:status", { coop: SYMBOL });
      const chosen = await runJson<StatusOutput>("coop:status", { coop: SYMBOL, fromBlock: 1 });

      expect(record.linkedData).to.have.property("deploymentBlock").that.is.a("number");
      expect(status.fromBlock).to.equal((record.linkedData as { deploymentBlock: number }).deploymentBlock);
      expect(chosen.fromBlock).to.equal(1);
    });

    it("finds the block without a record", async function () {
      const record = await deployments.get(`${SYMBOL}-membership`);
      const recordedBlock = (record.linkedData as { deploymentBlock: number }).deploymentBlock;
      await deployments.save(`${SYMBOL}-membership`, { address: record.address, abi: record.abi });
      let status: StatusOutput;
      try {
        status = await runJson<StatusOutput>("coop:status", { coop: SYMBOL });
      } finally {
        await deployments.save(`${SYMBOL}-membership`, record);
      }

      const created = status.fromBlock;
      expect(created).to.be.greaterThan(recordedBlock);
      expect(await ethers.provider.getCode(record.address, created - 1)).to.equal("0x");
      expect(await ethers.provider.getCode(record.address, created)).to.not.equal("0x");
    });

    it("rejects a block range of zero", async function () {
      const message = await taskError("coop:status", { coop: SYMBOL, blockRange: 0 });

      expect(message).to.include("Invalid block range 0");
    });

    it("rejects an unknown address", async function () {
      const message = await taskError("coop:status", { coop: "0x00000000000000000000000000000000000000aa" });

      expect(message).to.include("there is no contract at that address on network hardhat");
    });
  });

  describe("coop:prepare-upgrade", function () {
    it("writes the upgrade actions", async function () {
      const out = path.join(folder, "governor-v2.json");
      const governor = (await deployments.get(`${SYMBOL}-governor`)).address;
      const before = await upgrades.erc1967.getImplementationAddress(governor);

      const prepared = await runJson<PrepareOutput>("coop:prepare-upgrade", {
        coop: SYMBOL,
        contract: "CoopGovernor",
        implementation: "CoopGovernorV2Mock",
        out,
      });

      const actions = JSON.parse(await readFile(out, "utf8")) as unknown;
      expect(actions).to.deep.equal([
        { target: "governor", function: "upgradeToAndCall", args: [prepared.implementation, "0x"] },
      ]);
      expect(prepared.proxy).to.equal(governor);
      expect(prepared.newlyDeployed).to.equal(true);
      expect((await deployments.get("CoopGovernorV2Mock")).address).to.equal(prepared.implementation);
      expect(prepared.proposeCommand).to.include(`coop:propose --coop ${SYMBOL}`);
      expect(prepared.proposeCommand).to.include(`--actions ${out}`);
      expect(await upgrades.erc1967.getImplementationAddress(governor)).to.equal(before);
    });

    it("reuses a deployed implementation", async function () {
      const first = await deployments.get("CoopGovernorV2Mock");

      const prepared = await runJson<PrepareOutput>("coop:prepare-upgrade", {
        coop: SYMBOL,
        contract: "CoopGovernor",
        implementation: "CoopGovernorV2Mock",
        out: path.join(folder, "governor-v2-again.json"),
      });

      expect(prepared.newlyDeployed).to.equal(false);
      expect(prepared.implementation).to.equal(first.address);
    });

    it("targets the judgment governor by address", async function () {
      const out = path.join(folder, "judgment-v2.json");
      const judgment = (await deployments.get(`${SYMBOL}-judgment`)).address;

      const prepared = await runJson<PrepareOutput>("coop:prepare-upgrade", {
        coop: SYMBOL,
        contract: "CoopJudgmentGovernor",
        implementation: "CoopJudgmentGovernorV2Mock",
        out,
      });

      expect(JSON.parse(await readFile(out, "utf8"))).to.deep.equal([
        { target: judgment, function: "upgradeToAndCall(address,bytes)", args: [prepared.implementation, "0x"] },
      ]);
    });

    it("rejects an incompatible layout", async function () {
      const out = path.join(folder, "swapped.json");

      const message = await taskError("coop:prepare-upgrade", {
        coop: SYMBOL,
        contract: "CoopMembership",
        implementation: "CoopMembershipSwappedLayoutMock",
        out,
      });

      expect(message).to.include("CoopMembershipSwappedLayoutMock cannot replace CoopMembership");
      expect(message).to.include("New storage layout is incompatible");
      expect(await deployments.getOrNull("CoopMembershipSwappedLayoutMock")).to.equal(undefined);
    });

    it("rejects the current implementation", async function () {
      const message = await taskError("coop:prepare-upgrade", {
        coop: SYMBOL,
        contract: "CoopGovernor",
        out: path.join(folder, "same.json"),
      });

      expect(message).to.include("already runs CoopGovernor");
    });

    it("rejects an unknown contract", async function () {
      const message = await taskError("coop:prepare-upgrade", { coop: SYMBOL, contract: "CoopTimelock" });

      expect(message).to.include('Unknown --contract "CoopTimelock"');
      expect(message).to.include("CoopGovernor");
    });

    it("rejects an unknown implementation", async function () {
      const message = await taskError("coop:prepare-upgrade", {
        coop: SYMBOL,
        contract: "CoopGovernor",
        implementation: "CoopGovernorV9",
      });

      expect(message).to.include('Unknown --implementation "CoopGovernorV9"');
    });

    it("rejects an existing output file", async function () {
      const out = path.join(folder, "governor-v2.json");

      const message = await taskError("coop:prepare-upgrade", {
        coop: SYMBOL,
        contract: "CoopGovernor",
        implementation: "CoopGovernorV2Mock",
        out,
      });

      expect(message).to.include("already exists");
    });

    it("rejects an unrecorded implementation", async function () {
      const record = await deployments.get("CoopShares");
      await deployments.delete("CoopShares");
      let message: string;
      try {
        message = await taskError("coop:prepare-upgrade", { coop: SYMBOL, contract: "CoopShares" });
      } finally {
        await deployments.save("CoopShares", record);
      }

      expect(message).to.include("which no deployment record of network hardhat names");
      expect(message).to.include("--reference CoopShares");
    });

    it("rejects an unknown deploying account", async function () {
      const message = await taskError("coop:prepare-upgrade", {
        coop: SYMBOL,
        contract: "FeeRouter",
        implementation: "FeeRouterV2Mock",
        from: "0x00000000000000000000000000000000000000bb",
        out: path.join(folder, "fee-router.json"),
      });

      expect(message).to.include("is not among the accounts configured for network hardhat");
    });

    it("rejects an unknown cooperative", async function () {
      const message = await taskError("coop:prepare-upgrade", {
        coop: "0x00000000000000000000000000000000000000aa",
        contract: "CoopGovernor",
      });

      expect(message).to.include("there is no contract at that address on network hardhat");
    });
  });

  describe("a cooperative from the factory", function () {
    /** Symbol of the example config, which admits members by application. */
    const BAKERS = "BAKERS";
    /** First founder of the example config, an account of the embedded network. */
    const FACTORY_FOUNDER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    before(async function () {
      await runTask("coop:deploy", { coopConfig: EXAMPLE_CONFIG, salt: "overview" });
    });

    after(async function () {
      for (const part of PARTS) await deployments.delete(`${BAKERS}-${part}`);
    });

    it("shows the statutes CID", async function () {
      const info = await runJson<InfoOutput>("coop:info", { coop: BAKERS });

      expect(info.admissionPolicy).to.equal("Application");
      expect(info.documents.statutesUri).to.match(/^ipfs:\/\/b[a-z2-7]+$/);
    });

    it("lists a pending application", async function () {
      const applicant = (await ethers.getSigners())[9].address;
      await runTask("member:apply", {
        coop: BAKERS,
        from: applicant,
        cid: TEST_DOCUMENT_URI,
      });

      const status = await runJson<StatusOutput>("coop:status", { coop: BAKERS });

      expect(status.applications).to.have.length(1);
      expect(status.applications?.[0].applicant).to.equal(applicant);
    });

    it("shows a majority-judgment proposal", async function () {
      const options = path.join(folder, "options.json");
      const candidate = (await ethers.getSigners())[8].address;
      await writeFile(
        options,
        JSON.stringify({
          statusQuo: true,
          options: [
            { label: "Admit the miller", actions: [{ target: "membership", function: "admit", args: [candidate] }] },
          ],
        }),
      );
      await runTask("mj:propose", {
        coop: BAKERS,
        from: FACTORY_FOUNDER,
        title: "Choose a miller",
        text: "One candidate.",
        options,
      });

      const status = await runJson<StatusOutput>("coop:status", { coop: BAKERS });

      expect(status.proposals).to.have.length(1);
      expect(status.proposals[0].kind).to.equal("majority judgment");
      expect(status.proposals[0].state).to.equal("Pending");
      expect(status.proposals[0].ballots).to.equal(0);
      expect(status.proposals[0].votes).to.equal(null);
    });
  });
});
