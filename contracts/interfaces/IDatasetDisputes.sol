// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DatasetId} from "../types/DatasetId.sol";
import {IDatasetRegistration} from "./IDatasetRegistration.sol";

/// @title IDatasetDisputes
/// @notice Contesting a dataset: a bonded flag freezes it; the arbiter dismisses or upholds, naming the dispute; an
/// upheld ruling takes effect after an appeal window; an unruled flag expires. A bond comes back only when a ruling
/// agrees with the flag (or, for a joiner, when the dispute expired); otherwise it is forfeited to no one, and the
/// dataset's next flag costs twice as much. Bonds that come back are credited and withdrawn by pull. One concern of
/// `IDatasetRegistry`.
interface IDatasetDisputes {
    /* TYPES */

    /// @notice Why a challenger flags a dataset (informational; the arbiter reads the evidence).
    enum FlagReason {
        Other,
        NotTheOwner,
        StolenData,
        JunkData,
        WrongContributors
    }

    /// @notice Where a dispute stands. `Open` and `Upheld` keep the dataset frozen. `Upheld` waits for its
    /// appeal window, then anyone executes it (`Executed`); the arbiter may still dismiss it until then.
    /// `Dismissed` forfeited every bond; `Expired` forfeited the opener's bond and let each joiner reclaim its own;
    /// `Executed` credited the opener's bond back and let each joiner reclaim its own.
    enum DisputeState {
        None,
        Open,
        Upheld,
        Dismissed,
        Expired,
        Executed
    }

    /// @notice A dataset's latest dispute: who opened it, when, why, where it stands, whether the ruling was
    /// appealed, its number on the dataset (1, 2, ...), the bonds posted (by the opener and every joiner),
    /// an upheld ruling's earliest execution time, the dataset's strikes (flags that ended dismissed or expired
    /// before this one, at most `MAX_STRIKES`: each bond of this dispute is `flagBond << strikes`; counted up
    /// when this one ends so, and carried to the next flag) and the ruling's hash. Kept after it ends, until the
    /// next flag.
    struct Dispute {
        address challenger;
        uint40 openedAt;
        FlagReason reason;
        DisputeState state;
        bool appealed;
        uint32 id;
        uint128 bonds;
        uint40 executableAt;
        uint8 strikes;
        bytes32 ruling;
    }

    /* EVENTS */

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
    /// forfeited (paid to no one); the dataset's next flag costs twice as much.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param arbiter Who ruled.
    /// @param forfeited Wei forfeited.
    event FlagDismissed(DatasetId indexed id, uint256 indexed disputeId, address indexed arbiter, uint256 forfeited);

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

    /// @notice The registrant or a share holder appealed an upheld ruling: it now takes effect one appeal window
    /// later.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param appellant Who appealed.
    /// @param evidenceURI Where the appeal's evidence lives.
    /// @param executableAt The new first timestamp at which `executeRuling` works.
    event RulingAppealed(
        DatasetId indexed id,
        uint256 indexed disputeId,
        address indexed appellant,
        string evidenceURI,
        uint256 executableAt
    );

    /// @notice An upheld ruling took effect: the slots now belong to the holders `FlagUpheld` named, the
    /// registration to `registrant`; the dataset is unfrozen, and no longer retired unless `registrant` is the
    /// registrant who retired it; the opener's bond is credited back to it and each joiner may reclaim its own.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param registrant The new registrant.
    event RulingExecuted(DatasetId indexed id, uint256 indexed disputeId, address indexed registrant);

    /// @notice A dispute went unruled past the timeout and was ended: the dataset is unfrozen, the opener's bond
    /// is forfeited (paid to no one) and the dataset's next flag costs twice as much; each joiner may reclaim its
    /// own bond.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param forfeited Wei forfeited (the opener's bond).
    event FlagExpired(DatasetId indexed id, uint256 indexed disputeId, uint256 forfeited);

    /// @notice A joiner took its bond back from an executed or expired dispute, into its bond credit.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    /// @param challenger Whose bond it was.
    /// @param amount Wei credited.
    event BondReclaimed(DatasetId indexed id, uint256 indexed disputeId, address indexed challenger, uint256 amount);

    /// @notice Bonds credited to `account` were paid out.
    /// @param account Whose credit it was.
    /// @param to Where the wei went.
    /// @param amount Wei paid.
    event BondWithdrawn(address indexed account, address indexed to, uint256 amount);

    /* ERRORS */

    /// @notice The flag must carry exactly the bond.
    /// @param sent Wei sent.
    /// @param bond Wei required (`bondToFlag(id)`).
    error WrongBond(uint256 sent, uint256 bond);

    /// @notice Only a registered dataset past its provisional window, not already frozen by a ruled dispute,
    /// can be flagged.
    /// @param id The dataset.
    /// @param status Where it stands.
    error NotFlaggable(DatasetId id, IDatasetRegistration.DatasetStatus status);

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

