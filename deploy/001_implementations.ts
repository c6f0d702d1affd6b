import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { DeployFunction } from "hardhat-deploy/types";

/**
 * Deploys the shared implementations that every cooperative's proxies point to.
 *
 * Re-running it deploys nothing when the recorded implementations still match the compiled code.
 * Implementations disable their own initializers, so nobody can take them over.
 */
const deployImplementations: DeployFunction = async (hre: HardhatRuntimeEnvironment) => {
  const { deployer } = await hre.getNamedAccounts();
  for (const contract of [
    "CoopMembership",
    "CoopGovernor",
    "CoopShares",
    "CoopCharter",
    "CoopJudgmentGovernor",
    "FeeRouter",
  ]) {
    await hre.deployments.deploy(contract, {
      contract,
      from: deployer,
      args: [],
      log: hre.network.name !== "hardhat",
      waitConfirmations: hre.network.live ? 2 : 1,
    });
  }
};

deployImplementations.tags = ["implementations"];
export default deployImplementations;
