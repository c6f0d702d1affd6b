import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";

import fc from "fast-check";
import { getBytes, hexlify } from "ethers";

import { addRecipient, open, openFromKeyStore, readEnvelopeMetadata, seal } from "../../src/crypto/envelope";
import {
  AuthenticationError,
  CryptoError,
  DocumentMismatchError,
  KeyUnwrapError,
  MalformedDataError,
  RecipientMismatchError,
  UnsupportedVersionError,
  WrappedKeyNotFoundError,
} from "../../src/crypto/errors";
import { FileKeyStore } from "../../src/crypto/fileKeyStore";
import { generateKeyPair, keyIdOf, type KeyPair } from "../../src/crypto/keyAgreement";
import { erase, storeWrappedKeys } from "../../src/crypto/keyStore";
import { flipByte, temporaryFolder, thrownBy } from "../helpers/crypto";

const TEXT = new TextEncoder().encode('{"name":"Ada Lovelace","email":"ada@example.org"}');
const JSON_TYPE = "application/json";

/** Offsets of an envelope's fields, as docs/envelope.md gives them. */
function layout(contentTypeLength: number, recipientCount: number) {
  const contentType = 30;
  const recipients = contentType + contentTypeLength + 1;
  const nonce = recipients + 33 * recipientCount;
  return {
    magic: 0,
    version: 4,
    documentId: 5,
    createdAt: 21,
    contentTypeLength: 29,
    contentType,
    recipientCount: contentType + contentTypeLength,
    recipients,
    nonce,
    ciphertext: nonce + 24,
  };
}

/** Returns the wrapped key that `seal` made for `recipient`. */
function wrappedKeyFor(sealed: ReturnType<typeof seal>, recipient: KeyPair): Uint8Array {
  const entry = sealed.wrappedKeys.find((wrapped) => wrapped.recipientId === keyIdOf(recipient));
  if (entry === undefined) throw new Error(`No wrapped key for ${keyIdOf(recipient)}.`);
  return entry.wrappedKey;
}

