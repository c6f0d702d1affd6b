import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { ZeroAddress, getAddress, isAddress, parseUnits } from "ethers";

import { parseCid, toCidV1 } from "../ipfs/cidText";
import {
  ADMISSION_POLICIES,
  DEFAULT_CAPITAL,
  DEFAULT_EXTRAORDINARY_RULES,
  DEFAULT_FEES,
  DEFAULT_GRADE_SCALE,
  MAX_DUES_BPS,
  MAX_MEMBER_WEIGHT,
  MAX_NOTICE_PERIOD,
  MAX_SERVICE_FEE_BPS,
  validateParams,
  type AdmissionPolicyName,
  type CapitalParams,
  type CooperativeParams,
  type ExtraordinaryRules,
  type FeeParams,
  type GovernanceSettings,
  type GradeScale,
} from "../deploy/cooperative";

/**
 * Reader of cooperative config files, the JSON format that `cooperative.schema.json` describes.
 * Every error names the field path, the value and what to write instead. The checks that the
 * schema cannot express, such as a late-quorum extension longer than the voting period, are made
 * here too.
 */

/** Source of a document: a file to add to the content store, or a CID already on IPFS. */
export type DocumentReference =
  | { source: "file"; /** Absolute path. */ path: string }
  | { source: "cid"; /** Binary CIDv1, as 0x-prefixed hex. */ cid: string };

/** A cooperative config file, read and checked. */
export interface CooperativeConfig {
  /** Parameters for `deployCooperative` and the factory, with every default filled in. */
  params: Required<Omit<CooperativeParams, "fees">> & { fees: FeeParams };
  /** The cooperative's public description, if the file names one. */
  metadata?: DocumentReference;
  /** The statutes, if the file names them. */
  statutes?: DocumentReference;
  /** Labels of the grades from the worst to the best, if the file gives labels. */
  gradeLabels?: string[];
  /** Decimals of the share capital's payment token: 18 for ETH. */
  paymentTokenDecimals: number;
}

/** An invalid config file. `field` is the path of the invalid field, such as `governance.quorumPercent`. */
export class CooperativeConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(field === "" ? message : `${field}: ${message}`);
    this.name = "CooperativeConfigError";
  }
}

/** Late-quorum extension used when none is given: one hour, or the voting period if shorter. */
const DEFAULT_LATE_QUORUM_EXTENSION = 3_600;

/** Decimals of ETH: one ether is 10^18 wei. */
const ETHER_DECIMALS = 18;

/** Largest number of decimals accepted for a payment token. */
const MAX_DECIMALS = 36;

/** Seconds in each unit of a duration text. */
const SECONDS_PER_UNIT: Record<string, number> = {
  second: 1,
  minute: 60,
  hour: 3_600,
  day: 86_400,
  week: 604_800,
};

const SYMBOL_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const DURATION_PATTERN = /^([0-9]+) (second|minute|hour|day|week)s?$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * Reads the config file at `file` and returns the cooperative's parameters. Document paths are
 * resolved against the file's folder.
 *
 * @throws CooperativeConfigError naming the field, the value and the fix, or the file when it cannot be read.
 */
export function loadCooperativeConfig(file: string): CooperativeConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CooperativeConfigError("", `Cannot read config file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CooperativeConfigError("", `Config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseCooperativeConfig(json, path.dirname(path.resolve(file)));
}

/**
 * Checks a parsed config file and returns the cooperative's parameters. `baseDir` is the folder
 * that document paths are relative to.
 *
 * @throws CooperativeConfigError naming the field, the value and the fix.
 */
