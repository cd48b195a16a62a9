// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {AdminPausable} from "./access/AdminPausable.sol";
import {IDatasetRegistry} from "./interfaces/IDatasetRegistry.sol";
import {MetadataURI} from "./libraries/MetadataURI.sol";
import {DatasetId} from "./types/DatasetId.sol";

/// @title DatasetRegistry
/// @notice Datasets keyed by content hash, with their contributors and shares: registered front-running-safe
/// (the earliest live commitment wins), contestable with a bond, and ruled on by an arbiter.
/// @dev Disputes live here rather than in a module of their own: the claim path reads the freeze bit and
/// the registration time from the dataset slot it must read anyway, in the one registry call a claim
/// makes (a separate module would add a cold account to every first claim, or need a trusted setter here).
contract DatasetRegistry is IDatasetRegistry, EIP712, Nonces, ReentrancyGuardTransient, AdminPausable {
    /// @notice May rule on flagged datasets. It can reassign a flagged dataset's share slots and nothing else;
    /// no function pays it.
    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER_ROLE");

    /// @notice Most contributors one dataset may list (gas at the cap: see bench/REPORT.md).
    uint256 public constant MAX_CONTRIBUTORS = 256;

    /// @notice Longest metadata or evidence URI, in bytes.
    uint256 public constant MAX_URI_LENGTH = MetadataURI.MAX_LENGTH;

    /// @dev `Dataset.flags` bit: retired by its registrant. (Internal to save code size: see `Dataset.flags`.)
    uint8 internal constant FLAG_RETIRED = 1;

    /// @dev `Dataset.flags` bit: frozen by an open or upheld, not yet executed, dispute.
    uint8 internal constant FLAG_FROZEN = 2;

    /// @notice EIP-712 type of a relayed registration. Arrays hash as `keccak256(abi.encodePacked(array))`.
    bytes32 public constant REGISTER_TYPEHASH = keccak256(
        "RegisterDataset(bytes32 contentHash,string metadataURI,address[] contributors,uint32[] shares,"
        "address registrant,bytes32 salt,uint256 nonce,uint256 deadline)"
    );

    /// @inheritdoc IDatasetRegistry
    uint64 public immutable commitDelay;

    /// @inheritdoc IDatasetRegistry
    uint64 public immutable commitWindow;

    /// @inheritdoc IDatasetRegistry
    uint32 public immutable claimDelay;

    /// @inheritdoc IDatasetRegistry
    uint256 public immutable flagBond;

    /// @inheritdoc IDatasetRegistry
    uint32 public immutable disputeTimeout;

    /// @inheritdoc IDatasetRegistry
    uint32 public immutable appealWindow;

    /// @dev The pause state and the registry clock in one slot, so `register` reads both in the read its
    /// `whenNotPaused` makes anyway. Replaces Pausable's own flag (`paused()` and `_pause`/`_unpause` are
    /// overridden; its modifiers, events and errors are kept).
    struct PauseClock {
        bool paused;
        uint40 pausedAt;
        uint40 pausedBlocks;
    }

    PauseClock private _clock;
    mapping(DatasetId id => Dataset) private _datasets;
    mapping(DatasetId id => mapping(uint256 index => Contributor)) private _contributors;
    mapping(bytes32 commitment => uint256 clockBlock) private _commitments;
    mapping(DatasetId id => Dispute) private _disputes;
    mapping(DatasetId id => mapping(uint256 disputeId => mapping(address joiner => uint256 wei_))) private _joined;
    mapping(DatasetId id => mapping(uint256 disputeId => bool)) private _refundable;
    mapping(address account => uint256 amount) private _bondCredits;

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
    ) EIP712("DataDividends DatasetRegistry", "1") AdminPausable(adminDelay, admin) {
        if (commitDelay_ != 0 && commitWindow_ == 0) revert InvalidParameter("commitWindow", 0);
        // Provisional windows are stored as uint40 block numbers.
        if (uint256(commitDelay_) + commitWindow_ > type(uint32).max) {
            revert InvalidParameter("commitDelay + commitWindow", uint256(commitDelay_) + commitWindow_);
        }
        if (flagBond_ == 0) revert InvalidParameter("flagBond", 0);
        if (disputeTimeout_ == 0) revert InvalidParameter("disputeTimeout", 0);
        if (appealWindow_ == 0) revert InvalidParameter("appealWindow", 0);
        // A dispute totals its bonds in a uint128: 2^32 joiners of the largest bond still fit.
        if (flagBond_ > type(uint96).max) revert InvalidParameter("flagBond", flagBond_);
        commitDelay = commitDelay_;
        commitWindow = commitWindow_;
        claimDelay = claimDelay_;
        flagBond = flagBond_;
        disputeTimeout = disputeTimeout_;
        appealWindow = appealWindow_;
        _grantRole(ARBITER_ROLE, admin);
        emit RegistrySettings(commitDelay_, commitWindow_, claimDelay_, flagBond_, disputeTimeout_, appealWindow_);
    }

    /* REGISTRATION */

    /// @inheritdoc IDatasetRegistry
    /// @dev Not pausable, and timed by the registry clock, which stops during a pause: a commitment made
    /// during a pause is younger than every one made before it, and none ages while reveals are stopped.
    function commit(bytes32 commitment) external {
        if (commitDelay == 0) revert CommitNotRequired();
        if (commitment == bytes32(0)) revert ZeroCommitment();
        uint256 now_ = _clockNow();
        uint256 previous = _commitments[commitment];
        // A live commitment keeps its block: a copy of it must never restart (or shorten) the owner's wait.
        if (previous != 0 && now_ <= previous + commitDelay + commitWindow) return;
        _commitments[commitment] = now_;
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

    /// @inheritdoc IDatasetRegistry
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

    /* DISPUTES */

    /// @inheritdoc IDatasetRegistry
    function flag(DatasetId id, FlagReason reason, string calldata evidenceURI) external payable {
        if (msg.value != flagBond) revert WrongBond(msg.value, flagBond);
        MetadataURI.check(evidenceURI);
        Dataset storage record = _datasets[id];
        _refuseParty(id, record, msg.sender);
        Dispute storage dispute = _disputes[id];
        uint256 disputeId = dispute.id;
        if (record.flags & FLAG_FROZEN != 0 && dispute.state == DisputeState.Open) {
            // Join: one open dispute per dataset, any number of challengers, one bond each.
            if (msg.sender == dispute.challenger || _joined[id][disputeId][msg.sender] != 0) {
                revert AlreadyChallenger(id, disputeId, msg.sender);
            }
            _joined[id][disputeId][msg.sender] = msg.value;
            // msg.value < 2^96 (constructor check): 2^32 joiners would be needed to pass 2^128.
            dispute.bonds += uint128(msg.value);
            emit FlagJoined(id, disputeId, msg.sender, msg.value, evidenceURI);
            return;
        }
        DatasetStatus status = _statusOf(record);
        if (status != DatasetStatus.Active && status != DatasetStatus.Retired) revert NotFlaggable(id, status);
        record.flags |= FLAG_FROZEN;
        // Dispute IDs count from 1 per dataset; 2^32 disputes cost 2^32 bonds.
        _disputes[id] = Dispute({
            challenger: msg.sender,
            openedAt: uint40(block.timestamp),
            reason: reason,
            state: DisputeState.Open,
            appealed: false,
            id: uint32(++disputeId),
            bonds: uint128(msg.value),
            executableAt: 0,
            ruling: bytes32(0)
        });
        emit DatasetFlagged(id, disputeId, msg.sender, reason, msg.value, evidenceURI);
    }

    /// @inheritdoc IDatasetRegistry
    function dismissFlag(DatasetId id, uint256 disputeId) external onlyRole(ARBITER_ROLE) {
        Dispute storage dispute = _named(id, disputeId);
        DisputeState state = dispute.state;
        // An upheld ruling may still be reversed while it waits out its appeal window.
        if (state != DisputeState.Open && state != DisputeState.Upheld) revert DisputeNotOpen(id, disputeId, state);
        address registrant = _datasets[id].registrant;
        // An arbiter that registered the dataset would be crediting the bonds to itself.
        if (hasRole(ARBITER_ROLE, registrant)) revert InterestedArbiter(id, registrant);
        dispute.state = DisputeState.Dismissed;
        _datasets[id].flags &= ~FLAG_FROZEN;
        uint256 bonds = dispute.bonds;
        _bondCredits[registrant] += bonds;
        emit FlagDismissed(id, disputeId, msg.sender, registrant, bonds);
    }

    /// @inheritdoc IDatasetRegistry
    function upholdFlag(
        DatasetId id,
        uint256 disputeId,
        address registrant,
        address[] calldata holders
    ) external onlyRole(ARBITER_ROLE) {
        Dispute storage dispute = _named(id, disputeId);
        if (dispute.state != DisputeState.Open) revert DisputeNotOpen(id, disputeId, dispute.state);
        uint256 count = _datasets[id].contributorCount;
        if (holders.length != count) revert HolderCountMismatch(holders.length, count);
        // Whoever rules can never rule money to itself.
        if (registrant == address(0) || registrant == msg.sender) revert InvalidHolder(registrant);
        for (uint256 i; i < count; ++i) {
            address holder = holders[i];
            if (holder == address(0) || holder == msg.sender) revert InvalidHolder(holder);
        }
        uint256 executableAt = block.timestamp + appealWindow;
        dispute.state = DisputeState.Upheld;
        dispute.executableAt = uint40(executableAt);
        dispute.ruling = _rulingHash(registrant, holders);
        emit FlagUpheld(id, disputeId, msg.sender, registrant, holders, executableAt);
    }

    /// @inheritdoc IDatasetRegistry
    function appealRuling(DatasetId id, uint256 disputeId, string calldata evidenceURI) external {
        Dispute storage dispute = _named(id, disputeId);
        if (dispute.state != DisputeState.Upheld) revert DisputeNotOpen(id, disputeId, dispute.state);
        if (_datasets[id].registrant != msg.sender) revert NotRegistrant(id, msg.sender);
        uint256 executableAt = dispute.executableAt;
        if (dispute.appealed || block.timestamp >= executableAt) revert AppealClosed(id, disputeId);
        MetadataURI.check(evidenceURI);
        executableAt += appealWindow;
        dispute.appealed = true;
        dispute.executableAt = uint40(executableAt);
        emit RulingAppealed(id, disputeId, msg.sender, evidenceURI, executableAt);
    }

    /// @inheritdoc IDatasetRegistry
    function executeRuling(DatasetId id, uint256 disputeId, address registrant, address[] calldata holders) external {
        Dispute storage dispute = _named(id, disputeId);
        if (dispute.state != DisputeState.Upheld) revert DisputeNotOpen(id, disputeId, dispute.state);
        uint256 executableAt = dispute.executableAt;
        if (block.timestamp < executableAt) revert RulingNotExecutable(id, disputeId, executableAt);
        if (_rulingHash(registrant, holders) != dispute.ruling) revert RulingMismatch(id, disputeId);
        dispute.state = DisputeState.Executed;
        // Vault accounting is per slot: what the slot earned, frozen period included, follows the holder.
        for (uint256 i; i < holders.length; ++i) {
            _contributors[id][i].account = holders[i];
        }
        Dataset storage record = _datasets[id];
        record.registrant = registrant;
        // Unfrozen, and un-retired: a retirement by the party the ruling removed does not bind the rightful one.
        record.flags = 0;
        _refund(id, dispute);
        emit RulingExecuted(id, disputeId, registrant);
    }

    /// @inheritdoc IDatasetRegistry
    function expireFlag(DatasetId id) external {
        Dispute storage dispute = _disputes[id];
        if (dispute.state != DisputeState.Open) revert NoOpenFlag(id);
        uint256 expiresAt = uint256(dispute.openedAt) + disputeTimeout;
        if (block.timestamp < expiresAt) revert FlagNotExpired(id, expiresAt);
        _datasets[id].flags &= ~FLAG_FROZEN;
        address registrant = _datasets[id].registrant;
        uint256 bonds = dispute.bonds;
        if (hasRole(ARBITER_ROLE, registrant)) {
            // Its arbiter could not rule on its own dataset: the challengers were not at fault.
            dispute.state = DisputeState.Voided;
            registrant = address(0);
            _refund(id, dispute);
        } else {
            // An unruled freeze costs whoever caused it: the opener's bond compensates the registrant. Joiners
            // did not cause it (the freeze already stood) and no ruling went against them: they reclaim theirs.
            dispute.state = DisputeState.Expired;
            bonds = flagBond;
            _bondCredits[registrant] += bonds;
            _refundable[id][dispute.id] = true;
        }
        emit FlagExpired(id, dispute.id, registrant, bonds);
    }

    /// @inheritdoc IDatasetRegistry
    function reclaimBond(DatasetId id, uint256 disputeId) external {
        if (!_refundable[id][disputeId]) revert BondNotReclaimable(id, disputeId);
        uint256 amount = _joined[id][disputeId][msg.sender];
        if (amount == 0) revert NoBondCredit(msg.sender);
        delete _joined[id][disputeId][msg.sender];
        _bondCredits[msg.sender] += amount;
        emit BondReclaimed(id, disputeId, msg.sender, amount);
    }

    /// @inheritdoc IDatasetRegistry
    function withdrawBond(address payable to) external nonReentrant {
        uint256 amount = _bondCredits[msg.sender];
        if (amount == 0) revert NoBondCredit(msg.sender);
        delete _bondCredits[msg.sender];
        emit BondWithdrawn(msg.sender, to, amount);
        Address.sendValue(to, amount);
    }

    /* PAUSE */

    /// @notice Whether registration is paused.
    /// @return True while paused.
    function paused() public view override returns (bool) {
        return _clock.paused;
    }

    /// @dev Stops the registry clock with registration, so a pause never changes who wins a registration.
    function _pause() internal override whenNotPaused {
        _clock.paused = true;
        _clock.pausedAt = uint40(block.number);
        emit Paused(_msgSender());
    }

    function _unpause() internal override whenPaused {
        PauseClock storage clock_ = _clock;
        clock_.pausedBlocks += uint40(block.number - clock_.pausedAt);
        clock_.paused = false;
        emit Unpaused(_msgSender());
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
        return _statusOf(_datasets[id]);
    }

    /// @inheritdoc IDatasetRegistry
    function disputeOf(DatasetId id) external view returns (Dispute memory) {
        return _disputes[id];
    }

    /// @inheritdoc IDatasetRegistry
    function joinedBond(DatasetId id, uint256 disputeId, address joiner) external view returns (uint256) {
        return _joined[id][disputeId][joiner];
    }

    /// @inheritdoc IDatasetRegistry
    function clock() external view returns (uint256) {
        return _clockNow();
    }

    /// @inheritdoc IDatasetRegistry
    function bondCredit(address account) external view returns (uint256) {
        return _bondCredits[account];
    }

    /// @inheritdoc IDatasetRegistry
    function contributor(DatasetId id, uint16 index) external view returns (Contributor memory) {
        return _contributors[id][index];
    }

    /// @inheritdoc IDatasetRegistry
    function payoutOf(
        DatasetId id,
        uint16 index
    ) external view returns (address account, uint256 shares, uint256 totalShares, bool payableNow) {
        Contributor storage share = _contributors[id][index];
        (account, shares, totalShares) = (share.account, share.shares, share.totalShares);
        Dataset storage record = _datasets[id];
        (uint256 flags, uint256 registeredAt) = (record.flags, record.registeredAt);
        payableNow = flags & FLAG_FROZEN == 0 && block.timestamp >= registeredAt + claimDelay;
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

    /* INTERNAL */

    function _register(Registration calldata registration, address registrant, bytes32 salt) private {
        DatasetId id = registration.contentHash;
        if (id.isZero()) revert ZeroContentHash();
        MetadataURI.check(registration.metadataURI);
        uint256 count = registration.contributors.length;
        if (count == 0) revert NoContributors();
        if (count != registration.shares.length) revert LengthMismatch(count, registration.shares.length);
        if (count > MAX_CONTRIBUTORS) revert TooManyContributors(count, MAX_CONTRIBUTORS);
        (uint256 provisionalUntil, bytes32 commitment) = _claimPriority(id, registrant, salt, count);

        uint256 totalShares = _checkContributors(registration.contributors, registration.shares);
        for (uint256 i; i < count; ++i) {
            _contributors[id][i] = Contributor({
                account: registration.contributors[i],
                shares: registration.shares[i],
                // At most 256 * (2^32 - 1) < 2^40.
                totalShares: uint40(totalShares)
            });
        }
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

    /// @dev Refuses a registration that an existing one outranks, consumes the reveal's commitment, clears a
    /// provisional registration it outranks, and returns the new registration's provisional window end
    /// (registry clock) and the commitment consumed (zero without a commit delay).
    function _claimPriority(
        DatasetId id,
        address registrant,
        bytes32 salt,
        uint256 count
    ) private returns (uint256 provisionalUntil, bytes32 commitment) {
        Dataset storage record = _datasets[id];
        address existing = record.registrant;
        uint256 incumbentUntil = record.provisionalUntil;
        if (commitDelay == 0) {
            // With no commit delay every registration is final.
            if (existing != address(0)) revert DatasetAlreadyRegistered(id, existing);
            return (0, bytes32(0));
        }
        uint256 now_ = _clockNow();
        // A final registration never gives way.
        if (existing != address(0) && now_ > incumbentUntil) revert DatasetAlreadyRegistered(id, existing);
        uint256 window = commitDelay + commitWindow;
        commitment = commitmentOf(id, registrant, salt);
        uint256 committed = _consumeCommitment(commitment, now_);
        // Earliest commitment wins: only a strictly older commitment displaces a provisional registration.
        if (existing != address(0)) {
            if (committed >= incumbentUntil - window) revert DatasetAlreadyRegistered(id, existing);
            _clearContributors(id, count, record.contributorCount);
            emit DatasetDisplaced(id, existing, registrant);
        }
        // Every commitment older than this one expires by then, so the registration is final after it.
        provisionalUntil = committed + window;
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

    /// @dev Deletes the displaced registration's slots the new one will not overwrite (at most 255).
    function _clearContributors(DatasetId id, uint256 from, uint256 to) private {
        for (uint256 i = from; i < to; ++i) delete _contributors[id][i];
    }

    /// @dev Consumes a commitment that is ready and not expired at registry block `now_`; returns the
    /// registry block it was made in.
    function _consumeCommitment(bytes32 commitment, uint256 now_) private returns (uint256 madeAt) {
        madeAt = _commitments[commitment];
        if (madeAt == 0) revert CommitmentNotFound(commitment);
        uint256 readyAt = madeAt + commitDelay;
        if (now_ < readyAt) revert CommitmentNotReady(commitment, readyAt);
        if (now_ > readyAt + commitWindow) revert CommitmentExpired(commitment, readyAt + commitWindow);
        delete _commitments[commitment];
    }

    /// @dev The registry clock: blocks during which registration was not paused (block numbers until the
    /// first pause). It stands still while paused.
    function _clockNow() private view returns (uint256) {
        PauseClock memory clock_ = _clock;
        return (clock_.paused ? clock_.pausedAt : block.number) - clock_.pausedBlocks;
    }

    /// @dev Nonces' `_useNonce`, with an event, so an indexer knows which signed requests are spent.
    function _useNonceLogged(address registrant) private returns (uint256 nonce) {
        nonce = _useNonce(registrant);
        emit NonceUsed(registrant, nonce);
    }

    /// @dev Refuses a challenger with a stake in the dataset: its registrant or a current share holder
    /// (at most `MAX_CONTRIBUTORS` reads). A party's flag would freeze its rivals' claims at no risk.
    function _refuseParty(DatasetId id, Dataset storage record, address challenger) private view {
        if (record.registrant == challenger) revert PartyCannotFlag(id, challenger);
        uint256 count = record.contributorCount;
        for (uint256 i; i < count; ++i) {
            if (_contributors[id][i].account == challenger) revert PartyCannotFlag(id, challenger);
        }
    }

    /// @dev The dataset's latest dispute, which must be `disputeId` (a ruling names the dispute it decides).
    function _named(DatasetId id, uint256 disputeId) private view returns (Dispute storage dispute) {
        dispute = _disputes[id];
        uint256 latest = dispute.id;
        if (disputeId != latest || latest == 0) revert DisputeMismatch(id, disputeId, latest);
    }

    /// @dev Gives every challenger its bond back: the opener's credited now, joiners' left to `reclaimBond`.
    function _refund(DatasetId id, Dispute storage dispute) private {
        uint256 disputeId = dispute.id;
        _refundable[id][disputeId] = true;
        _bondCredits[dispute.challenger] += flagBond;
    }

    function _rulingHash(address registrant, address[] calldata holders) private pure returns (bytes32) {
        return keccak256(abi.encode(registrant, holders));
    }

    function _statusOf(Dataset storage record) private view returns (DatasetStatus) {
        if (record.registrant == address(0)) return DatasetStatus.None;
        uint256 flags = record.flags;
        if (flags & FLAG_FROZEN != 0) return DatasetStatus.Frozen;
        uint256 provisionalUntil = record.provisionalUntil;
        if (provisionalUntil != 0 && _clockNow() <= provisionalUntil) return DatasetStatus.Provisional;
        if (flags & FLAG_RETIRED != 0) return DatasetStatus.Retired;
        return DatasetStatus.Active;
    }
}
