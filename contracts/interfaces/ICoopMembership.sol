// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/**
 * @title ICoopMembership
 * @notice The member register of one cooperative: one non-transferable ERC-721 token per member,
 * and the votes (ERC-5805) that the cooperative's governors read at each proposal's snapshot.
 *
 * Every member holds the same weight, whatever their share capital: one vote in a cooperative of
 * persons, or a large equal weight set at creation in a federation, so that a member cooperative can
 * split it in proportion to its own vote. Only governance can give one member another weight. Time is measured in
 * seconds (ERC-6372 `mode=timestamp`), so voting periods mean the same on every chain.
 */
interface ICoopMembership is IERC5805 {
    /// @notice How people become members. Governance can always admit by a proposal.
    enum AdmissionPolicy {
        /// Only by a decision of governance.
        Governance,
        /// By an application, approved by governance or by an admissions officer.
        Application,
        /// By subscribing at least the minimum number of shares, with a probation period.
        Open
    }

    /// @notice Emitted when `member` joins the cooperative and receives membership token `tokenId`.
    event MemberAdmitted(address indexed member, uint256 indexed tokenId);

    /// @notice Emitted when a member admitted on probation gets their votes.
    event MemberActivated(address indexed member, uint256 weight);

    /// @notice Emitted when `member` resigns.
    event MemberResigned(address indexed member);

    /// @notice Emitted when governance excludes `member`, for the reason documented at `reasonCid`.
    event MemberExcluded(address indexed member, bytes reasonCid);

    /// @notice Emitted when governance sets the voting weight of `member`.
    event MemberWeightSet(address indexed member, uint256 weight);

    /// @notice Emitted when the weight given to each newly admitted member is set, at creation or by governance.
    event MemberWeightDefaultSet(uint256 weight);

    /// @notice Emitted when governance assigns `member` to college `college`.
    event MemberCollegeSet(address indexed member, uint16 college);

    /// @notice Emitted when `member` sets the CID of their public profile (empty clears it).
    event MemberProfileSet(address indexed member, bytes profileCid);

    /// @notice Emitted when `member` sets the CID of their encrypted personal data (empty clears it).
    event MemberPersonalDataSet(address indexed member, bytes personalDataCid);

    /// @notice Emitted when `member` sets the public key that documents for them are encrypted to.
    event MemberEncryptionKeySet(address indexed member, bytes encryptionKey);

    /// @notice Emitted when `applicant` applies, with the CID of their application document.
    event ApplicationSubmitted(address indexed applicant, bytes applicationCid);

    /// @notice Emitted when `applicant` withdraws their application.
    event ApplicationWithdrawn(address indexed applicant);

    /// @notice Emitted when the application of `applicant` is rejected, for the reason at `reasonCid`.
    event ApplicationRejected(address indexed applicant, bytes reasonCid);

    /// @notice Emitted when the admission policy is set, at creation or by governance.
    event AdmissionPolicySet(AdmissionPolicy policy);

    /// @notice Emitted when governance changes the probation period of open admission, in seconds.
    event ProbationPeriodSet(uint48 probationPeriod);

    /// @notice Emitted when governance grants (`granted` true) or revokes the admissions officer role.
    event AdmissionsOfficerSet(address indexed account, bool granted);

    /// @notice Emitted when governance grants or revokes the data officer role of `account`.
    event DataOfficerSet(address indexed account, bool granted);

    /// @notice Emitted when `erasedBy` erases the personal data CID and encryption key of `member`.
    event MemberPersonalDataErased(address indexed member, address indexed erasedBy);

    /// @notice Emitted when governance enables or disables proxy voting and sets how many members
    /// one member may represent.
    event ProxyVotingSet(bool enabled, uint32 maxRepresented);

    /// @notice The caller is not the cooperative's timelock, the only account allowed to act.
    error CoopMembershipUnauthorized(address caller);

    /// @notice `account` is already a member and cannot be admitted again.
    error CoopMembershipAlreadyMember(address account);

