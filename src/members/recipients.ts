import { getAddress, getBytes } from "ethers";

import type { CoopMembership } from "../../typechain-types";
import { keyIdOf, publicKeyFromEncryptionKey, type PublicKey } from "../crypto/keyAgreement";
import { MissingEncryptionKeyError, NotADataOfficerError, PersonalDataError, messageOf } from "./errors";

/** Role that entitles a recipient to read a member's personal data. */
export type RecipientRole = "member" | "recipient" | "data officer";

/** One recipient of a personal data envelope, with the encryption key registered on chain for them. */
export interface Recipient {
  account: string;
  role: RecipientRole;
  key: PublicKey;
  keyId: string;
}

/**
 * Returns the encryption key registered on chain for `account`, or `undefined` when none is.
 *
 * @throws PersonalDataError naming the account when the registered bytes are not a valid public
 * key (the register checks only their length).
 */
export async function registeredKeyOf(membership: CoopMembership, account: string): Promise<PublicKey | undefined> {
  const { encryptionKey } = await membership.memberData(account);
  if (encryptionKey === "0x") return undefined;
  try {
    return publicKeyFromEncryptionKey(getBytes(encryptionKey));
  } catch (error) {
    throw new PersonalDataError(
      `The encryption key registered for ${account} is not a valid public key (${messageOf(error)}). ` +
        `${account} must register a valid key with member:register-key.`,
      { cause: error },
    );
  }
}

/**
 * Returns the encryption key registered on chain for `account`, described in messages by `role`.
 *
 * @throws MissingEncryptionKeyError naming the account and the fix, `member:register-key`.
 */
export async function requireRegisteredKey(
  membership: CoopMembership,
  account: string,
  role: RecipientRole,
): Promise<PublicKey> {
  const key = await registeredKeyOf(membership, account);
  if (key !== undefined) return key;
  const subject = role === "member" ? `You (${account}) have` : `The ${role} ${account} has`;
  throw new MissingEncryptionKeyError(
    account,
    `${subject} no encryption key registered in the register ${await membership.getAddress()}, so nothing can be ` +
      `encrypted for ${role === "member" ? "you" : "them"}. ${account} must run member:register-key first ` +
      "(only members can register a key).",
  );
}

/**
 * Returns the recipients of a member's personal data with their registered keys. The member comes
 * first, then each member of `others` and each data officer of `dataOfficers`. Repeated addresses,
 * and the member's own, are listed once.
 *
 * @throws MissingEncryptionKeyError naming the first account with no registered key.
 * @throws NotADataOfficerError naming an account of `dataOfficers` that is not a data officer.
 * @throws PersonalDataError when two accounts registered the same key, which an envelope cannot list twice.
 */
export async function resolveRecipients(
  membership: CoopMembership,
  member: string,
  others: readonly string[],
  dataOfficers: readonly string[],
): Promise<Recipient[]> {
  const recipients: Recipient[] = [];
  const addedAccounts = new Set<string>();

  async function addRecipient(account: string, role: RecipientRole): Promise<void> {
    const address = getAddress(account);
    if (addedAccounts.has(address)) return;
    addedAccounts.add(address);
    const key = await requireRegisteredKey(membership, address, role);
    const keyId = keyIdOf(key);
    const keyHolder = recipients.find((recipient) => recipient.keyId === keyId);
    if (keyHolder !== undefined) {
      throw new PersonalDataError(
        `${address} registered the same encryption key as ${keyHolder.account} (key id ${keyId}), so the envelope ` +
          "cannot tell them apart. One of them must register their own key with member:register-key.",
      );
    }
    recipients.push({ account: address, role, key, keyId });
  }

  await addRecipient(member, "member");
  for (const account of others) await addRecipient(account, "recipient");
  for (const account of dataOfficers) {
    if (!(await membership.isDataOfficer(account))) {
      throw new NotADataOfficerError(
        `${getAddress(account)} is not a data officer of the register ${await membership.getAddress()}. ` +
          "Name only data officers, or share with them as a member through the recipients.",
      );
    }
    await addRecipient(account, "data officer");
  }
  return recipients;
}
