import path from "node:path";

/** Folder of the example config, which document paths are relative to. */
export const EXAMPLES_DIR = path.join(__dirname, "..", "..", "examples");

/** Path of the example config file. */
export const EXAMPLE_CONFIG = path.join(EXAMPLES_DIR, "cooperative.json");

/** Returns a fresh copy of a small valid config, with no documents and no optional sections. */
export function minimalConfig(): Record<string, unknown> {
  return {
    name: "Test Cooperative",
    symbol: "TEST",
    founders: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"],
    governance: { votingDelay: 60, votingPeriod: "1 day", quorumPercent: 25, timelockDelay: "1 hour" },
  };
}
