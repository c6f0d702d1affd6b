import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";

import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { getBytes, hexlify, isHexString } from "ethers";

import { KEY_LENGTH, NONCE_LENGTH, TAG_LENGTH } from "./aead";
import { writeFileAtomic } from "../files/atomicFile";
import { asciiBytes, bytesEqual, concatBytes } from "./binary";
import { MalformedDataError, UnsupportedVersionError, WrongPassphraseError } from "./errors";
import {
  ALGORITHM_CODES,
  PRIVATE_KEY_LENGTH,
  PUBLIC_KEY_LENGTHS,
  checkPublicKey,
  publicKeyOf,
  type KeyAlgorithm,
  type KeyPair,
} from "./keyAgreement";

/** Value of the `format` field of every key file. */
export const KEY_FILE_FORMAT = "world-coop-key-file";

/** Version of the key files that this module writes, and the only one it reads. */
export const KEY_FILE_VERSION = 1;

/**
 * Default scrypt cost, as log2 of N: N = 2^17 with r = 8 and p = 1, the minimum that the OWASP
 * Password Storage Cheat Sheet recommends for scrypt. It needs 128 MiB of memory.
 */
export const DEFAULT_SCRYPT_LOG_N = 17;

/** Lowest and highest scrypt cost, as log2 of N, that key files may use: 16 MiB to 1 GiB of memory. */
export const MIN_SCRYPT_LOG_N = 14;
export const MAX_SCRYPT_LOG_N = 20;

/** Minimum length, in Unicode code points after NFKC normalization, of the passphrase of a new key file. */
export const MIN_PASSPHRASE_LENGTH = 12;

const SCRYPT_R = 8;
const SCRYPT_P = 1;
const SALT_LENGTH = 32;

/** Prefix of the associated data that binds a key file's clear fields to its ciphertext. */
const ASSOCIATED_DATA_PREFIX = asciiBytes("world-coop key file v1");

/** Options of `saveKeyFile` and `encryptKeyPair`. */
export interface KeyFileOptions {
  /** scrypt cost as log2 of N, from 14 to 20. Defaults to 17. */
  scryptLogN?: number;
  /** Whether `saveKeyFile` may replace an existing file. Defaults to false, so no key is lost by mistake. */
  overwrite?: boolean;
}

/** The JSON object of a key file. */
interface KeyFileJson {
  format: string;
  version: number;
  algorithm: KeyAlgorithm;
  publicKey: string;
  kdf: { name: "scrypt"; logN: number; r: number; p: number; salt: string };
  cipher: { name: "xchacha20-poly1305"; nonce: string; ciphertext: string };
}

/**
 * Encrypts a key pair with a passphrase and returns the key file's JSON text. scrypt derives a key
 * from the passphrase (after Unicode NFKC normalization) and a random salt, and XChaCha20-Poly1305
 * encrypts the private key under it, with the clear fields as associated data.
 *
 * @throws TypeError when the passphrase is shorter than {@link MIN_PASSPHRASE_LENGTH}, the cost is
 * out of range, or the key pair is invalid.
 */
