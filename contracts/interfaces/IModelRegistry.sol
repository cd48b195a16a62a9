// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DatasetId} from "../types/DatasetId.sol";
import {ModelId} from "../types/ModelId.sol";
import {IDatasetRegistry} from "./IDatasetRegistry.sol";
import {IDatasetRegistration} from "./IDatasetRegistration.sol";

/// @title IModelRegistry
/// @notice Models, each registered with the immutable declaration of the datasets (and the parent model) it
/// derives from, with their weights, in one call.
interface IModelRegistry {
    /* TYPES */

    /// @notice What a model owner registers, once and for ever.
    /// @dev `datasets` strictly ascending, `weights` aligned. A child names its `parent` with `parentWeight`,
    /// at least the parent's `minRoyaltyBps` of the child's total weight (datasets plus parent).
    struct ModelRegistration {
        bytes32 artifactHash;
        string metadataURI;
        DatasetId[] datasets;
        uint32[] weights;
        ModelId parent;
        uint32 parentWeight;
        uint16 minRoyaltyBps;
    }

    /// @notice A registered model as stored. `totalWeight` includes the parent's weight.
    struct Model {
        address owner;
        uint40 registeredAt;
        uint40 totalWeight;
        uint16 minRoyaltyBps;
        bytes32 artifactHash;
        bytes32 metadataHash;
        ModelId parent;
    }

    /* EVENTS */

    /// @notice A model was registered (its declaration follows in `UsageDeclared`, in the same transaction).
    /// @param id The new model.
    /// @param owner Its owner.
    /// @param parent The model it derives from, or zero.
    /// @param artifactHash Hash of its weights or release artifact.
    /// @param minRoyaltyBps What this model asks of its own derivatives, in basis points of their total weight.
    /// @param metadataURI Where its model card lives.
    event ModelRegistered(
        ModelId indexed id,
        address indexed owner,
        ModelId indexed parent,
        bytes32 artifactHash,
        uint256 minRoyaltyBps,
        string metadataURI
    );

    /// @notice A model declared, once and for ever, the datasets (and parent) it used and their weights.
    /// @param id The model.
    /// @param datasets The datasets it used, strictly ascending.
    /// @param weights Their weights, aligned with `datasets`.
    /// @param parentWeight The parent edge's weight (0 without a parent).
    /// @param totalWeight The sum of all weights, the parent's included.
    event UsageDeclared(
        ModelId indexed id,
        DatasetId[] datasets,
        uint32[] weights,
        uint256 parentWeight,
        uint256 totalWeight
    );

    /* ERRORS */

    /// @notice The artifact hash is zero.
    error ZeroArtifactHash();
    /// @notice The caller already registered this artifact as `id`.
    /// @param id The existing model.
    error ModelAlreadyRegistered(ModelId id);
    /// @notice No model with this ID.
    /// @param id The model ID.
    error UnknownModel(ModelId id);
    /// @notice The declaration names no dataset and no parent.
    error NoDatasets();
    /// @notice `datasets` and `weights` differ in length.
    /// @param datasets Length of `datasets`.
    /// @param weights Length of `weights`.
    error LengthMismatch(uint256 datasets, uint256 weights);
    /// @notice More edges (datasets, plus the parent) than the cap.
    /// @param count Edges given.
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
    /// @notice `id` cannot be declared now: only active datasets can (not unknown, provisional, frozen or
    /// retired).
    /// @param id The dataset.
    /// @param status Where it stands.
    error DatasetNotDeclarable(DatasetId id, IDatasetRegistration.DatasetStatus status);
    /// @notice A parent needs a non-zero weight, and a zero parent none.
    /// @param parent The parent named.
    /// @param parentWeight The weight given.
    error InvalidParentWeight(ModelId parent, uint256 parentWeight);
    /// @notice The parent edge's weight is below the parent's royalty floor.
    /// @param parent The parent.
    /// @param parentWeight The weight given.
    /// @param minimum The least weight that meets `minRoyaltyBps` of the total.
    error RoyaltyBelowFloor(ModelId parent, uint256 parentWeight, uint256 minimum);
    /// @notice A royalty floor is at most 10,000 basis points.
    /// @param bps The floor given.
    error InvalidRoyalty(uint256 bps);

    /* REGISTRATION */

    /// @notice Registers a model owned by the caller, with its declaration, in one call. Its ID is
    /// `modelIdOf(msg.sender, artifactHash)`.
    /// @param registration The model and its declaration.
    /// @return id The new model's ID.
    function registerModel(ModelRegistration calldata registration) external returns (ModelId id);

    /* VIEWS */

    /// @notice The dataset registry whose datasets models declare.
    /// @return The registry.
    function datasetRegistry() external view returns (IDatasetRegistry);

    /// @notice The ID of `artifactHash` registered by `owner`.
    /// @param owner The registering owner.
    /// @param artifactHash The artifact hash.
    /// @return The model ID.
    function modelIdOf(address owner, bytes32 artifactHash) external pure returns (ModelId);

    /// @notice The stored model record (zeroes if unknown).
    /// @param id The model.
    /// @return The record.
    function model(ModelId id) external view returns (Model memory);

    /// @notice The weight `model` declared for `dataset`, 0 if none.
    /// @param id The model.
    /// @param dataset The dataset.
    /// @return The weight.
    function weightOf(ModelId id, DatasetId dataset) external view returns (uint32);

    /// @notice The weight `model` declared for `dataset` and the model's total weight, in one read (0, 0 if none).
    /// @param id The model.
    /// @param dataset The dataset.
    /// @return weight The edge's weight.
    /// @return totalWeight The model's total weight.
    function usageOf(ModelId id, DatasetId dataset) external view returns (uint32 weight, uint40 totalWeight);

    /// @notice The weight of `child`'s edge to `parent` and the child's total weight, in one read (0, 0 unless
    /// `parent` is `child`'s parent).
    /// @param child The derived model.
    /// @param parent The model it names as parent.
    /// @return weight The parent edge's weight.
    /// @return totalWeight The child's total weight.
    function parentUsageOf(ModelId child, ModelId parent) external view returns (uint32 weight, uint40 totalWeight);

    /// @notice The sum of a model's declared weights, its parent's included; 0 if unknown.
    /// @param id The model.
    /// @return The total weight.
    function totalWeightOf(ModelId id) external view returns (uint256);
}
