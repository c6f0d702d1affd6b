// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title FalseReturningTokenMock
 * @notice Test-only: an ERC-20 whose `transfer` and `transferFrom` return false and move nothing
 * while failing is switched on, as some tokens do instead of reverting.
 */
contract FalseReturningTokenMock is ERC20 {
    /// @notice Whether transfers fail by returning false.
    bool public failing;

    constructor() ERC20("False Token", "FALSE") {}

    /// @notice Creates `amount` tokens for `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Switches failing transfers on or off.
    function setFailing(bool failing_) external {
        failing = failing_;
    }

    /// @notice Returns false and moves nothing while failing, else transfers as usual.
    function transfer(address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transfer(to, value);
    }

    /// @notice Returns false and moves nothing while failing, else transfers as usual.
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (failing) return false;
        return super.transferFrom(from, to, value);
    }
}
