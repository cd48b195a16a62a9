// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDatasetRegistration} from "../interfaces/IDatasetRegistration.sol";
import {DatasetId} from "../types/DatasetId.sol";
import {DatasetStore} from "./DatasetStore.sol";

/// @title CommitReveal
/// @notice Front-running-safe registration: commit, then reveal, where the earliest live commitment wins. A
/// fresh registration is provisional until every older commitment would have expired; a reveal backed by an
/// older one replaces it. Timed by the registry clock, so a pause never changes who wins.
abstract contract CommitReveal is DatasetStore {
    /// @inheritdoc IDatasetRegistration
    uint64 public immutable commitDelay;

    /// @inheritdoc IDatasetRegistration
    uint64 public immutable commitWindow;

    mapping(bytes32 commitment => uint256 clockBlock) private _commitments;

    /// @param commitDelay_ Blocks between commit and reveal; 0 lets one `register` call do it all
    /// (for chains without a public mempool), and registrations are then final at once.
    /// @param commitWindow_ Blocks a ready commitment stays revealable; > 0 where the delay is.
    constructor(uint64 commitDelay_, uint64 commitWindow_) {
        if (commitDelay_ != 0 && commitWindow_ == 0) revert InvalidParameter("commitWindow", 0);
        // Provisional windows are stored as uint40 block numbers.
        if (uint256(commitDelay_) + commitWindow_ > type(uint32).max) {
            revert InvalidParameter("commitDelay + commitWindow", uint256(commitDelay_) + commitWindow_);
        }
        commitDelay = commitDelay_;
        commitWindow = commitWindow_;
    }

    /// @inheritdoc IDatasetRegistration
    /// @dev Timed by the registry clock, which stops during a pause, so no commitment ages while reveals are
    /// stopped. Paused too: the clock stands still then, so commitments made in different blocks of one pause
    /// would tie, and the first to reveal after it would win rather than the first to commit.
    function commit(bytes32 commitment) external whenNotPaused {
        if (commitDelay == 0) revert CommitNotRequired();
        if (commitment == bytes32(0)) revert ZeroCommitment();
        uint256 now_ = _clockNow();
        uint256 previous = _commitments[commitment];
        // A live commitment keeps its block: a copy of it must never restart (or shorten) the owner's wait.
        if (previous != 0 && now_ <= previous + commitDelay + commitWindow) return;
        _commitments[commitment] = now_;
        emit RegistrationCommitted(commitment);
    }

    /// @inheritdoc IDatasetRegistration
    function commitmentOf(DatasetId contentHash, address registrant, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(contentHash, registrant, salt));
    }

    /// @inheritdoc IDatasetRegistration
    function committedAt(bytes32 commitment) external view returns (uint256) {
        return _commitments[commitment];
    }

    /* INTERNAL */

    /// @dev Refuses a registration that an existing one outranks, consumes the reveal's commitment, clears a
    /// provisional registration it outranks, and returns the new registration's provisional window end
    /// (registry clock) and the commitment consumed (zero without a commit delay).
    function _claimPriority(
        DatasetId id,
        address registrant,
        bytes32 salt,
        uint256 count
    ) internal returns (uint256 provisionalUntil, bytes32 commitment) {
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
}
