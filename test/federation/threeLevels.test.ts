import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import {
  DEFAULT_SETTINGS,
  deployImplementations,
  type Cooperative,
  type CooperativeAddresses,
} from "../../src/deploy/cooperative";
import { deployCooperativeWithFactory, deployFactory, factorySalt } from "../../src/deploy/factory";
import {
  FEDERATION_MEMBER_WEIGHT,
  deployFederationRegistry,
  deployFederationWithFactory,
  relayCreationAction,
} from "../../src/deploy/federation";
import { VoteSupport, execute, queue } from "../../src/governance/proposals";
import {
  FederationRelay__factory,
  type CoopFactory,
  type FederationRegistry,
  type FederationRelay,
} from "../../typechain-types";
import { cidV1Sha256 } from "../helpers/cid";
import { FEDERATION_SETTINGS, endMirror, openFederationJudgment, openFederationProposal } from "../helpers/federation";
import { contractAction, passProposal } from "../helpers/governance";
import { plainOptions } from "../helpers/judgment";

/** Grade value of an option left ungraded on a mirrored ballot. */
const NO_GRADE = 255;

const [AGAINST, FOR, ABSTAIN] = [VoteSupport.Against, VoteSupport.For, VoteSupport.Abstain];

/** A cooperative or federation created by the factory. */
interface Body extends Cooperative {
  addresses: CooperativeAddresses;
}

/** A cooperative of persons. */
interface Local extends Body {
  members: HardhatEthersSigner[];
}

interface ThreeLevels {
  registry: FederationRegistry;
  /** Local cooperatives of three and five members, in the regional federation. */
  local3: Local;
  local5: Local;
  /** A cooperative of four members, directly in the global federation. */
  direct: Local;
  regional: Body;
  global: Body;
  /** Relays of the local cooperatives in the regional federation. */
  local3Relay: FederationRelay;
  local5Relay: FederationRelay;
  /** Relays of the regional federation and of the direct cooperative in the global federation. */
  regionalRelay: FederationRelay;
  directRelay: FederationRelay;
}

async function createLocal(
  factory: CoopFactory,
  deployer: HardhatEthersSigner,
  name: string,
  members: HardhatEthersSigner[],
) {
  const { cooperative, addresses } = await deployCooperativeWithFactory(factory, deployer, factorySalt(name), {
    name,
    symbol: name.replace(/[^A-Z]/g, ""),
    founders: members.map((member) => member.address),
    settings: DEFAULT_SETTINGS,
  });
  return { ...cooperative, addresses, members };
}

async function createFederation(
  factory: CoopFactory,
  registry: FederationRegistry,
  deployer: HardhatEthersSigner,
  name: string,
  members: CooperativeAddresses[],
): Promise<{ body: Body; relays: FederationRelay[] }> {
  const params = { name, symbol: name.replace(/[^A-Z]/g, ""), settings: FEDERATION_SETTINGS };
  const deployment = await deployFederationWithFactory(factory, registry, deployer, factorySalt(name), params, members);
  const relays = deployment.relays.map((relay) => FederationRelay__factory.connect(relay, deployer));
  return { body: { ...deployment.cooperative, addresses: deployment.addresses }, relays };
}

/** Seats a cooperative of persons in `federation`: its members pass the proposal that creates its relay. */
async function joinByVote(registry: FederationRegistry, coop: Local, federation: Body): Promise<void> {
  const action = await relayCreationAction(registry, coop.addresses, federation.addresses);
  await passProposal(coop.governor, coop.members[0], coop.members, [action], "Join the federation");
}

/**
 * Deploys, all through the factory, two local cooperatives in a regional federation, and the
 * regional federation with a third cooperative in a global one. Every seat is taken by a vote: the
 * cooperatives' members vote their own, and the regional federation's seat is voted by the local
 * cooperatives' members through mirrors. Use with `loadFixture`.
 */
