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
/// flag expires. A freeze costs whoever caused it unless a ruling agrees with them. Bonds move by pull.
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
        // A dispute totals its bonds in a uint128: 2^32 joiners of the largest bond still fit.
        if (flagBond_ > type(uint96).max) revert InvalidParameter("flagBond", flagBond_);
        flagBond = flagBond_;
        disputeTimeout = disputeTimeout_;
        appealWindow = appealWindow_;
    }

    /// @inheritdoc IDatasetDisputes
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

    /// @inheritdoc IDatasetDisputes
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
        record.registrant = registrant;
        // Unfrozen, and un-retired: a retirement by the party the ruling removed does not bind the rightful one.
        record.flags = 0;
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
    function joinedBond(DatasetId id, uint256 disputeId, address joiner) external view returns (uint256) {
        return _joined[id][disputeId][joiner];
    }

    /// @inheritdoc IDatasetDisputes
    function bondCredit(address account) external view returns (uint256) {
        return _bondCredits[account];
    }

    /* INTERNAL */

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
}