describe("envelope", function () {
  let alice: KeyPair;
  let bob: KeyPair;
  let carol: KeyPair;

  beforeEach(function () {
    alice = generateKeyPair();
    bob = generateKeyPair();
    carol = generateKeyPair("secp256k1");
  });

  describe("round trip", function () {
    it("one recipient", function () {
      const sealed = seal(TEXT, [alice], { contentType: JSON_TYPE });

      expect(sealed.wrappedKeys).to.have.length(1);
      expect(hexlify(open(sealed.envelope, sealed.wrappedKeys[0].wrappedKey, alice))).to.equal(hexlify(TEXT));
    });

    it("several recipients", function () {
      const sealed = seal(TEXT, [alice, bob, carol], { contentType: JSON_TYPE });

      expect(sealed.wrappedKeys).to.have.length(3);
      for (const recipient of [alice, bob, carol]) {
        const plaintext = open(sealed.envelope, wrappedKeyFor(sealed, recipient), recipient);
        expect(hexlify(plaintext), `plaintext for ${recipient.algorithm} ${keyIdOf(recipient)}`).to.equal(
          hexlify(TEXT),
        );
      }
    });

    it("empty document", function () {
      const sealed = seal(new Uint8Array(0), [alice], { contentType: "text/plain" });

      expect(open(sealed.envelope, sealed.wrappedKeys[0].wrappedKey, alice)).to.have.length(0);
    });

    it("5 MiB document", function () {
      const document = new Uint8Array(randomBytes(5 * 1024 * 1024));

      const sealed = seal(document, [alice, bob], { contentType: "application/pdf" });
      const opened = open(sealed.envelope, wrappedKeyFor(sealed, bob), bob);

      expect(sealed.envelope.length).to.equal(document.length + layout(15, 2).ciphertext + 16);
      expect(Buffer.from(opened).equals(Buffer.from(document))).to.be.true;
    });

    it("nonce and document id differ per seal", function () {
      const first = seal(TEXT, [alice], { contentType: JSON_TYPE, createdAt: 1 });
      const second = seal(TEXT, [alice], { contentType: JSON_TYPE, createdAt: 1 });
      const { nonce, ciphertext } = layout(JSON_TYPE.length, 1);

      expect(first.documentId).to.not.equal(second.documentId);
      expect(hexlify(first.envelope.subarray(nonce, ciphertext))).to.not.equal(
        hexlify(second.envelope.subarray(nonce, ciphertext)),
      );
    });
  });

  describe("metadata", function () {
    it("read without decrypting", function () {
      const sealed = seal(TEXT, [bob, alice], { contentType: JSON_TYPE, createdAt: 1_750_000_000 });

      const metadata = readEnvelopeMetadata(sealed.envelope);

      expect(metadata.version).to.equal(1);
      expect(metadata.documentId).to.equal(sealed.documentId);
      expect(metadata.createdAt).to.equal(1_750_000_000);
      expect(metadata.contentType).to.equal(JSON_TYPE);
      expect(metadata.recipients.map((recipient) => recipient.keyId)).to.deep.equal(
        [keyIdOf(alice), keyIdOf(bob)].sort(),
      );
    });

    it("wrapped keys in recipient order", function () {
      const sealed = seal(TEXT, [alice, bob, carol], { contentType: JSON_TYPE });
      const listed = readEnvelopeMetadata(sealed.envelope).recipients.map((recipient) => recipient.keyId);

      expect(sealed.wrappedKeys.map((entry) => entry.recipientId)).to.deep.equal(listed);
    });

    it("fields at documented offsets", function () {
      const sealed = seal(TEXT, [carol], { contentType: JSON_TYPE, createdAt: 0x0102030405 });
      const envelope = sealed.envelope;
      const at = layout(JSON_TYPE.length, 1);

      expect(new TextDecoder().decode(envelope.subarray(at.magic, at.version))).to.equal("WCEV");
      expect(envelope[at.version]).to.equal(1);
      expect(hexlify(envelope.subarray(at.documentId, at.createdAt))).to.equal(sealed.documentId);
      expect(hexlify(envelope.subarray(at.createdAt, at.contentTypeLength))).to.equal("0x0000000102030405");
      expect(envelope[at.contentTypeLength]).to.equal(JSON_TYPE.length);
      expect(new TextDecoder().decode(envelope.subarray(at.contentType, at.recipientCount))).to.equal(JSON_TYPE);
      expect(envelope[at.recipientCount]).to.equal(1);
      expect(envelope[at.recipients]).to.equal(2);
      expect(hexlify(envelope.subarray(at.recipients + 1, at.nonce))).to.equal(keyIdOf(carol));
      expect(envelope.length - at.ciphertext).to.equal(TEXT.length + 16);
    });

    it("creation time defaults to now", function () {
      const before = Math.floor(Date.now() / 1000);
      const sealed = seal(TEXT, [alice], { contentType: JSON_TYPE });
      const after = Math.floor(Date.now() / 1000);

      expect(readEnvelopeMetadata(sealed.envelope).createdAt).to.be.within(before, after);
    });
  });

  describe("seal input checks", function () {
    it("no recipients", function () {
      expect(() => seal(TEXT, [], { contentType: JSON_TYPE })).to.throw(TypeError, "Invalid recipient count 0");
    });

    it("repeated recipient", function () {
      expect(() => seal(TEXT, [alice, bob, alice], { contentType: JSON_TYPE })).to.throw(
        TypeError,
        `key ${keyIdOf(alice)} appears more than once`,
      );
    });

    const invalidContentTypes: [string, string][] = [
      ["empty", ""],
      ["leading space", " text/plain"],
      ["trailing space", "text/plain "],
      ["non-ASCII", "tëxt/plain"],
      ["line break", "text/\nplain"],
      ["256 characters", "x".repeat(256)],
    ];
    for (const [label, contentType] of invalidContentTypes) {
      it(`content type ${label}`, function () {
        expect(() => seal(TEXT, [alice], { contentType })).to.throw(TypeError, "Invalid content type");
      });
    }

    for (const createdAt of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1]) {
      it(`creation time ${createdAt}`, function () {
        expect(() => seal(TEXT, [alice], { contentType: JSON_TYPE, createdAt })).to.throw(
          TypeError,
          `Invalid creation time ${createdAt}`,
        );
      });
    }

    it("invalid public key", function () {
      const recipient = { algorithm: "x25519" as const, publicKey: new Uint8Array(31) };

      expect(() => seal(TEXT, [recipient], { contentType: JSON_TYPE })).to.throw(
        TypeError,
        "Invalid x25519 public key",
      );
    });
  });

  describe("bad input", function () {
    let sealed: ReturnType<typeof seal>;
    let wrappedKey: Uint8Array;
    const at = layout(JSON_TYPE.length, 1);

    beforeEach(function () {
      sealed = seal(TEXT, [alice], { contentType: JSON_TYPE, createdAt: 1_750_000_000 });
      wrappedKey = sealed.wrappedKeys[0].wrappedKey;
    });

    it("tampered ciphertext", function () {
      const envelope = flipByte(sealed.envelope, at.ciphertext + 5);

      expect(() => open(envelope, wrappedKey, alice)).to.throw(AuthenticationError, "failed authentication");
    });

    it("tampered tag", function () {
      const envelope = flipByte(sealed.envelope, sealed.envelope.length - 1);

      expect(() => open(envelope, wrappedKey, alice)).to.throw(AuthenticationError);
    });

    it("tampered nonce", function () {
      const envelope = flipByte(sealed.envelope, at.nonce);

      expect(() => open(envelope, wrappedKey, alice)).to.throw(AuthenticationError);
    });

    it("tampered creation time", function () {
      const envelope = flipByte(sealed.envelope, at.createdAt + 7);

      expect(readEnvelopeMetadata(envelope).createdAt).to.equal(1_750_000_001);
      expect(() => open(envelope, wrappedKey, alice)).to.throw(AuthenticationError);
    });

    it("tampered content type", function () {
      const envelope = sealed.envelope.slice();
      envelope.set(new TextEncoder().encode("text/html; x=123"), at.contentType);

      expect(readEnvelopeMetadata(envelope).contentType).to.equal("text/html; x=123");
      expect(() => open(envelope, wrappedKey, alice)).to.throw(AuthenticationError);
    });

    it("tampered recipient key id", function () {
      const envelope = flipByte(sealed.envelope, at.nonce - 1);

      expect(readEnvelopeMetadata(envelope).recipients[0].keyId).to.not.equal(keyIdOf(alice));
      expect(() => open(envelope, wrappedKey, alice)).to.throw(AuthenticationError);
    });

    it("tampered document id", function () {
      const envelope = flipByte(sealed.envelope, at.documentId);

      expect(() => open(envelope, wrappedKey, alice)).to.throw(DocumentMismatchError);
    });

    it("document id changed in both", function () {
      const envelope = flipByte(sealed.envelope, at.documentId);
      const changedKey = flipByte(wrappedKey, 6);

      expect(() => open(envelope, changedKey, alice)).to.throw(KeyUnwrapError);
    });

    it("appended byte", function () {
      const envelope = Uint8Array.of(...sealed.envelope, 0);

      expect(() => open(envelope, wrappedKey, alice)).to.throw(AuthenticationError);
    });

    it("truncated in the header", function () {
      const envelope = sealed.envelope.subarray(0, at.recipients + 10);

      expect(() => open(envelope, wrappedKey, alice)).to.throw(
        MalformedDataError,
        `Truncated envelope: its recipient 0 key id needs 32 bytes at offset ${at.recipients + 1}`,
      );
    });

    it("truncated before the tag ends", function () {
      const envelope = sealed.envelope.subarray(0, at.ciphertext + 15);

      expect(() => open(envelope, wrappedKey, alice)).to.throw(
        MalformedDataError,
        "Truncated envelope: its ciphertext and tag needs 16 bytes",
      );
    });

    it("truncated by one byte", function () {
      const envelope = sealed.envelope.subarray(0, sealed.envelope.length - 1);

      expect(() => open(envelope, wrappedKey, alice)).to.throw(AuthenticationError);
    });

    it("empty envelope", function () {
      expect(() => open(new Uint8Array(0), wrappedKey, alice)).to.throw(
        MalformedDataError,
        "Truncated envelope: its magic number needs 4 bytes at offset 0, but only 0 remain of 0.",
      );
    });

    it("wrong private key", function () {
      const error = thrownBy(() => open(sealed.envelope, wrappedKey, bob));

      expect(error).to.be.instanceOf(RecipientMismatchError);
      expect(error.message).to.include(keyIdOf(alice));
    });

    it("wrong key with forged recipient id", function () {
      const forged = wrappedKey.slice();
      forged.set(getBytes(keyIdOf(bob)), 22);

      expect(() => open(sealed.envelope, forged, bob)).to.throw(KeyUnwrapError);
    });

    it("envelope for another recipient", function () {
      const bobsDocument = seal(TEXT, [bob], { contentType: JSON_TYPE });

      const error = thrownBy(() => open(sealed.envelope, bobsDocument.wrappedKeys[0].wrappedKey, bob));

      expect(error).to.be.instanceOf(DocumentMismatchError);
      expect(error.message).to.include(`the envelope is document ${sealed.documentId}`);
    });

    it("unsupported version", function () {
      const envelope = sealed.envelope.slice();
      envelope[at.version] = 2;

      expect(() => open(envelope, wrappedKey, alice)).to.throw(
        UnsupportedVersionError,
        "Unsupported envelope format version 2: this code reads version 1 only.",
      );
    });

    it("not an envelope", function () {
      expect(() => open(wrappedKey, wrappedKey, alice)).to.throw(
        MalformedDataError,
        'Not an envelope: expected the magic number "WCEV" (57 43 45 56) at offset 0, found 57 43 57 4b.',
      );
    });

    it("envelope passed as wrapped key", function () {
      expect(() => open(sealed.envelope, sealed.envelope, alice)).to.throw(MalformedDataError, "Not a wrapped key");
    });

    it("zero recipients", function () {
      const envelope = sealed.envelope.slice();
      envelope[at.recipientCount] = 0;

      expect(() => open(envelope, wrappedKey, alice)).to.throw(MalformedDataError, "recipient count");
    });

    it("empty content type", function () {
      const envelope = sealed.envelope.slice();
      envelope[at.contentTypeLength] = 0;

      expect(() => open(envelope, wrappedKey, alice)).to.throw(MalformedDataError, "its content type at offset 29");
    });

    it("unordered recipients", function () {
      const twice = seal(TEXT, [alice, bob], { contentType: JSON_TYPE });
      const twoAt = layout(JSON_TYPE.length, 2);
      const envelope = twice.envelope.slice();
      envelope.set(twice.envelope.subarray(twoAt.recipients, twoAt.recipients + 33), twoAt.recipients + 33);
      envelope.set(twice.envelope.subarray(twoAt.recipients + 33, twoAt.nonce), twoAt.recipients);

      expect(() => open(envelope, wrappedKeyFor(twice, alice), alice)).to.throw(
        MalformedDataError,
        "not in strictly ascending key id order",
      );
    });

    it("creation time above 2^53", function () {
      const envelope = sealed.envelope.slice();
      envelope[at.createdAt] = 1;

      expect(() => open(envelope, wrappedKey, alice)).to.throw(MalformedDataError, "its creation time at offset 21");
    });
  });

  describe("addRecipient", function () {
    it("new recipient opens", function () {
      const sealed = seal(TEXT, [alice], { contentType: JSON_TYPE });

      const added = addRecipient(sealed.envelope, sealed.wrappedKeys[0].wrappedKey, alice, carol);

      expect(added.documentId).to.equal(sealed.documentId);
      expect(added.recipientId).to.equal(keyIdOf(carol));
      expect(hexlify(open(sealed.envelope, added.wrappedKey, carol))).to.equal(hexlify(TEXT));
    });

    it("envelope metadata unchanged", function () {
      const sealed = seal(TEXT, [alice], { contentType: JSON_TYPE });

      addRecipient(sealed.envelope, sealed.wrappedKeys[0].wrappedKey, alice, bob);

      expect(readEnvelopeMetadata(sealed.envelope).recipients.map((entry) => entry.keyId)).to.deep.equal([
        keyIdOf(alice),
      ]);
    });

    it("needs an existing recipient's key", function () {
      const sealed = seal(TEXT, [alice], { contentType: JSON_TYPE });

      expect(() => addRecipient(sealed.envelope, sealed.wrappedKeys[0].wrappedKey, bob, bob)).to.throw(
        RecipientMismatchError,
      );
    });

    it("rejects a tampered envelope", function () {
      const sealed = seal(TEXT, [alice], { contentType: JSON_TYPE });
      const envelope = flipByte(sealed.envelope, sealed.envelope.length - 20);

      expect(() => addRecipient(envelope, sealed.wrappedKeys[0].wrappedKey, alice, bob)).to.throw(AuthenticationError);
    });
  });

  describe("erasure", function () {
    let folder: Awaited<ReturnType<typeof temporaryFolder>>;
    let store: FileKeyStore;

    beforeEach(async function () {
      folder = await temporaryFolder("coop-keys-");
      store = new FileKeyStore(folder.path);
    });

    afterEach(async function () {
      await folder.remove();
    });

    it("opens through the key store", async function () {
      const sealed = seal(TEXT, [alice, bob], { contentType: JSON_TYPE });
      await storeWrappedKeys(store, sealed.wrappedKeys);

      const plaintext = await openFromKeyStore(sealed.envelope, store, bob);

      expect(hexlify(plaintext)).to.equal(hexlify(TEXT));
    });

    it("erase makes the document unreadable", async function () {
      const sealed = seal(TEXT, [alice, bob, carol], { contentType: JSON_TYPE });
      await storeWrappedKeys(store, sealed.wrappedKeys);

      expect(await erase(sealed.documentId, store)).to.equal(3);

      expect(await store.listRecipients(sealed.documentId)).to.deep.equal([]);
      expect(await readdir(folder.path)).to.deep.equal([]);
      for (const recipient of [alice, bob, carol]) {
        await expect(openFromKeyStore(sealed.envelope, store, recipient)).to.be.rejectedWith(
          WrappedKeyNotFoundError,
          `No wrapped key for recipient ${keyIdOf(recipient)} of document ${sealed.documentId}`,
        );
      }
    });

    it("erase reaches added recipients", async function () {
      const sealed = seal(TEXT, [alice], { contentType: JSON_TYPE });
      await storeWrappedKeys(store, sealed.wrappedKeys);
      await storeWrappedKeys(store, [addRecipient(sealed.envelope, sealed.wrappedKeys[0].wrappedKey, alice, bob)]);

      expect(await erase(sealed.documentId, store)).to.equal(2);
      await expect(openFromKeyStore(sealed.envelope, store, bob)).to.be.rejectedWith(WrappedKeyNotFoundError);
    });

    it("erase keeps other documents", async function () {
      const erasedDocument = seal(TEXT, [alice], { contentType: JSON_TYPE });
      const keptDocument = seal(TEXT, [alice], { contentType: JSON_TYPE });
      await storeWrappedKeys(store, [...erasedDocument.wrappedKeys, ...keptDocument.wrappedKeys]);

      await erase(erasedDocument.documentId, store);

      expect(hexlify(await openFromKeyStore(keptDocument.envelope, store, alice))).to.equal(hexlify(TEXT));
    });

    it("erase of an unknown document", async function () {
      expect(await erase("0x000102030405060708090a0b0c0d0e0f", store)).to.equal(0);
    });
  });

  describe("properties", function () {
    this.timeout(120_000);

    const recipientsArbitrary = fc.constantFrom<KeyPair[][]>(
      [generateKeyPair()],
      [generateKeyPair(), generateKeyPair("secp256k1")],
      [generateKeyPair(), generateKeyPair(), generateKeyPair()],
    );

    it("seal then open returns the bytes", function () {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 4096 }),
          recipientsArbitrary,
          fc.constantFrom("application/json", "text/plain; charset=utf-8", "application/octet-stream"),
          (plaintext, recipients, contentType) => {
            const sealed = seal(plaintext, recipients, { contentType });
            for (const recipient of recipients) {
              const opened = open(sealed.envelope, wrappedKeyFor(sealed, recipient), recipient);
              if (!Buffer.from(opened).equals(Buffer.from(plaintext))) return false;
            }
            return true;
          },
        ),
        { numRuns: 100 },
      );
    });

    it("any flipped envelope byte fails", function () {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 512 }),
          fc.nat(),
          fc.integer({ min: 1, max: 255 }),
          (plaintext, position, mask) => {
            const sealed = seal(plaintext, [alice], { contentType: JSON_TYPE });
            const envelope = flipByte(sealed.envelope, position % sealed.envelope.length, mask);
            const error = thrownBy(() => open(envelope, sealed.wrappedKeys[0].wrappedKey, alice));
            return error instanceof CryptoError;
          },
        ),
        { numRuns: 300 },
      );
    });

    it("any flipped wrapped key byte fails", function () {
      const sealed = seal(TEXT, [alice], { contentType: JSON_TYPE });
      const wrappedKey = sealed.wrappedKeys[0].wrappedKey;

      fc.assert(
        fc.property(fc.nat({ max: wrappedKey.length - 1 }), fc.integer({ min: 1, max: 255 }), (position, mask) => {
          const error = thrownBy(() => open(sealed.envelope, flipByte(wrappedKey, position, mask), alice));
          return error instanceof CryptoError;
        }),
        { numRuns: 300 },
      );
    });

    it("any truncation fails", function () {
      const sealed = seal(TEXT, [alice, bob], { contentType: JSON_TYPE });

      for (let length = 0; length < sealed.envelope.length; length++) {
        const error = thrownBy(() => open(sealed.envelope.subarray(0, length), wrappedKeyFor(sealed, bob), bob));
        expect(error, `envelope cut to ${length} bytes`).to.be.instanceOf(CryptoError);
      }
    });
  });
});
