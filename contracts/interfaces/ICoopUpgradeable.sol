// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ICoopUpgradeable
 * @notice Implemented by the cooperative's proxied contracts, so that a proposal can pin the
 * implementation of each target it calls and refuse to run once a target was upgraded.
 */
interface ICoopUpgradeable {
    /// @notice Returns the implementation contract that this proxy runs.
    function implementation() external view returns (address);
}
