// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DatasetId} from "../types/DatasetId.sol";
import {IDatasetRegistration} from "./IDatasetRegistration.sol";

/// @title IDatasetDisputes
/// @notice Contesting a dataset: a bonded flag freezes it; the arbiter dismisses or upholds, naming the dispute; an
/// upheld ruling takes effect after an appeal window; an unruled flag expires; bonds are credited and withdrawn by
/// pull. One concern of `IDatasetRegistry`.
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

    /// @notice Bonds credited to `account` were paid out.
    /// @param account Whose credit it was.
    /// @param to Where the wei went.
    /// @param amount Wei paid.
    event BondWithdrawn(address indexed account, address indexed to, uint256 amount);

    /* ERRORS */

    /// @notice The flag must carry exactly the bond.
    /// @param sent Wei sent.
    /// @param bond Wei required (`flagBond`).
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

    /* FUNCTIONS */

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

    /// @notice Wei a flag must carry.
    function flagBond() external view returns (uint256);

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
