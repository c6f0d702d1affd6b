import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import hre from "hardhat";

import { COOP_PARTS } from "../../tasks/lib";

/** What a task run in this process returned and printed. */
export interface TaskRun<T> {
  /** Value that the task's action returned. */
  result: T;
  /** Lines that the task printed with console.log. */
  lines: string[];
}

/**
 * Runs a Hardhat task in this process on the embedded network, as `npx hardhat NAME` would, and
 * collects what it printed with console.log. Options are named as in the task's definition
 * (`cidVersion` for `--cid-version`), and options left out get their defaults.
 */
export async function runTask<T>(name: string, args: Record<string, unknown> = {}): Promise<TaskRun<T>> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => {
    lines.push(parts.map(String).join(" "));
  };
  try {
    const result = (await hre.run(name, args)) as T;
    return { result, lines };
  } finally {
    console.log = log;
  }
}

/**
 * Sets environment variables, deleting those given as undefined, and returns the function that
 * restores their earlier values.
 */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.keys(values).map((key) => [key, process.env[key]] as const);
  const apply = (entries: readonly (readonly [string, string | undefined])[]) => {
    for (const [key, value] of entries) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(Object.entries(values));
  return () => apply(saved);
}

/** Returns the message of the error that `promise`, such as a task run, rejects with; fails if it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("The call succeeded, but an error was expected.");
}

/**
 * Deploys a cooperative with coop:deploy in this process, its documents pinned in a new temporary
 * store, and returns the function that deletes its records and the store. Later test files
 * pick the only cooperative recorded on the embedded network, so each file deletes its own records.
 */
export async function deployRecordedCoop(
  symbol: string,
  args: Record<string, unknown>,
): Promise<{ folder: string; forget: () => Promise<void> }> {
  const folder = await mkdtemp(path.join(tmpdir(), `coop-${symbol.toLowerCase()}-`));
  const restoreEnv = setEnv({ IPFS_STORE_DIR: path.join(folder, "store"), IPFS_API_URL: undefined });
  await runTask("coop:deploy", args);
  const forget = async (): Promise<void> => {
    for (const part of COOP_PARTS) await hre.deployments.delete(`${symbol}-${part}`);
    restoreEnv();
    await rm(folder, { recursive: true, force: true });
  };
  return { folder, forget };
}
