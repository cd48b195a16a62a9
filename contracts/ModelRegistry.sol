// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AdminPausable} from "./access/AdminPausable.sol";
import {IDatasetRegistry} from "./interfaces/IDatasetRegistry.sol";
import {IModelRegistry} from "./interfaces/IModelRegistry.sol";
import {MetadataURI} from "./libraries/MetadataURI.sol";
import {DatasetId} from "./types/DatasetId.sol";
import {ModelId, ModelIdLibrary} from "./types/ModelId.sol";

/// @title ModelRegistry
/// @notice Models and the immutable declaration of the datasets, and their weights, each was trained on.
contract ModelRegistry is IModelRegistry, AdminPausable {
    /// @dev One slot per edge: the vault prices a first claim with a single read.
    struct Usage {
        uint32 weight;
        uint40 totalWeight;
    }

    /// @notice Most datasets one model may declare (gas at the cap: see bench/REPORT.md).
    uint256 public constant MAX_DATASETS = 256;

    /// @notice Longest metadata URI, in bytes.
    uint256 public constant MAX_URI_LENGTH = MetadataURI.MAX_LENGTH;

    IDatasetRegistry private immutable _datasetRegistry;

    mapping(ModelId id => Model) private _models;
    mapping(ModelId id => mapping(DatasetId dataset => Usage)) private _usage;

    /// @param datasets The dataset registry declarations are checked against.
    /// @param adminDelay Delay of a default-admin transfer.
    /// @param admin The initial default admin, also granted the pauser role.
    constructor(IDatasetRegistry datasets, uint48 adminDelay, address admin) AdminPausable(adminDelay, admin) {
        _datasetRegistry = datasets;
    }

    /* REGISTRATION */

    /// @inheritdoc IModelRegistry
    function registerModel(
        bytes32 artifactHash,
        string calldata metadataURI,
        ModelId parent
    ) external whenNotPaused returns (ModelId id) {
        if (artifactHash == bytes32(0)) revert ZeroArtifactHash();
        MetadataURI.check(metadataURI);
        id = ModelIdLibrary.from(msg.sender, artifactHash);
        if (_models[id].owner != address(0)) revert ModelAlreadyRegistered(id);
        if (!parent.isZero() && _models[parent].owner == address(0)) revert UnknownModel(parent);

        _models[id] = Model({
            owner: msg.sender,
            registeredAt: uint40(block.timestamp),
            datasetCount: 0,
            totalWeight: 0,
            artifactHash: artifactHash,
            metadataHash: keccak256(bytes(metadataURI)),
            parent: parent
        });
        emit ModelRegistered(id, msg.sender, artifactHash, parent, metadataURI);
    }

    /// @inheritdoc IModelRegistry
    function declareUsage(ModelId id, DatasetId[] calldata datasets, uint32[] calldata weights) external whenNotPaused {
        Model storage record = _models[id];
        address owner = record.owner;
        if (owner == address(0)) revert UnknownModel(id);
        if (owner != msg.sender) revert NotModelOwner(id, msg.sender);
        if (record.totalWeight != 0) revert UsageAlreadyDeclared(id);
        uint256 count = datasets.length;
        if (count == 0) revert NoDatasets();
        if (count != weights.length) revert LengthMismatch(count, weights.length);
        if (count > MAX_DATASETS) revert TooManyDatasets(count, MAX_DATASETS);

        uint256 totalWeight;
        for (uint256 i; i < count; ++i) {
            DatasetId dataset = datasets[i];
            if (i != 0 && dataset <= datasets[i - 1]) {
                if (dataset == datasets[i - 1]) revert DuplicateDataset(dataset);
                revert DatasetsNotSorted(datasets[i - 1], dataset);
            }
            if (weights[i] == 0) revert ZeroWeight(dataset);
            IDatasetRegistry.DatasetStatus status = _datasetRegistry.statusOf(dataset);
            if (status == IDatasetRegistry.DatasetStatus.None) revert UnknownDataset(dataset);
            if (status == IDatasetRegistry.DatasetStatus.Retired) revert RetiredDataset(dataset);
            totalWeight += weights[i];
        }
        // The total rides along in every edge's slot, so it needs the first pass to finish.
        for (uint256 i; i < count; ++i) {
            _usage[id][datasets[i]] = Usage({weight: weights[i], totalWeight: uint40(totalWeight)});
        }
        // At most 256 * (2^32 - 1) < 2^40.
        record.totalWeight = uint40(totalWeight);
        record.datasetCount = uint16(count);
        emit UsageDeclared(id, datasets, weights, totalWeight);
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
    function totalWeightOf(ModelId id) external view returns (uint256) {
        return _models[id].totalWeight;
    }
}
