// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/**
 * @title ICoopMembership
 * @notice The member register of one cooperative: one non-transferable ERC-721 token per member,
 * and the votes (ERC-5805) that the cooperative's governors read at each proposal's snapshot.
 *
 * Every member holds exactly one vote, whatever their share capital. Time is measured in seconds
 * (ERC-6372 `mode=timestamp`), so voting periods mean the same on every chain.
 */
interface ICoopMembership is IERC5805 {
    /// @notice Emitted when `member` joins the cooperative and receives membership token `tokenId`.
    event MemberAdmitted(address indexed member, uint256 indexed tokenId);

    /// @notice Emitted when `member` leaves, by resignation (`resigned` true) or exclusion.
    event MemberRemoved(address indexed member, uint256 indexed tokenId, bool resigned);

    /// @notice The caller is not the cooperative's timelock, the only account allowed to act.
    error CoopMembershipUnauthorized(address caller);

    /// @notice `account` is already a member and cannot be admitted again.
    error CoopMembershipAlreadyMember(address account);

    /// @notice `account` is not a member.
    error CoopMembershipNotMember(address account);

    /// @notice The zero address cannot be a member, nor the timelock.
    error CoopMembershipInvalidMember(address account);

    /// @notice Membership tokens cannot be transferred or approved: membership is personal.
    error CoopMembershipNonTransferable(uint256 tokenId);

    /// @notice Votes cannot be delegated: every member votes for themselves.
    error CoopMembershipDelegationDisabled();

    /// @notice The initializer was given the zero address as the cooperative's timelock.
    error CoopMembershipInvalidTimelock();

    /**
     * @notice Admits `member`: mints their membership token and gives them their vote.
     * @dev Only the timelock, so admission is a decision of the cooperative's governance.
     * The vote counts from the next second: proposals whose snapshot is earlier ignore it.
     * Reverts with {CoopMembershipAlreadyMember} for a current member.
     */
    function admit(address member) external;

    /**
     * @notice Excludes `member`: burns their token and withdraws their vote.
     * @dev Only the timelock. Votes the member already cast stay counted.
     */
    function exclude(address member) external;

    /**
     * @notice Ends the caller's membership: burns their token and withdraws their vote.
     * @dev Votes already cast stay counted. Re-admission later follows the admission rules.
     */
    function resign() external;

    /// @notice Returns whether `account` is a member now.
    function isMember(address account) external view returns (bool);

    /// @notice Returns the number of current members.
    function memberCount() external view returns (uint256);

    /// @notice Returns the membership token id of `member`, which is derived from their address.
    function tokenIdOf(address member) external pure returns (uint256);

    /// @notice Returns the cooperative's timelock, which governs this register.
    function timelock() external view returns (address);
}
