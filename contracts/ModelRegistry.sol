// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AdminPausable} from "./access/AdminPausable.sol";
import {IDatasetRegistry} from "./interfaces/IDatasetRegistry.sol";
import {IDatasetRegistration} from "./interfaces/IDatasetRegistration.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";
import {MetadataURI} from "./libraries/MetadataURI.sol";
import {DatasetId} from "./types/DatasetId.sol";
import {ModelId, ModelIdLibrary} from "./types/ModelId.sol";

/// @title ModelRegistry
/// @notice Models, each registered with the immutable declaration of the datasets (and the parent model) it
/// derives from, with their weights, in one call.
/// @dev One call, no two-step path: a model is never on-chain without its declaration, so it is payable
/// from its first block, and a parent (registered earlier, hence declared) always exists before its child,
/// which makes lineage cycles impossible.
contract ModelRegistry is IModelRegistry, AdminPausable {
    /// @dev One slot per edge: the vault prices a first claim (or a first forward) with a single read.
    struct Usage {
        uint32 weight;
        uint40 totalWeight;
    }

    /// @notice Most edges (datasets, plus the parent) one model may declare (gas at the cap: bench/REPORT.md).
    /// @dev 256 edges of weight < 2^32 keep every total below 2^40.
    uint256 public constant MAX_DATASETS = 256;

    /// @notice Longest metadata URI, in bytes.
    uint256 public constant MAX_URI_LENGTH = MetadataURI.MAX_LENGTH;

    /// @notice Basis points in a whole.
    uint256 public constant BPS = 10_000;

    IDatasetRegistry private immutable _datasetRegistry;

    mapping(ModelId id => Model) private _models;
    mapping(ModelId id => mapping(DatasetId dataset => Usage)) private _usage;
    mapping(ModelId child => mapping(ModelId parent => Usage)) private _parentUsage;

    /// @param datasets The dataset registry declarations are checked against.
    /// @param adminDelay Delay of a default-admin transfer.
    /// @param admin The initial default admin, also granted the pauser role.
    constructor(IDatasetRegistry datasets, uint48 adminDelay, address admin) AdminPausable(adminDelay, admin) {
        _datasetRegistry = datasets;
    }

    /* REGISTRATION */

    /// @inheritdoc IModelRegistry
    function registerModel(ModelRegistration calldata registration) external whenNotPaused returns (ModelId id) {
        if (registration.artifactHash == bytes32(0)) revert ZeroArtifactHash();
        MetadataURI.check(registration.metadataURI);
        if (registration.minRoyaltyBps > BPS) revert InvalidRoyalty(registration.minRoyaltyBps);
        id = ModelIdLibrary.from(msg.sender, registration.artifactHash);
        if (_models[id].owner != address(0)) revert ModelAlreadyRegistered(id);

        uint256 totalWeight = _checkEdges(registration);
        // At most 256 edges of weight < 2^32: below 2^40.
        uint40 total = uint40(totalWeight);
        if (!registration.parent.isZero()) {
            _recordParent(id, registration.parent, registration.parentWeight, totalWeight);
        }
        // The total rides along in every edge's slot, so it needs the first pass to finish.
        for (uint256 i; i < registration.datasets.length; ++i) {
            _usage[id][registration.datasets[i]] = Usage({weight: registration.weights[i], totalWeight: total});
        }
        _models[id] = Model({
            owner: msg.sender,
            registeredAt: uint40(block.timestamp),
            totalWeight: total,
            minRoyaltyBps: registration.minRoyaltyBps,
            artifactHash: registration.artifactHash,
            metadataHash: keccak256(bytes(registration.metadataURI)),
            parent: registration.parent
        });
        emit ModelRegistered(
            id,
            msg.sender,
            registration.parent,
            registration.artifactHash,
            registration.minRoyaltyBps,
            registration.metadataURI
        );
        emit UsageDeclared(id, registration.datasets, registration.weights, registration.parentWeight, totalWeight);
    }

    /* VIEWS */

    /// @inheritdoc IModelRegistry
    function datasetRegistry() external view returns (IDatasetRegistry) {
        return _datasetRegistry;
    }

    /// @inheritdoc IModelRegistry
    function modelIdOf(address owner, bytes32 artifactHash) external pure returns (ModelId) {
        return ModelIdLibrary.from(owner, artifactHash);
    }

    /// @inheritdoc IModelRegistry
    function model(ModelId id) external view returns (Model memory) {
        return _models[id];
    }

    /// @inheritdoc IModelRegistry
    function weightOf(ModelId id, DatasetId dataset) external view returns (uint32) {
        return _usage[id][dataset].weight;
    }

    /// @inheritdoc IModelRegistry
    function usageOf(ModelId id, DatasetId dataset) external view returns (uint32 weight, uint40 totalWeight) {
        Usage memory usage = _usage[id][dataset];
        return (usage.weight, usage.totalWeight);
    }

    /// @inheritdoc IModelRegistry
    function parentUsageOf(ModelId child, ModelId parent) external view returns (uint32 weight, uint40 totalWeight) {
        Usage memory usage = _parentUsage[child][parent];
        return (usage.weight, usage.totalWeight);
    }

    /// @inheritdoc IModelRegistry
    function totalWeightOf(ModelId id) external view returns (uint256) {
        return _models[id].totalWeight;
    }

    /* INTERNAL */

    /// @dev Checks the declaration's shape and datasets; returns its total weight, the parent's included.
    function _checkEdges(ModelRegistration calldata registration) private view returns (uint256) {
        ModelId parent = registration.parent;
        uint256 parentWeight = registration.parentWeight;
        bool hasParent = !parent.isZero();
        if (hasParent != (parentWeight != 0)) revert InvalidParentWeight(parent, parentWeight);
        uint256 count = registration.datasets.length;
        if (count == 0 && !hasParent) revert NoDatasets();
        if (count != registration.weights.length) revert LengthMismatch(count, registration.weights.length);
        uint256 edges = hasParent ? count + 1 : count;
        if (edges > MAX_DATASETS) revert TooManyDatasets(edges, MAX_DATASETS);
        return _checkDatasets(registration.datasets, registration.weights) + parentWeight;
    }

    /// @dev Checks the parent exists and its royalty floor is met, and records the parent edge.
    function _recordParent(ModelId id, ModelId parent, uint256 parentWeight, uint256 totalWeight) private {
        Model storage parentRecord = _models[parent];
        if (parentRecord.owner == address(0)) revert UnknownModel(parent);
        uint256 floor = parentRecord.minRoyaltyBps;
        // parentWeight / totalWeight >= floor / BPS, in integers.
        if (parentWeight * BPS < floor * totalWeight) {
            revert RoyaltyBelowFloor(parent, parentWeight, (floor * totalWeight + BPS - 1) / BPS);
        }
        _parentUsage[id][parent] = Usage({weight: uint32(parentWeight), totalWeight: uint40(totalWeight)});
    }

    /// @dev Strictly ascending, non-zero weights, each dataset active now; returns the weights' sum.
    function _checkDatasets(
        DatasetId[] calldata datasets,
        uint32[] calldata weights
    ) private view returns (uint256 totalWeight) {
        for (uint256 i; i < datasets.length; ++i) {
            DatasetId dataset = datasets[i];
            if (i != 0 && dataset <= datasets[i - 1]) {
                if (dataset == datasets[i - 1]) revert DuplicateDataset(dataset);
                revert DatasetsNotSorted(datasets[i - 1], dataset);
            }
            if (weights[i] == 0) revert ZeroWeight(dataset);
            IDatasetRegistration.DatasetStatus status = _datasetRegistry.statusOf(dataset);
            if (status != IDatasetRegistration.DatasetStatus.Active) revert DatasetNotDeclarable(dataset, status);
            totalWeight += weights[i];
        }
    }
}
