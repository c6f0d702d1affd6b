// solidity-coverage settings: mocks are test-only contracts, so they are not measured.
module.exports = {
  skipFiles: ["mocks/"],
  // The end-to-end tests (describe names starting with "e2e:") start their own processes, which
  // coverage cannot instrument.
  mocha: { grep: "^e2e:", invert: true },
};
