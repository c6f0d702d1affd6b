// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Cid} from "./Cid.sol";

/**
 * @title DocumentUri
 * @notice Finds the `ipfs://` URI of a document in a text, such as a proposal's description, and
 * returns its binary CID.
 *
 * @dev Only the canonical text form of a CIDv1 is read: multibase prefix `b`, then lowercase
 * base32 (RFC 4648 alphabet, no padding) with zero trailing bits. Scripts convert any other
 * spelling (a CIDv0 in base58, another base) to this one before proposing, so each document has one
 * URI. The URI ends at the first character outside the base32 alphabet.
 */
library DocumentUri {
    bytes7 private constant SCHEME = "ipfs://";
    bytes7 private constant SCHEME_LOWERCASE_BITS = 0x20202020000000;
    bytes1 private constant BASE32_PREFIX = "b";

    /// @dev Longest base32 text of a binary CID of `Cid.MAX_LENGTH` bytes: ceil(128 * 8 / 5).
    uint256 private constant MAX_BASE32_LENGTH = 205;

    /// @dev Longest excerpt of an invalid URI quoted in an error.
    uint256 private constant MAX_EXCERPT_LENGTH = 80;

    /**
     * @notice Returns the binary CID of the first `ipfs://` URI in `text`.
     * @return found False when `text` has no `ipfs://`.
     * @return valid False when the URI is not a canonical CIDv1 whose binary form is well formed.
     * @return cid The binary CID, empty unless `valid`.
     * @return excerpt The URI as read, for error messages, empty unless `found`.
     */
    function findCid(
        string memory text
    ) internal pure returns (bool found, bool valid, bytes memory cid, string memory excerpt) {
        bytes memory data = bytes(text);
        uint256 start;
        uint256 end;
        (found, valid, cid, start, end) = _read(data);
        if (found) excerpt = _excerpt(data, start, end);
    }

    /**
     * @notice Returns the binary CID of the first `ipfs://` URI in `text`, or empty bytes when
     * there is none or it is invalid. Like {findCid}, without the excerpt for error messages.
     */
    function cidOf(string memory text) internal pure returns (bytes memory cid) {
        (, , cid, , ) = _read(bytes(text));
    }

    /**
     * @dev Reads the first `ipfs://` URI in `data`: whether it is there and valid, its binary CID
     * when valid, and the bounds of the text read, from the scheme to the last base32 digit.
     */
    function _read(
        bytes memory data
    ) private pure returns (bool found, bool valid, bytes memory cid, uint256 start, uint256 end) {
        (found, start) = _find(data);
        if (!found) return (false, false, "", 0, 0);

        uint256 first = start + SCHEME.length + 1; // first base32 digit, after the multibase prefix
        if (first > data.length || data[first - 1] != BASE32_PREFIX) {
            return (true, false, "", start, start + SCHEME.length);
        }
        end = first;
        while (end < data.length && _base32Value(data[end]) < 32) ++end;

        uint256 digits = end - first;
        if (digits > MAX_BASE32_LENGTH) return (true, false, "", start, end);
        bool canonical;
        (canonical, cid) = _decodeBase32(data, first, digits);
        if (!canonical || cid.length == 0 || uint8(cid[0]) != 1 || !Cid.isValid(cid)) {
            return (true, false, "", start, end);
        }
        valid = true;
    }

    /// @dev Returns the offset of the first `ipfs://` in `data`.
    function _find(bytes memory data) private pure returns (bool found, uint256 offset) {
        if (data.length < SCHEME.length) return (false, 0);
        uint256 last = data.length - SCHEME.length;
        for (uint256 i = 0; i <= last; ++i) {
            bytes7 window;
            assembly ("memory-safe") {
                // Keep the 7 high-order bytes of the 32 read, so the comparison sees no other bytes.
                window := and(mload(add(add(data, 0x20), i)), not(sub(shl(200, 1), 1)))
            }
            // Setting bit 5 of the first four bytes lowercases them: the scheme is case-insensitive.
            if (window | SCHEME_LOWERCASE_BITS == SCHEME) return (true, i);
        }
        return (false, 0);
    }

    /**
     * @dev Decodes `length` base32 digits of `data` from `offset`. Returns false when the digits
     * leave five or more trailing bits, or non-zero ones, which a canonical encoder never writes.
     */
    function _decodeBase32(
        bytes memory data,
        uint256 offset,
        uint256 length
    ) private pure returns (bool canonical, bytes memory out) {
        out = new bytes((length * 5) / 8);
        uint256 buffer;
        uint256 bits;
        uint256 written;
        for (uint256 i = 0; i < length; ++i) {
            buffer = (buffer << 5) | _base32Value(data[offset + i]);
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[written] = bytes1(uint8(buffer >> bits));
                ++written;
                buffer &= (1 << bits) - 1;
            }
        }
        return (bits < 5 && buffer == 0, out);
    }

    /// @dev Returns the value of a lowercase base32 digit, or 32 for any other character.
    function _base32Value(bytes1 char) private pure returns (uint256) {
        uint8 c = uint8(char);
        if (c >= 0x61 && c <= 0x7a) return c - 0x61; // a-z: 0 to 25
        if (c >= 0x32 && c <= 0x37) return c - 0x32 + 26; // 2-7: 26 to 31
        return 32;
    }

    /**
     * @dev Copies `data[start:end]`, extended to the next space, newline or `#`, and cut at
     * `MAX_EXCERPT_LENGTH` bytes on a UTF-8 character boundary.
     */
    function _excerpt(bytes memory data, uint256 start, uint256 end) private pure returns (string memory) {
        while (end < data.length && data[end] != " " && data[end] != "\n" && data[end] != "#") ++end;
        if (end - start > MAX_EXCERPT_LENGTH) {
            end = start + MAX_EXCERPT_LENGTH;
            // A byte 10xxxxxx continues a multi-byte character: cut before that character starts.
            while (uint8(data[end]) & 0xc0 == 0x80) --end;
        }
        bytes memory out = new bytes(end - start);
        for (uint256 i = 0; i < out.length; ++i) {
            out[i] = data[start + i];
        }
        return string(out);
    }
}