    /// @notice The dataset's registrant cannot flag it.
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

    /// @notice Only the dataset's registrant or the holder of its share slot `index` may appeal.
    /// @param id The dataset.
    /// @param index The share slot named.
    /// @param account The caller.
    error NotAppellant(DatasetId id, uint256 index, address account);

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

    /// @notice Joiners' bonds come back only when the dispute was executed or expired.
    /// @param id The dataset.
    /// @param disputeId The dispute.
    error BondNotReclaimable(DatasetId id, uint256 disputeId);

    /// @notice A frozen dataset cannot be retired until its dispute ends.
    /// @param id The dataset.
    error DatasetFrozen(DatasetId id);

    /* FUNCTIONS */

    /// @notice Flags a dataset as stolen, squatted or junk, posting `bondToFlag(id)` wei: its shares pay nothing
    /// (deposits keep accruing to them) and no new model may declare it, until a ruling takes effect or the
    /// dispute times out. Flagging a dataset whose dispute is open (not yet ruled) joins that dispute with a
    /// bond of one's own. The registrant may not flag. The bonds are forfeited to no one unless a ruling upholds
    /// the flag (a joiner also gets its own back when the dispute expires).
    /// @param id A registered dataset past its provisional window, unflagged or with an open dispute.
    /// @param reason Why (ignored when joining).
    /// @param evidenceURI Where the evidence lives (emitted, not stored).
    function flag(DatasetId id, FlagReason reason, string calldata evidenceURI) external payable;

    /// @notice Arbiter: the dispute is unfounded (or an upheld ruling is reversed before it takes effect). The
    /// dataset is unfrozen; every bond is forfeited (no one is paid it, the arbiter and the registrant included).
    /// @param id The flagged dataset.
    /// @param disputeId The dispute ruled on; must be the dataset's latest.
    function dismissFlag(DatasetId id, uint256 disputeId) external;

    /// @notice Arbiter: the dispute is founded. After `appealWindow` (twice that if it is appealed),
    /// anyone may execute it: share slot `i` goes to `holders[i]` with everything it earned, frozen period
    /// included, and `registrant` becomes the registrant. The dataset stays frozen until then.
    /// @param id The flagged dataset.
    /// @param disputeId The dispute ruled on; must be the dataset's latest, and open.
    /// @param registrant The rightful registrant.
    /// @param holders One rightful holder per share slot (one beneficiary repeated, for junk data).
    function upholdFlag(DatasetId id, uint256 disputeId, address registrant, address[] calldata holders) external;

    /// @notice Registrant or share holder: contests an upheld ruling before it takes effect, once per dispute, with
    /// evidence; the ruling then waits one more appeal window, in which the arbiter may dismiss instead.
    /// @param id The dataset.
    /// @param disputeId The upheld dispute.
    /// @param index The share slot the caller holds (any, for the registrant).
    /// @param evidenceURI Where the appeal's evidence lives (emitted, not stored).
    function appealRuling(DatasetId id, uint256 disputeId, uint32 index, string calldata evidenceURI) external;

    /// @notice Puts an upheld ruling into effect once its appeal window has passed. Anyone may call.
    /// @param id The dataset.
    /// @param disputeId The upheld dispute.
    /// @param registrant The registrant the ruling named (checked against its hash).
    /// @param holders The holders the ruling named (checked against its hash).
    function executeRuling(DatasetId id, uint256 disputeId, address registrant, address[] calldata holders) external;

    /// @notice Ends a dispute left unruled for `disputeTimeout`: the dataset is unfrozen, the opener's bond is
    /// forfeited and each joiner may reclaim its own. Anyone may call.
    /// @param id The flagged dataset.
    function expireFlag(DatasetId id) external;

    /// @notice Credits a joiner's own bond back from an executed or expired dispute (the opener's was settled
    /// when it ended).
    /// @param id The dataset.
    /// @param disputeId The dispute.
    function reclaimBond(DatasetId id, uint256 disputeId) external;

    /// @notice Pays the caller's credited bonds to `to`.
    /// @param to Where the wei goes.
    function withdrawBond(address payable to) external;

    /// @notice Wei the first flag on a dataset must carry (`bondToFlag` gives what the next one must).
    function flagBond() external view returns (uint256);

    /// @notice Wei the next flag on (or join of the open dispute of) dataset `id` must carry: `flagBond`, doubled
    /// for each earlier flag on it that was dismissed or expired (at most `MAX_STRIKES` doublings).
    /// @param id The dataset.
    /// @return Wei.
    function bondToFlag(DatasetId id) external view returns (uint256);

    /// @notice Seconds a flag may stay unresolved before anyone can end it.
    function disputeTimeout() external view returns (uint32);

    /// @notice Seconds an upheld ruling waits before it can take effect (doubled by an appeal).
    function appealWindow() external view returns (uint32);

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
}
