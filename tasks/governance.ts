import { writeFile } from "node:fs/promises";
import { dirname } from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";

import type { Cooperative } from "../src/deploy/cooperative";
import type { CreatedProposal } from "../src/governance/proposalEvents";

import {
  checkOutputFolder,
  checkTimelockBalance,
  connectCoop,
  coopTask,
  fail,
  output,
  parseJsonFile,
  parseProposalId,
  recordedDeploymentBlock,
  send,
} from "./lib";
import {
  PROPOSER_HELP,
  checkMayCancel,
  checkProposalOptions,
  describeClass,
  proposeWithDocument,
  type ProposalOptions,
} from "./proposing";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

interface CommonArgs {
  coop?: string;
  from?: string;
  json: boolean;
}

interface IdArgs extends CommonArgs {
  id: string;
}

/** Values of `--support`, by the `support` number that the governor counts. */
const SUPPORT_VALUES: Record<string, number> = { against: 0, for: 1, abstain: 2 };

function parseSupport(value: string): number {
  const support = SUPPORT_VALUES[value.toLowerCase()];
  if (support === undefined) fail(`Invalid --support "${value}": expected for, against or abstain.`);
  return support;
}

/** Returns the proposal from the events of its creation, or fails naming the id and the cooperative. */
async function requireProposal(
  hre: HardhatRuntimeEnvironment,
  coop: Cooperative,
  symbol: string,
  id: bigint,
): Promise<CreatedProposal> {
  const { findProposal } = await import("../src/governance/proposalEvents");
  const proposal = await findProposal(coop.governor, coop.charter, id, await recordedDeploymentBlock(hre, symbol));
  if (proposal === undefined) {
    fail(
      `Proposal ${id} was not found in cooperative ${symbol} (governor ${await coop.governor.getAddress()}): ` +
        "check the id that coop:propose printed, and --coop when several cooperatives are recorded.",
    );
  }
  return proposal;
}

/** Connects to the cooperative and returns the proposal `--id` names, with its current state. */
async function connectProposal(hre: HardhatRuntimeEnvironment, args: IdArgs) {
  const { coop, addresses, signer, account } = await connectCoop(hre, args);
  const id = parseProposalId(args.id, "coop:propose");
  const proposal = await requireProposal(hre, coop, addresses.symbol, id);
  return { coop, addresses, signer, account, id, proposal, state: await stateOf(coop, id) };
}

async function stateOf(coop: Cooperative, id: bigint): Promise<string> {
  const { proposalState } = await import("../src/governance/proposals");
  return proposalState(coop.governor, id);
}

async function chainTime(hre: HardhatRuntimeEnvironment): Promise<bigint> {
  const { latestTimestamp } = await import("../src/chain/time");
  return latestTimestamp(hre.ethers.provider);
}

async function tallyOf(coop: Cooperative, id: bigint) {
  const votes = await coop.governor.proposalVotes(id);
  return { for: votes.forVotes, against: votes.againstVotes, abstain: votes.abstainVotes };
}

/** `TallyKind.YesNo` of the colleges module: the proposal's votes are counted by college. */
const COLLEGE_YES_NO_TALLY = 1n;

/**
 * Returns the college-weighted shares of proposal `id`, each out of 1e18, when the charter's
 * colleges module counts it, or null when its members' votes decide.
 */
async function collegeSharesOf(coop: Cooperative, id: bigint) {
  const { ZeroAddress } = await import("ethers");
  const { CoopColleges__factory } = await import("../typechain-types");
  const module = await coop.charter.collegeModule();
  if (module === ZeroAddress) return null;
  const colleges = CoopColleges__factory.connect(module, coop.governor.runner);
  const governor = await coop.governor.getAddress();
  if ((await colleges.tallyInfo(governor, id)).kind !== COLLEGE_YES_NO_TALLY) return null;
  const [againstShare, forShare, abstainShare] = await colleges.combinedYesNo(governor, id);
  return { for: forShare, against: againstShare, abstain: abstainShare };
}

