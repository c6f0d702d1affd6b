import { gradeColors } from "./colors";
import { MAX_GRADES, MIN_GRADES, type Lang } from "./grades";
import { formatPercent } from "./percent";
import { NO_BALLOT_TEXT, describeOption, majorityGrade } from "./profile";
import { escapeXml, shortenText } from "./svgText";

/** One option of a majority-judgment ballot and its tally. */
export interface MeritProfileOption {
  /** Name of the option, as members wrote it. */
  label: string;
  /** Number of ballots that give each grade, worst grade first, one count per grade label. */
  tally: bigint[];
}

/** Input of {@link meritProfileSvg}. */
export interface MeritProfileChartInput {
  /** Title of the chart, usually the question of the ballot. */
  title: string;
  options: MeritProfileOption[];
  /** Indices into `options` from the best-ranked option to the worst, as the ranking gives them. */
  order: number[];
  /** Labels of the grades, worst first, such as `gradeLabels(6, lang)`. */
  gradeLabels: string[];
  /** Language of the chart's own words and of its `lang` attribute. */
  lang: Lang;
}

// Layout, in px. The chart has a fixed width, and its height grows with the options and the legend.
const WIDTH = 800;
const MARGIN = 20;
const TITLE_BASELINE = 32;
const SCALE_LABEL_BASELINE = 62;
const BARS_TOP = 72;
const BAR_X = 180;
const BAR_WIDTH = 460;
const BAR_HEIGHT = 24;
const ROW_HEIGHT = 36;
const OPTION_LABEL_END_X = BAR_X - 10;
const GRADE_TEXT_X = BAR_X + BAR_WIDTH + 10;
const TEXT_BASELINE_IN_BAR = 17;
const MEDIAN_LINE_OVERHANG = 6;
const LEGEND_GAP = 16;
const LEGEND_COLUMNS = 4;
const LEGEND_COLUMN_WIDTH = (WIDTH - 2 * MARGIN) / LEGEND_COLUMNS;
const LEGEND_ROW_HEIGHT = 22;
const LEGEND_SWATCH_SIZE = 14;

// Maximum lengths in code points of the texts drawn, estimated from their font size and the room they have.
const MAX_TITLE_LENGTH = 70;
const MAX_OPTION_LABEL_LENGTH = 22;
const MAX_GRADE_TEXT_LENGTH = 18;
const MAX_LEGEND_LABEL_LENGTH = 24;

// The background is opaque so that the dark text stays readable in viewers with a dark theme.
const BACKGROUND_COLOR = "#ffffff";
const EMPTY_BAR_COLOR = "#d0d0d0";
const TEXT_COLOR = "#222222";
const MEDIAN_LINE_COLOR = "#444444";

/** Segment positions are computed in hundredths of a pixel as bigints, because a Number loses precision past 2^53. */
const HUNDREDTHS_PER_PX = 100n;

/**
 * Draws the merit profile of a majority-judgment ballot as a standalone SVG document.
 *
 * Each option gets one horizontal bar, in `order` (best first). A bar is split into one segment per
 * grade, as wide as that grade's share of the option's ballots, coloured from red (worst grade) to
 * green (best). A dashed line at 50% marks where the majority grade lies. The option's label is
 * written left of its bar and its majority grade in words right of it. A legend of the grade colours
 * follows the bars. An option that no ballot graded gets an empty grey bar.
 *
 * The chart is 800 px wide. Texts that would not fit are shortened with "…", and each row's
 * `<title>` gives the full label with its description by {@link describeOption}. Segment widths are
 * computed from the counts with bigint arithmetic, so counts as large as 2^255 keep their proportions.
 * Every text from the input is escaped.
 *
 * @throws Error naming the values when `gradeLabels` has fewer than {@link MIN_GRADES} or more than
 * {@link MAX_GRADES} labels, when a tally's length differs from the number of grade labels, when a
 * count is negative, or when `order` is not a permutation of the option indices.
 */
