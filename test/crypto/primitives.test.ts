import { expect } from "chai";

import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { extract, hkdf } from "@noble/hashes/hkdf.js";
import { scrypt } from "@noble/hashes/scrypt.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { getBytes, hexlify } from "ethers";

import { publicKeyOf, sharedSecret } from "../../src/crypto/keyAgreement";

/**
 * Known-answer tests of the primitives that src/crypto builds on, with the published vectors of
 * their standards, to show that the libraries are wired as the standards define them.
 */

function hex(text: string): Uint8Array {
  return getBytes(`0x${text}`);
}

describe("crypto primitives", function () {
  describe("X25519 (RFC 7748)", function () {
    it("section 5.2 test vector 1", function () {
      const scalar = hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
      const u = hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");

      expect(hexlify(x25519.scalarMult(scalar, u))).to.equal(
        "0xc3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
      );
    });

    it("section 5.2 test vector 2", function () {
      const scalar = hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d");
      const u = hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493");

      expect(hexlify(x25519.scalarMult(scalar, u))).to.equal(
        "0x95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
      );
    });

    describe("section 6.1 Diffie-Hellman", function () {
      const alicePrivate = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
      const bobPrivate = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
      const alicePublic = "0x8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
      const bobPublic = "0xde9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
      const shared = "0x4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

      it("public keys", function () {
        expect(hexlify(publicKeyOf({ algorithm: "x25519", privateKey: alicePrivate }))).to.equal(alicePublic);
        expect(hexlify(publicKeyOf({ algorithm: "x25519", privateKey: bobPrivate }))).to.equal(bobPublic);
      });

      it("shared secret from both sides", function () {
        const fromAlice = sharedSecret({ algorithm: "x25519", privateKey: alicePrivate }, getBytes(bobPublic));
        const fromBob = sharedSecret({ algorithm: "x25519", privateKey: bobPrivate }, getBytes(alicePublic));

        expect(hexlify(fromAlice)).to.equal(shared);
        expect(hexlify(fromBob)).to.equal(shared);
      });
    });

    it("rejects a low-order public key", function () {
      const privateKey = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

      expect(() => sharedSecret({ algorithm: "x25519", privateKey }, new Uint8Array(32))).to.throw(
        "invalid private or public key received",
      );
    });
  });

  describe("HKDF-SHA256 (RFC 5869)", function () {
    it("appendix A.1, basic case", function () {
      const ikm = hex("0b".repeat(22));
      const salt = hex("000102030405060708090a0b0c");
      const info = hex("f0f1f2f3f4f5f6f7f8f9");

      expect(hexlify(extract(sha256, ikm, salt))).to.equal(
        "0x077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
      );
      expect(hexlify(hkdf(sha256, ikm, salt, info, 42))).to.equal(
        "0x3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
      );
    });

    it("appendix A.3, no salt and no info", function () {
      // Case A.3 has a zero-length salt and info. The key wrap of src/crypto passes no salt, which
      // RFC 5869 section 2.2 defines as the same zero-filled salt.
      const ikm = hex("0b".repeat(22));

      expect(hexlify(hkdf(sha256, ikm, undefined, undefined, 42))).to.equal(
        "0x8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
      );
    });
  });

  describe("XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03)", function () {
    // Appendix A.3.1 of the draft.
    const key = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    const nonce = hex("404142434445464748494a4b4c4d4e4f5051525354555657");
    const associatedData = hex("50515253c0c1c2c3c4c5c6c7");
    const plaintext = new TextEncoder().encode(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    const sealed =
      "0xbd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54" +
      "c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615" +
      "c68b13b52e" +
      "c0875924c1c7987947deafd8780acf49";

    it("appendix A.3.1 encryption", function () {
      expect(hexlify(xchacha20poly1305(key, nonce, associatedData).encrypt(plaintext))).to.equal(sealed);
    });

    it("appendix A.3.1 decryption", function () {
      const opened = xchacha20poly1305(key, nonce, associatedData).decrypt(getBytes(sealed));

      expect(new TextDecoder().decode(opened)).to.equal(new TextDecoder().decode(plaintext));
    });

    it("rejects changed associated data", function () {
      const changed = hex("50515253c0c1c2c3c4c5c6c8");

      expect(() => xchacha20poly1305(key, nonce, changed).decrypt(getBytes(sealed))).to.throw("invalid tag");
    });
  });

  describe("scrypt (RFC 7914)", function () {
    it("second published test vector", function () {
      const derived = scrypt("password", "NaCl", { N: 1024, r: 8, p: 16, dkLen: 64 });

      expect(hexlify(derived)).to.equal(
        "0xfdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83" +
          "ee6d8360cbdfa2cc0640",
      );
    });
  });
});
