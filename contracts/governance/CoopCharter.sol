// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {GovernorUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/GovernorUpgradeable.sol";
import {GovernorSettingsUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorSettingsUpgradeable.sol";
import {GovernorVotesQuorumFractionUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorVotesQuorumFractionUpgradeable.sol";
import {GovernorPreventLateQuorumUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorPreventLateQuorumUpgradeable.sol";
import {GovernorTimelockControlUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/extensions/GovernorTimelockControlUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";

import {ICoopCharter} from "../interfaces/ICoopCharter.sol";
import {ICoopColleges} from "../interfaces/ICoopColleges.sol";
import {ICoopMembership} from "../interfaces/ICoopMembership.sol";
import {ICoopUpgradeable} from "../interfaces/ICoopUpgradeable.sol";
import {IFeeRouter} from "../interfaces/IFeeRouter.sol";
import {DocumentUri} from "../ipfs/DocumentUri.sol";
import {CoopMembership} from "../membership/CoopMembership.sol";
import {CoopShares} from "../membership/CoopShares.sol";

/**
 * @title CoopCharter
 * @notice The rules a cooperative's statutes set for its proposals, applied by its governors.
 *
 * @dev Extraordinary decisions. A proposal is extraordinary when any of its actions calls one of the
 * cooperative's contracts with a function that is not on the list of ordinary operations. The
 * cooperative's contracts are the timelock, the governors, this charter, and the registered
 * contracts (membership, shares, the fee router, and peers that a factory registers).
 * These calls are always extraordinary, whatever the list says:
 * - any call to the timelock, a governor or this charter, which covers `relay`, settings, timelock
 *   roles and delay, and the charter's own rules;
 * - a call with fewer than 4 bytes of calldata (a plain transfer or an empty selector);
 * - upgrades, role and ownership changes, the settings of membership and shares, and the fee
 *   router's rates and fee recipients, which {setOrdinaryOperation} refuses to list.
 * Calls to any other address, such as a payment from the treasury, are ordinary. Extraordinary
 * proposals pass only with the extraordinary majority of for+against (abstentions excluded) and
 * the higher of the ordinary and the extraordinary quorum. The thresholds in force when a proposal
 * is created are kept for its whole vote. Changing the thresholds, the list or the registered
 * contracts is a call to this charter, hence itself extraordinary.
 *
 * Safe execution. At creation the charter records the code hash of each target (an address
 * without code is recorded as zero, whether or not it holds ether) and, for targets that report
 * one through `implementation()` as the cooperative's proxies do, their implementation. A governor
 * calls {checkTargets} before it runs a proposal, which reverts if any of them changed. A queued
 * upgrade of a proxy therefore makes the other queued proposals that call this proxy
 * non-executable once it runs: they must be proposed again.
 * NOTE: a proxy of another party is pinned by what it reports, and a hostile release can report
 * its predecessor's address; a contract cannot read another contract's storage. Voters must treat
 * third-party upgradeable targets as code that can change after the vote.
 *
 * Documents. Every proposal's description must contain the `ipfs://` URI of its document (CIDv1,
 * lowercase base32); the charter emits the binary CID in {ProposalRecorded}.
 *
 * The contract sits behind an ERC-1967 proxy (UUPS); only the timelock can upgrade it.
 */
contract CoopCharter is Initializable, UUPSUpgradeable, ICoopCharter, ICoopUpgradeable {
    /// @notice Most actions in one proposal, so that pinning and checking their targets stay cheap.
    uint256 public constant MAX_ACTIONS = 64;

    /// @dev Gas given to a target's `implementation()`: enough for a proxy to read one slot.
    uint256 private constant IMPLEMENTATION_CALL_GAS = 30_000;

    /// @dev Denominator of `ExtraordinaryRules.quorumPercent`.
    uint256 private constant PERCENT = 100;

    /// @custom:storage-location erc7201:worldcoop.storage.CoopCharter
    struct CharterStorage {
        address timelock;
        ICoopMembership membership;
        ExtraordinaryRules rules;
        address guardian;
        mapping(address account => bool) governors;
        mapping(address account => bool) coopContracts;
        mapping(address target => mapping(bytes4 selector => bool)) ordinary;
        mapping(bytes32 key => ProposalRecord) proposals;
        mapping(bytes32 key => mapping(uint256 index => bytes32)) codeHashes;
        mapping(bytes32 key => mapping(uint256 index => address)) implementations;
        ICoopColleges collegeModule;
    }

    // keccak256(abi.encode(uint256(keccak256("worldcoop.storage.CoopCharter")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant CHARTER_STORAGE_LOCATION =
        0x843d04728c85e070c2a77b35fd87ee6a1bc62d9234635d9775f0adda41430900;

    modifier onlyTimelock() {
        if (msg.sender != _getCharterStorage().timelock) revert CoopCharterOnlyTimelock(msg.sender);
        _;
    }

    modifier onlyGovernor() {
        if (!_getCharterStorage().governors[msg.sender]) revert CoopCharterOnlyGovernor(msg.sender);
        _;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the charter of a new cooperative.
     * @param timelock_ The cooperative's timelock, the only account that can change the charter.
     * @param governors The cooperative's governors (yes/no and majority judgment), allowed to record proposals.
     * @param membership_ The member register, whose total weight sets the extraordinary quorum.
     * @param coopContracts The cooperative's other contracts (share capital, fee router), registered
     * so that calls to them are extraordinary unless listed as ordinary. The membership is registered too.
     * @param rules Thresholds of extraordinary proposals.
     * @param ordinaryOperations Calls to the cooperative's contracts that ordinary proposals may make.
     */
    function initialize(
        address timelock_,
        address[] calldata governors,
        ICoopMembership membership_,
        address[] calldata coopContracts,
        ExtraordinaryRules calldata rules,
        Operation[] calldata ordinaryOperations
    ) external initializer {
        if (timelock_ == address(0)) revert CoopCharterZeroAddress("timelock");
        if (governors.length == 0) revert CoopCharterZeroAddress("governor");
        if (address(membership_) == address(0)) revert CoopCharterZeroAddress("membership");

        CharterStorage storage $ = _getCharterStorage();
        $.timelock = timelock_;
        $.membership = membership_;
        for (uint256 i = 0; i < governors.length; ++i) {
            _setGovernor(governors[i], true);
        }
        _setCoopContract(address(membership_), true);
        for (uint256 i = 0; i < coopContracts.length; ++i) {
            _setCoopContract(coopContracts[i], true);
        }
        _setExtraordinaryRules(rules);
        for (uint256 i = 0; i < ordinaryOperations.length; ++i) {
            _setOrdinaryOperation(ordinaryOperations[i].target, ordinaryOperations[i].selector, true);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Called by the governors
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopCharter
    function recordProposal(
        uint256 proposalId,
        address[] calldata targets,
        bytes[] calldata calldatas,
        string calldata description
    ) external onlyGovernor returns (bool extraordinary) {
        if (targets.length > MAX_ACTIONS) revert CoopCharterTooManyActions(targets.length, MAX_ACTIONS);
        bytes memory document = _requireDocument(description);

        CharterStorage storage $ = _getCharterStorage();
        bytes32 key = _proposalKey(msg.sender, proposalId);
        if ($.proposals[key].actionCount != 0) revert CoopCharterProposalExists(msg.sender, proposalId);

        bool setsGuardian;
        for (uint256 i = 0; i < targets.length; ++i) {
            address target = targets[i];
            if (!extraordinary && _isExtraordinaryCall(target, calldatas[i])) extraordinary = true;
            if (!setsGuardian && _isSetGuardianCall(target, calldatas[i])) setsGuardian = true;
            bytes32 codeHash = _codeHash(target);
            $.codeHashes[key][i] = codeHash;
            if (codeHash != bytes32(0)) $.implementations[key][i] = _implementationOf(target);
        }
        ExtraordinaryRules memory rules = $.rules;
        $.proposals[key] = ProposalRecord({
            extraordinary: extraordinary,
            actionCount: uint32(targets.length),
            quorumPercent: rules.quorumPercent,
            majorityNumerator: rules.majorityNumerator,
            majorityDenominator: rules.majorityDenominator,
            setsGuardian: setsGuardian
        });

        emit ProposalRecorded(msg.sender, proposalId, document, extraordinary);
    }

    /// @inheritdoc ICoopCharter
    function checkTargets(uint256 proposalId, address[] calldata targets) external view onlyGovernor {
        CharterStorage storage $ = _getCharterStorage();
        bytes32 key = _proposalKey(msg.sender, proposalId);
        if ($.proposals[key].actionCount == 0) revert CoopCharterUnknownProposal(msg.sender, proposalId);

        for (uint256 i = 0; i < targets.length; ++i) {
            address target = targets[i];
            bytes32 pinnedCode = $.codeHashes[key][i];
            bytes32 currentCode = _codeHash(target);
            if (currentCode != pinnedCode) revert CoopCharterCodeChanged(target, pinnedCode, currentCode);

            address pinnedImplementation = $.implementations[key][i];
            if (pinnedImplementation != address(0)) {
                address currentImplementation = _implementationOf(target);
                if (currentImplementation != pinnedImplementation) {
                    revert CoopCharterImplementationChanged(target, pinnedImplementation, currentImplementation);
                }
            }
        }
    }

    /// @inheritdoc ICoopCharter
    function guardianMayCancel(uint256 proposalId, address caller) external view returns (bool) {
        CharterStorage storage $ = _getCharterStorage();
        if (caller == address(0) || caller != $.guardian) return false;
        return !$.proposals[_proposalKey(msg.sender, proposalId)].setsGuardian;
    }

    /// @inheritdoc ICoopCharter
    function extraordinaryOutcome(
        uint256 proposalId,
        uint256 snapshot,
        uint256 againstVotes,
        uint256 forVotes,
        uint256 abstainVotes
    ) external view returns (bool quorumReached, bool majorityReached) {
        CharterStorage storage $ = _getCharterStorage();
        ProposalRecord memory record = $.proposals[_proposalKey(msg.sender, proposalId)];
        if (!record.extraordinary) return (true, true);

        uint256 totalWeight = $.membership.getPastTotalSupply(snapshot);
        uint256 quorum = Math.mulDiv(totalWeight, record.quorumPercent, PERCENT, Math.Rounding.Ceil);
        quorumReached = forVotes + abstainVotes >= quorum;
        majorityReached = forVotes * record.majorityDenominator >= (forVotes + againstVotes) * record.majorityNumerator;
    }

    /// @inheritdoc ICoopCharter
    function collegeModule() external view returns (ICoopColleges) {
        return _getCharterStorage().collegeModule;
    }

    // ---------------------------------------------------------------------------------------------
    // Changed only by the timelock, through extraordinary proposals
    // ---------------------------------------------------------------------------------------------

    /**
     * @notice Makes calling `selector` on `target` ordinary (`ordinary` true) or extraordinary again.
     * @dev `target` must be a registered contract of the cooperative, neither the timelock, a
     * governor nor this charter, and `selector` must not be an upgrade, role change or setting.
     */
    function setOrdinaryOperation(address target, bytes4 selector, bool ordinary) external onlyTimelock {
        _setOrdinaryOperation(target, selector, ordinary);
    }

    /// @notice Sets the thresholds of extraordinary proposals created from now on.
    function setExtraordinaryRules(ExtraordinaryRules calldata rules) external onlyTimelock {
        _setExtraordinaryRules(rules);
    }

    /**
     * @notice Adds `account` to the cooperative's contracts (`registered` true) or removes it.
     * @dev Calls to a registered contract are extraordinary unless listed as ordinary, and its
     * implementation is pinned if it is a proxy. Removing one makes calls to it ordinary again.
     */
    function setCoopContract(address account, bool registered) external onlyTimelock {
        _setCoopContract(account, registered);
    }

    /**
     * @notice Allows `governor` to record proposals (`registered` true) or withdraws it.
     * @dev The timelock roles of a new governor are granted separately, on the timelock.
     */
    function setGovernor(address governor, bool registered) external onlyTimelock {
        _setGovernor(governor, registered);
    }

    /**
     * @notice Names the college module that the governors feed with every vote, or removes it with
     * the zero address. The module must belong to this cooperative (same timelock and membership
     * register). Both governors then feed it with every vote and reject a vote that it rejects; a
     * governor that the module does not list counts by member, so naming the module first blocks
     * no vote.
     * @dev Votes already recorded in the previous module stay there, so a change during a vote
     * splits that vote's college tallies. Governance should change it between votes.
     */
    function setCollegeModule(ICoopColleges module) external onlyTimelock {
        CharterStorage storage $ = _getCharterStorage();
        if (
            address(module) != address(0) &&
            (module.timelock() != $.timelock || module.membership() != address($.membership))
        ) revert CoopCharterForeignCollegeModule(address(module));
        emit CollegeModuleSet(address($.collegeModule), address(module));
        $.collegeModule = module;
    }

    /**
     * @notice Names the guardian, who may cancel proposals that are not yet executed, and nothing
     * else. The zero address removes the guardian. The guardian cannot cancel a proposal that
     * calls this function, so it cannot keep itself in place against a vote.
     */
    function setGuardian(address guardian_) external onlyTimelock {
        CharterStorage storage $ = _getCharterStorage();
        emit GuardianSet($.guardian, guardian_);
        $.guardian = guardian_;
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice Returns whether a proposal with these actions would be extraordinary now.
    function isExtraordinary(address[] calldata targets, bytes[] calldata calldatas) external view returns (bool) {
        for (uint256 i = 0; i < targets.length; ++i) {
            if (_isExtraordinaryCall(targets[i], calldatas[i])) return true;
        }
        return false;
    }

    /// @notice Returns whether calling `selector` on `target` is on the list of ordinary operations.
    function isOrdinaryOperation(address target, bytes4 selector) external view returns (bool) {
        return _getCharterStorage().ordinary[target][selector];
    }

    /// @notice Returns whether `account` is the timelock, a governor, this charter or a registered contract.
    function isCoopContract(address account) public view returns (bool) {
        CharterStorage storage $ = _getCharterStorage();
        return _isCore(account) || $.coopContracts[account];
    }

    /// @notice Returns whether `account` is a governor allowed to record proposals.
    function isGovernor(address account) external view returns (bool) {
        return _getCharterStorage().governors[account];
    }

    /// @notice Returns the thresholds that extraordinary proposals created now would need.
    function extraordinaryRules() external view returns (ExtraordinaryRules memory) {
        return _getCharterStorage().rules;
    }

    /// @notice Returns what was recorded about `governor`'s proposal `proposalId` at its creation.
    function proposalRecord(address governor, uint256 proposalId) external view returns (ProposalRecord memory) {
        return _getCharterStorage().proposals[_proposalKey(governor, proposalId)];
    }

    /**
     * @notice Returns the code hash and the implementation (zero for none) pinned for action
     * `index` of `governor`'s proposal `proposalId`.
     */
    function pinnedTarget(
        address governor,
        uint256 proposalId,
        uint256 index
    ) external view returns (bytes32 codeHash, address implementation_) {
        CharterStorage storage $ = _getCharterStorage();
        bytes32 key = _proposalKey(governor, proposalId);
        return ($.codeHashes[key][index], $.implementations[key][index]);
    }

    /**
     * @notice Returns the voting weight that `governor`'s proposal `proposalId` needs from for and
     * abstain votes under the extraordinary quorum, or zero for an ordinary proposal. The
     * governor's `quorum(snapshot)` gives the ordinary quorum, and the higher of the two applies.
     */
    function extraordinaryQuorum(address governor, uint256 proposalId) external view returns (uint256) {
        CharterStorage storage $ = _getCharterStorage();
        ProposalRecord memory record = $.proposals[_proposalKey(governor, proposalId)];
        if (!record.extraordinary) return 0;
        uint256 totalWeight = $.membership.getPastTotalSupply(IGovernor(governor).proposalSnapshot(proposalId));
        return Math.mulDiv(totalWeight, record.quorumPercent, PERCENT, Math.Rounding.Ceil);
    }

    /// @inheritdoc ICoopCharter
    function guardian() external view returns (address) {
        return _getCharterStorage().guardian;
    }

    /// @notice Returns the cooperative's timelock.
    function timelock() external view returns (address) {
        return _getCharterStorage().timelock;
    }

    /// @notice Returns the cooperative's member register.
    function membership() external view returns (ICoopMembership) {
        return _getCharterStorage().membership;
    }

    /// @inheritdoc ICoopUpgradeable
    function implementation() external view returns (address) {
        return ERC1967Utils.getImplementation();
    }

    // ---------------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------------

    /// @dev Only the timelock, running a passed (extraordinary) proposal, can upgrade the charter.
    function _authorizeUpgrade(address) internal view override onlyTimelock {}

    function _setOrdinaryOperation(address target, bytes4 selector, bool ordinary) private {
        if (_isCore(target)) revert CoopCharterCoreContract(target);
        if (!_getCharterStorage().coopContracts[target]) revert CoopCharterNotCoopContract(target);
        if (ordinary && _isAlwaysExtraordinary(selector)) revert CoopCharterAlwaysExtraordinary(selector);
        _getCharterStorage().ordinary[target][selector] = ordinary;
        emit OrdinaryOperationSet(target, selector, ordinary);
    }

    function _setExtraordinaryRules(ExtraordinaryRules calldata rules) private {
        bool valid =
            rules.quorumPercent >= 1 &&
                rules.quorumPercent <= PERCENT &&
                rules.majorityNumerator <= rules.majorityDenominator &&
                uint256(rules.majorityNumerator) * 2 >= rules.majorityDenominator &&
                rules.majorityNumerator != 0;
        if (!valid) {
            revert CoopCharterInvalidRules(rules.quorumPercent, rules.majorityNumerator, rules.majorityDenominator);
        }
        _getCharterStorage().rules = rules;
        emit ExtraordinaryRulesSet(rules.quorumPercent, rules.majorityNumerator, rules.majorityDenominator);
    }

    function _setCoopContract(address account, bool registered) private {
        if (account == address(0)) revert CoopCharterZeroAddress("account");
        if (_isCore(account)) revert CoopCharterCoreContract(account);
        _getCharterStorage().coopContracts[account] = registered;
        emit CoopContractSet(account, registered);
    }

    function _setGovernor(address governor, bool registered) private {
        if (governor == address(0)) revert CoopCharterZeroAddress("governor");
        _getCharterStorage().governors[governor] = registered;
        emit GovernorSet(governor, registered);
    }

    /// @dev Reads the document CID from a description, or reverts with the reason.
    function _requireDocument(string calldata description) private pure returns (bytes memory) {
        (bool found, bool valid, bytes memory cid, string memory excerpt) = DocumentUri.findCid(description);
        if (!found) revert CoopCharterMissingDocument();
        if (!valid) revert CoopCharterInvalidDocument(excerpt);
        return cid;
    }

    function _isExtraordinaryCall(address target, bytes calldata data) private view returns (bool) {
        CharterStorage storage $ = _getCharterStorage();
        if (_isCore(target)) return true;
        if (!$.coopContracts[target]) return false;
        if (data.length < 4) return true;
        return !$.ordinary[target][bytes4(data[:4])];
    }

    function _isSetGuardianCall(address target, bytes calldata data) private view returns (bool) {
        return target == address(this) && data.length >= 4 && bytes4(data[:4]) == this.setGuardian.selector;
    }

    function _isCore(address account) private view returns (bool) {
        CharterStorage storage $ = _getCharterStorage();
        return account == address(this) || account == $.timelock || $.governors[account];
    }

    /**
     * @dev Returns whether `selector` is an upgrade, a role or ownership change, a setting of the
     * membership or share capital contracts, or a rate or fee recipient of the fee router: functions
     * that no list can make ordinary. Selectors of
     * the timelock, the governors and the charter need no entry: calls to them are all extraordinary.
     */
    function _isAlwaysExtraordinary(bytes4 selector) private pure returns (bool) {
        return
            selector == UUPSUpgradeable.upgradeToAndCall.selector ||
            selector == GovernorUpgradeable.relay.selector ||
            selector == IAccessControl.grantRole.selector ||
            selector == IAccessControl.revokeRole.selector ||
            selector == IAccessControl.renounceRole.selector ||
            selector == OwnableUpgradeable.transferOwnership.selector ||
            selector == OwnableUpgradeable.renounceOwnership.selector ||
            selector == TimelockController.updateDelay.selector ||
            selector == GovernorSettingsUpgradeable.setVotingDelay.selector ||
            selector == GovernorSettingsUpgradeable.setVotingPeriod.selector ||
            selector == GovernorSettingsUpgradeable.setProposalThreshold.selector ||
            selector == GovernorVotesQuorumFractionUpgradeable.updateQuorumNumerator.selector ||
            selector == GovernorPreventLateQuorumUpgradeable.setLateQuorumVoteExtension.selector ||
            selector == GovernorTimelockControlUpgradeable.updateTimelock.selector ||
            selector == CoopMembership.setWeight.selector ||
            selector == CoopMembership.setCollege.selector ||
            selector == CoopMembership.setAdmissionPolicy.selector ||
            selector == CoopMembership.setProbationPeriod.selector ||
            selector == CoopMembership.setAdmissionsOfficer.selector ||
            selector == CoopMembership.setDataOfficer.selector ||
            selector == CoopMembership.setProxyVoting.selector ||
            selector == CoopShares.setNoticePeriod.selector ||
            selector == CoopShares.setCapitalFloor.selector ||
            selector == CoopShares.setMinimumShares.selector ||
            selector == CoopShares.recordLosses.selector ||
            selector == ICoopColleges.setColleges.selector ||
            selector == ICoopColleges.setBounds.selector ||
            selector == ICoopColleges.setEnabled.selector ||
            selector == ICoopColleges.setQuorumMode.selector ||
            selector == ICoopColleges.setGovernor.selector ||
            selector == IFeeRouter.setServiceFee.selector ||
            selector == IFeeRouter.setDues.selector ||
            selector == IFeeRouter.setServiceFeeRecipient.selector ||
            selector == IFeeRouter.setDuesRecipient.selector;
    }

    /// @dev Code hash of `account`, or zero when it has no code, whether or not the account exists.
    function _codeHash(address account) private view returns (bytes32) {
        return account.code.length == 0 ? bytes32(0) : account.codehash;
    }

    /**
     * @dev Implementation behind `proxy` as its `implementation()` reports it, or zero when the call
     * fails or returns anything but one word. The call gets `IMPLEMENTATION_CALL_GAS`, so a target
     * cannot make recording a proposal expensive.
     */
    function _implementationOf(address proxy) private view returns (address) {
        (bool ok, bytes memory data) = proxy.staticcall{gas: IMPLEMENTATION_CALL_GAS}(
            abi.encodeCall(ICoopUpgradeable.implementation, ())
        );
        if (!ok || data.length != 32) return address(0);
        return address(uint160(uint256(bytes32(data))));
    }

    function _proposalKey(address governor, uint256 proposalId) private pure returns (bytes32) {
        return keccak256(abi.encode(governor, proposalId));
    }

    function _getCharterStorage() private pure returns (CharterStorage storage $) {
        assembly ("memory-safe") {
            $.slot := CHARTER_STORAGE_LOCATION
        }
    }
}
