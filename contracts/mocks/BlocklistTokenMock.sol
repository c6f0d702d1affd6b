// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title BlocklistTokenMock
 * @notice Test-only: an ERC-20 like USDC, whose issuer can block accounts. Every transfer from or
 * to a blocked account reverts.
 */
contract BlocklistTokenMock is ERC20 {
    /// @notice Whether each account is blocked.
    mapping(address account => bool) public blocked;

    /// @notice `account` is blocked, so it cannot send or receive tokens.
    error BlocklistTokenBlocked(address account);

    constructor() ERC20("Blocklist Dollar", "BUSD") {}

    /// @notice Creates `amount` tokens for `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Blocks or unblocks `account`.
    function setBlocked(address account, bool blocked_) external {
        blocked[account] = blocked_;
    }

    /// @dev Reverts when the sender or the receiver is blocked.
    function _update(address from, address to, uint256 value) internal override {
        if (blocked[from]) revert BlocklistTokenBlocked(from);
        if (blocked[to]) revert BlocklistTokenBlocked(to);
        super._update(from, to, value);
    }
}
