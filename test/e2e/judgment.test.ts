import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider } from "ethers";

import {
  CoopGovernor__factory,
  CoopJudgmentGovernor__factory,
  CoopMembership__factory,
  type CoopMembership,
} from "../../typechain-types";
import { advanceTo, latestTimestamp } from "../../src/chain/time";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import type { SignedBallotJson } from "../../src/mj/signedBallotFile";
import { ROOT, jsonOutput, runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";
import { checkWellFormed } from "../helpers/xml";

/** Test accounts of `hardhat node`: four founders and a relayer who is not a member. */
const FOUNDER_A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const FOUNDER_B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const FOUNDER_C = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const FOUNDER_D = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const RELAYER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

/** Outsiders that the options propose to admit. */
const XAVIER = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const YASMIN = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
const ZOE = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f";
const PAUL = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";
const QUENTIN = "0xBcd4042DE499D14e55001CcbB24a551F3b954096";
const ROSE = "0x71bE63f3384f5fb98995898A86B02Fb2426c5788";
const SACHA = "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a";

const SYMBOL = "JUDGE";
const VOTING_DELAY = 60;
const VOTING_PERIOD = 3_600;
const TIMELOCK_DELAY = 600;

/** What `mj:propose --json` prints. */
interface ProposedOutput {
  proposalId: string;
  options: { index: number; label: { text: string | null; cid: string; pinned: boolean } }[];
  optionCount: number;
  snapshot: string;
  deadline: string;
}

/** What `mj:ballot --json` and `mj:relay --json` print. */
interface BallotOutput {
  voter: string;
  relayer?: string;
  weight: string;
  replaced: boolean;
}

/** What `mj:results --json` prints. */
interface ResultsOutput {
  state: string;
  options: { index: number; rank: number; label: string; majorityGradeLabel: string; tally: string[] }[];
  outcome: { kind: string; leaders: number[]; participation: string; quorum: string };
  totalWeight: string;
  svg: string | null;
}

/** Runs the tasks against one `hardhat node`, as members would from a terminal. */
class JudgmentSession {
  readonly provider: JsonRpcProvider;
  private files = 0;

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
    return runHardhat([...args, "--coop", SYMBOL, "--network", "localhost"], {
      LOCALHOST_RPC_URL: this.node.url,
      IPFS_STORE_DIR: this.storeDirectory,
    });
  }

  /** Writes `content` to a new file in the session's folder and returns its path. */
  async writeFile(name: string, content: unknown): Promise<string> {
    this.files += 1;
    const file = path.join(this.directory, `${this.files}-${name}`);
    await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
  }

  async address(part: "membership" | "governor" | "judgment"): Promise<string> {
    const record = path.join(ROOT, "deployments", "localhost", `${SYMBOL}-${part}.json`);
    return (JSON.parse(await readFile(record, "utf8")) as { address: string }).address;
  }

  async membership(): Promise<CoopMembership> {
    return CoopMembership__factory.connect(await this.address("membership"), this.provider);
  }

  /** Moves the chain's clock past `timestamp` with chain:advance, as a member trying things out would. */
  async advancePast(timestamp: bigint): Promise<void> {
    const seconds = timestamp + 1n - (await latestTimestamp(this.provider));
    if (seconds > 0n) expectSuccess(await runHardhatAdvance(this, seconds));
  }

  async stop(): Promise<void> {
    this.provider.destroy();
    await this.node.stop();
    await rm(this.directory, { recursive: true, force: true });
  }
}

function runHardhatAdvance(session: JudgmentSession, seconds: bigint): Promise<RunResult> {
  return runHardhat(["chain:advance", "--seconds", String(seconds), "--network", "localhost"], {
    LOCALHOST_RPC_URL: session.node.url,
  });
}

function expectSuccess(result: RunResult): void {
  expect(result.code, result.output).to.equal(0);
}

function expectFailure(result: RunResult, message: string): void {
  expect(result.code, result.output).to.not.equal(0);
  expect(result.output).to.include(message);
}

