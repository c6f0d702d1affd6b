// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICoopJudgmentGovernor} from "./ICoopJudgmentGovernor.sol";

/**
 * @title IFederationRelay
 * @notice The seat of one member cooperative in one federation. The relay is the federation's
 * member: it holds the cooperative's weight there, and it is the only account that votes in the
 * federation for that cooperative. A federation proposal is mirrored into the relay, the
 * cooperative's members vote on the mirror, and anyone then casts the result upward, split in
 * proportion to the members' votes.
 *
 * A mirror offers the same voting functions as the governors above it (`castVoteWithReasonAndParams`
 * with fractional counting, and `castFractionalBallot`), so the relay of a regional federation is a
 * vote box for the relays of its own members, and votes travel through any number of levels.
 */
interface IFederationRelay {
    /// @notice What a mirrored proposal decides: yes/no, or grades by majority judgment.
    enum MirrorKind {
        YesNo,
        Judgment
    }

    /// @notice Where a mirrored proposal stands.
    enum MirrorState {
        Active,
        Ended,
        Cast
    }

    /**
     * @notice A federation proposal mirrored into the cooperative.
     * @param source The vote box above: the federation's yes/no or majority-judgment governor, or
     * the relay through which the federation itself votes one level higher.
     * @param snapshot The source proposal's snapshot: members vote with their weight at that time.
     * @param deadline End of the members' vote, before the source's deadline by the cast window.
     * @param sourceProposalId The proposal id in the source.
     * @param kind Yes/no or majority judgment.
     * @param optionCount Options of a majority-judgment proposal, zero for yes/no.
     * @param gradeCount Grades of a majority-judgment proposal, zero for yes/no.
     * @param cast Whether the result was cast upward.
     * @param quorum Weight the members' votes must reach, from the cooperative's own quorum.
     */
    struct Mirror {
        address source;
        uint48 snapshot;
        uint48 deadline;
        uint256 sourceProposalId;
        MirrorKind kind;
        uint8 optionCount;
        uint8 gradeCount;
        bool cast;
        uint128 quorum;
    }

    /**
     * @notice Votes counted on a mirrored proposal.
     * @param againstVotes Weight against (yes/no).
     * @param forVotes Weight for (yes/no).
     * @param abstainVotes Weight abstaining (yes/no).
     * @param participation Total weight that voted, of either kind.
     */
    struct Tally {
        uint128 againstVotes;
        uint128 forVotes;
        uint128 abstainVotes;
        uint128 participation;
    }

    /// @notice A federation proposal was mirrored into the cooperative, with its document's CID.
    event ProposalMirrored(
        uint256 indexed mirrorId,
        address indexed source,
        uint256 indexed sourceProposalId,
        MirrorKind kind,
        uint48 snapshot,
        uint48 deadline,
        uint128 quorum,
        bytes document
    );

    /// @notice A member voted yes/no on a mirror, possibly split (fractional, from a relay below).
    event MirrorVoteCast(
        address indexed voter,
        uint256 indexed mirrorId,
        uint256 againstVotes,
        uint256 forVotes,
        uint256 abstainVotes,
        string reason
    );

    /// @notice A member graded the options of a mirror. `NO_GRADE` marks an option left ungraded.
    event MirrorBallotCast(address indexed voter, uint256 indexed mirrorId, uint8[] grades, uint256 weight);

    /// @notice A relay below spread its weight over the grades of each option of a mirror.
    event MirrorFractionalBallotCast(
        address indexed voter,
        uint256 indexed mirrorId,
        uint256[][] parts,
        uint256 weight
    );

    /// @notice The result of a mirror was cast upward with the cooperative's whole `weight`.
    event VoteCastUpward(
        uint256 indexed mirrorId,
        address indexed source,
        uint256 indexed sourceProposalId,
        uint256 weight
    );

    /// @notice The cooperative set how long before the source's deadline its mirrored votes end.
    event CastWindowSet(uint48 castWindow);

    /// @notice The cooperative allowed or disallowed the federation to call `selector` on `target`.
    event FederationPermissionSet(address indexed target, bytes4 indexed selector, bool allowed);

    /// @notice The cooperative allowed or disallowed `account` to propose in the federation in its name.
    event RepresentativeSet(address indexed account, bool allowed);

    /// @notice The federation called `target` through the relay, with the permission the cooperative gave.
    event ActedForFederation(address indexed target, bytes4 indexed selector, bytes data);

    /// @notice `caller` is not the account allowed to do this.
    error RelayUnauthorized(address caller);

    /// @notice The governors given at initialization do not belong to one cooperative or federation.
    error RelayInvalidSetup();

    /// @notice `source` is not a vote box of this relay's federation.
    error RelayUnknownSource(address source);

