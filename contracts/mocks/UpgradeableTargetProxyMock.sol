// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";

import {ICoopUpgradeable} from "../interfaces/ICoopUpgradeable.sol";

/**
 * @title UpgradeableTargetProxyMock
 * @notice Test-only: an ERC-1967 proxy of another party that a proposal calls. Its upgrader can
 * switch the implementation at any time without changing the proxy's own code, and it reports the
 * implementation through `implementation()`, as the cooperative's proxies do.
 *
 * @dev `implementation` and `upgradeTo` are answered by the proxy itself. Every other call, plain
 * ETH transfers included, is delegated to the implementation.
 */
contract UpgradeableTargetProxyMock is ERC1967Proxy, ICoopUpgradeable {
    /// @notice The only account allowed to upgrade the proxy.
    address public immutable UPGRADER;

    /// @notice `caller` is not the upgrader.
    error UpgradeableTargetProxyUnauthorized(address caller);

    constructor(address implementation_, address upgrader_) ERC1967Proxy(implementation_, "") {
        UPGRADER = upgrader_;
    }

    /// @notice Delegates a plain ETH transfer to the implementation, as the fallback does other calls.
    receive() external payable {
        _fallback();
    }

    /// @notice Switches the proxy to `newImplementation`.
    function upgradeTo(address newImplementation) external {
        if (msg.sender != UPGRADER) revert UpgradeableTargetProxyUnauthorized(msg.sender);
        ERC1967Utils.upgradeToAndCall(newImplementation, "");
    }

    /// @inheritdoc ICoopUpgradeable
    function implementation() external view returns (address) {
        return ERC1967Utils.getImplementation();
    }

    /// @dev The test implementations have no initializer, so the proxy is deployed without one.
    function _unsafeAllowUninitialized() internal pure override returns (bool) {
        return true;
    }
}
