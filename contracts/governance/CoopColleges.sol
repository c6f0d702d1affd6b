// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";

import {ICoopColleges} from "../interfaces/ICoopColleges.sol";
import {ICoopMembership} from "../interfaces/ICoopMembership.sol";
import {ICoopUpgradeable} from "../interfaces/ICoopUpgradeable.sol";
import {Cid} from "../ipfs/Cid.sol";
import {CollegeTally} from "./CollegeTally.sol";
import {MajorityJudgment} from "./MajorityJudgment.sol";

/**
 * @title CoopColleges
 * @notice The colleges of a multi-stakeholder cooperative (a French SCIC, for example): workers,
 * users, partners and public bodies each vote in their own college, and the colleges' results are
 * combined with the weights that the statutes fix, so that no category outvotes the others by numbers.
 *
 * @dev Governors registered by governance record each vote here as they count it, with one call
 * ({recordVote} for yes/no, {recordBallot} or {recordFractionalBallot} for majority judgment), and delegate their result to the
 * views ({voteSucceeded}, {quorumReached}, {combinedRanking}). Tallies are kept per governor and
 * proposal, so two governors with equal proposal ids never mix. Anyone may call the recording
 * functions, but they store nothing for a caller that governance did not register before the
 * proposal's snapshot; such a governor counts by member. So naming this module in the charter
 * before listing a governor cannot block that governor's votes.
 *
 * Colleges. Id 0 means "no college": it cannot be configured, and a member whose college is 0 or is
 * not configured cannot vote while college voting is on ({CoopCollegesNoCollege}). A voter counts in
 * the college that the membership register gives them when they vote.
 *
 * Versions. The colleges, the switch and the quorum mode form one configuration, checkpointed at the
 * membership clock; each proposal is counted with the configuration in force at its snapshot, fixed
 * at its first recorded vote, so a later change never alters a running vote. The weight bounds are
 * a rule on configuration changes only, and are not versioned.
 *
 * Costs. Recording a vote costs a fixed amount of storage writes; a ballot costs O(options). Views
 * cost O(colleges x options x grades), with at most {MAX_COLLEGES} colleges. Nothing loops over members.
 *
 * NOTE: the membership register does not checkpoint colleges, so a member moved to another college
 * during a vote counts in the new one for the votes they cast afterwards. Its register has no
 * per-college electorate either, so quorums are measured against an absolute quorum the governor
 * passes (see {quorumReached}).
 *
 * The contract sits behind an ERC-1967 proxy (UUPS), and only the timelock can upgrade it. Its own
 * state lives in the ERC-7201 namespace `worldcoop.storage.CoopColleges`.
 */
