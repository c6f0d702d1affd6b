import { getBytes, hexlify } from "ethers";

/** Length in bytes of a document id: random, chosen when a document is sealed. */
export const DOCUMENT_ID_LENGTH = 16;

/** Length in bytes of a key id: the SHA-256 digest that names a recipient's public key. */
export const KEY_ID_LENGTH = 32;

const DOCUMENT_ID_PATTERN = new RegExp(`^0x[0-9a-f]{${2 * DOCUMENT_ID_LENGTH}}$`);
const KEY_ID_PATTERN = new RegExp(`^0x[0-9a-f]{${2 * KEY_ID_LENGTH}}$`);

/**
 * Checks that `text` is a document id as this folder writes it: `0x` and 32 lowercase hex digits.
 *
 * @throws TypeError naming the value otherwise.
 */
export function checkDocumentId(text: string): string {
  if (typeof text !== "string" || !DOCUMENT_ID_PATTERN.test(text)) {
    throw new TypeError(
      `Invalid document id ${JSON.stringify(text)}: expected 0x and ${2 * DOCUMENT_ID_LENGTH} lowercase hex digits.`,
    );
  }
  return text;
}

/**
 * Checks that `text` is a key id, which also names a recipient in a key store: `0x` and 64
 * lowercase hex digits.
 *
 * @throws TypeError naming the value otherwise.
 */
export function checkKeyId(text: string): string {
  if (typeof text !== "string" || !KEY_ID_PATTERN.test(text)) {
    throw new TypeError(
      `Invalid key id ${JSON.stringify(text)}: expected 0x and ${2 * KEY_ID_LENGTH} lowercase hex digits.`,
    );
  }
  return text;
}

/** Returns the 0x-prefixed lowercase hex of `bytes`, the text form of document and key ids. */
export function idText(bytes: Uint8Array): string {
  return hexlify(bytes);
}

/** Returns the bytes of an id in text form, which the caller has checked. */
export function idBytes(text: string): Uint8Array {
  return getBytes(text);
}
