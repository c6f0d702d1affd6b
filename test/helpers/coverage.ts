import hre from "hardhat";

/**
 * Whether solidity-coverage runs the tests. Its instrumented contracts run far slower and use more
 * gas than the deployed ones, so gas budgets do not apply to them.
 */
export const UNDER_COVERAGE = (hre as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING === true;
