import { readFile, stat } from "node:fs/promises";
import { extname, resolve } from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { getAddress, isAddress } from "ethers";

import type { PersonalDataContext } from "../src/members/context";
import type { MemberKeySource } from "../src/members/memberKey";

import { checkOutputFolder, connectCoop, coopTask, fail, output } from "./lib";

// Modules that import TypeChain bindings are loaded inside actions, because hardhat.config.ts loads
// this file before the first compilation has generated them.

interface CommonArgs {
  coop?: string;
  from?: string;
  json: boolean;
}

interface KeyFileArgs {
  keyFile?: string;
}

/** Environment variable that contains the passphrase of `--key-file`, so that it never shows in a command line. */
const PASSPHRASE_VARIABLE = "COOP_KEY_PASSPHRASE";

/** Option that selects the local node in the examples of the help texts. */
const LOCAL = "--network localhost";

const KEY_FILE_HELP =
  `Key file of your encryption key pair, encrypted with the passphrase in ${PASSPHRASE_VARIABLE} ` +
  "(default: a key derived from your wallet's signature), e.g. ~/coop/member.key";

/** Media types of common file extensions, for `--content-type` when it is not given. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".xml": "application/xml",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
};

/**
 * Returns the source of the acting account's key pair, which is its wallet, or `--key-file` with the
 * passphrase from the environment.
 */
function keySourceOf(keyFile: string | undefined): MemberKeySource {
  if (keyFile === undefined) return { kind: "wallet" };
  if (keyFile.trim() === "") fail("Invalid --key-file: the path is empty. Give the path of your key file.");
  const passphrase = process.env[PASSPHRASE_VARIABLE];
  if (passphrase === undefined || passphrase === "") {
    fail(
      `--key-file ${keyFile} needs its passphrase in the environment variable ${PASSPHRASE_VARIABLE} (in .env or ` +
        "the shell), never on the command line. Set it, then run the command again.",
    );
  }
  return { kind: "keyFile", path: resolve(keyFile), passphrase };
}

/** Returns the checksummed addresses of a comma-separated list, failing on the first invalid one. */
function parseAddressList(list: string | undefined, flag: string): string[] {
  if (list === undefined) return [];
  const items = list
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  for (const item of items) {
    if (!isAddress(item)) fail(`Invalid ${flag} entry "${item}": expected an address, 0x and 40 hex digits.`);
  }
  return items.map((item) => getAddress(item));
}

function requireAddress(value: string, flag: string): string {
  if (!isAddress(value)) fail(`Invalid ${flag} "${value}": expected an address, 0x and 40 hex digits.`);
  return getAddress(value);
}

/**
 * Connects to the cooperative with the acting account, and opens the content store and the key
 * store that the environment selects. Steps are printed as they are done, unless `--json` is set.
 */
async function openContext(hre: HardhatRuntimeEnvironment, args: CommonArgs) {
  const { openContentStore } = await import("../src/ipfs/openContentStore");
  const { openKeyStore } = await import("../src/crypto/openKeyStore");
  const { coop, signer, account, addresses } = await connectCoop(hre, args);
  let contentStore;
  try {
    contentStore = openContentStore(process.env);
  } catch (error) {
    fail((error as Error).message);
  }
  const keyStore = openKeyStore(process.env);
  const context: PersonalDataContext = {
    membership: coop.membership,
    signer,
    contentStore,
    keyStore,
    onStep: args.json ? undefined : (step) => console.log(`  ${step}.`),
  };
  return { context, account, symbol: addresses.symbol, keyStore };
}

/** Runs `action`, and prints the errors of personal data and of the envelope library as task errors. */
async function reportErrors<T>(action: () => Promise<T>): Promise<T> {
  const { PersonalDataError } = await import("../src/members/errors");
  const { CryptoError } = await import("../src/crypto/errors");
  try {
    return await action();
  } catch (error) {
    // src/crypto and src/members raise TypeError for invalid arguments, such as a malformed media type.
    if (error instanceof PersonalDataError || error instanceof CryptoError || error instanceof TypeError) {
      fail(error.message);
    }
    throw error;
  }
}

/** Reads the file that `--file` names, failing with the path when it is missing or a folder. */
async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") fail(`File not found: --file ${JSON.stringify(path)}. Give the path of an existing file.`);
    if (code === "EISDIR") fail(`--file ${JSON.stringify(path)} is a folder. Give the path of a file.`);
    throw error;
  }
}

/** Returns the message for an output file that already exists. */
function existingFileMessage(path: string): string {
  return `--out ${JSON.stringify(path)} already exists. Choose another path, or delete that file first.`;
}

