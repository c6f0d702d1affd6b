import hre from "hardhat";

import { runDemo } from "../src/demo/run";

// Each chapter is a module in src/demo/chapters/, and runDemo runs them in order.
runDemo(hre).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
