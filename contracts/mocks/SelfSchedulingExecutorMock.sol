// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/**
 * @title SelfSchedulingExecutorMock
 * @notice Test-only: the callback of a timelock self-scheduling attack. An attacker stores a batch
 * here, then executes it unscheduled on the timelock. The batch sets the delay to zero, grants this
 * contract the proposer role and calls {scheduleStoredBatch}, which schedules that same batch, so
 * a timelock that checked the operation's state only after its calls would accept it.
 */
contract SelfSchedulingExecutorMock {
    /// @notice The timelock under attack.
    TimelockController public immutable TIMELOCK;

    address[] private _targets;
    uint256[] private _values;
    bytes[] private _payloads;
    bytes32 private _predecessor;
    bytes32 private _salt;

    constructor(TimelockController timelock) {
        TIMELOCK = timelock;
    }

    /// @notice Stores the batch that {scheduleStoredBatch} schedules, with the arguments of `scheduleBatch`.
    function setBatch(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata payloads,
        bytes32 predecessor,
        bytes32 salt
    ) external {
        _targets = targets;
        _values = values;
        delete _payloads;
        for (uint256 i = 0; i < payloads.length; ++i) _payloads.push(payloads[i]);
        _predecessor = predecessor;
        _salt = salt;
    }

    /// @notice Schedules the stored batch on the timelock with no delay, as a proposer would.
    function scheduleStoredBatch() external {
        TIMELOCK.scheduleBatch(_targets, _values, _payloads, _predecessor, _salt, 0);
    }
}
