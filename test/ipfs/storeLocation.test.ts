import { expect } from "chai";

import type { ContentStore } from "../../src/ipfs/contentStore";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { KuboStore } from "../../src/ipfs/kuboStore";
import { describeStoreLocation, storeAddress, storeLocation } from "../../src/ipfs/storeLocation";

describe("storeLocation", function () {
  it("locates an embedded store", function () {
    const location = storeLocation(new EmbeddedStore("/tmp/coop-store"));

    expect(location).to.deep.equal({ kind: "embedded", directory: "/tmp/coop-store" });
    expect(storeAddress(location)).to.equal("/tmp/coop-store");
    expect(describeStoreLocation(location)).to.equal("the embedded store in /tmp/coop-store");
  });

  it("locates a Kubo node", function () {
    const location = storeLocation(new KuboStore("http://127.0.0.1:5001"));

    expect(location).to.deep.equal({ kind: "kubo", apiUrl: "http://127.0.0.1:5001/api/v0" });
    expect(storeAddress(location)).to.equal("http://127.0.0.1:5001/api/v0");
    expect(describeStoreLocation(location)).to.equal("the IPFS node at http://127.0.0.1:5001/api/v0 (IPFS_API_URL)");
  });

  it("rejects another store", function () {
    class OtherStore {}

    expect(() => storeLocation(new OtherStore() as unknown as ContentStore)).to.throw(
      "Unknown content store OtherStore: expected an EmbeddedStore or a KuboStore.",
    );
  });
});