/**
 * Fails naming the path when `--out` names a folder or an existing file, or its folder does not
 * exist, before anything is decrypted.
 */
async function checkNewOutputFile(path: string): Promise<void> {
  await checkOutputFolder(path, "--out");
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (isFolder) fail(`--out ${JSON.stringify(path)} is a folder. Give the path of a new file in it.`);
  fail(existingFileMessage(path));
}

/**
 * Fails when `--key-file` names a file to create and the passphrase is shorter than new key files
 * require. An existing key file opens with the passphrase it was saved with, whatever its length.
 */
async function checkNewKeyFilePassphrase(path: string, passphrase: string): Promise<void> {
  const { MIN_PASSPHRASE_LENGTH, passphraseLength } = await import("../src/crypto/keyFile");
  const exists = await stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw error;
    },
  );
  const length = passphraseLength(passphrase);
  if (!exists && length < MIN_PASSPHRASE_LENGTH) {
    fail(
      `The passphrase in ${PASSPHRASE_VARIABLE} has ${length} characters, and a new key file needs at least ` +
        `${MIN_PASSPHRASE_LENGTH}. Set a longer passphrase in ${PASSPHRASE_VARIABLE}, then run the command again ` +
        `to create ${path}.`,
    );
  }
}

coopTask(
  "member:register-key",
  "Registers your encryption key on chain, so that personal data can be encrypted for you. Examples: " +
    `member:register-key ${LOCAL} --from 0xYOU; member:register-key ${LOCAL} --key-file ~/coop/me.key --from 0xYOU`,
  true,
  "Your member account, which sends the transaction (default: the first configured account)",
)
  .addOptionalParam("keyFile", `${KEY_FILE_HELP}. Created with a new key pair if it does not exist`)
  .setAction(async (args: CommonArgs & KeyFileArgs, hre) => {
    const source = keySourceOf(args.keyFile);
    if (source.kind === "keyFile") await checkNewKeyFilePassphrase(source.path, source.passphrase);
    const { context } = await openContext(hre, args);
    const { registerEncryptionKey } = await import("../src/members/registerKey");
    const result = await reportErrors(() => registerEncryptionKey(context, source));
    const lines =
      result.transaction === null
        ? [
            `The encryption key from ${result.origin} was already registered for ${result.account}, so nothing was sent.`,
          ]
        : [
            `Registered the encryption key of ${result.account}, key id ${result.keyId} ` +
              `(transaction ${result.transaction}).`,
          ];
    if (result.createdKeyFile && source.kind === "keyFile") {
      lines.push(`Keep ${source.path} and its passphrase, because without them your data cannot be read.`);
    }
    if (result.warning !== null) lines.push(`Warning: ${result.warning}`);
    output(args.json, result, lines);
  });

coopTask(
  "member:set-personal-data",
  "Encrypts a file for you and the members you name, pins it and records its CID as your personal data. " +
    `Example: member:set-personal-data ${LOCAL} --file me.json --recipients 0xTREASURER --from 0xYOU`,
  true,
  "Your member account, which sends the transaction (default: the first configured account)",
)
  .addParam("file", "File of personal data to encrypt, e.g. ./me.json")
  .addOptionalParam(
    "contentType",
    "Media type of the file, e.g. application/json (default: from the file's extension, else application/octet-stream)",
  )
  .addOptionalParam(
    "recipients",
    "Comma-separated addresses of other members who may read the data, e.g. 0xAbc...,0xDef... " +
      "Each must have registered a key with member:register-key",
  )
  .addOptionalParam("officers", "Comma-separated addresses of data officers who may read the data, e.g. 0xAbc...")
  .addOptionalParam("keyFile", `${KEY_FILE_HELP}. It must be the key you registered`)
  .setAction(
    async (
      args: CommonArgs & KeyFileArgs & { file: string; contentType?: string; recipients?: string; officers?: string },
      hre,
    ) => {
      const source = keySourceOf(args.keyFile);
      const recipients = parseAddressList(args.recipients, "--recipients");
      const dataOfficers = parseAddressList(args.officers, "--officers");
      const mediaType = args.contentType ?? MEDIA_TYPES[extname(args.file).toLowerCase()] ?? "application/octet-stream";
      const plaintext = await readInputFile(args.file);

      const { context, keyStore } = await openContext(hre, args);
      const { setPersonalData } = await import("../src/members/setPersonalData");
      const { countOf } = await import("../src/members/steps");
      const result = await reportErrors(() =>
        setPersonalData(context, { plaintext, mediaType, keySource: source, recipients, dataOfficers }),
      );
      plaintext.fill(0);

      const lines = [
        `Recorded the personal data of ${result.member}: envelope ${result.cid} (document ${result.documentId}), ` +
          `readable by ${countOf(result.recipients.length, "recipient")} (transaction ${result.transaction}).`,
      ];
      const replaced = result.replaced;
      if (replaced !== null && replaced.leftBecause !== null) {
        const folder =
          replaced.documentId === null ? "" : ` (key store folder ${keyStore.folderOf(replaced.documentId)})`;
        lines.push(
          `Warning: the earlier document ${replaced.cid}${folder} was not fully erased: ${replaced.leftBecause}.`,
        );
      }
      output(args.json, result, lines);
    },
  );

