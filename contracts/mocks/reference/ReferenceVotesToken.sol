// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/**
 * @title ReferenceVotesToken
 * @notice Test-only: the voting token of the plain OpenZeppelin governor that the gas benchmark
 * compares with. It is a standard ERC20Votes token on timestamps (ERC-6372 `mode=timestamp`), like
 * the cooperative's membership token, so both governors count time in seconds. Anyone can mint.
 */
contract ReferenceVotesToken is ERC20, ERC20Permit, ERC20Votes {
    constructor() ERC20("Reference Votes", "RVOTE") ERC20Permit("Reference Votes") {}

    /// @notice Creates `amount` tokens for `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Returns the current timestamp, the clock of checkpoints and proposals.
    function clock() public view override returns (uint48) {
        // A timestamp clock, as the cooperative's membership has, so both governors count alike.
        // solhint-disable-next-line not-rely-on-time
        return uint48(block.timestamp);
    }

    /// @notice Returns the ERC-6372 description of {clock}.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice Returns the current nonce of `owner`, shared by permits and delegations.
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
