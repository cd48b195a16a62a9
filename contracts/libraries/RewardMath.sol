// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title RewardMath
/// @notice Pure accounting for reward-per-weight pools: every rounding goes toward the vault.
library RewardMath {
    /// @notice Scale of the reward-per-weight accumulator.
    /// @dev With at most 2^40 total weight, flooring a deposit loses < 2^40 / 1e18 wei: nothing.
    uint256 internal constant ACC_PRECISION = 1e18;

    /// @notice The most a pool may ever credit in total, so that every cumulative figure fits 128 bits.
    uint256 internal constant MAX_POOL_CREDIT = type(uint128).max;

    /// @notice The accumulator after depositing `amount` into a pool of `totalWeight`, or
    /// `type(uint256).max` where the pool would credit more than `MAX_POOL_CREDIT`.
    /// @dev `amount <= 2^128` keeps `amount * ACC_PRECISION` far below 2^256; the bound
    /// `acc <= MAX_POOL_CREDIT * ACC_PRECISION / totalWeight` keeps `acc` below 2^188 < 2^216.
    function accrue(uint256 acc, uint256 amount, uint256 totalWeight) internal pure returns (uint256) {
        if (amount > MAX_POOL_CREDIT) return type(uint256).max;
        uint256 next = acc + (amount * ACC_PRECISION) / totalWeight;
        return next > (MAX_POOL_CREDIT * ACC_PRECISION) / totalWeight ? type(uint256).max : next;
    }

    /// @notice What a (dataset, contributor) edge of weight `weight` has earned from a pool at `acc`,
    /// for `shares` of the dataset's `totalShares`, rounded down.
    /// @dev `weight * shares < 2^64` and `ACC_PRECISION * totalShares < 2^100`; `mulDiv` keeps the
    /// 2^252 product exact. The result is at most the pool's total credit, so below 2^128.
    function earned(uint256 acc, uint256 weight, uint256 shares, uint256 totalShares)
        internal
        pure
        returns (uint256)
    {
        return Math.mulDiv(acc, weight * shares, ACC_PRECISION * totalShares);
    }

    /// @notice What a pool at `acc` has credited to a dataset of weight `weight`, rounded down.
    function credited(uint256 acc, uint256 weight) internal pure returns (uint256) {
        return (acc * weight) / ACC_PRECISION;
    }
}
