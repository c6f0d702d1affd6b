import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { Signature, concat, getAddress, getBytes, verifyMessage, type Signer } from "ethers";

import { PRIVATE_KEY_LENGTH, type KeyPair } from "./keyAgreement";
import { CryptoError, NonDeterministicSignatureError } from "./errors";

/** Version of the derivation below. Another version would sign another message and derive other keys. */
export const KEY_DERIVATION_VERSION = 1;

/** The cooperative that a member's derived key belongs to. */
export interface KeyDerivationContext {
  /** Chain id of the network where the cooperative's contracts are. */
  chainId: bigint | number;
  /** Address of the cooperative's membership register (`CoopMembership`). */
  membershipAddress: string;
}

/**
 * Returns the message that a member signs to derive their encryption key. It names the chain, the
 * membership contract and the account, so a signature made for another cooperative, network or
 * account gives another key, and it warns the member that the signature is a key.
 *
 * @throws TypeError when the chain id is not a positive integer or an address is invalid.
 */
export function keyDerivationMessage(context: KeyDerivationContext & { account: string }): string {
  const { chainId, membershipAddress, account } = normalizeContext(context, context.account);
  return [
    "World-Coop DAO encryption key",
    "",
    "Sign this message to create the key that encrypts and decrypts your personal data in this cooperative. " +
      "Anyone who obtains this signature can read that data, so sign it only in World-Coop DAO tools. " +
      "Signing sends no transaction and costs nothing.",
    "",
    `Chain ID: ${chainId}`,
    `Membership contract: ${membershipAddress}`,
    `Account: ${account}`,
    `Key version: ${KEY_DERIVATION_VERSION}`,
  ].join("\n");
}

/**
 * Derives a member's X25519 key pair from their wallet's signature of `keyDerivationMessage`:
 * HKDF-SHA256 of the signature's r and s, with an info string that names the chain id, the
 * membership contract and the account. The same wallet gets the same key on any machine, with no
 * key file to keep.
 *
 * The wallet signs twice, and the two signatures must be equal: this works only for wallets whose
 * signatures are deterministic (RFC 6979), as those of ethers' `Wallet` and of the Hardhat network.
 *
 * @throws NonDeterministicSignatureError when the two signatures differ.
 * @throws CryptoError when the signature does not recover to the signer's address.
 */
export async function deriveKeyPairFromSignature(signer: Signer, context: KeyDerivationContext): Promise<KeyPair> {
  const normalized = normalizeContext(context, await signer.getAddress());
  const message = keyDerivationMessage({ ...normalized });

  const first = await signer.signMessage(message);
  const second = await signer.signMessage(message);
  if (first.toLowerCase() !== second.toLowerCase()) {
    throw new NonDeterministicSignatureError(
      `The wallet of ${normalized.account} signed the key derivation message twice with different signatures, ` +
        `so the key could not be derived again later. Generate a key pair and save it in a key file instead.`,
    );
  }
  const recovered = verifyMessage(message, first);
  if (recovered !== normalized.account) {
    throw new CryptoError(
      `The key derivation signature recovers to ${recovered}, not to the signer ${normalized.account}. ` +
        `Check that the wallet signs with the account it reports.`,
    );
  }

  const signature = Signature.from(first);
  const inputKeyMaterial = getBytes(concat([signature.r, signature.s]));
  const info = new TextEncoder().encode(
    `world-coop member key v${KEY_DERIVATION_VERSION} x25519 chain ${normalized.chainId} ` +
      `membership ${normalized.membershipAddress.toLowerCase()} account ${normalized.account.toLowerCase()}`,
  );
  const privateKey = hkdf(sha256, inputKeyMaterial, undefined, info, PRIVATE_KEY_LENGTH);
  inputKeyMaterial.fill(0);
  return { algorithm: "x25519", privateKey, publicKey: x25519.getPublicKey(privateKey) };
}

/** Checks the context and returns it with checksummed addresses and the chain id as a bigint. */
function normalizeContext(
  context: KeyDerivationContext,
  account: string,
): { chainId: bigint; membershipAddress: string; account: string } {
  let chainId: bigint;
  try {
    chainId = BigInt(context.chainId);
  } catch {
    throw new TypeError(`Invalid chain id ${String(context.chainId)}: expected a positive integer.`);
  }
  if (chainId <= 0n) throw new TypeError(`Invalid chain id ${chainId}: expected a positive integer.`);
  return {
    chainId,
    membershipAddress: checkedAddress(context.membershipAddress, "membership contract address"),
    account: checkedAddress(account, "account"),
  };
}

function checkedAddress(address: string, description: string): string {
  try {
    return getAddress(address);
  } catch {
    throw new TypeError(`Invalid ${description} ${JSON.stringify(address)}: expected a 0x-prefixed 20-byte address.`);
  }
}
