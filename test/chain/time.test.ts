import { expect } from "chai";
import { ethers } from "hardhat";

import { catchUpWithClock, latestTimestamp, type RpcProvider } from "../../src/chain/time";

describe("catchUpWithClock", function () {
  it("mines when the chain is behind", async function () {
    const latest = await latestTimestamp(ethers.provider);
    const blockBefore = await ethers.provider.getBlockNumber();

    const mined = await catchUpWithClock(ethers.provider, latest + 100n);

    expect(mined).to.be.true;
    expect(await ethers.provider.getBlockNumber()).to.equal(blockBefore + 1);
  });

  it("leaves a current chain alone", async function () {
    const latest = await latestTimestamp(ethers.provider);
    const blockBefore = await ethers.provider.getBlockNumber();

    const mined = await catchUpWithClock(ethers.provider, latest);

    expect(mined).to.be.false;
    expect(await ethers.provider.getBlockNumber()).to.equal(blockBefore);
  });

  it("never mines on another chain", async function () {
    const requests: string[] = [];
    const otherChain = {
      getNetwork: async () => ({ chainId: 11155111n }),
      getBlock: async () => ({ timestamp: 0 }),
      send: async (method: string) => {
        requests.push(method);
        return null;
      },
    } as unknown as RpcProvider;

    const mined = await catchUpWithClock(otherChain, 1_000_000n);

    expect(mined).to.be.false;
    expect(requests).to.deep.equal([]);
  });
});