/** Describes college-weighted shares as a line of coop:proposal. */
async function collegeSharesLine(shares: { for: bigint; against: bigint; abstain: bigint }): Promise<string> {
  const { formatPercent } = await import("../src/mj/percent");
  const scale = 10n ** 18n;
  const percent = (share: bigint) => formatPercent(share, scale, "en");
  return (
    `  by college (this decides): ${percent(shares.for)} for, ${percent(shares.against)} against, ` +
    `${percent(shares.abstain)} abstain, each college weighing as its weight`
  );
}

coopTask(
  "coop:propose",
  "Pins a proposal's document, then proposes its actions to the cooperative's governor",
  true,
  PROPOSER_HELP,
)
  .addParam("title", "Title of the proposal, one line")
  .addParam("actions", "JSON file of the actions: a list of {target, value?, function, args} or {target, value?, data}")
  .addOptionalParam("doc", "Document file with the proposal's full text, pinned as it is")
  .addOptionalParam("text", "Text of a Markdown document generated from the title, when no --doc is given")
  .setAction(async (args: CommonArgs & ProposalOptions & { actions: string }, hre) => {
    await checkProposalOptions(args, true);

    const { parseActions, InvalidActionError } = await import("../src/governance/actions");
    const json = await parseJsonFile(args.actions, "--actions");
    const { coop, addresses, account } = await connectCoop(hre, args);
    let actions;
    try {
      actions = parseActions(json, addresses);
    } catch (error) {
      if (error instanceof InvalidActionError)
        fail(`Invalid --actions ${JSON.stringify(args.actions)}: ${error.message}`);
      throw error;
    }
    await proposeWithDocument(hre, args, coop, addresses.symbol, account, actions, args.text ?? "");
  });

coopTask("coop:proposal", "Shows a proposal: state, class, document, actions, votes, quorum, deadline and eta", false)
  .addParam("id", "Id of the proposal")
  .setAction(async (args: IdArgs, hre) => {
    const { decodeAction, formatAction } = await import("../src/governance/actions");
    const { proposalTitle } = await import("../src/governance/proposals");
    const { isoTime } = await import("../src/chain/time");
    const { coop, addresses } = await connectCoop(hre, args);
    const id = parseProposalId(args.id, "coop:propose");
    const proposal = await requireProposal(hre, coop, addresses.symbol, id);

    const governorAddress = await coop.governor.getAddress();
    const [state, record, votes, snapshot, deadline, eta, now, quorumNumerator, quorumDenominator, byCollege] =
      await Promise.all([
        stateOf(coop, id),
        coop.charter.proposalRecord(governorAddress, id),
        tallyOf(coop, id),
        coop.governor.proposalSnapshot(id),
        coop.governor.proposalDeadline(id),
        coop.governor.proposalEta(id),
        chainTime(hre),
        coop.governor["quorumNumerator(uint256)"](proposal.voteStart),
        coop.governor.quorumDenominator(),
        collegeSharesOf(coop, id),
      ]);
    const thresholds = {
      quorumPercent: record.quorumPercent,
      majorityNumerator: record.majorityNumerator,
      majorityDenominator: record.majorityDenominator,
    };
    const quorumPercent = (quorumNumerator * 100n) / quorumDenominator;

    // The total weight at the snapshot is known only once the snapshot is past.
    let quorum: bigint | null = null;
    let totalWeight: bigint | null = null;
    if (snapshot < now) {
      totalWeight = await coop.membership.getPastTotalSupply(snapshot);
      quorum = await coop.governor.quorum(snapshot);
      if (record.extraordinary) {
        const extraordinaryQuorum = (totalWeight * thresholds.quorumPercent + 99n) / 100n;
        if (extraordinaryQuorum > quorum) quorum = extraordinaryQuorum;
      }
    }

    const decoded = proposal.targets.map((target, i) =>
      decodeAction({ target, value: proposal.values[i], data: proposal.calldatas[i] }, addresses),
    );
    const title = proposalTitle(proposal.description) ?? null;
    const classText = describeClass(record.extraordinary, thresholds, quorumPercent);
    output(
      args.json,
      {
        proposalId: id,
        title,
        state,
        class: record.extraordinary ? "extraordinary" : "ordinary",
        extraordinary: record.extraordinary,
        thresholds: record.extraordinary ? thresholds : { quorumPercent },
        documentUri: proposal.documentUri,
        proposer: proposal.proposer,
        actions: decoded,
        votes,
        byCollege,
        quorum,
        totalWeight,
        snapshot,
        deadline,
        eta: eta === 0n ? null : eta,
        chainTime: now,
        description: proposal.description,
      },
      [
        `Proposal ${id}: ${title ?? "(no title)"}`,
        `  state: ${state}`,
        `  class: ${classText}`,
        `  document: ${proposal.documentUri}`,
        `  proposer: ${proposal.proposer}`,
        ...decoded.map((action, i) => `  action ${i + 1}: ${formatAction(action)}`),
        `  votes: ${votes.for} for, ${votes.against} against, ${votes.abstain} abstain`,
        ...(byCollege === null ? [] : [await collegeSharesLine(byCollege)]),
        quorum === null
          ? `  quorum: set at the snapshot, ${isoTime(snapshot)}`
          : `  quorum: ${quorum} for+abstain votes needed, of ${totalWeight} votes at the snapshot`,
        `  voting: opens after ${isoTime(snapshot)}, ends at ${isoTime(deadline)}`,
        `  eta: ${eta === 0n ? "not queued" : `executable from ${isoTime(eta)}`} (chain time ${isoTime(now)})`,
      ],
    );
  });

