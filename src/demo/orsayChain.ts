import { Wallet, ZeroAddress, concat, id, parseEther, sha256, toBeHex, toUtf8Bytes, type Signer } from "ethers";

import { MajorityJudgmentRanker__factory, type ICoopJudgmentGovernor } from "../../typechain-types";
import { advanceTo, type RpcProvider } from "../chain/time";
import { DEFAULT_SETTINGS, deployCooperative, type Cooperative, type Implementations } from "../deploy/cooperative";
import { documentMarkdown } from "../governance/documents";
import { proposalDescription } from "../governance/proposals";
import { toIpfsUri } from "../ipfs/cidText";
import { judgmentOutcome, judgmentTallies, type JudgmentOutcome } from "../mj/judgmentProposals";
import { rankingFromOrder, type Ranking } from "../mj/ranking";
import { ORSAY_CANDIDATES, ORSAY_GRADE_COUNT, type OrsayBallot } from "./orsayData";

/** Price of one share: small, because it only stands for the act of joining. */
export const ORSAY_SHARE_PRICE = parseEther("0.001");

/** Balance given to each voter's wallet: one share plus more than enough for two transactions' gas. */
const VOTER_BALANCE = parseEther("1");

/** Lowest majority grade that lets a winner execute: Passable (index 2). The options have no actions anyway. */
const MINIMUM_GRADE = 2;

/**
 * Gas limits of a voter's two transactions. On the embedded network (Hardhat 2.29), a subscription
 * used at most 331,570 gas and a ballot of twelve grades at most 392,369, the first ballots costing
 * the most because they fill empty histogram slots. Every receipt is checked, so a limit that proves
 * too low stops the run with the ballot id.
 */
const SUBSCRIBE_GAS_LIMIT = 450_000n;
const BALLOT_GAS_LIMIT = 550_000n;

/**
 * Transactions sent before each mined block. At the gas limits above they reserve at most 55,000,000
 * gas, below the embedded network's default block gas limit of 60,000,000 (Hardhat 2.29).
 */
export const TRANSACTIONS_PER_BLOCK = 100;

/** Blocks mined for one batch before giving up on transactions that stay pending. */
const MAX_BLOCKS_PER_BATCH = 5;

/** Label that each voter's private key is derived from, followed by the ballot id. */
const VOTER_KEY_LABEL = "world-coop demo orsay-2007 voter";

/** Step of a run, reported after each mined batch. */
export interface OrsayProgress {
  phase: "subscribe" | "ballot";
  /** Transactions of this phase mined so far, and in all. */
  done: number;
  total: number;
}

/** Inputs of {@link runOrsayVote}. */
export interface OrsayVoteParams {
  provider: RpcProvider;
  /** Account that deploys the cooperative; it never votes. */
  deployer: Signer;
  /** Organisers admitted at creation. The first proposes the vote; none of them casts a ballot. */
  founders: Signer[];
  implementations: Implementations;
  ballots: readonly OrsayBallot[];
  onProgress?: (progress: OrsayProgress) => void;
}

/** A replayed vote: the cooperative, the proposal and the voters' transactions. */
export interface OrsayVote {
  cooperative: Cooperative;
  proposalId: bigint;
  voterTransactions: number;
  /** Maximum gas that one subscription and one ballot used. */
  maxGasUsed: Record<OrsayProgress["phase"], bigint>;
}

/**
 * Returns the wallet of the voter of ballot `ballotId`. The private key is the keccak-256 hash of a
 * fixed label and the ballot id, so every run finds the same addresses and no key is stored anywhere.
 * These keys are public knowledge: the wallets are for a local chain only.
 */
export function voterWallet(ballotId: string): Wallet {
  return new Wallet(id(`${VOTER_KEY_LABEL} ${ballotId}`));
}

/**
 * Returns the binary CIDv1 (raw codec, sha2-256) of `text`. The demo pins nothing, because it needs
 * the CIDs only for the governor's option labels and the charter's record of the document.
 */
export function rawCid(text: string): string {
  return concat(["0x01551220", sha256(toUtf8Bytes(text))]);
}

