// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {NoncesKeyedUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesKeyedUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";

import {ICoopCharter} from "../interfaces/ICoopCharter.sol";
import {ICoopColleges} from "../interfaces/ICoopColleges.sol";
import {ICoopJudgmentGovernor} from "../interfaces/ICoopJudgmentGovernor.sol";
import {ICoopMembership} from "../interfaces/ICoopMembership.sol";
import {ICoopUpgradeable} from "../interfaces/ICoopUpgradeable.sol";
import {Cid} from "../ipfs/Cid.sol";
import {MajorityJudgment} from "./MajorityJudgment.sol";

/**
 * @title CoopJudgmentGovernor
 * @notice The multi-option decisions of a cooperative, by majority judgment. A member proposes 2 to
 * 32 options (suppliers, budgets, candidates), members grade every option from the worst grade to
 * the best, and after the deadline the option with the best majority grade wins. If it has actions,
 * anyone queues them in the cooperative's timelock and runs them after its delay.
 *
 * @dev Shares the cooperative's membership (weights and the timestamp clock at each proposal's
 * snapshot), its timelock and its charter with the yes/no {CoopGovernor}:
 * - options may only call what an ordinary yes/no proposal may call; the charter classifies each
 *   option's actions at creation and pins the code of their targets, checked again before running;
 * - each option keeps a histogram of grades, updated per ballot in O(options), and the ranking reads
 *   only the histograms ({MajorityJudgment}), so nothing loops over voters;
 * - histogram counts are packed four to a slot, 64 bits each: a ballot that would take a count past
 *   2^64 - 1 is rejected. Member weights are far below that in practice;
 * - late-quorum protection, as in the yes/no governor: a first ballot that brings participation to
 *   the quorum less than `lateQuorumExtension` seconds before the deadline moves the deadline to
 *   that many seconds after it (event `ProposalExtended`), so a bloc cannot decide alone in the last
 *   block while the others, expecting the quorum to fail, stay home;
 * - a ballot can be replaced until the deadline; the previous one is subtracted first. Every
 *   ballot, direct or signed, uses the voter's next nonce for the proposal, so a signature made
 *   before a newer ballot cannot replace it.
 *
 * NOTE: Ballots are public. Anyone can read each voter's grades from the `BallotCast` events and
 * from {ballotOf}, as with the yes/no governor's votes.
 *
 * The contract sits behind an ERC-1967 proxy (UUPS); only the timelock can upgrade it.
 */
