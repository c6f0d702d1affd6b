import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { CID } from "multiformats/cid";

import { encodeCar } from "../../src/ipfs/car";
import type { AddOptions } from "../../src/ipfs/contentStore";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { loadCar } from "../../src/ipfs/esModules";
import { StoreUnreachableError } from "../../src/ipfs/kuboRpcFailure";
import { KuboStore } from "../../src/ipfs/kuboStore";
import { KuboTestServer } from "../helpers/kuboServer";
import { freePort } from "../helpers/node";
import { CHUNK_SIZE, kuboFileCid, patternBytes, rawBlockCid } from "../helpers/unixfs";

const HELLO = new TextEncoder().encode("hello world\n");
const HELLO_KUBO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

/** 1.2 MiB: four full chunks and one of 209,715 bytes. */
const FIVE_CHUNKS = patternBytes(1_258_291);

const CONTENTS: { name: string; bytes: Uint8Array }[] = [
  { name: "empty file", bytes: new Uint8Array(0) },
  { name: "single chunk", bytes: HELLO },
  { name: "1.2 MiB file", bytes: FIVE_CHUNKS },
];

function sameBytes(actual: Uint8Array, expected: Uint8Array): boolean {
  return Buffer.from(actual).equals(Buffer.from(expected));
}

/** Returns the CID of the second chunk of FIVE_CHUNKS, a raw leaf of its CIDv1 DAG. */
function secondLeaf(): string {
  return rawBlockCid(FIVE_CHUNKS.subarray(CHUNK_SIZE, 2 * CHUNK_SIZE));
}

