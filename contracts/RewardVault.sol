// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {AdminPausable} from "./access/AdminPausable.sol";
import {IDatasetRegistry} from "./interfaces/IDatasetRegistry.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";
import {IRewardVault} from "./interfaces/IRewardVault.sol";
import {RewardMath} from "./libraries/RewardMath.sol";
import {DatasetId} from "./types/DatasetId.sol";
import {ModelId} from "./types/ModelId.sol";

/// @title RewardVault
/// @notice Holds one reward token: O(1) deposits into a model's pool, O(1) royalty forwards along a lineage,
/// pull claims by contributors.
/// @dev Storage is laid out for the claim path (bench/REPORT.md): a pool is one slot, an edge entry is
/// one slot holding what it released beside a copy of the edge's (immutable) weights, so a repeat
/// claim reads only the share's slot and its dataset's slot from the dataset registry. A parent edge is an
/// entry of the same shape, released into the parent's pool by `forward`. The admin can pause deposits
/// and nothing else: no path moves tokens out but a claim to the contributor who earned them. `multicall`
/// batches the forwards along a lineage with the claim.
contract RewardVault is IRewardVault, ReentrancyGuardTransient, Multicall, AdminPausable, EIP712, Nonces {
    using SafeERC20 for IERC20;

    /// @notice EIP-712 type of one edge of a signed claim.
    bytes32 public constant CLAIM_REQUEST_TYPEHASH = keccak256(
        "ClaimRequest(bytes32 model,bytes32 dataset,uint32 index)"
    );

    /// @notice EIP-712 type of a claim a contributor signs for a relayer (or anyone) to send (`claimBySig`).
    bytes32 public constant CLAIM_TYPEHASH = keccak256(
        "Claim(address account,ClaimRequest[] requests,address relayer,uint256 maxTip,uint16 maxTipBps,"
        "uint256 nonce,uint256 deadline)"
        "ClaimRequest(bytes32 model,bytes32 dataset,uint32 index)"
    );

    /// @dev One slot per (model, dataset, share index), and per (child, parent). The weights are copied from
    /// the declaration on the first release, so repeat releases skip the model registry. `totalWeight == 0`
    /// means "not yet".
    struct Entry {
        uint128 released;
        uint32 weight;
        uint40 totalWeight;
    }

    IERC20 private immutable _token;
    IDatasetRegistry private immutable _datasetRegistry;
    IModelRegistry private immutable _modelRegistry;

    mapping(ModelId model => uint256 amount) private _inflow;
    mapping(ModelId model => mapping(DatasetId dataset => mapping(uint256 index => Entry))) private _entries;
    mapping(ModelId child => mapping(ModelId parent => Entry)) private _forwards;

    /// @param rewardToken The ERC-20 this vault holds; it must deliver exactly what is sent.
    /// @param datasets The dataset registry (contributors, shares, freezes, cooling-off).
    /// @param models The model registry (declared weights, parents); it must read `datasets`.
    /// @param adminDelay Delay of a default-admin transfer.
    /// @param admin The initial default admin, also granted the pauser role.
    constructor(
        IERC20 rewardToken,
        IDatasetRegistry datasets,
        IModelRegistry models,
        uint48 adminDelay,
        address admin
    ) AdminPausable(adminDelay, admin) EIP712("DataDividends RewardVault", "1") {
        IDatasetRegistry modelsDatasets = models.datasetRegistry();
        if (address(modelsDatasets) != address(datasets)) revert RegistryMismatch(datasets, modelsDatasets);
        _token = rewardToken;
        _datasetRegistry = datasets;
        _modelRegistry = models;
    }

    /* DEPOSITS */

    /// @inheritdoc IRewardVault
    function deposit(ModelId model, uint256 amount) external nonReentrant whenNotPaused {
        _deposit(model, amount);
    }

    /// @inheritdoc IRewardVault
    function depositWithPermit(
        ModelId model,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant whenNotPaused {
        // Anyone can replay a permit seen in the mempool; if that used it up, the allowance is there anyway.
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(address(_token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _deposit(model, amount);
    }

    /* LINEAGE */

    /// @inheritdoc IRewardVault
    function forward(ModelId child, ModelId parent) external returns (uint256 amount) {
        Entry memory cached = _forwards[child][parent];
        (uint256 weight, uint256 totalWeight) = (cached.weight, cached.totalWeight);
        if (totalWeight == 0) {
            (weight, totalWeight) = _modelRegistry.parentUsageOf(child, parent);
            if (totalWeight == 0) revert NotParent(child, parent);
        }
        uint256 credit = RewardMath.credited(_inflow[child], weight, totalWeight);
        // The credit never shrinks (inflows only add; weights never change): no underflow.
        amount = credit - cached.released;
        // Nothing new: a no-op, so a batch can forward a whole lineage without knowing which hops owe.
        if (amount == 0) return 0;
        uint256 parentInflow = _inflow[parent];
        if (amount > RewardMath.MAX_POOL_DEPOSITS - parentInflow) revert PoolCapacityExceeded(parent, amount);
        // credit <= inflow <= 2^128 - 1; weight < 2^32 and totalWeight < 2^40 come from the registry.
        _forwards[child][parent] = Entry({
            released: uint128(credit),
            weight: uint32(weight),
            totalWeight: uint40(totalWeight)
        });
        // No tokens move: the royalty stays in this vault, now owed through the parent's declaration.
        _inflow[parent] = parentInflow + amount;
        emit RoyaltyForwarded(child, parent, amount);
    }

    /* CLAIMS */

    /// @inheritdoc IRewardVault
    function claim(address account, ClaimRequest[] calldata requests) external nonReentrant returns (uint256 amount) {
        if (account == address(0)) revert InvalidRecipient(account);
        for (uint256 i; i < requests.length; ++i) {
            amount += _release(account, requests[i]);
        }
        if (amount == 0) revert NothingToClaim(account);
        _token.safeTransfer(account, amount);
    }

    /// @inheritdoc IRewardVault
    function claimBySig(
        address account,
        ClaimRequest[] calldata requests,
        RelayTerms calldata terms,
        uint256 tip,
        bytes calldata signature
    ) external nonReentrant returns (uint256 amount) {
        if (account == address(0)) revert InvalidRecipient(account);
        // Checked first and cheaply: whoever copies a named relayer's transaction pays little for the revert.
        address relayer = terms.relayer;
        if (relayer != address(0) && relayer != msg.sender) revert NotRelayer(msg.sender, relayer);
        if (block.timestamp > terms.deadline) revert ClaimSignatureExpired(terms.deadline, block.timestamp);
        uint256 nonce = _useNonce(account);
        bytes32 digest = _hashTypedDataV4(_claimHash(account, requests, terms, nonce));
        // ECDSA recovery inside rejects high-s twins; a contract account answers through ERC-1271.
        if (!SignatureChecker.isValidSignatureNow(account, digest, signature)) revert InvalidClaimSignature(account);
        for (uint256 i; i < requests.length; ++i) {
            amount += _release(account, requests[i]);
        }
        if (amount == 0) revert NothingToClaim(account);
        // amount < 2^128 and maxTipBps < 2^16: no overflow.
        uint256 cap = (amount * terms.maxTipBps) / 10_000;
        if (cap > terms.maxTip) cap = terms.maxTip;
        if (cap > amount) cap = amount;
        if (tip > cap) revert TipAboveCap(tip, cap);
        emit ClaimRelayed(account, msg.sender, nonce, tip);
        _token.safeTransfer(account, amount - tip);
        if (tip != 0) _token.safeTransfer(msg.sender, tip);
    }

    /// @inheritdoc IRewardVault
    function revokeSignedClaim(uint256 nonce) external {
        _useCheckedNonce(msg.sender, nonce);
        emit SignedClaimRevoked(msg.sender, nonce);
    }

    /* VIEWS */

    /// @inheritdoc IRewardVault
    function nonces(address account) public view override(IRewardVault, Nonces) returns (uint256) {
        return super.nonces(account);
    }

    /// @inheritdoc IRewardVault
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @inheritdoc IRewardVault
    function datasetRegistry() external view returns (IDatasetRegistry) {
        return _datasetRegistry;
    }

    /// @inheritdoc IRewardVault
    function modelRegistry() external view returns (IModelRegistry) {
        return _modelRegistry;
    }

    /// @inheritdoc IRewardVault
    function inflow(ModelId model) external view returns (uint256) {
        return _inflow[model];
    }

    /// @inheritdoc IRewardVault
    function credited(ModelId model, DatasetId dataset) external view returns (uint256) {
        (uint256 weight, uint256 totalWeight) = _modelRegistry.usageOf(model, dataset);
        return weight == 0 ? 0 : RewardMath.credited(_inflow[model], weight, totalWeight);
    }

    /// @inheritdoc IRewardVault
    function forwarded(ModelId child, ModelId parent) external view returns (uint256) {
        return _forwards[child][parent].released;
    }

    /// @inheritdoc IRewardVault
    function forwardable(ModelId child, ModelId parent) external view returns (uint256) {
        (uint256 weight, uint256 totalWeight) = _modelRegistry.parentUsageOf(child, parent);
        if (totalWeight == 0) return 0;
        return RewardMath.credited(_inflow[child], weight, totalWeight) - _forwards[child][parent].released;
    }

    /// @inheritdoc IRewardVault
    function released(ModelId model, DatasetId dataset, uint32 index) external view returns (uint256) {
        return _entries[model][dataset][index].released;
    }

    /// @inheritdoc IRewardVault
    function owed(ModelId model, DatasetId dataset, uint32 index) external view returns (uint256) {
        (address account, uint256 shares, uint256 totalShares, ) = _datasetRegistry.payoutOf(dataset, index);
        return account == address(0) ? 0 : _owed(model, dataset, index, shares, totalShares);
    }

    /// @inheritdoc IRewardVault
    function claimable(ModelId model, DatasetId dataset, uint32 index) external view returns (uint256) {
        (address account, uint256 shares, uint256 totalShares, bool payableNow) = _datasetRegistry.payoutOf(
            dataset,
            index
        );
        return account == address(0) || !payableNow ? 0 : _owed(model, dataset, index, shares, totalShares);
    }

    /* INTERNAL */

    function _deposit(ModelId model, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        uint256 before = _inflow[model];
        // Declarations never change, so one look at the registry per (vault, model) is enough.
        if (before == 0 && _modelRegistry.totalWeightOf(model) == 0) revert UnknownModel(model);
        if (amount > RewardMath.MAX_POOL_DEPOSITS - before) revert PoolCapacityExceeded(model, amount);
        _inflow[model] = before + amount;
        emit RevenueDeposited(model, msg.sender, amount);

        // State first, then the transfer; a short delivery reverts it all.
        uint256 balanceBefore = _token.balanceOf(address(this));
        _token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 delivered = _token.balanceOf(address(this)) - balanceBefore;
        if (delivered < amount) revert TokenDeliveryShortfall(amount, delivered);
    }

    /// @dev Marks what `account` earned on one edge as released and returns it; pays nothing itself.
    /// The weights lookup repeats `_owed`'s on purpose: a shared private helper costs ~160 gas a claim.
    function _release(address account, ClaimRequest calldata request) private returns (uint256 amount) {
        (address holder, uint256 shares, uint256 totalShares, bool payableNow) = _datasetRegistry.payoutOf(
            request.dataset,
            request.index
        );
        if (holder != account) revert NotContributor(request.dataset, request.index, account);
        // Frozen or cooling off: pays nothing now, loses nothing (the entry is untouched).
        if (!payableNow) return 0;

        Entry storage slot = _entries[request.model][request.dataset][request.index];
        (uint256 released_, uint256 weight, uint256 totalWeight) = (slot.released, slot.weight, slot.totalWeight);
        if (totalWeight == 0) {
            (weight, totalWeight) = _modelRegistry.usageOf(request.model, request.dataset);
            if (totalWeight == 0) revert EdgeNotDeclared(request.model, request.dataset);
        }
        uint256 earned = RewardMath.earned(_inflow[request.model], weight, totalWeight, shares, totalShares);
        // `earned` never shrinks (inflows only add; weights and shares never change): no underflow.
        amount = earned - released_;
        if (amount == 0) return 0;
        // earned <= inflow <= 2^128 - 1; weight < 2^32 and totalWeight < 2^40 come from the registry.
        (slot.released, slot.weight, slot.totalWeight) = (uint128(earned), uint32(weight), uint40(totalWeight));
        emit RewardReleased(request.dataset, account, request.model, request.index, amount);
    }

    /// @dev EIP-712's struct hash of a `Claim`.
    function _claimHash(
        address account,
        ClaimRequest[] calldata requests,
        RelayTerms calldata terms,
        uint256 nonce
    ) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    CLAIM_TYPEHASH,
                    account,
                    _hashRequests(requests),
                    terms.relayer,
                    terms.maxTip,
                    terms.maxTipBps,
                    nonce,
                    terms.deadline
                )
            );
    }

    /// @dev EIP-712's hash of a `ClaimRequest[]`: the keccak of its members' struct hashes, concatenated.
    function _hashRequests(ClaimRequest[] calldata requests) private pure returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](requests.length);
        for (uint256 i; i < requests.length; ++i) {
            ClaimRequest calldata r = requests[i];
            hashes[i] = keccak256(abi.encode(CLAIM_REQUEST_TYPEHASH, r.model, r.dataset, r.index));
        }
        return keccak256(abi.encodePacked(hashes));
    }

    /// @dev What a share of `shares` (of `totalShares`) has earned through (`model`, `dataset`) and not yet
    /// released; 0 for an undeclared edge.
    function _owed(
        ModelId model,
        DatasetId dataset,
        uint32 index,
        uint256 shares,
        uint256 totalShares
    ) private view returns (uint256) {
        Entry memory entry = _entries[model][dataset][index];
        (uint256 weight, uint256 totalWeight) = (entry.weight, entry.totalWeight);
        if (totalWeight == 0) {
            (weight, totalWeight) = _modelRegistry.usageOf(model, dataset);
            if (totalWeight == 0) return 0;
        }
        return RewardMath.earned(_inflow[model], weight, totalWeight, shares, totalShares) - entry.released;
    }
}
