// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {ICoopMembership} from "../interfaces/ICoopMembership.sol";
import {ICoopUpgradeable} from "../interfaces/ICoopUpgradeable.sol";
import {IFeeRouter} from "../interfaces/IFeeRouter.sol";
import {Cid} from "../ipfs/Cid.sol";

/**
 * @title FeeRouter
 * @notice The marketplace till of a cooperative: payments between members and customers pass through
 * it, and each leaves the service fee that funds the cooperative and, from members, their dues.
 *
 * @dev Splitting. Both fees are computed once per payment on the gross amount that arrived, with a
 * full-precision multiply-divide, and both round down; the payee's part is the remainder, so
 * `serviceFee + dues + net == amount` for every amount up to 2^256 - 1. Rounding down is deliberate:
 * the rates are what the members voted, and nobody ever pays more than them. The price is that a
 * payment below `10,000 / rate` units pays no fee of that rate (99 units pay no 1% fee, 999 units no
 * 0.1% dues). With 18 or 6 decimals that is far below the gas of a payment, so splitting a payment
 * to dodge fees costs more than it saves; with a token of 2 decimals it is under a cent per payment.
 *
 * Accounting. ERC-20 amounts are measured by the change of the router's balance, so a fee-on-transfer
 * token pays fees on what arrived. The router owes, per token, its accrued service fees and dues and
 * the credits of those it could not pay. These invariants hold for every token:
 * - the router's balance is at least `serviceFees + dues + totalCredited + surplusHeld`;
 * - each payment adds exactly its amount to what the router received, split into what it sent and
 *   what it owes.
 * Tokens sent here directly, and ETH forced here (there is no `receive` function), are excess that
 * the timelock may {sweep}.
 *
 * Delivery. The payee's part goes out in the same call: ETH with at most {ETHER_PAYMENT_GAS}, tokens
 * through `SafeERC20.trySafeTransfer`. A payee that cannot receive (a contract that reverts, an
 * address the token blocks) is credited instead, and the payer's payment succeeds. Credits leave
 * through {pushCredit} (anyone, to the account) and {withdrawCredit} (the account, to any address).
 * Every function that moves tokens holds a reentrancy lock and updates the accounts before it
 * transfers; a transfer that fails is credited right after it returns.
 *
 * WARNING: rebasing tokens are not supported: the accounting counts token units, so a negative
 * rebase leaves the last credit unpaid and a positive one leaves excess. Governance must not list
 * them. A listed token that consumes all the gas it is given makes payments in it revert.
 *
 * Patronage refunds. The router records the business volume of each member per accounting period
 * and token: the gross amount of each payment (what arrived, fees included) counts for the payer
 * when the payer is a member, and for the payee when the payee is a member, both judged at payment
 * time. A payment to oneself counts for nobody. A period's total volume is the sum of its members'
 * volumes, so a payment between two members counts twice in it. The timelock closes the open
 * period with {closePeriod}, then allocates a surplus to the closed period with {allocateSurplus};
 * each member claims `surplus * volume / totalVolume`, rounded down, until the claim deadline, and
 * {reclaimSurplus} then returns the rest, rounding dust included, to the timelock.
 * Periods close by a decision of the cooperative, not on a fixed calendar, because a cooperative's
 * accounting period is its financial year, which its members set and may shorten or extend.
 *
 * NOTE: volumes saturate at 2^256 - 1 instead of reverting, so that no payment fails for them.
 * Only then can the rounded-down shares add up to more than the surplus, and each claim is capped
 * at what is left of it.
 *
 * WARNING: members can inflate their volume by paying each other back and forth. Each round trip
 * costs them the service fee twice, so governance should keep a period's surplus well below the
 * fees that period earned.
 *
 * The contract sits behind an ERC-1967 proxy (UUPS), and only the timelock can upgrade it. Its own
 * state lives in the ERC-7201 namespace `worldcoop.storage.FeeRouter`.
 */
