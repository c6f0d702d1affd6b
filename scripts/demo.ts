import hre, { ethers } from "hardhat";

import { deployCooperative, DEFAULT_SETTINGS, type Implementations } from "../src/deploy/cooperative";
import { advanceTo } from "../src/chain/time";
import { pinDocument } from "../src/governance/documents";
import { openContentStore } from "../src/ipfs/openContentStore";
import { pinPlace, storeLocation } from "../src/ipfs/storeLocation";
import {
  VoteSupport,
  buildProposal,
  execute,
  propose,
  proposalDescription,
  proposalState,
  queue,
} from "../src/governance/proposals";
import { relayVote, signVote } from "../src/governance/signatures";

/** The demo's people: five founders of a cooperative and a newcomer who applies to join. */
const FOUNDER_NAMES = ["Amina", "Bruno", "Chloé", "Dmitri", "Esperanza"];
const NEWCOMER_NAME = "Farid";

/** Index of the founder who signs her vote offline and has it relayed: Chloé. */
const SIGNING_FOUNDER = 2;

/** Chain id of the embedded Hardhat network and of `hardhat node`. */
const LOCAL_CHAIN_ID = 31337n;

const log = (line = ""): void => console.log(line);

/** Returns the shared implementations, deploying them when this network has none yet. */
async function implementations(): Promise<Implementations> {
  // The `deploy` task reuses implementations recorded for this network when their code matches.
  await hre.run("deploy", { tags: "implementations", noCompile: true });
  const membership = await hre.deployments.get("CoopMembership");
  const governor = await hre.deployments.get("CoopGovernor");
  const shares = await hre.deployments.get("CoopShares");
  const charter = await hre.deployments.get("CoopCharter");
  const judgment = await hre.deployments.get("CoopJudgmentGovernor");
  const feeRouter = await hre.deployments.get("FeeRouter");
  return {
    membership: membership.address,
    governor: governor.address,
    shares: shares.address,
    charter: charter.address,
    judgment: judgment.address,
    feeRouter: feeRouter.address,
  };
}

/**
 * Runs the life of one decision: a cooperative is deployed, a founder proposes to admit a new
 * member, the members vote, and the decision is queued and executed through the timelock.
 */
