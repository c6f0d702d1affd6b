import { id as hashText, parseEther } from "ethers";

import { advanceTo, isoTime } from "../../chain/time";
import { proposalDescription } from "../../governance/proposals";
import {
  findJudgmentProposal,
  judgmentOptions,
  judgmentOutcome,
  judgmentState,
  judgmentTallies,
  optionCalls,
} from "../../mj/judgmentProposals";
import { pinOptionLabels } from "../../mj/optionLabels";
import { judgmentResults, resultsInputOf, type JudgmentResults } from "../../mj/results";
import { resultsLines } from "../../mj/resultsText";
import type { Lang } from "../../mj/grades";
import {
  documentTitle,
  eth,
  heading,
  pinBilingualDocument,
  requireBakers,
  shortId,
  step,
  who,
  type DemoContext,
} from "../context";

/** Price of each supplier's first quarterly instalment, in the order of the call for tenders. */
const INSTALMENTS = [parseEther("1.2"), parseEther("1.0"), parseEther("1.5")];

/** Takings that the bakery pays into its treasury before the vote, so the winner can be paid. */
const TAKINGS = parseEther("2");

/**
 * Grades of each member (Amina, Bruno, Chloé, Farid) for the three suppliers and the status quo, on
 * the scale from 0 (Reject) to 5 (Excellent). Northfield Organic Farm gets the best majority grade.
 */
const GRADES: number[][] = [
  [3, 2, 5, 1],
  [4, 2, 4, 1],
  [2, 3, 4, 2],
  [3, 1, 3, 0],
];

/** The results of the supplier vote in each language, for the summary's chart. */
export type SupplierResults = Record<Lang, JudgmentResults>;

/**
 * Chapter 5: the members choose a flour supplier by majority judgment between the three tenders of
 * a call for tenders and the status quo. The winner's action pays the supplier's first instalment
 * from the treasury, the timelock.
 */
export async function supplierChoice(context: DemoContext): Promise<SupplierResults> {
  heading(5, "Choosing a supplier by majority judgment", "Choix d'un fournisseur au jugement majoritaire");
  const bakers = requireBakers(context);
  const { judgment, charter } = bakers.contracts;
  const { suppliers, deployer, applicant } = context.cast;
  const members = [...bakers.founders, applicant];
  const timelockAddress = bakers.addresses.timelock;

  await (await deployer.signer.sendTransaction({ to: timelockAddress, value: TAKINGS })).wait();
  step(
    `the bakery pays ${eth(TAKINGS)} of takings into the treasury: ${eth(await context.provider.getBalance(timelockAddress))}`,
  );

  const name = "flour-supplier-tender";
  const document = await pinBilingualDocument(context, name);
  step(`call for tenders (English and French) pinned as ${document.cid}`);
  const specs = suppliers.map((supplier, index) => ({
    label: { text: supplier.name },
    actions: [{ target: supplier.address, value: INSTALMENTS[index], data: "0x" }],
  }));
  for (const [index, supplier] of suppliers.entries()) {
    step(`option ${index}: ${who(supplier)}, paid ${eth(INSTALMENTS[index])} if chosen`);
  }
  step(`option ${suppliers.length}: none of these (status quo)`);

  const labels = await pinOptionLabels(context.store, specs);
  const options = judgmentOptions(
    labels,
    specs.map((spec) => spec.actions),
  );
  const title = await documentTitle(name);
  const description = proposalDescription(title, document.uri);
  const proposer = bakers.founders[0];
  const proposalId = await judgment.hashProposal(proposer.address, options, true, hashText(description));
  await (await judgment.connect(proposer.signer).propose(options, true, description)).wait();
  step(`${proposer.name} proposes it: proposal ${shortId(proposalId)}, ${await judgmentState(judgment, proposalId)}`);

  const details = await judgment.proposalDetails(proposalId);
  await advanceTo(context.provider, details.snapshot + 1n);
  const scale = bakers.config.gradeLabels ?? [];
  for (const [index, member] of members.entries()) {
    await (await judgment.connect(member.signer).castBallot(proposalId, GRADES[index])).wait();
    const graded = GRADES[index].map((grade) => scale[grade] ?? String(grade)).join(", ");
    step(`${member.name.padEnd(7)} grades: ${graded}`);
  }

  await advanceTo(context.provider, (await judgment.proposalDetails(proposalId)).deadline + 1n);
  const results = await readResults(context, proposalId);
  printResults(results);

  const proposal = await findJudgmentProposal(judgment, charter, proposalId);
  if (proposal === undefined) throw new Error(`Proposal ${proposalId} has no ProposalCreated event.`);
  const outcome = await judgmentOutcome(judgment, proposalId);
  if (outcome.kind !== "Winner") throw new Error(`Proposal ${proposalId} has no winner: ${outcome.kind}.`);
  const winner = outcome.leaders[0];
  const supplier = suppliers[winner];
  const calls = optionCalls(proposal, winner);

  const before = await context.provider.getBalance(supplier.address);
  await (await judgment.queue(proposalId, calls.targets, calls.values, calls.calldatas)).wait();
  const { eta } = await judgment.proposalDetails(proposalId);
  step(`the winner's payment is queued in the timelock, executable from ${isoTime(eta)}`);
  await advanceTo(context.provider, eta);
  await (await judgment.execute(proposalId, calls.targets, calls.values, calls.calldatas)).wait();
  const after = await context.provider.getBalance(supplier.address);
  step(`executed: ${await judgmentState(judgment, proposalId)}`);
  step(`${supplier.name} balance: ${eth(before)} before, ${eth(after)} after`);
  step(`treasury after the payment: ${eth(await context.provider.getBalance(timelockAddress))}`);

  context.decisions.push({
    cooperative: bakers.config.params.symbol,
    title,
    outcome: `${await judgmentState(judgment, proposalId)}, ${supplier.name} chosen with ${results.en.outcome.gradeLabel}`,
  });
  context.record.supplierChoice = {
    proposalId: proposalId.toString(),
    documentCid: document.cid,
    winner,
    supplier: supplier.address,
    amount: INSTALMENTS[winner].toString(),
    balanceBefore: before.toString(),
    balanceAfter: after.toString(),
  };
  return results;
}