export function parseCooperativeConfig(json: unknown, baseDir: string): CooperativeConfig {
  const root = requireObject("", json as Json);
  requireKnownFields("", root, [
    "$schema",
    "name",
    "symbol",
    "metadata",
    "statutes",
    "founders",
    "memberWeight",
    "admissionPolicy",
    "governance",
    "extraordinary",
    "gradeScale",
    "capital",
    "fees",
  ]);

  const name = requireString("name", required(root, "", "name"), "the cooperative's name");
  if (name.trim() === "") throw new CooperativeConfigError("name", "is empty: give the cooperative a name.");
  const symbol = requireString("symbol", required(root, "", "symbol"), "a short symbol such as COOP");
  if (!SYMBOL_PATTERN.test(symbol)) {
    throw new CooperativeConfigError(
      "symbol",
      `${show(symbol)} is not 1 to 32 letters, digits, - or _: it names files in deployments/, so use a symbol such as COOP.`,
    );
  }

  const capital = root.capital === undefined ? undefined : readCapital(root.capital);
  const gradeScale = root.gradeScale === undefined ? undefined : readGradeScale(root.gradeScale);
  const config: CooperativeConfig = {
    params: {
      name,
      symbol,
      founders: readFounders(required(root, "", "founders")),
      memberWeight: root.memberWeight === undefined ? 1n : readMemberWeight(root.memberWeight),
      admissionPolicy: root.admissionPolicy === undefined ? "governance" : readAdmissionPolicy(root.admissionPolicy),
      settings: readGovernance(required(root, "", "governance")),
      extraordinary:
        root.extraordinary === undefined ? DEFAULT_EXTRAORDINARY_RULES : readExtraordinary(root.extraordinary),
      gradeScale: gradeScale?.scale ?? DEFAULT_GRADE_SCALE,
      capital: capital?.terms ?? DEFAULT_CAPITAL,
      fees: root.fees === undefined ? DEFAULT_FEES : readFees(root.fees),
    },
    paymentTokenDecimals: capital?.decimals ?? ETHER_DECIMALS,
  };
  if (gradeScale?.labels !== undefined) config.gradeLabels = gradeScale.labels;
  if (root.metadata !== undefined) config.metadata = readDocument("metadata", root.metadata, baseDir);
  if (root.statutes !== undefined) config.statutes = readDocument("statutes", root.statutes, baseDir);

  // Every field was checked above with its path. The checks of deployCooperative run again, so
  // both ways of deploying accept the same parameters.
  try {
    validateParams(config.params);
  } catch (error) {
    throw new CooperativeConfigError("", (error as Error).message);
  }
  return config;
}

// -------------------------------------------------------------------------------------------------
// Sections
// -------------------------------------------------------------------------------------------------

function readFounders(value: Json): string[] {
  const list = requireArray("founders", value, "a list of the founding members' addresses");
  if (list.length === 0) {
    throw new CooperativeConfigError("founders", "is empty: list at least one founding member's address.");
  }
  const seen = new Map<string, number>();
  return list.map((item, index) => {
    const field = `founders[${index}]`;
    const address = readAddress(field, item);
    if (address === ZeroAddress)
      throw new CooperativeConfigError(field, "is the zero address: give the founder's own address.");
    const earlier = seen.get(address);
    if (earlier !== undefined) {
      throw new CooperativeConfigError(field, `${address} repeats founders[${earlier}]: list each founder once.`);
    }
    seen.set(address, index);
    return address;
  });
}

function readMemberWeight(value: Json): bigint {
  const fix = `is not a whole number from 1 to ${MAX_MEMBER_WEIGHT}: write the votes of each member, such as 1, or "1000000" in a federation.`;
  let weight: bigint;
  if (typeof value === "number" && !Number.isSafeInteger(value) && Number.isInteger(value)) {
    // A JSON number beyond 2^53 has already lost digits when parsed: only a string keeps them.
    throw new CooperativeConfigError(
      "memberWeight",
      `${show(value)} is too large for a JSON number to keep exactly: write it as a string, such as "${BigInt(value)}".`,
    );
  }
  if (typeof value === "number" && Number.isSafeInteger(value)) weight = BigInt(value);
  else if (typeof value === "string" && /^[1-9][0-9]*$/.test(value)) weight = BigInt(value);
  else throw new CooperativeConfigError("memberWeight", `${show(value)} ${fix}`);
  if (weight < 1n || weight > MAX_MEMBER_WEIGHT)
    throw new CooperativeConfigError("memberWeight", `${show(value)} ${fix}`);
  return weight;
}

function readAdmissionPolicy(value: Json): AdmissionPolicyName {
  const names = Object.keys(ADMISSION_POLICIES);
  if (typeof value !== "string" || !Object.hasOwn(ADMISSION_POLICIES, value)) {
    throw new CooperativeConfigError(
      "admissionPolicy",
      `${show(value)} is not an admission policy: write one of ${names.map((name) => `"${name}"`).join(", ")}.`,
    );
  }
  return value as AdmissionPolicyName;
}

