import { artifacts } from "hardhat";

import {
  GAS_FILE_NAME,
  SIZES_SECTION,
  GasRecorder,
  compareFigures,
  failsCheck,
  formatComparison,
  measuredFigures,
  readGasFile,
  unitOf,
  writeGasFile,
  type GasFigures,
} from "./gasFigures";

/**
 * The end of a gas benchmark run. Every gas scenario imports {@link GasRecorder} from here, which
 * registers one root `after` hook for the whole mocha run: it adds the deployed size of every
 * contract (ours and the OpenZeppelin reference), then either records the figures in `bench/gas.json` (`BENCH_RECORD=true`, as
 * `npm run bench` sets) or compares them with it and fails on an increase above the tolerance or
 * a step missing from the file (`npm run bench:check`, and any other run).
 */

export { GasRecorder };

/** Folder of the plain OpenZeppelin contracts that the benchmark compares with. */
const REFERENCE_FOLDER = "contracts/mocks/reference/";

/** Whether this run records its figures in `bench/gas.json` instead of checking them. */
const RECORDING = process.env.BENCH_RECORD === "true";

/** Returns whether the size of the contract `name` (fully qualified) is recorded: ours and the reference. */
function isSized(name: string): boolean {
  if (name.startsWith(REFERENCE_FOLDER)) return true;
  return name.startsWith("contracts/") && !name.startsWith("contracts/mocks/");
}

/** Records the deployed size of every contract of {@link isSized}, in bytes. */
async function recordContractSizes(): Promise<void> {
  const recorder = new GasRecorder(SIZES_SECTION);
  const names = (await artifacts.getAllFullyQualifiedNames()).filter(isSized).sort();
  for (const name of names) {
    const artifact = await artifacts.readArtifact(name);
    const size = (artifact.deployedBytecode.length - 2) / 2;
    if (size > 0) recorder.record(artifact.contractName, size); // interfaces and abstract contracts have none
  }
}

/** Counts the failed tests and hooks under `suite`. */
function countFailures(suite: Mocha.Suite): number {
  const failedTests = suite.tests.filter((test) => test.state === "failed").length;
  return failedTests + suite.suites.reduce((sum, child) => sum + countFailures(child), 0);
}

/** Writes the measured sections over those of `committed`, keeping the sections this run did not measure. */
function record(current: GasFigures, committed: GasFigures): void {
  const { increases, smallIncreases, decreases, missing, stale } = compareFigures(current, committed);
  const changes = [
    ...[...increases, ...smallIncreases, ...decreases].map(
      ({ section, step, committed: before, measured }) =>
        `  ${section} / ${step}: ${before} -> ${measured} ${unitOf(section)}`,
    ),
    ...missing.map(({ section, step, figure }) => `  ${section} / ${step}: new, ${figure} ${unitOf(section)}`),
    ...stale.map(({ section, step, figure }) => `  ${section} / ${step}: removed, was ${figure} ${unitOf(section)}`),
  ];
  if (changes.length > 0) console.log(`\n  Changes from the previous ${GAS_FILE_NAME}:\n${changes.join("\n")}`);
  writeGasFile({ ...committed, ...current });
  console.log(`\n  Recorded ${Object.keys(current).join(", ")} in ${GAS_FILE_NAME}.`);
}

/** Compares the measured figures with `committed` and throws on a failure of the check. */
function check(current: GasFigures, committed: GasFigures): void {
  const comparison = compareFigures(current, committed);
  const report = formatComparison(comparison);
  if (failsCheck(comparison)) {
    const error = new Error(`Gas check failed.\n${report}`);
    error.stack = error.message; // The message lists each failing step and the fix. A stack trace adds nothing.
    throw error;
  }
  const steps = Object.values(current).reduce((sum, section) => sum + Object.keys(section).length, 0);
  console.log(`\n  Gas check passed: ${steps} figures within the tolerance of ${GAS_FILE_NAME}.`);
  if (report !== "") console.log(report);
}

after(async function () {
  const failures = this.test?.parent === undefined ? 0 : countFailures(this.test.parent);
  if (failures > 0) {
    console.log(`\n  ${failures} benchmark step(s) failed, so ${GAS_FILE_NAME} is neither checked nor written.`);
    return;
  }
  await recordContractSizes();
  const current = measuredFigures();
  const committed = readGasFile();
  if (RECORDING) record(current, committed);
  else check(current, committed);
});
