// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DatasetId} from "../types/DatasetId.sol";
import {IDatasetDisputes} from "./IDatasetDisputes.sol";
import {IDatasetRegistry} from "./IDatasetRegistry.sol";
import {IRewardVault} from "./IRewardVault.sol";

/// @title IShareTrees
/// @notice Datasets whose contributors are the leaves of a share tree instead of a list: any number of slots,
/// registered at the same cost, each slot held by an address or by an identity (a committed handle such as
/// `hf:alice`) that an attester binds to an address after a challenge window. After the dataset's deadline,
/// what an unbound slot earned can be swept to the dataset's fallback account.
/// @dev A share tree is a positional Merkle sum tree of depth `ceil(log2(slotCount))`: leaf `i` sits at position
/// `i` and hashes `keccak256(abi.encode(account, identity, shares))` (`account` zero for an identity slot,
/// `identity` zero for an address slot; positions past the count hold the all-zero leaf); a node hashes
/// `keccak256(abi.encodePacked(left, uint40(leftSum), right, uint40(rightSum)))` where a sum is the shares below
/// it. The root's sum must equal the declared total, so no tree can promise more than its total: a slot's
/// shares and index are fixed by its position, and the slots' shares add up to the total. A slot proven once is
/// written into the dataset registry, and is paid from then on exactly as a listed slot (`payoutOf`).
interface IShareTrees {
    /* TYPES */

    /// @notice A share tree's terms: what a registrant declares, and what every later call that relies on them
    /// passes again (the module stores only their hash, so a registration writes one slot whatever the tree).
    /// @param root The share tree's root.
    /// @param slotCount How many slots the tree holds (1 to 2^32).
    /// @param totalShares The sum of every slot's shares (1 to 2^40 - 1): the root's sum.
    /// @param deadline Unix time after which an unbound identity slot may be swept to `fallbackAccount`.
    /// @param fallbackAccount Who receives what unbound slots earned, once the deadline has passed.
    /// @param keepsEarning Whether a person may still bind a swept slot and receive what it earns from then on
    /// (false: after the deadline, unbound slots belong to the fallback for good).
    struct Tree {
        bytes32 root;
        uint40 slotCount;
        uint40 totalShares;
        uint40 deadline;
        address fallbackAccount;
        bool keepsEarning;
    }

    /// @notice What a registrant submits for a share-tree dataset.
    /// @param contentHash The dataset's content hash (its id).
    /// @param metadataURI Where its manifest (and the published tree) lives.
    /// @param tree The share tree's terms.
    struct TreeRegistration {
        DatasetId contentHash;
        string metadataURI;
        Tree tree;
    }

    /// @notice One slot's leaf and its proof, with its dataset's tree terms.
    /// @dev `hashes` are the siblings from the leaf up; `sums` their sums, 5 bytes (big-endian) each, in order.
    struct SlotProof {
        DatasetId dataset;
        Tree tree;
        address account;
        uint32 index;
        uint32 shares;
        bytes32 identity;
        bytes32[] hashes;
        bytes sums;
    }

    /// @notice An attester's word that the person behind slot `index`'s identity controls `account`. Signed
    /// (EIP-712) over the dataset, the index, the identity, the account, the attempt and the deadline.
    /// @param account The address the slot is to be bound to.
    /// @param attester Who signed (must hold the attester role in the dataset registry).
    /// @param attempt The slot's binding attempt this attestation is for (`bindingOf(...).attempts`): a vetoed
    /// attestation cannot be sent again.
    /// @param deadline The last timestamp at which it may be submitted.
    struct Attestation {
        address account;
        address attester;
        uint16 attempt;
        uint256 deadline;
    }

    /// @notice An identity slot's binding state. `flags`: 1 binding pending, 2 bound. `shares` is the slot's, as
    /// its last proposal proved it. (A swept slot has no state here: the registry's slot holds the fallback.)
    struct Binding {
        address account;
        uint40 effectiveAt;
        uint16 attempts;
        uint32 shares;
        uint8 flags;
    }

    /* EVENTS */

    /// @notice A share-tree dataset was registered (its `DatasetRegistered`, with no listed contributors, precedes).
    /// @param id The dataset.
    /// @param root The share tree's root.
    /// @param slotCount Its slots.
    /// @param totalShares Its total shares.
    /// @param deadline Unix time after which unbound slots may be swept.
    /// @param fallbackAccount Who receives swept slots.
    /// @param keepsEarning Whether a swept slot may still be bound.
    event ShareTreeRegistered(
        DatasetId indexed id,
        bytes32 root,
        uint256 slotCount,
        uint256 totalShares,
        uint256 deadline,
        address indexed fallbackAccount,
        bool keepsEarning
    );

