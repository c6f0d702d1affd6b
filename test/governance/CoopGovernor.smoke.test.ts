import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { deployCoopFixture } from "../helpers/fixtures";
import { passProposal } from "../helpers/governance";

describe("CoopGovernor smoke", function () {
  it("admits a member through a proposal", async function () {
    const { governor, membership, founders, outsiders } = await loadFixture(deployCoopFixture);
    const newcomer = outsiders[0];
    await passProposal(governor, founders[0], founders.slice(0, 3), [
      {
        target: await membership.getAddress(),
        data: membership.interface.encodeFunctionData("admit", [newcomer.address]),
      },
    ]);
    expect(await membership.isMember(newcomer.address)).to.equal(true);
  });
});