contract CoopColleges is Initializable, UUPSUpgradeable, ICoopColleges, ICoopUpgradeable {
    using Checkpoints for Checkpoints.Trace208;

    /// @notice Most colleges in one configuration.
    uint256 public constant MAX_COLLEGES = 16;

    /// @notice Most options of a majority-judgment ballot, as the judgment governor allows.
    uint256 public constant MAX_OPTIONS = 32;

    /// @notice Fewest and most grades of a majority-judgment scale, as the judgment governor allows.
    uint256 public constant MIN_GRADES = 2;
    uint256 public constant MAX_GRADES = 16;

    /// @notice Denominator of basis points: the college weights sum to 10,000.
    uint16 public constant BPS_DENOMINATOR = 10_000;

    /// @notice OpenZeppelin's support values: against, for, abstain, and a fractional split.
    uint8 public constant SUPPORT_AGAINST = 0;
    uint8 public constant SUPPORT_FOR = 1;
    uint8 public constant SUPPORT_ABSTAIN = 2;
    uint8 public constant SUPPORT_FRACTIONAL = 255;

    /// @dev Length of a fractional vote's parameters: three packed `uint128`.
    uint256 private constant FRACTIONAL_PARAMS_LENGTH = 48;

    /// @dev Bits of one grade in a stored ballot.
    uint256 private constant GRADE_BITS = 4;

    /// @dev Layout of a packed configuration: college set id, then quorum mode, then the switch.
    uint256 private constant MODE_SHIFT = 32;
    uint256 private constant ENABLED_SHIFT = 40;
    uint256 private constant SET_MASK = type(uint32).max;

    /// @dev The votes recorded in one college for one proposal. Histogram cells are `option * 16 + grade`.
    struct CollegeCount {
        uint256 againstVotes;
        uint256 forVotes;
        uint256 abstainVotes;
        uint256 voted;
        mapping(uint256 cell => uint256) histogram;
    }

    /// @dev A voter's last ballot, kept so that a new one replaces it. A fractional one keeps its parts apart.
    struct Ballot {
        uint128 grades;
        uint96 weight;
        uint16 college;
        bool cast;
        bool fractional;
    }

    /// @dev A proposal's tally header: its kind, snapshot, ballot shape and packed configuration.
    struct Tally {
        TallyKind kind;
        uint48 snapshot;
        uint8 optionCount;
        uint8 gradeCount;
        uint208 configuration;
    }

    /// @custom:storage-location erc7201:worldcoop.storage.CoopColleges
    struct CollegesStorage {
        ICoopMembership membership;
        address timelock;
        uint16 minBps;
        uint16 maxBps;
        uint32 setCount;
        Checkpoints.Trace208 configurations;
        // When each governor was registered, on the membership clock; zero for one that is not.
        mapping(address governor => uint48 since) governors;
        mapping(uint32 setId => College[]) sets;
        mapping(uint32 setId => mapping(uint16 college => uint256 positionPlusOne)) positions;
        mapping(bytes32 tallyKey => Tally) tallies;
        mapping(bytes32 tallyKey => mapping(uint16 college => CollegeCount)) counts;
        mapping(bytes32 tallyKey => mapping(address voter => Ballot)) ballots;
        mapping(bytes32 tallyKey => mapping(address voter => mapping(uint256 cell => uint256))) parts;
    }

    // keccak256(abi.encode(uint256(keccak256("worldcoop.storage.CoopColleges")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant COLLEGES_STORAGE_LOCATION =
        0x5ebf31d0d42e5a74f095f2104990f5d3e1ca50e0169ac7cd217174d13381f900;

    modifier onlyTimelock() {
        if (msg.sender != _getCollegesStorage().timelock) revert CoopCollegesUnauthorized(msg.sender);
        _;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the colleges module of a cooperative, with no colleges, no bounds and college
     * voting off. Governance then configures it with {setColleges}, {setEnabled} and {setGovernor}.
     * @param membership_ The cooperative's member register: its clock and its members' colleges.
     * @param timelock_ The cooperative's timelock, which governs this contract.
     */
    function initialize(ICoopMembership membership_, address timelock_) external initializer {
        if (address(membership_) == address(0)) revert CoopCollegesZeroAddress("membership");
        if (address(membership_).code.length == 0) revert CoopCollegesInvalidMembership(address(membership_));
        if (timelock_ == address(0)) revert CoopCollegesZeroAddress("timelock");
        CollegesStorage storage $ = _getCollegesStorage();
        $.membership = membership_;
        $.timelock = timelock_;
        $.maxBps = BPS_DENOMINATOR;
        emit CollegeBoundsSet(0, BPS_DENOMINATOR);
    }

    // ---------------------------------------------------------------------------------------------
    // Configuration
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopColleges
    function setColleges(College[] calldata colleges) external onlyTimelock {
        CollegesStorage storage $ = _getCollegesStorage();
        uint256 count = colleges.length;
        if (count == 0 || count > MAX_COLLEGES) revert CoopCollegesCollegeCount(count, MAX_COLLEGES);
        uint32 setId = ++$.setCount;
        College[] storage set = $.sets[setId];
        mapping(uint16 => uint256) storage positions = $.positions[setId];
        uint256 sumBps;
        for (uint256 i = 0; i < count; ++i) {
            College calldata college = colleges[i];
            if (college.id == 0) revert CoopCollegesInvalidCollegeId(0);
            if (positions[college.id] != 0) revert CoopCollegesDuplicateCollege(college.id);
            Cid.requireValid(college.labelCid);
            _requireWithinBounds(college.id, college.weightBps, $.minBps, $.maxBps);
            sumBps += college.weightBps;
            set.push(college);
            positions[college.id] = i + 1;
        }
        if (sumBps != BPS_DENOMINATOR) revert CoopCollegesWeightSumMismatch(sumBps);
        (bool enabled, QuorumMode mode, ) = _unpack($.configurations.latest());
        _pushConfiguration($, enabled, mode, setId);
        emit CollegesSet(setId, colleges);
    }

    /// @inheritdoc ICoopColleges
    function setBounds(uint16 minBps, uint16 maxBps) external onlyTimelock {
        if (minBps > maxBps || maxBps > BPS_DENOMINATOR) revert CoopCollegesInvalidBounds(minBps, maxBps);
        CollegesStorage storage $ = _getCollegesStorage();
        (, , uint32 setId) = _unpack($.configurations.latest());
        College[] storage set = $.sets[setId];
        for (uint256 i = 0; i < set.length; ++i) {
            _requireWithinBounds(set[i].id, set[i].weightBps, minBps, maxBps);
        }
        $.minBps = minBps;
        $.maxBps = maxBps;
        emit CollegeBoundsSet(minBps, maxBps);
    }

    /// @inheritdoc ICoopColleges
    function setEnabled(bool enabled) external onlyTimelock {
        CollegesStorage storage $ = _getCollegesStorage();
        (, QuorumMode mode, uint32 setId) = _unpack($.configurations.latest());
        if (enabled && setId == 0) revert CoopCollegesNoColleges();
        _pushConfiguration($, enabled, mode, setId);
        emit CollegeVotingSet(enabled);
    }

    /// @inheritdoc ICoopColleges
    function setQuorumMode(QuorumMode mode) external onlyTimelock {
        CollegesStorage storage $ = _getCollegesStorage();
        (bool enabled, , uint32 setId) = _unpack($.configurations.latest());
        _pushConfiguration($, enabled, mode, setId);
        emit QuorumModeSet(mode);
    }

    /// @inheritdoc ICoopColleges
    function setGovernor(address governor, bool registered) external onlyTimelock {
        if (governor == address(0)) revert CoopCollegesZeroAddress("governor");
        CollegesStorage storage $ = _getCollegesStorage();
        if (!registered) delete $.governors[governor];
        else if ($.governors[governor] == 0) $.governors[governor] = $.membership.clock();
        emit GovernorRegistered(governor, registered);
    }

    // ---------------------------------------------------------------------------------------------
    // Recording
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopColleges
    function recordVote(
        uint256 proposalId,
        uint256 snapshot,
        address voter,
        uint8 support,
        uint256 weight,
        bytes calldata params
    ) external returns (bool recorded) {
        bytes32 key = _tallyKey(msg.sender, proposalId);
        uint16 college;
        {
            CollegesStorage storage $ = _getCollegesStorage();
            (Tally storage tally, bool enabled) = _openTally($, key, proposalId, snapshot, TallyKind.YesNo);
            if (!enabled) return false;
            college = _collegeOf($, tally, voter);
        }
        _countVote(key, proposalId, voter, college, support, weight, params);
        return true;
    }

    /// @inheritdoc ICoopColleges
    function recordBallot(
        uint256 proposalId,
        uint256 snapshot,
        address voter,
        uint8[] calldata grades,
        uint8 gradeCount,
        uint256 weight
    ) external returns (bool recorded) {
        CollegesStorage storage $ = _getCollegesStorage();
        bytes32 key = _tallyKey(msg.sender, proposalId);
        (Tally storage tally, bool enabled) = _openTally($, key, proposalId, snapshot, TallyKind.Judgment);
        if (!enabled) return false;
        _requireBallotShape(tally, grades.length, gradeCount);
        (uint16 college, bool replaced) = _replaceBallot($, key, tally, voter, grades, gradeCount, weight);
        emit CollegeBallotRecorded(msg.sender, proposalId, voter, college, grades, weight, replaced);
        return true;
    }

    /// @inheritdoc ICoopColleges
    function recordFractionalBallot(
        uint256 proposalId,
        uint256 snapshot,
        address voter,
        uint256[][] calldata parts,
        uint256 weight
    ) external returns (bool recorded) {
        bytes32 key = _tallyKey(msg.sender, proposalId);
        uint16 college;
        bool replaced;
        {
            CollegesStorage storage $ = _getCollegesStorage();
            (Tally storage tally, bool enabled) = _openTally($, key, proposalId, snapshot, TallyKind.Judgment);
            if (!enabled) return false;
            _requireBallotShape(tally, parts.length, parts.length == 0 ? 0 : parts[0].length);
            college = _collegeOf($, tally, voter);
            replaced = _removeBallot($, key, tally, voter);
        }
        _addParts(key, college, voter, parts, weight);
        emit CollegeFractionalBallotRecorded(msg.sender, proposalId, voter, college, weight, replaced);
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopColleges
    function membership() external view returns (address) {
        return address(_getCollegesStorage().membership);
    }

    /// @inheritdoc ICoopColleges
    function timelock() external view returns (address) {
        return _getCollegesStorage().timelock;
    }

    /// @inheritdoc ICoopColleges
    function configurationAt(uint256 timepoint) external view returns (Configuration memory configuration) {
        CollegesStorage storage $ = _getCollegesStorage();
        uint208 packed = $.configurations.upperLookupRecent(SafeCast.toUint48(timepoint));
        uint32 setId;
        (configuration.enabled, configuration.quorumMode, setId) = _unpack(packed);
        configuration.colleges = $.sets[setId];
    }

    /// @inheritdoc ICoopColleges
    function bounds() external view returns (uint16 minBps, uint16 maxBps) {
        CollegesStorage storage $ = _getCollegesStorage();
        return ($.minBps, $.maxBps);
    }

    /// @inheritdoc ICoopColleges
    function isGovernor(address governor) external view returns (bool) {
        return _getCollegesStorage().governors[governor] != 0;
    }

    /// @inheritdoc ICoopColleges
    function tallyInfo(address governor, uint256 proposalId) external view returns (TallyInfo memory) {
        Tally storage tally = _getCollegesStorage().tallies[_tallyKey(governor, proposalId)];
        return TallyInfo(tally.kind, tally.snapshot, tally.optionCount, tally.gradeCount);
    }

    /// @inheritdoc ICoopColleges
    function collegeVotes(
        address governor,
        uint256 proposalId,
        uint16 college
    ) external view returns (uint256 againstWeight, uint256 forWeight, uint256 abstainWeight, uint256 votedWeight) {
        CollegeCount storage count = _getCollegesStorage().counts[_tallyKey(governor, proposalId)][college];
        return (count.againstVotes, count.forVotes, count.abstainVotes, count.voted);
    }

    /// @inheritdoc ICoopColleges
    function collegeHistograms(
        address governor,
        uint256 proposalId,
        uint16 college
    ) external view returns (uint256[][] memory histograms, uint256 votedWeight) {
        CollegesStorage storage $ = _getCollegesStorage();
        bytes32 key = _tallyKey(governor, proposalId);
        Tally storage tally = $.tallies[key];
        CollegeCount storage count = $.counts[key][college];
        return (_histogramsOf(count, tally.optionCount, tally.gradeCount), count.voted);
    }

    /// @inheritdoc ICoopColleges
    function combinedYesNo(
        address governor,
        uint256 proposalId
    ) external view returns (uint256 againstShare, uint256 forShare, uint256 abstainShare) {
        (
            uint256[] memory againstVotes,
            uint256[] memory forVotes,
            uint256[] memory abstainVotes,
            uint256[] memory weights
        ) = _yesNoArrays(governor, proposalId);
        return CollegeTally.combineYesNo(againstVotes, forVotes, abstainVotes, weights);
    }

    /// @inheritdoc ICoopColleges
    function combinedHistograms(address governor, uint256 proposalId) public view returns (uint256[][] memory) {
        CollegesStorage storage $ = _getCollegesStorage();
        bytes32 key = _tallyKey(governor, proposalId);
        Tally storage tally = $.tallies[key];
        if (tally.kind != TallyKind.Judgment) revert CoopCollegesTallyKindMismatch(proposalId, tally.kind);
        College[] storage set = _setOf($, tally);
        uint256 count = set.length;
        uint256[][][] memory histograms = new uint256[][][](count);
        uint256[] memory voted = new uint256[](count);
        uint256[] memory weights = new uint256[](count);
        for (uint256 c = 0; c < count; ++c) {
            CollegeCount storage collegeCount = $.counts[key][set[c].id];
            voted[c] = collegeCount.voted;
            weights[c] = set[c].weightBps;
            if (voted[c] != 0) histograms[c] = _histogramsOf(collegeCount, tally.optionCount, tally.gradeCount);
        }
        return CollegeTally.combineHistograms(histograms, voted, weights, tally.optionCount, tally.gradeCount);
    }

    /// @inheritdoc ICoopColleges
    function combinedRanking(
        address governor,
        uint256 proposalId
    ) external view returns (uint256[] memory order, bool[] memory tiedWithPrevious) {
        return MajorityJudgment.rank(combinedHistograms(governor, proposalId));
    }

    /**
     * @inheritdoc ICoopColleges
     * @dev False for a proposal with no yes/no tally. See {CollegeTally-yesNoSucceeded} for rounding.
     */
    function voteSucceeded(address governor, uint256 proposalId) external view returns (bool) {
        (
            uint256[] memory againstVotes,
            uint256[] memory forVotes,
            uint256[] memory abstainVotes,
            uint256[] memory weights
        ) = _yesNoArrays(governor, proposalId);
        return CollegeTally.yesNoSucceeded(againstVotes, forVotes, abstainVotes, weights);
    }

    /**
     * @inheritdoc ICoopColleges
     * @dev The weight counted in a college is for + abstain for yes/no (as OpenZeppelin counts it)
     * and every ballot for majority judgment. Global mode: the sum over colleges reaches `quorum`.
     * Per-college mode: each configured college reaches `quorum * weightBps / 10,000`, compared
     * exactly, so a college where nobody voted fails it. False for a proposal with no tally.
     */
    function quorumReached(address governor, uint256 proposalId, uint256 quorum) external view returns (bool) {
        CollegesStorage storage $ = _getCollegesStorage();
        bytes32 key = _tallyKey(governor, proposalId);
        Tally storage tally = $.tallies[key];
        if (tally.kind == TallyKind.None) return false;
        College[] storage set = _setOf($, tally);
        uint256 count = set.length;
        uint256[] memory counted = new uint256[](count);
        uint256[] memory weights = new uint256[](count);
        for (uint256 c = 0; c < count; ++c) {
            CollegeCount storage collegeCount = $.counts[key][set[c].id];
            counted[c] =
                tally.kind == TallyKind.YesNo ? collegeCount.forVotes + collegeCount.abstainVotes : collegeCount.voted;
            weights[c] = set[c].weightBps;
        }
        (, QuorumMode mode, ) = _unpack(tally.configuration);
        return CollegeTally.quorumReached(counted, weights, quorum, mode == QuorumMode.PerCollege);
    }

    /// @inheritdoc ICoopUpgradeable
    function implementation() external view returns (address) {
        return ERC1967Utils.getImplementation();
    }

    // ---------------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------------

    /// @dev Only the timelock can upgrade, through a proposal.
    function _authorizeUpgrade(address) internal view override onlyTimelock {}

    /// @dev Checkpoints a configuration at the current membership clock.
    function _pushConfiguration(CollegesStorage storage $, bool enabled, QuorumMode mode, uint32 setId) private {
        uint256 packed = (uint256(enabled ? 1 : 0) << ENABLED_SHIFT) | (uint256(mode) << MODE_SHIFT) | setId;
        $.configurations.push($.membership.clock(), uint208(packed));
    }

    /**
     * @dev Returns the tally of `key`, fixing its snapshot and configuration at the first vote, and
     * whether it counts by college: college voting was on at its snapshot and the calling governor
     * was registered by then. Stores nothing when it does not. Once open, a tally keeps counting
     * even if the governor is withdrawn, so a change never alters a vote under way.
     */
    function _openTally(
        CollegesStorage storage $,
        bytes32 key,
        uint256 proposalId,
        uint256 snapshot,
        TallyKind kind
    ) private returns (Tally storage tally, bool enabled) {
        tally = $.tallies[key];
        if (tally.kind == TallyKind.None) {
            uint48 now_ = $.membership.clock();
            if (snapshot >= now_) revert CoopCollegesFutureSnapshot(snapshot, now_);
            // Cannot truncate: snapshot < now_, a uint48.
            uint208 configuration = $.configurations.upperLookupRecent(uint48(snapshot));
            (enabled, , ) = _unpack(configuration);
            if (!enabled) return (tally, false);
            // A governor counts by college the proposals whose snapshot follows its registration.
            uint48 since = $.governors[msg.sender];
            if (since == 0 || since > snapshot) return (tally, false);
            tally.kind = kind;
            tally.snapshot = uint48(snapshot);
            tally.configuration = configuration;
            return (tally, true);
        }
        if (tally.snapshot != snapshot) revert CoopCollegesSnapshotMismatch(proposalId, tally.snapshot, snapshot);
        if (tally.kind != kind) revert CoopCollegesTallyKindMismatch(proposalId, tally.kind);
        return (tally, true);
    }

    /// @dev Splits a vote as OpenZeppelin's fractional counting does.
    function _splitVote(
        uint8 support,
        uint256 weight,
        bytes calldata params
    ) private pure returns (uint256 againstWeight, uint256 forWeight, uint256 abstainWeight) {
        if (support == SUPPORT_AGAINST) return (weight, 0, 0);
        if (support == SUPPORT_FOR) return (0, weight, 0);
        if (support == SUPPORT_ABSTAIN) return (0, 0, weight);
        if (support != SUPPORT_FRACTIONAL) revert CoopCollegesInvalidSupport(support);
        if (params.length != FRACTIONAL_PARAMS_LENGTH) revert CoopCollegesInvalidFractionalVote(weight, params);
        againstWeight = uint128(bytes16(params[0:16]));
        forWeight = uint128(bytes16(params[16:32]));
        abstainWeight = uint128(bytes16(params[32:48]));
        if (againstWeight + forWeight + abstainWeight != weight)
            revert CoopCollegesInvalidFractionalVote(weight, params);
    }

    /// @dev Splits a yes/no vote, adds it to the college's counts and announces it.
    function _countVote(
        bytes32 key,
        uint256 proposalId,
        address voter,
        uint16 college,
        uint8 support,
        uint256 weight,
        bytes calldata params
    ) private {
        (uint256 againstWeight, uint256 forWeight, uint256 abstainWeight) = _splitVote(support, weight, params);
        CollegeCount storage count = _getCollegesStorage().counts[key][college];
        count.againstVotes += againstWeight;
        count.forVotes += forWeight;
        count.abstainVotes += abstainWeight;
        count.voted += weight;
        emit CollegeVoteRecorded(msg.sender, proposalId, voter, college, againstWeight, forWeight, abstainWeight);
    }

    /// @dev Returns the college of `voter`, which must be in the tally's configuration.
    function _collegeOf(CollegesStorage storage $, Tally storage tally, address voter) private view returns (uint16) {
        (, , , uint16 college) = $.membership.memberInfo(voter);
        (, , uint32 setId) = _unpack(tally.configuration);
        if ($.positions[setId][college] == 0) revert CoopCollegesNoCollege(voter, college);
        return college;
    }

    /// @dev Replaces the voter's previous ballot, if any, with the new one, in the voter's college now.
    function _replaceBallot(
        CollegesStorage storage $,
        bytes32 key,
        Tally storage tally,
        address voter,
        uint8[] calldata grades,
        uint8 gradeCount,
        uint256 weight
    ) private returns (uint16 college, bool replaced) {
        college = _collegeOf($, tally, voter);
        replaced = _removeBallot($, key, tally, voter);
        uint128 packed = _packGrades(grades, gradeCount);
        CollegeCount storage count = $.counts[key][college];
        _moveBallot(count, packed, grades.length, weight, true);
        count.voted += weight;
        $.ballots[key][voter] = Ballot({
            grades: packed,
            weight: SafeCast.toUint96(weight),
            college: college,
            cast: true,
            fractional: false
        });
    }

    /// @dev Removes the voter's last ballot, plain or fractional, from the college it counted in.
    function _removeBallot(
        CollegesStorage storage $,
        bytes32 key,
        Tally storage tally,
        address voter
    ) private returns (bool replaced) {
        Ballot storage ballot = $.ballots[key][voter];
        if (!ballot.cast) return false;
        CollegeCount storage count = $.counts[key][ballot.college];
        if (ballot.fractional) {
            _removeParts(count, $.parts[key][voter], tally.optionCount, tally.gradeCount);
        } else {
            _moveBallot(count, ballot.grades, tally.optionCount, ballot.weight, false);
        }
        count.voted -= ballot.weight;
        return true;
    }

    /// @dev Adds a fractional ballot's parts to the college's histograms and keeps them for a replacement.
    function _addParts(bytes32 key, uint16 college, address voter, uint256[][] calldata parts, uint256 weight) private {
        CollegesStorage storage $ = _getCollegesStorage();
        CollegeCount storage count = $.counts[key][college];
        mapping(uint256 => uint256) storage stored = $.parts[key][voter];
        uint256 gradeCount = parts[0].length;
        for (uint256 option = 0; option < parts.length; ++option) {
            if (parts[option].length != gradeCount) {
                revert CoopCollegesInvalidBallotShape(parts.length, parts[option].length);
            }
            _addRow(count, stored, option, parts[option], weight);
        }
        count.voted += weight;
        $.ballots[key][voter] = Ballot({
            grades: 0,
            weight: SafeCast.toUint96(weight),
            college: college,
            cast: true,
            fractional: true
        });
    }

    /// @dev Adds one option's parts, which must sum to `weight`, to the histograms and the stored ballot.
    function _addRow(
        CollegeCount storage count,
        mapping(uint256 => uint256) storage stored,
        uint256 option,
        uint256[] calldata row,
        uint256 weight
    ) private {
        uint256 sum;
        for (uint256 grade = 0; grade < row.length; ++grade) {
            uint256 part = row[grade];
            if (part == 0) continue;
            uint256 cell = option * MAX_GRADES + grade;
            count.histogram[cell] += part;
            stored[cell] = part;
            sum += part;
        }
        if (sum != weight) revert CoopCollegesPartsMismatch(option, sum, weight);
    }

    /// @dev Subtracts a stored fractional ballot from a college's histograms and clears it.
    function _removeParts(
        CollegeCount storage count,
        mapping(uint256 => uint256) storage stored,
        uint256 optionCount,
        uint256 gradeCount
    ) private {
        for (uint256 option = 0; option < optionCount; ++option) {
            for (uint256 grade = 0; grade < gradeCount; ++grade) {
                uint256 cell = option * MAX_GRADES + grade;
                uint256 part = stored[cell];
                if (part == 0) continue;
                count.histogram[cell] -= part;
                stored[cell] = 0;
            }
        }
    }

    /// @dev Fixes the ballot shape at the first ballot and checks every later one against it.
    function _requireBallotShape(Tally storage tally, uint256 optionCount, uint256 gradeCount) private {
        if (tally.gradeCount == 0) {
            if (optionCount == 0 || optionCount > MAX_OPTIONS || gradeCount < MIN_GRADES || gradeCount > MAX_GRADES) {
                revert CoopCollegesInvalidBallotShape(optionCount, gradeCount);
            }
            // Cannot truncate: optionCount <= MAX_OPTIONS and gradeCount <= MAX_GRADES.
            tally.optionCount = uint8(optionCount);
            tally.gradeCount = uint8(gradeCount);
        } else if (optionCount != tally.optionCount || gradeCount != tally.gradeCount) {
            revert CoopCollegesInvalidBallotShape(optionCount, gradeCount);
        }
    }

    /// @dev Packs grades four bits each, checking each is on the scale.
    function _packGrades(uint8[] calldata grades, uint8 gradeCount) private pure returns (uint128 packed) {
        uint256 bits;
        for (uint256 option = 0; option < grades.length; ++option) {
            uint256 grade = grades[option];
            if (grade >= gradeCount) revert CoopCollegesGradeOutOfScale(option, grade, gradeCount);
            bits |= grade << (option * GRADE_BITS);
        }
        // Cannot truncate: at most MAX_OPTIONS grades of GRADE_BITS bits, 128 bits.
        return uint128(bits);
    }

    /// @dev Adds (or removes) a packed ballot of `weight` to a college's histograms.
    function _moveBallot(
        CollegeCount storage count,
        uint128 packed,
        uint256 optionCount,
        uint256 weight,
        bool add
    ) private {
        for (uint256 option = 0; option < optionCount; ++option) {
            uint256 grade = (packed >> (option * GRADE_BITS)) & (MAX_GRADES - 1);
            uint256 cell = option * MAX_GRADES + grade;
            if (add) count.histogram[cell] += weight;
            else count.histogram[cell] -= weight;
        }
    }

    /// @dev Reads a college's histograms, `[option][grade]`.
    function _histogramsOf(
        CollegeCount storage count,
        uint256 optionCount,
        uint256 gradeCount
    ) private view returns (uint256[][] memory histograms) {
        histograms = new uint256[][](optionCount);
        for (uint256 option = 0; option < optionCount; ++option) {
            histograms[option] = new uint256[](gradeCount);
            for (uint256 grade = 0; grade < gradeCount; ++grade) {
                histograms[option][grade] = count.histogram[option * MAX_GRADES + grade];
            }
        }
    }

    /// @dev Reads the yes/no votes of every college of a proposal's configuration; empty without a yes/no tally.
    function _yesNoArrays(
        address governor,
        uint256 proposalId
    )
        private
        view
        returns (
            uint256[] memory againstVotes,
            uint256[] memory forVotes,
            uint256[] memory abstainVotes,
            uint256[] memory weights
        )
    {
        CollegesStorage storage $ = _getCollegesStorage();
        bytes32 key = _tallyKey(governor, proposalId);
        Tally storage tally = $.tallies[key];
        College[] storage set = _setOf($, tally);
        uint256 count = tally.kind == TallyKind.YesNo ? set.length : 0;
        againstVotes = new uint256[](count);
        forVotes = new uint256[](count);
        abstainVotes = new uint256[](count);
        weights = new uint256[](count);
        for (uint256 c = 0; c < count; ++c) {
            CollegeCount storage collegeCount = $.counts[key][set[c].id];
            againstVotes[c] = collegeCount.againstVotes;
            forVotes[c] = collegeCount.forVotes;
            abstainVotes[c] = collegeCount.abstainVotes;
            weights[c] = set[c].weightBps;
        }
    }

    function _setOf(CollegesStorage storage $, Tally storage tally) private view returns (College[] storage) {
        (, , uint32 setId) = _unpack(tally.configuration);
        return $.sets[setId];
    }

    function _requireWithinBounds(uint16 college, uint16 weightBps, uint16 minBps, uint16 maxBps) private pure {
        if (weightBps == 0) revert CoopCollegesZeroWeight(college);
        if (weightBps < minBps) revert CoopCollegesWeightBelowMinimum(college, weightBps, minBps);
        if (weightBps > maxBps) revert CoopCollegesWeightAboveMaximum(college, weightBps, maxBps);
    }

    function _unpack(uint208 packed) private pure returns (bool enabled, QuorumMode mode, uint32 setId) {
        enabled = (packed >> ENABLED_SHIFT) & 1 == 1;
        mode = QuorumMode(uint8(packed >> MODE_SHIFT));
        setId = uint32(packed & SET_MASK);
    }

    function _tallyKey(address governor, uint256 proposalId) private pure returns (bytes32) {
        return keccak256(abi.encode(governor, proposalId));
    }

    function _getCollegesStorage() private pure returns (CollegesStorage storage $) {
        assembly ("memory-safe") {
            $.slot := COLLEGES_STORAGE_LOCATION
        }
    }
}
