import { VoteSupport } from "../../governance/proposals";
import { pinDocument } from "../../governance/documents";
import { parseCid } from "../../ipfs/cidText";
import { decide } from "../decide";
import { documentTitle, heading, pinBilingualDocument, requireBakers, step, who, type DemoContext } from "../context";

/** The applicant's letter, pinned with the application. */
const APPLICATION_LETTER =
  "I have baked with Riverside Bakers every Saturday for a year and I would like to join as a member.\n\n" +
  "Je cuis avec les Boulangers de la Rivière chaque samedi depuis un an et je souhaite devenir membre.\n";

/**
 * Chapter 2: a baker applies with a pinned letter, and the members approve the application by a
 * yes/no decision, because Riverside Bakers admits members by application and has no admissions
 * officer.
 */
export async function admissions(context: DemoContext): Promise<void> {
  heading(2, "Admissions", "Admissions");
  const bakers = requireBakers(context);
  const { membership } = bakers.contracts;
  const { applicant } = context.cast;
  const [amina, bruno, chloe] = bakers.founders;

  const letter = await pinDocument(context.store, { title: "Application / Candidature", text: APPLICATION_LETTER });
  await (await membership.connect(applicant.signer).applyForMembership(parseCid(letter.cid))).wait();
  step(`${who(applicant)} applies; letter pinned as ${letter.cid}`);

  const name = "admit-farid";
  const document = await pinBilingualDocument(context, name);
  step(`proposal document (English and French) pinned as ${document.cid}`);
  const proposalId = await decide(context, {
    coop: bakers,
    proposer: amina,
    title: await documentTitle(name),
    document,
    actions: [
      {
        target: bakers.addresses.membership,
        data: membership.interface.encodeFunctionData("approveApplication", [applicant.address]),
      },
    ],
    votes: [
      { voter: amina, support: VoteSupport.For },
      { voter: bruno, support: VoteSupport.For },
      { voter: chloe, support: VoteSupport.For },
    ],
  });
  step(`${applicant.name} is a member: ${await membership.isMember(applicant.address)}`);
  step(`members: ${await membership.memberCount()}`);
  context.record.admission = {
    applicant: applicant.address,
    proposalId: proposalId.toString(),
    documentCid: document.cid,
  };
}
