import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";

import { KEY_LENGTH, NONCE_LENGTH, TAG_LENGTH } from "./aead";
import { ByteReader, asciiBytes, bytesEqual, concatBytes, hexBytes } from "./binary";
import { KeyUnwrapError, MalformedDataError, RecipientMismatchError, UnsupportedVersionError } from "./errors";
import { DOCUMENT_ID_LENGTH, KEY_ID_LENGTH, checkDocumentId, idBytes, idText } from "./ids";
import {
  ALGORITHM_CODES,
  PUBLIC_KEY_LENGTHS,
  algorithmOfCode,
  generateKeyPair,
  keyIdOf,
  publicKeyOf,
  sharedSecret,
  type KeyAlgorithm,
  type PrivateKey,
  type PublicKey,
} from "./keyAgreement";

/** First bytes of every wrapped key: "WCWK" in ASCII. */
export const WRAPPED_KEY_MAGIC = asciiBytes("WCWK");

/** Format version of the wrapped keys that `wrapDataKey` writes, and the only one `parseWrappedKey` reads. */
export const WRAPPED_KEY_VERSION = 1;

/**
 * Prefix of the HKDF info string of the key that wraps a data key. The algorithm code, the
 * recipient's key id and the ephemeral public key follow it.
 */
export const KEY_WRAP_INFO_PREFIX = asciiBytes("world-coop envelope v1 key wrap");

/** A wrapped key, parsed. */
export interface WrappedKey {
  version: number;
  algorithm: KeyAlgorithm;
  /** Document whose data key this wraps, as 0x-prefixed hex. */
  documentId: string;
  /** Key id of the recipient who can unwrap it. */
  recipientId: string;
  /** Sender's ephemeral public key, created for this wrap alone. */
  ephemeralPublicKey: Uint8Array;
  nonce: Uint8Array;
  /** The data key encrypted with XChaCha20-Poly1305, followed by its tag. */
  sealedKey: Uint8Array;
  /** Bytes from the magic to the ephemeral public key, which the AEAD authenticates. */
  associatedData: Uint8Array;
}

/**
 * Wraps a data key for one recipient and returns the encoded wrapped key, laid out as
 * docs/envelope.md describes. A new ephemeral key pair of the recipient's algorithm and the
 * recipient's public key give an ECDH shared secret. HKDF-SHA256 turns it into a wrapping key,
 * which encrypts the data key with XChaCha20-Poly1305 and a random nonce.
 */
export function wrapDataKey(dataKey: Uint8Array, documentId: string, recipient: PublicKey): Uint8Array {
  checkDataKey(dataKey);
  checkDocumentId(documentId);
  const recipientId = keyIdOf(recipient);

  const ephemeral = generateKeyPair(recipient.algorithm);
  const associatedData = concatBytes(
    WRAPPED_KEY_MAGIC,
    Uint8Array.of(WRAPPED_KEY_VERSION, ALGORITHM_CODES[recipient.algorithm]),
    idBytes(documentId),
    idBytes(recipientId),
    ephemeral.publicKey,
  );

  const secret = sharedSecret(ephemeral, recipient.publicKey);
  const wrappingKey = deriveWrappingKey(secret, recipient.algorithm, recipientId, ephemeral.publicKey);
  const nonce = randomBytes(NONCE_LENGTH);
  const sealedKey = xchacha20poly1305(wrappingKey, nonce, associatedData).encrypt(dataKey);
  secret.fill(0);
  wrappingKey.fill(0);
  ephemeral.privateKey.fill(0);

  return concatBytes(associatedData, nonce, sealedKey);
}

/**
 * Parses an encoded wrapped key without decrypting it.
 *
 * @throws UnsupportedVersionError when its version is not 1.
 * @throws MalformedDataError when it is truncated, has bytes past its end, or a field is invalid.
 */
