import { isHexString } from "ethers";

import type { SignedJudgmentBallot } from "./ballotSignatures";
import { MAX_GRADES } from "./grades";
import { describeValue, readAddressField, readUint256Field } from "../governance/jsonFields";

/** Value of the `format` field that marks a signed majority-judgment ballot file. */
export const SIGNED_BALLOT_FORMAT = "world-coop-signed-judgment-ballot";

/** Version of the signed ballot file that this module writes and reads. */
export const SIGNED_BALLOT_VERSION = 1;

/**
 * A signed majority-judgment ballot as a JSON file, version 1. Integers that may exceed 2^53 are
 * decimal strings, because JSON numbers lose precision there. `grades[i]` is the grade of option
 * `i`, 0 being the worst. `expiresAt` is not signed: it gives the relayer the proposal's deadline
 * (seconds since the Unix epoch), and the governor's deadline stays the rule.
 */
export interface SignedBallotJson {
  format: typeof SIGNED_BALLOT_FORMAT;
  version: typeof SIGNED_BALLOT_VERSION;
  chainId: string;
  governor: string;
  proposalId: string;
  voter: string;
  grades: number[];
  nonce: string;
  signature: string;
  expiresAt: string;
}

/** Error for a signed ballot file that does not match version 1, naming the field at fault. */
export class InvalidSignedBallotError extends Error {
  override name = "InvalidSignedBallotError";
}

const FIELDS = [
  "format",
  "version",
  "chainId",
  "governor",
  "proposalId",
  "voter",
  "grades",
  "nonce",
  "signature",
  "expiresAt",
];

/** Returns the JSON form of `signed`, ready for `JSON.stringify`. */
export function toSignedBallotJson(signed: SignedJudgmentBallot): SignedBallotJson {
  const { ballot } = signed;
  return {
    format: SIGNED_BALLOT_FORMAT,
    version: SIGNED_BALLOT_VERSION,
    chainId: signed.chainId.toString(),
    governor: signed.governor,
    proposalId: ballot.proposalId.toString(),
    voter: ballot.voter,
    grades: [...ballot.grades],
    nonce: ballot.nonce.toString(),
    signature: signed.signature,
    expiresAt: signed.expiresAt.toString(),
  };
}

/**
 * Reads a signed ballot from parsed JSON, checking every field. Grades are checked against the
 * widest scale only, because the file does not carry the proposal's own scale.
 *
 * @throws InvalidSignedBallotError naming the first invalid field, its value and what is expected.
 */
export function fromSignedBallotJson(value: unknown): SignedJudgmentBallot {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidSignedBallotError(`expected a JSON object, but the file contains ${describeValue(value)}.`);
  }
  const record = value as Record<string, unknown>;
  if (record.format !== SIGNED_BALLOT_FORMAT) {
    throw invalid("format", record.format, `"${SIGNED_BALLOT_FORMAT}", the mark of a signed ballot file`);
  }
  if (record.version !== SIGNED_BALLOT_VERSION) {
    throw invalid("version", record.version, `${SIGNED_BALLOT_VERSION}, the only version these tasks read`);
  }
  for (const key of Object.keys(record)) {
    if (!FIELDS.includes(key)) {
      throw new InvalidSignedBallotError(`unexpected field "${key}": remove it, or ask the voter to sign again.`);
    }
  }

  return {
    chainId: readUint256(record, "chainId"),
    governor: readAddress(record, "governor"),
    ballot: {
      proposalId: readUint256(record, "proposalId"),
      voter: readAddress(record, "voter"),
      grades: readGrades(record),
      nonce: readUint256(record, "nonce"),
    },
    signature: readSignature(record),
    expiresAt: readUint256(record, "expiresAt"),
  };
}

function readUint256(record: Record<string, unknown>, field: string): bigint {
  return readUint256Field(record, field, invalid);
}

function readAddress(record: Record<string, unknown>, field: string): string {
  return readAddressField(record, field, invalid);
}

function readGrades(record: Record<string, unknown>): number[] {
  const value = record.grades;
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((grade) => Number.isInteger(grade) && (grade as number) >= 0 && (grade as number) < MAX_GRADES);
  if (!valid) {
    throw invalid(
      "grades",
      value,
      `a JSON list of grades, one per option, each a whole number from 0 to ${MAX_GRADES - 1}`,
    );
  }
  return value as number[];
}

function readSignature(record: Record<string, unknown>): string {
  const value = record.signature;
  if (typeof value !== "string" || !isHexString(value) || value.length % 2 !== 0 || value === "0x") {
    throw invalid("signature", value, "bytes in hex: 0x and an even number of hex digits, not empty");
  }
  return value.toLowerCase();
}

function invalid(field: string, value: unknown, expected: string): InvalidSignedBallotError {
  return new InvalidSignedBallotError(`field "${field}" is ${describeValue(value)}: expected ${expected}.`);
}
