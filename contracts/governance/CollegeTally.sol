// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @title CollegeTally
 * @notice Combines the results of the colleges of a multi-stakeholder cooperative into one result,
 * each college counting with the weight the statutes give it, whatever the number of its voters.
 *
 * @dev Fixed point. Results are shares of {SCALE} (1e18 is 100%). A college `c` where `voted[c]`
 * weight voted contributes `part * weightBps[c] * SCALE / (voted[c] * votedWeightBps)` for each part
 * of its result (votes for, a grade of an option), computed with a full-precision multiply-divide and
 * rounded down once per college and part. The error of each combined share is below one unit per
 * college, so at most 16e-18 of the result with the 16 colleges a configuration may have.
 *
 * A college where nobody voted counts as absent: `votedWeightBps` is the sum of the weights of the
 * colleges where someone voted, so the weight of a silent college is shared among the others in
 * proportion to their own weights. When no college voted, every result is zero.
 *
 * A yes/no vote passes when the for share, rounded down, exceeds the against share, rounded up: a
 * true tie can never pass by rounding, at the price that a win by less than one unit per college
 * fails. Quorum comparisons are exact integer products, with no rounding.
 *
 * All arrays are indexed by college, in the order of the configuration, and have the same length.
 */
library CollegeTally {
    /// @notice The fixed-point unit of combined results: 1e18 is 100%.
    uint256 internal constant SCALE = 1e18;

    /// @notice Denominator of basis points: 10,000 basis points are 100%.
    uint256 internal constant BPS_DENOMINATOR = 10_000;

    /**
     * @notice Returns the sum of the weights, in basis points, of the colleges where some weight voted.
     */
    function votedWeightBps(uint256[] memory voted, uint256[] memory weightsBps) internal pure returns (uint256 sum) {
        for (uint256 c = 0; c < voted.length; ++c) {
            if (voted[c] != 0) sum += weightsBps[c];
        }
    }

    /**
     * @notice Returns college `c`'s contribution to a combined share for `part` of its `voted` weight,
     * rounded as `rounding` says.
     */
    function contribution(
        uint256 part,
        uint256 voted,
        uint256 weightBps,
        uint256 votedBps,
        Math.Rounding rounding
    ) internal pure returns (uint256) {
        return Math.mulDiv(part, weightBps * SCALE, voted * votedBps, rounding);
    }

    /**
     * @notice Combines the colleges' yes/no votes into shares of {SCALE}, each rounded down.
     * @return againstShare The combined share against.
     * @return forShare The combined share for.
     * @return abstainShare The combined share that abstained.
     */
    function combineYesNo(
        uint256[] memory againstVotes,
        uint256[] memory forVotes,
        uint256[] memory abstainVotes,
        uint256[] memory weightsBps
    ) internal pure returns (uint256 againstShare, uint256 forShare, uint256 abstainShare) {
        uint256[] memory voted = _votedYesNo(againstVotes, forVotes, abstainVotes);
        uint256 votedBps = votedWeightBps(voted, weightsBps);
        for (uint256 c = 0; c < voted.length; ++c) {
            if (voted[c] == 0) continue;
            againstShare += contribution(againstVotes[c], voted[c], weightsBps[c], votedBps, Math.Rounding.Floor);
            forShare += contribution(forVotes[c], voted[c], weightsBps[c], votedBps, Math.Rounding.Floor);
            abstainShare += contribution(abstainVotes[c], voted[c], weightsBps[c], votedBps, Math.Rounding.Floor);
        }
    }

    /**
     * @notice Returns whether the combined vote passes: the for share rounded down exceeds the
     * against share rounded up, so that a tie never passes.
     */
    function yesNoSucceeded(
        uint256[] memory againstVotes,
        uint256[] memory forVotes,
        uint256[] memory abstainVotes,
        uint256[] memory weightsBps
    ) internal pure returns (bool) {
        uint256[] memory voted = _votedYesNo(againstVotes, forVotes, abstainVotes);
        uint256 votedBps = votedWeightBps(voted, weightsBps);
        uint256 forFloor;
        uint256 againstCeil;
        for (uint256 c = 0; c < voted.length; ++c) {
            if (voted[c] == 0) continue;
            forFloor += contribution(forVotes[c], voted[c], weightsBps[c], votedBps, Math.Rounding.Floor);
            againstCeil += contribution(againstVotes[c], voted[c], weightsBps[c], votedBps, Math.Rounding.Ceil);
        }
        return forFloor > againstCeil;
    }

    /**
     * @notice Combines the colleges' grade histograms, `histograms[c][option][grade]`, where every
     * voter of college `c` graded every option with a total of `voted[c]`. Each combined cell is the
     * sum of the colleges' contributions rounded down, and the rounding remainder of each option goes
     * to grade 0 (the worst), so every option totals exactly {SCALE} when some college voted, as
     * {MajorityJudgment} would pad it anyway. All cells are zero when no college voted.
     */
    function combineHistograms(
        uint256[][][] memory histograms,
        uint256[] memory voted,
        uint256[] memory weightsBps,
        uint256 optionCount,
        uint256 gradeCount
    ) internal pure returns (uint256[][] memory combined) {
        combined = new uint256[][](optionCount);
        for (uint256 option = 0; option < optionCount; ++option) {
            combined[option] = new uint256[](gradeCount);
        }
        uint256 votedBps = votedWeightBps(voted, weightsBps);
        if (votedBps == 0) return combined;
        for (uint256 c = 0; c < voted.length; ++c) {
            if (voted[c] != 0) _addCollege(combined, histograms[c], voted[c], weightsBps[c], votedBps);
        }
        for (uint256 option = 0; option < optionCount; ++option) {
            uint256[] memory row = combined[option];
            uint256 total;
            for (uint256 grade = 0; grade < gradeCount; ++grade) {
                total += row[grade];
            }
            // Cannot underflow: each college adds at most its rounded-down share of SCALE per option.
            row[0] += SCALE - total;
        }
    }

    /**
     * @notice Returns whether the counted weights reach `quorum`. Globally: their sum reaches it. Per
     * college: every college's counted weight reaches `quorum * weightBps / 10,000`, compared exactly.
     */
    function quorumReached(
        uint256[] memory counted,
        uint256[] memory weightsBps,
        uint256 quorum,
        bool perCollege
    ) internal pure returns (bool) {
        uint256 sum;
        for (uint256 c = 0; c < counted.length; ++c) {
            if (perCollege && counted[c] * BPS_DENOMINATOR < quorum * weightsBps[c]) return false;
            sum += counted[c];
        }
        return perCollege || sum >= quorum;
    }

    /// @dev Adds one college's contributions to every cell of `combined`.
    function _addCollege(
        uint256[][] memory combined,
        uint256[][] memory histogram,
        uint256 voted,
        uint256 weightBps,
        uint256 votedBps
    ) private pure {
        for (uint256 option = 0; option < combined.length; ++option) {
            uint256[] memory row = combined[option];
            for (uint256 grade = 0; grade < row.length; ++grade) {
                uint256 count = histogram[option][grade];
                if (count != 0) row[grade] += contribution(count, voted, weightBps, votedBps, Math.Rounding.Floor);
            }
        }
    }

    /// @dev Returns each college's voted weight: against + for + abstain.
    function _votedYesNo(
        uint256[] memory againstVotes,
        uint256[] memory forVotes,
        uint256[] memory abstainVotes
    ) private pure returns (uint256[] memory voted) {
        voted = new uint256[](againstVotes.length);
        for (uint256 c = 0; c < voted.length; ++c) {
            voted[c] = againstVotes[c] + forVotes[c] + abstainVotes[c];
        }
    }
}
