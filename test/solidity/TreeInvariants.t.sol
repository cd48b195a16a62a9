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
        // The handler rules on flags it opens (the arbiter and the flagger are its own calls).
        bytes32 arbiter = datasets.ARBITER_ROLE();
        vm.prank(ADMIN);
        datasets.grantRole(arbiter, address(handler));
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
        // A ruling gives slots 0 and 4 new holders: what they earned waits for them; the others are proven again.
        handler.rule(0x11);
        vm.assertEq(handler.ghostRulings(), 1, "ruling");
        handler.deposit(0, 1e20);
        handler.prove(0);
        handler.claim(0);
        handler.propose(1);
        handler.warp(type(uint32).max);
        handler.complete(1);
        handler.claim(4);
        vm.assertEq(handler.ghostClaims(), 6, "claims after the ruling");
        invariant_treeMoney();
    }

    /// What the three properties read, read once per check (the campaign checks after every call).
    struct Books {
        DatasetId tree;
        uint256 total;
        uint256[] shares;
        ModelId[] models;
        /// entitlement[m * SLOTS + i] and released[m * SLOTS + i]
        uint256[] entitlement;
        uint256[] released;
    }

    function _books() internal view returns (Books memory b) {
        b.tree = handler.treeId();
        b.total = handler.tree().totalShares;
        uint256 slots = handler.SLOTS();
        b.shares = new uint256[](slots);
        for (uint256 i; i < slots; ++i) b.shares[i] = handler.shares(i);
        b.models = handler.modelList();
        b.entitlement = new uint256[](b.models.length * slots);
        b.released = new uint256[](b.models.length * slots);
        for (uint256 m; m < b.models.length; ++m) {
            (uint32 w, uint40 tw) = models.usageOf(b.models[m], b.tree);
            uint256 inflow = vault.inflow(b.models[m]);
            for (uint256 i; i < slots; ++i) {
                // floor(inflow × w × s / (W × S)), as the vault's rule says.
                b.entitlement[m * slots + i] = (inflow * w * b.shares[i]) / (uint256(tw) * b.total);
                b.released[m * slots + i] = vault.released(b.models[m], b.tree, uint32(i));
            }
        }
    }

    /// The three properties below, checked after every call sequence of one campaign: each invariant function
    /// runs a campaign of its own (500 runs of 60 calls in CI), and these share every state they look at.
    function invariant_treeMoney() public view {
        Books memory b = _books();
        _noOverClaim_treeSlots(b);
        _conservation_everySlotCounted(b);
        _immutability_provenSlotsMatchTheTree(b);
    }

    /// 1. Conservation: the vault holds exactly what was deposited and not claimed; what every tree slot and
    /// every listed slot is still entitled to (wallet or not) fits in it, less at most a wei per edge.
    function _conservation_everySlotCounted(Books memory b) internal view {
        uint256 deposited = handler.ghostDeposited();
        uint256 claimed = handler.ghostClaimed();
        vm.assertEq(token.balanceOf(address(vault)), deposited - claimed, "balance = deposited - claimed");
        uint256 remaining;
        uint256 edges = b.entitlement.length;
        for (uint256 k; k < b.entitlement.length; ++k) remaining += b.entitlement[k] - b.released[k];
        for (uint256 m; m < b.models.length; ++m) {
            for (uint32 i; i < 2; ++i) {
                remaining += vault.owed(b.models[m], listed, i);
                ++edges;
            }
        }
        vm.assertLe(claimed + remaining, deposited, "entitlements never exceed deposits");
        vm.assertLe(deposited - claimed - remaining, 2 * edges, "dust bounded per edge");
    }

    /// 2. No over-claim: no tree slot ever released more than its entitlement, through any holder (the address,
    /// the fallback after a sweep, the person after a late binding, a moved key).
    function _noOverClaim_treeSlots(Books memory b) internal pure {
        for (uint256 k; k < b.entitlement.length; ++k) vm.assertLe(b.released[k], b.entitlement[k], "over-claim");
    }

    /// 3. Immutability: a written slot holds the tree's shares and total, and pays the holder the handler expects
    /// (no one, for a slot written under a tree a ruling has replaced since).
    function _immutability_provenSlotsMatchTheTree(Books memory b) internal view {
        for (uint256 i; i < b.shares.length; ++i) {
            (address paid, , , ) = datasets.payoutOf(b.tree, uint32(i));
            vm.assertEq(paid, handler.ghostHolder(i), "holder only by proof, binding, sweep, move or ruling");
            IDatasetRegistration.Contributor memory c = datasets.contributor(b.tree, uint32(i));
            if (c.account == address(0)) continue;
            vm.assertEq(c.shares, b.shares[i], "shares as in the tree");
            vm.assertEq(c.totalShares, b.total, "total as in the tree");
        }
    }
}
