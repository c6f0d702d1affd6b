import { NONCE_LENGTH, TAG_LENGTH } from "./aead";
import { ByteReader, asciiBytes, bytesEqual, concatBytes, hexBytes, uint64Bytes } from "./binary";
import { MalformedDataError, UnsupportedVersionError } from "./errors";
import { DOCUMENT_ID_LENGTH, KEY_ID_LENGTH, checkDocumentId, checkKeyId, idBytes, idText } from "./ids";
import { ALGORITHM_CODES, algorithmOfCode, type KeyAlgorithm } from "./keyAgreement";

/** First bytes of every envelope: "WCEV" in ASCII. */
export const ENVELOPE_MAGIC = asciiBytes("WCEV");

/** Format version of the envelopes that `encodeEnvelope` writes, and the only one `parseEnvelope` reads. */
export const ENVELOPE_VERSION = 1;

/** Maximum number of recipients in an envelope, because their count is one byte. */
export const MAX_RECIPIENTS = 255;

/** Maximum length in bytes of a content type, because its length is one byte. */
export const MAX_CONTENT_TYPE_LENGTH = 255;

/** Printable ASCII, with no space at either end. */
const CONTENT_TYPE_PATTERN = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** A recipient as the envelope lists it. */
export interface RecipientEntry {
  algorithm: KeyAlgorithm;
  keyId: string;
}

/** The metadata of an envelope, all of which its AEAD authenticates. */
export interface EnvelopeMetadata {
  version: number;
  /** Random id chosen when the document was sealed, as 0x-prefixed hex. */
  documentId: string;
  /** Time of sealing, in whole seconds since the Unix epoch. */
  createdAt: number;
  /** Media type of the plaintext, for example "application/json". */
  contentType: string;
  /** Recipients the document was sealed for, in ascending key id order. */
  recipients: RecipientEntry[];
}

/** An envelope, parsed. */
export interface ParsedEnvelope {
  metadata: EnvelopeMetadata;
  /** Bytes from the magic to the last recipient, which the AEAD authenticates. */
  associatedData: Uint8Array;
  nonce: Uint8Array;
  /** The encrypted document followed by its 16-byte tag. */
  ciphertext: Uint8Array;
}

/**
 * Checks a content type: 1 to 255 bytes of printable ASCII, with no space at either end.
 *
 * @throws TypeError naming the value otherwise.
 */
export function checkContentType(contentType: string): void {
  if (
    typeof contentType !== "string" ||
    contentType.length > MAX_CONTENT_TYPE_LENGTH ||
    !CONTENT_TYPE_PATTERN.test(contentType)
  ) {
    throw new TypeError(
      `Invalid content type ${JSON.stringify(contentType)}: expected 1 to ${MAX_CONTENT_TYPE_LENGTH} characters ` +
        `of printable ASCII with no space at either end, such as "application/json".`,
    );
  }
}

/**
 * Encodes the metadata of an envelope: the bytes before its nonce, which are also the AEAD's
 * associated data. The recipients must already be in ascending key id order, with no repeat.
 */
export function encodeEnvelopeHeader(metadata: EnvelopeMetadata): Uint8Array {
  checkDocumentId(metadata.documentId);
  checkContentType(metadata.contentType);
  checkRecipientList(metadata.recipients);
  if (!Number.isSafeInteger(metadata.createdAt) || metadata.createdAt < 0) {
    throw new TypeError(
      `Invalid creation time ${metadata.createdAt}: expected whole seconds since the Unix epoch, from 0 to 2^53 - 1.`,
    );
  }

  const recipients = metadata.recipients.map((recipient) =>
    concatBytes(Uint8Array.of(ALGORITHM_CODES[recipient.algorithm]), idBytes(checkKeyId(recipient.keyId))),
  );
  return concatBytes(
    ENVELOPE_MAGIC,
    Uint8Array.of(ENVELOPE_VERSION),
    idBytes(metadata.documentId),
    uint64Bytes(metadata.createdAt),
    Uint8Array.of(metadata.contentType.length),
    asciiBytes(metadata.contentType),
    Uint8Array.of(metadata.recipients.length),
    ...recipients,
  );
}

/** Encodes a whole envelope from its header, nonce and ciphertext. */
export function encodeEnvelope(header: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return concatBytes(header, nonce, ciphertext);
}

