// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICoopCharter} from "./ICoopCharter.sol";
import {ICoopMembership} from "./ICoopMembership.sol";

/**
 * @title ICoopFactory
 * @notice Deploys a whole cooperative in one transaction, at addresses that depend only on the
 * deployer, a salt of their choice and the timelock delay, and keeps a register of what it deployed.
 *
 * A cooperative is its timelock and six ERC-1967 proxies (membership, yes/no governor, share
 * capital, charter, majority-judgment governor, fee router) over the implementations that the
 * factory was built with. Every proxy is initialized in the transaction that creates it, so no
 * initializer is ever left open, and the timelock owns everything from the first block.
 */
interface ICoopFactory {
    /**
     * @notice Voting rules shared by both governors, and the timelock delay. Times are in seconds.
     * @param votingDelay Time between a proposal and its snapshot, when voting opens.
     * @param votingPeriod How long voting lasts.
     * @param quorumPercent Quorum in percent of the total weight at the snapshot, 0 to 100.
     * @param lateQuorumExtension Minimum voting time left after quorum is reached (both governors).
     * @param timelockDelay Time between queueing a passed proposal and executing it.
     */
    struct GovernanceSettings {
        uint48 votingDelay;
        uint32 votingPeriod;
        uint16 quorumPercent;
        uint48 lateQuorumExtension;
        uint256 timelockDelay;
    }

    /**
     * @notice The grade scale of majority-judgment proposals; grade 0 is the worst.
     * @param gradeCount Grades on the scale.
     * @param minimumGrade Lowest majority grade that lets a winning option execute.
     */
    struct GradeScale {
        uint8 gradeCount;
        uint8 minimumGrade;
    }

    /**
     * @notice Terms of the share capital, fixed in the statutes.
     * @param paymentToken ERC-20 token that shares are paid in, or the zero address for ETH.
     * @param nominalValue Price of one share in the payment token's smallest unit (wei for ETH).
     * @param minimumShares Shares a member keeps, and subscribes to join under open admission.
     * @param noticePeriod Seconds between a redemption request and its due date.
     * @param floorBps Capital floor in basis points of the highest capital.
     */
    // The struct is only passed in calldata, where every field takes a word, so field order saves nothing.
    // solhint-disable-next-line gas-struct-packing
    struct CapitalTerms {
        address paymentToken;
        uint256 nominalValue;
        uint256 minimumShares;
        uint48 noticePeriod;
        uint16 floorBps;
    }

    /**
     * @notice The fees that the fee router keeps on each marketplace payment.
     * @param serviceFeeBps Service fee in basis points of each payment.
     * @param duesBps Membership dues in basis points of each payment to a member.
     * @param serviceFeeRecipient Recipient of the service fees; zero means the cooperative's timelock.
     * @param duesRecipient Recipient of the dues; zero means the cooperative's timelock.
     * @param tokens ERC-20 tokens accepted for payments from the start; ETH always is.
     */
    struct FeeTerms {
        uint16 serviceFeeBps;
        uint16 duesBps;
        address serviceFeeRecipient;
        address duesRecipient;
        address[] tokens;
    }

    /**
     * @notice Everything a new cooperative is created with.
     * @param name Name of the cooperative, of its membership token and of its signing domains.
     * @param symbol Symbol of the membership token.
     * @param founders Founding members, admitted at creation.
     * @param memberWeight Weight of each founding and newly admitted member, at least 1.
     * @param admissionPolicy How people become members from the start.
     * @param governance Voting rules and timelock delay.
     * @param extraordinary Thresholds of proposals that change the cooperative itself.
     * @param gradeScale Grade scale of majority-judgment proposals.
     * @param capital Share capital terms.
     * @param fees Marketplace fees.
     * @param metadataCid Binary CID of the cooperative's public description, or empty.
     * @param statutesCid Binary CID of the statutes, or empty.
     */
    struct CooperativeConfig {
        string name;
        string symbol;
        address[] founders;
        uint96 memberWeight;
        ICoopMembership.AdmissionPolicy admissionPolicy;
        GovernanceSettings governance;
        ICoopCharter.ExtraordinaryRules extraordinary;
        GradeScale gradeScale;
        CapitalTerms capital;
        FeeTerms fees;
        bytes metadataCid;
        bytes statutesCid;
    }

    /// @notice Addresses of a cooperative's contracts.
    struct CooperativeAddresses {
        address timelock;
        address membership;
        address governor;
        address shares;
        address charter;
        address judgment;
        address feeRouter;
    }

    /**
     * @notice Emitted when `deployer` creates a cooperative with `salt`, whose documents are at
     * `metadataCid` and `statutesCid` (binary CIDs, or empty).
     */
    event CooperativeCreated(
        address indexed deployer,
        bytes32 indexed salt,
        CooperativeAddresses addresses,
        bytes metadataCid,
        bytes statutesCid
    );

    /// @notice The implementation given for `role` is the zero address or has no code.
    error CoopFactoryInvalidImplementation(string role, address implementation);

    /// @notice `deployer` already created a cooperative with `salt`: choose another salt.
    error CoopFactoryCooperativeExists(address deployer, bytes32 salt);

    /**
     * @notice Deploys and initializes a cooperative, owned by its timelock, and registers it.
     * @dev The addresses are those of {predictAddresses} for the caller, `salt` and the timelock
     * delay. An invalid setting reverts with the error of the contract that checks it, and
     * nothing is deployed.
     * @param salt Any value that the caller has not used with this factory before.
     * @param config The cooperative's settings.
     * @return addresses The cooperative's contracts.
     */
    function createCooperative(
        bytes32 salt,
        CooperativeConfig calldata config
    ) external returns (CooperativeAddresses memory addresses);

    /**
     * @notice Returns the addresses that {createCooperative} gives a cooperative created by
     * `deployer` with `salt` and a timelock delay of `timelockDelay` seconds.
     * @dev The six proxies depend only on `deployer` and `salt`; the timelock also depends on its
     * delay, because the delay is a constructor argument.
     */
    function predictAddresses(
        address deployer,
        bytes32 salt,
        uint256 timelockDelay
    ) external view returns (CooperativeAddresses memory addresses);

    /// @notice Returns whether `account` is the timelock or the membership of a cooperative made by this factory.
    function isCooperative(address account) external view returns (bool);

    /// @notice Returns the shared implementations that each cooperative's proxies point to.
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
        );
}
