import { expect } from "chai";

import { randomBytes } from "@noble/hashes/utils.js";
import { getBytes, hexlify } from "ethers";

import {
  KeyUnwrapError,
  MalformedDataError,
  RecipientMismatchError,
  UnsupportedVersionError,
} from "../../src/crypto/errors";
import { generateKeyPair, keyIdOf, type KeyPair } from "../../src/crypto/keyAgreement";
import { parseWrappedKey, unwrapDataKey, wrapDataKey } from "../../src/crypto/keyWrap";
import { flipByte, thrownBy } from "../helpers/crypto";

const DOCUMENT_ID = "0x00112233445566778899aabbccddeeff";

/** Offsets of the fields of a wrapped key with a 32-byte ephemeral key, as docs/envelope.md gives them. */
const X25519_FIELDS = {
  magic: 0,
  version: 4,
  algorithm: 5,
  documentId: 6,
  recipientId: 22,
  ephemeralPublicKey: 54,
  nonce: 86,
  sealedKey: 110,
  end: 158,
};

describe("keyWrap", function () {
  let dataKey: Uint8Array;
  let alice: KeyPair;
  let bob: KeyPair;

  beforeEach(function () {
    dataKey = randomBytes(32);
    alice = generateKeyPair();
    bob = generateKeyPair();
  });

  describe("round trip", function () {
    it("x25519 recipient", function () {
      const wrapped = wrapDataKey(dataKey, DOCUMENT_ID, alice);

      expect(hexlify(unwrapDataKey(parseWrappedKey(wrapped), alice))).to.equal(hexlify(dataKey));
    });

    it("secp256k1 recipient", function () {
      const carol = generateKeyPair("secp256k1");
      const wrapped = wrapDataKey(dataKey, DOCUMENT_ID, carol);

      expect(wrapped).to.have.length(X25519_FIELDS.end + 1);
      expect(hexlify(unwrapDataKey(parseWrappedKey(wrapped), carol))).to.equal(hexlify(dataKey));
    });

    it("fresh ephemeral key per wrap", function () {
      const first = parseWrappedKey(wrapDataKey(dataKey, DOCUMENT_ID, alice));
      const second = parseWrappedKey(wrapDataKey(dataKey, DOCUMENT_ID, alice));

      expect(hexlify(first.ephemeralPublicKey)).to.not.equal(hexlify(second.ephemeralPublicKey));
      expect(hexlify(first.sealedKey)).to.not.equal(hexlify(second.sealedKey));
    });
  });

  describe("layout", function () {
    it("fields at documented offsets", function () {
      const wrapped = wrapDataKey(dataKey, DOCUMENT_ID, alice);
      const { magic, version, algorithm, documentId, recipientId, ephemeralPublicKey, end } = X25519_FIELDS;

      expect(wrapped).to.have.length(end);
      expect(new TextDecoder().decode(wrapped.subarray(magic, version))).to.equal("WCWK");
      expect(wrapped[version]).to.equal(1);
      expect(wrapped[algorithm]).to.equal(1);
      expect(hexlify(wrapped.subarray(documentId, recipientId))).to.equal(DOCUMENT_ID);
      expect(hexlify(wrapped.subarray(recipientId, ephemeralPublicKey))).to.equal(keyIdOf(alice));
    });

    it("parsed fields", function () {
      const parsed = parseWrappedKey(wrapDataKey(dataKey, DOCUMENT_ID, alice));

      expect(parsed.version).to.equal(1);
      expect(parsed.algorithm).to.equal("x25519");
      expect(parsed.documentId).to.equal(DOCUMENT_ID);
      expect(parsed.recipientId).to.equal(keyIdOf(alice));
      expect(parsed.nonce).to.have.length(24);
      expect(parsed.sealedKey).to.have.length(48);
    });
  });

  describe("unwrap errors", function () {
    it("another recipient's private key", function () {
      const wrapped = parseWrappedKey(wrapDataKey(dataKey, DOCUMENT_ID, alice));

      const error = thrownBy(() => unwrapDataKey(wrapped, bob));

      expect(error).to.be.instanceOf(RecipientMismatchError);
      expect(error.message).to.include(`key ${keyIdOf(alice)}`);
      expect(error.message).to.include(`key ${keyIdOf(bob)}`);
    });

    it("recipient id forged for another key", function () {
      const wrapped = wrapDataKey(dataKey, DOCUMENT_ID, alice);
      wrapped.set(getBytes(keyIdOf(bob)), X25519_FIELDS.recipientId);

      expect(() => unwrapDataKey(parseWrappedKey(wrapped), bob)).to.throw(KeyUnwrapError, "failed authentication");
    });

    for (const field of ["documentId", "ephemeralPublicKey", "nonce", "sealedKey"] as const) {
      it(`changed ${field}`, function () {
        const wrapped = wrapDataKey(dataKey, DOCUMENT_ID, alice);
        const changed = flipByte(wrapped, X25519_FIELDS[field] + 3);

        expect(() => unwrapDataKey(parseWrappedKey(changed), alice)).to.throw(KeyUnwrapError);
      });
    }

    it("low-order ephemeral key", function () {
      const wrapped = wrapDataKey(dataKey, DOCUMENT_ID, alice);
      wrapped.fill(0, X25519_FIELDS.ephemeralPublicKey, X25519_FIELDS.nonce);

      expect(() => unwrapDataKey(parseWrappedKey(wrapped), alice)).to.throw(
        KeyUnwrapError,
        "its ephemeral public key is invalid",
      );
    });
  });

  describe("parse errors", function () {
    it("wrong magic", function () {
      const wrapped = flipByte(wrapDataKey(dataKey, DOCUMENT_ID, alice), 0);

      expect(() => parseWrappedKey(wrapped)).to.throw(MalformedDataError, 'expected the magic number "WCWK"');
    });

    it("unsupported version", function () {
      const wrapped = wrapDataKey(dataKey, DOCUMENT_ID, alice);
      wrapped[X25519_FIELDS.version] = 2;

      expect(() => parseWrappedKey(wrapped)).to.throw(
        UnsupportedVersionError,
        "Unsupported wrapped key format version 2",
      );
    });

    it("unknown algorithm", function () {
      const wrapped = wrapDataKey(dataKey, DOCUMENT_ID, alice);
      wrapped[X25519_FIELDS.algorithm] = 9;

      expect(() => parseWrappedKey(wrapped)).to.throw(MalformedDataError, "unknown key algorithm code 9");
    });

    it("truncated", function () {
      const wrapped = wrapDataKey(dataKey, DOCUMENT_ID, alice).subarray(0, X25519_FIELDS.end - 1);

      expect(() => parseWrappedKey(wrapped)).to.throw(
        MalformedDataError,
        "Truncated wrapped key: its encrypted data key needs 48 bytes at offset 110, but only 47 remain of 157.",
      );
    });

    it("trailing byte", function () {
      const wrapped = Uint8Array.of(...wrapDataKey(dataKey, DOCUMENT_ID, alice), 0);

      expect(() => parseWrappedKey(wrapped)).to.throw(MalformedDataError, "1 unexpected bytes follow its last field");
    });

    it("secp256k1 ephemeral key off the curve", function () {
      const wrapped = wrapDataKey(dataKey, DOCUMENT_ID, generateKeyPair("secp256k1"));
      wrapped.fill(0, X25519_FIELDS.ephemeralPublicKey + 1, X25519_FIELDS.ephemeralPublicKey + 33);

      expect(() => parseWrappedKey(wrapped)).to.throw(MalformedDataError, "not a compressed secp256k1 point");
    });
  });

  describe("wrap input checks", function () {
    it("rejects a short data key", function () {
      expect(() => wrapDataKey(new Uint8Array(16), DOCUMENT_ID, alice)).to.throw(TypeError, "Invalid data key");
    });

    it("rejects an invalid document id", function () {
      expect(() => wrapDataKey(dataKey, "0x1234", alice)).to.throw(TypeError, 'Invalid document id "0x1234"');
    });
  });
});
