import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { writeFileAtomic } from "../../src/files/atomicFile";

const BYTES = new TextEncoder().encode("Statutes of the cooperative");

describe("writeFileAtomic", function () {
  let directory: string;

  beforeEach(async function () {
    directory = await mkdtemp(join(tmpdir(), "coop-atomic-"));
  });

  afterEach(async function () {
    await rm(directory, { recursive: true, force: true });
  });

  it("writes the bytes", async function () {
    const path = join(directory, "statutes.md");

    await writeFileAtomic(path, BYTES);

    expect(await readFile(path)).to.deep.equal(Buffer.from(BYTES));
    expect(await readdir(directory)).to.deep.equal(["statutes.md"]);
  });

  it("replaces an existing file whole", async function () {
    const path = join(directory, "statutes.md");
    await writeFile(path, "an older and longer version of the statutes");

    await writeFileAtomic(path, BYTES);

    expect(await readFile(path)).to.deep.equal(Buffer.from(BYTES));
  });

  it("deletes the temporary file on failure", async function () {
    const path = join(directory, "folder");
    await mkdir(path);
    await writeFile(join(path, "inside"), "keeps the folder from being replaced");

    await expect(writeFileAtomic(path, BYTES)).to.be.rejected;

    expect((await readdir(directory)).sort()).to.deep.equal(["folder"]);
  });

  it("keeps an existing file without overwrite", async function () {
    const path = join(directory, "statutes.md");
    await writeFile(path, "the statutes already written");

    await expect(writeFileAtomic(path, BYTES, { overwrite: false })).to.be.rejectedWith("EEXIST");

    expect(await readFile(path, "utf8")).to.equal("the statutes already written");
  });

  it("leaves no temporary file without overwrite", async function () {
    const path = join(directory, "statutes.md");
    await writeFile(path, "the statutes already written");

    await expect(writeFileAtomic(path, BYTES, { overwrite: false })).to.be.rejected;

    expect(await readdir(directory)).to.deep.equal(["statutes.md"]);
  });

  it("sets the given mode", async function () {
    const path = join(directory, "statutes.md");

    await writeFileAtomic(path, BYTES, { mode: 0o640 });

    expect((await stat(path)).mode & 0o777).to.equal(0o640 & ~process.umask());
  });

  it("rejects a missing folder", async function () {
    await expect(writeFileAtomic(join(directory, "missing", "statutes.md"), BYTES)).to.be.rejectedWith("ENOENT");
  });
});
