import { measureDeploymentGas } from "../test/helpers/factory";
import { GasRecorder } from "./gasRun";

/**
 * The gas of deploying the test cooperative of five founders, with the default settings: through
 * `CoopFactory.createCooperative` in one transaction, and with `deployCooperative` in seven (the
 * timelock and six proxies, each initialized in its constructor). Neither figure includes the
 * shared implementations or the factory, which a network deploys once. The figures are recorded
 * in the `factory` section of `bench/gas.json` (see {@link GasRecorder}).
 */

const recorder = new GasRecorder("factory");

describe("Cooperative deployment gas", function () {
  it("measures factory and direct deployments", async function () {
    const { factory, direct } = await measureDeploymentGas();

    recorder.record("createCooperative (factory, 1 transaction)", factory);
    recorder.record("deployCooperative (direct, sum of 7 transactions)", direct);
  });
});
