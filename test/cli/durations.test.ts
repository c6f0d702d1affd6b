import { expect } from "chai";

import { formatDuration } from "../../src/cli/durations";

describe("formatDuration", function () {
  const cases: [bigint | number, string][] = [
    [0, "0 seconds"],
    [1, "1 second"],
    [60, "1 minute"],
    [5_400, "1 hour 30 minutes"],
    [86_400n, "1 day"],
    [2_592_000n, "30 days"],
    [90_061, "1 day 1 hour 1 minute 1 second"],
  ];
  for (const [seconds, text] of cases) {
    it(`formats ${seconds} seconds`, function () {
      expect(formatDuration(seconds)).to.equal(text);
    });
  }
});