describe("KuboStore", function () {
  let directory: string;
  let server: KuboTestServer;
  let store: KuboStore;
  let embedded: EmbeddedStore;

  beforeEach(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-kubo-store-"));
    server = await KuboTestServer.start();
    store = new KuboStore(server.url);
    embedded = new EmbeddedStore(join(directory, "embedded"));
  });

  afterEach(async function () {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  describe("round trips", function () {
    for (const { name, bytes } of CONTENTS) {
      for (const cidVersion of [0, 1] as const) {
        it(`adds and reads ${name} in CIDv${cidVersion}`, async function () {
          const cid = await store.add(bytes, { cidVersion });

          expect(cid).to.equal(kuboFileCid(bytes, cidVersion));
          expect(sameBytes(await store.cat(cid), bytes)).to.be.true;
        });

        it(`adds ${name} as a file in CIDv${cidVersion}`, async function () {
          const path = join(directory, "document.bin");
          await writeFile(path, bytes);

          const cid = await store.addFile(path, { cidVersion });

          expect(cid).to.equal(kuboFileCid(bytes, cidVersion));
          expect(sameBytes(await store.cat(cid), bytes)).to.be.true;
        });

        it(`matches embedded CIDs for ${name} in CIDv${cidVersion}`, async function () {
          expect(await store.add(bytes, { cidVersion })).to.equal(await embedded.add(bytes, { cidVersion }));
        });
      }
    }

    it("matches Kubo's CIDv0 of hello world", async function () {
      expect(await store.add(HELLO, { cidVersion: 0 })).to.equal(HELLO_KUBO_V0);
    });

    it("defaults to CIDv1", async function () {
      expect(await store.add(FIVE_CHUNKS)).to.equal(kuboFileCid(FIVE_CHUNKS, 1));
    });

    it("sends the Kubo add flags", async function () {
      await store.add(HELLO);
      await store.add(HELLO, { cidVersion: 0 });

      const adds = server.requests.filter((request) => request.command === "add");
      expect(adds).to.have.length(2);
      const expected = [
        { "cid-version": "1", "raw-leaves": "true" },
        { "cid-version": "0", "raw-leaves": "false" },
      ];
      for (const [i, request] of adds.entries()) {
        expect(request.parameters.get("cid-version"), `request ${i}`).to.equal(expected[i]["cid-version"]);
        expect(request.parameters.get("raw-leaves"), `request ${i}`).to.equal(expected[i]["raw-leaves"]);
        expect(request.parameters.get("chunker"), `request ${i}`).to.equal("size-262144");
        expect(request.parameters.get("pin"), `request ${i}`).to.equal("false");
        expect(request.parameters.get("trickle"), `request ${i}`).to.equal("false");
        expect(request.parameters.get("hash"), `request ${i}`).to.equal("sha2-256");
      }
    });

    it("adds without pinning", async function () {
      await store.add(HELLO);

      expect(await store.listPins()).to.deep.equal([]);
    });

    it("reads through block/get", async function () {
      const cid = await store.add(FIVE_CHUNKS);

      await store.cat(cid);

      const reads = server.commandsReceived().slice(1);
      expect(reads).to.deep.equal(Array(6).fill("block/get"));
    });

    it("rejects another CID version", async function () {
      const options = { cidVersion: 2 } as unknown as AddOptions;

      await expect(store.add(HELLO, options)).to.be.rejectedWith("Invalid cidVersion 2: expected 0 or 1.");
    });

    it("tells how many bytes it has sent", async function () {
      const path = join(directory, "document.bin");
      await writeFile(path, FIVE_CHUNKS);
      const reads: number[] = [];
      await store.addFile(path, { onRead: (bytesRead) => reads.push(bytesRead) });

      expect(reads.at(-1)).to.equal(FIVE_CHUNKS.length);
    });

    it("rejects a missing file", async function () {
      const path = join(directory, "missing.pdf");

      await expect(store.addFile(path)).to.be.rejectedWith(`File not found: ${path}.`);
      expect(server.requests).to.deep.equal([]);
    });

    it("rejects a folder", async function () {
      await expect(store.addFile(directory)).to.be.rejectedWith(`Cannot add ${directory}: expected a regular file.`);
    });
  });

  describe("untrusted node", function () {
    it("rejects a corrupt leaf", async function () {
      const cid = await store.add(FIVE_CHUNKS);
      server.corruptBlock(secondLeaf());

      await expect(store.cat(cid)).to.be.rejectedWith(
        `Cannot read ${cid} from the Kubo RPC API at ${store.url}: Block ${secondLeaf()} failed verification: ` +
          "the sha2-256 digest of the block that the node returned is ",
      );
    });

    it("rejects a corrupt root", async function () {
      const cid = await store.add(FIVE_CHUNKS, { cidVersion: 0 });
      server.corruptBlock(cid);

      await expect(store.cat(cid)).to.be.rejectedWith(`Block ${cid} failed verification`);
    });

    it("rejects a corrupt single block", async function () {
      const cid = await store.add(HELLO);
      server.corruptBlock(cid);

      await expect(store.cat(cid)).to.be.rejectedWith(
        `Block ${cid} failed verification: the sha2-256 digest of the block that the node returned`,
      );
    });

    it("rejects a corrupt block in an export", async function () {
      const cid = await store.add(FIVE_CHUNKS);
      server.corruptBlock(secondLeaf());

      await expect(store.exportCar(cid)).to.be.rejectedWith(
        `Cannot export ${cid}: the CAR file from the Kubo RPC API at ${store.url} is rejected: ` +
          `Block ${secondLeaf()} failed verification`,
      );
    });

    it("rejects a CID from other settings", async function () {
      server.ignoreCidVersion = true;

      await expect(store.add(HELLO)).to.be.rejectedWith(
        `The Kubo RPC API at ${store.url} returned ${HELLO_KUBO_V0} for the content, but Kubo's default ` +
          `layout gives ${rawBlockCid(HELLO)} (CIDv1, `,
      );
    });

    it("rejects a CID from other settings for a file", async function () {
      const path = join(directory, "minutes.txt");
      await writeFile(path, HELLO);
      server.ignoreCidVersion = true;

      await expect(store.addFile(path)).to.be.rejectedWith(`returned ${HELLO_KUBO_V0} for ${path}, but`);
      await expect(store.addFile(path)).to.be.rejectedWith(
        `If ${path} changed while it was being added, add it again.`,
      );
    });

    it("reports a missing block", async function () {
      const cid = rawBlockCid(HELLO);

      await expect(store.cat(cid)).to.be.rejectedWith(
        `Cannot read ${cid} from the Kubo RPC API at ${store.url}: block/get of ${cid} failed: ` +
          "the node returned HTTP 500: block was not found locally (offline)",
      );
    });
  });

  describe("pins", function () {
    it("pins, lists and unpins", async function () {
      const cid = await store.add(FIVE_CHUNKS);

      await store.pin(cid);
      expect(await store.listPins()).to.deep.equal([cid]);

      await store.unpin(cid);
      expect(await store.listPins()).to.deep.equal([]);
    });

    it("pins twice without error", async function () {
      const cid = await store.add(HELLO);

      await store.pin(cid);
      await store.pin(cid);

      expect(await store.listPins()).to.deep.equal([cid]);
    });

    it("lists canonical text of each version", async function () {
      const v0 = await store.add(HELLO, { cidVersion: 0 });
      const v1 = await store.add(HELLO);

      await store.pin(`ipfs://${v0}`);
      await store.pin(v1.toUpperCase());

      expect(await store.listPins()).to.deep.equal(await server.store.listPins());
      expect(await store.listPins())
        .to.have.members([v0, v1])
        .and.have.length(2);
    });

    it("lists only recursive pins", async function () {
      const cid = await store.add(FIVE_CHUNKS);
      await store.pin(cid);

      expect(await store.listPins()).to.deep.equal([cid]);
      const listing = server.requests.find((request) => request.command === "pin/ls");
      expect(listing?.parameters.get("type")).to.equal("recursive");
    });

    it("rejects pinning missing content", async function () {
      const cid = rawBlockCid(HELLO);

      await expect(store.pin(cid)).to.be.rejectedWith(
        `Cannot pin ${cid} on the Kubo RPC API at ${store.url}: the node returned HTTP 500: `,
      );
      expect(await store.listPins()).to.deep.equal([]);
    });

    it("rejects unpinning an unpinned CID", async function () {
      const cid = await store.add(HELLO);

      await expect(store.unpin(cid)).to.be.rejectedWith(
        `Cannot unpin ${cid} on the Kubo RPC API at ${store.url}: the node returned HTTP 500: ` +
          "not pinned or pinned indirectly.",
      );
    });
  });

  describe("CAR files", function () {
    for (const cidVersion of [0, 1] as const) {
      it(`moves a CIDv${cidVersion} file to the embedded store`, async function () {
        const cid = await store.add(FIVE_CHUNKS, { cidVersion });

        const roots = await embedded.importCar(await store.exportCar(cid));

        expect(roots).to.deep.equal([cid]);
        expect(sameBytes(await embedded.cat(cid), FIVE_CHUNKS)).to.be.true;
        expect(await embedded.listPins()).to.deep.equal([cid]);
      });

      it(`moves a CIDv${cidVersion} file from the embedded store`, async function () {
        const cid = await embedded.add(FIVE_CHUNKS, { cidVersion });

        const roots = await store.importCar(await embedded.exportCar(cid));

        expect(roots).to.deep.equal([cid]);
        expect(sameBytes(await store.cat(cid), FIVE_CHUNKS)).to.be.true;
        expect(await store.listPins()).to.deep.equal([cid]);
      });
    }

    it("exports the embedded store's bytes", async function () {
      const cid = await store.add(FIVE_CHUNKS);
      await embedded.add(FIVE_CHUNKS);

      expect(sameBytes(await store.exportCar(cid), await embedded.exportCar(cid))).to.be.true;
    });

    it("imports several roots", async function () {
      const first = await embedded.add(HELLO, { cidVersion: 0 });
      const second = await embedded.add(FIVE_CHUNKS);
      const { CarBlockIterator } = await loadCar();
      const blocks = [];
      for (const cid of [first, second]) {
        for await (const block of await CarBlockIterator.fromBytes(await embedded.exportCar(cid))) blocks.push(block);
      }

      const roots = await store.importCar(await encodeCar([CID.parse(first), CID.parse(second)], blocks));

      expect(roots).to.deep.equal([first, second]);
      expect(await store.listPins()).to.have.members([first, second]);
    });

    it("checks a CAR before sending it", async function () {
      const cid = await embedded.add(FIVE_CHUNKS);
      const { CarBlockIterator } = await loadCar();
      const blocks = [];
      for await (const block of await CarBlockIterator.fromBytes(await embedded.exportCar(cid))) blocks.push(block);
      const tampered = Buffer.from(blocks[2].bytes);
      tampered[0] ^= 0x01;
      blocks[2] = { cid: blocks[2].cid, bytes: tampered };

      await expect(store.importCar(await encodeCar([CID.parse(cid)], blocks))).to.be.rejectedWith(
        `Block ${blocks[2].cid} failed verification: the sha2-256 digest of its bytes in the CAR`,
      );
      expect(server.commandsReceived()).to.not.include("dag/import");
      expect(await store.listPins()).to.deep.equal([]);
    });
  });

  describe("errors", function () {
    it("rejects malformed CID text", async function () {
      for (const operation of [
        () => store.cat("Qm123"),
        () => store.pin("Qm123"),
        () => store.unpin("Qm123"),
        () => store.exportCar("Qm123"),
      ]) {
        await expect(operation()).to.be.rejectedWith('Invalid CID "Qm123": expected a CIDv0 (Qm…) of 46 characters');
      }
      expect(server.requests).to.deep.equal([]);
    });

    it("reports a closed port", async function () {
      const port = await freePort();
      const closed = new KuboStore(`http://127.0.0.1:${port}`);
      const url = `http://127.0.0.1:${port}/api/v0`;
      const advice = "cannot connect (ECONNREFUSED). Start the node with `ipfs daemon`, or set IPFS_API_URL";

      await expect(closed.add(HELLO)).to.be.rejectedWith(
        `Cannot add the content on the Kubo RPC API at ${url}: ${advice}`,
      );
      await expect(closed.listPins()).to.be.rejectedWith(`Cannot list pins on the Kubo RPC API at ${url}: ${advice}`);
      await expect(closed.cat(HELLO_KUBO_V0)).to.be.rejectedWith(
        `Cannot read ${HELLO_KUBO_V0} from the Kubo RPC API at ${url}: block/get of ${HELLO_KUBO_V0} failed: ${advice}`,
      );
    });

    it("raises StoreUnreachableError on a closed port", async function () {
      const closed = new KuboStore(`http://127.0.0.1:${await freePort()}`);
      const car = await embedded.exportCar(await embedded.add(HELLO));
      const file = join(directory, "statutes.md");
      await writeFile(file, HELLO);
      const operations: [string, () => Promise<unknown>][] = [
        ["add", () => closed.add(HELLO)],
        ["addFile", () => closed.addFile(file)],
        ["cat", () => closed.cat(HELLO_KUBO_V0)],
        ["pin", () => closed.pin(HELLO_KUBO_V0)],
        ["unpin", () => closed.unpin(HELLO_KUBO_V0)],
        ["listPins", () => closed.listPins()],
        ["exportCar", () => closed.exportCar(HELLO_KUBO_V0)],
        ["importCar", () => closed.importCar(car)],
      ];

      for (const [name, operation] of operations) {
        await expect(operation(), name).to.be.rejectedWith(StoreUnreachableError, `the Kubo RPC API at ${closed.url}`);
      }
    });

    it("raises StoreUnreachableError on a reset", async function () {
      const resetting = createNetServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => resetting.listen(0, "127.0.0.1", resolve));
      const address = resetting.address() as AddressInfo;
      const reset = new KuboStore(`http://127.0.0.1:${address.port}`);

      try {
        await expect(reset.listPins()).to.be.rejectedWith(StoreUnreachableError, "cannot connect (");
      } finally {
        await new Promise<void>((resolve) => resetting.close(() => resolve()));
      }
    });

    it("raises StoreUnreachableError on a timeout", async function () {
      server.stall = true;
      const slow = new KuboStore(server.url, { timeoutMs: 200 });

      await expect(slow.listPins()).to.be.rejectedWith(StoreUnreachableError);
    });

    it("keeps HTTP errors apart from unreachable", async function () {
      const wrong = new KuboStore(`${server.url}/ipfs`);

      const error = await wrong.listPins().then(
        () => expect.fail("listPins succeeded"),
        (failure: Error) => failure,
      );
      expect(error).not.to.be.instanceOf(StoreUnreachableError);
    });

    it("reports a timeout", async function () {
      server.stall = true;
      const slow = new KuboStore(server.url, { timeoutMs: 200 });

      await expect(slow.listPins()).to.be.rejectedWith(
        `Cannot list pins on the Kubo RPC API at ${slow.url}: no response within 0.2 s.`,
      );
    });

    it("reports a wrong API path", async function () {
      const wrong = new KuboStore(`${server.url}/ipfs`);

      await expect(wrong.listPins()).to.be.rejectedWith(
        `Cannot list pins on the Kubo RPC API at ${server.url}/ipfs: the node returned HTTP 404: ` +
          "404 page not found. Check that IPFS_API_URL is the address of the RPC API",
      );
    });

    it("accepts the API path in the URL", async function () {
      const withPath = new KuboStore(`${server.url}/api/v0/`);

      expect(withPath.url).to.equal(`${server.url}/api/v0`);
      expect(await withPath.add(HELLO)).to.equal(rawBlockCid(HELLO));
    });
  });
});
