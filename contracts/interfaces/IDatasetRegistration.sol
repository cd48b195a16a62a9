// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DatasetId} from "../types/DatasetId.sol";

/// @title IDatasetRegistration
/// @notice Registering a dataset by its content hash, front-running-safe: commit, then reveal, where the earliest
/// live commitment wins; its contributors and shares; moving a share and retiring a dataset; the reads a claim
/// makes. One concern of `IDatasetRegistry`.
interface IDatasetRegistration {
    /* TYPES */

    /// @notice Where a dataset stands. `None` means never registered. A provisional registration can still be
    /// replaced by an older commitment's reveal; a frozen dataset is flagged and pays nothing until ruled on.
    enum DatasetStatus {
        None,
        Provisional,
        Active,
        Frozen,
        Retired
    }

    /// @notice What a registrant submits. `contributors` strictly ascending, `shares` aligned with them.
    struct Registration {
        DatasetId contentHash;
        string metadataURI;
        address[] contributors;
        uint32[] shares;
    }

    /// @notice A registered dataset as stored (the metadata URI itself is only in the registration event).
    /// @dev One slot before `metadataHash`, the one slot the claim path reads for `payable` (freeze and cooling-off).
    /// `registeredAt` is seconds (uint32 lasts until 2106); `provisionalUntil` a registry-clock block, 0 when the
    /// registration was final at once; `flags` holds bit 1 (retired by its registrant), bit 2 (frozen by a dispute)
    /// and, in bits 3 to 8, a share-tree dataset's tree generation (`flags >> 2`: how many executed rulings replaced
    /// its tree; always 0 for a listed dataset).
    struct Dataset {
        address registrant;
        uint32 registeredAt;
        uint40 provisionalUntil;
        uint16 contributorCount;
        uint8 flags;
        bytes32 metadataHash;
    }

    /// @notice One contributor slot. `totalShares` repeats the dataset's total so one read prices a claim.
    /// `generation` is the tree generation a share-tree slot was written in: a slot of an older generation (its
    /// tree replaced by a ruling since) pays no one until it is written again under the dataset's current tree.
    struct Contributor {
        address account;
        uint32 shares;
        uint40 totalShares;
        uint8 generation;
    }

    /* EVENTS */

    /// @notice A commitment to a registration to be revealed later was made (or made again after it expired). The
    /// block is the log's own; who sent it is not a fact of the protocol (the registrant is bound inside the hash,
    /// and the sender may be a relayer or a smart wallet), so it is not emitted.
    /// @param commitment `commitmentOf(contentHash, registrant, salt)`.
    event RegistrationCommitted(bytes32 indexed commitment);

    /// @notice A dataset was registered. `contributors[i]` holds `shares[i]` (of their sum), at index `i`.
    /// @param id The dataset (its content hash).
    /// @param registrant Who registered it.
    /// @param metadataURI Where its manifest lives.
    /// @param contributors Holders of the shares, strictly ascending.
    /// @param shares Each contributor's shares, aligned with `contributors`.
    /// @param provisionalUntil Last registry-clock block (see `clock`) in which an older commitment's reveal
    /// may replace this registration (0: final at once).
    /// @param commitment The commitment this reveal consumed (zero where there is no commit delay).
    event DatasetRegistered(
        DatasetId indexed id,
        address indexed registrant,
        string metadataURI,
        address[] contributors,
        uint32[] shares,
        uint256 provisionalUntil,
        bytes32 commitment
    );

    /// @notice A provisional registration was replaced by the reveal of an older commitment; the new
    /// registration's `DatasetRegistered` follows. No model could have declared the displaced one.
    /// @param id The dataset.
    /// @param displaced The registrant whose registration was replaced.
    /// @param registrant The registrant whose older commitment won.
    event DatasetDisplaced(DatasetId indexed id, address indexed displaced, address indexed registrant);

