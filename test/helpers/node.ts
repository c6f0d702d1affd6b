import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";

/** Root of the repository, where `npx hardhat` finds hardhat.config.ts. */
export const ROOT = path.resolve(__dirname, "../..");

const HARDHAT_CLI = path.join(ROOT, "node_modules", ".bin", "hardhat");

/**
 * Environment of every child process: plain text output even where the calling shell forces colours
 * (FORCE_COLOR set by a CI runner), so that tests compare words and not escape codes.
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...extra };
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A `hardhat node` process listening on 127.0.0.1. */
export interface LocalNode {
  url: string;
  /** Process id of `hardhat node`. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts `hardhat node` on 127.0.0.1 and resolves once it accepts JSON-RPC requests. */
export async function startNode(): Promise<LocalNode> {
  const port = await freePort();
  const child = spawn(HARDHAT_CLI, ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hardhat node did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes("Started HTTP and WebSocket JSON-RPC server")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`hardhat node exited with code ${code}:\n${output}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, stop: () => stopProcess(child) };
}

/** Stops the node by its process id, the way a user would with `kill PID`, and waits for it to exit. */
function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    child.once("exit", () => resolve());
    process.kill(child.pid, "SIGTERM");
  });
}

/** Output and exit code of a finished command. */
export interface RunResult {
  code: number | null;
  output: string;
}

/** Runs `hardhat ARGS` in the repository with extra environment variables, and collects its output. */
export function runHardhat(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(HARDHAT_CLI, args, { cwd: ROOT, env: childEnv(env), stdio: "pipe" });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    // Escape codes are removed as well, for a tool that colours its output whatever the environment sets.
    child.once("exit", (code) => resolve({ code, output: stripVTControlCharacters(output) }));
  });
}

/**
 * Parses the JSON that a task printed with `--json`, after any lines that came before it, and
 * fails with the whole output when the command failed or printed no JSON.
 */
export function jsonOutput<T>(result: RunResult): T {
  if (result.code !== 0) throw new Error(`The task failed with code ${result.code}:\n${result.output}`);
  const start = result.output.search(/^[[{]/m);
  if (start === -1) throw new Error(`The task printed no JSON:\n${result.output}`);
  return JSON.parse(result.output.slice(start)) as T;
}
