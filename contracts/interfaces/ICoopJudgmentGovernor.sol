// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ICoopJudgmentGovernor
 * @notice The multi-option decisions of a cooperative, by majority judgment: every member grades
 * every option, the option with the best majority grade wins, and its actions run through the
 * cooperative's timelock.
 */
interface ICoopJudgmentGovernor {
    /// @notice Where a proposal stands. `Defeated` covers a missed quorum, a tie for first place and
    /// a winner graded below the minimum; {outcome} says which.
    enum ProposalState {
        Pending,
        Active,
        Canceled,
        Defeated,
        Succeeded,
        Queued,
        Executed
    }

    /// @notice The result of a proposal once counted.
    enum Outcome {
        QuorumNotReached,
        Tie,
        BelowMinimum,
        Winner
    }

    /// @notice How a voter's ballot was cast.
    enum BallotKind {
        None,
        Grades,
        Fractional
    }

    /**
     * @notice Rules of new proposals, frozen into each proposal when it is created.
     * @param votingDelay Seconds between a proposal and its snapshot, when voting opens.
     * @param votingPeriod Seconds that voting lasts.
     * @param quorumPercent Weight that must cast a ballot, in percent of the total weight at the snapshot.
     * @param gradeCount Grades on the scale, from 2 to 16; index 0 is the worst.
     * @param minimumGrade Lowest majority grade that lets a winner execute, below `gradeCount`.
     * @param lateQuorumExtension Seconds that voting stays open after a ballot first brings
     * participation to the quorum, when that ballot comes less than this long before the deadline;
     * at most `votingPeriod`, and 0 turns the protection off.
     */
    struct Settings {
        uint48 votingDelay;
        uint32 votingPeriod;
        uint16 quorumPercent;
        uint8 gradeCount;
        uint8 minimumGrade;
        uint48 lateQuorumExtension;
    }

    /**
     * @notice One option of a proposal.
     * @param label Binary CID of the document that describes the option.
     * @param targets Calls that run if the option wins; empty for a pure choice.
     */
    struct Option {
        bytes label;
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
    }

    /**
     * @notice A proposal's frozen rules and lifecycle.
     * @param statusQuo Whether the last option is "none of these", without label or actions.
     * @param eta When the winner's actions can run, once queued; 0 before.
     */
    struct ProposalDetails {
        address proposer;
        uint48 snapshot;
        uint48 deadline;
        uint8 optionCount;
        uint8 gradeCount;
        uint8 minimumGrade;
        uint16 quorumPercent;
        bool statusQuo;
        bool canceled;
        bool executed;
        uint48 eta;
    }

    /// @notice A proposal was created. The options carry their label CIDs and actions.
    event ProposalCreated(
        uint256 indexed proposalId,
        address indexed proposer,
        Option[] options,
        bool statusQuo,
        Settings rules,
        uint48 snapshot,
        uint48 deadline,
        string description
    );

    /// @notice `voter` cast or replaced (`replaced`) a ballot giving `grades[i]` to option `i`.
    event BallotCast(address indexed voter, uint256 indexed proposalId, uint8[] grades, uint256 weight, bool replaced);

    /// @notice `voter` cast or replaced a ballot spreading `weight` over the grades of each option.
    event FractionalBallotCast(
        address indexed voter,
        uint256 indexed proposalId,
        uint256[][] parts,
        uint256 weight,
        bool replaced
    );

    /// @notice A ballot brought `proposalId` to its quorum late, so voting now ends at `extendedDeadline`.
    event ProposalExtended(uint256 indexed proposalId, uint48 extendedDeadline);

    /// @notice The winner `option` of `proposalId` was queued in the timelock, to run from `eta`.
    event ProposalQueued(uint256 indexed proposalId, uint256 indexed option, uint48 eta);

    /// @notice The winner `option` of `proposalId` ran.
    event ProposalExecuted(uint256 indexed proposalId, uint256 indexed option);

    /// @notice `proposalId` was canceled by `by`.
    event ProposalCanceled(uint256 indexed proposalId, address indexed by);

    /// @notice The rules of new proposals changed.
    event SettingsSet(Settings settings);

