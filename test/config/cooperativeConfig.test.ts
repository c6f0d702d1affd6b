import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { ZeroAddress, parseEther } from "ethers";

import {
  CooperativeConfigError,
  loadCooperativeConfig,
  parseCooperativeConfig,
} from "../../src/config/cooperativeConfig";
import { DEFAULT_CAPITAL, DEFAULT_FEES, DEFAULT_GRADE_SCALE } from "../../src/deploy/cooperative";
import { EXAMPLES_DIR, EXAMPLE_CONFIG, minimalConfig } from "../helpers/config";
import { TEST_DOCUMENT_URI } from "../helpers/governance";

/** Returns `minimalConfig()` with `changes` merged into the top level and into `governance`. */
function withChanges(changes: Record<string, unknown>, governance: Record<string, unknown> = {}) {
  const config = minimalConfig();
  return { ...config, ...changes, governance: { ...(config.governance as object), ...governance } };
}

function parse(json: unknown) {
  return parseCooperativeConfig(json, EXAMPLES_DIR);
}

describe("cooperative config", function () {
  describe("example file", function () {
    it("loads", function () {
      const config = loadCooperativeConfig(EXAMPLE_CONFIG);

      expect(config.params.name).to.equal("Riverside Bakers Cooperative");
      expect(config.params.symbol).to.equal("BAKERS");
      expect(config.params.founders).to.have.length(3);
      expect(config.params.admissionPolicy).to.equal("application");
      expect(config.params.memberWeight).to.equal(1n);
    });

    it("reads durations as seconds", function () {
      const { settings } = loadCooperativeConfig(EXAMPLE_CONFIG).params;

      expect(settings).to.deep.equal({
        votingDelay: 60,
        votingPeriod: 3 * 86_400,
        quorumPercent: 50,
        lateQuorumExtension: 3_600,
        timelockDelay: 86_400,
      });
    });

    it("reads grade labels", function () {
      const config = loadCooperativeConfig(EXAMPLE_CONFIG);

      expect(config.params.gradeScale).to.deep.equal({ gradeCount: 6, minimumGrade: 2 });
      expect(config.gradeLabels?.[2]).to.equal("Acceptable");
    });

    it("reads nominal value in ETH", function () {
      const { capital } = loadCooperativeConfig(EXAMPLE_CONFIG).params;

      expect(capital.paymentToken).to.equal(ZeroAddress);
      expect(capital.nominalValue).to.equal(parseEther("0.05"));
      expect(capital.noticePeriod).to.equal(30 * 86_400);
    });

    it("resolves document paths", function () {
      const config = loadCooperativeConfig(EXAMPLE_CONFIG);

      expect(config.metadata).to.deep.equal({
        source: "file",
        path: path.join(EXAMPLES_DIR, "documents", "riverside-bakers.md"),
      });
      expect(config.statutes?.source).to.equal("file");
    });
  });

  describe("defaults", function () {
    it("fills optional sections", function () {
      const { params, metadata, statutes } = parse(minimalConfig());

      expect(params.memberWeight).to.equal(1n);
      expect(params.admissionPolicy).to.equal("governance");
      expect(params.settings.lateQuorumExtension).to.equal(3_600);
      expect(params.capital).to.deep.equal(DEFAULT_CAPITAL);
      expect(params.gradeScale).to.deep.equal(DEFAULT_GRADE_SCALE);
      expect(params.fees).to.deep.equal(DEFAULT_FEES);
      expect(metadata).to.equal(undefined);
      expect(statutes).to.equal(undefined);
    });

    it("caps late quorum at period", function () {
      const { params } = parse(withChanges({}, { votingPeriod: 600 }));

      expect(params.settings.lateQuorumExtension).to.equal(600);
    });
  });

  describe("values", function () {
    it("reads CID documents", function () {
      const { statutes } = parse(withChanges({ statutes: TEST_DOCUMENT_URI }));

      expect(statutes?.source).to.equal("cid");
    });

    it("reads large member weight", function () {
      const { params } = parse(withChanges({ memberWeight: "1000000000000000000000" }));

      expect(params.memberWeight).to.equal(10n ** 21n);
    });

    it("reads token nominal value", function () {
      const token = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
      const capital = {
        paymentToken: token,
        decimals: 6,
        nominalValue: "10",
        minimumShares: 2,
        noticePeriod: 0,
        floorBps: 0,
      };

      const { params, paymentTokenDecimals } = parse(withChanges({ capital }));

      expect(params.capital.nominalValue).to.equal(10_000_000n);
      expect(params.capital.paymentToken).to.equal(token);
      expect(paymentTokenDecimals).to.equal(6);
    });

    it("reads timelock recipient", function () {
      const fees = {
        serviceFeeBps: 50,
        duesBps: 0,
        serviceFeeRecipient: "timelock",
        duesRecipient: ZeroAddress.replace(/0$/, "1"),
      };

      const { params } = parse(withChanges({ fees }));

      expect(params.fees.serviceFeeRecipient).to.equal(undefined);
      expect(params.fees.duesRecipient).to.equal("0x0000000000000000000000000000000000000001");
    });
  });

  describe("errors", function () {
    const capital = { paymentToken: "ETH", nominalValue: "0.01", minimumShares: 1, noticePeriod: 0, floorBps: 0 };
    const cases: { name: string; json: unknown; field: string; message: RegExp }[] = [
      {
        name: "quorum above 100",
        json: withChanges({}, { quorumPercent: 140 }),
        field: "governance.quorumPercent",
        message: /^governance\.quorumPercent: 140 is not a whole number from 0 to 100\.$/,
      },
      {
        name: "quorum as a string",
        json: withChanges({}, { quorumPercent: "50" }),
        field: "governance.quorumPercent",
        message: /"50" is a string: write the number without quotes, 50\.$/,
      },
      {
        name: "late quorum over the period",
        json: withChanges({}, { lateQuorumExtension: "5 days" }),
        field: "governance.lateQuorumExtension",
        message: /from 0 to 86400 \(at most the voting period\)\.$/,
      },
      {
        name: "member weight beyond exact JSON numbers",
        json: withChanges({ memberWeight: 2 ** 60 }),
        field: "memberWeight",
        message: /too large for a JSON number to keep exactly: write it as a string/,
      },
      {
        name: "field missing from a present section",
        json: withChanges({ capital: { nominalValue: "0.01" } }),
        field: "capital.paymentToken",
        message: /leave the whole section out to take the default of every field/,
      },
      {
        name: "missing governance",
        json: { ...minimalConfig(), governance: undefined },
        field: "governance",
        message: /governance: is missing/,
      },
      {
        name: "unknown field",
        json: withChanges({}, { quorom: 10 }),
        field: "governance.quorom",
        message: /not a known field: the fields here are votingDelay/,
      },
      {
        name: "bad duration",
        json: withChanges({}, { votingPeriod: "3 fortnights" }),
        field: "governance.votingPeriod",
        message: /"3 fortnights" is not a duration: write whole seconds, or a number and a unit/,
      },
      {
        name: "late quorum after period",
        json: withChanges({}, { votingPeriod: 60, lateQuorumExtension: "1 hour" }),
        field: "governance.lateQuorumExtension",
        message: /"1 hour" is not a whole number of seconds from 0 to 60/,
      },
      {
        name: "checksum typo",
        json: withChanges({ founders: ["0x70997970c51812dc3A010C7d01b50e0d17dc79C8"] }),
        field: "founders[0]",
        message: /is not an address: write 0x and 40 hex digits/,
      },
      {
        name: "founder listed twice",
        json: withChanges({
          founders: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"],
        }),
        field: "founders[1]",
        message: /repeats founders\[0\]/,
      },
      {
        name: "unknown policy",
        json: withChanges({ admissionPolicy: "closed" }),
        field: "admissionPolicy",
        message: /"closed" is not an admission policy: write one of "governance", "application", "open"/,
      },
      {
        name: "zero member weight",
        json: withChanges({ memberWeight: 0 }),
        field: "memberWeight",
        message: /0 is not a whole number from 1/,
      },
      {
        name: "majority below half",
        json: withChanges({ extraordinary: { quorumPercent: 50, majority: "1/3" } }),
        field: "extraordinary.majority",
        message: /"1\/3" is not a fraction from 1\/2 to 1/,
      },
      {
        name: "minimum grade label unknown",
        json: withChanges({ gradeScale: { grades: ["Bad", "Good"], minimumGrade: "Great" } }),
        field: "gradeScale.minimumGrade",
        message: /"Great" is not one of the labels/,
      },
      {
        name: "minimum grade off scale",
        json: withChanges({ gradeScale: { grades: 4, minimumGrade: 4 } }),
        field: "gradeScale.minimumGrade",
        message: /4 is not a whole number from 0 to 3/,
      },
      {
        name: "token without decimals",
        json: withChanges({ capital: { ...capital, paymentToken: "0x90F79bf6EB2c4f870365E785982E1f101E93b906" } }),
        field: "capital.decimals",
        message: /is missing: give the decimals of the payment token/,
      },
      {
        name: "nominal value in wei",
        json: withChanges({ capital: { ...capital, nominalValue: 10000000000000000 } }),
        field: "capital.nominalValue",
        message: /is not a decimal string: write the price of one share in ETH/,
      },
      {
        name: "too many decimals",
        json: withChanges({
          capital: {
            ...capital,
            paymentToken: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
            decimals: 2,
            nominalValue: "0.001",
          },
        }),
        field: "capital.nominalValue",
        message: /has 3 digits after the point, more than the token's 2 decimals/,
      },
      {
        name: "service fee above cap",
        json: withChanges({ fees: { serviceFeeBps: 1_500, duesBps: 10 } }),
        field: "fees.serviceFeeBps",
        message: /1500 is not a whole number from 0 to 1000/,
      },
      {
        name: "missing document file",
        json: withChanges({ statutes: "documents/missing.md" }),
        field: "statutes",
        message: /"documents\/missing.md" is neither a CID nor a file/,
      },
      {
        name: "symbol with space",
        json: withChanges({ symbol: "MY COOP" }),
        field: "symbol",
        message: /"MY COOP" is not 1 to 32 letters/,
      },
    ];

    for (const { name, json, field, message } of cases) {
      it(`names field for ${name}`, function () {
        let caught: unknown;
        try {
          parse(json);
        } catch (error) {
          caught = error;
        }

        expect(caught).to.be.instanceOf(CooperativeConfigError);
        expect((caught as CooperativeConfigError).field).to.equal(field);
        expect((caught as Error).message).to.match(message);
      });
    }

    it("reports invalid JSON", function () {
      const folder = mkdtempSync(path.join(tmpdir(), "coop-config-"));
      const file = path.join(folder, "broken.json");
      writeFileSync(file, '{ "name": "Test", }');
      try {
        expect(() => loadCooperativeConfig(file)).to.throw(CooperativeConfigError, /is not valid JSON/);
      } finally {
        rmSync(folder, { recursive: true });
      }
    });

    it("reports missing file", function () {
      expect(() => loadCooperativeConfig(path.join(EXAMPLES_DIR, "missing.json"))).to.throw(
        CooperativeConfigError,
        /Cannot read config file/,
      );
    });
  });
});
