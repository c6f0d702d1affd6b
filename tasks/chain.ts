import { task, types } from "hardhat/config";

import { fail, output } from "./lib";

/** Maximum jump forward that `chain:advance` accepts: ten years, in seconds. */
const MAX_ADVANCE = 10 * 365 * 24 * 60 * 60;

task(
  "chain:advance",
  "Moves the clock of a local chain forward and mines a block, to skip a voting period or timelock delay in a trial",
)
  .addParam("seconds", "Seconds to move forward", undefined, types.int)
  .addFlag("json", "Print JSON for scripts")
  .setAction(async (args: { seconds: number; json: boolean }, hre) => {
    if (!Number.isInteger(args.seconds) || args.seconds < 1 || args.seconds > MAX_ADVANCE) {
      fail(`Invalid --seconds ${args.seconds}: expected a whole number from 1 to ${MAX_ADVANCE} (ten years).`);
    }
    const { advanceTo, isoTime, latestTimestamp } = await import("../src/chain/time");
    const provider = hre.ethers.provider;
    const before = await latestTimestamp(provider);
    try {
      await advanceTo(provider, before + BigInt(args.seconds));
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    const after = await latestTimestamp(provider);
    output(args.json, { before, after }, [`Chain time moved from ${isoTime(before)} to ${isoTime(after)}.`]);
  });
