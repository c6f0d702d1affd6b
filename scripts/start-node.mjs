// Starts `hardhat node` with the given arguments, unless its port is already taken.
//
// hardhat-deploy (1.0) empties deployments/localhost when `hardhat node` starts, before the node tries
// to listen. A second node started while one runs would delete the first node's deployment
// records and then fail with EADDRINUSE, so this script checks the port first.
//
// Plain JavaScript, so that Node.js runs it without compiling TypeScript first.

import "dotenv/config";
import { spawn } from "node:child_process";
import { connect } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HARDHAT_CLI = path.join(ROOT, "node_modules", ".bin", "hardhat");

/** Port and host of `hardhat node` when the arguments give none. */
const DEFAULT_PORT = 8545;
const DEFAULT_HOST = "127.0.0.1";

/** Milliseconds to wait for a connection before taking the port as free. */
const CONNECT_TIMEOUT_MS = 2_000;

/** Returns the value of `--name VALUE` or `--name=VALUE` in `args`, the last one when repeated. */
function option(args, name) {
  let value;
  args.forEach((arg, i) => {
    if (arg === name) value = args[i + 1];
    else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
  });
  return value;
}

/** Resolves true when something accepts TCP connections on host:port. */
function isListening(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (listening) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}

/** Returns the addresses where a local node may run: the default port, and LOCALHOST_RPC_URL's from .env. */
function localNodeAddresses() {
  const addresses = [{ host: DEFAULT_HOST, port: DEFAULT_PORT }];
  try {
    const parsed = new URL(process.env.LOCALHOST_RPC_URL ?? "");
    addresses.push({ host: parsed.hostname, port: Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80)) });
  } catch {
    // LOCALHOST_RPC_URL is empty or not a URL: only the default port is checked.
  }
  return addresses;
}

async function main() {
  const args = process.argv.slice(2);
  const portText = option(args, "--port") ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText) || port < 1 || port > 65_535) {
    console.error(`Invalid --port ${JSON.stringify(portText)}: expected a TCP port number from 1 to 65535.`);
    process.exit(1);
  }
  // A node that listens on every interface is reached through the loopback address.
  const hostname = option(args, "--hostname") ?? DEFAULT_HOST;
  const host = hostname === "0.0.0.0" || hostname === "::" ? DEFAULT_HOST : hostname;

  if (await isListening(host, port)) {
    console.error(
      `Port ${port} on ${host} is already in use, probably by a node started earlier: nothing was started, ` +
        "and deployments/localhost was left as it is. Use the running node, stop it first, or pass " +
        "another port with `npm run node -- --port PORT` (and set LOCALHOST_RPC_URL to match).",
    );
    process.exit(1);
  }

  // deployments/localhost contains the records of one node only. When another node runs on port 8545
  // or on the port of LOCALHOST_RPC_URL, its records stay: --no-reset.
  const nodeArgs = [...args];
  let other;
  for (const candidate of localNodeAddresses()) {
    if (candidate.port !== port && (await isListening(candidate.host, candidate.port))) other = candidate;
  }
  if (other !== undefined) {
    nodeArgs.push("--no-reset");
    console.error(
      `A node already runs on ${other.host}:${other.port}, and deployments/localhost holds its records: ` +
        "they are kept. Both nodes share that folder, so tasks on this node may replace or drop the other " +
        "node's records. Stop the other node to work on this one alone.",
    );
  }
  const child = spawn(HARDHAT_CLI, ["node", ...nodeArgs], { cwd: ROOT, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.once("exit", (code) => process.exit(code ?? 1));
}

await main();
