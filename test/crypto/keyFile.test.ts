import { expect } from "chai";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { hexlify } from "ethers";

import { MalformedDataError, UnsupportedVersionError, WrongPassphraseError } from "../../src/crypto/errors";
import { generateKeyPair, type KeyPair } from "../../src/crypto/keyAgreement";
import { decryptKeyPair, encryptKeyPair, loadKeyFile, saveKeyFile } from "../../src/crypto/keyFile";
import { temporaryFolder } from "../helpers/crypto";

const PASSPHRASE = "correct horse battery staple";

/** The JSON object of a key file, with its nested objects typed for the tests that change them. */
interface KeyFileObject {
  [field: string]: unknown;
  kdf: Record<string, unknown>;
  cipher: Record<string, unknown>;
}

/** The lowest scrypt cost that key files accept, so that these tests run fast. */
const FAST = { scryptLogN: 14 };

describe("keyFile", function () {
  let folder: Awaited<ReturnType<typeof temporaryFolder>>;
  let pair: KeyPair;

  beforeEach(async function () {
    folder = await temporaryFolder("coop-keyfile-");
    pair = generateKeyPair();
  });

  afterEach(async function () {
    await folder.remove();
  });

  /** Returns the JSON object of a key file encrypted with the fast cost. */
  async function keyFileJson(): Promise<KeyFileObject> {
    return JSON.parse(await encryptKeyPair(pair, PASSPHRASE, FAST));
  }

  describe("round trip", function () {
    it("default scrypt cost", async function () {
      const path = join(folder.path, "member.key.json");

      await saveKeyFile(path, pair, PASSPHRASE);
      const loaded = await loadKeyFile(path, PASSPHRASE);

      expect(JSON.parse(await readFile(path, "utf8")).kdf.logN).to.equal(17);
      expect(hexlify(loaded.privateKey)).to.equal(hexlify(pair.privateKey));
      expect(hexlify(loaded.publicKey)).to.equal(hexlify(pair.publicKey));
      expect(loaded.algorithm).to.equal("x25519");
    });

    it("secp256k1 key pair", async function () {
      const secp = generateKeyPair("secp256k1");

      const loaded = await decryptKeyPair(await encryptKeyPair(secp, PASSPHRASE, FAST), PASSPHRASE);

      expect(loaded.algorithm).to.equal("secp256k1");
      expect(hexlify(loaded.privateKey)).to.equal(hexlify(secp.privateKey));
    });

    it("passphrase in another Unicode form", async function () {
      const composed = "clé de la coopérative";
      const decomposed = composed.normalize("NFD");

      const text = await encryptKeyPair(pair, composed, FAST);

      expect(decomposed).to.not.equal(composed);
      expect(hexlify((await decryptKeyPair(text, decomposed)).privateKey)).to.equal(hexlify(pair.privateKey));
    });
  });

  describe("file", function () {
    it("mode 0600", async function () {
      const path = join(folder.path, "member.key.json");

      await saveKeyFile(path, pair, PASSPHRASE, FAST);

      expect((await stat(path)).mode & 0o777).to.equal(0o600);
    });

    it("creates its folder with mode 0700", async function () {
      const path = join(folder.path, "keys", "member.key.json");

      await saveKeyFile(path, pair, PASSPHRASE, FAST);

      expect((await stat(join(folder.path, "keys"))).mode & 0o777).to.equal(0o700);
    });

    it("no private key in clear", async function () {
      const text = await encryptKeyPair(pair, PASSPHRASE, FAST);

      expect(text).to.not.include(hexlify(pair.privateKey).slice(2));
    });

    it("documented fields", async function () {
      const file = await keyFileJson();

      expect(Object.keys(file)).to.deep.equal(["format", "version", "algorithm", "publicKey", "kdf", "cipher"]);
      expect(file.format).to.equal("world-coop-key-file");
      expect(file.version).to.equal(1);
      expect(file.publicKey).to.equal(hexlify(pair.publicKey));
      expect(file.kdf).to.include({ name: "scrypt", logN: 14, r: 8, p: 1 });
      expect(file.cipher.name).to.equal("xchacha20-poly1305");
    });

    it("keeps an existing file", async function () {
      const path = join(folder.path, "member.key.json");
      await saveKeyFile(path, pair, PASSPHRASE, FAST);

      await expect(saveKeyFile(path, generateKeyPair(), PASSPHRASE, FAST)).to.be.rejectedWith(
        `Key file ${path} already exists`,
      );
      expect(hexlify((await loadKeyFile(path, PASSPHRASE)).privateKey)).to.equal(hexlify(pair.privateKey));
    });

    it("replaces a file when asked", async function () {
      const path = join(folder.path, "member.key.json");
      const replacement = generateKeyPair();
      await saveKeyFile(path, pair, PASSPHRASE, FAST);

      await saveKeyFile(path, replacement, PASSPHRASE, { ...FAST, overwrite: true });

      expect(hexlify((await loadKeyFile(path, PASSPHRASE)).privateKey)).to.equal(hexlify(replacement.privateKey));
    });
  });

  describe("bad input", function () {
    it("wrong passphrase", async function () {
      const path = join(folder.path, "member.key.json");
      await saveKeyFile(path, pair, PASSPHRASE, FAST);

      await expect(loadKeyFile(path, "wrong horse battery staple")).to.be.rejectedWith(
        WrongPassphraseError,
        `Cannot decrypt key file ${path}: the passphrase is wrong, or the file was changed after it was saved.`,
      );
    });

    it("changed public key", async function () {
      const file = await keyFileJson();
      file.publicKey = hexlify(generateKeyPair().publicKey);

      await expect(decryptKeyPair(JSON.stringify(file), PASSPHRASE)).to.be.rejectedWith(WrongPassphraseError);
    });

    it("changed scrypt cost", async function () {
      const file = await keyFileJson();
      file.kdf.logN = 15;

      await expect(decryptKeyPair(JSON.stringify(file), PASSPHRASE)).to.be.rejectedWith(WrongPassphraseError);
    });

    it("changed ciphertext", async function () {
      const file = await keyFileJson();
      const ciphertext = file.cipher.ciphertext as string;
      file.cipher.ciphertext = `${ciphertext.slice(0, -1)}${ciphertext.endsWith("0") ? "1" : "0"}`;

      await expect(decryptKeyPair(JSON.stringify(file), PASSPHRASE)).to.be.rejectedWith(WrongPassphraseError);
    });

    it("unsupported version", async function () {
      const file = await keyFileJson();
      file.version = 2;

      await expect(decryptKeyPair(JSON.stringify(file), PASSPHRASE)).to.be.rejectedWith(
        UnsupportedVersionError,
        "Unsupported key file format version 2",
      );
    });

    it("not JSON", async function () {
      await expect(decryptKeyPair("not json", PASSPHRASE)).to.be.rejectedWith(
        MalformedDataError,
        "Invalid key file: not JSON",
      );
    });

    it("missing field", async function () {
      const file = await keyFileJson();
      delete file.cipher.nonce;

      await expect(decryptKeyPair(JSON.stringify(file), PASSPHRASE)).to.be.rejectedWith(
        MalformedDataError,
        "Invalid key file: cipher must have exactly the fields name, nonce, ciphertext. Missing: nonce.",
      );
    });

    it("unexpected field", async function () {
      const file = await keyFileJson();
      file.kdf.memory = 1;

      await expect(decryptKeyPair(JSON.stringify(file), PASSPHRASE)).to.be.rejectedWith(
        MalformedDataError,
        "Unexpected: memory.",
      );
    });

    it("scrypt cost too high", async function () {
      const file = await keyFileJson();
      file.kdf.logN = 30;

      await expect(decryptKeyPair(JSON.stringify(file), PASSPHRASE)).to.be.rejectedWith(
        MalformedDataError,
        "unsupported key derivation",
      );
    });

    it("short salt", async function () {
      const file = await keyFileJson();
      file.kdf.salt = "0x1234";

      await expect(decryptKeyPair(JSON.stringify(file), PASSPHRASE)).to.be.rejectedWith(
        MalformedDataError,
        "its kdf.salt must be 0x and 64 hex digits",
      );
    });

    it("missing file", async function () {
      const path = join(folder.path, "absent.key.json");

      await expect(loadKeyFile(path, PASSPHRASE)).to.be.rejectedWith("ENOENT");
    });

    it("truncated file", async function () {
      const path = join(folder.path, "member.key.json");
      await saveKeyFile(path, pair, PASSPHRASE, FAST);
      const text = await readFile(path, "utf8");
      await writeFile(path, text.slice(0, text.length / 2));

      await expect(loadKeyFile(path, PASSPHRASE)).to.be.rejectedWith(MalformedDataError, "not JSON");
    });

    it("empty passphrase", async function () {
      await expect(encryptKeyPair(pair, "", FAST)).to.be.rejectedWith(TypeError, "Invalid passphrase");
    });

    it("scrypt cost below minimum", async function () {
      await expect(encryptKeyPair(pair, PASSPHRASE, { scryptLogN: 10 })).to.be.rejectedWith(
        TypeError,
        "Invalid scrypt cost 10",
      );
    });

    it("mismatched key pair", async function () {
      const mismatched = { ...pair, publicKey: generateKeyPair().publicKey };

      await expect(encryptKeyPair(mismatched, PASSPHRASE, FAST)).to.be.rejectedWith(
        TypeError,
        "its public key does not belong to its private key",
      );
    });
  });
});
