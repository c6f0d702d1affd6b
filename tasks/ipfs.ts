import { readFile, stat } from "node:fs/promises";

import { task } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import type { CID } from "multiformats/cid";

import type { CidDescription } from "../src/ipfs/cidInspect";
import type { CidVersion, ContentStore } from "../src/ipfs/contentStore";

import { openConfiguredStore } from "./contentStore";
import { CID_FORMS, checkOutputFolder, fail, output } from "./lib";

/** File options of `ipfs:cat` and `ipfs:export` output: readable by others, and never written over an existing file. */
const NEW_PUBLIC_FILE = { mode: 0o644, overwrite: false } as const;

// The IPFS modules are loaded inside actions, so that other tasks do not pay for loading them.

interface JsonArgs {
  json: boolean;
}

interface CidArgs extends JsonArgs {
  cid: string;
}

/** Help text of `--cid` in the tasks that act on stored content. */
const CID_HELP =
  `CID of the content: ${CID_FORMS}, or a gateway URL such as https://HOST/ipfs/<CID>; ` +
  "every spelling of one CID names the same content";

/** Help text of `--cid-version` in the tasks that compute a file's CID. */
const CID_VERSION_HELP =
  "CID version: 1 (the default) gives the CIDv1 of Kubo's `ipfs add --cid-version=1` (bafk... or bafy...), " +
  "0 gives the CIDv0 of plain `ipfs add` (Qm...)";

/** Advice for content that the store lacks, or whose blocks do not match their CIDs. */
const MISSING_CONTENT_ADVICE =
  "Add the file with ipfs:add, or import its CAR file with ipfs:import, then run the command again.";

/**
 * Runs one call to the store, and fails with the store's message followed by `advice`, if any. A
 * node that cannot be reached gets no `advice`, because its message already gives the fix and the
 * content may well be on the node.
 */
async function storeCall<T>(call: () => Promise<T>, advice?: string): Promise<T> {
  const { StoreUnreachableError } = await import("../src/ipfs/kuboRpcFailure");
  try {
    return await call();
  } catch (error) {
    if (error instanceof HardhatPluginError) throw error;
    const message = (error instanceof Error ? error.message : String(error)).trimEnd();
    const sentence = /[.!?]$/.test(message) ? message : `${message}.`;
    const unreachable = error instanceof StoreUnreachableError;
    fail(advice === undefined || unreachable ? sentence : `${sentence} ${advice}`);
  }
}

/** Decodes a CID option in any spelling that `parseCid` accepts, gateway URLs and hex included. */
async function decodeCidOption(value: string, flag: string): Promise<CID> {
  const { decodeCidText } = await import("../src/ipfs/cidText");
  try {
    return decodeCidText(value);
  } catch (error) {
    fail(`Invalid ${flag}: ${(error as Error).message}`);
  }
}

/** Parses `--cid-version`, 1 when it is not given. */
function parseCidVersion(value: string | undefined): CidVersion {
  if (value === undefined || value === "1") return 1;
  if (value === "0") return 0;
  fail(
    `Invalid --cid-version ${JSON.stringify(value)}: expected 0 (a CIDv0, Qm..., as plain \`ipfs add\`) ` +
      "or 1 (a CIDv1, bafk... or bafy..., as `ipfs add --cid-version=1`), or leave it out for 1.",
  );
}

/** Returns the size in bytes of the regular file that `flag` names, or fails with the path and the fix. */
async function inputFileSize(path: string, flag: string): Promise<number> {
  let stats;
  try {
    stats = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    fail(`File not found: ${flag} ${JSON.stringify(path)}. Give the path of an existing file.`);
  }
  if (!stats.isFile()) {
    fail(`Invalid ${flag} ${JSON.stringify(path)}: it is not a regular file. Give the path of a file.`);
  }
  return stats.size;
}

/** Fails with the fix when the file that `flag` names exists or its folder does not, before any work. */
async function checkNewOutputFile(path: string, flag: string): Promise<void> {
  await checkOutputFolder(path, flag);
  const exists = await stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw error;
    },
  );
  if (exists) {
    fail(`${flag} ${JSON.stringify(path)} already exists: choose another file name, or delete that file first.`);
  }
}

