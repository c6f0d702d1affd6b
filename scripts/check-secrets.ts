// Fails when a tracked file may leak a private key: a 64-hex-digit literal that is not a known
// public value, a tracked `.env`, a `.env` that git does not ignore, or a value in `.env.example`.
//
// Usage: ts-node --transpile-only scripts/check-secrets.ts [REPOSITORY]   (default: the current folder)
// Exit code 0 when nothing is found, 1 with one line per finding, 2 when git cannot list the files.

import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import { keccak256, toBeHex, toUtf8Bytes } from "ethers";

import { hardhatDevelopmentAccounts } from "../src/toolchain/developmentKeys";

/** A finding, printed as `file:line: message`. Line 0 means the file as a whole. */
export interface Finding {
  file: string;
  line: number;
  message: string;
}

/**
 * Published 64-hex values that tests compare against, with their source. They are test vectors of
 * standards, not keys of any account: nothing signs for the cooperative with them.
 */
const PUBLIC_TEST_VECTORS: Record<string, string> = {
  // RFC 7748, section 5.2, X25519 test vectors 1 and 2: scalars, u-coordinates and results.
  a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4: "RFC 7748 section 5.2 vector 1 scalar",
  e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c: "RFC 7748 section 5.2 vector 1 u",
  c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552: "RFC 7748 section 5.2 vector 1 output",
  "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d": "RFC 7748 section 5.2 vector 2 scalar",
  e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493: "RFC 7748 section 5.2 vector 2 u",
  "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957": "RFC 7748 section 5.2 vector 2 output",
  // RFC 7748, section 6.1, the Diffie-Hellman example of Alice and Bob.
  "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a": "RFC 7748 section 6.1 Alice's private key",
  "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb": "RFC 7748 section 6.1 Bob's private key",
  "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a": "RFC 7748 section 6.1 Alice's public key",
  de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f: "RFC 7748 section 6.1 Bob's public key",
  "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742": "RFC 7748 section 6.1 shared secret",
  "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5": "RFC 7748 test of a derived public key",
  // draft-irtf-cfrg-xchacha-03, appendix A.3.1: the key of the XChaCha20-Poly1305 example.
  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f": "XChaCha20-Poly1305 draft example key",
  // The X25519 public key that test/crypto/memberKeys.test.ts derives from Hardhat account #0's signature.
  d7c6af4ba7c2263f71c884bcf216a9ed3fcea01bf37875201990baac126b6b35: "member key of Hardhat account #0",
};

/** ERC-1967 proxy slots: keccak256 of the label minus one. */
const ERC1967_LABELS = ["eip1967.proxy.implementation", "eip1967.proxy.admin", "eip1967.proxy.beacon"];

/** A literal of exactly 64 hex digits, with or without `0x`, not part of a longer hex string. */
const HEX64 = /(?<![0-9a-fA-FxX])(?:0[xX])?([0-9a-fA-F]{64})(?![0-9a-fA-F])/g;

/** Strings hashed in a file, such as an ERC-7201 namespace in `keccak256("worldcoop.storage.X")`. */
const HASHED_STRING = /keccak256\(\s*"([^"]+)"\s*\)/g;

function digits(value: string): string {
  return value.replace(/^0x/i, "").toLowerCase();
}

/** Returns keccak256(label) - 1, the ERC-1967 slot of `label`. */
function slotOf(label: string): string {
  return digits(toBeHex(BigInt(keccak256(toUtf8Bytes(label))) - 1n, 32));
}

/** Returns the ERC-7201 storage location of `namespace`. */
function erc7201Location(namespace: string): string {
  const slot = BigInt(keccak256(toUtf8Bytes(namespace))) - 1n;
  const location = BigInt(keccak256(toBeHex(slot, 32))) & ~0xffn;
  return digits(toBeHex(location, 32));
}

/** Values allowed in every file: development keys, public test vectors and ERC-1967 slots. */
function globallyAllowed(): Map<string, string> {
  const allowed = new Map<string, string>();
  for (const account of hardhatDevelopmentAccounts()) {
    allowed.set(digits(account.privateKey), `Hardhat development key #${account.index}`);
  }
  for (const [value, reason] of Object.entries(PUBLIC_TEST_VECTORS)) allowed.set(value, reason);
  for (const label of ERC1967_LABELS) allowed.set(slotOf(label), `ERC-1967 slot ${label}`);
  return allowed;
}

/**
 * Storage slots that `text` computes itself from strings it names: ERC-7201 locations and ERC-1967
 * style slots. A plain keccak256 of a quoted string is not allowed, because a key made from a
 * passphrase (a "brain wallet") is exactly that.
 */
function derivedInFile(text: string): Set<string> {
  const derived = new Set<string>();
  for (const match of text.matchAll(HASHED_STRING)) {
    derived.add(slotOf(match[1]));
    derived.add(erc7201Location(match[1]));
  }
  return derived;
}

