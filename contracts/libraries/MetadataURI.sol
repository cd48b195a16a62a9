// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title MetadataURI
/// @notice The one rule for the metadata URIs registries accept: non-empty and at most `MAX_LENGTH` bytes.
/// Only the URI's hash is stored; the URI itself lives in the registration event.
library MetadataURI {
    /// @notice Longest metadata URI, in bytes.
    uint256 internal constant MAX_LENGTH = 2048;

    /// @notice The metadata URI is empty.
    error EmptyMetadataURI();

    /// @notice The metadata URI is longer than `maxLength` bytes.
    /// @param length The URI's length in bytes.
    /// @param maxLength The most allowed.
    error MetadataURITooLong(uint256 length, uint256 maxLength);

    /// @notice Reverts unless `uri` is acceptable.
    /// @param uri The metadata URI.
    function check(string calldata uri) internal pure {
        uint256 length = bytes(uri).length;
        if (length == 0) revert EmptyMetadataURI();
        if (length > MAX_LENGTH) revert MetadataURITooLong(length, MAX_LENGTH);
    }
}
