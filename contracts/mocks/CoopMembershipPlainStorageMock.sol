// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CoopMembership} from "../membership/CoopMembership.sol";

/**
 * @title CoopMembershipPlainStorageMock
 * @notice Test-only: a would-be release of the member register that declares a state variable
 * in plain storage (slot 0) instead of an ERC-7201 namespace, to record how the upgrade
 * validation of the OpenZeppelin Upgrades plugin for Hardhat treats it.
 *
 * It has no initializer, so the plugin's missing-initializer check is waived and only its
 * storage layout is judged.
 *
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract CoopMembershipPlainStorageMock is CoopMembership {
    /// @notice A counter in slot 0, outside every namespace.
    uint256 public plainCounter;
}
