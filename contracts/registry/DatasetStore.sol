// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDatasetRegistry} from "../interfaces/IDatasetRegistry.sol";
import {IDatasetRegistration} from "../interfaces/IDatasetRegistration.sol";
import {DatasetId} from "../types/DatasetId.sol";
import {RegistryClock} from "./RegistryClock.sol";

/// @title DatasetStore
/// @notice What every concern of the dataset registry reads: the datasets, their contributor slots, the
/// cooling-off, and where a dataset stands.
abstract contract DatasetStore is IDatasetRegistry, RegistryClock {
    /// @notice Most contributors one dataset may list (gas at the cap: see bench/REPORT.md).
    uint256 public constant MAX_CONTRIBUTORS = 256;

    /// @dev `Dataset.flags` bit: retired by its registrant. (Internal to save code size: see `Dataset.flags`.)
    uint8 internal constant FLAG_RETIRED = 1;

    /// @dev `Dataset.flags` bit: frozen by an open or upheld, not yet executed, dispute.
    uint8 internal constant FLAG_FROZEN = 2;

    /// @dev `Dataset.flags` unit of a share-tree dataset's tree generation (bits 3 to 8).
    uint8 internal constant TREE_GENERATION = 4;

    /// @inheritdoc IDatasetRegistration
    uint32 public immutable claimDelay;

    mapping(DatasetId id => Dataset) internal _datasets;
    mapping(DatasetId id => mapping(uint256 index => Contributor)) internal _contributors;

    /// @param claimDelay_ Seconds after registration before a dataset's shares are first paid (0 allowed).
    constructor(uint32 claimDelay_) {
        claimDelay = claimDelay_;
    }

    function _statusOf(Dataset storage record) internal view returns (DatasetStatus) {
        if (record.registrant == address(0)) return DatasetStatus.None;
        uint256 flags = record.flags;
        if (flags & FLAG_FROZEN != 0) return DatasetStatus.Frozen;
        uint256 provisionalUntil = record.provisionalUntil;
        if (provisionalUntil != 0 && _clockNow() <= provisionalUntil) return DatasetStatus.Provisional;
        if (flags & FLAG_RETIRED != 0) return DatasetStatus.Retired;
        return DatasetStatus.Active;
    }
}
