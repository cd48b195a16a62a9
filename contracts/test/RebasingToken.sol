// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Test token whose balances change by themselves (stETH-style shares): `rebase` scales every balance.
/// A vault holding it becomes insolvent after a negative rebase, which is why `deploy --token` refuses it.
contract RebasingToken is IERC20 {
    mapping(address account => uint256) private _shares;
    mapping(address owner => mapping(address spender => uint256)) public allowance;
    uint256 private _totalShares;
    uint256 public totalSupply;

    function symbol() external pure returns (string memory) {
        return "REB";
    }

    function decimals() external pure returns (uint8) {
        return 18;
    }

    function sharesOf(address account) external view returns (uint256) {
        return _shares[account];
    }

    function balanceOf(address account) public view returns (uint256) {
        return _totalShares == 0 ? 0 : (_shares[account] * totalSupply) / _totalShares;
    }

    function mint(address to, uint256 amount) external {
        uint256 shares = _totalShares == 0 ? amount : (amount * _totalShares) / totalSupply;
        _shares[to] += shares;
        _totalShares += shares;
        totalSupply += amount;
    }

    /// @dev Sets the supply every share is worth a part of: balances move without a transfer.
    function rebase(uint256 newSupply) external {
        totalSupply = newSupply;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _move(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        allowance[from][msg.sender] -= amount;
        _move(from, to, amount);
        return true;
    }

    function _move(address from, address to, uint256 amount) private {
        uint256 shares = (amount * _totalShares) / totalSupply;
        _shares[from] -= shares;
        _shares[to] += shares;
        emit Transfer(from, to, amount);
    }
}
