import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { ContractTransactionResponse } from "ethers";

/** Increase over the baseline that fails the run, in percent. */
export const TOLERANCE_PERCENT = 1;

/**
 * Gas figures of one benchmark, step by step. Gas on the Hardhat network is deterministic, so
 * {@link GasRecorder.check} compares each figure with the committed baseline `NAME-gas.baseline.json`
 * and fails when a step costs more than {@link TOLERANCE_PERCENT} over it. Set
 * `UPDATE_GAS_BASELINE=true` to record new figures after an intended change.
 */
export class GasRecorder {
  readonly gas: Record<string, number> = {};

  /** @param name Prefix of the files in bench/: `NAME-gas.json` and `NAME-gas.baseline.json`. */
  constructor(private readonly name: string) {}

  /** Records the gas used by the transaction `sent` under `step`. */
  async measure(step: string, sent: Promise<ContractTransactionResponse>): Promise<void> {
    const receipt = await (await sent).wait();
    if (receipt === null) throw new Error(`No receipt for step "${step}".`);
    this.gas[step] = Number(receipt.gasUsed);
  }

  /** Records `used` under `step`, for a call measured with `estimateGas`. */
  record(step: string, used: bigint): void {
    this.gas[step] = Number(used);
  }

  /** Writes the figures, then records them as the baseline or fails on a regression. */
  check(): void {
    const results = path.join(__dirname, `${this.name}-gas.json`);
    const baselineFile = path.join(__dirname, `${this.name}-gas.baseline.json`);
    writeFileSync(results, `${JSON.stringify(this.gas, null, 2)}\n`);
    console.log(`\n  Gas per step (bench/${this.name}-gas.json):`);
    for (const [step, used] of Object.entries(this.gas)) console.log(`    ${step.padEnd(48)} ${used}`);

    if (process.env.UPDATE_GAS_BASELINE === "true" || !existsSync(baselineFile)) {
      writeFileSync(baselineFile, `${JSON.stringify(this.gas, null, 2)}\n`);
      console.log(`  Baseline recorded in bench/${this.name}-gas.baseline.json.`);
      return;
    }
    const baseline = JSON.parse(readFileSync(baselineFile, "utf8")) as Record<string, number>;
    const regressions = Object.entries(this.gas).filter(([step, used]) => {
      const reference = baseline[step];
      return reference !== undefined && used > reference * (1 + TOLERANCE_PERCENT / 100);
    });
    if (regressions.length > 0) {
      const lines = regressions.map(([step, used]) => `${step}: ${used} gas, baseline ${baseline[step]}`);
      throw new Error(
        `Gas regression of more than ${TOLERANCE_PERCENT}% over bench/${this.name}-gas.baseline.json:\n` +
          `${lines.join("\n")}\nIf the increase is intended, run UPDATE_GAS_BASELINE=true npm run bench.`,
      );
    }
  }
}
