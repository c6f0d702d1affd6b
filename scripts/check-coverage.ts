/**
 * Checks the coverage that `npm run coverage:contracts` writes to coverage/coverage-final.json
 * (istanbul format, from solidity-coverage) for the contracts under contracts/, mocks excluded.
 *
 * It fails when a line or function is not covered, when the branch total is below 95%, or when
 * an uncovered branch path is not listed in coverage-exceptions.json. That file lists at most
 * five branch paths that no transaction can reach, each with its reason, and it fails on entries
 * that are covered again or no longer match any branch.
 *
 * Usage: npx ts-node scripts/check-coverage.ts [coverage-final.json] [coverage-exceptions.json]
 */
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";

/** Minimum share of covered branch paths, in percent, over all measured contracts. */
export const MIN_BRANCH_PERCENT = 95;
/** Maximum number of entries in the exceptions file. */
export const MAX_EXCEPTIONS = 5;

const ROOT = resolve(__dirname, "..");
const DEFAULT_COVERAGE_FILE = resolve(ROOT, "coverage", "coverage-final.json");
const DEFAULT_EXCEPTIONS_FILE = resolve(ROOT, "coverage-exceptions.json");

interface Position {
  line: number;
  column: number;
}

interface Location {
  start: Position;
  end: Position;
}

/** One file's entry in istanbul's coverage-final.json, as solidity-coverage writes it. */
export interface FileCoverage {
  path: string;
  /** Hits per executable line number. */
  l: Record<string, number>;
  /** Hits per function id. */
  f: Record<string, number>;
  fnMap: Record<string, { name: string; line: number }>;
  /** Hits per path of each branch id. */
  b: Record<string, number[]>;
  branchMap: Record<string, { line: number; type: string; locations: Location[] }>;
}

/**
 * A branch path that no test can take. `source` is the trimmed source line of the branch, so
 * the entry survives edits that move the line. `path` names the path as the report prints it.
 */
export interface BranchException {
  file: string;
  source: string;
  path: string;
  reason: string;
}

/** An uncovered branch path. */
export interface UncoveredBranch {
  file: string;
  line: number;
  source: string;
  path: string;
}

export interface FileReport {
  file: string;
  lines: { covered: number; total: number };
  functions: { covered: number; total: number };
  branches: { covered: number; total: number };
  uncoveredLines: { line: number; source: string }[];
  uncoveredFunctions: { line: number; name: string }[];
  uncoveredBranches: UncoveredBranch[];
}

/**
 * Names the paths of a branch. solidity-coverage records `if`, `require`, modifiers and the
 * conditional operator as type "if", with path 0 taken when the condition holds. It records the
 * operands of `||` as type "cond-expr", with path 0 taken when the left operand is true and path 1
 * when the right operand is evaluated and true.
 */
function pathName(type: string, index: number): string {
  if (type === "cond-expr") return index === 0 ? "left operand true" : "right operand true";
  return index === 0 ? "true" : "false";
}

/** Percent of `covered` in `total`, 100 when there is nothing to cover. */
export function percent(covered: number, total: number): number {
  return total === 0 ? 100 : (covered * 100) / total;
}

/** Returns whether a coverage entry is measured: under contracts/ and not under contracts/mocks/. */
export function isMeasured(file: string): boolean {
  return file.startsWith("contracts/") && !file.startsWith("contracts/mocks/");
}

/** Summarises one file; `lines` is its source, split into lines. */
export function reportFile(file: string, coverage: FileCoverage, lines: string[]): FileReport {
  const sourceAt = (line: number): string => (lines[line - 1] ?? "").trim();

  const lineHits = Object.entries(coverage.l);
  const uncoveredLines = lineHits
    .filter(([, hits]) => hits === 0)
    .map(([line]) => ({ line: Number(line), source: sourceAt(Number(line)) }));

  const functionHits = Object.entries(coverage.f);
  const uncoveredFunctions = functionHits
    .filter(([, hits]) => hits === 0)
    .map(([id]) => ({ line: coverage.fnMap[id].line, name: coverage.fnMap[id].name }));

  let branchTotal = 0;
  const uncoveredBranches: UncoveredBranch[] = [];
  for (const [id, hits] of Object.entries(coverage.b)) {
    const branch = coverage.branchMap[id];
    branchTotal += hits.length;
    hits.forEach((count, index) => {
      if (count > 0) return;
      uncoveredBranches.push({
        file,
        line: branch.line,
        source: sourceAt(branch.line),
        path: pathName(branch.type, index),
      });
    });
  }

  return {
    file,
    lines: { covered: lineHits.length - uncoveredLines.length, total: lineHits.length },
    functions: { covered: functionHits.length - uncoveredFunctions.length, total: functionHits.length },
    branches: { covered: branchTotal - uncoveredBranches.length, total: branchTotal },
    uncoveredLines,
    uncoveredFunctions,
    uncoveredBranches,
  };
}

/** Reads and validates the exceptions file: an object with an `exceptions` array. */
export function parseExceptions(text: string, name: string): BranchException[] {
  const data: unknown = JSON.parse(text);
  const list = (data as { exceptions?: unknown }).exceptions;
  if (!Array.isArray(list)) throw new Error(`${name}: expected an object with an "exceptions" array.`);

  return list.map((entry: unknown, index) => {
    const fields = entry as Partial<Record<keyof BranchException, unknown>>;
    for (const key of ["file", "source", "path", "reason"] as const) {
      if (typeof fields[key] !== "string" || (fields[key] as string).trim() === "") {
        throw new Error(`${name}: exceptions[${index}] has no "${key}" text.`);
      }
    }
    return fields as BranchException;
  });
}