    /// @notice The source proposal is not open for votes.
    error RelaySourceNotActive(address source, uint256 sourceProposalId);

    /// @notice The proposal details given do not hash to the proposal id.
    error RelayProposalMismatch(uint256 sourceProposalId);

    /// @notice The proposal was already mirrored into this cooperative, as `mirrorId`.
    error RelayAlreadyMirrored(uint256 mirrorId);

    /// @notice Too little time is left before the source's deadline to vote and cast upward.
    error RelayTooLateToMirror(uint256 sourceDeadline, uint48 castWindow);

    /// @notice No mirror has this id.
    error RelayUnknownMirror(uint256 mirrorId);

    /// @notice The mirror is `current`; the call needs another state.
    error RelayUnexpectedState(uint256 mirrorId, MirrorState current);

    /// @notice The call is for the other kind of mirror.
    error RelayWrongKind(uint256 mirrorId, MirrorKind kind);

    /// @notice `account` is not a member of the cooperative now.
    error RelayNotMember(address account);

    /// @notice `account` had no vote at the mirror's snapshot.
    error RelayNoVotesAtSnapshot(address account, uint256 mirrorId);

    /// @notice `account` already voted on the mirror.
    error RelayAlreadyVoted(address account, uint256 mirrorId);

    /// @notice `support` is not 0 (against), 1 (for), 2 (abstain) or 255 (fractional).
    error RelayInvalidSupport(uint8 support);

    /// @notice Fractional parameters are not three 16-byte amounts.
    error RelayInvalidParams();

    /// @notice The parts of a vote add up to `total`, more than the voter's `weight`.
    error RelayExceedsWeight(address account, uint256 total, uint256 weight);

    /// @notice A ballot lists `given` grades or parts where `expected` are needed.
    error RelayWrongLength(uint256 given, uint256 expected);

    /// @notice `grade` is not on the scale and is not `NO_GRADE`.
    error RelayInvalidGrade(uint8 grade);

    /// @notice The parts of `option` add up to `total` instead of the voter's `weight`.
    error RelayPartsMismatch(uint256 option, uint256 total, uint256 weight);

    /// @notice The members' votes reached `participation`, below the cooperative's `quorum`.
    error RelayQuorumNotReached(uint256 mirrorId, uint256 participation, uint256 quorum);

    /// @notice The relay had no weight in the federation at the proposal's snapshot.
    error RelayNoFederationWeight(uint256 mirrorId);

    /// @notice The relay is no longer a member of the federation, so it cannot cast.
    error RelayNotFederationMember();

    /// @notice The federation may not call `selector` on `target`: the cooperative has not allowed it.
    error RelayActionNotAllowed(address target, bytes4 selector);

    /// @notice The signature is not `voter`'s over this vote and their next nonce.
    error RelayInvalidSignature(address voter);

    /// @notice The cast window is zero or longer than `maximum` seconds.
    error RelayInvalidCastWindow(uint48 castWindow, uint48 maximum);

    /**
     * @notice Mirrors a yes/no proposal of the federation. Anyone may call it while the proposal is
     * active, once per proposal. The details are those of the proposal, checked against its id.
     * @return mirrorId The mirror's id, `mirrorIdOf(federation governor, proposal id)`.
     */
    function mirrorProposal(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata description
    ) external returns (uint256 mirrorId);

    /**
     * @notice Mirrors a majority-judgment proposal of the federation. Anyone may call it while the
     * proposal is active, once per proposal. The options, status quo flag and description are those
     * of the proposal, checked against `proposalId`.
     */
    function mirrorJudgment(
        uint256 proposalId,
        ICoopJudgmentGovernor.Option[] calldata options,
        bool statusQuo,
        string calldata description
    ) external returns (uint256 mirrorId);

    /**
     * @notice Mirrors a proposal that the federation itself is voting on one level higher: a mirror
     * held by `sourceRelay`, the federation's own relay. Anyone may call it while that mirror is
     * active, once.
     */
    function mirrorRelayed(IFederationRelay sourceRelay, uint256 sourceMirrorId) external returns (uint256 mirrorId);

    /// @notice Votes on a yes/no mirror with the caller's whole weight: 0 against, 1 for, 2 abstain.
    function castVote(uint256 mirrorId, uint8 support) external returns (uint256 weight);

    /**
     * @notice Casts `voter`'s yes/no vote, signed with EIP-712 (`MirrorVote`), so a member without
     * gas can vote and anyone can send it. The signature covers the relay's address, the chain id
     * and the voter's next nonce for this mirror (keyed by the mirror id's low 192 bits, so signed
     * votes on several mirrors stay valid in any order), and expires with the mirror's deadline.
     */
    function castVoteBySig(
        uint256 mirrorId,
        address voter,
        uint8 support,
        bytes calldata signature
    ) external returns (uint256 weight);

