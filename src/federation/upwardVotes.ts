import { dataLength, dataSlice, toBigInt, type Interface, type Log } from "ethers";

import { CoopGovernor__factory, CoopJudgmentGovernor__factory, FederationRelay__factory } from "../../typechain-types";

/** Packed length of fractional vote params: three 16-byte amounts (against, for, abstain). */
const FRACTIONAL_PARAMS_LENGTH = 48;

/** The vote a relay cast upward, as the vote box above recorded it. */
export type UpwardVote =
  | { kind: "yesno"; weight: bigint; against: bigint; for: bigint; abstain: bigint }
  /** `parts[option][grade]`: the weight given to each grade of each option, worst grade first. */
  | { kind: "judgment"; weight: bigint; parts: bigint[][] };

/** Events that the vote boxes above a relay emit when it votes, by the interface that decodes them. */
const VOTE_EVENT_SOURCES: Interface[] = [
  CoopGovernor__factory.createInterface(),
  CoopJudgmentGovernor__factory.createInterface(),
  FederationRelay__factory.createInterface(),
];

/** Names of the events that {@link findUpwardVote} reads; others, such as a late quorum's `ProposalExtended`, are skipped. */
const VOTE_EVENTS = new Set([
  "VoteCastWithParams",
  "MirrorVoteCast",
  "FractionalBallotCast",
  "MirrorFractionalBallotCast",
]);

/**
 * Splits fractional vote params, three uint128 amounts packed as OpenZeppelin's fractional counting
 * reads them, into against, for and abstain.
 */
export function decodeFractionalParams(params: string): { against: bigint; for: bigint; abstain: bigint } {
  if (dataLength(params) !== FRACTIONAL_PARAMS_LENGTH) {
    throw new Error(`Invalid fractional vote params ${params}: expected ${FRACTIONAL_PARAMS_LENGTH} bytes.`);
  }
  return {
    against: toBigInt(dataSlice(params, 0, 16)),
    for: toBigInt(dataSlice(params, 16, 32)),
    abstain: toBigInt(dataSlice(params, 32, 48)),
  };
}

/**
 * Finds, in the logs of a `castUpward` transaction, the vote that `relay` cast in the vote box
 * `source`: a yes/no governor's `VoteCastWithParams`, a judgment governor's `FractionalBallotCast`,
 * or a relay's `MirrorVoteCast` or `MirrorFractionalBallotCast` one level up. Returns undefined when
 * the logs hold none.
 */
export function findUpwardVote(logs: readonly Log[], relay: string, source: string): UpwardVote | undefined {
  for (const log of logs) {
    if (log.address.toLowerCase() !== source.toLowerCase()) continue;
    for (const iface of VOTE_EVENT_SOURCES) {
      const parsed = iface.parseLog(log);
      if (parsed === null || !VOTE_EVENTS.has(parsed.name)) continue;
      const voter = parsed.args.getValue("voter") as string;
      if (voter.toLowerCase() !== relay.toLowerCase()) continue;
      switch (parsed.name) {
        case "VoteCastWithParams":
          return {
            kind: "yesno",
            weight: parsed.args.getValue("weight") as bigint,
            ...decodeFractionalParams(parsed.args.getValue("params") as string),
          };
        case "MirrorVoteCast": {
          const against = parsed.args.getValue("againstVotes") as bigint;
          const inFavour = parsed.args.getValue("forVotes") as bigint;
          const abstain = parsed.args.getValue("abstainVotes") as bigint;
          return { kind: "yesno", weight: against + inFavour + abstain, against, for: inFavour, abstain };
        }
        case "FractionalBallotCast":
        case "MirrorFractionalBallotCast": {
          const parts = parsed.args.getValue("parts") as bigint[][];
          return {
            kind: "judgment",
            weight: parsed.args.getValue("weight") as bigint,
            parts: parts.map((row) => [...row]),
          };
        }
      }
    }
  }
  return undefined;
}
