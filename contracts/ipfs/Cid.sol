// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title Cid
 * @notice Checks the structure of binary IPFS content identifiers before they are stored or emitted.
 *
 * @dev Accepts the two binary forms, whole, never a truncated digest:
 * - CIDv0: a sha2-256 multihash, `0x12 0x20` followed by the 32-byte digest (34 bytes);
 * - CIDv1: `0x01`, then the content codec, the multihash function code and the digest length as
 *   unsigned varints, then exactly that many digest bytes.
 * Varints must be minimal and at most 9 bytes long, as the multiformats specification requires.
 * Codec and hash function codes are not restricted, so new ones work without an upgrade. The
 * library does not check that the digest matches any content: only the off-chain reader can.
 */
library Cid {
    /// @notice Longest CID accepted, in bytes. A sha2-512 CIDv1 takes 68; identity CIDs are longer.
    uint256 internal constant MAX_LENGTH = 128;

    /// @dev Multihash code and digest length of a CIDv0.
    uint8 private constant SHA2_256 = 0x12;
    uint8 private constant SHA2_256_LENGTH = 0x20;
    uint256 private constant V0_LENGTH = 34;
    uint8 private constant VERSION_1 = 0x01;
    uint256 private constant MAX_VARINT_BYTES = 9;

    /// @notice `cid` is not a well-formed binary CIDv0 or CIDv1.
    error CidInvalid(bytes cid);

    /// @notice Reverts with {CidInvalid} unless `cid` is empty or a well-formed binary CID.
    function requireValidOrEmpty(bytes calldata cid) internal pure {
        if (cid.length != 0 && !isValid(cid)) revert CidInvalid(cid);
    }

    /// @notice Reverts with {CidInvalid} unless `cid` is a well-formed binary CID.
    function requireValid(bytes calldata cid) internal pure {
        if (!isValid(cid)) revert CidInvalid(cid);
    }

    /// @notice Returns whether `cid` is a well-formed binary CIDv0 or CIDv1.
    function isValid(bytes memory cid) internal pure returns (bool) {
        uint256 length = cid.length;
        if (length == 0 || length > MAX_LENGTH) return false;
        if (length == V0_LENGTH && uint8(cid[0]) == SHA2_256) return uint8(cid[1]) == SHA2_256_LENGTH;
        if (uint8(cid[0]) != VERSION_1) return false;

        uint256 offset = 1;
        bool ok;
        (ok, offset, ) = _readVarint(cid, offset); // content codec
        if (!ok) return false;
        (ok, offset, ) = _readVarint(cid, offset); // multihash function code
        if (!ok) return false;
        uint256 digestLength;
        (ok, offset, digestLength) = _readVarint(cid, offset);
        if (!ok) return false;
        return length - offset == digestLength;
    }

    /**
     * @dev Reads an unsigned varint at `offset`. Returns false when it runs past the end, is longer
     * than 9 bytes, or is not minimal (a last byte of zero after the first).
     */
    function _readVarint(
        bytes memory data,
        uint256 offset
    ) private pure returns (bool ok, uint256 next, uint256 value) {
        for (uint256 i = 0; i < MAX_VARINT_BYTES; ++i) {
            if (offset + i >= data.length) return (false, 0, 0);
            uint8 b = uint8(data[offset + i]);
            value |= uint256(b & 0x7f) << (7 * i);
            if (b & 0x80 == 0) {
                if (b == 0 && i > 0) return (false, 0, 0);
                return (true, offset + i + 1, value);
            }
        }
        return (false, 0, 0);
    }
}
