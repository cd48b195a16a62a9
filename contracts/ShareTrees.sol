// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {IDatasetDisputes} from "./interfaces/IDatasetDisputes.sol";
import {IDatasetRegistration} from "./interfaces/IDatasetRegistration.sol";
import {IDatasetRegistry} from "./interfaces/IDatasetRegistry.sol";
import {IRewardVault} from "./interfaces/IRewardVault.sol";
import {IShareTrees} from "./interfaces/IShareTrees.sol";
import {ShareTree} from "./libraries/ShareTree.sol";
import {DatasetId} from "./types/DatasetId.sol";

/// @title ShareTrees
/// @notice Crowd-scale datasets: contributors as the leaves of a share tree, held by addresses or by identities
/// an attester binds later, with a deadline after which unbound slots go to a fallback account.
/// @dev Deployed by the dataset registry's constructor, which alone lets it write contributor slots (of share-tree
/// datasets, once final): the registry's `payoutOf` then pays a proven, bound or swept slot exactly as a listed
/// one, so vaults, freezes and cooling-off need nothing new, and a slot proven once costs every later claim, in
/// any vault, what a listed slot's does. Roles are the registry's: its admin grants `ATTESTER_ROLE` there, and its
/// arbiters may veto bindings. Nothing here is pausable (pausing the registry stops new registrations): proofs,
/// bindings and sweeps only ever move a slot to whom the tree or the attester named.
contract ShareTrees is IShareTrees, EIP712 {
    /// @notice The registry role whose holders may attest bindings.
    bytes32 public constant ATTESTER_ROLE = keccak256("ATTESTER_ROLE");

    /// @notice The registry role whose holders may veto bindings (the registry's own arbiters).
    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER_ROLE");

    /// @notice EIP-712 type of an attestation.
    bytes32 public constant BINDING_TYPEHASH = keccak256(
        "Binding(bytes32 dataset,uint32 index,bytes32 identity,address account,uint16 attempt,uint256 deadline)"
    );

    /// @notice Most slots a tree may hold: indexes are uint32.
    uint256 public constant MAX_SLOTS = 2 ** 32;

    uint8 private constant PENDING = 1;
    uint8 private constant BOUND = 2;

    IDatasetRegistry private immutable _registry;
    uint32 private immutable _bindingWindow;

    /// @notice Most times rulings may replace one dataset's tree (the registry keeps its generation in 6 bits).
    uint256 public constant MAX_GENERATION = 63;

    mapping(DatasetId id => bytes32 treeHash) private _trees;
    // Per tree, so a replaced tree's bindings (pending or done) bind nothing under its replacement.
    mapping(DatasetId id => mapping(bytes32 treeHash => mapping(uint256 index => Binding))) private _bindings;
    mapping(DatasetId id => mapping(uint256 disputeId => bytes32 treeHash)) private _replacements;

    /// @param registry The dataset registry deploying this module.
    /// @param bindingWindow_ Seconds a binding waits, in which it may be vetoed.
    constructor(IDatasetRegistry registry, uint32 bindingWindow_) EIP712("DataDividends ShareTrees", "1") {
        _registry = registry;
        _bindingWindow = bindingWindow_;
    }

    /* REGISTRATION */

    /// @inheritdoc IShareTrees
    function registerTree(TreeRegistration calldata registration, bytes32 salt) external {
        Tree calldata tree = registration.tree;
        _checkTerms(tree);
        DatasetId id = registration.contentHash;
        // Priority, pause and the registration event are the registry's; it refuses what an older one outranks.
        _registry.registerTree(
            IDatasetRegistration.Registration(id, registration.metadataURI, new address[](0), new uint32[](0)),
            salt,
            msg.sender
        );
        // One slot whatever the tree: later calls pass the terms and are checked against their hash.
        _trees[id] = keccak256(abi.encode(tree));
        emit ShareTreeRegistered(
            id,
            tree.root,
            tree.slotCount,
            tree.totalShares,
            tree.deadline,
            tree.fallbackAccount,
            tree.keepsEarning
        );
    }

    /* RULINGS */

    /// @inheritdoc IShareTrees
    function nameReplacement(
        DatasetId id,
        uint256 disputeId,
        Tree calldata current,
        Tree calldata replacement
    ) external {
        if (!IAccessControl(address(_registry)).hasRole(ARBITER_ROLE, msg.sender)) revert NotArbiter(msg.sender);
        // While the dispute is open, so the ruling that upholds it is appealed knowing the tree it installs.
        IDatasetDisputes.Dispute memory dispute = _registry.disputeOf(id);
        if (dispute.id != disputeId || dispute.state != IDatasetDisputes.DisputeState.Open) {
            revert DisputeNotOpen(id, disputeId, dispute.state);
        }
        _checkTree(id, current);
        _checkTerms(replacement);
        // Slots written under the current tree keep their shares (the registry refuses otherwise) and so must the
        // total, so every vault's books for the dataset stay whole.
        if (replacement.totalShares != current.totalShares) revert InvalidTree("totalShares", replacement.totalShares);
        uint256 generation = _registry.dataset(id).flags >> 2;
        if (generation == MAX_GENERATION) revert InvalidTree("generation", generation);
        _replacements[id][disputeId] = keccak256(abi.encode(replacement));
        emit ReplacementNamed(
            id,
            disputeId,
            replacement.root,
            replacement.slotCount,
            replacement.totalShares,
            replacement.deadline,
            replacement.fallbackAccount,
            replacement.keepsEarning
        );
    }

    /// @inheritdoc IShareTrees
    function replaceTree(DatasetId id, uint256 disputeId) external returns (bool) {
        if (msg.sender != address(_registry)) revert NotRegistry(msg.sender);
        bytes32 replacement = _replacements[id][disputeId];
        if (replacement == bytes32(0)) return false;
        delete _replacements[id][disputeId];
        _trees[id] = replacement;
        emit TreeReplaced(id, disputeId, replacement);
        return true;
    }

    /* ADDRESS SLOTS */

    /// @inheritdoc IShareTrees
    function proveSlot(SlotProof calldata proof) external {
        _proveSlot(proof);
    }

    /// @inheritdoc IShareTrees
    function proveAndClaim(
        IRewardVault vault,
        address account,
        SlotProof[] calldata proofs,
        IRewardVault.ClaimRequest[] calldata requests
    ) external returns (uint256 amount) {
        for (uint256 i; i < proofs.length; ++i) {
            _proveSlot(proofs[i]);
        }
        // A vault's claim pays `account` only what its slots earned, whoever calls it.
        return vault.claim(account, requests);
    }

    /* IDENTITY SLOTS */

    /// @inheritdoc IShareTrees
    function proposeBinding(
        SlotProof calldata proof,
        Attestation calldata attestation,
        bytes calldata signature
    ) external {
        DatasetId id = proof.dataset;
        bytes32 treeHash = _verifyIdentitySlot(proof);
        Binding memory current = _bindings[id][treeHash][proof.index];
        _refuseSettled(id, proof.index, current);
        Tree calldata tree = proof.tree;
        if (block.timestamp > tree.deadline && !tree.keepsEarning) revert BindingClosed(id, tree.deadline);
        _checkAttestation(proof, attestation, signature, current.attempts);
        uint256 effectiveAt = block.timestamp + _bindingWindow;
        // attempts < 2^16: each attempt needs a new signature from an attester, and the registrant can veto each.
        _bindings[id][treeHash][proof.index] = Binding({
            account: attestation.account,
            effectiveAt: uint40(effectiveAt),
            attempts: current.attempts + 1,
            shares: proof.shares,
            flags: current.flags | PENDING
        });
        emit BindingProposed(id, proof.index, proof.identity, attestation.account, attestation.attester, effectiveAt);
    }

    /// @inheritdoc IShareTrees
    function vetoBinding(DatasetId id, uint32 index) external {
        Binding storage binding = _bindings[id][_trees[id]][index];
        uint256 flags = binding.flags;
        if (flags & PENDING == 0) revert NoPendingBinding(id, index);
        uint256 effectiveAt = binding.effectiveAt;
        if (block.timestamp >= effectiveAt) revert VetoClosed(id, index, effectiveAt);
        if (
            _registry.dataset(id).registrant != msg.sender &&
            !IAccessControl(address(_registry)).hasRole(ARBITER_ROLE, msg.sender)
        ) revert NotVetoer(id, msg.sender);
        binding.flags = uint8(flags & ~uint256(PENDING));
        emit BindingVetoed(id, index, binding.account, msg.sender);
    }

    /// @inheritdoc IShareTrees
    function completeBinding(DatasetId id, uint32 index, Tree calldata tree) external {
        Binding storage binding = _bindings[id][_checkTree(id, tree)][index];
        Binding memory current = binding;
        if (current.flags & PENDING == 0) revert NoPendingBinding(id, index);
        if (block.timestamp < current.effectiveAt) revert BindingNotReady(id, index, current.effectiveAt);
        binding.flags = BOUND;
        // Replaces the fallback where the slot was swept: what it releases from now on is the person's.
        _registry.writeSlot(id, index, current.account, current.shares, tree.totalShares, false);
        emit SlotBound(id, index, current.account, current.shares);
    }

    /// @inheritdoc IShareTrees
    function sweep(SlotProof calldata proof) external {
        (DatasetId id, uint256 index) = (proof.dataset, proof.index);
        bytes32 treeHash = _verifyIdentitySlot(proof);
        Tree calldata tree = proof.tree;
        if (block.timestamp <= tree.deadline) revert SweepTooEarly(id, tree.deadline, block.timestamp);
        _refuseSettled(id, index, _bindings[id][treeHash][index]);
        // Into an empty slot only: a swept slot is held (by the fallback, or whom it moved the slot to) and is
        // refused as taken; nothing is written here, so a sweep costs no more than a first claim.
        _registry.writeSlot(id, index, tree.fallbackAccount, proof.shares, tree.totalShares, true);
        emit SlotSwept(id, proof.index, tree.fallbackAccount, proof.shares);
    }

    /* VIEWS */

    /// @inheritdoc IShareTrees
    function datasetRegistry() external view returns (IDatasetRegistry) {
        return _registry;
    }

    /// @inheritdoc IShareTrees
    function bindingWindow() external view returns (uint256) {
        return _bindingWindow;
    }

    /// @inheritdoc IShareTrees
    function treeHashOf(DatasetId id) external view returns (bytes32) {
        return _trees[id];
    }

    /// @inheritdoc IShareTrees
    function bindingOf(DatasetId id, uint32 index) external view returns (Binding memory) {
        return _bindings[id][_trees[id]][index];
    }

    /// @inheritdoc IShareTrees
    function replacementOf(DatasetId id, uint256 disputeId) external view returns (bytes32) {
        return _replacements[id][disputeId];
    }

    /// @inheritdoc IShareTrees
    function verifySlot(SlotProof calldata proof) external view returns (bool) {
        Tree calldata tree = proof.tree;
        if (_trees[proof.dataset] != keccak256(abi.encode(tree)) || proof.index >= tree.slotCount) return false;
        uint256 depth = Math.log2(tree.slotCount, Math.Rounding.Ceil);
        if (proof.hashes.length != depth || proof.sums.length != depth * 5) return false;
        (bytes32 root, uint256 total) = ShareTree.climb(
            ShareTree.leaf(proof.account, proof.identity, proof.shares),
            proof.shares,
            proof.index,
            proof.hashes,
            proof.sums
        );
        return root == tree.root && total == tree.totalShares;
    }

    /// @inheritdoc IShareTrees
    function attestationDigest(
        DatasetId id,
        uint32 index,
        bytes32 identity,
        Attestation calldata attestation
    ) external view returns (bytes32) {
        return _attestationDigest(id, index, identity, attestation);
    }

    /* INTERNAL */

    function _proveSlot(SlotProof calldata proof) private {
        // An identity slot is bound or swept, never proven to an address the tree does not name.
        if (proof.account == address(0) || proof.identity != bytes32(0))
            revert WrongSlotKind(proof.dataset, proof.index);
        _verify(proof);
        // Only into an empty slot: a proven slot's holder may have moved it since.
        _registry.writeSlot(proof.dataset, proof.index, proof.account, proof.shares, proof.tree.totalShares, true);
        emit SlotProven(proof.dataset, proof.index, proof.account, proof.shares);
    }

    function _verifyIdentitySlot(SlotProof calldata proof) private view returns (bytes32 treeHash) {
        if (proof.account != address(0) || proof.identity == bytes32(0))
            revert WrongSlotKind(proof.dataset, proof.index);
        return _verify(proof);
    }

    /// @dev Refuses terms a tree may not have (at registration, or named by a ruling).
    function _checkTerms(Tree calldata tree) private view {
        uint256 count = tree.slotCount;
        uint256 total = tree.totalShares;
        if (tree.root == bytes32(0)) revert InvalidTree("root", 0);
        if (count == 0 || count > MAX_SLOTS) revert InvalidTree("slotCount", count);
        // Each slot holds a uint32 of shares, and a slot needs at least one share to be paid.
        if (total == 0 || total > count * type(uint32).max) revert InvalidTree("totalShares", total);
        if (tree.deadline <= block.timestamp) revert InvalidTree("deadline", tree.deadline);
        if (tree.fallbackAccount == address(0)) revert InvalidTree("fallbackAccount", 0);
    }

    /// @dev Refuses terms that are not the dataset's current ones; returns their hash.
    function _checkTree(DatasetId id, Tree calldata tree) private view returns (bytes32 treeHash) {
        treeHash = keccak256(abi.encode(tree));
        if (_trees[id] != treeHash) revert UnknownTree(id);
    }

    /// @dev Refuses a leaf that does not prove into the dataset's tree; returns the tree's hash.
    function _verify(SlotProof calldata proof) private view returns (bytes32 treeHash) {
        Tree calldata tree = proof.tree;
        treeHash = _checkTree(proof.dataset, tree);
        uint256 count = tree.slotCount;
        if (proof.index >= count) revert SlotOutOfRange(proof.dataset, proof.index, count);
        uint256 depth = Math.log2(count, Math.Rounding.Ceil);
        if (proof.hashes.length != depth || proof.sums.length != depth * 5) {
            revert ProofShapeMismatch(proof.hashes.length, proof.sums.length, depth);
        }
        // A slot without shares is padding: nothing to prove.
        if (proof.shares == 0) revert InvalidSlotProof(proof.dataset, proof.index);
        (bytes32 root, uint256 total) = ShareTree.climb(
            ShareTree.leaf(proof.account, proof.identity, proof.shares),
            proof.shares,
            proof.index,
            proof.hashes,
            proof.sums
        );
        if (root != tree.root || total != tree.totalShares) revert InvalidSlotProof(proof.dataset, proof.index);
    }

    /// @dev Refuses an attestation that is expired, for another attempt, for no account, or not an attester's.
    function _checkAttestation(
        SlotProof calldata proof,
        Attestation calldata attestation,
        bytes calldata signature,
        uint256 attempts
    ) private view {
        if (block.timestamp > attestation.deadline) revert AttestationExpired(attestation.deadline, block.timestamp);
        if (attestation.attempt != attempts) {
            revert AttestationReplayed(proof.dataset, proof.index, attempts, attestation.attempt);
        }
        if (attestation.account == address(0)) revert InvalidBindingAccount(address(0));
        address attester = attestation.attester;
        if (!IAccessControl(address(_registry)).hasRole(ATTESTER_ROLE, attester)) revert NotAttester(attester);
        bytes32 digest = _attestationDigest(proof.dataset, proof.index, proof.identity, attestation);
        if (!SignatureChecker.isValidSignatureNow(attester, digest, signature)) revert InvalidAttestation(attester);
    }

    /// @dev Refuses a slot that is bound, or whose binding is pending.
    function _refuseSettled(DatasetId id, uint256 index, Binding memory current) private pure {
        if (current.flags & BOUND != 0) revert SlotAlreadyBound(id, index, current.account);
        if (current.flags & PENDING != 0) revert BindingPending(id, index, current.effectiveAt);
    }

    function _attestationDigest(
        DatasetId id,
        uint256 index,
        bytes32 identity,
        Attestation calldata attestation
    ) private view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        BINDING_TYPEHASH,
                        id,
                        index,
                        identity,
                        attestation.account,
                        attestation.attempt,
                        attestation.deadline
                    )
                )
            );
    }
}
