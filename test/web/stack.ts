import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import type { CooperativeAddresses } from "../../src/deploy/cooperative";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import type { WebConfig } from "../../src/web/config";
import { GATEWAY_PREFIX, startWebServer } from "../../src/web/server";
import { ROOT, jsonOutput, runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

/** Folder of the built page that `npm run web:build` writes. */
export const WEB_DIST = path.join(ROOT, "web", "dist");

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
    hardhatNetwork: "localhost",
    gateway: GATEWAY_PREFIX,
    cooperative: { name: "Web Coop", symbol, addresses, deploymentBlock: "0" },
  };
  const server = await startWebServer({ root: WEB_DIST, config, store: new EmbeddedStore(storeDirectory), port: 0 });
  const proxy = await startAlteringProxy(server.url, tamperedCids, gatewayRequests);

  return {
    node,
    symbol,
    addresses,
    pageUrl: proxy.url,
    storeDirectory,
    tamperedCids,
    gatewayRequests,
    task,
    stop: async () => {
      await proxy.close();
      await server.close();
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

/**
 * Starts an HTTP proxy on 127.0.0.1 in front of the page server, which plays a gateway that cannot
 * be trusted. It records each gateway request as `format cid`. For a CID in `tamperedCids`, it flips
 * the last byte of the response, which changes the bytes of the last block.
 */
async function startAlteringProxy(
  target: string,
  tamperedCids: ReadonlySet<string>,
  gatewayRequests: string[],
): Promise<{ url: string; close(): Promise<void> }> {
  const prefix = `${GATEWAY_PREFIX}/ipfs/`;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", target);
    const relay = async (): Promise<void> => {
      const upstream = await fetch(url, { headers: { accept: request.headers.accept ?? "*/*" } });
      let body = new Uint8Array(await upstream.arrayBuffer());
      if (url.pathname.startsWith(prefix)) {
        const cid = url.pathname.slice(prefix.length);
        gatewayRequests.push(`${url.searchParams.get("format")} ${cid}`);
        if (tamperedCids.has(cid) && upstream.ok) {
          body = Uint8Array.from(body);
          body[body.length - 1] ^= 0xff;
        }
      }
      response.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/plain" });
      response.end(body);
    };
    relay().catch((error: unknown) => {
      console.error(`test gateway proxy: ${url.pathname} failed: ${String(error)}`);
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Writes `content` as JSON to `directory/name` and returns the file's path. */
export async function writeJson(directory: string, name: string, content: unknown): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, JSON.stringify(content));
  return file;
}

export { jsonOutput };
