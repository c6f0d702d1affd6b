import { expect } from "chai";
import { Interface } from "ethers";

import { parseCid, toCidV1 } from "../../src/ipfs/cidText";
import {
  InvalidOptionsError,
  MAX_ACTIONS,
  MAX_OPTIONS,
  parseOptionsFile,
  type OptionsFile,
} from "../../src/mj/optionsFile";

const ADDRESSES = {
  membership: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  governor: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  timelock: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
  shares: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
  charter: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
  judgment: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
  feeRouter: "0x610178dA211FEF7D417bC0e6FeD39F05609AD788",
};
const CANDIDATE = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const BASE = "/tmp/proposal";
const LABEL_CID = "bafkreialza2baxkmoyq735jopoyfcewj25z4uisz2g6jh5kiyo47fwasee";

const ADMIT = { target: "membership", function: "admit", args: [CANDIDATE] };

function parse(value: unknown): OptionsFile {
  return parseOptionsFile(value, ADDRESSES, BASE);
}

function expectInvalid(value: unknown, message: string): void {
  expect(() => parse(value))
    .to.throw(InvalidOptionsError)
    .with.property("message")
    .that.includes(message);
}

describe("options file", function () {
  it("reads the three label forms", function () {
    const file = parse({
      statusQuo: true,
      options: [
        { label: "Admit Dana", actions: [ADMIT] },
        { labelFile: "eli.md" },
        { labelCid: `ipfs://${LABEL_CID}` },
      ],
    });

    expect(file.statusQuo).to.be.true;
    expect(file.options.map((option) => option.label)).to.deep.equal([
      { text: "Admit Dana" },
      { file: "/tmp/proposal/eli.md" },
      { cid: parseCid(LABEL_CID) },
    ]);
  });

  it("encodes actions as coop:propose does", function () {
    const file = parse({ options: [{ label: "A", actions: [ADMIT] }, { label: "B" }] });

    const data = new Interface(["function admit(address member)"]).encodeFunctionData("admit", [CANDIDATE]);
    expect(file.options[0].actions).to.deep.equal([{ target: ADDRESSES.membership, value: 0n, data }]);
    expect(file.options[1].actions).to.deep.equal([]);
  });

  it("treats an empty action list as none", function () {
    expect(parse({ options: [{ label: "A", actions: [] }, { label: "B" }] }).options[0].actions).to.deep.equal([]);
  });

  it("defaults statusQuo to false", function () {
    expect(parse({ options: [{ label: "A" }, { label: "B" }] }).statusQuo).to.be.false;
  });

  it("keeps an absolute label file path", function () {
    const file = parse({ options: [{ labelFile: "/srv/labels/a.md" }, { label: "B" }] });

    expect(file.options[0].label).to.deep.equal({ file: "/srv/labels/a.md" });
  });

  it("stores a CIDv0 label as CIDv1", function () {
    const cidV0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

    const file = parse({ options: [{ labelCid: cidV0 }, { label: "B" }] });

    expect(file.options[0].label).to.deep.equal({ cid: toCidV1(parseCid(cidV0)) });
  });

  describe("errors", function () {
    it("rejects a list at the top", function () {
      expectInvalid([{ label: "A" }], 'expected a JSON object such as {"statusQuo": true');
    });

    it("rejects an unknown top-level field", function () {
      expectInvalid(
        { options: [{ label: "A" }, { label: "B" }], title: "x" },
        'the file has the unknown field "title"',
      );
    });

    it("rejects a quoted statusQuo", function () {
      expectInvalid({ statusQuo: "true", options: [{ label: "A" }, { label: "B" }] }, 'statusQuo is "true"');
    });

    it("rejects missing options", function () {
      expectInvalid({ statusQuo: true }, "options is missing: expected a JSON list of options");
    });

    it("rejects a single option without status quo", function () {
      expectInvalid(
        { options: [{ label: "A" }] },
        'the proposal would have 1 option, but it needs 2 to 32: add an option, or set "statusQuo": true.',
      );
    });

    it("rejects too many options", function () {
      const options = Array.from({ length: MAX_OPTIONS }, (_, i) => ({ label: `Option ${i}` }));

      expectInvalid(
        { statusQuo: true, options },
        `the proposal would have ${MAX_OPTIONS + 1} options, counting the status quo, but it needs 2 to 32`,
      );
    });

    it("rejects an option without label", function () {
      expectInvalid({ options: [{ label: "A" }, { actions: [ADMIT] }] }, "options[1] has no label: give exactly one");
    });

    it("rejects two label fields", function () {
      expectInvalid(
        { options: [{ label: "A", labelCid: LABEL_CID }, { label: "B" }] },
        "options[0] has label and labelCid: give exactly one",
      );
    });

    it("rejects an empty label", function () {
      expectInvalid({ options: [{ label: "  " }, { label: "B" }] }, 'options[0].label is "  ": expected a non-empty');
    });

    it("rejects an invalid CID", function () {
      expectInvalid(
        { options: [{ label: "A" }, { labelCid: "ipfs://nope" }] },
        'options[1].labelCid: Invalid CID "ipfs://nope"',
      );
    });

    it("rejects an unknown option field", function () {
      expectInvalid(
        { options: [{ label: "A", title: "x" }, { label: "B" }] },
        'options[0] has the unknown field "title"',
      );
    });

    it("names the option of an invalid action", function () {
      expectInvalid(
        {
          options: [
            { label: "A" },
            { label: "B", actions: [{ target: "membership", function: "admit", args: ["0x12"] }] },
          ],
        },
        "options[1].actions[0].args[0] (member: address) is",
      );
    });

    it("names the option of an action list that is not a list", function () {
      expectInvalid(
        { options: [{ label: "A", actions: ADMIT }, { label: "B" }] },
        "options[0].actions: expected a JSON list",
      );
    });

    it("rejects two options with one label", function () {
      expectInvalid(
        { options: [{ label: "Admit Dana" }, { label: "B" }, { label: "Admit Dana " }] },
        "options[2] has the same label as options[0]",
      );
    });

    it("rejects two options with one CID", function () {
      expectInvalid(
        { options: [{ labelCid: LABEL_CID }, { labelCid: `ipfs://${LABEL_CID}` }] },
        "options[1] has the same label as options[0]",
      );
    });

    it("rejects more actions than a proposal holds", function () {
      const actions = Array.from({ length: MAX_ACTIONS / 2 + 1 }, () => ADMIT);

      expectInvalid(
        {
          options: [
            { label: "A", actions },
            { label: "B", actions },
          ],
        },
        `the options have ${MAX_ACTIONS + 2} actions in all, above the maximum of ${MAX_ACTIONS}`,
      );
    });
  });
});
