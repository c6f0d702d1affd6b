// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

import {ICoopJudgmentGovernor} from "../interfaces/ICoopJudgmentGovernor.sol";
import {IFederationRelay} from "../interfaces/IFederationRelay.sol";
import {Cid} from "../ipfs/Cid.sol";
import {FederationRelay} from "./FederationRelay.sol";

/**
 * @title FederationRegistry
 * @notice Creates the relay of a cooperative in a federation, knows every relay it created, and
 * carries the recommendations federations publish to their members.
 *
 * @dev A relay is an EIP-1167 clone of one shared {FederationRelay}, created and initialized in one
 * transaction, so its initializer is never open. Its address follows from the four governors it
 * links, so a federation can list its founding members' relays before they exist. Only the
 * cooperative's timelock creates its relay: a relay exists only by its cooperative's decision, so
 * nobody can open a seat in a body the cooperative never joined. The registry has no owner.
 */
contract FederationRegistry {
    /// @notice The shared relay code every clone runs.
    address public immutable RELAY_IMPLEMENTATION;

    mapping(address account => bool) private _relays;

    /// @notice A relay was created for the cooperative of `cooperativeTimelock` in the federation of `federationTimelock`.
    event RelayCreated(address indexed relay, address indexed cooperativeTimelock, address indexed federationTimelock);

    /// @notice The federation whose timelock is `federation` published a recommendation to its members.
    event RecommendationPublished(address indexed federation, bytes cid);

    /// @notice The relay implementation has no code.
    error RegistryInvalidImplementation(address implementation);

    /// @notice Only the cooperative's timelock `cooperativeTimelock` may create its relay, not `caller`.
    error RegistryUnauthorized(address caller, address cooperativeTimelock);

    /// @notice The relay for these governors exists already, at `relay`.
    error RegistryRelayExists(address relay);

    /**
     * @param relayImplementation_ The deployed {FederationRelay} implementation.
     */
    constructor(address relayImplementation_) {
        if (relayImplementation_.code.length == 0) revert RegistryInvalidImplementation(relayImplementation_);
        RELAY_IMPLEMENTATION = relayImplementation_;
    }

    /**
     * @notice Creates and initializes the relay of a cooperative in a federation. Only the
     * cooperative's timelock may call it, so a cooperative takes a seat only by its own vote.
     * @param coopGovernor The cooperative's yes/no governor.
     * @param coopJudgment The cooperative's majority-judgment governor.
     * @param fedGovernor The federation's yes/no governor.
     * @param fedJudgment The federation's majority-judgment governor.
     * @return relay The new relay, at {predictRelay}.
     */
    function createRelay(
        IGovernor coopGovernor,
        ICoopJudgmentGovernor coopJudgment,
        IGovernor fedGovernor,
        ICoopJudgmentGovernor fedJudgment
    ) external returns (address relay) {
        bytes32 salt = _salt(coopGovernor, coopJudgment, fedGovernor, fedJudgment);
        address predicted = Clones.predictDeterministicAddress(RELAY_IMPLEMENTATION, salt);
        if (_relays[predicted]) revert RegistryRelayExists(predicted);
        relay = Clones.cloneDeterministic(RELAY_IMPLEMENTATION, salt);
        _relays[relay] = true;
        FederationRelay(relay).initialize(coopGovernor, coopJudgment, fedGovernor, fedJudgment, address(this));
        // The relay checked that the governors share one register and its timelock: only that
        // timelock, by the cooperative's own vote, may give the cooperative a seat.
        address cooperativeTimelock = IFederationRelay(relay).cooperativeTimelock();
        if (msg.sender != cooperativeTimelock) revert RegistryUnauthorized(msg.sender, cooperativeTimelock);
        emit RelayCreated(relay, cooperativeTimelock, IFederationRelay(relay).federationTimelock());
    }

    /**
     * @notice Publishes a recommendation to the members of the calling federation: a federation's
     * timelock calls it when a decision passes, and members read it from the event.
     * @param cid Binary CID of the recommendation's document.
     */
    function publishRecommendation(bytes calldata cid) external {
        Cid.requireValid(cid);
        emit RecommendationPublished(msg.sender, cid);
    }

    /// @notice Returns the address of the relay for these governors, created or not.
    function predictRelay(
        IGovernor coopGovernor,
        ICoopJudgmentGovernor coopJudgment,
        IGovernor fedGovernor,
        ICoopJudgmentGovernor fedJudgment
    ) external view returns (address) {
        return
            Clones.predictDeterministicAddress(
                RELAY_IMPLEMENTATION,
                _salt(coopGovernor, coopJudgment, fedGovernor, fedJudgment)
            );
    }

    /// @notice Returns whether `account` is a relay this registry created.
    function isRelay(address account) external view returns (bool) {
        return _relays[account];
    }

    function _salt(
        IGovernor coopGovernor,
        ICoopJudgmentGovernor coopJudgment,
        IGovernor fedGovernor,
        ICoopJudgmentGovernor fedJudgment
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(coopGovernor, coopJudgment, fedGovernor, fedJudgment));
    }
}
