// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DatasetId} from "../types/DatasetId.sol";

/// @title IDatasetRegistry
/// @notice Datasets keyed by content hash, with their contributors and shares: registered front-running-safe
/// (the earliest live commitment wins), contestable with a bond, and ruled on by an arbiter.
interface IDatasetRegistry {
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

    /// @notice Why a challenger flags a dataset (informational; the arbiter reads the evidence).
    enum FlagReason {
        Other,
        NotTheOwner,
        StolenData,
        JunkData,
        WrongContributors
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
    /// registration was final at once; `flags` holds bit 1 (retired by its registrant) and bit 2 (frozen by a dispute).
    struct Dataset {
        address registrant;
        uint32 registeredAt;
        uint40 provisionalUntil;
        uint16 contributorCount;
        uint8 flags;
        bytes32 metadataHash;
    }

    /// @notice One contributor slot. `totalShares` repeats the dataset's total so one read prices a claim.
    struct Contributor {
        address account;
        uint32 shares;
        uint40 totalShares;
    }

    /// @notice Where a dispute stands. `Open` and `Upheld` keep the dataset frozen. `Upheld` waits for its
    /// appeal window, then anyone executes it (`Executed`); the arbiter may still dismiss it until then.
    /// `Dismissed` credited every bond to the registrant; `Expired` credited the opener's bond to the registrant
    /// and let each joiner reclaim its own; `Executed` and `Voided` (expired on a dataset its arbiter registered)
    /// credited the opener's bond back and let each joiner reclaim its own.
    enum DisputeState {
        None,
        Open,
        Upheld,
        Dismissed,
        Expired,
        Voided,
        Executed
    }

    /// @notice A dataset's latest dispute: who opened it, when, why, where it stands, whether the ruling was
    /// appealed, its number on the dataset (1, 2, ...), the bonds posted (by the opener and every joiner),
    /// and an upheld ruling's earliest execution time and hash. Kept after it ends, until the next flag.
    struct Dispute {
        address challenger;
        uint40 openedAt;
        FlagReason reason;
        DisputeState state;
        bool appealed;
        uint32 id;
        uint128 bonds;
        uint40 executableAt;
        bytes32 ruling;
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
    event ContributorMoved(DatasetId indexed id, address indexed from, address indexed to, uint16 index);

    /// @notice A dataset was flagged: dispute `disputeId` opened and the dataset is frozen until a ruling
    /// takes effect or `openedAt + disputeTimeout` passes unruled.
    /// @param id The dataset.
    /// @param disputeId The dispute's number on this dataset (1, 2, ...).
    /// @param challenger Who flagged it and posted the bond.
    /// @param reason Why.
    /// @param bond The bond posted, in wei.
    /// @param evidenceURI Where the evidence lives.
    event DatasetFlagged(
        DatasetId indexed id,
        uint256 indexed disputeId,
        address indexed challenger,
        FlagReason reason,
        uint256 bond,
        string evidenceURI
    );

    /// @notice Another challenger joined an open dispute with a bond of its own.
    /// @param id The dataset.
    /// @param disputeId The dispute joined.
    /// @param challenger Who joined.
    /// @param bond The bond posted, in wei.
    /// @param evidenceURI Where its evidence lives.
    event FlagJoined(
        DatasetId indexed id,
        uint256 indexed disputeId,
        address indexed challenger,
        uint256 bond,
        string evidenceURI
    );

    /// @notice The arbiter dismissed the dispute: the dataset is unfrozen and every bond posted on it is
    /// credited to the registrant.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param arbiter Who ruled.
    /// @param registrant Who the bonds were credited to.
    /// @param bonds Wei credited.
    event FlagDismissed(
        DatasetId indexed id,
        uint256 indexed disputeId,
        address indexed arbiter,
        address registrant,
        uint256 bonds
    );