/**
 * Parses an envelope without decrypting it. The parse is strict, so each metadata has exactly one
 * encoding: recipients must be in ascending key id order, and nothing may follow the tag.
 *
 * @throws UnsupportedVersionError when its version is not 1.
 * @throws MalformedDataError when it is truncated or a field is invalid.
 */
export function parseEnvelope(bytes: Uint8Array): ParsedEnvelope {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("Invalid envelope: expected a Uint8Array.");
  const reader = new ByteReader(bytes, "envelope");
  const magic = reader.read(ENVELOPE_MAGIC.length, "magic number");
  if (!bytesEqual(magic, ENVELOPE_MAGIC)) {
    throw new MalformedDataError(
      `Not an envelope: expected the magic number "WCEV" (57 43 45 56) at offset 0, found ${hexBytes(magic)}.`,
    );
  }
  const version = reader.readUint8("format version");
  if (version !== ENVELOPE_VERSION) throw new UnsupportedVersionError("envelope", version, [ENVELOPE_VERSION]);

  const documentId = idText(reader.read(DOCUMENT_ID_LENGTH, "document id"));
  const createdAt = reader.readUint64("creation time");
  const contentType = readContentType(reader);
  const recipients = readRecipients(reader);
  const associatedData = reader.slice(0);

  const nonce = reader.read(NONCE_LENGTH, "nonce");
  // The ciphertext is as long as the plaintext, which may be empty, so only its tag has a minimum length.
  const ciphertext = reader.read(Math.max(reader.remaining, TAG_LENGTH), "ciphertext and tag");

  return {
    metadata: { version, documentId, createdAt, contentType, recipients },
    associatedData,
    nonce,
    ciphertext,
  };
}

function readContentType(reader: ByteReader): string {
  const start = reader.position;
  const length = reader.readUint8("content type length");
  const bytes = reader.read(length, "content type");
  const text = String.fromCharCode(...bytes);
  if (length === 0 || !CONTENT_TYPE_PATTERN.test(text)) {
    throw new MalformedDataError(
      `Invalid envelope: its content type at offset ${start} is ${JSON.stringify(text)}, but expected ` +
        `1 to ${MAX_CONTENT_TYPE_LENGTH} characters of printable ASCII with no space at either end.`,
    );
  }
  return text;
}

function readRecipients(reader: ByteReader): RecipientEntry[] {
  const countOffset = reader.position;
  const count = reader.readUint8("recipient count");
  if (count === 0) {
    throw new MalformedDataError(`Invalid envelope: its recipient count at offset ${countOffset} is 0.`);
  }

  const recipients: RecipientEntry[] = [];
  for (let i = 0; i < count; i++) {
    const algorithm = algorithmOfCode(reader.readUint8(`recipient ${i} algorithm code`), "envelope");
    const keyId = idText(reader.read(KEY_ID_LENGTH, `recipient ${i} key id`));
    recipients.push({ algorithm, keyId });
  }
  const unordered = firstUnorderedRecipient(recipients);
  if (unordered !== undefined) {
    throw new MalformedDataError(
      `Invalid envelope: recipients ${unordered - 1} and ${unordered} are not in strictly ascending key id order, ` +
        `so a key id repeats or the list was reordered.`,
    );
  }
  return recipients;
}

/** Checks that a recipient list is not empty, not too long, and in strictly ascending key id order. */
function checkRecipientList(recipients: RecipientEntry[]): void {
  if (recipients.length === 0 || recipients.length > MAX_RECIPIENTS) {
    throw new TypeError(`Invalid recipient count ${recipients.length}: expected 1 to ${MAX_RECIPIENTS}.`);
  }
  const unordered = firstUnorderedRecipient(recipients);
  if (unordered !== undefined) {
    throw new TypeError(
      `Invalid recipient list: recipients ${unordered - 1} and ${unordered} are not in strictly ascending key id order.`,
    );
  }
}

/** Returns the index of the first recipient whose key id is not above the one before it. */
function firstUnorderedRecipient(recipients: RecipientEntry[]): number | undefined {
  for (let i = 1; i < recipients.length; i++) {
    if (recipients[i - 1].keyId >= recipients[i].keyId) return i;
  }
  return undefined;
}
