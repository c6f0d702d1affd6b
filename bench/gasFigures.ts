import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { TransactionResponse } from "ethers";

/**
 * Gas figures of the benchmark, by section and step, and their comparison with the committed
 * `bench/gas.json`. Gas on the Hardhat network is deterministic for a fixed scenario, so a change
 * in a figure comes from a change in the code, the compiler settings or the scenario.
 */

/** Increase over the committed figure that fails the check, in percent. */
export const TOLERANCE_PERCENT = 1;

/** The committed figures, relative to the repository root. */
export const GAS_FILE_NAME = "bench/gas.json";

/** Absolute path of {@link GAS_FILE_NAME}. */
export const GAS_FILE = path.join(__dirname, "gas.json");

/** Section of the deployed sizes, in bytes, of every contract outside `contracts/mocks/`. */
export const SIZES_SECTION = "size (bytes)";

/** The command that records new figures, named in every failure message. */
export const RECORD_COMMAND = "npm run bench";

/** Returns the unit of the figures of `section`: bytes for the sizes, gas for every other section. */
export function unitOf(section: string): string {
  return section === SIZES_SECTION ? "bytes" : "gas";
}

/** Figures of one section, by step name. */
export type SectionFigures = Record<string, number>;

/** All figures, by section name. */
export type GasFigures = Record<string, SectionFigures>;

/** Figures measured in this process, filled by every {@link GasRecorder}. */
const measured: GasFigures = {};

/** Records the gas of the steps of one section of the benchmark. */
export class GasRecorder {
  /** @param section Name of the section in `bench/gas.json`, such as `governance`. */
  constructor(readonly section: string) {
    measured[section] ??= {};
  }

  /** Figures recorded so far in this section. */
  get gas(): SectionFigures {
    return measured[this.section];
  }

  /** Records the gas used by the transaction `sent` under `step`. */
  async measure(step: string, sent: Promise<TransactionResponse>): Promise<void> {
    const receipt = await (await sent).wait();
    if (receipt === null) throw new Error(`No receipt for step "${step}".`);
    this.record(step, receipt.gasUsed);
  }

  /** Records `used` under `step`, for a call measured with `estimateGas` or a sum of transactions. */
  record(step: string, used: bigint | number): void {
    if (step in this.gas) throw new Error(`Step "${step}" of section "${this.section}" is measured twice.`);
    this.gas[step] = Number(used);
  }
}

/** Returns every figure measured in this process, sections in the order they were first created. */
export function measuredFigures(): GasFigures {
  return measured;
}

/**
 * Reads `bench/gas.json`, or returns no figures when the file does not exist. Fails, naming the
 * file and the step, on invalid JSON or on a figure that is not a positive whole number, because a
 * hand-edited figure would otherwise silence the check.
 */
export function readGasFile(file = GAS_FILE): GasFigures {
  if (!existsSync(file)) return {};
  const fix = "Restore it with `git checkout` or record it again with `npm run bench`.";
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}). ${fix}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new Error(`${file} must hold an object of sections. ${fix}`);
  }
  for (const [section, steps] of Object.entries(data)) {
    if (typeof steps !== "object" || steps === null || Array.isArray(steps)) {
      throw new Error(`${file}: section "${section}" must be an object of steps. ${fix}`);
    }
    for (const [step, figure] of Object.entries(steps as Record<string, unknown>)) {
      if (typeof figure !== "number" || !Number.isSafeInteger(figure) || figure <= 0) {
        throw new Error(`${file}: "${section} / ${step}" is ${JSON.stringify(figure)}, not a positive whole number. ${fix}`);
      }
    }
  }
  return data as GasFigures;
}

/** Writes `figures` to `bench/gas.json`, two-space indented, with a final newline. */
export function writeGasFile(figures: GasFigures, file = GAS_FILE): void {
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
}

/** A step whose measured figure differs from the committed one. */
export interface Change {
  section: string;
  step: string;
  committed: number;
  measured: number;
  /** Difference in percent of the committed figure, positive for an increase. */
  percent: number;
}

/** A step present on one side only. */
export interface UnmatchedStep {
  section: string;
  step: string;
  figure: number;
}

