// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CoopMembership} from "../membership/CoopMembership.sol";

/**
 * @title CoopMembershipV2Mock
 * @notice Test-only: a next release of the member register, used to prove that a proposal can
 * upgrade a cooperative's membership proxy and that members, votes and history survive.
 *
 * @dev Adds `version`, and an upgrade note kept in its own ERC-7201 namespace so that the layout
 * of {CoopMembership} stays untouched.
 *
 * @custom:oz-upgrades-from contracts/membership/CoopMembership.sol:CoopMembership
 */
contract CoopMembershipV2Mock is CoopMembership {
    /// @custom:storage-location erc7201:worldcoop.storage.CoopMembershipV2Mock
    struct MembershipV2Storage {
        string upgradeNote;
    }

    // keccak256(abi.encode(uint256(keccak256("worldcoop.storage.CoopMembershipV2Mock")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant MEMBERSHIP_V2_STORAGE_LOCATION =
        0x694b174d4f4c35ea2cda02d5d9c14fdaff32fa31450aaa4b7f18bd5a8e4d7200;

    /**
     * @notice Stores `note` once, in the call that upgrades the proxy to this release.
     * @dev Validated as an initializer, but it calls no parent initializer because
     * {CoopMembership-initialize} already ran on the proxy.
     * @custom:oz-upgrades-validate-as-initializer
     * @custom:oz-upgrades-unsafe-allow missing-initializer-call
     */
    function initializeV2(string calldata note) external reinitializer(2) {
        _getMembershipV2Storage().upgradeNote = note;
    }

    /// @notice Returns the note stored by {initializeV2}.
    function upgradeNote() external view returns (string memory) {
        return _getMembershipV2Storage().upgradeNote;
    }

    /// @notice Returns the release of this implementation.
    function version() external pure returns (string memory) {
        return "2";
    }

    function _getMembershipV2Storage() private pure returns (MembershipV2Storage storage $) {
        assembly ("memory-safe") {
            $.slot := MEMBERSHIP_V2_STORAGE_LOCATION
        }
    }
}
