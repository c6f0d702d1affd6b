import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { getAddress, isAddress } from "ethers";

import { isValidBinaryCid } from "../src/ipfs/cid";

import { coopTask, fail, loadCoopAddresses, output, send, signerFor } from "./lib";

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

function requireCid(value: string, flag: string): string {
  if (!isValidBinaryCid(value)) {
    fail(`Invalid ${flag} "${value}": expected a binary CID in hex, such as 0x1220... (CIDv0) or 0x0155... (CIDv1).`);
  }
  return value;
}

async function connect(hre: HardhatRuntimeEnvironment, args: CommonArgs) {
  const { connectCooperative } = await import("../src/deploy/cooperative");
  const addresses = await loadCoopAddresses(hre, args.coop);
  const signer = await signerFor(hre, args.from);
  return { addresses, signer, coop: connectCooperative(signer, addresses) };
}

/** Describes one member: weight, votes, probation, college and shares. */
async function memberSummary(hre: HardhatRuntimeEnvironment, args: CommonArgs, member: string) {
  const { coop } = await connect(hre, args);
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
    const { coop } = await connect(hre, args);
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
      `  weight ${summary.weight}, votes now ${summary.votes}, college ${summary.college}`,
      `  shares ${summary.shares} (${summary.capital}), ${summary.pendingShares} waiting for redemption`,
    ]);
  });

coopTask("member:apply", "Applies for membership with the binary CID of an application document", true)
  .addParam("cid", "Binary CID of the application document, in hex (0x...)")
  .setAction(async (args: CommonArgs & { cid: string }, hre) => {
    const { coop, signer } = await connect(hre, args);
    const policy = Number(await coop.membership.admissionPolicy());
    if (POLICY_NAMES[policy] !== "Application") {
      fail(`This cooperative admits by ${POLICY_NAMES[policy]} policy, not by application.`);
    }
    const hash = await send("Application", coop.membership.applyForMembership, requireCid(args.cid, "--cid"));
    const applicant = await signer.getAddress();
    output(args.json, { applicant, transaction: hash }, [`${applicant} applied for membership (transaction ${hash}).`]);
  });

coopTask(
  "member:resign",
  "Resigns from the cooperative; the member's shares are queued for redemption",
  true,
).setAction(async (args: CommonArgs, hre) => {
  const { coop, signer } = await connect(hre, args);
  const member = await signer.getAddress();
  const hash = await send("Resignation", coop.membership.resign);
  output(args.json, { member, transaction: hash }, [
    `${member} resigned (transaction ${hash}). Their shares wait in the redemption queue.`,
  ]);
});

/** Proposes one membership call through the governor, with the `#proposer=` suffix. */
async function proposeMembershipCall(
  hre: HardhatRuntimeEnvironment,
  args: CommonArgs & { description: string },
  encodeCall: (membership: import("../typechain-types").CoopMembership) => string,
) {
  const { coop, signer } = await connect(hre, args);
  const { buildProposal, proposalId: idOf } = await import("../src/governance/proposals");
  const data = encodeCall(coop.membership);
  const proposer = await signer.getAddress();
  const proposal = buildProposal([{ target: await coop.membership.getAddress(), data }], args.description, proposer);
  await send(
    "Proposal",
    coop.governor.propose,
    proposal.targets,
    proposal.values,
    proposal.calldatas,
    proposal.description,
  );
  const proposalId = await idOf(coop.governor, proposal);
  const snapshot = await coop.governor.proposalSnapshot(proposalId);
  const deadline = await coop.governor.proposalDeadline(proposalId);
  output(args.json, { proposalId, proposer, snapshot, deadline, proposal }, [
    `Proposal ${proposalId} created by ${proposer}.`,
    `  target ${proposal.targets[0]}, calldata ${String(proposal.calldatas[0])}`,
    `  description (needed to queue and execute): ${JSON.stringify(proposal.description)}`,
    `  voting opens ${new Date(Number(snapshot) * 1000).toISOString()}, ends ${new Date(Number(deadline) * 1000).toISOString()}`,
  ]);
}

coopTask("member:admit", "Proposes to admit a member by a decision of governance", true)
  .addParam("address", "Address of the person or contract to admit")
  .addOptionalParam("description", "Title and text of the proposal", "Admit a new member")
  .setAction(async (args: CommonArgs & { address: string; description: string }, hre) => {
    const member = requireAddress(args.address, "--address");
    const { coop } = await connect(hre, args);
    if (await coop.membership.isMember(member)) fail(`${member} is already a member: nothing to propose.`);
    await proposeMembershipCall(hre, args, (membership) => membership.interface.encodeFunctionData("admit", [member]));
  });

coopTask("member:exclude", "Proposes to exclude a member, with the binary CID of the reason document", true)
  .addParam("address", "Address of the member to exclude")
  .addOptionalParam("reasonCid", "Binary CID of the document giving the reason, in hex (0x...)", "0x")
  .addOptionalParam("description", "Title and text of the proposal", "Exclude a member")
  .setAction(async (args: CommonArgs & { address: string; reasonCid: string; description: string }, hre) => {
    const reason = args.reasonCid === "0x" ? "0x" : requireCid(args.reasonCid, "--reason-cid");
    const member = requireAddress(args.address, "--address");
    await proposeMembershipCall(hre, args, (membership) =>
      membership.interface.encodeFunctionData("exclude", [member, reason]),
    );
  });
