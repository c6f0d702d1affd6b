// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICoopMembership} from "./ICoopMembership.sol";

/**
 * @title IFeeRouter
 * @notice The marketplace till of one cooperative. Members and customers pay each other through it,
 * in ETH or in an ERC-20 token the cooperative accepts. Each payment leaves the cooperative's service
 * fee and, when the payee is a member, the membership dues, and delivers the rest to the payee.
 *
 * Tokens are named by address; the zero address stands for ETH wherever a function or an event
 * names a token. Both fees are rates in basis points of the gross amount received, set by the
 * cooperative's timelock under caps written in the contract. Fees accrue here and anyone can release
 * them to their recipients. A payee or fee recipient that cannot receive a transfer gets a credit
 * instead, which anyone can push to them later and which they can withdraw to another address.
 */
interface IFeeRouter {
    /// @notice The two pots that payments fill and {releaseFees} empties.
    enum Pot {
        ServiceFees,
        Dues
    }

    /**
     * @notice The figures of one accounting period in one token.
     * @param closedAt When the period closed, or zero while it is open.
     * @param claimDeadline The last second at which members may claim, or zero before {allocateSurplus}.
     * @param reclaimed Whether {reclaimSurplus} has returned the unclaimed rest to the timelock.
     * @param totalVolume The sum of the members' volumes in the period.
     * @param surplus The surplus allocated to the period, or zero before {allocateSurplus}.
     * @param refunded The part of the surplus that members have claimed.
     */
    struct PeriodInfo {
        uint64 closedAt;
        uint64 claimDeadline;
        bool reclaimed;
        uint256 totalVolume;
        uint256 surplus;
        uint256 refunded;
    }

    /**
     * @notice Emitted for each payment. `amount` is what arrived, and `serviceFee + dues + net`
     * equals it. `credited` is true when the transfer of `net` to the payee failed and `net` was
     * credited to the payee's withdrawable balance instead. `orderCid` is the binary CID of the order
     * or invoice, or empty.
     */
    event PaymentMade(
        address indexed payer,
        address indexed payee,
        address indexed token,
        uint256 amount,
        uint256 serviceFee,
        uint256 dues,
        uint256 net,
        bool credited,
        bytes orderCid
    );

    /**
     * @notice Emitted when `amount` of `token` leaves pot `pot` for `recipient`; `credited` is true when
     * the transfer failed and the amount was credited to the recipient's withdrawable balance instead.
     */
    event FeesReleased(
        address indexed token,
        Pot indexed pot,
        address indexed recipient,
        uint256 amount,
        bool credited
    );

    /// @notice Emitted when the credited balance of `account` in `token` is paid out to `to`.
    event CreditWithdrawn(address indexed token, address indexed account, address indexed to, uint256 amount);

    /// @notice Emitted when the timelock takes `amount` of `token` that no credit or pot accounts for.
    event ExcessSwept(address indexed token, address indexed to, uint256 amount);

    /// @notice Emitted when the timelock sets the service fee rate.
    event ServiceFeeSet(uint16 serviceFeeBps);

    /// @notice Emitted when the timelock sets the membership dues rate.
    event DuesSet(uint16 duesBps);

    /// @notice Emitted when the timelock sets the account that receives the service fees.
    event ServiceFeeRecipientSet(address recipient);

    /// @notice Emitted when the timelock sets the account that receives the membership dues.
    event DuesRecipientSet(address recipient);

    /// @notice Emitted when the timelock lists or delists an ERC-20 token.
    event TokenAcceptanceSet(address indexed token, bool accepted);

    /// @notice Emitted when the timelock closes accounting period `period`; the next one opens at once.
    event PeriodClosed(uint256 indexed period, uint64 closedAt);

    /**
     * @notice Emitted when the timelock allocates `amount` of `token`, what arrived, to the closed
     * period `period`. Members may claim their refunds until `claimDeadline`, included.
     */
    event SurplusAllocated(uint256 indexed period, address indexed token, uint256 amount, uint64 claimDeadline);

