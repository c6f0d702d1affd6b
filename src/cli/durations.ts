const UNITS: [seconds: number, singular: string][] = [
  [86_400, "day"],
  [3_600, "hour"],
  [60, "minute"],
  [1, "second"],
];

/** Formats a duration in seconds as words, largest unit first: 5400 gives `1 hour 30 minutes`. */
export function formatDuration(seconds: bigint | number): string {
  let left = Number(seconds);
  if (left === 0) return "0 seconds";
  const parts: string[] = [];
  for (const [size, singular] of UNITS) {
    const count = Math.floor(left / size);
    if (count === 0) continue;
    parts.push(`${count} ${singular}${count === 1 ? "" : "s"}`);
    left -= count * size;
  }
  return parts.join(" ");
}
