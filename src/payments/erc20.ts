import { Contract, type ContractRunner } from "ethers";

const BALANCE_ABI = ["function balanceOf(address account) view returns (uint256)"];

/** Note shown for an address whose `balanceOf` call fails, so it cannot be an ERC-20 token. */
export const NOT_ERC20_NOTE = "not an ERC-20 token: balanceOf failed";

/**
 * Returns `account`'s balance of `token`, or undefined when the call reverts or returns data that
 * is not a uint256, as it does for a contract that is not an ERC-20 token.
 */
export async function erc20BalanceOf(
  runner: ContractRunner,
  token: string,
  account: string,
): Promise<bigint | undefined> {
  try {
    return BigInt(await new Contract(token, BALANCE_ABI, runner).balanceOf(account));
  } catch {
    return undefined;
  }
}
