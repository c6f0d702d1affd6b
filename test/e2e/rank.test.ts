import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { PUBLIC_VECTORS_FILE, loadPublicVectors } from "../helpers/mjVectors";
import { runHardhat, type RunResult } from "../helpers/node";

const HALF = 2n ** 255n;

/** Returns the JSON lines that a task printed, or fails with the whole output when it failed. */
function jsonLines(result: RunResult): unknown[] {
  if (result.code !== 0) throw new Error(`The task failed with code ${result.code}:\n${result.output}`);
  return result.output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as unknown);
}

describe("e2e: majority judgment ranking task", function () {
  this.timeout(300_000);

  let folder: string;

  /** Writes `content` to a file in the test's folder and returns its path. */
  async function inputFile(name: string, content: string): Promise<string> {
    const file = path.join(folder, name);
    await writeFile(file, content);
    return file;
  }

  before(async function () {
    folder = await mkdtemp(path.join(tmpdir(), "mj-rank-"));
  });

  after(async function () {
    await rm(folder, { recursive: true, force: true });
  });

  for (const engine of ["solidity", "typescript"]) {
    it(`ranks published cases with ${engine}`, async function () {
      const vectors = loadPublicVectors();

      const lines = jsonLines(await runHardhat(["mj:rank", "--input", PUBLIC_VECTORS_FILE, "--engine", engine]));

      expect(lines).to.have.length(vectors.length);
      vectors.forEach((vector, index) => {
        expect(lines[index], vector.name).to.deep.equal({
          ranking: vector.expectedRanking,
          winner: vector.expectedWinner,
        });
      });
    });
  }

  it("ranks without --engine", async function () {
    const file = await inputFile(
      "tie.json",
      JSON.stringify({
        tallies: [
          [1, 2],
          [0, 3],
          [0, 3],
        ],
      }),
    );

    const result = await runHardhat(["mj:rank", "--input", file]);

    expect(jsonLines(result)).to.deep.equal([{ ranking: [[1, 2], 0], winner: [1, 2] }]);
  });

  for (const engine of ["solidity", "typescript"]) {
    it(`ranks counts near 2^255 with ${engine}`, async function () {
      // Each option adds up to 2^256 - 1, so every count is written as a decimal string.
      const tallies = [
        [HALF, HALF - 1n],
        [HALF - 1n, HALF],
        [HALF, HALF - 1n],
      ];
      const file = await inputFile(
        `large-${engine}.json`,
        JSON.stringify({ tallies: tallies.map((row) => row.map(String)) }),
      );

      const lines = jsonLines(await runHardhat(["mj:rank", "--input", file, "--engine", engine]));

      expect(lines).to.deep.equal([{ ranking: [1, [0, 2]], winner: 1 }]);
    });
  }

  it("rejects a missing file", async function () {
    const result = await runHardhat(["mj:rank", "--input", path.join(folder, "missing.json")]);

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include("File not found: --input");
  });

  it("rejects invalid JSON", async function () {
    const file = await inputFile("truncated.json", '{"tallies": [[1, 2');

    const result = await runHardhat(["mj:rank", "--input", file]);

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include("it is not valid JSON");
  });

  it("rejects an unknown engine", async function () {
    const result = await runHardhat(["mj:rank", "--input", PUBLIC_VECTORS_FILE, "--engine", "python"]);

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include('Invalid --engine "python": expected solidity or typescript.');
  });

  it("rejects an unsafe number", async function () {
    const file = await inputFile("unsafe.json", '{"tallies": [[9007199254740993, 1]]}');

    const result = await runHardhat(["mj:rank", "--input", file]);

    expect(result.code).to.not.equal(0);
    expect(result.output).to.include("tallies[0][0] is 9007199254740992");
    expect(result.output).to.include("write the count as a decimal string in quotes");
  });
});
