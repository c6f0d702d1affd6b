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
  judgment: "0x8A791620dd6260079BF849Dc5567aDC3F2FdC318",
  feeRouter: "0x610178dA211FEF7D417bC0e6FeD39F05609AD788",
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
      'actions[0].args[0] (member: address) is "0x12": expected an address',
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

  describe("argument types", function () {
    /** Parses one call to `signature` on a contract outside the cooperative with `args`. */
    function call(signature: string, args: unknown[]): string {
      return String(parseActions([{ target: TOKEN, function: signature, args }], ADDRESSES)[0].data);
    }

    function encoded(signature: string, args: unknown[]): string {
      return new Interface([`function ${signature}`]).encodeFunctionData(
        signature.slice(0, signature.indexOf("(")),
        args,
      );
    }

    it("encodes a JSON false as false", function () {
      expect(call("setPaused(bool)", [false])).to.equal(encoded("setPaused(bool)", [false]));
    });

    it("accepts integer forms", function () {
      const expected = encoded("f(uint256,int8)", [255n, -128n]);

      expect(call("f(uint256,int8)", [255, -128])).to.equal(expected);
      expect(call("f(uint256,int8)", ["255", "-128"])).to.equal(expected);
      expect(call("f(uint256,int8)", ["0xff", -128])).to.equal(expected);
    });

    it("accepts a lowercase address", function () {
      expect(call("f(address)", [CANDIDATE.toLowerCase()])).to.equal(encoded("f(address)", [CANDIDATE]));
    });

    it("checks arrays and tuples item by item", function () {
      const signature = "f((address to,uint96 amount)[],bytes2[2])";
      const expected = encoded(signature, [[[CANDIDATE, 7n]], ["0x0102", "0x0304"]]);

      expect(call(signature, [[{ to: CANDIDATE, amount: "7" }], ["0x0102", "0x0304"]])).to.equal(expected);
      expect(call(signature, [[[CANDIDATE, 7]], ["0x0102", "0x0304"]])).to.equal(expected);
    });

    const MIXED_CASE_TYPO = CANDIDATE.slice(0, -1) + "6";

    const REJECTED: [string, string, unknown[], string][] = [
      [
        "a bool as a string",
        "f(bool paused,uint8 count)",
        ["false", 0],
        'actions[0].args[0] (paused: bool) is "false": expected a JSON boolean',
      ],
      ["a bool as a number", "f(bool)", [0], "actions[0].args[0] (bool) is 0: expected a JSON boolean"],
      [
        "a fractional integer",
        "f(uint256 amount)",
        [1.5],
        "actions[0].args[0] (amount: uint256) is 1.5: expected an integer",
      ],
      ["a negative uint", "f(uint256)", ["-1"], 'is "-1": expected an integer from 0 to'],
      ["a uint8 out of range", "f(uint8)", [256], "is 256: expected an integer from 0 to 255"],
      ["an int8 out of range", "f(int8)", ["0x80"], 'is "0x80": expected an integer from -128 to 127'],
      ["an imprecise JSON number", "f(uint256)", [2 ** 60], "write it as a string"],
      ["a decimal with a unit", "f(uint256)", ["1 ether"], 'is "1 ether": expected an integer'],
      [
        "a short address",
        "f(address to)",
        ["0x1234"],
        'actions[0].args[0] (to: address) is "0x1234": expected an address',
      ],
      ["a bad address checksum", "f(address)", [MIXED_CASE_TYPO], "fails it, which usually means a typo"],
      ["bytes without 0x", "f(bytes)", ["abcd"], 'is "abcd": expected hex as a JSON string'],
      ["bytes of odd length", "f(bytes)", ["0xabc"], "0x and an even number of hex digits"],
      [
        "bytes4 of the wrong length",
        "f(bytes4)",
        ["0x0102"],
        'is "0x0102": expected 4 bytes: 0x and exactly 8 hex digits',
      ],
      ["a number for a string", "f(string)", [5], "(string) is 5: expected a JSON string"],
      ["a fixed array of the wrong length", "f(uint8[2])", [[1]], "expected a JSON list of exactly 2 items"],
      ["a bad array item", "f(bool[] flags)", [[true, "no"]], 'actions[0].args[0][1] (bool) is "no"'],
      [
        "a tuple with an extra field",
        "f((uint8 a,bool b))",
        [{ a: 1, b: true, c: 2 }],
        "expected an object with only the fields a, b",
      ],
      ["a bad tuple field", "f((uint8 a,bool b))", [{ a: 1, b: "true" }], 'actions[0].args[0].b (b: bool) is "true"'],
    ];

    for (const [name, signature, args, message] of REJECTED) {
      it(`rejects ${name}`, function () {
        expect(() => call(signature, args))
          .to.throw(InvalidActionError)
          .with.property("message")
          .that.includes(message);
      });
    }

    it("names the action index", function () {
      const actions = [
        { target: TOKEN, data: "0x" },
        { target: TOKEN, function: "f(bool)", args: ["true"] },
      ];

      expect(() => parseActions(actions, ADDRESSES))
        .to.throw(InvalidActionError)
        .with.property("message")
        .that.includes('actions[1].args[0] (bool) is "true"');
    });
  });
});