    /**
     * @notice Emitted when `account` claims its patronage refund of `amount` of `token` for `period`;
     * `credited` is true when the transfer failed and the amount was credited to the account instead.
     */
    event RefundClaimed(
        uint256 indexed period,
        address indexed token,
        address indexed account,
        uint256 amount,
        bool credited
    );

    /**
     * @notice Emitted when the unclaimed `amount` of the surplus of `token` for `period` returns to
     * `treasury`, the timelock; `credited` is true when the transfer failed and it was credited instead.
     */
    event SurplusReclaimed(
        uint256 indexed period,
        address indexed token,
        address treasury,
        uint256 amount,
        bool credited
    );

    /// @notice The caller is not the cooperative's timelock.
    error FeeRouterUnauthorized(address caller);

    /// @notice The argument named `parameter` is the zero address.
    error FeeRouterZeroAddress(string parameter);

    /// @notice A payment of zero: pay a positive amount.
    error FeeRouterZeroAmount();

    /// @notice `token` is not on the list of accepted tokens; the timelock lists tokens with {setTokenAccepted}.
    error FeeRouterTokenNotAccepted(address token);

    /// @notice `token` has no code, so it cannot be an ERC-20 token.
    error FeeRouterInvalidToken(address token);

    /// @notice `value` wei came with an ERC-20 payment; ETH payments go through {payEther}.
    error FeeRouterUnexpectedEther(uint256 value);

    /// @notice `payee` cannot be paid: the router does not pay itself.
    error FeeRouterInvalidPayee(address payee);

    /// @notice `recipient` cannot receive fees or credits: the router cannot pay itself.
    error FeeRouterInvalidRecipient(address recipient);

    /// @notice `membership` has no code, so it cannot be the member register.
    error FeeRouterInvalidMembership(address membership);

    /// @notice The transfer of `amount` of `token` moved nothing to the router.
    error FeeRouterNothingReceived(address token, uint256 amount);

    /// @notice The permit did not apply, and the router's allowance of `allowance` does not cover `amount`.
    error FeeRouterPermitRejected(address token, uint256 amount, uint256 allowance);

    /// @notice `serviceFeeBps` is above the cap of `cap` basis points.
    error FeeRouterServiceFeeAboveCap(uint256 serviceFeeBps, uint256 cap);

    /// @notice `duesBps` is above the cap of `cap` basis points.
    error FeeRouterDuesAboveCap(uint256 duesBps, uint256 cap);

    /// @notice `account` has no credited balance of `token`.
    error FeeRouterNoCredit(address token, address account);

    /// @notice No fees of `token` have accrued since the last release.
    error FeeRouterNoFees(address token);

    /// @notice The router holds no more of `token` than it owes.
    error FeeRouterNoExcess(address token);

    /// @notice Sending `amount` wei to `to` failed.
    error FeeRouterEtherTransferFailed(address to, uint256 amount);

    /// @notice Accounting period `period` is still open (the open one is `currentPeriod`): close it with {closePeriod}.
    error FeeRouterPeriodNotClosed(uint256 period, uint256 currentPeriod);

    /// @notice A surplus of `token` was already allocated to `period`; each period gets at most one per token.
    error FeeRouterSurplusAlreadyAllocated(uint256 period, address token);

    /// @notice No member did business in `token` in `period`, so nobody could claim a surplus.
    error FeeRouterNoPeriodVolume(uint256 period, address token);

    /// @notice `value` wei came with a surplus of `amount` wei: send exactly the amount.
    error FeeRouterEtherValueMismatch(uint256 value, uint256 amount);

    /// @notice No surplus of `token` has been allocated to `period`.
    error FeeRouterSurplusNotAllocated(uint256 period, address token);

    /// @notice The claims on the surplus of `token` for `period` ended at `claimDeadline`.
    error FeeRouterClaimWindowClosed(uint256 period, address token, uint64 claimDeadline);

    /// @notice Members may claim the surplus of `token` for `period` until `claimDeadline`: reclaim after it.
    error FeeRouterClaimWindowOpen(uint256 period, address token, uint64 claimDeadline);

