// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test token with a transfer hook (as ERC-777 or ERC-1363 tokens have) that calls back into a
/// target during every transfer, and records whether that call went through.
contract ReentrantToken is ERC20 {
    address public hookTarget;
    bytes public callData;
    bool public attempted;
    bool public reentered;
    bytes public lastRevert;

    constructor() ERC20("Reentrant", "REE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Lets this token contract itself pay `spender` (so a hook's re-entering deposit, whose payer is
    /// this contract, could succeed if the guard let it in).
    function approveFromSelf(address spender, uint256 amount) external {
        _approve(address(this), spender, amount);
    }

    /// @notice Arms the hook: the next transfer (not mint) calls `target` with `data` once.
    function arm(address target_, bytes calldata data) external {
        hookTarget = target_;
        callData = data;
        attempted = false;
        reentered = false;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && hookTarget != address(0) && !attempted) {
            attempted = true;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory returned) = hookTarget.call(callData);
            reentered = ok;
            lastRevert = returned;
        }
    }
}
