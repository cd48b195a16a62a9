// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A model's identity: `keccak256(abi.encode(owner, artifactHash))`.
/// @dev Bound to the owner so that nobody can squat on another owner's artifact hash.
type ModelId is bytes32;

using {eq as ==, neq as !=} for ModelId global;
using ModelIdLibrary for ModelId global;

function eq(ModelId a, ModelId b) pure returns (bool) {
    return ModelId.unwrap(a) == ModelId.unwrap(b);
}

function neq(ModelId a, ModelId b) pure returns (bool) {
    return ModelId.unwrap(a) != ModelId.unwrap(b);
}

/// @notice Helpers for {ModelId}.
library ModelIdLibrary {
    /// @notice The ID a model gets when `owner` registers `artifactHash`.
    function from(address owner, bytes32 artifactHash) internal pure returns (ModelId) {
        return ModelId.wrap(keccak256(abi.encode(owner, artifactHash)));
    }

    /// @notice True for the zero ID, which never names a model ("no parent").
    function isZero(ModelId id) internal pure returns (bool) {
        return ModelId.unwrap(id) == bytes32(0);
    }
}
