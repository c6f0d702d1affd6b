// solidity-coverage settings: mocks are test-only contracts, so they are not measured.
module.exports = {
  skipFiles: ["mocks/"],
  // The end-to-end tests start their own processes, which coverage cannot instrument.
  mocha: { grep: "^demo", invert: true },
};
