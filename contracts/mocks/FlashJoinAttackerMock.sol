// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

import {ICoopShares} from "../interfaces/ICoopShares.sol";

/**
 * @title FlashJoinAttackerMock
 * @notice Test-only: joins a cooperative by subscribing shares, votes on an open proposal, resigns
 * and asks for its capital back, all in one transaction, as a flash-loan governance attack would.
 */
contract FlashJoinAttackerMock {
    /// @notice Vote in favour, as `GovernorCountingSimple` numbers it.
    uint8 private constant FOR = 1;

    /// @notice Redemption requests that {attack} asks to pay.
    uint256 private constant PAY_COUNT = 10;

    /// @notice The shares contract of the cooperative under attack.
    ICoopShares public immutable SHARES;

    /// @notice The governor of the cooperative under attack.
    IGovernor public immutable GOVERNOR;

    constructor(ICoopShares shares_, IGovernor governor_) {
        SHARES = shares_;
        GOVERNOR = governor_;
    }

    /// @notice Accepts redemption payments.
    receive() external payable {}

    /**
     * @notice Subscribes `count` shares with `msg.value`, which admits this contract under open
     * admission; votes for `proposalId` when `vote` is true; then resigns and calls `payDue`.
     */
    function attack(uint256 count, uint256 proposalId, bool vote) external payable {
        SHARES.subscribe{value: msg.value}(count);
        if (vote) GOVERNOR.castVote(proposalId, FOR);
        SHARES.membership().resign();
        SHARES.payDue(PAY_COUNT);
    }
}