function readGovernance(value: Json): GovernanceSettings {
  const section = requireObject("governance", value);
  requireKnownFields("governance", section, [
    "votingDelay",
    "votingPeriod",
    "quorumPercent",
    "lateQuorumExtension",
    "timelockDelay",
  ]);
  const votingDelay = readDuration(
    "governance.votingDelay",
    required(section, "governance", "votingDelay"),
    0,
    2 ** 48 - 1,
  );
  const votingPeriod = readDuration(
    "governance.votingPeriod",
    required(section, "governance", "votingPeriod"),
    1,
    2 ** 32 - 1,
  );
  const quorumPercent = readInteger(
    "governance.quorumPercent",
    required(section, "governance", "quorumPercent"),
    0,
    100,
  );
  const lateQuorumExtension =
    section.lateQuorumExtension === undefined
      ? Math.min(DEFAULT_LATE_QUORUM_EXTENSION, votingPeriod)
      : readDuration(
          "governance.lateQuorumExtension",
          section.lateQuorumExtension,
          0,
          votingPeriod,
          "at most the voting period",
        );
  const timelockDelay = readDuration(
    "governance.timelockDelay",
    required(section, "governance", "timelockDelay"),
    0,
    Number.MAX_SAFE_INTEGER,
  );
  return { votingDelay, votingPeriod, quorumPercent, lateQuorumExtension, timelockDelay };
}

function readExtraordinary(value: Json): ExtraordinaryRules {
  const section = requireObject("extraordinary", value);
  requireKnownFields("extraordinary", section, ["quorumPercent", "majority"]);
  const quorumPercent = readInteger(
    "extraordinary.quorumPercent",
    required(section, "extraordinary", "quorumPercent"),
    1,
    100,
  );
  const majority = required(section, "extraordinary", "majority");
  const match = typeof majority === "string" ? /^([1-9][0-9]{0,4})\/([1-9][0-9]{0,4})$/.exec(majority) : null;
  const numerator = match === null ? NaN : Number(match[1]);
  const denominator = match === null ? NaN : Number(match[2]);
  if (match === null || denominator > 65_535 || numerator > denominator || numerator * 2 < denominator) {
    throw new CooperativeConfigError(
      "extraordinary.majority",
      `${show(majority)} is not a fraction from 1/2 to 1: write "N/D" with D at most 65535, such as "2/3".`,
    );
  }
  return { quorumPercent, majorityNumerator: numerator, majorityDenominator: denominator };
}

function readGradeScale(value: Json): { scale: GradeScale; labels?: string[] } {
  const section = requireObject("gradeScale", value);
  requireKnownFields("gradeScale", section, ["grades", "minimumGrade"]);
  const grades = required(section, "gradeScale", "grades");
  let labels: string[] | undefined;
  let gradeCount: number;
  if (Array.isArray(grades)) {
    if (grades.length < 2 || grades.length > 16) {
      throw new CooperativeConfigError(
        "gradeScale.grades",
        `has ${grades.length} labels: list 2 to 16, from the worst grade to the best.`,
      );
    }
    labels = grades.map((label, index) => {
      const field = `gradeScale.grades[${index}]`;
      const text = requireString(field, label, "the grade's label");
      if (text === "") throw new CooperativeConfigError(field, "is empty: give each grade a label.");
      return text;
    });
    const repeated = labels.findIndex((label, index) => labels?.indexOf(label) !== index);
    if (repeated !== -1) {
      throw new CooperativeConfigError(
        `gradeScale.grades[${repeated}]`,
        `${show(labels[repeated])} is listed twice: give each grade its own label.`,
      );
    }
    gradeCount = labels.length;
  } else {
    gradeCount = readInteger("gradeScale.grades", grades, 2, 16, "or a list of 2 to 16 labels");
  }

  const minimum = required(section, "gradeScale", "minimumGrade");
  let minimumGrade: number;
  if (typeof minimum === "string") {
    minimumGrade = labels?.indexOf(minimum) ?? -1;
    if (minimumGrade === -1) {
      throw new CooperativeConfigError(
        "gradeScale.minimumGrade",
        labels === undefined
          ? `${show(minimum)} is a label, but gradeScale.grades gives a count: write the grade's index, 0 for the worst.`
          : `${show(minimum)} is not one of the labels in gradeScale.grades: write one of them, or its index.`,
      );
    }
  } else {
    minimumGrade = readInteger("gradeScale.minimumGrade", minimum, 0, gradeCount - 1, "or a label");
  }
  return labels === undefined
    ? { scale: { gradeCount, minimumGrade } }
    : { scale: { gradeCount, minimumGrade }, labels };
}

