import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ZeroAddress, getAddress, isAddress } from "ethers";

import { CID_FORMS, connectCoop, coopTask, fail, output, requireCid, send } from "./lib";
import { PROPOSER_HELP, checkProposalOptions, proposeWithDocument, type ProposalOptions } from "./proposing";

// Modules that import TypeChain bindings are loaded inside actions: hardhat.config.ts loads this
// file before the first compilation has generated them.

interface CommonArgs {
  coop?: string;
  from?: string;
  json: boolean;
}

const POLICY_NAMES = ["Governance", "Application", "Open"];

function requireAddress(value: string, flag: string): string {
  if (!isAddress(value)) fail(`Invalid ${flag} "${value}": expected 0x and 40 hex digits.`);
  return getAddress(value);
}

/** Describes one member: weight, votes, probation, college and shares. */
async function memberSummary(hre: HardhatRuntimeEnvironment, args: CommonArgs, member: string) {
  const { coop } = await connectCoop(hre, args);
  const { tokenUnits, formatAmount } = await import("../src/cli/amounts");
  const units = await tokenUnits(hre.ethers.provider, await coop.shares.paymentToken());
  const [isMember, info, votes, shares, pending, nominal] = await Promise.all([
    coop.membership.isMember(member),
    coop.membership.memberInfo(member),
    coop.membership.getVotes(member),
    coop.shares.sharesOf(member),
    coop.shares.pendingSharesOf(member),
    coop.shares.nominalValue(),
  ]);
  return {
    address: member,
    isMember,
    weight: info.weight,
    votes,
    probationEnds: info.probationEnds,
    college: info.college,
    shares,
    pendingShares: pending,
    capital: formatAmount(shares * nominal, units),
  };
}

coopTask("member:list", "Lists the current members with their weights, votes and shares", false).setAction(
  async (args: CommonArgs, hre) => {
    const { coop } = await connectCoop(hre, args);
    const admitted = await coop.membership.queryFilter(coop.membership.filters.MemberAdmitted());
    const candidates = [...new Set(admitted.map((event) => event.args.member))];
    const members = [];
    for (const candidate of candidates) {
      if (await coop.membership.isMember(candidate)) members.push(await memberSummary(hre, args, candidate));
    }
    output(
      args.json,
      members,
      [`${members.length} members:`].concat(
        members.map(
          (m) =>
            `  ${m.address}  weight ${m.weight}  votes ${m.votes}  shares ${m.shares} (${m.capital})` +
            (m.pendingShares > 0n ? `, ${m.pendingShares} waiting for redemption` : "") +
            (m.probationEnds > 0n
              ? `, on probation until ${new Date(Number(m.probationEnds) * 1000).toISOString()}`
              : ""),
        ),
      ),
    );
  },
);

coopTask("member:show", "Shows one member or former member: weight, votes, college and shares", false)
  .addParam("address", "The member's address")
  .setAction(async (args: CommonArgs & { address: string }, hre) => {
    const summary = await memberSummary(hre, args, requireAddress(args.address, "--address"));
    output(args.json, summary, [
      `${summary.address}: ${summary.isMember ? "member" : "not a member"}`,
      `  weight ${summary.weight}, votes now ${summary.votes}, ` +
        (summary.college === 0n ? "no college" : `college ${summary.college}`),
      `  shares ${summary.shares} (${summary.capital}), ${summary.pendingShares} waiting for redemption`,
    ]);
  });

coopTask("member:apply", "Applies for membership with the CID of an application document", true)
  .addParam("cid", `CID of the application document: ${CID_FORMS}`)
  .setAction(async (args: CommonArgs & { cid: string }, hre) => {
    const { coop, signer } = await connectCoop(hre, args);
    const policy = Number(await coop.membership.admissionPolicy());
    if (POLICY_NAMES[policy] !== "Application") {
      fail(`This cooperative admits by ${POLICY_NAMES[policy]} policy, not by application.`);
    }
    const hash = await send("Application", coop.membership.applyForMembership, await requireCid(args.cid, "--cid"));
    const applicant = await signer.getAddress();
    output(args.json, { applicant, transaction: hash }, [`${applicant} applied for membership (transaction ${hash}).`]);
  });

coopTask("member:withdraw-application", "Withdraws your pending application for membership", true).setAction(
  async (args: CommonArgs, hre) => {
    const { coop, account } = await connectCoop(hre, args);
    if (!(await coop.membership.hasApplied(account))) fail(`${account} has no pending application to withdraw.`);
    const hash = await send("Withdrawal", coop.membership.withdrawApplication);
    output(args.json, { applicant: account, transaction: hash }, [
      `${account} withdrew their application (transaction ${hash}).`,
    ]);
  },
);

/** Fails unless `account` may decide on applications: an admissions officer named by governance. */
async function requireAdmissionsOfficer(
  membership: import("../typechain-types").CoopMembership,
  account: string,
  symbol: string,
): Promise<void> {
  if (!(await membership.isAdmissionsOfficer(account))) {
    fail(
      `${account} is not an admissions officer of ${symbol}. Use --from with an officer's account, or let the ` +
        "members decide with member:admit.",
    );
  }
}

