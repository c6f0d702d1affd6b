// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ProposalTargetMock
 * @notice Test-only: a benign contract that a proposal pays into, such as a grants pool that
 * members reviewed before voting. It records each deposit, so a test can see whether it ran.
 */
contract ProposalTargetMock {
    /// @notice Number of deposits received.
    uint256 public depositCount;

    /// @notice Total ETH deposited, in wei.
    uint256 public totalDeposited;

    /// @notice `from` deposited `amount` wei.
    event Deposited(address indexed from, uint256 amount);

    /// @notice Records a deposit of `msg.value` and keeps the ETH.
    function deposit() external payable {
        ++depositCount;
        totalDeposited += msg.value;
        emit Deposited(msg.sender, msg.value);
    }
}
