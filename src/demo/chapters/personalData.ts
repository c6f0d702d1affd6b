import {
  getPersonalData,
  registerEncryptionKey,
  setPersonalData,
  type PersonalDataContext,
} from "../../members/personalData";
import { cidToText } from "../../ipfs/cidText";
import { heading, requireBakers, step, who, type DemoContext } from "../context";

/** Farid's personal data, which only he can read once it is sealed. */
const PERSONAL_DATA = {
  name: "Farid Haddad",
  postalAddress: "12 Mill Lane, Riverside",
  phone: "+44 20 7946 0000",
  iban: "GB33 BUKB 2020 1555 5555 55",
};

/**
 * Chapter 7: a member seals their personal data on their own machine, pins the encrypted envelope
 * and records only its CID on chain, then reads it back with their key.
 */
export async function personalData(context: DemoContext): Promise<void> {
  heading(7, "Encrypted personal data", "Données personnelles chiffrées");
  const bakers = requireBakers(context);
  const member = context.cast.applicant;
  const membership = bakers.contracts.membership.connect(member.signer);
  const data: PersonalDataContext = {
    membership,
    signer: member.signer,
    contentStore: context.store,
    keyStore: context.keyStore,
  };
  const keySource = { kind: "wallet" } as const;

  const key = await registerEncryptionKey(data, keySource);
  step(
    `${who(member)} registers an encryption key derived from a wallet signature (key id ${key.keyId.slice(0, 10)}…)`,
  );
  const sealed = await setPersonalData(data, {
    plaintext: new TextEncoder().encode(JSON.stringify(PERSONAL_DATA)),
    mediaType: "application/json",
    keySource,
  });
  step(`the data is encrypted on ${member.name}'s machine and the envelope pinned as ${sealed.cid}`);
  const [, onChain] = await membership.memberData(member.address);
  step(`on chain, only the CID: ${cidToText(onChain)}`);

  const read = await getPersonalData(data, { member: member.address, keySource });
  const fields = JSON.parse(new TextDecoder().decode(read.plaintext)) as typeof PERSONAL_DATA;
  step(`${member.name} reads it back: ${fields.name}, ${fields.postalAddress}`);
  context.record.personalData = { member: member.address, cid: sealed.cid };
}
