import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";

import { parseCooperativeConfig } from "../../src/config/cooperativeConfig";
import { EXAMPLES_DIR, EXAMPLE_CONFIG, minimalConfig } from "../helpers/config";
import { TEST_DOCUMENT_URI } from "../helpers/governance";
import { isValidAgainstSchema } from "../helpers/jsonSchema";

type JsonObject = { [key: string]: unknown };

const SCHEMA_FILE = path.join(__dirname, "..", "..", "src", "config", "cooperative.schema.json");
const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as { [keyword: string]: never };

const TOKEN = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const ETH_CAPITAL = {
  paymentToken: "ETH",
  nominalValue: "0.01",
  minimumShares: 1,
  noticePeriod: "30 days",
  floorBps: 5000,
};

/** Returns `minimalConfig()` with `changes` merged into the top level and into `governance`. */
function config(changes: JsonObject = {}, governance: JsonObject = {}): JsonObject {
  const base = minimalConfig();
  return { ...base, ...changes, governance: { ...(base.governance as JsonObject), ...governance } };
}

function readerAccepts(json: unknown): boolean {
  try {
    parseCooperativeConfig(json, EXAMPLES_DIR);
    return true;
  } catch {
    return false;
  }
}

/** Collects every property schema under `node`, with its path, to check their descriptions. */
function propertySchemas(node: unknown, at: string, found: [string, JsonObject][] = []): [string, JsonObject][] {
  if (typeof node !== "object" || node === null) return found;
  const record = node as JsonObject;
  for (const [key, child] of Object.entries((record.properties as JsonObject | undefined) ?? {})) {
    found.push([`${at}${key}`, child as JsonObject]);
    propertySchemas(child, `${at}${key}.`, found);
  }
  return found;
}

describe("cooperative config schema", function () {
  it("declares draft 2020-12", function () {
    expect(schema.$schema).to.equal("https://json-schema.org/draft/2020-12/schema");
  });

  it("describes every field", function () {
    const fields = propertySchemas(schema, "");

    expect(fields.length).to.be.greaterThan(30);
    for (const [field, property] of fields) {
      expect(property.description, field).to.be.a("string").and.not.equal("");
    }
  });

  it("accepts example file", function () {
    const example = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8")) as unknown;

    expect(isValidAgainstSchema(schema, example)).to.equal(true);
  });

  describe("agrees with the reader", function () {
    const examples: { name: string; json: JsonObject; valid: boolean }[] = [
      { name: "minimal config", json: config(), valid: true },
      { name: "all sections", json: JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8")) as JsonObject, valid: true },
      { name: "CID statutes", json: config({ statutes: TEST_DOCUMENT_URI }), valid: true },
      { name: "weight as string", json: config({ memberWeight: "1000000" }), valid: true },
      { name: "open policy", json: config({ admissionPolicy: "open" }), valid: true },
      { name: "seconds as numbers", json: config({}, { votingPeriod: 86_400, lateQuorumExtension: 0 }), valid: true },
      { name: "grade count", json: config({ gradeScale: { grades: 7, minimumGrade: 3 } }), valid: true },
      {
        name: "token capital",
        json: config({ capital: { ...ETH_CAPITAL, paymentToken: TOKEN, decimals: 6, nominalValue: "10" } }),
        valid: true,
      },
      {
        name: "fee recipients",
        json: config({ fees: { serviceFeeBps: 0, duesBps: 500, serviceFeeRecipient: TOKEN, tokens: [TOKEN] } }),
        valid: true,
      },
      { name: "missing name", json: { ...config(), name: undefined }, valid: false },
      { name: "empty founders", json: config({ founders: [] }), valid: false },
      { name: "short address", json: config({ founders: ["0x1234"] }), valid: false },
      { name: "unknown top field", json: config({ owner: TOKEN }), valid: false },
      { name: "unknown governance field", json: config({}, { quorom: 10 }), valid: false },
      { name: "quorum 140", json: config({}, { quorumPercent: 140 }), valid: false },
      { name: "fractional quorum", json: config({}, { quorumPercent: 12.5 }), valid: false },
      { name: "duration typo", json: config({}, { votingPeriod: "3 dayz" }), valid: false },
      { name: "negative delay", json: config({}, { votingDelay: -1 }), valid: false },
      { name: "closed policy", json: config({ admissionPolicy: "closed" }), valid: false },
      { name: "zero weight", json: config({ memberWeight: 0 }), valid: false },
      {
        name: "majority as number",
        json: config({ extraordinary: { quorumPercent: 50, majority: 0.66 } }),
        valid: false,
      },
      { name: "one grade", json: config({ gradeScale: { grades: ["Only"], minimumGrade: 0 } }), valid: false },
      {
        name: "token without decimals",
        json: config({ capital: { ...ETH_CAPITAL, paymentToken: TOKEN } }),
        valid: false,
      },
      { name: "nominal value number", json: config({ capital: { ...ETH_CAPITAL, nominalValue: 1 } }), valid: false },
      { name: "floor above 100%", json: config({ capital: { ...ETH_CAPITAL, floorBps: 10_001 } }), valid: false },
      { name: "dues above cap", json: config({ fees: { serviceFeeBps: 100, duesBps: 501 } }), valid: false },
      {
        name: "recipient name",
        json: config({ fees: { serviceFeeBps: 100, duesBps: 10, duesRecipient: "treasury" } }),
        valid: false,
      },
      { name: "empty statutes", json: config({ statutes: "" }), valid: false },
    ];

    for (const { name, json, valid } of examples) {
      it(`${valid ? "accepts" : "rejects"} ${name}`, function () {
        const plain = JSON.parse(JSON.stringify(json)) as unknown;

        expect(isValidAgainstSchema(schema, plain), "schema").to.equal(valid);
        expect(readerAccepts(plain), "reader").to.equal(valid);
      });
    }
  });

  describe("checks beyond the schema", function () {
    // The reader also checks what one JSON Schema keyword cannot: checksums, relations between
    // fields, and whether a document file exists. The schema accepts these; the reader does not.
    const stricter: { name: string; json: JsonObject }[] = [
      { name: "checksum typo", json: config({ founders: ["0x70997970c51812dc3A010C7d01b50e0d17dc79C8"] }) },
      { name: "late quorum after period", json: config({}, { votingPeriod: 60, lateQuorumExtension: 120 }) },
      { name: "minimum grade off scale", json: config({ gradeScale: { grades: 4, minimumGrade: 4 } }) },
      { name: "majority below half", json: config({ extraordinary: { quorumPercent: 50, majority: "1/3" } }) },
      { name: "missing document file", json: config({ statutes: "documents/missing.md" }) },
    ];

    for (const { name, json } of stricter) {
      it(`rejects ${name}`, function () {
        expect(isValidAgainstSchema(schema, json), "schema").to.equal(true);
        expect(readerAccepts(json), "reader").to.equal(false);
      });
    }
  });
});
