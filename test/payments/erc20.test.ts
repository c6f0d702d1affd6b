import { expect } from "chai";
import { ethers } from "hardhat";

import { EtherReceiverMock__factory, TokenMock__factory } from "../../typechain-types";
import { erc20BalanceOf } from "../../src/payments/erc20";
import { deployCoopFixture } from "../helpers/fixtures";

describe("erc20BalanceOf", function () {
  it("returns the balance of an ERC-20 token", async function () {
    const [deployer, holder] = await ethers.getSigners();
    const token = await new TokenMock__factory(deployer).deploy();
    await (await token.mint(holder.address, 1_500_000n)).wait();

    expect(await erc20BalanceOf(ethers.provider, await token.getAddress(), holder.address)).to.equal(1_500_000n);
  });

  it("returns undefined for a contract without balanceOf", async function () {
    const [deployer] = await ethers.getSigners();
    const receiver = await new EtherReceiverMock__factory(deployer).deploy();

    expect(await erc20BalanceOf(ethers.provider, await receiver.getAddress(), deployer.address)).to.be.undefined;
  });

  it("returns undefined for an ERC-721 register", async function () {
    const { membership, founders } = await deployCoopFixture();

    expect(await erc20BalanceOf(ethers.provider, await membership.getAddress(), founders[0].address)).to.be.undefined;
    expect(await membership.balanceOf(founders[0].address), "has an ERC-721 balanceOf").to.equal(1n);
  });

  it("returns undefined for an address without code", async function () {
    const [deployer, other] = await ethers.getSigners();

    expect(await erc20BalanceOf(ethers.provider, other.address, deployer.address)).to.be.undefined;
  });
});
