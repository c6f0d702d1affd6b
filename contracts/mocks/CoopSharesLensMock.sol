// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {ICoopShares} from "../interfaces/ICoopShares.sol";

/**
 * @title CoopSharesLensMock
 * @notice Test-only: reads the whole accounting state of a share capital contract in one call, so
 * that property tests can check it after every action without dozens of calls.
 */
contract CoopSharesLensMock {
    /// @notice The shares, pending shares, credit and interest owed of one holder.
    struct HolderState {
        uint256 shares;
        uint256 pending;
        uint256 credit;
        uint256 interest;
    }

    /// @notice The accounting state of a share capital contract, and its balance of the payment token or ETH.
    struct CapitalState {
        uint256 capital;
        uint256 heldCapital;
        uint256 capitalInTreasury;
        uint256 highestCapital;
        uint256 totalCredited;
        uint256 totalShares;
        uint256 totalPendingShares;
        uint256 queueHead;
        uint256 queueTail;
        uint256 balance;
        uint256 recordedLosses;
        uint256 interestPot;
        uint256 timelockCredit;
        HolderState[] holders;
    }

    /// @notice Returns the accounting state of `shares` and of each of `holders`.
    function read(ICoopShares shares, address[] calldata holders) external view returns (CapitalState memory state) {
        state.capital = shares.capital();
        state.heldCapital = shares.heldCapital();
        state.capitalInTreasury = shares.capitalInTreasury();
        state.highestCapital = shares.highestCapital();
        state.totalCredited = shares.totalCredited();
        state.totalShares = shares.totalShares();
        state.totalPendingShares = shares.totalPendingShares();
        (state.queueHead, state.queueTail) = shares.queueBounds();
        address token = shares.paymentToken();
        state.balance = token == address(0) ? address(shares).balance : IERC20(token).balanceOf(address(shares));
        state.recordedLosses = shares.recordedLosses();
        state.interestPot = shares.interestPot();
        state.timelockCredit = shares.creditOf(shares.timelock());

        state.holders = new HolderState[](holders.length);
        for (uint256 i = 0; i < holders.length; ++i) {
            state.holders[i] = HolderState({
                shares: shares.sharesOf(holders[i]),
                pending: shares.pendingSharesOf(holders[i]),
                credit: shares.creditOf(holders[i]),
                interest: shares.accruedInterestOf(holders[i])
            });
        }
    }
}
