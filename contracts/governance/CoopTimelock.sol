// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/**
 * @title CoopTimelock
 * @notice The cooperative's executor and treasury: it owns the cooperative's contracts and runs
 * each passed proposal after a delay, during which members can see what is coming.
 *
 * @dev An OpenZeppelin TimelockController with no admin from the start: the cooperative's
 * governors are its only proposers, cancellers and executors, so nothing reaches the timelock
 * except through a proposal, and anyone may call `execute` on a governor. The timelock
 * administers its own roles, so changing them is itself a proposal. It is not upgradeable.
 */
contract CoopTimelock is TimelockController {
    /// @notice The list of governors is empty.
    error CoopTimelockNoGovernor();

    /// @notice A governor address is zero, which would open a role to everyone.
    error CoopTimelockZeroGovernor(uint256 index);

    /**
     * @notice Creates the timelock of a cooperative.
     * @param minDelay Seconds between queueing a passed proposal and executing it.
     * @param governors The cooperative's governors: each becomes proposer, canceller and executor.
     */
    constructor(
        uint256 minDelay,
        address[] memory governors
    ) TimelockController(minDelay, governors, governors, address(0)) {
        if (governors.length == 0) revert CoopTimelockNoGovernor();
        for (uint256 i = 0; i < governors.length; ++i) {
            if (governors[i] == address(0)) revert CoopTimelockZeroGovernor(i);
        }
    }
}
