import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { id as hashText, type TypedDataDomain } from "ethers";

import type { CoopJudgmentGovernor, ICoopJudgmentGovernor } from "../../typechain-types";
import { cidV1Sha256 } from "./cid";
import { testDescription } from "./governance";

/** An option as the governor takes it. */
export type OptionInput = ICoopJudgmentGovernor.OptionStruct;

/** An action of an option. */
export interface OptionAction {
  target: string;
  value?: bigint;
  data: string;
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

/** A majority-judgment proposal and its id. */
export interface JudgmentHandle {
  id: bigint;
  options: OptionInput[];
  statusQuo: boolean;
  description: string;
}

/** Creates a proposal from `proposer` and moves time past its snapshot, when voting opens. */
export async function openJudgment(
  judgment: CoopJudgmentGovernor,
  proposer: HardhatEthersSigner,
  options: OptionInput[],
  { statusQuo = false, description = testDescription("Choose") }: { statusQuo?: boolean; description?: string } = {},
): Promise<JudgmentHandle> {
  const id = await judgment.hashProposal(proposer.address, options, statusQuo, hashText(description));
  await judgment.connect(proposer).propose(options, statusQuo, description);
  const { snapshot } = await judgment.proposalDetails(id);
  await time.increaseTo(snapshot + 1n);
  return { id, options, statusQuo, description };
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
  return [chosen.targets.map(String), chosen.values.map((value) => BigInt(value)), chosen.calldatas.map(String)];
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

/** Signs a ballot of `voter` on `id` with the voter's next nonce for that proposal. */
export async function signJudgmentBallot(
  judgment: CoopJudgmentGovernor,
  voter: HardhatEthersSigner,
  id: bigint,
  grades: number[],
  nonce?: bigint,
): Promise<string> {
  const next = nonce ?? (await judgment["nonces(address,uint192)"](voter.address, id & (2n ** 192n - 1n)));
  return voter.signTypedData(await judgmentDomain(judgment), JUDGMENT_BALLOT_TYPES, {
    proposalId: id,
    voter: voter.address,
    grades,
    nonce: next,
  });
}
