// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";
import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {ICoopMembership} from "../interfaces/ICoopMembership.sol";

/**
 * @title CoopMembership
 * @notice The member register of a cooperative. Each member holds one non-transferable ERC-721
 * token that carries exactly one vote, whatever their share capital, so the cooperative's
 * governors count one member, one vote.
 *
 * @dev Deviations from the standards it implements, on purpose:
 * - ERC-721: transfers and approvals revert. A token is minted on admission and burned on exit.
 * - ERC-5805: `delegate` and `delegateBySig` revert. Each member is delegated to themselves on
 *   admission, so their vote counts without a delegation transaction.
 * - ERC-6372: the clock is the block timestamp (`mode=timestamp`).
 *
 * Admission and exclusion are decisions of the cooperative's timelock, and so of its members.
 * Tokens are minted with `_mint`, which calls no receiver hook, so a contract member cannot
 * re-enter admission while it is being admitted.
 *
 * The contract sits behind an ERC-1967 proxy (UUPS); only the timelock can upgrade it. Its own
 * state lives in the ERC-7201 namespace `worldcoop.storage.CoopMembership`.
 */
contract CoopMembership is Initializable, ERC721Upgradeable, VotesUpgradeable, UUPSUpgradeable, ICoopMembership {
    /// @notice Votes of each member. Share capital never adds votes.
    uint256 public constant VOTES_PER_MEMBER = 1;

    /// @custom:storage-location erc7201:worldcoop.storage.CoopMembership
    struct MembershipStorage {
        address timelock;
        uint256 memberCount;
    }

    // keccak256(abi.encode(uint256(keccak256("worldcoop.storage.CoopMembership")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant MEMBERSHIP_STORAGE_LOCATION =
        0x490ec6b1ddcb0290e94f1faef39100639f50dbe6bc9a687973484ebd6713b400;

    modifier onlyTimelock() {
        if (msg.sender != _getMembershipStorage().timelock) revert CoopMembershipUnauthorized(msg.sender);
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
     * @param timelock_ The cooperative's timelock, the only account that can admit, exclude and upgrade.
     * @param founders The founding members, admitted now. Their votes count from the next second.
     */
    function initialize(
        string calldata name_,
        string calldata symbol_,
        address timelock_,
        address[] calldata founders
    ) external initializer {
        if (timelock_ == address(0)) revert CoopMembershipInvalidTimelock();
        __ERC721_init(name_, symbol_);
        __EIP712_init(name_, "1");
        __Votes_init();

        _getMembershipStorage().timelock = timelock_;
        for (uint256 i = 0; i < founders.length; ++i) {
            _admit(founders[i]);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Membership
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc ICoopMembership
    function admit(address member) external onlyTimelock {
        _admit(member);
    }

    /// @inheritdoc ICoopMembership
    function exclude(address member) external onlyTimelock {
        _remove(member, false);
    }

    /// @inheritdoc ICoopMembership
    function resign() external {
        _remove(msg.sender, true);
    }

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

    // ---------------------------------------------------------------------------------------------
    // Clock (ERC-6372) and disabled delegation (ERC-5805)
    // ---------------------------------------------------------------------------------------------

    /// @notice Returns the current timepoint: the block timestamp.
    function clock() public view override(VotesUpgradeable, IERC6372) returns (uint48) {
        return Time.timestamp();
    }

    /// @notice Returns the clock's description, `mode=timestamp` (ERC-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(VotesUpgradeable, IERC6372) returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice Always reverts with {CoopMembershipDelegationDisabled}: every member votes for themselves.
    function delegate(address) public pure override(VotesUpgradeable, IVotes) {
        revert CoopMembershipDelegationDisabled();
    }

    /// @notice Always reverts with {CoopMembershipDelegationDisabled}: every member votes for themselves.
    function delegateBySig(
        address,
        uint256,
        uint256,
        uint8,
        bytes32,
        bytes32
    ) public pure override(VotesUpgradeable, IVotes) {
        revert CoopMembershipDelegationDisabled();
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

    function _admit(address member) private {
        if (member == address(0) || member == _getMembershipStorage().timelock) {
            revert CoopMembershipInvalidMember(member);
        }
        if (isMember(member)) revert CoopMembershipAlreadyMember(member);

        // Delegating before minting moves no votes; the mint then credits them to the member.
        if (delegates(member) != member) _delegate(member, member);
        ++_getMembershipStorage().memberCount;
        uint256 tokenId = tokenIdOf(member);
        _mint(member, tokenId);
        emit MemberAdmitted(member, tokenId);
    }

    function _remove(address member, bool resigned) private {
        if (!isMember(member)) revert CoopMembershipNotMember(member);
        --_getMembershipStorage().memberCount;
        uint256 tokenId = tokenIdOf(member);
        _burn(tokenId);
        emit MemberRemoved(member, tokenId, resigned);
    }

    /// @dev Allows minting and burning only, and moves the member's votes with the token.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && to != address(0)) revert CoopMembershipNonTransferable(tokenId);
        _transferVotingUnits(from, to, VOTES_PER_MEMBER);
    }

    /// @dev Voting units of `account`: one per membership token it holds, at most one.
    function _getVotingUnits(address account) internal view override returns (uint256) {
        return balanceOf(account) * VOTES_PER_MEMBER;
    }

    /// @dev Only the timelock can upgrade, through a proposal.
    function _authorizeUpgrade(address) internal view override onlyTimelock {}

    function _getMembershipStorage() private pure returns (MembershipStorage storage $) {
        assembly ("memory-safe") {
            $.slot := MEMBERSHIP_STORAGE_LOCATION
        }
    }
}
