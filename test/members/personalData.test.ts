import { access, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { expect } from "chai";
import { loadFixture, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { hexlify, toUtf8Bytes } from "ethers";

import { openFromKeyStore } from "../../src/crypto/envelope";
import { AuthenticationError, WrappedKeyNotFoundError } from "../../src/crypto/errors";
import { FileKeyStore } from "../../src/crypto/fileKeyStore";
import { generateKeyPair } from "../../src/crypto/keyAgreement";
import { saveKeyFile } from "../../src/crypto/keyFile";
import { decodeCidText } from "../../src/ipfs/cidText";
import type { ContentStore } from "../../src/ipfs/contentStore";
import { EmbeddedStore } from "../../src/ipfs/embeddedStore";
import { FileBlockstore } from "../../src/ipfs/fileBlockstore";
import type { PersonalDataContext } from "../../src/members/context";
import { readContentTypeBinding } from "../../src/members/documentBinding";
import { loadMemberKey } from "../../src/members/memberKey";
import {
  DamagedWrappedKeyError,
  EnvelopeOwnerMismatchError,
  ErasureRejectedError,
  IncompleteOperationError,
  KeyMismatchError,
  MissingEncryptionKeyError,
  MissingWrappedKeyError,
  NoPersonalDataError,
  NotADataOfficerError,
  NotAMemberError,
  NotARecipientError,
  TransactionError,
  UnreadablePersonalDataError,
  erasePersonalData,
  getPersonalData,
  registerEncryptionKey,
  setPersonalData,
  type MemberKeySource,
  type SetPersonalDataResult,
} from "../../src/members/personalData";
import { flipByte, temporaryFolder } from "../helpers/crypto";
import { deployMembershipFixture, type MembershipFixture } from "../helpers/membership";

const WALLET: MemberKeySource = { kind: "wallet" };

/** The personal data that the tests record: a small JSON document. */
const RECORD = toUtf8Bytes(JSON.stringify({ name: "Ada Lovelace", phone: "+44 20 7946 0000" }));
const UPDATED_RECORD = toUtf8Bytes(JSON.stringify({ name: "Ada King", phone: "+44 20 7946 0001" }));

/** Passphrase of the key files that the tests write. */
const PASSPHRASE = "correct horse battery staple";

/** Balance given back to an account that a test emptied, so it can pay for gas again: 100 ether. */
const GAS_MONEY = 10n ** 20n;

/**
 * The test cooperative with named roles: a member who records personal data, two other members
 * with registered keys (one of them a data officer), and one member without a key.
 */
interface PersonalDataFixture extends MembershipFixture {
  member: HardhatEthersSigner;
  colleague: HardhatEthersSigner;
  officer: HardhatEthersSigner;
  keyless: HardhatEthersSigner;
}

describe("personalData", function () {
  let ipfsFolder: { path: string; remove: () => Promise<void> };
  let keyFolder: { path: string; remove: () => Promise<void> };
  let contentStore: EmbeddedStore;
  let keyStore: FileKeyStore;

  /** Returns the context in which `signer` acts on the fixture's register and the test stores. */
  function contextOf(fixture: MembershipFixture, signer: HardhatEthersSigner, store: ContentStore = contentStore) {
    const context: PersonalDataContext = {
      membership: fixture.membership.connect(signer),
      signer,
      contentStore: store,
      keyStore,
    };
    return context;
  }

  /** Grants the data officer role to the fourth founder, and registers the derived keys of three founders. */
  async function deployPersonalDataFixture(): Promise<PersonalDataFixture> {
    const fixture = await deployMembershipFixture();
    const [member, colleague, keyless, officer] = fixture.founders;
    await fixture.byTimelock.setDataOfficer(officer.address, true);
    for (const signer of [member, colleague, officer]) await registerEncryptionKey(contextOf(fixture, signer), WALLET);
    return { ...fixture, member, colleague, officer, keyless };
  }

  /** Records `RECORD` as the member's personal data, shared with `recipients` and `dataOfficers`. */
  function recordData(
    fixture: PersonalDataFixture,
    recipients: string[] = [],
    dataOfficers: string[] = [],
  ): Promise<SetPersonalDataResult> {
    return setPersonalData(contextOf(fixture, fixture.member), {
      plaintext: RECORD,
      mediaType: "application/json",
      keySource: WALLET,
      recipients,
      dataOfficers,
    });
  }

  /** Returns the files in the key store's folder, which is empty when no wrapped key is stored. */
  function keyStoreFiles(): Promise<string[]> {
    return readdir(keyFolder.path);
  }

  beforeEach(async function () {
    ipfsFolder = await temporaryFolder("coop-personal-ipfs-");
    keyFolder = await temporaryFolder("coop-personal-keys-");
    contentStore = new EmbeddedStore(ipfsFolder.path);
    keyStore = new FileKeyStore(keyFolder.path);
  });

  afterEach(async function () {
    await ipfsFolder.remove();
    await keyFolder.remove();
  });

  describe("registerEncryptionKey", function () {
    it("records the derived key on chain", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const member = fixture.keyless;

      const result = await registerEncryptionKey(contextOf(fixture, member), WALLET);

      expect(result.transaction).to.not.equal(null);
      expect((await fixture.membership.memberData(member.address)).encryptionKey).to.equal(result.encryptionKey);
    });

    it("sends nothing for the registered key", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const result = await registerEncryptionKey(contextOf(fixture, fixture.member), WALLET);

      expect(result.transaction).to.equal(null);
      expect(result.steps.at(-1)).to.include("is already registered");
    });

    it("creates a missing key file", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const member = fixture.keyless;
      const path = join(keyFolder.path, "member.key");

      const result = await registerEncryptionKey(contextOf(fixture, member), {
        kind: "keyFile",
        path,
        passphrase: PASSPHRASE,
      });

      expect(result.createdKeyFile).to.be.true;
      await access(path);
      expect((await fixture.membership.memberData(member.address)).encryptionKey).to.equal(result.encryptionKey);
    });

    it("deletes new key file on failure", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const member = fixture.keyless;
      const path = join(keyFolder.path, "member.key");
      await setBalance(member.address, 0);

      const failure = registerEncryptionKey(contextOf(fixture, member), {
        kind: "keyFile",
        path,
        passphrase: PASSPHRASE,
      });

      await expect(failure).to.be.rejectedWith(TransactionError, "was deleted, because its key was not registered");
      await expect(access(path)).to.be.rejectedWith("ENOENT");
    });

    it("warns to reseal recorded data", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      await recordData(fixture);
      const path = join(keyFolder.path, "member.key");

      const result = await registerEncryptionKey(contextOf(fixture, fixture.member), {
        kind: "keyFile",
        path,
        passphrase: PASSPHRASE,
      });

      expect(result.replacedKey).to.not.equal(null);
      expect(result.warning).to.include("member:set-personal-data");
    });

    it("rejects a short new passphrase", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const path = join(keyFolder.path, "member.key");

      const failure = registerEncryptionKey(contextOf(fixture, fixture.keyless), {
        kind: "keyFile",
        path,
        passphrase: "eleven char",
      });

      await expect(failure).to.be.rejectedWith(TypeError, "has 11 characters, and a new key file needs at least 12");
      await expect(access(path)).to.be.rejectedWith("ENOENT");
    });

    it("rejects a non-member", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const failure = registerEncryptionKey(contextOf(fixture, fixture.outsiders[0]), WALLET);

      await expect(failure).to.be.rejectedWith(NotAMemberError, "only members register encryption keys");
    });
  });

  describe("setPersonalData", function () {
    it("returns the data to the member", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      await recordData(fixture);

      const document = await getPersonalData(contextOf(fixture, fixture.member), {
        member: fixture.member.address,
        keySource: WALLET,
      });

      expect(hexlify(document.plaintext)).to.equal(hexlify(RECORD));
      expect(document.mediaType).to.equal("application/json");
    });

    it("records the binary CID on chain", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const result = await recordData(fixture);

      expect((await fixture.membership.memberData(fixture.member.address)).personalDataCid).to.equal(result.binaryCid);
    });

    it("pins the envelope as a CIDv1", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const result = await recordData(fixture);

      expect(decodeCidText(result.cid).version).to.equal(1);
      expect(await contentStore.listPins()).to.deep.equal([result.cid]);
    });

    it("binds the envelope to the member", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const result = await recordData(fixture);

      expect(readContentTypeBinding(result.contentType).owner).to.deep.equal({
        chainId: 31337n,
        membership: await fixture.membership.getAddress(),
        member: fixture.member.address,
      });
    });

    it("stores one wrapped key per recipient", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const result = await recordData(fixture, [fixture.colleague.address], [fixture.officer.address]);

      const stored = await keyStore.listRecipients(result.documentId);
      expect(stored).to.deep.equal(result.recipients.map((recipient) => recipient.keyId).sort());
      expect(stored).to.have.length(3);
    });

    it("lets each recipient read the data", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      await recordData(fixture, [fixture.colleague.address], [fixture.officer.address]);

      for (const reader of [fixture.member, fixture.colleague, fixture.officer]) {
        const document = await getPersonalData(contextOf(fixture, reader), {
          member: fixture.member.address,
          keySource: WALLET,
        });
        expect(hexlify(document.plaintext), reader.address).to.equal(hexlify(RECORD));
      }
    });

    it("lists each recipient once", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const { member, colleague } = fixture;

      const result = await recordData(fixture, [colleague.address, member.address, colleague.address]);

      expect(result.recipients.map((recipient) => recipient.account)).to.deep.equal([
        member.address,
        colleague.address,
      ]);
    });

    it("rejects a recipient without a key", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const failure = recordData(fixture, [fixture.keyless.address]);

      await expect(failure).to.be.rejectedWith(MissingEncryptionKeyError, fixture.keyless.address);
      await expect(failure).to.be.rejectedWith("must run member:register-key first");
      expect(await contentStore.listPins()).to.deep.equal([]);
    });

    it("rejects a non-officer as officer", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const failure = recordData(fixture, [], [fixture.colleague.address]);

      await expect(failure).to.be.rejectedWith(
        NotADataOfficerError,
        `${fixture.colleague.address} is not a data officer`,
      );
    });

    it("rejects a member without a key", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const failure = setPersonalData(contextOf(fixture, fixture.keyless), {
        plaintext: RECORD,
        mediaType: "application/json",
        keySource: WALLET,
      });

      await expect(failure).to.be.rejectedWith(MissingEncryptionKeyError, `You (${fixture.keyless.address}) have no`);
    });

    it("rejects an unregistered key", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const path = join(keyFolder.path, "other.key");
      await saveKeyFile(path, generateKeyPair(), PASSPHRASE, { scryptLogN: 14 });

      const failure = setPersonalData(contextOf(fixture, fixture.member), {
        plaintext: RECORD,
        mediaType: "application/json",
        keySource: { kind: "keyFile", path, passphrase: PASSPHRASE },
      });

      await expect(failure).to.be.rejectedWith(KeyMismatchError, `is not the key from key file ${path}`);
    });

    it("rejects an invalid media type", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const failure = setPersonalData(contextOf(fixture, fixture.member), {
        plaintext: RECORD,
        mediaType: "json",
        keySource: WALLET,
      });

      await expect(failure).to.be.rejectedWith(TypeError, 'Invalid media type "json"');
    });

    it("undoes every step on failure", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      await setBalance(fixture.member.address, 0);

      const failure = recordData(fixture, [fixture.colleague.address]);

      await expect(failure).to.be.rejectedWith(TransactionError, "Nothing changed");
      expect(await keyStoreFiles()).to.deep.equal([]);
      expect(await contentStore.listPins()).to.deep.equal([]);
      expect((await fixture.membership.memberData(fixture.member.address)).personalDataCid).to.equal("0x");
    });

    it("keeps the earlier document on failure", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const earlier = await recordData(fixture);
      await setBalance(fixture.member.address, 0);

      await expect(recordData(fixture)).to.be.rejectedWith(TransactionError);

      expect(await contentStore.listPins()).to.deep.equal([earlier.cid]);
      expect(await keyStore.listRecipients(earlier.documentId)).to.have.length(1);
    });

    it("erases the document it replaces", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const earlier = await recordData(fixture, [fixture.colleague.address]);

      const result = await setPersonalData(contextOf(fixture, fixture.member), {
        plaintext: UPDATED_RECORD,
        mediaType: "application/json",
        keySource: WALLET,
      });

      expect(result.replaced).to.deep.include({ cid: earlier.cid, wrappedKeysDeleted: 2, unpinned: true });
      expect(await keyStore.listRecipients(earlier.documentId)).to.deep.equal([]);
      expect(await contentStore.listPins()).to.deep.equal([result.cid]);
    });

    it("returns the replacing document", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      await recordData(fixture);
      await setPersonalData(contextOf(fixture, fixture.member), {
        plaintext: UPDATED_RECORD,
        mediaType: "application/json",
        keySource: WALLET,
      });

      const document = await getPersonalData(contextOf(fixture, fixture.member), {
        member: fixture.member.address,
        keySource: WALLET,
      });

      expect(hexlify(document.plaintext)).to.equal(hexlify(UPDATED_RECORD));
    });

    it("keeps another member's replaced document", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const theirs = await recordData(fixture, [fixture.colleague.address]);
      await fixture.membership.connect(fixture.colleague).setPersonalData(theirs.binaryCid);

      const result = await setPersonalData(contextOf(fixture, fixture.colleague), {
        plaintext: UPDATED_RECORD,
        mediaType: "application/json",
        keySource: WALLET,
      });

      expect(result.replaced?.leftBecause).to.include(
        `sealed as the personal data of member ${fixture.member.address}`,
      );
      expect(await keyStore.listRecipients(theirs.documentId)).to.have.length(2);
      expect(await contentStore.listPins()).to.include(theirs.cid);
    });
  });

  describe("getPersonalData", function () {
    it("rejects a non-recipient reader", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      await recordData(fixture, [fixture.colleague.address]);

      const failure = getPersonalData(contextOf(fixture, fixture.officer), {
        member: fixture.member.address,
        keySource: WALLET,
      });

      await expect(failure).to.be.rejectedWith(NotARecipientError, `The key of ${fixture.officer.address}`);
      await expect(failure).to.be.rejectedWith(`--recipients ${fixture.officer.address}, and the others`);
    });

    it("rejects a member without personal data", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const failure = getPersonalData(contextOf(fixture, fixture.member), {
        member: fixture.member.address,
        keySource: WALLET,
      });

      await expect(failure).to.be.rejectedWith(NoPersonalDataError, "it was never set, or it was erased");
    });

    it("rejects a corrupt stored block", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const { cid } = await recordData(fixture);
      const blockFile = new FileBlockstore(join(ipfsFolder.path, "blocks")).pathOf(decodeCidText(cid));
      await writeFile(blockFile, new Uint8Array(200));

      const failure = getPersonalData(contextOf(fixture, fixture.member), {
        member: fixture.member.address,
        keySource: WALLET,
      });

      const error = await failure.catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(UnreadablePersonalDataError);
      expect((error as Error).message).to.include(`Cannot fetch the envelope ${cid}`);
      expect((error as Error).message).to.include("failed verification");
      expect((error as Error).message).to.include(
        "import its CAR file with ipfs:import, which also replaces a corrupt block",
      );
      expect((error as Error).message).to.include("ipfs:import");
      expect((error as Error).message).to.not.include("add the content again");
    });

    it("rejects an envelope the store altered", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      await recordData(fixture);
      const tampering: ContentStore = {
        add: (bytes, options) => contentStore.add(bytes, options),
        addFile: (path, options) => contentStore.addFile(path, options),
        cat: async (cid) => {
          const envelope = await contentStore.cat(cid);
          return flipByte(envelope, envelope.length - 1);
        },
        pin: (cid) => contentStore.pin(cid),
        unpin: (cid) => contentStore.unpin(cid),
        listPins: () => contentStore.listPins(),
        exportCar: (cid) => contentStore.exportCar(cid),
        importCar: (bytes) => contentStore.importCar(bytes),
      };

      const error = await getPersonalData(contextOf(fixture, fixture.member, tampering), {
        member: fixture.member.address,
        keySource: WALLET,
      }).catch((caught: unknown) => caught);

      expect(error).to.be.instanceOf(UnreadablePersonalDataError);
      expect((error as Error).cause).to.be.instanceOf(AuthenticationError);
    });

    it("rejects a missing wrapped key", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const result = await recordData(fixture, [fixture.colleague.address]);
      const colleagueKeyId = result.recipients.find((recipient) => recipient.role === "recipient")!.keyId;
      await keyStore.delete(result.documentId, colleagueKeyId);

      const failure = getPersonalData(contextOf(fixture, fixture.colleague), {
        member: fixture.member.address,
        keySource: WALLET,
      });

      await expect(failure).to.be.rejectedWith(
        MissingWrappedKeyError,
        `no wrapped key of document ${result.documentId}`,
      );
    });

    it("names the registered key on mismatch", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const keySource: MemberKeySource = {
        kind: "keyFile",
        path: join(keyFolder.path, "m.key"),
        passphrase: PASSPHRASE,
      };
      const registered = await registerEncryptionKey(contextOf(fixture, fixture.member), keySource);
      await setPersonalData(contextOf(fixture, fixture.member), {
        plaintext: RECORD,
        mediaType: "application/json",
        keySource,
      });

      const failure = getPersonalData(contextOf(fixture, fixture.member), {
        member: fixture.member.address,
        keySource: WALLET,
      });

      await expect(failure).to.be.rejectedWith(
        KeyMismatchError,
        `is not your registered key (key id ${registered.keyId})`,
      );
      await expect(failure).to.be.rejectedWith("Pass the --key-file you registered with");
    });

    it("names a corrupt wrapped key file", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const result = await recordData(fixture);
      const path = keyStore.pathOf(result.documentId, result.recipients[0].keyId);
      await writeFile(path, flipByte(new Uint8Array(await readFile(path)), 100));

      const failure = getPersonalData(contextOf(fixture, fixture.member), {
        member: fixture.member.address,
        keySource: WALLET,
      });

      await expect(failure).to.be.rejectedWith(DamagedWrappedKeyError, `key store file ${path}, is damaged`);
      await expect(failure).to.be.rejectedWith("Restore that file from a backup of KEY_STORE_DIR");
    });

    it("names an empty wrapped key file", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const result = await recordData(fixture);
      const path = keyStore.pathOf(result.documentId, result.recipients[0].keyId);
      await writeFile(path, new Uint8Array(0));

      const failure = getPersonalData(contextOf(fixture, fixture.member), {
        member: fixture.member.address,
        keySource: WALLET,
      });

      await expect(failure).to.be.rejectedWith(DamagedWrappedKeyError, `key store file ${path}, is damaged`);
    });

    it("rejects another member's envelope", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const theirs = await recordData(fixture, [fixture.colleague.address]);
      await fixture.membership.connect(fixture.colleague).setPersonalData(theirs.binaryCid);

      const failure = getPersonalData(contextOf(fixture, fixture.colleague), {
        member: fixture.colleague.address,
        keySource: WALLET,
      });

      await expect(failure).to.be.rejectedWith(EnvelopeOwnerMismatchError, "Its content is not returned");
    });
  });

  describe("erasePersonalData", function () {
    /** Checks everything that erasure promises for the member's document `recorded`. */
    async function expectErased(fixture: PersonalDataFixture, recorded: SetPersonalDataResult): Promise<void> {
      const data = await fixture.membership.memberData(fixture.member.address);
      expect(await keyStore.listRecipients(recorded.documentId), "wrapped keys").to.deep.equal([]);
      expect(data.personalDataCid, "CID on chain").to.equal("0x");
      expect(data.encryptionKey, "key on chain").to.equal("0x");
      expect(await contentStore.listPins(), "pins").to.deep.equal([]);
    }

    it("lets the member erase their data", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const recorded = await recordData(fixture, [fixture.colleague.address]);

      const result = await erasePersonalData(contextOf(fixture, fixture.member), { member: fixture.member.address });

      expect(result.wrappedKeysDeleted).to.equal(2);
      await expectErased(fixture, recorded);
    });

    it("lets a data officer erase", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const recorded = await recordData(fixture);

      const result = await erasePersonalData(contextOf(fixture, fixture.officer), { member: fixture.member.address });

      expect(result.erasedBy).to.equal(fixture.officer.address);
      await expectErased(fixture, recorded);
    });

    it("emits the erasure event", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      await recordData(fixture);

      const result = await erasePersonalData(contextOf(fixture, fixture.officer), { member: fixture.member.address });

      const receipt = await fixture.membership.runner!.provider!.getTransactionReceipt(result.transaction);
      const [event] = await fixture.membership.queryFilter(
        fixture.membership.filters.MemberPersonalDataErased(),
        receipt!.blockNumber,
      );
      expect(event.args.member).to.equal(fixture.member.address);
      expect(event.args.erasedBy).to.equal(fixture.officer.address);
    });

    it("leaves the envelope unreadable", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const recorded = await recordData(fixture, [fixture.colleague.address]);
      const envelope = await contentStore.cat(recorded.cid);
      const { keyPair } = await loadMemberKey(fixture.colleague, await fixture.membership.getAddress(), WALLET);

      await erasePersonalData(contextOf(fixture, fixture.member), { member: fixture.member.address });

      await expect(openFromKeyStore(envelope, keyStore, keyPair)).to.be.rejectedWith(WrappedKeyNotFoundError);
    });

    it("leaves nothing to read", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      await recordData(fixture, [fixture.colleague.address]);
      await erasePersonalData(contextOf(fixture, fixture.member), { member: fixture.member.address });

      const failure = getPersonalData(contextOf(fixture, fixture.colleague), {
        member: fixture.member.address,
        keySource: WALLET,
      });

      await expect(failure).to.be.rejectedWith(NoPersonalDataError);
    });

    it("reports each step", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const recorded = await recordData(fixture);
      const reported: string[] = [];

      await erasePersonalData(
        { ...contextOf(fixture, fixture.member), onStep: (step) => reported.push(step) },
        { member: fixture.member.address },
      );

      expect(reported).to.have.length(5);
      expect(reported[0]).to.include("Checked on chain");
      expect(reported[2]).to.include(`Deleted 1 wrapped key of document ${recorded.documentId}`);
      expect(reported[3]).to.include(`Unpinned the envelope ${recorded.cid}`);
      expect(reported[4]).to.include("Cleared the personal data CID and the encryption key");
    });

    it("deletes nothing for an unauthorized account", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const recorded = await recordData(fixture, [fixture.colleague.address]);

      const failure = erasePersonalData(contextOf(fixture, fixture.colleague), { member: fixture.member.address });

      await expect(failure).to.be.rejectedWith(ErasureRejectedError, "so nothing was deleted");
      expect(await keyStore.listRecipients(recorded.documentId)).to.have.length(2);
      expect(await contentStore.listPins()).to.deep.equal([recorded.cid]);
      expect((await fixture.membership.memberData(fixture.member.address)).personalDataCid).to.equal(
        recorded.binaryCid,
      );
    });

    it("rejects erasing nothing recorded", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);

      const failure = erasePersonalData(contextOf(fixture, fixture.keyless), { member: fixture.keyless.address });

      await expect(failure).to.be.rejectedWith(ErasureRejectedError, "already erased or was never set");
    });

    it("names the step left on failure", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      await recordData(fixture);
      await setBalance(fixture.officer.address, 0);

      const error = await erasePersonalData(contextOf(fixture, fixture.officer), {
        member: fixture.member.address,
      }).catch((caught: unknown) => caught);

      expect(error).to.be.instanceOf(IncompleteOperationError);
      expect((error as IncompleteOperationError).remaining).to.deep.equal([
        "send erasePersonalData, which clears the CID and the encryption key on chain",
      ]);
      expect((error as Error).message).to.include("Run the erasure again");
    });

    it("finishes when run again", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const recorded = await recordData(fixture);
      await setBalance(fixture.officer.address, 0);
      await expect(
        erasePersonalData(contextOf(fixture, fixture.officer), { member: fixture.member.address }),
      ).to.be.rejectedWith(IncompleteOperationError);
      await setBalance(fixture.officer.address, GAS_MONEY);

      const result = await erasePersonalData(contextOf(fixture, fixture.officer), { member: fixture.member.address });

      expect(result.wrappedKeysDeleted).to.equal(0);
      expect(result.unpinned).to.be.false;
      await expectErased(fixture, recorded);
    });

    it("finishes with chainOnly after collection", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const recorded = await recordData(fixture);
      await setBalance(fixture.officer.address, 0);
      const stopped = await erasePersonalData(contextOf(fixture, fixture.officer), {
        member: fixture.member.address,
      }).catch((caught: unknown) => caught);
      await setBalance(fixture.officer.address, GAS_MONEY);
      await ipfsFolder.remove();

      const result = await erasePersonalData(contextOf(fixture, fixture.officer), {
        member: fixture.member.address,
        chainOnly: true,
      });

      expect((stopped as Error).message).to.include("add --chain-only");
      expect(result.storesLeftBecause).to.include("stay in the key store");
      expect(await keyStore.listRecipients(recorded.documentId)).to.deep.equal([]);
      expect((await fixture.membership.memberData(fixture.member.address)).personalDataCid).to.equal("0x");
    });

    it("deletes nothing without envelope", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const recorded = await recordData(fixture);
      await ipfsFolder.remove();

      const failure = erasePersonalData(contextOf(fixture, fixture.member), { member: fixture.member.address });

      await expect(failure).to.be.rejectedWith(UnreadablePersonalDataError, "Nothing was deleted");
      await expect(failure).to.be.rejectedWith("ipfs:import");
      await expect(failure).to.be.rejectedWith(
        `member:erase-personal-data --member ${fixture.member.address} --chain-only`,
      );
      expect(await keyStore.listRecipients(recorded.documentId)).to.have.length(1);
      expect((await fixture.membership.memberData(fixture.member.address)).personalDataCid).to.equal(
        recorded.binaryCid,
      );
    });

    it("clears only the chain with chainOnly", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const recorded = await recordData(fixture);
      await ipfsFolder.remove();

      const result = await erasePersonalData(contextOf(fixture, fixture.member), {
        member: fixture.member.address,
        chainOnly: true,
      });
      const data = await fixture.membership.memberData(fixture.member.address);

      expect(result.wrappedKeysDeleted).to.equal(0);
      expect(result.storesLeftBecause).to.include("stay in the key store");
      expect(await keyStore.listRecipients(recorded.documentId)).to.have.length(1);
      expect(data.personalDataCid).to.equal("0x");
      expect(data.encryptionKey).to.equal("0x");
    });

    it("rejects chainOnly for a fetchable envelope", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const recorded = await recordData(fixture);

      const failure = erasePersonalData(contextOf(fixture, fixture.member), {
        member: fixture.member.address,
        chainOnly: true,
      });

      await expect(failure).to.be.rejectedWith(ErasureRejectedError, "without --chain-only");
      expect(await keyStore.listRecipients(recorded.documentId)).to.have.length(1);
      expect(await contentStore.listPins()).to.deep.equal([recorded.cid]);
    });

    it("keeps another member's keys without envelope", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const theirs = await recordData(fixture, [fixture.colleague.address]);
      const own = await setPersonalData(contextOf(fixture, fixture.colleague), {
        plaintext: UPDATED_RECORD,
        mediaType: "application/json",
        keySource: WALLET,
      });
      const emptyFolder = await temporaryFolder("coop-personal-empty-");
      const emptyStore = new EmbeddedStore(emptyFolder.path);

      const failure = erasePersonalData(contextOf(fixture, fixture.colleague, emptyStore), {
        member: fixture.colleague.address,
      }).catch((caught: unknown) => caught);
      const rejected = await failure;
      await erasePersonalData(contextOf(fixture, fixture.colleague, emptyStore), {
        member: fixture.colleague.address,
        chainOnly: true,
      });
      await emptyFolder.remove();

      expect(rejected).to.be.instanceOf(UnreadablePersonalDataError);
      expect(await keyStore.listRecipients(theirs.documentId), "the other member's keys").to.have.length(2);
      expect(await keyStore.listRecipients(own.documentId), "own keys").to.have.length(1);
      expect(
        await getPersonalData(contextOf(fixture, fixture.member), {
          member: fixture.member.address,
          keySource: WALLET,
        }),
      ).to.have.property("documentId", theirs.documentId);
    });

    it("keeps another member's copied document", async function () {
      const fixture = await loadFixture(deployPersonalDataFixture);
      const theirs = await recordData(fixture, [fixture.colleague.address]);
      await fixture.membership.connect(fixture.colleague).setPersonalData(theirs.binaryCid);

      const result = await erasePersonalData(contextOf(fixture, fixture.colleague), {
        member: fixture.colleague.address,
      });

      expect(result.storesLeftBecause).to.include(`personal data of member ${fixture.member.address}`);
      expect(await keyStore.listRecipients(theirs.documentId)).to.have.length(2);
      expect(await contentStore.listPins()).to.deep.equal([theirs.cid]);
    });
  });
});