    /// @notice `account` already claimed its refund of `token` for `period`.
    error FeeRouterRefundAlreadyClaimed(uint256 period, address token, address account);

    /// @notice `account` has no refund of `token` for `period`: it did no business in it as a member.
    error FeeRouterNoRefund(uint256 period, address token, address account);

    /// @notice The unclaimed surplus of `token` for `period` has already returned to the treasury.
    error FeeRouterSurplusAlreadyReclaimed(uint256 period, address token);

    /**
     * @notice Pays `msg.value` wei to `payee`, less the service fee and, when `payee` is a member, the dues.
     * @param payee The account paid.
     * @param orderCid The binary CID of the order or invoice, or empty.
     * @return serviceFee The service fee kept.
     * @return dues The membership dues kept.
     * @return net What the payee gets, delivered or credited.
     */
    function payEther(
        address payee,
        bytes calldata orderCid
    ) external payable returns (uint256 serviceFee, uint256 dues, uint256 net);

    /**
     * @notice Takes `amount` of `token` from the caller, who has approved the router, and pays what
     * arrived to `payee`, less the service fee and, when `payee` is a member, the dues.
     * @param payee The account paid.
     * @param token An accepted ERC-20 token.
     * @param amount The amount taken from the caller, in the token's smallest unit.
     * @param orderCid The binary CID of the order or invoice, or empty.
     * @return serviceFee The service fee kept.
     * @return dues The membership dues kept.
     * @return net What the payee gets, delivered or credited.
     */
    function pay(
        address payee,
        address token,
        uint256 amount,
        bytes calldata orderCid
    ) external payable returns (uint256 serviceFee, uint256 dues, uint256 net);

