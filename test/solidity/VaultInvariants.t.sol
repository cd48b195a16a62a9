// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {RewardVault} from "../../contracts/RewardVault.sol";
import {IDatasetDisputes} from "../../contracts/interfaces/IDatasetDisputes.sol";
import {IDatasetRegistration} from "../../contracts/interfaces/IDatasetRegistration.sol";
import {MockERC20} from "../../contracts/test/MockERC20.sol";
import {DatasetId} from "../../contracts/types/DatasetId.sol";
import {ModelId} from "../../contracts/types/ModelId.sol";
import {VaultHandler} from "./handlers/VaultHandler.sol";
import {SystemFixture} from "./utils/SystemFixture.sol";

/// @notice The six money invariants of DESIGN.md, checked after every random call sequence.
/// Four datasets (1 to 3 contributors, shares up to 2^32 - 1); three models with overlapping, extreme
/// weights; and a lineage on top: `c1` fine-tunes `m1` (royalty floor 20%), `g` fine-tunes `c1`, so
/// royalties are forwarded two hops. Registries have a one-day claim cooling-off, and flags with their
/// rulings run throughout, so every rounding, freeze and forwarding path is exercised.
contract VaultInvariantsTest is SystemFixture {
    uint32 internal constant CLAIM_DELAY = 1 days;

    MockERC20 internal token;
    RewardVault internal vault;
    VaultHandler internal handler;

    struct Snapshot {
        uint32 shares;
        uint40 totalShares;
        uint32 weight;
        uint40 totalWeight;
    }

    mapping(uint256 edge => Snapshot) internal _initial;
    mapping(uint256 parentEdge => Snapshot) internal _initialParent;

    function setUp() public {
        _deployRegistries(0, CLAIM_DELAY);
        token = new MockERC20("Reward", 18);
        vault = _deployVault(token);

        DatasetId d0 = _dataset("d0", _list(address(0x1001), address(0), address(0)), _shares(1, 0, 0));
        DatasetId d1 = _dataset("d1", _list(address(0x1001), address(0x1002), address(0)), _shares(3, 1, 0));
        DatasetId d2 = _dataset("d2", _list(address(0x1002), address(0x1003), address(0x1004)), _shares(7, 5, 1));
        DatasetId d3 = _dataset(
            "d3",
            _list(address(0x1003), address(0x1005), address(0x1006)),
            _shares(type(uint32).max, 1, 12345)
        );

        ModelId[] memory ms = new ModelId[](5);
        ms[0] = _model("m0", _ds(d0, d1, DatasetId.wrap(0)), _shares(1, 1, 0));
        ms[1] = _registerModel(keccak256("m1"), _ds(d1, d2, d3), _shares(5, 3, 2), ModelId.wrap(0), 0, 2000);
        ms[2] = _model("m2", _ds(d0, d3, DatasetId.wrap(0)), _shares(1, type(uint32).max, 0));
        // c1: d2 weight 3, parent m1 weight 1 (25% >= m1's 20% floor), asking 10% of its own derivatives.
        ms[3] = _registerModel(keccak256("c1"), _single(d2), _weights(3), ms[1], 1, 1000);
        // g: d0 weight 7, parent c1 weight 3 (30%).
        ms[4] = _registerModel(keccak256("g"), _single(d0), _weights(7), ms[3], 3, 0);

        VaultHandler.Edge[] memory edges = new VaultHandler.Edge[](64);
        uint256 n;
        for (uint256 m; m < ms.length; ++m) {
            DatasetId[4] memory all = [d0, d1, d2, d3];
            for (uint256 d; d < 4; ++d) {
                if (models.weightOf(ms[m], all[d]) == 0) continue;
                uint256 count = datasets.dataset(all[d]).contributorCount;
                for (uint16 i; i < count; ++i) edges[n++] = VaultHandler.Edge(ms[m], all[d], i);
            }
        }
        assembly {
            mstore(edges, n)
        }
        VaultHandler.ParentEdge[] memory parents = new VaultHandler.ParentEdge[](2);
        parents[0] = VaultHandler.ParentEdge(ms[3], ms[1]);
        parents[1] = VaultHandler.ParentEdge(ms[4], ms[3]);
        handler = new VaultHandler(vault, token, ADMIN, ms, edges, parents);
        vm.prank(handler.SPONSOR());
        token.approve(address(vault), type(uint256).max);
        for (uint256 e; e < n; ++e) {
            VaultHandler.Edge memory x = edges[e];
            IDatasetRegistration.Contributor memory c = datasets.contributor(x.dataset, x.index);
            (uint32 w, uint40 tw) = models.usageOf(x.model, x.dataset);
            _initial[e] = Snapshot(c.shares, c.totalShares, w, tw);
        }
        for (uint256 p; p < parents.length; ++p) {
            (uint32 w, uint40 tw) = models.parentUsageOf(parents[p].child, parents[p].parent);
            _initialParent[p] = Snapshot(0, 0, w, tw);
        }
    }

    /// @dev The handler's state-changing functions are exactly its actions (views are never fuzzed).
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// The handler's actions work as scripted, so the invariants below never check an idle system.
    function test_handler_everyActionDoesRealWork() public {
        handler.deposit(0, 1e18);
        vm.assertEq(handler.ghostDeposited(), 1e18, "deposit");
        handler.claim(0, type(uint256).max, 2); // cooling off: nothing payable, nothing claimed
        vm.assertEq(handler.ghostClaims(), 0, "cooling-off pays nothing");
        handler.warp(CLAIM_DELAY); // to the end of the cooling-off
        handler.claim(0, type(uint256).max, 2);
        vm.assertEq(handler.ghostClaims(), 1, "claim with repeats");
        vm.assertGe(handler.ghostClaimed(), 1, "claimed something");
        handler.deposit(4, 1e18); // the grandchild
        handler.forward(1); // g -> c1
        handler.forward(0); // c1 -> m1
        vm.assertEq(handler.ghostForwards(), 2, "two hops forwarded");
        handler.moveShare(3);
        vm.assertEq(handler.ghostMoves(), 1, "move");
        handler.deposit(1, 1e18); // model 1 pays edge 3, whose share just moved
        handler.flag(1);
        vm.assertEq(handler.ghostFlags(), 1, "flag");
        handler.rule(1, 1); // upheld: fresh holders for every slot, after the appeal window
        handler.rule(1, 0); // executed
        handler.flag(2);
        handler.rule(2, 3); // expired
        handler.flag(0);
        handler.rule(0, 0); // dismissed
        vm.assertEq(handler.ghostRulings(), 3, "three rulings");
        handler.retire(1);
        for (uint8 w; w < 3; ++w) handler.togglePause(w);
        vm.assertTrue(vault.paused() && datasets.paused() && models.paused(), "all paused");
        uint256 depositsBefore = handler.ghostDeposits();
        handler.deposit(1, 5); // refused while paused, and not counted
        vm.assertEq(handler.ghostDeposits(), depositsBefore, "paused deposit not counted");
        uint256 claimsBefore = handler.ghostClaims();
        handler.claim(3, type(uint256).max, 0); // the moved share's new holder, all paused
        vm.assertEq(handler.ghostClaims(), claimsBefore + 1, "claims stay open while paused");
        invariant_conservation_depositedEqualsClaimedPlusOwedPlusDust();
        invariant_noOverClaim_releasedMatchesEntitlement();
        invariant_exactSplit_creditsSumToInflow();
        invariant_liveness_everyPayableEdgeClaimsAndEveryFreezeEnds();
    }

    /* THE INVARIANTS */

    /// 1. Conservation: deposited == claimed + owed (frozen, cooling and unforwarded parent credit
    /// included) + dust, dust bounded per edge, and the vault's balance is exactly what is not yet claimed.
    function invariant_conservation_depositedEqualsClaimedPlusOwedPlusDust() public view {
        uint256 deposited = handler.ghostDeposited();
        uint256 claimed = handler.ghostClaimed();
        vm.assertEq(token.balanceOf(address(vault)), deposited - claimed, "balance = deposited - claimed");
        (uint256 owed, uint256 edges) = _totalOwed();
        vm.assertLe(claimed + owed, deposited, "owed never exceeds deposited");
        // Each pool floors once per edge, each dataset credit once per share: at most one wei each.
        vm.assertLe(deposited - claimed - owed, 2 * edges, "dust bounded per edge");
    }

    /// 2. No over-claim: what each share took through each model equals its floor(w/W * s/S) entitlement
    /// minus what it is still owed, recomputed here with plain arithmetic; parent edges likewise; batches
    /// paid exactly once.
    function invariant_noOverClaim_releasedMatchesEntitlement() public view {
        uint256 n = handler.edgeCount();
        for (uint256 e; e < n; ++e) {
            VaultHandler.Edge memory x = handler.edge(e);
            Snapshot memory s = _initial[e];
            uint256 released = vault.released(x.model, x.dataset, x.index);
            vm.assertEq(released, handler.ghostReleased(e), "released = shadow released");
            // inflow <= depth * 1e30 < 2^110; times w * s < 2^64 stays far below 2^256.
            uint256 entitlement =
                (vault.inflow(x.model) * s.weight * s.shares) / (uint256(s.totalWeight) * s.totalShares);
            vm.assertEq(released + vault.owed(x.model, x.dataset, x.index), entitlement, "entitlement");
        }
        uint256 p = handler.parentEdgeCount();
        for (uint256 i; i < p; ++i) {
            VaultHandler.ParentEdge memory x = handler.parentEdge(i);
            Snapshot memory s = _initialParent[i];
            uint256 forwarded = vault.forwarded(x.child, x.parent);
            vm.assertEq(forwarded, handler.ghostForwarded(i), "forwarded = shadow forwarded");
            uint256 credit = (vault.inflow(x.child) * s.weight) / s.totalWeight;
            vm.assertEq(forwarded + vault.forwardable(x.child, x.parent), credit, "parent entitlement");
        }
    }

    /// 3. Exact split: a pool's inflow is its deposits plus what its children forwarded, and its credits to
    /// its datasets and its parent sum to that inflow, less under one wei per edge.
    function invariant_exactSplit_creditsSumToInflow() public view {
        ModelId[] memory ms = handler.modelList();
        DatasetId[] memory ds = handler.datasetList();
        for (uint256 m; m < ms.length; ++m) {
            uint256 inflow = vault.inflow(ms[m]);
            vm.assertEq(
                inflow,
                handler.ghostDepositedTo(ms[m]) + handler.ghostForwardedTo(ms[m]),
                "inflow = deposits + forwarded in"
            );
            uint256 credited;
            uint256 edges;
            for (uint256 d; d < ds.length; ++d) {
                if (models.weightOf(ms[m], ds[d]) == 0) continue;
                credited += vault.credited(ms[m], ds[d]);
                ++edges;
            }
            ModelId parent = models.model(ms[m]).parent;
            if (!parent.isZero()) {
                credited += vault.forwarded(ms[m], parent) + vault.forwardable(ms[m], parent);
                ++edges;
            }
            vm.assertLe(credited, inflow, "credits never exceed inflow");
            vm.assertLe(inflow - credited, edges, "split dust");
        }
    }

    /// 4. Immutability: shares, weights and parent terms never change; holders only through a move or an
    /// upheld flag, registrants only through an upheld flag.
    function invariant_immutability_sharesWeightsAndHoldersAsRecorded() public view {
        uint256 n = handler.edgeCount();
        for (uint256 e; e < n; ++e) {
            VaultHandler.Edge memory x = handler.edge(e);
            Snapshot memory s = _initial[e];
            IDatasetRegistration.Contributor memory c = datasets.contributor(x.dataset, x.index);
            (uint32 w, uint40 tw) = models.usageOf(x.model, x.dataset);
            vm.assertEq(c.account, handler.ghostHolder(x.dataset, x.index), "holder only by move or ruling");
            vm.assertEq(c.shares, s.shares, "shares");
            vm.assertEq(c.totalShares, s.totalShares, "total shares");
            vm.assertEq(w, s.weight, "weight");
            vm.assertEq(tw, s.totalWeight, "total weight");
            vm.assertEq(
                datasets.dataset(x.dataset).registrant,
                handler.ghostRegistrant(x.dataset),
                "registrant only by ruling"
            );
        }
        uint256 p = handler.parentEdgeCount();
        for (uint256 i; i < p; ++i) {
            VaultHandler.ParentEdge memory x = handler.parentEdge(i);
            (uint32 w, uint40 tw) = models.parentUsageOf(x.child, x.parent);
            vm.assertEq(w, _initialParent[i].weight, "parent weight");
            vm.assertEq(tw, _initialParent[i].totalWeight, "child total weight");
        }
    }

    /// 5. Liveness: whatever is paused, every edge that may be paid now pays in full on a claim, and every
    /// open flag can be ended by anyone once it times out, after which its slots pay what they owe.
    /// (Runs the claims and expiries on a snapshot and rolls them back.)
    function invariant_liveness_everyPayableEdgeClaimsAndEveryFreezeEnds() public {
        uint256 snapshot = vm.snapshotState();
        DatasetId[] memory ds = handler.datasetList();
        uint256 latest = block.timestamp;
        for (uint256 d; d < ds.length; ++d) {
            IDatasetDisputes.Dispute memory dispute = datasets.disputeOf(ds[d]);
            uint256 endsAt =
                dispute.state == IDatasetDisputes.DisputeState.Open
                    ? uint256(dispute.openedAt) + datasets.disputeTimeout()
                    : dispute.state == IDatasetDisputes.DisputeState.Upheld
                        ? dispute.executableAt
                        : 0;
            if (endsAt > latest) latest = endsAt;
        }
        // Past every timeout, every appeal window and every cooling-off.
        vm.warp(latest + CLAIM_DELAY);
        for (uint256 d; d < ds.length; ++d) {
            IDatasetDisputes.Dispute memory dispute = datasets.disputeOf(ds[d]);
            uint256 disputeId = dispute.id;
            if (dispute.state == IDatasetDisputes.DisputeState.Open) datasets.expireFlag(ds[d]);
            if (dispute.state == IDatasetDisputes.DisputeState.Upheld) {
                address[] memory holders = handler.pendingHolders(ds[d]);
                datasets.executeRuling(ds[d], disputeId, holders[0], holders);
            }
        }
        uint256 n = handler.edgeCount();
        for (uint256 e; e < n; ++e) {
            VaultHandler.Edge memory x = handler.edge(e);
            uint256 owed = vault.owed(x.model, x.dataset, x.index);
            vm.assertEq(vault.claimable(x.model, x.dataset, x.index), owed, "nothing held back once thawed");
            if (owed == 0) continue;
            // The current holder: the rulings executed above reassigned slots the handler's ghost still names.
            address holder = datasets.contributor(x.dataset, x.index).account;
            uint256 before = token.balanceOf(holder);
            vault.claim(holder, _one(x.model, x.dataset, x.index));
            vm.assertEq(token.balanceOf(holder) - before, owed, "owed edge paid in full");
        }
        vm.revertToState(snapshot);
    }

    /// 6. Dispute neutrality: nobody with a privileged role ever holds a reward token or a bond credit, and
    /// every bond ever posted is still in the registry (the handler never withdraws): held for an open flag,
    /// credited back to a challenger a ruling agreed with (or a joiner of an expired flag), or forfeited. (That a freeze and a ruling move no money between slots is invariant 2:
    /// every slot's released + owed equals its entitlement whatever was frozen or reassigned.)
    function invariant_disputeNeutrality_arbiterNeverPaid() public view {
        vm.assertEq(token.balanceOf(ADMIN), 0, "admin/arbiter received tokens");
        vm.assertEq(datasets.bondCredit(ADMIN), 0, "arbiter received a bond");
        vm.assertEq(address(datasets).balance, handler.ghostBonds(), "every bond still held");
        DatasetId[] memory ds = handler.datasetList();
        uint256 open;
        uint256 held;
        for (uint256 d; d < ds.length; ++d) {
            IDatasetDisputes.Dispute memory dispute = datasets.disputeOf(ds[d]);
            IDatasetDisputes.DisputeState state = dispute.state;
            if (state == IDatasetDisputes.DisputeState.Open || state == IDatasetDisputes.DisputeState.Upheld) {
                ++open;
                held += dispute.bonds;
            }
        }
        vm.assertEq(handler.ghostFlags(), open + handler.ghostRulings(), "each flag open or ruled once");
        uint256 credited = datasets.bondCredit(handler.CHALLENGER()) + datasets.bondCredit(handler.CHALLENGER2());
        vm.assertEq(
            handler.ghostBonds(),
            held + credited + handler.ghostForfeited(),
            "bonds held, refunded or forfeited"
        );
    }

    /* HELPERS */

    function _totalOwed() internal view returns (uint256 owed, uint256 edges) {
        uint256 n = handler.edgeCount();
        for (uint256 e; e < n; ++e) {
            VaultHandler.Edge memory x = handler.edge(e);
            owed += vault.owed(x.model, x.dataset, x.index);
        }
        uint256 p = handler.parentEdgeCount();
        for (uint256 i; i < p; ++i) {
            VaultHandler.ParentEdge memory x = handler.parentEdge(i);
            owed += vault.forwardable(x.child, x.parent);
        }
        edges = n + p;
    }

    function _dataset(string memory label, address[] memory a, uint32[] memory s) internal returns (DatasetId) {
        return _registerDataset(keccak256(bytes(label)), a, s);
    }

    function _model(string memory label, DatasetId[] memory ds, uint32[] memory w) internal returns (ModelId) {
        return _registerModel(keccak256(bytes(label)), ds, w);
    }

    /// @dev Up to three entries; zero entries are dropped (shares and weights alike).
    function _list(address a, address b, address c) internal pure returns (address[] memory out) {
        out = new address[](
            c != address(0)
                ? 3
                : b != address(0)
                    ? 2
                    : 1
        );
        out[0] = a;
        if (out.length > 1) out[1] = b;
        if (out.length > 2) out[2] = c;
    }

    function _shares(uint32 a, uint32 b, uint32 c) internal pure returns (uint32[] memory out) {
        out = new uint32[](
            c != 0
                ? 3
                : b != 0
                    ? 2
                    : 1
        );
        out[0] = a;
        if (out.length > 1) out[1] = b;
        if (out.length > 2) out[2] = c;
    }

    function _weights(uint32 a) internal pure returns (uint32[] memory out) {
        out = new uint32[](1);
        out[0] = a;
    }

    function _single(DatasetId a) internal pure returns (DatasetId[] memory out) {
        out = new DatasetId[](1);
        out[0] = a;
    }

    function _ds(DatasetId a, DatasetId b, DatasetId c) internal pure returns (DatasetId[] memory out) {
        out = new DatasetId[](DatasetId.unwrap(c) != 0 ? 3 : 2);
        (out[0], out[1]) = (a, b);
        if (out.length > 2) out[2] = c;
    }
}