    /// @notice An initializer argument named `parameter` is the zero address.
    error CoopJudgmentZeroAddress(string parameter);

    /// @notice Only the cooperative's timelock may call this function; `caller` did.
    error CoopJudgmentOnlyTimelock(address caller);

    /// @notice A setting is out of range; `setting` names it and `value` is what was given.
    error CoopJudgmentInvalidSetting(string setting, uint256 value);

    /// @notice `account` is not a member now, so it cannot propose or vote.
    error CoopJudgmentNotMember(address account);

    /// @notice `account` had no vote at the snapshot of `proposalId`, because it joined later.
    error CoopJudgmentNoVotesAtSnapshot(address account, uint256 proposalId);

    /// @notice A proposal has `count` options, counting the status quo; it needs 2 to `max`.
    error CoopJudgmentOptionCount(uint256 count, uint256 max);

    /// @notice Option `option` has no valid label CID.
    error CoopJudgmentInvalidLabel(uint256 option);

    /// @notice Option `option` has `targets`, `values` and `calldatas` arrays of different lengths.
    error CoopJudgmentInvalidActions(uint256 option, uint256 targets, uint256 values, uint256 calldatas);

    /// @notice The options have `count` actions in all, above the maximum `max`.
    error CoopJudgmentTooManyActions(uint256 count, uint256 max);

    /// @notice Option `option` calls a function that needs an extraordinary yes/no decision.
    error CoopJudgmentExtraordinaryOption(uint256 option);

    /// @notice A proposal with the same proposer, options and description exists already.
    error CoopJudgmentProposalExists(uint256 proposalId);

    /// @notice No proposal has the identifier `proposalId`.
    error CoopJudgmentUnknownProposal(uint256 proposalId);

    /// @notice `proposalId` is in `state`, where this call is not allowed.
    error CoopJudgmentUnexpectedState(uint256 proposalId, ProposalState state);

    /// @notice A ballot has `count` grades where the proposal has `expected` options.
    error CoopJudgmentWrongGradeCount(uint256 count, uint256 expected);

    /// @notice `grade` given to option `option` is outside the scale of `gradeCount` grades.
    error CoopJudgmentGradeOutOfScale(uint256 option, uint256 grade, uint256 gradeCount);

    /// @notice The parts given to option `option` add up to `sum` instead of the voter's `weight`.
    error CoopJudgmentPartsMismatch(uint256 option, uint256 sum, uint256 weight);

    /// @notice Option `option`'s count for grade `grade` would exceed the packed width of 64 bits.
    error CoopJudgmentCountOverflow(uint256 option, uint256 grade);

    /// @notice `voter` has the weight `weight`, above the 64-bit width of a histogram count.
    error CoopJudgmentWeightTooLarge(address voter, uint256 weight);

    /// @notice The signature does not recover to `voter`, or its nonce is not the next one.
    error CoopJudgmentInvalidSignature(address voter);

    /// @notice Only `participation` of the weight cast a ballot, below the quorum `quorum`.
    error CoopJudgmentQuorumNotReached(uint256 proposalId, uint256 participation, uint256 quorum);

    /// @notice `options` tie for first place, so no option wins and nothing runs.
    error CoopJudgmentTied(uint256 proposalId, uint256[] options);

    /// @notice The winner `option` has the majority grade `grade`, below the minimum `minimumGrade`.
    error CoopJudgmentBelowMinimum(uint256 proposalId, uint256 option, uint256 grade, uint256 minimumGrade);

    /// @notice The winner `option` has no actions: the choice is recorded and nothing runs.
    error CoopJudgmentNothingToExecute(uint256 proposalId, uint256 option);

    /// @notice The actions given are not those of the winner `option`.
    error CoopJudgmentActionsMismatch(uint256 proposalId, uint256 option);

    /// @notice `caller` may not cancel `proposalId`: only its proposer before voting opens, or the guardian.
    error CoopJudgmentCannotCancel(uint256 proposalId, address caller);

    /**
     * @notice Creates a proposal. The caller must be a member.
     * @param options The options, each with a label CID and optional actions that must be ordinary.
     * @param statusQuo Whether to add a last option "none of these", without label or actions.
     * @param description Title and text; must contain the `ipfs://` URI of the proposal's document.
     * @return proposalId The proposal's identifier, from the proposer, options and description.
     */
    function propose(
        Option[] calldata options,
        bool statusQuo,
        string calldata description
    ) external returns (uint256 proposalId);

