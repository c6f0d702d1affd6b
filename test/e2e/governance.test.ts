import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider } from "ethers";

import { CoopCharter__factory, CoopGovernor__factory, type CoopGovernor } from "../../typechain-types";
import { advanceTo } from "../../src/chain/time";
import { parseCid, toIpfsUri } from "../../src/ipfs/cidText";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { ballotTypedData, buildBallot, governorDomain } from "../../src/governance/signatures";
import { toSignedVoteJson, type SignedVoteJson } from "../../src/governance/signedVoteFile";
import { ROOT, jsonOutput, runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

/** Test accounts of `hardhat node`: three founders, a relayer who is not a member, and candidates. */
const FOUNDER_A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const FOUNDER_B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const FOUNDER_C = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const RELAYER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const CANDIDATES = [
  "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
  "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
  "0xBcd4042DE499D14e55001CcbB24a551F3b954096",
  "0x71bE63f3384f5fb98995898A86B02Fb2426c5788",
];

/** Seconds of the test cooperatives' settings. */
const VOTING_DELAY = 60;
const VOTING_PERIOD = 3_600;
const TIMELOCK_DELAY = 600;

/** Durations of a test cooperative's governance, in seconds. */
interface Timing {
  votingDelay: number;
  votingPeriod: number;
  lateQuorumExtension: number;
  timelockDelay: number;
}

const DEFAULT_TIMING: Timing = {
  votingDelay: VOTING_DELAY,
  votingPeriod: VOTING_PERIOD,
  lateQuorumExtension: Math.min(3_600, VOTING_PERIOD),
  timelockDelay: TIMELOCK_DELAY,
};

/** What `coop:propose --json` prints. */
interface CreatedOutput {
  proposalId: string;
  proposer: string;
  class: string;
  document: { uri: string; cid: string };
  snapshot: string;
  deadline: string;
}

/** What `coop:proposal --json` prints. */
interface ProposalOutput {
  title: string;
  state: string;
  class: string;
  documentUri: string;
  votes: { for: string; against: string; abstain: string };
  eta: string | null;
}

/** What `coop:relay --json` prints. */
interface RelayOutput {
  voter: string;
  relayer: string;
  support: string;
  votes: { for: string; against: string; abstain: string };
}

/**
 * Runs the governance tasks against one `hardhat node`, as a member would from a terminal, with
 * the documents pinned in a temporary embedded store.
 */
class GovernanceSession {
  readonly provider: JsonRpcProvider;
  private actionFiles = 0;

  constructor(
    readonly node: LocalNode,
    readonly directory: string,
  ) {
    this.provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
  }

  get storeDirectory(): string {
    return path.join(this.directory, "ipfs");
  }

  task(...args: string[]): Promise<RunResult> {
    return runHardhat([...args, "--network", "localhost"], {
      LOCALHOST_RPC_URL: this.node.url,
      IPFS_STORE_DIR: this.storeDirectory,
    });
  }

  async deploy(name: string, symbol: string, founders: string[], timing: Timing = DEFAULT_TIMING): Promise<void> {
    const result = await this.task(
      "coop:deploy",
      "--name",
      name,
      "--symbol",
      symbol,
      "--founders",
      founders.join(","),
      "--voting-delay",
      String(timing.votingDelay),
      "--voting-period",
      String(timing.votingPeriod),
      "--late-quorum-extension",
      String(timing.lateQuorumExtension),
      "--timelock-delay",
      String(timing.timelockDelay),
    );
    expect(result.code, result.output).to.equal(0);
  }

  async address(symbol: string, part: "governor" | "charter" | "membership" | "timelock"): Promise<string> {
    const record = path.join(ROOT, "deployments", "localhost", `${symbol}-${part}.json`);
    return (JSON.parse(await readFile(record, "utf8")) as { address: string }).address;
  }

  async governor(symbol: string): Promise<CoopGovernor> {
    return CoopGovernor__factory.connect(await this.address(symbol, "governor"), this.provider);
  }

  /** Proposes to admit `candidate` with a generated document, and returns what coop:propose printed. */
  async proposeAdmission(
    symbol: string,
    candidate: string,
    title: string,
    text = "A newcomer.",
  ): Promise<CreatedOutput> {
    const actions = await this.writeActions([{ target: "membership", function: "admit", args: [candidate] }]);
    return jsonOutput<CreatedOutput>(
      await this.task(
        "coop:propose",
        "--coop",
        symbol,
        "--title",
        title,
        "--text",
        text,
        "--actions",
        actions,
        "--from",
        FOUNDER_A,
        "--json",
      ),
    );
  }

  async writeActions(actions: unknown[]): Promise<string> {
    this.actionFiles += 1;
    const file = path.join(this.directory, `actions-${this.actionFiles}.json`);
    await writeFile(file, JSON.stringify(actions));
    return file;
  }

  async signOnly(symbol: string, id: string, voter: string, support: string, file: string): Promise<RunResult> {
    return this.task(
      "coop:vote",
      "--coop",
      symbol,
      "--id",
      id,
      "--support",
      support,
      "--sign-only",
      "--out",
      file,
      "--from",
      voter,
    );
  }

  async relay(symbol: string, file: string): Promise<RunResult> {
    return this.task("coop:relay", file, "--coop", symbol, "--from", RELAYER, "--json");
  }

  async proposal(symbol: string, id: string): Promise<ProposalOutput> {
    return jsonOutput<ProposalOutput>(await this.task("coop:proposal", "--coop", symbol, "--id", id, "--json"));
  }

  /** Moves the chain's clock past the proposal's snapshot, so its vote is open. */
  async openVoting(symbol: string, id: string): Promise<void> {
    const governor = await this.governor(symbol);
    await advanceTo(this.provider, (await governor.proposalSnapshot(BigInt(id))) + 1n);
  }

  /** Moves the chain's clock past the proposal's deadline, as a late quorum may have extended it. */
  async closeVoting(symbol: string, id: string): Promise<void> {
    const governor = await this.governor(symbol);
    await advanceTo(this.provider, (await governor.proposalDeadline(BigInt(id))) + 1n);
  }

  async stop(): Promise<void> {
    this.provider.destroy();
    await this.node.stop();
    await rm(this.directory, { recursive: true, force: true });
  }
}

async function startSession(): Promise<GovernanceSession> {
  const directory = await mkdtemp(path.join(tmpdir(), "coop-governance-"));
  return new GovernanceSession(await startNode(), directory);
}

/** Waits until the machine's clock is past `timestamp` (seconds), without touching the chain. */
async function sleepUntil(timestamp: bigint): Promise<void> {
  const remaining = Number(timestamp + 1n) * 1000 - Date.now();
  if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
}

function expectSuccess(result: RunResult): void {
  expect(result.code, result.output).to.equal(0);
}

function expectFailure(result: RunResult, message: string): void {
  expect(result.code, result.output).to.not.equal(0);
  expect(result.output).to.include(message);
}

describe("e2e: governance tasks", function () {
  this.timeout(600_000);

  let session: GovernanceSession;
  let governorAddress: string;

  before(async function () {
    session = await startSession();
    await session.deploy("Governance Coop", "GOV", [FOUNDER_A, FOUNDER_B, FOUNDER_C]);
    await session.deploy("Other Coop", "OTHER", [FOUNDER_A]);
    governorAddress = await session.address("GOV", "governor");
  });

  after(async function () {
    await session?.stop();
  });

  it("runs a documented proposal to execution", async function () {
    const candidate = CANDIDATES[0];
    const document = path.join(session.directory, "admit-dana.md");
    await writeFile(document, "# Admit Dana\n\nDana has run the cooperative's bakery for two years.\n");
    const actions = await session.writeActions([
      { target: "membership", function: "admit(address)", args: [candidate] },
    ]);

    const created = jsonOutput<CreatedOutput>(
      await session.task(
        "coop:propose",
        "--coop",
        "GOV",
        "--title",
        "Admit Dana",
        "--doc",
        document,
        "--actions",
        actions,
        "--from",
        FOUNDER_A,
        "--json",
      ),
    );
    expect(created.proposer).to.equal(FOUNDER_A);
    expect(created.class).to.equal("ordinary");
    expect(created.document.uri).to.match(/^ipfs:\/\/b[a-z2-7]+$/);

    const store = new EmbeddedStore(session.storeDirectory);
    expect(Buffer.from(await store.cat(created.document.cid))).to.deep.equal(await readFile(document));
    expect(await store.listPins()).to.include(created.document.cid);
    const charter = CoopCharter__factory.connect(await session.address("GOV", "charter"), session.provider);
    const [recorded] = await charter.queryFilter(
      charter.filters.ProposalRecorded(governorAddress, BigInt(created.proposalId)),
    );
    expect(recorded.args.document).to.equal(parseCid(created.document.cid));
    expect(toIpfsUri(recorded.args.document)).to.equal(created.document.uri);

    await session.openVoting("GOV", created.proposalId);
    const id = created.proposalId;
    expectSuccess(
      await session.task("coop:vote", "--coop", "GOV", "--id", id, "--support", "for", "--from", FOUNDER_A),
    );
    expectSuccess(
      await session.task(
        "coop:vote",
        "--coop",
        "GOV",
        "--id",
        id,
        "--support",
        "for",
        "--reason",
        "She bakes for all of us",
        "--from",
        FOUNDER_B,
      ),
    );
    expectSuccess(
      await session.task("coop:vote", "--coop", "GOV", "--id", id, "--support", "against", "--from", FOUNDER_C),
    );
    const active = await session.proposal("GOV", id);
    expect(active.state).to.equal("Active");
    expect(active.title).to.equal("Admit Dana");
    expect(active.documentUri).to.equal(created.document.uri);
    expect(active.votes).to.deep.equal({ for: "2", against: "1", abstain: "0" });

    await session.closeVoting("GOV", id);
    expectSuccess(await session.task("coop:queue", "--coop", "GOV", "--id", id));
    const early = await session.task("coop:execute", "--coop", "GOV", "--id", id);
    expectFailure(early, "is not executable yet: its eta is");
    expect(early.output).to.include("and the chain time is");

    const queued = await session.proposal("GOV", id);
    expect(queued.state).to.equal("Queued");
    await advanceTo(session.provider, BigInt(queued.eta ?? 0));
    expectSuccess(await session.task("coop:execute", "--coop", "GOV", "--id", id));
    expect((await session.proposal("GOV", id)).state).to.equal("Executed");
    const member = jsonOutput<{ isMember: boolean }>(
      await session.task("member:show", "--coop", "GOV", "--address", candidate, "--json"),
    );
    expect(member.isMember).to.be.true;
  });

  it("relays a vote signed by another account", async function () {
    const created = await session.proposeAdmission("GOV", CANDIDATES[1], "Admit Eli");
    const file = path.join(session.directory, "a-for-eli.json");
    const transactionsBefore = await session.provider.getTransactionCount(FOUNDER_A);

    const signed = await session.signOnly("GOV", created.proposalId, FOUNDER_A, "for", file);

    expectSuccess(signed);
    expect(signed.output).to.include("Nothing was sent");
    expect(await session.provider.getTransactionCount(FOUNDER_A)).to.equal(transactionsBefore);
    const vote = JSON.parse(await readFile(file, "utf8")) as SignedVoteJson;
    expect(vote.format).to.equal("world-coop-signed-vote");
    expect(vote.version).to.equal(1);
    expect(vote.chainId).to.equal("31337");
    expect(vote.governor).to.equal(governorAddress);
    expect(vote.primaryType).to.equal("Ballot");
    expect(vote.proposalId).to.equal(created.proposalId);
    expect(vote.support).to.equal(1);
    expect(vote.voter).to.equal(FOUNDER_A);
    expect(vote.expiresAt).to.equal(created.deadline);

    await session.openVoting("GOV", created.proposalId);
    const relayed = jsonOutput<RelayOutput>(await session.relay("GOV", file));

    expect(relayed.voter).to.equal(FOUNDER_A);
    expect(relayed.relayer).to.equal(RELAYER);
    expect(relayed.votes).to.deep.equal({ for: "1", against: "0", abstain: "0" });
    expect(await (await session.governor("GOV")).hasVoted(BigInt(created.proposalId), FOUNDER_A)).to.be.true;
    expectFailure(await session.relay("GOV", file), "has already voted");
    expectFailure(
      await session.signOnly(
        "GOV",
        created.proposalId,
        FOUNDER_A,
        "against",
        path.join(session.directory, "again.json"),
      ),
      `${FOUNDER_A} has already voted on proposal ${created.proposalId}`,
    );
  });

  it("relays two offline votes in reverse order", async function () {
    const first = await session.proposeAdmission("GOV", CANDIDATES[2], "Admit Fatou");
    const second = await session.proposeAdmission("GOV", CANDIDATES[3], "Admit Gaspard");
    const firstFile = path.join(session.directory, "b-for-fatou.json");
    const secondFile = path.join(session.directory, "b-against-gaspard.json");
    expectSuccess(await session.signOnly("GOV", first.proposalId, FOUNDER_B, "for", firstFile));
    expectSuccess(await session.signOnly("GOV", second.proposalId, FOUNDER_B, "against", secondFile));

    await session.openVoting("GOV", second.proposalId);
    const secondRelayed = jsonOutput<RelayOutput>(await session.relay("GOV", secondFile));
    const firstRelayed = jsonOutput<RelayOutput>(await session.relay("GOV", firstFile));

    expect(secondRelayed.votes).to.deep.equal({ for: "0", against: "1", abstain: "0" });
    expect(firstRelayed.votes).to.deep.equal({ for: "1", against: "0", abstain: "0" });
  });

  it("relays a vote signed by eth_signTypedData_v4", async function () {
    const created = await session.proposeAdmission("GOV", CANDIDATES[4], "Admit Hugo");
    await session.openVoting("GOV", created.proposalId);
    const governor = await session.governor("GOV");
    const ballot = await buildBallot(governor, FOUNDER_C, {
      proposalId: BigInt(created.proposalId),
      support: 2,
      reason: "Signed by the node's own account",
    });
    const typedData = ballotTypedData(await governorDomain(governor), ballot);

    const signature = (await session.provider.send("eth_signTypedData_v4", [
      FOUNDER_C,
      JSON.stringify(typedData),
    ])) as string;
    const file = path.join(session.directory, "c-abstains-on-hugo.json");
    const vote = { chainId: 31337n, governor: governorAddress, ballot, signature, expiresAt: BigInt(created.deadline) };
    await writeFile(file, JSON.stringify(toSignedVoteJson(vote)));
    const relayed = jsonOutput<RelayOutput>(await session.relay("GOV", file));

    expect(relayed.voter).to.equal(FOUNDER_C);
    expect(relayed.support).to.equal("Abstain");
    expect(relayed.votes).to.deep.equal({ for: "0", against: "0", abstain: "1" });
  });

  it("names an action the timelock cannot pay", async function () {
    const actions = await session.writeActions([
      { target: "membership", function: "admit", args: [CANDIDATES[6]] },
      { target: RELAYER, value: "1000", data: "0x" },
    ]);
    const created = jsonOutput<CreatedOutput>(
      await session.task(
        "coop:propose",
        "--coop",
        "GOV",
        "--title",
        "Admit Jules and pay the relayer",
        "--text",
        "The relayer paid the gas of our votes.",
        "--actions",
        actions,
        "--from",
        FOUNDER_A,
        "--json",
      ),
    );
    const id = created.proposalId;
    await session.openVoting("GOV", id);
    for (const founder of [FOUNDER_A, FOUNDER_B, FOUNDER_C]) {
      expectSuccess(
        await session.task("coop:vote", "--coop", "GOV", "--id", id, "--support", "for", "--from", founder),
      );
    }
    await session.closeVoting("GOV", id);
    expectSuccess(await session.task("coop:queue", "--coop", "GOV", "--id", id));
    await advanceTo(session.provider, BigInt((await session.proposal("GOV", id)).eta ?? 0));
    const timelock = await session.address("GOV", "timelock");

    const unpaid = await session.task("coop:execute", "--coop", "GOV", "--id", id);

    expectFailure(unpaid, `The timelock ${timelock} holds 0.0 ETH, but the actions send 0.000000000000001 ETH in all`);
    expect(unpaid.output).to.include("action 2 sends 0.000000000000001 ETH, and only 0.0 ETH is left for it");
    expect(unpaid.output).to.not.include("FailedCall");
    const funder = await session.provider.getSigner(FOUNDER_C);
    await (await funder.sendTransaction({ to: timelock, value: 1000n })).wait();
    expectSuccess(await session.task("coop:execute", "--coop", "GOV", "--id", id));
  });

  describe("errors", function () {
    let proposalId: string;
    let signedFile: string;
    let signed: SignedVoteJson;

    /** Writes a copy of the signed vote with `changes`, and returns its path. */
    async function variant(name: string, changes: Record<string, unknown>): Promise<string> {
      const file = path.join(session.directory, name);
      await writeFile(file, JSON.stringify({ ...signed, ...changes }));
      return file;
    }

    before(async function () {
      const created = await session.proposeAdmission("GOV", CANDIDATES[5], "Admit Inès");
      proposalId = created.proposalId;
      signedFile = path.join(session.directory, "a-for-ines.json");
      expectSuccess(await session.signOnly("GOV", proposalId, FOUNDER_A, "for", signedFile));
      signed = JSON.parse(await readFile(signedFile, "utf8")) as SignedVoteJson;
      await session.openVoting("GOV", proposalId);
    });

    it("rejects a vote for another governor", async function () {
      const result = await session.relay("OTHER", signedFile);

      expectFailure(result, `The vote was signed for governor ${governorAddress}`);
      expect(result.output).to.include(await session.address("OTHER", "governor"));
    });

    it("rejects a vote for another chain", async function () {
      const file = await variant("other-chain.json", { chainId: "11155111" });

      expectFailure(await session.relay("GOV", file), "signed for chain 11155111, but this network is chain 31337");
    });

    it("rejects a tampered vote", async function () {
      const file = await variant("tampered.json", { support: 0 });

      const result = await session.relay("GOV", file);

      expectFailure(result, `The signature was not made by voter ${FOUNDER_A} for this ballot: it recovers to`);
    });

    it("rejects a vote file with a missing field", async function () {
      const file = await variant("no-voter.json", { voter: undefined });

      expectFailure(await session.relay("GOV", file), 'field "voter" is missing');
    });

    it("rejects signing by a non-member", async function () {
      const file = path.join(session.directory, "relayer-signs.json");

      const result = await session.signOnly("GOV", proposalId, RELAYER, "for", file);

      expectFailure(result, `${RELAYER} is not a member of GOV, so its vote would not be counted`);
    });

    it("rejects --out in a missing folder", async function () {
      const file = path.join(session.directory, "missing-folder", "vote.json");

      const result = await session.signOnly("GOV", proposalId, FOUNDER_B, "for", file);

      expectFailure(result, `the folder ${JSON.stringify(path.dirname(file))} does not exist`);
      expect(result.output).to.not.include("ENOENT");
    });

    it("rejects a proposal from a non-member", async function () {
      const actions = await session.writeActions([{ target: "membership", function: "admit", args: [CANDIDATES[6]] }]);

      const result = await session.task(
        "coop:propose",
        "--coop",
        "GOV",
        "--title",
        "Admit Jules",
        "--text",
        "Proposed by an outsider.",
        "--actions",
        actions,
        "--from",
        RELAYER,
      );

      expectFailure(
        result,
        `${RELAYER} is not a member of GOV, so it cannot propose: pass --from with a member's address.`,
      );
    });

    it("rejects an unknown proposal id", async function () {
      const unknown = "12345";

      expectFailure(
        await session.task("coop:proposal", "--coop", "GOV", "--id", unknown),
        "Proposal 12345 was not found",
      );
      expectFailure(
        await session.signOnly("GOV", unknown, FOUNDER_A, "for", path.join(session.directory, "unknown.json")),
        "Proposal 12345 was not found",
      );
      expectFailure(
        await session.task("coop:execute", "--coop", "GOV", "--id", unknown),
        "Proposal 12345 was not found",
      );
    });

    it("rejects a --doc file that does not exist", async function () {
      const missing = path.join(session.directory, "missing.md");
      const actions = await session.writeActions([{ target: "membership", function: "admit", args: [CANDIDATES[6]] }]);

      const result = await session.task(
        "coop:propose",
        "--coop",
        "GOV",
        "--title",
        "Admit Jules",
        "--doc",
        missing,
        "--actions",
        actions,
        "--from",
        FOUNDER_A,
      );

      expectFailure(result, `Document file not found: --doc ${JSON.stringify(missing)}`);
    });

    it("rejects an expired vote", async function () {
      await session.closeVoting("GOV", proposalId);

      const result = await session.relay("GOV", signedFile);

      expectFailure(result, "The signed vote has expired");
      expect(result.output).to.include(`voting on proposal ${proposalId} closed at`);
    });
  });
});

describe("e2e: cooperative with a 100-byte French name", function () {
  this.timeout(600_000);

  /** A UTF-8 name of exactly 100 bytes with accents, longer than the 31 bytes that fit in a short string. */
  const NAME = "Coopérative d'habitants de Besançon pour l'écologie, l'économie sociale et solidaire des Forêts";

  let session: GovernanceSession;

  before(async function () {
    session = await startSession();
  });

  after(async function () {
    await session?.stop();
  });

  it("has a 100-byte name", function () {
    expect(Buffer.byteLength(NAME, "utf8")).to.equal(100);
  });

  it("takes signed votes", async function () {
    await session.deploy(NAME, "FORETS", [FOUNDER_A, FOUNDER_B]);
    const governor = await session.governor("FORETS");
    expect((await governor.eip712Domain()).name).to.equal(NAME);

    const created = await session.proposeAdmission("FORETS", CANDIDATES[0], "Admettre Zoé", "Zoé répare les vélos.");
    const fileA = path.join(session.directory, "vote-a.json");
    const fileB = path.join(session.directory, "vote-b.json");
    expectSuccess(await session.signOnly("FORETS", created.proposalId, FOUNDER_A, "for", fileA));
    expectSuccess(
      await session.task(
        "coop:vote",
        "--coop",
        "FORETS",
        "--id",
        created.proposalId,
        "--support",
        "for",
        "--reason",
        "D'accord, évidemment",
        "--sign-only",
        "--out",
        fileB,
        "--from",
        FOUNDER_B,
      ),
    );
    await session.openVoting("FORETS", created.proposalId);
    expectSuccess(await session.relay("FORETS", fileA));
    expectSuccess(await session.relay("FORETS", fileB));

    const proposal = await session.proposal("FORETS", created.proposalId);
    expect(proposal.title).to.equal("Admettre Zoé");
    expect(proposal.votes).to.deep.equal({ for: "2", against: "0", abstain: "0" });
  });
});

describe("e2e: governance on an idle node", function () {
  this.timeout(600_000);

  /** Short enough to wait out in real time, long enough for a task to start within the vote. */
  const TIMING: Timing = { votingDelay: 2, votingPeriod: 40, lateQuorumExtension: 0, timelockDelay: 2 };

  let session: GovernanceSession;

  before(async function () {
    session = await startSession();
    await session.deploy("Idle Coop", "IDLE", [FOUNDER_A], TIMING);
  });

  after(async function () {
    await session?.stop();
  });

  it("follows the machine's clock", async function () {
    const created = await session.proposeAdmission("IDLE", CANDIDATES[0], "Admit Yann");
    const id = created.proposalId;

    await sleepUntil(BigInt(created.snapshot));
    expect((await session.proposal("IDLE", id)).state).to.equal("Active");
    expectSuccess(
      await session.task("coop:vote", "--coop", "IDLE", "--id", id, "--support", "for", "--from", FOUNDER_A),
    );

    await sleepUntil(BigInt(created.deadline));
    expect((await session.proposal("IDLE", id)).state).to.equal("Succeeded");
    expectSuccess(await session.task("coop:queue", "--coop", "IDLE", "--id", id));

    const queued = await session.proposal("IDLE", id);
    await sleepUntil(BigInt(queued.eta ?? 0));
    expectSuccess(await session.task("coop:execute", "--coop", "IDLE", "--id", id));
    expect((await session.proposal("IDLE", id)).state).to.equal("Executed");
  });
});
