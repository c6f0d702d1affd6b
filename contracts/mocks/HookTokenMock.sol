// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/**
 * @title HookTokenMock
 * @notice Test-only: an ERC-20 that calls out to other code in the middle of a transfer, as an
 * ERC-777 token calls the sender's `tokensToSend` hook before it moves any balance. Once armed with
 * {setHook}, the next `transfer` or `transferFrom` disarms the hook, calls its target with its
 * calldata, and only then moves the tokens.
 *
 * @dev Unlike ERC-777, the hook belongs to the token and not to one holder, so it runs on the next
 * transfer whoever sends or receives. A hook call that reverts makes the transfer revert with the
 * same error, and the hook stays armed because its disarming is reverted too.
 */
contract HookTokenMock is ERC20 {
    /// @notice The contract that the next transfer calls, or the zero address when the hook is disarmed.
    address public hookTarget;

    /// @notice The calldata that the next transfer sends to {hookTarget}.
    bytes public hookData;

    /// @notice Emitted when a transfer calls `target` with `data`, just before it moves the tokens.
    event HookCalled(address indexed target, bytes data);

    constructor() ERC20("Hook Token", "HOOK") {}

    /// @notice Creates `amount` tokens for `to`, without calling the hook.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the hook, so the next transfer calls `target` with `data`. The zero address disarms it.
    function setHook(address target, bytes calldata data) external {
        hookTarget = target;
        hookData = data;
    }

    /// @notice Calls the armed hook, then moves `value` from the caller to `to`.
    function transfer(address to, uint256 value) public override returns (bool) {
        _callHook();
        return super.transfer(to, value);
    }

    /// @notice Calls the armed hook, then moves `value` from `from` to `to` against the caller's allowance.
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        _callHook();
        return super.transferFrom(from, to, value);
    }

    /// @dev Disarms the hook before calling it, so transfers made inside the hook call no hook.
    function _callHook() private {
        address target = hookTarget;
        if (target == address(0)) return;
        bytes memory data = hookData;
        delete hookTarget;
        delete hookData;

        emit HookCalled(target, data);
        Address.functionCall(target, data);
    }
}
