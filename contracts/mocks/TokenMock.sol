// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title TokenMock
 * @notice Test-only: a plain ERC-20 stablecoin with 6 decimals that anyone can mint.
 */
contract TokenMock is ERC20 {
    constructor() ERC20("Test Euro", "tEUR") {}

    /// @notice Creates `amount` tokens for `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Returns 6, like most fiat stablecoins.
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