    /// @notice Address slot `index` was proven and is paid as a listed slot from now on.
    /// @param id The dataset.
    /// @param index The slot.
    /// @param account Its holder.
    /// @param shares Its shares.
    event SlotProven(DatasetId indexed id, uint32 index, address indexed account, uint32 shares);

    /// @notice An attester's binding of identity slot `index` to `account` was submitted; it takes effect at
    /// `effectiveAt` unless vetoed before.
    /// @param id The dataset.
    /// @param index The slot.
    /// @param identity The slot's identity commitment.
    /// @param account The address to bind.
    /// @param attester Who attested.
    /// @param effectiveAt When it can be completed.
    event BindingProposed(
        DatasetId indexed id,
        uint32 index,
        bytes32 indexed identity,
        address account,
        address attester,
        uint256 effectiveAt
    );

    /// @notice A pending binding was vetoed in its window.
    /// @param id The dataset.
    /// @param index The slot.
    /// @param account The address it would have bound.
    /// @param by The registrant or arbiter who vetoed.
    event BindingVetoed(DatasetId indexed id, uint32 index, address account, address indexed by);

    /// @notice Identity slot `index` is bound to `account`, which is paid as a listed slot's holder from now on
    /// (everything the slot earned and did not release goes with it).
    /// @param id The dataset.
    /// @param index The slot.
    /// @param account Its holder.
    /// @param shares Its shares.
    event SlotBound(DatasetId indexed id, uint32 index, address indexed account, uint32 shares);

    /// @notice Unbound identity slot `index` passed the deadline and is held by the fallback account, which
    /// claims what it earned like any holder.
    /// @param id The dataset.
    /// @param index The slot.
    /// @param fallbackAccount Its holder now.
    /// @param shares Its shares.
    event SlotSwept(DatasetId indexed id, uint32 index, address indexed fallbackAccount, uint32 shares);

    /* ERRORS */

    /// @notice A share-tree registration term is out of range.
    /// @param term Its name.
    /// @param value The refused value.
    error InvalidTree(string term, uint256 value);
    /// @notice `dataset` has no share tree here, or not with these terms.
    /// @param dataset The dataset.
    error UnknownTree(DatasetId dataset);
    /// @notice Slot `index` is past the tree's `slotCount`.
    /// @param dataset The dataset.
    /// @param index The slot.
    /// @param slotCount The tree's slots.
    error SlotOutOfRange(DatasetId dataset, uint256 index, uint256 slotCount);
    /// @notice The proof has `hashes` siblings and `sumBytes` bytes of sums where the tree needs `depth` of each.
    /// @param hashes Siblings given.
    /// @param sumBytes Bytes of sums given.
    /// @param depth The tree's depth.
    error ProofShapeMismatch(uint256 hashes, uint256 sumBytes, uint256 depth);
    /// @notice The leaf does not prove into the tree's root and total.
    /// @param dataset The dataset.
    /// @param index The slot.
    error InvalidSlotProof(DatasetId dataset, uint256 index);
    /// @notice The leaf is not of the kind this call takes (an address slot, or an identity slot).
    /// @param dataset The dataset.
    /// @param index The slot.
    error WrongSlotKind(DatasetId dataset, uint256 index);
    /// @notice The identity slot is already bound to `account`.
    /// @param dataset The dataset.
    /// @param index The slot.
    /// @param account Its holder.
    error SlotAlreadyBound(DatasetId dataset, uint256 index, address account);
    /// @notice A binding of the slot is pending until `effectiveAt`.
    /// @param dataset The dataset.
    /// @param index The slot.
    /// @param effectiveAt When it can be completed.
    error BindingPending(DatasetId dataset, uint256 index, uint256 effectiveAt);
    /// @notice The deadline passed and the dataset does not let swept slots be bound.
    /// @param dataset The dataset.
    /// @param deadline Its deadline.
    error BindingClosed(DatasetId dataset, uint256 deadline);
    /// @notice The attestation's deadline passed.
    /// @param deadline Its deadline.
    /// @param timestamp The block's timestamp.
    error AttestationExpired(uint256 deadline, uint256 timestamp);
    /// @notice The attestation is for another binding attempt of the slot (it was used, or vetoed).
    /// @param dataset The dataset.
    /// @param index The slot.
    /// @param expected The slot's current attempt.
    /// @param given The attestation's.
    error AttestationReplayed(DatasetId dataset, uint256 index, uint256 expected, uint256 given);
    /// @notice `attester` does not hold the attester role.
    /// @param attester The signer named.
    error NotAttester(address attester);
    /// @notice The signature is not `attester`'s over this attestation.
    /// @param attester The signer named.
    error InvalidAttestation(address attester);
    /// @notice A slot cannot be bound to `account` (the zero address).
    /// @param account The refused account.
    error InvalidBindingAccount(address account);
    /// @notice No binding of the slot is pending.
    /// @param dataset The dataset.
    /// @param index The slot.
    error NoPendingBinding(DatasetId dataset, uint256 index);
    /// @notice The binding's challenge window closed at `effectiveAt`: it can no longer be vetoed.
    /// @param dataset The dataset.
    /// @param index The slot.
    /// @param effectiveAt The window's end.
    error VetoClosed(DatasetId dataset, uint256 index, uint256 effectiveAt);
    /// @notice `caller` is neither the dataset's registrant nor an arbiter.
    /// @param dataset The dataset.
    /// @param caller The refused caller.
    error NotVetoer(DatasetId dataset, address caller);
    /// @notice The binding's challenge window lasts until `effectiveAt`.
    /// @param dataset The dataset.
    /// @param index The slot.
    /// @param effectiveAt When it can be completed.
    error BindingNotReady(DatasetId dataset, uint256 index, uint256 effectiveAt);
    /// @notice Unbound slots can be swept only after the deadline.
    /// @param dataset The dataset.
    /// @param deadline Its deadline.
    /// @param timestamp The block's timestamp.
    error SweepTooEarly(DatasetId dataset, uint256 deadline, uint256 timestamp);

