import { MalformedDataError } from "./errors";

/**
 * Reader of a byte string field by field, for the binary formats of this folder. Each read that
 * runs past the end raises a `MalformedDataError` that names the format, the field and the offset.
 */
export class ByteReader {
  private offset = 0;

  /** `format` names the bytes in error messages, for example "envelope". */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly format: string,
  ) {}

  /** Offset of the next byte to read. */
  get position(): number {
    return this.offset;
  }

  /** Number of bytes not read yet. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Reads `length` bytes and returns them as a view into the input. */
  read(length: number, field: string): Uint8Array {
    if (this.remaining < length) {
      throw new MalformedDataError(
        `Truncated ${this.format}: its ${field} needs ${length} bytes at offset ${this.offset}, ` +
          `but only ${this.remaining} remain of ${this.bytes.length}.`,
      );
    }
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  readUint8(field: string): number {
    return this.read(1, field)[0];
  }

  /** Reads an unsigned 64-bit big-endian integer that must fit in a JavaScript safe integer. */
  readUint64(field: string): number {
    const start = this.offset;
    const bytes = this.read(8, field);
    const value = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new MalformedDataError(
        `Invalid ${this.format}: its ${field} at offset ${start} is ${value}, above the maximum ${Number.MAX_SAFE_INTEGER}.`,
      );
    }
    return Number(value);
  }

  /** Reads every byte left. */
  readRest(): Uint8Array {
    return this.read(this.remaining, "rest");
  }

  /** Returns the bytes from `start` to the current position. */
  slice(start: number): Uint8Array {
    return this.bytes.subarray(start, this.offset);
  }

  /** Raises a `MalformedDataError` when bytes remain after the last field. */
  expectEnd(): void {
    if (this.remaining !== 0) {
      throw new MalformedDataError(
        `Invalid ${this.format}: ${this.remaining} unexpected bytes follow its last field at offset ${this.offset}.`,
      );
    }
  }
}

/** Encodes a non-negative safe integer as 8 bytes, big-endian. */
export function uint64Bytes(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Invalid 64-bit unsigned integer ${value}: expected a whole number from 0 to 2^53 - 1.`);
  }
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value));
  return bytes;
}

/** Returns the bytes of `parts` one after the other, in a new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/** Returns whether two byte strings are equal. The time taken depends on where they first differ. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

/** Returns the ASCII bytes of `text`, which the caller has checked is ASCII. */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}

/** Formats bytes as space-separated hex pairs for error messages, or "nothing" when there are none. */
export function hexBytes(bytes: Uint8Array): string {
  return bytes.length === 0 ? "nothing" : Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(" ");
}
