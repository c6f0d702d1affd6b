import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { sha256 } from "multiformats/hashes/sha2";

import { readDagCar } from "../../src/ipfs/car";
import { decodeCidText } from "../../src/ipfs/cidText";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import type { WebConfig } from "../../src/web/config";
import { CAR_MEDIA_TYPE, RAW_MEDIA_TYPE, requestedFormat } from "../../src/web/gateway";
import { GATEWAY_PREFIX, startWebServer, staticFile, type WebServer } from "../../src/web/server";

/** The page server and its gateway, against a real embedded store and a folder standing for web/dist. */

const CONFIG: WebConfig = {
  chainId: "31337",
  networkName: "Local Hardhat node",
  rpcUrl: "http://127.0.0.1:8545",
  gateway: GATEWAY_PREFIX,
  cooperative: {
    name: "Test cooperative",
    symbol: "TEST",
    addresses: {
      membership: "0x0000000000000000000000000000000000000001",
      governor: "0x0000000000000000000000000000000000000002",
      timelock: "0x0000000000000000000000000000000000000003",
      shares: "0x0000000000000000000000000000000000000004",
      charter: "0x0000000000000000000000000000000000000005",
      judgment: "0x0000000000000000000000000000000000000006",
      feeRouter: "0x0000000000000000000000000000000000000007",
    },
    deploymentBlock: "1",
  },
};

/** A document of three 256 KiB chunks and a little more, so that its DAG has a root node and leaves. */
const LARGE = new Uint8Array(3 * 262_144 + 100).map((_, index) => index % 251);

