// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";

import {CoopCharter} from "../governance/CoopCharter.sol";
import {CoopGovernor} from "../governance/CoopGovernor.sol";
import {CoopJudgmentGovernor} from "../governance/CoopJudgmentGovernor.sol";
import {CoopTimelock} from "../governance/CoopTimelock.sol";
import {ICoopCharter} from "../interfaces/ICoopCharter.sol";
import {ICoopFactory} from "../interfaces/ICoopFactory.sol";
import {ICoopGovernor} from "../interfaces/ICoopGovernor.sol";
import {ICoopJudgmentGovernor} from "../interfaces/ICoopJudgmentGovernor.sol";
import {ICoopMembership} from "../interfaces/ICoopMembership.sol";
import {ICoopShares} from "../interfaces/ICoopShares.sol";
import {IFeeRouter} from "../interfaces/IFeeRouter.sol";
import {Cid} from "../ipfs/Cid.sol";
import {CoopMembership} from "../membership/CoopMembership.sol";
import {CoopShares} from "../membership/CoopShares.sol";
import {CoopFactoryProxy} from "../proxy/CoopFactoryProxy.sol";
import {FeeRouter} from "../treasury/FeeRouter.sol";

/**
 * @title CoopFactory
 * @notice Creates a cooperative in one transaction: its timelock and six proxies over shared
 * implementations, all initialized before the transaction ends and owned by the timelock.
 *
 * @dev The factory has no owner and no setting: a release deploys new implementations and a new
 * factory. Every contract is created with CREATE2 and the salt `keccak256(abi.encode(deployer, salt))`,
 * so nobody else can take a deployer's addresses. The proxies ({CoopFactoryProxy}) are created
 * without an initializer call, so their addresses depend neither on each other nor on the
 * configuration. They are initialized in this same transaction, because an initializer left open
 * until a later transaction could be called by anyone. The timelock's only proposers, cancellers and executors are the two
 * governors, and it has no admin.
 *
 * The ordinary operations registered in the charter are the same as those of `deployCooperative`
 * in `src/deploy/cooperative.ts`: admit and exclude members, transfer shares, pay due redemptions,
 * return capital from the treasury, collect the timelock's credit, set the interest on shares, list
 * payment tokens, sweep tokens sent to the router by mistake, close an accounting period and
 * allocate its surplus to patronage refunds.
 */
