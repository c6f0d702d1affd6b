/**
 * Errors that `src/crypto` raises when its input is invalid or fails authentication. Every one of
 * them is raised before any plaintext is returned, so a caller never receives partial plaintext.
 */

/** Base class of the errors below, for callers that handle them all in one place. */
export class CryptoError extends Error {
  override readonly name: string = "CryptoError";
}

/**
 * Error raised when bytes or a file do not follow their format: a wrong magic number, a truncated
 * field, an invalid value, or bytes left over after the last field.
 */
export class MalformedDataError extends CryptoError {
  override readonly name = "MalformedDataError";
}

/** Error raised when an envelope, a wrapped key or a key file has a format version this code cannot read. */
export class UnsupportedVersionError extends CryptoError {
  override readonly name = "UnsupportedVersionError";

  constructor(
    readonly kind: string,
    readonly version: number,
    readonly supported: readonly number[],
  ) {
    super(
      `Unsupported ${kind} format version ${version}: this code reads version ${supported.join(", ")} only. ` +
        `Update World-Coop DAO to read it.`,
    );
  }
}

/**
 * Error raised when the ciphertext of an envelope fails authentication, because its ciphertext,
 * nonce or metadata changed after sealing, or it was cut short.
 */
export class AuthenticationError extends CryptoError {
  override readonly name = "AuthenticationError";
}

/**
 * Error raised when a wrapped data key fails authentication: the wrapped key was changed, or it was
 * not made for the given private key.
 */
export class KeyUnwrapError extends CryptoError {
  override readonly name = "KeyUnwrapError";
}

/** Error raised when a private key does not belong to the recipient that a wrapped key names. */
export class RecipientMismatchError extends CryptoError {
  override readonly name = "RecipientMismatchError";
}

/** Error raised when a wrapped key belongs to another document than the envelope. */
export class DocumentMismatchError extends CryptoError {
  override readonly name = "DocumentMismatchError";
}

/** Error raised when a key store contains no wrapped key for a document and recipient. */
export class WrappedKeyNotFoundError extends CryptoError {
  override readonly name = "WrappedKeyNotFoundError";
}

/** Error raised when wrapped keys of a document remain in a key store after erasing them. */
export class ErasureIncompleteError extends CryptoError {
  override readonly name = "ErasureIncompleteError";
}

/** Error raised when a key file does not decrypt: the passphrase is wrong, or the file was changed. */
export class WrongPassphraseError extends CryptoError {
  override readonly name = "WrongPassphraseError";
}

/**
 * Error raised when a wallet signs the key derivation message twice with different signatures, so a
 * key derived from its signature could not be derived again.
 */
export class NonDeterministicSignatureError extends CryptoError {
  override readonly name = "NonDeterministicSignatureError";
}
