import { MAX_GRADES, MIN_GRADES } from "./grades";

type Rgb = readonly [red: number, green: number, blue: number];

/** Colours of the worst grade, of the middle of the scale and of the best grade, as 0–255 channels. */
const WORST_COLOR: Rgb = [200, 40, 40];
const MIDDLE_COLOR: Rgb = [240, 200, 50];
const BEST_COLOR: Rgb = [40, 160, 70];

/**
 * Returns one colour for each grade of a scale of `count` grades, worst first, as `#rrggbb`.
 *
 * The colours go in equal steps from red for the worst grade through yellow in the middle of the
 * scale to green for the best, each channel interpolated linearly.
 *
 * @throws Error naming the value when `count` is not a whole number from {@link MIN_GRADES} to
 * {@link MAX_GRADES}.
 */
export function gradeColors(count: number): string[] {
  if (!Number.isInteger(count) || count < MIN_GRADES || count > MAX_GRADES) {
    throw new Error(`Invalid grade count ${count}: expected a whole number from ${MIN_GRADES} to ${MAX_GRADES}.`);
  }

  const colors: string[] = [];
  for (let grade = 0; grade < count; grade++) {
    const position = grade / (count - 1);
    const color =
      position <= 0.5
        ? interpolate(WORST_COLOR, MIDDLE_COLOR, position * 2)
        : interpolate(MIDDLE_COLOR, BEST_COLOR, position * 2 - 1);
    colors.push(toHex(color));
  }
  return colors;
}

/** Returns the colour at `fraction` (0 to 1) of the straight line from `from` to `to` in RGB. */
function interpolate(from: Rgb, to: Rgb, fraction: number): Rgb {
  const channel = (index: number): number => Math.round(from[index] + (to[index] - from[index]) * fraction);
  return [channel(0), channel(1), channel(2)];
}

function toHex(color: Rgb): string {
  return "#" + color.map((channel) => channel.toString(16).padStart(2, "0")).join("");
}