    /// @notice The arbiter named the tree an upheld ruling on dispute `disputeId` will install (it replaces the
    /// dataset's tree when that ruling is executed; slots written under the old tree then pay no one until written
    /// under this one, with the same shares).
    /// @param id The dataset.
    /// @param disputeId The dispute whose ruling installs it.
    /// @param root The replacement's root.
    /// @param slotCount Its slots.
    /// @param totalShares Its total shares (the current tree's).
    /// @param deadline Its deadline.
    /// @param fallbackAccount Its fallback account.
    /// @param keepsEarning Whether its swept slots may still be bound.
    event ReplacementNamed(
        DatasetId indexed id,
        uint256 indexed disputeId,
        bytes32 root,
        uint256 slotCount,
        uint256 totalShares,
        uint256 deadline,
        address fallbackAccount,
        bool keepsEarning
    );

    /// @notice An executed ruling installed the tree named for it: the terms of its `ReplacementNamed`.
    /// @param id The dataset.
    /// @param disputeId The dispute ruled.
    /// @param treeHash The hash of the terms now in force.
    event TreeReplaced(DatasetId indexed id, uint256 indexed disputeId, bytes32 treeHash);

    /// @notice `caller` holds no arbiter role in the dataset registry.
    /// @param caller The refused caller.
    error NotArbiter(address caller);
    /// @notice Only the dataset registry may call this.
    /// @param caller The refused caller.
    error NotRegistry(address caller);
    /// @notice Dispute `disputeId` is not the dataset's open dispute (it is `state`, or another is).
    /// @param id The dataset.
    /// @param disputeId The dispute named.
    /// @param state The state of the dataset's latest dispute.
    error DisputeNotOpen(DatasetId id, uint256 disputeId, IDatasetDisputes.DisputeState state);

    /* FUNCTIONS */

    /// @notice Registers a share-tree dataset for the caller, with the dataset registry's commit-reveal priority
    /// (commit `commitmentOf(contentHash, caller, salt)` there first, where it has a commit delay).
    /// @param registration What to register.
    /// @param salt The salt of the caller's commitment; ignored where there is no commit delay.
    function registerTree(TreeRegistration calldata registration, bytes32 salt) external;

    /// @notice Names the tree that the ruling upholding dispute `disputeId` will install on share-tree dataset
    /// `id`: an arbiter's, while the dispute is open (again to change it). The replacement keeps the total, and
    /// every slot already written keeps its shares when written again (the registry refuses otherwise).
    /// @param id The dataset.
    /// @param disputeId Its open dispute.
    /// @param current The dataset's current tree terms.
    /// @param replacement The terms to install.
    function nameReplacement(
        DatasetId id,
        uint256 disputeId,
        Tree calldata current,
        Tree calldata replacement
    ) external;

