import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { DeployFunction } from "hardhat-deploy/types";

/**
 * Deploys the factory over the shared implementations that `001_implementations.ts` recorded.
 *
 * Re-running it deploys nothing while the factory's code and its implementations stay the same. A
 * new implementation gives a new factory, because the factory cannot change its own: that is a
 * release. Cooperatives made by the earlier factory keep their proxies until a proposal upgrades them.
 */
const deployFactory: DeployFunction = async (hre: HardhatRuntimeEnvironment) => {
  const { deployer } = await hre.getNamedAccounts();
  const implementation = async (name: string) => (await hre.deployments.get(name)).address;
  await hre.deployments.deploy("CoopFactory", {
    contract: "CoopFactory",
    from: deployer,
    args: [
      await implementation("CoopMembership"),
      await implementation("CoopGovernor"),
      await implementation("CoopShares"),
      await implementation("CoopCharter"),
      await implementation("CoopJudgmentGovernor"),
      await implementation("FeeRouter"),
    ],
    log: hre.network.name !== "hardhat",
    waitConfirmations: hre.network.live ? 2 : 1,
  });
};

deployFactory.tags = ["factory"];
deployFactory.dependencies = ["implementations"];
export default deployFactory;
