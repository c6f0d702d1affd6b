import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { KuboStore } from "../../src/ipfs/kuboStore";

/**
 * Checks KuboStore against a real Kubo node, at the URL in IPFS_API_URL, such as
 * http://127.0.0.1:5001 for a local `ipfs daemon`. Without IPFS_API_URL every test is skipped.
 *
 * The tests add random content, pin it and unpin it again, so they leave no pin behind, but the
 * blocks stay on the node until its next garbage collection.
 */
describe("KuboStore on a real node", function () {
  this.timeout(120_000);

  let directory: string;
  let store: KuboStore;
  let embedded: EmbeddedStore;
  const pinned: string[] = [];

  before(function () {
    const url = process.env.IPFS_API_URL?.trim();
    if (!url) this.skip();
    store = new KuboStore(url);
  });

  beforeEach(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-kubo-node-"));
    embedded = new EmbeddedStore(directory);
  });

  afterEach(async function () {
    for (const cid of pinned.splice(0)) await store.unpin(cid).catch(() => undefined);
    await rm(directory, { recursive: true, force: true });
  });

  for (const cidVersion of [0, 1] as const) {
    it(`matches embedded CIDs in CIDv${cidVersion}`, async function () {
      // Over 1 MiB, so the file has several chunks.
      const content = randomBytes(1_300_000);

      const cid = await store.add(content, { cidVersion });

      expect(cid).to.equal(await embedded.add(content, { cidVersion }));
      expect(Buffer.from(await store.cat(cid)).equals(content)).to.be.true;
    });
  }

  it("matches an empty file's CID", async function () {
    const empty = new Uint8Array(0);

    expect(await store.add(empty, { cidVersion: 0 })).to.equal(await embedded.add(empty, { cidVersion: 0 }));
  });

  it("pins, lists and unpins", async function () {
    const cid = await store.add(randomBytes(1000));

    await store.pin(cid);
    pinned.push(cid);
    expect(await store.listPins()).to.include(cid);

    await store.unpin(cid);
    pinned.pop();
    expect(await store.listPins()).to.not.include(cid);
  });

  it("exports the embedded store's CAR", async function () {
    const content = randomBytes(700_000);
    const cid = await store.add(content);
    await embedded.add(content);

    const car = await store.exportCar(cid);

    expect(Buffer.from(car).equals(Buffer.from(await embedded.exportCar(cid)))).to.be.true;
  });

  it("imports a CAR from the embedded store", async function () {
    const content = randomBytes(700_000);
    const cid = await embedded.add(content, { cidVersion: 0 });

    const roots = await store.importCar(await embedded.exportCar(cid));
    pinned.push(cid);

    expect(roots).to.deep.equal([cid]);
    expect(await store.listPins()).to.include(cid);
    expect(Buffer.from(await store.cat(cid)).equals(content)).to.be.true;
  });
});
