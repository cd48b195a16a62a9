// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title FileLeaf
/// @notice The leaf of one file in a dataset's content tree: OpenZeppelin `StandardMerkleTree` encoding of
/// `(string path, uint256 size, bytes32 sha256)`, as the toolkit's hashing builds it (src/node/merkle.mjs).
library FileLeaf {
    /// @notice The leaf of a file.
    /// @param path Its path relative to the dataset root, POSIX separators.
    /// @param size Its size in bytes.
    /// @param sha256Digest The SHA-256 of its content.
    /// @return The leaf hash.
    function hash(string calldata path, uint256 size, bytes32 sha256Digest) internal pure returns (bytes32) {
        // The double hash keeps a leaf from ever passing as an inner node.
        return keccak256(bytes.concat(keccak256(abi.encode(path, size, sha256Digest))));
    }
}
