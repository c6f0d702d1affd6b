import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ZeroAddress, getAddress } from "ethers";

import type { Cooperative } from "../src/deploy/cooperative";

import { output } from "./lib";
import {
  commandPrefix,
  coopAddressTask,
  connectForReading,
  coopOption,
  startBlock,
  withLogOptions,
  type ReadArgs,
} from "./overview";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

/** A point in time in seconds since the Unix epoch, with its ISO form and the reader's local form. */
interface Moment {
  seconds: bigint;
  iso: string;
  local: string;
}

/** One proposal of either governor, as coop:status prints it. */
interface ProposalStatus {
  id: bigint;
  kind: "yes/no" | "majority judgment";
  title: string | null;
  state: string;
  snapshot: Moment;
  deadline: Moment;
  eta: Moment | null;
  /** For/against/abstain weights of a yes/no proposal, null for majority judgment. */
  votes: { for: bigint; against: bigint; abstain: bigint } | null;
  /** Ballots cast on a majority-judgment proposal, null for yes/no. */
  ballots: number | null;
  next: string;
}

function moment(seconds: bigint): Moment {
  const date = new Date(Number(seconds) * 1000);
  return { seconds, iso: date.toISOString(), local: date.toLocaleString() };
}

function describeMoment(value: Moment): string {
  return `${value.local} (${value.iso})`;
}

/** Returns what to do next with a proposal in `state`, as a sentence with the command to run. */
function nextStep(
  state: string,
  command: { prefix: string; coop: string; id: bigint; judgment: boolean },
  snapshot: Moment,
  eta: Moment | null,
  now: bigint,
): string {
  const task = (name: string) => `${command.prefix} ${name}${command.coop} --id ${command.id}`;
  const mj = command.judgment;
  switch (state) {
    case "Pending":
      return `voting opens after ${describeMoment(snapshot)}`;
    case "Active":
      return mj
        ? `grade the options with: ${task("mj:ballot")} --grades ...`
        : `vote with: ${task("coop:vote")} --support for|against|abstain`;
    case "Succeeded":
      return `queue it with: ${task(mj ? "mj:queue" : "coop:queue")}`;
    case "Queued":
      if (eta !== null && now < eta.seconds) {
        return `execute it after ${describeMoment(eta)} with: ${task(mj ? "mj:execute" : "coop:execute")}`;
      }
      return `execute it with: ${task(mj ? "mj:execute" : "coop:execute")}`;
    default:
      return "nothing to do";
  }
}

async function yesNoProposals(
  coop: Cooperative,
  fromBlock: number,
  toBlock: number,
  blockRange: number,
  command: { prefix: string; coop: string },
  now: bigint,
): Promise<ProposalStatus[]> {
  const { queryInRanges } = await import("../src/chain/logs");
  const { proposalState, proposalTitle } = await import("../src/governance/proposals");
  const events = await queryInRanges(fromBlock, toBlock, blockRange, (from, to) =>
    coop.governor.queryFilter(coop.governor.filters.ProposalCreated(), from, to),
  );
  const proposals: ProposalStatus[] = [];
  for (const event of events) {
    const id = event.args.proposalId;
    const [state, snapshot, deadline, eta, votes] = await Promise.all([
      proposalState(coop.governor, id),
      coop.governor.proposalSnapshot(id),
      coop.governor.proposalDeadline(id),
      coop.governor.proposalEta(id),
      coop.governor.proposalVotes(id),
    ]);
    const etaMoment = eta === 0n ? null : moment(eta);
    proposals.push({
      id,
      kind: "yes/no",
      title: proposalTitle(event.args.description) ?? null,
      state,
      snapshot: moment(snapshot),
      deadline: moment(deadline),
      eta: etaMoment,
      votes: { for: votes.forVotes, against: votes.againstVotes, abstain: votes.abstainVotes },
      ballots: null,
      next: nextStep(state, { ...command, id, judgment: false }, moment(snapshot), etaMoment, now),
    });
  }
  return proposals;
}

async function judgmentProposals(
  coop: Cooperative,
  fromBlock: number,
  toBlock: number,
  blockRange: number,
  command: { prefix: string; coop: string },
  now: bigint,
): Promise<ProposalStatus[]> {
  const { queryInRanges } = await import("../src/chain/logs");
  const { proposalTitle } = await import("../src/governance/proposals");
  const { JUDGMENT_STATES } = await import("../src/mj/judgmentProposals");
  const { judgment } = coop;
  const events = await queryInRanges(fromBlock, toBlock, blockRange, (from, to) =>
    judgment.queryFilter(judgment.filters.ProposalCreated(), from, to),
  );
  const proposals: ProposalStatus[] = [];
  for (const event of events) {
    const id = event.args.proposalId;
    const [stateNumber, details] = await Promise.all([judgment.state(id), judgment.proposalDetails(id)]);
    // A replaced ballot is cast again by the same voter, so ballots are counted by voter.
    const voters = new Set<string>();
    const ballotQueries = await queryInRanges(event.blockNumber, toBlock, blockRange, async (from, to) => [
      ...(await judgment.queryFilter(judgment.filters.BallotCast(undefined, id), from, to)),
      ...(await judgment.queryFilter(judgment.filters.FractionalBallotCast(undefined, id), from, to)),
    ]);
    for (const ballot of ballotQueries) voters.add(getAddress(ballot.args.voter));

    const state = JUDGMENT_STATES[Number(stateNumber)] ?? `unknown (${stateNumber})`;
    const snapshot = moment(details.snapshot);
    const eta = details.eta === 0n ? null : moment(details.eta);
    proposals.push({
      id,
      kind: "majority judgment",
      title: proposalTitle(event.args.description) ?? null,
      state,
      snapshot,
      deadline: moment(details.deadline),
      eta,
      votes: null,
      ballots: voters.size,
      next: nextStep(state, { ...command, id, judgment: true }, snapshot, eta, now),
    });
  }
  return proposals;
}