/** Returns the canonical text of each pin of `store` that names the same content as `cid`. */
async function pinsOf(store: ContentStore, cid: CID): Promise<string[]> {
  const { decodeCidText } = await import("../src/ipfs/cidText");
  const { isSameContent } = await import("../src/ipfs/cidInspect");
  const pins = await storeCall(() => store.listPins());
  return pins.filter((pin) => isSameContent(decodeCidText(pin), cid));
}

/** Returns the lines that `ipfs:cid` prints for a CID, after its heading. */
function describeCidLines(description: CidDescription): string[] {
  const { codec, multihash } = description;
  const hex = (code: number) => `0x${code.toString(16)}`;
  return [
    `  version:   ${description.version}`,
    `  codec:     ${codec.name} (${hex(codec.code)})`,
    `  multihash: ${multihash.name} (${hex(multihash.code)}), ${multihash.length}-byte digest ${multihash.digest}`,
    `  CIDv0:     ${description.v0 ?? "none: only dag-pb content with a 32-byte sha2-256 digest has a CIDv0"}`,
    `  CIDv1:     ${description.v1} (base32)`,
    `  URI:       ${description.uri}`,
    `  binary:    ${description.binary} (the bytes that the tasks send on chain)`,
  ];
}

// -------------------------------------------------------------------------------------------------
// ipfs:add and ipfs:cat
// -------------------------------------------------------------------------------------------------

task(
  "ipfs:add",
  "Adds a file to the content store (IPFS_API_URL's node, else the embedded store) and pins it; prints its CID. " +
    "Example: ipfs:add --file statutes.md",
)
  .addParam("file", "Path of the file to add, such as docs/statutes.md")
  .addOptionalParam("cidVersion", CID_VERSION_HELP)
  .addFlag("noPin", "Add without pinning: a Kubo node deletes unpinned blocks at its next garbage collection")
  .addFlag("json", "Print JSON for scripts")
  .setAction(async (args: JsonArgs & { file: string; cidVersion?: string; noPin: boolean }) => {
    const { parseCid, toIpfsUri } = await import("../src/ipfs/cidText");
    const cidVersion = parseCidVersion(args.cidVersion);
    const size = await inputFileSize(args.file, "--file");
    const { store, location, name } = await openConfiguredStore();

    const { LARGE_FILE_BYTES, byteProgress, reportOnStderr } = await import("../src/cli/progress");
    const onRead = size >= LARGE_FILE_BYTES ? byteProgress(`Adding ${args.file}`, size, reportOnStderr) : undefined;
    const added = await storeCall(
      () => store.addFile(args.file, { cidVersion, onRead }),
      `The file was not added. Check ${name}, then run the command again.`,
    );
    if (!args.noPin) {
      await storeCall(() => store.pin(added), `${added} was added but not pinned: run ipfs:pin --cid ${added}.`);
    }

    const binary = parseCid(added);
    const result = {
      cid: added,
      cidVersion,
      uri: toIpfsUri(binary),
      binary,
      file: args.file,
      size,
      pinned: !args.noPin,
      store: location,
    };
    output(args.json, result, [
      `Added ${args.file} (${size} bytes) to ${name}.`,
      `  CID:    ${result.cid} (CIDv${cidVersion})`,
      `  URI:    ${result.uri}`,
      `  binary: ${binary}`,
      args.noPin ? "  not pinned (--no-pin): pin it with ipfs:pin before a garbage collection" : "  pinned",
    ]);
    return result;
  });