/** Returns the findings of one tracked file's text. */
export function scanText(file: string, text: string, allowed: Map<string, string> = globallyAllowed()): Finding[] {
  const findings: Finding[] = [];
  const derived = derivedInFile(text);
  const isEnvExample = path.basename(file) === ".env.example";
  text.split("\n").forEach((line, index) => {
    for (const match of line.matchAll(HEX64)) {
      const value = match[1].toLowerCase();
      // .env.example is copied to .env as it is, so it must not carry a key, even a public one.
      if (!isEnvExample && (allowed.has(value) || derived.has(value))) continue;
      findings.push({
        file,
        line: index + 1,
        message:
          `64-hex literal ${match[1].slice(0, 6)}… looks like a private key. Remove it and load the key from ` +
          ".env or the environment; if it is a public value, add it with its source to PUBLIC_TEST_VECTORS in scripts/check-secrets.ts.",
      });
    }
    if (isEnvExample && /^\s*DEPLOYER_PRIVATE_KEY\s*=\s*\S/.test(line)) {
      findings.push({
        file,
        line: index + 1,
        message:
          "DEPLOYER_PRIVATE_KEY has a value in .env.example: leave it empty, because the file is copied to .env.",
      });
    }
  });
  return findings;
}

/** Returns the staged content of each tracked file at `root`, by path, from one `git cat-file` process. */
function stagedContents(root: string): Map<string, Buffer> {
  const listing = execFileSync("git", ["ls-files", "-s", "-z"], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  // Each entry reads "<mode> <blob id> <stage>\t<path>".
  const entries = listing
    .toString("utf8")
    .split("\0")
    .filter((entry) => entry !== "")
    .map((entry) => {
      const tab = entry.indexOf("\t");
      return { blob: entry.slice(0, tab).split(" ")[1], file: entry.slice(tab + 1) };
    });
  const batch = spawnSync("git", ["cat-file", "--batch"], {
    cwd: root,
    input: entries.map((entry) => entry.blob).join("\n") + "\n",
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (batch.status !== 0) throw new Error(`git cat-file failed: ${batch.stderr.toString("utf8")}`);
  // The output repeats "<blob id> <type> <size>\n<content>\n" in the order of the input.
  const contents = new Map<string, Buffer>();
  let offset = 0;
  for (const { file } of entries) {
    const headerEnd = batch.stdout.indexOf(0x0a, offset);
    const size = Number(batch.stdout.subarray(offset, headerEnd).toString("utf8").split(" ")[2]);
    contents.set(file, batch.stdout.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return contents;
}

/** Returns the findings of `text` that are not already in `seen`, recording them there. */
function newFindings(file: string, content: Buffer, allowed: Map<string, string>, seen: Set<string>): Finding[] {
  if (content.includes(0)) return [];
  return scanText(file, content.toString("utf8"), allowed).filter((finding) => {
    const key = `${finding.file}:${finding.line}:${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Returns the findings of the repository at `root`: the tracked files as staged (what the next
 * commit records) and as they are in the working tree, `.env` tracking and ignoring.
 */
export function scanRepository(root: string): Finding[] {
  const staged = stagedContents(root);
  const allowed = globallyAllowed();
  const findings: Finding[] = [];
  const seen = new Set<string>();

  for (const [file, content] of staged) {
    if (path.basename(file) === ".env") {
      findings.push({
        file,
        line: 0,
        message:
          "a .env file is tracked by git: run `git rm --cached " +
          file +
          "`, keep .env in .gitignore, and replace any key it held.",
      });
    }
    findings.push(...newFindings(file, content, allowed, seen));
    let working: Buffer;
    try {
      working = readFileSync(path.join(root, file));
    } catch {
      // A file deleted from the working tree is still checked above as staged.
      continue;
    }
    if (!working.equals(content)) findings.push(...newFindings(file, working, allowed, seen));
  }

  // `git check-ignore` exits with 0 when the path is ignored, 1 when it is not.
  const ignored = spawnSync("git", ["check-ignore", "-q", "--no-index", ".env"], { cwd: root });
  if (ignored.status !== 0) {
    findings.push({
      file: ".gitignore",
      line: 0,
      message: "`.env` is not ignored by git: add a line `.env` to .gitignore.",
    });
  }
  return findings;
}

function main(): void {
  const root = path.resolve(process.argv[2] ?? ".");
  let findings: Finding[];
  try {
    findings = scanRepository(root);
  } catch (error) {
    console.error(`check-secrets: cannot list the tracked files of ${root}: ${(error as Error).message}`);
    process.exit(2);
  }
  for (const finding of findings) {
    const where = finding.line > 0 ? `${finding.file}:${finding.line}` : finding.file;
    console.error(`${where}: ${finding.message}`);
  }
  if (findings.length > 0) {
    console.error(`check-secrets: ${findings.length} problem(s) found in ${root}.`);
    process.exit(1);
  }
  console.log(`check-secrets: no private key, tracked .env or unignored .env found in ${root}.`);
}

if (require.main === module) main();
