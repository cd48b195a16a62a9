// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test token in the style of USDC's blacklist: blocked addresses can neither send nor receive.
contract BlacklistToken is ERC20 {
    error Blacklisted(address account);

    mapping(address account => bool) public blocked;

    constructor() ERC20("Blacklist", "BLK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setBlocked(address account, bool value) external {
        blocked[account] = value;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[from]) revert Blacklisted(from);
        if (blocked[to]) revert Blacklisted(to);
        super._update(from, to, value);
    }
}
