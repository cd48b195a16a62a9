// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

import {AdminPausable} from "./access/AdminPausable.sol";
import {IDatasetRegistry} from "./interfaces/IDatasetRegistry.sol";
import {MetadataURI} from "./libraries/MetadataURI.sol";
import {DatasetId} from "./types/DatasetId.sol";

/// @title DatasetRegistry
/// @notice Datasets keyed by content hash, with their contributors and shares, registered front-running-safe.
contract DatasetRegistry is IDatasetRegistry, EIP712, Nonces, AdminPausable {
    /// @notice Most contributors one dataset may list (gas at the cap: see bench/REPORT.md).
    uint256 public constant MAX_CONTRIBUTORS = 256;

    /// @notice Longest metadata URI, in bytes.
    uint256 public constant MAX_URI_LENGTH = MetadataURI.MAX_LENGTH;

    /// @notice EIP-712 type of a relayed registration. Arrays hash as `keccak256(abi.encodePacked(array))`.
    bytes32 public constant REGISTER_TYPEHASH = keccak256(
        "RegisterDataset(bytes32 contentHash,string metadataURI,address[] contributors,uint32[] shares,"
        "bytes32 salt,uint256 nonce,uint256 deadline)"
    );

    /// @inheritdoc IDatasetRegistry
    uint64 public immutable commitDelay;

    /// @inheritdoc IDatasetRegistry
    uint64 public immutable commitWindow;

    mapping(DatasetId id => Dataset) private _datasets;
    mapping(DatasetId id => mapping(uint256 index => Contributor)) private _contributors;
    mapping(bytes32 commitment => uint256 blockNumber) private _commitments;

    /// @param commitDelay_ Blocks between commit and reveal; 0 lets one `register` call do it all
    /// (for chains without a public mempool).
    /// @param commitWindow_ Blocks a ready commitment stays revealable (ignored where the delay is 0).
    /// @param adminDelay Delay of a default-admin transfer.
    /// @param admin The initial default admin, also granted the pauser role.
    constructor(
        uint64 commitDelay_,
        uint64 commitWindow_,
        uint48 adminDelay,
        address admin
    ) EIP712("DataDividends DatasetRegistry", "1") AdminPausable(adminDelay, admin) {
        commitDelay = commitDelay_;
        commitWindow = commitWindow_;
    }

    /* REGISTRATION */

    /// @inheritdoc IDatasetRegistry
    /// @dev Not pausable: a commitment cannot be revealed while registration is paused anyway.
    function commit(bytes32 commitment) external {
        if (commitDelay == 0) revert CommitNotRequired();
        if (commitment == bytes32(0)) revert ZeroCommitment();
        uint256 previous = _commitments[commitment];
        // A live commitment keeps its block: re-committing must never restart (or shorten) the wait.
        if (previous != 0 && block.number <= previous + commitDelay + commitWindow) {
            revert CommitmentPending(commitment, previous);
        }
        _commitments[commitment] = block.number;
        emit RegistrationCommitted(commitment);
    }

    /// @inheritdoc IDatasetRegistry
    function register(Registration calldata registration, bytes32 salt) external whenNotPaused {
        _register(registration, msg.sender, salt);
    }

    /// @inheritdoc IDatasetRegistry
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
                    salt,
                    _useNonce(registrant),
                    deadline
                )
            )
        );
        // ECDSA recovery inside rejects high-s twins; contracts answer through ERC-1271.
        if (!SignatureChecker.isValidSignatureNow(registrant, digest, signature)) revert InvalidSignature(registrant);
        _register(registration, registrant, salt);
    }

    /// @inheritdoc IDatasetRegistry
    function retire(DatasetId id) external {
        Dataset storage record = _datasets[id];
        address registrant = record.registrant;
        if (registrant == address(0)) revert UnknownDataset(id);
        if (registrant != msg.sender) revert NotRegistrant(id, msg.sender);
        if (record.retired) revert DatasetAlreadyRetired(id);
        record.retired = true;
        emit DatasetRetired(id, msg.sender);
    }

    /// @inheritdoc IDatasetRegistry
    /// @dev Not pausable: it is how a contributor escapes a lost or blacklisted address.
    function moveShare(DatasetId id, uint16 index, address to) external {
        Contributor storage slot = _contributors[id][index];
        address holder = slot.account;
        if (holder == address(0)) revert UnknownContributor(id, index);
        if (holder != msg.sender) revert NotShareHolder(id, index, msg.sender);
        if (to == address(0) || to == holder) revert InvalidShareRecipient(to);
        // Vaults keep what a share released by (dataset, index), so the earnings move with the slot.
        slot.account = to;
        emit ContributorMoved(id, holder, to, index);
    }

    /* VIEWS */

    /// @inheritdoc IDatasetRegistry
    function commitmentOf(DatasetId contentHash, address registrant, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(contentHash, registrant, salt));
    }

    /// @inheritdoc IDatasetRegistry
    function committedAt(bytes32 commitment) external view returns (uint256) {
        return _commitments[commitment];
    }

    /// @inheritdoc IDatasetRegistry
    function dataset(DatasetId id) external view returns (Dataset memory) {
        return _datasets[id];
    }

    /// @inheritdoc IDatasetRegistry
    function statusOf(DatasetId id) external view returns (DatasetStatus) {
        Dataset storage record = _datasets[id];
        if (record.registrant == address(0)) return DatasetStatus.None;
        return record.retired ? DatasetStatus.Retired : DatasetStatus.Active;
    }

    /// @inheritdoc IDatasetRegistry
    function contributor(DatasetId id, uint16 index) external view returns (Contributor memory) {
        return _contributors[id][index];
    }

    /// @inheritdoc IDatasetRegistry
    function nonces(address registrant) public view override(IDatasetRegistry, Nonces) returns (uint256) {
        return super.nonces(registrant);
    }

    /// @inheritdoc IDatasetRegistry
    function verifyFile(
        DatasetId id,
        string calldata path,
        uint256 size,
        bytes32 sha256Digest,
        bytes32[] calldata proof
    ) external view returns (bool) {
        if (_datasets[id].registrant == address(0)) return false;
        // StandardMerkleTree leaf: the double hash keeps a leaf from ever passing as an inner node.
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(path, size, sha256Digest))));
        return MerkleProof.verifyCalldata(proof, DatasetId.unwrap(id), leaf);
    }

    /// @notice The EIP-712 domain separator of this chain and contract.
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /* INTERNAL */

    function _register(Registration calldata registration, address registrant, bytes32 salt) private {
        DatasetId id = registration.contentHash;
        if (id.isZero()) revert ZeroContentHash();
        MetadataURI.check(registration.metadataURI);
        uint256 count = registration.contributors.length;
        if (count == 0) revert NoContributors();
        if (count != registration.shares.length) revert LengthMismatch(count, registration.shares.length);
        if (count > MAX_CONTRIBUTORS) revert TooManyContributors(count, MAX_CONTRIBUTORS);
        address existing = _datasets[id].registrant;
        if (existing != address(0)) revert DatasetAlreadyRegistered(id, existing);
        if (commitDelay != 0) _consumeCommitment(commitmentOf(id, registrant, salt));

        uint256 totalShares = _checkContributors(registration.contributors, registration.shares);
        for (uint256 i; i < count; ++i) {
            _contributors[id][i] = Contributor({
                account: registration.contributors[i],
                shares: registration.shares[i],
                // At most 256 * (2^32 - 1) < 2^40.
                totalShares: uint40(totalShares)
            });
        }
        _datasets[id] = Dataset({
            registrant: registrant,
            registeredAt: uint40(block.timestamp),
            contributorCount: uint16(count),
            retired: false,
            metadataHash: keccak256(bytes(registration.metadataURI))
        });
        emit DatasetRegistered(
            id,
            registrant,
            registration.metadataURI,
            registration.contributors,
            registration.shares
        );
    }

    /// @dev Strictly ascending, non-zero addresses with non-zero shares; returns the shares' sum.
    function _checkContributors(
        address[] calldata accounts,
        uint32[] calldata shares
    ) private pure returns (uint256 totalShares) {
        address previous;
        for (uint256 i; i < accounts.length; ++i) {
            address account = accounts[i];
            if (account <= previous) {
                if (account == address(0)) revert ZeroAddressContributor(i);
                if (account == previous) revert DuplicateContributor(account);
                revert ContributorsNotSorted(previous, account);
            }
            if (shares[i] == 0) revert ZeroShares(account);
            totalShares += shares[i];
            previous = account;
        }
    }

    function _consumeCommitment(bytes32 commitment) private {
        uint256 madeAt = _commitments[commitment];
        if (madeAt == 0) revert CommitmentNotFound(commitment);
        uint256 readyAt = madeAt + commitDelay;
        if (block.number < readyAt) revert CommitmentNotReady(commitment, readyAt);
        if (block.number > readyAt + commitWindow) revert CommitmentExpired(commitment, readyAt + commitWindow);
        delete _commitments[commitment];
    }
}
