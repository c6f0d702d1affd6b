import type { Lang } from "./grades";

/** Space that French puts before "%", a no-break space so that the number and sign stay on one line. */
const FRENCH_PERCENT_SPACE = "\u00A0";

const DECIMAL_SEPARATOR: Record<Lang, string> = { en: ".", fr: "," };

/**
 * Formats `part` as a percentage of `total`, rounded down to one decimal, which is written only
 * when it is not zero: "42%" or "42.5%" in English, "42 %" or "42,5 %" in French (with a no-break
 * space).
 *
 * The division is done on bigints, so the result is rounded down correctly for counts of any size.
 *
 * @throws Error naming the values when `total` is not positive or `part` is negative.
 */
export function formatPercent(part: bigint, total: bigint, lang: Lang): string {
  if (total <= 0n) throw new Error(`Invalid total ${total} for a percentage: expected a count of 1 or more.`);
  if (part < 0n) throw new Error(`Invalid part ${part} for a percentage of ${total}: expected 0 or more.`);

  const tenths = (part * 1000n) / total;
  const whole = (tenths / 10n).toString();
  const decimal = tenths % 10n;
  const number = decimal === 0n ? whole : `${whole}${DECIMAL_SEPARATOR[lang]}${decimal}`;
  return lang === "fr" ? `${number}${FRENCH_PERCENT_SPACE}%` : `${number}%`;
}
