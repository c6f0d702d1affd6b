import { expect } from "chai";

import { sha256 } from "@noble/hashes/sha2.js";
import { getBytes, hexlify } from "ethers";

import {
  generateKeyPair,
  keyIdOf,
  publicKeyFromEncryptionKey,
  publicKeyOf,
  sharedSecret,
} from "../../src/crypto/keyAgreement";

describe("keyAgreement", function () {
  describe("generateKeyPair", function () {
    it("x25519 by default", function () {
      const pair = generateKeyPair();

      expect(pair.algorithm).to.equal("x25519");
      expect(pair.privateKey).to.have.length(32);
      expect(hexlify(pair.publicKey)).to.equal(hexlify(publicKeyOf(pair)));
    });

    it("secp256k1 with compressed public key", function () {
      const pair = generateKeyPair("secp256k1");

      expect(pair.publicKey).to.have.length(33);
      expect(pair.publicKey[0]).to.be.oneOf([2, 3]);
      expect(hexlify(pair.publicKey)).to.equal(hexlify(publicKeyOf(pair)));
    });

    it("different keys each call", function () {
      expect(hexlify(generateKeyPair().privateKey)).to.not.equal(hexlify(generateKeyPair().privateKey));
    });

    it("rejects an unknown algorithm", function () {
      expect(() => generateKeyPair("ed448" as "x25519")).to.throw(TypeError, 'Unknown key algorithm "ed448"');
    });
  });

  describe("sharedSecret", function () {
    it("secp256k1 agrees from both sides", function () {
      const alice = generateKeyPair("secp256k1");
      const bob = generateKeyPair("secp256k1");

      const fromAlice = sharedSecret(alice, bob.publicKey);
      const fromBob = sharedSecret(bob, alice.publicKey);

      expect(fromAlice).to.have.length(32);
      expect(hexlify(fromAlice)).to.equal(hexlify(fromBob));
    });

    it("x25519 agrees from both sides", function () {
      const alice = generateKeyPair();
      const bob = generateKeyPair();

      expect(hexlify(sharedSecret(alice, bob.publicKey))).to.equal(hexlify(sharedSecret(bob, alice.publicKey)));
    });

    it("rejects a short private key", function () {
      const key = { algorithm: "x25519" as const, privateKey: new Uint8Array(31) };

      expect(() => sharedSecret(key, generateKeyPair().publicKey)).to.throw(TypeError, "expected 32 bytes");
    });

    it("rejects a zero secp256k1 private key", function () {
      const key = { algorithm: "secp256k1" as const, privateKey: new Uint8Array(32) };

      expect(() => publicKeyOf(key)).to.throw(TypeError, "Invalid secp256k1 private key");
    });
  });

  describe("keyIdOf", function () {
    it("SHA-256 of code and public key", function () {
      const pair = generateKeyPair();
      const expected = hexlify(sha256(Uint8Array.of(1, ...pair.publicKey)));

      expect(keyIdOf(pair)).to.equal(expected);
    });

    it("secp256k1 code is 2", function () {
      const pair = generateKeyPair("secp256k1");
      const expected = hexlify(sha256(Uint8Array.of(2, ...pair.publicKey)));

      expect(keyIdOf(pair)).to.equal(expected);
    });

    it("rejects a wrong length", function () {
      expect(() => keyIdOf({ algorithm: "x25519", publicKey: new Uint8Array(33) })).to.throw(
        TypeError,
        "Invalid x25519 public key: expected 32 bytes.",
      );
    });

    it("rejects a point off the curve", function () {
      const publicKey = getBytes(`0x02${"00".repeat(32)}`);

      expect(() => keyIdOf({ algorithm: "secp256k1", publicKey })).to.throw(TypeError, "not a compressed point");
    });
  });

  describe("publicKeyFromEncryptionKey", function () {
    it("32 bytes are x25519", function () {
      const pair = generateKeyPair();

      expect(publicKeyFromEncryptionKey(pair.publicKey).algorithm).to.equal("x25519");
    });

    it("33 bytes are secp256k1", function () {
      const pair = generateKeyPair("secp256k1");

      expect(publicKeyFromEncryptionKey(pair.publicKey).algorithm).to.equal("secp256k1");
    });

    it("rejects an uncompressed key", function () {
      expect(() => publicKeyFromEncryptionKey(new Uint8Array(65))).to.throw(
        TypeError,
        "Invalid encryption key of 65 bytes: expected 32 (X25519) or 33 (compressed secp256k1).",
      );
    });
  });
});
