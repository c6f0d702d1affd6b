import { expect } from "chai";

import { measureDeploymentGas } from "../helpers/factory";

/** Highest gas of a deployment through the factory, in percent of the seven direct transactions. */
const MAX_FACTORY_GAS_PERCENT = 120n;

describe("CoopFactory gas", function () {
  it("stays within 120% of direct", async function () {
    // Gas on the Hardhat network is deterministic, so this compares two exact figures.
    const { factory, direct } = await measureDeploymentGas();

    expect(factory * 100n, `factory ${factory} gas, direct ${direct} gas`).to.be.at.most(
      direct * MAX_FACTORY_GAS_PERCENT,
    );
  });
});