coopTask(
  "coop:vote",
  "Votes on a proposal, or with --sign-only writes a signed vote that anyone can relay",
  true,
  "Member account that votes, or signs the vote with --sign-only (default: the first configured account)",
)
  .addParam("id", "Id of the proposal")
  .addParam("support", "for, against or abstain")
  .addOptionalParam("reason", "Reason given with the vote, stored in the governor's event")
  .addFlag("signOnly", "Sign the vote and write it to --out instead of sending it: no transaction, no gas")
  .addOptionalParam("out", "File that --sign-only writes the signed vote to (JSON); it must not exist yet")
  .setAction(async (args: IdArgs & { support: string; reason?: string; signOnly: boolean; out?: string }, hre) => {
    const id = parseProposalId(args.id, "coop:propose");
    const support = parseSupport(args.support);
    if (args.signOnly && args.out === undefined) {
      fail("--sign-only needs --out FILE, the file to write the signed vote to.");
    }
    if (!args.signOnly && args.out !== undefined) {
      fail("--out is for --sign-only: add --sign-only, or leave --out out to vote now.");
    }
    const { coop, addresses, account, signer } = await connectCoop(hre, args);
    await requireProposal(hre, coop, addresses.symbol, id);
    if (args.signOnly) {
      await signOnly(coop, signer, { proposalId: id, support, reason: args.reason }, args.out ?? "", args.json);
      return;
    }

    const { isoTime } = await import("../src/chain/time");
    const state = await stateOf(coop, id);
    if (state === "Pending") {
      const snapshot = await coop.governor.proposalSnapshot(id);
      fail(
        `Voting on proposal ${id} opens after ${isoTime(snapshot)}: vote then, or sign now with --sign-only ` +
          "--out FILE and have the vote relayed once voting is open.",
      );
    }
    if (state !== "Active") fail(`Proposal ${id} is ${state}, not Active: votes are no longer counted.`);
    if (!(await coop.membership.isMember(account))) {
      fail(
        `${account} is not a member of ${addresses.symbol}, so it cannot vote: pass --from with a member's address.`,
      );
    }
    const hash =
      args.reason === undefined
        ? await send("Vote", coop.governor.castVote, id, support)
        : await send("Vote", coop.governor.castVoteWithReason, id, support, args.reason);
    const { supportName } = await import("../src/governance/signatures");
    const votes = await tallyOf(coop, id);
    output(args.json, { proposalId: id, voter: account, support: supportName(support), transaction: hash, votes }, [
      `${account} voted ${supportName(support)} on proposal ${id} (transaction ${hash}).`,
      `  votes: ${votes.for} for, ${votes.against} against, ${votes.abstain} abstain`,
    ]);
  });

