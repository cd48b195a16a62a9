// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {DatasetId} from "../types/DatasetId.sol";
import {ModelId} from "../types/ModelId.sol";
import {IDatasetRegistry} from "./IDatasetRegistry.sol";
import {IModelRegistry} from "./IModelRegistry.sol";

/// @title IRewardVault
/// @notice Holds one reward token: O(1) deposits into a model's pool, pull claims by contributors.
/// @dev A deposit into model `m` only adds to `deposited[m]`. Share `i` of dataset `d` has then earned
/// `deposited[m] * weight[m][d] / totalWeight[m] * shares[i] / totalShares[d]` (rounded down once) through
/// `m`, and may take that minus what it already released: one storage slot per (model, dataset, share)
/// edge, cumulative, so neither deposits nor claims ever loop, and many small deposits pay exactly what
/// one large deposit pays.
interface IRewardVault {
    /* TYPES */

    /// @notice One edge of a claim: what contributor `index` of `dataset` earned through `model`.
    struct ClaimRequest {
        ModelId model;
        DatasetId dataset;
        uint16 index;
    }

    /* EVENTS */

    /// @notice `payer` paid `amount` into `model`'s pool (`deposited(model)` is the running total).
    /// @param model The model paid.
    /// @param payer Who paid.
    /// @param amount Token units deposited.
    event RevenueDeposited(ModelId indexed model, address indexed payer, uint256 amount);

    /// @notice `amount` earned through (`model`, `dataset`) was paid to `account`, holder of share `index`.
    /// @param model The model the reward came through.
    /// @param dataset The dataset.
    /// @param account The contributor paid.
    /// @param index Their share index.
    /// @param amount Token units paid.
    event RewardReleased(
        ModelId indexed model,
        DatasetId indexed dataset,
        address indexed account,
        uint16 index,
        uint256 amount
    );

    /* ERRORS */

    /// @notice Amounts must be non-zero.
    error ZeroAmount();
    /// @notice The model has not declared its usage (or does not exist), so it cannot be paid.
    /// @param model The model.
    error ModelNotDeclared(ModelId model);
    /// @notice This deposit would take the pool past what its accounting holds (2^128 - 1 in total).
    /// @param model The model.
    /// @param amount The refused deposit.
    error PoolCapacityExceeded(ModelId model, uint256 amount);
    /// @notice The token delivered `received` where `expected` was sent (fee-on-transfer tokens are unsupported).
    /// @param expected What was sent.
    /// @param received What arrived.
    error TokenDeliveryShortfall(uint256 expected, uint256 received);
    /// @notice Payouts cannot go to `account`.
    /// @param account The refused recipient.
    error InvalidRecipient(address account);
    /// @notice A claim needs at least one request.
    error EmptyClaim();
    /// @notice `account` does not hold share `index` of `dataset`.
    /// @param dataset The dataset.
    /// @param index The share index.
    /// @param account The account that does not hold it.
    error NotContributor(DatasetId dataset, uint16 index, address account);
    /// @notice `model` did not declare `dataset`.
    /// @param model The model.
    /// @param dataset The dataset it did not declare.
    error EdgeNotDeclared(ModelId model, DatasetId dataset);
    /// @notice Nothing is owed to `account` for these requests.
    /// @param account The contributor.
    error NothingToClaim(address account);

    /* DEPOSITS */

    /// @notice Pays `amount` of the reward token from the caller into `model`'s pool. O(1) in datasets.
    /// @param model A model whose usage is declared.
    /// @param amount Token units, > 0; the caller must have approved the vault.
    function deposit(ModelId model, uint256 amount) external;

    /// @notice `deposit`, approving the vault first through the token's EIP-2612 `permit`.
    /// @dev A failed permit is ignored (it may have been front-run); the transfer then needs the allowance.
    /// @param model A model whose usage is declared.
    /// @param amount Token units, > 0.
    /// @param deadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    function depositWithPermit(ModelId model, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /* CLAIMS */

    /// @notice Pays `account` everything it earned through the given edges, in one transfer. Anyone may call.
    /// @dev Each request must name a share `account` holds. A repeated request pays nothing the second time.
    /// @param account The contributor, and the only possible recipient.
    /// @param requests The (model, dataset, index) edges to release.
    /// @return amount What was paid.
    function claim(address account, ClaimRequest[] calldata requests) external returns (uint256 amount);

    /* VIEWS */

    /// @notice The reward token.
    function token() external view returns (IERC20);

    /// @notice The dataset registry read for contributors and shares.
    function datasetRegistry() external view returns (IDatasetRegistry);

    /// @notice The model registry read for weights.
    function modelRegistry() external view returns (IModelRegistry);

    /// @notice All that was ever deposited into a model's pool.
    /// @param model The model.
    function deposited(ModelId model) external view returns (uint256);

    /// @notice What a model's deposits have credited to `dataset` so far (all its contributors together).
    /// @param model The model.
    /// @param dataset The dataset.
    function credited(ModelId model, DatasetId dataset) external view returns (uint256);

    /// @notice What share `index` of `dataset` has taken through `model` so far.
    /// @param model The model.
    /// @param dataset The dataset.
    /// @param index The share index.
    function released(ModelId model, DatasetId dataset, uint16 index) external view returns (uint256);

    /// @notice What share `index` of `dataset` may take through `model` now.
    /// @param model The model.
    /// @param dataset The dataset.
    /// @param index The share index.
    function claimable(ModelId model, DatasetId dataset, uint16 index) external view returns (uint256);
}
