// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ICoopGovernor
 * @notice What the cooperative's yes/no governor adds to OpenZeppelin's `IGovernor`.
 *
 * The governor itself is an OpenZeppelin Governor (fractional counting, timestamp clock, quorum as
 * a fraction of the total weight at the snapshot, late-quorum protection, timelock control), so
 * governance front ends and indexers read it without changes.
 */
interface ICoopGovernor {
    /**
     * @notice Initial settings of a governor, all in seconds except where stated.
     * @param votingDelay Time between a proposal and its snapshot, when voting opens.
     * @param votingPeriod How long voting lasts.
     * @param lateQuorumExtension Minimum voting time left after quorum is reached.
     * @param quorumNumerator Quorum in percent of the total voting weight at the snapshot.
     */
    struct Settings {
        uint48 votingDelay;
        uint32 votingPeriod;
        uint48 lateQuorumExtension;
        uint256 quorumNumerator;
    }

    /// @notice `account` is not a member now, so it cannot vote, even on an earlier proposal.
    error CoopGovernorNotMember(address account);

    /// @notice `account` had no vote at the snapshot of `proposalId`, because it joined later.
    error CoopGovernorNoVotesAtSnapshot(address account, uint256 proposalId);

    /// @notice An initializer argument named `parameter` is the zero address.
    error CoopGovernorZeroAddress(string parameter);
}
