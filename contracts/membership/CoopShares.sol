// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {ICoopMembership} from "../interfaces/ICoopMembership.sol";
import {ICoopShares} from "../interfaces/ICoopShares.sol";
import {ICoopUpgradeable} from "../interfaces/ICoopUpgradeable.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";

/**
 * @title CoopShares
 * @notice The share capital of a cooperative. Members subscribe shares at a nominal value fixed at
 * deployment, in ETH or in one ERC-20 token, and get that value back when they redeem them or
 * leave, in the order they asked, reduced in proportion while losses are charged to capital.
 *
 * @dev Shares carry no votes and move between holders only by a decision of the timelock
 * ({transferShares}). Redemption requests wait in a first-in-first-out queue. Each becomes due after
 * the notice period, and {payDue} pays due requests in order while the capital stays at or above the
 * floor and the capital held here covers them. A payment that cannot be delivered (a receiver that
 * reverts, a token that blocks the holder) is credited to the holder, who withdraws it with
 * {withdrawCredit}, so no holder can block the queue.
 *
 * The contract keeps its own accounting, which holds these invariants:
 * - `capital() == heldCapital() + capitalInTreasury()`.
 * - Its balance of the payment token (or of ETH) is at least
 *   `heldCapital() + totalCredited() + interestPot()`.
 * - `recordedLosses() <= capital()`.
 *
 * Losses charged to capital ({recordLosses}) reduce every redemption paid while they are recorded,
 * in proportion. The part of the nominal value that a reduced payment keeps is credited to the
 * timelock, which withdraws it with {withdrawCredit}. Interest on shares ({setInterestRate}) accrues
 * per share and per second into an index, and is paid only from the interest pot ({fundInterest}),
 * never from capital.
 * Tokens transferred here directly, and ETH forced here (there is no `receive` function), are not
 * capital, and no function counts or pays them out.
 *
 * WARNING: with a fee-on-transfer token every subscription reverts, because less than the nominal
 * amount arrives, and each payment delivers the nominal value minus the token's fee. Rebasing
 * tokens are not supported, because the accounting counts token units, not shares of the balance.
 *
 * The contract sits behind an ERC-1967 proxy (UUPS), and only the timelock can upgrade it. Its own
 * state lives in the ERC-7201 namespace `worldcoop.storage.CoopShares`.
 */
