import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, ZeroAddress } from "ethers";

import {
  CoopCharter__factory,
  CoopGovernor__factory,
  CoopJudgmentGovernor__factory,
  CoopMembership__factory,
  CoopShares__factory,
  FederationRelay__factory,
  FeeRouter__factory,
} from "../../typechain-types";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { parseCid } from "../../src/ipfs/cidText";
import { CHART_FILE, RECORD_FILE, type DemoRecord } from "../../src/demo/record";
import { runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";
import { checkWellFormed } from "../helpers/xml";

/** Headings of the ten chapters, in order. */
const CHAPTER_HEADINGS = [
  "1. Founding members / Membres fondateurs",
  "2. Admissions / Admissions",
  "3. Share subscriptions / Souscription des parts",
  "4. A yes/no decision / Une décision par oui ou non",
  "5. Choosing a supplier by majority judgment",
  "6. Marketplace payments",
  "7. Encrypted personal data",
  "8. A member leaves",
  "9. A federation of two cooperatives",
  "10. Summary / Bilan",
];

/** Lines every successful demo run prints. */
const EXPECTED_LINES = [
  "signs a vote For offline; the deployer relays it and pays the gas",
  '"Northfield Organic Farm" (option 2) wins',
  "Northfield Organic Farm balance:",
  "service fee 0.005 ETH, dues 0.0005 ETH, paid to the baker 0.4945 ETH",
  "service fee 1.2 tEUR, dues 0.12 tEUR, paid to the baker 118.68 tEUR",
  "Farid reads it back: Farid Haddad",
  "Chloé receives 0.15 ETH",
  "the federation's fee router accepts tEUR: true",
  "Riverside Bakers Cooperative: 3 members (Amina, Bruno, Farid)",
];

/** `ProposalState` of OpenZeppelin's Governor, and of the majority-judgment governor, for an executed proposal. */
const EXECUTED = 7n;
const JUDGMENT_EXECUTED = 6n;
/** `MirrorState.Cast` of the federation relay. */
const MIRROR_CAST = 2n;

/** One share of Riverside Bakers, in wei (examples/cooperative.json). */
const NOMINAL_VALUE = 5n * 10n ** 16n;

function expectCompleteRun(result: RunResult): void {
  expect(result.code, result.output).to.equal(0);
  let position = -1;
  for (const heading of CHAPTER_HEADINGS) {
    const found = result.output.indexOf(heading);
    expect(found, `heading "${heading}" in order`).to.be.greaterThan(position);
    position = found;
  }
  for (const line of EXPECTED_LINES) expect(result.output).to.include(line);
}

/** Reads the record and checks the chart that a run wrote to `outputDirectory`. */
async function readOutput(outputDirectory: string): Promise<DemoRecord> {
  checkWellFormed(await readFile(path.join(outputDirectory, CHART_FILE), "utf8"));
  return JSON.parse(await readFile(path.join(outputDirectory, RECORD_FILE), "utf8")) as DemoRecord;
}

/** Checks each chapter's outcome on the node against the record of the run. */
async function expectOutcomesOnChain(url: string, record: DemoRecord, storeDirectory: string): Promise<void> {
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
  try {
    const { bakers, admission, subscriptions, decision, supplierChoice, payments, personalData, leaving, federation } =
      record;
    if (
      bakers === undefined ||
      admission === undefined ||
      subscriptions === undefined ||
      decision === undefined ||
      supplierChoice === undefined ||
      payments === undefined ||
      personalData === undefined ||
      leaving === undefined ||
      federation === undefined
    ) {
      expect.fail(`The record misses a chapter: ${JSON.stringify(record)}`);
    }
    const membership = CoopMembership__factory.connect(bakers.membership, provider);
    const governor = CoopGovernor__factory.connect(bakers.governor, provider);
    const charter = CoopCharter__factory.connect(bakers.charter, provider);
    const shares = CoopShares__factory.connect(bakers.shares, provider);
    const judgment = CoopJudgmentGovernor__factory.connect(bakers.judgment, provider);
    const feeRouter = FeeRouter__factory.connect(bakers.feeRouter, provider);

    // Chapters 1 and 2: three founders, one admitted applicant, and chapter 8's resignation.
    expect(await membership.isMember(admission.applicant)).to.equal(true);
    expect(await governor.state(admission.proposalId)).to.equal(EXECUTED);
    expect(await membership.isMember(leaving.member)).to.equal(false);
    expect(await membership.memberCount()).to.equal(3n);

    // Chapter 3: each member's shares, and none for the member who left.
    for (const { member, shares: count } of subscriptions) {
      expect(await shares.sharesOf(member)).to.equal(member === leaving.member ? 0n : BigInt(count));
    }

    // Chapter 4: the document recorded by the charter, the relayed vote and the executed action.
    expect(await governor.state(decision.proposalId)).to.equal(EXECUTED);
    expect(await governor.hasVoted(decision.proposalId, decision.relayedVoter)).to.equal(true);
    const [recorded] = await charter.queryFilter(
      charter.filters.ProposalRecorded(bakers.governor, decision.proposalId),
    );
    expect(recorded.args.document).to.equal(parseCid(decision.documentCid));
    expect(await feeRouter.isTokenAccepted(decision.token)).to.equal(true);

    // Chapter 5: the winner's payment from the timelock.
    expect(await judgment.state(supplierChoice.proposalId)).to.equal(JUDGMENT_EXECUTED);
    const [, leaders] = await judgment.outcome(supplierChoice.proposalId);
    expect(leaders).to.deep.equal([BigInt(supplierChoice.winner)]);
    expect(BigInt(supplierChoice.balanceAfter) - BigInt(supplierChoice.balanceBefore)).to.equal(
      BigInt(supplierChoice.amount),
    );

    // Chapter 6: 1% service fee and 0.1% dues on both payments, all released.
    for (const payment of [payments.ether, payments.euro]) {
      const amount = BigInt(payment.amount);
      expect(BigInt(payment.serviceFee)).to.equal(amount / 100n);
      expect(BigInt(payment.dues)).to.equal(amount / 1000n);
      expect(BigInt(payment.net)).to.equal(amount - amount / 100n - amount / 1000n);
    }
    for (const token of [ZeroAddress, decision.token]) {
      const [serviceFees, dues] = await feeRouter.accruedFees(token);
      expect(serviceFees + dues, `fees left in the router for ${token}`).to.equal(0n);
    }

    // Chapter 7: only the envelope's CID on chain, and the envelope does not contain the plaintext.
    const [, personalDataCid] = await membership.memberData(personalData.member);
    expect(personalDataCid).to.equal(parseCid(personalData.cid));
    const envelope = await new EmbeddedStore(storeDirectory).cat(personalData.cid);
    expect(Buffer.from(envelope).toString("latin1")).to.not.include("Farid Haddad");

    // Chapter 8: the resigned member repaid at nominal value.
    expect(BigInt(leaving.refund)).to.equal(BigInt(leaving.shares) * NOMINAL_VALUE);

    // Chapter 9: both mirrors cast upward, and the federation's decision executed.
    const federationGovernor = CoopGovernor__factory.connect(federation.addresses.governor, provider);
    const federationRouter = FeeRouter__factory.connect(federation.addresses.feeRouter, provider);
    const federationMembership = CoopMembership__factory.connect(federation.addresses.membership, provider);
    expect(await federationGovernor.state(federation.proposalId)).to.equal(EXECUTED);
    expect(await federationRouter.isTokenAccepted(decision.token)).to.equal(true);
    for (const [index, relayAddress] of federation.relays.entries()) {
      expect(await federationMembership.isMember(relayAddress)).to.equal(true);
      const relay = FederationRelay__factory.connect(relayAddress, provider);
      expect(await relay.mirrorState(federation.mirrorIds[index])).to.equal(MIRROR_CAST);
    }
  } finally {
    provider.destroy();
  }
}

describe("e2e: demo", function () {
  this.timeout(600_000);

  /** Folder of the embedded store, key store and output of the runs, instead of the project's. */
  let directory: string;
  let env: Record<string, string>;

  before(async function () {
    directory = await mkdtemp(path.join(tmpdir(), "coop-demo-"));
    env = {
      IPFS_STORE_DIR: path.join(directory, "ipfs"),
      KEY_STORE_DIR: path.join(directory, "keys"),
      DEMO_OUTPUT_DIR: path.join(directory, "output"),
    };
  });

  after(async function () {
    await rm(directory, { recursive: true, force: true });
  });

  it("runs on the embedded network", async function () {
    expectCompleteRun(await runHardhat(["run", "scripts/demo.ts"], env));
    const record = await readOutput(env.DEMO_OUTPUT_DIR);
    expect(record.network).to.equal("hardhat");
    expect(record.federation?.relays).to.have.length(2);
  });

  describe("against hardhat node", function () {
    let node: LocalNode | undefined;

    afterEach(async function () {
      await node?.stop();
      node = undefined;
    });

    it("runs twice on one node", async function () {
      node = await startNode();
      const nodeEnv = { ...env, LOCALHOST_RPC_URL: node.url };
      expectCompleteRun(await runHardhat(["run", "scripts/demo.ts", "--network", "localhost"], nodeEnv));
      const first = await readOutput(env.DEMO_OUTPUT_DIR);
      await expectOutcomesOnChain(node.url, first, env.IPFS_STORE_DIR);

      const second = await runHardhat(["run", "scripts/demo.ts", "--network", "localhost"], nodeEnv);
      expectCompleteRun(second);
      expect(second.output).to.include('reusing "CoopMembership"');
      const again = await readOutput(env.DEMO_OUTPUT_DIR);
      expect(again.bakers?.membership).to.not.equal(first.bakers?.membership);
      await expectOutcomesOnChain(node.url, again, env.IPFS_STORE_DIR);
    });

    it("runs again after a node restart", async function () {
      node = await startNode();
      expectCompleteRun(
        await runHardhat(["run", "scripts/demo.ts", "--network", "localhost"], { ...env, LOCALHOST_RPC_URL: node.url }),
      );
      await node.stop();
      node = await startNode();
      expectCompleteRun(
        await runHardhat(["run", "scripts/demo.ts", "--network", "localhost"], { ...env, LOCALHOST_RPC_URL: node.url }),
      );
      await expectOutcomesOnChain(node.url, await readOutput(env.DEMO_OUTPUT_DIR), env.IPFS_STORE_DIR);
    });
  });
});