    /// @notice The registrant retired a dataset: no new model may declare it; existing flows continue.
    /// @param id The dataset.
    /// @param registrant Its registrant, who retired it.
    event DatasetRetired(DatasetId indexed id, address indexed registrant);

    /// @notice A contributor moved share `index` (and all it has earned and will earn) to a new address.
    /// @dev Both addresses are indexed so an indexer can follow an account's shares either way.
    /// @param id The dataset.
    /// @param from The previous holder.
    /// @param to The new holder.
    /// @param index The share index that moved.
    event ContributorMoved(DatasetId indexed id, address indexed from, address indexed to, uint32 index);

    /// @notice A signed registration spent `registrant`'s nonce `nonce`.
    /// @param registrant The signer.
    /// @param nonce The nonce spent.
    event NonceUsed(address indexed registrant, uint256 nonce);

    /* ERRORS */

    /// @notice The content hash is zero.
    error ZeroContentHash();

    /// @notice The contributor list is empty.
    error NoContributors();

    /// @notice `contributors` and `shares` differ in length.
    /// @param contributors Length of `contributors`.
    /// @param shares Length of `shares`.
    error LengthMismatch(uint256 contributors, uint256 shares);

    /// @notice More contributors than the cap.
    /// @param count Contributors given.
    /// @param max The cap.
    error TooManyContributors(uint256 count, uint256 max);

    /// @notice The contributor at `index` is the zero address.
    /// @param index Position of the zero address in the list.
    error ZeroAddressContributor(uint256 index);

    /// @notice `account` appears twice in the contributor list.
    /// @param account The repeated address.
    error DuplicateContributor(address account);

    /// @notice Contributors must be strictly ascending; `current` follows the larger `previous`.
    /// @param previous The earlier address.
    /// @param current The address that should have been larger.
    error ContributorsNotSorted(address previous, address current);

    /// @notice `account` was given zero shares.
    /// @param account The contributor given zero shares.
    error ZeroShares(address account);

    /// @notice The dataset is registered by `registrant`, finally or by an equally old or older commitment.
    /// @param id The dataset.
    /// @param registrant Who registered it.
    error DatasetAlreadyRegistered(DatasetId id, address registrant);

    /// @notice The commitment is zero.
    error ZeroCommitment();

    /// @notice This registry has no commit delay: call `register` directly, no commitment needed.
    error CommitNotRequired();

    /// @notice No commitment for this content hash, registrant and salt: commit first, then reveal.
    /// @param commitment The commitment the reveal implies.
    error CommitmentNotFound(bytes32 commitment);

    /// @notice The commitment can be revealed from registry-clock block `readyAt` on.
    /// @param commitment The commitment.
    /// @param readyAt The first block it can be revealed in.
    error CommitmentNotReady(bytes32 commitment, uint256 readyAt);

    /// @notice The commitment expired after registry-clock block `expiredAt`: commit again.
    /// @param commitment The commitment.
    /// @param expiredAt The last block it could be revealed in.
    error CommitmentExpired(bytes32 commitment, uint256 expiredAt);

    /// @notice The signed request expired at `deadline`.
    /// @param deadline The signed deadline.
    /// @param timestamp The current block timestamp.
    error SignatureExpired(uint256 deadline, uint256 timestamp);

    /// @notice The signature is not `signer`'s over this request (wrong signer, data, nonce, chain or contract).
    /// @param signer The account the signature was checked against.
    error InvalidSignature(address signer);

    /// @notice No dataset with this ID.
    /// @param id The dataset ID.
    error UnknownDataset(DatasetId id);

    /// @notice Only the registrant may do this.
    /// @param id The dataset.
    /// @param caller The caller, who is not its registrant.
    error NotRegistrant(DatasetId id, address caller);

    /// @notice The dataset is already retired.
    /// @param id The dataset.
    error DatasetAlreadyRetired(DatasetId id);

    /// @notice No contributor at `index` of this dataset.
    /// @param id The dataset.
    /// @param index The missing share index.
    error UnknownContributor(DatasetId id, uint256 index);

