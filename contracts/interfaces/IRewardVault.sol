// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {DatasetId} from "../types/DatasetId.sol";
import {ModelId} from "../types/ModelId.sol";
import {IDatasetRegistry} from "./IDatasetRegistry.sol";
import {IModelRegistry} from "./IModelRegistry.sol";

/// @title IRewardVault
/// @notice Holds one reward token: O(1) deposits into a model's pool, O(1) royalty forwards along a lineage,
/// pull claims by contributors.
/// @dev A model's pool only grows: its inflow is what was deposited into it plus the royalties its children
/// forwarded. Share `i` of dataset `d` has earned `inflow[m] * weight[m][d] / totalWeight[m] * shares[i] /
/// totalShares[d]` (rounded down once) through `m`, and may take that minus what it already released: one
/// storage slot per (model, dataset, share) edge, cumulative, so neither deposits nor claims ever loop, and
/// many small deposits pay exactly what one large deposit pays. A child's parent edge works the same way,
/// except that `forward` releases it into the parent's pool instead of to an account.
interface IRewardVault {
    /* TYPES */

    /// @notice One edge of a claim: what contributor `index` of `dataset` earned through `model`.
    struct ClaimRequest {
        ModelId model;
        DatasetId dataset;
        uint32 index;
    }

    /// @notice What a contributor agrees to when signing a claim for someone else to send: who may send it (the
    /// zero address: anyone), the most the sender may take as a share of what the claim pays (basis points) and
    /// in token units, and until when.
    struct RelayTerms {
        address relayer;
        uint16 maxTipBps;
        uint256 maxTip;
        uint256 deadline;
    }

    /* EVENTS */

    /// @notice `payer` paid `amount` into `model`'s pool.
    /// @param model The model paid.
    /// @param payer Who paid.
    /// @param amount Token units deposited.
    event RevenueDeposited(ModelId indexed model, address indexed payer, uint256 amount);

    /// @notice `amount` earned through (`model`, `dataset`) was paid to `account`, holder of share `index`.
    /// @dev Filterable by dataset and account (a contributor's payouts, a dataset's payouts); the model rides in
    /// the data, which is cheaper than a third topic on every claimed edge.
    /// @param dataset The dataset.
    /// @param account The contributor paid.
    /// @param model The model the reward came through.
    /// @param index Their share index.
    /// @param amount Token units paid.
    event RewardReleased(
        DatasetId indexed dataset,
        address indexed account,
        ModelId model,
        uint32 index,
        uint256 amount
    );

    /// @notice `amount` of `child`'s pool, credited to its parent edge, moved into `parent`'s pool.
    /// @param child The derived model.
    /// @param parent Its parent (a model has one, so it is not indexed: filter by the child).
    /// @param amount Token units forwarded.
    event RoyaltyForwarded(ModelId indexed child, ModelId parent, uint256 amount);

    /// @notice A claim `account` signed was sent by `relayer`, who took `tip` of it (the rest went to `account`,
    /// edge by edge in `RewardReleased`). The signature's nonce is spent.
    /// @param account The contributor who signed and was paid.
    /// @param relayer Who sent the claim and received the tip.
    /// @param nonce The nonce the signature used (spent now).
    /// @param tip Token units paid to the relayer out of the claim.
    event ClaimRelayed(address indexed account, address indexed relayer, uint256 nonce, uint256 tip);

    /// @notice `account` revoked its signed claims of nonce `nonce` (nothing was paid; the nonce is spent).
    /// @param account The contributor.
    /// @param nonce The nonce spent.
    event SignedClaimRevoked(address indexed account, uint256 nonce);

    /* ERRORS */

