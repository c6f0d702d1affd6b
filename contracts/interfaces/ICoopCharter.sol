// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ICoopCharter
 * @notice The rules a cooperative's statutes set for its proposals: which decisions are
 * extraordinary and the majority and quorum they need, the document every proposal must cite,
 * the code of each target pinned from creation to execution, and an optional guardian who may
 * cancel proposals.
 */
import {ICoopColleges} from "./ICoopColleges.sol";

interface ICoopCharter {
    /**
     * @notice Thresholds of extraordinary proposals.
     * @param quorumPercent Share of the total voting weight at the snapshot, in percent, that must
     * vote for or abstain. The ordinary quorum still applies when it is higher.
     * @param majorityNumerator Numerator of the share of for+against votes that must be for.
     * @param majorityDenominator Denominator of that share: 2 and 3 for two thirds.
     */
    struct ExtraordinaryRules {
        uint16 quorumPercent;
        uint16 majorityNumerator;
        uint16 majorityDenominator;
    }

    /// @notice A function of one of the cooperative's contracts.
    struct Operation {
        address target;
        bytes4 selector;
    }

    /**
     * @notice What the charter recorded about a proposal when it was created, in one storage slot.
     * @param extraordinary Whether the proposal needs the extraordinary thresholds.
     * @param actionCount Number of actions, whose targets' code is pinned.
     * @param quorumPercent The extraordinary quorum in force at creation, which the vote keeps.
     * @param majorityNumerator Numerator of the extraordinary majority in force at creation.
     * @param majorityDenominator Denominator of that majority.
     * @param setsGuardian Whether the proposal calls {setGuardian}, so the guardian cannot cancel it.
     */
    struct ProposalRecord {
        bool extraordinary;
        uint32 actionCount;
        uint16 quorumPercent;
        uint16 majorityNumerator;
        uint16 majorityDenominator;
        bool setsGuardian;
    }

    /// @notice A proposal of `governor` was recorded, with its binary document CID and its class.
    event ProposalRecorded(address indexed governor, uint256 indexed proposalId, bytes document, bool extraordinary);

    /// @notice Calling `selector` on `target` became ordinary (`ordinary` true) or extraordinary.
    event OrdinaryOperationSet(address indexed target, bytes4 indexed selector, bool ordinary);

    /// @notice The thresholds of extraordinary proposals created from now on changed.
    event ExtraordinaryRulesSet(uint16 quorumPercent, uint16 majorityNumerator, uint16 majorityDenominator);

    /// @notice `account` became one of the cooperative's contracts (`registered` true) or left the list.
    event CoopContractSet(address indexed account, bool registered);

    /// @notice `governor` may now record proposals (`registered` true) or no longer may.
    event GovernorSet(address indexed governor, bool registered);

    /// @notice The guardian, who may cancel proposals, changed from `previous` to `guardian`.
    event GuardianSet(address indexed previous, address indexed guardian);

    /// @notice Only the cooperative's timelock, running a passed proposal, may call this.
    /// @notice Emitted when governance names the college module that the governors feed, or removes it.
    event CollegeModuleSet(address indexed previous, address indexed module);

    error CoopCharterOnlyTimelock(address caller);

    /// @notice The college module `module` belongs to another cooperative: its timelock or membership differs.
    error CoopCharterForeignCollegeModule(address module);

    /// @notice Only a governor of the cooperative may record or check its proposals.
    error CoopCharterOnlyGovernor(address caller);

    /// @notice An initializer argument named `parameter` is the zero address.
    error CoopCharterZeroAddress(string parameter);

    /// @notice The description has no `ipfs://` URI of the proposal's document.
    error CoopCharterMissingDocument();

    /**
     * @notice The document URI is not a CIDv1 in lowercase base32 (`ipfs://b...`) with a
     * well-formed binary form. `uri` is the part that was read.
     */
    error CoopCharterInvalidDocument(string uri);

    /// @notice The proposal has `count` actions, more than the `max` that execution can check.
    error CoopCharterTooManyActions(uint256 count, uint256 max);

    /// @notice `governor` already recorded proposal `proposalId`.
    error CoopCharterProposalExists(address governor, uint256 proposalId);

    /// @notice `governor` has no record of proposal `proposalId`.
    error CoopCharterUnknownProposal(address governor, uint256 proposalId);

    /// @notice `target`'s code hash is `current`, no longer the `pinned` one of the proposal's creation.
    error CoopCharterCodeChanged(address target, bytes32 pinned, bytes32 current);

    /// @notice Proxy `target` now runs `current`, no longer the `pinned` implementation.
    error CoopCharterImplementationChanged(address target, address pinned, address current);

    /// @notice `target` is the timelock, a governor or the charter, whose functions are all extraordinary.
    error CoopCharterCoreContract(address target);

    /// @notice `target` is not one of the cooperative's contracts, so its calls are ordinary already.
    error CoopCharterNotCoopContract(address target);

    /// @notice `selector` (an upgrade, role change, relay or setting) is always extraordinary.
    error CoopCharterAlwaysExtraordinary(bytes4 selector);

    /// @notice Thresholds out of range: quorum from 1 to 100 percent, majority from 1/2 to 1.
    error CoopCharterInvalidRules(uint16 quorumPercent, uint16 majorityNumerator, uint16 majorityDenominator);

    /**
     * @notice Records a new proposal of the calling governor: reads its document CID from
     * `description`, classifies it and pins the code of its targets.
     * @return extraordinary Whether the proposal needs the extraordinary thresholds.
     */
    function recordProposal(
        uint256 proposalId,
        address[] calldata targets,
        bytes[] calldata calldatas,
        string calldata description
    ) external returns (bool extraordinary);

    /**
     * @notice Reverts unless each of `targets` has the code, and each proxy of the cooperative the
     * implementation, that it had when the calling governor's proposal `proposalId` was created.
     */
    function checkTargets(uint256 proposalId, address[] calldata targets) external view;

    /**
     * @notice Returns whether the calling governor's proposal `proposalId` meets the extraordinary
     * quorum and majority; both are true for an ordinary proposal.
     * @param snapshot The proposal's snapshot, at which the total voting weight is read.
     */
    function extraordinaryOutcome(
        uint256 proposalId,
        uint256 snapshot,
        uint256 againstVotes,
        uint256 forVotes,
        uint256 abstainVotes
    ) external view returns (bool quorumReached, bool majorityReached);

    /**
     * @notice Returns whether `caller` may cancel the calling governor's proposal `proposalId` as
     * the guardian: it is the guardian, and the proposal does not change the guardian.
     */
    function guardianMayCancel(uint256 proposalId, address caller) external view returns (bool);

    /// @notice Returns the account that may cancel proposals not yet executed, or zero for none.
    function guardian() external view returns (address);

    /**
     * @notice Returns the college module that the governors feed with every vote, or zero for none.
     * Whether votes are counted by college depends on the module's setting at each proposal's snapshot.
     */
    function collegeModule() external view returns (ICoopColleges);
}
