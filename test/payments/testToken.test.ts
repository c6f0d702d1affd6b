import { expect } from "chai";

import { LOCAL_CHAIN_ID, parseRecipients } from "../../src/payments/testToken";

const ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("parseRecipients", function () {
  it("checksums and deduplicates addresses", function () {
    expect(parseRecipients(` ${ALICE.toLowerCase()}, ${BOB},${ALICE} ,`)).to.deep.equal([ALICE, BOB]);
  });

  it("rejects an empty list", function () {
    expect(() => parseRecipients(" , ")).to.throw("expected addresses separated by commas");
  });

  it("rejects an entry that is not an address", function () {
    expect(() => parseRecipients(`${ALICE},0x123`)).to.throw('"0x123" is not an address');
  });
});

describe("LOCAL_CHAIN_ID", function () {
  it("is the chain id of the Hardhat network", async function () {
    const { ethers } = await import("hardhat");

    expect((await ethers.provider.getNetwork()).chainId).to.equal(LOCAL_CHAIN_ID);
  });
});
