// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AdminPausable} from "../access/AdminPausable.sol";

/// @title RegistryClock
/// @notice The registry's clock: blocks in which registration was not paused. Commitments, their windows and
/// provisional registrations are measured in it, so a pause never changes who wins a registration.
/// @dev The pause flag and the clock share one slot, so `register` reads both in the read its `whenNotPaused`
/// makes anyway. Replaces Pausable's own flag (`paused()` and `_pause`/`_unpause` are overridden; its
/// modifiers, events and errors are kept).
abstract contract RegistryClock is AdminPausable {
    struct PauseClock {
        bool paused;
        uint40 pausedAt;
        uint40 pausedBlocks;
    }

    PauseClock private _clock;

    /// @notice Whether registration is paused.
    /// @return True while paused.
    function paused() public view override returns (bool) {
        return _clock.paused;
    }

    /// @dev Stops the registry clock with registration.
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

    /// @dev The registry clock: blocks during which registration was not paused (block numbers until the
    /// first pause). It stands still while paused.
    function _clockNow() internal view returns (uint256) {
        PauseClock memory clock_ = _clock;
        return (clock_.paused ? clock_.pausedAt : block.number) - clock_.pausedBlocks;
    }
}
