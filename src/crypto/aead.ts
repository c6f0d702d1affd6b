/**
 * Sizes of XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03, on ChaCha20-Poly1305 of RFC 8439), the
 * AEAD that encrypts documents, data keys and key files in this folder.
 */

/** Length in bytes of a key, and so of a data key, the key of one document. */
export const KEY_LENGTH = 32;

/** Length in bytes of a nonce. Nonces are random: 192 bits make a repeat negligible. */
export const NONCE_LENGTH = 24;

/** Length in bytes of the authentication tag that follows every ciphertext. */
export const TAG_LENGTH = 16;
