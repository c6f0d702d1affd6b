// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title BonusTokenMock
 * @notice Test-only: an ERC-20 that mints a bonus to the receiver of every transfer, none unless
 * changed, so the receiver gets more than the amount named in the call. It is the opposite of
 * {FeeOnTransferTokenMock}.
 */
contract BonusTokenMock is ERC20 {
    /// @notice Bonus minted to the receiver of each transfer, in basis points of the amount.
    uint256 public bonusBps;

    constructor() ERC20("Bonus Token", "BONUS") {}

    /// @notice Creates `amount` tokens for `to`, with no bonus.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets the bonus minted to the receiver of each transfer, in basis points of the amount.
    function setBonusBps(uint256 bonusBps_) external {
        bonusBps = bonusBps_;
    }

    /// @dev Moves `value`, then mints the bonus to the receiver. Mints and burns get no bonus.
    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from == address(0) || to == address(0)) return;
        uint256 bonus = (value * bonusBps) / 10_000;
        if (bonus != 0) super._update(address(0), to, bonus);
    }
}