describe("e2e: majority judgment tasks", function () {
  this.timeout(600_000);

  let session: JudgmentSession;
  /** The choice between three outsiders and the status quo, whose winner runs. */
  let choice: ProposedOutput;
  /** Two options that members grade alike. */
  let tie: ProposedOutput;
  /** Two options that members grade below the minimum, Acceptable. */
  let weak: ProposedOutput;
  let signedFile: string;
  let zoeCid: string;

  before(async function () {
    const directory = await mkdtemp(path.join(tmpdir(), "coop-judgment-"));
    session = new JudgmentSession(await startNode(), directory);
    const deployed = await runHardhat(
      [
        "coop:deploy",
        "--name",
        "Judgment Coop",
        "--symbol",
        SYMBOL,
        "--founders",
        [FOUNDER_A, FOUNDER_B, FOUNDER_C, FOUNDER_D].join(","),
        "--voting-delay",
        String(VOTING_DELAY),
        "--voting-period",
        String(VOTING_PERIOD),
        "--timelock-delay",
        String(TIMELOCK_DELAY),
        "--network",
        "localhost",
      ],
      { LOCALHOST_RPC_URL: session.node.url },
    );
    expectSuccess(deployed);
  });

  after(async function () {
    await session?.stop();
  });

  it("raises a member's weight by a yes/no vote", async function () {
    const actions = await session.writeFile("weight.json", [
      { target: "membership", function: "setWeight", args: [FOUNDER_A, 3] },
    ]);
    const created = jsonOutput<{ proposalId: string; class: string; snapshot: string }>(
      await session.task(
        "coop:propose",
        "--title",
        "Give Alice three votes",
        "--text",
        "Alice speaks for the three households of her building.",
        "--actions",
        actions,
        "--from",
        FOUNDER_A,
        "--json",
      ),
    );
    expect(created.class).to.equal("extraordinary");
    const id = created.proposalId;

    await advanceTo(session.provider, BigInt(created.snapshot) + 1n);
    for (const founder of [FOUNDER_A, FOUNDER_B, FOUNDER_C]) {
      expectSuccess(await session.task("coop:vote", "--id", id, "--support", "for", "--from", founder));
    }
    // A quorum reached late extends the yes/no vote, so the deadline is read again after the votes.
    const governor = CoopGovernor__factory.connect(await session.address("governor"), session.provider);
    await session.advancePast(await governor.proposalDeadline(BigInt(id)));
    expectSuccess(await session.task("coop:queue", "--id", id));
    expectSuccess(await runHardhatAdvance(session, BigInt(TIMELOCK_DELAY)));
    expectSuccess(await session.task("coop:execute", "--id", id));

    const info = await (await session.membership()).memberInfo(FOUNDER_A);
    expect(info.weight).to.equal(3n);
  });

  it("proposes options with labels and actions", async function () {
    // Zoé's label is published elsewhere: its content is not in the session's store.
    const elsewhere = new EmbeddedStore(path.join(session.directory, "elsewhere"));
    zoeCid = await elsewhere.add(new TextEncoder().encode("Admit Zoé"), { cidVersion: 1 });
    const yasminFile = await session.writeFile("yasmin.md", "# Admit Yasmin\n\nYasmin runs the repair café.\n");
    const admit = (account: string) => [{ target: "membership", function: "admit", args: [account] }];
    const options = await session.writeFile("choice.json", {
      statusQuo: true,
      options: [
        { label: "Admit Xavier", actions: admit(XAVIER) },
        { labelFile: path.basename(yasminFile), actions: admit(YASMIN) },
        { labelCid: `ipfs://${zoeCid}`, actions: admit(ZOE) },
      ],
    });

    choice = jsonOutput<ProposedOutput>(
      await session.task(
        "mj:propose",
        "--title",
        "Who joins this spring?",
        "--text",
        "One newcomer joins this spring.",
        "--options",
        options,
        "--from",
        FOUNDER_A,
        "--json",
      ),
    );

    expect(choice.optionCount).to.equal(4);
    expect(choice.options.map((option) => option.label.text)).to.deep.equal(["Admit Xavier", "Admit Yasmin", null]);
    expect(choice.options.map((option) => option.label.pinned)).to.deep.equal([true, true, false]);
    expect(choice.options[2].label.cid).to.equal(zoeCid);
    const store = new EmbeddedStore(session.storeDirectory);
    expect(await store.listPins()).to.include.members([choice.options[0].label.cid, choice.options[1].label.cid]);
  });

  it("proposes two more choices", async function () {
    const admit = (account: string) => [{ target: "membership", function: "admit", args: [account] }];
    const tieOptions = await session.writeFile("tie.json", {
      statusQuo: true,
      options: [
        { label: "Admit Paul", actions: admit(PAUL) },
        { label: "Admit Quentin", actions: admit(QUENTIN) },
      ],
    });
    const weakOptions = await session.writeFile("weak.json", {
      options: [
        { label: "Admit Rose", actions: admit(ROSE) },
        { label: "Admit Sacha", actions: admit(SACHA) },
      ],
    });

    tie = jsonOutput<ProposedOutput>(
      await session.task(
        "mj:propose",
        "--title",
        "Paul or Quentin?",
        "--text",
        "Either Paul or Quentin.",
        "--options",
        tieOptions,
        "--from",
        FOUNDER_B,
        "--json",
      ),
    );
    weak = jsonOutput<ProposedOutput>(
      await session.task(
        "mj:propose",
        "--title",
        "Rose or Sacha?",
        "--text",
        "Either Rose or Sacha.",
        "--options",
        weakOptions,
        "--from",
        FOUNDER_C,
        "--json",
      ),
    );

    expect(tie.optionCount).to.equal(3);
    expect(weak.optionCount).to.equal(2);
  });

  it("signs a ballot before voting opens", async function () {
    signedFile = path.join(session.directory, "b-signed.json");
    const transactionsBefore = await session.provider.getTransactionCount(FOUNDER_B);

    const signed = await session.task(
      "mj:ballot",
      "--id",
      choice.proposalId,
      "--grades",
      "Excellent,Good,Poor,Reject",
      "--sign-only",
      "--out",
      signedFile,
      "--from",
      FOUNDER_B,
    );

    expectSuccess(signed);
    expect(signed.output).to.include("Nothing was sent");
    expect(await session.provider.getTransactionCount(FOUNDER_B)).to.equal(transactionsBefore);
    const ballot = JSON.parse(await readFile(signedFile, "utf8")) as SignedBallotJson;
    expect(ballot.format).to.equal("world-coop-signed-judgment-ballot");
    expect(ballot.voter).to.equal(FOUNDER_B);
    expect(ballot.grades).to.deep.equal([5, 3, 1, 0]);
    expect(ballot.governor).to.equal(await session.address("judgment"));
    expect(ballot.expiresAt).to.equal(choice.deadline);
  });

  it("casts, relays and replaces ballots", async function () {
    await advanceTo(session.provider, BigInt(weak.snapshot) + 1n);
    const id = choice.proposalId;

    const relayed = jsonOutput<BallotOutput>(await session.task("mj:relay", signedFile, "--from", RELAYER, "--json"));
    expect(relayed).to.include({ voter: FOUNDER_B, relayer: RELAYER, weight: "1", replaced: false });
    expectFailure(
      await session.task("mj:relay", signedFile, "--from", RELAYER),
      "was counted since this one was signed",
    );

    const first = jsonOutput<BallotOutput>(
      await session.task(
        "mj:ballot",
        "--id",
        id,
        "--grades",
        "Reject,Excellent,Excellent,Reject",
        "--from",
        FOUNDER_C,
        "--json",
      ),
    );
    expect(first).to.include({ voter: FOUNDER_C, weight: "1", replaced: false });
    const replaced = await session.task(
      "mj:ballot",
      "--id",
      id,
      "--grades",
      "Bien,Passable,Insuffisant,À rejeter",
      "--from",
      FOUNDER_C,
    );
    expectSuccess(replaced);
    expect(replaced.output).to.include(
      `${FOUNDER_C} cast a ballot on proposal ${id} with weight 1, replacing an earlier ballot`,
    );
    expect(replaced.output).to.include('option 0 "Admit Xavier": Very good');
    expect(replaced.output).to.include("option 3 (the status quo): Reject");

    const parts = await session.writeFile("a-parts.json", [
      [0, 0, 0, 2, 0, 1],
      [0, 0, 3, 0, 0, 0],
      ["3", "0", "0", "0", "0", "0"],
      [2, 1, 0, 0, 0, 0],
    ]);
    const fractional = jsonOutput<BallotOutput>(
      await session.task("mj:ballot", "--id", id, "--parts", parts, "--from", FOUNDER_A, "--json"),
    );
    expect(fractional).to.include({ voter: FOUNDER_A, weight: "3", replaced: false });

    expectSuccess(await session.task("mj:ballot", "--id", id, "--grades", "4,3,1,0", "--from", FOUNDER_D));
  });

  it("rejects a grade off the scale", async function () {
    const result = await session.task(
      "mj:ballot",
      "--id",
      choice.proposalId,
      "--grades",
      "Excellent,Superb,Poor,Reject",
      "--from",
      FOUNDER_D,
    );

    expectFailure(result, 'Invalid --grades "Excellent,Superb,Poor,Reject": the grade "Superb" of option 1 is invalid');
    expect(result.output).to.include("Reject, Poor, Acceptable, Good, Very good, Excellent (en)");
    expect(result.output).to.include("À rejeter, Insuffisant, Passable, Assez bien, Bien, Très bien (fr)");
  });

  it("grades the tied and the weak choices", async function () {
    const grade = (id: string, grades: string, from: string) =>
      session.task("mj:ballot", "--id", id, "--grades", grades, "--from", from);
    const results = await Promise.all([
      grade(tie.proposalId, "Good,Good,Reject", FOUNDER_B),
      grade(weak.proposalId, "Poor,Reject", FOUNDER_D),
    ]);
    results.push(
      ...(await Promise.all([
        grade(tie.proposalId, "3,3,0", FOUNDER_C),
        grade(weak.proposalId, "poor,REJECT", FOUNDER_B),
      ])),
    );

    results.forEach(expectSuccess);
  });

  it("shows the results in English with a chart", async function () {
    // A quorum reached late extends a majority judgment, so the deadlines are read again after the ballots.
    const judgment = CoopJudgmentGovernor__factory.connect(await session.address("judgment"), session.provider);
    const deadlines = await Promise.all(
      [choice, tie, weak].map(
        async (proposal) => (await judgment.proposalDetails(BigInt(proposal.proposalId))).deadline,
      ),
    );
    await session.advancePast(deadlines.reduce((latest, deadline) => (deadline > latest ? deadline : latest)));
    const svgFile = path.join(session.directory, "choice-en.svg");

    const results = jsonOutput<ResultsOutput>(
      await session.task("mj:results", "--id", choice.proposalId, "--svg", svgFile, "--json"),
    );

    expect(results.state).to.equal("Succeeded");
    expect(results.options.map((option) => option.index)).to.deep.equal([0, 1, 2, 3]);
    expect(results.options.map((option) => option.label)).to.deep.equal([
      "Admit Xavier",
      "Admit Yasmin",
      zoeCid,
      "None of these (status quo)",
    ]);
    expect(results.options.map((option) => option.majorityGradeLabel)).to.deep.equal([
      "Very good",
      "Acceptable",
      "Reject",
      "Reject",
    ]);
    expect(results.options[0].tally).to.deep.equal(["0", "0", "0", "2", "2", "2"]);
    expect(results.outcome).to.deep.include({ kind: "Winner", leaders: [0], participation: "6", quorum: "1" });
    expect(results.totalWeight).to.equal("6");
    expect(results.svg).to.equal(svgFile);

    const svg = await readFile(svgFile, "utf8");
    expect(() => checkWellFormed(svg)).to.not.throw();
    expect(svg).to.include('<title id="mj-title">Who joins this spring?</title>');
    const rows = Array.from(svg.matchAll(/<text class="option-label"[^>]*>([^<]*)<\/text>/g), (match) => match[1]);
    expect(rows.slice(0, 2)).to.deep.equal(["Admit Xavier", "Admit Yasmin"]);
  });

  it("shows the results in French", async function () {
    const svgFile = path.join(session.directory, "choice-fr.svg");

    const result = await session.task("mj:results", "--id", choice.proposalId, "--lang", "fr", "--svg", svgFile);

    expectSuccess(result);
    const lines = result.output.split("\n");
    const ranking = lines.filter((line) => /^ {4}\d\. /.test(line));
    expect(ranking).to.have.length(4);
    expect(ranking[0]).to.match(/^ {4}1\. Admit Xavier \(option 0\)\u00A0: Bien \(/);
    expect(ranking[1]).to.match(/^ {4}2\. Admit Yasmin \(option 1\)\u00A0: Passable \(/);
    expect(ranking[3]).to.match(/^ {4}4\. Aucune de ces options \(statu quo\) \(option 3\)\u00A0: À rejeter \(/);
    expect(result.output).to.include(
      "résultat\u00A0: «\u00A0Admit Xavier\u00A0» (option 0) l'emporte avec la mention majoritaire Bien",
    );
    expect(result.output).to.include("participation\u00A0: 6 sur 6 de poids (100\u00A0%)");
    const svg = await readFile(svgFile, "utf8");
    expect(() => checkWellFormed(svg)).to.not.throw();
    expect(svg).to.include('xml:lang="fr"');
    expect(svg).to.include(">Bien</text>");
  });

  it("queues and executes the winner", async function () {
    const id = choice.proposalId;
    expectFailure(await session.task("mj:execute", "--id", id), `run mj:queue --id ${id} first`);

    const queued = await session.task("mj:queue", "--id", id);
    expectSuccess(queued);
    expect(queued.output).to.include('the actions of the winner, option 0 "Admit Xavier", are queued');
    expectFailure(await session.task("mj:execute", "--id", id), "is not executable yet");
    expectSuccess(await runHardhatAdvance(session, BigInt(TIMELOCK_DELAY)));
    expectSuccess(await session.task("mj:execute", "--id", id));

    const membership = await session.membership();
    expect(await membership.isMember(XAVIER)).to.be.true;
    expect(await membership.isMember(YASMIN)).to.be.false;
    expect(await membership.isMember(ZOE)).to.be.false;
    const judgment = CoopJudgmentGovernor__factory.connect(await session.address("judgment"), session.provider);
    expect(await judgment.state(BigInt(id))).to.equal(6n);
  });

  it("refuses to queue a tie", async function () {
    const result = await session.task("mj:queue", "--id", tie.proposalId);

    expectFailure(
      result,
      `Proposal ${tie.proposalId} is Defeated: option 0 "Admit Paul" and option 1 "Admit Quentin" tie for first place`,
    );
    expectFailure(await session.task("mj:execute", "--id", tie.proposalId), "tie for first place");
    const membership = await session.membership();
    expect(await membership.isMember(PAUL)).to.be.false;
    expect(await membership.isMember(QUENTIN)).to.be.false;
  });

  it("refuses to queue a winner below the minimum", async function () {
    const result = await session.task("mj:queue", "--id", weak.proposalId);

    expectFailure(
      result,
      `Proposal ${weak.proposalId} is Defeated: the first option, option 0 "Admit Rose", has the majority grade ` +
        "Poor (1), below the minimum Acceptable (2)",
    );
    expect(await (await session.membership()).isMember(ROSE)).to.be.false;
  });
});
