// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title LocalCurrencyTokenMock
 * @notice Test-only: a local currency counted in cents, with 2 decimals, that anyone can mint.
 * Its smallest unit is large enough for rounding to show in the fees of everyday payments.
 */
contract LocalCurrencyTokenMock is ERC20 {
    constructor() ERC20("Test Local Currency", "tLOC") {}

    /// @notice Creates `amount` cents for `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Returns 2: amounts are in cents.
    function decimals() public pure override returns (uint8) {
        return 2;
    }
}
