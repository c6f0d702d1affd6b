// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ICoopColleges
 * @notice College voting for a multi-stakeholder cooperative: each member category (workers, users,
 * partners, public bodies) votes in its own college, and the colleges' results are combined with
 * the weights that the statutes fix.
 *
 * The cooperative's governors record each vote here as they count it, and read the combined result
 * back. The configuration (colleges, weights, switch, quorum mode) is versioned by the membership
 * clock, so a proposal is always counted with the configuration in force at its snapshot.
 */
interface ICoopColleges {
    /// @notice How the quorum of a proposal counted by colleges is reached.
    enum QuorumMode {
        /// The weight counted toward the quorum, summed over every college, reaches the quorum.
        Global,
        /// Each college's counted weight reaches its share of the quorum, in proportion to its weight.
        PerCollege
    }

    /// @notice What a proposal's tally holds.
    enum TallyKind {
        /// Nothing recorded yet, or college voting was off at the proposal's snapshot.
        None,
        /// Votes against, for and abstain.
        YesNo,
        /// Majority-judgment ballots: one grade per option.
        Judgment
    }

    /// @notice One college: its id in the membership register, its label document and its weight.
    struct College {
        /// The college id that `CoopMembership.memberInfo` reports for its members; never 0.
        uint16 id;
        /// The college's weight in the combined result, in basis points; all weights sum to 10,000.
        uint16 weightBps;
        /// The binary IPFS CID of the document naming and describing the college.
        bytes labelCid;
    }

    /// @notice The configuration in force at one timepoint.
    struct Configuration {
        /// Whether proposals whose snapshot falls under this configuration are counted by colleges.
        bool enabled;
        /// How their quorum is reached.
        QuorumMode quorumMode;
        /// The colleges and their weights; empty before the first {setColleges}.
        College[] colleges;
    }

    /// @notice What a tally recorded for a proposal: its kind, snapshot and ballot shape.
    struct TallyInfo {
        TallyKind kind;
        uint48 snapshot;
        uint8 optionCount;
        uint8 gradeCount;
    }

    /// @notice Emitted when governance replaces the colleges; they form college set `setId`.
    event CollegesSet(uint32 indexed setId, College[] colleges);

    /// @notice Emitted when governance sets the bounds of every college's weight, in basis points.
    event CollegeBoundsSet(uint16 minBps, uint16 maxBps);

    /// @notice Emitted when governance turns college voting on or off for proposals with later snapshots.
    event CollegeVotingSet(bool enabled);

    /// @notice Emitted when governance sets the quorum mode for proposals with later snapshots.
    event QuorumModeSet(QuorumMode mode);

    /// @notice Emitted when governance allows or stops `governor` recording votes.
    event GovernorRegistered(address indexed governor, bool registered);

    /// @notice Emitted when `governor` records a yes/no vote of `voter`, counted in college `college`.
    event CollegeVoteRecorded(
        address indexed governor,
        uint256 indexed proposalId,
        address indexed voter,
        uint16 college,
        uint256 againstWeight,
        uint256 forWeight,
        uint256 abstainWeight
    );

    /// @notice Emitted when `governor` records a majority-judgment ballot of `voter` in college `college`.
    event CollegeBallotRecorded(
        address indexed governor,
        uint256 indexed proposalId,
        address indexed voter,
        uint16 college,
        uint8[] grades,
        uint256 weight,
        bool replaced
    );

    /**
     * @notice Emitted when `governor` records a fractional majority-judgment ballot of `voter` in college
     * `college`. The judgment governor's own event carries the parts.
     */
    event CollegeFractionalBallotRecorded(
        address indexed governor,
        uint256 indexed proposalId,
        address indexed voter,
        uint16 college,
        uint256 weight,
        bool replaced
    );

    /// @notice `caller` is not the cooperative's timelock.
    error CoopCollegesUnauthorized(address caller);

    /// @notice The address `what` is zero.
    error CoopCollegesZeroAddress(string what);

    /// @notice `membership` has no code, so it cannot be a membership register.
    error CoopCollegesInvalidMembership(address membership);

    /// @notice `count` colleges were given; there must be between 1 and `max`.
    error CoopCollegesCollegeCount(uint256 count, uint256 max);

    /// @notice College voting cannot be turned on before any colleges are configured.
    error CoopCollegesNoColleges();

    /// @notice College id 0 means "no college" and cannot be configured.
    error CoopCollegesInvalidCollegeId(uint16 college);