function matches(exception: BranchException, branch: UncoveredBranch): boolean {
  return exception.file === branch.file && exception.source === branch.source && exception.path === branch.path;
}

/** Returns one message per failed requirement; an empty list means the coverage passes. */
export function findFailures(reports: FileReport[], exceptions: BranchException[], exceptionsName: string): string[] {
  const failures: string[] = [];

  for (const report of reports) {
    for (const { line, source } of report.uncoveredLines) {
      failures.push(`${report.file}:${line}: line not covered: \`${source}\`. Add a test that runs it.`);
    }
    for (const { line, name } of report.uncoveredFunctions) {
      failures.push(`${report.file}:${line}: function ${name} never called. Add a test that calls it.`);
    }
  }

  const uncovered = reports.flatMap((report) => report.uncoveredBranches);
  for (const branch of uncovered) {
    if (exceptions.some((exception) => matches(exception, branch))) continue;
    failures.push(
      `${branch.file}:${branch.line}: branch path "${branch.path}" not covered: \`${branch.source}\`. ` +
        `Add a test that takes it, or, if no transaction can reach it, list it in ${exceptionsName} ` +
        `with file, source, path and reason.`,
    );
  }

  if (exceptions.length > MAX_EXCEPTIONS) {
    failures.push(`${exceptionsName} lists ${exceptions.length} exceptions; at most ${MAX_EXCEPTIONS} are allowed.`);
  }
  // An entry matches by source text, so it could excuse the same path on several identical lines:
  // the limit counts the paths excused, not the entries.
  const excused = uncovered.filter((branch) => exceptions.some((exception) => matches(exception, branch)));
  if (excused.length > MAX_EXCEPTIONS) {
    const where = excused.map((branch) => `${branch.file}:${branch.line}`).join(", ");
    failures.push(
      `${exceptionsName} excuses ${excused.length} uncovered branch paths (${where}); at most ` +
        `${MAX_EXCEPTIONS} are allowed. Test the paths that a transaction can reach.`,
    );
  }
  for (const exception of exceptions) {
    if (uncovered.some((branch) => matches(exception, branch))) continue;
    failures.push(
      `${exceptionsName}: stale exception for ${exception.file}, path "${exception.path}" of ` +
        `\`${exception.source}\`: that path is covered or that source line is gone. Remove the entry.`,
    );
  }

  const branches = reports.reduce(
    (sum, report) => ({
      covered: sum.covered + report.branches.covered,
      total: sum.total + report.branches.total,
    }),
    { covered: 0, total: 0 },
  );
  const branchPercent = percent(branches.covered, branches.total);
  if (branchPercent < MIN_BRANCH_PERCENT) {
    failures.push(
      `Branch coverage ${branchPercent.toFixed(2)}% is below ${MIN_BRANCH_PERCENT}%. Add tests for the paths listed above.`,
    );
  }

  return failures;
}

function formatRow(name: string, values: { covered: number; total: number }[]): string {
  const cells = values.map(({ covered, total }) =>
    `${percent(covered, total).toFixed(2)}% (${covered}/${total})`.padStart(20),
  );
  return `${name.padEnd(48)}${cells.join("")}`;
}

function main(): void {
  const coverageFile = resolve(process.argv[2] ?? DEFAULT_COVERAGE_FILE);
  const exceptionsFile = resolve(process.argv[3] ?? DEFAULT_EXCEPTIONS_FILE);
  const exceptionsName = relative(ROOT, exceptionsFile);

  if (!existsSync(coverageFile)) {
    throw new Error(`${coverageFile} not found. Run npm run coverage:contracts first, or npm run coverage:check.`);
  }
  const coverage = JSON.parse(readFileSync(coverageFile, "utf8")) as Record<string, FileCoverage>;
  const reports = Object.values(coverage)
    .map((entry) => ({ entry, file: relative(ROOT, resolve(ROOT, entry.path)).split("\\").join("/") }))
    .filter(({ file }) => isMeasured(file))
    .sort((a, b) => a.file.localeCompare(b.file))
    .map(({ entry, file }) => reportFile(file, entry, readFileSync(resolve(ROOT, file), "utf8").split("\n")));
  if (reports.length === 0) {
    throw new Error(`${coverageFile} has no contract under contracts/. Run npm run coverage:contracts first.`);
  }

  const exceptions = parseExceptions(readFileSync(exceptionsFile, "utf8"), exceptionsName);

  console.log(`${"File".padEnd(48)}${"Lines".padStart(20)}${"Functions".padStart(20)}${"Branches".padStart(20)}`);
  for (const report of reports) {
    console.log(formatRow(report.file, [report.lines, report.functions, report.branches]));
  }
  const total = (key: "lines" | "functions" | "branches") =>
    reports.reduce(
      (sum, report) => ({ covered: sum.covered + report[key].covered, total: sum.total + report[key].total }),
      {
        covered: 0,
        total: 0,
      },
    );
  console.log(formatRow("All files", [total("lines"), total("functions"), total("branches")]));

  const failures = findFailures(reports, exceptions, exceptionsName);
  if (failures.length > 0) {
    console.error(`\nCoverage check failed (${failures.length} problems):`);
    for (const failure of failures) console.error(`- ${failure}`);
    process.exitCode = 1;
    return;
  }
  const listed = exceptions.length === 1 ? "1 listed exception" : `${exceptions.length} listed exceptions`;
  console.log(
    `\nCoverage check passed: every line and function covered, branches at or above ${MIN_BRANCH_PERCENT}%, ${listed}.`,
  );
}

if (require.main === module) {
  try {
    main();
  } catch (error: unknown) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
