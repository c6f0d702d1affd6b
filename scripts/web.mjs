// `npm run web`: starts a `hardhat node` on 127.0.0.1 (or uses the one already running), deploys the
// demo cooperative with open proposals on it, builds the voting page and serves it on 127.0.0.1.
//
// Plain JavaScript, so that Node.js runs it without compiling TypeScript first.

import "dotenv/config";
import { spawn } from "node:child_process";
import { connect } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "node_modules", ".bin");

/** Seconds to wait for a new node to accept connections. */
const NODE_START_SECONDS = 60;

/** Processes started here, stopped on Ctrl-C and on failure. */
const children = new Set();

/** Host and port of the local node: LOCALHOST_RPC_URL's, else 127.0.0.1:8545. */
function nodeAddress() {
  const text = process.env.LOCALHOST_RPC_URL?.trim();
  if (!text) return { host: "127.0.0.1", port: 8545 };
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`Invalid LOCALHOST_RPC_URL ${JSON.stringify(text)}: expected a URL such as http://127.0.0.1:8545.`);
  }
  return { host: url.hostname, port: Number(url.port || (url.protocol === "https:" ? 443 : 80)) };
}

function isListening({ host, port }) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (listening) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(2_000, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}

function start(command, args, stdio = "inherit") {
  const child = spawn(command, args, { cwd: ROOT, stdio });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Runs a command until it exits, and rejects with `label` when its exit code is not 0. */
function run(label, command, args) {
  return new Promise((resolve, reject) => {
    start(command, args).once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${label} failed with exit code ${code}. See its output above.`)),
    );
  });
}

function stopAll() {
  for (const child of children) child.kill("SIGTERM");
}

async function main() {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopAll();
      process.exitCode = 0;
    });
  }

  const address = nodeAddress();
  if (await isListening(address)) {
    console.log(`Using the node already running on ${address.host}:${address.port}.`);
  } else {
    // The node's own output would bury the steps below, so it is not shown; `npm run node` shows it.
    const node = start(
      process.execPath,
      [path.join(ROOT, "scripts", "start-node.mjs"), "--hostname", address.host, "--port", String(address.port)],
      ["ignore", "ignore", "inherit"],
    );
    node.once("exit", (code) => {
      if (code !== 0 && code !== null) console.error(`hardhat node stopped with exit code ${code}.`);
    });
    console.log(`Starting hardhat node on ${address.host}:${address.port} ...`);
    const deadline = Date.now() + NODE_START_SECONDS * 1_000;
    while (!(await isListening(address))) {
      if (node.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `hardhat node did not start on ${address.host}:${address.port}. Run \`npm run node\` to see why.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  await run("The demo cooperative's deployment", path.join(BIN, "hardhat"), [
    "run",
    "--network",
    "localhost",
    "scripts/webSeed.ts",
  ]);
  await run("The page's build", path.join(BIN, "vite"), [
    "build",
    "--config",
    "web/vite.config.ts",
    "--logLevel",
    "warn",
  ]);
  const server = start(path.join(BIN, "hardhat"), ["run", "scripts/webServe.ts"]);
  await new Promise((resolve) => server.once("exit", resolve));
  stopAll();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  stopAll();
  process.exitCode = 1;
});