    /// @notice College `college` appears twice.
    error CoopCollegesDuplicateCollege(uint16 college);

    /// @notice College `college` has a weight of zero.
    error CoopCollegesZeroWeight(uint16 college);

    /// @notice The weight `weightBps` of college `college` is below the minimum `minBps`.
    error CoopCollegesWeightBelowMinimum(uint16 college, uint16 weightBps, uint16 minBps);

    /// @notice The weight `weightBps` of college `college` is above the maximum `maxBps`.
    error CoopCollegesWeightAboveMaximum(uint16 college, uint16 weightBps, uint16 maxBps);

    /// @notice The college weights sum to `sumBps` instead of 10,000.
    error CoopCollegesWeightSumMismatch(uint256 sumBps);

    /// @notice The bounds are not `minBps <= maxBps <= 10,000`.
    error CoopCollegesInvalidBounds(uint16 minBps, uint16 maxBps);

    /// @notice A vote names snapshot `snapshot`, which is not in the past of the clock `clock`.
    error CoopCollegesFutureSnapshot(uint256 snapshot, uint48 clock);

    /// @notice Proposal `proposalId` was first recorded with snapshot `expected`, not `given`.
    error CoopCollegesSnapshotMismatch(uint256 proposalId, uint256 expected, uint256 given);

    /// @notice Proposal `proposalId` holds a tally of kind `kind`, which this call does not accept.
    error CoopCollegesTallyKindMismatch(uint256 proposalId, TallyKind kind);

    /// @notice `voter` is in college `college`, which the configuration at the snapshot does not have.
    error CoopCollegesNoCollege(address voter, uint16 college);

    /// @notice `support` is none of against (0), for (1), abstain (2) or fractional (255).
    error CoopCollegesInvalidSupport(uint8 support);

    /// @notice A fractional vote's parameters are not three packed `uint128` summing to `weight`.
    error CoopCollegesInvalidFractionalVote(uint256 weight, bytes params);

    /// @notice A ballot of `optionCount` options on `gradeCount` grades does not fit the proposal's tally.
    error CoopCollegesInvalidBallotShape(uint256 optionCount, uint256 gradeCount);

    /// @notice The parts of option `option` of a fractional ballot sum to `sum` instead of the weight `weight`.
    error CoopCollegesPartsMismatch(uint256 option, uint256 sum, uint256 weight);

    /// @notice Option `option` got grade `grade`, outside a scale of `gradeCount` grades.
    error CoopCollegesGradeOutOfScale(uint256 option, uint256 grade, uint256 gradeCount);

    // ---------------------------------------------------------------------------------------------
    // Configuration, by the timelock
    // ---------------------------------------------------------------------------------------------

    /**
     * @notice Replaces the whole set of colleges, for proposals whose snapshot comes later. Ids are
     * unique and non-zero, labels are valid binary CIDs, weights are within the bounds and sum to
     * 10,000 basis points. Only the timelock: an extraordinary decision.
     */
    function setColleges(College[] calldata colleges) external;

    /**
     * @notice Sets the bounds of every college's weight, in basis points, checked against the
     * current colleges now and against every later {setColleges}. `(0, 10_000)` means no bounds.
     * Only the timelock: an extraordinary decision.
     */
    function setBounds(uint16 minBps, uint16 maxBps) external;

    /**
     * @notice Turns college voting on or off for proposals whose snapshot comes later, once colleges
     * are configured. Only the timelock.
     */
    function setEnabled(bool enabled) external;

    /// @notice Sets the quorum mode for proposals whose snapshot comes later. Only the timelock.
    function setQuorumMode(QuorumMode mode) external;

    /**
     * @notice Allows (or stops) `governor` to record votes. Only the timelock: an extraordinary decision.
     * @dev A governor counts by college the proposals whose snapshot is at or after its registration
     * (re-registering keeps the first date); the others, and every proposal of a governor that is not
     * registered, are counted by member, as the recording functions return false. Withdrawing a
     * governor leaves its proposals already counting by college as they are.
     */
    function setGovernor(address governor, bool registered) external;

    // ---------------------------------------------------------------------------------------------
    // Recording, by registered governors
    // ---------------------------------------------------------------------------------------------

