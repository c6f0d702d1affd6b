// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";

import {ICoopMembership} from "../interfaces/ICoopMembership.sol";

/**
 * @title FeeRouterV1LayoutMock
 * @notice Test-only: the storage layout of the first fee router release, before patronage refunds,
 * so that the upgrade tests prove that the current {FeeRouter} only appends to its namespace.
 * @dev It keeps the first release's namespace struct, field for field, and nothing else.
 */
contract FeeRouterV1LayoutMock is Initializable, UUPSUpgradeable {
    /// @dev What the router owes in one token, as the first release stores it.
    struct Book {
        bool accepted;
        uint256 serviceFees;
        uint256 dues;
        uint256 totalCredited;
    }

    /// @custom:storage-location erc7201:worldcoop.storage.FeeRouter
    struct FeeRouterStorage {
        ICoopMembership membership;
        uint16 serviceFeeBps;
        uint16 duesBps;
        address timelock;
        address serviceFeeRecipient;
        address duesRecipient;
        mapping(address token => Book) books;
        mapping(address token => mapping(address account => uint256)) credits;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @dev Anyone may upgrade this mock: it only carries a layout.
    function _authorizeUpgrade(address) internal override {}
}
