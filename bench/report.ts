import os from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import hre from "hardhat";

import { GAS_FILE_NAME, SIZES_SECTION, TOLERANCE_PERCENT, readGasFile, type GasFigures } from "./gasFigures";
import { COMPARED_STEPS, FOUNDER_COUNTS, TRANSACTION_GAS_CAP, comparedStep, initializeStep } from "./steps";
import * as prose from "./reportProse";

/**
 * Generates `bench/README.md` from the committed figures in `bench/gas.json`, the machine that
 * runs it and the compiler settings of `hardhat.config.ts`. `npm run bench` runs it after the
 * scenarios; run it alone with `npx hardhat run bench/report.ts`.
 */

/** The generated page. */
const README = path.join(__dirname, "README.md");

/** EIP-170: the largest runtime bytecode a chain accepts, in bytes. */
const MAX_CONTRACT_SIZE = 24_576;

/** Column alignment in a Markdown table. */
type Align = "left" | "right";

/** Formats `rows` under `headers` as a Markdown table with padded columns. */
function table(headers: string[], rows: string[][], align: Align[]): string {
  const widths = headers.map((header, column) => Math.max(3, header.length, ...rows.map((row) => row[column].length)));
  const pad = (cell: string, column: number) =>
    align[column] === "right" ? cell.padStart(widths[column]) : cell.padEnd(widths[column]);
  const line = (cells: string[]) => `| ${cells.map(pad).join(" | ")} |`;
  const rule = `| ${widths.map((width, column) => (align[column] === "right" ? `${"-".repeat(width - 1)}:` : "-".repeat(width))).join(" | ")} |`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

/** Formats a whole number with thousands separators. */
function whole(value: number): string {
  return value.toLocaleString("en-US");
}

/** Formats `numerator / denominator` with two decimals. */
function ratio(numerator: number, denominator: number): string {
  return (numerator / denominator).toFixed(2);
}

/** Returns the figure of `step` in `section`, or throws with the command that records it. */
function figure(figures: GasFigures, section: string, step: string): number {
  const value = figures[section]?.[step];
  if (value === undefined) {
    throw new Error(
      `Missing "${section} / ${step}" in ${GAS_FILE_NAME}: run \`npm run bench\` to record every section.`,
    );
  }
  return value;
}

/** Formats every step of `section` as a two-column table. */
function sectionTable(figures: GasFigures, section: string): string {
  const steps = figures[section];
  if (steps === undefined) return `_No \`${section}\` section in ${GAS_FILE_NAME} yet: run \`npm run bench\`._`;
  return table(
    ["Step", "Gas"],
    Object.entries(steps).map(([step, gas]) => [step, whole(gas)]),
    ["left", "right"],
  );
}

/** Formats the run's environment: date, machine, Node.js, Hardhat and compiler settings. */
function environment(): string {
  const compiler = hre.config.solidity.compilers[0];
  const optimizer = compiler.settings.optimizer as { enabled?: boolean; runs?: number } | undefined;
  const cpus = os.cpus();
  const hardhatPackage = JSON.parse(readFileSync(require.resolve("hardhat/package.json"), "utf8")) as {
    version: string;
  };
  const rows = [
    ["Date (UTC)", new Date().toISOString().slice(0, 16).replace("T", " ")],
    ["Operating system", `${os.type()} ${os.release()} (${os.arch()})`],
    ["CPU", `${cpus[0]?.model.trim() ?? "unknown"}, ${cpus.length} cores`],
    ["Node.js", process.version],
    ["Hardhat", `${hardhatPackage.version}, network hardfork ${hre.config.networks.hardhat.hardfork}`],
    ["solc", compiler.version],
    ["Optimizer", optimizer?.enabled === true ? `enabled, ${optimizer.runs ?? 200} runs` : "disabled"],
    ["evmVersion", String(compiler.settings.evmVersion ?? "compiler default")],
  ];
  return table(["Setting", "Value"], rows, ["left", "left"]);
}

/** Formats the comparison with the OpenZeppelin reference: governor steps, ERC-20 payments and sizes. */
function comparison(figures: GasFigures): string {
  const rows = COMPARED_STEPS.map((step) => {
    const ours = figure(figures, "reference", comparedStep(step, "ours"));
    const reference = figure(figures, "reference", comparedStep(step, "reference"));
    return [`${step}`, whole(ours), whole(reference), ratio(ours, reference)];
  });
  const payments = [
    ["pay (ERC-20, member, repeat)", "transferFrom (plain, repeat)"],
    ["pay (ERC-20, non-member, repeat)", "transferFrom (plain, repeat)"],
    ["pay (ERC-20, member, new payee)", "transferFrom (plain, new recipient)"],
  ].map(([payment, transfer]) => {
    const ours = figure(figures, "feeRouter", payment);
    const plain = figure(figures, "feeRouter", transfer);
    return [`FeeRouter \`${payment}\` ÷ \`${transfer}\``, whole(ours), whole(plain), ratio(ours, plain)];
  });
  const ourSize = figure(figures, SIZES_SECTION, "CoopGovernor");
  const referenceSize = figure(figures, SIZES_SECTION, "ReferenceGovernor");
  const size = [
    "deployed size in bytes, governor",
    whole(ourSize),
    whole(referenceSize),
    ratio(ourSize, referenceSize),
  ];
  return table(
    ["Step", "Ours", "Reference", "Ratio"],
    [...rows, ...payments, size],
    ["left", "right", "right", "right"],
  );
}

/** Computes the router's own work in a repeat ERC-20 payment, as the fee router's text explains it. */
function routerWork(figures: GasFigures): { member: number; nonMember: number } {
  const moves =
    figure(figures, "feeRouter", "transferFrom (plain, repeat)") +
    figure(figures, "feeRouter", "transfer (plain, repeat)");
  const baseCost = 21_000;
  return {
    member: figure(figures, "feeRouter", "pay (ERC-20, member, repeat)") - moves + baseCost,
    nonMember: figure(figures, "feeRouter", "pay (ERC-20, non-member, repeat)") - moves + baseCost,
  };
}

/** Computes the founders that one `initialize` transaction can admit, from the scale section's two deployments. */
function founderCapacity(figures: GasFigures): string {
  const [few, many] = FOUNDER_COUNTS;
  if (figures.scale?.[initializeStep(many)] === undefined) return "";
  const fewGas = figure(figures, "scale", initializeStep(few));
  const perFounder = (figure(figures, "scale", initializeStep(many)) - fewGas) / (many - few);
  const fixed = fewGas - perFounder * few;
  const capacity = Math.floor((TRANSACTION_GAS_CAP - fixed) / perFounder);
  return prose.founderCapacity(whole(Math.round(perFounder)), whole(Math.round(fixed)), whole(capacity));
}

/** Steps of the scale section paired with the same steps for five voters, by section. */
const SCALE_PAIRS = [
  ["admit (1,000th newcomer, called by the timelock)", "membership", "admit (called by the timelock)"],
  ["castVote (1,000th voter)", "reference", comparedStep("castVote (last)", "ours")],
  ["state (yes/no, after 1,000 votes, estimate)", "governance", "state (after the vote, estimate)"],
  ["queue (yes/no, after 1,000 votes)", "governance", "queue"],
  ["execute (yes/no, admit, after 1,000 votes)", "governance", "execute (admit)"],
  ["castBallot (20 options, first of 1,000 voters)", "judgment", "castBallot (20 options, first ballot)"],
  ["castBallot (20 options, 1,000th voter)", "judgment", "castBallot (20 options)"],
  [
    "outcome (20 options, 7 grades, after 1,000 ballots, estimate)",
    "judgment",
    "outcome (20 options, 7 grades, estimate)",
  ],
] as const;

/** Formats the scale figures next to the same steps with five voters. */
function scaleComparison(figures: GasFigures): string {
  if (figures.scale === undefined) return "";
  const rows = SCALE_PAIRS.map(([scaleStep, section, smallStep]) => {
    const large = figure(figures, "scale", scaleStep);
    const small = figure(figures, section, smallStep);
    const percent = ((large - small) / small) * 100;
    return [
      scaleStep,
      `${section} / ${smallStep}`,
      whole(small),
      whole(large),
      `${percent >= 0 ? "+" : ""}${percent.toFixed(1)}%`,
    ];
  });
  return table(["Step, 1,005 members", "Same step, 5 members", "5 members", "1,005 members", "Change"], rows, [
    "left",
    "left",
    "right",
    "right",
    "right",
  ]);
}

/** Formats the deployed sizes with their margin under EIP-170. */
function sizes(figures: GasFigures): string {
  const rows = Object.entries(figures[SIZES_SECTION] ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, size]) => [
      name.startsWith("Reference") ? `${name} (OpenZeppelin reference)` : name,
      whole(size),
      whole(MAX_CONTRACT_SIZE - size),
    ]);
  return table(["Contract", "Bytes", "Left under 24,576"], rows, ["left", "right", "right"]);
}

