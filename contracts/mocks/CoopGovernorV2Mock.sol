// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CoopGovernor} from "../governance/CoopGovernor.sol";

/**
 * @title CoopGovernorV2Mock
 * @notice Test-only: a next release of the yes/no governor, used to prove that a proposal can
 * upgrade the governor that runs it, and that earlier proposals and settings survive.
 *
 * @dev Changes only what `version` returns and adds no storage. The EIP-712 domain keeps the
 * version stored at initialization, so signed votes made for the first release stay valid.
 *
 * It has no initializer of its own because a proxy reaches it only by an upgrade, after
 * {CoopGovernor-initialize} ran, so the plugin's missing-initializer check is waived.
 *
 * @custom:oz-upgrades-from contracts/governance/CoopGovernor.sol:CoopGovernor
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract CoopGovernorV2Mock is CoopGovernor {
    /// @notice Returns the release of this implementation.
    function version() public pure override returns (string memory) {
        return "2";
    }
}