    /// @notice Only the contributor at `index` may move that share.
    /// @param id The dataset.
    /// @param index The share index.
    /// @param caller The caller, who does not hold it.
    error NotShareHolder(DatasetId id, uint256 index, address caller);

    /// @notice A share cannot move to `to` (the zero address or its current holder).
    /// @param to The refused recipient.
    error InvalidShareRecipient(address to);

    /// @notice Only the share-tree module (`shareTrees`) may call this.
    /// @param caller The refused caller.
    error NotShareTrees(address caller);

    /// @notice `id` is not a final share-tree dataset: unknown, a list dataset, or still provisional.
    /// @param id The dataset.
    error NotTreeDataset(DatasetId id);

    /// @notice Share slot `index` already has a holder, `holder`.
    /// @param id The dataset.
    /// @param index The slot.
    /// @param holder Its holder.
    error SlotTaken(DatasetId id, uint256 index, address holder);

    /// @notice Share slot `index` was written with `shares` shares, and a slot's shares never change (vaults keep
    /// what it released against them): a replacement tree must give the slot the same.
    /// @param id The dataset.
    /// @param index The slot.
    /// @param shares Its shares.
    /// @param given The shares offered.
    error SharesFixed(DatasetId id, uint256 index, uint256 shares, uint256 given);

    /* FUNCTIONS */

    /// @notice Commits to a future registration: `commitment = commitmentOf(contentHash, registrant, salt)`.
    /// @dev Reveal with `register` (or `registerFor`) between `commitDelay` and `commitDelay + commitWindow`
    /// blocks later. The content hash stays hidden until the reveal, so a copied reveal cannot win. Committing
    /// a commitment that is still live does nothing and keeps its earlier block, so a copied commit cannot
    /// delay its owner. Refused while registration is paused (the registry clock stands still then, so
    /// commitments made during a pause could not be told apart by age).
    /// @param commitment The commitment hash.
    function commit(bytes32 commitment) external;

    /// @notice Registers a dataset for the caller (the reveal, where `commitDelay > 0`).
    /// @dev With a commit delay the registration stays provisional until its commitment would have expired:
    /// until then, the reveal of an older live commitment for the same content hash replaces it.
    /// @param registration What to register.
    /// @param salt The salt of the caller's commitment; ignored where `commitDelay == 0`.
    function register(Registration calldata registration, bytes32 salt) external;

