// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title FeeOnTransferTokenMock
 * @notice Test-only: an ERC-20 that burns a fee on every transfer, 1% unless changed, so the
 * receiver gets less than the amount named in the call. Some stablecoins can switch such a fee on.
 */
contract FeeOnTransferTokenMock is ERC20 {
    /// @notice Fee burned on each transfer, in basis points of the amount.
    uint256 public feeBps = 100;

    constructor() ERC20("Fee Token", "FEE") {}

    /// @notice Creates `amount` tokens for `to`, with no fee.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets the fee burned on each transfer, in basis points of the amount.
    function setFeeBps(uint256 feeBps_) external {
        feeBps = feeBps_;
    }

    /// @dev Burns the fee from the sender, then moves the rest.
    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = (value * feeBps) / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
