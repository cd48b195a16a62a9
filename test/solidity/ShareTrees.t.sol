// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {RewardVault} from "../../contracts/RewardVault.sol";
import {ShareTrees} from "../../contracts/ShareTrees.sol";
import {IRewardVault} from "../../contracts/interfaces/IRewardVault.sol";
import {IShareTrees} from "../../contracts/interfaces/IShareTrees.sol";
import {ShareTree} from "../../contracts/libraries/ShareTree.sol";
import {MockERC20} from "../../contracts/test/MockERC20.sol";
import {DatasetId} from "../../contracts/types/DatasetId.sol";
import {ModelId} from "../../contracts/types/ModelId.sol";
import {SystemFixture} from "./utils/SystemFixture.sol";

/// @notice The share tree's proof loop (assembly) against a plain-Solidity reference, and a tree slot paid exactly
/// what a listed slot with the same shares of the same total is paid, over amounts, weights, shares and depths.
contract ShareTreesFuzzTest is SystemFixture {
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant FALLBACK = address(0xFA11);

    /// @dev The readable climb the assembly replaced: abi.encodePacked and calldata slices.
    function _referenceClimb(
        bytes32 node,
        uint256 sum,
        uint256 index,
        bytes32[] memory hashes,
        bytes memory sums
    ) internal pure returns (bytes32, uint256) {
        for (uint256 i; i < hashes.length; ++i) {
            uint256 siblingSum = uint40(bytes5(_slice5(sums, i * 5)));
            node =
                (index >> i) & 1 == 0
                    ? keccak256(abi.encodePacked(node, uint40(sum), hashes[i], uint40(siblingSum)))
                    : keccak256(abi.encodePacked(hashes[i], uint40(siblingSum), node, uint40(sum)));
            sum += siblingSum;
        }
        return (node, sum);
    }

    function _slice5(bytes memory b, uint256 at) private pure returns (bytes5 out) {
        for (uint256 k; k < 5; ++k) out |= bytes5(b[at + k]) >> (8 * k);
    }

    /// @dev The library's climb, reached with calldata arguments.
    function climbExternal(
        bytes32 node,
        uint256 sum,
        uint256 index,
        bytes32[] calldata hashes,
        bytes calldata sums
    ) external pure returns (bytes32, uint256) {
        return ShareTree.climb(node, sum, index, hashes, sums);
    }

    /// @dev A path of `depth` random siblings whose sums are below `maxSum` each.
    function _path(
        uint256 seed,
        uint256 depth,
        uint256 maxSum
    ) internal pure returns (bytes32[] memory hashes, bytes memory sums) {
        hashes = new bytes32[](depth);
        sums = new bytes(depth * 5);
        for (uint256 i; i < depth; ++i) {
            hashes[i] = keccak256(abi.encode(seed, i));
            uint40 s = uint40(uint256(keccak256(abi.encode(seed, i, "sum"))) % maxSum);
            for (uint256 k; k < 5; ++k) sums[i * 5 + k] = bytes1(uint8(s >> (8 * (4 - k))));
        }
    }

    function testFuzz_climb_matchesReference(
        bytes32 leaf,
        uint40 sum,
        uint32 index,
        uint256 seed,
        uint8 depthSeed
    ) public view {
        uint256 depth = bound(depthSeed, 0, 32);
        (bytes32[] memory hashes, bytes memory sums) = _path(seed, depth, 2 ** 40);
        (bytes32 root, uint256 total) = this.climbExternal(leaf, sum, index, hashes, sums);
        (bytes32 want, uint256 wantTotal) = _referenceClimb(leaf, sum, index, hashes, sums);
        vm.assertEq(root, want, "root");
        vm.assertEq(total, wantTotal, "total");
    }

    MockERC20 internal token;
    RewardVault internal vault;
    ShareTrees internal trees;
    DatasetId internal treeId;
    DatasetId internal listed;
    ModelId internal model;
    uint32 internal slot;
    IShareTrees.SlotProof[] internal proofs;

    /// @dev One address slot (ALICE, `shares`) at `index` of a depth-`depth` tree whose other slots add to the rest;
    /// beside it a list dataset of ALICE (`shares`) and BOB (the rest): the same shares of the same total, declared
    /// by one model with the same weight.
    /// @dev Deployed once: every fuzz run starts from this state and registers a tree and a list of its own.
    function setUp() public {
        _deployRegistries(0);
        token = new MockERC20("T", 18);
        vault = _deployVault(token);
        trees = ShareTrees(datasets.shareTrees());
        _fund(token, address(vault), SPONSOR, type(uint256).max);
    }

    function _setUp(uint32 shares, uint256 depth, uint256 seed, uint32 weight) internal {
        (bytes32[] memory hashes, bytes memory sums) = _path(seed, depth, (type(uint32).max / 2) / depth);
        (bytes32 root, uint256 total) = _referenceClimb(
            ShareTree.leaf(ALICE, bytes32(0), shares),
            shares,
            slot,
            hashes,
            sums
        );
        vm.assume(total > shares); // some other slot holds shares (BOB's listed twin needs at least one)
        IShareTrees.Tree memory tree = IShareTrees.Tree({
            root: root,
            slotCount: uint40(2 ** depth),
            totalShares: uint40(total),
            deadline: uint40(block.timestamp + 365 days),
            fallbackAccount: FALLBACK,
            keepsEarning: true
        });
        treeId = DatasetId.wrap(keccak256("tree"));
        trees.registerTree(
            IShareTrees.TreeRegistration({contentHash: treeId, metadataURI: "ipfs://t", tree: tree}),
            bytes32(0)
        );
        address[] memory a = new address[](2);
        uint32[] memory s = new uint32[](2);
        (a[0], a[1], s[0], s[1]) = (ALICE, BOB, shares, uint32(total - shares));
        listed = _registerDataset(keccak256("list"), a, s);
        DatasetId[] memory ds = new DatasetId[](2);
        uint32[] memory ws = new uint32[](2);
        (ds[0], ds[1], ws[0], ws[1]) = (treeId, listed, weight, weight);
        model = _registerModel(keccak256("m"), ds, ws);
        proofs.push(
            IShareTrees.SlotProof({
                dataset: treeId,
                tree: tree,
                account: ALICE,
                index: slot,
                shares: shares,
                identity: bytes32(0),
                hashes: hashes,
                sums: sums
            })
        );
    }

    function testFuzz_treeSlot_paidAsListedSlot(
        uint32 sharesSeed,
        uint32 indexSeed,
        uint8 depthSeed,
        uint256 seed,
        uint32 weightSeed,
        uint128[3] memory deposits
    ) public {
        uint256 depth = bound(depthSeed, 1, 20);
        slot = uint32(bound(indexSeed, 0, 2 ** depth - 1));
        _setUp(
            uint32(bound(sharesSeed, 1, type(uint32).max / 2)),
            depth,
            seed,
            uint32(bound(weightSeed, 1, type(uint32).max / 2))
        );
        uint256 fromTree;
        uint256 fromList;
        uint16 aliceListIndex = ALICE < BOB ? 0 : 1;
        for (uint256 i; i < 3; ++i) {
            vm.prank(SPONSOR);
            vault.deposit(model, bound(deposits[i], 1, 1e30));
            uint256 before = token.balanceOf(ALICE);
            // The first claim proves the slot (or, with nothing to pay yet, only the proof goes through); later ones
            // claim it as a listed slot.
            if (i == 0) {
                try trees.proveAndClaim(vault, ALICE, proofs, _oneAt(model, treeId, slot)) {} catch (
                    bytes memory reason
                ) {
                    _onlyNothingToClaim(reason);
                    trees.proveSlot(proofs[0]);
                }
            } else {
                _claim(_oneAt(model, treeId, slot));
            }
            fromTree += token.balanceOf(ALICE) - before;
            before = token.balanceOf(ALICE);
            _claim(_one(model, listed, aliceListIndex));
            fromList += token.balanceOf(ALICE) - before;
        }
        vm.assertEq(fromTree, fromList, "a tree slot is paid what a listed slot with the same shares is paid");
    }

    /// @dev Claims for ALICE; a claim that owes nothing yet (tiny deposits round to zero) pays nothing.
    function _claim(IRewardVault.ClaimRequest[] memory requests) internal {
        try vault.claim(ALICE, requests) {} catch (bytes memory reason) {
            _onlyNothingToClaim(reason);
        }
    }

    function _onlyNothingToClaim(bytes memory reason) internal pure {
        vm.assertEq(bytes32(bytes4(reason)), bytes32(IRewardVault.NothingToClaim.selector), "only NothingToClaim");
    }

    function _oneAt(ModelId m, DatasetId d, uint32 index) internal pure returns (IRewardVault.ClaimRequest[] memory r) {
        r = new IRewardVault.ClaimRequest[](1);
        r[0] = IRewardVault.ClaimRequest({model: m, dataset: d, index: index});
    }
}
