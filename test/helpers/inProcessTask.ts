import hre from "hardhat";

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
