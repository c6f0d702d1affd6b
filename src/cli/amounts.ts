import { Contract, ZeroAddress, formatUnits, type ContractRunner } from "ethers";

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

/** Formats a rate in basis points as a percentage, e.g. 100 as "1%" and 10 as "0.1%". */
export function formatBps(bps: bigint | number): string {
  return `${Number(bps) / 100}%`;
}
