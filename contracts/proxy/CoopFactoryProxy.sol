// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/**
 * @title CoopFactoryProxy
 * @notice The ERC-1967 proxy in front of each upgradeable contract of a cooperative that
 * {CoopFactory} creates.
 *
 * @dev Unlike {CoopProxy}, it is created without an initializer call, so that its CREATE2 address
 * depends only on the implementation and the salt, not on the addresses of the cooperative's other
 * contracts. Since OpenZeppelin Contracts 5.6, `ERC1967Proxy` rejects empty initializer data unless
 * `_unsafeAllowUninitialized` returns true, as it does here.
 *
 * WARNING: an uninitialized proxy can be initialized by anyone. The factory creates and initializes
 * every proxy in one transaction, so no other transaction can come in between. Do not deploy this
 * contract on its own: use {CoopProxy}, which runs the initializer in its constructor.
 */
contract CoopFactoryProxy is ERC1967Proxy {
    /// @param implementation The shared implementation contract.
    constructor(address implementation) ERC1967Proxy(implementation, "") {}

    /// @dev Allows the empty initializer data that the factory passes.
    function _unsafeAllowUninitialized() internal pure override returns (bool) {
        return true;
    }
}