task(
  "ipfs:cat",
  "Reads content from the content store, checks every block against its CID, and writes it to standard output " +
    "or to --out. Example: ipfs:cat --cid bafkrei... --out statutes.md",
)
  .addParam("cid", CID_HELP)
  .addOptionalParam("out", "File to write the content to, which must not exist yet (default: standard output)")
  .addFlag("json", "Print JSON for scripts (needs --out, because the content goes to standard output otherwise)")
  .setAction(async (args: CidArgs & { out?: string }) => {
    const { writeFileAtomic } = await import("../src/files/atomicFile");
    if (args.json && args.out === undefined) {
      fail("ipfs:cat --json needs --out FILE: without --out, the content itself goes to standard output.");
    }
    const cid = await decodeCidOption(args.cid, "--cid");
    if (args.out !== undefined) await checkNewOutputFile(args.out, "--out");
    const { store, location, name } = await openConfiguredStore();

    const text = cid.toString();
    // The store returns the content only once every block has matched its CID, so a missing or
    // corrupt block stops here, before anything is written.
    const content = await storeCall(() => store.cat(text), MISSING_CONTENT_ADVICE);

    if (args.out === undefined) {
      await new Promise<void>((resolve, reject) =>
        process.stdout.write(content, (error) => (error ? reject(error) : resolve())),
      );
      return { cid: text, out: null, size: content.length, store: location };
    }

    await writeFileAtomic(args.out, content, NEW_PUBLIC_FILE);
    const result = { cid: text, out: args.out, size: content.length, store: location };
    output(args.json, result, [
      `Wrote ${content.length} bytes of ${text} from ${name} to ${args.out}; every block matched its CID.`,
    ]);
    return result;
  });

// -------------------------------------------------------------------------------------------------
// ipfs:pin, ipfs:unpin and ipfs:pins
// -------------------------------------------------------------------------------------------------

task("ipfs:pin", "Pins content of the content store, so that it is kept. Example: ipfs:pin --cid bafkrei...")
  .addParam("cid", CID_HELP)
  .addFlag("json", "Print JSON for scripts")
  .setAction(async (args: CidArgs) => {
    const cid = await decodeCidOption(args.cid, "--cid");
    const { store, location, name } = await openConfiguredStore();
    const text = cid.toString();

    // A pin of another spelling of the same content, such as the CIDv0 of a CIDv1, already keeps it.
    const existing = await pinsOf(store, cid);
    if (existing.length === 0) await storeCall(() => store.pin(text), MISSING_CONTENT_ADVICE);

    const alreadyPinned = existing.length > 0;
    const result = { cid: text, alreadyPinned, pins: alreadyPinned ? existing : [text], store: location };
    const line = alreadyPinned
      ? `${text} was already pinned in ${name}, as ${existing.join(", ")}.`
      : `Pinned ${text} in ${name}.`;
    output(args.json, result, [line]);
    return result;
  });

task(
  "ipfs:unpin",
  "Removes the pins of content in the content store, in every spelling of its CID. Example: ipfs:unpin --cid bafkrei...",
)
  .addParam("cid", CID_HELP)
  .addFlag("json", "Print JSON for scripts")
  .setAction(async (args: CidArgs) => {
    const cid = await decodeCidOption(args.cid, "--cid");
    const { store, location, name } = await openConfiguredStore();
    const text = cid.toString();

    const pinned = await pinsOf(store, cid);
    if (pinned.length === 0) {
      fail(`${text} is not pinned in ${name}: nothing to unpin. ipfs:pins lists the pins.`);
    }
    for (const pin of pinned) {
      await storeCall(() => store.unpin(pin), "Check the pins with ipfs:pins, then run the command again.");
    }

    const result = { cid: text, unpinned: pinned, store: location };
    const blocksNote =
      location.kind === "embedded"
        ? "  Its blocks stay in the folder: the embedded store never deletes blocks."
        : "  The node deletes its blocks at its next garbage collection, unless another pin needs them.";
    output(args.json, result, [`Unpinned ${pinned.join(", ")} from ${name}.`, blocksNote]);
    return result;
  });

task("ipfs:pins", "Lists the pinned CIDs of the content store (a Kubo node's recursive pins). Example: ipfs:pins")
  .addFlag("json", "Print JSON for scripts")
  .setAction(async (args: JsonArgs) => {
    const { store, location, name } = await openConfiguredStore();
    const pins = await storeCall(() => store.listPins());

    const result = { pins, store: location };
    const heading = pins.length === 0 ? `No pins in ${name}.` : `${pins.length} pin(s) in ${name}:`;
    output(args.json, result, [heading, ...pins.map((pin) => `  ${pin}`)]);
    return result;
  });

// -------------------------------------------------------------------------------------------------
// ipfs:export and ipfs:import
// -------------------------------------------------------------------------------------------------

