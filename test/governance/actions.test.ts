import { expect } from "chai";
import { Interface } from "ethers";

import { CoopMembership__factory } from "../../typechain-types";
import { InvalidActionError, decodeAction, formatAction, parseActions } from "../../src/governance/actions";
import type { CooperativeAddresses } from "../../src/deploy/cooperative";

/** Addresses of a cooperative. The parser only compares them, so no chain is needed. */
const ADDRESSES: CooperativeAddresses = {
  membership: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
  governor: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
  timelock: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
  shares: "0xa513E6E4b8f2a923D98304ec87F64353C4D5C853",
  charter: "0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6",
};
const CANDIDATE = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const TOKEN = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

describe("proposal actions", function () {
  it("encodes a call by contract name", function () {
    const [action] = parseActions([{ target: "membership", function: "admit", args: [CANDIDATE] }], ADDRESSES);

    expect(action.target).to.equal(ADDRESSES.membership);
    expect(action.value).to.equal(0n);
    expect(action.data).to.equal(CoopMembership__factory.createInterface().encodeFunctionData("admit", [CANDIDATE]));
  });

  it("encodes a call by signature", function () {
    const [action] = parseActions(
      [{ target: TOKEN, value: "5", function: "transfer(address,uint256)", args: [CANDIDATE, "1000"] }],
      ADDRESSES,
    );

    const expected = new Interface(["function transfer(address,uint256)"]).encodeFunctionData("transfer", [
      CANDIDATE,
      1000n,
    ]);
    expect(action.target).to.equal(TOKEN);
    expect(action.value).to.equal(5n);
    expect(action.data).to.equal(expected);
  });

  it("keeps raw calldata", function () {
    const [action] = parseActions([{ target: TOKEN, value: "1000000000000000000", data: "0x" }], ADDRESSES);

    expect(action.data).to.equal("0x");
    expect(action.value).to.equal(10n ** 18n);
  });

  it("decodes a call to the cooperative", function () {
    const [action] = parseActions([{ target: "membership", function: "admit", args: [CANDIDATE] }], ADDRESSES);

    const decoded = decodeAction(action, ADDRESSES);

    expect(decoded.contract).to.equal("membership");
    expect(decoded.function).to.equal("admit(address)");
    expect(decoded.args).to.deep.equal({ member: CANDIDATE });
    expect(formatAction(decoded)).to.equal(`membership.admit(member=${CANDIDATE})`);
  });

  it("leaves other calls encoded", function () {
    const decoded = decodeAction({ target: TOKEN, value: 3n, data: "0x1234" }, ADDRESSES);

    expect(decoded.contract).to.equal(undefined);
    expect(formatAction(decoded)).to.equal(`call ${TOKEN} with 3 wei, calldata 0x1234`);
  });

  const INVALID: [string, unknown, string][] = [
    ["an empty list", [], "expected a JSON list of at least one action"],
    ["an object", { target: "membership" }, "expected a JSON list"],
    ["an unknown target name", [{ target: "treasury", data: "0x" }], 'actions[0].target is "treasury"'],
    ["a missing target", [{ data: "0x" }], "actions[0].target is missing"],
    ["a numeric value", [{ target: TOKEN, value: 1, data: "0x" }], "actions[0].value is 1"],
    ["odd calldata", [{ target: TOKEN, data: "0x123" }], 'actions[0].data is "0x123"'],
    [
      "data with a function",
      [{ target: "membership", data: "0x", function: "admit" }],
      'actions[0] has both "data" and "function"',
    ],
    ["an unknown field", [{ target: TOKEN, data: "0x", gas: "1" }], 'actions[0] has the unknown field "gas"'],
    ["a bare name elsewhere", [{ target: TOKEN, function: "transfer" }], "expected a full signature"],
    ["an unknown function", [{ target: "membership", function: "mint" }], 'actions[0].function is "mint"'],
    ["an overloaded name", [{ target: "governor", function: "quorumNumerator" }], "expected a full signature"],
    ["too few arguments", [{ target: "membership", function: "admit" }], "expected 1 argument for admit(address)"],
    [
      "a bad argument",
      [{ target: "membership", function: "admit", args: ["0x12"] }],
      "actions[0].args do not fit admit(address)",
    ],
    [
      "an invalid signature",
      [{ target: TOKEN, function: "transfer(adress,uint256)", args: [] }],
      "not a valid Solidity signature",
    ],
  ];

  for (const [name, actions, message] of INVALID) {
    it(`rejects ${name}`, function () {
      expect(() => parseActions(actions, ADDRESSES))
        .to.throw(InvalidActionError)
        .with.property("message")
        .that.includes(message);
    });
  }
});