async function deployThreeLevels(): Promise<ThreeLevels> {
  const [deployer, ...people] = await ethers.getSigners();
  const implementations = await deployImplementations(deployer);
  const factory = await deployFactory(deployer, implementations);
  const { registry } = await deployFederationRegistry(deployer);
  const local3 = await createLocal(factory, deployer, "Local Three", people.slice(0, 3));
  const local5 = await createLocal(factory, deployer, "Local Five", people.slice(3, 8));
  const direct = await createLocal(factory, deployer, "Direct Four", people.slice(8, 12));

  const regional = await createFederation(factory, registry, deployer, "Regional Federation", [
    local3.addresses,
    local5.addresses,
  ]);
  await joinByVote(registry, local3, regional.body);
  await joinByVote(registry, local5, regional.body);
  const [local3Relay, local5Relay] = regional.relays;

  const global = await createFederation(factory, registry, deployer, "Global Federation", [
    regional.body.addresses,
    direct.addresses,
  ]);
  await joinByVote(registry, direct, global.body);
  const [regionalRelay, directRelay] = global.relays;

  // The regional federation decides to join the global one: its proposal is mirrored into both
  // local cooperatives, whose members vote, and the relays cast their results.
  const join = await relayCreationAction(registry, regional.body.addresses, global.body.addresses);
  const proposal = await openFederationProposal(regional.body, local3Relay, [join], "Join the global federation");
  const mirrorId = await local3Relay.mirrorIdOf(regional.body.addresses.governor, proposal.id);
  for (const [relay, coop] of [
    [local3Relay, local3],
    [local5Relay, local5],
  ] as const) {
    await relay.mirrorProposal(proposal.targets, proposal.values, proposal.calldatas, proposal.description);
    await voteEach(
      relay,
      mirrorId,
      coop.members,
      coop.members.map(() => FOR),
    );
  }
  await endMirror(local5Relay, mirrorId);
  await local3Relay.castUpward(mirrorId);
  await local5Relay.castUpward(mirrorId);
  await time.increaseTo((await regional.body.governor.proposalDeadline(proposal.id)) + 1n);
  await queue(regional.body.governor, proposal);
  await time.increaseTo(await regional.body.governor.proposalEta(proposal.id));
  await execute(regional.body.governor, proposal);

  return {
    registry,
    local3,
    local5,
    direct,
    regional: regional.body,
    global: global.body,
    local3Relay,
    local5Relay,
    regionalRelay,
    directRelay,
  };
}

async function voteEach(relay: FederationRelay, id: bigint, members: HardhatEthersSigner[], supports: number[]) {
  for (const [index, support] of supports.entries()) {
    await relay.connect(members[index]).castVote(id, support);
  }
}

async function gradeEach(relay: FederationRelay, id: bigint, members: HardhatEthersSigner[], ballots: number[][]) {
  for (const [index, grades] of ballots.entries()) {
    await relay.connect(members[index]).castBallot(id, grades);
  }
}

/** Against, for and abstain of a tally, as plain numbers for deep equality. */
function yesNo(tally: { againstVotes: bigint; forVotes: bigint; abstainVotes: bigint }): bigint[] {
  return [tally.againstVotes, tally.forVotes, tally.abstainVotes];
}

function rows(counts: bigint[][]): bigint[][] {
  return counts.map((row) => [...row]);
}

