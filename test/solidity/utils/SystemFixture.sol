// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {DatasetRegistry} from "../../../contracts/DatasetRegistry.sol";
import {ModelRegistry} from "../../../contracts/ModelRegistry.sol";
import {RewardVault} from "../../../contracts/RewardVault.sol";
import {IDatasetRegistration} from "../../../contracts/interfaces/IDatasetRegistration.sol";
import {IModelRegistry} from "../../../contracts/interfaces/IModelRegistry.sol";
import {IRewardVault} from "../../../contracts/interfaces/IRewardVault.sol";
import {MockERC20} from "../../../contracts/test/MockERC20.sol";
import {DatasetId} from "../../../contracts/types/DatasetId.sol";
import {ModelId} from "../../../contracts/types/ModelId.sol";
import {TestBase} from "./TestBase.sol";

/// @notice Deploys the registries and a vault, and registers datasets and models for Solidity tests.
abstract contract SystemFixture is TestBase {
    address internal constant ADMIN = address(0xAD);
    address internal constant SPONSOR = address(0x5905);
    address internal constant MODEL_OWNER = address(0x0E);

    uint64 internal constant COMMIT_WINDOW = 7200;
    uint256 internal constant FLAG_BOND = 0.1 ether;
    uint32 internal constant DISPUTE_TIMEOUT = 14 days;
    uint32 internal constant APPEAL_WINDOW = 3 days;

    DatasetRegistry internal datasets;
    ModelRegistry internal models;

    /// @dev No claim cooling-off: the money suites test accounting, the dispute suite tests cooling-off.
    function _deployRegistries(uint64 commitDelay) internal {
        _deployRegistries(commitDelay, 0);
    }

    function _deployRegistries(uint64 commitDelay, uint32 claimDelay) internal {
        datasets = new DatasetRegistry(
            commitDelay,
            COMMIT_WINDOW,
            claimDelay,
            FLAG_BOND,
            DISPUTE_TIMEOUT,
            APPEAL_WINDOW,
            1 days,
            ADMIN
        );
        models = new ModelRegistry(datasets, 1 days, ADMIN);
    }

    function _deployVault(IERC20 token) internal returns (RewardVault) {
        return new RewardVault(token, datasets, models, 1 days, ADMIN);
    }

    /// @dev Registers `accounts` (any order, distinct, non-zero) with `shares` aligned, from `registrant`.
    function _registerDataset(
        bytes32 hash,
        address[] memory accounts,
        uint32[] memory shares
    ) internal returns (DatasetId id) {
        _sortPairs(accounts, shares);
        id = DatasetId.wrap(hash);
        IDatasetRegistration.Registration memory r = IDatasetRegistration.Registration({
            contentHash: id,
            metadataURI: "ipfs://manifest",
            contributors: accounts,
            shares: shares
        });
        vm.prank(accounts[0]);
        datasets.register(r, bytes32(0));
    }

    function _registerModel(
        bytes32 artifact,
        DatasetId[] memory ds,
        uint32[] memory weights
    ) internal returns (ModelId id) {
        return _registerModel(artifact, ds, weights, ModelId.wrap(0), 0, 0);
    }

    /// @dev Registers a model (with a parent edge where `parent` is non-zero) asking `royaltyBps` of its own
    /// derivatives.
    function _registerModel(
        bytes32 artifact,
        DatasetId[] memory ds,
        uint32[] memory weights,
        ModelId parent,
        uint32 parentWeight,
        uint16 royaltyBps
    ) internal returns (ModelId id) {
        _sortDatasets(ds, weights);
        vm.prank(MODEL_OWNER);
        id = models.registerModel(
            IModelRegistry.ModelRegistration({
                artifactHash: artifact,
                metadataURI: "ipfs://card",
                datasets: ds,
                weights: weights,
                parent: parent,
                parentWeight: parentWeight,
                minRoyaltyBps: royaltyBps
            })
        );
    }

    function _fund(MockERC20 token, address vault, address payer, uint256 amount) internal {
        token.mint(payer, amount);
        vm.prank(payer);
        token.approve(vault, type(uint256).max);
    }

    function _one(ModelId m, DatasetId d, uint16 index) internal pure returns (IRewardVault.ClaimRequest[] memory r) {
        r = new IRewardVault.ClaimRequest[](1);
        r[0] = IRewardVault.ClaimRequest({model: m, dataset: d, index: index});
    }

    /// @dev Insertion sort by address, keeping shares aligned (small lists only).
    function _sortPairs(address[] memory a, uint32[] memory s) internal pure {
        for (uint256 i = 1; i < a.length; ++i) {
            (address ka, uint32 ks) = (a[i], s[i]);
            uint256 j = i;
            while (j > 0 && a[j - 1] > ka) {
                (a[j], s[j]) = (a[j - 1], s[j - 1]);
                --j;
            }
            (a[j], s[j]) = (ka, ks);
        }
    }

    function _sortDatasets(DatasetId[] memory d, uint32[] memory w) internal pure {
        for (uint256 i = 1; i < d.length; ++i) {
            (DatasetId kd, uint32 kw) = (d[i], w[i]);
            uint256 j = i;
            while (j > 0 && DatasetId.unwrap(d[j - 1]) > DatasetId.unwrap(kd)) {
                (d[j], w[j]) = (d[j - 1], w[j - 1]);
                --j;
            }
            (d[j], w[j]) = (kd, kw);
        }
    }
}
