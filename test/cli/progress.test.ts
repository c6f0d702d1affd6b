import { expect } from "chai";
import { ethers, network } from "hardhat";

import { byteProgress, waitWithProgress, type SentTransaction } from "../../src/cli/progress";

/** Chain id of a public testnet, under which the progress lines appear. */
const SEPOLIA_CHAIN_ID = 11155111n;

describe("waitWithProgress", function () {
  afterEach(async function () {
    await network.provider.send("evm_setAutomine", [true]);
  });

  /** Sends a transfer that stays unmined until the test mines a block. */
  async function pendingTransfer(): Promise<SentTransaction<{ hash: string }>> {
    const [sender, recipient] = await ethers.getSigners();
    await network.provider.send("evm_setAutomine", [false]);
    return sender.sendTransaction({ to: recipient.address, value: 1n });
  }

  it("reports a transaction on a public chain until it is mined", async function () {
    const sent = await pendingTransfer();
    const lines: string[] = [];
    const mined = new Promise<void>((resolve) => {
      const report = (line: string): void => {
        lines.push(line);
        if (line.includes("still waiting")) void network.provider.send("evm_mine").then(() => resolve());
      };
      void waitWithProgress("Transfer", { ...sent, chainId: SEPOLIA_CHAIN_ID, wait: () => sent.wait() }, report, 20);
    });
    await mined;

    expect(lines[0]).to.equal(`Transfer: sent ${sent.hash}, waiting for it to be mined...`);
    expect(lines[1]).to.match(new RegExp(`^Transfer: still waiting for ${sent.hash} after \\d+ s$`));
  });

  it("returns the receipt", async function () {
    const sent = await pendingTransfer();
    const waiting = waitWithProgress(
      "Transfer",
      { ...sent, chainId: SEPOLIA_CHAIN_ID, wait: () => sent.wait() },
      () => {},
      20,
    );
    await network.provider.send("evm_mine");

    expect((await waiting)?.hash).to.equal(sent.hash);
  });

  it("stays quiet on a local node", async function () {
    const sent = await pendingTransfer();
    const lines: string[] = [];
    const waiting = waitWithProgress("Transfer", sent, (line) => lines.push(line), 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await network.provider.send("evm_mine");
    await waiting;

    expect(lines).to.deep.equal([]);
  });
});

describe("byteProgress", function () {
  const MIB = 1024 * 1024;

  it("reports each tenth once", function () {
    const lines: string[] = [];
    const onRead = byteProgress("Adding a.bin", 10 * MIB, (line) => lines.push(line));
    for (const read of [MIB / 2, MIB, 1.5 * MIB, 2 * MIB, 10 * MIB]) onRead(read);

    expect(lines).to.deep.equal([
      "Adding a.bin: 10% (1.0 of 10.0 MiB)",
      "Adding a.bin: 20% (2.0 of 10.0 MiB)",
      "Adding a.bin: 100% (10.0 of 10.0 MiB)",
    ]);
  });

  it("finishes an empty file at once", function () {
    const lines: string[] = [];
    byteProgress("Adding empty.bin", 0, (line) => lines.push(line))(0);

    expect(lines).to.deep.equal(["Adding empty.bin: 100% (0.0 of 0.0 MiB)"]);
  });
});
