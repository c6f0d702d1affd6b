import { isAbsolute, resolve } from "node:path";

import type { CooperativeAddresses } from "../deploy/cooperative";
import { InvalidActionError, parseActions } from "../governance/actions";
import type { Action } from "../governance/proposals";
import { parseCid, toCidV1 } from "../ipfs/cidText";

/** Minimum number of options of a majority-judgment proposal, counting the status quo (the governor's `MIN_OPTIONS`). */
export const MIN_OPTIONS = 2;

/** Maximum number of options of a majority-judgment proposal, counting the status quo (the governor's `MAX_OPTIONS`). */
export const MAX_OPTIONS = 32;

/** Maximum number of actions of all the options of one proposal together (the governor's `MAX_ACTIONS`). */
export const MAX_ACTIONS = 64;

/** Source of an option's label: a text, a file, or a CID that is already published. */
export type OptionLabelSource =
  | { text: string }
  /** Absolute path of the label's file. */
  | { file: string }
  /** Binary CID in 0x-prefixed hex, as the governor stores it. */
  | { cid: string };

/** One option of an options file, before its label is pinned. */
export interface OptionSpec {
  label: OptionLabelSource;
  /** Calls that run through the timelock if the option wins; empty for a pure choice. */
  actions: Action[];
}

/** The options of a majority-judgment proposal, as an options file describes them. */
export interface OptionsFile {
  options: OptionSpec[];
  /** Whether the governor adds a last option "none of these", without label or actions. */
  statusQuo: boolean;
}

/** Error for an options file that does not describe options, naming the field at fault. */
export class InvalidOptionsError extends Error {
  override name = "InvalidOptionsError";
}

const FILE_FIELDS = ["options", "statusQuo"];
const OPTION_FIELDS = ["label", "labelFile", "labelCid", "actions"];
const LABEL_FIELDS = ["label", "labelFile", "labelCid"] as const;

/**
 * Reads the options of a majority-judgment proposal from parsed JSON:
 *
 * ```json
 * { "statusQuo": true,
 *   "options": [
 *     { "label": "Admit Dana", "actions": [{ "target": "membership", "function": "admit", "args": ["0x..."] }] },
 *     { "labelFile": "eli.md" },
 *     { "labelCid": "ipfs://bafkrei..." } ] }
 * ```
 *
 * Each option has exactly one of `label` (the text, pinned as it is), `labelFile` (a file pinned as
 * it is, relative to `baseDirectory` unless absolute) or `labelCid` (a CID as text or an `ipfs://`
 * URI, used as it is). `actions` is optional and has the form of `coop:propose --actions`, checked
 * by {@link parseActions}. `statusQuo` is optional and false by default.
 *
 * @throws InvalidOptionsError naming the option and field at fault, its value and what is expected.
 */
export function parseOptionsFile(value: unknown, addresses: CooperativeAddresses, baseDirectory: string): OptionsFile {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidOptionsError(
      `expected a JSON object such as {"statusQuo": true, "options": [{"label": "..."}, ...]}, ` +
        `but the file contains ${describe(value)}.`,
    );
  }
  const record = value as Record<string, unknown>;
  rejectUnknownFields(record, FILE_FIELDS, "the file");

  const statusQuo = record.statusQuo ?? false;
  if (typeof statusQuo !== "boolean") {
    throw invalid("statusQuo", statusQuo, "true or false, without quotes, or leave it out for false");
  }
  if (!Array.isArray(record.options)) {
    throw invalid("options", record.options, 'a JSON list of options, such as [{"label": "Option A"}, ...]');
  }
  if (record.options.length === 0) {
    throw invalid(
      "options",
      record.options,
      'at least one option besides the status quo, such as [{"label": "Option A"}]',
    );
  }
  const count = record.options.length + (statusQuo ? 1 : 0);
  if (count < MIN_OPTIONS || count > MAX_OPTIONS) {
    throw new InvalidOptionsError(
      `the proposal would have ${count} option${count === 1 ? "" : "s"}${statusQuo ? ", counting the status quo" : ""}, ` +
        `but it needs ${MIN_OPTIONS} to ${MAX_OPTIONS}: ` +
        (count < MIN_OPTIONS ? 'add an option, or set "statusQuo": true.' : "remove options."),
    );
  }

  const options = record.options.map((entry: unknown, index) =>
    parseOption(entry, `options[${index}]`, addresses, baseDirectory),
  );
  checkDistinctLabels(options);
  const actionCount = options.reduce((sum, option) => sum + option.actions.length, 0);
  if (actionCount > MAX_ACTIONS) {
    throw new InvalidOptionsError(
      `the options have ${actionCount} actions in all, above the maximum of ${MAX_ACTIONS} per proposal: ` +
        "split the decision into several proposals.",
    );
  }
  return { options, statusQuo };
}

