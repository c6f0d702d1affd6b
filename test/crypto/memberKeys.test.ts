import { expect } from "chai";
import { hkdfSync } from "node:crypto";

import { secp256k1 } from "@noble/curves/secp256k1.js";
import { Signature, Wallet, getBytes, hashMessage, hexlify, recoverAddress, type BytesLike } from "ethers";
import { ethers } from "hardhat";

import { open, seal } from "../../src/crypto/envelope";
import { CryptoError, NonDeterministicSignatureError } from "../../src/crypto/errors";
import { publicKeyOf } from "../../src/crypto/keyAgreement";
import { deriveKeyPairFromSignature, keyDerivationMessage } from "../../src/crypto/memberKeys";

/** Hardhat's first default account, whose private key is public. */
const HARDHAT_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const HARDHAT_ACCOUNT = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const MEMBERSHIP = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const OTHER_MEMBERSHIP = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const CONTEXT = { chainId: 31337, membershipAddress: MEMBERSHIP };

/** Wallet whose ECDSA nonces mix fresh randomness into RFC 6979's, so each signature differs. */
class RandomizedWallet extends Wallet {
  override async signMessage(message: string | Uint8Array): Promise<string> {
    const digest = getBytes(hashMessage(message));
    const compact = secp256k1.sign(digest, getBytes(this.privateKey), { prehash: false, extraEntropy: true });
    const r = hexlify(compact.subarray(0, 32));
    const s = hexlify(compact.subarray(32));
    for (const v of [27, 28]) {
      const signature = Signature.from({ r, s, v });
      if (recoverAddress(digest, signature) === this.address) return signature.serialized;
    }
    throw new Error("No recovery id matches the signer.");
  }
}

/** Wallet that reports one address but signs with another key. */
class MismatchedWallet extends Wallet {
  private readonly other = Wallet.createRandom();

  override async signMessage(message: string | BytesLike): Promise<string> {
    return this.other.signMessage(message);
  }
}

