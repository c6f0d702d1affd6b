import { WEB_CONFIG_FILE, type WebConfig } from "../../src/web/config";

export { WEB_CONFIG_FILE, type WebConfig } from "../../src/web/config";

/** Error for a `config.json` that is missing, unreadable or lacks a field. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Time allowed for fetching `config.json` from the page's own server, in milliseconds. */
const CONFIG_TIMEOUT_MS = 15_000;

const ADDRESS_FIELDS = ["membership", "governor", "timelock", "shares", "charter", "judgment", "feeRouter"] as const;

/**
 * Fetches `config.json` next to the page and checks that every field the page uses is present.
 * The gateway is resolved against the page's address, so a path such as `/ipfs-gateway` works.
 */
export async function loadConfig(): Promise<WebConfig> {
  const url = new URL(WEB_CONFIG_FILE, document.baseURI);
  let value: unknown;
  try {
    const response = await fetch(url, { cache: "no-store", signal: AbortSignal.timeout(CONFIG_TIMEOUT_MS) });
    if (!response.ok) throw new ConfigError(`HTTP ${response.status} ${response.statusText}`);
    value = (await response.json()) as unknown;
  } catch (error) {
    if (error instanceof DOMException && error.name === "TimeoutError") {
      throw new ConfigError(`the request timed out after ${CONFIG_TIMEOUT_MS / 1000} s`, { cause: error });
    }
    throw error;
  }
  return checkConfig(value);
}

function checkConfig(value: unknown): WebConfig {
  const record = asRecord(value, "the file");
  const cooperative = asRecord(record.cooperative, "cooperative");
  const addresses = asRecord(cooperative.addresses, "cooperative.addresses");
  for (const field of ["chainId", "networkName", "rpcUrl", "gateway"]) requireString(record, field, field);
  for (const field of ["name", "symbol", "deploymentBlock"]) requireString(cooperative, field, `cooperative.${field}`);
  for (const field of ADDRESS_FIELDS) requireString(addresses, field, `cooperative.addresses.${field}`);
  // The page reads both with BigInt or Number, which would fail later, outside any error message.
  requireDecimal(record, "chainId", "chainId");
  requireDecimal(cooperative, "deploymentBlock", "cooperative.deploymentBlock");
  // The name is printed in a command that members copy into a terminal.
  if (record.hardhatNetwork !== undefined && !/^[A-Za-z0-9_-]+$/.test(String(record.hardhatNetwork))) {
    throw new ConfigError(`the field hardhatNetwork is not a network name: ${JSON.stringify(record.hardhatNetwork)}`);
  }
  const config = value as WebConfig;
  return { ...config, gateway: resolveGateway(config.gateway) };
}

/** Returns `gateway` as an absolute URL without a trailing slash, resolved against the page's address. */
export function resolveGateway(gateway: string): string {
  return new URL(gateway, document.baseURI).href.replace(/\/+$/, "");
}

function asRecord(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(`${name} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function requireDecimal(record: Record<string, unknown>, field: string, name: string): void {
  if (!/^[0-9]+$/.test(String(record[field]))) {
    throw new ConfigError(
      `the field ${name} is not a decimal integer: ${JSON.stringify(record[field])}. Write it in decimal digits, such as "31337"`,
    );
  }
}

function requireString(record: Record<string, unknown>, field: string, name: string): void {
  if (typeof record[field] !== "string" || record[field] === "") {
    throw new ConfigError(`the field ${name} is missing or not a string`);
  }
}
