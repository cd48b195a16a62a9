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

    /// Threat: a model owner re-weights toward their own dataset before a sponsor pays.
    function testFuzz_declare_reDeclareReverts(uint32 w1, uint32 w2, uint32 w3) public {
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
        vm.prank(MODEL_OWNER);
        vm.expectRevert(abi.encodeWithSelector(IModelRegistry.UsageAlreadyDeclared.selector, m));
        models.declareUsage(m, one, again);
        vm.assertEq(models.weightOf(m, ds[0]), before, "weight unchanged");
    }
}