/** Legend of the sign after each majority grade, as `describeOption` in src/mj/profile.ts sets it. */
const SIGN_LEGEND: Record<Lang, string> = {
  en:
    "  (+) after a majority grade means that more ballots graded the option above that grade than " +
    "below it, and (\u2212) means as many or fewer.",
  fr:
    "  (+) après une mention majoritaire signifie que plus de bulletins ont noté l'option au-dessus de " +
    "cette mention qu'en dessous, et (\u2212) autant ou moins.",
};

/**
 * Prints the results in English (state, participation, ranking and outcome), then the ranking and
 * the outcome in French, each ranking followed by the legend of its signs.
 */
function printResults(results: SupplierResults): void {
  // The first line names the proposal by its full 77-digit id, which the heading above already shortens.
  const english = resultsLines(results.en).slice(1);
  const french = resultsLines(results.fr);
  // resultsLines returns the title, state, participation, ranking header, options, then the outcome.
  const frenchRanking = french.slice(3, -1);
  for (const line of english.slice(0, -1)) step(line);
  step(SIGN_LEGEND.en);
  step(english[english.length - 1]);
  for (const line of frenchRanking) step(line);
  step(SIGN_LEGEND.fr);
  step(french[french.length - 1]);
}

/** Reads the results of the supplier vote in English and French. */
async function readResults(context: DemoContext, proposalId: bigint): Promise<SupplierResults> {
  const bakers = requireBakers(context);
  const { judgment, charter, membership } = bakers.contracts;
  const proposal = await findJudgmentProposal(judgment, charter, proposalId);
  if (proposal === undefined) throw new Error(`Proposal ${proposalId} has no ProposalCreated event.`);
  const [tallies, outcome, state] = await Promise.all([
    judgmentTallies(judgment, proposalId),
    judgmentOutcome(judgment, proposalId),
    judgmentState(judgment, proposalId),
  ]);
  const input = resultsInputOf(proposal, {
    state,
    labels: context.cast.suppliers.map((supplier) => supplier.name),
    tallies,
    outcome,
    totalWeight: await membership.getPastTotalSupply(proposal.snapshot),
  });
  return { en: judgmentResults(input, "en"), fr: judgmentResults(input, "fr") };
}
