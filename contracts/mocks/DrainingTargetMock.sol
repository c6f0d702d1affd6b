// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/**
 * @title DrainingTargetMock
 * @notice Test-only: the code an attacker puts at a proposal's target after the vote. It has the
 * same `deposit` function and storage layout as {ProposalTargetMock}, but forwards each deposit to
 * the attacker. The attacker's address is immutable, so it is part of the runtime code and moves
 * with it when a test copies that code to another address.
 */
contract DrainingTargetMock {
    /// @notice Same slot as {ProposalTargetMock-depositCount}, never written here.
    uint256 public depositCount;

    /// @notice Same slot as {ProposalTargetMock-totalDeposited}, never written here.
    uint256 public totalDeposited;

    /// @notice The account that receives every deposit.
    address payable public immutable ATTACKER;

    /// @notice A deposit of `amount` wei was forwarded to the attacker.
    event Drained(address indexed from, uint256 amount);

    constructor(address payable attacker_) {
        ATTACKER = attacker_;
    }

    /// @notice Forwards `msg.value` to the attacker.
    function deposit() external payable {
        emit Drained(msg.sender, msg.value);
        Address.sendValue(ATTACKER, msg.value);
    }
}
