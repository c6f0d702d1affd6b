import { expect } from "chai";

import { DEFAULT_STORE_DIRECTORY } from "../../src/ipfs/embeddedStore";
import { LOCAL_CHAIN_ID, localPinningWarning } from "../../src/ipfs/localPinningWarning";

const SEPOLIA = 11_155_111n;
const URI = "ipfs://bafkreifj7dmkdkvjrziwmkssewqrnaqrg4l2glj5lda2ce7t6jbqeu4cue";
const LABEL_URI = "ipfs://bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq";

describe("localPinningWarning", function () {
  it("stays silent on a local chain", function () {
    expect(localPinningWarning(LOCAL_CHAIN_ID, {}, [URI])).to.equal(undefined);
    expect(localPinningWarning(31337n, { IPFS_STORE_DIR: "/tmp/store" })).to.equal(undefined);
  });

  it("stays silent with IPFS_API_URL", function () {
    expect(localPinningWarning(SEPOLIA, { IPFS_API_URL: "http://127.0.0.1:5001" }, [URI])).to.equal(undefined);
  });

  it("warns on another chain", function () {
    const warning = localPinningWarning(SEPOLIA, { IPFS_STORE_DIR: "/tmp/store" }, [URI]);

    expect(warning).to.include(`chain ${SEPOLIA} is not a local network (chain id 31337)`);
    expect(warning).to.include(`${URI} is pinned only in the embedded store on this machine (/tmp/store)`);
    expect(warning).to.include("other members cannot reach");
  });

  it("gives both fixes", function () {
    const warning = localPinningWarning(SEPOLIA, {}, [URI]);

    expect(warning).to.include("Set IPFS_API_URL in .env");
    expect(warning).to.include(`\`npx hardhat ipfs:export --cid ${URI} --out FILE.car\``);
    expect(warning).to.include("upload the CAR file to a pinning service");
  });

  it("counts a blank IPFS_API_URL as unset", function () {
    for (const value of ["", "  "]) {
      expect(localPinningWarning(SEPOLIA, { IPFS_API_URL: value }), JSON.stringify(value)).to.be.a("string");
    }
  });

  it("names the default folder", function () {
    expect(localPinningWarning(SEPOLIA, { IPFS_STORE_DIR: " " })).to.include(`(${DEFAULT_STORE_DIRECTORY})`);
  });

  it("names every document", function () {
    const warning = localPinningWarning(SEPOLIA, {}, [URI, LABEL_URI]);

    expect(warning).to.include(`${URI}, ${LABEL_URI} are pinned only in the embedded store`);
  });

  it("warns before any document", function () {
    const warning = localPinningWarning(SEPOLIA, {});

    expect(warning).to.include("the documents that proposals cite will be pinned only in the embedded store");
    expect(warning).to.include("`npx hardhat ipfs:export --cid CID --out FILE.car`");
  });
});
