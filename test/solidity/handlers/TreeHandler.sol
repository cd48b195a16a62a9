// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DatasetRegistry} from "../../../contracts/DatasetRegistry.sol";
import {RewardVault} from "../../../contracts/RewardVault.sol";
import {ShareTrees} from "../../../contracts/ShareTrees.sol";
import {IDatasetDisputes} from "../../../contracts/interfaces/IDatasetDisputes.sol";
import {IRewardVault} from "../../../contracts/interfaces/IRewardVault.sol";
import {IShareTrees} from "../../../contracts/interfaces/IShareTrees.sol";
import {ShareTree} from "../../../contracts/libraries/ShareTree.sol";
import {MockERC20} from "../../../contracts/test/MockERC20.sol";
import {DatasetId} from "../../../contracts/types/DatasetId.sol";
import {ModelId} from "../../../contracts/types/ModelId.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice Drives a share-tree dataset of eight slots (three held by addresses, five by identities) beside the
/// models that pay it: deposits, proofs, bindings proposed by an attester and vetoed or completed, sweeps after
/// the deadline, late bindings of swept slots, claims by whoever holds a slot, share moves, rulings that replace
/// the tree (new holders, the same shares) and the passing of time, with a shadow ledger. Every action makes only calls that must succeed (failOnRevert).
contract TreeHandler is TestBase {
    uint256 public constant SLOTS = 8;
    uint256 public constant ADDRESS_SLOTS = 3;
    address public constant SPONSOR = address(0x5905);
    address public constant FALLBACK = address(0xFA11);
    uint256 internal constant ATTESTER_KEY = 0xA77E57;
    uint8 internal constant PENDING = 1;
    uint8 internal constant BOUND = 2;

    RewardVault public immutable vault;
    DatasetRegistry public immutable datasets;
    ShareTrees public immutable trees;
    MockERC20 public immutable token;
    address public immutable registrant;
    DatasetId public immutable treeId;

    IShareTrees.Tree internal _tree;
    ModelId[] internal _models;
    address[SLOTS] internal _account;
    bytes32[SLOTS] internal _identity;
    uint32[SLOTS] internal _shares;
    bytes32[][SLOTS] internal _hashes;
    bytes[SLOTS] internal _sums;

    /* SHADOW LEDGER */
    uint256 public ghostDeposited;
    uint256 public ghostClaimed;
    mapping(uint256 slot => address) public ghostHolder;
    uint256 public ghostProofs;
    uint256 public ghostBindings;
    uint256 public ghostVetoes;
    uint256 public ghostSweeps;
    uint256 public ghostClaims;
    uint256 public ghostRulings;
    uint256 internal _fresh;

    constructor(RewardVault vault_, MockERC20 token_, address registrant_, ModelId[] memory models_) {
        vault = vault_;
        token = token_;
        datasets = DatasetRegistry(address(vault_.datasetRegistry()));
        trees = ShareTrees(datasets.shareTrees());
        registrant = registrant_;
        _models = models_;
        treeId = DatasetId.wrap(keccak256("crowd"));
        for (uint256 i; i < SLOTS; ++i) {
            if (i < ADDRESS_SLOTS) _account[i] = address(uint160(0x1000 + i));
            else _identity[i] = keccak256(abi.encode("identity", i));
            _shares[i] = uint32(1 + ((i * 7919) % 13)) * (i == 5 ? type(uint16).max : 1);
        }
        _buildTree();
    }

    /// @dev The tree's levels, bottom-up, and each slot's proof.
    function _buildTree() internal {
        bytes32[] memory level = new bytes32[](SLOTS);
        uint256[] memory sums = new uint256[](SLOTS);
        for (uint256 i; i < SLOTS; ++i) {
            level[i] = ShareTree.leaf(_account[i], _identity[i], _shares[i]);
            sums[i] = _shares[i];
            _hashes[i] = new bytes32[](3);
            _sums[i] = new bytes(15);
        }
        for (uint256 depth; depth < 3; ++depth) {
            uint256 width = level.length;
            for (uint256 i; i < SLOTS; ++i) {
                uint256 sibling = (i >> depth) ^ 1;
                _hashes[i][depth] = level[sibling];
                for (uint256 k; k < 5; ++k) _sums[i][depth * 5 + k] = bytes1(uint8(sums[sibling] >> (8 * (4 - k))));
            }
            bytes32[] memory up = new bytes32[](width / 2);
            uint256[] memory upSums = new uint256[](width / 2);
            for (uint256 j; j < width / 2; ++j) {
                up[j] = keccak256(
                    abi.encodePacked(level[2 * j], uint40(sums[2 * j]), level[2 * j + 1], uint40(sums[2 * j + 1]))
                );
                upSums[j] = sums[2 * j] + sums[2 * j + 1];
            }
            (level, sums) = (up, upSums);
        }
        _tree = IShareTrees.Tree({
            root: level[0],
            slotCount: uint40(SLOTS),
            totalShares: uint40(sums[0]),
            deadline: uint40(block.timestamp + 30 days),
            fallbackAccount: FALLBACK,
            keepsEarning: true
        });
    }

    function tree() external view returns (IShareTrees.Tree memory) {
        return _tree;
    }

    function shares(uint256 slot) external view returns (uint32) {
        return _shares[slot];
    }

    function modelList() external view returns (ModelId[] memory) {
        return _models;
    }

    function proofOf(uint256 slot) public view returns (IShareTrees.SlotProof memory) {
        return
            IShareTrees.SlotProof({
                dataset: treeId,
                tree: _tree,
                account: _account[slot],
                index: uint32(slot),
                shares: _shares[slot],
                identity: _identity[slot],
                hashes: _hashes[slot],
                sums: _sums[slot]
            });
    }

    function attester() public pure returns (address) {
        return vm.addr(ATTESTER_KEY);
    }

    /* ACTIONS */

    function deposit(uint256 modelSeed, uint256 amount) external {
        amount = bound(amount, 1, 1e30);
        vm.prank(SPONSOR);
        vault.deposit(_models[modelSeed % _models.length], amount);
        ghostDeposited += amount;
    }

    /// @dev Proves an address slot not yet proven.
    function prove(uint256 slotSeed) external {
        uint256 slot = slotSeed % ADDRESS_SLOTS;
        if (ghostHolder[slot] != address(0)) return; // SlotTaken, tested directly
        trees.proveSlot(proofOf(slot));
        ghostHolder[slot] = _account[slot];
        ++ghostProofs;
    }

    /// @dev The attester's binding of an identity slot to a fresh account, submitted by anyone.
    function propose(uint256 slotSeed) external {
        uint256 slot = ADDRESS_SLOTS + (slotSeed % (SLOTS - ADDRESS_SLOTS));
        IShareTrees.Binding memory b = trees.bindingOf(treeId, uint32(slot));
        if (b.flags & (PENDING | BOUND) != 0) return; // BindingPending / SlotAlreadyBound, tested directly
        address account = address(uint160(0x30000 + ++_fresh));
        IShareTrees.Attestation memory a = IShareTrees.Attestation({
            account: account,
            attester: attester(),
            attempt: b.attempts,
            deadline: block.timestamp + 1 days
        });
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(
            ATTESTER_KEY,
            trees.attestationDigest(treeId, uint32(slot), _identity[slot], a)
        );
        trees.proposeBinding(proofOf(slot), a, abi.encodePacked(r, s, v));
    }

    /// @dev The registrant vetoes a pending binding inside its window.
    function veto(uint256 slotSeed) external {
        uint256 slot = ADDRESS_SLOTS + (slotSeed % (SLOTS - ADDRESS_SLOTS));
        IShareTrees.Binding memory b = trees.bindingOf(treeId, uint32(slot));
        if (b.flags & PENDING == 0 || block.timestamp >= b.effectiveAt) return;
        vm.prank(registrant);
        trees.vetoBinding(treeId, uint32(slot));
        ++ghostVetoes;
    }

    /// @dev Anyone completes a binding whose window has passed.
    function complete(uint256 slotSeed) external {
        uint256 slot = ADDRESS_SLOTS + (slotSeed % (SLOTS - ADDRESS_SLOTS));
        IShareTrees.Binding memory b = trees.bindingOf(treeId, uint32(slot));
        if (b.flags & PENDING == 0 || block.timestamp < b.effectiveAt) return;
        trees.completeBinding(treeId, uint32(slot), _tree);
        ghostHolder[slot] = b.account;
        ++ghostBindings;
    }

    /// @dev After the deadline, anyone sweeps an unbound, unswept identity slot to the fallback.
    function sweep(uint256 slotSeed) external {
        uint256 slot = ADDRESS_SLOTS + (slotSeed % (SLOTS - ADDRESS_SLOTS));
        if (block.timestamp <= _tree.deadline) return; // SweepTooEarly, tested directly
        if (trees.bindingOf(treeId, uint32(slot)).flags != 0 || ghostHolder[slot] != address(0)) return;
        trees.sweep(proofOf(slot));
        ghostHolder[slot] = FALLBACK;
        ++ghostSweeps;
    }

    /// @dev Whoever holds a slot claims it through every model.
    function claim(uint256 slotSeed) external {
        uint256 slot = slotSeed % SLOTS;
        address holder = ghostHolder[slot];
        if (holder == address(0)) return; // unproven or unbound: nothing to claim with yet
        IRewardVault.ClaimRequest[] memory requests = new IRewardVault.ClaimRequest[](_models.length);
        uint256 owed;
        for (uint256 m; m < _models.length; ++m) {
            requests[m] = IRewardVault.ClaimRequest(_models[m], treeId, uint32(slot));
            owed += vault.claimable(_models[m], treeId, uint32(slot));
        }
        if (owed == 0) return; // NothingToClaim, tested directly
        uint256 paid = vault.claim(holder, requests);
        vm.assertEq(paid, owed, "a tree slot's claim paid what claimable() said");
        ghostClaimed += paid;
        ++ghostClaims;
    }

    /// @dev A holder rotates its key (a swept slot's fallback included).
    function move(uint256 slotSeed) external {
        uint256 slot = slotSeed % SLOTS;
        address holder = ghostHolder[slot];
        if (holder == address(0)) return;
        address to = address(uint160(0x40000 + ++_fresh));
        vm.prank(holder);
        datasets.moveShare(treeId, uint32(slot), to);
        ghostHolder[slot] = to;
    }

    /// @dev A flag on the tree dataset upheld with a replacement tree the arbiter (this handler) names: each slot
    /// given a new holder (a new address or identity), the same shares. Every slot written so far then pays no one
    /// until written under the new tree. At most three a campaign (each rebuilds the tree).
    function rule(uint256 seed) external {
        if (ghostRulings == 3) return;
        uint256 bond = datasets.bondToFlag(treeId);
        vm.deal(address(this), bond);
        datasets.flag{value: bond}(treeId, IDatasetDisputes.FlagReason.Other, "ipfs://evidence");
        uint256 disputeId = datasets.disputeOf(treeId).id;
        IShareTrees.Tree memory current = _tree;
        for (uint256 i; i < SLOTS; ++i) {
            if ((seed >> i) & 1 == 0) continue; // this slot's holder stays who it was
            if (i < ADDRESS_SLOTS) _account[i] = address(uint160(0x50000 + ++_fresh));
            else _identity[i] = keccak256(abi.encode("identity", i, ++_fresh));
        }
        _buildTree();
        trees.nameReplacement(treeId, disputeId, current, _tree);
        datasets.upholdFlag(treeId, disputeId, registrant, new address[](0));
        vm.warp(block.timestamp + datasets.appealWindow());
        datasets.executeRuling(treeId, disputeId, registrant, new address[](0));
        for (uint256 i; i < SLOTS; ++i) ghostHolder[i] = address(0);
        ++ghostRulings;
    }

    function warp(uint32 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 20 days));
    }
}
