// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title MajorityJudgment
 * @notice Ranks options by majority judgment (Balinski and Laraki): every voter grades every option,
 * and the option with the best majority grade wins, ties being broken by the majority values.
 *
 * @dev Works on histograms: `tallies[i][g]` is the weight of grade `g` given to option `i`, grade 0
 * being the worst. Every option must have the same number of grades. A voter who graded some
 * options and not others gave the worst grade to the others, so an option whose total is below the
 * largest total counts the difference as extra weight at grade 0. The result depends only on the
 * histograms, with integer comparisons, so it is exact for any counts whose total per option fits
 * in a `uint256`: nothing computes `n + 1` or `2 * count`.
 *
 * The majority grade is the lower median. Two options are compared through a "block" of grades
 * around each one's median: `above` is the weight strictly above the block and `below` the weight
 * strictly below it. At equal current grades, an option with `above > below` beats one with
 * `above <= below`; between two with `above > below` the larger `above` wins; between two with
 * `above <= below` the smaller `below` wins. When still equal, each block grows to its next
 * non-empty grade on the side just compared (up when `above > below`, down otherwise), which becomes
 * the current grade, and the comparison repeats. This reproduces the comparison of the sequences of
 * majority values in O(grades) per pair of options. With equal totals, two options tie only when
 * their histograms are identical.
 */
