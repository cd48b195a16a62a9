// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {RewardVault} from "../../contracts/RewardVault.sol";
import {ShareTrees} from "../../contracts/ShareTrees.sol";
import {IDatasetRegistration} from "../../contracts/interfaces/IDatasetRegistration.sol";
import {IShareTrees} from "../../contracts/interfaces/IShareTrees.sol";
import {MockERC20} from "../../contracts/test/MockERC20.sol";
import {DatasetId} from "../../contracts/types/DatasetId.sol";
import {ModelId} from "../../contracts/types/ModelId.sol";
import {TreeHandler} from "./handlers/TreeHandler.sol";
import {SystemFixture} from "./utils/SystemFixture.sol";

/// @notice The money invariants with a share tree in the mix: a tree dataset and a list dataset paid by two
/// models, tree slots proven, bound, vetoed, swept, bound late and moved in any order, and every slot's
/// entitlement counted whether or not anyone has claimed it with a wallet yet.
contract TreeInvariantsTest is SystemFixture {
    MockERC20 internal token;
    RewardVault internal vault;
    ShareTrees internal trees;
    TreeHandler internal handler;
    DatasetId internal listed;

    function setUp() public {
        _deployRegistries(0, 0);
        token = new MockERC20("Reward", 18);
        vault = _deployVault(token);
        trees = ShareTrees(datasets.shareTrees());
        address[] memory a = new address[](2);
        uint32[] memory s = new uint32[](2);
        (a[0], a[1], s[0], s[1]) = (address(0x2001), address(0x2002), 3, type(uint32).max);
        listed = _registerDataset(keccak256("listed"), a, s);

        // The handler builds the tree; its registrant registers it, then two models declare it.
        address registrant = address(0x7EE);
        ModelId[] memory none = new ModelId[](0);
        TreeHandler probe = new TreeHandler(vault, token, registrant, none);
        DatasetId treeId = probe.treeId();
        IShareTrees.TreeRegistration memory registration = IShareTrees.TreeRegistration({
            contentHash: treeId,
            metadataURI: "ipfs://crowd",
            tree: probe.tree()
        });
        vm.prank(registrant);
        trees.registerTree(registration, bytes32(0));
        DatasetId[] memory ds = new DatasetId[](2);
        uint32[] memory ws = new uint32[](2);
        (ds[0], ds[1], ws[0], ws[1]) = (treeId, listed, 5, 3);
        ModelId[] memory ms = new ModelId[](2);
        ms[0] = _registerModel(keccak256("m0"), ds, ws);
        DatasetId[] memory only = new DatasetId[](1);
        uint32[] memory w1 = new uint32[](1);
        (only[0], w1[0]) = (treeId, type(uint32).max);
        ms[1] = _registerModel(keccak256("m1"), only, w1);
        handler = new TreeHandler(vault, token, registrant, ms);
        (bytes32 role, address attester) = (trees.ATTESTER_ROLE(), handler.attester());
        vm.prank(ADMIN);
        datasets.grantRole(role, attester);
        _fund(token, address(vault), handler.SPONSOR(), type(uint256).max);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// The handler's actions work as scripted, so the invariants never check an idle tree.
    function test_handler_everyActionDoesRealWork() public {
        handler.deposit(0, 1e24);
        handler.deposit(1, 7);
        handler.prove(0);
        handler.claim(0);
        vm.assertEq(handler.ghostProofs(), 1, "proof");
        vm.assertEq(handler.ghostClaims(), 1, "claim");
        handler.propose(0); // slot 3
        handler.veto(0);
        vm.assertEq(handler.ghostVetoes(), 1, "veto");
        handler.propose(0);
        handler.warp(type(uint32).max); // 20 days: past the window
        handler.complete(0);
        vm.assertEq(handler.ghostBindings(), 1, "binding");
        handler.claim(3);
        handler.warp(type(uint32).max);
        handler.warp(type(uint32).max); // past the deadline
        handler.sweep(1); // slot 4
        vm.assertEq(handler.ghostSweeps(), 1, "sweep");
        handler.deposit(0, 1e20);
        handler.claim(4);
        handler.propose(1); // a late binding of the swept slot
        handler.warp(type(uint32).max);
        handler.complete(1);
        handler.move(4);
        handler.deposit(1, 1e20);
        handler.claim(4);
        vm.assertEq(handler.ghostBindings(), 2, "late binding");
        invariant_conservation_everySlotCounted();
        invariant_noOverClaim_treeSlots();
        invariant_immutability_provenSlotsMatchTheTree();
    }

    /// @dev Slot `i`'s entitlement through model `m`: floor(inflow × w × s / (W × S)), as the vault's rule says.
    function _entitlement(ModelId m, uint256 slot) internal view returns (uint256) {
        (uint32 w, uint40 tw) = models.usageOf(m, handler.treeId());
        return (vault.inflow(m) * w * handler.shares(slot)) / (uint256(tw) * handler.tree().totalShares);
    }

    /// 1. Conservation: the vault holds exactly what was deposited and not claimed; what every tree slot and
    /// every listed slot is still entitled to (wallet or not) fits in it, less at most a wei per edge.
    function invariant_conservation_everySlotCounted() public view {
        uint256 deposited = handler.ghostDeposited();
        uint256 claimed = handler.ghostClaimed();
        vm.assertEq(token.balanceOf(address(vault)), deposited - claimed, "balance = deposited - claimed");
        ModelId[] memory ms = handler.modelList();
        uint256 remaining;
        uint256 edges;
        for (uint256 m; m < ms.length; ++m) {
            for (uint256 i; i < handler.SLOTS(); ++i) {
                remaining += _entitlement(ms[m], i) - vault.released(ms[m], handler.treeId(), uint32(i));
                ++edges;
            }
            for (uint32 i; i < 2; ++i) {
                remaining += vault.owed(ms[m], listed, i);
                ++edges;
            }
        }
        vm.assertLe(claimed + remaining, deposited, "entitlements never exceed deposits");
        vm.assertLe(deposited - claimed - remaining, 2 * edges, "dust bounded per edge");
    }

    /// 2. No over-claim: no tree slot ever released more than its entitlement, through any holder (the address,
    /// the fallback after a sweep, the person after a late binding, a moved key).
    function invariant_noOverClaim_treeSlots() public view {
        ModelId[] memory ms = handler.modelList();
        for (uint256 m; m < ms.length; ++m) {
            for (uint256 i; i < handler.SLOTS(); ++i) {
                vm.assertLe(vault.released(ms[m], handler.treeId(), uint32(i)), _entitlement(ms[m], i), "over-claim");
            }
        }
    }

    /// 3. Immutability: a written slot holds the tree's shares and total, and the holder the handler expects.
    function invariant_immutability_provenSlotsMatchTheTree() public view {
        for (uint256 i; i < handler.SLOTS(); ++i) {
            IDatasetRegistration.Contributor memory c = datasets.contributor(handler.treeId(), uint32(i));
            vm.assertEq(c.account, handler.ghostHolder(i), "holder only by proof, binding, sweep or move");
            if (c.account == address(0)) continue;
            vm.assertEq(c.shares, handler.shares(i), "shares as in the tree");
            vm.assertEq(c.totalShares, handler.tree().totalShares, "total as in the tree");
        }
    }
}