    /// @notice `account` is not a member.
    error CoopMembershipNotMember(address account);

    /// @notice The zero address, the timelock and the shares contract cannot be members.
    error CoopMembershipInvalidMember(address account);

    /// @notice Membership tokens cannot be transferred or approved: membership is personal.
    error CoopMembershipNonTransferable(uint256 tokenId);

    /// @notice Proxy voting is disabled, so `account` can only vote for themselves.
    error CoopMembershipDelegationDisabled(address account);

    /// @notice `delegatee` already represents `maxRepresented` other members.
    error CoopMembershipTooManyRepresented(address delegatee, uint32 maxRepresented);

    /// @notice An initializer argument named `parameter` is the zero address.
    error CoopMembershipZeroAddress(string parameter);

    /// @notice The admission policy is `current`, which does not allow this way of joining.
    error CoopMembershipAdmissionClosed(AdmissionPolicy current);

    /// @notice `applicant` already has a pending application.
    error CoopMembershipAlreadyApplied(address applicant);

    /// @notice `applicant` has no pending application.
    error CoopMembershipNoApplication(address applicant);

    /// @notice `member` is still on probation until `probationEnds`, or already has their votes.
    error CoopMembershipNotActivatable(address member, uint48 probationEnds);

    /// @notice A member's weight must be at least 1; `weight` is not.
    error CoopMembershipInvalidWeight(uint256 weight);

    /// @notice `probationPeriod` is longer than `maxProbationPeriod` seconds.
    error CoopMembershipInvalidProbationPeriod(uint48 probationPeriod, uint48 maxProbationPeriod);

    /// @notice `key` is not a 32-byte X25519 or 33-byte compressed secp256k1 public key.
    error CoopMembershipInvalidEncryptionKey(bytes key);

    /// @notice `member` has neither a personal data CID nor an encryption key to erase.
    error CoopMembershipNothingToErase(address member);

    /**
     * @notice Admits `member`: mints their membership token and gives them {memberWeight} votes.
     * @dev Only the timelock, under any admission policy. The vote counts from the next second:
     * proposals whose snapshot is earlier ignore it. Clears a pending application of `member`.
     */
    function admit(address member) external;

    /**
     * @notice Admits `member`, who subscribed at least the minimum of shares, on probation.
     * @dev Only the shares contract, and only while the admission policy is Open. The member gets
     * their vote when {activate} is called after the probation period.
     */
    function admitBySubscription(address member) external;

    /// @notice Gives a member admitted on probation their votes, once the probation is over. Anyone may call it.
    function activate(address member) external;

    /**
     * @notice Excludes `member` for the reason documented at `reasonCid`: burns their token,
     * withdraws their votes, clears their recorded data and queues the redemption of their shares.
     * @dev Only the timelock. Votes the member already cast stay counted.
     */
    function exclude(address member, bytes calldata reasonCid) external;

    /**
     * @notice Ends the caller's membership: burns their token, withdraws their votes, clears their
     * recorded data (profile, personal data CID, encryption key) and queues the redemption of their shares.
     * @dev Votes already cast stay counted. Re-admission later follows the admission policy.
     */
    function resign() external;

    /// @notice Applies for membership with the CID of an application document. Policy Application only.
    function applyForMembership(bytes calldata applicationCid) external;

    /// @notice Withdraws the caller's pending application.
    function withdrawApplication() external;

    /// @notice Admits `applicant`, whose application is pending, while the policy is Application.
    /// Only the timelock or an admissions officer.
    function approveApplication(address applicant) external;

    /// @notice Rejects the application of `applicant`. Only the timelock or an admissions officer.
    function rejectApplication(address applicant, bytes calldata reasonCid) external;

    /// @notice Sets the voting weight of `member` (at least 1). Only the timelock.
    function setWeight(address member, uint96 weight) external;

    /**
     * @notice Sets the weight that each member admitted from now on receives, at least 1. Only the timelock.
     * @dev Current members keep their weight: change it one by one with {setWeight}.
     */
    function setMemberWeight(uint96 weight) external;

