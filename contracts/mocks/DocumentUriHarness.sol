// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {DocumentUri} from "../ipfs/DocumentUri.sol";

/**
 * @title DocumentUriHarness
 * @notice Test-only: exposes the internal functions of the {DocumentUri} library, so that tests can
 * read document URIs from any text without creating a proposal.
 */
contract DocumentUriHarness {
    /// @notice Returns {DocumentUri-findCid} of `text`.
    function findCid(
        string calldata text
    ) external pure returns (bool found, bool valid, bytes memory cid, string memory excerpt) {
        return DocumentUri.findCid(text);
    }

    /// @notice Returns {DocumentUri-cidOf} of `text`.
    function cidOf(string calldata text) external pure returns (bytes memory) {
        return DocumentUri.cidOf(text);
    }
}
