// solidity-coverage settings: mocks are test-only contracts, so they are not measured.
//
// `npm run coverage:contracts` passes --testfiles to run only the test files that deploy or call
// a contract. The others cannot change the figures: test/chain, test/cli, test/config,
// test/crypto, test/deploy, test/files, test/scripts (which starts a separate node process),
// and the TypeScript-only files of test/ipfs, test/mj and test/payments. A new test file that
// deploys contracts in one of those folders is not measured until it is added to the pattern in
// package.json. `npm run coverage` still runs every test.
module.exports = {
  skipFiles: ["mocks/"],
  // Statements are not measured: scripts/check-coverage.ts checks lines, functions and branches,
  // and the statement probes made the instrumented sources too large for the solc-js compiler,
  // which then failed with "memory access out of bounds".
  measureStatementCoverage: false,
  // Modifiers are not measured as branches either, for the same reason: with their probes, solc-js
  // crashed on the instrumented sources ("table index is out of bounds"). Every modifier's failing
  // path still has a test, and its lines are measured.
  measureModifierCoverage: false,
  // The end-to-end tests (describe names starting with "e2e:") and the security tests of the
  // tooling start their own node or Hardhat processes, which coverage cannot instrument.
  mocha: {
    grep: "^(e2e:|Nonce too high after a node restart|Revert reason hidden by gas estimation|Private keys leaked in tracked files)",
    invert: true,
  },
};
