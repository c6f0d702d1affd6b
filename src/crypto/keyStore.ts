import { ErasureIncompleteError } from "./errors";
import { checkDocumentId } from "./ids";

/**
 * Store of wrapped data keys, filed by document id and recipient key id (both 0x-prefixed
 * lowercase hex). Wrapped keys live here and never on IPFS, so that deleting them makes a
 * document unreadable: this is how personal data is erased (crypto-shredding).
 *
 * Every method rejects an id that is not in that form with a TypeError.
 */
export interface KeyStore {
  /** Stores the wrapped key of a recipient for a document, replacing any that was stored before. */
  put(documentId: string, recipientId: string, wrappedKey: Uint8Array): Promise<void>;

  /** Returns the wrapped key of a recipient for a document, or undefined when none is stored. */
  get(documentId: string, recipientId: string): Promise<Uint8Array | undefined>;

  /** Returns the key ids of the recipients that have a wrapped key for a document, sorted. */
  listRecipients(documentId: string): Promise<string[]>;

  /** Deletes the wrapped key of a recipient for a document, and returns false when there was none. */
  delete(documentId: string, recipientId: string): Promise<boolean>;

  /** Deletes every wrapped key of a document, and returns how many there were. */
  deleteAll(documentId: string): Promise<number>;
}

/** A wrapped key with the ids that a key store files it under, as `seal` and `addRecipient` return it. */
export interface WrappedKeyEntry {
  documentId: string;
  recipientId: string;
  wrappedKey: Uint8Array;
}

/** Stores each wrapped key that `seal` or `addRecipient` returned. */
export async function storeWrappedKeys(keyStore: KeyStore, entries: readonly WrappedKeyEntry[]): Promise<void> {
  for (const entry of entries) {
    await keyStore.put(entry.documentId, entry.recipientId, entry.wrappedKey);
  }
}

/**
 * Erases a document: deletes every wrapped key of the document from `keyStore`, then checks that
 * none remains. Once no copy of a wrapped key or data key exists anywhere, no one can decrypt the
 * document's envelope. docs/envelope.md lists what erasure cannot reach.
 *
 * Returns the number of wrapped keys deleted.
 *
 * @throws ErasureIncompleteError when wrapped keys remain after deleting, for example because
 * another process stored one meanwhile. Call `erase` again.
 */
export async function erase(documentId: string, keyStore: KeyStore): Promise<number> {
  checkDocumentId(documentId);
  const deleted = await keyStore.deleteAll(documentId);
  const remaining = await keyStore.listRecipients(documentId);
  if (remaining.length > 0) {
    throw new ErasureIncompleteError(
      `Document ${documentId} is not erased: ${remaining.length} wrapped keys remain in the key store after ` +
        `deleting (recipients ${remaining.join(", ")}). Call erase again.`,
    );
  }
  return deleted;
}
