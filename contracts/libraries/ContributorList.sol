// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDatasetRegistration} from "../interfaces/IDatasetRegistration.sol";

/// @title ContributorList
/// @notice The contributor-list rule: strictly ascending, non-zero addresses with non-zero shares. The
/// toolkit's copy (src/protocol/contributors.ts) is held to it by a differential test.
library ContributorList {
    /// @notice Reverts unless the list is valid; returns the shares' sum.
    /// @param accounts The contributors, strictly ascending.
    /// @param shares Their shares, aligned.
    /// @return totalShares The sum of `shares`.
    function check(address[] calldata accounts, uint32[] calldata shares) internal pure returns (uint256 totalShares) {
        address previous;
        for (uint256 i; i < accounts.length; ++i) {
            address account = accounts[i];
            if (account <= previous) {
                if (account == address(0)) revert IDatasetRegistration.ZeroAddressContributor(i);
                if (account == previous) revert IDatasetRegistration.DuplicateContributor(account);
                revert IDatasetRegistration.ContributorsNotSorted(previous, account);
            }
            if (shares[i] == 0) revert IDatasetRegistration.ZeroShares(account);
            totalShares += shares[i];
            previous = account;
        }
    }
}
