// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICoopMembership} from "./ICoopMembership.sol";

/**
 * @title ICoopShares
 * @notice The share capital of one cooperative: shares at a fixed nominal value, paid in ETH or in
 * one ERC-20 token, redeemed at that nominal value through a first-come-first-served queue, less
 * their part of any losses charged to capital. Shares may earn interest voted by governance.
 *
 * Shares give no votes and cannot be transferred except by a decision of the cooperative's
 * timelock. A redemption becomes payable after a notice period, and only while the capital stays
 * at or above a floor: a fraction of the highest capital the cooperative ever had.
 */
interface ICoopShares {
    /// @notice A redemption request in the queue.
    struct Redemption {
        address holder;
        uint128 shares;
        uint48 dueAt;
    }

    /// @notice Emitted when `holder` pays `amount` for `shares` new shares.
    event SharesSubscribed(address indexed holder, uint256 shares, uint256 amount);

    /// @notice Emitted when the timelock moves `shares` shares from `from` to `to`.
    event SharesTransferred(address indexed from, address indexed to, uint256 shares);

    /// @notice Emitted when `holder` asks to redeem `shares` shares, payable from `dueAt`.
    event RedemptionRequested(uint256 indexed requestId, address indexed holder, uint256 shares, uint48 dueAt);

    /// @notice Emitted when `holder` cancels pending request `requestId`.
    event RedemptionCancelled(uint256 indexed requestId, address indexed holder);

    /// @notice Emitted when request `requestId` is paid; `credited` is true when the payment failed
    /// and `amount` was credited to the holder's withdrawable balance instead.
    event RedemptionPaid(uint256 indexed requestId, address indexed holder, uint256 amount, bool credited);

    /// @notice Emitted when `holder` withdraws `amount` of their credited balance to `to`.
    event CreditWithdrawn(address indexed holder, address indexed to, uint256 amount);

    /// @notice Emitted when the timelock takes `amount` of capital to its treasury.
    event CapitalMovedToTreasury(uint256 amount);

    /// @notice Emitted when `amount` of capital comes back from the treasury.
    event CapitalReturnedFromTreasury(uint256 amount);

    /// @notice Emitted when the timelock changes the notice period, in seconds.
    event NoticePeriodSet(uint48 noticePeriod);

    /// @notice Emitted when the timelock changes the capital floor, in basis points of the highest capital.
    event CapitalFloorSet(uint16 floorBps);

    /// @notice Emitted when the timelock changes the statutory minimum of shares per member.
    event MinimumSharesSet(uint256 minimumShares);

    /// @notice Emitted when the timelock records `amount` of losses charged to capital, bringing them to `recordedLosses`.
    event LossesRecorded(uint256 amount, uint256 recordedLosses);

    /// @notice Emitted when the timelock records a recovery of `amount`, bringing the losses down to `recordedLosses`.
    event RecoveryRecorded(uint256 amount, uint256 recordedLosses);

    /// @notice Emitted when the payment of request `requestId` bears `amount` of the recorded losses:
    /// that part of the nominal value leaves the losses and is credited to the timelock.
    event LossesBorneByRedemption(uint256 indexed requestId, uint256 amount);

    /// @notice Emitted when the timelock sets the annual interest rate on shares, in basis points.
    event InterestRateSet(uint16 rateBps);

    /// @notice Emitted when `funder` adds `amount` to the interest pot.
    event InterestFunded(address indexed funder, uint256 amount);

    /// @notice Emitted when `holder` claims `amount` of interest, sent to `to`.
    event InterestClaimed(address indexed holder, address indexed to, uint256 amount);

    /// @notice The caller is not the account allowed to call this function (the timelock, or the membership contract).
    error CoopSharesUnauthorized(address caller);

    /// @notice The argument named `parameter` is the zero address.
    error CoopSharesZeroAddress(string parameter);

    /// @notice `membership` is not a contract, or names `registeredShares` instead of this contract as its share capital.
    error CoopSharesInvalidMembership(address membership, address registeredShares);

    /// @notice The timelock given, `timelock`, is not the membership contract's timelock, `membershipTimelock`.
    error CoopSharesTimelockMismatch(address timelock, address membershipTimelock);

    /// @notice The payment token `token` has no code, so it cannot be an ERC-20 contract.
    error CoopSharesInvalidPaymentToken(address token);

    /// @notice The nominal value must be from 1 to `type(uint128).max`; `nominalValue` is not.
    error CoopSharesInvalidNominalValue(uint256 nominalValue);

    /// @notice The minimum of shares per member must be at most `type(uint128).max`; `minimumShares` is not.
    error CoopSharesInvalidMinimumShares(uint256 minimumShares);

    /// @notice The notice period `noticePeriod` is longer than `maxNoticePeriod` seconds.
    error CoopSharesInvalidNoticePeriod(uint48 noticePeriod, uint48 maxNoticePeriod);

    /// @notice The capital floor must be at most 10,000 basis points (100%); `floorBps` is not.
    error CoopSharesInvalidCapitalFloor(uint16 floorBps);

