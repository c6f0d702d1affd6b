// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CollegeTally} from "../governance/CollegeTally.sol";

/// @notice Test-only: exposes the {CollegeTally} library's functions.
contract CollegeTallyHarness {
    /// @notice The library's fixed-point unit.
    function scale() external pure returns (uint256) {
        return CollegeTally.SCALE;
    }

    /// @notice See {CollegeTally-combineYesNo}.
    function combineYesNo(
        uint256[] calldata againstVotes,
        uint256[] calldata forVotes,
        uint256[] calldata abstainVotes,
        uint256[] calldata weightsBps
    ) external pure returns (uint256 againstShare, uint256 forShare, uint256 abstainShare) {
        return CollegeTally.combineYesNo(againstVotes, forVotes, abstainVotes, weightsBps);
    }

    /// @notice See {CollegeTally-yesNoSucceeded}.
    function yesNoSucceeded(
        uint256[] calldata againstVotes,
        uint256[] calldata forVotes,
        uint256[] calldata abstainVotes,
        uint256[] calldata weightsBps
    ) external pure returns (bool) {
        return CollegeTally.yesNoSucceeded(againstVotes, forVotes, abstainVotes, weightsBps);
    }

    /// @notice See {CollegeTally-combineHistograms}.
    function combineHistograms(
        uint256[][][] calldata histograms,
        uint256[] calldata voted,
        uint256[] calldata weightsBps,
        uint256 optionCount,
        uint256 gradeCount
    ) external pure returns (uint256[][] memory) {
        return CollegeTally.combineHistograms(histograms, voted, weightsBps, optionCount, gradeCount);
    }

    /// @notice See {CollegeTally-quorumReached}.
    function quorumReached(
        uint256[] calldata counted,
        uint256[] calldata weightsBps,
        uint256 quorum,
        bool perCollege
    ) external pure returns (bool) {
        return CollegeTally.quorumReached(counted, weightsBps, quorum, perCollege);
    }

    /// @notice See {CollegeTally-votedWeightBps}.
    function votedWeightBps(uint256[] calldata voted, uint256[] calldata weightsBps) external pure returns (uint256) {
        return CollegeTally.votedWeightBps(voted, weightsBps);
    }
}
