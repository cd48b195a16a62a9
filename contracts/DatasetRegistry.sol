// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

import {AdminPausable} from "./access/AdminPausable.sol";
import {IDatasetRegistration} from "./interfaces/IDatasetRegistration.sol";
import {ContributorList} from "./libraries/ContributorList.sol";
import {FileLeaf} from "./libraries/FileLeaf.sol";
import {MetadataURI} from "./libraries/MetadataURI.sol";
import {CommitReveal} from "./registry/CommitReveal.sol";
import {DatasetStore} from "./registry/DatasetStore.sol";
import {Disputes} from "./registry/Disputes.sol";
import {ShareTrees} from "./ShareTrees.sol";
import {DatasetId} from "./types/DatasetId.sol";

/// @title DatasetRegistry
/// @notice Datasets keyed by content hash, with their contributors and shares: registered front-running-safe
/// (the earliest live commitment wins), contestable with a bond, and ruled on by an arbiter.
/// @dev One deployed contract, written per concern: the registry clock (`RegistryClock`), the shared records
/// (`DatasetStore`), commit-reveal and priority (`CommitReveal`), disputes and bonds (`Disputes`), the
/// contributor-list and file-leaf rules (`ContributorList`, `FileLeaf`); registration, share moves and the
/// claim path's read are here. Disputes live in this contract rather than a module of their own: the claim path
/// reads the freeze bit and the registration time from the dataset slot it must read anyway, in the one
/// registry call a claim makes (a separate module would add a cold account to every first claim, or need a
/// trusted setter here).
contract DatasetRegistry is CommitReveal, Disputes, EIP712, Nonces {
    /// @notice Longest metadata or evidence URI, in bytes.
    uint256 public constant MAX_URI_LENGTH = MetadataURI.MAX_LENGTH;

    /// @notice EIP-712 type of a relayed registration. Arrays hash as `keccak256(abi.encodePacked(array))`.
    bytes32 public constant REGISTER_TYPEHASH = keccak256(
        "RegisterDataset(bytes32 contentHash,string metadataURI,address[] contributors,uint32[] shares,"
        "address registrant,bytes32 salt,uint256 nonce,uint256 deadline)"
    );

    /// @inheritdoc IDatasetRegistration
    address public immutable shareTrees;

    /// @param commitDelay_ Blocks between commit and reveal; 0 lets one `register` call do it all
    /// (for chains without a public mempool), and registrations are then final at once.
    /// @param commitWindow_ Blocks a ready commitment stays revealable; > 0 where the delay is.
    /// @param claimDelay_ Seconds after registration before a dataset's shares are first paid (0 allowed);
    /// choose it longer than the provisional window, so a squatted dataset can be flagged before any payout.
    /// @param flagBond_ Wei a flag must carry (> 0).
    /// @param disputeTimeout_ Seconds a flag may stay unresolved before anyone can end it (> 0).
    /// @param appealWindow_ Seconds an upheld ruling waits before it takes effect, in which the registrant may
    /// appeal once (doubling the wait) and the arbiter may still dismiss (> 0).
    /// @param adminDelay Delay of a default-admin transfer.
    /// @param admin The initial default admin, also granted the pauser and arbiter roles.
    constructor(
        uint64 commitDelay_,
        uint64 commitWindow_,
        uint32 claimDelay_,
        uint256 flagBond_,
        uint32 disputeTimeout_,
        uint32 appealWindow_,
        uint48 adminDelay,
        address admin
    )
        EIP712("DataDividends DatasetRegistry", "1")
        AdminPausable(adminDelay, admin)
        DatasetStore(claimDelay_)
        CommitReveal(commitDelay_, commitWindow_)
        Disputes(flagBond_, disputeTimeout_, appealWindow_)
    {
        _grantRole(ARBITER_ROLE, admin);
        // Deployed here so that the one writer of share-tree slots is fixed with the registry and by no one after.
        // A binding waits the appeal window: both are the time an affected party has to object.
        shareTrees = address(new ShareTrees(this, appealWindow_));
        emit RegistrySettings(commitDelay_, commitWindow_, claimDelay_, flagBond_, disputeTimeout_, appealWindow_);
    }

    /* REGISTRATION */

    /// @inheritdoc IDatasetRegistration
    function register(Registration calldata registration, bytes32 salt) external whenNotPaused {
        _register(registration, msg.sender, salt);
    }

    /// @inheritdoc IDatasetRegistration
    function registerFor(
        Registration calldata registration,
        bytes32 salt,
        address registrant,
        uint256 deadline,
        bytes calldata signature
    ) external whenNotPaused {
        if (block.timestamp > deadline) revert SignatureExpired(deadline, block.timestamp);
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(
                    REGISTER_TYPEHASH,
                    registration.contentHash,
                    keccak256(bytes(registration.metadataURI)),
                    keccak256(abi.encodePacked(registration.contributors)),
                    keccak256(abi.encodePacked(registration.shares)),
                    registrant,
                    salt,
                    _useNonceLogged(registrant),
                    deadline
                )
            )
        );
        // ECDSA recovery inside rejects high-s twins; contracts answer through ERC-1271. The registrant is in
        // the signed struct, so a wallet whose check many accounts share cannot be picked by the relayer.
        if (!SignatureChecker.isValidSignatureNow(registrant, digest, signature)) revert InvalidSignature(registrant);
        _register(registration, registrant, salt);
    }

    /// @inheritdoc IDatasetRegistration
    function registerTree(Registration calldata registration, bytes32 salt, address registrant) external whenNotPaused {
        if (msg.sender != shareTrees) revert NotShareTrees(msg.sender);
        _register(registration, registrant, salt);
    }

    /// @inheritdoc IDatasetRegistration
    function writeSlot(
        DatasetId id,
        uint256 index,
        address account,
        uint32 shares,
        uint40 totalShares,
        bool mustBeEmpty
    ) external {
        if (msg.sender != shareTrees) revert NotShareTrees(msg.sender);
        Dataset storage record = _datasets[id];
        uint256 until = record.provisionalUntil;
        // Final only: a displaced registration's slots could not be cleared (a tree has no bound on them).
        if (record.registrant == address(0) || record.contributorCount != 0 || (until != 0 && _clockNow() <= until))
            revert NotTreeDataset(id);
        uint8 generation = record.flags >> 2;
        Contributor storage slot = _contributors[id][index];
        (address holder, uint32 held) = (slot.account, slot.shares);
        if (holder != address(0)) {
            // Empty too when written under a replaced tree; its shares stay (vaults released against them).
            if (mustBeEmpty && slot.generation == generation) revert SlotTaken(id, index, holder);
            if (held != shares) revert SharesFixed(id, index, held, shares);
        }
        (slot.account, slot.shares, slot.totalShares, slot.generation) = (account, shares, totalShares, generation);
    }

    /// @inheritdoc IDatasetRegistration
    function retire(DatasetId id) external {
        Dataset storage record = _datasets[id];
        address registrant = record.registrant;
        if (registrant == address(0)) revert UnknownDataset(id);
        if (registrant != msg.sender) revert NotRegistrant(id, msg.sender);
        uint8 flags = record.flags;
        // A frozen dataset's registration is in question: a retirement then would outlive the ruling.
        if (flags & FLAG_FROZEN != 0) revert DatasetFrozen(id);
        if (flags & FLAG_RETIRED != 0) revert DatasetAlreadyRetired(id);
        record.flags = flags | FLAG_RETIRED;
        emit DatasetRetired(id, msg.sender);
    }

    /// @inheritdoc IDatasetRegistration
    /// @dev Not pausable: it is how a contributor escapes a lost or blacklisted address.
    function moveShare(DatasetId id, uint32 index, address to) external {
        Contributor storage slot = _contributors[id][index];
        address holder = slot.account;
        // A slot of a replaced tree is no one's until it is written again.
        if (holder == address(0) || slot.generation != _datasets[id].flags >> 2) revert UnknownContributor(id, index);
        if (holder != msg.sender) revert NotShareHolder(id, index, msg.sender);
        if (to == address(0) || to == holder) revert InvalidShareRecipient(to);
        // Vaults keep what a share released by (dataset, index), so the earnings move with the slot.
        slot.account = to;
        emit ContributorMoved(id, holder, to, index);
    }

    /* VIEWS */

    /// @inheritdoc IDatasetRegistration
    function clock() external view returns (uint256) {
        return _clockNow();
    }

    /// @inheritdoc IDatasetRegistration
    function dataset(DatasetId id) external view returns (Dataset memory) {
        return _datasets[id];
    }

    /// @inheritdoc IDatasetRegistration
    function statusOf(DatasetId id) external view returns (DatasetStatus) {
        return _statusOf(_datasets[id]);
    }

    /// @inheritdoc IDatasetRegistration
    function contributor(DatasetId id, uint32 index) external view returns (Contributor memory) {
        return _contributors[id][index];
    }

    /// @inheritdoc IDatasetRegistration
    function payoutOf(
        DatasetId id,
        uint32 index
    ) external view returns (address account, uint256 shares, uint256 totalShares, bool payableNow) {
        Contributor storage share = _contributors[id][index];
        (account, shares, totalShares) = (share.account, share.shares, share.totalShares);
        Dataset storage record = _datasets[id];
        (uint256 flags, uint256 registeredAt) = (record.flags, record.registeredAt);
        // Written under a tree a ruling has replaced since: no one's (both reads are of slots already read).
        if (share.generation != flags >> 2) account = address(0);
        payableNow = flags & FLAG_FROZEN == 0 && block.timestamp >= registeredAt + claimDelay;
    }

    /// @inheritdoc IDatasetRegistration
    function nonces(address registrant) public view override(IDatasetRegistration, Nonces) returns (uint256) {
        return super.nonces(registrant);
    }

    /// @inheritdoc IDatasetRegistration
    function verifyFile(
        DatasetId id,
        string calldata path,
        uint256 size,
        bytes32 sha256Digest,
        bytes32[] calldata proof
    ) external view returns (bool) {
        if (_datasets[id].registrant == address(0)) return false;
        return MerkleProof.verifyCalldata(proof, DatasetId.unwrap(id), FileLeaf.hash(path, size, sha256Digest));
    }

    /* INTERNAL */

    /// @dev A ruling on a share-tree dataset installs the tree its arbiter named for it, if any (see `Disputes`).
    function _replaceTree(DatasetId id, uint256 disputeId) internal override returns (bool) {
        return _datasets[id].contributorCount == 0 && ShareTrees(shareTrees).replaceTree(id, disputeId);
    }

    function _register(Registration calldata registration, address registrant, bytes32 salt) private {
        DatasetId id = registration.contentHash;
        if (id.isZero()) revert ZeroContentHash();
        MetadataURI.check(registration.metadataURI);
        uint256 count = registration.contributors.length;
        // A share-tree dataset lists none: its module keeps the tree.
        if (count == 0 && msg.sender != shareTrees) revert NoContributors();
        if (count != registration.shares.length) revert LengthMismatch(count, registration.shares.length);
        if (count > MAX_CONTRIBUTORS) revert TooManyContributors(count, MAX_CONTRIBUTORS);
        (uint256 provisionalUntil, bytes32 commitment) = _claimPriority(id, registrant, salt, count);

        uint256 totalShares = ContributorList.check(registration.contributors, registration.shares);
        _writeList(_contributors[id], registration.contributors, registration.shares, totalShares);
        // provisionalUntil < block.number + 2^32 (constructor check); uint32 seconds last until 2106.
        _datasets[id] = Dataset({
            registrant: registrant,
            registeredAt: uint32(block.timestamp),
            provisionalUntil: uint40(provisionalUntil),
            contributorCount: uint16(count),
            flags: 0,
            metadataHash: keccak256(bytes(registration.metadataURI))
        });
        emit DatasetRegistered(
            id,
            registrant,
            registration.metadataURI,
            registration.contributors,
            registration.shares,
            provisionalUntil,
            commitment
        );
    }

    /// @dev Writes a listed dataset's slots. Each is one word, written whole (account, shares, total, generation 0,
    /// in `Contributor`'s packed order): a struct assignment reads and masks each member (~100 gas a slot).
    function _writeList(
        mapping(uint256 => Contributor) storage slots,
        address[] calldata contributors,
        uint32[] calldata shares,
        uint256 totalShares
    ) private {
        // At most 256 * (2^32 - 1) < 2^40.
        uint256 total = totalShares << 192;
        for (uint256 i; i < contributors.length; ++i) {
            Contributor storage slot = slots[i];
            uint256 word = uint256(uint160(contributors[i])) | (uint256(shares[i]) << 160) | total;
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                sstore(slot.slot, word)
            }
        }
    }

    /// @dev Nonces' `_useNonce`, with an event, so an indexer knows which signed requests are spent.
    function _useNonceLogged(address registrant) private returns (uint256 nonce) {
        nonce = _useNonce(registrant);
        emit NonceUsed(registrant, nonce);
    }
}
