// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MajorityJudgment} from "./MajorityJudgment.sol";

/**
 * @title MajorityJudgmentRanker
 * @notice Read-only access to the {MajorityJudgment} library, so that anyone can recount a result
 * from published histograms with the same code that the governor runs.
 * @dev Holds no state. `tallies[i][g]` is the weight of grade `g` given to option `i`, 0 the worst.
 */
contract MajorityJudgmentRanker {
    /**
     * @notice Ranks options, best first.
     * @return order Option indices, best first; tied options are adjacent, in index order.
     * @return tiedWithPrevious Whether `order[k]` ties with `order[k - 1]`.
     */
    function rank(
        uint256[][] calldata tallies
    ) external pure returns (uint256[] memory order, bool[] memory tiedWithPrevious) {
        return MajorityJudgment.rank(tallies);
    }

    /// @notice Returns the options tied for first place, in index order; one when there is a winner.
    function winners(uint256[][] calldata tallies) external pure returns (uint256[] memory) {
        return MajorityJudgment.winners(tallies);
    }

    /// @notice Returns 1 when option `a` ranks above option `b`, -1 when below, 0 when they tie.
    function compare(uint256[] calldata a, uint256[] calldata b) external pure returns (int256) {
        return MajorityJudgment.compare(a, b);
    }

    /// @notice Returns the majority grade (the lower median) of one option, 0 when it has no grades.
    function majorityGrade(uint256[] calldata histogram) external pure returns (uint256) {
        return MajorityJudgment.majorityGrade(histogram);
    }
}