async function main(): Promise<void> {
  const { chainId } = await ethers.provider.getNetwork();
  if (chainId !== LOCAL_CHAIN_ID) {
    throw new Error(
      `The demo moves the chain's clock and uses the local test accounts, so it runs only on the embedded ` +
        `network or on \`npm run node\` (chain id ${LOCAL_CHAIN_ID}), not on chain ${chainId}. ` +
        "To create a cooperative on a testnet, use `npx hardhat coop:deploy --network testnet`.",
    );
  }
  // IPFS_API_URL selects a Kubo node, and the embedded store in IPFS_STORE_DIR is the default. A
  // malformed IPFS_API_URL stops the demo here, before anything is deployed.
  const store = openContentStore();
  log(`World-Coop DAO demo on network "${hre.network.name}" (chain id ${chainId})`);
  log();

  const [deployer, ...accounts] = await ethers.getSigners();
  const founders = accounts.slice(0, FOUNDER_NAMES.length);
  const newcomer = accounts[FOUNDER_NAMES.length];
  const nameOf = new Map<string, string>(founders.map((founder, i) => [founder.address, FOUNDER_NAMES[i]]));
  nameOf.set(newcomer.address, NEWCOMER_NAME);

  log('1. Deploying the cooperative "Coopérative des Communs"');
  const impl = await implementations();
  log(`   shared implementations: membership ${impl.membership}, governor ${impl.governor}`);
  const coop = await deployCooperative(
    deployer,
    impl,
    {
      name: "Coopérative des Communs",
      symbol: "COMMUNS",
      founders: founders.map((founder) => founder.address),
      settings: DEFAULT_SETTINGS,
    },
    (step, address) => log(`   ${step.padEnd(10)} ${address}`),
  );
  const { membership, governor, timelock } = coop;
  log(`   ${await membership.memberCount()} founding members, one vote each:`);
  for (const founder of founders) log(`     ${nameOf.get(founder.address)?.padEnd(10)} ${founder.address}`);
  log(
    `   voting period ${DEFAULT_SETTINGS.votingPeriod / 3600} h, quorum ${DEFAULT_SETTINGS.quorumPercent}%, ` +
      `timelock delay ${DEFAULT_SETTINGS.timelockDelay / 3600} h`,
  );
  log();

  log(
    `2. ${FOUNDER_NAMES[0]} pins the proposal's document and proposes to admit ${NEWCOMER_NAME} (${newcomer.address})`,
  );
  const title = `Admit ${NEWCOMER_NAME} as a member`;
  const document = await pinDocument(store, {
    title,
    text: `${NEWCOMER_NAME} has worked with the cooperative for a year.`,
  });
  log(`   document ${document.uri}, pinned ${pinPlace(storeLocation(store))}`);
  const admitCall = membership.interface.encodeFunctionData("admit", [newcomer.address]);
  const proposal = buildProposal(
    [{ target: await membership.getAddress(), data: admitCall }],
    proposalDescription(title, document.uri),
    founders[0].address,
  );
  const proposalId = await propose(governor.connect(founders[0]), proposal);
  log(`   proposal id ${proposalId}`);
  log(`   state: ${await proposalState(governor, proposalId)}`);
  log();

  log("3. Voting opens; members vote");
  await advanceTo(ethers.provider, (await governor.proposalSnapshot(proposalId)) + 1n);
  const ballots: [number, VoteSupport][] = [
    [0, VoteSupport.For],
    [1, VoteSupport.For],
    [2, VoteSupport.For],
    [3, VoteSupport.Against],
    [4, VoteSupport.Abstain],
  ];
  for (const [index, support] of ballots) {
    const name = FOUNDER_NAMES[index].padEnd(10);
    if (index === SIGNING_FOUNDER) {
      // The founder only signs, which costs no gas, and another account sends the signed vote.
      const vote = await signVote(governor, founders[index], { proposalId, support });
      await (await relayVote(governor.connect(deployer), vote)).wait();
      log(`   ${name} signs a vote ${VoteSupport[support]} offline, and the deployer relays it and pays the gas`);
      continue;
    }
    await (await governor.connect(founders[index]).castVote(proposalId, support)).wait();
    log(`   ${name} votes ${VoteSupport[support]}`);
  }
  const tally = await governor.proposalVotes(proposalId);
  const quorum = await governor.quorum(await governor.proposalSnapshot(proposalId));
  log(
    `   tally: ${tally.forVotes} for, ${tally.againstVotes} against, ${tally.abstainVotes} abstain ` +
      `(quorum: ${quorum} of ${await membership.getPastTotalSupply(await governor.proposalSnapshot(proposalId))} votes)`,
  );
  log();

  log("4. The vote ends");
  await advanceTo(ethers.provider, (await governor.proposalDeadline(proposalId)) + 1n);
  log(`   state: ${await proposalState(governor, proposalId)}`);
  log();

  log(`5. Anyone queues the decision in the timelock (${await timelock.getAddress()})`);
  await queue(governor, proposal);
  const eta = await governor.proposalEta(proposalId);
  log(
    `   state: ${await proposalState(governor, proposalId)}, executable from ${new Date(Number(eta) * 1000).toISOString()}`,
  );
  log();

  log("6. After the delay, anyone executes it");
  await advanceTo(ethers.provider, eta);
  await execute(governor, proposal);
  log(`   state: ${await proposalState(governor, proposalId)}`);
  log(`   ${NEWCOMER_NAME} is a member: ${await membership.isMember(newcomer.address)}`);
  log(`   members: ${await membership.memberCount()}`);
  log();
  log("Done: the cooperative decided, one member one vote, and the timelock carried out its decision.");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
