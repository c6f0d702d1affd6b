import { execFile } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";

import { EmbeddedStore } from "../src/ipfs/embeddedStore";
import { computeKuboCid } from "../src/ipfs/kuboProfile";
import { IPFS_CID_COMMAND, findOnPath } from "../test/helpers/ipfsCidTool";
import { seededBytes } from "../test/helpers/seededBytes";

/**
 * The speed of CID computation on one file of {@link FILE_MIB} MiB of pseudo-random bytes, next to
 * `sha256sum` on the same file, written to `bench/cid-throughput.md`. Each row is the best of
 * {@link RUNS} wall-clock runs, so the figures depend on the machine and its load, and nothing
 * checks them.
 */

const FILE_MIB = 50;
const RUNS = 3;
const SEED = 50;
const REPORT = path.join(__dirname, "cid-throughput.md");

const execFileAsync = promisify(execFile);

/** One computation to time, or the reason it cannot run here. */
interface Subject {
  name: string;
  run?: (file: string, scratch: string) => Promise<void>;
  missing?: string;
}

/** Best wall-clock time of a subject, in milliseconds, or why it did not run. */
interface Timing {
  name: string;
  milliseconds?: number;
  missing?: string;
}

/** Returns a subject that runs `command` on the file, or one that names the missing command. */
function commandSubject(name: string, command: string): Subject {
  const found = findOnPath(command);
  if (found === undefined) return { name, missing: `${command} not found on PATH` };
  return {
    name,
    run: async (file) => {
      await execFileAsync(found, [file]);
    },
  };
}

const SUBJECTS: Subject[] = [
  {
    name: "computeKuboCid, CIDv0, streamed from the file",
    run: async (file) => {
      await computeKuboCid(createReadStream(file), 0);
    },
  },
  {
    name: "computeKuboCid, CIDv1, streamed from the file",
    run: async (file) => {
      await computeKuboCid(createReadStream(file), 1);
    },
  },
  {
    name: "EmbeddedStore.addFile, CIDv0, into an empty store",
    run: async (file, scratch) => {
      await new EmbeddedStore(await mkdtemp(path.join(scratch, "store-"))).addFile(file, { cidVersion: 0 });
    },
  },
  {
    name: "EmbeddedStore.addFile, CIDv1, into an empty store",
    run: async (file, scratch) => {
      await new EmbeddedStore(await mkdtemp(path.join(scratch, "store-"))).addFile(file, { cidVersion: 1 });
    },
  },
  commandSubject("`sha256sum` (GNU coreutils)", "sha256sum"),
  commandSubject("`ipfs_cid` (Debian's ipfs-cid, CIDv0 and dag-pb CIDv1)", IPFS_CID_COMMAND),
];

/** Returns the best of {@link RUNS} runs of `subject` on `file`, in milliseconds. */
async function timeBest(subject: Subject, file: string, scratch: string): Promise<Timing> {
  if (subject.run === undefined) return { name: subject.name, missing: subject.missing };
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await subject.run(file, scratch);
    best = Math.min(best, performance.now() - start);
  }
  return { name: subject.name, milliseconds: best };
}

/** Writes the Markdown report: the machine, then one row per subject. */
function reportMarkdown(timings: Timing[]): string {
  const lines = [
    "# CID throughput",
    "",
    `Written by \`bench/cidThroughput.bench.ts\` (\`npm run bench\`) on ${new Date().toISOString()}.`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node.js ${process.version}.`,
    "",
    `One file of ${FILE_MIB} MiB of seeded pseudo-random bytes, just written, so it is read from the page`,
    `cache. Best wall-clock time of ${RUNS} runs. The commands include the start of their process.`,
    "",
    "| Computation | Best time (ms) | MiB/s |",
    "| --- | ---: | ---: |",
  ];
  for (const { name, milliseconds, missing } of timings) {
    if (milliseconds === undefined) {
      lines.push(`| ${name} | not run: ${missing} | |`);
    } else {
      const mibPerSecond = FILE_MIB / (milliseconds / 1000);
      lines.push(`| ${name} | ${milliseconds.toFixed(0)} | ${mibPerSecond.toFixed(1)} |`);
    }
  }
  return lines.join("\n") + "\n";
}

describe("bench: CID throughput", function () {
  let scratch: string;

  before(async function () {
    scratch = await mkdtemp(path.join(tmpdir(), "coop-cid-bench-"));
  });

  after(async function () {
    await rm(scratch, { recursive: true, force: true });
  });

  it(`times CID computation on ${FILE_MIB} MiB`, async function () {
    const file = path.join(scratch, "content.bin");
    await writeFile(file, seededBytes(FILE_MIB * 1024 * 1024, SEED));

    const timings: Timing[] = [];
    for (const subject of SUBJECTS) timings.push(await timeBest(subject, file, scratch));

    const report = reportMarkdown(timings);
    await writeFile(REPORT, report);
    console.log(`\n  CID throughput (bench/cid-throughput.md):\n${report.replace(/^/gm, "    ")}`);
  });
});
