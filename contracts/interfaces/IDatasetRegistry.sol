// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDatasetDisputes} from "./IDatasetDisputes.sol";
import {IDatasetRegistration} from "./IDatasetRegistration.sol";

/// @title IDatasetRegistry
/// @notice Datasets keyed by content hash, with their contributors and shares: registered front-running-safe
/// (the earliest live commitment wins), contestable with a bond, and ruled on by an arbiter. Composed of one
/// interface per concern, as Uniswap v4's `IPoolManager` is: registration (`IDatasetRegistration`) and
/// disputes (`IDatasetDisputes`); what spans both is here.
interface IDatasetRegistry is IDatasetRegistration, IDatasetDisputes {
    /* EVENTS */

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

    /* ERRORS */

    /// @notice A constructor parameter is out of range.
    /// @param parameter Its name.
    /// @param value The refused value.
    error InvalidParameter(string parameter, uint256 value);
}
