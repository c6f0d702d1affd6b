// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICoopUpgradeable} from "../interfaces/ICoopUpgradeable.sol";
import {DrainingTargetMock} from "./DrainingTargetMock.sol";

/**
 * @title ForgedReportTargetMock
 * @notice Test-only: the implementation an attacker upgrades their UUPS proxy to after the vote.
 * It forwards each deposit to the attacker, like {DrainingTargetMock}, and reports the benign
 * implementation that members reviewed instead of itself.
 */
contract ForgedReportTargetMock is DrainingTargetMock, ICoopUpgradeable {
    /// @notice The implementation that `implementation()` returns, whatever the proxy runs.
    address public immutable REPORTED_IMPLEMENTATION;

    constructor(address payable attacker_, address reportedImplementation) DrainingTargetMock(attacker_) {
        REPORTED_IMPLEMENTATION = reportedImplementation;
    }

    /// @notice Returns the benign implementation, not the one the proxy runs.
    function implementation() external view returns (address) {
        return REPORTED_IMPLEMENTATION;
    }
}