/** Fails unless `applicant` has a pending application. */
async function requireApplication(
  membership: import("../typechain-types").CoopMembership,
  applicant: string,
): Promise<void> {
  if (!(await membership.hasApplied(applicant))) {
    fail(`${applicant} has no pending application: they apply first with member:apply.`);
  }
}

coopTask(
  "member:approve",
  "Approves a pending application, as an admissions officer; the applicant becomes a member",
  true,
)
  .addParam("address", "Address of the applicant")
  .setAction(async (args: CommonArgs & { address: string }, hre) => {
    const applicant = requireAddress(args.address, "--address");
    const { coop, account, addresses } = await connectCoop(hre, args);
    await requireAdmissionsOfficer(coop.membership, account, addresses.symbol);
    await requireApplication(coop.membership, applicant);
    const hash = await send("Approval", coop.membership.approveApplication, applicant);
    output(args.json, { applicant, officer: account, transaction: hash }, [
      `${account} approved the application of ${applicant}, now a member (transaction ${hash}).`,
    ]);
  });

coopTask("member:reject", "Rejects a pending application, as an admissions officer, with an optional reason", true)
  .addParam("address", "Address of the applicant")
  .addOptionalParam("reasonCid", `CID of a document giving the reason: ${CID_FORMS} (default: none)`)
  .setAction(async (args: CommonArgs & { address: string; reasonCid?: string }, hre) => {
    const applicant = requireAddress(args.address, "--address");
    const reason = args.reasonCid === undefined ? "0x" : await requireCid(args.reasonCid, "--reason-cid");
    const { coop, account, addresses } = await connectCoop(hre, args);
    await requireAdmissionsOfficer(coop.membership, account, addresses.symbol);
    await requireApplication(coop.membership, applicant);
    const hash = await send("Rejection", coop.membership.rejectApplication, applicant, reason);
    output(args.json, { applicant, officer: account, reasonCid: reason, transaction: hash }, [
      `${account} rejected the application of ${applicant} (transaction ${hash}).`,
    ]);
  });

coopTask("member:activate", "Gives a member admitted on probation their vote, once the probation has ended", true)
  .addOptionalParam("address", "Address of the member (default: the sending account)")
  .setAction(async (args: CommonArgs & { address?: string }, hre) => {
    const { coop, account } = await connectCoop(hre, args);
    const member = args.address === undefined ? account : requireAddress(args.address, "--address");
    const info = await coop.membership.memberInfo(member);
    if (!(await coop.membership.isMember(member))) fail(`${member} is not a member: there is nothing to activate.`);
    if (info.probationEnds === 0n) fail(`${member} is not on probation: they already vote.`);
    const latest = await hre.ethers.provider.getBlock("latest");
    if (latest !== null && BigInt(latest.timestamp) < info.probationEnds) {
      const ends = new Date(Number(info.probationEnds) * 1000).toISOString();
      fail(`${member} is on probation until ${ends}: activate them after that time.`);
    }
    const hash = await send("Activation", coop.membership.activate, member);
    output(args.json, { member, weight: info.weight, transaction: hash }, [
      `${member} now votes with weight ${info.weight} (transaction ${hash}).`,
    ]);
  });

coopTask("member:set-profile", "Sets or clears the CID of your public member profile", true)
  .addOptionalParam("cid", `CID of the profile document: ${CID_FORMS}`)
  .addFlag("clear", "Clears the profile instead")
  .setAction(async (args: CommonArgs & { cid?: string; clear: boolean }, hre) => {
    if ((args.cid === undefined) === !args.clear) fail("Give either --cid with the profile's CID, or --clear.");
    const cid = args.cid === undefined ? "0x" : await requireCid(args.cid, "--cid");
    const { coop, account } = await connectCoop(hre, args);
    if (!(await coop.membership.isMember(account))) fail(`${account} is not a member: only members have a profile.`);
    const hash = await send("Profile", coop.membership.setProfile, cid);
    output(args.json, { member: account, profileCid: cid, transaction: hash }, [
      args.clear
        ? `${account} cleared their profile (transaction ${hash}).`
        : `${account} set their profile to ${args.cid} (transaction ${hash}).`,
    ]);
  });

coopTask(
  "member:delegate",
  "Gives your vote to another member as your proxy, when governance allows proxy voting, or takes it back with --to self",
  true,
)
  .addParam("to", "Address of the member who votes for you, or self to vote yourself again")
  .setAction(async (args: CommonArgs & { to: string }, hre) => {
    const { coop, account } = await connectCoop(hre, args);
    const proxy = args.to === "self" ? account : requireAddress(args.to, "--to");
    const current = await coop.membership.delegates(account);
    if (current.toLowerCase() === proxy.toLowerCase()) {
      fail(proxy === account ? `${account} already votes themselves.` : `${proxy} already votes for ${account}.`);
    }
    if (proxy !== account) {
      const [enabled, maxRepresented] = await coop.membership.proxyVoting();
      if (!enabled) fail("Proxy voting is off in this cooperative: governance enables it with setProxyVoting.");
      if (!(await coop.membership.isMember(account))) fail(`${account} is not a member: there is no vote to give.`);
      if (!(await coop.membership.isMember(proxy))) fail(`Invalid --to ${proxy}: a proxy must be a current member.`);
      const represented = await coop.membership.representedCount(proxy);
      if (represented >= maxRepresented) {
        const members = represented === 1n ? "1 member" : `${represented} members`;
        fail(`${proxy} already represents ${members}, the most the cooperative allows: choose another proxy.`);
      }
    }
    const hash = await send("Delegation", coop.membership.delegate, proxy);
    output(args.json, { member: account, proxy, transaction: hash }, [
      proxy === account
        ? `${account} votes themselves again (transaction ${hash}).`
        : `${proxy} now votes for ${account} (transaction ${hash}).`,
    ]);
  });

