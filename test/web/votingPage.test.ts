import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider } from "ethers";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { createServer, type Socket } from "node:net";

import {
  CoopCharter__factory,
  CoopGovernor__factory,
  CoopJudgmentGovernor__factory,
  type CoopGovernor,
  type CoopJudgmentGovernor,
} from "../../typechain-types";
import { advanceTo } from "../../src/chain/time";
import { hardhatDevelopmentAccounts } from "../../src/toolchain/developmentKeys";
import { findProposal } from "../../src/governance/proposalEvents";
import { ROOT, runHardhat, type RunResult } from "../helpers/node";
import { jsonOutput, startWebFixture, writeJson, type WebFixture } from "./stack";
import { TEST_WALLET_NAME, TestWallet } from "./testWallet";

/** Test accounts of `hardhat node`: four founders, then a relayer and an outsider who are not members. */
const [, FOUNDER_A, FOUNDER_B, FOUNDER_C, FOUNDER_D, RELAYER, OUTSIDER] = hardhatDevelopmentAccounts().map(
  (account) => account.address,
);

/** Markup in a proposal's document, which the page must show as text and never run. */
const MARKUP = '<img src="x" onerror="window.injected = true">';

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = path.join(ROOT, "test-output", "screenshots");

/** What `coop:propose --json` and `mj:propose --json` print. */
interface ProposedOutput {
  proposalId: string;
  snapshot: string;
  deadline?: string;
}