    /// @notice The arbiter upheld the dispute. From `executableAt` on, anyone may execute it: share `i` then
    /// belongs to `holders[i]`, with everything it earned, `registrant` becomes the registrant and the dataset
    /// is unfrozen. Until then the dataset stays frozen, its registrant may appeal once, and the arbiter may
    /// still dismiss.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param arbiter Who ruled.
    /// @param registrant The rightful registrant.
    /// @param holders The rightful holder of each share slot, by index.
    /// @param executableAt The first timestamp at which `executeRuling` works.
    event FlagUpheld(
        DatasetId indexed id,
        uint256 indexed disputeId,
        address indexed arbiter,
        address registrant,
        address[] holders,
        uint256 executableAt
    );

    /// @notice The registrant appealed an upheld ruling: it now takes effect one appeal window later.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param registrant Who appealed.
    /// @param evidenceURI Where the appeal's evidence lives.
    /// @param executableAt The new first timestamp at which `executeRuling` works.
    event RulingAppealed(
        DatasetId indexed id,
        uint256 indexed disputeId,
        address indexed registrant,
        string evidenceURI,
        uint256 executableAt
    );

    /// @notice An upheld ruling took effect: the slots now belong to the holders `FlagUpheld` named, the
    /// registration to `registrant`; the dataset is unfrozen and no longer retired; the opener's bond is
    /// credited back to it and each joiner may reclaim its own.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param registrant The new registrant.
    event RulingExecuted(DatasetId indexed id, uint256 indexed disputeId, address indexed registrant);

    /// @notice A dispute went unruled past the timeout and was ended: the dataset is unfrozen. The opener's bond
    /// was credited to `registrant`, or (where the registrant holds the arbiter role, `registrant` then zero)
    /// handed back; each joiner's bond is left to reclaim either way.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param registrant Who the opener's bond was credited to (zero: every bond goes back to its challenger).
    /// @param bonds Wei credited to `registrant` (the opener's bond), or, when it is zero, every bond the
    /// dispute held.
    event FlagExpired(DatasetId indexed id, uint256 indexed disputeId, address indexed registrant, uint256 bonds);

    /// @notice A joiner took its bond back from an executed, expired or voided dispute, into its bond credit.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param challenger Whose bond it was.
    /// @param amount Wei credited.
    event BondReclaimed(DatasetId indexed id, uint256 indexed disputeId, address indexed challenger, uint256 amount);

    /// @notice The registry's settings, emitted once at deployment so an indexer needs no calls.
    /// @param commitDelay Blocks (registry clock) between commit and reveal.
    /// @param commitWindow Blocks (registry clock) a ready commitment stays revealable.
    /// @param claimDelay Seconds of cooling-off after a registration.
    /// @param flagBond Wei a flag must carry.
    /// @param disputeTimeout Seconds an unruled dispute lasts.
    /// @param appealWindow Seconds an upheld ruling waits.
    event RegistrySettings(
        uint256 commitDelay,
        uint256 commitWindow,
        uint256 claimDelay,
        uint256 flagBond,
        uint256 disputeTimeout,
        uint256 appealWindow
    );

    /// @notice A signed registration spent `registrant`'s nonce `nonce`.
    /// @param registrant The signer.
    /// @param nonce The nonce spent.
    event NonceUsed(address indexed registrant, uint256 nonce);

