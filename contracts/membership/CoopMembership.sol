// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";
import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {ICoopMembership} from "../interfaces/ICoopMembership.sol";
import {ICoopShares} from "../interfaces/ICoopShares.sol";
import {ICoopUpgradeable} from "../interfaces/ICoopUpgradeable.sol";
import {ERC1967Utils} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Utils.sol";
import {Cid} from "../ipfs/Cid.sol";

/**
 * @title CoopMembership
 * @notice The member register of a cooperative. Each member holds one non-transferable ERC-721
 * token and one vote, whatever their share capital, so the cooperative's governors count one
 * member, one vote. Admission follows the policy the members voted; exit repays their shares.
 *
 * @dev Deviations from the standards it implements, on purpose:
 * - ERC-721: transfers and approvals revert. A token is minted on admission and burned on exit.
 * - ERC-5805: each member is delegated to themselves on admission, so their vote counts without a
 *   delegation transaction. Delegating to someone else (proxy voting) is off unless governance
 *   enables it, and then only to a current member who represents fewer than the allowed number.
 * - ERC-6372: the clock is the block timestamp (`mode=timestamp`).
 *
 * Voting units are credited explicitly: a member's weight ({memberWeight} unless governance sets
 * another) on admission, or when probation ends, and debited on exit. Every change goes through the votes
 * checkpoints, so `getPastVotes` and `getPastTotalSupply` give each weight and the total weight at
 * any past second.
 *
 * WARNING: votes delegated to a member who then leaves stay with that former member, who cannot
 * vote, until each delegator delegates again. Ending those delegations on exit would need a loop
 * over delegators.
 *
 * Tokens are minted with `_mint`, which calls no receiver hook, so a contract member cannot
 * re-enter admission while it is being admitted. The contract sits behind an ERC-1967 proxy
 * (UUPS); only the timelock can upgrade it. Its own state lives in the ERC-7201 namespace
 * `worldcoop.storage.CoopMembership`.
 */
