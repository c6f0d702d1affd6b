// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

import {ICoopShares} from "../interfaces/ICoopShares.sol";

/**
 * @title ReentrantMemberMock
 * @notice Test-only: a contract that joins a cooperative by subscribing shares under open admission,
 * and whose ERC-721 receive hook subscribes again, to be admitted twice if admission ever called
 * the hook before its bookkeeping was done.
 *
 * @dev Fund it with enough ETH for two subscriptions: one for {join}, one for the hook.
 */
contract ReentrantMemberMock is IERC721Receiver {
    /// @notice The shares contract of the cooperative this contract joins.
    ICoopShares public shares;

    /// @notice Number of times the receive hook ran.
    uint256 public hookCalls;

    /// @notice Number of shares subscribed by {join}, and again by the hook.
    uint256 public joinShares;

    constructor(ICoopShares shares_, uint256 joinShares_) {
        shares = shares_;
        joinShares = joinShares_;
    }

    /// @notice Accepts the ETH that pays for subscriptions.
    receive() external payable {}

    /// @notice Subscribes {joinShares} shares, paid from this contract's balance, which admits it under open admission.
    function join() external {
        _subscribe();
    }

    /// @notice Counts the call, then tries to join a second time from inside the admission.
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        ++hookCalls;
        _subscribe();
        return IERC721Receiver.onERC721Received.selector;
    }

    function _subscribe() private {
        shares.subscribe{value: joinShares * shares.nominalValue()}(joinShares);
    }
}
