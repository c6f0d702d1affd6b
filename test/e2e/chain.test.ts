import { expect } from "chai";

import { runHardhat, startNode, type LocalNode, type RunResult } from "../helpers/node";

describe("e2e: chain clock task", function () {
  let node: LocalNode;

  function run(...args: string[]): Promise<RunResult> {
    return runHardhat([...args, "--network", "localhost"], { LOCALHOST_RPC_URL: node.url });
  }

  before(async function () {
    node = await startNode();
  });

  after(async function () {
    await node.stop();
  });

  it("moves the clock forward", async function () {
    const result = await run("chain:advance", "--seconds", "86400", "--json");
    const { before, after } = JSON.parse(result.output) as { before: string; after: string };

    expect(BigInt(after) - BigInt(before)).to.equal(86_400n);
  });

  it("rejects zero seconds", async function () {
    const result = await run("chain:advance", "--seconds", "0");

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include("Invalid --seconds 0");
  });
});
