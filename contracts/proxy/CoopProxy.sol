// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/**
 * @title CoopProxy
 * @notice The ERC-1967 proxy in front of each of a cooperative's upgradeable contracts.
 *
 * @dev Deploy it with the implementation and the initializer call together, so that the
 * initializer runs in the deploying transaction and nobody can call it first. Upgrades go through
 * the implementation's UUPS `upgradeToAndCall`, which only the cooperative's timelock may call.
 */
contract CoopProxy is ERC1967Proxy {
    /**
     * @param implementation The shared implementation contract.
     * @param initData The initializer call, run in this constructor.
     */
    constructor(address implementation, bytes memory initData) payable ERC1967Proxy(implementation, initData) {}
}