contract CoopFactory is ICoopFactory {
    /// @dev Number of calls to the cooperative's contracts that the charter registers as ordinary.
    uint256 private constant ORDINARY_OPERATION_COUNT = 11;

    address private immutable MEMBERSHIP_IMPLEMENTATION;
    address private immutable GOVERNOR_IMPLEMENTATION;
    address private immutable SHARES_IMPLEMENTATION;
    address private immutable CHARTER_IMPLEMENTATION;
    address private immutable JUDGMENT_IMPLEMENTATION;
    address private immutable FEE_ROUTER_IMPLEMENTATION;

    /// @dev The timelocks and memberships of the cooperatives created here.
    mapping(address account => bool) private _cooperativeContracts;

    /**
     * @notice Creates a factory for the given shared implementations, which must already be deployed.
     * @dev Reverts with {CoopFactoryInvalidImplementation} for a zero or code-less address.
     */
    constructor(
        address membership,
        address governor,
        address shares,
        address charter,
        address judgment,
        address feeRouter
    ) {
        MEMBERSHIP_IMPLEMENTATION = _requireImplementation("membership", membership);
        GOVERNOR_IMPLEMENTATION = _requireImplementation("governor", governor);
        SHARES_IMPLEMENTATION = _requireImplementation("shares", shares);
        CHARTER_IMPLEMENTATION = _requireImplementation("charter", charter);
        JUDGMENT_IMPLEMENTATION = _requireImplementation("judgment", judgment);
        FEE_ROUTER_IMPLEMENTATION = _requireImplementation("feeRouter", feeRouter);
    }

    // ---------------------------------------------------------------------------------------------
    // Creation
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopFactory
    function createCooperative(
        bytes32 salt,
        CooperativeConfig calldata config
    ) external returns (CooperativeAddresses memory addresses) {
        Cid.requireValidOrEmpty(config.metadataCid);
        Cid.requireValidOrEmpty(config.statutesCid);
        bytes32 deploySalt = _deploySalt(msg.sender, salt);
        addresses = _predict(deploySalt, config.governance.timelockDelay);
        // The membership proxy's address depends only on the deployer and the salt, so a
        // registered membership means that this pair was used before.
        if (_cooperativeContracts[addresses.membership]) revert CoopFactoryCooperativeExists(msg.sender, salt);

        Create2.deploy(0, deploySalt, _proxyCode(MEMBERSHIP_IMPLEMENTATION));
        Create2.deploy(0, deploySalt, _proxyCode(GOVERNOR_IMPLEMENTATION));
        Create2.deploy(0, deploySalt, _proxyCode(SHARES_IMPLEMENTATION));
        Create2.deploy(0, deploySalt, _proxyCode(CHARTER_IMPLEMENTATION));
        Create2.deploy(0, deploySalt, _proxyCode(JUDGMENT_IMPLEMENTATION));
        Create2.deploy(0, deploySalt, _proxyCode(FEE_ROUTER_IMPLEMENTATION));
        Create2.deploy(
            0,
            deploySalt,
            _timelockCode(config.governance.timelockDelay, addresses.governor, addresses.judgment)
        );

        _initializeMembership(addresses, config);
        _initializeGovernor(addresses, config);
        _initializeShares(addresses, config.capital);
        _initializeCharter(addresses, config.extraordinary);
        _initializeJudgment(addresses, config);
        _initializeFeeRouter(addresses, config.fees);

        _cooperativeContracts[addresses.timelock] = true;
        _cooperativeContracts[addresses.membership] = true;
        emit CooperativeCreated(msg.sender, salt, addresses, config.metadataCid, config.statutesCid);
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopFactory
    function predictAddresses(
        address deployer,
        bytes32 salt,
        uint256 timelockDelay
    ) external view returns (CooperativeAddresses memory addresses) {
        return _predict(_deploySalt(deployer, salt), timelockDelay);
    }

    /// @inheritdoc ICoopFactory
    function isCooperative(address account) external view returns (bool) {
        return _cooperativeContracts[account];
    }

    /// @inheritdoc ICoopFactory
    function implementations()
        external
        view
        returns (
            address membership,
            address governor,
            address shares,
            address charter,
            address judgment,
            address feeRouter
        )
    {
        return (
            MEMBERSHIP_IMPLEMENTATION,
            GOVERNOR_IMPLEMENTATION,
            SHARES_IMPLEMENTATION,
            CHARTER_IMPLEMENTATION,
            JUDGMENT_IMPLEMENTATION,
            FEE_ROUTER_IMPLEMENTATION
        );
    }

    // ---------------------------------------------------------------------------------------------
    // Initialization, in the order that the contracts' checks of each other need
    // ---------------------------------------------------------------------------------------------

    function _initializeMembership(CooperativeAddresses memory a, CooperativeConfig calldata config) private {
        CoopMembership(a.membership).initialize(
            config.name,
            config.symbol,
            a.timelock,
            a.shares,
            config.founders,
            config.memberWeight,
            config.admissionPolicy
        );
    }

    function _initializeGovernor(CooperativeAddresses memory a, CooperativeConfig calldata config) private {
        GovernanceSettings calldata governance = config.governance;
        CoopGovernor(payable(a.governor)).initialize(
            config.name,
            ICoopMembership(a.membership),
            payable(a.timelock),
            ICoopCharter(a.charter),
            ICoopGovernor.Settings({
                votingDelay: governance.votingDelay,
                votingPeriod: governance.votingPeriod,
                lateQuorumExtension: governance.lateQuorumExtension,
                quorumNumerator: governance.quorumPercent
            })
        );
    }

    /// @dev Runs after the membership's initialization, because the shares contract checks that the
    /// membership names it and the same timelock.
    function _initializeShares(CooperativeAddresses memory a, CapitalTerms calldata capital) private {
        CoopShares(payable(a.shares)).initialize(
            ICoopMembership(a.membership),
            a.timelock,
            capital.paymentToken,
            capital.nominalValue,
            capital.minimumShares,
            capital.noticePeriod,
            capital.floorBps
        );
    }

    function _initializeCharter(CooperativeAddresses memory a, ICoopCharter.ExtraordinaryRules calldata rules) private {
        address[] memory governors = new address[](2);
        governors[0] = a.governor;
        governors[1] = a.judgment;
        address[] memory coopContracts = new address[](2);
        coopContracts[0] = a.shares;
        coopContracts[1] = a.feeRouter;
        CoopCharter(a.charter).initialize(
            a.timelock,
            governors,
            ICoopMembership(a.membership),
            coopContracts,
            rules,
            _ordinaryOperations(a)
        );
    }

    function _initializeJudgment(CooperativeAddresses memory a, CooperativeConfig calldata config) private {
        CoopJudgmentGovernor(a.judgment).initialize(
            config.name,
            ICoopMembership(a.membership),
            payable(a.timelock),
            ICoopCharter(a.charter),
            ICoopJudgmentGovernor.Settings({
                votingDelay: config.governance.votingDelay,
                votingPeriod: config.governance.votingPeriod,
                quorumPercent: config.governance.quorumPercent,
                gradeCount: config.gradeScale.gradeCount,
                minimumGrade: config.gradeScale.minimumGrade,
                lateQuorumExtension: config.governance.lateQuorumExtension
            })
        );
    }

    function _initializeFeeRouter(CooperativeAddresses memory a, FeeTerms calldata fees) private {
        FeeRouter(payable(a.feeRouter)).initialize(
            ICoopMembership(a.membership),
            a.timelock,
            fees.serviceFeeRecipient == address(0) ? a.timelock : fees.serviceFeeRecipient,
            fees.duesRecipient == address(0) ? a.timelock : fees.duesRecipient,
            fees.serviceFeeBps,
            fees.duesBps,
            fees.tokens
        );
    }

    // ---------------------------------------------------------------------------------------------
    // Addresses and creation code
    // ---------------------------------------------------------------------------------------------

    /// @dev Lists the calls that ordinary proposals may make to the cooperative's contracts.
    function _ordinaryOperations(
        CooperativeAddresses memory a
    ) private pure returns (ICoopCharter.Operation[] memory operations) {
        operations = new ICoopCharter.Operation[](ORDINARY_OPERATION_COUNT);
        operations[0] = ICoopCharter.Operation(a.membership, ICoopMembership.admit.selector);
        operations[1] = ICoopCharter.Operation(a.membership, ICoopMembership.exclude.selector);
        operations[2] = ICoopCharter.Operation(a.shares, ICoopShares.transferShares.selector);
        operations[3] = ICoopCharter.Operation(a.shares, ICoopShares.payDue.selector);
        operations[4] = ICoopCharter.Operation(a.shares, ICoopShares.returnFromTreasury.selector);
        operations[5] = ICoopCharter.Operation(a.shares, ICoopShares.withdrawCredit.selector);
        operations[6] = ICoopCharter.Operation(a.shares, ICoopShares.setInterestRate.selector);
        operations[7] = ICoopCharter.Operation(a.feeRouter, IFeeRouter.setTokenAccepted.selector);
        operations[8] = ICoopCharter.Operation(a.feeRouter, IFeeRouter.sweep.selector);
        operations[9] = ICoopCharter.Operation(a.feeRouter, IFeeRouter.closePeriod.selector);
        operations[10] = ICoopCharter.Operation(a.feeRouter, IFeeRouter.allocateSurplus.selector);
    }

    function _predict(
        bytes32 deploySalt,
        uint256 timelockDelay
    ) private view returns (CooperativeAddresses memory addresses) {
        addresses.membership = _addressOf(deploySalt, _proxyCode(MEMBERSHIP_IMPLEMENTATION));
        addresses.governor = _addressOf(deploySalt, _proxyCode(GOVERNOR_IMPLEMENTATION));
        addresses.shares = _addressOf(deploySalt, _proxyCode(SHARES_IMPLEMENTATION));
        addresses.charter = _addressOf(deploySalt, _proxyCode(CHARTER_IMPLEMENTATION));
        addresses.judgment = _addressOf(deploySalt, _proxyCode(JUDGMENT_IMPLEMENTATION));
        addresses.feeRouter = _addressOf(deploySalt, _proxyCode(FEE_ROUTER_IMPLEMENTATION));
        addresses.timelock = _addressOf(
            deploySalt,
            _timelockCode(timelockDelay, addresses.governor, addresses.judgment)
        );
    }

    function _addressOf(bytes32 deploySalt, bytes memory initCode) private view returns (address) {
        return Create2.computeAddress(deploySalt, keccak256(initCode));
    }

    /// @dev The salt of every contract of the cooperative: bound to the deployer, so nobody else can
    /// create at the addresses that a deployer predicted.
    function _deploySalt(address deployer, bytes32 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(deployer, salt));
    }

    /// @dev Creation code of a proxy over `implementation` with no initializer call.
    function _proxyCode(address implementation) private pure returns (bytes memory) {
        return abi.encodePacked(type(CoopFactoryProxy).creationCode, abi.encode(implementation));
    }

    /// @dev Creation code of a timelock whose proposers, cancellers and executors are the two governors.
    function _timelockCode(uint256 delay, address governor, address judgment) private pure returns (bytes memory) {
        address[] memory governors = new address[](2);
        governors[0] = governor;
        governors[1] = judgment;
        return abi.encodePacked(type(CoopTimelock).creationCode, abi.encode(delay, governors));
    }

    function _requireImplementation(string memory role, address implementation) private view returns (address) {
        if (implementation.code.length == 0) revert CoopFactoryInvalidImplementation(role, implementation);
        return implementation;
    }
}