export function meritProfileSvg(input: MeritProfileChartInput): string {
  const { title, options, order, gradeLabels, lang } = input;
  checkGradeLabels(gradeLabels);
  options.forEach((option, index) => checkTally(option, index, gradeLabels));
  checkOrder(order, options.length);

  const colors = gradeColors(gradeLabels.length);
  const barsBottom = BARS_TOP + order.length * ROW_HEIGHT;
  const legendTop = barsBottom + LEGEND_GAP;
  const legendRows = Math.ceil(gradeLabels.length / LEGEND_COLUMNS);
  const height = legendTop + legendRows * LEGEND_ROW_HEIGHT + MARGIN;

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" ` +
      `viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="mj-title mj-desc" ` +
      `lang="${escapeXml(lang)}" xml:lang="${escapeXml(lang)}" font-family="sans-serif" fill="${TEXT_COLOR}">`,
    `<title id="mj-title">${escapeXml(title)}</title>`,
    `<desc id="mj-desc">${escapeXml(chartDescription(input))}</desc>`,
    `<rect class="background" width="${WIDTH}" height="${height}" fill="${BACKGROUND_COLOR}"/>`,
    `<text x="${MARGIN}" y="${TITLE_BASELINE}" font-size="18" font-weight="bold">` +
      `${escapeXml(shortenText(title, MAX_TITLE_LENGTH))}</text>`,
    ...order.map((optionIndex, rank) =>
      optionRow(options[optionIndex], rank, BARS_TOP + rank * ROW_HEIGHT, gradeLabels, colors, lang),
    ),
    ...medianLine(barsBottom, lang),
    ...legend(legendTop, gradeLabels, colors),
    "</svg>",
  ];
  return lines.join("\n") + "\n";
}

/** Draws one option's row: its label, its bar split by grade and its majority grade in words. */
function optionRow(
  option: MeritProfileOption,
  rank: number,
  top: number,
  gradeLabels: readonly string[],
  colors: readonly string[],
  lang: Lang,
): string {
  const total = option.tally.reduce((sum, count) => sum + count, 0n);
  const gradeText = total === 0n ? NO_BALLOT_TEXT[lang] : gradeLabels[majorityGrade(option.tally)];
  const fullText = `${option.label}: ${describeOption(option.tally, gradeLabels, lang)}`;
  const baseline = top + TEXT_BASELINE_IN_BAR;

  const parts = [
    `<g class="option" data-rank="${rank + 1}">`,
    `<title>${escapeXml(fullText)}</title>`,
    `<text class="option-label" x="${OPTION_LABEL_END_X}" y="${baseline}" font-size="13" text-anchor="end">` +
      `${escapeXml(shortenText(option.label, MAX_OPTION_LABEL_LENGTH))}</text>`,
  ];
  if (total === 0n) {
    parts.push(
      `<rect class="empty-bar" x="${BAR_X}" y="${top}" width="${BAR_WIDTH}" height="${BAR_HEIGHT}" ` +
        `fill="${EMPTY_BAR_COLOR}"/>`,
    );
  } else {
    parts.push(...barSegments(option.tally, total, top, gradeLabels, colors, lang));
  }
  parts.push(
    `<text class="majority-grade" x="${GRADE_TEXT_X}" y="${baseline}" font-size="13">` +
      `${escapeXml(shortenText(gradeText, MAX_GRADE_TEXT_LENGTH))}</text>`,
    "</g>",
  );
  return parts.join("\n");
}

/**
 * Draws the grade segments of a bar whose ballots total `total` (more than 0). Each segment ends at
 * the share of the ballots counted up to its grade, rounded down to a hundredth of a pixel, so the
 * segments join without gaps and together fill exactly {@link BAR_WIDTH}. Grades with no ballot get
 * no segment.
 */
function barSegments(
  tally: readonly bigint[],
  total: bigint,
  top: number,
  gradeLabels: readonly string[],
  colors: readonly string[],
  lang: Lang,
): string[] {
  const barStart = BigInt(BAR_X) * HUNDREDTHS_PER_PX;
  const barWidth = BigInt(BAR_WIDTH) * HUNDREDTHS_PER_PX;

  const segments: string[] = [];
  let counted = 0n;
  let start = 0n;
  for (let grade = 0; grade < tally.length; grade++) {
    counted += tally[grade];
    const end = (counted * barWidth) / total;
    if (end > start) {
      segments.push(
        `<rect class="segment" data-grade="${grade}" x="${pixels(barStart + start)}" y="${top}" ` +
          `width="${pixels(end - start)}" height="${BAR_HEIGHT}" fill="${colors[grade]}">` +
          `<title>${escapeXml(`${gradeLabels[grade]}: ${tally[grade]} (${formatPercent(tally[grade], total, lang)})`)}</title>` +
          "</rect>",
      );
    }
    start = end;
  }
  return segments;
}