describe("federation: three levels", function () {
  it("seats each member by its own vote", async function () {
    const { registry, regional, global, local3Relay, local5Relay, regionalRelay, directRelay } =
      await loadFixture(deployThreeLevels);

    for (const relay of [local3Relay, local5Relay, regionalRelay, directRelay]) {
      expect(await registry.isRelay(relay)).to.equal(true);
    }
    for (const [body, relay] of [
      [regional, local3Relay],
      [regional, local5Relay],
      [global, regionalRelay],
      [global, directRelay],
    ] as const) {
      expect(await body.membership.getVotes(relay)).to.equal(FEDERATION_MEMBER_WEIGHT);
    }
    expect(await regionalRelay.cooperativeTimelock()).to.equal(regional.addresses.timelock);
  });

  it("decides a yes/no question from individual members' votes", async function () {
    const levels = await loadFixture(deployThreeLevels);
    const { global, registry, local3, local5, direct } = levels;
    const { local3Relay, local5Relay, regionalRelay, directRelay } = levels;
    const recommendation = cidV1Sha256("Recommendation: adopt the shared ethics charter");
    const action = await contractAction(registry, "publishRecommendation", [recommendation]);
    const proposal = await openFederationProposal(global, directRelay, [action], "Adopt the shared ethics charter");
    const { targets, values, calldatas, description } = proposal;

    // The global proposal is mirrored into its two members. The regional mirror is mirrored in turn
    // into the regional federation's two members.
    await regionalRelay.mirrorProposal(targets, values, calldatas, description);
    await directRelay.mirrorProposal(targets, values, calldatas, description);
    const regionalMirror = await regionalRelay.mirrorIdOf(await global.governor.getAddress(), proposal.id);
    const directMirror = await directRelay.mirrorIdOf(await global.governor.getAddress(), proposal.id);
    await local3Relay.mirrorRelayed(regionalRelay, regionalMirror);
    await local5Relay.mirrorRelayed(regionalRelay, regionalMirror);
    const localMirror = await local3Relay.mirrorIdOf(await regionalRelay.getAddress(), regionalMirror);

    await voteEach(local3Relay, localMirror, local3.members, [FOR, FOR, AGAINST]);
    await voteEach(local5Relay, localMirror, local5.members, [FOR, AGAINST, AGAINST, ABSTAIN, FOR]);
    await voteEach(directRelay, directMirror, direct.members, [FOR, FOR, FOR, AGAINST]);

    // Local level: each cooperative's 1,000,000 split as its members voted.
    await endMirror(local3Relay, localMirror);
    await local3Relay.castUpward(localMirror);
    await local5Relay.castUpward(localMirror);
    // 1/3 against, 2/3 for: 333,333.3 and 666,666.7, the spare unit to the larger remainder (for).
    // 2/5, 2/5, 1/5: 400,000 each way and 200,000 abstaining.
    expect(yesNo(await regionalRelay.tally(regionalMirror))).to.deep.equal([733_333n, 1_066_667n, 200_000n]);

    // Regional level: 733,333 : 1,066,667 : 200,000 of 2,000,000 gives 366,666.5 : 533,333.5 :
    // 100,000; the two equal remainders tie, and the spare unit goes to the lowest index (against).
    await endMirror(regionalRelay, regionalMirror);
    await regionalRelay.castUpward(regionalMirror);
    // Direct cooperative: 1 against, 3 for.
    await directRelay.castUpward(directMirror);
    const [against, inFavor, abstain] = await global.governor.proposalVotes(proposal.id);
    expect([against, inFavor, abstain]).to.deep.equal([366_667n + 250_000n, 533_333n + 750_000n, 100_000n]);
    expect(against + inFavor + abstain).to.equal(2n * FEDERATION_MEMBER_WEIGHT);

    // The decision passes and publishes its recommendation to the federation's members.
    await time.increaseTo((await global.governor.proposalDeadline(proposal.id)) + 1n);
    await queue(global.governor, proposal);
    await time.increaseTo(await global.governor.proposalEta(proposal.id));
    await expect(execute(global.governor, proposal)).to.not.be.reverted;
    const published = await registry.queryFilter(registry.filters.RecommendationPublished(global.addresses.timelock));
    expect(published.map((event) => event.args.cid)).to.deep.equal([recommendation]);
  });

  it("chooses by majority judgment from individual members' grades", async function () {
    const levels = await loadFixture(deployThreeLevels);
    const { global, local3, local5, direct } = levels;
    const { local3Relay, local5Relay, regionalRelay, directRelay } = levels;
    const handle = await openFederationJudgment(global, regionalRelay, plainOptions(3), "Choose a supplier");

    await regionalRelay.mirrorJudgment(handle.id, handle.options, false, handle.description);
    await directRelay.mirrorJudgment(handle.id, handle.options, false, handle.description);
    const regionalMirror = await regionalRelay.mirrorIdOf(await global.judgment.getAddress(), handle.id);
    const directMirror = regionalMirror;
    await local3Relay.mirrorRelayed(regionalRelay, regionalMirror);
    await local5Relay.mirrorRelayed(regionalRelay, regionalMirror);
    const localMirror = await local3Relay.mirrorIdOf(await regionalRelay.getAddress(), regionalMirror);

    // Grades 0 (worst) to 5 (best); the third member of the smallest cooperative leaves option 1 ungraded.
    await gradeEach(local3Relay, localMirror, local3.members, [
      [5, 3, 1],
      [4, 4, 0],
      [3, NO_GRADE, 2],
    ]);
    await gradeEach(local5Relay, localMirror, local5.members, [
      [2, 5, 1],
      [2, 4, 1],
      [1, 3, 0],
      [5, 5, 5],
      [0, 1, 2],
    ]);
    await gradeEach(directRelay, directMirror, direct.members, [
      [4, 2, 3],
      [4, 2, 3],
      [3, 3, 3],
      [1, 0, 5],
    ]);

    await endMirror(local3Relay, localMirror);
    await local3Relay.castUpward(localMirror);
    await local5Relay.castUpward(localMirror);
    // Thirds of 1,000,000 round to 333,334 for the lowest grade of each row; the ungraded option
    // counts once at grade 0. Fifths and quarters are exact.
    expect(rows(await regionalRelay.histogram(regionalMirror))).to.deep.equal([
      [200_000n, 200_000n, 400_000n, 333_334n, 333_333n, 533_333n],
      [333_334n, 200_000n, 0n, 533_333n, 533_333n, 400_000n],
      [533_334n, 733_333n, 533_333n, 0n, 0n, 200_000n],
    ]);

    await endMirror(regionalRelay, regionalMirror);
    await regionalRelay.castUpward(regionalMirror);
    await directRelay.castUpward(directMirror);
    // The regional federation halves its rows (ties of remainders go to the lowest grade); the
    // direct cooperative's four ballots give quarters.
    expect(rows(await global.judgment.tallies(handle.id))).to.deep.equal([
      [100_000n + 0n, 100_000n + 250_000n, 200_000n + 0n, 166_667n + 250_000n, 166_667n + 500_000n, 266_666n + 0n],
      [166_667n + 250_000n, 100_000n + 0n, 0n + 500_000n, 266_667n + 250_000n, 266_666n + 0n, 200_000n + 0n],
      [266_667n + 0n, 366_667n + 0n, 266_666n + 0n, 0n + 750_000n, 0n, 100_000n + 250_000n],
    ]);

    // Options 0 and 2 share the majority grade 3; option 0 has more weight above it than below.
    await time.increaseTo((await global.judgment.proposalDetails(handle.id)).deadline + 1n);
    const [, leaders, grade] = await global.judgment.outcome(handle.id);
    expect([...leaders]).to.deep.equal([0n]);
    expect(grade).to.equal(3n);
  });
});
