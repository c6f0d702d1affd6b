import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  AbiCoder,
  ZeroHash,
  hexlify,
  id as hashText,
  keccak256,
  TypedDataEncoder,
  type BigNumberish,
  type BytesLike,
  type TypedDataDomain,
} from "ethers";

import type { CoopJudgmentGovernor, CoopTimelock, ICoopJudgmentGovernor } from "../../typechain-types";
import { impersonate } from "./accounts";
import { cidV1Sha256 } from "./cid";
import { testDescription } from "./governance";
import { deployMembershipFixture, type MembershipFixture } from "./membership";

/** An option as the governor takes it. */
export type OptionInput = ICoopJudgmentGovernor.OptionStruct;

/** An action of an option. */
export interface OptionAction {
  target: string;
  value?: BigNumberish;
  data: BytesLike;
}

/** Names of `ProposalState`, indexed by the state's number. */
export const JUDGMENT_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Executed",
] as const;

/** Names of `Outcome`, indexed by the outcome's number. */
export const OUTCOMES = ["QuorumNotReached", "Tie", "BelowMinimum", "Winner"] as const;

/** Returns an option labelled by the CID of `label`, with `actions`. */
export function option(label: string, actions: OptionAction[] = []): OptionInput {
  return {
    label: cidV1Sha256(label),
    targets: actions.map((action) => action.target),
    values: actions.map((action) => action.value ?? 0n),
    calldatas: actions.map((action) => action.data),
  };
}

/** Returns `count` options without actions, labelled "Option 0" to "Option count-1". */
export function plainOptions(count: number): OptionInput[] {
  return Array.from({ length: count }, (_, index) => option(`Option ${index}`));
}

/** The rules of new majority-judgment proposals, as `setSettings` takes them. */
export interface JudgmentSettings {
  votingDelay: bigint;
  votingPeriod: bigint;
  quorumPercent: bigint;
  gradeCount: bigint;
  minimumGrade: bigint;
  lateQuorumExtension: bigint;
}

/** Largest count that a histogram holds for one grade of one option, and largest weight of a ballot. */
export const MAX_COUNT = 2n ** 64n - 1n;

/** The standard test cooperative, with its majority-judgment governor also called from the timelock. */
export interface JudgmentFixture extends MembershipFixture {
  /** The impersonated timelock, funded for gas. */
  timelockSigner: HardhatEthersSigner;
  /** The majority-judgment governor called from the impersonated timelock. */
  judgmentByTimelock: CoopJudgmentGovernor;
}

/** Deploys the standard test cooperative with the impersonated timelock at hand. Use with `loadFixture`. */
export async function deployJudgmentFixture(): Promise<JudgmentFixture> {
  const fixture = await deployMembershipFixture();
  const timelockSigner = await impersonate(await fixture.timelock.getAddress());
  return { ...fixture, timelockSigner, judgmentByTimelock: fixture.judgment.connect(timelockSigner) };
}

/** Changes the rules of new proposals from the timelock's account: `changes` over the current rules. */
export async function changeJudgmentSettings(
  fixture: JudgmentFixture,
  changes: Partial<JudgmentSettings>,
): Promise<JudgmentSettings> {
  const current = await fixture.judgment.settings();
  const next: JudgmentSettings = {
    votingDelay: current.votingDelay,
    votingPeriod: current.votingPeriod,
    quorumPercent: current.quorumPercent,
    gradeCount: current.gradeCount,
    minimumGrade: current.minimumGrade,
    lateQuorumExtension: current.lateQuorumExtension,
    ...changes,
  };
  await fixture.judgmentByTimelock.setSettings(next);
  return next;
}

/** A majority-judgment proposal and its id. */
export interface JudgmentHandle {
  id: bigint;
  options: OptionInput[];
  statusQuo: boolean;
  description: string;
}

/** Optional inputs of a new proposal: the status-quo option (off by default) and the description. */
export interface ProposalInputs {
  statusQuo?: boolean;
  description?: string;
}

/** Creates a proposal from `proposer` and leaves it pending. */
export async function proposeJudgment(
  judgment: CoopJudgmentGovernor,
  proposer: HardhatEthersSigner,
  options: OptionInput[],
  { statusQuo = false, description = testDescription("Choose") }: ProposalInputs = {},
): Promise<JudgmentHandle> {
  const id = await judgment.hashProposal(proposer.address, options, statusQuo, hashText(description));
  await judgment.connect(proposer).propose(options, statusQuo, description);
  return { id, options, statusQuo, description };
}

/** Creates a proposal from `proposer` and moves time past its snapshot, when voting opens. */
export async function openJudgment(
  judgment: CoopJudgmentGovernor,
  proposer: HardhatEthersSigner,
  options: OptionInput[],
  inputs: ProposalInputs = {},
): Promise<JudgmentHandle> {
  const handle = await proposeJudgment(judgment, proposer, options, inputs);
  const { snapshot } = await judgment.proposalDetails(handle.id);
  await time.increaseTo(snapshot + 1n);
  return handle;
}

