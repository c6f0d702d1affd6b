import { id as hashText, parseEther } from "ethers";

import { findCreationBlock } from "../chain/logs";
import { advanceTo } from "../chain/time";
import { buildProposal, propose, proposalDescription } from "../governance/proposals";
import { judgmentOptions } from "../mj/judgmentProposals";
import { pinOptionLabels } from "../mj/optionLabels";
import { documentTitle, pinBilingualDocument, requireBakers, step, type DemoContext } from "../demo/context";
import type { WebConfig } from "./config";

/** The proposals that `seedVotingPage` leaves open, and the members who can vote on them. */
export interface VotingPageSeed {
  /** A yes/no proposal open for votes: buy a second-hand oven. */
  ovenProposalId: string;
  /** A second yes/no proposal open for votes: buy a cargo bike. */
  bikeProposalId: string;
  /** A majority-judgment proposal open for ballots, with three options and no status quo. */
  breadProposalId: string;
  /** The finished majority-judgment proposal of the demo, with its results. */
  supplierProposalId: string;
  /** Addresses of members who can vote on the open proposals, with their local account index. */
  voters: { name: string; address: string; account: number }[];
}

/** Recipes of the bread-of-the-month proposal, one option each. */
const BREADS = ["Rye and walnut loaf", "Spelt and honey loaf", "Buckwheat loaf"];

/** Prices of the two purchases that the yes/no proposals would pay from the treasury. */
const OVEN_PRICE = parseEther("0.4");
const BIKE_PRICE = parseEther("0.25");

/**
 * After the demo, opens the proposals that the voting page shows as active in Riverside Bakers: two
 * yes/no purchases paid from the treasury, and a majority-judgment choice between three breads, each
 * with its bilingual document pinned in the demo's store. Moves the chain's clock past the voting
 * delay, so that all three accept votes at once.
 *
 * @throws Error when the demo's first chapters have not deployed Riverside Bakers.
 */
export async function seedVotingPage(context: DemoContext): Promise<VotingPageSeed> {
  const bakers = requireBakers(context);
  const { governor, judgment, membership } = bakers.contracts;
  const [amina] = bakers.founders;
  const { suppliers } = context.cast;

  const yesNo = async (name: string, to: string, value: bigint): Promise<bigint> => {
    const document = await pinBilingualDocument(context, name);
    const title = await documentTitle(name);
    const proposal = buildProposal(
      [{ target: to, value, data: "0x" }],
      proposalDescription(title, document.uri),
      amina.address,
    );
    const proposalId = await propose(governor.connect(amina.signer), proposal);
    step(`${amina.name} proposes "${title}" (${document.cid})`);
    return proposalId;
  };
  const ovenProposalId = await yesNo("second-oven", suppliers[0].address, OVEN_PRICE);
  const bikeProposalId = await yesNo("delivery-bike", suppliers[1].address, BIKE_PRICE);

  const name = "bread-of-the-month";
  const document = await pinBilingualDocument(context, name);
  const title = await documentTitle(name);
  const specs = BREADS.map((bread) => ({ label: { text: bread }, actions: [] }));
  const options = judgmentOptions(
    await pinOptionLabels(context.store, specs),
    specs.map((spec) => spec.actions),
  );
  const description = proposalDescription(title, document.uri);
  const breadProposalId = await judgment.hashProposal(amina.address, options, false, hashText(description));
  await (await judgment.connect(amina.signer).propose(options, false, description)).wait();
  step(`${amina.name} proposes "${title}", graded by majority judgment (${document.cid})`);

  const snapshots = [
    await governor.proposalSnapshot(ovenProposalId),
    await governor.proposalSnapshot(bikeProposalId),
    (await judgment.proposalDetails(breadProposalId)).snapshot,
  ];
  await advanceTo(context.provider, snapshots.reduce((a, b) => (a > b ? a : b)) + 1n);

  const accounts = (await context.hre.ethers.getSigners()).map((signer) => signer.address);
  const voters: VotingPageSeed["voters"] = [];
  for (const person of [...bakers.founders, context.cast.applicant]) {
    if (!(await membership.isMember(person.address))) continue;
    voters.push({ name: person.name, address: person.address, account: accounts.indexOf(person.address) });
  }
  const supplierProposalId = context.record.supplierChoice?.proposalId;
  if (supplierProposalId === undefined) throw new Error("The demo's supplier choice did not run: run chapter 5 first.");
  return {
    ovenProposalId: ovenProposalId.toString(),
    bikeProposalId: bikeProposalId.toString(),
    breadProposalId: breadProposalId.toString(),
    supplierProposalId,
    voters,
  };
}

/** Returns the settings of the voting page for Riverside Bakers, the demo's cooperative. */
export async function demoWebConfig(context: DemoContext, rpcUrl: string, gateway: string): Promise<WebConfig> {
  const bakers = requireBakers(context);
  const { chainId } = await context.provider.getNetwork();
  const deploymentBlock = await findCreationBlock(context.provider, bakers.addresses.membership);
  return {
    chainId: chainId.toString(),
    networkName: "Local Hardhat node",
    rpcUrl,
    hardhatNetwork: context.hre.network.name,
    gateway,
    cooperative: {
      name: bakers.config.params.name,
      symbol: bakers.config.params.symbol,
      addresses: bakers.addresses,
      deploymentBlock: (deploymentBlock ?? 0).toString(),
    },
  };
}
