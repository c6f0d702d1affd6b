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

import {ICoopGovernor} from "../interfaces/ICoopGovernor.sol";
import {ICoopMembership} from "../interfaces/ICoopMembership.sol";

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
    ICoopGovernor
{
    /// @notice Votes a proposer needs: being a member is enough.
    uint256 public constant PROPOSAL_THRESHOLD = 1;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the governor of a new cooperative.
     * @param name_ The governor's name, also its EIP-712 domain name for signed votes.
     * @param membership The cooperative's member register, the source of votes and of the clock.
     * @param timelock_ The cooperative's timelock, which runs passed proposals.
     * @param settings Voting delay, voting period, quorum and late-quorum extension.
     */
    function initialize(
        string calldata name_,
        ICoopMembership membership,
        address payable timelock_,
        Settings calldata settings
    ) external initializer {
        if (address(membership) == address(0)) revert CoopGovernorZeroAddress("membership");
        if (timelock_ == address(0)) revert CoopGovernorZeroAddress("timelock");

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
        return super._countVote(proposalId, account, support, totalWeight, params);
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
        return super._propose(targets, values, calldatas, description, proposer);
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
}
