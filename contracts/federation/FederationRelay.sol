// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {NoncesKeyed} from "@openzeppelin/contracts/utils/NoncesKeyed.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {ICoopJudgmentGovernor} from "../interfaces/ICoopJudgmentGovernor.sol";
import {ICoopMembership} from "../interfaces/ICoopMembership.sol";
import {IFederationRelay} from "../interfaces/IFederationRelay.sol";
import {DocumentUri} from "../ipfs/DocumentUri.sol";

/// @dev The links every cooperative governor exposes: its member register and its timelock.
interface IGovernorLinks {
    function token() external view returns (address);
    function timelock() external view returns (address);
}

/// @dev The links of the majority-judgment governor.
interface IJudgmentLinks {
    function membership() external view returns (address);
    function timelock() external view returns (address);
}

/// @dev What the relay reads from the registry that created it.
interface IRelayRegistry {
    function isRelay(address account) external view returns (bool);
}

/**
 * @title FederationRelay
 * @notice The seat of one member cooperative in one federation: the federation admits the relay
 * as its member, and the relay votes there only as the cooperative's own members decide.
 *
 * @dev A federation proposal becomes a mirror here (see {IFederationRelay}). The mirror keeps the
 * proposal's snapshot, so the cooperative's members vote with their weight at that time, and ends
 * `castWindow` seconds before the source's deadline, or after the cooperative's own voting period
 * if that comes first. A mirror leaves the members at least one cast window to vote (or their
 * whole voting period if shorter): mirroring later reverts. The mirror has no actions: its only effect is the vote it casts upward.
 *
 * Casting upward gives the cooperative's whole weight in the federation, split in proportion to
 * the members' votes: each part is floored, and the units left go one each to the largest
 * remainders, ties to the lowest index (against, for, abstain; grade 0 upward). A member who left an
 * option ungraded counts at its worst grade. A mirror below the cooperative's own quorum (the yes/no
 * governor's for yes/no, the majority-judgment governor's for grades) casts nothing.
 *
 * NOTE: A mirror's deadline never moves. Its end is fixed before the federation's deadline so that
 * the result can still be cast, so a quorum reached in a mirror's last seconds does not extend it
 * as it would a cooperative's own proposal. Members who stay home leave the cooperative's whole
 * weight to those who voted.
 *
 * Every count is bounded by the number of options and grades (at most 32 x 16), never by the
 * number of members or voters. The relay is a clone created and initialized in one transaction by
 * the {FederationRegistry}; it is not upgradeable and holds no funds.
 */