/** Draws the dashed vertical line at 50% of the bars and its label above them. */
function medianLine(barsBottom: number, lang: Lang): string[] {
  const x = BAR_X + BAR_WIDTH / 2;
  const lineBottom = Math.max(barsBottom - (ROW_HEIGHT - BAR_HEIGHT), BARS_TOP) + MEDIAN_LINE_OVERHANG;
  return [
    `<line class="median-line" x1="${x}" y1="${BARS_TOP - MEDIAN_LINE_OVERHANG}" x2="${x}" y2="${lineBottom}" ` +
      `stroke="${MEDIAN_LINE_COLOR}" stroke-width="1.5" stroke-dasharray="5 4"/>`,
    `<text class="median-label" x="${x}" y="${SCALE_LABEL_BASELINE}" font-size="12" text-anchor="middle">` +
      `${escapeXml(formatPercent(1n, 2n, lang))}</text>`,
  ];
}

/** Draws the legend: a colour swatch and a label for each grade, worst first, in rows of four. */
function legend(top: number, gradeLabels: readonly string[], colors: readonly string[]): string[] {
  const items = gradeLabels.map((label, grade) => {
    const x = MARGIN + (grade % LEGEND_COLUMNS) * LEGEND_COLUMN_WIDTH;
    const y = top + Math.floor(grade / LEGEND_COLUMNS) * LEGEND_ROW_HEIGHT;
    return (
      `<rect x="${x}" y="${y}" width="${LEGEND_SWATCH_SIZE}" height="${LEGEND_SWATCH_SIZE}" fill="${colors[grade]}"/>\n` +
      `<text x="${x + LEGEND_SWATCH_SIZE + 6}" y="${y + LEGEND_SWATCH_SIZE - 2}" font-size="12">` +
      `${escapeXml(shortenText(label, MAX_LEGEND_LABEL_LENGTH))}</text>`
    );
  });
  return ['<g class="legend">', ...items, "</g>"];
}

/** Describes every option in rank order, one line each, for the chart's `<desc>`. */
function chartDescription(input: MeritProfileChartInput): string {
  return input.order
    .map((optionIndex, rank) => {
      const option = input.options[optionIndex];
      return `${rank + 1}. ${option.label}: ${describeOption(option.tally, input.gradeLabels, input.lang)}`;
    })
    .join("\n");
}

/** Writes a length in hundredths of a pixel as pixels, with no trailing zeros: 12345n gives "123.45". */
function pixels(hundredths: bigint): string {
  const whole = hundredths / HUNDREDTHS_PER_PX;
  const fraction = hundredths % HUNDREDTHS_PER_PX;
  if (fraction === 0n) return whole.toString();
  return `${whole}.${fraction.toString().padStart(2, "0").replace(/0$/, "")}`;
}

function checkGradeLabels(gradeLabels: readonly string[]): void {
  if (gradeLabels.length < MIN_GRADES || gradeLabels.length > MAX_GRADES) {
    throw new Error(
      `Invalid gradeLabels: expected ${MIN_GRADES} to ${MAX_GRADES} labels, one per grade and worst first, ` +
        `but got ${gradeLabels.length}. Pass a scale such as gradeLabels(6, lang).`,
    );
  }
}

function checkTally(option: MeritProfileOption, index: number, gradeLabels: readonly string[]): void {
  const name = `option ${index} (${JSON.stringify(option.label)})`;
  if (option.tally.length !== gradeLabels.length) {
    throw new Error(
      `Invalid tally of ${name}: it has ${option.tally.length} counts but gradeLabels has ` +
        `${gradeLabels.length} grades. Give one count per grade, worst first.`,
    );
  }
  option.tally.forEach((count, grade) => {
    if (count < 0n) {
      throw new Error(
        `Invalid tally of ${name}: the count ${count} of grade ${grade} (${JSON.stringify(gradeLabels[grade])}) ` +
          "is negative. Each count is a number of ballots, 0 or more.",
      );
    }
  });
}

function checkOrder(order: readonly number[], optionCount: number): void {
  const expected =
    optionCount === 0
      ? "expected an empty order because there are no options"
      : `expected each option index from 0 to ${optionCount - 1} exactly once, best option first`;
  const fail = (problem: string): never => {
    throw new Error(`Invalid order [${order.join(", ")}]: ${expected}, but ${problem}.`);
  };

  if (order.length !== optionCount) fail(`its length is ${order.length}`);
  const seen = new Set<number>();
  for (const optionIndex of order) {
    if (!Number.isInteger(optionIndex) || optionIndex < 0 || optionIndex >= optionCount) {
      fail(`${optionIndex} is not an option index`);
    }
    if (seen.has(optionIndex)) fail(`option ${optionIndex} appears twice`);
    seen.add(optionIndex);
  }
}
