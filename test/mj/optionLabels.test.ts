import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { cidToText, parseCid, toIpfsUri } from "../../src/ipfs/cidText";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { labelText, labelTitle, pinOptionLabels, readOptionLabel } from "../../src/mj/optionLabels";

/** A CIDv1 (raw, sha2-256) whose content is in no test store. */
const ABSENT_CID = "bafkreialza2baxkmoyq735jopoyfcewj25z4uisz2g6jh5kiyo47fwasee";

describe("option labels", function () {
  let directory: string;
  let store: EmbeddedStore;

  beforeEach(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-labels-"));
    store = new EmbeddedStore(join(directory, "ipfs"));
  });

  afterEach(async function () {
    await rm(directory, { recursive: true, force: true });
  });

  describe("pinOptionLabels", function () {
    it("pins a text label", async function () {
      const [label] = await pinOptionLabels(store, [{ label: { text: "Admit Dana" }, actions: [] }]);

      expect(label.pinned).to.be.true;
      expect(label.cid).to.match(/^bafkrei[a-z2-7]+$/);
      expect(label.binary).to.equal(parseCid(label.cid));
      expect(label.uri).to.equal(toIpfsUri(label.binary));
      expect(await store.listPins()).to.include(label.cid);
      expect(new TextDecoder().decode(await store.cat(label.cid))).to.equal("Admit Dana");
    });

    it("pins a label file as it is", async function () {
      const file = join(directory, "eli.md");
      await writeFile(file, "# Admit Eli\n\nEli repairs bikes.\n");

      const [label] = await pinOptionLabels(store, [{ label: { file }, actions: [] }]);

      expect(label.cid).to.equal(await store.addFile(file, { cidVersion: 1 }));
      expect(await store.listPins()).to.include(label.cid);
    });

    it("passes a label CID through", async function () {
      const binary = parseCid(ABSENT_CID);

      const [label] = await pinOptionLabels(store, [{ label: { cid: binary }, actions: [] }]);

      expect(label).to.deep.equal({ binary, cid: ABSENT_CID, uri: `ipfs://${ABSENT_CID}`, pinned: false });
      expect(await store.listPins()).to.deep.equal([]);
    });

    it("names the option of a missing file", async function () {
      const file = join(directory, "missing.md");

      const pinning = pinOptionLabels(store, [
        { label: { text: "A" }, actions: [] },
        { label: { file }, actions: [] },
      ]);

      await expect(pinning).to.be.rejectedWith(`Cannot pin the label file ${JSON.stringify(file)} of options[1]`);
    });
  });

  describe("readOptionLabel", function () {
    it("reads the title of a pinned label", async function () {
      const [label] = await pinOptionLabels(store, [{ label: { text: "Admit Dana" }, actions: [] }]);

      expect(await readOptionLabel(store, label.binary)).to.deep.equal({ cid: label.cid, title: "Admit Dana" });
    });

    it("gives the CID of a label not in the store", async function () {
      const display = await readOptionLabel(store, parseCid(ABSENT_CID));

      expect(display).to.deep.equal({ cid: ABSENT_CID });
      expect(labelText(display)).to.equal(ABSENT_CID);
    });

    it("gives the CID of binary content", async function () {
      const cid = await store.add(new Uint8Array([0xff, 0xfe, 0x00, 0x80]), { cidVersion: 1 });

      expect(await readOptionLabel(store, parseCid(cid))).to.deep.equal({ cid: cidToText(parseCid(cid)) });
    });
  });

  describe("labelTitle", function () {
    const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

    it("takes the first non-empty line", function () {
      expect(labelTitle(encode("\n\n  Bakery on Main Street  \nOpen every day\n"))).to.equal("Bakery on Main Street");
    });

    it("drops a Markdown heading mark", function () {
      expect(labelTitle(encode("## Admit Eli\r\n\r\nEli repairs bikes."))).to.equal("Admit Eli");
    });

    it("gives nothing for blank text", function () {
      expect(labelTitle(encode(" \n#\n"))).to.be.undefined;
    });

    it("gives nothing for invalid UTF-8", function () {
      expect(labelTitle(new Uint8Array([0x41, 0xc3]))).to.be.undefined;
    });
  });
});
