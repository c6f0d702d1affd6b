import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { writeFileAtomically } from "../../src/cli/atomicFile";

const BYTES = new TextEncoder().encode("Statutes of the cooperative");

describe("writeFileAtomically", function () {
  let directory: string;

  beforeEach(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-atomic-"));
  });

  afterEach(async function () {
    await rm(directory, { recursive: true, force: true });
  });

  it("writes the bytes", async function () {
    const path = join(directory, "statutes.md");

    await writeFileAtomically(path, BYTES);

    expect(await readFile(path)).to.deep.equal(Buffer.from(BYTES));
    expect(await readdir(directory)).to.deep.equal(["statutes.md"]);
  });

  it("replaces an existing file whole", async function () {
    const path = join(directory, "statutes.md");
    await writeFile(path, "an older and longer version of the statutes");

    await writeFileAtomically(path, BYTES);

    expect(await readFile(path)).to.deep.equal(Buffer.from(BYTES));
  });

  it("deletes the temporary file on failure", async function () {
    const path = join(directory, "folder");
    await mkdir(path);
    await writeFile(join(path, "inside"), "keeps the folder from being replaced");

    await expect(writeFileAtomically(path, BYTES)).to.be.rejected;

    expect((await readdir(directory)).sort()).to.deep.equal(["folder"]);
  });

  it("rejects a missing folder", async function () {
    await expect(writeFileAtomically(join(directory, "missing", "statutes.md"), BYTES)).to.be.rejectedWith("ENOENT");
  });
});
