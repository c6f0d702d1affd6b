// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";

import {ICoopUpgradeable} from "../interfaces/ICoopUpgradeable.sol";
import {ProposalTargetMock} from "./ProposalTargetMock.sol";

/**
 * @title SelfReportingTargetMock
 * @notice Test-only: the benign implementation of another party's UUPS proxy that a proposal
 * calls. As in the cooperative's own contracts, the implementation, not the proxy, answers
 * `implementation()` and `upgradeTo`, so the next implementation decides what is reported.
 */
contract SelfReportingTargetMock is ProposalTargetMock, ICoopUpgradeable {
    /// @notice The only account allowed to upgrade the proxy, set by {initialize}.
    address public upgrader;

    /// @notice `caller` is not the upgrader.
    error SelfReportingTargetUnauthorized(address caller);

    /// @notice The upgrader is already set.
    error SelfReportingTargetInitialized();

    /// @notice Sets the upgrader, once, in the transaction that deploys the proxy.
    function initialize(address upgrader_) external {
        if (upgrader != address(0)) revert SelfReportingTargetInitialized();
        upgrader = upgrader_;
    }

    /// @notice Switches the proxy to `newImplementation`.
    function upgradeTo(address newImplementation) external {
        if (msg.sender != upgrader) revert SelfReportingTargetUnauthorized(msg.sender);
        ERC1967Utils.upgradeToAndCall(newImplementation, "");
    }

    /// @inheritdoc ICoopUpgradeable
    function implementation() external view returns (address) {
        return ERC1967Utils.getImplementation();
    }
}
