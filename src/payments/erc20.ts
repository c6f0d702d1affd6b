import { Contract, type ContractRunner } from "ethers";

const ERC20_PROBE_ABI = [
  "function balanceOf(address account) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
];

/** Note shown for an address whose `balanceOf` or `allowance` call fails, so it cannot be an ERC-20 token. */
export const NOT_ERC20_NOTE = "not an ERC-20 token: balanceOf or allowance failed";

/**
 * Returns `account`'s balance of `token`, or undefined when `token` is not an ERC-20 token: its
 * `balanceOf` or `allowance` call reverts or returns data that is not a uint256. The `allowance`
 * call distinguishes a token from an ERC-721 register, whose `balanceOf` has the same signature.
 */
export async function erc20BalanceOf(
  runner: ContractRunner,
  token: string,
  account: string,
): Promise<bigint | undefined> {
  const contract = new Contract(token, ERC20_PROBE_ABI, runner);
  try {
    const [balance] = await Promise.all([contract.balanceOf(account), contract.allowance(account, account)]);
    return BigInt(balance);
  } catch {
    return undefined;
  }
}