coopTask(
  "member:get-personal-data",
  "Decrypts a member's personal data that was shared with you, to a file or the standard output. Examples: " +
    `member:get-personal-data ${LOCAL} --out me.json --from 0xYOU; ` +
    `member:get-personal-data ${LOCAL} --member 0xMEMBER --out member.json --from 0xTREASURER`,
  false,
)
  .addOptionalParam("from", "Your account, whose key reads the data (default: the first configured account)")
  .addOptionalParam("member", "Address of the member whose personal data to read (default: your own)")
  .addOptionalParam(
    "out",
    "New file to write the data to, with mode 0600, e.g. ./me.json. It must not exist yet (default: the standard output)",
  )
  .addOptionalParam("keyFile", KEY_FILE_HELP)
  .setAction(async (args: CommonArgs & KeyFileArgs & { member?: string; out?: string }, hre) => {
    const source = keySourceOf(args.keyFile);
    const out = args.out === undefined ? undefined : resolve(args.out);
    if (out !== undefined) await checkNewOutputFile(out);

    const { context, account } = await openContext(hre, args);
    const member = args.member === undefined ? account : requireAddress(args.member, "--member");
    const { getPersonalData } = await import("../src/members/getPersonalData");
    const document = await reportErrors(() => getPersonalData(context, { member, keySource: source }));
    const { plaintext, ...described } = document;
    const summary = { ...described, bytes: plaintext.length };

    if (out !== undefined) {
      const { writeFileAtomic } = await import("../src/files/atomicFile");
      try {
        await writeFileAtomic(out, plaintext, { mode: 0o600, overwrite: false });
      } catch (error) {
        plaintext.fill(0);
        // Another process may have created the file after the check above.
        if ((error as NodeJS.ErrnoException).code === "EEXIST") fail(existingFileMessage(out));
        throw error;
      }
      output(args.json, { ...summary, out }, [
        `Wrote the ${plaintext.length} bytes of personal data of ${member} (${document.mediaType}, sealed ` +
          `${new Date(document.createdAt * 1000).toISOString()}) to ${out}.`,
      ]);
    } else if (args.json) {
      output(true, { ...summary, contentBase64: Buffer.from(plaintext).toString("base64") }, []);
    } else {
      process.stdout.write(plaintext);
    }
    plaintext.fill(0);
  });

coopTask(
  "member:erase-personal-data",
  "Erases personal data. It deletes the wrapped keys, unpins the envelope and clears the CID and key on chain. " +
    "Examples: " +
    `member:erase-personal-data ${LOCAL} --from 0xYOU; ` +
    `member:erase-personal-data ${LOCAL} --member 0xMEMBER --from 0xOFFICER`,
  true,
  "Account that erases, which must be the member or a data officer (default: the first configured account)",
)
  .addOptionalParam("member", "Address of the member whose personal data to erase, e.g. 0xAbc... (default: your own)")
  .addFlag(
    "chainOnly",
    "Only clear the CID and the encryption key on chain, when the recorded envelope can no longer be fetched. " +
      "The wrapped keys of that document then stay in the key store",
  )
  .setAction(async (args: CommonArgs & { member?: string; chainOnly: boolean }, hre) => {
    const { context, account } = await openContext(hre, args);
    const member = args.member === undefined ? account : requireAddress(args.member, "--member");
    const { erasePersonalData } = await import("../src/members/erasePersonalData");
    const result = await reportErrors(() => erasePersonalData(context, { member, chainOnly: args.chainOnly }));
    const lines = [`Erased the personal data of ${member} (transaction ${result.transaction}).`];
    if (result.storesLeftBecause !== null) lines.push(`Note: ${result.storesLeftBecause}.`);
    if (result.cid !== null && args.chainOnly) {
      lines.push(
        `Warning: whoever has a copy of the envelope ${result.cid} and the private key of one of its recipients ` +
          "can still read it, as long as that recipient's wrapped key stays in the key store.",
      );
    }
    lines.push(
      `${member} must register an encryption key again (member:register-key) before personal data can be recorded ` +
        "for them.",
    );
    output(args.json, result, lines);
  });
