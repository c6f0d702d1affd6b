// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/**
 * @title EtherReceiverMock
 * @notice Test-only: a contract account, such as a multisig wallet, that holds shares and reacts to
 * incoming ETH in the way a test chooses. It forwards any call, so it can subscribe, request
 * redemptions and withdraw credit as a holder.
 */
contract EtherReceiverMock {
    /// @notice What the contract does when it receives ETH.
    enum ReceiveMode {
        /// Accepts and records the payment in storage, which needs more than 2,300 gas.
        Accept,
        /// Reverts.
        Revert,
        /// Consumes all the gas it is given.
        ConsumeGas,
        /// Calls `reentryTarget` with `reentryData`, and reverts if that call reverts.
        Reenter
    }

    /// @notice The current behaviour on receiving ETH.
    ReceiveMode public mode;

    /// @notice Total ETH accepted through `receive`.
    uint256 public received;

    /// @notice Number of payments accepted through `receive`.
    uint256 public paymentCount;

    /// @notice The contract called back in the Reenter mode.
    address public reentryTarget;

    /// @notice The call made back in the Reenter mode.
    bytes public reentryData;

    /// @notice The receiver was set to reject ETH.
    error EtherReceiverRejected(uint256 value);

    /// @notice Sets the behaviour on receiving ETH.
    function setMode(ReceiveMode mode_) external {
        mode = mode_;
    }

    /// @notice Sets the call made back on receiving ETH in the Reenter mode.
    function setReentry(address target, bytes calldata data) external {
        reentryTarget = target;
        reentryData = data;
    }

    /// @notice Calls `target` with `data` and `msg.value`, bubbling up any revert.
    function execute(address target, bytes calldata data) external payable returns (bytes memory) {
        return Address.functionCallWithValue(target, data, msg.value);
    }

    receive() external payable {
        _onPayment();
    }

    /// @dev Reacts to a payment of `msg.value` as the current mode says.
    function _onPayment() private {
        if (mode == ReceiveMode.Revert) revert EtherReceiverRejected(msg.value);
        if (mode == ReceiveMode.ConsumeGas) {
            while (true) {}
        }
        if (mode == ReceiveMode.Reenter) {
            Address.functionCall(reentryTarget, reentryData);
        }
        received += msg.value;
        ++paymentCount;
    }
}