    /// @notice A number of shares must be at least 1.
    error CoopSharesZeroShares();

    /// @notice An amount must be at least 1.
    error CoopSharesZeroAmount();

    /// @notice The payment was `expected` but `received` arrived (a fee-on-transfer token, or a wrong `msg.value`).
    error CoopSharesPaymentMismatch(uint256 expected, uint256 received);

    /// @notice ETH (`value`) was sent to a cooperative whose shares are paid in an ERC-20 token.
    error CoopSharesUnexpectedEther(uint256 value);

    /// @notice `account` is not a member, and the admission policy `policy` does not admit by subscription.
    error CoopSharesAdmissionClosed(address account, ICoopMembership.AdmissionPolicy policy);

    /// @notice `account` is not a member.
    error CoopSharesNotMember(address account);

    /// @notice `holder` would keep or subscribe `shares` shares, fewer than the statutory minimum `minimumShares`.
    error CoopSharesBelowMinimum(address holder, uint256 shares, uint256 minimumShares);

    /// @notice `holder` has `available` shares not pending redemption, fewer than the `requested` shares.
    error CoopSharesInsufficientShares(address holder, uint256 available, uint256 requested);

    /// @notice A transfer of shares from `holder` to themselves.
    error CoopSharesSelfTransfer(address holder);

    /// @notice Request `requestId` is not pending: it does not exist, or it was paid or cancelled.
    error CoopSharesRequestNotPending(uint256 requestId);

    /// @notice Request `requestId` belongs to `holder`, not to the caller `caller`.
    error CoopSharesNotRequestHolder(uint256 requestId, address holder, address caller);

    /// @notice `holder` has no credited balance to withdraw.
    error CoopSharesNoCredit(address holder);

    /// @notice `requested` is more than the `held` capital of this contract.
    error CoopSharesInsufficientHeldCapital(uint256 requested, uint256 held);

    /// @notice `amount` is more than the `inTreasury` capital that the treasury owes back.
    error CoopSharesReturnExceedsTreasury(uint256 amount, uint256 inTreasury);

    /// @notice Sending `amount` wei to `to` failed.
    error CoopSharesEtherTransferFailed(address to, uint256 amount);

    /// @notice Only `gasLeft` gas is left before a payment, which needs at least `required`.
    error CoopSharesInsufficientGas(uint256 gasLeft, uint256 required);

    /// @notice Recording the losses would bring them to `losses`, above the capital `capital`.
    error CoopSharesLossesExceedCapital(uint256 losses, uint256 capital);

    /// @notice A recovery of `amount` is more than the `recordedLosses`.
    error CoopSharesRecoveryExceedsLosses(uint256 amount, uint256 recordedLosses);

    /// @notice The interest rate `rateBps` is above the maximum `maxRateBps`, in basis points a year.
    error CoopSharesInvalidInterestRate(uint16 rateBps, uint16 maxRateBps);

    /// @notice `holder` is owed no interest.
    error CoopSharesNoInterest(address holder);

    /// @notice The interest owed, `owed`, is more than the interest pot holds, `pot`.
    error CoopSharesInsufficientInterestPot(uint256 owed, uint256 pot);

    /**
     * @notice Issues `shares` shares to the caller against exactly `shares` times the nominal value.
     * @dev In ETH, send the amount as `msg.value`; in an ERC-20, approve it first: the amount that
     * arrives is measured by balance difference. A caller who is not a member is admitted only when
     * the cooperative's admission policy is open and `shares` is at least the minimum.
     */
    function subscribe(uint256 shares) external payable;

    /**
     * @notice Queues the redemption of `shares` of the caller's shares, payable after the notice period.
     * @dev A member keeps at least the statutory minimum. Returns the request id.
     */
    function requestRedemption(uint256 shares) external returns (uint256 requestId);

    /// @notice Cancels the caller's pending request `requestId`. A former member cannot cancel.
    function cancelRedemption(uint256 requestId) external;

    /**
     * @notice Pays at most `maxCount` due requests from the head of the queue. Anyone may call it.
     * @dev Stops at the first request that is not yet due, that would take the capital below the
     * floor, or that the contract cannot pay from the capital it holds. Returns the number paid.
     */
    function payDue(uint256 maxCount) external returns (uint256 paid);

    /// @notice Sends the caller's credited balance to `to`.
    function withdrawCredit(address to) external;

    /// @notice Queues the redemption of all of `member`'s shares. Only the membership contract, on exit.
    function redeemOnExit(address member) external;

    /// @notice Moves `shares` shares from `from` to `to`. Only the timelock.
    function transferShares(address from, address to, uint256 shares) external;

    /// @notice Sends `amount` of the capital held here to the timelock. Only the timelock.
    function moveToTreasury(uint256 amount) external;

    /// @notice Takes `amount` of capital back from the caller (ETH as `msg.value`, or an approved ERC-20).
    function returnFromTreasury(uint256 amount) external payable;

    /// @notice Sets the notice period before a redemption is due, in seconds. Only the timelock.
    function setNoticePeriod(uint48 noticePeriod) external;

