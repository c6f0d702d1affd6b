import { id as hashText } from "ethers";

import { advanceTo, isoTime } from "../../chain/time";
import { deployFederationWithFactory, relayCreationAction, type GovernorPair } from "../../deploy/federation";
import {
  VoteSupport,
  buildProposal,
  execute,
  proposalDescription,
  proposalState,
  queue,
} from "../../governance/proposals";
import { FederationRegistry__factory, FederationRelay__factory, type FederationRelay } from "../../../typechain-types";
import { decide } from "../decide";
import {
  documentTitle,
  heading,
  pinBilingualDocument,
  requireBakers,
  shortAddress,
  shortId,
  step,
  type DemoContext,
  type DemoCooperative,
  type Person,
} from "../context";
import { FOURNIL_CONFIG, connectFactory, deployFromConfig, freshSalt } from "./founding";

/** Name and symbol of the federation that the two cooperatives found. */
const FEDERATION_NAME = "Federation of Baking Cooperatives";
const FEDERATION_SYMBOL = "BAKEFED";

/**
 * The federation's governance: a week of voting, so that each member cooperative's own vote on a
 * mirror (two or three days) ends before the federation's, with a one-day timelock delay.
 */
const FEDERATION_SETTINGS = {
  votingDelay: 60,
  votingPeriod: 7 * 86_400,
  quorumPercent: 50,
  lateQuorumExtension: 3_600,
  timelockDelay: 86_400,
};

/** A member cooperative in the federation: the cooperative, its relay and the members who vote on mirrors. */
interface FederationMember {
  coop: DemoCooperative;
  relay: FederationRelay;
  /** Member who may submit federation proposals through the relay. */
  representative: Person;
  votes: { voter: Person; support: VoteSupport }[];
}

/**
 * Chapter 9: Riverside Bakers and the French cooperative Fournil Coopératif du Quai found a
 * federation. Each cooperative votes to create its relay, a representative proposes a federation
 * decision, the members of both cooperatives vote on their cooperative's mirror of it, each relay
 * casts its result upward, and the federation executes the decision.
 */
