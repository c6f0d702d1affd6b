import { expect } from "chai";

import {
  CoopColleges__factory,
  CoopJudgmentGovernor__factory,
  FederationRelay__factory,
  FeeRouter__factory,
  IERC20Errors__factory,
} from "../../typechain-types";
import { describeRevert, insufficientFunds } from "../../src/cli/errors";

const judgment = CoopJudgmentGovernor__factory.createInterface();
const feeRouter = FeeRouter__factory.createInterface();
const erc20Errors = IERC20Errors__factory.createInterface();
const colleges = CoopColleges__factory.createInterface();

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("describeRevert", function () {
  it("decodes a tie of the judgment governor", function () {
    const data = judgment.encodeErrorResult("CoopJudgmentTied", [42n, [0n, 2n]]);

    expect(describeRevert({ data })).to.equal("CoopJudgmentTied(proposalId=42, options=0,2)");
  });

  it("decodes a winner below the minimum", function () {
    const data = judgment.encodeErrorResult("CoopJudgmentBelowMinimum", [42n, 1n, 1n, 2n]);

    expect(describeRevert({ error: { data } })).to.equal(
      "CoopJudgmentBelowMinimum(proposalId=42, option=1, grade=1, minimumGrade=2)",
    );
  });

  it("advises on a voter in no college", function () {
    const data = colleges.encodeErrorResult("CoopCollegesNoCollege", [ACCOUNT, 0]);

    expect(describeRevert({ data })).to.equal(
      `CoopCollegesNoCollege(voter=${ACCOUNT}, college=0): the voter is in no college of this proposal's ` +
        "configuration, so it cannot vote while college voting is on; governance assigns it with " +
        'coop:colleges --apply and a file such as {"members": {"0xMEMBER": 1}}',
    );
  });

  it("decodes an error of the ranking library", function () {
    const data = judgment.encodeErrorResult("MajorityJudgmentNoOptions", []);

    expect(describeRevert({ data })).to.equal("MajorityJudgmentNoOptions()");
  });

  it("decodes an unlisted token of the fee router", function () {
    const data = feeRouter.encodeErrorResult("FeeRouterTokenNotAccepted", [TOKEN]);

    expect(describeRevert({ data })).to.equal(`FeeRouterTokenNotAccepted(token=${TOKEN})`);
  });

  it("decodes a missing credit in the fee router", function () {
    const data = feeRouter.encodeErrorResult("FeeRouterNoCredit", [TOKEN, ACCOUNT]);

    expect(describeRevert({ error: { data } })).to.equal(`FeeRouterNoCredit(token=${TOKEN}, account=${ACCOUNT})`);
  });

  it("decodes a rejected permit", function () {
    const data = feeRouter.encodeErrorResult("FeeRouterPermitRejected", [TOKEN, 1_000_000n, 0n]);

    expect(describeRevert({ data })).to.equal(`FeeRouterPermitRejected(token=${TOKEN}, amount=1000000, allowance=0)`);
  });

  it("decodes a token's balance error", function () {
    const data = erc20Errors.encodeErrorResult("ERC20InsufficientBalance", [ACCOUNT, 5n, 10n]);

    expect(describeRevert({ data })).to.equal(`ERC20InsufficientBalance(sender=${ACCOUNT}, balance=5, needed=10)`);
  });

  it("prints amounts in the task's token units", function () {
    const units = { address: TOKEN, symbol: "tEUR", decimals: 6 };
    const data = erc20Errors.encodeErrorResult("ERC20InsufficientBalance", [ACCOUNT, 5n, 1_500_000n]);

    expect(describeRevert({ data }, units)).to.equal(
      `ERC20InsufficientBalance(sender=${ACCOUNT}, balance=0.000005 tEUR, needed=1.5 tEUR)`,
    );
  });

  it("prints a failed ETH transfer in ETH", function () {
    const units = { address: TOKEN, symbol: "tEUR", decimals: 6 };
    const data = feeRouter.encodeErrorResult("FeeRouterEtherTransferFailed", [ACCOUNT, 198n * 10n ** 15n]);

    expect(describeRevert({ data }, units)).to.equal(`FeeRouterEtherTransferFailed(to=${ACCOUNT}, amount=0.198 ETH)`);
    expect(describeRevert({ data })).to.equal(`FeeRouterEtherTransferFailed(to=${ACCOUNT}, amount=0.198 ETH)`);
  });

  it("keeps raw numbers without units", function () {
    const data = erc20Errors.encodeErrorResult("ERC20InsufficientBalance", [ACCOUNT, 5n, 10n]);

    expect(describeRevert({ data })).to.equal(`ERC20InsufficientBalance(sender=${ACCOUNT}, balance=5, needed=10)`);
  });

  it("names the state of a mirror", function () {
    const data = FederationRelay__factory.createInterface().encodeErrorResult("RelayUnexpectedState", [7n, 2]);

    expect(describeRevert({ data })).to.equal("RelayUnexpectedState(mirrorId=7, current=Cast (2))");
  });

  it("names the kind of a mirror", function () {
    const data = FederationRelay__factory.createInterface().encodeErrorResult("RelayWrongKind", [7n, 1]);

    expect(describeRevert({ data })).to.equal("RelayWrongKind(mirrorId=7, kind=Judgment (1))");
  });

  it("dates a mirror's source deadline", function () {
    const data = FederationRelay__factory.createInterface().encodeErrorResult("RelayTooLateToMirror", [
      1_800_000_000n,
      3600n,
    ]);

    expect(describeRevert({ data })).to.equal(
      "RelayTooLateToMirror(sourceDeadline=2027-01-15T08:00:00.000Z (1800000000), castWindow=3600)",
    );
  });
});

describe("insufficientFunds", function () {
  const HARDHAT_MESSAGE =
    "Sender doesn't have enough funds to send tx. The max upfront cost is: 121872767951437824 and the sender's balance is: 4096.";
  const GETH_MESSAGE = `insufficient funds for gas * price + value: address ${ACCOUNT} have 5000000000000000 want 20000000000000000`;

  it("reads Hardhat's message", function () {
    expect(insufficientFunds(new Error(HARDHAT_MESSAGE))).to.equal(
      "insufficient balance: the sending account has 0.000000000000004096 ETH, and the node requires " +
        "0.121872767951437824 ETH to accept this transaction (its value plus its gas limit at the current gas price, " +
        "more than it will likely spend). Send ETH to the account, or choose a funded account with --from. A member " +
        "without ETH can sign a vote with --sign-only for anyone to relay.",
    );
  });

  it("reads a public node's message nested in the error", function () {
    const error = { message: "could not coalesce error", error: { code: -32000, message: GETH_MESSAGE } };

    expect(insufficientFunds(error)).to.include("has 0.005 ETH, and the node requires 0.02 ETH");
  });

  it("leaves other errors alone", function () {
    expect(insufficientFunds(new Error("nonce too low"))).to.equal(undefined);
  });

  it("words describeRevert's answer", function () {
    expect(describeRevert(new Error(HARDHAT_MESSAGE))).to.match(/^insufficient balance: /);
  });
});
