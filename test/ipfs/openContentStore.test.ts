import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative as relativePath, resolve } from "node:path";

import { expect } from "chai";

import { DEFAULT_STORE_DIRECTORY, EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { KuboStore } from "../../src/ipfs/kuboStore";
import { openContentStore } from "../../src/ipfs/openContentStore";

describe("openContentStore", function () {
  it("opens the embedded store by default", function () {
    const store = openContentStore({});

    expect(store).to.be.instanceOf(EmbeddedStore);
    expect((store as EmbeddedStore).directory).to.equal(DEFAULT_STORE_DIRECTORY);
  });

  it("opens IPFS_STORE_DIR", function () {
    const store = openContentStore({ IPFS_STORE_DIR: " /tmp/coop-store " });

    expect(store).to.be.instanceOf(EmbeddedStore);
    expect((store as EmbeddedStore).directory).to.equal("/tmp/coop-store");
  });

  it("resolves a relative IPFS_STORE_DIR", function () {
    const store = openContentStore({ IPFS_STORE_DIR: "coop-store" });

    expect((store as EmbeddedStore).directory).to.equal(resolve("coop-store"));
  });

  describe("with a file in IPFS_STORE_DIR", function () {
    let folder: string;
    let file: string;

    beforeEach(async function () {
      folder = await mkdtemp(join(tmpdir(), "coop-open-store-"));
      file = join(folder, "not-a-folder");
      await writeFile(file, "");
    });

    afterEach(async function () {
      await rm(folder, { recursive: true, force: true });
    });

    it("rejects a file", function () {
      expect(() => openContentStore({ IPFS_STORE_DIR: file })).to.throw(
        Error,
        `Invalid IPFS_STORE_DIR ${JSON.stringify(file)}: it is a file, not a folder. Set IPFS_STORE_DIR`,
      );
    });

    it("rejects a path under a file", function () {
      const below = join(file, "ipfs");
      expect(() => openContentStore({ IPFS_STORE_DIR: below })).to.throw(
        Error,
        `Invalid IPFS_STORE_DIR ${JSON.stringify(below)}: a part of this path is a file, not a folder.`,
      );
    });

    it("names the resolved path", function () {
      const relative = relativePath(process.cwd(), file);
      expect(() => openContentStore({ IPFS_STORE_DIR: relative })).to.throw(
        Error,
        `Invalid IPFS_STORE_DIR ${JSON.stringify(relative)} (${file}): it is a file`,
      );
    });
  });

  it("ignores an empty IPFS_API_URL", function () {
    for (const value of ["", "   "]) {
      expect(openContentStore({ IPFS_API_URL: value }), JSON.stringify(value)).to.be.instanceOf(EmbeddedStore);
    }
  });

  it("opens Kubo for IPFS_API_URL", function () {
    const store = openContentStore({ IPFS_API_URL: "http://127.0.0.1:5001", IPFS_STORE_DIR: "/tmp/unused" });

    expect(store).to.be.instanceOf(KuboStore);
    expect((store as KuboStore).url).to.equal("http://127.0.0.1:5001/api/v0");
  });

  it("keeps the path of the URL", function () {
    const cases = [
      ["http://127.0.0.1:5001/", "http://127.0.0.1:5001/api/v0"],
      [" http://127.0.0.1:5001/api/v0/ ", "http://127.0.0.1:5001/api/v0"],
      ["https://127.0.0.1:5443/rpc/api/v0", "https://127.0.0.1:5443/rpc/api/v0"],
    ];
    for (const [value, url] of cases) {
      expect((openContentStore({ IPFS_API_URL: value }) as KuboStore).url, value).to.equal(url);
    }
  });

  it("rejects a malformed IPFS_API_URL", function () {
    const cases = [
      ["127.0.0.1:5001", "expected an http or https URL such as http://127.0.0.1:5001."],
      ["localhost:5001", "expected the http or https scheme, not localhost, as in http://127.0.0.1:5001."],
      ["ftp://127.0.0.1:5001", "expected the http or https scheme, not ftp"],
      [
        "/ip4/127.0.0.1/tcp/5001",
        "A multiaddr such as /ip4/127.0.0.1/tcp/5001, the form of Kubo's Addresses.API setting, is written",
      ],
      ["http://admin:secret@127.0.0.1:5001", "credentials in the URL are not supported. Remove them."],
      ["http://127.0.0.1:5001/?timeout=1s", "expected no query or fragment"],
      ["http://", "expected an http or https URL such as http://127.0.0.1:5001."],
    ];
    for (const [value, reason] of cases) {
      expect(() => openContentStore({ IPFS_API_URL: value }), value)
        .to.throw(Error, `Invalid IPFS_API_URL ${JSON.stringify(value)}: `)
        .with.property("message")
        .that.includes(reason)
        .and.includes("Fix it in .env or the environment, or leave it empty to use the embedded store.");
    }
  });

  it("names the URL in KuboStore errors", function () {
    expect(() => new KuboStore("127.0.0.1:5001")).to.throw(
      'Invalid Kubo RPC API URL "127.0.0.1:5001": expected an http or https URL such as',
    );
  });
});
