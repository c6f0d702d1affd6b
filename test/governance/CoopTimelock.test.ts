import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, ZeroHash } from "ethers";

import { DEFAULT_SETTINGS } from "../../src/deploy/cooperative";
import { CoopTimelock__factory } from "../../typechain-types";
import { deployCoopFixture } from "../helpers/fixtures";
import { admitAction } from "../helpers/governance";

describe("CoopTimelock", function () {
  describe("roles", function () {
    it("gives governor proposer role", async function () {
      const { timelock, governor } = await loadFixture(deployCoopFixture);

      expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), await governor.getAddress())).to.equal(true);
    });

    it("gives governor canceller role", async function () {
      const { timelock, governor } = await loadFixture(deployCoopFixture);

      expect(await timelock.hasRole(await timelock.CANCELLER_ROLE(), await governor.getAddress())).to.equal(true);
    });

    it("gives governor executor role", async function () {
      const { timelock, governor } = await loadFixture(deployCoopFixture);

      expect(await timelock.hasRole(await timelock.EXECUTOR_ROLE(), await governor.getAddress())).to.equal(true);
    });

    it("gives no role to deployer or founders", async function () {
      const { timelock, deployer, founders } = await loadFixture(deployCoopFixture);
      const roles = {
        DEFAULT_ADMIN_ROLE: await timelock.DEFAULT_ADMIN_ROLE(),
        PROPOSER_ROLE: await timelock.PROPOSER_ROLE(),
        CANCELLER_ROLE: await timelock.CANCELLER_ROLE(),
        EXECUTOR_ROLE: await timelock.EXECUTOR_ROLE(),
      };

      for (const account of [deployer, ...founders]) {
        for (const [name, role] of Object.entries(roles)) {
          expect(await timelock.hasRole(role, account.address), `${name} of ${account.address}`).to.equal(false);
        }
      }
    });

    it("keeps executor role closed", async function () {
      const { timelock } = await loadFixture(deployCoopFixture);

      expect(await timelock.hasRole(await timelock.EXECUTOR_ROLE(), ZeroAddress)).to.equal(false);
    });

    it("grants admin role only to itself", async function () {
      const { timelock } = await loadFixture(deployCoopFixture);
      const adminRole = await timelock.DEFAULT_ADMIN_ROLE();

      // AccessControl cannot list role holders, so read every grant since deployment.
      const grants = await timelock.queryFilter(timelock.filters.RoleGranted(adminRole));

      expect(grants.map((grant) => grant.args.account)).to.deep.equal([await timelock.getAddress()]);
      expect(await timelock.hasRole(adminRole, await timelock.getAddress())).to.equal(true);
    });

    it("rejects grantRole by founder", async function () {
      const { timelock, founders } = await loadFixture(deployCoopFixture);
      const adminRole = await timelock.DEFAULT_ADMIN_ROLE();

      await expect(timelock.connect(founders[0]).grantRole(await timelock.EXECUTOR_ROLE(), founders[0].address))
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(founders[0].address, adminRole);
    });
  });

  describe("direct calls", function () {
    it("rejects execute by member", async function () {
      const { timelock, membership, founders, outsiders } = await loadFixture(deployCoopFixture);
      const action = await admitAction(membership, outsiders[0].address);

      await expect(timelock.connect(founders[0]).execute(action.target, 0n, action.data, ZeroHash, ZeroHash))
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(founders[0].address, await timelock.EXECUTOR_ROLE());
    });

    it("rejects execute by outsider", async function () {
      const { timelock, membership, outsiders } = await loadFixture(deployCoopFixture);
      const action = await admitAction(membership, outsiders[0].address);

      await expect(timelock.connect(outsiders[0]).execute(action.target, 0n, action.data, ZeroHash, ZeroHash))
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(outsiders[0].address, await timelock.EXECUTOR_ROLE());
    });

    it("rejects executeBatch by member", async function () {
      const { timelock, membership, founders, outsiders } = await loadFixture(deployCoopFixture);
      const action = await admitAction(membership, outsiders[0].address);

      await expect(timelock.connect(founders[0]).executeBatch([action.target], [0n], [action.data], ZeroHash, ZeroHash))
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(founders[0].address, await timelock.EXECUTOR_ROLE());
    });

    it("rejects executeBatch by outsider", async function () {
      const { timelock, membership, outsiders } = await loadFixture(deployCoopFixture);
      const action = await admitAction(membership, outsiders[0].address);

      await expect(
        timelock.connect(outsiders[0]).executeBatch([action.target], [0n], [action.data], ZeroHash, ZeroHash),
      )
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(outsiders[0].address, await timelock.EXECUTOR_ROLE());
    });

    it("rejects schedule by member", async function () {
      const { timelock, membership, founders, outsiders } = await loadFixture(deployCoopFixture);
      const action = await admitAction(membership, outsiders[0].address);

      await expect(
        timelock
          .connect(founders[0])
          .schedule(action.target, 0n, action.data, ZeroHash, ZeroHash, DEFAULT_SETTINGS.timelockDelay),
      )
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(founders[0].address, await timelock.PROPOSER_ROLE());
    });

    it("rejects scheduleBatch by deployer", async function () {
      const { timelock, membership, deployer, outsiders } = await loadFixture(deployCoopFixture);
      const action = await admitAction(membership, outsiders[0].address);

      await expect(
        timelock
          .connect(deployer)
          .scheduleBatch([action.target], [0n], [action.data], ZeroHash, ZeroHash, DEFAULT_SETTINGS.timelockDelay),
      )
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(deployer.address, await timelock.PROPOSER_ROLE());
    });

    it("rejects cancel by member", async function () {
      const { timelock, founders } = await loadFixture(deployCoopFixture);

      await expect(timelock.connect(founders[0]).cancel(ZeroHash))
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(founders[0].address, await timelock.CANCELLER_ROLE());
    });

    it("rejects updateDelay by member", async function () {
      const { timelock, founders } = await loadFixture(deployCoopFixture);

      await expect(timelock.connect(founders[0]).updateDelay(0n))
        .to.be.revertedWithCustomError(timelock, "TimelockUnauthorizedCaller")
        .withArgs(founders[0].address);
    });
  });

  describe("constructor", function () {
    it("sets minimum delay", async function () {
      const { timelock } = await loadFixture(deployCoopFixture);

      expect(await timelock.getMinDelay()).to.equal(BigInt(DEFAULT_SETTINGS.timelockDelay));
    });

    it("rejects empty governor list", async function () {
      const { deployer, timelock } = await loadFixture(deployCoopFixture);

      await expect(
        new CoopTimelock__factory(deployer).deploy(DEFAULT_SETTINGS.timelockDelay, []),
      ).to.be.revertedWithCustomError(timelock, "CoopTimelockNoGovernor");
    });

    it("rejects zero governor", async function () {
      const { deployer, governor, timelock } = await loadFixture(deployCoopFixture);

      await expect(
        new CoopTimelock__factory(deployer).deploy(DEFAULT_SETTINGS.timelockDelay, [
          await governor.getAddress(),
          ZeroAddress,
        ]),
      )
        .to.be.revertedWithCustomError(timelock, "CoopTimelockZeroGovernor")
        .withArgs(1n);
    });

    it("accepts several governors", async function () {
      const { deployer, founders } = await loadFixture(deployCoopFixture);
      const governors = [founders[0].address, founders[1].address];

      const timelock = await new CoopTimelock__factory(deployer).deploy(DEFAULT_SETTINGS.timelockDelay, governors);

      for (const governor of governors) {
        expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), governor), governor).to.equal(true);
        expect(await timelock.hasRole(await timelock.EXECUTOR_ROLE(), governor), governor).to.equal(true);
      }
    });
  });
});
