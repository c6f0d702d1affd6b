// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CoopJudgmentGovernor} from "../governance/CoopJudgmentGovernor.sol";

/**
 * @title CoopJudgmentGovernorV2Mock
 * @notice Test-only: a next release of the majority-judgment governor, used to prove that only the
 * timelock can upgrade it and that proposals, ballots, settings and nonces survive the upgrade.
 *
 * @dev Adds `version` and no storage. It has no initializer of its own because a proxy reaches it
 * only by an upgrade, after {CoopJudgmentGovernor-initialize} ran.
 *
 * @custom:oz-upgrades-from contracts/governance/CoopJudgmentGovernor.sol:CoopJudgmentGovernor
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract CoopJudgmentGovernorV2Mock is CoopJudgmentGovernor {
    /// @notice Returns the release of this implementation.
    function version() external pure returns (string memory) {
        return "2";
    }
}