/** Signs a vote as `signer` and writes it to `path`, sending nothing. */
async function signOnly(
  coop: Cooperative,
  signer: Signer,
  request: { proposalId: bigint; support: number; reason?: string },
  path: string,
  json: boolean,
): Promise<void> {
  const { signVote, signingProblem, supportName, voterProblem } = await import("../src/governance/signatures");
  const { toSignedVoteJson } = await import("../src/governance/signedVoteFile");
  const { isoTime } = await import("../src/chain/time");
  await checkOutputFolder(path);
  const account = await signer.getAddress();
  const problem =
    (await signingProblem(coop.governor, request.proposalId)) ??
    (await voterProblem(coop.governor, coop.membership, account, request.proposalId));
  if (problem !== undefined) fail(problem);

  const vote = await signVote(coop.governor, signer, request);
  const file = toSignedVoteJson(vote);
  try {
    await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      fail(`--out ${JSON.stringify(path)} already exists: choose another file name, or delete that file first.`);
    }
    if (code === "ENOENT") {
      fail(`Invalid --out ${JSON.stringify(path)}: the folder ${JSON.stringify(dirname(path))} does not exist.`);
    }
    throw error;
  }
  output(json, { file: path, vote: file }, [
    `${account} signed a vote ${supportName(request.support)} on proposal ${request.proposalId} and wrote it to ${path}.`,
    "  Nothing was sent and no gas was paid.",
    `  Anyone can relay it with coop:relay ${path} until voting ends at ${isoTime(vote.expiresAt)}.`,
  ]);
}

coopTask("coop:relay", "Submits a signed vote file; the relaying account pays the gas", true)
  .addPositionalParam("file", "Signed vote file that coop:vote --sign-only wrote")
  .setAction(async (args: CommonArgs & { file: string }, hre) => {
    const { fromSignedVoteJson, InvalidSignedVoteError } = await import("../src/governance/signedVoteFile");
    const { relayProblem, supportName } = await import("../src/governance/signatures");
    const json = await parseJsonFile(args.file, "signed vote file");
    let vote;
    try {
      vote = fromSignedVoteJson(json);
    } catch (error) {
      if (error instanceof InvalidSignedVoteError) {
        fail(`Invalid signed vote file ${JSON.stringify(args.file)}: ${error.message}`);
      }
      throw error;
    }

    const { coop, account } = await connectCoop(hre, args);
    const problem = await relayProblem(coop.governor, vote);
    if (problem !== undefined) fail(`Cannot relay ${args.file}: ${problem}`);

    const { ballot } = vote;
    const hash =
      ballot.primaryType === "Ballot"
        ? await send(
            "Relayed vote",
            coop.governor.castVoteBySig,
            ballot.proposalId,
            ballot.support,
            ballot.voter,
            vote.signature,
          )
        : await send(
            "Relayed vote",
            coop.governor.castVoteWithReasonAndParamsBySig,
            ballot.proposalId,
            ballot.support,
            ballot.voter,
            ballot.reason,
            ballot.params,
            vote.signature,
          );
    const votes = await tallyOf(coop, ballot.proposalId);
    const support = supportName(ballot.support);
    output(
      args.json,
      { proposalId: ballot.proposalId, voter: ballot.voter, support, relayer: account, transaction: hash, votes },
      [
        `Vote ${support} of ${ballot.voter} on proposal ${ballot.proposalId} relayed by ${account} (transaction ${hash}).`,
        `  votes: ${votes.for} for, ${votes.against} against, ${votes.abstain} abstain`,
      ],
    );
  });

/** Returns ` --coop SYMBOL` when the task was given one, for the next command that a message suggests. */
function coopFlag(args: { coop?: string }): string {
  return args.coop === undefined ? "" : ` --coop ${args.coop}`;
}