    /**
     * @notice Votes on a yes/no mirror, as on an OpenZeppelin governor with fractional counting:
     * support 0, 1 or 2 with empty params, or 255 with params packing three uint128 amounts
     * (against, for, abstain) whose sum is at most the caller's weight. One vote per account.
     */
    function castVoteWithReasonAndParams(
        uint256 mirrorId,
        uint8 support,
        string calldata reason,
        bytes calldata params
    ) external returns (uint256 weight);

    /**
     * @notice Grades every option of a majority-judgment mirror with the caller's whole weight.
     * `NO_GRADE` leaves an option ungraded; it then counts as that option's worst grade.
     */
    function castBallot(uint256 mirrorId, uint8[] calldata grades) external returns (uint256 weight);

    /**
     * @notice Casts `voter`'s ballot of grades, signed with EIP-712 (`MirrorBallot`, the grades
     * hashed as packed uint8 values), under the same rules as {castVoteBySig}.
     */
    function castBallotBySig(
        uint256 mirrorId,
        address voter,
        uint8[] calldata grades,
        bytes calldata signature
    ) external returns (uint256 weight);

    /**
     * @notice Spreads the caller's weight over the grades of each option of a majority-judgment
     * mirror, as on the majority-judgment governor: each row adds up to the caller's weight.
     */
    function castFractionalBallot(uint256 mirrorId, uint256[][] calldata parts) external returns (uint256 weight);

    /**
     * @notice Casts a mirror's result upward with the cooperative's whole weight in the federation,
     * split in proportion to the members' votes. Anyone may call it once the members' vote has
     * ended and while the source is still open, once per mirror.
     */
    function castUpward(uint256 mirrorId) external returns (uint256 weight);

    /// @notice Sets how long before the source's deadline mirrored votes end. Only the cooperative's timelock.
    function setCastWindow(uint48 castWindow_) external;

    /**
     * @notice Allows or disallows `account` to make proposals in the federation in the
     * cooperative's name. Only the cooperative's timelock. Representatives only propose: the
     * relay's votes always come from the members, through mirrors.
     */
    function setRepresentative(address account, bool allowed) external;

    /// @notice Proposes a yes/no decision in the federation. Only a representative or the cooperative's timelock.
    function propose(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata description
    ) external returns (uint256 proposalId);

    /// @notice Proposes a majority-judgment decision in the federation. Only a representative or the cooperative's timelock.
    function proposeJudgment(
        ICoopJudgmentGovernor.Option[] calldata options,
        bool statusQuo,
        string calldata description
    ) external returns (uint256 proposalId);

    /// @notice Allows or disallows the federation to call `selector` on `target` through this relay.
    /// Only the cooperative's timelock, so only by the cooperative's own vote.
    function setFederationPermission(address target, bytes4 selector, bool allowed) external;

    /// @notice Calls `target` with `data` as this relay, for the federation's timelock, when allowed.
    function actForFederation(address target, bytes calldata data) external returns (bytes memory result);

    /// @notice Returns a mirror's record. Reverts for an unknown id.
    function mirror(uint256 mirrorId) external view returns (Mirror memory);

    /// @notice Returns a mirror's state. Reverts for an unknown id.
    function mirrorState(uint256 mirrorId) external view returns (MirrorState);

    /// @notice Returns a mirror's votes.
    function tally(uint256 mirrorId) external view returns (Tally memory);

    /// @notice Returns a majority-judgment mirror's counts of weight per option and grade.
    function histogram(uint256 mirrorId) external view returns (uint256[][] memory counts);

    /// @notice Returns the CID of the document of a mirror's source proposal.
    function document(uint256 mirrorId) external view returns (bytes memory);

    /// @notice Returns whether `account` voted on a mirror.
    function hasVoted(uint256 mirrorId, address account) external view returns (bool);

    /// @notice Returns the id a proposal of `source` gets when mirrored.
    function mirrorIdOf(address source, uint256 sourceProposalId) external pure returns (uint256);

    /// @notice The cooperative's member register: its members vote on mirrors.
    function cooperativeMembership() external view returns (address);

    /// @notice The cooperative's timelock, which owns the relay.
    function cooperativeTimelock() external view returns (address);

    /// @notice The federation's member register, where this relay is a member.
    function federationMembership() external view returns (address);

    /// @notice The federation's timelock, which may act through permissions the cooperative gave.
    function federationTimelock() external view returns (address);

    /// @notice Seconds between the end of a mirrored vote and the source's deadline.
    function castWindow() external view returns (uint48);

    /// @notice Whether `account` may propose in the federation in the cooperative's name.
    function isRepresentative(address account) external view returns (bool);

    /// @notice Whether the federation may call `selector` on `target` through this relay.
    function isPermitted(address target, bytes4 selector) external view returns (bool);
}
