/**
 * Majority judgment by its textbook definition, to check the fast ranking against. Each option's
 * grades are written out one per judgment and padded with the worst grade to the longest list,
 * because a voter who grades some options and not others gives the worst grade to the others.
 * Options are then compared by their majority values.
 *
 * Time and memory grow with the total weight, so use counts of at most a few thousand.
 */

/**
 * Returns an option's majority values: the grades that repeated removal of the lower median takes
 * from its judgments, after `padding` extra judgments of grade 0.
 */
export function majorityValues(histogram: readonly bigint[], padding = 0): number[] {
  const judgments: number[] = new Array<number>(padding).fill(0);
  histogram.forEach((count, grade) => {
    for (let copy = 0n; copy < count; copy++) judgments.push(grade);
  });

  const values: number[] = [];
  while (judgments.length > 0) {
    const lowerMedian = Math.floor((judgments.length - 1) / 2);
    values.push(judgments[lowerMedian]);
    judgments.splice(lowerMedian, 1);
  }
  return values;
}

/** Compares two lists of majority values of the same length: 1 when `a` is better, -1 when worse. */
export function compareMajorityValues(a: readonly number[], b: readonly number[]): -1 | 0 | 1 {
  if (a.length !== b.length) throw new Error(`Majority values of different lengths: ${a.length} and ${b.length}.`);
  for (let index = 0; index < a.length; index++) {
    if (a[index] !== b[index]) return a[index] > b[index] ? 1 : -1;
  }
  return 0;
}

/** Ranks options by their majority values, best first, with tied options grouped in index order. */
export function rankByMajorityValues(tallies: readonly (readonly bigint[])[]): number[][] {
  const totals = tallies.map((histogram) => histogram.reduce((sum, count) => sum + count, 0n));
  const longest = totals.reduce((largest, total) => (total > largest ? total : largest), 0n);
  const values = tallies.map((histogram, option) => majorityValues(histogram, Number(longest - totals[option])));

  const groups: number[][] = [];
  const remaining = tallies.map((_, option) => option);
  while (remaining.length > 0) {
    // The best options left are those that no other remaining option beats.
    const best = remaining.filter((option) =>
      remaining.every((other) => compareMajorityValues(values[option], values[other]) >= 0),
    );
    groups.push(best);
    for (const option of best) remaining.splice(remaining.indexOf(option), 1);
  }
  return groups;
}