    /**
     * @notice Records a yes/no vote as OpenZeppelin's fractional counting receives it: `support` 0,
     * 1 or 2 puts all of `weight` against, for or abstain; `support` 255 splits it as `params`, three
     * packed `uint128` (against, for, abstain) summing to `weight`. Votes add up, so a voter may split
     * their weight over several calls. The voter's college is read from the membership register.
     * @return recorded False, with nothing stored, when the proposal is not counted by college: college
     * voting was off at `snapshot`, or the caller was not registered by then (see {setGovernor}).
     */
    function recordVote(
        uint256 proposalId,
        uint256 snapshot,
        address voter,
        uint8 support,
        uint256 weight,
        bytes calldata params
    ) external returns (bool recorded);

    /**
     * @notice Records a majority-judgment ballot of `voter`: `grades[option]` with `weight`, on a
     * scale of `gradeCount` grades. A later ballot of the same voter replaces this one.
     * @return recorded False, with nothing stored, when the proposal is not counted by college: college
     * voting was off at `snapshot`, or the caller was not registered by then (see {setGovernor}).
     */
    function recordBallot(
        uint256 proposalId,
        uint256 snapshot,
        address voter,
        uint8[] calldata grades,
        uint8 gradeCount,
        uint256 weight
    ) external returns (bool recorded);

    /**
     * @notice Records a fractional majority-judgment ballot of `voter`, as the judgment governor's
     * `castFractionalBallot` receives it: `parts[option][grade]` is the weight given that grade, and
     * each option's parts sum to `weight`. A later ballot of the same voter, plain or fractional,
     * replaces this one.
     * @return recorded False, with nothing stored, when the proposal is not counted by college: college
     * voting was off at `snapshot`, or the caller was not registered by then (see {setGovernor}).
     */
    function recordFractionalBallot(
        uint256 proposalId,
        uint256 snapshot,
        address voter,
        uint256[][] calldata parts,
        uint256 weight
    ) external returns (bool recorded);

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice Returns the cooperative's membership register, whose clock and colleges this contract reads.
    function membership() external view returns (address);

    /// @notice Returns the cooperative's timelock, which configures this contract.
    function timelock() external view returns (address);

    /**
     * @notice Returns the configuration in force at `timepoint` of the membership clock. A timepoint
     * not yet past reads the latest configuration, which may still change.
     */
    function configurationAt(uint256 timepoint) external view returns (Configuration memory);

    /// @notice Returns the weight bounds, in basis points.
    function bounds() external view returns (uint16 minBps, uint16 maxBps);

    /// @notice Returns whether `governor` is registered: whether its new proposals are counted by college.
    function isGovernor(address governor) external view returns (bool);

    /// @notice Returns what was recorded for proposal `proposalId` of `governor`.
    function tallyInfo(address governor, uint256 proposalId) external view returns (TallyInfo memory);

    /// @notice Returns the yes/no weights recorded in one college, and the weight that voted there.
    function collegeVotes(
        address governor,
        uint256 proposalId,
        uint16 college
    ) external view returns (uint256 againstWeight, uint256 forWeight, uint256 abstainWeight, uint256 votedWeight);

    /// @notice Returns one college's grade histograms, `[option][grade]`, and the weight that voted there.
    function collegeHistograms(
        address governor,
        uint256 proposalId,
        uint16 college
    ) external view returns (uint256[][] memory histograms, uint256 votedWeight);

    /**
     * @notice Returns the combined yes/no result as shares of {CollegeTally.SCALE}, each rounded
     * down, so they sum to at most the scale (all zero when nobody voted).
     */
    function combinedYesNo(
        address governor,
        uint256 proposalId
    ) external view returns (uint256 againstShare, uint256 forShare, uint256 abstainShare);

    /// @notice Returns the combined grade histograms, `[option][grade]`; each option totals the scale.
    function combinedHistograms(address governor, uint256 proposalId) external view returns (uint256[][] memory);

    /// @notice Ranks the options by majority judgment on the combined histograms, best first.
    function combinedRanking(
        address governor,
        uint256 proposalId
    ) external view returns (uint256[] memory order, bool[] memory tiedWithPrevious);

    /// @notice Returns whether the combined yes/no result passes: the for share exceeds the against share.
    function voteSucceeded(address governor, uint256 proposalId) external view returns (bool);

    /// @notice Returns whether the proposal reaches `quorum` (in voting weight) under its quorum mode.
    function quorumReached(address governor, uint256 proposalId, uint256 quorum) external view returns (bool);
}
