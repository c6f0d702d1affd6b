// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CoopGovernor} from "../governance/CoopGovernor.sol";

/// @dev Exposes the governor's checked-nonce override, which no governor function calls.
contract CoopGovernorNonceHarness is CoopGovernor {
    function useCheckedNonce(address owner, uint256 nonce) external {
        _useCheckedNonce(owner, nonce);
    }
}
