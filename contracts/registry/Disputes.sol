// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IDatasetDisputes} from "../interfaces/IDatasetDisputes.sol";
import {MetadataURI} from "../libraries/MetadataURI.sol";
import {DatasetId} from "../types/DatasetId.sol";
import {DatasetStore} from "./DatasetStore.sol";

/// @title Disputes
/// @notice Contesting a dataset: a bonded flag freezes its slots (they pay nothing, lose nothing); the arbiter
/// dismisses or upholds naming the dispute; an upheld ruling takes effect after an appeal window; an unruled
/// flag expires. A freeze costs whoever caused it unless a ruling agrees with them: the bond of a flag that is
/// dismissed or expires is forfeited (no party is paid it, so a registrant's second address cannot flag for free),
/// and each such flag doubles the bond the dataset's next flag must carry. Bonds that come back move by pull.
abstract contract Disputes is DatasetStore, ReentrancyGuardTransient {
    /// @notice May rule on flagged datasets. It can reassign a flagged dataset's share slots and nothing else;
    /// no function pays it.
    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER_ROLE");

    /// @inheritdoc IDatasetDisputes
    uint256 public immutable flagBond;

    /// @inheritdoc IDatasetDisputes
    uint32 public immutable disputeTimeout;

    /// @inheritdoc IDatasetDisputes
    uint32 public immutable appealWindow;

    /// @notice Most doublings of the flag bond: after this many cleared flags on a dataset, each further flag
    /// costs `flagBond << MAX_STRIKES`.
    uint256 public constant MAX_STRIKES = 8;

    mapping(DatasetId id => Dispute) private _disputes;
    mapping(DatasetId id => mapping(uint256 disputeId => mapping(address joiner => uint256 wei_))) private _joined;
    mapping(DatasetId id => mapping(uint256 disputeId => bool)) private _refundable;
    mapping(address account => uint256 amount) private _bondCredits;

    /// @param flagBond_ Wei a flag must carry (> 0).
    /// @param disputeTimeout_ Seconds a flag may stay unresolved before anyone can end it (> 0).
    /// @param appealWindow_ Seconds an upheld ruling waits before it takes effect, in which the registrant may
    /// appeal once (doubling the wait) and the arbiter may still dismiss (> 0).
    constructor(uint256 flagBond_, uint32 disputeTimeout_, uint32 appealWindow_) {
        if (flagBond_ == 0) revert InvalidParameter("flagBond", 0);
        if (disputeTimeout_ == 0) revert InvalidParameter("disputeTimeout", 0);
        if (appealWindow_ == 0) revert InvalidParameter("appealWindow", 0);
        // A dispute totals its bonds in a uint128: 2^32 joiners of the largest (doubled) bond still fit.
        if (flagBond_ > type(uint88).max) revert InvalidParameter("flagBond", flagBond_);
        flagBond = flagBond_;
        disputeTimeout = disputeTimeout_;
        appealWindow = appealWindow_;
    }

    /// @inheritdoc IDatasetDisputes
    function flag(DatasetId id, FlagReason reason, string calldata evidenceURI) external payable {
        Dataset storage record = _datasets[id];
        // The registrant would freeze its own contributors; a holder may flag (its bond is at stake like anyone's).
        if (record.registrant == msg.sender) revert PartyCannotFlag(id, msg.sender);
        Dispute storage dispute = _disputes[id];
        (uint256 disputeId, uint256 strikes) = (dispute.id, dispute.strikes);
        uint256 bond = flagBond << strikes;
        if (msg.value != bond) revert WrongBond(msg.value, bond);
        MetadataURI.check(evidenceURI);
        if (record.flags & FLAG_FROZEN != 0 && dispute.state == DisputeState.Open) {
            // Join: one open dispute per dataset, any number of challengers, one bond each.
            if (msg.sender == dispute.challenger || _joined[id][disputeId][msg.sender] != 0) {
                revert AlreadyChallenger(id, disputeId, msg.sender);
            }
            _joined[id][disputeId][msg.sender] = msg.value;
            // msg.value < 2^96 (constructor check and MAX_STRIKES): 2^32 joiners would be needed to pass 2^128.
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
            strikes: uint8(strikes),
            ruling: bytes32(0)
        });
        emit DatasetFlagged(id, disputeId, msg.sender, reason, msg.value, evidenceURI);
    }

    /// @inheritdoc IDatasetDisputes
    function dismissFlag(DatasetId id, uint256 disputeId) external onlyRole(ARBITER_ROLE) {
        Dispute storage dispute = _named(id, disputeId);
        DisputeState state = dispute.state;
        // An upheld ruling may still be reversed while it waits out its appeal window.
        if (state != DisputeState.Open && state != DisputeState.Upheld) revert DisputeNotOpen(id, disputeId, state);
        dispute.state = DisputeState.Dismissed;
        _datasets[id].flags &= ~FLAG_FROZEN;
        _strike(dispute);
        // Every bond is forfeited: paid to no one, so no party (the registrant's side, an interested arbiter)
        // gains from a freeze, and a dismissal is worth nothing to whoever rules it.
        uint256 bonds = dispute.bonds;
        emit FlagDismissed(id, disputeId, msg.sender, bonds);
    }

    /// @inheritdoc IDatasetDisputes
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

    /// @inheritdoc IDatasetDisputes
    function appealRuling(DatasetId id, uint256 disputeId, uint32 index, string calldata evidenceURI) external {
        Dispute storage dispute = _named(id, disputeId);
        if (dispute.state != DisputeState.Upheld) revert DisputeNotOpen(id, disputeId, dispute.state);
        // The ruling reassigns every slot and the registration: each of their current holders is affected.
        if (_datasets[id].registrant != msg.sender && _contributors[id][index].account != msg.sender) {
            revert NotAppellant(id, index, msg.sender);
        }
        uint256 executableAt = dispute.executableAt;
        if (dispute.appealed || block.timestamp >= executableAt) revert AppealClosed(id, disputeId);
        MetadataURI.check(evidenceURI);
        executableAt += appealWindow;
        dispute.appealed = true;
        dispute.executableAt = uint40(executableAt);
        emit RulingAppealed(id, disputeId, msg.sender, evidenceURI, executableAt);
    }

    /// @inheritdoc IDatasetDisputes
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
        // Unfrozen; un-retired only where the registrant changes: a retirement by the party the ruling removed
        // does not bind the rightful one, but a registrant the ruling keeps keeps its own retirement.
        uint8 flags = record.flags & (record.registrant == registrant ? ~FLAG_FROZEN : ~(FLAG_FROZEN | FLAG_RETIRED));
        // A share-tree dataset's slots are reassigned by the tree the arbiter named: one generation on, every slot
        // written under the old tree pays no one until written under the new (checked: at most 63 generations).
        if (_replaceTree(id, disputeId)) flags += TREE_GENERATION;
        record.flags = flags;
        record.registrant = registrant;
        _refund(id, dispute);
        emit RulingExecuted(id, disputeId, registrant);
    }

    /// @inheritdoc IDatasetDisputes
    function expireFlag(DatasetId id) external {
        Dispute storage dispute = _disputes[id];
        if (dispute.state != DisputeState.Open) revert NoOpenFlag(id);
        uint256 expiresAt = uint256(dispute.openedAt) + disputeTimeout;
        if (block.timestamp < expiresAt) revert FlagNotExpired(id, expiresAt);
        _datasets[id].flags &= ~FLAG_FROZEN;
        // An unruled freeze costs whoever caused it: the opener's bond is forfeited (paid to no one, so neither
        // the registrant's side nor the flagger of an arbiter's own dataset gets it back). Joiners did not cause
        // it (the freeze already stood) and no ruling went against them: they reclaim theirs.
        dispute.state = DisputeState.Expired;
        uint256 forfeited = flagBond << _strike(dispute);
        uint256 disputeId = dispute.id;
        _refundable[id][disputeId] = true;
        emit FlagExpired(id, disputeId, forfeited);
    }

    /// @inheritdoc IDatasetDisputes
    function reclaimBond(DatasetId id, uint256 disputeId) external {
        if (!_refundable[id][disputeId]) revert BondNotReclaimable(id, disputeId);
        uint256 amount = _joined[id][disputeId][msg.sender];
        if (amount == 0) revert NoBondCredit(msg.sender);
        delete _joined[id][disputeId][msg.sender];
        _bondCredits[msg.sender] += amount;
        emit BondReclaimed(id, disputeId, msg.sender, amount);
    }

    /// @inheritdoc IDatasetDisputes
    function withdrawBond(address payable to) external nonReentrant {
        uint256 amount = _bondCredits[msg.sender];
        if (amount == 0) revert NoBondCredit(msg.sender);
        delete _bondCredits[msg.sender];
        emit BondWithdrawn(msg.sender, to, amount);
        Address.sendValue(to, amount);
    }

    /* VIEWS */

    /// @inheritdoc IDatasetDisputes
    function disputeOf(DatasetId id) external view returns (Dispute memory) {
        return _disputes[id];
    }

    /// @inheritdoc IDatasetDisputes
    function bondToFlag(DatasetId id) external view returns (uint256) {
        return flagBond << _disputes[id].strikes;
    }

    /// @inheritdoc IDatasetDisputes
    function joinedBond(DatasetId id, uint256 disputeId, address joiner) external view returns (uint256) {
        return _joined[id][disputeId][joiner];
    }

    /// @inheritdoc IDatasetDisputes
    function bondCredit(address account) external view returns (uint256) {
        return _bondCredits[account];
    }

    /* INTERNAL */

    /// @dev Counts a flag that ended without a ruling agreeing with it: the dataset's next flag costs twice as much
    /// (up to `MAX_STRIKES` doublings), so repeated freezes grow dearer whoever posts them.
    /// Returns the strikes the dispute was opened with (its opener's bond is `flagBond << strikes`).
    function _strike(Dispute storage dispute) private returns (uint256 strikes) {
        strikes = dispute.strikes;
        if (strikes < MAX_STRIKES) dispute.strikes = uint8(strikes + 1);
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
        _bondCredits[dispute.challenger] += flagBond << dispute.strikes;
    }

    /// @dev Installs the replacement tree named for dispute `disputeId` of share-tree dataset `id`, if one was.
    function _replaceTree(DatasetId id, uint256 disputeId) internal virtual returns (bool);

    function _rulingHash(address registrant, address[] calldata holders) private pure returns (bytes32) {
        return keccak256(abi.encode(registrant, holders));
    }
}
