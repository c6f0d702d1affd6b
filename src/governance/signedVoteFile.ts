import { isHexString } from "ethers";

import { FRACTIONAL_SUPPORT, type Ballot, type SignedVote } from "./signatures";
import { describeValue, readAddressField, readUint256Field } from "./jsonFields";

/** Value of the `format` field that marks a signed vote file. */
export const SIGNED_VOTE_FORMAT = "world-coop-signed-vote";

/** Version of the signed vote file that this module writes and reads. */
export const SIGNED_VOTE_VERSION = 1;

/**
 * A signed vote as a JSON file, version 1. Integers that may exceed 2^53 are decimal strings,
 * because JSON numbers lose precision there. `reason` and `params` are present for an
 * `ExtendedBallot` only. `expiresAt` is not signed: it gives the relayer the time when the proposal's
 * vote closes (seconds since the Unix epoch), and the governor's deadline stays the rule.
 */
export interface SignedVoteJson {
  format: typeof SIGNED_VOTE_FORMAT;
  version: typeof SIGNED_VOTE_VERSION;
  chainId: string;
  governor: string;
  primaryType: Ballot["primaryType"];
  proposalId: string;
  support: number;
  voter: string;
  nonce: string;
  reason?: string;
  params?: string;
  signature: string;
  expiresAt: string;
}

/** Error for a signed vote file that does not match version 1, naming the field at fault. */
export class InvalidSignedVoteError extends Error {
  override name = "InvalidSignedVoteError";
}

const COMMON_FIELDS = [
  "format",
  "version",
  "chainId",
  "governor",
  "primaryType",
  "proposalId",
  "support",
  "voter",
  "nonce",
  "signature",
  "expiresAt",
];
const EXTENDED_FIELDS = ["reason", "params"];

/** Returns the JSON form of `vote`, ready for `JSON.stringify`. */
export function toSignedVoteJson(vote: SignedVote): SignedVoteJson {
  const { ballot } = vote;
  const json: SignedVoteJson = {
    format: SIGNED_VOTE_FORMAT,
    version: SIGNED_VOTE_VERSION,
    chainId: vote.chainId.toString(),
    governor: vote.governor,
    primaryType: ballot.primaryType,
    proposalId: ballot.proposalId.toString(),
    support: ballot.support,
    voter: ballot.voter,
    nonce: ballot.nonce.toString(),
    signature: vote.signature,
    expiresAt: vote.expiresAt.toString(),
  };
  if (ballot.primaryType === "ExtendedBallot") {
    json.reason = ballot.reason;
    json.params = ballot.params;
  }
  return json;
}

/**
 * Reads a signed vote from parsed JSON, checking every field.
 *
 * @throws InvalidSignedVoteError naming the first invalid field, its value and what is expected.
 */
export function fromSignedVoteJson(value: unknown): SignedVote {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidSignedVoteError(`expected a JSON object, but the file contains ${describeValue(value)}.`);
  }
  const record = value as Record<string, unknown>;
  if (record.format !== SIGNED_VOTE_FORMAT) {
    throw invalid("format", record.format, `"${SIGNED_VOTE_FORMAT}", the mark of a signed vote file`);
  }
  if (record.version !== SIGNED_VOTE_VERSION) {
    throw invalid("version", record.version, `${SIGNED_VOTE_VERSION}, the only version these tasks read`);
  }

  const primaryType = record.primaryType;
  if (primaryType !== "Ballot" && primaryType !== "ExtendedBallot") {
    throw invalid("primaryType", primaryType, '"Ballot" or "ExtendedBallot"');
  }
  const allowed = primaryType === "Ballot" ? COMMON_FIELDS : [...COMMON_FIELDS, ...EXTENDED_FIELDS];
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      const extra = EXTENDED_FIELDS.includes(key)
        ? ` (it belongs to an ExtendedBallot, and this is a ${primaryType})`
        : "";
      throw new InvalidSignedVoteError(`unexpected field "${key}"${extra}: remove it, or ask the voter to sign again.`);
    }
  }

  const common = {
    proposalId: readUint256(record, "proposalId"),
    support: readSupport(record, primaryType),
    voter: readAddress(record, "voter"),
    nonce: readUint256(record, "nonce"),
  };
  const ballot: Ballot =
    primaryType === "Ballot"
      ? { primaryType, ...common }
      : { primaryType, ...common, reason: readString(record, "reason"), params: readHex(record, "params", true) };

  return {
    chainId: readUint256(record, "chainId"),
    governor: readAddress(record, "governor"),
    ballot,
    signature: readHex(record, "signature", false),
    expiresAt: readUint256(record, "expiresAt"),
  };
}

function readUint256(record: Record<string, unknown>, field: string): bigint {
  return readUint256Field(record, field, invalid);
}

function readAddress(record: Record<string, unknown>, field: string): string {
  return readAddressField(record, field, invalid);
}

function readString(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  if (typeof value !== "string") throw invalid(field, value, "a string");
  return value;
}

function readHex(record: Record<string, unknown>, field: string, allowEmpty: boolean): string {
  const value = record[field];
  const valid = typeof value === "string" && isHexString(value) && value.length % 2 === 0;
  if (!valid || (!allowEmpty && value === "0x")) {
    throw invalid(field, value, `bytes in hex: 0x and an even number of hex digits${allowEmpty ? "" : ", not empty"}`);
  }
  return value.toLowerCase();
}

function readSupport(record: Record<string, unknown>, primaryType: Ballot["primaryType"]): number {
  const value = record.support;
  const accepted = primaryType === "Ballot" ? [0, 1, 2] : [0, 1, 2, FRACTIONAL_SUPPORT];
  if (typeof value !== "number" || !accepted.includes(value)) {
    const expected =
      primaryType === "Ballot"
        ? "0 (against), 1 (for) or 2 (abstain)"
        : `0 (against), 1 (for), 2 (abstain) or ${FRACTIONAL_SUPPORT} (fractional)`;
    throw invalid("support", value, expected);
  }
  return value;
}

function invalid(field: string, value: unknown, expected: string): InvalidSignedVoteError {
  return new InvalidSignedVoteError(`field "${field}" is ${describeValue(value)}: expected ${expected}.`);
}
