// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IRewardVault} from "datadividends/contracts/interfaces/IRewardVault.sol";
import {ModelId} from "datadividends/contracts/types/ModelId.sol";

/// @title InferenceGateway
/// @notice Sells inferences of one model at a fixed price, in the reward token of a DataDividends vault, and
/// pays every price into the model's pool there: the people whose data trained the model earn on each call.
contract InferenceGateway {
    using SafeERC20 for IERC20;

    /// @notice The vault the prices are paid into.
    IRewardVault public immutable vault;
    /// @notice The vault's reward token, in which inferences are priced.
    IERC20 public immutable token;
    /// @notice The model this gateway serves.
    ModelId public immutable model;
    /// @notice The price of one inference, in token units.
    uint256 public immutable price;

    /// @notice An inference was paid for, and its price deposited into the model's pool.
    /// @param payer Who paid.
    /// @param request The request's hash (the off-chain service answers it).
    /// @param price What was paid.
    event InferencePaid(address indexed payer, bytes32 indexed request, uint256 price);

    /// @notice A gateway must charge something.
    error ZeroPrice();

    /// @param vault_ A DataDividends vault.
    /// @param model_ A model registered in the vault's model registry.
    /// @param price_ The price of one inference, > 0.
    constructor(IRewardVault vault_, ModelId model_, uint256 price_) {
        if (price_ == 0) revert ZeroPrice();
        vault = vault_;
        token = vault_.token();
        model = model_;
        price = price_;
        token.forceApprove(address(vault_), type(uint256).max);
    }

    /// @notice Pays for one inference (the caller must have approved this gateway for `price`).
    /// @param request The request's hash.
    function infer(bytes32 request) external {
        token.safeTransferFrom(msg.sender, address(this), price);
        vault.deposit(model, price);
        emit InferencePaid(msg.sender, request, price);
    }
}