task(
  "ipfs:export",
  "Writes content of the content store to a CAR file (CARv1, one root) that pinning services accept. " +
    "Example: ipfs:export --cid bafkrei... --out statutes.car",
)
  .addParam("cid", CID_HELP)
  .addParam("out", "CAR file to write, such as statutes.car; it must not exist yet")
  .addFlag("json", "Print JSON for scripts")
  .setAction(async (args: CidArgs & { out: string }) => {
    const { writeFileAtomic } = await import("../src/files/atomicFile");
    const cid = await decodeCidOption(args.cid, "--cid");
    await checkNewOutputFile(args.out, "--out");
    const { store, location, name } = await openConfiguredStore();
    const text = cid.toString();

    const car = await storeCall(() => store.exportCar(text), `No CAR file was written. ${MISSING_CONTENT_ADVICE}`);
    await writeFileAtomic(args.out, car, NEW_PUBLIC_FILE);

    const result = { cid: text, out: args.out, size: car.length, store: location };
    output(args.json, result, [
      `Wrote ${args.out} (${car.length} bytes), a CARv1 file whose only root is ${text}, from ${name}.`,
      "  Upload it to a pinning service that accepts CAR files, or load it into a Kubo node with " +
        `\`ipfs dag import ${args.out}\`.`,
    ]);
    return result;
  });

task(
  "ipfs:import",
  "Imports a CAR file (version 1 or 2) into the content store, checking every block, and pins its roots. " +
    "Example: ipfs:import --file statutes.car",
)
  .addParam("file", "CAR file to import, such as one that ipfs:export or `ipfs dag export` wrote")
  .addFlag("json", "Print JSON for scripts")
  .setAction(async (args: JsonArgs & { file: string }) => {
    await inputFileSize(args.file, "--file");
    const bytes = await readFile(args.file);
    const { store, location, name } = await openConfiguredStore();

    const roots = await storeCall(
      () => store.importCar(bytes),
      `Nothing was imported from ${args.file}. Give a complete CAR file, as ipfs:export or \`ipfs dag export\` writes.`,
    );

    const result = { file: args.file, roots, store: location };
    output(args.json, result, [
      `Imported ${args.file} into ${name}; its root(s), now pinned:`,
      ...roots.map((root) => `  ${root}`),
    ]);
    return result;
  });

// -------------------------------------------------------------------------------------------------
// ipfs:cid
// -------------------------------------------------------------------------------------------------

task(
  "ipfs:cid",
  "Converts and inspects a CID given in any spelling, or computes a file's CID without storing anything. " +
    "Examples: ipfs:cid --cid Qm...; ipfs:cid --file statutes.md --cid-version 0",
)
  .addOptionalParam("cid", `CID to inspect: ${CID_FORMS}`)
  .addOptionalParam("file", "File whose CID to compute, as Kubo's `ipfs add --only-hash` would; nothing is stored")
  .addOptionalParam("cidVersion", `With --file: ${CID_VERSION_HELP}`)
  .addFlag("json", "Print JSON for scripts")
  .setAction(async (args: JsonArgs & { cid?: string; file?: string; cidVersion?: string }) => {
    const { describeCid } = await import("../src/ipfs/cidInspect");
    if ((args.cid === undefined) === (args.file === undefined)) {
      fail("Give --cid TEXT to inspect a CID, or --file PATH to compute a file's CID: exactly one of them.");
    }
    if (args.cid !== undefined) {
      if (args.cidVersion !== undefined) {
        fail("--cid-version goes with --file: ipfs:cid --cid prints both the CIDv0 and the CIDv1 forms already.");
      }
      const description = describeCid(await decodeCidOption(args.cid, "--cid"));
      output(args.json, description, [`CID ${description.cid}`, ...describeCidLines(description)]);
      return description;
    }

    const file = args.file as string;
    const cidVersion = parseCidVersion(args.cidVersion);
    const size = await inputFileSize(file, "--file");
    const { createReadStream } = await import("node:fs");
    const { computeKuboCid } = await import("../src/ipfs/kuboProfile");
    const description = describeCid(await computeKuboCid(createReadStream(file), cidVersion));
    const result = { file, size, ...description };
    output(args.json, result, [
      `${file} (${size} bytes) has CID ${description.cid} with CIDv${cidVersion}; nothing was stored.`,
      ...describeCidLines(description),
    ]);
    return result;
  });
