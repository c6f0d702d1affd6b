import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

/**
 * The `ipfs_cid` command of Debian's package ipfs-cid (0.0~git20200813 in Debian 12), built on the
 * Rust crate ipfs-unixfs 0.2.0 of rust-ipfs. It computes the CIDs of Kubo's `ipfs add` defaults
 * independently of the JavaScript importer that this project uses.
 */
export const IPFS_CID_COMMAND = "ipfs_cid";

/** The command that installs {@link IPFS_CID_COMMAND} on Debian and Ubuntu. */
export const IPFS_CID_INSTALL = "apt-get install ipfs-cid";

/**
 * The JSON line that `ipfs_cid FILE` prints. `CIDv1` is the CIDv1 of the same dag-pb root block as
 * `CIDv0`, not the raw-leaf CID of Kubo's `ipfs add --cid-version=1`.
 */
export interface IpfsCidOutput {
  CIDv0: string;
  CIDv1: string;
}

const execFileAsync = promisify(execFile);

/** Returns the path of the first executable file named `name` in the folders of `path`, or undefined. */
export function findOnPath(name: string, path: string = process.env.PATH ?? ""): string | undefined {
  for (const folder of path.split(delimiter)) {
    if (folder === "") continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not in this folder, or not executable: try the next one.
    }
  }
  return undefined;
}

/**
 * Runs `command` (the path of `ipfs_cid`) on `file` and returns the CIDs that it prints. The
 * command also prints timings on stderr, which are dropped.
 *
 * @throws Error naming the file when the command fails or prints anything but the expected JSON line.
 */
export async function runIpfsCid(command: string, file: string): Promise<IpfsCidOutput> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(command, [file], { encoding: "utf8" }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${command} ${file} failed: ${reason}`, { cause: error });
  }

  const output = parseJson(stdout);
  if (!isIpfsCidOutput(output)) {
    throw new Error(`${command} ${file} printed ${JSON.stringify(stdout)}: expected {"CIDv0":"Qm…","CIDv1":"b…"}.`);
  }
  return output;
}

/** Returns the value of the JSON `text`, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isIpfsCidOutput(value: unknown): value is IpfsCidOutput {
  if (typeof value !== "object" || value === null) return false;
  const fields = value as Record<string, unknown>;
  return typeof fields.CIDv0 === "string" && typeof fields.CIDv1 === "string";
}