/** Casts the same ballot of `grades` from each voter. */
export async function gradeAll(
  judgment: CoopJudgmentGovernor,
  id: bigint,
  voters: HardhatEthersSigner[],
  grades: number[],
): Promise<void> {
  for (const voter of voters) {
    await judgment.connect(voter).castBallot(id, grades);
  }
}

/** Queues the winner `winner` of `handle` and moves time to the end of the timelock delay. */
export async function queueWinner(
  judgment: CoopJudgmentGovernor,
  handle: JudgmentHandle,
  winner: number,
): Promise<void> {
  await judgment.queue(handle.id, ...optionActions(handle, winner));
  const { eta } = await judgment.proposalDetails(handle.id);
  await time.increaseTo(eta);
}

/** Moves time past the deadline of `id`. */
export async function closeJudgment(judgment: CoopJudgmentGovernor, id: bigint): Promise<void> {
  const { deadline } = await judgment.proposalDetails(id);
  await time.increaseTo(deadline + 1n);
}

/** Returns the state of `id` by name. */
export async function judgmentState(
  judgment: CoopJudgmentGovernor,
  id: bigint,
): Promise<(typeof JUDGMENT_STATES)[number]> {
  return JUDGMENT_STATES[Number(await judgment.state(id))];
}

/** Returns the actions of option `index` of `handle`, as `queue` and `execute` take them. */
export function optionActions(handle: JudgmentHandle, index: number): [string[], bigint[], string[]] {
  const chosen = handle.options[index];
  return [chosen.targets.map(String), chosen.values.map((value) => BigInt(value)), chosen.calldatas.map(hexlify)];
}

/** Returns the hash under which the governor stores the actions of `chosen`. */
export function actionsHash(chosen: OptionInput): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address[]", "uint256[]", "bytes[]"],
      [chosen.targets, chosen.values, chosen.calldatas],
    ),
  );
}

/** Returns the key under which the governor records option `index` of `id` with the charter. */
export function optionKey(id: bigint, index: number): bigint {
  return BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [id, index])));
}

/** Returns the id of the timelock operation that `judgment` schedules for option `index` of `handle`. */
export async function judgmentOperationId(
  timelock: CoopTimelock,
  judgment: CoopJudgmentGovernor,
  handle: JudgmentHandle,
  index: number,
): Promise<string> {
  const salt = keccak256(
    AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [await judgment.getAddress(), handle.id]),
  );
  return timelock.hashOperationBatch(...optionActions(handle, index), ZeroHash, salt);
}

/**
 * Returns the parts of a fractional ballot that puts all of `weight` on `grades[i]` for option `i`,
 * on a scale of `gradeCount` grades.
 */
export function partsOfGrades(grades: number[], gradeCount: number, weight: bigint): bigint[][] {
  return grades.map((grade) => Array.from({ length: gradeCount }, (_, index) => (index === grade ? weight : 0n)));
}

/** EIP-712 types of a signed majority-judgment ballot. */
export const JUDGMENT_BALLOT_TYPES = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "voter", type: "address" },
    { name: "grades", type: "uint8[]" },
    { name: "nonce", type: "uint256" },
  ],
};

/** Returns the EIP-712 domain of `judgment`. */
export async function judgmentDomain(judgment: CoopJudgmentGovernor): Promise<TypedDataDomain> {
  const domain = await judgment.eip712Domain();
  return {
    name: domain.name,
    version: domain.version,
    chainId: domain.chainId,
    verifyingContract: domain.verifyingContract,
  };
}

/** Returns the keyed nonce of `voter` for `id`: the key `uint192(id)` in the high bits, the count in the low 64. */
export function judgmentNonce(judgment: CoopJudgmentGovernor, voter: string, id: bigint): Promise<bigint> {
  return judgment["nonces(address,uint192)"](voter, BigInt.asUintN(192, id));
}

/** Returns the EIP-712 digest of a ballot of `voter` on `id` with `nonce`, as the governor recovers it. */
export async function judgmentBallotDigest(
  judgment: CoopJudgmentGovernor,
  voter: string,
  id: bigint,
  grades: number[],
  nonce: bigint,
): Promise<string> {
  return TypedDataEncoder.hash(await judgmentDomain(judgment), JUDGMENT_BALLOT_TYPES, {
    proposalId: id,
    voter,
    grades,
    nonce,
  });
}

/** Signs a ballot of `voter` on `id` with the voter's next nonce for that proposal. */
export async function signJudgmentBallot(
  judgment: CoopJudgmentGovernor,
  voter: HardhatEthersSigner,
  id: bigint,
  grades: number[],
  nonce?: bigint,
): Promise<string> {
  const next = nonce ?? (await judgmentNonce(judgment, voter.address, id));
  return voter.signTypedData(await judgmentDomain(judgment), JUDGMENT_BALLOT_TYPES, {
    proposalId: id,
    voter: voter.address,
    grades,
    nonce: next,
  });
}
