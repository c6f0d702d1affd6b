/** Log of the steps of one operation, in the order they were done. */
export class StepLog {
  readonly steps: string[] = [];

  constructor(private readonly onStep?: (step: string) => void) {}

  /** Records a step that is done, and passes it to `onStep`. */
  add(step: string): void {
    this.steps.push(step);
    this.onStep?.(step);
  }
}

/** Returns a count with its noun, in the plural unless the count is 1: "1 wrapped key", "2 wrapped keys". */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