describe("Web server", function () {
  let directory: string;
  let store: EmbeddedStore;
  let server: WebServer;
  let smallCid: string;
  let largeCid: string;

  before(async function () {
    directory = await mkdtemp(path.join(tmpdir(), "coop-web-"));
    const root = path.join(directory, "dist");
    await mkdir(path.join(root, "assets"), { recursive: true });
    await writeFile(path.join(root, "index.html"), "<!doctype html><title>page</title>");
    await writeFile(path.join(root, "assets", "page.js"), "console.log(1);");
    await writeFile(path.join(directory, "secret.txt"), "outside");
    store = new EmbeddedStore(path.join(directory, "ipfs"));
    smallCid = await store.add(new TextEncoder().encode("# A proposal\n"));
    largeCid = await store.add(LARGE);
    server = await startWebServer({ root, config: CONFIG, store, port: 0 });
  });

  after(async function () {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  const get = (pathname: string, init?: RequestInit): Promise<Response> => fetch(new URL(pathname, server.url), init);

  describe("page", function () {
    it("serves index.html at the root", async function () {
      const response = await get("/");
      expect(response.headers.get("content-type")).to.equal("text/html; charset=utf-8");
      expect(await response.text()).to.include("<title>page</title>");
    });

    it("serves scripts with their media type", async function () {
      const response = await get("/assets/page.js");
      expect(response.headers.get("content-type")).to.equal("text/javascript; charset=utf-8");
    });

    it("serves the settings", async function () {
      const response = await get("/config.json");
      expect(await response.json()).to.deep.equal(CONFIG);
    });

    it("returns 404 for a missing file", async function () {
      expect((await get("/missing.js")).status).to.equal(404);
    });

    it("keeps encoded dots inside the folder", async function () {
      const response = await get("/..%2fsecret.txt");
      expect(await response.text()).not.to.include("outside");
    });

    it("rejects writes", async function () {
      const response = await get("/", { method: "POST" });
      expect(response.status).to.equal(405);
    });

    it("listens on 127.0.0.1", function () {
      expect(new URL(server.url).hostname).to.equal("127.0.0.1");
    });

    it("reports a taken port", async function () {
      const port = Number(new URL(server.url).port);
      const starting = startWebServer({ root: directory, config: CONFIG, store, port });
      await expect(starting).to.be.rejectedWith(`Port ${port} on 127.0.0.1 is already in use. Set WEB_PORT`);
    });
  });

  describe("staticFile", function () {
    it("maps a folder to its index.html", function () {
      expect(staticFile("/srv/dist", "/")).to.equal("/srv/dist/index.html");
    });

    it("keeps dot segments inside the folder", function () {
      expect(staticFile("/srv/dist", "/../etc/passwd")).to.equal("/srv/dist/etc/passwd");
      expect(staticFile("/srv/dist", "/%2e%2e/%2e%2e/etc/passwd")).to.equal("/srv/dist/etc/passwd");
    });

    it("rejects a NUL byte", function () {
      expect(staticFile("/srv/dist", "/index.html%00.js")).to.equal(undefined);
    });

    it("rejects a malformed escape", function () {
      expect(staticFile("/srv/dist", "/%E0%A4%A")).to.equal(undefined);
    });
  });

  describe("gateway", function () {
    it("serves a CAR file whose blocks match their CIDs", async function () {
      const response = await get(`${GATEWAY_PREFIX}/ipfs/${largeCid}?format=car`);
      expect(response.headers.get("content-type")).to.equal(CAR_MEDIA_TYPE);
      const car = await readDagCar(new Uint8Array(await response.arrayBuffer()));
      expect(car.roots.map(String)).to.deep.equal([largeCid]);
      expect(car.blocks).to.have.length(5);
    });

    it("serves the root block's bytes", async function () {
      const response = await get(`${GATEWAY_PREFIX}/ipfs/${smallCid}?format=raw`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const digest = await sha256.digest(bytes);
      expect(digest.bytes).to.deep.equal(decodeCidText(smallCid).multihash.bytes);
    });

    it("serves a raw block that a root links to", async function () {
      const car = await readDagCar(await store.exportCar(largeCid));
      const leaf = car.blocks[1];
      const response = await get(`${GATEWAY_PREFIX}/ipfs/${leaf.cid}?format=raw`);
      expect(new Uint8Array(await response.arrayBuffer())).to.deep.equal(leaf.bytes);
    });

    it("takes the format from the Accept header", async function () {
      const response = await get(`${GATEWAY_PREFIX}/ipfs/${smallCid}`, { headers: { Accept: RAW_MEDIA_TYPE } });
      expect(response.headers.get("content-type")).to.equal(RAW_MEDIA_TYPE);
    });

    it("marks responses immutable", async function () {
      const response = await get(`${GATEWAY_PREFIX}/ipfs/${smallCid}?format=raw`);
      expect(response.headers.get("cache-control")).to.include("immutable");
    });

    it("rejects plain content", async function () {
      const response = await get(`${GATEWAY_PREFIX}/ipfs/${smallCid}`);
      expect(response.status).to.equal(406);
    });

    it("reports a malformed CID", async function () {
      const response = await get(`${GATEWAY_PREFIX}/ipfs/not-a-cid?format=car`);
      expect(response.status).to.equal(400);
      expect(await response.text()).to.include('Invalid CID "not-a-cid"');
    });

    it("returns 404 for missing content", async function () {
      const missing = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
      const response = await get(`${GATEWAY_PREFIX}/ipfs/${missing}?format=car`);
      expect(response.status).to.equal(404);
      expect(await response.text()).to.include(`Failed to serve ${missing}`);
    });

    it("returns 404 for other paths", async function () {
      expect((await get(`${GATEWAY_PREFIX}/ipns/example`)).status).to.equal(404);
    });
  });

  describe("requestedFormat", function () {
    it("prefers the query to the Accept header", function () {
      const url = new URL("http://127.0.0.1/ipfs/x?format=car");
      expect(requestedFormat(url, RAW_MEDIA_TYPE)).to.equal("car");
    });

    it("rejects an unknown format", function () {
      const url = new URL("http://127.0.0.1/ipfs/x?format=tar");
      expect(requestedFormat(url, CAR_MEDIA_TYPE)).to.equal(undefined);
    });
  });
});