/** Builds the whole page from `figures`. */
function buildReport(figures: GasFigures): string {
  const work = routerWork(figures);
  return [
    prose.introduction(TOLERANCE_PERCENT),
    "## Environment\n\nThe run that wrote this page and `bench/gas.json`:",
    environment(),
    prose.comparisonIntroduction,
    comparison(figures),
    prose.comparisonExplanation,
    prose.deployment,
    sectionTable(figures, "factory"),
    prose.membership,
    sectionTable(figures, "membership"),
    prose.governance,
    sectionTable(figures, "governance"),
    prose.judgment,
    sectionTable(figures, "judgment"),
    prose.colleges,
    sectionTable(figures, "colleges"),
    prose.feeRouter,
    sectionTable(figures, "feeRouter"),
    prose.feeRouterWork(whole(work.member), whole(work.nonMember)),
    prose.federation,
    sectionTable(figures, "federation"),
    prose.scale,
    sectionTable(figures, "scale"),
    prose.scaleComparison,
    scaleComparison(figures),
    prose.scaleExplanation,
    founderCapacity(figures),
    prose.sizes,
    sizes(figures),
    prose.cidThroughput,
  ]
    .filter((part) => part !== "")
    .join("\n\n")
    .concat("\n");
}

async function main(): Promise<void> {
  writeFileSync(README, buildReport(readGasFile()));
  console.log(`Wrote bench/README.md from ${GAS_FILE_NAME}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