/**
 * Replays `ballots` as a majority-judgment vote on a new cooperative, on the embedded network.
 *
 * The cooperative's admission policy is open: anyone who subscribes one share becomes a member,
 * with no probation. The voters join that way, each from their own wallet, as a cooperative is
 * open to anyone who takes up a share. No admin power admits them, because the cooperative has
 * none to leave behind. Founders admitted at initialize could not include all the voters anyway:
 * EIP-7825 (osaka hardfork) caps a transaction at 16,777,216 gas, which fits about 105 founders by
 * the estimate in docs/deploying.md (about 151,000 gas each).
 *
 * After every voter has joined, the first founder proposes one option per candidate, without
 * actions. Once voting opens, each voter casts their ballot, and the chain is moved past the
 * deadline. Only the voters cast ballots, so the tallies are those of the ballots.
 *
 * Automine is off while the voters send their transactions, so that each block holds
 * {@link TRANSACTIONS_PER_BLOCK} of them with explicit nonces (0 to subscribe, 1 to vote). It is
 * turned back on before returning, also on error. The voters' wallets must therefore be unused on
 * this chain: a second replay of the same ballots on one chain fails with "nonce too low".
 *
 * @throws Error naming the ballot id when a voter's transaction reverts or stays pending.
 */
export async function runOrsayVote(params: OrsayVoteParams): Promise<OrsayVote> {
  const { provider, deployer, founders, implementations, ballots, onProgress } = params;
  const founderAddresses = await Promise.all(founders.map((founder) => founder.getAddress()));
  const cooperative = await deployCooperative(deployer, implementations, {
    name: "Jugement majoritaire Orsay 2007",
    symbol: "ORSAY",
    founders: founderAddresses,
    admissionPolicy: "open",
    settings: DEFAULT_SETTINGS,
    capital: {
      paymentToken: ZeroAddress,
      nominalValue: ORSAY_SHARE_PRICE,
      minimumShares: 1n,
      noticePeriod: 0,
      floorBps: 0,
    },
    gradeScale: { gradeCount: ORSAY_GRADE_COUNT, minimumGrade: MINIMUM_GRADE },
  });
  const { membership, shares, judgment } = cooperative;
  const probation = await membership.probationPeriod();
  if (probation !== 0n) {
    throw new Error(`The new cooperative has a probation period of ${probation} s, so subscribers could not vote.`);
  }

  const voters = ballots.map((ballot) => voterWallet(ballot.id));
  // One at a time: sent all at once, these calls made the embedded network keep about 1.5 MB more
  // memory for every later transaction (6 GiB over the whole replay, against 1.1 GiB this way).
  for (const voter of voters) await provider.send("hardhat_setBalance", [voter.address, toBeHex(VOTER_BALANCE)]);

  const { chainId } = await provider.getNetwork();
  const sharesAddress = await shares.getAddress();
  const subscribeData = shares.interface.encodeFunctionData("subscribe", [1n]);
  const subscribeGas = await sendInBlocks(provider, ballots, "subscribe", onProgress, (index, maxFeePerGas) =>
    voters[index].signTransaction({
      type: 2,
      chainId,
      nonce: 0,
      to: sharesAddress,
      data: subscribeData,
      value: ORSAY_SHARE_PRICE,
      gasLimit: SUBSCRIBE_GAS_LIMIT,
      maxFeePerGas,
      maxPriorityFeePerGas: 0n,
    }),
  );

  const options: ICoopJudgmentGovernor.OptionStruct[] = ORSAY_CANDIDATES.map((name) => ({
    label: rawCid(name),
    targets: [],
    values: [],
    calldatas: [],
  }));
  const title = "Élection présidentielle 2007 : expérience d'Orsay";
  const document = documentMarkdown(
    title,
    "Les électeurs de trois bureaux de vote d'Orsay ont évalué les douze candidats au jugement majoritaire.",
  );
  const description = proposalDescription(title, toIpfsUri(rawCid(document)));
  const proposer = judgment.connect(founders[0]);
  const proposalId = await judgment.hashProposal(founderAddresses[0], options, false, id(description));
  await (await proposer.propose(options, false, description)).wait();
  await advanceTo(provider, (await judgment.proposalDetails(proposalId)).snapshot + 1n);

  const judgmentAddress = await judgment.getAddress();
  const ballotGas = await sendInBlocks(provider, ballots, "ballot", onProgress, (index, maxFeePerGas) =>
    voters[index].signTransaction({
      type: 2,
      chainId,
      nonce: 1,
      to: judgmentAddress,
      data: judgment.interface.encodeFunctionData("castBallot", [proposalId, ballots[index].grades]),
      gasLimit: BALLOT_GAS_LIMIT,
      maxFeePerGas,
      maxPriorityFeePerGas: 0n,
    }),
  );
  await advanceTo(provider, (await judgment.proposalDetails(proposalId)).deadline + 1n);

  return {
    cooperative,
    proposalId,
    voterTransactions: 2 * ballots.length,
    maxGasUsed: { subscribe: subscribeGas, ballot: ballotGas },
  };
}

/**
 * Sends one signed transaction per ballot with automine off, mining a block after every
 * {@link TRANSACTIONS_PER_BLOCK}, and checks that each one succeeded. Returns the maximum gas that one of them used.
 */
