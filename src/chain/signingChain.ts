import { verifyTypedData, type Provider, type Signer, type TypedDataDomain, type TypedDataField } from "ethers";

/**
 * Chain ids that tools give a node on localhost: 31337 for Hardhat and 1337 for Ganache and for the
 * "localhost 8545" network that some wallets preset. A signature made for one of them recovers to
 * the wrong account on the other, because the chain id is part of the EIP-712 domain.
 */
export const LOCAL_CHAIN_IDS: readonly bigint[] = [31337n, 1337n];

/** Returns the message of a signature or signer meant for `signedFor` used on `network`. */
export function wrongChainMessage(subject: string, signedFor: bigint, network: bigint): string {
  return (
    `Wrong chain: ${subject} chain ${signedFor}, but this network is chain ${network}. ` +
    `Switch the wallet to chain ${network} and sign again, or run the command on the network of chain ${signedFor}.`
  );
}

/**
 * Checks, before signing, that `signer` and `provider` are on the chain of `domain`, the domain that
 * the contract's `eip712Domain()` returned. A wallet on another chain, such as one preset with chain
 * 1337 for localhost while Hardhat runs chain 31337, would sign a domain that the contract rejects.
 *
 * @throws Error starting with "Wrong chain" and naming both chain ids.
 */
export async function requireSigningChain(signer: Signer, provider: Provider, domain: TypedDataDomain): Promise<void> {
  const domainChain = BigInt(domain.chainId ?? 0);
  const { chainId: networkChain } = await provider.getNetwork();
  if (domainChain !== networkChain) {
    throw new Error(wrongChainMessage("the contract's EIP-712 domain is for", domainChain, networkChain));
  }
  // A signer without a provider of its own, such as a bare Wallet, signs for whatever domain it is given.
  if (signer.provider == null) return;
  const { chainId: signerChain } = await signer.provider.getNetwork();
  if (signerChain !== domainChain) {
    throw new Error(wrongChainMessage("the signer is connected to", signerChain, domainChain));
  }
}

/**
 * Returns the chain id, other than the domain's own, for which `signature` of `message` recovers
 * to `signer`, among the domain's chain id changed to each of `candidates`. Returns undefined when
 * none of them does. A relay calls this after the signature failed to recover in the contract's
 * domain, to tell a signature made for the wrong chain from a forged or altered one.
 */
export function chainOfSignature(
  domain: TypedDataDomain,
  types: Record<string, TypedDataField[]>,
  message: Record<string, unknown>,
  signature: string,
  signer: string,
  candidates: readonly bigint[],
): bigint | undefined {
  const domainChain = BigInt(domain.chainId ?? 0);
  for (const candidate of candidates) {
    if (candidate === domainChain) continue;
    let recovered: string;
    try {
      recovered = verifyTypedData({ ...domain, chainId: candidate }, types, message, signature);
    } catch {
      continue;
    }
    if (recovered.toLowerCase() === signer.toLowerCase()) return candidate;
  }
  return undefined;
}
