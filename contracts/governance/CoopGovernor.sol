// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {GovernorSettingsUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorSettingsUpgradeable.sol";
import {GovernorCountingFractionalUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorCountingFractionalUpgradeable.sol";
import {GovernorVotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesUpgradeable.sol";
import {GovernorVotesQuorumFractionUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesQuorumFractionUpgradeable.sol";
import {GovernorPreventLateQuorumUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorPreventLateQuorumUpgradeable.sol";
import {GovernorNoncesKeyedUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorNoncesKeyedUpgradeable.sol";
import {GovernorTimelockControlUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorTimelockControlUpgradeable.sol";
import {TimelockControllerUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/TimelockControllerUpgradeable.sol";
import {NoncesUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";

import {ICoopCharter} from "../interfaces/ICoopCharter.sol";
import {ICoopColleges} from "../interfaces/ICoopColleges.sol";
import {ICoopGovernor} from "../interfaces/ICoopGovernor.sol";
import {ICoopMembership} from "../interfaces/ICoopMembership.sol";
import {ICoopUpgradeable} from "../interfaces/ICoopUpgradeable.sol";

/**
 * @title CoopGovernor
 * @notice The yes/no decisions of a cooperative: members propose, vote one member one vote, and
 * passed proposals run through the cooperative's timelock after its delay.
 *
 * @dev An OpenZeppelin Governor, so governance front ends and indexers read it as it is:
 * - fractional counting, which also takes plain against/for/abstain votes (support 0, 1, 2);
 * - votes and the clock (timestamps) from the cooperative's {CoopMembership};
 * - quorum as a percentage of the total voting weight at the proposal's snapshot;
 * - late-quorum protection: reaching quorum late leaves at least `lateQuorumVoteExtension` seconds
 *   of voting, bounded by the voting period;
 * - timelock control: the timelock holds the cooperative's assets and runs every decision.
 *
 * On top of the standard, a vote is rejected with a clear error when the voter is no longer a
 * member (even on a proposal whose snapshot predates their exit) or had no vote at the snapshot.
 * Proposals are not kept in storage (no `GovernorStorage`, to stay under the size limit): scripts
 * read them from `ProposalCreated` events.
 *
 * The contract sits behind an ERC-1967 proxy (UUPS); only a passed proposal can upgrade it.
 */
contract CoopGovernor is
    Initializable,
    GovernorUpgradeable,
    GovernorSettingsUpgradeable,
    GovernorCountingFractionalUpgradeable,
    GovernorVotesUpgradeable,
    GovernorVotesQuorumFractionUpgradeable,
    GovernorPreventLateQuorumUpgradeable,
    GovernorTimelockControlUpgradeable,
    GovernorNoncesKeyedUpgradeable,
    UUPSUpgradeable,
    ICoopGovernor,
    ICoopUpgradeable
{
    /// @notice Votes a proposer needs: being a member is enough.
    uint256 public constant PROPOSAL_THRESHOLD = 1;

    /// @custom:storage-location erc7201:worldcoop.storage.CoopGovernor
    struct CoopGovernorStorage {
        ICoopCharter charter;
    }

    // keccak256(abi.encode(uint256(keccak256("worldcoop.storage.CoopGovernor")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant COOP_GOVERNOR_STORAGE_LOCATION =
        0xf41c71ab60d013a86f174839d3a8fccc84d74595444331b9c1cb683c04611600;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the governor of a new cooperative.
     * @param name_ The governor's name, also its EIP-712 domain name for signed votes.
     * @param membership The cooperative's member register, the source of votes and of the clock.
     * @param timelock_ The cooperative's timelock, which runs passed proposals.
     * @param charter_ The cooperative's charter: documents, extraordinary decisions, pinned targets.
     * @param settings Voting delay, voting period, quorum and late-quorum extension.
     */
    function initialize(
        string calldata name_,
        ICoopMembership membership,
        address payable timelock_,
        ICoopCharter charter_,
        Settings calldata settings
    ) external initializer {
        if (address(membership) == address(0)) revert CoopGovernorZeroAddress("membership");
        if (timelock_ == address(0)) revert CoopGovernorZeroAddress("timelock");
        if (address(charter_) == address(0)) revert CoopGovernorZeroAddress("charter");
        _getCoopGovernorStorage().charter = charter_;

        __Governor_init(name_);
        __GovernorSettings_init(settings.votingDelay, settings.votingPeriod, PROPOSAL_THRESHOLD);
        __GovernorCountingFractional_init();
        __GovernorVotes_init(IVotes(address(membership)));
        __GovernorVotesQuorumFraction_init(settings.quorumNumerator);
        __GovernorPreventLateQuorum_init(settings.lateQuorumExtension);
        __GovernorTimelockControl_init(TimelockControllerUpgradeable(timelock_));
    }

    // ---------------------------------------------------------------------------------------------
    // Voting rules
    // ---------------------------------------------------------------------------------------------

    /**
     * @dev Rejects votes from accounts that are no longer members, and from members without votes
     * at the snapshot, before counting with fractional counting.
     */
    function _countVote(
        uint256 proposalId,
        address account,
        uint8 support,
        uint256 totalWeight,
        bytes memory params
    ) internal override(GovernorUpgradeable, GovernorCountingFractionalUpgradeable) returns (uint256) {
        if (!ICoopMembership(address(token())).isMember(account)) revert CoopGovernorNotMember(account);
        if (totalWeight == 0) revert CoopGovernorNoVotesAtSnapshot(account, proposalId);
        uint256 counted = super._countVote(proposalId, account, support, totalWeight, params);
        ICoopColleges colleges = charter().collegeModule();
        if (address(colleges) != address(0)) {
            colleges.recordVote(proposalId, proposalSnapshot(proposalId), account, support, counted, params);
        }
        return counted;
    }

    /**
     * @dev Rejects proposals from accounts that are no longer members, even when votes delegated to
     * them before they left still meet the proposal threshold.
     */
    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal override returns (uint256) {
        if (!ICoopMembership(address(token())).isMember(proposer)) revert CoopGovernorNotMember(proposer);
        uint256 proposalId = super._propose(targets, values, calldatas, description, proposer);
        charter().recordProposal(proposalId, targets, calldatas, description);
        return proposalId;
    }

    /**
     * @dev Adds the extraordinary quorum, for proposals the charter classed as extraordinary. When
     * the votes were counted by college, the college module decides the ordinary quorum, globally
     * or per college, and the extraordinary quorum still counts the members who took part.
     */
    function _quorumReached(
        uint256 proposalId
    ) internal view override(GovernorUpgradeable, GovernorCountingFractionalUpgradeable) returns (bool) {
        ICoopColleges colleges = _collegesCounting(proposalId);
        bool reached =
            address(colleges) == address(0)
                ? super._quorumReached(proposalId)
                : colleges.quorumReached(address(this), proposalId, quorum(proposalSnapshot(proposalId)));
        if (!reached) return false;
        (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) = proposalVotes(proposalId);
        (bool quorumReached, ) = _extraordinaryOutcome(proposalId, againstVotes, forVotes, abstainVotes);
        return quorumReached;
    }

    /**
     * @dev Adds the extraordinary majority, for proposals the charter classed as extraordinary. When
     * the votes were counted by college, both majorities apply to the college-weighted shares.
     */
    function _voteSucceeded(
        uint256 proposalId
    ) internal view override(GovernorUpgradeable, GovernorCountingFractionalUpgradeable) returns (bool) {
        ICoopColleges colleges = _collegesCounting(proposalId);
        uint256 againstVotes;
        uint256 forVotes;
        uint256 abstainVotes;
        if (address(colleges) == address(0)) {
            if (!super._voteSucceeded(proposalId)) return false;
            (againstVotes, forVotes, abstainVotes) = proposalVotes(proposalId);
        } else {
            if (!colleges.voteSucceeded(address(this), proposalId)) return false;
            (againstVotes, forVotes, abstainVotes) = colleges.combinedYesNo(address(this), proposalId);
        }
        (, bool majorityReached) = _extraordinaryOutcome(proposalId, againstVotes, forVotes, abstainVotes);
        return majorityReached;
    }

    function _extraordinaryOutcome(
        uint256 proposalId,
        uint256 againstVotes,
        uint256 forVotes,
        uint256 abstainVotes
    ) private view returns (bool, bool) {
        return
            charter().extraordinaryOutcome(
                proposalId,
                proposalSnapshot(proposalId),
                againstVotes,
                forVotes,
                abstainVotes
            );
    }

    /// @dev The college module that counted `proposalId`, or zero when its votes were counted by member.
    function _collegesCounting(uint256 proposalId) private view returns (ICoopColleges colleges) {
        colleges = charter().collegeModule();
        if (address(colleges) == address(0)) return colleges;
        if (colleges.tallyInfo(address(this), proposalId).kind == ICoopColleges.TallyKind.None) {
            return ICoopColleges(address(0));
        }
    }

    /**
     * @dev The proposer may cancel while the proposal is pending; the charter's guardian, until it
     * runs, unless the proposal changes the guardian.
     */
    function _validateCancel(uint256 proposalId, address caller) internal view override returns (bool) {
        return super._validateCancel(proposalId, caller) || charter().guardianMayCancel(proposalId, caller);
    }

    /// @notice Returns the cooperative's charter, which classifies proposals and pins their targets.
    function charter() public view returns (ICoopCharter) {
        return _getCoopGovernorStorage().charter;
    }

    /// @inheritdoc ICoopUpgradeable
    function implementation() external view returns (address) {
        return ERC1967Utils.getImplementation();
    }

    /// @dev Only a passed proposal, executed by the timelock, can upgrade the governor.
    function _authorizeUpgrade(address) internal override onlyGovernance {}

    // ---------------------------------------------------------------------------------------------
    // Overrides required by Solidity for the combined extensions
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc GovernorUpgradeable
    function state(
        uint256 proposalId
    ) public view override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @inheritdoc GovernorUpgradeable
    function proposalDeadline(
        uint256 proposalId
    ) public view override(GovernorUpgradeable, GovernorPreventLateQuorumUpgradeable) returns (uint256) {
        return super.proposalDeadline(proposalId);
    }

    /// @inheritdoc GovernorUpgradeable
    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @inheritdoc GovernorUpgradeable
    function proposalThreshold()
        public
        view
        override(GovernorUpgradeable, GovernorSettingsUpgradeable)
        returns (uint256)
    {
        return super.proposalThreshold();
    }

    function _tallyUpdated(
        uint256 proposalId
    ) internal override(GovernorUpgradeable, GovernorPreventLateQuorumUpgradeable) {
        super._tallyUpdated(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) {
        charter().checkTargets(proposalId, targets);
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(GovernorUpgradeable, GovernorTimelockControlUpgradeable) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _useCheckedNonce(
        address owner,
        uint256 nonce
    ) internal override(NoncesUpgradeable, GovernorNoncesKeyedUpgradeable) {
        super._useCheckedNonce(owner, nonce);
    }

    function _validateVoteSig(
        uint256 proposalId,
        uint8 support,
        address voter,
        bytes memory signature
    ) internal override(GovernorUpgradeable, GovernorNoncesKeyedUpgradeable) returns (bool) {
        return super._validateVoteSig(proposalId, support, voter, signature);
    }

    function _validateExtendedVoteSig(
        uint256 proposalId,
        uint8 support,
        address voter,
        string memory reason,
        bytes memory params,
        bytes memory signature
    ) internal override(GovernorUpgradeable, GovernorNoncesKeyedUpgradeable) returns (bool) {
        return super._validateExtendedVoteSig(proposalId, support, voter, reason, params, signature);
    }

    function _executor()
        internal
        view
        override(GovernorUpgradeable, GovernorTimelockControlUpgradeable)
        returns (address)
    {
        return super._executor();
    }

    function _getCoopGovernorStorage() private pure returns (CoopGovernorStorage storage $) {
        assembly ("memory-safe") {
            $.slot := COOP_GOVERNOR_STORAGE_LOCATION
        }
    }
}
