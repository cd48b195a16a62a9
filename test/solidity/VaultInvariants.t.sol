// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {RewardVault} from "../../contracts/RewardVault.sol";
import {IDatasetRegistry} from "../../contracts/interfaces/IDatasetRegistry.sol";
import {MockERC20} from "../../contracts/test/MockERC20.sol";
import {DatasetId} from "../../contracts/types/DatasetId.sol";
import {ModelId} from "../../contracts/types/ModelId.sol";
import {VaultHandler} from "./handlers/VaultHandler.sol";
import {SystemFixture} from "./utils/SystemFixture.sol";

/// @notice The five money invariants of DESIGN.md, checked after every random call sequence.
/// Four datasets (1 to 3 contributors, shares up to 2^32 - 1) and three models with overlapping,
/// extreme weights, so every rounding path is exercised.
contract VaultInvariantsTest is SystemFixture {
    MockERC20 internal token;
    RewardVault internal vault;
    VaultHandler internal handler;

    struct Snapshot {
        address registrant;
        uint32 shares;
        uint40 totalShares;
        uint32 weight;
        uint40 totalWeight;
    }

    mapping(uint256 edge => Snapshot) internal _initial;

    function setUp() public {
        _deployRegistries(0);
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

        ModelId[] memory ms = new ModelId[](3);
        ms[0] = _model("m0", _ds(d0, d1, DatasetId.wrap(0)), _shares(1, 1, 0));
        ms[1] = _model("m1", _ds(d1, d2, d3), _shares(5, 3, 2));
        ms[2] = _model("m2", _ds(d0, d3, DatasetId.wrap(0)), _shares(1, type(uint32).max, 0));

        VaultHandler.Edge[] memory edges = new VaultHandler.Edge[](64);
        uint256 n;
        for (uint256 m; m < 3; ++m) {
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
        handler = new VaultHandler(vault, token, ADMIN, ms, edges);
        vm.prank(handler.SPONSOR());
        token.approve(address(vault), type(uint256).max);
        for (uint256 e; e < n; ++e) {
            VaultHandler.Edge memory x = edges[e];
            IDatasetRegistry.Contributor memory c = datasets.contributor(x.dataset, x.index);
            (uint32 w, uint40 tw) = models.usageOf(x.model, x.dataset);
            _initial[e] = Snapshot(datasets.dataset(x.dataset).registrant, c.shares, c.totalShares, w, tw);
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
        handler.claim(0, type(uint256).max, 2);
        vm.assertEq(handler.ghostClaims(), 1, "claim with repeats");
        vm.assertGe(handler.ghostClaimed(), 1, "claimed something");
        handler.moveShare(3);
        vm.assertEq(handler.ghostMoves(), 1, "move");
        handler.deposit(1, 1e18); // model 1 pays edge 3, whose share just moved
        vm.assertEq(handler.ghostDeposits(), 2, "second deposit");
        handler.retire(1);
        vm.assertTrue(datasets.dataset(handler.edge(1).dataset).retired, "retire");
        for (uint8 w; w < 3; ++w) handler.togglePause(w);
        vm.assertTrue(vault.paused() && datasets.paused() && models.paused(), "all paused");
        handler.deposit(1, 5); // refused while paused, and not counted
        vm.assertEq(handler.ghostDeposits(), 2, "paused deposit not counted");
        uint256 claimsBefore = handler.ghostClaims();
        handler.claim(3, type(uint256).max, 0); // the moved share's new holder, all paused
        vm.assertEq(handler.ghostClaims(), claimsBefore + 1, "claims stay open while paused");
        invariant_conservation_depositedEqualsClaimedPlusClaimablePlusDust();
        invariant_noOverClaim_releasedMatchesEntitlement();
    }

    /* THE INVARIANTS */

    /// 1. Conservation: deposited == claimed + claimable + dust, dust < 1 wei per edge, and the
    /// vault's balance is exactly what is not yet claimed.
    function invariant_conservation_depositedEqualsClaimedPlusClaimablePlusDust() public view {
        uint256 deposited = handler.ghostDeposited();
        uint256 claimed = handler.ghostClaimed();
        vm.assertEq(token.balanceOf(address(vault)), deposited - claimed, "balance = deposited - claimed");
        uint256 claimable;
        uint256 n = handler.edgeCount();
        for (uint256 e; e < n; ++e) {
            VaultHandler.Edge memory x = handler.edge(e);
            claimable += vault.claimable(x.model, x.dataset, x.index);
        }
        vm.assertLe(claimed + claimable, deposited, "owed never exceeds deposited");
        vm.assertLe(deposited - claimed - claimable, n, "dust below one wei per edge");
    }

    /// 2. No over-claim: what each share took through each model equals its floor(w/W * s/S) entitlement
    /// minus what is still claimable, recomputed here with plain arithmetic; batches paid exactly once.
    function invariant_noOverClaim_releasedMatchesEntitlement() public view {
        uint256 n = handler.edgeCount();
        for (uint256 e; e < n; ++e) {
            VaultHandler.Edge memory x = handler.edge(e);
            Snapshot memory s = _initial[e];
            uint256 released = vault.released(x.model, x.dataset, x.index);
            vm.assertEq(released, handler.ghostReleased(e), "released = shadow released");
            // deposited <= depth * 1e30 < 2^110; times w * s < 2^64 stays far below 2^256.
            uint256 entitlement =
                (vault.deposited(x.model) * s.weight * s.shares) / (uint256(s.totalWeight) * s.totalShares);
            vm.assertEq(released + vault.claimable(x.model, x.dataset, x.index), entitlement, "entitlement");
        }
    }

    /// 3. Exact split: a model's credits to its datasets sum to its deposits, less under one wei each.
    function invariant_exactSplit_creditsSumToDeposits() public view {
        ModelId[] memory ms = handler.modelList();
        DatasetId[4] memory all = [
            DatasetId.wrap(keccak256("d0")),
            DatasetId.wrap(keccak256("d1")),
            DatasetId.wrap(keccak256("d2")),
            DatasetId.wrap(keccak256("d3"))
        ];
        for (uint256 m; m < ms.length; ++m) {
            uint256 deposited = vault.deposited(ms[m]);
            vm.assertEq(deposited, handler.ghostDepositedTo(ms[m]), "deposited = shadow");
            uint256 credited;
            for (uint256 d; d < 4; ++d) credited += vault.credited(ms[m], all[d]);
            vm.assertLe(credited, deposited, "credits never exceed deposits");
            vm.assertLe(deposited - credited, models.model(ms[m]).datasetCount, "split dust");
        }
    }

    /// 4. Immutability: registrants, shares and weights never change; accounts only through moves.
    function invariant_immutability_sharesWeightsAndHoldersAsRecorded() public view {
        uint256 n = handler.edgeCount();
        for (uint256 e; e < n; ++e) {
            VaultHandler.Edge memory x = handler.edge(e);
            Snapshot memory s = _initial[e];
            IDatasetRegistry.Contributor memory c = datasets.contributor(x.dataset, x.index);
            (uint32 w, uint40 tw) = models.usageOf(x.model, x.dataset);
            vm.assertEq(c.account, handler.ghostHolder(x.dataset, x.index), "holder only changes by a move");
            vm.assertEq(c.shares, s.shares, "shares");
            vm.assertEq(c.totalShares, s.totalShares, "total shares");
            vm.assertEq(w, s.weight, "weight");
            vm.assertEq(tw, s.totalWeight, "total weight");
            vm.assertEq(datasets.dataset(x.dataset).registrant, s.registrant, "registrant");
        }
    }

    /// 5. Liveness: whatever is paused, every edge with money owed pays it out on a claim, now. (The
    /// handler's own claims already fail the run on any revert, through `failOnRevert`; this checks every
    /// edge, not only the ones the fuzzer happened to pick, and rolls the claims back afterwards.)
    function invariant_liveness_everyOwedEdgeClaimsNow() public {
        uint256 snapshot = vm.snapshotState();
        uint256 n = handler.edgeCount();
        for (uint256 e; e < n; ++e) {
            VaultHandler.Edge memory x = handler.edge(e);
            uint256 owed = vault.claimable(x.model, x.dataset, x.index);
            if (owed == 0) continue;
            address holder = handler.ghostHolder(x.dataset, x.index);
            uint256 before = token.balanceOf(holder);
            vault.claim(holder, _one(x.model, x.dataset, x.index));
            vm.assertEq(token.balanceOf(holder) - before, owed, "owed edge paid in full");
        }
        vm.revertToState(snapshot);
    }

    /* SETUP HELPERS */

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

    function _ds(DatasetId a, DatasetId b, DatasetId c) internal pure returns (DatasetId[] memory out) {
        out = new DatasetId[](DatasetId.unwrap(c) != 0 ? 3 : 2);
        (out[0], out[1]) = (a, b);
        if (out.length > 2) out[2] = c;
    }
}
