// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/**
 * @title PermitTokenMock
 * @notice Test-only: a stablecoin with 6 decimals and EIP-2612 permits, so that a holder can approve
 * by signature and pay in one transaction. Anyone can mint.
 */
contract PermitTokenMock is ERC20, ERC20Permit {
    constructor() ERC20("Permit Euro", "pEUR") ERC20Permit("Permit Euro") {}

    /// @notice Creates `amount` tokens for `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Returns 6, like most fiat stablecoins.
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