coopTask(
  "member:resign",
  "Resigns from the cooperative; the member's shares are queued for redemption",
  true,
).setAction(async (args: CommonArgs, hre) => {
  const { coop, signer, addresses } = await connectCoop(hre, args);
  const member = await signer.getAddress();
  if (!(await coop.membership.isMember(member))) {
    fail(`${member} is not a member of ${addresses.symbol}, so there is nothing to resign from.`);
  }
  const hash = await send("Resignation", coop.membership.resign);
  output(args.json, { member, transaction: hash }, [
    `${member} resigned (transaction ${hash}). Their shares wait in the redemption queue.`,
  ]);
});

/** Proposes one membership call through the governor, with a pinned document. */
async function proposeMembershipCall(
  hre: HardhatRuntimeEnvironment,
  args: CommonArgs & ProposalOptions,
  encodeCall: (membership: import("../typechain-types").CoopMembership) => string,
  generatedText: string,
) {
  const { coop, signer, addresses } = await connectCoop(hre, args);
  const data = encodeCall(coop.membership);
  const action = { target: await coop.membership.getAddress(), data };
  const text = args.text === undefined ? generatedText : `${generatedText}\n\n${args.text}`;
  await proposeWithDocument(hre, args, coop, addresses.symbol, await signer.getAddress(), [action], text);
}

coopTask(
  "member:admit",
  "Proposes to admit a member by a decision of governance, with a pinned document",
  true,
  PROPOSER_HELP,
)
  .addParam("address", "Address of the person or contract to admit")
  .addOptionalParam("title", "Title of the proposal (default: Admit ADDRESS)")
  .addOptionalParam("doc", "Document file with the proposal's full text, pinned as it is")
  .addOptionalParam("text", "Text added to the generated document, when no --doc is given")
  .setAction(async (args: CommonArgs & Partial<ProposalOptions> & { address: string }, hre) => {
    const member = requireAddress(args.address, "--address");
    if (member === ZeroAddress)
      fail("Invalid --address: the zero address cannot be a member. Give the member's address.");
    const options = { ...args, json: args.json ?? false, title: args.title ?? `Admit ${member}` };
    await checkProposalOptions(options, false);
    const { coop } = await connectCoop(hre, args);
    if (await coop.membership.isMember(member)) fail(`${member} is already a member: nothing to propose.`);
    await proposeMembershipCall(
      hre,
      options,
      (membership) => membership.interface.encodeFunctionData("admit", [member]),
      `This proposal admits ${member} as a member of the cooperative.`,
    );
  });

coopTask(
  "member:exclude",
  "Proposes to exclude a member, with the CID of the document giving the reason",
  true,
  PROPOSER_HELP,
)
  .addParam("address", "Address of the member to exclude")
  .addParam("reasonCid", `CID of the document giving the reason for the exclusion: ${CID_FORMS}`)
  .addOptionalParam("title", "Title of the proposal (default: Exclude ADDRESS)")
  .addOptionalParam("doc", "Document file with the proposal's full text, pinned as it is")
  .addOptionalParam("text", "Text added to the generated document, when no --doc is given")
  .setAction(async (args: CommonArgs & Partial<ProposalOptions> & { address: string; reasonCid: string }, hre) => {
    if (args.reasonCid.trim() === "" || args.reasonCid === "0x") {
      fail(
        "Missing reason: an exclusion needs --reason-cid with the CID of a document giving the reason, " +
          "so that members know why they vote.",
      );
    }
    const reason = await requireCid(args.reasonCid, "--reason-cid");
    const member = requireAddress(args.address, "--address");
    const options = { ...args, json: args.json ?? false, title: args.title ?? `Exclude ${member}` };
    await checkProposalOptions(options, false);
    const { coop, addresses } = await connectCoop(hre, args);
    if (!(await coop.membership.isMember(member))) {
      fail(`${member} is not a member of ${addresses.symbol}: there is no one to exclude.`);
    }
    const { toIpfsUri } = await import("../src/ipfs/cidText");
    const reasonLine = `The reason is in ${toIpfsUri(reason)}.`;
    await proposeMembershipCall(
      hre,
      options,
      (membership) => membership.interface.encodeFunctionData("exclude", [member, reason]),
      `This proposal excludes ${member} from the cooperative. ${reasonLine}`,
    );
  });
