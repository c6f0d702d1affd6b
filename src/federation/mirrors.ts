import type { FederationRelay } from "../../typechain-types";
import { toIpfsUri } from "../ipfs/cidText";

/** Names of `IFederationRelay.MirrorKind`, indexed by the kind's number, as the tasks' `--kind` takes them. */
export const MIRROR_KINDS = ["yesno", "judgment"] as const;

export type MirrorKindName = (typeof MIRROR_KINDS)[number];

/** Names of `IFederationRelay.MirrorState`, indexed by the state's number. */
export const MIRROR_STATES = ["Active", "Ended", "Cast"] as const;

export type MirrorStateName = (typeof MIRROR_STATES)[number];

/** Votes counted on a mirror, as the relay's `tally` returns them. */
export interface MirrorTally {
  against: bigint;
  for: bigint;
  abstain: bigint;
  /** Weight that voted, of either kind: the base of the split cast upward. */
  participation: bigint;
}

/** A mirror as the relay stores it, with its current state and votes. */
export interface MirrorSummary {
  mirrorId: bigint;
  /** The vote box above: the federation's governor or judgment governor, or a relay one level up. */
  source: string;
  sourceProposalId: bigint;
  kind: MirrorKindName;
  state: MirrorStateName;
  /** Snapshot of the source proposal and end of the members' vote, in seconds since the Unix epoch. */
  snapshot: bigint;
  deadline: bigint;
  /** Weight the members' votes must reach before the result can be cast upward. */
  quorum: bigint;
  cast: boolean;
  /** Options and grades of a majority-judgment mirror, zero for yes/no. */
  optionCount: number;
  gradeCount: number;
  /** The `ipfs://b...` URI of the source proposal's document. */
  documentUri: string;
  tally: MirrorTally;
  /** Weight per grade of each option (`histogram[option][grade]`) of a majority-judgment mirror, else null. */
  histogram: bigint[][] | null;
}

/** Reads mirror `mirrorId` of `relay`. Throws the relay's `RelayUnknownMirror` for an unknown id. */
export async function readMirror(relay: FederationRelay, mirrorId: bigint): Promise<MirrorSummary> {
  const [record, state, counted, document] = await Promise.all([
    relay.mirror(mirrorId),
    relay.mirrorState(mirrorId),
    relay.tally(mirrorId),
    relay.document(mirrorId),
  ]);
  const kind = mirrorKindName(record.kind);
  const histogram = kind === "judgment" ? (await relay.histogram(mirrorId)).map((row) => [...row]) : null;
  return {
    mirrorId,
    source: record.source,
    sourceProposalId: record.sourceProposalId,
    kind,
    state: mirrorStateName(state),
    snapshot: record.snapshot,
    deadline: record.deadline,
    quorum: record.quorum,
    cast: record.cast,
    optionCount: Number(record.optionCount),
    gradeCount: Number(record.gradeCount),
    documentUri: toIpfsUri(document),
    tally: {
      against: counted.againstVotes,
      for: counted.forVotes,
      abstain: counted.abstainVotes,
      participation: counted.participation,
    },
    histogram,
  };
}

/**
 * Lists the ids of the mirrors of `relay` from its `ProposalMirrored` events, oldest first.
 *
 * NOTE: the query covers every block from 0, which a public RPC endpoint may reject as too wide.
 */
export async function listMirrorIds(relay: FederationRelay): Promise<bigint[]> {
  const events = await relay.queryFilter(relay.filters.ProposalMirrored());
  return events.map((event) => event.args.mirrorId);
}

/** Returns the name of a mirror kind number. */
export function mirrorKindName(kind: bigint): MirrorKindName {
  const name = MIRROR_KINDS[Number(kind)];
  if (name === undefined) throw new Error(`Unknown mirror kind ${kind}.`);
  return name;
}

/** Returns the name of a mirror state number. */
export function mirrorStateName(state: bigint): MirrorStateName {
  const name = MIRROR_STATES[Number(state)];
  if (name === undefined) throw new Error(`Unknown mirror state ${state}.`);
  return name;
}