export async function encryptKeyPair(
  keyPair: KeyPair,
  passphrase: string,
  options: KeyFileOptions = {},
): Promise<string> {
  checkKeyPair(keyPair);
  if (typeof passphrase !== "string" || passphraseLength(passphrase) < MIN_PASSPHRASE_LENGTH) {
    const length = typeof passphrase === "string" ? passphraseLength(passphrase) : 0;
    throw new TypeError(
      `Invalid passphrase: it has ${length} characters, and a new key file needs at least ${MIN_PASSPHRASE_LENGTH}. ` +
        "Choose a longer passphrase.",
    );
  }
  const logN = options.scryptLogN ?? DEFAULT_SCRYPT_LOG_N;
  if (!Number.isInteger(logN) || logN < MIN_SCRYPT_LOG_N || logN > MAX_SCRYPT_LOG_N) {
    throw new TypeError(
      `Invalid scrypt cost ${logN}: expected log2 of N from ${MIN_SCRYPT_LOG_N} to ${MAX_SCRYPT_LOG_N}.`,
    );
  }

  const salt = randomBytes(SALT_LENGTH);
  const nonce = randomBytes(NONCE_LENGTH);
  const key = await passphraseKey(passphrase, salt, logN);
  const associatedData = associatedDataOf(keyPair.algorithm, keyPair.publicKey, logN, salt);
  const ciphertext = xchacha20poly1305(key, nonce, associatedData).encrypt(keyPair.privateKey);
  key.fill(0);

  const file: KeyFileJson = {
    format: KEY_FILE_FORMAT,
    version: KEY_FILE_VERSION,
    algorithm: keyPair.algorithm,
    publicKey: hexlify(keyPair.publicKey),
    kdf: { name: "scrypt", logN, r: SCRYPT_R, p: SCRYPT_P, salt: hexlify(salt) },
    cipher: { name: "xchacha20-poly1305", nonce: hexlify(nonce), ciphertext: hexlify(ciphertext) },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Decrypts the JSON text of a key file. `source` names the file in error messages.
 *
 * @throws MalformedDataError when the text is not a valid key file.
 * @throws UnsupportedVersionError when its version is not 1.
 * @throws WrongPassphraseError when the passphrase is wrong or the file was changed.
 */
export async function decryptKeyPair(text: string, passphrase: string, source = "key file"): Promise<KeyPair> {
  const file = parseKeyFile(text, source);
  const salt = getBytes(file.kdf.salt);
  const publicKey = getBytes(file.publicKey);
  const key = await passphraseKey(passphrase, salt, file.kdf.logN);
  const associatedData = associatedDataOf(file.algorithm, publicKey, file.kdf.logN, salt);

  let privateKey: Uint8Array;
  try {
    privateKey = xchacha20poly1305(key, getBytes(file.cipher.nonce), associatedData).decrypt(
      getBytes(file.cipher.ciphertext),
    );
  } catch (error) {
    throw new WrongPassphraseError(
      `Cannot decrypt ${source}: the passphrase is wrong, or the file was changed after it was saved.`,
      { cause: error },
    );
  } finally {
    key.fill(0);
  }

  const keyPair = { algorithm: file.algorithm, privateKey, publicKey };
  if (!bytesEqual(publicKeyOf(keyPair), publicKey)) {
    throw new MalformedDataError(`Invalid ${source}: its private key does not match its public key ${file.publicKey}.`);
  }
  return keyPair;
}

/**
 * Saves a key pair to a file encrypted with a passphrase, creating its folder if needed. The file
 * is written atomically with mode 0600, and its folder, when created, with mode 0700.
 *
 * @throws Error whose cause has code EEXIST when the file exists and `overwrite` is not set.
 */
export async function saveKeyFile(
  path: string,
  keyPair: KeyPair,
  passphrase: string,
  options: KeyFileOptions = {},
): Promise<void> {
  const text = await encryptKeyPair(keyPair, passphrase, options);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    await writeFileAtomic(path, new TextEncoder().encode(text), { mode: 0o600, overwrite: options.overwrite ?? false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new Error(
        `Key file ${path} already exists, and replacing it could lose the only copy of a key. ` +
          `Choose another path, or set overwrite to replace it.`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Loads and decrypts a key file that `saveKeyFile` wrote.
 *
 * @throws the errors of `decryptKeyPair`, and Error from the file system when the file cannot be read.
 */
export async function loadKeyFile(path: string, passphrase: string): Promise<KeyPair> {
  const text = await readFile(path, "utf8");
  return decryptKeyPair(text, passphrase, `key file ${path}`);
}

/** Parses and checks every field of a key file. */
function parseKeyFile(text: string, source: string): KeyFileJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedDataError(`Invalid ${source}: not JSON (${(error as Error).message}).`, { cause: error });
  }
  const file = expectObject(value, "the file", source, [
    "format",
    "version",
    "algorithm",
    "publicKey",
    "kdf",
    "cipher",
  ]);
  if (file.format !== KEY_FILE_FORMAT) {
    throw new MalformedDataError(
      `Invalid ${source}: its format is ${JSON.stringify(file.format)}, expected "${KEY_FILE_FORMAT}".`,
    );
  }
  if (file.version !== KEY_FILE_VERSION) {
    if (typeof file.version === "number")
      throw new UnsupportedVersionError("key file", file.version, [KEY_FILE_VERSION]);
    throw new MalformedDataError(`Invalid ${source}: its version is ${JSON.stringify(file.version)}, expected 1.`);
  }

  const algorithm = file.algorithm;
  if (algorithm !== "x25519" && algorithm !== "secp256k1") {
    throw new MalformedDataError(
      `Invalid ${source}: its algorithm is ${JSON.stringify(algorithm)}, expected "x25519" or "secp256k1".`,
    );
  }
  const publicKey = expectHex(file.publicKey, PUBLIC_KEY_LENGTHS[algorithm], "publicKey", source);
  try {
    checkPublicKey({ algorithm, publicKey: getBytes(publicKey) });
  } catch (error) {
    throw new MalformedDataError(`Invalid ${source}: ${(error as Error).message}`, { cause: error });
  }

  const kdf = expectObject(file.kdf, "kdf", source, ["name", "logN", "r", "p", "salt"]);
  const logN = kdf.logN;
  if (
    kdf.name !== "scrypt" ||
    typeof logN !== "number" ||
    !Number.isInteger(logN) ||
    logN < MIN_SCRYPT_LOG_N ||
    logN > MAX_SCRYPT_LOG_N ||
    kdf.r !== SCRYPT_R ||
    kdf.p !== SCRYPT_P
  ) {
    throw new MalformedDataError(
      `Invalid ${source}: unsupported key derivation ${JSON.stringify({ ...kdf, salt: undefined })}, expected ` +
        `scrypt with logN from ${MIN_SCRYPT_LOG_N} to ${MAX_SCRYPT_LOG_N}, r = ${SCRYPT_R} and p = ${SCRYPT_P}.`,
    );
  }
  const salt = expectHex(kdf.salt, SALT_LENGTH, "kdf.salt", source);

  const cipher = expectObject(file.cipher, "cipher", source, ["name", "nonce", "ciphertext"]);
  if (cipher.name !== "xchacha20-poly1305") {
    throw new MalformedDataError(
      `Invalid ${source}: its cipher is ${JSON.stringify(cipher.name)}, expected "xchacha20-poly1305".`,
    );
  }
  const nonce = expectHex(cipher.nonce, NONCE_LENGTH, "cipher.nonce", source);
  const ciphertext = expectHex(cipher.ciphertext, PRIVATE_KEY_LENGTH + TAG_LENGTH, "cipher.ciphertext", source);

  return {
    format: KEY_FILE_FORMAT,
    version: KEY_FILE_VERSION,
    algorithm,
    publicKey,
    kdf: { name: "scrypt", logN, r: SCRYPT_R, p: SCRYPT_P, salt },
    cipher: { name: "xchacha20-poly1305", nonce, ciphertext },
  };
}

/** Checks that `value` is an object with exactly the fields `fields`, and returns it. */
function expectObject(value: unknown, objectName: string, source: string, fields: string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new MalformedDataError(`Invalid ${source}: ${objectName} is not a JSON object.`);
  }
  const record = value as Record<string, unknown>;
  const missing = fields.filter((field) => !(field in record));
  const unexpected = Object.keys(record).filter((field) => !fields.includes(field));
  if (missing.length > 0 || unexpected.length > 0) {
    const problems = [
      missing.length > 0 ? `Missing: ${missing.join(", ")}.` : "",
      unexpected.length > 0 ? `Unexpected: ${unexpected.join(", ")}.` : "",
    ];
    throw new MalformedDataError(
      `Invalid ${source}: ${objectName} must have exactly the fields ${fields.join(", ")}. ${problems.join(" ").trim()}`,
    );
  }
  return record;
}

function expectHex(value: unknown, length: number, field: string, source: string): string {
  if (typeof value !== "string" || !isHexString(value, length)) {
    throw new MalformedDataError(`Invalid ${source}: its ${field} must be 0x and ${2 * length} hex digits.`);
  }
  return value;
}

function checkKeyPair(keyPair: KeyPair): void {
  checkPublicKey(keyPair);
  if (!bytesEqual(publicKeyOf(keyPair), keyPair.publicKey)) {
    throw new TypeError("Invalid key pair: its public key does not belong to its private key.");
  }
}

/** Returns the length of a passphrase in Unicode code points, after the NFKC normalization that key files apply. */
export function passphraseLength(passphrase: string): number {
  return [...passphrase.normalize("NFKC")].length;
}

/** Derives the key that encrypts a key file from its passphrase. */
async function passphraseKey(passphrase: string, salt: Uint8Array, logN: number): Promise<Uint8Array> {
  if (typeof passphrase !== "string" || passphrase.length === 0) {
    throw new TypeError("Invalid passphrase: expected a non-empty string.");
  }
  const password = new TextEncoder().encode(passphrase.normalize("NFKC"));
  return scryptAsync(password, salt, { N: 2 ** logN, r: SCRYPT_R, p: SCRYPT_P, dkLen: KEY_LENGTH, maxmem: 2 ** 31 });
}

/**
 * Returns the associated data of a key file: a fixed prefix, the algorithm code, the public key,
 * the scrypt cost as one byte, r and p as 4-byte big-endian integers, and the salt.
 */
function associatedDataOf(algorithm: KeyAlgorithm, publicKey: Uint8Array, logN: number, salt: Uint8Array): Uint8Array {
  const parameters = new Uint8Array(9);
  const view = new DataView(parameters.buffer);
  view.setUint8(0, logN);
  view.setUint32(1, SCRYPT_R);
  view.setUint32(5, SCRYPT_P);
  return concatBytes(ASSOCIATED_DATA_PREFIX, Uint8Array.of(ALGORITHM_CODES[algorithm]), publicKey, parameters, salt);
}