coopTask("coop:queue", "Queues a passed proposal in the timelock; anyone may call it", true)
  .addParam("id", "Id of the proposal")
  .setAction(async (args: IdArgs, hre) => {
    const { isoTime } = await import("../src/chain/time");
    const { id: descriptionHash } = await import("ethers");
    const { coop, id, proposal, state } = await connectProposal(hre, args);
    if (state === "Pending" || state === "Active") {
      fail(
        `Proposal ${id} is ${state}: its vote ends at ${isoTime(await coop.governor.proposalDeadline(id))}. Queue it after that, if it passes.`,
      );
    }
    if (state === "Queued")
      fail(`Proposal ${id} is already queued: run coop:execute${coopFlag(args)} --id ${id} once its eta has passed.`);
    if (state !== "Succeeded") fail(`Proposal ${id} is ${state}: only a Succeeded proposal can be queued.`);

    const hash = await send(
      "Queueing",
      coop.governor.queue,
      proposal.targets,
      proposal.values,
      proposal.calldatas,
      descriptionHash(proposal.description),
    );
    const eta = await coop.governor.proposalEta(id);
    output(args.json, { proposalId: id, transaction: hash, eta }, [
      `Proposal ${id} queued in the timelock (transaction ${hash}).`,
      `  executable from ${isoTime(eta)}: run coop:execute${coopFlag(args)} --id ${id} then.`,
    ]);
  });

coopTask(
  "coop:cancel",
  "Cancels a yes/no proposal: its proposer may while it is Pending, the charter's guardian until it is executed",
  true,
)
  .addParam("id", "Id of the proposal")
  .setAction(async (args: IdArgs, hre) => {
    const { id: descriptionHash } = await import("ethers");
    const { coop, account, id, proposal, state } = await connectProposal(hre, args);
    const [proposer, guardian] = await Promise.all([coop.governor.proposalProposer(id), coop.charter.guardian()]);
    checkMayCancel({ id, state, account, proposer, guardian });
    const hash = await send(
      "Cancellation",
      coop.governor.cancel,
      proposal.targets,
      proposal.values,
      proposal.calldatas,
      descriptionHash(proposal.description),
    );
    output(args.json, { proposalId: id, canceledBy: account, transaction: hash }, [
      `Proposal ${id} canceled by ${account} (transaction ${hash}).`,
    ]);
  });

coopTask("coop:execute", "Executes a queued proposal once its timelock delay has passed; anyone may call it", true)
  .addParam("id", "Id of the proposal")
  .setAction(async (args: IdArgs, hre) => {
    const { isoTime } = await import("../src/chain/time");
    const { id: descriptionHash } = await import("ethers");
    const { coop, id, proposal, state } = await connectProposal(hre, args);
    if (state === "Succeeded")
      fail(`Proposal ${id} has passed but is not queued: run coop:queue${coopFlag(args)} --id ${id} first.`);
    if (state !== "Queued") fail(`Proposal ${id} is ${state}: only a Queued proposal can be executed.`);
    const [eta, now] = await Promise.all([coop.governor.proposalEta(id), chainTime(hre)]);
    if (now < eta) {
      fail(
        `Proposal ${id} is not executable yet: its eta is ${isoTime(eta)} (${eta}) and the chain time is ` +
          `${isoTime(now)} (${now}). Run coop:execute again after the eta.`,
      );
    }
    await checkTimelockBalance(
      hre,
      await coop.timelock.getAddress(),
      proposal.values.map((value) => BigInt(value)),
      "coop:execute",
    );

    const hash = await send(
      "Execution",
      coop.governor.execute,
      proposal.targets,
      proposal.values,
      proposal.calldatas,
      descriptionHash(proposal.description),
    );
    output(args.json, { proposalId: id, transaction: hash, state: await stateOf(coop, id) }, [
      `Proposal ${id} executed (transaction ${hash}).`,
    ]);
  });
