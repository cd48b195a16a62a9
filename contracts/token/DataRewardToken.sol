// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Capped} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Capped.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/// @title DataRewardToken
/// @notice The bundled reward and governance token: ERC-20 with EIP-2612 permit, ERC-5805 votes (delegate to
/// vote), a capped supply and a minter role.
/// @dev The initial supply is minted in the constructor to `initialHolder`, so a deployment whose admin is a
/// multisig or a timelock needs no call from the admin. Votes are checkpointed by timestamp (ERC-6372
/// `mode=timestamp`), so a governor's voting delay and period are seconds, comparable with the timelock's delay
/// and the dispute appeal window on every chain whatever its block time.
contract DataRewardToken is ERC20, ERC20Permit, ERC20Votes, ERC20Capped, AccessControlDefaultAdminRules {
    /// @notice May mint, up to the cap.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @param name_ Token name (also the EIP-712 domain name of `permit`).
    /// @param symbol_ Token symbol.
    /// @param cap_ Most tokens that can ever exist, in base units.
    /// @param initialHolder Receives `initialSupply` (ignored when it is 0); the zero address means `admin`
    /// (a governed deployment's treasury, the timelock, which does not exist when parameters are written).
    /// @param initialSupply Base units minted at deployment.
    /// @param adminDelay Delay of a default-admin transfer.
    /// @param admin The initial default admin, also granted the minter role.
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 cap_,
        address initialHolder,
        uint256 initialSupply,
        uint48 adminDelay,
        address admin
    ) ERC20(name_, symbol_) ERC20Permit(name_) ERC20Capped(cap_) AccessControlDefaultAdminRules(adminDelay, admin) {
        _grantRole(MINTER_ROLE, admin);
        if (initialSupply != 0) _mint(initialHolder == address(0) ? admin : initialHolder, initialSupply);
    }

    /// @notice Mints `amount` to `to`. Reverts past the cap (`ERC20ExceededCap`).
    /// @param to The recipient.
    /// @param amount Base units.
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @notice The votes clock: the block's timestamp (ERC-6372).
    /// @return Seconds since the epoch.
    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    /// @notice How the votes clock counts (ERC-6372).
    /// @return `mode=timestamp`.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice The permit and delegation nonce of `owner` (one sequence for both).
    /// @param owner The account.
    /// @return The next nonce.
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes, ERC20Capped) {
        super._update(from, to, value);
    }
}