export async function federation(context: DemoContext): Promise<void> {
  heading(9, "A federation of two cooperatives", "Une fédération de deux coopératives");
  const bakers = requireBakers(context);
  const euro = context.euro;
  if (euro === undefined) throw new Error("The Test Euro token is not deployed: run chapter 4 first.");
  const fournil = await deployFromConfig(context, FOURNIL_CONFIG, context.cast.fournilFounders);
  context.record.fournil = fournil.addresses;

  await context.hre.run("deploy", { tags: "federation", noCompile: true });
  const registry = FederationRegistry__factory.connect(
    (await context.hre.deployments.get("FederationRegistry")).address,
    context.cast.deployer.signer,
  );
  const factory = await connectFactory(context);
  const created = await deployFederationWithFactory(
    factory,
    registry,
    context.cast.deployer.signer,
    await freshSalt(context, FEDERATION_SYMBOL),
    { name: FEDERATION_NAME, symbol: FEDERATION_SYMBOL, settings: FEDERATION_SETTINGS },
    [governorsOf(bakers), governorsOf(fournil)],
  );
  const fed = created.cooperative;
  step(`"${FEDERATION_NAME}" deployed: membership ${shortAddress(created.addresses.membership)}`);
  step(`its two founding members are the relays of the cooperatives, once each cooperative creates its own`);

  const joinName = "join-federation";
  const joinDocument = await pinBilingualDocument(context, joinName);
  step(`proposal to join (English and French) pinned as ${joinDocument.cid}`);
  const [amina, bruno] = bakers.founders;
  const farid = context.cast.applicant;
  const [elodie, jules, margaux] = fournil.founders;
  const members: FederationMember[] = [];
  for (const [index, [coop, representative, voters]] of (
    [
      [bakers, amina, [amina, bruno, farid]],
      [fournil, elodie, [elodie, jules, margaux]],
    ] as const
  ).entries()) {
    const relayAddress = created.relays[index];
    step(`${coop.config.params.name} votes to join; its relay will be ${shortAddress(relayAddress)}`);
    const relay = FederationRelay__factory.connect(relayAddress, context.cast.deployer.signer);
    await decide(context, {
      coop,
      proposer: representative,
      title: await documentTitle(joinName),
      document: joinDocument,
      actions: [
        await relayCreationAction(registry, governorsOf(coop), created.addresses),
        {
          target: relayAddress,
          data: relay.interface.encodeFunctionData("setRepresentative", [representative.address, true]),
        },
      ],
      votes: voters.map((voter) => ({ voter, support: VoteSupport.For })),
    });
    step(
      `relay created: ${await registry.isRelay(relayAddress)}; ${representative.name} may propose for the cooperative`,
    );
    members.push({ coop, relay, representative, votes: [] });
  }
  members[0].votes = [
    { voter: amina, support: VoteSupport.For },
    { voter: bruno, support: VoteSupport.For },
    { voter: farid, support: VoteSupport.Against },
  ];
  members[1].votes = [
    { voter: elodie, support: VoteSupport.For },
    { voter: jules, support: VoteSupport.For },
    { voter: margaux, support: VoteSupport.Abstain },
  ];

  const decisionName = "federation-euro-token";
  const document = await pinBilingualDocument(context, decisionName);
  const title = await documentTitle(decisionName);
  step(`federation proposal (English and French) pinned as ${document.cid}`);
  const proposer = members[0];
  const proposal = buildProposal(
    [
      {
        target: created.addresses.feeRouter,
        data: fed.feeRouter.interface.encodeFunctionData("setTokenAccepted", [await euro.getAddress(), true]),
      },
    ],
    proposalDescription(title, document.uri),
    await proposer.relay.getAddress(),
  );
  const { targets, values, calldatas, description } = proposal;
  await (
    await proposer.relay.connect(proposer.representative.signer).propose(targets, values, calldatas, description)
  ).wait();
  const proposalId = await fed.governor.getProposalId(targets, values, calldatas, hashText(description));
  step(
    `${proposer.representative.name} proposes "${title}" to the federation for ${proposer.coop.config.params.symbol}`,
  );
  step(`federation proposal ${shortId(proposalId)}: ${await proposalState(fed.governor, proposalId)}`);
  await advanceTo(context.provider, (await fed.governor.proposalSnapshot(proposalId)) + 1n);

  const mirrorIds: bigint[] = [];
  let lastDeadline = 0n;
  for (const member of members) {
    await (await member.relay.mirrorProposal(targets, values, calldatas, description)).wait();
    const mirrorId = await member.relay.mirrorIdOf(created.addresses.governor, proposalId);
    const { deadline } = await member.relay.mirror(mirrorId);
    if (deadline > lastDeadline) lastDeadline = deadline;
    mirrorIds.push(mirrorId);
    step(`${member.coop.config.params.symbol} mirrors it for its members, voting until ${isoTime(deadline)}`);
    for (const { voter, support } of member.votes) {
      await (await member.relay.connect(voter.signer).castVote(mirrorId, support)).wait();
      step(`  ${voter.name} votes ${VoteSupport[support]}`);
    }
  }

  await advanceTo(context.provider, lastDeadline + 1n);
  for (const [index, member] of members.entries()) {
    const tally = await member.relay.tally(mirrorIds[index]);
    await (await member.relay.castUpward(mirrorIds[index])).wait();
    step(
      `${member.coop.config.params.symbol} casts its result upward: ${tally.forVotes} for, ${tally.againstVotes} ` +
        `against, ${tally.abstainVotes} abstain, split over its federation weight`,
    );
  }

  await advanceTo(context.provider, (await fed.governor.proposalDeadline(proposalId)) + 1n);
  const votes = await fed.governor.proposalVotes(proposalId);
  step(
    `federation vote ended: ${votes.forVotes} for, ${votes.againstVotes} against, ${votes.abstainVotes} abstain ` +
      `(weight): ${await proposalState(fed.governor, proposalId)}`,
  );
  await queue(fed.governor, proposal);
  await advanceTo(context.provider, await fed.governor.proposalEta(proposalId));
  await execute(fed.governor, proposal);
  const state = await proposalState(fed.governor, proposalId);
  step(`queued and executed after the delay: ${state}`);
  step(`the federation's fee router accepts tEUR: ${await fed.feeRouter.isTokenAccepted(await euro.getAddress())}`);

  context.decisions.push({
    cooperative: FEDERATION_SYMBOL,
    title,
    outcome: `${state}, cast upward by ${members.map((member) => member.coop.config.params.symbol).join(" and ")}`,
  });
  context.record.federation = {
    addresses: created.addresses,
    relays: created.relays,
    proposalId: proposalId.toString(),
    mirrorIds: mirrorIds.map(String),
  };
}

function governorsOf(coop: DemoCooperative): GovernorPair {
  return { governor: coop.addresses.governor, judgment: coop.addresses.judgment };
}
