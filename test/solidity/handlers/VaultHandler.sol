// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AdminPausable} from "../../../contracts/access/AdminPausable.sol";
import {DatasetRegistry} from "../../../contracts/DatasetRegistry.sol";
import {ModelRegistry} from "../../../contracts/ModelRegistry.sol";
import {RewardVault} from "../../../contracts/RewardVault.sol";
import {IRewardVault} from "../../../contracts/interfaces/IRewardVault.sol";
import {MockERC20} from "../../../contracts/test/MockERC20.sol";
import {DatasetId} from "../../../contracts/types/DatasetId.sol";
import {ModelId} from "../../../contracts/types/ModelId.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice Drives the vault and registries with random deposits, claims (with repeats), share moves,
/// retirements and pauses, keeping a shadow ledger the invariants compare against.
/// @dev Morpho Blue style: the invariants run with `failOnRevert = true`, and every action here makes
/// only calls that must succeed (it bounds its inputs and skips what the system would rightly refuse),
/// so any revert is a finding. Expected rejections are tested directly in the unit suites.
contract VaultHandler is TestBase {
    struct Edge {
        ModelId model;
        DatasetId dataset;
        uint16 index;
    }

    /// @notice The payer of every deposit; the test's setUp approves the vault for it.
    address public constant SPONSOR = address(0x5905);

    RewardVault public immutable vault;
    DatasetRegistry public immutable datasets;
    ModelRegistry public immutable models;
    MockERC20 public immutable token;
    address public immutable admin;

    Edge[] internal _edges;
    ModelId[] internal _models;
    DatasetId[] internal _datasets;

    /* SHADOW LEDGER */
    uint256 public ghostDeposited;
    uint256 public ghostClaimed;
    mapping(ModelId model => uint256) public ghostDepositedTo;
    mapping(uint256 edge => uint256) public ghostReleased;
    mapping(DatasetId dataset => mapping(uint256 index => address)) public ghostHolder;
    uint256 public ghostMoves;
    uint256 public ghostDeposits;
    uint256 public ghostClaims;

    constructor(RewardVault vault_, MockERC20 token_, address admin_, ModelId[] memory models_, Edge[] memory edges_) {
        vault = vault_;
        token = token_;
        datasets = DatasetRegistry(address(vault_.datasetRegistry()));
        models = ModelRegistry(address(vault_.modelRegistry()));
        admin = admin_;
        _models = models_;
        for (uint256 i; i < edges_.length; ++i) {
            Edge memory e = edges_[i];
            _edges.push(e);
            ghostHolder[e.dataset][e.index] = datasets.contributor(e.dataset, e.index).account;
            bool seen;
            for (uint256 j; j < _datasets.length; ++j) seen = seen || _datasets[j] == e.dataset;
            if (!seen) _datasets.push(e.dataset);
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

    /// @dev Claims every edge of one holder selected by `mask`, repeating the first few `repeats` times.
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
        for (uint256 k; k < n + extra; ++k) {
            Edge memory e = _edges[chosen[k % n]];
            requests[k] = IRewardVault.ClaimRequest(e.model, e.dataset, e.index);
            if (k < n) {
                before[k] = vault.claimable(e.model, e.dataset, e.index);
                owed += before[k];
            }
        }
        // Nothing owed: the vault rightly refuses (NothingToClaim, tested directly); not a valid call.
        if (owed == 0) return;
        uint256 balanceBefore = token.balanceOf(account);
        // Whatever is paused: a claim of money owed must go through (liveness), paying exactly what is owed
        // once, however often the batch repeats an edge (no over-claim).
        uint256 paid = vault.claim(account, requests);
        vm.assertEq(paid, owed, "claim paid what claimable() said, once");
        vm.assertEq(token.balanceOf(account) - balanceBefore, owed, "contributor received it");
        ghostClaimed += paid;
        ++ghostClaims;
        for (uint256 k; k < n; ++k) ghostReleased[chosen[k]] += before[k];
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
        if (datasets.dataset(d).retired) return;
        vm.prank(datasets.dataset(d).registrant);
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

    /* VIEWS FOR THE INVARIANTS */

    function edgeCount() external view returns (uint256) {
        return _edges.length;
    }

    function edge(uint256 i) external view returns (Edge memory) {
        return _edges[i];
    }

    function modelList() external view returns (ModelId[] memory) {
        return _models;
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