    /// @notice Amounts must be non-zero.
    error ZeroAmount();
    /// @notice The model is not registered (registration and declaration are one call), so it cannot be paid.
    /// @param id The model.
    error UnknownModel(ModelId id);
    /// @notice This would take the pool past what its accounting holds (2^128 - 1 in total).
    /// @param model The model.
    /// @param amount The refused deposit or forward.
    error PoolCapacityExceeded(ModelId model, uint256 amount);
    /// @notice The token delivered `received` where `expected` was sent (fee-on-transfer tokens are unsupported).
    /// @param expected What was sent.
    /// @param received What arrived.
    error TokenDeliveryShortfall(uint256 expected, uint256 received);
    /// @notice Payouts cannot go to `account`.
    /// @param account The refused recipient.
    error InvalidRecipient(address account);
    /// @notice `account` does not hold share `index` of `dataset`.
    /// @param dataset The dataset.
    /// @param index The share index.
    /// @param account The account that does not hold it.
    error NotContributor(DatasetId dataset, uint32 index, address account);
    /// @notice `model` did not declare `dataset`.
    /// @param model The model.
    /// @param dataset The dataset it did not declare.
    error EdgeNotDeclared(ModelId model, DatasetId dataset);
    /// @notice Nothing is owed to `account` for these requests now (frozen and cooling-off slots pay nothing;
    /// an empty batch pays nothing either).
    /// @param account The contributor.
    error NothingToClaim(address account);
    /// @notice `parent` is not `child`'s parent.
    /// @param child The model.
    /// @param parent The model named as its parent.
    error NotParent(ModelId child, ModelId parent);
    /// @notice The model registry reads a different dataset registry than the one given.
    /// @param datasets The dataset registry given.
    /// @param modelsDatasets The model registry's dataset registry.
    error RegistryMismatch(IDatasetRegistry datasets, IDatasetRegistry modelsDatasets);

    /// @notice A signed claim was sent after its deadline.
    /// @param deadline The signature's deadline.
    /// @param now The block's timestamp.
    error ClaimSignatureExpired(uint256 deadline, uint256 now);

    /// @notice The signature is not `account`'s over this claim and its current nonce (forged, altered, or
    /// already used).
    /// @param account The contributor the claim pays.
    error InvalidClaimSignature(address account);

    /// @notice The sender asked for more than the signed terms allow: the lesser of `maxTip` and `maxTipBps` of
    /// what the claim pays (and never more than it pays).
    /// @param tip The tip asked for.
    /// @param cap The most this claim allows.
    error TipAboveCap(uint256 tip, uint256 cap);

    /// @notice The signed claim names another relayer.
    /// @param sender Who sent it.
    /// @param relayer The only sender the contributor allowed.
    error NotRelayer(address sender, address relayer);

    /* DEPOSITS */

    /// @notice Pays `amount` of the reward token from the caller into `model`'s pool. O(1) in datasets.
    /// @param model A registered model.
    /// @param amount Token units, > 0; the caller must have approved the vault.
    function deposit(ModelId model, uint256 amount) external;

    /// @notice `deposit`, approving the vault first through the token's EIP-2612 `permit`.
    /// @dev A failed permit is ignored (it may have been front-run); the transfer then needs the allowance.
    /// @param model A registered model.
    /// @param amount Token units, > 0.
    /// @param deadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    function depositWithPermit(ModelId model, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /* LINEAGE */

    /// @notice Moves what `child`'s pool has credited to its parent edge, less what was forwarded before,
    /// into `parent`'s pool, where it splits by the parent's own declaration. O(1); anyone may call; never
    /// paused (the parent's contributors must always be able to reach their royalties). Forwarding nothing
    /// new is a no-op returning 0, so a `multicall` can forward a whole lineage before a claim.
    /// @param child A model with a parent.
    /// @param parent Its parent.
    /// @return amount Token units forwarded.
    function forward(ModelId child, ModelId parent) external returns (uint256 amount);

    /* CLAIMS */

    /// @notice Pays `account` everything it earned through the given edges, in one transfer. Anyone may call.
    /// @dev Each request must name a share `account` holds. A repeated request pays nothing the second time.
    /// An edge whose dataset is frozen or cooling off is skipped: it pays nothing now and loses nothing.
    /// @param account The contributor, and the only possible recipient.
    /// @param requests The (model, dataset, index) edges to release.
    /// @return amount What was paid.
    function claim(address account, ClaimRequest[] calldata requests) external returns (uint256 amount);