export function parseWrappedKey(bytes: Uint8Array): WrappedKey {
  const reader = new ByteReader(bytes, "wrapped key");
  const magic = reader.read(WRAPPED_KEY_MAGIC.length, "magic number");
  if (!bytesEqual(magic, WRAPPED_KEY_MAGIC)) {
    throw new MalformedDataError(
      `Not a wrapped key: expected the magic number "WCWK" (57 43 57 4b) at offset 0, found ${hexBytes(magic)}.`,
    );
  }
  const version = reader.readUint8("format version");
  if (version !== WRAPPED_KEY_VERSION) throw new UnsupportedVersionError("wrapped key", version, [WRAPPED_KEY_VERSION]);

  const algorithm = algorithmOfCode(reader.readUint8("algorithm code"), "wrapped key");
  const documentId = idText(reader.read(DOCUMENT_ID_LENGTH, "document id"));
  const recipientId = idText(reader.read(KEY_ID_LENGTH, "recipient key id"));
  const ephemeralPublicKey = reader.read(PUBLIC_KEY_LENGTHS[algorithm], "ephemeral public key");
  if (algorithm === "secp256k1" && !secp256k1.utils.isValidPublicKey(ephemeralPublicKey, true)) {
    throw new MalformedDataError(
      "Invalid wrapped key: its ephemeral public key is not a compressed secp256k1 point on the curve.",
    );
  }
  const associatedData = reader.slice(0);
  const nonce = reader.read(NONCE_LENGTH, "nonce");
  const sealedKey = reader.read(KEY_LENGTH + TAG_LENGTH, "encrypted data key");
  reader.expectEnd();

  return { version, algorithm, documentId, recipientId, ephemeralPublicKey, nonce, sealedKey, associatedData };
}

/**
 * Decrypts the data key of a wrapped key with the recipient's private key.
 *
 * @throws RecipientMismatchError when the private key is not the wrapped key's recipient.
 * @throws KeyUnwrapError when the wrapped key fails authentication.
 */
export function unwrapDataKey(wrapped: WrappedKey, privateKey: PrivateKey): Uint8Array {
  const recipientId = keyIdOf({ algorithm: privateKey.algorithm, publicKey: publicKeyOf(privateKey) });
  if (privateKey.algorithm !== wrapped.algorithm || recipientId !== wrapped.recipientId) {
    throw new RecipientMismatchError(
      `The private key does not belong to the recipient of this wrapped key: the key is ${wrapped.algorithm} ` +
        `key ${wrapped.recipientId}, and the private key's is ${privateKey.algorithm} key ${recipientId}. ` +
        `Use the wrapped key made for this private key, or the private key of that recipient.`,
    );
  }

  let secret: Uint8Array;
  try {
    secret = sharedSecret(privateKey, wrapped.ephemeralPublicKey);
  } catch (error) {
    throw new KeyUnwrapError(
      `Cannot unwrap the data key of document ${wrapped.documentId}: its ephemeral public key is invalid ` +
        `(${(error as Error).message}).`,
      { cause: error },
    );
  }
  const wrappingKey = deriveWrappingKey(secret, wrapped.algorithm, wrapped.recipientId, wrapped.ephemeralPublicKey);
  secret.fill(0);
  try {
    return xchacha20poly1305(wrappingKey, wrapped.nonce, wrapped.associatedData).decrypt(wrapped.sealedKey);
  } catch (error) {
    throw new KeyUnwrapError(
      `Cannot unwrap the data key of document ${wrapped.documentId} for recipient ${wrapped.recipientId}: ` +
        `the wrapped key failed authentication, so it was changed or not made for this private key.`,
      { cause: error },
    );
  } finally {
    wrappingKey.fill(0);
  }
}

/**
 * Derives the key that wraps a data key: HKDF-SHA256 of the ECDH shared secret, with no salt.
 * The info string names the format version, the algorithm, the recipient and the ephemeral key,
 * so that a wrapping key serves one wrap only.
 */
function deriveWrappingKey(
  secret: Uint8Array,
  algorithm: KeyAlgorithm,
  recipientId: string,
  ephemeralPublicKey: Uint8Array,
): Uint8Array {
  const info = concatBytes(
    KEY_WRAP_INFO_PREFIX,
    Uint8Array.of(ALGORITHM_CODES[algorithm]),
    idBytes(recipientId),
    ephemeralPublicKey,
  );
  return hkdf(sha256, secret, undefined, info, KEY_LENGTH);
}

function checkDataKey(dataKey: Uint8Array): void {
  if (!(dataKey instanceof Uint8Array) || dataKey.length !== KEY_LENGTH) {
    throw new TypeError(`Invalid data key: expected ${KEY_LENGTH} bytes.`);
  }
}
