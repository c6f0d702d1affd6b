// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @title RebasingTokenMock
 * @notice Test-only: an ERC-20 like stETH or AMPL, whose balances change without any transfer. Each
 * account owns shares of the supply, its balance is its part of the supply, and {rebase} makes the
 * supply grow or shrink, so every balance grows or shrinks with it.
 *
 * @dev A transfer of `value` moves the shares worth `value`, rounded down as stETH does, so the
 * sender never loses more than `value`. The receiver may get less, by up to one unit plus the value
 * of one share. Before any rebase, one share is worth one unit and transfers are exact.
 */
contract RebasingTokenMock is IERC20, IERC20Metadata {
    /// @notice The sum of all balances, which {rebase} changes.
    uint256 public totalSupply;

    /// @notice The sum of all shares, which only mints change.
    uint256 public totalShares;

    /// @notice The shares of each account.
    mapping(address account => uint256) public sharesOf;

    /// @inheritdoc IERC20
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    /// @notice Emitted when {rebase} changes the supply from `oldSupply` to `newSupply`.
    event Rebased(uint256 oldSupply, uint256 newSupply);

    /// @notice `account` has `balance`, less than the `needed` amount of a transfer.
    error RebasingTokenInsufficientBalance(address account, uint256 balance, uint256 needed);

    /// @notice `spender` may take `allowance` from the owner, less than the `needed` amount of a transfer.
    error RebasingTokenInsufficientAllowance(address spender, uint256 allowance, uint256 needed);

    /// @notice A rebase of `changeBps` basis points would leave no supply.
    error RebasingTokenInvalidRebase(int256 changeBps);

    /// @inheritdoc IERC20Metadata
    function name() external pure returns (string memory) {
        return "Rebasing Token";
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external pure returns (string memory) {
        return "REBASE";
    }

    /// @inheritdoc IERC20Metadata
    function decimals() external pure returns (uint8) {
        return 18;
    }

    /// @notice Creates `amount` tokens for `to`, as new shares at the current share value.
    function mint(address to, uint256 amount) external {
        uint256 shares = totalShares == 0 ? amount : Math.mulDiv(amount, totalShares, totalSupply);
        totalShares += shares;
        totalSupply += amount;
        sharesOf[to] += shares;
        emit Transfer(address(0), to, amount);
    }

    /**
     * @notice Changes the supply, and so every balance, by `changeBps` basis points: 1,000 is +10%,
     * -1,000 is -10%. Shares do not move, and no `Transfer` event is emitted, as with real rebases.
     */
    function rebase(int256 changeBps) external {
        if (changeBps <= -10_000) revert RebasingTokenInvalidRebase(changeBps);
        uint256 oldSupply = totalSupply;
        // Positive, because changeBps is above -10,000.
        uint256 factor = uint256(10_000 + changeBps);
        totalSupply = Math.mulDiv(oldSupply, factor, 10_000);
        emit Rebased(oldSupply, totalSupply);
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) public view returns (uint256) {
        if (totalShares == 0) return 0;
        return Math.mulDiv(sharesOf[account], totalSupply, totalShares);
    }

    /// @inheritdoc IERC20
    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed < value) revert RebasingTokenInsufficientAllowance(msg.sender, allowed, value);
        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - value;
        _transfer(from, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    /// @dev Moves the shares worth `value`, rounded down, from `from` to `to`.
    function _transfer(address from, address to, uint256 value) private {
        uint256 balance = balanceOf(from);
        if (balance < value) revert RebasingTokenInsufficientBalance(from, balance, value);
        uint256 shares = value == 0 ? 0 : Math.mulDiv(value, totalShares, totalSupply);
        sharesOf[from] -= shares;
        sharesOf[to] += shares;
        emit Transfer(from, to, value);
    }
}
