import { expect } from "chai";
import { loadFixture, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, ZeroHash } from "ethers";

import { ReentrantMemberMock__factory, type ReentrantMemberMock } from "../../typechain-types";
import { FOUNDER_COUNT } from "../helpers/fixtures";
import { AdmissionPolicy, deployMembershipFixture, type MembershipFixture } from "../helpers/membership";

/**
 * A membership token minted with `_safeMint` calls the receiver's `onERC721Received` hook, and a
 * contract that joins again from inside the hook, before admission has finished, could hold two
 * memberships. The register mints with `_mint`, which calls no hook, so the attacker is admitted
 * once and its hook never runs.
 */

/** Open admission without probation, and an attacker contract funded for two subscriptions. */
interface AttackFixture extends MembershipFixture {
  attacker: ReentrantMemberMock;
  attackerAddress: string;
  minimumShares: bigint;
}

async function deployAttackFixture(): Promise<AttackFixture> {
  const fixture = await deployMembershipFixture();
  await fixture.byTimelock.setAdmissionPolicy(AdmissionPolicy.Open);
  await fixture.byTimelock.setProbationPeriod(0);
  const attacker = await new ReentrantMemberMock__factory(fixture.deployer).deploy(
    await fixture.shares.getAddress(),
    await fixture.shares.minimumShares(),
  );
  const attackerAddress = await attacker.getAddress();
  const minimumShares = await attacker.joinShares();
  await setBalance(attackerAddress, 2n * minimumShares * (await fixture.shares.nominalValue()));
  return { ...fixture, attacker, attackerAddress, minimumShares };
}

describe("Reentrant admission", function () {
  it("admits contract once", async function () {
    const { membership, attacker, attackerAddress } = await loadFixture(deployAttackFixture);

    await attacker.join();

    expect(await membership.isMember(attackerAddress)).to.equal(true);
    expect(await membership.balanceOf(attackerAddress)).to.equal(1n);
    expect(await membership.memberCount()).to.equal(FOUNDER_COUNT + 1);
    expect(await membership.getVotes(attackerAddress)).to.equal(1n);
  });

  it("never calls receive hook", async function () {
    const { attacker } = await loadFixture(deployAttackFixture);

    await attacker.join();

    expect(await attacker.hookCalls()).to.equal(0n);
  });

  it("subscribes only once", async function () {
    const { shares, attacker, attackerAddress, minimumShares } = await loadFixture(deployAttackFixture);

    await attacker.join();

    expect(await shares.sharesOf(attackerAddress)).to.equal(minimumShares);
  });

  it("mints without hook", async function () {
    const { membership, attacker, attackerAddress } = await loadFixture(deployAttackFixture);

    await expect(attacker.join())
      .to.emit(membership, "Transfer")
      .withArgs(ZeroAddress, attackerAddress, BigInt(attackerAddress));
  });

  it("never calls hook on admission by timelock", async function () {
    const { membership, byTimelock, attacker, attackerAddress } = await loadFixture(deployAttackFixture);

    await byTimelock.admit(attackerAddress);

    expect(await membership.balanceOf(attackerAddress)).to.equal(1n);
    expect(await attacker.hookCalls()).to.equal(0n);
  });

  it("keeps one membership on second join", async function () {
    const { membership, attacker, attackerAddress } = await loadFixture(deployAttackFixture);
    await attacker.join();

    await attacker.join();

    expect(await membership.balanceOf(attackerAddress)).to.equal(1n);
    expect(await membership.memberCount()).to.equal(FOUNDER_COUNT + 1);
    expect(await membership.getVotes(attackerAddress)).to.equal(1n);
  });

  // The hook joins when it runs, so the tests above would catch a mint that called it.
  it("joins from hook when called", async function () {
    const { membership, shares, attacker, attackerAddress, minimumShares } = await loadFixture(deployAttackFixture);

    await attacker.onERC721Received(ZeroAddress, ZeroAddress, 0n, ZeroHash);

    expect(await attacker.hookCalls()).to.equal(1n);
    expect(await membership.isMember(attackerAddress)).to.equal(true);
    expect(await shares.sharesOf(attackerAddress)).to.equal(minimumShares);
  });
});
