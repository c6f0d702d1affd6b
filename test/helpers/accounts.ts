import { ethers } from "hardhat";
import { impersonateAccount, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

/** Balance given to an impersonated account so it can pay for gas: 100 ether. */
const IMPERSONATED_BALANCE = 100n * 10n ** 18n;

/**
 * Returns a signer that sends transactions from `address` on the Hardhat network, funded for gas.
 *
 * Tests use it to act as the cooperative's timelock, to test a contract's own rules without
 * running a whole proposal for each call.
 */
export async function impersonate(address: string): Promise<HardhatEthersSigner> {
  await impersonateAccount(address);
  await setBalance(address, IMPERSONATED_BALANCE);
  return ethers.getSigner(address);
}
