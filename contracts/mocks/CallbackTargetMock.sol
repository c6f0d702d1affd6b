// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title CallbackTargetMock
 * @notice Test-only: a proposal target that, each time it is called, calls a stored contract back
 * once and records the result without reverting, such as a payee that tries to run the proposal
 * paying it a second time.
 */
contract CallbackTargetMock {
    /// @notice The contract called back.
    address public callbackTarget;

    /// @notice The calldata of the call back.
    bytes public callbackData;

    /// @notice Number of times {receivePayment} ran.
    uint256 public paymentCount;

    /// @notice Whether the last call back succeeded.
    bool public lastCallbackSucceeded;

    /// @notice The return data or revert data of the last call back.
    bytes public lastCallbackResult;

    /// @notice Sets the call made back on each payment.
    function setCallback(address target, bytes calldata data) external {
        callbackTarget = target;
        callbackData = data;
    }

    /// @notice Counts a payment, then makes the call back and records its result.
    function receivePayment() external payable {
        ++paymentCount;
        // solhint-disable-next-line avoid-low-level-calls
        (bool success, bytes memory result) = callbackTarget.call(callbackData);
        lastCallbackSucceeded = success;
        lastCallbackResult = result;
    }
}
