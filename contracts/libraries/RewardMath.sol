// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title RewardMath
/// @notice Pure accounting of the cumulative split (PaymentSplitter's rule, two levels deep): every
/// rounding goes toward the vault, and nothing is rounded until a contributor's share is taken.
library RewardMath {
    /// @notice The most a single model's pool may ever receive (deposits and forwarded royalties), so every cumulative figure fits 128 bits.
    uint256 internal constant MAX_POOL_DEPOSITS = type(uint128).max;

    /// @notice What one share has earned, in total, from a pool that received `inflow`:
    /// `inflow * (weight / totalWeight) * (shares / totalShares)`, rounded down once.
    /// @dev `weight * shares < 2^64` and `totalWeight * totalShares < 2^80`; `mulDiv` keeps the product
    /// exact. The result is at most `inflow`, so below 2^128.
    function earned(
        uint256 inflow,
        uint256 weight,
        uint256 totalWeight,
        uint256 shares,
        uint256 totalShares
    ) internal pure returns (uint256) {
        return Math.mulDiv(inflow, weight * shares, totalWeight * totalShares);
    }

    /// @notice What a pool that received `inflow` has credited to a dataset of weight `weight`, rounded down.
    function credited(uint256 inflow, uint256 weight, uint256 totalWeight) internal pure returns (uint256) {
        return Math.mulDiv(inflow, weight, totalWeight);
    }
}
