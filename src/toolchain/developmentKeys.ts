import { HDNodeWallet, Mnemonic } from "ethers";

/**
 * Mnemonic of the accounts that `hardhat node` and the in-process Hardhat network fund by default.
 * Hardhat prints their private keys at every `hardhat node` start and its documentation publishes
 * them, so anyone can sign with them: they are safe in tests and must never hold real funds.
 */
export const HARDHAT_DEVELOPMENT_MNEMONIC = "test test test test test test test test test test test junk";

/** Number of accounts Hardhat derives from the mnemonic by default (Hardhat 2, `accounts.count`). */
export const HARDHAT_DEVELOPMENT_ACCOUNT_COUNT = 20;

/** Derivation path of those accounts, without the account index. */
const HARDHAT_DERIVATION_PATH = "m/44'/60'/0'/0";

/** A published Hardhat development account. */
export interface DevelopmentAccount {
  index: number;
  address: string;
  /** Private key, `0x` and 64 lowercase hex digits. */
  privateKey: string;
}

let cached: DevelopmentAccount[] | undefined;

/** Returns Hardhat's default development accounts, derived once from the public mnemonic. */
export function hardhatDevelopmentAccounts(): DevelopmentAccount[] {
  if (cached === undefined) {
    const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_DEVELOPMENT_MNEMONIC), HARDHAT_DERIVATION_PATH);
    cached = Array.from({ length: HARDHAT_DEVELOPMENT_ACCOUNT_COUNT }, (_, index) => {
      const wallet = root.deriveChild(index);
      return { index, address: wallet.address, privateKey: wallet.privateKey.toLowerCase() };
    });
  }
  return cached;
}

/** Returns the development account whose private key is `key` (with or without `0x`), or undefined. */
export function findDevelopmentAccount(key: string): DevelopmentAccount | undefined {
  const normalized = `0x${key.trim().replace(/^0x/i, "").toLowerCase()}`;
  return hardhatDevelopmentAccounts().find((account) => account.privateKey === normalized);
}
