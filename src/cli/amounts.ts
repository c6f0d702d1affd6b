import { Contract, ZeroAddress, formatUnits, parseUnits, type ContractRunner } from "ethers";

/** Display units of a payment token: its symbol and decimals. */
export interface TokenUnits {
  address: string;
  symbol: string;
  decimals: number;
}

const METADATA_ABI = ["function symbol() view returns (string)", "function decimals() view returns (uint8)"];

/** Returns the units of `token`, the zero address meaning ETH. Tokens without metadata show as raw units. */
export async function tokenUnits(runner: ContractRunner, token: string): Promise<TokenUnits> {
  if (token === ZeroAddress) return { address: token, symbol: "ETH", decimals: 18 };
  const contract = new Contract(token, METADATA_ABI, runner);
  try {
    const [symbol, decimals] = await Promise.all([contract.symbol(), contract.decimals()]);
    return { address: token, symbol: String(symbol), decimals: Number(decimals) };
  } catch {
    return { address: token, symbol: `units of ${token}`, decimals: 0 };
  }
}

/** Formats `amount` (smallest units) in the token's human units, e.g. "0.01 ETH". */
export function formatAmount(amount: bigint, units: TokenUnits): string {
  return `${formatUnits(amount, units.decimals)} ${units.symbol}`;
}

/** A decimal number with a point, such as `12`, `0.5` or `12.345678`. */
const DECIMAL_PATTERN = /^[0-9]+(\.[0-9]+)?$/;

/**
 * Parses an amount written in the token's human units, such as "12.5" for 12.5 ETH, and returns it
 * in the token's smallest unit (12.5 ETH is 12,500,000,000,000,000,000 wei).
 *
 * @throws Error describing what is wrong with `text`: not a decimal number, more decimals than the
 * token has, or above 2^256 - 1 smallest units. Zero is returned as 0n, for the caller to judge.
 */
export function parseAmount(text: string, units: TokenUnits): bigint {
  const value = text.trim();
  if (!DECIMAL_PATTERN.test(value)) {
    throw new Error(
      `expected an amount of ${units.symbol} as a decimal number with a point, such as 12 or 12.5, ` +
        "with no sign, unit or thousands separator",
    );
  }
  const fraction = value.includes(".") ? value.slice(value.indexOf(".") + 1).replace(/0+$/, "") : "";
  if (fraction.length > units.decimals) {
    const allowed = units.decimals === 0 ? "takes whole units only" : `has ${units.decimals} decimals, no more`;
    throw new Error(`${units.symbol} ${allowed}, so round the amount to ${units.decimals} decimals`);
  }
  const amount = parseUnits(value, units.decimals);
  if (amount >= 2n ** 256n) throw new Error(`the amount is above 2^256 - 1 of the token's smallest unit`);
  return amount;
}

/** Formats a rate in basis points as a percentage, e.g. 100 as "1%" and 10 as "0.1%". */
export function formatBps(bps: bigint | number): string {
  return `${Number(bps) / 100}%`;
}