/** Returns the redemption requests still in the queue, with their due dates. */
async function pendingRedemptions(coop: Cooperative, now: bigint) {
  const [head, tail] = await coop.shares.queueBounds();
  const pending = [];
  for (let id = head; id < tail; id++) {
    const request = await coop.shares.redemption(id);
    // A cancelled request stays in the queue as an empty slot.
    if (request.holder === ZeroAddress) continue;
    pending.push({
      id,
      holder: request.holder,
      shares: request.shares,
      due: moment(request.dueAt),
      payable: request.dueAt <= now,
    });
  }
  return pending;
}

/** Returns the applicants whose application is still pending, from the `ApplicationSubmitted` events. */
async function pendingApplications(coop: Cooperative, fromBlock: number, toBlock: number, blockRange: number) {
  const { queryInRanges } = await import("../src/chain/logs");
  const events = await queryInRanges(fromBlock, toBlock, blockRange, (from, to) =>
    coop.membership.queryFilter(coop.membership.filters.ApplicationSubmitted(), from, to),
  );
  const latest = new Map<string, { applicant: string; applicationCid: string; block: number }>();
  for (const event of events) {
    const applicant = getAddress(event.args.applicant);
    latest.set(applicant, { applicant, applicationCid: event.args.applicationCid, block: event.blockNumber });
  }
  const pending = [];
  for (const application of latest.values()) {
    if (await coop.membership.hasApplied(application.applicant)) pending.push(application);
  }
  return pending;
}

withLogOptions(
  coopAddressTask(
    "coop:status",
    "Shows what is going on: proposals of both governors with their state and next step, redemptions and applications",
    false,
  ),
).setAction(async (args: ReadArgs, hre: HardhatRuntimeEnvironment) => {
  const { latestTimestamp } = await import("../src/chain/time");
  const { addresses, coop } = await connectForReading(hre, args.coop);
  const fromBlock = await startBlock(hre, addresses, args.fromBlock);
  const toBlock = await hre.ethers.provider.getBlockNumber();
  const now = await latestTimestamp(hre.ethers.provider);
  const command = { prefix: commandPrefix(hre), coop: coopOption(args.coop, addresses.symbol) };

  const proposals = [
    ...(await yesNoProposals(coop, fromBlock, toBlock, args.blockRange, command, now)),
    ...(await judgmentProposals(coop, fromBlock, toBlock, args.blockRange, command, now)),
  ];
  const redemptions = await pendingRedemptions(coop, now);
  const applicationPolicy = (await coop.membership.admissionPolicy()) === 1n;
  const applications = applicationPolicy ? await pendingApplications(coop, fromBlock, toBlock, args.blockRange) : null;

  const lines = [
    `Cooperative ${addresses.symbol} on network ${hre.network.name}, chain time ${describeMoment(moment(now))}`,
    `Events read from block ${fromBlock} to ${toBlock}.`,
    proposals.length === 0 ? "Proposals: none" : `Proposals (${proposals.length}):`,
  ];
  for (const proposal of proposals) {
    const tally =
      proposal.votes === null
        ? `${proposal.ballots} ballot(s)`
        : `${proposal.votes.for} for, ${proposal.votes.against} against, ${proposal.votes.abstain} abstain`;
    lines.push(
      `  ${proposal.kind} proposal ${proposal.id}: ${proposal.title ?? "(no title)"}`,
      `    state: ${proposal.state}; votes: ${tally}`,
      `    snapshot ${describeMoment(proposal.snapshot)}, deadline ${describeMoment(proposal.deadline)}`,
      `    next: ${proposal.next}`,
    );
  }
  lines.push(redemptions.length === 0 ? "Pending redemptions: none" : `Pending redemptions (${redemptions.length}):`);
  for (const request of redemptions) {
    lines.push(
      `  request ${request.id}: ${request.shares} share(s) of ${request.holder}, ` +
        (request.payable
          ? `due since ${describeMoment(request.due)}: pay with ${command.prefix} shares:pay-due${command.coop}`
          : `due ${describeMoment(request.due)}`),
    );
  }
  if (applications !== null) {
    lines.push(
      applications.length === 0 ? "Pending applications: none" : `Pending applications (${applications.length}):`,
    );
    for (const application of applications) lines.push(`  ${application.applicant}`);
  }
  output(
    args.json,
    {
      symbol: addresses.symbol,
      network: hre.network.name,
      chainTime: moment(now),
      fromBlock,
      toBlock,
      proposals,
      redemptions,
      applications,
    },
    lines,
  );
});