/** The differences between measured and committed figures, over the sections measured. */
export interface Comparison {
  /** Increases above the tolerance: these fail the check. */
  increases: Change[];
  /** Increases within the tolerance. */
  smallIncreases: Change[];
  /** Decreases of any size: a cheaper step, to record with the change that made it. */
  decreases: Change[];
  /** Steps measured but absent from the committed file: these fail the check. */
  missing: UnmatchedStep[];
  /** Steps of a measured section in the committed file that this run no longer measures. */
  stale: UnmatchedStep[];
  /** Committed sections that this run did not measure, such as the scale scenario. */
  skippedSections: string[];
}

/**
 * Compares `current` figures with the `committed` ones, section by section. A committed section
 * that `current` lacks is skipped, so that a run of part of the scenarios checks only that part.
 */
export function compareFigures(
  current: GasFigures,
  committed: GasFigures,
  tolerancePercent = TOLERANCE_PERCENT,
): Comparison {
  const comparison: Comparison = {
    increases: [],
    smallIncreases: [],
    decreases: [],
    missing: [],
    stale: [],
    skippedSections: Object.keys(committed).filter((section) => !(section in current)),
  };
  for (const [section, steps] of Object.entries(current)) {
    const committedSteps = committed[section] ?? {};
    for (const [step, figure] of Object.entries(steps)) {
      const reference = committedSteps[step];
      if (reference === undefined) {
        comparison.missing.push({ section, step, figure });
        continue;
      }
      if (figure === reference) continue;
      const change = {
        section,
        step,
        committed: reference,
        measured: figure,
        percent: percentChange(reference, figure),
      };
      if (figure < reference) comparison.decreases.push(change);
      else if (figure > reference * (1 + tolerancePercent / 100)) comparison.increases.push(change);
      else comparison.smallIncreases.push(change);
    }
    for (const [step, figure] of Object.entries(committedSteps)) {
      if (!(step in steps)) comparison.stale.push({ section, step, figure });
    }
  }
  return comparison;
}

/** Returns whether `comparison` fails the check: an increase above the tolerance or a missing step. */
export function failsCheck(comparison: Comparison): boolean {
  return comparison.increases.length > 0 || comparison.missing.length > 0;
}

/** Formats `comparison` as the lines that the check prints, failures first. */
export function formatComparison(comparison: Comparison, tolerancePercent = TOLERANCE_PERCENT): string {
  const lines: string[] = [];
  const fix = `If the change is intended, run \`${RECORD_COMMAND}\` and commit ${GAS_FILE_NAME} with it.`;
  if (comparison.increases.length > 0) {
    lines.push(`Gas increases of more than ${tolerancePercent}% over ${GAS_FILE_NAME}:`);
    lines.push(...comparison.increases.map(formatChange));
  }
  if (comparison.missing.length > 0) {
    lines.push(`Steps measured but missing from ${GAS_FILE_NAME}:`);
    lines.push(...comparison.missing.map(formatUnmatched));
  }
  if (failsCheck(comparison)) lines.push(fix);
  if (comparison.smallIncreases.length > 0) {
    lines.push(`Increases within the ${tolerancePercent}% tolerance (informational):`);
    lines.push(...comparison.smallIncreases.map(formatChange));
  }
  if (comparison.decreases.length > 0) {
    lines.push(`Decreases (informational; run \`${RECORD_COMMAND}\` to record them):`);
    lines.push(...comparison.decreases.map(formatChange));
  }
  if (comparison.stale.length > 0) {
    lines.push(`Steps in ${GAS_FILE_NAME} that this run no longer measures (informational):`);
    lines.push(...comparison.stale.map(formatUnmatched));
  }
  if (comparison.skippedSections.length > 0) {
    lines.push(`Sections of ${GAS_FILE_NAME} not measured by this run: ${comparison.skippedSections.join(", ")}.`);
  }
  return lines.join("\n");
}

/** Formats one change as `section / step: committed -> measured (+x.xx%)`. */
function formatChange({ section, step, committed, measured: figure, percent }: Change): string {
  const sign = percent > 0 ? "+" : "";
  return `  ${section} / ${step}: ${committed} -> ${figure} ${unitOf(section)} (${sign}${percent.toFixed(2)}%)`;
}

/** Formats one step present on one side only as `section / step: figure`. */
function formatUnmatched({ section, step, figure }: UnmatchedStep): string {
  return `  ${section} / ${step}: ${figure} ${unitOf(section)}`;
}

/** Returns the change from `from` to `to` in percent of `from`. */
function percentChange(from: number, to: number): number {
  return from === 0 ? Infinity : ((to - from) / from) * 100;
}