    /// @notice Bonds credited to `account` were paid out.
    /// @param account Whose credit it was.
    /// @param to Where the wei went.
    /// @param amount Wei paid.
    event BondWithdrawn(address indexed account, address indexed to, uint256 amount);

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
    /// @notice A constructor parameter is out of range.
    /// @param parameter Its name.
    /// @param value The refused value.
    error InvalidParameter(string parameter, uint256 value);
    /// @notice The flag must carry exactly the bond.
    /// @param sent Wei sent.
    /// @param bond Wei required (`flagBond`).
    error WrongBond(uint256 sent, uint256 bond);
    /// @notice Only a registered dataset past its provisional window, not already frozen by a ruled dispute,
    /// can be flagged.
    /// @param id The dataset.
    /// @param status Where it stands.
    error NotFlaggable(DatasetId id, DatasetStatus status);
    /// @notice The dataset has no open flag.
    /// @param id The dataset.
    error NoOpenFlag(DatasetId id);
    /// @notice The flag can be ended by anyone only after `expiresAt`.
    /// @param id The dataset.
    /// @param expiresAt The first timestamp at which `expireFlag` works.
    error FlagNotExpired(DatasetId id, uint256 expiresAt);
    /// @notice A ruling must name a holder for each of the dataset's `expected` share slots.
    /// @param given Holders named.
    /// @param expected The dataset's contributor count.
    error HolderCountMismatch(uint256 given, uint256 expected);
    /// @notice A ruling cannot give a share, or the registration, to `account` (zero, or the arbiter itself).
    /// @param account The refused holder.
    error InvalidHolder(address account);
    /// @notice `account` has no bond credited (or none to reclaim from that dispute).
    /// @param account The caller.
    error NoBondCredit(address account);
    /// @notice The dataset's registrant and its current share holders cannot flag it.
    /// @param id The dataset.
    /// @param account The refused challenger.
    error PartyCannotFlag(DatasetId id, address account);
    /// @notice `account` already posted a bond on this dispute.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param account The challenger.
    error AlreadyChallenger(DatasetId id, uint256 disputeId, address account);
    /// @notice A ruling named dispute `given`, but the dataset's latest dispute is `latest`.
    /// @param id The dataset.
    /// @param given The dispute named.
    /// @param latest The latest dispute (0: none).
    error DisputeMismatch(DatasetId id, uint256 given, uint256 latest);
    /// @notice The dispute is not in a state this call acts on.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param state Where it stands.
    error DisputeNotOpen(DatasetId id, uint256 disputeId, DisputeState state);
    /// @notice The registrant holds the arbiter role: a dismissal would credit the bonds to the arbiter.
    /// @param id The dataset.
    /// @param registrant Its registrant.
    error InterestedArbiter(DatasetId id, address registrant);
    /// @notice The ruling can be appealed only once, before its `executableAt`.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    error AppealClosed(DatasetId id, uint256 disputeId);
    /// @notice The upheld ruling takes effect from `executableAt` on.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param executableAt The first timestamp at which `executeRuling` works.
    error RulingNotExecutable(DatasetId id, uint256 disputeId, uint256 executableAt);
    /// @notice The registrant and holders given are not those the ruling named.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    error RulingMismatch(DatasetId id, uint256 disputeId);
    /// @notice Joiners' bonds come back only when the dispute was executed, expired or voided.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    error BondNotReclaimable(DatasetId id, uint256 disputeId);
    /// @notice A frozen dataset cannot be retired until its dispute ends.
    /// @param id The dataset.
    error DatasetFrozen(DatasetId id);

    /* REGISTRATION */

    /// @notice Commits to a future registration: `commitment = commitmentOf(contentHash, registrant, salt)`.
    /// @dev Reveal with `register` (or `registerFor`) between `commitDelay` and `commitDelay + commitWindow`
    /// blocks later. The content hash stays hidden until the reveal, so a copied reveal cannot win. Committing
    /// a commitment that is still live does nothing and keeps its earlier block, so a copied commit cannot
    /// delay its owner.
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

    /// @notice Retires a dataset: new models can no longer declare it. Only its registrant may.
    /// @param id The dataset.
    function retire(DatasetId id) external;

    /// @notice Moves the caller's share at `index` to `to`, with all it has earned and will earn (key rotation).
    /// @param id The dataset.
    /// @param index The contributor index the caller holds.
    /// @param to The new holder.
    function moveShare(DatasetId id, uint16 index, address to) external;

    /* DISPUTES */

    /// @notice Flags a dataset as stolen, squatted or junk, posting `flagBond` wei: its shares pay nothing
    /// (deposits keep accruing to them) and no new model may declare it, until a ruling takes effect or the
    /// dispute times out. Flagging a dataset whose dispute is open (not yet ruled) joins that dispute with a
    /// bond of one's own. Neither the registrant nor a current holder may flag. The bonds are lost to the
    /// registrant unless a ruling upholds the flag (or the registrant is the arbiter).
    /// @param id A registered dataset past its provisional window, unflagged or with an open dispute.
    /// @param reason Why (ignored when joining).
    /// @param evidenceURI Where the evidence lives (emitted, not stored).
    function flag(DatasetId id, FlagReason reason, string calldata evidenceURI) external payable;

