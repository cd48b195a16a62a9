// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DatasetId} from "../../contracts/types/DatasetId.sol";
import {ModelId, ModelIdLibrary} from "../../contracts/types/ModelId.sol";
import {TestBase} from "./utils/TestBase.sol";

/// @notice The ID value types' operators and helpers agree with the underlying bytes32.
contract TypesTest is TestBase {
    function testFuzz_datasetId_operatorsMatchBytes32(bytes32 a, bytes32 b) public pure {
        (DatasetId x, DatasetId y) = (DatasetId.wrap(a), DatasetId.wrap(b));
        vm.assertEq(x == y, a == b, "==");
        vm.assertEq(x != y, a != b, "!=");
        vm.assertEq(x < y, a < b, "<");
        vm.assertEq(x <= y, a <= b, "<=");
        vm.assertEq(x.isZero(), a == bytes32(0), "isZero");
    }

    function testFuzz_modelId_operatorsAndDerivation(address owner, bytes32 artifact, bytes32 other) public pure {
        ModelId id = ModelIdLibrary.from(owner, artifact);
        vm.assertEq(ModelId.unwrap(id), keccak256(abi.encode(owner, artifact)), "from");
        ModelId o = ModelId.wrap(other);
        vm.assertEq(id == o, ModelId.unwrap(id) == other, "==");
        vm.assertEq(id != o, ModelId.unwrap(id) != other, "!=");
        vm.assertEq(o.isZero(), other == bytes32(0), "isZero");
    }
}
