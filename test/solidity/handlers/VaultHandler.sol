// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AdminPausable} from "../../../contracts/access/AdminPausable.sol";
import {DatasetRegistry} from "../../../contracts/DatasetRegistry.sol";
import {ModelRegistry} from "../../../contracts/ModelRegistry.sol";
import {RewardVault} from "../../../contracts/RewardVault.sol";
import {IDatasetDisputes} from "../../../contracts/interfaces/IDatasetDisputes.sol";
import {IDatasetRegistration} from "../../../contracts/interfaces/IDatasetRegistration.sol";
import {IRewardVault} from "../../../contracts/interfaces/IRewardVault.sol";
import {MockERC20} from "../../../contracts/test/MockERC20.sol";
import {DatasetId} from "../../../contracts/types/DatasetId.sol";
import {ModelId} from "../../../contracts/types/ModelId.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice Drives the vault and registries with random deposits, forwards along a lineage, claims (with
/// repeats), share moves, retirements, pauses, flags, joins and their rulings (dismiss, uphold with or without
/// an appeal and then execute, expiry) and the
/// passing of time, keeping a shadow ledger the invariants compare against.
/// @dev Morpho Blue style: the invariants run with `failOnRevert = true`, and every action here makes
/// only calls that must succeed (it bounds its inputs and skips what the system would rightly refuse),
/// so any revert is a finding. Expected rejections are tested directly in the unit suites.
contract VaultHandler is TestBase {
    struct Edge {
        ModelId model;
        DatasetId dataset;
        uint16 index;
    }

    struct ParentEdge {
        ModelId child;
        ModelId parent;
    }

    /// @notice The payer of every deposit; the test's setUp approves the vault for it.
    address public constant SPONSOR = address(0x5905);
    /// @notice Who flags datasets (funded with ether for bonds).
    address public constant CHALLENGER = address(0xC4A1);
    /// @notice Who joins open disputes.
    address public constant CHALLENGER2 = address(0xC4A2);

    RewardVault public immutable vault;
    DatasetRegistry public immutable datasets;
    ModelRegistry public immutable models;
    MockERC20 public immutable token;
    address public immutable admin;

    Edge[] internal _edges;
    ParentEdge[] internal _parentEdges;
    ModelId[] internal _models;
    DatasetId[] internal _datasets;

    /* SHADOW LEDGER */
    uint256 public ghostDeposited;
    uint256 public ghostClaimed;
    mapping(ModelId model => uint256) public ghostDepositedTo;
    mapping(ModelId model => uint256) public ghostForwardedTo;
    mapping(uint256 edge => uint256) public ghostReleased;
    mapping(uint256 parentEdge => uint256) public ghostForwarded;
    mapping(DatasetId dataset => mapping(uint256 index => address)) public ghostHolder;
    mapping(DatasetId dataset => address) public ghostRegistrant;
    uint256 public ghostMoves;
    uint256 public ghostDeposits;
    uint256 public ghostClaims;
    uint256 public ghostForwards;
    uint256 public ghostFlags;
    uint256 public ghostRulings;
    uint256 public ghostBonds;
    uint256 public ghostForfeited;
    mapping(DatasetId dataset => address[] holders) internal _pending;

    constructor(
        RewardVault vault_,
        MockERC20 token_,
        address admin_,
        ModelId[] memory models_,
        Edge[] memory edges_,
        ParentEdge[] memory parentEdges_
    ) {
        vault = vault_;
        token = token_;
        datasets = DatasetRegistry(address(vault_.datasetRegistry()));
        models = ModelRegistry(address(vault_.modelRegistry()));
        admin = admin_;
        _models = models_;
        for (uint256 i; i < parentEdges_.length; ++i) _parentEdges.push(parentEdges_[i]);
        for (uint256 i; i < edges_.length; ++i) {
            Edge memory e = edges_[i];
            _edges.push(e);
            ghostHolder[e.dataset][e.index] = datasets.contributor(e.dataset, e.index).account;
            bool seen;
            for (uint256 j; j < _datasets.length; ++j) seen = seen || _datasets[j] == e.dataset;
            if (!seen) {
                _datasets.push(e.dataset);
                ghostRegistrant[e.dataset] = datasets.dataset(e.dataset).registrant;
            }
        }
    }

    /* ACTIONS */

    function deposit(uint256 modelSeed, uint256 amount) external {
        _deposit(_models[modelSeed % _models.length], bound(amount, 1, 1e30));
    }

    /// @dev Many tiny deposits: where rounding would accumulate if it could.
    function depositDust(uint256 modelSeed, uint256 amount) external {
        _deposit(_models[modelSeed % _models.length], bound(amount, 1, 100));
    }

    /// @dev Forwards one parent edge's new credit into the parent's pool (anyone may; nothing moves out).
    function forward(uint256 edgeSeed) external {
        uint256 p = edgeSeed % _parentEdges.length;
        ParentEdge memory e = _parentEdges[p];
        uint256 due = vault.forwardable(e.child, e.parent);
        if (due == 0) return; // NothingToForward, tested directly
        uint256 moved = vault.forward(e.child, e.parent);
        vm.assertEq(moved, due, "forward moved what forwardable() said");
        ghostForwarded[p] += moved;
        ghostForwardedTo[e.parent] += moved;
        ++ghostForwards;
    }

    /// @dev Claims every edge of one holder selected by `mask`, repeating the first few `repeats` times.
    /// Frozen and cooling edges are included: they must pay nothing and lose nothing.
    function claim(uint256 edgeSeed, uint256 mask, uint8 repeats) external {
        Edge memory pick = _edges[edgeSeed % _edges.length];
        address account = ghostHolder[pick.dataset][pick.index];
        uint256[] memory chosen = new uint256[](_edges.length);
        uint256 n;
        for (uint256 i; i < _edges.length; ++i) {
            Edge memory e = _edges[i];
            bool mine = ghostHolder[e.dataset][e.index] == account;
            if (mine && (i == edgeSeed % _edges.length || (mask >> (i % 256)) & 1 == 1)) chosen[n++] = i;
        }
        uint256 extra = bound(repeats, 0, 3);
        if (extra > n) extra = n;
        IRewardVault.ClaimRequest[] memory requests = new IRewardVault.ClaimRequest[](n + extra);
        uint256 owed;
        uint256[] memory before = new uint256[](n);
        uint256[] memory heldBack = new uint256[](n);
        for (uint256 k; k < n + extra; ++k) {
            Edge memory e = _edges[chosen[k % n]];
            requests[k] = IRewardVault.ClaimRequest(e.model, e.dataset, e.index);
            if (k < n) {
                before[k] = vault.claimable(e.model, e.dataset, e.index);
                heldBack[k] = vault.owed(e.model, e.dataset, e.index) - before[k];
                owed += before[k];
            }
        }
        // Nothing payable now: the vault rightly refuses (NothingToClaim, tested directly); not a valid call.
        if (owed == 0) return;
        uint256 balanceBefore = token.balanceOf(account);
        // Whatever is paused: a claim of money owed must go through (liveness), paying exactly what is owed
        // once, however often the batch repeats an edge (no over-claim).
        uint256 paid = vault.claim(account, requests);
        vm.assertEq(paid, owed, "claim paid what claimable() said, once");
        vm.assertEq(token.balanceOf(account) - balanceBefore, owed, "contributor received it");
        for (uint256 k; k < n; ++k) {
            Edge memory e = _edges[chosen[k]];
            // A frozen or cooling edge kept everything it had earned.
            vm.assertEq(vault.owed(e.model, e.dataset, e.index), heldBack[k], "held-back edge lost nothing");
            ghostReleased[chosen[k]] += before[k];
        }
        ghostClaimed += paid;
        ++ghostClaims;
    }

    /// @dev A contributor rotates to a fresh address; what the share earned follows it.
    function moveShare(uint256 edgeSeed) external {
        Edge memory e = _edges[edgeSeed % _edges.length];
        address to = address(uint160(0x20000 + ++ghostMoves));
        vm.prank(ghostHolder[e.dataset][e.index]);
        datasets.moveShare(e.dataset, e.index, to);
        ghostHolder[e.dataset][e.index] = to;
    }

    /// @dev Retiring stops new declarations only; money keeps flowing.
    function retire(uint256 datasetSeed) external {
        DatasetId d = _datasets[datasetSeed % _datasets.length];
        // Retired already (DatasetAlreadyRetired) or frozen (DatasetFrozen): both tested directly.
        if (datasets.dataset(d).flags != 0) return;
        vm.prank(ghostRegistrant[d]);
        datasets.retire(d);
    }

    /// @dev Admin pauses or resumes one of the three contracts.
    function togglePause(uint8 which) external {
        uint256 w = which % 3;
        AdminPausable target = AdminPausable(
            w == 0
                ? address(vault)
                : w == 1
                    ? address(datasets)
                    : address(models)
        );
        bool paused = target.paused();
        vm.prank(admin);
        if (paused) target.unpause();
        else target.pause();
    }

    /// @dev Flags an unflagged dataset, with the bond (its slots freeze, deposits keep accruing to them), or
    /// joins its open dispute with a second challenger's bond.
    function flag(uint256 datasetSeed) external {
        DatasetId d = _datasets[datasetSeed % _datasets.length];
        IDatasetRegistration.DatasetStatus status = datasets.statusOf(d);
        IDatasetDisputes.Dispute memory dispute = datasets.disputeOf(d);
        uint256 disputeId = dispute.id;
        address challenger = CHALLENGER;
        if (status == IDatasetRegistration.DatasetStatus.Frozen) {
            if (dispute.state != IDatasetDisputes.DisputeState.Open) return; // NotFlaggable, tested directly
            if (datasets.joinedBond(d, disputeId, CHALLENGER2) != 0) return; // AlreadyChallenger, tested directly
            challenger = CHALLENGER2;
        } else if (
            status != IDatasetRegistration.DatasetStatus.Active && status != IDatasetRegistration.DatasetStatus.Retired
        ) {
            return; // NotFlaggable, tested directly
        } else {
            ++ghostFlags;
        }
        // Doubled for each earlier flag on the dataset that was dismissed or expired.
        uint256 bond = datasets.bondToFlag(d);
        vm.assertEq(bond, datasets.flagBond() << dispute.strikes, "the bond doubles per strike");
        vm.deal(challenger, bond);
        vm.prank(challenger);
        datasets.flag{value: bond}(d, IDatasetDisputes.FlagReason.StolenData, "ipfs://evidence");
        ghostBonds += bond;
    }

    /// @dev The arbiter rules on an open dispute (dismissed; upheld with fresh holders for every slot, and
    /// maybe appealed; or left to expire past the timeout), or anyone executes an upheld one past its window.
    function rule(uint256 datasetSeed, uint8 verdict) external {
        DatasetId d = _datasets[datasetSeed % _datasets.length];
        IDatasetDisputes.Dispute memory dispute = datasets.disputeOf(d);
        uint256 disputeId = dispute.id;
        if (dispute.state == IDatasetDisputes.DisputeState.Upheld) {
            _execute(d, disputeId, dispute);
            return;
        }
        if (dispute.state != IDatasetDisputes.DisputeState.Open) return; // NoOpenFlag, tested directly
        uint256 v = verdict % 4;
        address registrant = ghostRegistrant[d];
        if (v == 0) {
            uint256 creditBefore = datasets.bondCredit(registrant);
            vm.prank(admin);
            datasets.dismissFlag(d, disputeId);
            vm.assertEq(datasets.bondCredit(registrant), creditBefore, "dismissal pays the registrant nothing");
            ghostForfeited += dispute.bonds;
            ++ghostRulings;
        } else if (v == 1 || v == 2) {
            uint256 count = datasets.dataset(d).contributorCount;
            address[] memory holders = new address[](count);
            for (uint256 i; i < count; ++i) holders[i] = address(uint160(0x30000 + ++ghostMoves));
            vm.prank(admin);
            datasets.upholdFlag(d, disputeId, holders[0], holders);
            _pending[d] = holders;
            if (v == 2) {
                vm.prank(registrant);
                datasets.appealRuling(d, disputeId, 0, "ipfs://appeal");
            }
        } else {
            uint256 creditBefore = datasets.bondCredit(registrant);
            uint256 expiresAt = uint256(dispute.openedAt) + datasets.disputeTimeout();
            if (block.timestamp < expiresAt) vm.warp(expiresAt);
            datasets.expireFlag(d);
            vm.assertEq(datasets.bondCredit(registrant), creditBefore, "expiry pays the registrant nothing");
            ghostForfeited += datasets.flagBond() << dispute.strikes;
            _reclaimJoined(d, disputeId, "expiry refunds each joiner");
            ++ghostRulings;
        }
    }

    /// @dev Executes the upheld ruling on `d` past its window; the challengers reclaim their bonds.
    function _execute(DatasetId d, uint256 disputeId, IDatasetDisputes.Dispute memory dispute) internal {
        if (block.timestamp < dispute.executableAt) vm.warp(dispute.executableAt);
        address[] memory holders = _pending[d];
        for (uint256 i; i < holders.length; ++i) ghostHolder[d][i] = holders[i];
        ghostRegistrant[d] = holders[0];
        delete _pending[d];
        uint256 creditBefore = datasets.bondCredit(CHALLENGER);
        datasets.executeRuling(d, disputeId, holders[0], holders);
        vm.assertEq(
            datasets.bondCredit(CHALLENGER) - creditBefore,
            datasets.flagBond() << dispute.strikes,
            "upholding refunds the opener"
        );
        _reclaimJoined(d, disputeId, "upholding refunds each joiner");
        ++ghostRulings;
    }

    /// @dev The second challenger, if it joined dispute `disputeId` on `d`, takes its bond back.
    function _reclaimJoined(DatasetId d, uint256 disputeId, string memory why) internal {
        uint256 joined = datasets.joinedBond(d, disputeId, CHALLENGER2);
        if (joined == 0) return;
        uint256 creditBefore = datasets.bondCredit(CHALLENGER2);
        vm.prank(CHALLENGER2);
        datasets.reclaimBond(d, disputeId);
        vm.assertEq(datasets.bondCredit(CHALLENGER2) - creditBefore, joined, why);
    }

    /// @notice The holders an upheld, not yet executed ruling on `d` named.
    function pendingHolders(DatasetId d) external view returns (address[] memory) {
        return _pending[d];
    }

    /// @dev Time passes (cooling-off ends, flags age).
    function warp(uint32 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 3 days));
    }

    /* VIEWS FOR THE INVARIANTS */

    function edgeCount() external view returns (uint256) {
        return _edges.length;
    }

    function edge(uint256 i) external view returns (Edge memory) {
        return _edges[i];
    }

    function parentEdgeCount() external view returns (uint256) {
        return _parentEdges.length;
    }

    function parentEdge(uint256 i) external view returns (ParentEdge memory) {
        return _parentEdges[i];
    }

    function modelList() external view returns (ModelId[] memory) {
        return _models;
    }

    function datasetList() external view returns (DatasetId[] memory) {
        return _datasets;
    }

    /* INTERNAL */

    function _deposit(ModelId m, uint256 amount) internal {
        // A paused vault rightly refuses deposits (EnforcedPause, tested directly); not a valid call.
        if (vault.paused()) return;
        token.mint(SPONSOR, amount);
        vm.prank(SPONSOR);
        vault.deposit(m, amount);
        ghostDeposited += amount;
        ghostDepositedTo[m] += amount;
        ++ghostDeposits;
    }
}