contract FederationRelay is Initializable, EIP712, NoncesKeyed, IFederationRelay {
    /// @notice Grade value of an option left ungraded on a ballot; it counts as the worst grade.
    uint8 public constant NO_GRADE = type(uint8).max;

    /// @notice Support value of a fractional vote, as in OpenZeppelin's fractional counting.
    uint8 public constant FRACTIONAL_SUPPORT = 255;

    /// @notice Cast window of a new relay: one hour between the mirror's end and the source's deadline.
    uint48 public constant DEFAULT_CAST_WINDOW = 1 hours;

    /// @notice Longest cast window the cooperative can set: thirty days.
    uint48 public constant MAX_CAST_WINDOW = 30 days;

    /// @notice EIP-712 type of a signed yes/no vote on a mirror.
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant MIRROR_VOTE_TYPEHASH = keccak256(
        "MirrorVote(uint256 mirrorId,address voter,uint8 support,uint256 nonce)"
    );

    /// @notice EIP-712 type of a signed ballot of grades on a mirror.
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant MIRROR_BALLOT_TYPEHASH = keccak256(
        "MirrorBallot(uint256 mirrorId,address voter,uint8[] grades,uint256 nonce)"
    );

    uint256 private constant _FRACTIONAL_PARAMS_LENGTH = 48;
    uint256 private constant _MAX_GRADES = 16;
    uint8 private constant _SUPPORT_COUNT = 3;

    /// @dev The contracts the relay links, set once, and the cooperative's cast window.
    struct Links {
        IGovernor coopGovernor;
        ICoopJudgmentGovernor coopJudgment;
        ICoopMembership coopMembership;
        address coopTimelock;
        uint48 castWindow;
        IGovernor fedGovernor;
        ICoopJudgmentGovernor fedJudgment;
        ICoopMembership fedMembership;
        address fedTimelock;
        IRelayRegistry registry;
    }

    Links private _links;

    mapping(uint256 mirrorId => Mirror) private _mirrors;
    mapping(uint256 mirrorId => Tally) private _tallies;
    mapping(uint256 mirrorId => bytes) private _documents;
    // Weight per grade of each option of a majority-judgment mirror, at `option * 16 + grade`.
    mapping(uint256 mirrorId => mapping(uint256 cell => uint256)) private _histograms;
    mapping(uint256 mirrorId => mapping(address account => bool)) private _voted;
    mapping(address target => mapping(bytes4 selector => bool)) private _permissions;
    mapping(address account => bool) private _representatives;

    modifier onlyCooperative() {
        if (msg.sender != _links.coopTimelock) revert RelayUnauthorized(msg.sender);
        _;
    }

    modifier onlyProposer() {
        if (msg.sender != _links.coopTimelock && !_representatives[msg.sender]) revert RelayUnauthorized(msg.sender);
        _;
    }

    /// @dev Every clone shares the name and version; the domain separator adds each clone's own
    /// address and the chain id.
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() EIP712("World-Coop Federation Relay", "1") {
        _disableInitializers();
    }

    /**
     * @notice Sets up the relay of a cooperative in a federation. The registry calls it in the
     * transaction that creates the relay.
     * @param coopGovernor The cooperative's yes/no governor.
     * @param coopJudgment The cooperative's majority-judgment governor.
     * @param fedGovernor The federation's yes/no governor.
     * @param fedJudgment The federation's majority-judgment governor.
     * @param registry The registry that created the relay and knows the other relays.
     */
    function initialize(
        IGovernor coopGovernor,
        ICoopJudgmentGovernor coopJudgment,
        IGovernor fedGovernor,
        ICoopJudgmentGovernor fedJudgment,
        address registry
    ) external initializer {
        (address coopMembership, address coopTimelock) = _linksOf(coopGovernor, coopJudgment);
        (address fedMembership, address fedTimelock) = _linksOf(fedGovernor, fedJudgment);
        if (coopTimelock == fedTimelock || registry == address(0)) revert RelayInvalidSetup();
        _links.coopGovernor = coopGovernor;
        _links.coopJudgment = coopJudgment;
        _links.coopMembership = ICoopMembership(coopMembership);
        _links.coopTimelock = coopTimelock;
        _links.fedGovernor = fedGovernor;
        _links.fedJudgment = fedJudgment;
        _links.fedMembership = ICoopMembership(fedMembership);
        _links.fedTimelock = fedTimelock;
        _links.registry = IRelayRegistry(registry);
        _links.castWindow = DEFAULT_CAST_WINDOW;
        emit CastWindowSet(DEFAULT_CAST_WINDOW);
    }

    // ---------------------------------------------------------------------------------------------
    // Mirroring
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IFederationRelay
    function mirrorProposal(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata description
    ) external returns (uint256 mirrorId) {
        IGovernor source = _links.fedGovernor;
        uint256 proposalId = source.getProposalId(targets, values, calldatas, keccak256(bytes(description)));
        if (source.state(proposalId) != IGovernor.ProposalState.Active) {
            revert RelaySourceNotActive(address(source), proposalId);
        }
        uint256 deadline = source.proposalDeadline(proposalId);
        uint48 snapshot = SafeCast.toUint48(source.proposalSnapshot(proposalId));
        (uint128 quorum, uint256 ownPeriod) = _ownRules(MirrorKind.YesNo, snapshot);
        mirrorId = _record(address(source), proposalId, snapshot, _capDeadline(deadline, ownPeriod), quorum);
        _finishRecord(mirrorId, MirrorKind.YesNo, 0, 0, _documentOf(description));
    }

    /// @inheritdoc IFederationRelay
    function mirrorJudgment(
        uint256 proposalId,
        ICoopJudgmentGovernor.Option[] calldata options,
        bool statusQuo,
        string calldata description
    ) external returns (uint256 mirrorId) {
        ICoopJudgmentGovernor source = _links.fedJudgment;
        if (source.state(proposalId) != ICoopJudgmentGovernor.ProposalState.Active) {
            revert RelaySourceNotActive(address(source), proposalId);
        }
        ICoopJudgmentGovernor.ProposalDetails memory details = source.proposalDetails(proposalId);
        if (source.hashProposal(details.proposer, options, statusQuo, keccak256(bytes(description))) != proposalId) {
            revert RelayProposalMismatch(proposalId);
        }
        (uint128 quorum, uint256 ownPeriod) = _ownRules(MirrorKind.Judgment, details.snapshot);
        uint48 deadline = _capDeadline(details.deadline, ownPeriod);
        mirrorId = _record(address(source), proposalId, details.snapshot, deadline, quorum);
        _finishRecord(mirrorId, MirrorKind.Judgment, details.optionCount, details.gradeCount, _documentOf(description));
    }

    /// @inheritdoc IFederationRelay
    function mirrorRelayed(IFederationRelay sourceRelay, uint256 sourceMirrorId) external returns (uint256 mirrorId) {
        address source = address(sourceRelay);
        if (!_links.registry.isRelay(source) || sourceRelay.cooperativeMembership() != address(_links.fedMembership)) {
            revert RelayUnknownSource(source);
        }
        if (sourceRelay.mirrorState(sourceMirrorId) != MirrorState.Active) {
            revert RelaySourceNotActive(source, sourceMirrorId);
        }
        Mirror memory above = sourceRelay.mirror(sourceMirrorId);
        (uint128 quorum, uint256 ownPeriod) = _ownRules(above.kind, above.snapshot);
        mirrorId = _record(source, sourceMirrorId, above.snapshot, _capDeadline(above.deadline, ownPeriod), quorum);
        _finishRecord(mirrorId, above.kind, above.optionCount, above.gradeCount, sourceRelay.document(sourceMirrorId));
    }

    // ---------------------------------------------------------------------------------------------
    // Members' votes
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IFederationRelay
    function castVote(uint256 mirrorId, uint8 support) external returns (uint256 weight) {
        return _castVote(mirrorId, msg.sender, support, "", "");
    }

    /// @inheritdoc IFederationRelay
    function castVoteBySig(
        uint256 mirrorId,
        address voter,
        uint8 support,
        bytes calldata signature
    ) external returns (uint256 weight) {
        _checkSignature(
            voter,
            keccak256(abi.encode(MIRROR_VOTE_TYPEHASH, mirrorId, voter, support, _useNonce(voter, uint192(mirrorId)))),
            signature
        );
        return _castVote(mirrorId, voter, support, "", "");
    }

    /// @inheritdoc IFederationRelay
    function castVoteWithReasonAndParams(
        uint256 mirrorId,
        uint8 support,
        string calldata reason,
        bytes calldata params
    ) external returns (uint256 weight) {
        return _castVote(mirrorId, msg.sender, support, reason, params);
    }

    /// @inheritdoc IFederationRelay
    function castBallot(uint256 mirrorId, uint8[] calldata grades) external returns (uint256 weight) {
        return _castBallot(mirrorId, msg.sender, grades);
    }

    /// @inheritdoc IFederationRelay
    function castBallotBySig(
        uint256 mirrorId,
        address voter,
        uint8[] calldata grades,
        bytes calldata signature
    ) external returns (uint256 weight) {
        bytes32 gradesHash = keccak256(abi.encodePacked(grades));
        _checkSignature(
            voter,
            keccak256(
                abi.encode(MIRROR_BALLOT_TYPEHASH, mirrorId, voter, gradesHash, _useNonce(voter, uint192(mirrorId)))
            ),
            signature
        );
        return _castBallot(mirrorId, voter, grades);
    }

    /// @inheritdoc IFederationRelay
    function castFractionalBallot(uint256 mirrorId, uint256[][] calldata parts) external returns (uint256 weight) {
        Mirror storage record = _openMirror(mirrorId, MirrorKind.Judgment);
        weight = _useVote(record, mirrorId, msg.sender);
        uint256 optionCount = record.optionCount;
        uint256 gradeCount = record.gradeCount;
        if (parts.length != optionCount) revert RelayWrongLength(parts.length, optionCount);
        mapping(uint256 => uint256) storage counts = _histograms[mirrorId];
        for (uint256 option = 0; option < optionCount; ++option) {
            uint256[] calldata row = parts[option];
            if (row.length != gradeCount) revert RelayWrongLength(row.length, gradeCount);
            uint256 sum;
            for (uint256 grade = 0; grade < gradeCount; ++grade) {
                uint256 part = row[grade];
                // Checked addition: parts that overflow revert before anything is counted.
                sum += part;
                counts[option * _MAX_GRADES + grade] += part;
            }
            if (sum != weight) revert RelayPartsMismatch(option, sum, weight);
        }
        _tallies[mirrorId].participation += SafeCast.toUint128(weight);
        emit MirrorFractionalBallotCast(msg.sender, mirrorId, parts, weight);
    }

    // ---------------------------------------------------------------------------------------------
    // Casting upward
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IFederationRelay
    function castUpward(uint256 mirrorId) external returns (uint256 weight) {
        Mirror storage record = _getMirror(mirrorId);
        MirrorState current = _state(record);
        if (current != MirrorState.Ended) revert RelayUnexpectedState(mirrorId, current);
        address source = record.source;
        uint256 sourceProposalId = record.sourceProposalId;
        if (!_sourceActive(record)) revert RelaySourceNotActive(source, sourceProposalId);
        if (!_links.fedMembership.isMember(address(this))) revert RelayNotFederationMember();
        weight = _links.fedMembership.getPastVotes(address(this), record.snapshot);
        if (weight == 0) revert RelayNoFederationWeight(mirrorId);

        Tally memory counted = _tallies[mirrorId];
        uint256 reached =
            record.kind == MirrorKind.YesNo ? uint256(counted.forVotes) + counted.abstainVotes : counted.participation;
        if (counted.participation == 0 || reached < record.quorum) {
            revert RelayQuorumNotReached(mirrorId, reached, record.quorum);
        }

        record.cast = true;
        emit VoteCastUpward(mirrorId, source, sourceProposalId, weight);
        if (record.kind == MirrorKind.YesNo) {
            _castYesNoUpward(source, sourceProposalId, weight, counted);
        } else {
            _castBallotUpward(mirrorId, record, weight, counted.participation);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The cooperative's settings and the federation's permissions
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IFederationRelay
    function setCastWindow(uint48 castWindow_) external onlyCooperative {
        if (castWindow_ == 0 || castWindow_ > MAX_CAST_WINDOW) {
            revert RelayInvalidCastWindow(castWindow_, MAX_CAST_WINDOW);
        }
        _links.castWindow = castWindow_;
        emit CastWindowSet(castWindow_);
    }

    /// @inheritdoc IFederationRelay
    function setRepresentative(address account, bool allowed) external onlyCooperative {
        _representatives[account] = allowed;
        emit RepresentativeSet(account, allowed);
    }

    /// @inheritdoc IFederationRelay
    function propose(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        string calldata description
    ) external onlyProposer returns (uint256 proposalId) {
        return _links.fedGovernor.propose(targets, values, calldatas, description);
    }

    /// @inheritdoc IFederationRelay
    function proposeJudgment(
        ICoopJudgmentGovernor.Option[] calldata options,
        bool statusQuo,
        string calldata description
    ) external onlyProposer returns (uint256 proposalId) {
        return _links.fedJudgment.propose(options, statusQuo, description);
    }

    /// @inheritdoc IFederationRelay
    function setFederationPermission(address target, bytes4 selector, bool allowed) external onlyCooperative {
        // The federation may not vote in its own governors in the cooperative's name, nor change the relay.
        if (
            target == address(this) ||
            target == address(0) ||
            target == address(_links.fedGovernor) ||
            target == address(_links.fedJudgment)
        ) revert RelayActionNotAllowed(target, selector);
        _permissions[target][selector] = allowed;
        emit FederationPermissionSet(target, selector, allowed);
    }

    /// @inheritdoc IFederationRelay
    function actForFederation(address target, bytes calldata data) external returns (bytes memory result) {
        if (msg.sender != _links.fedTimelock) revert RelayUnauthorized(msg.sender);
        bytes4 selector = data.length < 4 ? bytes4(0) : bytes4(data[:4]);
        if (!_permissions[target][selector]) revert RelayActionNotAllowed(target, selector);
        emit ActedForFederation(target, selector, data);
        result = Address.functionCall(target, data);
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IFederationRelay
    function mirror(uint256 mirrorId) external view returns (Mirror memory) {
        return _getMirror(mirrorId);
    }

    /// @inheritdoc IFederationRelay
    function mirrorState(uint256 mirrorId) external view returns (MirrorState) {
        return _state(_getMirror(mirrorId));
    }

    /// @inheritdoc IFederationRelay
    function tally(uint256 mirrorId) external view returns (Tally memory) {
        return _tallies[mirrorId];
    }

    /// @inheritdoc IFederationRelay
    function histogram(uint256 mirrorId) external view returns (uint256[][] memory counts) {
        Mirror storage record = _getMirror(mirrorId);
        uint256 optionCount = record.optionCount;
        uint256 gradeCount = record.gradeCount;
        counts = new uint256[][](optionCount);
        for (uint256 option = 0; option < optionCount; ++option) {
            counts[option] = _row(mirrorId, option, gradeCount);
        }
    }

    /// @inheritdoc IFederationRelay
    function document(uint256 mirrorId) external view returns (bytes memory) {
        _getMirror(mirrorId);
        return _documents[mirrorId];
    }

    /// @inheritdoc IFederationRelay
    function hasVoted(uint256 mirrorId, address account) external view returns (bool) {
        return _voted[mirrorId][account];
    }

    /// @inheritdoc IFederationRelay
    function mirrorIdOf(address source, uint256 sourceProposalId) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(source, sourceProposalId)));
    }

    /// @inheritdoc IFederationRelay
    function cooperativeMembership() external view returns (address) {
        return address(_links.coopMembership);
    }

    /// @inheritdoc IFederationRelay
    function cooperativeTimelock() external view returns (address) {
        return _links.coopTimelock;
    }

    /// @inheritdoc IFederationRelay
    function federationMembership() external view returns (address) {
        return address(_links.fedMembership);
    }

    /// @inheritdoc IFederationRelay
    function federationTimelock() external view returns (address) {
        return _links.fedTimelock;
    }

    /// @inheritdoc IFederationRelay
    function castWindow() external view returns (uint48) {
        return _links.castWindow;
    }

    /// @inheritdoc IFederationRelay
    function isRepresentative(address account) external view returns (bool) {
        return _representatives[account];
    }

    /// @inheritdoc IFederationRelay
    function isPermitted(address target, bytes4 selector) external view returns (bool) {
        return _permissions[target][selector];
    }

    /// @notice The governors of the cooperative and of the federation, in that order.
    function governors()
        external
        view
        returns (address coopGovernor, address coopJudgment, address fedGovernor, address fedJudgment)
    {
        return (
            address(_links.coopGovernor),
            address(_links.coopJudgment),
            address(_links.fedGovernor),
            address(_links.fedJudgment)
        );
    }

    // ---------------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------------

    /// @dev Returns the member register and timelock shared by two governors and the register's own
    /// timelock, or reverts.
    function _linksOf(IGovernor governor, ICoopJudgmentGovernor judgment) private view returns (address, address) {
        address membership = IGovernorLinks(address(governor)).token();
        address timelock = IGovernorLinks(address(governor)).timelock();
        if (
            membership == address(0) ||
            membership != IJudgmentLinks(address(judgment)).membership() ||
            timelock != IJudgmentLinks(address(judgment)).timelock() ||
            timelock != ICoopMembership(membership).timelock()
        ) revert RelayInvalidSetup();
        return (membership, timelock);
    }

    /**
     * @dev Returns the quorum of a mirror and the cooperative's own voting period, from the
     * cooperative's governor of the same kind: the yes/no governor's quorum at the snapshot, or the
     * majority-judgment governor's percentage of the total weight at the snapshot.
     */
    function _ownRules(MirrorKind kind, uint48 snapshot) private view returns (uint128 quorum, uint256 ownPeriod) {
        if (kind == MirrorKind.YesNo) {
            IGovernor governor = _links.coopGovernor;
            return (SafeCast.toUint128(governor.quorum(snapshot)), governor.votingPeriod());
        }
        ICoopJudgmentGovernor.Settings memory own = _links.coopJudgment.settings();
        uint256 total = _links.coopMembership.getPastTotalSupply(snapshot);
        return (SafeCast.toUint128((total * own.quorumPercent) / 100), own.votingPeriod);
    }

    /// @dev Ends the mirrored vote a cast window before the source's deadline, or after the
    /// cooperative's own voting period if that comes first.
    function _capDeadline(uint256 sourceDeadline, uint256 ownPeriod) private view returns (uint48) {
        uint48 window = _links.castWindow;
        uint256 now_ = Time.timestamp();
        // Members get at least one cast window to vote, or their whole voting period if shorter,
        // so nobody can mirror a proposal at the last moment to leave them no time.
        if (sourceDeadline < now_ + window + Math.min(window, ownPeriod)) {
            revert RelayTooLateToMirror(sourceDeadline, window);
        }
        return SafeCast.toUint48(Math.min(sourceDeadline - window, now_ + ownPeriod));
    }

    function _record(
        address source,
        uint256 sourceProposalId,
        uint48 snapshot,
        uint48 deadline,
        uint128 quorum
    ) private returns (uint256 mirrorId) {
        mirrorId = mirrorIdOf(source, sourceProposalId);
        Mirror storage record = _mirrors[mirrorId];
        if (record.source != address(0)) revert RelayAlreadyMirrored(mirrorId);
        record.source = source;
        record.snapshot = snapshot;
        record.deadline = deadline;
        record.sourceProposalId = sourceProposalId;
        record.quorum = quorum;
    }

    function _finishRecord(
        uint256 mirrorId,
        MirrorKind kind,
        uint8 optionCount,
        uint8 gradeCount,
        bytes memory document_
    ) private {
        Mirror storage record = _mirrors[mirrorId];
        record.kind = kind;
        record.optionCount = optionCount;
        record.gradeCount = gradeCount;
        _documents[mirrorId] = document_;
        emit ProposalMirrored(
            mirrorId,
            record.source,
            record.sourceProposalId,
            kind,
            record.snapshot,
            record.deadline,
            record.quorum,
            document_
        );
    }

    /// @dev The document CID of a proposal description. The source's charter accepted the
    /// description, so its document URI is well formed.
    function _documentOf(string calldata description) private pure returns (bytes memory) {
        return DocumentUri.cidOf(description);
    }

    function _castBallot(uint256 mirrorId, address voter, uint8[] calldata grades) private returns (uint256 weight) {
        Mirror storage record = _openMirror(mirrorId, MirrorKind.Judgment);
        weight = _useVote(record, mirrorId, voter);
        uint256 optionCount = record.optionCount;
        uint256 gradeCount = record.gradeCount;
        if (grades.length != optionCount) revert RelayWrongLength(grades.length, optionCount);
        mapping(uint256 => uint256) storage counts = _histograms[mirrorId];
        for (uint256 option = 0; option < optionCount; ++option) {
            uint8 grade = grades[option];
            if (grade == NO_GRADE) continue;
            if (grade >= gradeCount) revert RelayInvalidGrade(grade);
            counts[option * _MAX_GRADES + grade] += weight;
        }
        _tallies[mirrorId].participation += SafeCast.toUint128(weight);
        emit MirrorBallotCast(voter, mirrorId, grades, weight);
    }

    function _castVote(
        uint256 mirrorId,
        address voter,
        uint8 support,
        string memory reason,
        bytes memory params
    ) private returns (uint256 weight) {
        Mirror storage record = _openMirror(mirrorId, MirrorKind.YesNo);
        weight = _useVote(record, mirrorId, voter);
        uint256[3] memory parts;
        if (support == FRACTIONAL_SUPPORT) {
            if (params.length != _FRACTIONAL_PARAMS_LENGTH) revert RelayInvalidParams();
            uint128 againstVotes;
            uint128 forVotes;
            uint128 abstainVotes;
            assembly ("memory-safe") {
                againstVotes := shr(128, mload(add(params, 0x20)))
                forVotes := shr(128, mload(add(params, 0x30)))
                abstainVotes := shr(128, mload(add(params, 0x40)))
            }
            parts = [uint256(againstVotes), forVotes, abstainVotes];
            uint256 total = parts[0] + parts[1] + parts[2];
            if (total > weight) revert RelayExceedsWeight(voter, total, weight);
        } else {
            if (support >= _SUPPORT_COUNT || params.length != 0) revert RelayInvalidSupport(support);
            parts[support] = weight;
        }
        Tally storage counted = _tallies[mirrorId];
        counted.againstVotes += SafeCast.toUint128(parts[0]);
        counted.forVotes += SafeCast.toUint128(parts[1]);
        counted.abstainVotes += SafeCast.toUint128(parts[2]);
        counted.participation += SafeCast.toUint128(parts[0] + parts[1] + parts[2]);
        emit MirrorVoteCast(voter, mirrorId, parts[0], parts[1], parts[2], reason);
    }

    /// @dev Reverts unless `signature` is `voter`'s over the typed data `structHash`, from an
    /// externally owned account or an ERC-1271 contract.
    function _checkSignature(address voter, bytes32 structHash, bytes calldata signature) private view {
        if (!SignatureChecker.isValidSignatureNow(voter, _hashTypedDataV4(structHash), signature)) {
            revert RelayInvalidSignature(voter);
        }
    }

    /// @dev Marks `account` as having voted and returns its weight at the snapshot. A member who
    /// left since cannot vote, as on the cooperative's governors.
    function _useVote(Mirror storage record, uint256 mirrorId, address account) private returns (uint256 weight) {
        if (!_links.coopMembership.isMember(account)) revert RelayNotMember(account);
        weight = _links.coopMembership.getPastVotes(account, record.snapshot);
        if (weight == 0) revert RelayNoVotesAtSnapshot(account, mirrorId);
        if (_voted[mirrorId][account]) revert RelayAlreadyVoted(account, mirrorId);
        _voted[mirrorId][account] = true;
    }

    function _castYesNoUpward(address source, uint256 proposalId, uint256 weight, Tally memory counted) private {
        uint256[] memory votes = new uint256[](_SUPPORT_COUNT);
        votes[0] = counted.againstVotes;
        votes[1] = counted.forVotes;
        votes[2] = counted.abstainVotes;
        uint256[] memory parts = _split(weight, votes, counted.participation);
        bytes memory params = abi.encodePacked(
            SafeCast.toUint128(parts[0]),
            SafeCast.toUint128(parts[1]),
            SafeCast.toUint128(parts[2])
        );
        IGovernor(source).castVoteWithReasonAndParams(proposalId, FRACTIONAL_SUPPORT, "", params);
    }

    function _castBallotUpward(uint256 mirrorId, Mirror storage record, uint256 weight, uint256 participation) private {
        uint256 optionCount = record.optionCount;
        uint256 gradeCount = record.gradeCount;
        uint256[][] memory parts = new uint256[][](optionCount);
        for (uint256 option = 0; option < optionCount; ++option) {
            uint256[] memory counts = _row(mirrorId, option, gradeCount);
            uint256 graded;
            for (uint256 grade = 0; grade < gradeCount; ++grade) {
                graded += counts[grade];
            }
            // Weight that left the option ungraded counts at the worst grade.
            counts[0] += participation - graded;
            parts[option] = _split(weight, counts, participation);
        }
        ICoopJudgmentGovernor(record.source).castFractionalBallot(record.sourceProposalId, parts);
    }

    /**
     * @dev Splits `weight` in proportion to `counts`, which add up to `total`: each part floored,
     * then one unit each to the largest remainders, ties to the lowest index. The parts add up to
     * exactly `weight`. At most 16 counts, so the selection loop is bounded.
     */
    function _split(
        uint256 weight,
        uint256[] memory counts,
        uint256 total
    ) private pure returns (uint256[] memory parts) {
        uint256 length = counts.length;
        parts = new uint256[](length);
        uint256[] memory remainders = new uint256[](length);
        uint256 given;
        for (uint256 i = 0; i < length; ++i) {
            parts[i] = Math.mulDiv(weight, counts[i], total);
            remainders[i] = mulmod(weight, counts[i], total);
            given += parts[i];
        }
        for (uint256 left = weight - given; left > 0; --left) {
            uint256 best;
            for (uint256 i = 1; i < length; ++i) {
                if (remainders[i] > remainders[best]) best = i;
            }
            ++parts[best];
            remainders[best] = 0;
        }
    }

    function _row(uint256 mirrorId, uint256 option, uint256 gradeCount) private view returns (uint256[] memory row) {
        mapping(uint256 => uint256) storage counts = _histograms[mirrorId];
        row = new uint256[](gradeCount);
        for (uint256 grade = 0; grade < gradeCount; ++grade) {
            row[grade] = counts[option * _MAX_GRADES + grade];
        }
    }

    function _openMirror(uint256 mirrorId, MirrorKind kind) private view returns (Mirror storage record) {
        record = _getMirror(mirrorId);
        if (record.kind != kind) revert RelayWrongKind(mirrorId, record.kind);
        MirrorState current = _state(record);
        if (current != MirrorState.Active) revert RelayUnexpectedState(mirrorId, current);
    }

    function _getMirror(uint256 mirrorId) private view returns (Mirror storage record) {
        record = _mirrors[mirrorId];
        if (record.source == address(0)) revert RelayUnknownMirror(mirrorId);
    }

    function _state(Mirror storage record) private view returns (MirrorState) {
        if (record.cast) return MirrorState.Cast;
        return Time.timestamp() <= record.deadline ? MirrorState.Active : MirrorState.Ended;
    }

    /// @dev Whether the source above still takes votes on the mirrored proposal.
    function _sourceActive(Mirror storage record) private view returns (bool) {
        address source = record.source;
        uint256 proposalId = record.sourceProposalId;
        if (source == address(_links.fedGovernor)) {
            return IGovernor(source).state(proposalId) == IGovernor.ProposalState.Active;
        }
        if (source == address(_links.fedJudgment)) {
            return ICoopJudgmentGovernor(source).state(proposalId) == ICoopJudgmentGovernor.ProposalState.Active;
        }
        return IFederationRelay(source).mirrorState(proposalId) == MirrorState.Active;
    }
}
