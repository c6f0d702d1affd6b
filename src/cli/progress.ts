import { LOCAL_CHAIN_IDS } from "../chain/signingChain";

/** A transaction that was sent and that can be waited for until it is mined. */
export interface SentTransaction<R> {
  hash: string;
  chainId: bigint;
  wait(): Promise<R | null>;
}

/** Milliseconds between two "still waiting" lines while a transaction is not mined. */
export const PROGRESS_INTERVAL_MS = 15_000;

/**
 * Waits until `sent` is mined. On a chain other than a local node, where a block can take seconds
 * or minutes, it first tells `report` the transaction's hash, then how long it has waited, every
 * `intervalMs`. On a local node it reports nothing: blocks are mined at once there.
 */
export async function waitWithProgress<R>(
  label: string,
  sent: SentTransaction<R>,
  report: (line: string) => void,
  intervalMs = PROGRESS_INTERVAL_MS,
): Promise<R | null> {
  if (LOCAL_CHAIN_IDS.includes(sent.chainId)) return sent.wait();
  report(`${label}: sent ${sent.hash}, waiting for it to be mined...`);
  const started = Date.now();
  const timer = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    report(`${label}: still waiting for ${sent.hash} after ${seconds} s`);
  }, intervalMs);
  try {
    return await sent.wait();
  } finally {
    clearInterval(timer);
  }
}

/** Writes a progress line to the standard error, so that `--json` output on the standard output stays parseable. */
export function reportOnStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}
