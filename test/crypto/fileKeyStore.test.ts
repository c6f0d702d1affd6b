import { expect } from "chai";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

import { hexlify } from "ethers";

import { DEFAULT_KEY_STORE_DIRECTORY, FileKeyStore } from "../../src/crypto/fileKeyStore";
import { temporaryFolder } from "../helpers/crypto";

const DOCUMENT = "0x00112233445566778899aabbccddeeff";
const OTHER_DOCUMENT = "0xffeeddccbbaa99887766554433221100";
const ALICE = `0x${"a1".repeat(32)}`;
const BOB = `0x${"b0".repeat(32)}`;
const CAROL = `0x${"0c".repeat(32)}`;

function bytes(fill: number, length = 158): Uint8Array {
  return new Uint8Array(length).fill(fill);
}

/** Returns the permission bits of a file or folder. */
async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe("FileKeyStore", function () {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  let directory: string;
  let store: FileKeyStore;

  beforeEach(async function () {
    folder = await temporaryFolder("coop-keystore-");
    directory = join(folder.path, "keys");
    store = new FileKeyStore(directory);
  });

  afterEach(async function () {
    await folder.remove();
  });

  it("defaults to .coop-data/keys", function () {
    expect(DEFAULT_KEY_STORE_DIRECTORY).to.equal(resolve(__dirname, "..", "..", ".coop-data", "keys"));
  });

  describe("put and get", function () {
    it("round trip", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));

      expect(hexlify((await store.get(DOCUMENT, ALICE))!)).to.equal(hexlify(bytes(1)));
    });

    it("missing key is undefined", async function () {
      expect(await store.get(DOCUMENT, ALICE)).to.be.undefined;
    });

    it("one file per key", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));

      expect(await readdir(join(directory, DOCUMENT.slice(2)))).to.deep.equal([`${ALICE.slice(2)}.key`]);
      expect(store.pathOf(DOCUMENT, ALICE)).to.equal(join(directory, DOCUMENT.slice(2), `${ALICE.slice(2)}.key`));
    });

    it("replaces an existing key", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));
      await store.put(DOCUMENT, ALICE, bytes(2, 10));

      expect(hexlify((await store.get(DOCUMENT, ALICE))!)).to.equal(hexlify(bytes(2, 10)));
    });

    it("keys of one recipient per document", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));
      await store.put(OTHER_DOCUMENT, ALICE, bytes(2));

      expect(hexlify((await store.get(DOCUMENT, ALICE))!)).to.equal(hexlify(bytes(1)));
      expect(hexlify((await store.get(OTHER_DOCUMENT, ALICE))!)).to.equal(hexlify(bytes(2)));
    });

    it("rejects an empty wrapped key", async function () {
      await expect(store.put(DOCUMENT, ALICE, new Uint8Array(0))).to.be.rejectedWith(
        TypeError,
        "expected a non-empty Uint8Array",
      );
    });
  });

  describe("file modes", function () {
    it("key file is 0600", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));

      expect(await modeOf(store.pathOf(DOCUMENT, ALICE))).to.equal(0o600);
    });

    it("folders are 0700", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));

      expect(await modeOf(directory)).to.equal(0o700);
      expect(await modeOf(store.folderOf(DOCUMENT))).to.equal(0o700);
    });
  });

  describe("atomic writes", function () {
    it("leaves no temporary file", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));
      await store.put(DOCUMENT, ALICE, bytes(2));

      expect(await readdir(store.folderOf(DOCUMENT))).to.deep.equal([`${ALICE.slice(2)}.key`]);
    });

    it("readers see whole keys only", async function () {
      const first = bytes(0xaa, 256 * 1024);
      const second = bytes(0xbb, 256 * 1024);
      await store.put(DOCUMENT, ALICE, first);

      const writes = Array.from({ length: 20 }, (_, i) => store.put(DOCUMENT, ALICE, i % 2 === 0 ? second : first));
      const reads = Array.from({ length: 40 }, () => store.get(DOCUMENT, ALICE));
      const [, results] = await Promise.all([Promise.all(writes), Promise.all(reads)]);

      for (const [i, result] of results.entries()) {
        expect(result, `read ${i}`).to.have.length(first.length);
        expect(new Set(result), `bytes of read ${i}`).to.have.property("size", 1);
      }
    });

    it("failed write leaves no temporary file", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));
      // A folder in place of Bob's file makes the final rename fail, after the temporary file is written.
      const bobPath = store.pathOf(DOCUMENT, BOB);
      await mkdir(bobPath);

      await expect(store.put(DOCUMENT, BOB, bytes(3))).to.be.rejected;

      expect(hexlify((await store.get(DOCUMENT, ALICE))!)).to.equal(hexlify(bytes(1)));
      expect((await readdir(store.folderOf(DOCUMENT))).sort()).to.deep.equal(
        [`${ALICE.slice(2)}.key`, `${BOB.slice(2)}.key`].sort(),
      );
      expect((await stat(bobPath)).isDirectory()).to.be.true;
    });
  });

  describe("listRecipients", function () {
    it("sorted key ids", async function () {
      await store.put(DOCUMENT, BOB, bytes(1));
      await store.put(DOCUMENT, CAROL, bytes(2));
      await store.put(DOCUMENT, ALICE, bytes(3));

      expect(await store.listRecipients(DOCUMENT)).to.deep.equal([CAROL, ALICE, BOB]);
    });

    it("unknown document is empty", async function () {
      expect(await store.listRecipients(DOCUMENT)).to.deep.equal([]);
    });

    it("skips temporary and other files", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));
      await writeFile(join(store.folderOf(DOCUMENT), `.${BOB.slice(2)}.key.1234.tmp`), "partial");
      await writeFile(join(store.folderOf(DOCUMENT), "notes.txt"), "other");

      expect(await store.listRecipients(DOCUMENT)).to.deep.equal([ALICE]);
    });
  });

  describe("delete", function () {
    it("one recipient", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));
      await store.put(DOCUMENT, BOB, bytes(2));

      expect(await store.delete(DOCUMENT, ALICE)).to.be.true;

      expect(await store.get(DOCUMENT, ALICE)).to.be.undefined;
      expect(await store.listRecipients(DOCUMENT)).to.deep.equal([BOB]);
    });

    it("missing key returns false", async function () {
      expect(await store.delete(DOCUMENT, ALICE)).to.be.false;
    });

    it("last key removes the folder", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));

      await store.delete(DOCUMENT, ALICE);

      expect(await readdir(directory)).to.deep.equal([]);
    });
  });

  describe("deleteAll", function () {
    it("every key of the document", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));
      await store.put(DOCUMENT, BOB, bytes(2));
      await store.put(OTHER_DOCUMENT, ALICE, bytes(3));

      expect(await store.deleteAll(DOCUMENT)).to.equal(2);

      expect(await store.listRecipients(DOCUMENT)).to.deep.equal([]);
      expect(await readdir(directory)).to.deep.equal([OTHER_DOCUMENT.slice(2)]);
      expect(await store.listRecipients(OTHER_DOCUMENT)).to.deep.equal([ALICE]);
    });

    it("removes leftover temporary files", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));
      await writeFile(join(store.folderOf(DOCUMENT), `.${BOB.slice(2)}.key.1234.tmp`), "partial");

      expect(await store.deleteAll(DOCUMENT)).to.equal(1);

      expect(await readdir(directory)).to.deep.equal([]);
    });

    it("keeps a folder with other files", async function () {
      await store.put(DOCUMENT, ALICE, bytes(1));
      await writeFile(join(store.folderOf(DOCUMENT), "notes.txt"), "other");

      await store.deleteAll(DOCUMENT);

      expect(await readdir(store.folderOf(DOCUMENT))).to.deep.equal(["notes.txt"]);
    });

    it("unknown document deletes nothing", async function () {
      expect(await store.deleteAll(DOCUMENT)).to.equal(0);
    });
  });

  describe("id checks", function () {
    const invalidDocumentIds: [string, string][] = [
      ["no 0x", DOCUMENT.slice(2)],
      ["uppercase", DOCUMENT.toUpperCase().replace("0X", "0x")],
      ["too short", DOCUMENT.slice(0, -2)],
      ["path traversal", "../../../etc/passwd"],
    ];
    for (const [label, documentId] of invalidDocumentIds) {
      it(`document id ${label}`, async function () {
        await expect(store.put(documentId, ALICE, bytes(1))).to.be.rejectedWith(TypeError, "Invalid document id");
      });
    }

    it("recipient id too long", async function () {
      await expect(store.get(DOCUMENT, `${ALICE}00`)).to.be.rejectedWith(TypeError, "Invalid key id");
    });
  });
});