function readCapital(value: Json): { terms: CapitalParams; decimals: number } {
  const section = requireObject("capital", value);
  requireKnownFields("capital", section, [
    "paymentToken",
    "decimals",
    "nominalValue",
    "minimumShares",
    "noticePeriod",
    "floorBps",
  ]);
  const token = required(section, "capital", "paymentToken");
  const isEther = token === "ETH";
  const paymentToken = isEther ? ZeroAddress : readAddress("capital.paymentToken", token, '"ETH" or ');
  if (paymentToken === ZeroAddress && !isEther) {
    throw new CooperativeConfigError("capital.paymentToken", 'is the zero address: write "ETH" for ETH.');
  }

  let decimals = ETHER_DECIMALS;
  if (section.decimals !== undefined) {
    decimals = readInteger("capital.decimals", section.decimals, 0, MAX_DECIMALS);
    if (isEther && decimals !== ETHER_DECIMALS) {
      throw new CooperativeConfigError("capital.decimals", `${decimals} is not 18, the decimals of ETH: remove it.`);
    }
  } else if (!isEther) {
    throw new CooperativeConfigError(
      "capital.decimals",
      "is missing: give the decimals of the payment token (6 for most dollar stablecoins, 18 for most other tokens).",
    );
  }

  const nominalText = required(section, "capital", "nominalValue");
  const unit = isEther ? "ETH" : "token units";
  if (typeof nominalText !== "string" || !/^[0-9]+(\.[0-9]+)?$/.test(nominalText)) {
    throw new CooperativeConfigError(
      "capital.nominalValue",
      `${show(nominalText)} is not a decimal string: write the price of one share in ${unit}, such as "10" or "0.01".`,
    );
  }
  const fraction = nominalText.split(".")[1] ?? "";
  if (fraction.length > decimals) {
    throw new CooperativeConfigError(
      "capital.nominalValue",
      `${show(nominalText)} has ${fraction.length} digits after the point, more than the token's ${decimals} decimals.`,
    );
  }
  const nominalValue = parseUnits(nominalText, decimals);
  if (nominalValue === 0n || nominalValue >= 2n ** 128n) {
    throw new CooperativeConfigError(
      "capital.nominalValue",
      `${show(nominalText)} is not above zero and below 2^128 of the smallest unit: write a positive price.`,
    );
  }

  return {
    decimals,
    terms: {
      paymentToken,
      nominalValue,
      minimumShares: BigInt(
        readInteger("capital.minimumShares", required(section, "capital", "minimumShares"), 0, Number.MAX_SAFE_INTEGER),
      ),
      noticePeriod: readDuration(
        "capital.noticePeriod",
        required(section, "capital", "noticePeriod"),
        0,
        MAX_NOTICE_PERIOD,
      ),
      floorBps: readInteger("capital.floorBps", required(section, "capital", "floorBps"), 0, 10_000),
    },
  };
}

function readFees(value: Json): FeeParams {
  const section = requireObject("fees", value);
  requireKnownFields("fees", section, ["serviceFeeBps", "duesBps", "serviceFeeRecipient", "duesRecipient", "tokens"]);
  const fees: FeeParams = {
    serviceFeeBps: readInteger(
      "fees.serviceFeeBps",
      required(section, "fees", "serviceFeeBps"),
      0,
      MAX_SERVICE_FEE_BPS,
    ),
    duesBps: readInteger("fees.duesBps", required(section, "fees", "duesBps"), 0, MAX_DUES_BPS),
    tokens: [],
  };
  const serviceFeeRecipient = readRecipient("fees.serviceFeeRecipient", section.serviceFeeRecipient);
  if (serviceFeeRecipient !== undefined) fees.serviceFeeRecipient = serviceFeeRecipient;
  const duesRecipient = readRecipient("fees.duesRecipient", section.duesRecipient);
  if (duesRecipient !== undefined) fees.duesRecipient = duesRecipient;

  if (section.tokens !== undefined) {
    const tokens = requireArray("fees.tokens", section.tokens, "a list of ERC-20 token addresses");
    const seen = new Map<string, number>();
    fees.tokens = tokens.map((item, index) => {
      const field = `fees.tokens[${index}]`;
      const token = readAddress(field, item);
      if (token === ZeroAddress) {
        throw new CooperativeConfigError(
          field,
          "is the zero address: list ERC-20 tokens only, ETH is always accepted.",
        );
      }
      const earlier = seen.get(token);
      if (earlier !== undefined) {
        throw new CooperativeConfigError(field, `${token} repeats fees.tokens[${earlier}]: list each token once.`);
      }
      seen.set(token, index);
      return token;
    });
  }
  return fees;
}

