// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ShareTree
/// @notice The share tree's hashing: a positional Merkle sum tree (see `IShareTrees`). The toolkit's copy
/// (src/protocol/share-tree.ts) is held to it by a differential test.
library ShareTree {
    /// @notice A leaf: `keccak256(abi.encode(account, identity, shares))` (96 bytes hashed; a node hashes 74, so
    /// no leaf is ever read as a node or the reverse).
    /// @param account The holder's address (zero for an identity slot).
    /// @param identity The holder's identity commitment (zero for an address slot).
    /// @param shares The slot's shares.
    /// @return The leaf's hash.
    function leaf(address account, bytes32 identity, uint256 shares) internal pure returns (bytes32) {
        return keccak256(abi.encode(account, identity, shares));
    }

    /// @notice Climbs from a leaf at `index` to the root: returns the root's hash and sum.
    /// @dev A sibling sum is 5 bytes of `sums`; sums add in uint256, so a forged sum past 2^40 (truncated in the
    /// node's hash) leaves a total above any declared one (< 2^40), and the caller's total check refuses it.
    /// @param node The leaf's hash.
    /// @param sum The leaf's shares.
    /// @param index The leaf's position (its bits, lowest first, say which side each sibling is on).
    /// @param hashes The siblings' hashes, from the leaf up.
    /// @param sums The siblings' sums, 5 bytes each, aligned with `hashes`.
    /// @return root The computed root.
    /// @return total The computed sum at the root.
    function climb(
        bytes32 node,
        uint256 sum,
        uint256 index,
        bytes32[] calldata hashes,
        bytes calldata sums
    ) internal pure returns (bytes32 root, uint256 total) {
        // Assembly for the one loop a proof pays per level: the plain Solidity (abi.encodePacked, calldata slices)
        // cost about 1,000 gas a level, this about 150. test/solidity/ShareTree.t.sol fuzzes it against the plain
        // version, and the caller has checked that `sums` holds 5 bytes per hash.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            // 74 bytes past the free memory pointer, used and left (Solidity may overwrite them).
            let at := mload(0x40)
            for {
                let i := 0
            } lt(i, hashes.length) {
                i := add(i, 1)
            } {
                let sibling := calldataload(add(hashes.offset, shl(5, i)))
                let siblingSum := shr(216, calldataload(add(sums.offset, mul(i, 5))))
                let ownSum := shl(216, and(sum, 0xffffffffff))
                switch and(shr(i, index), 1)
                case 0 {
                    mstore(at, node)
                    mstore(add(at, 32), ownSum)
                    mstore(add(at, 37), sibling)
                    mstore(add(at, 69), shl(216, siblingSum))
                }
                default {
                    mstore(at, sibling)
                    mstore(add(at, 32), shl(216, siblingSum))
                    mstore(add(at, 37), node)
                    mstore(add(at, 69), ownSum)
                }
                node := keccak256(at, 74)
                sum := add(sum, siblingSum)
            }
        }
        return (node, sum);
    }
}
