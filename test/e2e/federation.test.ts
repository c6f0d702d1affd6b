import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { jsonOutput, runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

/** Test accounts of `hardhat node`: three members of COOPA, two of COOPB, and a newcomer. */
const MEMBERS_A = [
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
];
const MEMBERS_B = ["0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65", "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"];
const NEWCOMER = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";

/** Seconds of the member cooperatives' votes and of the federation's, long enough to hold a mirror and its cast window. */
const MEMBER_VOTING_PERIOD = 3_600;
const FEDERATION_VOTING_PERIOD = 3 * 3_600;
const VOTING_DELAY = 60;
/** Default cast window of a relay: mirrored votes end this many seconds before the federation's. */
const CAST_WINDOW = 3_600;

/** What `federation:relay --predict --json` prints. */
interface PredictionOutput {
  relay: string;
  nonce: number;
}

/** What `federation:relay --json` prints for a relay that does not exist yet. */
interface RelayPlanOutput {
  relay: string;
  created: boolean;
  createActions: { target: string; data: string }[];
}

/** What `federation:relay --json` prints. */
interface RelayOutput {
  relay: string;
  created: boolean;
  admitted: boolean;
  weight: string;
  castWindow: string;
}

/** What `federation:propose --json` prints. */
interface ProposedOutput {
  proposalId: string;
  proposer: string;
  class: string;
  document: { uri: string };
  deadline: string;
}

/** A mirror as `federation:mirror --json` and `federation:status --json` print it. */
interface MirrorOutput {
  mirrorId: string;
  sourceProposalId: string;
  kind: string;
  state: string;
  deadline: string;
  quorum: string;
  cast: boolean;
  documentUri: string;
  optionCount: number;
  gradeCount: number;
  tally: { for: string; against: string; abstain: string; participation: string };
}

/** What `federation:cast --json` prints. */
interface CastOutput {
  vote: { kind: string; weight: string; for: string; against: string; abstain: string };
  sourceVotes: { for: string; against: string; abstain: string };
}

/** What `federation:cast --json` prints for a majority-judgment mirror. */
interface JudgmentCastOutput {
  vote: { kind: string; weight: string; parts: string[][] };
  sourceVotes: { histogram: string[][] };
}

/** What `federation:grade --json` prints. */
interface GradeOutput {
  grades: number[];
  weight: string;
  histogram: string[][];
}

/** What `federation:status --json` prints. */
interface StatusOutput {
  relay: string;
  admitted: boolean;
  weight: string;
  castWindow: string;
  mirrors: MirrorOutput[];
}

function expectSuccess(result: RunResult): void {
  expect(result.code, result.output).to.equal(0);
}

function expectFailure(result: RunResult, message: string): void {
  expect(result.code, result.output).to.not.equal(0);
  expect(result.output).to.include(message);
}

/**
 * Runs a federation of two cooperatives with the tasks against one `hardhat node`. The federation's
 * founders are the relays of COOPA and COOPB, which `federation:relay --predict` finds before the
 * federation exists. So every federation proposal comes through a relay.
 */
describe("e2e: federation tasks", function () {
  this.timeout(900_000);

  let node: LocalNode;
  let directory: string;
  const relays: Record<string, string> = {};
  let proposal: ProposedOutput;
  let mirrorId: string;

  function task(...args: string[]): Promise<RunResult> {
    return runHardhat([...args, "--network", "localhost"], {
      LOCALHOST_RPC_URL: node.url,
      IPFS_STORE_DIR: path.join(directory, "ipfs"),
    });
  }

  function federation(name: string, coop: string, ...args: string[]): Promise<RunResult> {
    return task(`federation:${name}`, "--coop", coop, "--federation", "FED", ...args);
  }

  async function deploy(name: string, symbol: string, founders: string[], votingPeriod: number): Promise<void> {
    expectSuccess(
      await task(
        "coop:deploy",
        "--name",
        name,
        "--symbol",
        symbol,
        "--founders",
        founders.join(","),
        "--voting-delay",
        String(VOTING_DELAY),
        "--voting-period",
        String(votingPeriod),
        "--late-quorum-extension",
        "600",
        "--timelock-delay",
        "600",
      ),
    );
  }

  async function vote(coop: string, voter: string, support: string): Promise<RunResult> {
    return federation("vote", coop, "--mirror", mirrorId, "--support", support, "--from", voter);
  }

  before(async function () {
    directory = await mkdtemp(path.join(tmpdir(), "coop-federation-"));
    node = await startNode();
    await deploy("Coop A", "COOPA", MEMBERS_A, MEMBER_VOTING_PERIOD);
    await deploy("Coop B", "COOPB", MEMBERS_B, MEMBER_VOTING_PERIOD);
  });

  after(async function () {
    await node?.stop();
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  it("predicts relays as the federation's founders", async function () {
    const predictions: PredictionOutput[] = [];
    for (const coop of ["COOPA", "COOPB"]) {
      predictions.push(jsonOutput<PredictionOutput>(await federation("relay", coop, "--predict", "--json")));
    }
    expect(predictions[0].nonce).to.equal(predictions[1].nonce);
    expect(predictions[0].relay).to.not.equal(predictions[1].relay);

    await deploy(
      "Regional Federation",
      "FED",
      predictions.map((prediction) => prediction.relay),
      FEDERATION_VOTING_PERIOD,
    );

    // Without --as-timelock, the task prints the proposal by which the cooperative creates its relay.
    const plan = jsonOutput<RelayPlanOutput>(await federation("relay", "COOPA", "--json"));
    expect(plan.created).to.be.false;
    expect(plan.relay).to.equal(predictions[0].relay);
    expect(plan.createActions).to.have.length(1);

    for (const [index, coop] of ["COOPA", "COOPB"].entries()) {
      const created = jsonOutput<RelayOutput>(await federation("relay", coop, "--as-timelock", "--json"));
      expect(created.relay).to.equal(predictions[index].relay);
      expect(created.created).to.be.true;
      expect(created.admitted).to.be.true;
      expect(created.weight).to.equal("1");
      expect(created.castWindow).to.equal(String(CAST_WINDOW));
      relays[coop] = created.relay;
    }
    const again = jsonOutput<RelayOutput>(await federation("relay", "COOPA", "--json"));
    expect(again.created).to.be.false;
  });

  it("rejects --predict once the federation exists", async function () {
    expectFailure(await federation("relay", "COOPA", "--predict"), "Federation FED is deployed already");
  });

  it("proposes in the federation through a relay", async function () {
    const actions = path.join(directory, "admit.json");
    await writeFile(actions, JSON.stringify([{ target: "membership", function: "admit", args: [NEWCOMER] }]));

    const notRepresentative = await federation(
      "propose",
      "COOPA",
      "--title",
      "Admit a newcomer",
      "--text",
      "A third cooperative's delegate.",
      "--actions",
      actions,
    );
    expectFailure(notRepresentative, "is not a representative of COOPA in FED");

    proposal = jsonOutput<ProposedOutput>(
      await federation(
        "propose",
        "COOPA",
        "--title",
        "Admit a newcomer",
        "--text",
        "A third cooperative's delegate.",
        "--actions",
        actions,
        "--as-timelock",
        "--json",
      ),
    );
    expect(proposal.proposer).to.equal(relays.COOPA);
    expect(proposal.class).to.equal("ordinary");
    expect(proposal.document.uri).to.match(/^ipfs:\/\/b[a-z2-7]+$/);
  });

  it("rejects mirroring before voting opens", async function () {
    expectFailure(await federation("mirror", "COOPA", "--id", proposal.proposalId), "RelaySourceNotActive");
  });

  it("mirrors the proposal into each member", async function () {
    expectSuccess(await task("chain:advance", "--seconds", String(VOTING_DELAY + 1)));

    const mirrors: MirrorOutput[] = [];
    for (const coop of ["COOPA", "COOPB"]) {
      mirrors.push(jsonOutput<MirrorOutput>(await federation("mirror", coop, "--id", proposal.proposalId, "--json")));
    }
    const [mirrorA, mirrorB] = mirrors;
    expect(mirrorA.kind).to.equal("yesno");
    expect(mirrorA.state).to.equal("Active");
    expect(mirrorA.sourceProposalId).to.equal(proposal.proposalId);
    expect(mirrorA.documentUri).to.equal(proposal.document.uri);
    expect(BigInt(mirrorA.deadline)).to.be.at.most(BigInt(proposal.deadline) - BigInt(CAST_WINDOW));
    // The id follows from the source and its proposal id, so both relays give the same one.
    expect(mirrorB.mirrorId).to.equal(mirrorA.mirrorId);
    mirrorId = mirrorA.mirrorId;

    expectFailure(await federation("mirror", "COOPA", "--id", proposal.proposalId), "RelayAlreadyMirrored");
    expectFailure(
      await federation("mirror", "COOPA", "--id", "123", "--kind", "judgment"),
      "Proposal 123 was not found in FED's majority-judgment governor",
    );
  });

  it("rejects a vote on an unknown mirror", async function () {
    const result = await federation("vote", "COOPA", "--mirror", "123", "--support", "for", "--from", MEMBERS_A[0]);

    expectFailure(result, "RelayUnknownMirror(mirrorId=123)");
  });

  it("counts members' votes and rejects a second vote", async function () {
    expectSuccess(await vote("COOPA", MEMBERS_A[0], "for"));
    expectSuccess(await vote("COOPA", MEMBERS_A[1], "for"));
    expectSuccess(await vote("COOPA", MEMBERS_A[2], "against"));
    expectSuccess(await vote("COOPB", MEMBERS_B[0], "against"));
    expectSuccess(await vote("COOPB", MEMBERS_B[1], "abstain"));

    expectFailure(await vote("COOPA", MEMBERS_A[0], "against"), "RelayAlreadyVoted");
    expectFailure(await vote("COOPA", MEMBERS_B[0], "for"), "RelayNotMember");
    expectFailure(await vote("COOPA", MEMBERS_A[1], "maybe"), 'Invalid --support "maybe"');

    const status = jsonOutput<StatusOutput>(await federation("status", "COOPA", "--mirror", mirrorId, "--json"));
    expect(status.mirrors[0].tally).to.deep.equal({ for: "2", against: "1", abstain: "0", participation: "3" });
  });

  it("rejects casting before the mirror ends", async function () {
    expectFailure(await federation("cast", "COOPA", "--mirror", mirrorId), "RelayUnexpectedState");
  });

  it("rejects a vote after the mirror ends", async function () {
    expectSuccess(await task("chain:advance", "--seconds", String(MEMBER_VOTING_PERIOD + 1)));

    expectFailure(await vote("COOPB", MEMBERS_B[0], "for"), "RelayUnexpectedState");
  });

  it("casts each cooperative's weight upward", async function () {
    const castA = jsonOutput<CastOutput>(await federation("cast", "COOPA", "--mirror", mirrorId, "--json"));
    // Two for and one against: the one unit of weight goes to the larger remainder, for.
    expect(castA.vote).to.deep.equal({ kind: "yesno", weight: "1", for: "1", against: "0", abstain: "0" });
    expect(castA.sourceVotes).to.deep.equal({ for: "1", against: "0", abstain: "0" });

    const castB = jsonOutput<CastOutput>(await federation("cast", "COOPB", "--mirror", mirrorId, "--json"));
    // One against and one abstain tie: the unit goes to the lowest index, against.
    expect(castB.vote).to.deep.equal({ kind: "yesno", weight: "1", for: "0", against: "1", abstain: "0" });
    expect(castB.sourceVotes).to.deep.equal({ for: "1", against: "1", abstain: "0" });

    expectFailure(await federation("cast", "COOPA", "--mirror", mirrorId), "RelayUnexpectedState");
  });

  it("shows the relay and its cast mirror", async function () {
    const status = jsonOutput<StatusOutput>(await federation("status", "COOPB", "--json"));

    expect(status.relay).to.equal(relays.COOPB);
    expect(status.admitted).to.be.true;
    expect(status.weight).to.equal("1");
    expect(status.mirrors).to.have.length(1);
    expect(status.mirrors[0].mirrorId).to.equal(mirrorId);
    expect(status.mirrors[0].state).to.equal("Cast");
    expect(status.mirrors[0].cast).to.be.true;

    const text = await federation("status", "COOPB");
    expectSuccess(text);
    expect(text.output).to.include(`Mirror ${mirrorId} (yesno): Cast`);
  });

  describe("majority judgment", function () {
    let judgment: ProposedOutput;
    let judgmentMirror: string;

    function grade(voter: string, grades: string, ...extra: string[]): Promise<RunResult> {
      return federation("grade", "COOPA", "--mirror", judgmentMirror, "--grades", grades, "--from", voter, ...extra);
    }

    it("proposes options through a relay", async function () {
      const options = path.join(directory, "options.json");
      await writeFile(
        options,
        JSON.stringify({
          statusQuo: true,
          options: [
            { label: "Plan A", actions: [] },
            { label: "Plan B", actions: [] },
          ],
        }),
      );

      judgment = jsonOutput<ProposedOutput>(
        await federation(
          "propose",
          "COOPA",
          "--title",
          "Choose a plan",
          "--text",
          "Two plans for the shared warehouse.",
          "--options",
          options,
          "--as-timelock",
          "--json",
        ),
      );
      expect(judgment.proposer).to.equal(relays.COOPA);
      expect(judgment.class).to.equal("ordinary");
    });

    it("mirrors a judgment proposal", async function () {
      expectSuccess(await task("chain:advance", "--seconds", String(VOTING_DELAY + 1)));
      expectFailure(
        await federation("mirror", "COOPA", "--id", judgment.proposalId),
        "--kind judgment for a majority-judgment proposal",
      );

      const mirror = jsonOutput<MirrorOutput>(
        await federation("mirror", "COOPA", "--id", judgment.proposalId, "--kind", "judgment", "--json"),
      );
      expect(mirror.kind).to.equal("judgment");
      expect(mirror.optionCount).to.equal(3);
      expect(mirror.gradeCount).to.equal(6);
      expect(mirror.documentUri).to.equal(judgment.document.uri);
      judgmentMirror = mirror.mirrorId;
    });

    it("grades with numbers, words and blanks", async function () {
      const first = jsonOutput<GradeOutput>(await grade(MEMBERS_A[0], "5,3,-", "--json"));
      expect(first.grades).to.deep.equal([5, 3, 255]);
      expect(first.weight).to.equal("1");
      expectSuccess(await grade(MEMBERS_A[1], "Excellent,Good,Reject"));
      const third = jsonOutput<GradeOutput>(await grade(MEMBERS_A[2], "Très bien,Passable,-", "--json"));
      expect(third.grades).to.deep.equal([5, 2, 255]);
      expect(third.histogram).to.deep.equal([
        ["0", "0", "0", "0", "0", "3"],
        ["0", "0", "1", "2", "0", "0"],
        ["1", "0", "0", "0", "0", "0"],
      ]);
    });

    it("rejects invalid grades", async function () {
      expectFailure(await grade(MEMBERS_A[0], "5,3"), "got 2 grade(s), but mirror");
      expectFailure(await grade(MEMBERS_A[0], "9,3,-"), "it is above the best grade, 5");
      expectFailure(await grade(MEMBERS_A[0], "5,3,-"), "RelayAlreadyVoted");
      expectFailure(
        await federation("vote", "COOPA", "--mirror", judgmentMirror, "--support", "for", "--from", MEMBERS_A[0]),
        "RelayWrongKind",
      );
    });

    it("casts the grades upward", async function () {
      expectSuccess(await task("chain:advance", "--seconds", String(MEMBER_VOTING_PERIOD + 1)));

      const cast = jsonOutput<JudgmentCastOutput>(
        await federation("cast", "COOPA", "--mirror", judgmentMirror, "--json"),
      );
      // Each option's row gives the one unit of weight to its grade with the largest remainder. The
      // two ungraded ballots on the status quo count at its worst grade.
      const parts = [
        ["0", "0", "0", "0", "0", "1"],
        ["0", "0", "0", "1", "0", "0"],
        ["1", "0", "0", "0", "0", "0"],
      ];
      expect(cast.vote.kind).to.equal("judgment");
      expect(cast.vote.weight).to.equal("1");
      expect(cast.vote.parts).to.deep.equal(parts);
      expect(cast.sourceVotes.histogram).to.deep.equal(parts);
    });
  });

  describe("three levels", function () {
    /** Seconds of the global federation's vote: the regional mirror's three hours and its cast window fit inside. */
    const GLOBAL_VOTING_PERIOD = 5 * 3_600;
    let regionalRelay: string;
    let regionalMirror: string;
    let localMirror: string;

    function global(name: string, coop: string, ...args: string[]): Promise<RunResult> {
      return task(`federation:${name}`, "--coop", coop, "--federation", "WORLD", ...args);
    }

    it("seats the federation in a global one", async function () {
      const prediction = jsonOutput<PredictionOutput>(await global("relay", "FED", "--predict", "--json"));
      await deploy("Global Federation", "WORLD", [prediction.relay], GLOBAL_VOTING_PERIOD);

      const created = jsonOutput<RelayOutput>(await global("relay", "FED", "--as-timelock", "--json"));
      expect(created.relay).to.equal(prediction.relay);
      expect(created.admitted).to.be.true;
      regionalRelay = created.relay;
    });

    it("mirrors a mirror of the level above", async function () {
      const actions = path.join(directory, "admit-world.json");
      await writeFile(actions, JSON.stringify([{ target: "membership", function: "admit", args: [NEWCOMER] }]));
      const proposed = jsonOutput<ProposedOutput>(
        await global(
          "propose",
          "FED",
          "--title",
          "Admit a continent",
          "--text",
          "A continental federation joins.",
          "--actions",
          actions,
          "--as-timelock",
          "--json",
        ),
      );
      expectSuccess(await task("chain:advance", "--seconds", String(VOTING_DELAY + 1)));
      regionalMirror = jsonOutput<MirrorOutput>(
        await global("mirror", "FED", "--id", proposed.proposalId, "--json"),
      ).mirrorId;

      const local = jsonOutput<MirrorOutput>(
        await federation("mirror", "COOPA", "--source-relay", regionalRelay, "--id", regionalMirror, "--json"),
      );
      expect(local.kind).to.equal("yesno");
      expect(local.sourceProposalId).to.equal(regionalMirror);
      expect(local.documentUri).to.equal(proposed.document.uri);
      localMirror = local.mirrorId;
    });

    it("casts into the relay above, then higher", async function () {
      for (const [voter, support] of [
        [MEMBERS_A[0], "against"],
        [MEMBERS_A[1], "abstain"],
        [MEMBERS_A[2], "abstain"],
      ]) {
        expectSuccess(
          await federation("vote", "COOPA", "--mirror", localMirror, "--support", support, "--from", voter),
        );
      }
      expectSuccess(await task("chain:advance", "--seconds", String(MEMBER_VOTING_PERIOD + 1)));

      const local = jsonOutput<CastOutput>(await federation("cast", "COOPA", "--mirror", localMirror, "--json"));
      // One against and two abstain: the unit goes to the larger remainder, abstain.
      expect(local.vote).to.deep.equal({ kind: "yesno", weight: "1", for: "0", against: "0", abstain: "1" });
      expect(local.sourceVotes).to.deep.equal({ for: "0", against: "0", abstain: "1" });

      expectFailure(await global("cast", "FED", "--mirror", regionalMirror), "RelayUnexpectedState");
      expectSuccess(await task("chain:advance", "--seconds", String(FEDERATION_VOTING_PERIOD - MEMBER_VOTING_PERIOD)));
      const regional = jsonOutput<CastOutput>(await global("cast", "FED", "--mirror", regionalMirror, "--json"));
      expect(regional.vote).to.deep.equal({ kind: "yesno", weight: "1", for: "0", against: "0", abstain: "1" });
      expect(regional.sourceVotes).to.deep.equal({ for: "0", against: "0", abstain: "1" });
    });
  });
  describe("federation from a config file", function () {
    it("seats the predicted relays with the config's weight", async function () {
      const predicted: string[] = [];
      for (const coop of ["COOPA", "COOPB"]) {
        const result = await task(
          "federation:relay",
          "--coop",
          coop,
          "--federation",
          "CFED",
          "--predict",
          "--factory",
          "--json",
        );
        predicted.push(jsonOutput<PredictionOutput>(result).relay);
      }
      const config = {
        name: "Config Federation",
        symbol: "CFED",
        founders: predicted,
        memberWeight: 1_000_000,
        governance: {
          votingDelay: VOTING_DELAY,
          votingPeriod: FEDERATION_VOTING_PERIOD,
          quorumPercent: 25,
          lateQuorumExtension: 600,
          timelockDelay: 600,
        },
      };
      const file = path.join(directory, "federation.json");
      await writeFile(file, JSON.stringify(config));
      expectSuccess(await task("coop:deploy", "--coop-config", file));

      const created = jsonOutput<RelayOutput>(
        await task("federation:relay", "--coop", "COOPA", "--federation", "CFED", "--as-timelock", "--json"),
      );
      expect(created.relay).to.equal(predicted[0]);
      expect(created.admitted).to.be.true;
      expect(created.weight).to.equal("1000000");
    });
  });
});