contract CoopShares is Initializable, UUPSUpgradeable, ReentrancyGuardTransient, ICoopShares, ICoopUpgradeable {
    using SafeERC20 for IERC20;

    /// @notice Maximum notice period, ten years. It also catches a period given in milliseconds by mistake.
    uint48 public constant MAX_NOTICE_PERIOD = 3650 days;

    /// @notice Denominator of basis points: 10,000 basis points are 100%.
    uint16 public constant BPS_DENOMINATOR = 10_000;

    /**
     * @notice Gas forwarded to a holder receiving ETH in {payDue}. A receiver that needs more is
     * credited instead, and withdraws with {withdrawCredit}, where it gets all the gas of its call.
     */
    uint256 public constant ETHER_PAYMENT_GAS = 50_000;

    /**
     * @notice Minimum gas left before each payment in {payDue}. It covers an ETH call with its full
     * {ETHER_PAYMENT_GAS} and crediting the holder if the call fails, so a caller cannot make
     * payments fail on purpose by sending too little gas. A token transfer gets about 145,000 gas.
     */
    uint256 public constant MIN_GAS_PER_PAYMENT = 150_000;

    /**
     * @notice Maximum interest rate on shares, 600 basis points (6% a year). French law on
     * cooperatives (loi n° 47-1775 of 10 September 1947, article 14) caps the interest on shares at
     * the average yield of private companies' bonds over the three previous years plus two points.
     * The contract cannot read that yield, so it enforces a fixed ceiling near the legal cap of
     * recent years (an estimate), which also rejects a rate typed ten times too high (6000 for 6%).
     * Governance must still vote within the limit of the law and the statutes, which may be lower.
     */
    uint16 public constant MAX_INTEREST_RATE_BPS = 600;

    /// @notice Seconds in the year of {interestRateBps}: 365 days, so a leap year earns one day more.
    uint256 public constant SECONDS_PER_YEAR = 365 days;

    /// @notice Fixed-point scale of the interest index, the interest earned by one share since the start.
    uint256 public constant INTEREST_INDEX_SCALE = 1e18;

    /// @dev Shares of one holder. `pending` of them wait in the redemption queue.
    struct Holding {
        uint128 shares;
        uint128 pending;
    }

    /// @dev Interest of one holder: the index at their last balance change, and the interest owed until then.
    struct InterestAccount {
        uint256 indexPaid;
        uint256 owed;
    }

    /// @custom:storage-location erc7201:worldcoop.storage.CoopShares
    struct SharesStorage {
        ICoopMembership membership;
        uint48 noticePeriod;
        uint16 floorBps;
        address timelock;
        IERC20 paymentToken;
        uint256 nominalValue;
        uint256 minimumShares;
        uint256 totalShares;
        uint256 totalPendingShares;
        uint256 highestCapital;
        uint256 heldCapital;
        uint256 capitalInTreasury;
        uint256 totalCredited;
        uint256 queueHead;
        uint256 queueTail;
        mapping(address holder => Holding) holdings;
        mapping(address holder => uint256) credits;
        mapping(uint256 requestId => Redemption) redemptions;
        // Fields below were appended for losses and interest. New fields go after them.
        uint256 recordedLosses;
        uint16 interestRateBps;
        uint48 interestUpdatedAt;
        uint256 interestIndex;
        uint256 interestPot;
        mapping(address holder => InterestAccount) interestAccounts;
    }

    // keccak256(abi.encode(uint256(keccak256("worldcoop.storage.CoopShares")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant SHARES_STORAGE_LOCATION =
        0x8cd6be4162f3637ea71ec81f6aef27bde1565caf349729cc375c255d42354200;

    modifier onlyTimelock() {
        if (msg.sender != _getSharesStorage().timelock) revert CoopSharesUnauthorized(msg.sender);
        _;
    }

    modifier onlyMembership() {
        if (msg.sender != address(_getSharesStorage().membership)) revert CoopSharesUnauthorized(msg.sender);
        _;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the share capital of a new cooperative.
     * @dev `membership_` must already name this contract as its share capital and `timelock_` as its
     * timelock, so both contracts agree on who may call what.
     * @param membership_ The cooperative's member register, which admits subscribers and reports exits.
     * @param timelock_ The cooperative's timelock: it governs this contract and receives moved capital.
     * @param paymentToken_ The ERC-20 token shares are paid in, or the zero address for ETH.
     * @param nominalValue_ The price of one share, in the payment token's smallest unit (wei for ETH).
     * @param minimumShares_ The statutory minimum of shares a member keeps (zero for none).
     * @param noticePeriod_ Seconds between a redemption request and its due date, at most {MAX_NOTICE_PERIOD}.
     * @param floorBps_ The capital floor, in basis points of the highest capital, at most 10,000.
     */
    function initialize(
        ICoopMembership membership_,
        address timelock_,
        address paymentToken_,
        uint256 nominalValue_,
        uint256 minimumShares_,
        uint48 noticePeriod_,
        uint16 floorBps_
    ) external initializer {
        if (address(membership_) == address(0)) revert CoopSharesZeroAddress("membership");
        if (timelock_ == address(0)) revert CoopSharesZeroAddress("timelock");
        if (paymentToken_ != address(0) && paymentToken_.code.length == 0) {
            revert CoopSharesInvalidPaymentToken(paymentToken_);
        }
        if (nominalValue_ == 0 || nominalValue_ > type(uint128).max) {
            revert CoopSharesInvalidNominalValue(nominalValue_);
        }
        _requireValidMinimumShares(minimumShares_);
        _requireValidNoticePeriod(noticePeriod_);
        _requireValidCapitalFloor(floorBps_);
        _requireMatchingMembership(membership_, timelock_);

        SharesStorage storage $ = _getSharesStorage();
        $.membership = membership_;
        $.timelock = timelock_;
        $.paymentToken = IERC20(paymentToken_);
        $.nominalValue = nominalValue_;
        $.minimumShares = minimumShares_;
        emit MinimumSharesSet(minimumShares_);
        $.noticePeriod = noticePeriod_;
        emit NoticePeriodSet(noticePeriod_);
        $.floorBps = floorBps_;
        emit CapitalFloorSet(floorBps_);
    }

    // ---------------------------------------------------------------------------------------------
    // Subscription
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopShares
    function subscribe(uint256 shares) external payable nonReentrant {
        if (shares == 0) revert CoopSharesZeroShares();
        SharesStorage storage $ = _getSharesStorage();
        address subscriber = msg.sender;
        bool admitsSubscriber = _requireAdmissible($, subscriber, shares);

        uint128 issued = SafeCast.toUint128(shares);
        // Cannot overflow: both factors fit in 128 bits (the nominal value is checked at initialization).
        uint256 expected = shares * $.nominalValue;
        uint256 received = _receivePayment($, subscriber, expected);
        if (received != expected) revert CoopSharesPaymentMismatch(expected, received);

        _checkpointInterest($, subscriber);
        Holding storage holding = $.holdings[subscriber];
        holding.shares = SafeCast.toUint128(uint256(holding.shares) + issued);
        uint256 totalShares_ = SafeCast.toUint128($.totalShares + issued);
        $.totalShares = totalShares_;
        $.heldCapital += expected;
        uint256 capital_ = totalShares_ * $.nominalValue;
        if (capital_ > $.highestCapital) $.highestCapital = capital_;
        emit SharesSubscribed(subscriber, shares, expected);

        if (admitsSubscriber) $.membership.admitBySubscription(subscriber);
    }

    // ---------------------------------------------------------------------------------------------
    // Redemption queue
    // ---------------------------------------------------------------------------------------------

    /**
     * @inheritdoc ICoopShares
     * @dev A holder who is not a member (shares transferred to them by the timelock) may redeem all.
     */
    function requestRedemption(uint256 shares) external returns (uint256 requestId) {
        if (shares == 0) revert CoopSharesZeroShares();
        SharesStorage storage $ = _getSharesStorage();
        address holder = msg.sender;
        Holding storage holding = $.holdings[holder];
        uint256 available = holding.shares - holding.pending;
        if (shares > available) revert CoopSharesInsufficientShares(holder, available, shares);
        uint256 remaining = available - shares;
        if (remaining < $.minimumShares && $.membership.isMember(holder)) {
            revert CoopSharesBelowMinimum(holder, remaining, $.minimumShares);
        }
        return _enqueue($, holder, shares);
    }

    /**
     * @inheritdoc ICoopShares
     * @dev Queues nothing when all the member's shares are already pending, or when they have none,
     * so that the exit of a member without shares still succeeds.
     */
    function redeemOnExit(address member) external onlyMembership {
        SharesStorage storage $ = _getSharesStorage();
        Holding storage holding = $.holdings[member];
        uint256 available = holding.shares - holding.pending;
        if (available != 0) _enqueue($, member, available);
    }

    /**
     * @inheritdoc ICoopShares
     * @dev A former member cannot cancel, so the redemption queued on their exit is always paid.
     */
    function cancelRedemption(uint256 requestId) external {
        SharesStorage storage $ = _getSharesStorage();
        Redemption memory request = $.redemptions[requestId];
        if (request.holder == address(0)) revert CoopSharesRequestNotPending(requestId);
        if (request.holder != msg.sender) revert CoopSharesNotRequestHolder(requestId, request.holder, msg.sender);
        if (!$.membership.isMember(msg.sender)) revert CoopSharesNotMember(msg.sender);

        delete $.redemptions[requestId];
        $.holdings[request.holder].pending -= request.shares;
        $.totalPendingShares -= request.shares;
        emit RedemptionCancelled(requestId, request.holder);
    }

    /**
     * @inheritdoc ICoopShares
     * @dev Cancelled requests on the way count toward `maxCount`, so the gas of one call is bounded
     * by `maxCount` whatever the queue holds. Each payment updates all the state before it sends.
     * ETH goes with at most {ETHER_PAYMENT_GAS}, and tokens with `SafeERC20.trySafeTransfer`. A
     * payment that fails is credited to the holder. Reverts with {CoopSharesInsufficientGas} when
     * less than {MIN_GAS_PER_PAYMENT} gas is left before a payment.
     *
     * Each request is paid at the redemption value of the moment it is paid, not of its request:
     * recorded losses reduce it (see {redemptionValue}). The checks against the floor and the held
     * capital use the nominal value of the shares, because that is what leaves the capital.
     *
     * NOTE: a payment token that consumes all the gas it is given makes this function revert, and so
     * blocks the queue until governance upgrades the contract.
     */
    function payDue(uint256 maxCount) external nonReentrant returns (uint256 paid) {
        SharesStorage storage $ = _getSharesStorage();
        uint256 head = $.queueHead;
        uint256 tail = $.queueTail;
        uint256 floor = capitalFloor();
        uint256 nominalValue_ = $.nominalValue;

        for (uint256 visited = 0; visited < maxCount && head < tail; ++visited) {
            Redemption memory request = $.redemptions[head];
            if (request.holder != address(0)) {
                if (request.dueAt > Time.timestamp()) break;
                uint256 nominalAmount = request.shares * nominalValue_;
                // Cannot underflow: pending shares are part of the outstanding shares, so capital >= amount.
                if (capital() - nominalAmount < floor || nominalAmount > $.heldCapital) break;
                $.queueHead = head + 1;
                _pay($, head, request, nominalAmount);
                ++paid;
            }
            ++head;
        }
        $.queueHead = head;
    }

    /// @inheritdoc ICoopShares
    function withdrawCredit(address to) external nonReentrant {
        if (to == address(0)) revert CoopSharesZeroAddress("to");
        SharesStorage storage $ = _getSharesStorage();
        uint256 amount = $.credits[msg.sender];
        if (amount == 0) revert CoopSharesNoCredit(msg.sender);

        $.credits[msg.sender] = 0;
        $.totalCredited -= amount;
        emit CreditWithdrawn(msg.sender, to, amount);
        _send($, to, amount);
    }

    // ---------------------------------------------------------------------------------------------
    // Governance
    // ---------------------------------------------------------------------------------------------

    /**
     * @inheritdoc ICoopShares
     * @dev Shares pending redemption cannot move. The statutory minimum does not apply: the timelock
     * decides, for example, when a member hands their shares to a successor.
     */
    function transferShares(address from, address to, uint256 shares) external onlyTimelock {
        if (shares == 0) revert CoopSharesZeroShares();
        if (to == address(0)) revert CoopSharesZeroAddress("to");
        if (from == to) revert CoopSharesSelfTransfer(from);
        SharesStorage storage $ = _getSharesStorage();
        Holding storage sender = $.holdings[from];
        uint256 available = sender.shares - sender.pending;
        if (shares > available) revert CoopSharesInsufficientShares(from, available, shares);

        _checkpointInterest($, from);
        _checkpointInterest($, to);
        // Cannot truncate: shares <= available < 2^128, and the receiver's total is at most the total of all shares.
        sender.shares -= uint128(shares);
        $.holdings[to].shares += uint128(shares);
        emit SharesTransferred(from, to, shares);
    }

    /// @inheritdoc ICoopShares
    function moveToTreasury(uint256 amount) external onlyTimelock nonReentrant {
        if (amount == 0) revert CoopSharesZeroAmount();
        SharesStorage storage $ = _getSharesStorage();
        if (amount > $.heldCapital) revert CoopSharesInsufficientHeldCapital(amount, $.heldCapital);

        $.heldCapital -= amount;
        $.capitalInTreasury += amount;
        emit CapitalMovedToTreasury(amount);
        _send($, $.timelock, amount);
    }

    /**
     * @inheritdoc ICoopShares
     * @dev Anyone may return capital. In an ERC-20, the amount that arrives is counted, so a
     * fee-on-transfer token returns less than `amount`. Reverts when more would come back than the
     * treasury owes, because that excess would not be capital.
     */
    function returnFromTreasury(uint256 amount) external payable nonReentrant {
        if (amount == 0) revert CoopSharesZeroAmount();
        SharesStorage storage $ = _getSharesStorage();
        if (amount > $.capitalInTreasury) revert CoopSharesReturnExceedsTreasury(amount, $.capitalInTreasury);
        uint256 received = _receivePayment($, msg.sender, amount);
        if (address($.paymentToken) == address(0) && received != amount) {
            revert CoopSharesPaymentMismatch(amount, received);
        }
        if (received == 0) revert CoopSharesZeroAmount();
        if (received > $.capitalInTreasury) revert CoopSharesReturnExceedsTreasury(received, $.capitalInTreasury);

        $.capitalInTreasury -= received;
        $.heldCapital += received;
        emit CapitalReturnedFromTreasury(received);
    }

    /**
     * @inheritdoc ICoopShares
     * @dev Requests already queued keep their due date.
     */
    function setNoticePeriod(uint48 noticePeriod_) external onlyTimelock {
        _requireValidNoticePeriod(noticePeriod_);
        _getSharesStorage().noticePeriod = noticePeriod_;
        emit NoticePeriodSet(noticePeriod_);
    }

    /// @inheritdoc ICoopShares
    function setCapitalFloor(uint16 floorBps) external onlyTimelock {
        _requireValidCapitalFloor(floorBps);
        _getSharesStorage().floorBps = floorBps;
        emit CapitalFloorSet(floorBps);
    }

    /**
     * @inheritdoc ICoopShares
     * @dev Applies to later requests and subscriptions; holdings below a raised minimum stay as they are.
     */
    function setMinimumShares(uint256 minimumShares_) external onlyTimelock {
        _requireValidMinimumShares(minimumShares_);
        _getSharesStorage().minimumShares = minimumShares_;
        emit MinimumSharesSet(minimumShares_);
    }

    // ---------------------------------------------------------------------------------------------
    // Losses charged to capital
    // ---------------------------------------------------------------------------------------------

    /**
     * @inheritdoc ICoopShares
     * @dev Applies to every request paid from now on, those already queued included.
     */
    function recordLosses(uint256 amount) external onlyTimelock {
        if (amount == 0) revert CoopSharesZeroAmount();
        SharesStorage storage $ = _getSharesStorage();
        uint256 losses = $.recordedLosses + amount;
        uint256 capital_ = capital();
        if (losses > capital_) revert CoopSharesLossesExceedCapital(losses, capital_);

        $.recordedLosses = losses;
        emit LossesRecorded(amount, losses);
    }

    /**
     * @inheritdoc ICoopShares
     * @dev Requests paid before the recovery keep what they were paid: the recovery raises only
     * later payments, and never above the nominal value, because the losses cannot go below zero.
     */
    function recordRecovery(uint256 amount) external onlyTimelock {
        if (amount == 0) revert CoopSharesZeroAmount();
        SharesStorage storage $ = _getSharesStorage();
        uint256 losses = $.recordedLosses;
        if (amount > losses) revert CoopSharesRecoveryExceedsLosses(amount, losses);

        losses -= amount;
        $.recordedLosses = losses;
        emit RecoveryRecorded(amount, losses);
    }

    // ---------------------------------------------------------------------------------------------
    // Interest on shares
    // ---------------------------------------------------------------------------------------------

    /**
     * @inheritdoc ICoopShares
     * @dev Interest earned until now is counted at the previous rate first, so a change never applies
     * to time already past.
     */
    function setInterestRate(uint16 rateBps) external onlyTimelock {
        if (rateBps > MAX_INTEREST_RATE_BPS) revert CoopSharesInvalidInterestRate(rateBps, MAX_INTEREST_RATE_BPS);
        SharesStorage storage $ = _getSharesStorage();
        _accrueInterest($);
        $.interestUpdatedAt = Time.timestamp();
        $.interestRateBps = rateBps;
        emit InterestRateSet(rateBps);
    }

    /**
     * @inheritdoc ICoopShares
     * @dev Anyone may fund the pot. In an ERC-20, the amount that arrives is counted, so a
     * fee-on-transfer token adds less than `amount`.
     */
    function fundInterest(uint256 amount) external payable nonReentrant {
        if (amount == 0) revert CoopSharesZeroAmount();
        SharesStorage storage $ = _getSharesStorage();
        uint256 received = _receivePayment($, msg.sender, amount);
        if (address($.paymentToken) == address(0) && received != amount) {
            revert CoopSharesPaymentMismatch(amount, received);
        }
        if (received == 0) revert CoopSharesZeroAmount();

        $.interestPot += received;
        emit InterestFunded(msg.sender, received);
    }

    /**
     * @inheritdoc ICoopShares
     * @dev Reverts with {CoopSharesInsufficientInterestPot} when the pot holds less than all the
     * interest owed to the caller. The interest stays owed, the shares keep earning, and the caller
     * claims once the pot is funded. Interest is never paid from capital or credits.
     */
    function claimInterest(address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert CoopSharesZeroAddress("to");
        SharesStorage storage $ = _getSharesStorage();
        _checkpointInterest($, msg.sender);
        InterestAccount storage account = $.interestAccounts[msg.sender];
        amount = account.owed;
        if (amount == 0) revert CoopSharesNoInterest(msg.sender);
        uint256 pot = $.interestPot;
        if (amount > pot) revert CoopSharesInsufficientInterestPot(amount, pot);

        account.owed = 0;
        $.interestPot = pot - amount;
        emit InterestClaimed(msg.sender, to, amount);
        _send($, to, amount);
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopShares
    function recordedLosses() external view returns (uint256) {
        return _getSharesStorage().recordedLosses;
    }

    /// @inheritdoc ICoopShares
    function redemptionValue() external view returns (uint256) {
        return _redemptionAmount(_getSharesStorage(), _getSharesStorage().nominalValue);
    }

    /// @inheritdoc ICoopShares
    function interestRateBps() external view returns (uint16) {
        return _getSharesStorage().interestRateBps;
    }

    /// @inheritdoc ICoopShares
    function interestPot() external view returns (uint256) {
        return _getSharesStorage().interestPot;
    }

    /// @inheritdoc ICoopShares
    function interestIndex() public view returns (uint256) {
        SharesStorage storage $ = _getSharesStorage();
        uint256 elapsed = Time.timestamp() - $.interestUpdatedAt;
        // Cannot overflow: nominal value < 2^128, rate <= 600 < 2^10, and elapsed < 2^48, so the
        // product is below 2^186 before mulDiv scales it by 10^18 < 2^60 in 512 bits.
        uint256 perShareYear = $.nominalValue * $.interestRateBps;
        return
            $.interestIndex +
            Math.mulDiv(perShareYear * elapsed, INTEREST_INDEX_SCALE, uint256(BPS_DENOMINATOR) * SECONDS_PER_YEAR);
    }

    /// @inheritdoc ICoopShares
    function accruedInterestOf(address holder) external view returns (uint256) {
        SharesStorage storage $ = _getSharesStorage();
        InterestAccount storage account = $.interestAccounts[holder];
        return account.owed + _interestSince($, holder, account.indexPaid, interestIndex());
    }

    /// @inheritdoc ICoopShares
    function sharesOf(address holder) external view returns (uint256) {
        return _getSharesStorage().holdings[holder].shares;
    }

    /// @inheritdoc ICoopShares
    function pendingSharesOf(address holder) external view returns (uint256) {
        return _getSharesStorage().holdings[holder].pending;
    }

    /// @inheritdoc ICoopShares
    function nominalValue() external view returns (uint256) {
        return _getSharesStorage().nominalValue;
    }

    /// @inheritdoc ICoopShares
    function paymentToken() external view returns (address) {
        return address(_getSharesStorage().paymentToken);
    }

    /// @inheritdoc ICoopShares
    function capital() public view returns (uint256) {
        SharesStorage storage $ = _getSharesStorage();
        return $.totalShares * $.nominalValue;
    }

    /// @inheritdoc ICoopShares
    function highestCapital() external view returns (uint256) {
        return _getSharesStorage().highestCapital;
    }

    /// @inheritdoc ICoopShares
    function heldCapital() external view returns (uint256) {
        return _getSharesStorage().heldCapital;
    }

    /// @inheritdoc ICoopShares
    function totalCredited() external view returns (uint256) {
        return _getSharesStorage().totalCredited;
    }

    /// @inheritdoc ICoopShares
    function creditOf(address holder) external view returns (uint256) {
        return _getSharesStorage().credits[holder];
    }

    /// @inheritdoc ICoopShares
    function redemption(uint256 requestId) external view returns (Redemption memory) {
        return _getSharesStorage().redemptions[requestId];
    }

    /// @inheritdoc ICoopShares
    function queueBounds() external view returns (uint256 head, uint256 tail) {
        SharesStorage storage $ = _getSharesStorage();
        return ($.queueHead, $.queueTail);
    }

    /// @inheritdoc ICoopShares
    function membership() external view returns (ICoopMembership) {
        return _getSharesStorage().membership;
    }

    /// @inheritdoc ICoopShares
    function timelock() external view returns (address) {
        return _getSharesStorage().timelock;
    }

    /// @inheritdoc ICoopShares
    function minimumShares() external view returns (uint256) {
        return _getSharesStorage().minimumShares;
    }

    /// @inheritdoc ICoopShares
    function noticePeriod() external view returns (uint48) {
        return _getSharesStorage().noticePeriod;
    }

    /// @inheritdoc ICoopShares
    function capitalFloorBps() external view returns (uint16) {
        return _getSharesStorage().floorBps;
    }

    /// @inheritdoc ICoopShares
    function capitalFloor() public view returns (uint256) {
        SharesStorage storage $ = _getSharesStorage();
        return Math.mulDiv($.highestCapital, $.floorBps, BPS_DENOMINATOR);
    }

    /// @inheritdoc ICoopShares
    function capitalInTreasury() external view returns (uint256) {
        return _getSharesStorage().capitalInTreasury;
    }

    /// @inheritdoc ICoopShares
    function totalShares() external view returns (uint256) {
        return _getSharesStorage().totalShares;
    }

    /// @inheritdoc ICoopShares
    function totalPendingShares() external view returns (uint256) {
        return _getSharesStorage().totalPendingShares;
    }

    // ---------------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------------

    /**
     * @dev Reverts unless `subscriber` may subscribe `shares`: a member always may, and a non-member
     * only under the Open admission policy and for at least the minimum. Returns whether the
     * subscription admits them.
     */
    function _requireAdmissible(
        SharesStorage storage $,
        address subscriber,
        uint256 shares
    ) private view returns (bool admitsSubscriber) {
        ICoopMembership membership_ = $.membership;
        if (membership_.isMember(subscriber)) return false;
        ICoopMembership.AdmissionPolicy policy = membership_.admissionPolicy();
        if (policy != ICoopMembership.AdmissionPolicy.Open) revert CoopSharesAdmissionClosed(subscriber, policy);
        if (shares < $.minimumShares) revert CoopSharesBelowMinimum(subscriber, shares, $.minimumShares);
        return true;
    }

    /**
     * @dev Takes `amount` from `payer` and returns the amount that arrived. That is `msg.value` in
     * ETH, and the increase of this contract's token balance in an ERC-20.
     */
    function _receivePayment(SharesStorage storage $, address payer, uint256 amount) private returns (uint256) {
        IERC20 token = $.paymentToken;
        if (address(token) == address(0)) return msg.value;
        if (msg.value != 0) revert CoopSharesUnexpectedEther(msg.value);

        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(payer, address(this), amount);
        uint256 balanceAfter = token.balanceOf(address(this));
        return balanceAfter > balanceBefore ? balanceAfter - balanceBefore : 0;
    }

    /// @dev Appends a request for `shares` of `holder`'s shares, due after the notice period.
    function _enqueue(SharesStorage storage $, address holder, uint256 shares) private returns (uint256 requestId) {
        // Cannot truncate: shares is at most the holder's shares, which fit in 128 bits.
        uint128 queued = uint128(shares);
        uint48 dueAt = Time.timestamp() + $.noticePeriod;
        requestId = $.queueTail;
        $.queueTail = requestId + 1;
        $.redemptions[requestId] = Redemption({holder: holder, shares: queued, dueAt: dueAt});
        $.holdings[holder].pending += queued;
        $.totalPendingShares += shares;
        emit RedemptionRequested(requestId, holder, shares, dueAt);
    }

    /**
     * @dev Pays request `requestId`, whose shares are worth `nominalAmount` at nominal value. It
     * removes the shares and their nominal value from the capital first. The holder gets the
     * redemption value, and the rest, the part of the losses these shares bear, leaves the recorded
     * losses and is credited to the timelock. Then it sends the payment to the holder, and credits
     * it to the holder if the payment fails.
     */
    function _pay(
        SharesStorage storage $,
        uint256 requestId,
        Redemption memory request,
        uint256 nominalAmount
    ) private {
        uint256 amount = _redemptionAmount($, nominalAmount);
        _checkpointInterest($, request.holder);
        delete $.redemptions[requestId];
        Holding storage holding = $.holdings[request.holder];
        holding.shares -= request.shares;
        holding.pending -= request.shares;
        $.totalShares -= request.shares;
        $.totalPendingShares -= request.shares;
        $.heldCapital -= nominalAmount;
        if (amount < nominalAmount) _retainLosses($, requestId, nominalAmount - amount);

        if (gasleft() < MIN_GAS_PER_PAYMENT) revert CoopSharesInsufficientGas(gasleft(), MIN_GAS_PER_PAYMENT);
        bool delivered = _trySend($, request.holder, amount);
        if (!delivered) {
            $.credits[request.holder] += amount;
            $.totalCredited += amount;
        }
        emit RedemptionPaid(requestId, request.holder, amount, !delivered);
    }

    /**
     * @dev Returns what shares of `nominalAmount` at nominal value are paid now:
     * `nominalAmount * (capital - losses) / capital`, rounded down, so the cooperative keeps the
     * remainder and a payment never exceeds the nominal value. It is computed once per request,
     * not per share, so a request loses less than one unit to rounding.
     */
    function _redemptionAmount(SharesStorage storage $, uint256 nominalAmount) private view returns (uint256) {
        uint256 losses = $.recordedLosses;
        if (losses == 0) return nominalAmount;
        uint256 capital_ = capital();
        // Cannot underflow: the losses never exceed the capital, and they are nonzero, so capital_ > 0.
        return Math.mulDiv(nominalAmount, capital_ - losses, capital_);
    }

    /**
     * @dev Removes `retained`, the part of the losses that request `requestId` bore, from the
     * recorded losses and credits it to the timelock. The losses keep their ratio to the capital, so
     * the redemption value stays the same for the next requests.
     *
     * `retained` never exceeds the losses: it is below `nominalAmount * losses / capital + 1`, and
     * `nominalAmount <= capital`. The losses stay at most the capital, because the capital left
     * minus the losses left is `capital - losses - amount`, which is not negative.
     */
    function _retainLosses(SharesStorage storage $, uint256 requestId, uint256 retained) private {
        $.recordedLosses -= retained;
        $.credits[$.timelock] += retained;
        $.totalCredited += retained;
        emit LossesBorneByRedemption(requestId, retained);
    }

    /**
     * @dev Brings the interest index up to now, at the current rate. At a zero rate the index does
     * not move, so nothing is written, and {setInterestRate} starts the clock of the next rate.
     */
    function _accrueInterest(SharesStorage storage $) private {
        if ($.interestRateBps == 0) return;
        $.interestIndex = interestIndex();
        $.interestUpdatedAt = Time.timestamp();
    }

    /**
     * @dev Adds the interest `holder` earned since their last balance change to what they are owed,
     * before their balance changes. Shares earn only from the index at the moment they arrive.
     */
    function _checkpointInterest(SharesStorage storage $, address holder) private {
        _accrueInterest($);
        uint256 index = $.interestIndex;
        InterestAccount storage account = $.interestAccounts[holder];
        uint256 indexPaid = account.indexPaid;
        if (indexPaid == index) return;
        account.owed += _interestSince($, holder, indexPaid, index);
        account.indexPaid = index;
    }

    /// @dev Returns the interest of `holder`'s shares between index `fromIndex` and `toIndex`, rounded down.
    function _interestSince(
        SharesStorage storage $,
        address holder,
        uint256 fromIndex,
        uint256 toIndex
    ) private view returns (uint256) {
        return Math.mulDiv($.holdings[holder].shares, toIndex - fromIndex, INTEREST_INDEX_SCALE);
    }

    /// @dev Sends `amount` to `to` and returns whether it arrived, with at most {ETHER_PAYMENT_GAS} for ETH.
    function _trySend(SharesStorage storage $, address to, uint256 amount) private returns (bool delivered) {
        IERC20 token = $.paymentToken;
        if (address(token) != address(0)) return token.trySafeTransfer(to, amount);
        // No return data is copied, so a receiver cannot make the payment expensive with a large one.
        assembly ("memory-safe") {
            delivered := call(ETHER_PAYMENT_GAS, to, amount, 0, 0, 0, 0)
        }
    }

    /// @dev Sends `amount` to `to` with all the remaining gas, and reverts if it fails.
    function _send(SharesStorage storage $, address to, uint256 amount) private {
        IERC20 token = $.paymentToken;
        if (address(token) != address(0)) {
            token.safeTransfer(to, amount);
        } else if (!LowLevelCall.callNoReturn(to, amount, "")) {
            revert CoopSharesEtherTransferFailed(to, amount);
        }
    }

    function _requireValidMinimumShares(uint256 minimumShares_) private pure {
        if (minimumShares_ > type(uint128).max) revert CoopSharesInvalidMinimumShares(minimumShares_);
    }

    function _requireValidNoticePeriod(uint48 noticePeriod_) private pure {
        if (noticePeriod_ > MAX_NOTICE_PERIOD) revert CoopSharesInvalidNoticePeriod(noticePeriod_, MAX_NOTICE_PERIOD);
    }

    function _requireValidCapitalFloor(uint16 floorBps) private pure {
        if (floorBps > BPS_DENOMINATOR) revert CoopSharesInvalidCapitalFloor(floorBps);
    }

    /// @dev Reverts unless `membership_` is a contract that names this contract and `timelock_`.
    function _requireMatchingMembership(ICoopMembership membership_, address timelock_) private view {
        if (address(membership_).code.length == 0) revert CoopSharesInvalidMembership(address(membership_), address(0));
        address registeredShares = membership_.shares();
        if (registeredShares != address(this)) {
            revert CoopSharesInvalidMembership(address(membership_), registeredShares);
        }
        address membershipTimelock = membership_.timelock();
        if (membershipTimelock != timelock_) revert CoopSharesTimelockMismatch(timelock_, membershipTimelock);
    }

    /// @inheritdoc ICoopUpgradeable
    function implementation() external view returns (address) {
        return ERC1967Utils.getImplementation();
    }

    /// @dev Only the timelock can upgrade, through a proposal.
    function _authorizeUpgrade(address) internal view override onlyTimelock {}

    function _getSharesStorage() private pure returns (SharesStorage storage $) {
        assembly ("memory-safe") {
            $.slot := SHARES_STORAGE_LOCATION
        }
    }
}
