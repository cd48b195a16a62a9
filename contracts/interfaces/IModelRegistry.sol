// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DatasetId} from "../types/DatasetId.sol";
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
    event ModelRegistered(
        ModelId indexed id,
        address indexed owner,
        bytes32 indexed artifactHash,
        ModelId parent,
        string metadataURI
    );

    /// @notice A model declared, once and for ever, the datasets it used and their weights.
    event UsageDeclared(ModelId indexed id, DatasetId[] datasets, uint32[] weights, uint256 totalWeight);

    /* ERRORS */

    /// @notice The artifact hash is zero.
    error ZeroArtifactHash();
    /// @notice The metadata URI is empty.
    error EmptyMetadataURI();
    /// @notice The metadata URI is longer than `maxLength` bytes.
    error MetadataURITooLong(uint256 length, uint256 maxLength);
    /// @notice The caller already registered this artifact as `id`.
    error ModelAlreadyRegistered(ModelId id);
    /// @notice No model with this ID.
    error UnknownModel(ModelId id);
    /// @notice Only the model's owner may declare its usage.
    error NotModelOwner(ModelId id, address caller);
    /// @notice The usage is declared already and never changes: register a new model version instead.
    error UsageAlreadyDeclared(ModelId id);
    /// @notice The declaration names no dataset.
    error NoDatasets();
    /// @notice `datasets` and `weights` differ in length.
    error LengthMismatch(uint256 datasets, uint256 weights);
    /// @notice More datasets than the cap.
    error TooManyDatasets(uint256 count, uint256 max);
    /// @notice `id` appears twice in the declaration.
    error DuplicateDataset(DatasetId id);
    /// @notice Datasets must be strictly ascending; `current` follows the larger `previous`.
    error DatasetsNotSorted(DatasetId previous, DatasetId current);
    /// @notice `id` was given weight zero.
    error ZeroWeight(DatasetId id);
    /// @notice `id` is not a registered dataset.
    error UnknownDataset(DatasetId id);
    /// @notice `id` is retired and cannot be declared by new models.
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

    /// @notice The ID of `artifactHash` registered by `owner`.
    function modelIdOf(address owner, bytes32 artifactHash) external pure returns (ModelId);

    /// @notice The stored model record (zeroes if unknown).
    function model(ModelId id) external view returns (Model memory);

    /// @notice The weight `model` declared for `dataset`, 0 if none.
    function weightOf(ModelId id, DatasetId dataset) external view returns (uint32);

    /// @notice The weight `model` declared for `dataset` and the model's total weight, in one read (0, 0 if none).
    function usageOf(ModelId id, DatasetId dataset) external view returns (uint32 weight, uint40 totalWeight);

    /// @notice The sum of a model's declared weights, 0 while undeclared.
    function totalWeightOf(ModelId id) external view returns (uint256);
}