library MajorityJudgment {
    /// @notice There are no options to rank.
    error MajorityJudgmentNoOptions();

    /// @notice The histograms have no grades.
    error MajorityJudgmentNoGrades();

    /// @notice Option `option` has `length` grades where the first option has `expected`.
    error MajorityJudgmentGradeCountMismatch(uint256 option, uint256 length, uint256 expected);

    /// @dev Where one option stands while it is compared: its current grade, the lowest and highest
    /// grades of its block, the weight strictly above and strictly below the block, and the weight
    /// added at grade 0 to bring its total to the largest one.
    struct Cursor {
        uint256 grade;
        uint256 low;
        uint256 high;
        uint256 above;
        uint256 below;
        uint256 padding;
    }

    /**
     * @notice Returns the majority grade of one option: the lower median of its grades, or 0 when
     * the histogram is empty.
     */
    function majorityGrade(uint256[] memory histogram) internal pure returns (uint256) {
        uint256 total = _total(histogram);
        return _start(histogram, total, total).grade;
    }

    /**
     * @notice Compares two options by majority judgment, the one with the smaller total padded
     * with grade 0 up to the other's total.
     * @return 1 when `a` ranks above `b`, -1 when below, 0 when they tie.
     */
    function compare(uint256[] memory a, uint256[] memory b) internal pure returns (int256) {
        if (a.length != b.length) revert MajorityJudgmentGradeCountMismatch(1, b.length, a.length);
        if (a.length == 0) revert MajorityJudgmentNoGrades();
        uint256 totalA = _total(a);
        uint256 totalB = _total(b);
        uint256 largest = totalA > totalB ? totalA : totalB;
        return _compare(a, _start(a, totalA, largest), b, _start(b, totalB, largest));
    }

    /**
     * @notice Ranks options from their histograms, best first.
     * @return order Option indices, best first; tied options are adjacent, in index order.
     * @return tiedWithPrevious Whether `order[k]` ties with `order[k - 1]`; always false at 0.
     */
    function rank(
        uint256[][] memory tallies
    ) internal pure returns (uint256[] memory order, bool[] memory tiedWithPrevious) {
        Cursor[] memory starts = _starts(tallies);
        uint256 count = tallies.length;
        order = new uint256[](count);
        // Insertion sort: stable, so tied options stay in index order.
        for (uint256 i = 0; i < count; ++i) {
            uint256 position = i;
            while (position > 0) {
                uint256 previous = order[position - 1];
                if (_compare(tallies[i], starts[i], tallies[previous], starts[previous]) <= 0) break;
                order[position] = previous;
                --position;
            }
            order[position] = i;
        }
        tiedWithPrevious = new bool[](count);
        for (uint256 k = 1; k < count; ++k) {
            uint256 current = order[k];
            uint256 previous = order[k - 1];
            tiedWithPrevious[k] = _compare(tallies[current], starts[current], tallies[previous], starts[previous]) == 0;
        }
    }

    /**
     * @notice Returns the options tied for first place, in index order: one option when there is
     * a single winner. Costs O(options x grades).
     */
    function winners(uint256[][] memory tallies) internal pure returns (uint256[] memory best) {
        Cursor[] memory starts = _starts(tallies);
        uint256 count = tallies.length;
        best = new uint256[](count);
        uint256 length = 1;
        for (uint256 i = 1; i < count; ++i) {
            uint256 leader = best[0];
            int256 order = _compare(tallies[i], starts[i], tallies[leader], starts[leader]);
            if (order > 0) {
                best[0] = i;
                length = 1;
            } else if (order == 0) {
                best[length] = i;
                ++length;
            }
        }
        assembly ("memory-safe") {
            mstore(best, length)
        }
    }

    /// @dev Checks the shape of `tallies` and returns each option's starting cursor, with every
    /// total brought to the largest one.
    function _starts(uint256[][] memory tallies) private pure returns (Cursor[] memory starts) {
        uint256 count = tallies.length;
        if (count == 0) revert MajorityJudgmentNoOptions();
        uint256 grades = tallies[0].length;
        if (grades == 0) revert MajorityJudgmentNoGrades();
        uint256[] memory totals = new uint256[](count);
        uint256 largest;
        for (uint256 i = 0; i < count; ++i) {
            if (tallies[i].length != grades) revert MajorityJudgmentGradeCountMismatch(i, tallies[i].length, grades);
            uint256 total = _total(tallies[i]);
            totals[i] = total;
            if (total > largest) largest = total;
        }
        starts = new Cursor[](count);
        for (uint256 i = 0; i < count; ++i) {
            starts[i] = _start(tallies[i], totals[i], largest);
        }
    }

    function _total(uint256[] memory histogram) private pure returns (uint256 total) {
        for (uint256 g = 0; g < histogram.length; ++g) {
            total += histogram[g];
        }
    }

    /**
     * @dev Places the block on the majority grade of `histogram` padded with `padded - total` at
     * grade 0. The median index `(padded - 1) / 2` is the lower median, so the first grade whose
     * cumulative weight exceeds it holds the median.
     */
    function _start(
        uint256[] memory histogram,
        uint256 total,
        uint256 padded
    ) private pure returns (Cursor memory cursor) {
        if (padded == 0) return cursor;
        cursor.padding = padded - total;
        uint256 medianIndex = (padded - 1) / 2;
        uint256 cumulative;
        uint256 grade;
        uint256 count;
        while (true) {
            count = _countAt(histogram, cursor, grade);
            cumulative += count;
            if (cumulative > medianIndex) break;
            ++grade;
        }
        cursor.grade = grade;
        cursor.low = grade;
        cursor.high = grade;
        cursor.above = padded - cumulative;
        cursor.below = cumulative - count;
    }

    /// @dev Returns the weight of `grade`, with the padding at grade 0.
    function _countAt(uint256[] memory histogram, Cursor memory cursor, uint256 grade) private pure returns (uint256) {
        return grade == 0 ? histogram[0] + cursor.padding : histogram[grade];
    }

    /// @dev Compares two options from copies of their starting cursors. Every iteration returns or
    /// grows both blocks by at least one grade, so the loop ends within `grades` iterations.
    function _compare(
        uint256[] memory a,
        Cursor memory startA,
        uint256[] memory b,
        Cursor memory startB
    ) private pure returns (int256 order) {
        Cursor memory x = _copy(startA);
        Cursor memory y = _copy(startB);
        while (true) {
            if (x.grade != y.grade) return x.grade > y.grade ? int256(1) : int256(-1);
            bool xUp = x.above > x.below;
            bool yUp = y.above > y.below;
            if (xUp != yUp) return xUp ? int256(1) : int256(-1);
            if (xUp) {
                if (x.above != y.above) return x.above > y.above ? int256(1) : int256(-1);
                _extendUp(a, x);
                _extendUp(b, y);
            } else {
                if (x.below != y.below) return x.below < y.below ? int256(1) : int256(-1);
                // Equal `below` with `above <= below`: when it is 0, so is `above` on both sides.
                if (x.below == 0) return 0;
                _extendDown(a, x);
                _extendDown(b, y);
            }
        }
    }

    /// @dev Grows the block to the next non-empty grade above it, which exists since `above > 0`.
    function _extendUp(uint256[] memory histogram, Cursor memory cursor) private pure {
        uint256 grade = cursor.high + 1;
        while (histogram[grade] == 0) ++grade;
        cursor.high = grade;
        cursor.grade = grade;
        cursor.above -= histogram[grade];
    }

    /// @dev Grows the block to the next non-empty grade below it, which exists since `below > 0`.
    function _extendDown(uint256[] memory histogram, Cursor memory cursor) private pure {
        uint256 grade = cursor.low - 1;
        while (_countAt(histogram, cursor, grade) == 0) --grade;
        cursor.low = grade;
        cursor.grade = grade;
        cursor.below -= _countAt(histogram, cursor, grade);
    }

    function _copy(Cursor memory cursor) private pure returns (Cursor memory) {
        return Cursor(cursor.grade, cursor.low, cursor.high, cursor.above, cursor.below, cursor.padding);
    }
}