function parseOption(entry: unknown, path: string, addresses: CooperativeAddresses, baseDirectory: string): OptionSpec {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw invalid(path, entry, 'an object with "label", "labelFile" or "labelCid", and optional "actions"');
  }
  const record = entry as Record<string, unknown>;
  rejectUnknownFields(record, OPTION_FIELDS, path);

  const labelFields = LABEL_FIELDS.filter((field) => record[field] !== undefined);
  if (labelFields.length !== 1) {
    const problem = labelFields.length === 0 ? "has no label" : `has ${labelFields.join(" and ")}`;
    throw new InvalidOptionsError(
      `${path} ${problem}: give exactly one of "label" (the text), "labelFile" (a file) or "labelCid" (a CID).`,
    );
  }
  return {
    label: parseLabel(record, labelFields[0], path, baseDirectory),
    actions: parseOptionActions(record, path, addresses),
  };
}

function parseLabel(
  record: Record<string, unknown>,
  field: (typeof LABEL_FIELDS)[number],
  path: string,
  baseDirectory: string,
): OptionLabelSource {
  const value = record[field];
  const where = `${path}.${field}`;
  if (typeof value !== "string" || value.trim() === "") {
    throw invalid(where, value, "a non-empty JSON string");
  }
  if (field === "label") return { text: value };
  if (field === "labelFile") return { file: isAbsolute(value) ? value : resolve(baseDirectory, value) };
  try {
    return { cid: toCidV1(parseCid(value.trim())) };
  } catch (error) {
    throw new InvalidOptionsError(`${where}: ${(error as Error).message}`, { cause: error });
  }
}

function parseOptionActions(record: Record<string, unknown>, path: string, addresses: CooperativeAddresses): Action[] {
  const value = record.actions;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
  try {
    return parseActions(value, addresses);
  } catch (error) {
    if (!(error instanceof InvalidActionError)) throw error;
    // parseActions names entries "actions[i]..." or describes the whole list.
    const message = error.message.startsWith("actions[")
      ? `${path}.${error.message}`
      : `${path}.actions: ${error.message}`;
    throw new InvalidOptionsError(message, { cause: error });
  }
}

/** Rejects two options with the same label text or CID, which members could not tell apart. */
function checkDistinctLabels(options: readonly OptionSpec[]): void {
  const seen = new Map<string, number>();
  options.forEach((option, index) => {
    const key =
      "text" in option.label
        ? `text:${option.label.text.trim()}`
        : "cid" in option.label
          ? `cid:${option.label.cid}`
          : undefined;
    if (key === undefined) return;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new InvalidOptionsError(
        `options[${index}] has the same label as options[${first}]: give each option a label of its own.`,
      );
    }
    seen.set(key, index);
  });
}

function rejectUnknownFields(record: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new InvalidOptionsError(`${where} has the unknown field "${key}": use ${allowed.join(", ")}.`);
    }
  }
}

function invalid(path: string, value: unknown, expected: string): InvalidOptionsError {
  return new InvalidOptionsError(`${path} is ${describe(value)}: expected ${expected}.`);
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  return JSON.stringify(value) ?? String(value);
}
