// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title NoReturnTokenMock
 * @notice Test-only: a token like USDT whose `transfer`, `transferFrom` and `approve` return
 * nothing, instead of the boolean that ERC-20 requires. They revert on failure.
 */
contract NoReturnTokenMock {
    /// @notice Token balance of each account.
    mapping(address account => uint256) public balanceOf;

    /// @notice Amount each spender may take from each owner.
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    /// @notice Emitted on every transfer, as in ERC-20.
    event Transfer(address indexed from, address indexed to, uint256 value);

    /// @notice Emitted on every approval, as in ERC-20.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice The sender's balance or allowance is too low.
    error NoReturnTokenInsufficient(uint256 available, uint256 requested);

    /// @notice Creates `amount` tokens for `to`.
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    /// @notice Moves `value` from the caller to `to`, and returns nothing.
    function transfer(address to, uint256 value) external {
        _move(msg.sender, to, value);
    }

    /// @notice Moves `value` from `from` to `to` against the caller's allowance, and returns nothing.
    function transferFrom(address from, address to, uint256 value) external {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed < value) revert NoReturnTokenInsufficient(allowed, value);
        allowance[from][msg.sender] = allowed - value;
        _move(from, to, value);
    }

    /// @notice Lets `spender` take up to `value` from the caller, and returns nothing.
    function approve(address spender, uint256 value) external {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
    }

    function _move(address from, address to, uint256 value) private {
        uint256 balance = balanceOf[from];
        if (balance < value) revert NoReturnTokenInsufficient(balance, value);
        balanceOf[from] = balance - value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
