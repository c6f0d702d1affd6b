import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/hashes/utils.js";

import { KEY_LENGTH, NONCE_LENGTH } from "./aead";
import { AuthenticationError, DocumentMismatchError, WrappedKeyNotFoundError } from "./errors";
import {
  encodeEnvelope,
  encodeEnvelopeHeader,
  parseEnvelope,
  type EnvelopeMetadata,
  type ParsedEnvelope,
  type RecipientEntry,
} from "./envelopeFormat";
import { DOCUMENT_ID_LENGTH, idText } from "./ids";
import { checkPublicKey, keyIdOf, publicKeyOf, type PrivateKey, type PublicKey } from "./keyAgreement";
import type { KeyStore, WrappedKeyEntry } from "./keyStore";
import { parseWrappedKey, unwrapDataKey, wrapDataKey, type WrappedKey } from "./keyWrap";

/** Metadata that the caller chooses when sealing a document. */
export interface SealOptions {
  /** Media type of the plaintext, for example "application/json". */
  contentType: string;
  /** Time of sealing in whole seconds since the Unix epoch. Defaults to now. */
  createdAt?: number;
}

/** The result of sealing a document. */
export interface SealedDocument {
  documentId: string;
  /** The ciphertext and its metadata: the bytes to pin to IPFS. */
  envelope: Uint8Array;
  /** One wrapped data key per recipient, in the envelope's recipient order: the entries for the key store. */
  wrappedKeys: WrappedKeyEntry[];
}

/**
 * Encrypts a document for one or more recipients. A random 32-byte data key encrypts the
 * plaintext with XChaCha20-Poly1305, with the envelope's metadata as associated data, and is then
 * wrapped for each recipient's public key.
 *
 * The envelope lists the recipients in ascending key id order, whatever order `recipients` has.
 *
 * @throws TypeError when there are no recipients or more than 255, a public key is invalid, a
 * recipient appears twice, or the content type or creation time is invalid.
 */
