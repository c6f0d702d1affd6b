import { spawn } from "node:child_process";
import { access, mkdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import path from "node:path";

import { expect } from "chai";

import { ROOT, freePort, type RunResult } from "../helpers/node";

const SCRIPT = path.join(ROOT, "scripts", "start-node.mjs");

/** Runs the start script with `args` until it exits, or until its output contains `until`, then stops it. */
function runScript(args: string[], until?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { cwd: ROOT, stdio: "pipe" });
    let output = "";
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (until !== undefined && output.includes(until)) child.kill("SIGTERM");
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("npm run node", function () {
  this.timeout(120_000);

  const records = path.join(ROOT, "deployments", "localhost");
  const marker = path.join(records, "start-node.test.marker");

  afterEach(async function () {
    await rm(marker, { force: true });
  });

  it("stops when the port is taken", async function () {
    const port = await freePort();
    const server = await listen(port);
    await mkdir(records, { recursive: true });
    await writeFile(marker, "kept\n");

    try {
      const result = await runScript(["--hostname", "127.0.0.1", "--port", String(port)]);

      expect(result.code, result.output).to.equal(1);
      expect(result.output).to.include(`Port ${port} on 127.0.0.1 is already in use`);
      expect(result.output).to.include("deployments/localhost was left as it is");
    } finally {
      server.close();
    }
    await access(marker);
  });

  it("reads --port=PORT", async function () {
    const port = await freePort();
    const server = await listen(port);

    try {
      const result = await runScript(["--hostname", "127.0.0.1", `--port=${port}`]);

      expect(result.code, result.output).to.equal(1);
      expect(result.output).to.include(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      server.close();
    }
  });

  it("rejects an invalid port", async function () {
    const result = await runScript(["--port", "80a"]);

    expect(result.code).to.equal(1);
    expect(result.output).to.include('Invalid --port "80a"');
  });

  it("starts a node on a free port", async function () {
    const port = await freePort();

    const result = await runScript(
      ["--hostname", "127.0.0.1", "--port", String(port)],
      "Started HTTP and WebSocket JSON-RPC server",
    );

    expect(result.output).to.include(`Started HTTP and WebSocket JSON-RPC server at http://127.0.0.1:${port}/`);
  });
});
