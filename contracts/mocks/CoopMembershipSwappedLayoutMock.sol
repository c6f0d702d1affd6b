// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";
import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";

/**
 * @title CoopMembershipSwappedLayoutMock
 * @notice Test-only: a broken would-be release of the member register. It has the same parents
 * and the same ERC-7201 namespace as {CoopMembership}, but swaps the two fields of the namespace,
 * so upgrading to it would read the timelock as the member count. Upgrade validation must reject it.
 *
 * It has no initializer, so the plugin's missing-initializer check is waived and only its
 * storage layout is judged.
 *
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract CoopMembershipSwappedLayoutMock is Initializable, ERC721Upgradeable, VotesUpgradeable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:worldcoop.storage.CoopMembership
    struct MembershipStorage {
        uint256 memberCount;
        address timelock;
    }

    // keccak256(abi.encode(uint256(keccak256("worldcoop.storage.CoopMembership")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant MEMBERSHIP_STORAGE_LOCATION =
        0x490ec6b1ddcb0290e94f1faef39100639f50dbe6bc9a687973484ebd6713b400;

    /// @notice The caller is not the timelock read from the swapped layout.
    error CoopMembershipUnauthorized(address caller);

    /// @notice Returns the member count, read from the swapped field.
    function memberCount() external view returns (uint256) {
        return _getMembershipStorage().memberCount;
    }

    function _getVotingUnits(address account) internal view override returns (uint256) {
        return balanceOf(account);
    }

    function _authorizeUpgrade(address) internal view override {
        if (msg.sender != _getMembershipStorage().timelock) revert CoopMembershipUnauthorized(msg.sender);
    }

    function _getMembershipStorage() private pure returns (MembershipStorage storage $) {
        assembly ("memory-safe") {
            $.slot := MEMBERSHIP_STORAGE_LOCATION
        }
    }
}
