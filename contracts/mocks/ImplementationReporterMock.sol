// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ImplementationReporterMock
 * @notice Test-only: a proposal target whose `implementation()`, like any other call, returns the
 * raw bytes a test sets. It stands for a proxy whose reported implementation changes, or whose
 * reply is malformed, so that tests can check how the charter pins such targets.
 */
contract ImplementationReporterMock {
    /// @notice Bytes returned, without ABI encoding, by every call that reaches the fallback.
    bytes public reply;

    /// @notice Sets the bytes that every later call returns.
    function setReply(bytes calldata reply_) external {
        reply = reply_;
    }

    /// @notice Returns `reply` as it is, so a reply of any length reaches the caller.
    fallback(bytes calldata) external returns (bytes memory) {
        return reply;
    }
}
