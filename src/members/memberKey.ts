import { access, unlink } from "node:fs/promises";

import { hexlify, type Signer } from "ethers";

import { generateKeyPair, keyIdOf, type KeyPair } from "../crypto/keyAgreement";
import { loadKeyFile, saveKeyFile } from "../crypto/keyFile";
import { deriveKeyPairFromSignature } from "../crypto/memberKeys";
import { PersonalDataError } from "./errors";

/**
 * Source of a member's encryption key pair: derived from their wallet's signature, or read from a
 * key file encrypted with a passphrase.
 */
export type MemberKeySource = { kind: "wallet" } | { kind: "keyFile"; path: string; passphrase: string };

/** A member's encryption key pair, with the forms that the register and the key store use. */
export interface MemberKey {
  keyPair: KeyPair;
  /** Public key in 0x-prefixed hex, the form that `setEncryptionKey` takes and `memberData` returns. */
  encryptionKey: string;
  /** Key id that names this key in envelopes and key stores. */
  keyId: string;
  /** Source of the key pair for messages, such as "the signature of 0x…" or "key file PATH". */
  origin: string;
  /** Whether this call created the key file of `source`, which did not exist. */
  createdKeyFile: boolean;
}

/** Options of {@link loadMemberKey}. */
export interface LoadMemberKeyOptions {
  /** Whether to generate a key pair and save it when the key file does not exist. Defaults to false. */
  createKeyFile?: boolean;
}

/**
 * Loads the key pair of the account of `signer` in the register at `membershipAddress` from
 * `source`, and with `createKeyFile` generates and saves it when the key file does not exist. A
 * key derived from a signature is bound to the chain, the register and the account, as
 * `deriveKeyPairFromSignature` describes.
 *
 * @throws PersonalDataError when the key file does not exist and `createKeyFile` is not set.
 * @throws the errors of `deriveKeyPairFromSignature` and `loadKeyFile`, such as
 * NonDeterministicSignatureError and WrongPassphraseError.
 */
export async function loadMemberKey(
  signer: Signer,
  membershipAddress: string,
  source: MemberKeySource,
  options: LoadMemberKeyOptions = {},
): Promise<MemberKey> {
  if (source.kind === "wallet") {
    const account = await signer.getAddress();
    const chainId = await chainIdOf(signer);
    const keyPair = await deriveKeyPairFromSignature(signer, { chainId, membershipAddress });
    return describeKey(keyPair, `the signature of ${account}`, false);
  }

  if (await fileExists(source.path)) {
    return describeKey(await loadKeyFile(source.path, source.passphrase), `key file ${source.path}`, false);
  }
  if (!(options.createKeyFile ?? false)) {
    throw new PersonalDataError(
      `Key file ${source.path} not found. Give the path of your key file, or create one with ` +
        `member:register-key --key-file ${source.path}.`,
    );
  }
  const keyPair = generateKeyPair("x25519");
  await saveKeyFile(source.path, keyPair, source.passphrase);
  return describeKey(keyPair, `key file ${source.path}`, true);
}

/**
 * Deletes the key file that {@link loadMemberKey} created, when registering its key failed, so no
 * key that was never registered is left behind. Does nothing for a key that was not created.
 */
export async function deleteCreatedKeyFile(key: MemberKey, source: MemberKeySource): Promise<void> {
  if (!key.createdKeyFile || source.kind !== "keyFile") return;
  await unlink(source.path);
}

/** Returns the chain id of the network that `signer` is connected to. */
export async function chainIdOf(signer: Signer): Promise<bigint> {
  if (signer.provider === null) {
    throw new TypeError("The signer has no provider. Connect it to the network of the cooperative.");
  }
  return (await signer.provider.getNetwork()).chainId;
}

function describeKey(keyPair: KeyPair, origin: string, createdKeyFile: boolean): MemberKey {
  return { keyPair, encryptionKey: hexlify(keyPair.publicKey), keyId: keyIdOf(keyPair), origin, createdKeyFile };
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
