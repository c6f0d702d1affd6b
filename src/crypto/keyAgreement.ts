import { x25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { hexlify } from "ethers";

import { concatBytes } from "./binary";
import { MalformedDataError } from "./errors";
import { idText } from "./ids";

/**
 * Key agreement algorithms of recipient keys: X25519 (RFC 7748), and ECDH on secp256k1 with
 * compressed public keys. These are the two kinds of encryption key that `CoopMembership` accepts.
 */
export type KeyAlgorithm = "x25519" | "secp256k1";

/** Code of each algorithm in the binary formats. */
export const ALGORITHM_CODES: Readonly<Record<KeyAlgorithm, number>> = { x25519: 1, secp256k1: 2 };

/** Length in bytes of a public key: X25519 u-coordinate, or compressed secp256k1 point. */
export const PUBLIC_KEY_LENGTHS: Readonly<Record<KeyAlgorithm, number>> = { x25519: 32, secp256k1: 33 };

/** Length in bytes of a private key, and of the shared secret, for both algorithms. */
export const PRIVATE_KEY_LENGTH = 32;

/** A recipient's public key. */
export interface PublicKey {
  algorithm: KeyAlgorithm;
  publicKey: Uint8Array;
}

/** A recipient's private key. */
export interface PrivateKey {
  algorithm: KeyAlgorithm;
  privateKey: Uint8Array;
}

/** A key pair: the private key and the public key that belongs to it. */
export interface KeyPair extends PublicKey, PrivateKey {}

/**
 * Returns the algorithm that a code of the binary formats stands for.
 *
 * @throws MalformedDataError naming `where` when the code is unknown.
 */
export function algorithmOfCode(code: number, where: string): KeyAlgorithm {
  for (const [algorithm, known] of Object.entries(ALGORITHM_CODES)) {
    if (known === code) return algorithm as KeyAlgorithm;
  }
  throw new MalformedDataError(
    `Invalid ${where}: unknown key algorithm code ${code}, expected 1 (X25519) or 2 (secp256k1).`,
  );
}

/**
 * Returns the public key for an encryption key as `CoopMembership` stores it: 32 bytes are an
 * X25519 key, 33 bytes a compressed secp256k1 key.
 *
 * @throws TypeError when the length is neither, or the bytes are not a valid key.
 */
export function publicKeyFromEncryptionKey(encryptionKey: Uint8Array): PublicKey {
  for (const algorithm of Object.keys(PUBLIC_KEY_LENGTHS) as KeyAlgorithm[]) {
    if (encryptionKey.length === PUBLIC_KEY_LENGTHS[algorithm]) {
      const key = { algorithm, publicKey: Uint8Array.from(encryptionKey) };
      checkPublicKey(key);
      return key;
    }
  }
  throw new TypeError(
    `Invalid encryption key of ${encryptionKey.length} bytes: expected 32 (X25519) or 33 (compressed secp256k1).`,
  );
}

/**
 * Checks that a public key has its algorithm's length and, for secp256k1, is a compressed point on
 * the curve. Every 32-byte string is an X25519 public key. The few of low order are rejected
 * when a shared secret is computed with them.
 *
 * @throws TypeError naming the key otherwise.
 */
export function checkPublicKey(key: PublicKey): void {
  checkAlgorithm(key.algorithm);
  const expected = PUBLIC_KEY_LENGTHS[key.algorithm];
  if (!(key.publicKey instanceof Uint8Array) || key.publicKey.length !== expected) {
    throw new TypeError(`Invalid ${key.algorithm} public key: expected ${expected} bytes.`);
  }
  if (key.algorithm === "secp256k1" && !secp256k1.utils.isValidPublicKey(key.publicKey, true)) {
    throw new TypeError(`Invalid secp256k1 public key ${hexlify(key.publicKey)}: not a compressed point on the curve.`);
  }
}

/**
 * Returns the public key of a private key.
 *
 * @throws TypeError when the private key is not 32 bytes, or not a valid secp256k1 scalar.
 */
export function publicKeyOf(key: PrivateKey): Uint8Array {
  checkPrivateKey(key);
  return key.algorithm === "x25519"
    ? x25519.getPublicKey(key.privateKey)
    : secp256k1.getPublicKey(key.privateKey, true);
}

/**
 * Returns the key id of a public key, which names a recipient in envelopes, wrapped keys and key
 * stores: SHA-256 of the algorithm code byte followed by the public key, as 0x-prefixed hex.
 */
export function keyIdOf(key: PublicKey): string {
  checkPublicKey(key);
  return idText(sha256(concatBytes(Uint8Array.of(ALGORITHM_CODES[key.algorithm]), key.publicKey)));
}

/** Generates a random key pair from the Web Crypto random number generator (`crypto.getRandomValues`). */
export function generateKeyPair(algorithm: KeyAlgorithm = "x25519"): KeyPair {
  checkAlgorithm(algorithm);
  const privateKey = algorithm === "x25519" ? x25519.utils.randomSecretKey() : secp256k1.utils.randomSecretKey();
  return { algorithm, privateKey, publicKey: publicKeyOf({ algorithm, privateKey }) };
}

/**
 * Computes the 32-byte ECDH shared secret of a private key and a peer's public key: the X25519
 * output, or the x-coordinate of the secp256k1 point.
 *
 * @throws Error from the curve library when the public key is of low order (X25519) or not on
 * the curve, because the result would not be secret.
 */
export function sharedSecret(privateKey: PrivateKey, peerPublicKey: Uint8Array): Uint8Array {
  checkPrivateKey(privateKey);
  if (privateKey.algorithm === "x25519") return x25519.getSharedSecret(privateKey.privateKey, peerPublicKey);
  return secp256k1.getSharedSecret(privateKey.privateKey, peerPublicKey, true).subarray(1);
}

function checkPrivateKey(key: PrivateKey): void {
  checkAlgorithm(key.algorithm);
  if (!(key.privateKey instanceof Uint8Array) || key.privateKey.length !== PRIVATE_KEY_LENGTH) {
    throw new TypeError(`Invalid ${key.algorithm} private key: expected ${PRIVATE_KEY_LENGTH} bytes.`);
  }
  if (key.algorithm === "secp256k1" && !secp256k1.utils.isValidSecretKey(key.privateKey)) {
    throw new TypeError("Invalid secp256k1 private key: not a scalar from 1 to the curve order minus 1.");
  }
}

function checkAlgorithm(algorithm: KeyAlgorithm): void {
  if (algorithm !== "x25519" && algorithm !== "secp256k1") {
    throw new TypeError(`Unknown key algorithm ${JSON.stringify(algorithm)}: expected "x25519" or "secp256k1".`);
  }
}