    /**
     * @notice Casts or replaces the caller's ballot: `grades[i]` for option `i`, with all the caller's
     * weight at the snapshot. To leave an option ungraded, give it grade 0, the worst. The ballot
     * uses the caller's next nonce of the key `uint192(proposalId)`, which revokes any ballot the
     * caller signed for this proposal and nobody relayed yet. Every ballot, of any form, is also
     * recorded in the charter's college module when there is one; while college voting is on, a
     * member in no configured college cannot vote.
     * @return weight The caller's weight at the snapshot.
     */
    function castBallot(uint256 proposalId, uint8[] calldata grades) external returns (uint256 weight);

    /**
     * @notice Casts or replaces the ballot of `voter`, who signed it (EIP-712 `Ballot`) with the
     * next nonce of the key `uint192(proposalId)`. Anyone may relay it until the deadline.
     */
    function castBallotBySig(
        uint256 proposalId,
        address voter,
        uint8[] calldata grades,
        bytes calldata signature
    ) external returns (uint256 weight);

    /**
     * @notice Casts or replaces the caller's ballot as parts of its weight: `parts[i][g]` goes to
     * grade `g` of option `i`, and each option's parts must add up to the weight exactly. Like
     * {castBallot}, it uses the caller's next nonce for the proposal.
     */
    function castFractionalBallot(uint256 proposalId, uint256[][] calldata parts) external returns (uint256 weight);

    /// @notice Queues the winner's actions in the timelock. Anyone may call it once the proposal succeeded.
    function queue(
        uint256 proposalId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external;

    /// @notice Runs the queued winner's actions through the timelock, once its delay has passed.
    function execute(
        uint256 proposalId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external payable;

    /// @notice Cancels a proposal: its proposer before voting opens, or the guardian until it runs.
    function cancel(uint256 proposalId) external;

    /// @notice Changes the rules of new proposals. Only the timelock, through a proposal.
    function setSettings(Settings calldata settings) external;

    /// @notice Returns where `proposalId` stands.
    function state(uint256 proposalId) external view returns (ProposalState);

    /**
     * @notice Counts `proposalId` as it stands: the outcome, the options tied for first place (one
     * option when there is a winner), the majority grade of the first and the participation.
     * @dev When the charter's college module recorded the proposal's ballots (college voting on at
     * its snapshot), the options are ranked on the college-weighted histograms and the module
     * decides the quorum under its quorum mode; `participation` and `quorum` stay the members'
     * figures, so a per-college quorum can fail while `participation` reaches `quorum`.
     */
    function outcome(
        uint256 proposalId
    )
        external
        view
        returns (Outcome result, uint256[] memory leaders, uint256 grade, uint256 participation, uint256 quorum);

    /**
     * @notice Returns the histograms of `proposalId`: `tallies[i][g]` is the weight of grade `g` for
     * option `i`. `MajorityJudgmentRanker.rank` ranks them with the governor's own library.
     */
    function tallies(uint256 proposalId) external view returns (uint256[][] memory);

    /// @notice Returns the frozen rules and lifecycle of `proposalId`.
    function proposalDetails(uint256 proposalId) external view returns (ProposalDetails memory);

    /// @notice Returns whether option `option` of `proposalId` has actions, and their hash.
    function optionActionsHash(uint256 proposalId, uint256 option) external view returns (bytes32);

    /**
     * @notice Returns the ballot of `voter` on `proposalId`: how it was cast, its weight, and
     * for a ballot of grades, the grade of each option.
     */
    function ballotOf(
        uint256 proposalId,
        address voter
    ) external view returns (BallotKind kind, uint256 weight, uint8[] memory grades);

    /// @notice Returns the rules that new proposals get.
    function settings() external view returns (Settings memory);

    /// @notice Returns the proposal identifier for these inputs, whether or not it exists.
    function hashProposal(
        address proposer,
        Option[] calldata options,
        bool statusQuo,
        bytes32 descriptionHash
    ) external pure returns (uint256);
}