    /// @notice Registers a dataset for `registrant`, who signed the request (EIP-712), paid for by the caller.
    /// @param registration What to register.
    /// @param salt The salt of the registrant's commitment; ignored where `commitDelay == 0`.
    /// @param registrant The signer, recorded as the registrant (part of the signed struct).
    /// @param deadline The last timestamp at which the signature is valid.
    /// @param signature A 65-byte ECDSA signature (r, s, v; OpenZeppelin 5.7 refuses the 64-byte EIP-2098 form),
    /// or an ERC-1271 one where `registrant` is a contract.
    function registerFor(
        Registration calldata registration,
        bytes32 salt,
        address registrant,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /// @notice Registers a share-tree dataset (no listed contributors) for `registrant`: called by the share-tree
    /// module, which keeps the tree, with this registry's priority rules and pause.
    /// @param registration What to register (`contributors` and `shares` empty).
    /// @param salt The salt of the registrant's commitment; ignored where `commitDelay == 0`.
    /// @param registrant Who registers (the module's caller).
    function registerTree(Registration calldata registration, bytes32 salt, address registrant) external;

    /// @notice Writes share slot `index` of a final share-tree dataset: called by the share-tree module once it
    /// has verified the slot's leaf (or its binding, or its sweep).
    /// @param id The dataset.
    /// @param index The slot.
    /// @param account Its holder.
    /// @param shares Its shares.
    /// @param totalShares The tree's total shares.
    /// @param mustBeEmpty Refuse (`SlotTaken`) if the slot already has a holder under the current tree.
    function writeSlot(
        DatasetId id,
        uint256 index,
        address account,
        uint32 shares,
        uint40 totalShares,
        bool mustBeEmpty
    ) external;

    /// @notice The share-tree module this registry deployed and lets write share-tree slots.
    /// @return The module's address.
    function shareTrees() external view returns (address);

    /// @notice Retires a dataset: new models can no longer declare it. Only its registrant may.
    /// @param id The dataset.
    function retire(DatasetId id) external;

    /// @notice Moves the caller's share at `index` to `to`, with all it has earned and will earn (key rotation).
    /// @param id The dataset.
    /// @param index The contributor index the caller holds.
    /// @param to The new holder.
    function moveShare(DatasetId id, uint32 index, address to) external;

    /// @notice Blocks a commitment must age before its reveal.
    function commitDelay() external view returns (uint64);

    /// @notice Blocks a commitment stays revealable once ready.
    function commitWindow() external view returns (uint64);

    /// @notice Seconds after registration before a dataset's shares can first be paid (the cooling-off).
    function claimDelay() external view returns (uint32);

    /// @notice The registry clock: the blocks in which registration was not paused (equal to `block.number`
    /// until the first pause; it stands still while paused). Commitments, their windows and
    /// `provisionalUntil` are measured in it, so a pause never changes who wins a registration.
    /// @return The current registry-clock block.
    function clock() external view returns (uint256);

    /// @notice The commitment for `contentHash` by `registrant` with `salt`.
    /// @param contentHash The dataset's content hash.
    /// @param registrant Who will be recorded as registrant.
    /// @param salt A secret random value.
    /// @return The commitment.
    function commitmentOf(DatasetId contentHash, address registrant, bytes32 salt) external pure returns (bytes32);

    /// @notice The registry-clock block a commitment was made in, 0 if none.
    /// @param commitment The commitment.
    /// @return The block number.
    function committedAt(bytes32 commitment) external view returns (uint256);

    /// @notice The stored dataset record (zeroes if unknown).
    /// @param id The dataset.
    /// @return The record.
    function dataset(DatasetId id) external view returns (Dataset memory);

    /// @notice Where a dataset stands now.
    /// @param id The dataset.
    /// @return The status (`Frozen` wins over `Retired`).
    function statusOf(DatasetId id) external view returns (DatasetStatus);

    /// @notice The contributor at `index` (zeroes if none).
    /// @param id The dataset.
    /// @param index The share index.
    /// @return The slot.
    function contributor(DatasetId id, uint32 index) external view returns (Contributor memory);

    /// @notice What a vault needs to pay share `index`: the slot, and whether it may be paid now (neither
    /// frozen nor cooling off).
    /// @param id The dataset.
    /// @param index The share index.
    /// @return account The slot's holder (zero if none).
    /// @return shares The slot's shares.
    /// @return totalShares The dataset's total shares.
    /// @return payableNow False while the dataset is frozen or in its claim cooling-off.
    function payoutOf(
        DatasetId id,
        uint32 index
    ) external view returns (address account, uint256 shares, uint256 totalShares, bool payableNow);

    /// @notice The registrant's next EIP-712 nonce.
    /// @param registrant The signer.
    /// @return The nonce.
    function nonces(address registrant) external view returns (uint256);

    /// @notice Whether a file `(path, size, sha256)` belongs to a registered dataset, by its Merkle proof.
    /// @dev Leaves are OpenZeppelin StandardMerkleTree leaves of type `(string, uint256, bytes32)`.
    /// @param id The dataset (the Merkle root).
    /// @param path The file's POSIX path relative to the dataset root.
    /// @param size The file's size in bytes.
    /// @param sha256Digest The file's sha256.
    /// @param proof The Merkle proof from the manifest (`proveFile`).
    /// @return Whether the proof holds.
    function verifyFile(
        DatasetId id,
        string calldata path,
        uint256 size,
        bytes32 sha256Digest,
        bytes32[] calldata proof
    ) external view returns (bool);
}
