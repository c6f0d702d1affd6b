import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { DeployFunction } from "hardhat-deploy/types";

/**
 * Deploys the shared federation relay code and the registry that creates each cooperative's relay
 * in a federation as a clone of it.
 *
 * Re-running it deploys nothing when the recorded contracts still match the compiled code. A new
 * relay implementation gets a new registry, because the registry fixes its implementation at
 * construction, and relays created by the old registry keep working.
 */
const deployFederation: DeployFunction = async (hre: HardhatRuntimeEnvironment) => {
  const { deployer } = await hre.getNamedAccounts();
  const options = {
    from: deployer,
    log: hre.network.name !== "hardhat",
    waitConfirmations: hre.network.live ? 2 : 1,
  };
  const relay = await hre.deployments.deploy("FederationRelay", {
    ...options,
    contract: "FederationRelay",
    args: [],
  });
  await hre.deployments.deploy("FederationRegistry", {
    ...options,
    contract: "FederationRegistry",
    args: [relay.address],
  });
};

deployFederation.tags = ["federation"];
export default deployFederation;
