import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import type { CooperativeAddresses } from "../../src/deploy/cooperative";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { loadCar } from "../../src/ipfs/esModules";
import type { WebConfig } from "../../src/web/config";
import { ROOT, jsonOutput, runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

/** Folder of the built page that `npm run web:build` writes. */
export const WEB_DIST = path.join(ROOT, "web", "dist");

/** Path of the IPFS gateway on the fixture's server, as `config.json` gives it. */
const GATEWAY_PATH = "/ipfs-gateway";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

const ADDRESS_PARTS = ["membership", "governor", "timelock", "shares", "charter", "judgment", "feeRouter"] as const;

/**
 * A node, a cooperative and an HTTP server on 127.0.0.1 that serves the built page, its
 * `config.json` and a read-only IPFS gateway over the cooperative's content store.
 */
export interface WebFixture {
  node: LocalNode;
  symbol: string;
  addresses: CooperativeAddresses;
  /** URL of the page, ending with `/`. */
  pageUrl: string;
  storeDirectory: string;
  /** CIDs whose blocks the gateway alters by one byte, to test the page's verification. */
  tamperedCids: Set<string>;
  /** Gateway requests served, as `format cid`, in order. */
  gatewayRequests: string[];
  /** Runs a task against the node with the fixture's content store. */
  task(...args: string[]): Promise<RunResult>;
  stop(): Promise<void>;
}

/**
 * Starts `hardhat node`, deploys a cooperative of `founders` with coop:deploy, and serves the page.
 * Proposals are added by the caller with {@link WebFixture.task}, after which the gateway serves
 * their documents.
 */
export async function startWebFixture(directory: string, founders: readonly string[]): Promise<WebFixture> {
  const node = await startNode();
  const symbol = randomSymbol();
  const storeDirectory = path.join(directory, "ipfs");
  const env = { LOCALHOST_RPC_URL: node.url, IPFS_STORE_DIR: storeDirectory };
  const task = (...args: string[]): Promise<RunResult> =>
    runHardhat([...args, "--coop", symbol, "--network", "localhost"], env);

  const deployed = await runHardhat(
    [
      "coop:deploy",
      "--name",
      "Web Coop",
      "--symbol",
      symbol,
      "--founders",
      founders.join(","),
      "--voting-delay",
      "60",
      "--voting-period",
      "3600",
      "--timelock-delay",
      "600",
      "--network",
      "localhost",
    ],
    { LOCALHOST_RPC_URL: node.url },
  );
  if (deployed.code !== 0) throw new Error(`coop:deploy failed:\n${deployed.output}`);
  const addresses = await readAddresses(symbol);

  const tamperedCids = new Set<string>();
  const gatewayRequests: string[] = [];
  const config: WebConfig = {
    chainId: "31337",
    networkName: "Hardhat node",
    rpcUrl: node.url,
    gateway: GATEWAY_PATH,
    cooperative: { name: "Web Coop", symbol, addresses, deploymentBlock: "0" },
  };
  const server = createServer((request, response) => {
    void serve(request, response, { config, storeDirectory, tamperedCids, gatewayRequests }).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    node,
    symbol,
    addresses,
    pageUrl: `http://127.0.0.1:${port}/`,
    storeDirectory,
    tamperedCids,
    gatewayRequests,
    task,
    stop: async () => {
      await closeServer(server);
      await node.stop();
      await removeRecords(symbol);
    },
  };
}

/** Returns a symbol such as `WEBQK`, so that records of an earlier run in deployments/localhost never clash. */
function randomSymbol(): string {
  const letter = (): string => String.fromCharCode(65 + Math.floor(Math.random() * 26));
  return `WEB${letter()}${letter()}`;
}

/** Returns the addresses that coop:deploy recorded in deployments/localhost. */
async function readAddresses(symbol: string): Promise<CooperativeAddresses> {
  const entries = await Promise.all(
    ADDRESS_PARTS.map(async (part) => {
      const record = path.join(ROOT, "deployments", "localhost", `${symbol}-${part}.json`);
      return [part, (JSON.parse(await readFile(record, "utf8")) as { address: string }).address] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as CooperativeAddresses;
}

async function removeRecords(symbol: string): Promise<void> {
  const folder = path.join(ROOT, "deployments", "localhost");
  const names = await readdir(folder).catch(() => [] as string[]);
  await Promise.all(
    names.filter((name) => name.startsWith(`${symbol}-`)).map((name) => rm(path.join(folder, name), { force: true })),
  );
}

/** What the server serves: the page's settings, the content store and the test's switches. */
interface ServedContent {
  config: WebConfig;
  storeDirectory: string;
  tamperedCids: ReadonlySet<string>;
  gatewayRequests: string[];
}

async function serve(request: IncomingMessage, response: ServerResponse, content: ServedContent): Promise<void> {
  const { config, storeDirectory, tamperedCids } = content;
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (url.pathname === "/config.json") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(config));
    return;
  }
  if (url.pathname.startsWith(`${GATEWAY_PATH}/ipfs/`)) {
    const cid = url.pathname.slice(`${GATEWAY_PATH}/ipfs/`.length);
    content.gatewayRequests.push(`${url.searchParams.get("format")} ${cid}`);
    await serveIpfs(response, new EmbeddedStore(storeDirectory), cid, url.searchParams.get("format"), tamperedCids);
    return;
  }
  const file = path.join(WEB_DIST, path.normalize(url.pathname === "/" ? "/index.html" : url.pathname));
  if (!file.startsWith(WEB_DIST)) {
    response.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, { "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404, { "content-type": "text/plain" }).end(`Not found: ${url.pathname}`);
  }
}

/**
 * Serves a trustless gateway request: the CAR of a pinned CID's DAG for `format=car`, one block
 * for `format=raw`. For a CID in `tamperedCids`, the last byte of the response is flipped, which
 * changes the bytes of the last block.
 */
async function serveIpfs(
  response: ServerResponse,
  store: EmbeddedStore,
  cid: string,
  format: string | null,
  tamperedCids: ReadonlySet<string>,
): Promise<void> {
  let body: Uint8Array;
  let contentType: string;
  if (format === "car") {
    body = await store.exportCar(cid);
    contentType = "application/vnd.ipld.car";
  } else if (format === "raw") {
    const block = await findBlock(store, cid);
    if (block === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end(`Block not found: ${cid}`);
      return;
    }
    body = block;
    contentType = "application/vnd.ipld.raw";
  } else {
    response.writeHead(400, { "content-type": "text/plain" }).end("Expected format=car or format=raw.");
    return;
  }
  if (tamperedCids.has(cid)) {
    body = Uint8Array.from(body);
    body[body.length - 1] ^= 0xff;
  }
  response.writeHead(200, { "content-type": contentType });
  response.end(body);
}

/** Finds block `cid` in the DAG of one of the store's pins. */
async function findBlock(store: EmbeddedStore, cid: string): Promise<Uint8Array | undefined> {
  const { CarReader } = await loadCar();
  for (const pin of await store.listPins()) {
    const reader = await CarReader.fromBytes(await store.exportCar(pin));
    for await (const block of reader.blocks()) {
      if (block.cid.toString() === cid) return block.bytes;
    }
  }
  return undefined;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Writes `content` as JSON to `name` in `directory` and returns the path. */
export async function writeJson(directory: string, name: string, content: unknown): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, JSON.stringify(content));
  return file;
}

export { jsonOutput };