// The "e2e:" prefix keeps this test out of `npm run coverage`, because it starts its own node.
describe("e2e: voting page", function () {
  this.timeout(900_000);

  let directory: string;
  let fixture: WebFixture;
  let provider: JsonRpcProvider;
  let governor: CoopGovernor;
  let judgment: CoopJudgmentGovernor;
  let wallet: TestWallet;
  let context: BrowserContext;
  let page: Page;
  /** Two open yes/no proposals, an open majority judgment and a finished one. */
  let voteId: string;
  let relayedVoteId: string;
  let openJudgmentId: string;
  let finishedJudgmentId: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.REQUIRE_CHROMIUM === "1") throw new Error(`Chromium was not found at ${CHROMIUM}.`);
      console.log(`    Skipped: Chromium was not found at ${CHROMIUM}. Set CHROMIUM_PATH to run the page tests.`);
      this.skip();
    }
    const built = await buildPage();
    expect(built.code, built.output).to.equal(0);

    directory = await mkdtemp(path.join(tmpdir(), "coop-web-"));
    fixture = await startWebFixture(directory, [FOUNDER_A, FOUNDER_B, FOUNDER_C, FOUNDER_D]);
    provider = new JsonRpcProvider(fixture.node.url, undefined, { staticNetwork: true });
    governor = CoopGovernor__factory.connect(fixture.addresses.governor, provider);
    judgment = CoopJudgmentGovernor__factory.connect(fixture.addresses.judgment, provider);
    await proposeEverything();

    await mkdir(SCREENSHOTS, { recursive: true });
    wallet = new TestWallet(fixture.node.url, FOUNDER_A);
    context = await chromium.launchPersistentContext(path.join(directory, "profile"), {
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
      ],
      acceptDownloads: true,
      locale: "en-US",
    });
    await wallet.install(context);
    page = context.pages()[0] ?? (await context.newPage());
  });

  after(async function () {
    await context?.close();
    provider?.destroy();
    await fixture?.stop();
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  /**
   * Creates the proposals: a majority judgment that ends with ballots, then two yes/no proposals
   * and a majority judgment that stay open.
   */
  async function proposeEverything(): Promise<void> {
    const options = await writeJson(directory, "options.json", {
      statusQuo: false,
      options: [
        { label: "Bakery", actions: [] },
        { label: "Repair café", actions: [] },
        { label: "Library", actions: [{ target: OUTSIDER, value: "250000000000000000", data: "0x" }] },
      ],
    });
    const finished = await propose("mj:propose", {
      title: "Which project first?",
      text: "Choose the project that the cooperative funds first.",
      options,
      from: FOUNDER_A,
    });
    finishedJudgmentId = finished.proposalId;
    await advanceTo(provider, BigInt(finished.snapshot) + 1n);
    const ballots: [string, string][] = [
      [FOUNDER_A, "Excellent,Good,Poor"],
      [FOUNDER_B, "Very good,Good,Poor"],
      [FOUNDER_C, "Excellent,Acceptable,Reject"],
    ];
    for (const [founder, grades] of ballots) {
      const cast = await fixture.task("mj:ballot", "--id", finishedJudgmentId, "--grades", grades, "--from", founder);
      expect(cast.code, cast.output).to.equal(0);
    }
    await advanceTo(provider, BigInt(finished.deadline ?? "0") + 1n);

    const admit = await writeJson(directory, "admit.json", [
      { target: "membership", function: "admit", args: [OUTSIDER] },
    ]);
    const weight = await writeJson(directory, "weight.json", [
      { target: "membership", function: "setWeight", args: [FOUNDER_D, 2] },
    ]);
    const first = await propose("coop:propose", {
      title: "Admit a new member",
      text: "## Why\n\nShe runs the repair café.\n\n- joins this month\n- pays one share",
      actions: admit,
      from: FOUNDER_A,
    });
    voteId = first.proposalId;
    const relayed = await propose("coop:propose", {
      title: "Give Dan two votes",
      text: `Dan speaks for two households. ${MARKUP}`,
      actions: weight,
      from: FOUNDER_B,
    });
    relayedVoteId = relayed.proposalId;
    const open = await propose("mj:propose", {
      title: "Where do we meet?",
      text: "Choose the place of the monthly meeting.",
      options,
      from: FOUNDER_A,
    });
    openJudgmentId = open.proposalId;
    await advanceTo(provider, BigInt(open.snapshot) + 1n);
  }

  /**
   * Runs `coop:propose` or `mj:propose` with `--json` and returns its output. The task takes
   * `--actions` for a yes/no proposal and `--options` for a majority judgment.
   */
  async function propose(
    task: "coop:propose" | "mj:propose",
    proposal: { title: string; text: string; actions?: string; options?: string; from: string },
  ): Promise<ProposedOutput> {
    const calls = proposal.actions !== undefined ? ["--actions", proposal.actions] : [];
    const options = proposal.options !== undefined ? ["--options", proposal.options] : [];
    const args = ["--title", proposal.title, "--text", proposal.text, ...calls, ...options, "--from", proposal.from];
    return jsonOutput<ProposedOutput>(await fixture.task(task, ...args, "--json"));
  }

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  async function connect(): Promise<void> {
    await page.goto(fixture.pageUrl);
    await page.getByTestId("connect").click();
    const choice = page.getByTestId("wallet-choice");
    expect(await choice.textContent()).to.include(TEST_WALLET_NAME);
    await choice.click();
    await page.getByTestId("account").waitFor();
  }

  /** Opens the list, then the proposal, by changing the URL's hash only, so the wallet stays connected. */
  async function openProposal(id: string): Promise<void> {
    await page.goto(`${fixture.pageUrl}#/`);
    await page.getByTestId(`proposal-${id}`).click();
    await page.getByTestId("results").waitFor();
  }

  /**
   * Runs the relay command that the page printed, as a relayer would paste it, on the signed file
   * saved at `file`, from the relayer's account.
   */
  async function runPrintedCommand(file: string): Promise<RunResult> {
    const command = (await page.getByTestId("relay-command").textContent()) ?? "";
    const words = command.split(" ");
    expect(words.slice(0, 2)).to.deep.equal(["npx", "hardhat"]);
    expect(words).to.include(fixture.addresses.membership);
    const args = words.slice(2).map((word) => (word.endsWith(".json") ? file : word));
    return runHardhat([...args, "--from", RELAYER], {
      LOCALHOST_RPC_URL: fixture.node.url,
      IPFS_STORE_DIR: fixture.storeDirectory,
    });
  }

  async function waitForStatus(text: string): Promise<void> {
    await page.getByTestId("status").filter({ hasText: text }).waitFor({ timeout: 60_000 });
  }

  it("connects the test wallet", async function () {
    await connect();
    expect(await page.getByTestId("account").textContent()).to.include(FOUNDER_A);
    expect(await page.getByTestId(`proposal-${voteId}`).textContent()).to.equal("Admit a new member");
    await screenshot("1-connected");
  });

  it("connects with the keyboard only", async function () {
    await page.goto(fixture.pageUrl);
    await page.getByTestId("connect").waitFor();
    let focused: string | null = null;
    for (let presses = 0; presses < 10 && focused !== "connect"; presses += 1) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate('document.activeElement?.getAttribute("data-testid") ?? null');
    }
    expect(focused).to.equal("connect");
    await page.keyboard.press("Enter");
    expect(await page.evaluate('document.activeElement?.getAttribute("data-testid")')).to.equal("wallet-choice");
    await page.keyboard.press("Enter");
    await page.getByTestId("account").waitFor();
    expect(await page.getByTestId("account").textContent()).to.include(FOUNDER_A);
  });

  it("focuses an empty choice", async function () {
    await openProposal(voteId);
    await page.getByTestId("submit-vote").click();
    await waitForStatus("Choose yes, no or abstain first.");
    expect(await page.evaluate('document.activeElement?.getAttribute("data-testid")')).to.equal("vote-for");
  });

  it("votes yes with a reason", async function () {
    await openProposal(voteId);
    await page.getByTestId("document-verified").waitFor();
    expect(await page.getByTestId("document").textContent()).to.include("She runs the repair café.");
    await page.getByTestId("vote-for").check();
    await page.getByTestId("reason").fill("She already helps every Saturday.");
    await page.getByTestId("submit-vote").click();
    await waitForStatus("Your vote was counted");
    await page.getByTestId("tally-for").filter({ hasText: "1" }).waitFor();
    await screenshot("2-voted");

    expect(await governor.hasVoted(BigInt(voteId), FOUNDER_A)).to.equal(true);
    const [against, yes, abstain] = await governor.proposalVotes(BigInt(voteId));
    expect(yes).to.equal(1n);
    expect(against).to.equal(0n);
    expect(abstain).to.equal(0n);
  });

  it("grades three options", async function () {
    await openProposal(openJudgmentId);
    await page.getByTestId("grade-0-5").check();
    await page.getByTestId("grade-1-3").check();
    await page.getByTestId("grade-2-1").check();
    await page.getByTestId("submit-ballot").click();
    await waitForStatus("Your grades were counted");
    await screenshot("3-graded");

    const [, weight, grades] = await judgment.ballotOf(BigInt(openJudgmentId), FOUNDER_A);
    expect(weight).to.equal(1n);
    expect(grades.map(Number)).to.deep.equal([5, 3, 1]);
  });

  it("signs a vote that a relayer submits", async function () {
    wallet.account = FOUNDER_B;
    await connect();
    expect(await page.getByTestId("account").textContent()).to.include(FOUNDER_B);
    await openProposal(relayedVoteId);
    await page.getByTestId("vote-against").check();
    await page.getByTestId("sign-vote").click();
    await page.getByTestId("signed-vote").waitFor();
    await screenshot("4-signed");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-signed").click()]);
    const file = path.join(directory, "signed-vote.json");
    await download.saveAs(file);
    const json = JSON.parse(await readFile(file, "utf8")) as { voter: string; support: number };
    expect(json.voter).to.equal(FOUNDER_B);
    expect(json.support).to.equal(0);
    expect(await page.getByTestId("signed-vote").inputValue()).to.equal(await readFile(file, "utf8"));

    const relayed = await runPrintedCommand(file);
    expect(relayed.code, relayed.output).to.equal(0);
    expect(await governor.hasVoted(BigInt(relayedVoteId), FOUNDER_B)).to.equal(true);
    const [against] = await governor.proposalVotes(BigInt(relayedVoteId));
    expect(against).to.equal(1n);
  });

  it("switches to French", async function () {
    await page.goto(fixture.pageUrl);
    await page.getByTestId("language-switch").click();
    await page.getByRole("heading", { name: "Propositions" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).to.equal("fr");
    expect(await page.getByTestId("language-switch").textContent()).to.equal("English");
    await openProposal(voteId);
    expect(await page.getByRole("heading", { name: "Votre vote" }).count()).to.equal(1);
    await screenshot("5-french");
  });

  it("shows a finished judgment's results", async function () {
    await page.getByTestId("language-switch").click();
    await page.getByRole("heading", { name: "Your vote" }).waitFor();
    await openProposal(finishedJudgmentId);
    const outcome = (await page.getByTestId("results-outcome").textContent()) ?? "";
    expect(outcome).to.include("Bakery");
    expect(await page.getByTestId("ranking-0").locator("th").textContent()).to.equal("Bakery");
    expect(await page.getByTestId("results-chart").locator("svg").count()).to.equal(1);
    await screenshot("6-results");
  });

  it("signs a ballot that a relayer submits", async function () {
    wallet.account = FOUNDER_C;
    await connect();
    await openProposal(openJudgmentId);
    await page.getByTestId("grade-0-2").check();
    await page.getByTestId("grade-1-4").check();
    await page.getByTestId("grade-2-0").check();
    await page.getByTestId("sign-ballot").click();
    await page.getByTestId("signed-vote").waitFor();

    const file = path.join(directory, "signed-ballot.json");
    await writeFile(file, await page.getByTestId("signed-vote").inputValue());
    const relayed = await runPrintedCommand(file);
    expect(relayed.code, relayed.output).to.equal(0);
    const [, weight, grades] = await judgment.ballotOf(BigInt(openJudgmentId), FOUNDER_C);
    expect(weight).to.equal(1n);
    expect(grades.map(Number)).to.deep.equal([2, 4, 0]);
  });

  it("reports a rejected request", async function () {
    wallet.account = FOUNDER_D;
    wallet.rejectRequests = true;
    try {
      await connect();
      await openProposal(voteId);
      await page.getByTestId("vote-abstain").check();
      await page.getByTestId("submit-vote").click();
      await waitForStatus("The wallet rejected the request.");
      await screenshot("8-rejected");
    } finally {
      wallet.rejectRequests = false;
    }
    expect(await governor.hasVoted(BigInt(voteId), FOUNDER_D)).to.equal(false);
  });

  it("reports a wallet on another chain", async function () {
    wallet.reportedChainId = "0x1";
    await connect();
    expect(await page.getByText("but this cooperative is on Hardhat node (chain 31337)").count()).to.equal(1);
    await openProposal(voteId);
    expect(await page.getByText("Switch the wallet to Hardhat node to vote").count()).to.equal(1);
    expect(await page.getByTestId("vote-for").count()).to.equal(0);
    await screenshot("9-wrong-chain");

    await page.getByTestId("switch-chain").click();
    await waitForStatus("The wallet is now on Hardhat node.");
    expect(await page.getByTestId("switch-chain").count()).to.equal(0);
    await page.getByTestId("vote-for").waitFor();
  });

  /**
   * Connects FOUNDER_D, chooses yes on the first open proposal, then moves the wallet to chain 1
   * without an event that the page would see.
   */
  async function chooseThenChangeChain(): Promise<void> {
    wallet.account = FOUNDER_D;
    await connect();
    await openProposal(voteId);
    await page.getByTestId("vote-for").check();
    wallet.reportedChainId = "0x1";
  }

  it("rejects a wallet that changed chain", async function () {
    await chooseThenChangeChain();
    try {
      await page.getByTestId("submit-vote").click();
      await waitForStatus("Your wallet is on chain 1");
      await page.getByTestId("switch-chain").waitFor();
      expect(await page.getByTestId("vote-for").count()).to.equal(0);
    } finally {
      wallet.reportedChainId = undefined;
    }
    expect(await governor.hasVoted(BigInt(voteId), FOUNDER_D)).to.equal(false);
  });

  it("rejects a signature after a chain change", async function () {
    await chooseThenChangeChain();
    try {
      await page.getByTestId("sign-vote").click();
      await waitForStatus("Your wallet is on chain 1");
      expect(await page.getByTestId("signed-vote").count()).to.equal(0);
    } finally {
      wallet.reportedChainId = undefined;
    }
  });

  it("shows document markup as text", async function () {
    await openProposal(relayedVoteId);
    await page.getByTestId("document-verified").waitFor();
    expect(await page.getByTestId("document").textContent()).to.include(MARKUP);
    expect(await page.getByTestId("document").locator("img").count()).to.equal(0);
    expect(await page.evaluate("window.injected === true")).to.equal(false);
    const progress = page.getByTestId("document-verified").locator("xpath=..");
    expect(await progress.getAttribute("aria-live")).to.equal("polite");
  });

  it("reports an account that is not a member", async function () {
    wallet.account = OUTSIDER;
    await connect();
    await openProposal(voteId);
    await page.getByTestId("vote-for").check();
    await page.getByTestId("submit-vote").click();
    await waitForStatus("is not a member of");
  });

  it("reports a closed proposal", async function () {
    await openProposal(finishedJudgmentId);
    expect(await page.getByTestId("vote-closed").textContent()).to.include("Voting on this proposal is not open");
  });

  /** Opens the gateway settings on the home page, lets `change` edit them, and saves them. */
  async function editGatewaySettings(change: () => Promise<void>): Promise<void> {
    await page.goto(`${fixture.pageUrl}#/`);
    await page.locator("summary").click();
    await change();
    await page.getByTestId("save-gateway").click();
  }

  const chooseGateway = (url: string): Promise<void> =>
    editGatewaySettings(() => page.getByTestId("gateway-url").fill(url));

  it("shows a payment in words", async function () {
    await openProposal(openJudgmentId);
    await page.getByText(`Pay 0.25 ETH from the treasury to ${OUTSIDER}`).waitFor();
  });

  it("marks a vote already cast", async function () {
    wallet.account = FOUNDER_A;
    await connect();
    await openProposal(voteId);
    await page.getByTestId("already-voted").waitFor();
    expect(await page.getByTestId("vote-for").count()).to.equal(0);
    expect(await page.getByTestId("sign-vote").count()).to.equal(0);
  });

  it("rejects an invalid gateway URL", async function () {
    await chooseGateway("http://[::1");
    await waitForStatus('"http://[::1" is not a URL.');
    // The settings stay open after the error, so the field is corrected in place.
    await page.getByTestId("gateway-url").fill("");
    await page.getByTestId("save-gateway").click();
    await waitForStatus("Gateway saved.");
    expect(await page.getByTestId("gateway-url").inputValue()).to.equal(new URL("ipfs-gateway", fixture.pageUrl).href);
  });

  it("treats an oversized id as unknown", async function () {
    const id = "9".repeat(90);
    await page.goto(`${fixture.pageUrl}#/judgment/${id}`);
    await page.getByText(`Proposal ${id} was not found`).waitFor();
  });

  it("skips to the content in place", async function () {
    await openProposal(voteId);
    const hash = new URL(page.url()).hash;
    await page.locator(".skip-link").focus();
    await page.keyboard.press("Enter");
    expect(new URL(page.url()).hash).to.equal(hash);
    expect(await page.evaluate("document.activeElement?.id")).to.equal("content");
  });

  it("reports an invalid chain id", async function () {
    const config = (await (await fetch(new URL("config.json", fixture.pageUrl))).json()) as Record<string, unknown>;
    await page.route("**/config.json", (route) => route.fulfill({ json: { ...config, chainId: "0x7a69" } }));
    try {
      // A reload, because a navigation that changes only the hash would not fetch config.json again.
      await page.reload();
      const error = page.locator("main p.error");
      await error.waitFor();
      expect(await error.textContent()).to.include('the field chainId is not a decimal integer: "0x7a69"');
    } finally {
      await page.unroute("**/config.json");
      await page.reload();
      await page.locator("summary").waitFor();
    }
  });

  const chooseFetchMode = (mode: "car" | "raw"): Promise<void> =>
    editGatewaySettings(() => page.getByTestId(`fetch-mode-${mode}`).check());

  it("reports an unreachable gateway", async function () {
    await chooseGateway("http://127.0.0.1:9/ipfs-gateway");
    await openProposal(voteId);
    await page.getByTestId("document-error").waitFor();
    expect(await page.getByTestId("document-error").textContent()).to.include("could not be reached");
    await chooseGateway("/ipfs-gateway");
  });

  it("times out a silent gateway", async function () {
    // A TCP server that accepts connections and never writes a byte, as a stuck gateway would.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      await chooseGateway(`http://127.0.0.1:${port}/ipfs-gateway`);
      await openProposal(voteId);
      await page.getByTestId("document-error").waitFor({ timeout: 60_000 });
      expect(await page.getByTestId("document-error").textContent()).to.include("timed out after 30 s");
      expect(await page.getByTestId("document").getAttribute("aria-busy")).to.equal("false");
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      await chooseGateway("/ipfs-gateway");
    }
  });

  it("fetches a document block by block", async function () {
    await chooseFetchMode("raw");
    fixture.gatewayRequests.length = 0;
    await openProposal(voteId);
    await page.getByTestId("document-verified").waitFor();
    expect(await page.getByTestId("document").textContent()).to.include("She runs the repair café.");
    expect(fixture.gatewayRequests.length).to.be.greaterThan(0);
    expect(fixture.gatewayRequests.every((request) => request.startsWith("raw "))).to.equal(true);
    await screenshot("10-raw-blocks");
    await chooseFetchMode("car");
  });

  it("rejects a tampered document", async function () {
    const charter = CoopCharter__factory.connect(fixture.addresses.charter, provider);
    const created = await findProposal(governor, charter, BigInt(voteId));
    const cid = created?.documentUri.slice("ipfs://".length) ?? "";
    fixture.tamperedCids.add(cid);
    try {
      for (const mode of ["car", "raw"] as const) {
        await chooseFetchMode(mode);
        await openProposal(voteId);
        await page.getByTestId("document-error").waitFor();
        const error = (await page.getByTestId("document-error").textContent()) ?? "";
        expect(error, mode).to.include("does not match its CID");
        expect(await page.getByTestId("document-verified").count(), mode).to.equal(0);
        expect(await page.getByTestId("document").textContent(), mode).to.not.include("repair café");
        await screenshot(`7-tampered-${mode}`);
      }
    } finally {
      fixture.tamperedCids.delete(cid);
      await chooseFetchMode("car");
    }
  });
});

/** Builds the page with `npm run web:build`, so the test always serves the current sources. */
function buildPage(): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "web:build"], { cwd: ROOT, stdio: "pipe" });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => resolve({ code, output }));
  });
}