    /// @notice Called by the dataset registry when it executes the ruling on dispute `disputeId`: installs the
    /// tree named for it, if any.
    /// @param id The dataset.
    /// @param disputeId The dispute ruled.
    /// @return replaced Whether a tree was named (and is now the dataset's).
    function replaceTree(DatasetId id, uint256 disputeId) external returns (bool replaced);

    /// @notice Proves address slot `proof.index` (anyone may): from now on the registry pays it as a listed slot.
    /// Refused while the registration is provisional, and for a slot proven before (its holder may have moved it).
    /// @param proof The slot's leaf (`identity` zero) and proof.
    function proveSlot(SlotProof calldata proof) external;

    /// @notice Proves address slots, then claims `requests` for `account` from `vault`: a first claim in one call.
    /// @param vault The vault to claim from.
    /// @param account The contributor paid.
    /// @param proofs Slots to prove first (each an address slot not proven before).
    /// @param requests What to claim (see `IRewardVault.claim`).
    /// @return amount What the vault paid.
    function proveAndClaim(
        IRewardVault vault,
        address account,
        SlotProof[] calldata proofs,
        IRewardVault.ClaimRequest[] calldata requests
    ) external returns (uint256 amount);

    /// @notice Submits an attester's binding of identity slot `proof.index` (anyone may). It takes effect after
    /// the challenge window (`completeBinding`), unless the registrant or an arbiter vetoes it before.
    /// @param proof The slot's leaf (`account` zero) and proof.
    /// @param attestation The attester's terms.
    /// @param signature The attester's signature (ECDSA, or ERC-1271 for a contract attester).
    function proposeBinding(
        SlotProof calldata proof,
        Attestation calldata attestation,
        bytes calldata signature
    ) external;

    /// @notice Vetoes the pending binding of a slot within its window (the dataset's registrant or an arbiter).
    /// @param id The dataset.
    /// @param index The slot.
    function vetoBinding(DatasetId id, uint32 index) external;

    /// @notice Completes a pending binding after its window (anyone may): the slot's address is written into the
    /// registry, and everything the slot earned and did not release is the bound address's to claim.
    /// @param id The dataset.
    /// @param index The slot.
    /// @param tree The dataset's tree terms.
    function completeBinding(DatasetId id, uint32 index, Tree calldata tree) external;

    /// @notice After the deadline, makes the fallback account the holder of unbound identity slot `proof.index`
    /// (anyone may), so that it claims what the slot earned like any holder. A slot swept before is refused
    /// (`SlotTaken`, naming its holder).
    /// @param proof The slot's leaf (`account` zero) and proof.
    function sweep(SlotProof calldata proof) external;

    /// @notice The dataset registry this module writes tree slots into.
    /// @return The registry.
    function datasetRegistry() external view returns (IDatasetRegistry);

    /// @notice Seconds a binding waits before it can be completed (the registry's appeal window).
    /// @return The window.
    function bindingWindow() external view returns (uint256);

    /// @notice The hash of a dataset's tree terms, `keccak256(abi.encode(tree))` (zero if none).
    /// @param id The dataset.
    /// @return The hash.
    function treeHashOf(DatasetId id) external view returns (bytes32);

    /// @notice An identity slot's binding state (zeroes if none).
    /// @param id The dataset.
    /// @param index The slot.
    /// @return The binding.
    function bindingOf(DatasetId id, uint32 index) external view returns (Binding memory);

    /// @notice The hash of the tree terms named for dispute `disputeId` of `id` (zero: none, or installed).
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @return The terms' hash.
    function replacementOf(DatasetId id, uint256 disputeId) external view returns (bytes32);

    /// @notice Whether a leaf proves into a dataset's share tree (its root and total).
    /// @param proof The slot's leaf and proof.
    /// @return Whether it does.
    function verifySlot(SlotProof calldata proof) external view returns (bool);

    /// @notice The EIP-712 digest an attester signs.
    /// @param id The dataset.
    /// @param index The slot.
    /// @param identity The slot's identity commitment.
    /// @param attestation The terms.
    /// @return The digest.
    function attestationDigest(
        DatasetId id,
        uint32 index,
        bytes32 identity,
        Attestation calldata attestation
    ) external view returns (bytes32);
}
