// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Cid} from "../ipfs/Cid.sol";

/**
 * @title CidHarness
 * @notice Test-only: exposes the internal functions of the {Cid} library, so that tests can check
 * binary CIDs without going through a contract that stores them.
 */
contract CidHarness {
    /// @notice Returns {Cid-isValid} of `cid`.
    function isValid(bytes calldata cid) external pure returns (bool) {
        return Cid.isValid(cid);
    }

    /// @notice Calls {Cid-requireValid} on `cid`.
    function requireValid(bytes calldata cid) external pure {
        Cid.requireValid(cid);
    }

    /// @notice Calls {Cid-requireValidOrEmpty} on `cid`.
    function requireValidOrEmpty(bytes calldata cid) external pure {
        Cid.requireValidOrEmpty(cid);
    }
}
