// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {FeeRouter} from "../treasury/FeeRouter.sol";

/**
 * @title FeeRouterV2Mock
 * @notice Test-only: a next release of the fee router, used to prove that the timelock can upgrade
 * a router proxy and that its rates, recipients, listed tokens, pots and credits survive.
 *
 * @dev Adds `version`, and an upgrade note kept in its own ERC-7201 namespace so that the layout
 * of {FeeRouter} stays untouched.
 *
 * @custom:oz-upgrades-from contracts/treasury/FeeRouter.sol:FeeRouter
 */
contract FeeRouterV2Mock is FeeRouter {
    /// @custom:storage-location erc7201:worldcoop.storage.FeeRouterV2Mock
    struct FeeRouterV2Storage {
        string upgradeNote;
    }

    // keccak256(abi.encode(uint256(keccak256("worldcoop.storage.FeeRouterV2Mock")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant FEE_ROUTER_V2_STORAGE_LOCATION =
        0xcdd3232a488c038a5baaa5c86dc7d52b36b01fb912b72590afb4e4e8c3e4d800;

    /**
     * @notice Stores `note` once, in the call that upgrades the proxy to this release.
     * @dev Validated as an initializer, but it calls no parent initializer because
     * {FeeRouter-initialize} already ran on the proxy.
     * @custom:oz-upgrades-validate-as-initializer
     * @custom:oz-upgrades-unsafe-allow missing-initializer-call
     */
    function initializeV2(string calldata note) external reinitializer(2) {
        _getFeeRouterV2Storage().upgradeNote = note;
    }

    /// @notice Returns the note stored by {initializeV2}.
    function upgradeNote() external view returns (string memory) {
        return _getFeeRouterV2Storage().upgradeNote;
    }

    /// @notice Returns the release of this implementation.
    function version() external pure returns (string memory) {
        return "2";
    }

    function _getFeeRouterV2Storage() private pure returns (FeeRouterV2Storage storage $) {
        assembly ("memory-safe") {
            $.slot := FEE_ROUTER_V2_STORAGE_LOCATION
        }
    }
}