async function sendInBlocks(
  provider: RpcProvider,
  ballots: readonly OrsayBallot[],
  phase: OrsayProgress["phase"],
  onProgress: ((progress: OrsayProgress) => void) | undefined,
  sign: (index: number, maxFeePerGas: bigint) => Promise<string>,
): Promise<bigint> {
  let maxGasUsed = 0n;
  await provider.send("evm_setAutomine", [false]);
  try {
    for (let start = 0; start < ballots.length; start += TRANSACTIONS_PER_BLOCK) {
      const end = Math.min(start + TRANSACTIONS_PER_BLOCK, ballots.length);
      const maxFeePerGas = await batchMaxFee(provider);
      const hashes = new Map<string, string>();
      for (let index = start; index < end; index++) {
        const raw = await sign(index, maxFeePerGas);
        hashes.set((await provider.send("eth_sendRawTransaction", [raw])) as string, ballots[index].id);
      }
      const gasUsed = await mineUntilIncluded(provider, hashes, phase);
      if (gasUsed > maxGasUsed) maxGasUsed = gasUsed;
      onProgress?.({ phase, done: end, total: ballots.length });
    }
  } finally {
    await provider.send("evm_setAutomine", [true]);
  }
  return maxGasUsed;
}

/**
 * Returns a max fee per gas that stays above the base fee for the few blocks of one batch: twice the
 * latest base fee plus 1 gwei, as the base fee rises by at most 12.5% a block.
 */
async function batchMaxFee(provider: RpcProvider): Promise<bigint> {
  const block = await provider.getBlock("latest");
  const baseFee = block?.baseFeePerGas ?? 0n;
  return 2n * baseFee + 1_000_000_000n;
}

/**
 * Mines blocks until every transaction of `hashes` (hash to ballot id) has a successful receipt, and
 * returns the maximum gas that one of them used.
 */
async function mineUntilIncluded(
  provider: RpcProvider,
  hashes: ReadonlyMap<string, string>,
  phase: OrsayProgress["phase"],
): Promise<bigint> {
  let maxGasUsed = 0n;
  const pending = new Map(hashes);
  for (let block = 0; block < MAX_BLOCKS_PER_BATCH && pending.size > 0; block++) {
    await provider.send("evm_mine", []);
    for (const [hash, ballotId] of [...pending]) {
      const receipt = await provider.getTransactionReceipt(hash);
      if (receipt === null) continue;
      if (receipt.status !== 1) {
        throw new Error(
          `The ${phase} transaction ${hash} of ballot ${ballotId} reverted (gas used ${receipt.gasUsed}).`,
        );
      }
      if (receipt.gasUsed > maxGasUsed) maxGasUsed = receipt.gasUsed;
      pending.delete(hash);
    }
  }
  if (pending.size > 0) {
    const ballotIds = [...pending.values()].slice(0, 5).join(", ");
    throw new Error(
      `${pending.size} ${phase} transactions were still pending after ${MAX_BLOCKS_PER_BATCH} blocks ` +
        `(ballots ${ballotIds}...): their fee or gas limit does not fit the blocks.`,
    );
  }
  return maxGasUsed;
}

/** Results of a replayed vote, read from the chain once voting has closed. */
export interface OrsayResults {
  /** `tallies[i][g]`: the governor's histogram of candidate `i`. */
  tallies: bigint[][];
  /** Ranking of the tallies by `MajorityJudgmentRanker`, which runs the governor's own library. */
  ranking: Ranking;
  outcome: JudgmentOutcome;
}

/**
 * Reads the governor's histograms and outcome of `proposalId`, and ranks the histograms on chain
 * with a `MajorityJudgmentRanker` that `deployer` deploys.
 *
 * @throws Error when the ranker's first place differs from the governor's leaders.
 */
export async function readOrsayResults(vote: OrsayVote, deployer: Signer): Promise<OrsayResults> {
  const { judgment } = vote.cooperative;
  const tallies = await judgmentTallies(judgment, vote.proposalId);
  const outcome = await judgmentOutcome(judgment, vote.proposalId);
  const ranker = await new MajorityJudgmentRanker__factory(deployer).deploy();
  await ranker.waitForDeployment();
  const [order, tiedWithPrevious] = await ranker.rank(tallies);
  const ranking = rankingFromOrder([...order], [...tiedWithPrevious]);
  const first = [...ranking.groups[0]].sort((a, b) => a - b).join(",");
  if (first !== outcome.leaders.join(",")) {
    throw new Error(
      `The ranker puts [${first}] first but the governor's outcome puts [${outcome.leaders.join(",")}] first.`,
    );
  }
  return { tallies, ranking, outcome };
}
