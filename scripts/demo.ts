import hre from "hardhat";

import { runDemo } from "../src/demo/run";

// The chapters live in src/demo/, one file each; see runDemo.
runDemo(hre).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
