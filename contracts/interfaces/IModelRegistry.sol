// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DatasetId} from "../types/DatasetId.sol";
import {IDatasetRegistry} from "./IDatasetRegistry.sol";
import {ModelId} from "../types/ModelId.sol";

/// @title IModelRegistry
/// @notice Models and the immutable declaration of the datasets, and their weights, each was trained on.
interface IModelRegistry {
    /* TYPES */

    /// @notice A registered model. `totalWeight == 0` until its usage is declared.
    struct Model {
        address owner;
        uint40 registeredAt;
        uint16 datasetCount;
        uint40 totalWeight;
        bytes32 artifactHash;
        bytes32 metadataHash;
        ModelId parent;
    }

    /* EVENTS */

    /// @notice A model was registered; `parent` is zero for a first version.
    /// @param id The new model.
    /// @param owner Its owner.
    /// @param artifactHash Hash of its weights or release artifact.
    /// @param parent The model it derives from, or zero.
    /// @param metadataURI Where its model card lives.
    event ModelRegistered(
        ModelId indexed id,
        address indexed owner,
        bytes32 indexed artifactHash,
        ModelId parent,
        string metadataURI
    );

    /// @notice A model declared, once and for ever, the datasets it used and their weights.
    /// @param id The model.
    /// @param datasets The datasets it used, strictly ascending.
    /// @param weights Their weights, aligned with `datasets`.
    /// @param totalWeight The weights' sum.
    event UsageDeclared(ModelId indexed id, DatasetId[] datasets, uint32[] weights, uint256 totalWeight);

    /* ERRORS */

    /// @notice The artifact hash is zero.
    error ZeroArtifactHash();
    /// @notice The caller already registered this artifact as `id`.
    /// @param id The existing model.
    error ModelAlreadyRegistered(ModelId id);
    /// @notice No model with this ID.
    /// @param id The model ID.
    error UnknownModel(ModelId id);
    /// @notice Only the model's owner may declare its usage.
    /// @param id The model.
    /// @param caller The caller, who does not own it.
    error NotModelOwner(ModelId id, address caller);
    /// @notice The usage is declared already and never changes: register a new model version instead.
    /// @param id The model.
    error UsageAlreadyDeclared(ModelId id);
    /// @notice The declaration names no dataset.
    error NoDatasets();
    /// @notice `datasets` and `weights` differ in length.
    /// @param datasets Length of `datasets`.
    /// @param weights Length of `weights`.
    error LengthMismatch(uint256 datasets, uint256 weights);
    /// @notice More datasets than the cap.
    /// @param count Datasets given.
    /// @param max The cap.
    error TooManyDatasets(uint256 count, uint256 max);
    /// @notice `id` appears twice in the declaration.
    /// @param id The repeated dataset.
    error DuplicateDataset(DatasetId id);
    /// @notice Datasets must be strictly ascending; `current` follows the larger `previous`.
    /// @param previous The earlier ID.
    /// @param current The ID that should have been larger.
    error DatasetsNotSorted(DatasetId previous, DatasetId current);
    /// @notice `id` was given weight zero.
    /// @param id The dataset given weight zero.
    error ZeroWeight(DatasetId id);
    /// @notice `id` is not a registered dataset.
    /// @param id The dataset ID.
    error UnknownDataset(DatasetId id);
    /// @notice `id` is retired and cannot be declared by new models.
    /// @param id The retired dataset.
    error RetiredDataset(DatasetId id);

    /* REGISTRATION */

    /// @notice Registers a model owned by the caller. Its ID is `modelIdOf(msg.sender, artifactHash)`.
    /// @param artifactHash Hash of the weights or release artifact.
    /// @param metadataURI Where the model card lives (emitted; its hash is stored).
    /// @param parent The model this one derives from, or zero.
    /// @return id The new model's ID.
    function registerModel(
        bytes32 artifactHash,
        string calldata metadataURI,
        ModelId parent
    ) external returns (ModelId id);

    /// @notice Declares, once, the datasets a model used, strictly ascending, with non-zero weights.
    /// @param id The model; only its owner may declare.
    /// @param datasets Registered, active datasets, strictly ascending.
    /// @param weights Relative weights, aligned with `datasets`.
    function declareUsage(ModelId id, DatasetId[] calldata datasets, uint32[] calldata weights) external;

    /* VIEWS */

    /// @notice The dataset registry whose datasets models declare.
    function datasetRegistry() external view returns (IDatasetRegistry);

    /// @notice The ID of `artifactHash` registered by `owner`.
    /// @param owner The registering owner.
    /// @param artifactHash The artifact hash.
    function modelIdOf(address owner, bytes32 artifactHash) external pure returns (ModelId);

    /// @notice The stored model record (zeroes if unknown).
    /// @param id The model.
    function model(ModelId id) external view returns (Model memory);

    /// @notice The weight `model` declared for `dataset`, 0 if none.
    /// @param id The model.
    /// @param dataset The dataset.
    function weightOf(ModelId id, DatasetId dataset) external view returns (uint32);

    /// @notice The weight `model` declared for `dataset` and the model's total weight, in one read (0, 0 if none).
    /// @param id The model.
    /// @param dataset The dataset.
    function usageOf(ModelId id, DatasetId dataset) external view returns (uint32 weight, uint40 totalWeight);

    /// @notice The sum of a model's declared weights, 0 while undeclared.
    /// @param id The model.
    function totalWeightOf(ModelId id) external view returns (uint256);
}
