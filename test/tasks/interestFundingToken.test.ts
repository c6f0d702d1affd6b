import { expect } from "chai";

import hre, { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { CoopShares__factory, TokenMock__factory, type CoopShares, type TokenMock } from "../../typechain-types";
import { loadCoopAddresses } from "../../tasks/lib";
import { minimalConfig } from "../helpers/config";
import { deployRecordedCoop, runTask } from "../helpers/inProcessTask";

/** Symbol of the cooperative that this file deploys, whose shares are paid in a 6-decimal token. */
const SYMBOL = "TOKENPOT";

/** Amount that the test adds to the interest pot: 5 tEUR, in the token's smallest units. */
const FUNDED = 5_000_000n;

describe("shares:interest --fund in an ERC-20 token", function () {
  this.timeout(120_000);

  let folder: string;
  let forget: (() => Promise<void>) | undefined;
  let shares: CoopShares;
  let token: TokenMock;
  let funder: HardhatEthersSigner;

  before(async function () {
    [, funder] = await ethers.getSigners();
    token = await new TokenMock__factory(funder).deploy();
    await token.mint(funder.address, FUNDED);
    folder = await mkdtemp(path.join(tmpdir(), "coop-tokenpot-"));
    const configPath = path.join(folder, "cooperative.json");
    const config = {
      ...minimalConfig(),
      symbol: SYMBOL,
      capital: {
        paymentToken: await token.getAddress(),
        decimals: 6,
        nominalValue: "10",
        minimumShares: 1,
        noticePeriod: "30 days",
        floorBps: 5000,
      },
    };
    await writeFile(configPath, JSON.stringify(config));
    ({ forget } = await deployRecordedCoop(SYMBOL, { coopConfig: configPath, salt: "token-pot" }));
    shares = CoopShares__factory.connect((await loadCoopAddresses(hre, SYMBOL)).shares, ethers.provider);
  });

  after(async function () {
    await forget?.();
    await rm(folder, { recursive: true, force: true });
  });

  it("approves then funds the pot", async function () {
    const { lines } = await runTask("shares:interest", { coop: SYMBOL, fund: "5", from: funder.address });

    expect(lines).to.deep.equal([`${funder.address} added 5.0 tEUR to the interest pot, which now holds 5.0 tEUR.`]);
  });

  it("moves the tokens to the shares contract", async function () {
    expect(await token.balanceOf(await shares.getAddress())).to.equal(FUNDED);
  });

  it("records them in the pot", async function () {
    expect(await shares.interestPot()).to.equal(FUNDED);
  });
});
