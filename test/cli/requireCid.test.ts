import { expect } from "chai";

import { parseCid, toCidV1 } from "../../src/ipfs/cidText";
import { requireCid } from "../../tasks/lib";

/** One document, "hello world\n" added by Kubo as a CIDv0, in the spellings a member may paste. */
const CID_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
const CID_V1 = "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby";

describe("requireCid", function () {
  it("maps v0 and v1 alike", async function () {
    expect(await requireCid(CID_V0, "--cid")).to.equal(await requireCid(CID_V1, "--cid"));
  });

  it("returns the CIDv1 bytes", async function () {
    expect(await requireCid(CID_V0, "--cid")).to.equal(toCidV1(parseCid(CID_V1)));
  });

  it("turns binary CIDv0 into CIDv1", async function () {
    expect(await requireCid(parseCid(CID_V0), "--cid")).to.equal(toCidV1(parseCid(CID_V0)));
  });

  it("accepts an ipfs:// URI", async function () {
    expect(await requireCid(`ipfs://${CID_V0}`, "--cid")).to.equal(toCidV1(parseCid(CID_V0)));
  });

  it("names the flag of a malformed CID", async function () {
    await expect(requireCid("Qm123", "--reason-cid")).to.be.rejectedWith("Invalid --reason-cid");
  });

  it("names the flag of malformed hex", async function () {
    await expect(requireCid("0x1220", "--order")).to.be.rejectedWith('Invalid --order "0x1220"');
  });
});
