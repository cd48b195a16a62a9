// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @title AdminPausable
/// @notice One default admin (OpenZeppelin's two-step, delayed transfer) and a pauser role, shared by every
/// DataDividends contract. What a pause stops is each contract's own choice (its `whenNotPaused`
/// functions); no contract here lets a pause stop a claim.
abstract contract AdminPausable is Pausable, AccessControlDefaultAdminRules {
    /// @notice May pause and unpause.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @param adminDelay Delay of a default-admin transfer, in seconds.
    /// @param admin The initial default admin, also granted the pauser role.
    constructor(uint48 adminDelay, address admin) AccessControlDefaultAdminRules(adminDelay, admin) {
        _grantRole(PAUSER_ROLE, admin);
    }

    /// @notice Stops every `whenNotPaused` function of this contract (claims are never among them).
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resumes what `pause` stopped.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }
}