    /// @notice Sets the capital floor in basis points of the highest capital. Only the timelock.
    function setCapitalFloor(uint16 floorBps) external;

    /// @notice Sets the statutory minimum of shares per member. Only the timelock.
    function setMinimumShares(uint256 minimumShares) external;

    /**
     * @notice Records `amount` of the cooperative's losses charged to capital, as the statutes allow.
     * Only the timelock. Every redemption paid while losses are recorded, those already requested
     * included, pays the nominal value times `(capital - losses) / capital`, rounded down.
     * @dev Reverts with {CoopSharesLossesExceedCapital} when the losses would exceed the capital.
     */
    function recordLosses(uint256 amount) external;

    /**
     * @notice Records a recovery of `amount` of the recorded losses, which raises the redemption
     * value of later payments, never above the nominal value. Only the timelock.
     * @dev Reverts with {CoopSharesRecoveryExceedsLosses} when `amount` is more than the losses.
     */
    function recordRecovery(uint256 amount) external;

    /**
     * @notice Sets the annual interest rate on shares, in basis points of the nominal value, at
     * most `MAX_INTEREST_RATE_BPS`. Only the timelock. Interest accrues per second on every share
     * outstanding, shares waiting for redemption included until they are paid.
     */
    function setInterestRate(uint16 rateBps) external;

    /**
     * @notice Adds `amount` to the interest pot, from which interest is paid (ETH as `msg.value`,
     * or an approved ERC-20). Anyone may fund it, and funds cannot be taken back out except as interest.
     */
    function fundInterest(uint256 amount) external payable;

    /**
     * @notice Sends all the interest owed to the caller to `to`, from the interest pot. Returns the amount.
     * @dev Reverts with {CoopSharesInsufficientInterestPot} when the pot holds less than the interest owed.
     */
    function claimInterest(address to) external returns (uint256 amount);

    /// @notice Returns the losses charged to capital and not yet borne by redemptions or recovered.
    function recordedLosses() external view returns (uint256);

    /// @notice Returns what one share is paid when redeemed now: the nominal value reduced by the losses.
    function redemptionValue() external view returns (uint256);

    /// @notice Returns the annual interest rate on shares, in basis points of the nominal value.
    function interestRateBps() external view returns (uint16);

    /// @notice Returns the interest pot: funds set aside for interest and not yet claimed.
    function interestPot() external view returns (uint256);

    /// @notice Returns the interest one share has earned since the start, scaled by 10^18, up to now.
    function interestIndex() external view returns (uint256);

    /// @notice Returns the interest `holder` is owed now and has not claimed.
    function accruedInterestOf(address holder) external view returns (uint256);

    /// @notice Returns the shares `holder` owns, including those waiting for redemption.
    function sharesOf(address holder) external view returns (uint256);

    /// @notice Returns the shares of `holder` waiting for redemption.
    function pendingSharesOf(address holder) external view returns (uint256);

    /// @notice Returns the nominal value of one share, in the payment token's smallest unit.
    function nominalValue() external view returns (uint256);

    /// @notice Returns the payment token, or the zero address for ETH.
    function paymentToken() external view returns (address);

    /// @notice Returns the paid-in capital: all shares outstanding times the nominal value.
    function capital() external view returns (uint256);

    /// @notice Returns the highest capital reached, the base of the capital floor.
    function highestCapital() external view returns (uint256);

    /// @notice Returns the capital held by this contract (the rest is in the treasury).
    function heldCapital() external view returns (uint256);

    /// @notice Returns the total of credited balances waiting for withdrawal.
    function totalCredited() external view returns (uint256);

    /// @notice Returns the credited balance of `holder`.
    function creditOf(address holder) external view returns (uint256);

    /// @notice Returns request `requestId`; a paid or cancelled request has a zero holder.
    function redemption(uint256 requestId) external view returns (Redemption memory);

    /// @notice Returns the id of the next request to pay and the id the next request will get.
    function queueBounds() external view returns (uint256 head, uint256 tail);

    /// @notice Returns the cooperative's member register.
    function membership() external view returns (ICoopMembership);

    /// @notice Returns the cooperative's timelock, which governs this contract and receives moved capital.
    function timelock() external view returns (address);

    /// @notice Returns the statutory minimum of shares that a member keeps, and subscribes to be admitted.
    function minimumShares() external view returns (uint256);

    /// @notice Returns the notice period before a redemption is due, in seconds.
    function noticePeriod() external view returns (uint48);

    /// @notice Returns the capital floor in basis points of the highest capital.
    function capitalFloorBps() external view returns (uint16);

    /// @notice Returns the capital floor: the capital below which no redemption is paid.
    function capitalFloor() external view returns (uint256);

    /// @notice Returns the capital moved to the treasury and not yet returned.
    function capitalInTreasury() external view returns (uint256);

    /// @notice Returns the number of shares outstanding, including those waiting for redemption.
    function totalShares() external view returns (uint256);

    /// @notice Returns the number of shares waiting for redemption.
    function totalPendingShares() external view returns (uint256);
}
