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
 * or minutes, it first passes the transaction's hash to `report`, then the time waited, every
 * `intervalMs`. On a local node it reports nothing, because blocks are mined at once there.
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

/** Size from which a file that a task adds gets progress lines: 8 MiB. */
export const LARGE_FILE_BYTES = 8 * 1024 * 1024;

const MIB = 1024 * 1024;

/**
 * Returns a callback for the number of bytes read so far of a file of `size` bytes. It passes a
 * line to `report` each time one more of `steps` equal parts has been read, such as "Adding a.bin:
 * 40% (20.0 of 50.0 MiB)".
 */
export function byteProgress(
  label: string,
  size: number,
  report: (line: string) => void,
  steps = 10,
): (bytesRead: number) => void {
  let reported = 0;
  return (bytesRead) => {
    const step = size === 0 ? steps : Math.floor((Math.min(bytesRead, size) * steps) / size);
    if (step <= reported) return;
    reported = step;
    const percent = Math.round((100 * step) / steps);
    report(`${label}: ${percent}% (${(bytesRead / MIB).toFixed(1)} of ${(size / MIB).toFixed(1)} MiB)`);
  };
}