    /// @notice Arbiter: the dispute is unfounded (or an upheld ruling is reversed before it takes effect). The
    /// dataset is unfrozen; every bond is credited to its registrant, who must not hold the arbiter role.
    /// @param id The flagged dataset.
    /// @param disputeId The dispute ruled on; must be the dataset's latest.
    function dismissFlag(DatasetId id, uint256 disputeId) external;

    /// @notice Arbiter: the dispute is founded. After `appealWindow` (twice that if the registrant appeals),
    /// anyone may execute it: share slot `i` goes to `holders[i]` with everything it earned, frozen period
    /// included, and `registrant` becomes the registrant. The dataset stays frozen until then.
    /// @param id The flagged dataset.
    /// @param disputeId The dispute ruled on; must be the dataset's latest, and open.
    /// @param registrant The rightful registrant.
    /// @param holders One rightful holder per share slot (one beneficiary repeated, for junk data).
    function upholdFlag(DatasetId id, uint256 disputeId, address registrant, address[] calldata holders) external;

    /// @notice Registrant: contests an upheld ruling before it takes effect, once, with evidence; the ruling then
    /// waits one more appeal window, in which the arbiter may dismiss instead.
    /// @param id The dataset.
    /// @param disputeId The upheld dispute.
    /// @param evidenceURI Where the appeal's evidence lives (emitted, not stored).
    function appealRuling(DatasetId id, uint256 disputeId, string calldata evidenceURI) external;

    /// @notice Puts an upheld ruling into effect once its appeal window has passed. Anyone may call.
    /// @param id The dataset.
    /// @param disputeId The upheld dispute.
    /// @param registrant The registrant the ruling named (checked against its hash).
    /// @param holders The holders the ruling named (checked against its hash).
    function executeRuling(DatasetId id, uint256 disputeId, address registrant, address[] calldata holders) external;

    /// @notice Ends a dispute left unruled for `disputeTimeout`: the dataset is unfrozen, the opener's bond is
    /// credited to its registrant (or, where the registrant holds the arbiter role, back to the opener) and
    /// each joiner may reclaim its own. Anyone may call.
    /// @param id The flagged dataset.
    function expireFlag(DatasetId id) external;

    /// @notice Credits a joiner's own bond back from an executed, expired or voided dispute (the opener's was
    /// settled when it ended).
    /// @param id The dataset.
    /// @param disputeId The dispute.
    function reclaimBond(DatasetId id, uint256 disputeId) external;

    /// @notice Pays the caller's credited bonds to `to`.
    /// @param to Where the wei goes.
    function withdrawBond(address payable to) external;

    /* VIEWS */

    /// @notice Blocks a commitment must age before its reveal.
    function commitDelay() external view returns (uint64);

    /// @notice Blocks a commitment stays revealable once ready.
    function commitWindow() external view returns (uint64);

    /// @notice Seconds after registration before a dataset's shares can first be paid (the cooling-off).
    function claimDelay() external view returns (uint32);

    /// @notice Wei a flag must carry.
    function flagBond() external view returns (uint256);

    /// @notice Seconds a flag may stay unresolved before anyone can end it.
    function disputeTimeout() external view returns (uint32);

    /// @notice Seconds an upheld ruling waits before it can take effect (doubled by an appeal).
    function appealWindow() external view returns (uint32);

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

    /// @notice The dataset's latest dispute, open or ended (zeroes if it never had one; `id` 0).
    /// @param id The dataset.
    /// @return The dispute.
    function disputeOf(DatasetId id) external view returns (Dispute memory);

    /// @notice Wei `joiner` posted by joining dispute `disputeId` and has not reclaimed (0 for its opener).
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param joiner The joiner.
    /// @return Wei.
    function joinedBond(DatasetId id, uint256 disputeId, address joiner) external view returns (uint256);

    /// @notice Wei credited to `account` from bonds, withdrawable with `withdrawBond`.
    /// @param account The account.
    /// @return Wei.
    function bondCredit(address account) external view returns (uint256);

    /// @notice The contributor at `index` (zeroes if none).
    /// @param id The dataset.
    /// @param index The share index.
    /// @return The slot.
    function contributor(DatasetId id, uint16 index) external view returns (Contributor memory);

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
        uint16 index
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