describe("memberKeys", function () {
  describe("keyDerivationMessage", function () {
    const message = keyDerivationMessage({ ...CONTEXT, account: HARDHAT_ACCOUNT.toLowerCase() });

    it("names the chain id", function () {
      expect(message).to.include("\nChain ID: 31337\n");
    });

    it("names the contract checksummed", function () {
      expect(message).to.include(`\nMembership contract: ${MEMBERSHIP}\n`);
    });

    it("names the account checksummed", function () {
      expect(message).to.include(`\nAccount: ${HARDHAT_ACCOUNT}\n`);
    });

    it("names the key version", function () {
      expect(message.endsWith("\nKey version: 1")).to.be.true;
    });

    it("rejects chain id 0", function () {
      expect(() => keyDerivationMessage({ ...CONTEXT, chainId: 0, account: HARDHAT_ACCOUNT })).to.throw(
        TypeError,
        "Invalid chain id 0",
      );
    });

    it("rejects an invalid contract address", function () {
      expect(() =>
        keyDerivationMessage({ ...CONTEXT, membershipAddress: "0x1234", account: HARDHAT_ACCOUNT }),
      ).to.throw(TypeError, 'Invalid membership contract address "0x1234"');
    });
  });

  describe("deriveKeyPairFromSignature", function () {
    it("same wallet, same key", async function () {
      const wallet = new Wallet(HARDHAT_KEY);

      const first = await deriveKeyPairFromSignature(wallet, CONTEXT);
      const second = await deriveKeyPairFromSignature(wallet, CONTEXT);

      expect(hexlify(first.privateKey)).to.equal(hexlify(second.privateKey));
    });

    it("x25519 key pair", async function () {
      const pair = await deriveKeyPairFromSignature(new Wallet(HARDHAT_KEY), CONTEXT);

      expect(pair.algorithm).to.equal("x25519");
      expect(hexlify(pair.publicKey)).to.equal(hexlify(publicKeyOf(pair)));
    });

    it("documented derivation", async function () {
      // Recomputes the key with Node.js's own HKDF from the inputs that docs/envelope.md lists.
      // If this fails, the derivation changed and members could no longer derive their old keys.
      const wallet = new Wallet(HARDHAT_KEY);
      const signature = Signature.from(
        await wallet.signMessage(keyDerivationMessage({ ...CONTEXT, account: wallet.address })),
      );
      const info =
        `world-coop member key v1 x25519 chain 31337 membership ${MEMBERSHIP.toLowerCase()} ` +
        `account ${HARDHAT_ACCOUNT.toLowerCase()}`;
      const expected = hkdfSync("sha256", getBytes(signature.r + signature.s.slice(2)), new Uint8Array(0), info, 32);

      const pair = await deriveKeyPairFromSignature(wallet, CONTEXT);

      expect(hexlify(pair.privateKey)).to.equal(hexlify(new Uint8Array(expected)));
      expect(hexlify(pair.publicKey)).to.equal("0xd7c6af4ba7c2263f71c884bcf216a9ed3fcea01bf37875201990baac126b6b35");
    });

    it("Hardhat network signer", async function () {
      const [signer] = await ethers.getSigners();

      const fromNode = await deriveKeyPairFromSignature(signer, CONTEXT);
      const fromWallet = await deriveKeyPairFromSignature(new Wallet(HARDHAT_KEY), CONTEXT);

      expect(signer.address).to.equal(HARDHAT_ACCOUNT);
      expect(hexlify(fromNode.privateKey)).to.equal(hexlify(fromWallet.privateKey));
    });

    it("another chain id, another key", async function () {
      const wallet = new Wallet(HARDHAT_KEY);

      const mainKey = await deriveKeyPairFromSignature(wallet, CONTEXT);
      const otherKey = await deriveKeyPairFromSignature(wallet, { ...CONTEXT, chainId: 11155111n });

      expect(hexlify(otherKey.privateKey)).to.not.equal(hexlify(mainKey.privateKey));
    });

    it("another contract, another key", async function () {
      const wallet = new Wallet(HARDHAT_KEY);

      const mainKey = await deriveKeyPairFromSignature(wallet, CONTEXT);
      const otherKey = await deriveKeyPairFromSignature(wallet, { ...CONTEXT, membershipAddress: OTHER_MEMBERSHIP });

      expect(hexlify(otherKey.privateKey)).to.not.equal(hexlify(mainKey.privateKey));
    });

    it("another account, another key", async function () {
      const mainKey = await deriveKeyPairFromSignature(new Wallet(HARDHAT_KEY), CONTEXT);
      const otherKey = await deriveKeyPairFromSignature(Wallet.createRandom(), CONTEXT);

      expect(hexlify(otherKey.privateKey)).to.not.equal(hexlify(mainKey.privateKey));
    });

    it("derived key opens sealed data", async function () {
      const sealedFor = await deriveKeyPairFromSignature(new Wallet(HARDHAT_KEY), CONTEXT);
      const sealed = seal(new TextEncoder().encode("address"), [sealedFor], { contentType: "text/plain" });

      const derivedAgain = await deriveKeyPairFromSignature(new Wallet(HARDHAT_KEY), CONTEXT);

      expect(new TextDecoder().decode(open(sealed.envelope, sealed.wrappedKeys[0].wrappedKey, derivedAgain))).to.equal(
        "address",
      );
    });

    it("rejects randomized signatures", async function () {
      const wallet = new RandomizedWallet(HARDHAT_KEY);

      await expect(deriveKeyPairFromSignature(wallet, CONTEXT)).to.be.rejectedWith(
        NonDeterministicSignatureError,
        `The wallet of ${HARDHAT_ACCOUNT} signed the key derivation message twice with different signatures`,
      );
    });

    it("rejects a signature of another key", async function () {
      await expect(deriveKeyPairFromSignature(new MismatchedWallet(HARDHAT_KEY), CONTEXT)).to.be.rejectedWith(
        CryptoError,
        `not to the signer ${HARDHAT_ACCOUNT}`,
      );
    });
  });
});