contract FeeRouter is Initializable, UUPSUpgradeable, ReentrancyGuardTransient, IFeeRouter, ICoopUpgradeable {
    using SafeERC20 for IERC20;

    /// @notice Cap of the service fee: 10% of each payment.
    uint16 public constant MAX_SERVICE_FEE_BPS = 1_000;

    /// @notice Cap of the membership dues: 5% of each payment to a member.
    uint16 public constant MAX_DUES_BPS = 500;

    /// @notice Denominator of basis points: 10,000 basis points are 100%.
    uint256 public constant BPS_DENOMINATOR = 10_000;

    /**
     * @notice Gas forwarded with an ETH transfer made on someone else's behalf (to a payee, to a fee
     * recipient). It covers contract wallets; a receiver that needs more is credited instead.
     */
    uint256 public constant ETHER_PAYMENT_GAS = 50_000;

    /**
     * @notice Time members have to claim their patronage refunds after a surplus is allocated: 180
     * days, long enough to cover a general assembly and its notice. What is left after it returns to
     * the treasury through {reclaimSurplus}.
     */
    uint256 public constant SURPLUS_CLAIM_WINDOW = 180 days;

    /// @dev The token name of ETH.
    address private constant ETHER = address(0);

    /// @dev What the router owes in one token, and whether governance accepts payments in it.
    struct Book {
        bool accepted;
        uint256 serviceFees;
        uint256 dues;
        uint256 totalCredited;
    }

    /// @dev The surplus of one token allocated to one closed period, and what has left it.
    struct Surplus {
        uint256 allocated;
        uint256 refunded;
        uint64 claimDeadline;
        bool reclaimed;
    }

    /// @custom:storage-location erc7201:worldcoop.storage.FeeRouter
    struct FeeRouterStorage {
        ICoopMembership membership;
        uint16 serviceFeeBps;
        uint16 duesBps;
        address timelock;
        address serviceFeeRecipient;
        address duesRecipient;
        mapping(address token => Book) books;
        mapping(address token => mapping(address account => uint256)) credits;
        uint256 currentPeriod;
        mapping(uint256 period => uint64) periodClosedAt;
        mapping(uint256 period => mapping(address token => uint256)) totalVolumes;
        mapping(uint256 period => mapping(address token => mapping(address account => uint256))) volumes;
        mapping(uint256 period => mapping(address token => Surplus)) surpluses;
        mapping(uint256 period => mapping(address token => mapping(address account => bool))) refundClaimed;
        mapping(address token => uint256) surplusHeld;
    }

    // keccak256(abi.encode(uint256(keccak256("worldcoop.storage.FeeRouter")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant FEE_ROUTER_STORAGE_LOCATION =
        0x10c50eaecdc0b7931ad81fdfb55813e4a60fcfb4f9a260ac4baa771882655600;

    modifier onlyTimelock() {
        if (msg.sender != _getFeeRouterStorage().timelock) revert FeeRouterUnauthorized(msg.sender);
        _;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the fee router of a new cooperative.
     * @param membership_ The member register: payments to its members pay dues.
     * @param timelock_ The cooperative's timelock, which governs this contract.
     * @param serviceFeeRecipient_ Who receives the service fees, usually the timelock (the treasury).
     * @param duesRecipient_ Who receives the membership dues, usually the timelock as well.
     * @param serviceFeeBps_ The service fee, at most {MAX_SERVICE_FEE_BPS} (100 is 1%).
     * @param duesBps_ The membership dues, at most {MAX_DUES_BPS} (10 is 0.1%).
     * @param tokens ERC-20 tokens accepted from the start; ETH always is.
     */
    function initialize(
        ICoopMembership membership_,
        address timelock_,
        address serviceFeeRecipient_,
        address duesRecipient_,
        uint16 serviceFeeBps_,
        uint16 duesBps_,
        address[] calldata tokens
    ) external initializer {
        if (address(membership_) == address(0)) revert FeeRouterZeroAddress("membership");
        if (address(membership_).code.length == 0) revert FeeRouterInvalidMembership(address(membership_));
        if (timelock_ == address(0)) revert FeeRouterZeroAddress("timelock");
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        $.membership = membership_;
        $.timelock = timelock_;
        _setServiceFeeRecipient(serviceFeeRecipient_);
        _setDuesRecipient(duesRecipient_);
        _setServiceFee(serviceFeeBps_);
        _setDues(duesBps_);
        for (uint256 i = 0; i < tokens.length; ++i) {
            _setTokenAccepted(tokens[i], true);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Payments
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IFeeRouter
    function payEther(
        address payee,
        bytes calldata orderCid
    ) external payable nonReentrant returns (uint256 serviceFee, uint256 dues, uint256 net) {
        _requireValidPayment(payee, msg.value, orderCid);
        return _split(payee, ETHER, msg.value, orderCid);
    }

    /// @inheritdoc IFeeRouter
    function pay(
        address payee,
        address token,
        uint256 amount,
        bytes calldata orderCid
    ) external payable nonReentrant returns (uint256 serviceFee, uint256 dues, uint256 net) {
        _requireValidTokenPayment(payee, token, amount, orderCid);
        return _split(payee, token, _receiveToken(token, amount), orderCid);
    }

    /**
     * @inheritdoc IFeeRouter
     * @dev The permit is tried and its failure ignored, because anyone who saw it in the mempool can
     * submit it first; the allowance decides. A token without `permit` but with a fallback function
     * accepts the call silently, and then the allowance decides as well.
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
    ) external payable nonReentrant returns (uint256 serviceFee, uint256 dues, uint256 net) {
        _requireValidTokenPayment(payee, token, amount, orderCid);
        try IERC20Permit(token).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {
            uint256 allowance = IERC20(token).allowance(msg.sender, address(this));
            if (allowance < amount) revert FeeRouterPermitRejected(token, amount, allowance);
        }
        return _split(payee, token, _receiveToken(token, amount), orderCid);
    }

    // ---------------------------------------------------------------------------------------------
    // Credits and fees
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IFeeRouter
    function withdrawCredit(address token, address to) external nonReentrant {
        if (to == address(0)) revert FeeRouterZeroAddress("to");
        if (to == address(this)) revert FeeRouterInvalidRecipient(to);
        _payOutCredit(token, msg.sender, to);
    }

    /// @inheritdoc IFeeRouter
    function pushCredit(address token, address account) external nonReentrant {
        _payOutCredit(token, account, account);
    }

    /// @inheritdoc IFeeRouter
    function releaseFees(address token) external nonReentrant {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        Book storage book = $.books[token];
        uint256 serviceFees = book.serviceFees;
        uint256 dues = book.dues;
        if (serviceFees == 0 && dues == 0) revert FeeRouterNoFees(token);

        book.serviceFees = 0;
        book.dues = 0;
        if (serviceFees != 0) _release(token, Pot.ServiceFees, $.serviceFeeRecipient, serviceFees);
        if (dues != 0) _release(token, Pot.Dues, $.duesRecipient, dues);
    }

    // ---------------------------------------------------------------------------------------------
    // Governance
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IFeeRouter
    function sweep(address token, address to) external onlyTimelock nonReentrant {
        if (to == address(0)) revert FeeRouterZeroAddress("to");
        if (to == address(this)) revert FeeRouterInvalidRecipient(to);
        uint256 excess = excessOf(token);
        if (excess == 0) revert FeeRouterNoExcess(token);
        emit ExcessSwept(token, to, excess);
        _send(token, to, excess);
    }

    /// @inheritdoc IFeeRouter
    function setServiceFee(uint16 serviceFeeBps_) external onlyTimelock {
        _setServiceFee(serviceFeeBps_);
    }

    /// @inheritdoc IFeeRouter
    function setDues(uint16 duesBps_) external onlyTimelock {
        _setDues(duesBps_);
    }

    /// @inheritdoc IFeeRouter
    function setServiceFeeRecipient(address recipient) external onlyTimelock {
        _setServiceFeeRecipient(recipient);
    }

    /// @inheritdoc IFeeRouter
    function setDuesRecipient(address recipient) external onlyTimelock {
        _setDuesRecipient(recipient);
    }

    /**
     * @inheritdoc IFeeRouter
     * @dev The zero address (ETH) cannot be listed or delisted: ETH is always accepted. A token
     * without code can be delisted but not listed.
     */
    function setTokenAccepted(address token, bool accepted) external onlyTimelock {
        _setTokenAccepted(token, accepted);
    }

    // ---------------------------------------------------------------------------------------------
    // Patronage refunds
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IFeeRouter
    function closePeriod() external onlyTimelock {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        uint256 period = $.currentPeriod;
        uint64 closedAt = Time.timestamp();
        $.periodClosedAt[period] = closedAt;
        $.currentPeriod = period + 1;
        emit PeriodClosed(period, closedAt);
    }

    /**
     * @inheritdoc IFeeRouter
     * @dev An ERC-20 surplus is measured by the change of the router's balance, so a fee-on-transfer
     * token allocates what arrived.
     */
    function allocateSurplus(uint256 period, address token, uint256 amount) external payable onlyTimelock nonReentrant {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        if (period >= $.currentPeriod) revert FeeRouterPeriodNotClosed(period, $.currentPeriod);
        if (!isTokenAccepted(token)) revert FeeRouterTokenNotAccepted(token);
        if (amount == 0) revert FeeRouterZeroAmount();
        Surplus storage surplus = $.surpluses[period][token];
        if (surplus.allocated != 0) revert FeeRouterSurplusAlreadyAllocated(period, token);
        if ($.totalVolumes[period][token] == 0) revert FeeRouterNoPeriodVolume(period, token);

        uint256 received = amount;
        if (token == ETHER) {
            if (msg.value != amount) revert FeeRouterEtherValueMismatch(msg.value, amount);
        } else {
            if (msg.value != 0) revert FeeRouterUnexpectedEther(msg.value);
            received = _receiveToken(token, amount);
        }

        // Cannot truncate: a uint48 timestamp plus 180 days stays far below 2^64.
        uint64 claimDeadline = uint64(Time.timestamp() + SURPLUS_CLAIM_WINDOW);
        surplus.allocated = received;
        surplus.claimDeadline = claimDeadline;
        $.surplusHeld[token] += received;
        emit SurplusAllocated(period, token, received, claimDeadline);
    }

    /// @inheritdoc IFeeRouter
    function claimRefund(uint256 period, address token) external nonReentrant returns (uint256 refund, bool credited) {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        Surplus storage surplus = _requireAllocated(period, token);
        if (Time.timestamp() > surplus.claimDeadline) {
            revert FeeRouterClaimWindowClosed(period, token, surplus.claimDeadline);
        }
        mapping(address account => bool) storage claimed = $.refundClaimed[period][token];
        if (claimed[msg.sender]) revert FeeRouterRefundAlreadyClaimed(period, token, msg.sender);
        refund = _shareOf(surplus, period, token, msg.sender);
        if (refund == 0) revert FeeRouterNoRefund(period, token, msg.sender);

        claimed[msg.sender] = true;
        surplus.refunded += refund;
        $.surplusHeld[token] -= refund;
        credited = _deliver(token, msg.sender, refund);
        emit RefundClaimed(period, token, msg.sender, refund, credited);
    }

    /// @inheritdoc IFeeRouter
    function reclaimSurplus(uint256 period, address token) external nonReentrant returns (uint256 remainder) {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        Surplus storage surplus = _requireAllocated(period, token);
        if (Time.timestamp() <= surplus.claimDeadline) {
            revert FeeRouterClaimWindowOpen(period, token, surplus.claimDeadline);
        }
        if (surplus.reclaimed) revert FeeRouterSurplusAlreadyReclaimed(period, token);

        remainder = surplus.allocated - surplus.refunded;
        surplus.reclaimed = true;
        $.surplusHeld[token] -= remainder;
        address treasury = $.timelock;
        bool credited = remainder != 0 && _deliver(token, treasury, remainder);
        emit SurplusReclaimed(period, token, treasury, remainder, credited);
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IFeeRouter
    function quote(address payee, uint256 amount) public view returns (uint256 serviceFee, uint256 dues, uint256 net) {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        return _quote(amount, $.duesBps != 0 && $.membership.isMember(payee));
    }

    /// @inheritdoc IFeeRouter
    function serviceFeeBps() external view returns (uint16) {
        return _getFeeRouterStorage().serviceFeeBps;
    }

    /// @inheritdoc IFeeRouter
    function duesBps() external view returns (uint16) {
        return _getFeeRouterStorage().duesBps;
    }

    /// @inheritdoc IFeeRouter
    function serviceFeeRecipient() external view returns (address) {
        return _getFeeRouterStorage().serviceFeeRecipient;
    }

    /// @inheritdoc IFeeRouter
    function duesRecipient() external view returns (address) {
        return _getFeeRouterStorage().duesRecipient;
    }

    /// @inheritdoc IFeeRouter
    function isTokenAccepted(address token) public view returns (bool) {
        return token == ETHER || _getFeeRouterStorage().books[token].accepted;
    }

    /// @inheritdoc IFeeRouter
    function accruedFees(address token) external view returns (uint256 serviceFees, uint256 dues) {
        Book storage book = _getFeeRouterStorage().books[token];
        return (book.serviceFees, book.dues);
    }

    /// @inheritdoc IFeeRouter
    function creditOf(address token, address account) external view returns (uint256) {
        return _getFeeRouterStorage().credits[token][account];
    }

    /// @inheritdoc IFeeRouter
    function totalCredited(address token) external view returns (uint256) {
        return _getFeeRouterStorage().books[token].totalCredited;
    }

    /// @inheritdoc IFeeRouter
    function excessOf(address token) public view returns (uint256) {
        Book storage book = _getFeeRouterStorage().books[token];
        uint256 owed = book.serviceFees + book.dues + book.totalCredited + _getFeeRouterStorage().surplusHeld[token];
        uint256 balance = token == ETHER ? address(this).balance : IERC20(token).balanceOf(address(this));
        return balance > owed ? balance - owed : 0;
    }

    /// @inheritdoc IFeeRouter
    function currentPeriod() external view returns (uint256) {
        return _getFeeRouterStorage().currentPeriod;
    }

    /// @inheritdoc IFeeRouter
    function periodInfo(uint256 period, address token) external view returns (PeriodInfo memory info) {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        Surplus storage surplus = $.surpluses[period][token];
        info.closedAt = $.periodClosedAt[period];
        info.totalVolume = $.totalVolumes[period][token];
        info.surplus = surplus.allocated;
        info.refunded = surplus.refunded;
        info.claimDeadline = surplus.claimDeadline;
        info.reclaimed = surplus.reclaimed;
    }

    /// @inheritdoc IFeeRouter
    function volumeOf(uint256 period, address token, address account) external view returns (uint256) {
        return _getFeeRouterStorage().volumes[period][token][account];
    }

    /// @inheritdoc IFeeRouter
    function refundOf(uint256 period, address token, address account) external view returns (uint256) {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        Surplus storage surplus = $.surpluses[period][token];
        bool claimable = surplus.allocated != 0 && Time.timestamp() <= surplus.claimDeadline;
        if (!claimable || $.refundClaimed[period][token][account]) return 0;
        return _shareOf(surplus, period, token, account);
    }

    /// @inheritdoc IFeeRouter
    function hasClaimedRefund(uint256 period, address token, address account) external view returns (bool) {
        return _getFeeRouterStorage().refundClaimed[period][token][account];
    }

    /// @inheritdoc IFeeRouter
    function surplusHeld(address token) external view returns (uint256) {
        return _getFeeRouterStorage().surplusHeld[token];
    }

    /// @inheritdoc IFeeRouter
    function membership() external view returns (ICoopMembership) {
        return _getFeeRouterStorage().membership;
    }

    /// @inheritdoc IFeeRouter
    function timelock() external view returns (address) {
        return _getFeeRouterStorage().timelock;
    }

    /// @inheritdoc ICoopUpgradeable
    function implementation() external view returns (address) {
        return ERC1967Utils.getImplementation();
    }

    // ---------------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------------

    /// @dev Reverts unless `payee`, `amount` and `orderCid` make a payment.
    function _requireValidPayment(address payee, uint256 amount, bytes calldata orderCid) private view {
        if (payee == address(0)) revert FeeRouterZeroAddress("payee");
        if (payee == address(this)) revert FeeRouterInvalidPayee(payee);
        if (amount == 0) revert FeeRouterZeroAmount();
        Cid.requireValidOrEmpty(orderCid);
    }

    /// @dev Reverts unless the arguments make a payment in an accepted ERC-20 token, without ETH.
    function _requireValidTokenPayment(
        address payee,
        address token,
        uint256 amount,
        bytes calldata orderCid
    ) private view {
        if (msg.value != 0) revert FeeRouterUnexpectedEther(msg.value);
        if (token == ETHER) revert FeeRouterZeroAddress("token");
        if (!_getFeeRouterStorage().books[token].accepted) revert FeeRouterTokenNotAccepted(token);
        _requireValidPayment(payee, amount, orderCid);
    }

    /// @dev Returns the surplus of `token` allocated to `period`, reverting when there is none.
    function _requireAllocated(uint256 period, address token) private view returns (Surplus storage surplus) {
        surplus = _getFeeRouterStorage().surpluses[period][token];
        if (surplus.allocated == 0) revert FeeRouterSurplusNotAllocated(period, token);
    }

    /// @dev Takes `amount` of `token` from the caller and returns the increase of the router's balance.
    function _receiveToken(address token, uint256 amount) private returns (uint256 received) {
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 balanceAfter = IERC20(token).balanceOf(address(this));
        if (balanceAfter <= balanceBefore) revert FeeRouterNothingReceived(token, amount);
        // Cannot underflow: checked just above.
        unchecked {
            received = balanceAfter - balanceBefore;
        }
    }

    /**
     * @dev Splits `amount` of `token`, which the router already holds, between the pots and `payee`:
     * it records the fees, then sends the payee's part, and credits it if the transfer fails.
     */
    function _split(
        address payee,
        address token,
        uint256 amount,
        bytes calldata orderCid
    ) private returns (uint256 serviceFee, uint256 dues, uint256 net) {
        (serviceFee, dues, net) = _recordPayment(payee, token, amount);
        bool credited = _deliver(token, payee, net);
        emit PaymentMade(msg.sender, payee, token, amount, serviceFee, dues, net, credited, orderCid);
    }

    /**
     * @dev Computes the split of a payment of `amount` of `token` to `payee`, adds its fees to the
     * pots and its volume to the open period, and returns the split.
     */
    function _recordPayment(
        address payee,
        address token,
        uint256 amount
    ) private returns (uint256 serviceFee, uint256 dues, uint256 net) {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        bool payeeIsMember = $.membership.isMember(payee);
        (serviceFee, dues, net) = _quote(amount, payeeIsMember);
        Book storage book = $.books[token];
        if (serviceFee != 0) book.serviceFees += serviceFee;
        if (dues != 0) book.dues += dues;
        if (payee != msg.sender) _recordVolume(token, payee, payeeIsMember, amount);
    }

    /// @dev Returns the split of `amount` at the current rates, with dues when `payeeIsMember`.
    function _quote(
        uint256 amount,
        bool payeeIsMember
    ) private view returns (uint256 serviceFee, uint256 dues, uint256 net) {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        serviceFee = Math.mulDiv(amount, $.serviceFeeBps, BPS_DENOMINATOR);
        if (payeeIsMember) dues = Math.mulDiv(amount, $.duesBps, BPS_DENOMINATOR);
        // Cannot underflow: the caps keep serviceFeeBps + duesBps below 10,000, and both round down.
        unchecked {
            net = amount - serviceFee - dues;
        }
    }

    /**
     * @dev Adds `amount` of `token` to the open period's volume of the payer (the caller) and of
     * `payee`, for each that is a member, and to the period's total volume once per member counted.
     */
    function _recordVolume(address token, address payee, bool payeeIsMember, uint256 amount) private {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        bool payerIsMember = $.membership.isMember(msg.sender);
        if (!payerIsMember && !payeeIsMember) return;

        uint256 period = $.currentPeriod;
        mapping(address account => uint256) storage volumes = $.volumes[period][token];
        uint256 added = 0;
        if (payerIsMember) {
            volumes[msg.sender] = Math.saturatingAdd(volumes[msg.sender], amount);
            added = amount;
        }
        if (payeeIsMember) {
            volumes[payee] = Math.saturatingAdd(volumes[payee], amount);
            added = Math.saturatingAdd(added, amount);
        }
        $.totalVolumes[period][token] = Math.saturatingAdd($.totalVolumes[period][token], added);
    }

    /**
     * @dev Returns the refund of `account` from `surplus`, the surplus of `token` allocated to
     * `period`: its share rounded down, capped at what no one has claimed yet. The cap only binds
     * once volumes have saturated.
     */
    function _shareOf(
        Surplus storage surplus,
        uint256 period,
        address token,
        address account
    ) private view returns (uint256) {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        uint256 share = Math.mulDiv(
            surplus.allocated,
            $.volumes[period][token][account],
            $.totalVolumes[period][token]
        );
        return Math.min(share, surplus.allocated - surplus.refunded);
    }

    /// @dev Sends `amount` of `token` to `payee`, or credits it to them if the transfer fails, and returns which.
    function _deliver(address token, address payee, uint256 amount) private returns (bool credited) {
        credited = !_trySend(token, payee, amount);
        if (credited) _credit(token, payee, amount);
    }

    /// @dev Sends `amount` from pot `pot` to `recipient`, or credits it to them if the transfer fails.
    function _release(address token, Pot pot, address recipient, uint256 amount) private {
        bool credited = _deliver(token, recipient, amount);
        emit FeesReleased(token, pot, recipient, amount, credited);
    }

    /// @dev Adds `amount` to the withdrawable balance of `account` in `token`.
    function _credit(address token, address account, uint256 amount) private {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        $.credits[token][account] += amount;
        $.books[token].totalCredited += amount;
    }

    /// @dev Pays the whole credit of `account` in `token` to `to`, reverting if the transfer fails.
    function _payOutCredit(address token, address account, address to) private {
        FeeRouterStorage storage $ = _getFeeRouterStorage();
        uint256 amount = $.credits[token][account];
        if (amount == 0) revert FeeRouterNoCredit(token, account);

        $.credits[token][account] = 0;
        $.books[token].totalCredited -= amount;
        emit CreditWithdrawn(token, account, to, amount);
        _send(token, to, amount);
    }

    /// @dev Sends `amount` to `to` and returns whether it arrived, with at most {ETHER_PAYMENT_GAS} for ETH.
    function _trySend(address token, address to, uint256 amount) private returns (bool delivered) {
        if (token != ETHER) return IERC20(token).trySafeTransfer(to, amount);
        // No return data is copied, so a receiver cannot make the payment expensive with a large one.
        assembly ("memory-safe") {
            delivered := call(ETHER_PAYMENT_GAS, to, amount, 0, 0, 0, 0)
        }
    }

    /// @dev Sends `amount` to `to` with all the remaining gas, and reverts if it fails.
    function _send(address token, address to, uint256 amount) private {
        if (token != ETHER) {
            IERC20(token).safeTransfer(to, amount);
        } else if (!LowLevelCall.callNoReturn(to, amount, "")) {
            revert FeeRouterEtherTransferFailed(to, amount);
        }
    }

    function _setServiceFee(uint16 serviceFeeBps_) private {
        if (serviceFeeBps_ > MAX_SERVICE_FEE_BPS)
            revert FeeRouterServiceFeeAboveCap(serviceFeeBps_, MAX_SERVICE_FEE_BPS);
        _getFeeRouterStorage().serviceFeeBps = serviceFeeBps_;
        emit ServiceFeeSet(serviceFeeBps_);
    }

    function _setDues(uint16 duesBps_) private {
        if (duesBps_ > MAX_DUES_BPS) revert FeeRouterDuesAboveCap(duesBps_, MAX_DUES_BPS);
        _getFeeRouterStorage().duesBps = duesBps_;
        emit DuesSet(duesBps_);
    }

    function _setServiceFeeRecipient(address recipient) private {
        if (recipient == address(0)) revert FeeRouterZeroAddress("serviceFeeRecipient");
        if (recipient == address(this)) revert FeeRouterInvalidRecipient(recipient);
        _getFeeRouterStorage().serviceFeeRecipient = recipient;
        emit ServiceFeeRecipientSet(recipient);
    }

    function _setDuesRecipient(address recipient) private {
        if (recipient == address(0)) revert FeeRouterZeroAddress("duesRecipient");
        if (recipient == address(this)) revert FeeRouterInvalidRecipient(recipient);
        _getFeeRouterStorage().duesRecipient = recipient;
        emit DuesRecipientSet(recipient);
    }

    function _setTokenAccepted(address token, bool accepted) private {
        if (token == ETHER) revert FeeRouterZeroAddress("token");
        if (accepted && token.code.length == 0) revert FeeRouterInvalidToken(token);
        _getFeeRouterStorage().books[token].accepted = accepted;
        emit TokenAcceptanceSet(token, accepted);
    }

    /// @dev Only the timelock can upgrade, through a proposal.
    function _authorizeUpgrade(address) internal view override onlyTimelock {}

    function _getFeeRouterStorage() private pure returns (FeeRouterStorage storage $) {
        assembly ("memory-safe") {
            $.slot := FEE_ROUTER_STORAGE_LOCATION
        }
    }
}