/** Returns undefined for the timelock, which is the default recipient. */
function readRecipient(field: string, value: Json | undefined): string | undefined {
  if (value === undefined || value === "timelock") return undefined;
  const address = readAddress(field, value, '"timelock" or ');
  if (address === ZeroAddress) {
    throw new CooperativeConfigError(field, 'is the zero address: write "timelock" to send the fees to the treasury.');
  }
  return address;
}

function readDocument(field: string, value: Json, baseDir: string): DocumentReference {
  const text = requireString(field, value, "a file path or a CID");
  if (text.trim() === "")
    throw new CooperativeConfigError(field, "is empty: give a file path or a CID, or remove the field.");
  try {
    return { source: "cid", cid: toCidV1(parseCid(text)) };
  } catch {
    // Not a CID, so a file path.
  }
  const file = path.resolve(baseDir, text);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new CooperativeConfigError(
      field,
      `${show(text)} is neither a CID nor a file: no file ${file}. Give a path relative to the config file, or a CID.`,
    );
  }
  return { source: "file", path: file };
}

// -------------------------------------------------------------------------------------------------
// Values
// -------------------------------------------------------------------------------------------------

function readAddress(field: string, value: Json, alternative = ""): string {
  if (typeof value !== "string" || !isAddress(value)) {
    throw new CooperativeConfigError(
      field,
      `${show(value)} is not an address: write ${alternative}0x and 40 hex digits, all lower case or with a valid ` +
        "EIP-55 checksum (mixed case that fails the checksum usually means a typo).",
    );
  }
  return getAddress(value);
}

/** Reads whole seconds, or a text such as "3 days", from `min` to `max` seconds. */
function readDuration(field: string, value: Json, min: number, max: number, limit = ""): number {
  let seconds: number;
  if (typeof value === "number") {
    seconds = value;
  } else {
    const match = typeof value === "string" ? DURATION_PATTERN.exec(value) : null;
    if (match === null) {
      throw new CooperativeConfigError(
        field,
        `${show(value)} is not a duration: write whole seconds, or a number and a unit such as "1 day" ` +
          "(second, minute, hour, day, week).",
      );
    }
    seconds = Number(match[1]) * (SECONDS_PER_UNIT[match[2]] ?? 0);
  }
  if (!Number.isSafeInteger(seconds) || seconds < min || seconds > max) {
    const rule = limit === "" ? "" : ` (${limit})`;
    throw new CooperativeConfigError(
      field,
      `${show(value)} is not a whole number of seconds from ${min} to ${max}${rule}.`,
    );
  }
  return seconds;
}

function readInteger(field: string, value: Json, min: number, max: number, alternative = ""): number {
  if (typeof value === "string" && /^[0-9]+$/.test(value)) {
    throw new CooperativeConfigError(field, `"${value}" is a string: write the number without quotes, ${value}.`);
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const or = alternative === "" ? "" : ` ${alternative}`;
    throw new CooperativeConfigError(field, `${show(value)} is not a whole number from ${min} to ${max}${or}.`);
  }
  return value;
}

function requireString(field: string, value: Json, expected: string): string {
  if (typeof value !== "string")
    throw new CooperativeConfigError(field, `${show(value)} is not a string: write ${expected}.`);
  return value;
}

function requireArray(field: string, value: Json, expected: string): Json[] {
  if (!Array.isArray(value))
    throw new CooperativeConfigError(field, `${show(value)} is not a list: write ${expected}.`);
  return value;
}

function requireObject(field: string, value: Json): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const name = field === "" ? "The config" : "it";
    throw new CooperativeConfigError(field, `${name} is ${show(value)}, not an object: write { ... } with its fields.`);
  }
  return value;
}

function required(section: JsonObject, parent: string, key: string): Json {
  const value = section[key];
  if (value === undefined) {
    if (parent === "") {
      throw new CooperativeConfigError(key, "is missing: see src/config/cooperative.schema.json for its description.");
    }
    throw new CooperativeConfigError(
      `${parent}.${key}`,
      `is missing: a "${parent}" section gives all its fields (see src/config/cooperative.schema.json), ` +
        `or leave the whole section out to take the default of every field.`,
    );
  }
  return value;
}

function requireKnownFields(parent: string, section: JsonObject, known: string[]): void {
  for (const key of Object.keys(section)) {
    if (!known.includes(key)) {
      const field = parent === "" ? key : `${parent}.${key}`;
      throw new CooperativeConfigError(field, `is not a known field: the fields here are ${known.join(", ")}.`);
    }
  }
}

/** Shows a JSON value in a message as the file spells it. */
function show(value: Json | undefined): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}
