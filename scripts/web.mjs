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

/** Seconds to wait for a new node to accept connections, once the contracts are compiled. */
const NODE_START_SECONDS = 120;

/** Port of the page when WEB_PORT is empty, as in src/web/server.ts. */
const DEFAULT_WEB_PORT = 5173;

/** Whether Ctrl-C or SIGTERM asked every process to stop, so that their exits are expected. */
let stopping = false;

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

/** Error of a step that ended because the user stopped the script: nothing more to report. */
class Stopped extends Error {}

/** Runs a command to its end, and fails with its name when it exits with another code than 0. */
function run(label, command, args) {
  return new Promise((resolve, reject) => {
    start(command, args).once("exit", (code) => {
      if (code === 0) resolve();
      else if (stopping) reject(new Stopped());
      else reject(new Error(`${label} failed (exit code ${code}): see its output above.`));
    });
  });
}

/** Returns the page's port from WEB_PORT, or fails with the value and the fix. */
function webPort() {
  const text = process.env.WEB_PORT?.trim() || String(DEFAULT_WEB_PORT);
  const port = Number(text);
  if (!/^[0-9]+$/.test(text) || port > 65_535) {
    throw new Error(`Invalid WEB_PORT ${JSON.stringify(text)}: expected a TCP port number from 0 to 65535.`);
  }
  return port;
}

function stopAll() {
  for (const child of children) child.kill("SIGTERM");
}

async function main() {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopping = true;
      stopAll();
    });
  }

  // The demo takes a while, so a taken port is reported before it rather than after.
  const port = webPort();
  if (port !== 0 && (await isListening({ host: "127.0.0.1", port }))) {
    throw new Error(`Port ${port} on 127.0.0.1 is already in use: set WEB_PORT to another port.`);
  }

  // Compiling first keeps the first compilation, about a minute, out of the node's start time.
  console.log("Compiling the contracts if needed ...");
  await run("The compilation", path.join(BIN, "hardhat"), ["compile", "--quiet"]);

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
      if (!stopping) console.error(`hardhat node stopped with exit code ${code}: run \`npm run node\` to see why.`);
    });
    console.log(`Starting hardhat node on ${address.host}:${address.port} ...`);
    const deadline = Date.now() + NODE_START_SECONDS * 1_000;
    while (!(await isListening(address))) {
      if (stopping) throw new Stopped();
      if (node.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `hardhat node did not start on ${address.host}:${address.port} within ${NODE_START_SECONDS} s: ` +
            "run `npm run node` to see why.",
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
  await run("The page's server", path.join(BIN, "hardhat"), ["run", "scripts/webServe.ts"]);
  stopAll();
}

main().catch((error) => {
  stopAll();
  if (error instanceof Stopped) return;
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
