// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IModelRegistry} from "../../contracts/interfaces/IModelRegistry.sol";
import {DatasetId} from "../../contracts/types/DatasetId.sol";
import {ModelId} from "../../contracts/types/ModelId.sol";
import {SystemFixture} from "./utils/SystemFixture.sol";

/// @notice Fuzzed defenses of the model registry (DESIGN.md, threats table).
contract ModelRegistryFuzzTest is SystemFixture {
    function setUp() public {
        _deployRegistries(0);
    }

    /// Threat: a model owner re-weights toward their own dataset before a sponsor pays. There is no function
    /// that changes a declaration; registering the same artifact again (new weights) reverts.
    function testFuzz_registerModel_declarationIsImmutable(uint32 w1, uint32 w2, uint32 w3) public {
        vm.assume(w1 != 0 && w2 != 0 && w3 != 0);
        DatasetId[] memory ds = new DatasetId[](2);
        uint32[] memory ws = new uint32[](2);
        for (uint256 i; i < 2; ++i) {
            address[] memory a = new address[](1);
            a[0] = address(uint160(0x1000 + i));
            uint32[] memory s = new uint32[](1);
            s[0] = 1;
            ds[i] = _registerDataset(keccak256(abi.encode("ds", i)), a, s);
        }
        (ws[0], ws[1]) = (w1, w2);
        ModelId m = _registerModel(keccak256("artifact"), ds, ws);
        uint32 before = models.weightOf(m, ds[0]);
        uint32[] memory again = new uint32[](1);
        again[0] = w3;
        DatasetId[] memory one = new DatasetId[](1);
        one[0] = ds[0];
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelAlreadyRegistered.selector, m));
        _registerModel(keccak256("artifact"), one, again);
        vm.assertEq(models.weightOf(m, ds[0]), before, "weight unchanged");
    }

    /// Threat: a fine-tune hides its base model's royalty. Any parent weight below the parent's floor
    /// reverts; any at or above it registers, with the edge readable by the vault.
    function testFuzz_register_parentRoyaltyFloor(uint16 floorBps, uint32 datasetWeight, uint32 parentWeight) public {
        uint16 floor = uint16(bound(floorBps, 0, 10_000));
        datasetWeight = uint32(bound(datasetWeight, 1, type(uint32).max));
        parentWeight = uint32(bound(parentWeight, 1, type(uint32).max));
        ModelId base = _baseModel(floor);
        DatasetId childData = _soloDataset("child data");
        uint256 total = uint256(datasetWeight) + parentWeight;
        bool meets = uint256(parentWeight) * 10_000 >= uint256(floor) * total;
        if (!meets) {
            uint256 minimum = (uint256(floor) * total + 9_999) / 10_000;
            vm.expectRevert(
                abi.encodeWithSelector(IModelRegistry.RoyaltyBelowFloor.selector, base, parentWeight, minimum)
            );
        }
        ModelId child = _childModel(base, childData, datasetWeight, parentWeight);
        if (meets) {
            (uint32 w, uint40 tw) = models.parentUsageOf(child, base);
            vm.assertEq(w, parentWeight, "parent weight");
            vm.assertEq(tw, total, "total includes the parent");
        }
    }

    function _baseModel(uint16 floor) internal returns (ModelId) {
        DatasetId[] memory ds = new DatasetId[](1);
        ds[0] = _soloDataset("base data");
        uint32[] memory ws = new uint32[](1);
        ws[0] = 1;
        return _registerModel(keccak256("base"), ds, ws, ModelId.wrap(0), 0, floor);
    }

    function _childModel(
        ModelId base,
        DatasetId data,
        uint32 datasetWeight,
        uint32 parentWeight
    ) internal returns (ModelId) {
        DatasetId[] memory ds = new DatasetId[](1);
        ds[0] = data;
        uint32[] memory ws = new uint32[](1);
        ws[0] = datasetWeight;
        return _registerModel(keccak256("child"), ds, ws, base, parentWeight, 0);
    }

    function _soloDataset(string memory label) internal returns (DatasetId) {
        address[] memory a = new address[](1);
        a[0] = address(0x1000);
        uint32[] memory s = new uint32[](1);
        s[0] = 1;
        return _registerDataset(keccak256(bytes(label)), a, s);
    }
}
