import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import type { WebConfig } from "../../src/web/config";
import { ROOT, freePort } from "../helpers/node";

/** `npm run web` as a user runs it: its own node, the demo, the build and the page, all on 127.0.0.1. */

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("e2e: npm run web", function () {
  this.timeout(300_000);

  let directory: string;
  let child: ChildProcess;
  let output = "";
  let pageUrl: string;
  let nodePort: number;

  before(async function () {
    directory = await mkdtemp(path.join(tmpdir(), "coop-npm-web-"));
    nodePort = await freePort();
    const webPort = await freePort();
    child = spawn(process.execPath, [path.join(ROOT, "scripts", "web.mjs")], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        FORCE_COLOR: "0",
        NO_COLOR: "1",
        LOCALHOST_RPC_URL: `http://127.0.0.1:${nodePort}`,
        WEB_PORT: String(webPort),
        WEB_OUTPUT_DIR: path.join(directory, "settings"),
        IPFS_STORE_DIR: path.join(directory, "ipfs"),
        IPFS_API_URL: "",
        DEMO_OUTPUT_DIR: path.join(directory, "demo"),
      },
    });
    pageUrl = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /Voting page \/ Page de vote: (http:\/\/\S+)/.exec(output);
        if (match !== null) resolve(match[1]);
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`npm run web exited with code ${code}:\n${output}`)));
    });
  });

  after(async function () {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(child.pid, "SIGTERM");
      await exited;
    }
    await rm(directory, { recursive: true, force: true });
  });

  it("serves the page on 127.0.0.1", async function () {
    expect(new URL(pageUrl).hostname).to.equal("127.0.0.1");
    const response = await fetch(pageUrl);
    expect(await response.text()).to.match(/<html lang=/);
  });

  it("serves the demo cooperative's settings", async function () {
    const config = (await (await fetch(new URL("config.json", pageUrl))).json()) as WebConfig;
    expect(config.cooperative.symbol).to.equal("BAKERS");
    expect(config.rpcUrl).to.equal(`http://127.0.0.1:${nodePort}`);
  });

  it("leaves proposals open for votes", async function () {
    const config = (await (await fetch(new URL("config.json", pageUrl))).json()) as WebConfig;
    const response = await fetch(config.rpcUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    expect(((await response.json()) as { result: string }).result).to.equal("0x7a69");
    expect(output).to.include('Amina proposes "Buy a second-hand bread oven"');
  });

  it("stops its node on SIGTERM", async function () {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(child.pid as number, "SIGTERM");
    await exited;
    // The node's process stops a moment after the script that started it.
    for (let attempt = 0; attempt < 50 && (await isListening(nodePort)); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await isListening(nodePort)).to.equal(false);
  });
});

describe("e2e: npm run web with a taken port", function () {
  this.timeout(120_000);

  it("stops before the demo", async function () {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = (holder.address() as AddressInfo).port;
    const nodePort = await freePort();
    try {
      const child = spawn(process.execPath, [path.join(ROOT, "scripts", "web.mjs")], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, LOCALHOST_RPC_URL: `http://127.0.0.1:${nodePort}`, WEB_PORT: String(port) },
      });
      let output = "";
      child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));

      expect(code, output).to.equal(1);
      expect(output).to.include(`Port ${port} on 127.0.0.1 is already in use: set WEB_PORT to another port.`);
      expect(await isListening(nodePort)).to.equal(false);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});