    /**
     * @notice Like {pay}, but first applies the caller's EIP-2612 permit of `amount` to the router, so
     * that one transaction pays. A permit that cannot apply (someone already submitted it) is no error
     * while the allowance covers `amount`.
     * @param deadline The permit's deadline.
     * @param v The permit signature's recovery byte.
     * @param r The permit signature's first half.
     * @param s The permit signature's second half.
     */
    function payWithPermit(
        address payee,
        address token,
        uint256 amount,
        bytes calldata orderCid,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external payable returns (uint256 serviceFee, uint256 dues, uint256 net);

    /// @notice Sends the caller's whole credited balance of `token` to `to`, which cannot be the router.
    function withdrawCredit(address token, address to) external;

    /// @notice Sends the whole credited balance of `token` of `account` to `account`. Anyone may call.
    function pushCredit(address token, address account) external;

    /**
     * @notice Sends the accrued service fees of `token` to the service fee recipient and the accrued
     * dues to the dues recipient. Anyone may call. A transfer that fails is credited to its recipient.
     */
    function releaseFees(address token) external;

    /**
     * @notice Closes the open accounting period and opens the next one. Payments from now on count
     * in the new period. Only the timelock may call.
     */
    function closePeriod() external;

    /**
     * @notice Allocates a surplus of `amount` of `token` to the closed period `period`, to be shared
     * among its members in proportion to their volume in `token`, and opens the claims until now +
     * {SURPLUS_CLAIM_WINDOW}. Only the timelock may call, once per period and token. ETH comes as
     * `msg.value`, which must equal `amount`; an ERC-20 token is taken from the timelock, which has
     * approved the router, and what arrived is allocated.
     * @param period A closed accounting period with some volume in `token`.
     * @param token ETH (the zero address) or an accepted ERC-20 token.
     * @param amount The surplus, in the token's smallest unit.
     */
    function allocateSurplus(uint256 period, address token, uint256 amount) external payable;

    /**
     * @notice Claims the caller's patronage refund of `token` for `period`: the surplus times the
     * caller's volume divided by the period's total volume, rounded down. Each account claims once,
     * until the claim deadline. A refund that cannot be sent is credited to the caller instead.
     * @return refund The amount claimed.
     * @return credited Whether it was credited instead of sent.
     */
    function claimRefund(uint256 period, address token) external returns (uint256 refund, bool credited);

    /**
     * @notice Returns to the timelock the part of the surplus of `token` for `period` that members did not
     * claim, rounding dust included, once the claim deadline has passed. Anyone may call, once.
     * @return remainder The amount returned, possibly zero.
     */
    function reclaimSurplus(uint256 period, address token) external returns (uint256 remainder);

    /// @notice Sends to `to`, not the router, the part of its `token` balance that no credit or pot accounts for.
    function sweep(address token, address to) external;

    /// @notice Sets the service fee, in basis points of each payment, at most {MAX_SERVICE_FEE_BPS}.
    function setServiceFee(uint16 serviceFeeBps) external;

    /// @notice Sets the membership dues, in basis points of each payment to a member, at most {MAX_DUES_BPS}.
    function setDues(uint16 duesBps) external;

    /// @notice Sets who receives the service fees from the next release on; the router itself cannot.
    function setServiceFeeRecipient(address recipient) external;

    /// @notice Sets who receives the membership dues from the next release on; the router itself cannot.
    function setDuesRecipient(address recipient) external;

    /// @notice Lists or delists an ERC-20 token for payments. Credits and fees already held stay payable.
    function setTokenAccepted(address token, bool accepted) external;

    /// @notice Cap of the service fee, in basis points.
    function MAX_SERVICE_FEE_BPS() external view returns (uint16);

    /// @notice Cap of the membership dues, in basis points.
    function MAX_DUES_BPS() external view returns (uint16);

    /**
     * @notice The split of a payment of `amount` to `payee` at the current rates.
     * @return serviceFee The service fee.
     * @return dues The dues, zero when `payee` is not a member.
     * @return net The payee's part, `amount - serviceFee - dues`.
     */
    function quote(address payee, uint256 amount) external view returns (uint256 serviceFee, uint256 dues, uint256 net);

    /// @notice The service fee rate, in basis points.
    function serviceFeeBps() external view returns (uint16);

    /// @notice The membership dues rate, in basis points.
    function duesBps() external view returns (uint16);

    /// @notice The account that receives the service fees.
    function serviceFeeRecipient() external view returns (address);

    /// @notice The account that receives the membership dues.
    function duesRecipient() external view returns (address);

    /// @notice Whether payments in `token` are accepted; always true for ETH, the zero address.
    function isTokenAccepted(address token) external view returns (bool);

    /// @notice Service fees and dues of `token` accrued since the last release.
    function accruedFees(address token) external view returns (uint256 serviceFees, uint256 dues);

    /// @notice The credited balance of `account` in `token`.
    function creditOf(address token, address account) external view returns (uint256);

    /// @notice The sum of all credited balances in `token`.
    function totalCredited(address token) external view returns (uint256);

    /// @notice The router's balance of `token` beyond its credits, accrued fees and held surpluses, which {sweep} takes.
    function excessOf(address token) external view returns (uint256);

    /// @notice Time members have to claim a surplus after its allocation, in seconds.
    function SURPLUS_CLAIM_WINDOW() external view returns (uint256);

    /// @notice The index of the open accounting period, counted from zero.
    function currentPeriod() external view returns (uint256);

    /// @notice The closing time, volume and surplus of accounting period `period` in `token`.
    function periodInfo(uint256 period, address token) external view returns (PeriodInfo memory);

    /**
     * @notice The business volume of `account` in `token` during `period`: the gross amounts it paid
     * and received through the router while it was a member, fees included.
     */
    function volumeOf(uint256 period, address token, address account) external view returns (uint256);

    /// @notice What {claimRefund} would pay `account` now: zero once claimed, outside the window, or without volume.
    function refundOf(uint256 period, address token, address account) external view returns (uint256);

    /// @notice Whether `account` has claimed its refund of `token` for `period`.
    function hasClaimedRefund(uint256 period, address token, address account) external view returns (bool);

    /// @notice The allocated surpluses of `token` that members have not claimed and the timelock has not reclaimed.
    function surplusHeld(address token) external view returns (uint256);

    /// @notice The member register that says whether a payee pays dues.
    function membership() external view returns (ICoopMembership);

    /// @notice The cooperative's timelock, the only account that changes the settings.
    function timelock() external view returns (address);
}