contract CoopMembership is
    Initializable,
    ERC721Upgradeable,
    VotesUpgradeable,
    UUPSUpgradeable,
    ICoopMembership,
    ICoopUpgradeable
{
    /// @notice The usual weight of a new member in a cooperative of persons: one vote. A federation
    /// sets a larger {memberWeight} at creation. Share capital never adds votes.
    uint96 public constant DEFAULT_WEIGHT = 1;

    /// @notice Longest probation period governance can set: ten years, in seconds.
    uint48 public constant MAX_PROBATION_PERIOD = 10 * 365 days;

    /// @dev Lengths of the accepted encryption public keys: X25519, and compressed secp256k1.
    uint256 private constant X25519_KEY_LENGTH = 32;
    uint256 private constant SECP256K1_COMPRESSED_KEY_LENGTH = 33;

    /// @dev What the register keeps per member, in one storage slot.
    struct MemberRecord {
        uint96 weight;
        uint96 votesCredited;
        uint48 probationEnds;
        uint16 college;
        bool applied;
    }

    /// @dev Each member's public profile, encrypted personal data and encryption key.
    struct MemberData {
        bytes profileCid;
        bytes personalDataCid;
        bytes encryptionKey;
    }

    /// @custom:storage-location erc7201:worldcoop.storage.CoopMembership
    // solhint-disable-next-line gas-struct-packing
    struct MembershipStorage {
        address timelock;
        uint256 memberCount;
        // `timelock` and `memberCount` keep the first release's slots; the next five share one slot.
        address shares;
        AdmissionPolicy admissionPolicy;
        bool proxyVotingEnabled;
        uint32 maxRepresented;
        uint48 probationPeriod;
        mapping(address member => MemberRecord) records;
        mapping(address member => MemberData) data;
        mapping(address member => uint32) represented;
        mapping(address account => bool) admissionsOfficers;
        mapping(address account => bool) dataOfficers;
        // Appended after the first release's fields, so upgraded proxies keep their layout. Zero in a
        // proxy upgraded from a release without it, which {_admit} reads as {DEFAULT_WEIGHT}.
        uint96 memberWeight;
    }

    // keccak256(abi.encode(uint256(keccak256("worldcoop.storage.CoopMembership")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant MEMBERSHIP_STORAGE_LOCATION =
        0x490ec6b1ddcb0290e94f1faef39100639f50dbe6bc9a687973484ebd6713b400;

    modifier onlyTimelock() {
        if (msg.sender != _getMembershipStorage().timelock) revert CoopMembershipUnauthorized(msg.sender);
        _;
    }

    modifier onlyAdmissions() {
        MembershipStorage storage $ = _getMembershipStorage();
        if (msg.sender != $.timelock && !$.admissionsOfficers[msg.sender]) {
            revert CoopMembershipUnauthorized(msg.sender);
        }
        _;
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Sets up the register of a new cooperative and admits its founding members.
     * @param name_ The cooperative's name, also the EIP-712 domain name (stored, so any length works).
     * @param symbol_ The membership token's symbol.
     * @param timelock_ The cooperative's timelock, the only account that can govern this register.
     * @param shares_ The cooperative's share capital contract, told when a member leaves.
     * @param founders The founding members, admitted now with `memberWeight_` votes each, from the next second.
     * @param memberWeight_ The weight of each founding and newly admitted member, at least 1:
     * {DEFAULT_WEIGHT} in a cooperative of persons, a large equal weight such as 1,000,000 in a federation.
     * @param policy_ The admission policy from the start.
     */
    function initialize(
        string calldata name_,
        string calldata symbol_,
        address timelock_,
        address shares_,
        address[] calldata founders,
        uint96 memberWeight_,
        AdmissionPolicy policy_
    ) external initializer {
        if (timelock_ == address(0)) revert CoopMembershipZeroAddress("timelock");
        if (shares_ == address(0)) revert CoopMembershipZeroAddress("shares");
        __ERC721_init(name_, symbol_);
        __EIP712_init(name_, "1");
        __Votes_init();

        MembershipStorage storage $ = _getMembershipStorage();
        $.timelock = timelock_;
        $.shares = shares_;
        _setMemberWeight(memberWeight_);
        $.admissionPolicy = policy_;
        emit AdmissionPolicySet(policy_);
        for (uint256 i = 0; i < founders.length; ++i) {
            _admit(founders[i], false);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Admission and exit
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopMembership
    function admit(address member) external onlyTimelock {
        _admit(member, false);
    }

    /// @inheritdoc ICoopMembership
    function admitBySubscription(address member) external {
        MembershipStorage storage $ = _getMembershipStorage();
        if (msg.sender != $.shares) revert CoopMembershipUnauthorized(msg.sender);
        if ($.admissionPolicy != AdmissionPolicy.Open) revert CoopMembershipAdmissionClosed($.admissionPolicy);
        _admit(member, $.probationPeriod != 0);
    }

    /// @inheritdoc ICoopMembership
    function activate(address member) external {
        MemberRecord storage record = _getMembershipStorage().records[member];
        uint48 probationEnds = record.probationEnds;
        if (!isMember(member) || probationEnds == 0 || clock() < probationEnds) {
            revert CoopMembershipNotActivatable(member, probationEnds);
        }
        record.probationEnds = 0;
        _credit(member, record.weight);
        emit MemberActivated(member, record.weight);
    }

    /// @inheritdoc ICoopMembership
    function exclude(address member, bytes calldata reasonCid) external onlyTimelock {
        Cid.requireValidOrEmpty(reasonCid);
        _remove(member);
        emit MemberExcluded(member, reasonCid);
        _redeemShares(member);
    }

    /// @inheritdoc ICoopMembership
    function resign() external {
        _remove(msg.sender);
        emit MemberResigned(msg.sender);
        _redeemShares(msg.sender);
    }

    /// @inheritdoc ICoopMembership
    function applyForMembership(bytes calldata applicationCid) external {
        MembershipStorage storage $ = _getMembershipStorage();
        if ($.admissionPolicy != AdmissionPolicy.Application) revert CoopMembershipAdmissionClosed($.admissionPolicy);
        Cid.requireValid(applicationCid);
        if (isMember(msg.sender)) revert CoopMembershipAlreadyMember(msg.sender);
        _checkCandidate(msg.sender);
        MemberRecord storage record = $.records[msg.sender];
        if (record.applied) revert CoopMembershipAlreadyApplied(msg.sender);
        record.applied = true;
        emit ApplicationSubmitted(msg.sender, applicationCid);
    }

    /// @inheritdoc ICoopMembership
    function withdrawApplication() external {
        _clearApplication(msg.sender);
        emit ApplicationWithdrawn(msg.sender);
    }

    /// @inheritdoc ICoopMembership
    function approveApplication(address applicant) external onlyAdmissions {
        AdmissionPolicy policy = _getMembershipStorage().admissionPolicy;
        if (policy != AdmissionPolicy.Application) revert CoopMembershipAdmissionClosed(policy);
        _clearApplication(applicant);
        _admit(applicant, false);
    }

    /// @inheritdoc ICoopMembership
    function rejectApplication(address applicant, bytes calldata reasonCid) external onlyAdmissions {
        Cid.requireValidOrEmpty(reasonCid);
        _clearApplication(applicant);
        emit ApplicationRejected(applicant, reasonCid);
    }

    // ---------------------------------------------------------------------------------------------
    // Governance settings
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopMembership
    function setWeight(address member, uint96 weight) external onlyTimelock {
        if (!isMember(member)) revert CoopMembershipNotMember(member);
        if (weight == 0) revert CoopMembershipInvalidWeight(weight);
        MemberRecord storage record = _getMembershipStorage().records[member];
        record.weight = weight;
        uint96 credited = record.votesCredited;
        // A member on probation gets the new weight when activated.
        if (credited != 0 && weight > credited) _credit(member, weight - credited);
        if (credited != 0 && weight < credited) _debit(member, credited - weight);
        emit MemberWeightSet(member, weight);
    }

    /// @inheritdoc ICoopMembership
    function setMemberWeight(uint96 weight) external onlyTimelock {
        _setMemberWeight(weight);
    }

    /// @inheritdoc ICoopMembership
    function setCollege(address member, uint16 college) external onlyTimelock {
        if (!isMember(member)) revert CoopMembershipNotMember(member);
        _getMembershipStorage().records[member].college = college;
        emit MemberCollegeSet(member, college);
    }

    /// @inheritdoc ICoopMembership
    function setAdmissionPolicy(AdmissionPolicy policy) external onlyTimelock {
        _getMembershipStorage().admissionPolicy = policy;
        emit AdmissionPolicySet(policy);
    }

    /// @inheritdoc ICoopMembership
    function setProbationPeriod(uint48 probationPeriod_) external onlyTimelock {
        if (probationPeriod_ > MAX_PROBATION_PERIOD) {
            revert CoopMembershipInvalidProbationPeriod(probationPeriod_, MAX_PROBATION_PERIOD);
        }
        _getMembershipStorage().probationPeriod = probationPeriod_;
        emit ProbationPeriodSet(probationPeriod_);
    }

    /// @inheritdoc ICoopMembership
    function setAdmissionsOfficer(address account, bool granted) external onlyTimelock {
        if (account == address(0)) revert CoopMembershipZeroAddress("account");
        _getMembershipStorage().admissionsOfficers[account] = granted;
        emit AdmissionsOfficerSet(account, granted);
    }

    /// @inheritdoc ICoopMembership
    function setDataOfficer(address account, bool granted) external onlyTimelock {
        if (account == address(0)) revert CoopMembershipZeroAddress("account");
        _getMembershipStorage().dataOfficers[account] = granted;
        emit DataOfficerSet(account, granted);
    }

    /// @inheritdoc ICoopMembership
    function setProxyVoting(bool enabled, uint32 maxRepresented) external onlyTimelock {
        MembershipStorage storage $ = _getMembershipStorage();
        $.proxyVotingEnabled = enabled;
        $.maxRepresented = maxRepresented;
        emit ProxyVotingSet(enabled, maxRepresented);
    }

    // ---------------------------------------------------------------------------------------------
    // Member data
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopMembership
    function setProfile(bytes calldata profileCid) external {
        _requireMember(msg.sender);
        Cid.requireValidOrEmpty(profileCid);
        _getMembershipStorage().data[msg.sender].profileCid = profileCid;
        emit MemberProfileSet(msg.sender, profileCid);
    }

    /// @inheritdoc ICoopMembership
    function setPersonalData(bytes calldata personalDataCid) external {
        _requireMember(msg.sender);
        Cid.requireValidOrEmpty(personalDataCid);
        _getMembershipStorage().data[msg.sender].personalDataCid = personalDataCid;
        emit MemberPersonalDataSet(msg.sender, personalDataCid);
    }

    /// @inheritdoc ICoopMembership
    function setEncryptionKey(bytes calldata encryptionKey) external {
        _requireMember(msg.sender);
        uint256 length = encryptionKey.length;
        if (length != 0 && length != X25519_KEY_LENGTH && length != SECP256K1_COMPRESSED_KEY_LENGTH) {
            revert CoopMembershipInvalidEncryptionKey(encryptionKey);
        }
        _getMembershipStorage().data[msg.sender].encryptionKey = encryptionKey;
        emit MemberEncryptionKeySet(msg.sender, encryptionKey);
    }

    /// @inheritdoc ICoopMembership
    function erasePersonalData(address member) external {
        MembershipStorage storage $ = _getMembershipStorage();
        if (msg.sender != member && msg.sender != $.timelock && !$.dataOfficers[msg.sender]) {
            revert CoopMembershipUnauthorized(msg.sender);
        }
        MemberData storage data = $.data[member];
        if (data.personalDataCid.length == 0 && data.encryptionKey.length == 0) {
            revert CoopMembershipNothingToErase(member);
        }
        delete data.personalDataCid;
        delete data.encryptionKey;
        emit MemberPersonalDataErased(member, msg.sender);
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopMembership
    function isMember(address account) public view returns (bool) {
        // ERC-721 `balanceOf` reverts for the zero address, which is never a member.
        return account != address(0) && balanceOf(account) != 0;
    }

    /// @inheritdoc ICoopMembership
    function memberCount() external view returns (uint256) {
        return _getMembershipStorage().memberCount;
    }

    /// @inheritdoc ICoopMembership
    function tokenIdOf(address member) public pure returns (uint256) {
        return uint256(uint160(member));
    }

    /// @inheritdoc ICoopMembership
    function timelock() external view returns (address) {
        return _getMembershipStorage().timelock;
    }

    /// @inheritdoc ICoopMembership
    function shares() external view returns (address) {
        return _getMembershipStorage().shares;
    }

    /// @inheritdoc ICoopMembership
    function memberWeight() public view returns (uint96) {
        uint96 weight = _getMembershipStorage().memberWeight;
        return weight == 0 ? DEFAULT_WEIGHT : weight;
    }

    /// @inheritdoc ICoopMembership
    function admissionPolicy() external view returns (AdmissionPolicy) {
        return _getMembershipStorage().admissionPolicy;
    }

    /// @inheritdoc ICoopMembership
    function probationPeriod() external view returns (uint48) {
        return _getMembershipStorage().probationPeriod;
    }

    /// @inheritdoc ICoopMembership
    function isAdmissionsOfficer(address account) external view returns (bool) {
        return _getMembershipStorage().admissionsOfficers[account];
    }

    /// @inheritdoc ICoopMembership
    function isDataOfficer(address account) external view returns (bool) {
        return _getMembershipStorage().dataOfficers[account];
    }

    /// @inheritdoc ICoopMembership
    function proxyVoting() external view returns (bool enabled, uint32 maxRepresented) {
        MembershipStorage storage $ = _getMembershipStorage();
        return ($.proxyVotingEnabled, $.maxRepresented);
    }

    /// @inheritdoc ICoopMembership
    function representedCount(address member) external view returns (uint32) {
        return _getMembershipStorage().represented[member];
    }

    /// @inheritdoc ICoopMembership
    function memberInfo(
        address member
    ) external view returns (uint96 weight, uint96 votesCredited, uint48 probationEnds, uint16 college) {
        MemberRecord storage record = _getMembershipStorage().records[member];
        return (record.weight, record.votesCredited, record.probationEnds, record.college);
    }

    /// @inheritdoc ICoopMembership
    function hasApplied(address applicant) external view returns (bool) {
        return _getMembershipStorage().records[applicant].applied;
    }

    /// @inheritdoc ICoopMembership
    function memberData(
        address member
    ) external view returns (bytes memory profileCid, bytes memory personalDataCid, bytes memory encryptionKey) {
        MemberData storage data = _getMembershipStorage().data[member];
        return (data.profileCid, data.personalDataCid, data.encryptionKey);
    }

    /// @notice Returns the current timepoint: the block timestamp.
    function clock() public view override(VotesUpgradeable, IERC6372) returns (uint48) {
        return Time.timestamp();
    }

    /// @notice Returns the clock's description, `mode=timestamp` (ERC-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(VotesUpgradeable, IERC6372) returns (string memory) {
        return "mode=timestamp";
    }

    // ---------------------------------------------------------------------------------------------
    // Disabled transfers (ERC-721)
    // ---------------------------------------------------------------------------------------------

    /// @notice Always reverts with {CoopMembershipNonTransferable}: membership is personal.
    function approve(address, uint256 tokenId) public pure override {
        revert CoopMembershipNonTransferable(tokenId);
    }

    /// @notice Always reverts with {CoopMembershipNonTransferable}: membership is personal.
    function setApprovalForAll(address, bool) public pure override {
        revert CoopMembershipNonTransferable(0);
    }

    /// @inheritdoc ERC721Upgradeable
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------------

    /// @dev Mints the token of `member` and credits their weight now, or after probation.
    function _admit(address member, bool onProbation) private {
        _checkCandidate(member);
        if (isMember(member)) revert CoopMembershipAlreadyMember(member);
        MembershipStorage storage $ = _getMembershipStorage();
        MemberRecord storage record = $.records[member];
        uint96 weight = memberWeight();
        record.weight = weight;
        record.college = 0;
        record.applied = false;

        // Self-delegation before any credit moves no votes; later credits go to the member.
        if (delegates(member) != member) _delegate(member, member);
        ++$.memberCount;
        uint256 tokenId = tokenIdOf(member);
        _mint(member, tokenId);
        emit MemberAdmitted(member, tokenId);

        if (onProbation) {
            record.probationEnds = clock() + $.probationPeriod;
        } else {
            _credit(member, weight);
        }
    }

    function _setMemberWeight(uint96 weight) private {
        if (weight == 0) revert CoopMembershipInvalidWeight(weight);
        _getMembershipStorage().memberWeight = weight;
        emit MemberWeightDefaultSet(weight);
    }

    /// @dev Burns the token of `member`, ends any proxy they gave, debits their votes and clears
    /// their profile, personal data CID and encryption key.
    function _remove(address member) private {
        _requireMember(member);
        if (delegates(member) != member) _delegate(member, member);
        MembershipStorage storage $ = _getMembershipStorage();
        MemberRecord storage record = $.records[member];
        uint96 credited = record.votesCredited;
        if (credited != 0) _debit(member, credited);
        record.probationEnds = 0;
        // The member's data goes with them: a former member can no longer clear it themselves.
        delete $.data[member];
        --$.memberCount;
        _burn(tokenIdOf(member));
    }

    /// @dev Queues the redemption of the shares of a member who left. The shares contract is the
    /// cooperative's own, set at initialization, and the call comes after every state change.
    function _redeemShares(address member) private {
        ICoopShares(_getMembershipStorage().shares).redeemOnExit(member);
    }

    function _clearApplication(address applicant) private {
        MemberRecord storage record = _getMembershipStorage().records[applicant];
        if (!record.applied) revert CoopMembershipNoApplication(applicant);
        record.applied = false;
    }

    function _checkCandidate(address account) private view {
        MembershipStorage storage $ = _getMembershipStorage();
        if (account == address(0) || account == $.timelock || account == $.shares) {
            revert CoopMembershipInvalidMember(account);
        }
    }

    function _requireMember(address account) private view {
        if (!isMember(account)) revert CoopMembershipNotMember(account);
    }

    function _credit(address member, uint96 units) private {
        _getMembershipStorage().records[member].votesCredited += units;
        _transferVotingUnits(address(0), member, units);
    }

    function _debit(address member, uint96 units) private {
        _getMembershipStorage().records[member].votesCredited -= units;
        _transferVotingUnits(member, address(0), units);
    }

    /**
     * @dev Applies the proxy voting rules to every delegation, including {delegateBySig}: anyone may
     * delegate to themselves; delegating to another needs proxy voting enabled, both accounts to be
     * members, and the delegatee to represent fewer than the maximum.
     */
    function _delegate(address account, address delegatee) internal override {
        address current = delegates(account);
        if (delegatee == current) return super._delegate(account, delegatee);

        MembershipStorage storage $ = _getMembershipStorage();
        if (delegatee != account) {
            if (!$.proxyVotingEnabled) revert CoopMembershipDelegationDisabled(account);
            _requireMember(account);
            _requireMember(delegatee);
            if ($.represented[delegatee] >= $.maxRepresented) {
                revert CoopMembershipTooManyRepresented(delegatee, $.maxRepresented);
            }
            ++$.represented[delegatee];
        }
        if (current != account && current != address(0)) --$.represented[current];
        super._delegate(account, delegatee);
    }

    /// @dev Allows minting and burning only. Votes move through {_credit} and {_debit}.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && to != address(0)) revert CoopMembershipNonTransferable(tokenId);
    }

    /// @dev Voting units of `account`: the votes credited to it, which delegation moves.
    function _getVotingUnits(address account) internal view override returns (uint256) {
        return _getMembershipStorage().records[account].votesCredited;
    }

    /// @inheritdoc ICoopUpgradeable
    function implementation() external view returns (address) {
        return ERC1967Utils.getImplementation();
    }

    /// @dev Only the timelock can upgrade, through a proposal.
    function _authorizeUpgrade(address) internal view override onlyTimelock {}

    function _getMembershipStorage() private pure returns (MembershipStorage storage $) {
        assembly ("memory-safe") {
            $.slot := MEMBERSHIP_STORAGE_LOCATION
        }
    }
}