    /// @notice `claim`, sent on behalf of `account`, who signed it (EIP-712 `Claim`, or ERC-1271 for a contract
    /// account), by the relayer it names (or anyone, where it names none), who takes `tip` out of it within the
    /// signed terms: a contributor with no ETH is paid all the same. Each signature spends `account`'s nonce, so it
    /// is sent at most once; `revokeSignedClaim` spends it unsent.
    /// @dev A contract account's ERC-1271 answer is trusted for every signed field, the tip terms included: a
    /// wallet that validates loosely lets a relayer pick its own terms.
    /// @param account The contributor who signed, and the recipient of what the claim pays less the tip.
    /// @param requests The signed (model, dataset, index) edges, in the signed order.
    /// @param terms The signed relayer, tip caps and deadline.
    /// @param tip What the sender takes: at most `terms.maxTip` and at most `terms.maxTipBps` of what it pays.
    /// @param signature `account`'s signature over `Claim(account, requests, relayer, maxTip, maxTipBps, nonce,
    /// deadline)`.
    /// @return amount What the claim released, the tip included.
    function claimBySig(
        address account,
        ClaimRequest[] calldata requests,
        RelayTerms calldata terms,
        uint256 tip,
        bytes calldata signature
    ) external returns (uint256 amount);

    /// @notice Spends the caller's nonce `nonce` without paying anything: a signed claim that carries it can no
    /// longer be sent (a plain `claim` does not spend it).
    /// @param nonce The caller's current nonce (`nonces(caller)`).
    function revokeSignedClaim(uint256 nonce) external;

    /// @notice The nonce `account`'s next signed claim must carry in this vault.
    /// @param account The contributor.
    /// @return The nonce.
    function nonces(address account) external view returns (uint256);

    /* VIEWS */

    /// @notice The reward token.
    /// @return The token.
    function token() external view returns (IERC20);

    /// @notice The dataset registry read for contributors, shares, freezes and cooling-off.
    /// @return The registry.
    function datasetRegistry() external view returns (IDatasetRegistry);

    /// @notice The model registry read for weights and parents.
    /// @return The registry.
    function modelRegistry() external view returns (IModelRegistry);

    /// @notice All that ever entered a model's pool: deposits plus royalties forwarded from its children.
    /// @param model The model.
    /// @return Token units.
    function inflow(ModelId model) external view returns (uint256);

    /// @notice What a model's pool has credited to `dataset` so far (all its contributors together).
    /// @param model The model.
    /// @param dataset The dataset.
    /// @return Token units.
    function credited(ModelId model, DatasetId dataset) external view returns (uint256);

    /// @notice What `child`'s pool has moved into `parent`'s so far.
    /// @param child The model.
    /// @param parent Its parent.
    /// @return Token units.
    function forwarded(ModelId child, ModelId parent) external view returns (uint256);

    /// @notice What `child`'s pool has credited to its parent edge and not yet forwarded.
    /// @param child The model.
    /// @param parent Its parent.
    /// @return Token units (0 unless `parent` is `child`'s parent).
    function forwardable(ModelId child, ModelId parent) external view returns (uint256);

    /// @notice What share `index` of `dataset` has taken through `model` so far.
    /// @param model The model.
    /// @param dataset The dataset.
    /// @param index The share index.
    /// @return Token units.
    function released(ModelId model, DatasetId dataset, uint32 index) external view returns (uint256);

    /// @notice What share `index` of `dataset` has earned through `model` and not yet taken, whether or not it
    /// can be paid now.
    /// @param model The model.
    /// @param dataset The dataset.
    /// @param index The share index.
    /// @return Token units.
    function owed(ModelId model, DatasetId dataset, uint32 index) external view returns (uint256);

    /// @notice What share `index` of `dataset` may take through `model` now: `owed`, or 0 while the dataset is
    /// frozen or cooling off.
    /// @param model The model.
    /// @param dataset The dataset.
    /// @param index The share index.
    /// @return Token units.
    function claimable(ModelId model, DatasetId dataset, uint32 index) external view returns (uint256);
}