contract CoopJudgmentGovernor is
    Initializable,
    EIP712Upgradeable,
    NoncesKeyedUpgradeable,
    UUPSUpgradeable,
    ICoopJudgmentGovernor,
    ICoopUpgradeable
{
    /// @notice Most options a proposal may have, counting the status quo.
    uint256 public constant MAX_OPTIONS = 32;

    /// @notice Fewest options a proposal may have, counting the status quo.
    uint256 public constant MIN_OPTIONS = 2;

    /// @notice Fewest and most grades on a scale.
    uint256 public constant MIN_GRADES = 2;
    uint256 public constant MAX_GRADES = 16;

    /// @notice Most actions that all the options of one proposal may have together.
    uint256 public constant MAX_ACTIONS = 64;

    /// @notice Largest count a histogram holds for one grade of one option: 2^64 - 1.
    uint256 public constant MAX_COUNT = type(uint64).max;

    /// @notice EIP-712 type of a signed ballot.
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant BALLOT_TYPEHASH = keccak256(
        "Ballot(uint256 proposalId,address voter,uint8[] grades,uint256 nonce)"
    );

    uint256 private constant _COUNT_BITS = 64;
    uint256 private constant _COUNTS_PER_SLOT = 4;
    uint256 private constant _SLOTS_PER_OPTION = MAX_GRADES / _COUNTS_PER_SLOT;
    uint256 private constant _GRADE_BITS = 4;

    /// @dev One proposal in two slots.
    struct ProposalCore {
        address proposer;
        uint48 snapshot;
        uint8 optionCount;
        uint8 gradeCount;
        uint8 minimumGrade;
        bool statusQuo;
        bool canceled;
        uint48 deadline;
        uint48 eta;
        uint16 quorumPercent;
        bool executed;
        uint48 lateQuorumExtension;
    }

    /// @dev A voter's ballot in one slot: the grades four bits each for a ballot of grades.
    struct BallotRecord {
        uint128 grades;
        uint64 weight;
        BallotKind kind;
    }

    /// @custom:storage-location erc7201:worldcoop.storage.CoopJudgmentGovernor
    struct JudgmentStorage {
        ICoopMembership membership;
        TimelockController timelock;
        ICoopCharter charter;
        Settings settings;
        mapping(uint256 proposalId => ProposalCore) proposals;
        mapping(uint256 proposalId => mapping(uint256 option => bytes32)) actionsHashes;
        // Packed counts: slot `option * 4 + grade / 4`, 64-bit lane `grade % 4`.
        mapping(uint256 proposalId => mapping(uint256 slot => uint256)) histograms;
        mapping(uint256 proposalId => mapping(address voter => BallotRecord)) ballots;
        // A fractional ballot's parts, packed as the histograms.
        mapping(uint256 proposalId => mapping(address voter => mapping(uint256 slot => uint256))) parts;
        mapping(uint256 proposalId => bytes32 operationId) operations;
    }

    // keccak256(abi.encode(uint256(keccak256("worldcoop.storage.CoopJudgmentGovernor")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xe07460392ccc0d16d1cee7cf2e39c9102129c4017a2645390a6753b96ad3bb00;

    modifier onlyTimelock() {
        if (msg.sender != address(_getJudgmentStorage().timelock)) revert CoopJudgmentOnlyTimelock(msg.sender);
        _;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the majority-judgment governor of a new cooperative.
     * @param name_ The governor's EIP-712 domain name for signed ballots.
     * @param membership_ The cooperative's member register, the source of weights and of the clock.
     * @param timelock_ The cooperative's timelock, which runs the winners' actions.
     * @param charter_ The cooperative's charter, which classifies actions and pins their targets.
     * @param settings_ The rules of new proposals.
     */
    function initialize(
        string calldata name_,
        ICoopMembership membership_,
        address payable timelock_,
        ICoopCharter charter_,
        Settings calldata settings_
    ) external initializer {
        if (address(membership_) == address(0)) revert CoopJudgmentZeroAddress("membership");
        if (timelock_ == address(0)) revert CoopJudgmentZeroAddress("timelock");
        if (address(charter_) == address(0)) revert CoopJudgmentZeroAddress("charter");
        __EIP712_init(name_, "1");
        __NoncesKeyed_init();
        JudgmentStorage storage $ = _getJudgmentStorage();
        $.membership = membership_;
        $.timelock = TimelockController(timelock_);
        $.charter = charter_;
        _setSettings(settings_);
    }

    // ---------------------------------------------------------------------------------------------
    // Proposals
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopJudgmentGovernor
    function propose(
        Option[] calldata options,
        bool statusQuo,
        string calldata description
    ) external returns (uint256 proposalId) {
        JudgmentStorage storage $ = _getJudgmentStorage();
        _requireProposer($.membership, msg.sender);
        uint256 optionCount = options.length + (statusQuo ? 1 : 0);
        if (optionCount < MIN_OPTIONS || optionCount > MAX_OPTIONS) {
            revert CoopJudgmentOptionCount(optionCount, MAX_OPTIONS);
        }
        proposalId = hashProposal(msg.sender, options, statusQuo, keccak256(bytes(description)));
        if ($.proposals[proposalId].proposer != address(0)) revert CoopJudgmentProposalExists(proposalId);

        // The charter reads the document URI from the description and records it for the proposal.
        $.charter.recordProposal(proposalId, new address[](0), new bytes[](0), description);
        _recordOptions($, proposalId, options, description);

        _createProposal($, proposalId, optionCount, statusQuo);
        _emitProposalCreated($, proposalId, options, statusQuo, description);
    }

    /// @inheritdoc ICoopJudgmentGovernor
    function hashProposal(
        address proposer,
        Option[] calldata options,
        bool statusQuo,
        bytes32 descriptionHash
    ) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(proposer, options, statusQuo, descriptionHash)));
    }

    // ---------------------------------------------------------------------------------------------
    // Ballots
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopJudgmentGovernor
    function castBallot(uint256 proposalId, uint8[] calldata grades) external returns (uint256) {
        _useNonce(msg.sender, uint192(proposalId));
        return _castBallot(proposalId, msg.sender, grades);
    }

    /// @inheritdoc ICoopJudgmentGovernor
    function castBallotBySig(
        uint256 proposalId,
        address voter,
        uint8[] calldata grades,
        bytes calldata signature
    ) external returns (uint256) {
        uint192 key = uint192(proposalId);
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(BALLOT_TYPEHASH, proposalId, voter, keccak256(abi.encodePacked(grades)), nonces(voter, key))
            )
        );
        if (!SignatureChecker.isValidSignatureNow(voter, digest, signature)) {
            revert CoopJudgmentInvalidSignature(voter);
        }
        _useNonce(voter, key);
        return _castBallot(proposalId, voter, grades);
    }

    /// @inheritdoc ICoopJudgmentGovernor
    function castFractionalBallot(uint256 proposalId, uint256[][] calldata parts) external returns (uint256 weight) {
        _useNonce(msg.sender, uint192(proposalId));
        JudgmentStorage storage $ = _getJudgmentStorage();
        ProposalCore storage proposal = _requireActive($, proposalId);
        weight = _weightOf($, proposal, proposalId, msg.sender);
        uint256 optionCount = proposal.optionCount;
        uint256 gradeCount = proposal.gradeCount;
        if (parts.length != optionCount) revert CoopJudgmentWrongGradeCount(parts.length, optionCount);

        bool replaced = _removeBallot($, proposalId, msg.sender, optionCount);
        mapping(uint256 => uint256) storage histogram = $.histograms[proposalId];
        mapping(uint256 => uint256) storage stored = $.parts[proposalId][msg.sender];
        for (uint256 option = 0; option < optionCount; ++option) {
            uint256[] calldata row = parts[option];
            if (row.length != gradeCount) revert CoopJudgmentWrongGradeCount(row.length, gradeCount);
            uint256 sum;
            for (uint256 grade = 0; grade < gradeCount; ++grade) {
                uint256 part = row[grade];
                if (part == 0) continue;
                _addCount(histogram, option, grade, part);
                _addCount(stored, option, grade, part);
                // Each part is at most MAX_COUNT once counted, so the sum of a row cannot wrap.
                sum += part;
            }
            if (sum != weight) revert CoopJudgmentPartsMismatch(option, sum, weight);
        }
        $.ballots[proposalId][msg.sender] = BallotRecord({
            grades: 0,
            weight: uint64(weight),
            kind: BallotKind.Fractional
        });
        ICoopColleges colleges = $.charter.collegeModule();
        if (address(colleges) != address(0)) {
            colleges.recordFractionalBallot(proposalId, proposal.snapshot, msg.sender, parts, weight);
        }
        emit FractionalBallotCast(msg.sender, proposalId, parts, weight, replaced);
        _extendOnLateQuorum($, proposal, proposalId, weight, replaced);
    }

    // ---------------------------------------------------------------------------------------------
    // Execution
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopJudgmentGovernor
    function queue(
        uint256 proposalId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external {
        uint256 winner = _checkWinner(proposalId, ProposalState.Succeeded, targets, values, calldatas);
        JudgmentStorage storage $ = _getJudgmentStorage();
        TimelockController controller = $.timelock;
        uint256 delay = controller.getMinDelay();
        // TimelockController makes the operation ready at block.timestamp + delay, so the ETA is the same.
        // solhint-disable-next-line not-rely-on-time
        uint48 eta = SafeCast.toUint48(block.timestamp + delay);
        bytes32 salt = _salt(proposalId);
        $.proposals[proposalId].eta = eta;
        $.operations[proposalId] = controller.hashOperationBatch(targets, values, calldatas, 0, salt);
        controller.scheduleBatch(targets, values, calldatas, 0, salt, delay);
        emit ProposalQueued(proposalId, winner, eta);
    }

    /// @inheritdoc ICoopJudgmentGovernor
    function execute(
        uint256 proposalId,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external payable {
        uint256 winner = _checkWinner(proposalId, ProposalState.Queued, targets, values, calldatas);
        _getJudgmentStorage().proposals[proposalId].executed = true;
        emit ProposalExecuted(proposalId, winner);
        _executeBatch(targets, values, calldatas, _salt(proposalId));
    }

    /// @inheritdoc ICoopJudgmentGovernor
    function cancel(uint256 proposalId) external {
        JudgmentStorage storage $ = _getJudgmentStorage();
        ProposalCore storage proposal = _getProposal($, proposalId);
        ProposalState current = _state(proposal, proposalId);
        if (current == ProposalState.Canceled || current == ProposalState.Executed) {
            revert CoopJudgmentUnexpectedState(proposalId, current);
        }
        bool byProposer = msg.sender == proposal.proposer && current == ProposalState.Pending;
        if (!byProposer && !$.charter.guardianMayCancel(proposalId, msg.sender)) {
            revert CoopJudgmentCannotCancel(proposalId, msg.sender);
        }
        proposal.canceled = true;
        if (current == ProposalState.Queued) $.timelock.cancel($.operations[proposalId]);
        emit ProposalCanceled(proposalId, msg.sender);
    }

    // ---------------------------------------------------------------------------------------------
    // Settings and upgrades
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopJudgmentGovernor
    function setSettings(Settings calldata settings_) external onlyTimelock {
        _setSettings(settings_);
    }

    /// @inheritdoc ICoopUpgradeable
    function implementation() external view returns (address) {
        return ERC1967Utils.getImplementation();
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopJudgmentGovernor
    function state(uint256 proposalId) external view returns (ProposalState) {
        return _state(_getProposal(_getJudgmentStorage(), proposalId), proposalId);
    }

    /// @inheritdoc ICoopJudgmentGovernor
    function outcome(
        uint256 proposalId
    )
        public
        view
        returns (Outcome result, uint256[] memory leaders, uint256 grade, uint256 participation, uint256 quorum)
    {
        JudgmentStorage storage $ = _getJudgmentStorage();
        ProposalCore storage proposal = _getProposal($, proposalId);
        participation = _participation($, proposal, proposalId);
        quorum = _quorum($, proposal);
        ICoopColleges colleges = _collegesCounting($, proposalId);
        bool reached;
        uint256[][] memory counts;
        if (address(colleges) == address(0)) {
            reached = participation >= quorum;
            counts = _tallies($, proposal, proposalId);
        } else {
            reached = colleges.quorumReached(address(this), proposalId, quorum);
            counts = colleges.combinedHistograms(address(this), proposalId);
        }
        leaders = MajorityJudgment.winners(counts);
        grade = MajorityJudgment.majorityGrade(counts[leaders[0]]);
        if (!reached) result = Outcome.QuorumNotReached;
        else if (leaders.length > 1) result = Outcome.Tie;
        else if (grade < proposal.minimumGrade) result = Outcome.BelowMinimum;
        else result = Outcome.Winner;
    }

    /// @inheritdoc ICoopJudgmentGovernor
    function tallies(uint256 proposalId) external view returns (uint256[][] memory) {
        JudgmentStorage storage $ = _getJudgmentStorage();
        return _tallies($, _getProposal($, proposalId), proposalId);
    }

    /// @inheritdoc ICoopJudgmentGovernor
    function proposalDetails(uint256 proposalId) external view returns (ProposalDetails memory) {
        ProposalCore storage proposal = _getProposal(_getJudgmentStorage(), proposalId);
        return
            ProposalDetails({
                proposer: proposal.proposer,
                snapshot: proposal.snapshot,
                deadline: proposal.deadline,
                optionCount: proposal.optionCount,
                gradeCount: proposal.gradeCount,
                minimumGrade: proposal.minimumGrade,
                quorumPercent: proposal.quorumPercent,
                statusQuo: proposal.statusQuo,
                canceled: proposal.canceled,
                executed: proposal.executed,
                eta: proposal.eta
            });
    }

    /// @inheritdoc ICoopJudgmentGovernor
    function optionActionsHash(uint256 proposalId, uint256 option) external view returns (bytes32) {
        return _getJudgmentStorage().actionsHashes[proposalId][option];
    }

    /// @inheritdoc ICoopJudgmentGovernor
    function ballotOf(
        uint256 proposalId,
        address voter
    ) external view returns (BallotKind kind, uint256 weight, uint8[] memory grades) {
        JudgmentStorage storage $ = _getJudgmentStorage();
        ProposalCore storage proposal = _getProposal($, proposalId);
        BallotRecord memory ballot = $.ballots[proposalId][voter];
        kind = ballot.kind;
        weight = ballot.weight;
        if (kind == BallotKind.Grades) {
            uint256 optionCount = proposal.optionCount;
            grades = new uint8[](optionCount);
            for (uint256 option = 0; option < optionCount; ++option) {
                grades[option] = _gradeAt(ballot.grades, option);
            }
        }
    }

    /// @inheritdoc ICoopJudgmentGovernor
    function settings() external view returns (Settings memory) {
        return _getJudgmentStorage().settings;
    }

    /// @notice Returns the cooperative's member register.
    function membership() external view returns (ICoopMembership) {
        return _getJudgmentStorage().membership;
    }

    /// @notice Returns the cooperative's timelock.
    function timelock() external view returns (address) {
        return address(_getJudgmentStorage().timelock);
    }

    /// @notice Returns the cooperative's charter.
    function charter() external view returns (ICoopCharter) {
        return _getJudgmentStorage().charter;
    }

    /// @notice Returns the membership's clock: the current timestamp (ERC-6372).
    function clock() public view returns (uint48) {
        return _getJudgmentStorage().membership.clock();
    }

    /// @notice Returns the membership's clock mode, `mode=timestamp` (ERC-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() external view returns (string memory) {
        return _getJudgmentStorage().membership.CLOCK_MODE();
    }

    /// @notice Describes the counting: grades per option, majority judgment, quorum on participation.
    // solhint-disable-next-line func-name-mixedcase
    function COUNTING_MODE() external pure returns (string memory) {
        return "support=majority-judgment&quorum=participation";
    }

    // ---------------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------------

    /// @dev Checks each option and records its actions with the charter, which rejects more than
    /// its own maximum per option and tells whether they are extraordinary.
    function _recordOptions(
        JudgmentStorage storage $,
        uint256 proposalId,
        Option[] calldata options,
        string calldata description
    ) private {
        uint256 actions;
        for (uint256 i = 0; i < options.length; ++i) {
            Option calldata option = options[i];
            if (!Cid.isValid(option.label)) revert CoopJudgmentInvalidLabel(i);
            uint256 count = option.targets.length;
            if (count != option.values.length || count != option.calldatas.length) {
                revert CoopJudgmentInvalidActions(i, count, option.values.length, option.calldatas.length);
            }
            if (count == 0) continue;
            actions += count;
            if (actions > MAX_ACTIONS) revert CoopJudgmentTooManyActions(actions, MAX_ACTIONS);
            $.actionsHashes[proposalId][i] = _hashActions(option.targets, option.values, option.calldatas);
            bool extraordinary = $.charter.recordProposal(
                _optionKey(proposalId, i),
                option.targets,
                option.calldatas,
                description
            );
            if (extraordinary) revert CoopJudgmentExtraordinaryOption(i);
        }
    }

    /// @dev Stores a new proposal with the current settings frozen into it.
    function _createProposal(
        JudgmentStorage storage $,
        uint256 proposalId,
        uint256 optionCount,
        bool statusQuo
    ) private {
        Settings memory rules = $.settings;
        uint48 snapshot = clock() + rules.votingDelay;
        $.proposals[proposalId] = ProposalCore({
            proposer: msg.sender,
            snapshot: snapshot,
            optionCount: uint8(optionCount),
            gradeCount: rules.gradeCount,
            minimumGrade: rules.minimumGrade,
            statusQuo: statusQuo,
            canceled: false,
            deadline: snapshot + rules.votingPeriod,
            eta: 0,
            quorumPercent: rules.quorumPercent,
            executed: false,
            lateQuorumExtension: rules.lateQuorumExtension
        });
    }

    function _emitProposalCreated(
        JudgmentStorage storage $,
        uint256 proposalId,
        Option[] calldata options,
        bool statusQuo,
        string calldata description
    ) private {
        ProposalCore storage proposal = $.proposals[proposalId];
        emit ProposalCreated(
            proposalId,
            msg.sender,
            options,
            statusQuo,
            $.settings,
            proposal.snapshot,
            proposal.deadline,
            description
        );
    }

    function _castBallot(uint256 proposalId, address voter, uint8[] calldata grades) private returns (uint256 weight) {
        JudgmentStorage storage $ = _getJudgmentStorage();
        ProposalCore storage proposal = _requireActive($, proposalId);
        weight = _weightOf($, proposal, proposalId, voter);
        uint256 optionCount = proposal.optionCount;
        uint256 gradeCount = proposal.gradeCount;
        if (grades.length != optionCount) revert CoopJudgmentWrongGradeCount(grades.length, optionCount);

        bool replaced = _removeBallot($, proposalId, voter, optionCount);
        mapping(uint256 => uint256) storage histogram = $.histograms[proposalId];
        uint256 packed;
        for (uint256 option = 0; option < optionCount; ++option) {
            uint256 grade = grades[option];
            if (grade >= gradeCount) revert CoopJudgmentGradeOutOfScale(option, grade, gradeCount);
            _addCount(histogram, option, grade, weight);
            packed |= grade << (option * _GRADE_BITS);
        }
        $.ballots[proposalId][voter] = BallotRecord({
            grades: uint128(packed),
            weight: uint64(weight),
            kind: BallotKind.Grades
        });
        _recordInColleges($, proposal, proposalId, voter, grades, weight);
        emit BallotCast(voter, proposalId, grades, weight, replaced);
        _extendOnLateQuorum($, proposal, proposalId, weight, replaced);
    }

    /// @dev Hands a ballot of grades to the charter's college module, when there is one.
    function _recordInColleges(
        JudgmentStorage storage $,
        ProposalCore storage proposal,
        uint256 proposalId,
        address voter,
        uint8[] calldata grades,
        uint256 weight
    ) private {
        ICoopColleges colleges = $.charter.collegeModule();
        if (address(colleges) == address(0)) return;
        colleges.recordBallot(proposalId, proposal.snapshot, voter, grades, proposal.gradeCount, weight);
    }

    /**
     * @dev Keeps voting open for the proposal's late-quorum extension when the ballot of `weight`
     * just cast brought participation to the quorum less than that long before the deadline, so
     * that the members who stayed home can still answer. A replaced ballot adds no participation, and
     * participation only grows, so this happens at most once per proposal.
     */
    function _extendOnLateQuorum(
        JudgmentStorage storage $,
        ProposalCore storage proposal,
        uint256 proposalId,
        uint256 weight,
        bool replaced
    ) private {
        uint48 extended = clock() + proposal.lateQuorumExtension;
        if (replaced || extended <= proposal.deadline) return;
        uint256 participation = _participation($, proposal, proposalId);
        uint256 quorum = _quorum($, proposal);
        if (participation < quorum || participation - weight >= quorum) return;
        proposal.deadline = extended;
        emit ProposalExtended(proposalId, extended);
    }

    /// @dev The weight that cast a ballot: the sum of the first option's histogram.
    function _participation(
        JudgmentStorage storage $,
        ProposalCore storage proposal,
        uint256 proposalId
    ) private view returns (uint256 participation) {
        mapping(uint256 => uint256) storage histogram = $.histograms[proposalId];
        uint256 gradeCount = proposal.gradeCount;
        for (uint256 grade = 0; grade < gradeCount; ++grade) {
            (uint256 slot, uint256 shift) = _position(0, grade);
            participation += (histogram[slot] >> shift) & MAX_COUNT;
        }
    }

    /// @dev Subtracts the voter's previous ballot, if any, from the histograms.
    function _removeBallot(
        JudgmentStorage storage $,
        uint256 proposalId,
        address voter,
        uint256 optionCount
    ) private returns (bool replaced) {
        BallotRecord memory previous = $.ballots[proposalId][voter];
        if (previous.kind == BallotKind.None) return false;
        mapping(uint256 => uint256) storage histogram = $.histograms[proposalId];
        if (previous.kind == BallotKind.Grades) {
            for (uint256 option = 0; option < optionCount; ++option) {
                _subtractCount(histogram, option, _gradeAt(previous.grades, option), previous.weight);
            }
        } else {
            // Each lane of the histogram holds at least the voter's part, so whole slots subtract
            // without a borrow from one lane into the next.
            mapping(uint256 => uint256) storage stored = $.parts[proposalId][voter];
            uint256 slots = optionCount * _SLOTS_PER_OPTION;
            for (uint256 slot = 0; slot < slots; ++slot) {
                uint256 word = stored[slot];
                if (word == 0) continue;
                histogram[slot] -= word;
                delete stored[slot];
            }
        }
        return true;
    }

    /// @dev Adds `amount` to one packed count, rejecting a count past {MAX_COUNT}.
    function _addCount(
        mapping(uint256 => uint256) storage counts,
        uint256 option,
        uint256 grade,
        uint256 amount
    ) private {
        (uint256 slot, uint256 shift) = _position(option, grade);
        uint256 word = counts[slot];
        uint256 current = (word >> shift) & MAX_COUNT;
        if (amount > MAX_COUNT - current) revert CoopJudgmentCountOverflow(option, grade);
        counts[slot] = word + (amount << shift);
    }

    /// @dev Subtracts `amount` from one packed count, which holds at least `amount`.
    function _subtractCount(
        mapping(uint256 => uint256) storage counts,
        uint256 option,
        uint256 grade,
        uint256 amount
    ) private {
        (uint256 slot, uint256 shift) = _position(option, grade);
        counts[slot] -= amount << shift;
    }

    function _position(uint256 option, uint256 grade) private pure returns (uint256 slot, uint256 shift) {
        slot = option * _SLOTS_PER_OPTION + grade / _COUNTS_PER_SLOT;
        shift = (grade % _COUNTS_PER_SLOT) * _COUNT_BITS;
    }

    function _gradeAt(uint128 packed, uint256 option) private pure returns (uint8) {
        return uint8((packed >> (option * _GRADE_BITS)) & 0xf);
    }

    /// @dev Unpacks the histograms of a proposal.
    function _tallies(
        JudgmentStorage storage $,
        ProposalCore storage proposal,
        uint256 proposalId
    ) private view returns (uint256[][] memory counts) {
        uint256 optionCount = proposal.optionCount;
        uint256 gradeCount = proposal.gradeCount;
        mapping(uint256 => uint256) storage histogram = $.histograms[proposalId];
        counts = new uint256[][](optionCount);
        for (uint256 option = 0; option < optionCount; ++option) {
            uint256[] memory row = new uint256[](gradeCount);
            uint256 word;
            for (uint256 grade = 0; grade < gradeCount; ++grade) {
                (uint256 slot, uint256 shift) = _position(option, grade);
                if (shift == 0) word = histogram[slot];
                row[grade] = (word >> shift) & MAX_COUNT;
            }
            counts[option] = row;
        }
    }

    /// @dev The college module counting `proposalId`, or zero when the proposal is counted by member.
    function _collegesCounting(
        JudgmentStorage storage $,
        uint256 proposalId
    ) private view returns (ICoopColleges colleges) {
        colleges = $.charter.collegeModule();
        if (address(colleges) == address(0)) return colleges;
        if (colleges.tallyInfo(address(this), proposalId).kind == ICoopColleges.TallyKind.None) {
            return ICoopColleges(address(0));
        }
    }

    function _quorum(JudgmentStorage storage $, ProposalCore storage proposal) private view returns (uint256) {
        uint256 snapshot = proposal.snapshot;
        // Before the snapshot the total weight is not known yet; the quorum then reads as zero.
        if (snapshot >= clock()) return 0;
        return ($.membership.getPastTotalSupply(snapshot) * proposal.quorumPercent) / 100;
    }

    /// @dev Reverts unless the proposal, counted, has a winner graded at least the minimum.
    function _requireWinner(
        JudgmentStorage storage $,
        ProposalCore storage proposal,
        uint256 proposalId
    ) private view returns (uint256) {
        (Outcome result, uint256[] memory leaders, uint256 grade, uint256 participation, uint256 quorum) = outcome(
            proposalId
        );
        if (result == Outcome.QuorumNotReached) {
            revert CoopJudgmentQuorumNotReached(proposalId, participation, quorum);
        }
        if (result == Outcome.Tie) revert CoopJudgmentTied(proposalId, leaders);
        if (result == Outcome.BelowMinimum) {
            revert CoopJudgmentBelowMinimum(proposalId, leaders[0], grade, proposal.minimumGrade);
        }
        uint256 winner = leaders[0];
        if ($.actionsHashes[proposalId][winner] == bytes32(0)) revert CoopJudgmentNothingToExecute(proposalId, winner);
        return winner;
    }

    /**
     * @dev Returns the winner of `proposalId` after checking that the proposal is in `expected`,
     * that the actions given are the winner's, and that their targets kept their code. A defeated
     * proposal reverts with the reason: no quorum, a tie or a grade below the minimum.
     */
    function _checkWinner(
        uint256 proposalId,
        ProposalState expected,
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) private view returns (uint256 winner) {
        JudgmentStorage storage $ = _getJudgmentStorage();
        ProposalCore storage proposal = _getProposal($, proposalId);
        ProposalState current = _state(proposal, proposalId);
        if (current != expected && current != ProposalState.Defeated) {
            revert CoopJudgmentUnexpectedState(proposalId, current);
        }
        winner = _requireWinner($, proposal, proposalId);
        if ($.actionsHashes[proposalId][winner] != _hashActions(targets, values, calldatas)) {
            revert CoopJudgmentActionsMismatch(proposalId, winner);
        }
        $.charter.checkTargets(_optionKey(proposalId, winner), targets);
    }

    function _requireProposer(ICoopMembership membership_, address account) private view {
        if (!membership_.isMember(account) || membership_.getPastVotes(account, clock() - 1) == 0) {
            revert CoopJudgmentNotMember(account);
        }
    }

    function _requireActive(
        JudgmentStorage storage $,
        uint256 proposalId
    ) private view returns (ProposalCore storage proposal) {
        proposal = _getProposal($, proposalId);
        ProposalState current = _state(proposal, proposalId);
        if (current != ProposalState.Active) revert CoopJudgmentUnexpectedState(proposalId, current);
    }

    /// @dev Returns the voter's weight at the snapshot; the voter must still be a member.
    function _weightOf(
        JudgmentStorage storage $,
        ProposalCore storage proposal,
        uint256 proposalId,
        address voter
    ) private view returns (uint256 weight) {
        ICoopMembership membership_ = $.membership;
        if (!membership_.isMember(voter)) revert CoopJudgmentNotMember(voter);
        weight = membership_.getPastVotes(voter, proposal.snapshot);
        if (weight == 0) revert CoopJudgmentNoVotesAtSnapshot(voter, proposalId);
        if (weight > MAX_COUNT) revert CoopJudgmentWeightTooLarge(voter, weight);
    }

    function _state(ProposalCore storage proposal, uint256 proposalId) private view returns (ProposalState) {
        if (proposal.executed) return ProposalState.Executed;
        if (proposal.canceled) return ProposalState.Canceled;
        uint48 now_ = clock();
        if (now_ <= proposal.snapshot) return ProposalState.Pending;
        if (now_ <= proposal.deadline) return ProposalState.Active;
        if (proposal.eta != 0) return ProposalState.Queued;
        (Outcome result, , , , ) = outcome(proposalId);
        return result == Outcome.Winner ? ProposalState.Succeeded : ProposalState.Defeated;
    }

    function _getProposal(
        JudgmentStorage storage $,
        uint256 proposalId
    ) private view returns (ProposalCore storage proposal) {
        proposal = $.proposals[proposalId];
        if (proposal.proposer == address(0)) revert CoopJudgmentUnknownProposal(proposalId);
    }

    function _setSettings(Settings calldata settings_) private {
        if (settings_.votingPeriod == 0) revert CoopJudgmentInvalidSetting("votingPeriod", 0);
        if (settings_.quorumPercent > 100) revert CoopJudgmentInvalidSetting("quorumPercent", settings_.quorumPercent);
        if (settings_.gradeCount < MIN_GRADES || settings_.gradeCount > MAX_GRADES) {
            revert CoopJudgmentInvalidSetting("gradeCount", settings_.gradeCount);
        }
        if (settings_.minimumGrade >= settings_.gradeCount) {
            revert CoopJudgmentInvalidSetting("minimumGrade", settings_.minimumGrade);
        }
        if (settings_.lateQuorumExtension > settings_.votingPeriod) {
            revert CoopJudgmentInvalidSetting("lateQuorumExtension", settings_.lateQuorumExtension);
        }
        _getJudgmentStorage().settings = settings_;
        emit SettingsSet(settings_);
    }

    function _hashActions(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(targets, values, calldatas));
    }

    /// @dev Runs an operation in the timelock, forwarding the ether sent with the call.
    function _executeBatch(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas,
        bytes32 salt
    ) private {
        bytes memory call = abi.encodeCall(TimelockController.executeBatch, (targets, values, calldatas, 0, salt));
        Address.functionCallWithValue(address(_getJudgmentStorage().timelock), call, msg.value);
    }

    /// @dev Key under which the charter records one option's actions.
    function _optionKey(uint256 proposalId, uint256 option) private pure returns (uint256) {
        return uint256(keccak256(abi.encode(proposalId, option)));
    }

    /// @dev Timelock salt of a proposal's operation, unique to this governor.
    function _salt(uint256 proposalId) private view returns (bytes32) {
        return keccak256(abi.encode(address(this), proposalId));
    }

    function _authorizeUpgrade(address) internal view override onlyTimelock {}

    function _getJudgmentStorage() private pure returns (JudgmentStorage storage $) {
        assembly ("memory-safe") {
            $.slot := STORAGE_LOCATION
        }
    }
}
