import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, Wallet, ZeroAddress, getAddress, parseEther, parseUnits, type Signer } from "ethers";

import {
  BlocklistTokenMock__factory,
  CoopGovernor__factory,
  EtherReceiverMock__factory,
  PermitTokenMock__factory,
  TokenMock__factory,
  type BlocklistTokenMock,
  type EtherReceiverMock,
  type PermitTokenMock,
  type TokenMock,
} from "../../typechain-types";
import { advanceTo } from "../../src/chain/time";
import { cidToText } from "../../src/ipfs/cidText";
import { cidV1Sha256 } from "../helpers/cid";
import { ROOT, jsonOutput, runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

/** Test accounts of `hardhat node`: two founders, a customer, a seller and a dues treasurer who are not members. */
const FOUNDER_A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const FOUNDER_B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const CUSTOMER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const SELLER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const DUES_TREASURER = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
/** A seller whom the blocklist token blocks, and the fresh address where they withdraw their credit. */
const BLOCKED_SELLER = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
const FRESH_ADDRESS = "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f";
/** Index of the node account that deploys the test tokens, so that the cooperative's deployer sends nothing else. */
const MOCK_DEPLOYER_INDEX = 19;

/** An address with no code on the test chain. */
const NO_CODE = Wallet.createRandom().address;

const SYMBOL = "MARKET";

/** Binary CID of an order document. */
const ORDER_CID = cidV1Sha256("Order 42: two loaves of bread");

/** Output of `pay:send --json`. Amounts are in the token's smallest unit. */
interface PaymentOutput {
  transaction: string;
  approval: string | null;
  payer: string;
  payee: string;
  payeeIsMember: boolean;
  token: { address: string; symbol: string; decimals: number };
  amount: string;
  serviceFee: string;
  dues: string;
  net: string;
  credited: boolean;
  orderCid: string | null;
  orderCidText: string | null;
}

/** Output of `pay:fees --json`. */
interface FeesOutput {
  serviceFeeBps: string;
  duesBps: string;
  serviceFeeRecipient: string;
  duesRecipient: string;
  timelock: string;
  tokens: {
    token: { address: string; symbol: string };
    accepted: boolean;
    serviceFees: string;
    dues: string;
    credited: string;
    excess: string | null;
    note: string | null;
  }[];
}

/** Output of `pay:release --json`. */
interface ReleaseOutput {
  releases: { pot: string; recipient: string; amount: string; credited: boolean }[];
}

/** Output of `pay:credit --json`. */
interface CreditOutput {
  account: string;
  credits: { token: { address: string }; amount: string }[];
  pushed: { token: { address: string }; amount: string; transaction: string }[];
  failed: { token: { address: string }; error: string }[];
}

function expectSuccess(result: RunResult): void {
  expect(result.code, result.output).to.equal(0);
}

function expectFailure(result: RunResult, message: string): void {
  expect(result.code, result.output).to.not.equal(0);
  expect(result.output).to.include(message);
}

/** Checks that a payment's fees and net add up to its amount. */
function expectSplit(payment: PaymentOutput, serviceFee: bigint, dues: bigint): void {
  expect(BigInt(payment.serviceFee)).to.equal(serviceFee);
  expect(BigInt(payment.dues)).to.equal(dues);
  expect(BigInt(payment.serviceFee) + BigInt(payment.dues) + BigInt(payment.net)).to.equal(BigInt(payment.amount));
}

describe("e2e: payment tasks", function () {
  this.timeout(600_000);

  let node: LocalNode;
  let provider: JsonRpcProvider;
  let directory: string;
  let deployOutput: string;
  let euro: TokenMock;
  let permitEuro: PermitTokenMock;
  let blockDollar: BlocklistTokenMock;
  let unlisted: TokenMock;
  let receiver: EtherReceiverMock;
  let timelock: string;
  let feeRouter: string;

  /** Runs a task on the test node. */
  function task(...args: string[]): Promise<RunResult> {
    return runHardhat([...args, "--network", "localhost"], {
      LOCALHOST_RPC_URL: node.url,
      IPFS_STORE_DIR: path.join(directory, "ipfs"),
    });
  }

  async function recordedAddress(part: string): Promise<string> {
    const record = path.join(ROOT, "deployments", "localhost", `${SYMBOL}-${part}.json`);
    return (JSON.parse(await readFile(record, "utf8")) as { address: string }).address;
  }

  async function pay(...args: string[]): Promise<PaymentOutput> {
    return jsonOutput<PaymentOutput>(await task("pay:send", ...args, "--json"));
  }

  async function fees(): Promise<FeesOutput> {
    return jsonOutput<FeesOutput>(await task("pay:fees", "--json"));
  }

  async function deployMocks(deployer: Signer): Promise<void> {
    euro = await new TokenMock__factory(deployer).deploy();
    permitEuro = await new PermitTokenMock__factory(deployer).deploy();
    blockDollar = await new BlocklistTokenMock__factory(deployer).deploy();
    unlisted = await new TokenMock__factory(deployer).deploy();
    receiver = await new EtherReceiverMock__factory(deployer).deploy();
    for (const contract of [euro, permitEuro, blockDollar, unlisted, receiver]) await contract.waitForDeployment();
    await (await euro.mint(CUSTOMER, parseUnits("1000", 6))).wait();
    await (await permitEuro.mint(CUSTOMER, parseUnits("1000", 6))).wait();
    await (await blockDollar.mint(CUSTOMER, parseEther("1000"))).wait();
    await (await unlisted.mint(CUSTOMER, parseUnits("1000", 6))).wait();
  }

  before(async function () {
    node = await startNode();
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    directory = await mkdtemp(path.join(tmpdir(), "coop-payments-"));
    await deployMocks(await provider.getSigner(MOCK_DEPLOYER_INDEX));

    const deployed = await task(
      "coop:deploy",
      "--name",
      "Market Coop",
      "--symbol",
      SYMBOL,
      "--founders",
      `${FOUNDER_A},${FOUNDER_B}`,
      "--voting-period",
      "3600",
      "--timelock-delay",
      "600",
      "--fee-tokens",
      `${await euro.getAddress()},${await blockDollar.getAddress()}`,
      "--dues-recipient",
      DUES_TREASURER,
    );
    expectSuccess(deployed);
    deployOutput = deployed.output;
    timelock = await recordedAddress("timelock");
    feeRouter = await recordedAddress("feeRouter");
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
  });

  describe("coop:deploy", function () {
    it("reports the fee router's settings", async function () {
      expect(deployOutput).to.match(/feeRouter {2}0x[0-9a-fA-F]{40}/);
      expect(deployOutput).to.include(
        `Fee router: 1% service fee to the timelock, 0.1% dues on payments to members to ${DUES_TREASURER}; ` +
          `accepts ETH and ${await euro.getAddress()}, ${await blockDollar.getAddress()}.`,
      );
    });

    it("rejects a fee above its cap", async function () {
      const result = await task(
        "coop:deploy",
        "--name",
        "Greedy",
        "--symbol",
        "GREEDY",
        "--founders",
        FOUNDER_A,
        "--service-fee-bps",
        "1001",
      );

      expectFailure(result, "Invalid --service-fee-bps 1001: expected a whole number from 0 to 1000.");
    });

    it("rejects a fee token without code", async function () {
      const result = await task(
        "coop:deploy",
        "--name",
        "Empty",
        "--symbol",
        "EMPTY",
        "--founders",
        FOUNDER_A,
        "--fee-tokens",
        NO_CODE,
      );

      expectFailure(result, `Invalid --fee-tokens entry ${NO_CODE}: no contract at that address on localhost.`);
    });
  });

  describe("pay:test-token", function () {
    it("deploys a token and mints to accounts", async function () {
      const result = jsonOutput<{ token: { address: string; symbol: string; decimals: number }; mints: unknown[] }>(
        await task("pay:test-token", "--to", `${SELLER},${DUES_TREASURER}`, "--amount", "250.5", "--json"),
      );

      expect(result.token.symbol).to.equal("tEUR");
      expect(result.token.decimals).to.equal(6);
      expect(result.mints).to.have.length(2);
      const token = TokenMock__factory.connect(result.token.address, provider);
      expect(await token.balanceOf(SELLER)).to.equal(250_500_000n);
      expect(await token.balanceOf(DUES_TREASURER)).to.equal(250_500_000n);
    });

    it("deploys a permit token to the first accounts", async function () {
      const result = await task("pay:test-token", "--permit");

      expectSuccess(result);
      const match = /^Deployed the test token pEUR \(6 decimals, EIP-2612 permits\) at (0x[0-9a-fA-F]{40})$/m.exec(
        result.output,
      );
      expect(match, result.output).to.not.be.null;
      expect(result.output).to.include(
        `Minted 1000.0 pEUR to each of 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, ${FOUNDER_A}`,
      );
      const token = PermitTokenMock__factory.connect(match?.[1] ?? ZeroAddress, provider);
      expect(await token.balanceOf(FOUNDER_A)).to.equal(1_000_000_000n);
    });

    it("rejects a malformed recipient", async function () {
      const result = await task("pay:test-token", "--to", "0x123");

      expectFailure(result, 'Invalid --to "0x123": "0x123" is not an address');
    });
  });

  describe("pay:send", function () {
    it("pays ETH to a member", async function () {
      const before = await provider.getBalance(FOUNDER_B);

      const result = await task("pay:send", "--to", FOUNDER_B, "--amount", "1", "--from", CUSTOMER);

      expectSuccess(result);
      expect(result.output).to.include(
        `Quote for 1.0 ETH to ${FOUNDER_B} (a member): service fee 0.01 ETH, dues 0.001 ETH, payee gets 0.989 ETH.`,
      );
      const figure = (label: string): bigint => {
        const match = new RegExp(`^ {2}${label} +([0-9.]+) ETH`, "m").exec(result.output);
        expect(match, `${label} line in:\n${result.output}`).to.not.be.null;
        return parseEther(match?.[1] ?? "0");
      };
      const paid = /^Paid ([0-9.]+) ETH from (0x\w+) to (0x\w+) \(a member\)/m.exec(result.output);
      expect(paid, result.output).to.not.be.null;
      expect(paid?.[2]).to.equal(CUSTOMER);
      expect(paid?.[3]).to.equal(FOUNDER_B);
      expect(figure("service fee")).to.equal(parseEther("0.01"));
      expect(figure("dues")).to.equal(parseEther("0.001"));
      expect(figure("net")).to.equal(parseEther("0.989"));
      expect(figure("service fee") + figure("dues") + figure("net")).to.equal(parseEther(paid?.[1] ?? "0"));
      expect(result.output).to.include("0.989 ETH, delivered to the payee");
      expect((await provider.getBalance(FOUNDER_B)) - before).to.equal(parseEther("0.989"));
    });

    it("pays ETH to a non-member", async function () {
      const payment = await pay("--to", SELLER, "--amount", "0.5", "--from", CUSTOMER);

      expect(payment.payer).to.equal(CUSTOMER);
      expect(payment.payeeIsMember).to.be.false;
      expect(payment.token.symbol).to.equal("ETH");
      expect(payment.amount).to.equal(parseEther("0.5").toString());
      expectSplit(payment, parseEther("0.005"), 0n);
      expect(payment.credited).to.be.false;
      expect(payment.orderCid).to.be.null;
    });

    it("pays a listed token with an order", async function () {
      const token = await euro.getAddress();

      const payment = await pay(
        "--to",
        FOUNDER_A,
        "--amount",
        "12.345678",
        "--token",
        token,
        "--order",
        cidToText(ORDER_CID),
        "--from",
        CUSTOMER,
      );

      expect(payment.token).to.deep.equal({ address: token, symbol: "tEUR", decimals: 6 });
      expect(payment.amount).to.equal("12345678");
      // 1% and 0.1% of 12,345,678 units, rounded down.
      expectSplit(payment, 123_456n, 12_345n);
      expect(payment.net).to.equal("12209877");
      expect(payment.orderCid).to.equal(ORDER_CID);
      expect(payment.orderCidText).to.equal(cidToText(ORDER_CID));
      expect(payment.approval).to.match(/^0x[0-9a-f]{64}$/);
      expect(await euro.balanceOf(FOUNDER_A)).to.equal(12_209_877n);
      expect(await euro.allowance(CUSTOMER, feeRouter)).to.equal(0n);
    });

    it("rounds the fees of a tiny payment down", async function () {
      const result = await task(
        "pay:send",
        "--to",
        FOUNDER_A,
        "--amount",
        "0.000099",
        "--token",
        await euro.getAddress(),
        "--from",
        CUSTOMER,
      );

      expectSuccess(result);
      expect(result.output).to.include("service fee  0.0 tEUR (1%)");
      expect(result.output).to.include("dues         0.0 tEUR (0.1%)");
      expect(result.output).to.include("net          0.000099 tEUR, delivered to the payee");
      expect(result.output).to.include("Fees round down to the token's smallest unit");
    });

    it("credits a payee that rejects ETH", async function () {
      const payee = await receiver.getAddress();
      await (await receiver.setMode(1)).wait();

      const payment = await pay("--to", payee, "--amount", "0.2", "--from", CUSTOMER);

      expectSplit(payment, parseEther("0.002"), 0n);
      expect(payment.credited).to.be.true;
      expect(await provider.getBalance(payee)).to.equal(0n);
      const credit = jsonOutput<CreditOutput>(await task("pay:credit", "--account", payee, "--json"));
      expect(credit.credits).to.deep.equal([
        { token: { address: ZeroAddress, symbol: "ETH", decimals: 18 }, amount: parseEther("0.198").toString() },
      ]);
    });

    it("pushes each credit once the payee accepts", async function () {
      const payee = await receiver.getAddress();
      const busd = await blockDollar.getAddress();
      const stillRejected = await task("pay:credit", "--account", payee, "--push", "--from", SELLER);
      expectFailure(stillRejected, "would fail, so it was not sent");
      expect(stillRejected.output).to.include(`FeeRouterEtherTransferFailed(to=${payee}, amount=0.198 ETH)`);
      expect(stillRejected.output).to.include(
        `If ${payee} rejects ETH, it can withdraw its credit to another address by calling ` +
          `withdrawCredit(${ZeroAddress}, <another address>) on the fee router itself.`,
      );
      await (await blockDollar.setBlocked(payee, true)).wait();
      expect((await pay("--to", payee, "--amount", "10", "--token", busd, "--from", CUSTOMER)).credited).to.be.true;
      await (await receiver.setMode(0)).wait();

      const partial = await task("pay:credit", "--account", payee, "--push", "--from", SELLER);

      expectFailure(partial, "The push of 1 of 2 credits failed, in BUSD. The credits in ETH were sent.");
      expect(partial.output).to.match(
        new RegExp(`^Sent 0\\.198 ETH to ${payee} in transaction 0x[0-9a-f]{64}\\.$`, "m"),
      );
      expect(partial.output).to.include("Push of the BUSD credit would fail, so it was not sent");
      expect(partial.output).to.include(`If ${payee} is blocked by BUSD`);
      expect(partial.output).to.include(`withdrawCredit(${busd}, <another address>) on the fee router itself.`);
      expect(await receiver.received()).to.equal(parseEther("0.198"));
      await (await blockDollar.setBlocked(payee, false)).wait();

      const pushed = jsonOutput<CreditOutput>(
        await task("pay:credit", "--account", payee, "--push", "--from", SELLER, "--json"),
      );

      expect(pushed.pushed).to.have.length(1);
      expect(pushed.pushed[0].token.address).to.equal(busd);
      expect(pushed.pushed[0].amount).to.equal(parseEther("9.9").toString());
      expect(pushed.failed).to.deep.equal([]);
      const after = await task("pay:credit", "--account", payee);
      expectSuccess(after);
      expect(after.output).to.include(`${payee} has no credit in the fee router.`);
    });

    it("credits a blocked payee who withdraws elsewhere", async function () {
      const token = await blockDollar.getAddress();
      await (await blockDollar.setBlocked(BLOCKED_SELLER, true)).wait();

      const payment = await pay("--to", BLOCKED_SELLER, "--amount", "10", "--token", token, "--from", CUSTOMER);

      expect(payment.credited).to.be.true;
      expectSplit(payment, parseEther("0.1"), 0n);
      const toRouter = await task("pay:withdraw", "--token", token, "--to", feeRouter, "--from", BLOCKED_SELLER);
      expectFailure(toRouter, `Invalid --to ${feeRouter}: that is the fee router itself.`);
      const result = await task("pay:withdraw", "--token", token, "--to", FRESH_ADDRESS, "--from", BLOCKED_SELLER);
      expectSuccess(result);
      expect(result.output).to.include(
        `Withdrew 9.9 BUSD of credit of ${BLOCKED_SELLER} to ${FRESH_ADDRESS} in transaction 0x`,
      );
      expect(await blockDollar.balanceOf(FRESH_ADDRESS)).to.equal(parseEther("9.9"));
      const again = await task("pay:withdraw", "--token", token, "--from", BLOCKED_SELLER);
      expectFailure(again, `${BLOCKED_SELLER} has no BUSD credit in the fee router, so there is nothing to withdraw.`);
    });

    it("reports an approval left by a failed payment", async function () {
      const token = await blockDollar.getAddress();
      await (await blockDollar.setBlocked(CUSTOMER, true)).wait();

      const failed = await task("pay:send", "--to", SELLER, "--amount", "2", "--token", token, "--from", CUSTOMER);

      expectFailure(failed, "Payment would fail, so it was not sent");
      expect(failed.output).to.match(
        /^Approved the fee router to take 2\.0 BUSD from 0x\w+ in transaction 0x[0-9a-f]{64}\.$/m,
      );
      expect(failed.output).to.include("The approval was sent in transaction 0x");
      expect(failed.output).to.include(`revoke it by calling approve(${feeRouter}, 0) on the token ${token}`);
      expect(await blockDollar.allowance(CUSTOMER, feeRouter)).to.equal(parseEther("2"));
      await (await blockDollar.setBlocked(CUSTOMER, false)).wait();

      const reused = await pay("--to", SELLER, "--amount", "2", "--token", token, "--from", CUSTOMER);

      expect(reused.approval).to.be.null;
      expect(await blockDollar.allowance(CUSTOMER, feeRouter)).to.equal(0n);
    });
  });

  describe("a token listed by proposal", function () {
    before(async function () {
      const actions = path.join(directory, "list-permit-euro.json");

      await writeFile(
        actions,
        JSON.stringify([
          { target: "feeRouter", function: "setTokenAccepted", args: [await permitEuro.getAddress(), true] },
        ]),
      );
      const created = jsonOutput<{ proposalId: string; class: string }>(
        await task(
          "coop:propose",
          "--title",
          "Accept the permit euro",
          "--text",
          "Customers pay in pEUR.",
          "--actions",
          actions,
          "--from",
          FOUNDER_A,
          "--json",
        ),
      );
      expect(created.class).to.equal("ordinary");

      const id = created.proposalId;
      const governor = CoopGovernor__factory.connect(await recordedAddress("governor"), provider);
      await advanceTo(provider, (await governor.proposalSnapshot(id)) + 1n);
      for (const founder of [FOUNDER_A, FOUNDER_B]) {
        expectSuccess(await task("coop:vote", "--id", id, "--support", "for", "--from", founder));
      }

      await advanceTo(provider, (await governor.proposalDeadline(id)) + 1n);
      expectSuccess(await task("coop:queue", "--id", id));
      await advanceTo(provider, await governor.proposalEta(id));
      expectSuccess(await task("coop:execute", "--id", id));
    });

    it("shows the token as accepted", async function () {
      const token = await permitEuro.getAddress();

      const listed = (await fees()).tokens.find((entry) => entry.token.address === token);

      expect(listed?.accepted).to.be.true;
      expect(listed?.token.symbol).to.equal("pEUR");
    });

    it("pays with a permit in one transaction", async function () {
      const token = await permitEuro.getAddress();
      const nonce = await provider.getTransactionCount(CUSTOMER);

      const payment = await pay("--to", SELLER, "--amount", "100", "--token", token, "--permit", "--from", CUSTOMER);

      expectSplit(payment, 1_000_000n, 0n);
      expect(payment.net).to.equal("99000000");
      expect(await provider.getTransactionCount(CUSTOMER)).to.equal(nonce + 1);
      expect(await permitEuro.nonces(CUSTOMER)).to.equal(1n);
      expect(await permitEuro.allowance(CUSTOMER, feeRouter)).to.equal(0n);
      expect(await permitEuro.balanceOf(SELLER)).to.equal(99_000_000n);
    });

    it("rejects a permit for a plain token", async function () {
      const token = await euro.getAddress();

      const result = await task(
        "pay:send",
        "--to",
        SELLER,
        "--amount",
        "1",
        "--token",
        token,
        "--permit",
        "--from",
        CUSTOMER,
      );

      expectFailure(result, `Invalid --permit: token ${token} has no DOMAIN_SEPARATOR() or nonces(address)`);
    });
  });

  describe("pay:fees and pay:release", function () {
    it("shows rates, recipients and accrued fees", async function () {
      const settings = await fees();

      expect(settings.serviceFeeBps).to.equal("100");
      expect(settings.duesBps).to.equal("10");
      expect(settings.serviceFeeRecipient).to.equal(timelock);
      expect(settings.timelock).to.equal(timelock);
      expect(settings.duesRecipient).to.equal(DUES_TREASURER);
      const addresses = settings.tokens.map((entry) => entry.token.address);
      expect(addresses).to.deep.equal([
        ZeroAddress,
        await euro.getAddress(),
        await blockDollar.getAddress(),
        await permitEuro.getAddress(),
      ]);
      const ether = settings.tokens[0];
      // 1% of 1, 0.5 and 0.2 ETH; 0.1% of the 1 ETH paid to a member.
      expect(ether.serviceFees).to.equal(parseEther("0.017").toString());
      expect(ether.dues).to.equal(parseEther("0.001").toString());
      expect(ether.credited).to.equal("0");
      expect(ether.excess).to.equal("0");
      expect(settings.tokens[1].serviceFees).to.equal("123456");
      expect(settings.tokens[1].dues).to.equal("12345");
    });

    it("prints fees as text", async function () {
      const result = await task("pay:fees");

      expectSuccess(result);
      expect(result.output).to.include(`Fee router ${feeRouter} of ${SYMBOL}`);
      expect(result.output).to.include(
        `Service fee: 1% of each payment (cap 10%), released to the timelock ${timelock}`,
      );
      expect(result.output).to.include(
        `Dues: 0.1% of each payment to a member (cap 5%), released to ${DUES_TREASURER}`,
      );
      expect(result.output).to.include("accrued service fees 0.017 ETH, dues 0.001 ETH");
    });

    it("releases ETH fees to their recipients", async function () {
      const timelockBefore = await provider.getBalance(timelock);
      const treasurerBefore = await provider.getBalance(DUES_TREASURER);

      const released = jsonOutput<ReleaseOutput>(await task("pay:release", "--token", "ETH", "--json"));

      expect(released.releases).to.deep.equal([
        { token: ZeroAddress, pot: "serviceFees", recipient: timelock, amount: "17000000000000000", credited: false },
        { token: ZeroAddress, pot: "dues", recipient: DUES_TREASURER, amount: "1000000000000000", credited: false },
      ]);
      expect((await provider.getBalance(timelock)) - timelockBefore).to.equal(parseEther("0.017"));
      expect((await provider.getBalance(DUES_TREASURER)) - treasurerBefore).to.equal(parseEther("0.001"));
      const ether = (await fees()).tokens[0];
      expect(ether.serviceFees).to.equal("0");
      expect(ether.dues).to.equal("0");
    });

    it("prints a token fee release", async function () {
      const result = await task("pay:release", "--token", await euro.getAddress());

      expectSuccess(result);
      expect(result.output).to.include(`service fees 0.123456 tEUR sent to the timelock ${timelock}`);
      expect(result.output).to.include(`dues 0.012345 tEUR sent to ${DUES_TREASURER}`);
    });

    it("rejects a release with nothing accrued", async function () {
      const result = await task("pay:release");

      expectFailure(result, "No ETH fees have accrued since the last release, so there is nothing to release.");
    });
  });

  describe("errors", function () {
    it("notes a token that is not ERC-20", async function () {
      const contract = await receiver.getAddress();

      const shown = jsonOutput<FeesOutput>(await task("pay:fees", "--tokens", `${contract},ETH`, "--json"));
      const text = await task("pay:fees", "--tokens", `${contract},ETH`);

      expect(shown.tokens).to.have.length(2);
      expect(shown.tokens[0].note).to.equal("not an ERC-20 token: balanceOf or allowance failed");
      expect(shown.tokens[0].excess).to.be.null;
      expect(shown.tokens[1].note).to.be.null;
      expectSuccess(text);
      expect(text.output).to.include(
        `units of ${contract} ${contract}: not accepted, not an ERC-20 token: balanceOf or allowance failed`,
      );
      expect(text.output).to.include("ETH: accepted");
    });

    it("rejects a token that is not ERC-20", async function () {
      const contract = await receiver.getAddress();
      const message = `Invalid --token ${contract}: not an ERC-20 token: balanceOf or allowance failed.`;

      const sent = await task("pay:send", "--to", SELLER, "--amount", "1", "--token", contract, "--from", CUSTOMER);
      const credit = await task("pay:credit", "--account", SELLER, "--token", contract);

      expectFailure(sent, message);
      expect(sent.output).to.not.include("does not accept");
      expectFailure(credit, message);
    });

    it("rejects an unlisted token", async function () {
      const token = await unlisted.getAddress();

      const result = await task("pay:send", "--to", SELLER, "--amount", "1", "--token", token, "--from", CUSTOMER);

      expectFailure(result, `The fee router of ${SYMBOL} does not accept tEUR (${token}).`);
      expect(result.output).to.include(`feeRouter.setTokenAccepted(${token}, true)`);
    });

    it("rejects payees that cannot withdraw", async function () {
      const euroAddress = await euro.getAddress();
      const membership = await recordedAddress("membership");
      const slot = await provider.getStorage(
        feeRouter,
        "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc",
      );
      const routerImplementation = getAddress(`0x${slot.slice(-40)}`);
      const cases: [string[], string][] = [
        [["--to", CUSTOMER, "--amount", "1"], `Invalid --to ${CUSTOMER}: that is the paying account itself`],
        [
          ["--to", membership, "--amount", "1"],
          `Invalid --to ${membership}: that is the cooperative's membership register`,
        ],
        [
          ["--to", routerImplementation, "--amount", "1"],
          `Invalid --to ${routerImplementation}: that is the cooperative's fee router implementation`,
        ],
        [
          ["--to", euroAddress, "--amount", "1", "--token", euroAddress],
          `Invalid --to ${euroAddress}: that is the token contract itself`,
        ],
      ];

      for (const [args, message] of cases) {
        expectFailure(await task("pay:send", ...args, "--from", CUSTOMER), message);
      }
    });

    it("notes the timelock and warns of contracts", async function () {
      const toTimelock = await task("pay:send", "--to", timelock, "--amount", "0.01", "--from", CUSTOMER);
      const toContract = await task(
        "pay:send",
        "--to",
        await receiver.getAddress(),
        "--amount",
        "0.01",
        "--from",
        CUSTOMER,
      );

      expectSuccess(toTimelock);
      expect(toTimelock.output).to.include(`Note: ${timelock} is the cooperative's timelock, so this pays`);
      expect(toTimelock.output).to.include("service fee  0.0001 ETH");
      expectSuccess(toContract);
      expect(toContract.output).to.include(`Warning: ${await receiver.getAddress()} is a contract.`);
    });

    it("rejects invalid payments", async function () {
      const euroAddress = await euro.getAddress();
      const cases: [string[], string][] = [
        [["--to", SELLER, "--amount", "0"], 'Invalid --amount "0": a payment must be above 0 ETH.'],
        [["--to", "0x123", "--amount", "1"], 'Invalid --to "0x123": expected an address, 0x and 40 hex digits.'],
        [["--to", ZeroAddress, "--amount", "1"], "Invalid --to: the zero address has no owner."],
        [["--to", feeRouter, "--amount", "1"], `Invalid --to ${feeRouter}: that is the fee router itself`],
        [["--to", SELLER, "--amount", "1,5"], 'Invalid --amount "1,5": expected an amount of ETH'],
        [
          ["--to", SELLER, "--amount", "1.0000001", "--token", euroAddress],
          'Invalid --amount "1.0000001": tEUR has 6 decimals, no more',
        ],
        [["--to", SELLER, "--amount", "1", "--token", "DAI"], 'Invalid --token "DAI": expected an ERC-20 token'],
        [["--to", SELLER, "--amount", "1", "--token", NO_CODE], `Invalid --token ${NO_CODE}: no contract at that`],
        [["--to", SELLER, "--amount", "1", "--permit"], "Invalid --permit: permits exist for ERC-20 tokens only"],
        [["--to", SELLER, "--amount", "1", "--order", "0x0155"], 'Invalid --order "0x0155"'],
        [
          ["--to", SELLER, "--amount", "5000", "--token", euroAddress],
          `${CUSTOMER} holds 987.654223 tEUR, less than the 5000.0 tEUR to pay.`,
        ],
      ];

      for (const [args, message] of cases) {
        expectFailure(await task("pay:send", ...args, "--from", CUSTOMER), message);
      }
    });
  });
});
