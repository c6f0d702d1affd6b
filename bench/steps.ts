/**
 * Step names shared by the scenarios that record them and by the report that reads them back from
 * `bench/gas.json`.
 */

/** Labels of the two governors in the `reference` section. */
export const SIDES = ["ours", "reference"] as const;

/** A side of the comparison with the OpenZeppelin reference. */
export type Side = (typeof SIDES)[number];

/** Steps measured on both governors, in the order of the decision. */
export const COMPARED_STEPS = [
  "propose (1 action)",
  "castVote (first)",
  "castVote (second)",
  "castVoteBySig (third)",
  "castVote (last)",
  "queue",
  "execute (set the voting delay)",
] as const;

/** A step measured on both governors. */
export type ComparedStep = (typeof COMPARED_STEPS)[number];

/** Returns the name under which `step` is recorded for `side`, such as `queue (reference)`. */
export function comparedStep(step: ComparedStep, side: Side): string {
  return `${step} (${side})`;
}

/** Founder counts of the membership deployments measured in the `scale` section. */
export const FOUNDER_COUNTS = [10, 100] as const;

/** Returns the name of the deployment of a membership proxy initialized with `count` founders. */
export function initializeStep(count: number): string {
  return `deploy membership proxy, initialize with ${count} founders`;
}

/** EIP-7825: the most gas one transaction may use, from the Osaka hardfork on. */
export const TRANSACTION_GAS_CAP = 16_777_216;