    /// @notice Assigns `member` to college `college` (a member category). Only the timelock.
    function setCollege(address member, uint16 college) external;

    /// @notice Sets the admission policy. Only the timelock.
    function setAdmissionPolicy(AdmissionPolicy policy) external;

    /// @notice Sets the probation period of open admission, in seconds, at most ten years. Only the timelock.
    function setProbationPeriod(uint48 probationPeriod) external;

    /// @notice Grants or revokes the admissions officer role of `account`. Only the timelock.
    function setAdmissionsOfficer(address account, bool granted) external;

    /**
     * @notice Grants or revokes the data officer role of `account`, who can erase any member's
     * personal data CID and encryption key on the member's request. Only the timelock.
     */
    function setDataOfficer(address account, bool granted) external;

    /**
     * @notice Enables or disables proxy voting, and sets how many members one member may represent.
     * Only the timelock.
     * @dev Disabling stops new delegations to others; existing ones stay until each member
     * delegates back to themselves, because ending them all would need a loop over members.
     */
    function setProxyVoting(bool enabled, uint32 maxRepresented) external;

    /// @notice Sets the CID of the caller's public profile; empty clears it.
    function setProfile(bytes calldata profileCid) external;

    /// @notice Sets the CID of the caller's encrypted personal data; empty clears it.
    function setPersonalData(bytes calldata personalDataCid) external;

    /// @notice Sets the caller's encryption public key (32-byte X25519 or 33-byte secp256k1); empty clears it.
    function setEncryptionKey(bytes calldata encryptionKey) external;

    /**
     * @notice Erases the personal data CID and the encryption key of `member`; the public profile
     * stays. The member, a data officer or the timelock can call it.
     * @dev Only the on-chain half of erasure: the wrapped data keys live off chain and are deleted
     * there, which makes the pinned ciphertext unreadable. Past events still hold the old values.
     */
    function erasePersonalData(address member) external;

    /// @notice Returns whether `account` is a member now.
    function isMember(address account) external view returns (bool);

    /// @notice Returns the number of current members.
    function memberCount() external view returns (uint256);

    /// @notice Returns the membership token id of `member`, which is derived from their address.
    function tokenIdOf(address member) external pure returns (uint256);

    /// @notice Returns the cooperative's timelock, which governs this register.
    function timelock() external view returns (address);

    /// @notice Returns the cooperative's share capital contract.
    function shares() external view returns (address);

    /// @notice Returns the weight that each newly admitted member receives.
    function memberWeight() external view returns (uint96);

    /// @notice Returns the admission policy.
    function admissionPolicy() external view returns (AdmissionPolicy);

    /// @notice Returns the probation period of open admission, in seconds.
    function probationPeriod() external view returns (uint48);

    /// @notice Returns whether `account` is an admissions officer.
    function isAdmissionsOfficer(address account) external view returns (bool);

    /// @notice Returns whether `account` holds the data officer role.
    function isDataOfficer(address account) external view returns (bool);

    /// @notice Returns whether proxy voting is enabled and how many members one member may represent.
    function proxyVoting() external view returns (bool enabled, uint32 maxRepresented);

    /// @notice Returns how many other members `member` represents by proxy.
    function representedCount(address member) external view returns (uint32);

    /**
     * @notice Returns the record of `member`: weight, the votes credited now (0 while on probation),
     * the end of probation and the college.
     */
    function memberInfo(
        address member
    ) external view returns (uint96 weight, uint96 votesCredited, uint48 probationEnds, uint16 college);

    /// @notice Returns whether `applicant` has a pending application.
    function hasApplied(address applicant) external view returns (bool);

    /// @notice Returns the CIDs of the public profile and encrypted personal data of `member`, and their key.
    function memberData(
        address member
    ) external view returns (bytes memory profileCid, bytes memory personalDataCid, bytes memory encryptionKey);
}
