// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

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
    /// @notice Set if a claim of money owed ever failed (liveness) or paid other than what was owed.
    bool public ghostClaimFailed;
    bool public ghostClaimMispaid;
    /// @notice Set if any other action that must succeed reverted. Failures are caught and flagged, not
    /// reverted, because a reverted handler call would also roll back the evidence.
    bool public ghostUnexpectedRevert;
    uint256 public ghostMoves;
    uint256 public ghostDeposits;
    uint256 public ghostClaims;
    uint256 public calls;

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
        ++calls;
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
        if (owed == 0) {
            vm.expectRevert(abi.encodeWithSelector(IRewardVault.NothingToClaim.selector, account));
            vault.claim(account, requests);
            return;
        }
        uint256 balanceBefore = token.balanceOf(account);
        try vault.claim(account, requests) returns (uint256 paid) {
            if (paid != owed || token.balanceOf(account) - balanceBefore != owed) ghostClaimMispaid = true;
            ghostClaimed += paid;
            ++ghostClaims;
            for (uint256 k; k < n; ++k) ghostReleased[chosen[k]] += before[k];
        } catch {
            ghostClaimFailed = true;
        }
    }

    /// @dev A contributor rotates to a fresh address; what the share earned follows it.
    function moveShare(uint256 edgeSeed) external {
        ++calls;
        Edge memory e = _edges[edgeSeed % _edges.length];
        address to = address(uint160(0x20000 + ++ghostMoves));
        vm.prank(ghostHolder[e.dataset][e.index]);
        try datasets.moveShare(e.dataset, e.index, to) {
            ghostHolder[e.dataset][e.index] = to;
        } catch {
            ghostUnexpectedRevert = true;
        }
    }

    /// @dev Retiring stops new declarations only; money keeps flowing.
    function retire(uint256 datasetSeed) external {
        ++calls;
        DatasetId d = _datasets[datasetSeed % _datasets.length];
        if (datasets.dataset(d).retired) return;
        vm.prank(datasets.dataset(d).registrant);
        try datasets.retire(d) {} catch {
            ghostUnexpectedRevert = true;
        }
    }

    /// @dev Admin pauses or resumes one of the three contracts.
    function togglePause(uint8 which) external {
        ++calls;
        uint256 w = which % 3;
        address target =
            w == 0
                ? address(vault)
                : w == 1
                    ? address(datasets)
                    : address(models);
        bool paused = Pausable(target).paused();
        vm.prank(admin);
        (bool ok, ) = target.call(abi.encodeWithSignature(paused ? "unpause()" : "pause()"));
        if (!ok) ghostUnexpectedRevert = true;
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
        ++calls;
        token.mint(SPONSOR, amount);
        // Read the pause first: a prank applies to the very next call, views included.
        bool paused = vault.paused();
        vm.prank(SPONSOR);
        if (paused) {
            vm.expectRevert(Pausable.EnforcedPause.selector);
            vault.deposit(m, amount);
            return;
        }
        try vault.deposit(m, amount) {
            ghostDeposited += amount;
            ghostDepositedTo[m] += amount;
            ++ghostDeposits;
        } catch {
            ghostUnexpectedRevert = true;
        }
    }
}
