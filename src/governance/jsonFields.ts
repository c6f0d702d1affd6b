import { getAddress, isAddress } from "ethers";

/** Builds the error for a JSON field whose value is not the expected one. */
export type FieldError = (field: string, value: unknown, expected: string) => Error;

const MAX_UINT256 = 2n ** 256n - 1n;

/** Returns a short text for a JSON value in an error message: the JSON itself, or "missing". */
export function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  return JSON.stringify(value) ?? String(value);
}

/** Reads a uint256 written as a decimal string, or throws the error that `invalid` builds. */
export function readUint256Field(record: Record<string, unknown>, field: string, invalid: FieldError): bigint {
  const value = record[field];
  if (typeof value !== "string" || !/^[0-9]+$/.test(value) || BigInt(value) > MAX_UINT256) {
    throw invalid(field, value, 'a whole number from 0 to 2^256-1 written as a decimal string, such as "42"');
  }
  return BigInt(value);
}

/** Reads an address and returns it checksummed, or throws the error that `invalid` builds. */
export function readAddressField(record: Record<string, unknown>, field: string, invalid: FieldError): string {
  const value = record[field];
  if (typeof value !== "string" || !isAddress(value)) {
    throw invalid(field, value, "an address: 0x and 40 hex digits, with a valid EIP-55 checksum if in mixed case");
  }
  return getAddress(value);
}