export function seal(plaintext: Uint8Array, recipients: PublicKey[], options: SealOptions): SealedDocument {
  if (!(plaintext instanceof Uint8Array)) throw new TypeError("Invalid plaintext: expected a Uint8Array.");
  const listed = listRecipients(recipients);
  const metadata: EnvelopeMetadata = {
    version: 1,
    documentId: idText(randomBytes(DOCUMENT_ID_LENGTH)),
    createdAt: options.createdAt ?? Math.floor(Date.now() / 1000),
    contentType: options.contentType,
    recipients: listed.map(({ entry }) => entry),
  };
  const header = encodeEnvelopeHeader(metadata);

  const dataKey = randomBytes(KEY_LENGTH);
  try {
    const nonce = randomBytes(NONCE_LENGTH);
    const ciphertext = xchacha20poly1305(dataKey, nonce, header).encrypt(plaintext);
    const wrappedKeys = listed.map(({ entry, key }) => ({
      documentId: metadata.documentId,
      recipientId: entry.keyId,
      wrappedKey: wrapDataKey(dataKey, metadata.documentId, key),
    }));
    return { documentId: metadata.documentId, envelope: encodeEnvelope(header, nonce, ciphertext), wrappedKeys };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Decrypts an envelope with a recipient's wrapped key and private key. Returns the plaintext only
 * when the envelope authenticates in full.
 *
 * @throws MalformedDataError or UnsupportedVersionError when the envelope or wrapped key does not parse.
 * @throws DocumentMismatchError when the wrapped key belongs to another document.
 * @throws RecipientMismatchError when the private key is not the wrapped key's recipient.
 * @throws KeyUnwrapError when the wrapped key fails authentication.
 * @throws AuthenticationError when the envelope's ciphertext or metadata was changed.
 */
export function open(envelope: Uint8Array, wrappedKey: Uint8Array, privateKey: PrivateKey): Uint8Array {
  const parsed = parseEnvelope(envelope);
  const dataKey = unwrapFor(parsed, parseWrappedKey(wrappedKey), privateKey);
  try {
    return decryptContent(parsed, dataKey);
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Gives a new recipient access to a sealed document: unwraps its data key with an existing
 * recipient's wrapped key and private key, checks that this key decrypts the envelope, and wraps
 * it for the new recipient.
 *
 * The envelope does not change, so its CID stays the same, and its recipient list still names
 * only the recipients it was sealed for. Store the returned entry in the key store.
 *
 * @throws the errors of `open`, and TypeError when the new recipient's public key is invalid.
 */
export function addRecipient(
  envelope: Uint8Array,
  wrappedKey: Uint8Array,
  privateKey: PrivateKey,
  newRecipient: PublicKey,
): WrappedKeyEntry {
  checkPublicKey(newRecipient);
  const parsed = parseEnvelope(envelope);
  const dataKey = unwrapFor(parsed, parseWrappedKey(wrappedKey), privateKey);
  try {
    decryptContent(parsed, dataKey);
    const documentId = parsed.metadata.documentId;
    return {
      documentId,
      recipientId: keyIdOf(newRecipient),
      wrappedKey: wrapDataKey(dataKey, documentId, newRecipient),
    };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Decrypts an envelope with the wrapped key that `keyStore` contains for the private key's recipient.
 *
 * @throws WrappedKeyNotFoundError when the store contains none, for example after the document was erased.
 * @throws the errors of `open`.
 */
export async function openFromKeyStore(
  envelope: Uint8Array,
  keyStore: KeyStore,
  privateKey: PrivateKey,
): Promise<Uint8Array> {
  const { documentId } = parseEnvelope(envelope).metadata;
  const recipientId = keyIdOf({ algorithm: privateKey.algorithm, publicKey: publicKeyOf(privateKey) });
  const wrappedKey = await keyStore.get(documentId, recipientId);
  if (wrappedKey === undefined) {
    throw new WrappedKeyNotFoundError(
      `No wrapped key for recipient ${recipientId} of document ${documentId} in the key store: ` +
        `the document was not shared with this key, or it was erased.`,
    );
  }
  return open(envelope, wrappedKey, privateKey);
}

/**
 * Returns the metadata of an envelope without decrypting it.
 *
 * NOTE: the metadata is not authenticated until the envelope is opened. Trust it only after `open`.
 *
 * @throws MalformedDataError or UnsupportedVersionError when the envelope does not parse.
 */
export function readEnvelopeMetadata(envelope: Uint8Array): EnvelopeMetadata {
  return parseEnvelope(envelope).metadata;
}

/** Returns the recipients with their envelope entries, sorted by key id, and rejects repeats. */
function listRecipients(recipients: PublicKey[]): { entry: RecipientEntry; key: PublicKey }[] {
  if (!Array.isArray(recipients)) throw new TypeError("Invalid recipients: expected an array of public keys.");
  const listed = recipients.map((key) => ({ entry: { algorithm: key.algorithm, keyId: keyIdOf(key) }, key }));
  listed.sort((a, b) => compareText(a.entry.keyId, b.entry.keyId));
  for (let i = 1; i < listed.length; i++) {
    if (listed[i - 1].entry.keyId === listed[i].entry.keyId) {
      throw new TypeError(`Invalid recipients: key ${listed[i].entry.keyId} appears more than once.`);
    }
  }
  return listed;
}

function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Unwraps the data key of an envelope, after checking that the wrapped key belongs to its document. */
function unwrapFor(envelope: ParsedEnvelope, wrapped: WrappedKey, privateKey: PrivateKey): Uint8Array {
  const { documentId } = envelope.metadata;
  if (wrapped.documentId !== documentId) {
    throw new DocumentMismatchError(
      `The wrapped key belongs to document ${wrapped.documentId}, but the envelope is document ${documentId}. ` +
        `Use the wrapped key stored for document ${documentId}.`,
    );
  }
  return unwrapDataKey(wrapped, privateKey);
}

/** Decrypts the ciphertext of an envelope. The AEAD checks the tag before it decrypts anything. */
function decryptContent(envelope: ParsedEnvelope, dataKey: Uint8Array): Uint8Array {
  try {
    return xchacha20poly1305(dataKey, envelope.nonce, envelope.associatedData).decrypt(envelope.ciphertext);
  } catch (error) {
    throw new AuthenticationError(
      `Envelope of document ${envelope.metadata.documentId} failed authentication: its ciphertext, nonce or ` +
        `metadata changed after sealing, or it was cut short. Fetch it again by the CID recorded on chain.`,
      { cause: error },
    );
  }
}
