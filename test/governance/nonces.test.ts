import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

import { CoopGovernorNonceHarness__factory } from "../../typechain-types";
import { deployCoopFixture } from "../helpers/fixtures";

/**
 * The governor combines OpenZeppelin's sequential and keyed nonces. Its checked-nonce override must
 * accept the next nonce of either kind and reject any other.
 */

/** A nonce whose high 192 bits select a keyed sequence. */
const KEY = 7n;

async function deployHarnessFixture() {
  const { deployer, founders, implementations } = await deployCoopFixture();
  const harness = await new CoopGovernorNonceHarness__factory(deployer).deploy();
  return { harness, owner: founders[0].address, implementations };
}

describe("CoopGovernor nonces", function () {
  it("accepts next sequential nonce", async function () {
    const { harness, owner } = await loadFixture(deployHarnessFixture);

    await harness.useCheckedNonce(owner, 0n);

    expect(await harness["nonces(address)"](owner)).to.equal(1n);
  });

  it("accepts next keyed nonce", async function () {
    const { harness, owner } = await loadFixture(deployHarnessFixture);

    await harness.useCheckedNonce(owner, KEY << 64n);

    expect(await harness["nonces(address,uint192)"](owner, KEY)).to.equal((KEY << 64n) + 1n);
  });

  it("rejects used keyed nonce", async function () {
    const { harness, owner } = await loadFixture(deployHarnessFixture);
    await harness.useCheckedNonce(owner, KEY << 64n);

    await expect(harness.useCheckedNonce(owner, KEY << 64n))
      .to.be.revertedWithCustomError(harness, "InvalidAccountNonce")
      .withArgs(owner, (KEY << 64n) + 1n);
  });

  it("reports implementation behind proxy", async function () {
    const { governor, implementations } = await loadFixture(deployCoopFixture);

    expect(await governor.implementation()).to.equal(implementations.governor);
  });
});
