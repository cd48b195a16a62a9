// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A dataset's identity: the Merkle root of its content (paths, sizes and sha256 of its files).
/// @dev A value type, so a dataset ID can never be passed where a model ID is expected.
type DatasetId is bytes32;

using {eq as ==, neq as !=, lt as <, lte as <=} for DatasetId global;
using DatasetIdLibrary for DatasetId global;

function eq(DatasetId a, DatasetId b) pure returns (bool) {
    return DatasetId.unwrap(a) == DatasetId.unwrap(b);
}

function neq(DatasetId a, DatasetId b) pure returns (bool) {
    return DatasetId.unwrap(a) != DatasetId.unwrap(b);
}

function lt(DatasetId a, DatasetId b) pure returns (bool) {
    return DatasetId.unwrap(a) < DatasetId.unwrap(b);
}

function lte(DatasetId a, DatasetId b) pure returns (bool) {
    return DatasetId.unwrap(a) <= DatasetId.unwrap(b);
}

/// @notice Helpers for {DatasetId}.
library DatasetIdLibrary {
    /// @notice True for the zero ID, which never names a dataset.
    function isZero(DatasetId id) internal pure returns (bool) {
        return DatasetId.unwrap(id) == bytes32(0);
    }
}
