import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";

import { writeFileAtomic } from "../files/atomicFile";
import { WEB_CONFIG_FILE, type WebConfig } from "./config";
import type { VotingPageSeed } from "./seed";

/** Folder where `npm run web` keeps the page's settings and the seeded proposals, when WEB_OUTPUT_DIR is empty. */
export const DEFAULT_WEB_OUTPUT_DIRECTORY = path.resolve(__dirname, "..", "..", ".coop-data", "web");

/** File name of the seeded proposals, beside the page's settings. */
export const SEED_FILE = "seed.json";

/** Returns the folder of the page's settings: WEB_OUTPUT_DIR, or `.coop-data/web/`. */
export function webOutputDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.WEB_OUTPUT_DIR?.trim() || DEFAULT_WEB_OUTPUT_DIRECTORY);
}

/** Writes the page's settings and the seeded proposals to `directory`. */
export async function writeWebFiles(directory: string, config: WebConfig, seed: VotingPageSeed): Promise<void> {
  await mkdir(directory, { recursive: true });
  const json = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  // Readable by the page's server and by tests; nothing in them is secret.
  await writeFileAtomic(path.join(directory, WEB_CONFIG_FILE), json(config), { mode: 0o644 });
  await writeFileAtomic(path.join(directory, SEED_FILE), json(seed), { mode: 0o644 });
}

/**
 * Reads the page's settings that `writeWebFiles` wrote.
 *
 * @throws Error naming the file and the command that writes it, when it is missing.
 */
export async function readWebConfig(directory: string): Promise<WebConfig> {
  const file = path.join(directory, WEB_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(`Failed to read ${file}. Run \`npm run web\`, which deploys the demo cooperative and writes it.`, {
      cause: error,
    });
  }
  return JSON.parse(text) as WebConfig;
}
