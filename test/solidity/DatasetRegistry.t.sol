// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IDatasetRegistration} from "../../contracts/interfaces/IDatasetRegistration.sol";
import {DatasetId} from "../../contracts/types/DatasetId.sol";
import {SystemFixture} from "./utils/SystemFixture.sol";

/// @notice Fuzzed defenses of the dataset registry (DESIGN.md, threats table).
contract DatasetRegistryFuzzTest is SystemFixture {
    uint64 internal constant DELAY = 2;

    function setUp() public {
        _deployRegistries(DELAY);
    }

    /// @dev A valid list: strictly ascending, non-zero addresses; shares in [1, 2^32 - 1].
    function _validList(uint256 seed, uint256 n) internal pure returns (address[] memory a, uint32[] memory s) {
        a = new address[](n);
        s = new uint32[](n);
        uint160 next = uint160(uint256(keccak256(abi.encode(seed))) >> 100) + 1;
        for (uint256 i; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            next += uint160(1 + (r % 2 ** 40));
            a[i] = address(next);
            s[i] = uint32(1 + ((r >> 64) % (2 ** 32 - 1)));
        }
    }

    function _registration(
        bytes32 hash,
        address[] memory a,
        uint32[] memory s
    ) internal pure returns (IDatasetRegistration.Registration memory) {
        return
            IDatasetRegistration.Registration({
                contentHash: DatasetId.wrap(hash),
                metadataURI: "ipfs://m",
                contributors: a,
                shares: s
            });
    }

    function _commitAndWait(address registrant, bytes32 hash, bytes32 salt) internal {
        vm.prank(registrant);
        datasets.commit(datasets.commitmentOf(DatasetId.wrap(hash), registrant, salt));
        vm.roll(block.number + DELAY);
    }

    /// Threat: duplicate / zero / unsorted contributors or zero shares inflate totals and strand money.
    /// Each fuzzed list either reverts with exactly the error its defect names, or is stored with
    /// shares summing to the stored total.
    function testFuzz_register_contributorListsRevertExactlyOrSumToTotal(
        uint256 seed,
        uint16 rawCount,
        uint8 rawDefect,
        uint16 rawAt
    ) public {
        uint256 defect = bound(rawDefect, 0, 6);
        uint256 n = bound(rawCount, defect == 2 || defect == 3 ? 2 : 1, 256);
        if (defect == 6) n = 257;
        (address[] memory a, uint32[] memory s) = _validList(seed, n);
        uint256 k = bound(rawAt, defect == 2 || defect == 3 ? 1 : 0, n - 1);
        bytes memory expected;
        if (defect == 1) {
            a[k] = address(0);
            expected = abi.encodeWithSelector(IDatasetRegistration.ZeroAddressContributor.selector, k);
        } else if (defect == 2) {
            a[k] = a[k - 1];
            expected = abi.encodeWithSelector(IDatasetRegistration.DuplicateContributor.selector, a[k]);
        } else if (defect == 3) {
            (a[k - 1], a[k]) = (a[k], a[k - 1]);
            expected = abi.encodeWithSelector(IDatasetRegistration.ContributorsNotSorted.selector, a[k - 1], a[k]);
        } else if (defect == 4) {
            s[k] = 0;
            expected = abi.encodeWithSelector(IDatasetRegistration.ZeroShares.selector, a[k]);
        } else if (defect == 5) {
            uint32[] memory longer = new uint32[](n + 1);
            for (uint256 i; i < n; ++i) longer[i] = s[i];
            longer[n] = 1;
            s = longer;
            expected = abi.encodeWithSelector(IDatasetRegistration.LengthMismatch.selector, n, n + 1);
        } else if (defect == 6) {
            expected = abi.encodeWithSelector(IDatasetRegistration.TooManyContributors.selector, n, 256);
        }

        bytes32 hash = keccak256(abi.encode("list", seed));
        _commitAndWait(address(this), hash, bytes32(seed));
        if (defect != 0) vm.expectRevert(expected);
        datasets.register(_registration(hash, a, s), bytes32(seed));
        if (defect != 0) {
            vm.assertEq(uint256(datasets.statusOf(DatasetId.wrap(hash))), 0, "nothing stored");
            return;
        }
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            IDatasetRegistration.Contributor memory c = datasets.contributor(DatasetId.wrap(hash), uint16(i));
            vm.assertEq(c.account, a[i], "account");
            vm.assertEq(c.shares, s[i], "shares");
            sum += c.shares;
        }
        vm.assertEq(datasets.contributor(DatasetId.wrap(hash), 0).totalShares, sum, "stored total = sum of shares");
        vm.assertEq(datasets.dataset(DatasetId.wrap(hash)).contributorCount, n, "count");
    }

    /// Threat: someone copies a pending registration's content hash and registers it first.
    function testFuzz_register_copiedRevealReverts(bytes32 hash, bytes32 salt, address attacker) public {
        vm.assume(hash != bytes32(0) && attacker != address(this) && attacker != address(0));
        (address[] memory a, uint32[] memory s) = _validList(uint256(hash), 1);
        _commitAndWait(address(this), hash, salt);
        bytes32 attackersCommitment = datasets.commitmentOf(DatasetId.wrap(hash), attacker, salt);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(IDatasetRegistration.CommitmentNotFound.selector, attackersCommitment));
        datasets.register(_registration(hash, a, s), salt);
        datasets.register(_registration(hash, a, s), salt);
        vm.assertEq(datasets.dataset(DatasetId.wrap(hash)).registrant, address(this), "honest registrant wins");
    }

    /// Threat: a reveal in the commit's own block (or any block before the delay) gets through.
    function testFuzz_register_earlyRevealReverts(bytes32 hash, bytes32 salt, uint8 wait) public {
        vm.assume(hash != bytes32(0));
        uint256 early = bound(wait, 0, DELAY - 1);
        (address[] memory a, uint32[] memory s) = _validList(uint256(hash), 1);
        bytes32 c = datasets.commitmentOf(DatasetId.wrap(hash), address(this), salt);
        datasets.commit(c);
        uint256 readyAt = block.number + DELAY;
        vm.roll(block.number + early);
        vm.expectRevert(abi.encodeWithSelector(IDatasetRegistration.CommitmentNotReady.selector, c, readyAt));
        datasets.register(_registration(hash, a, s), salt);
    }

    /// Threat: a copied commit resets (or shortens) the owner's wait, or makes the owner's commit revert.
    /// Committing a live commitment is a no-op that keeps its block; the owner still reveals on time.
    function testFuzz_commit_copiedCommitIsANoOp(bytes32 hash, bytes32 salt, uint16 later, address who) public {
        vm.assume(hash != bytes32(0));
        (address[] memory a, uint32[] memory s) = _validList(uint256(hash), 1);
        bytes32 c = datasets.commitmentOf(DatasetId.wrap(hash), address(this), salt);
        datasets.commit(c);
        uint256 madeAt = block.number;
        uint256 copiedAt = bound(later, 0, DELAY + COMMIT_WINDOW);
        vm.roll(block.number + copiedAt);
        vm.prank(who);
        datasets.commit(c); // the copy: no revert, no change
        datasets.commit(c); // the owner's own retry: no revert either
        vm.assertEq(datasets.committedAt(c), madeAt, "wait unchanged");
        if (copiedAt < DELAY) vm.roll(madeAt + DELAY);
        datasets.register(_registration(hash, a, s), salt);
        vm.assertEq(datasets.dataset(DatasetId.wrap(hash)).registrant, address(this), "owner registered");
    }

    /// Earliest commitment wins, against every ordering of two commits (honest first), reveals, pauses and
    /// expiry the fuzzer generates: whenever the honest reveal can run (unpaused, ready, unexpired) it
    /// succeeds, and once it has, the honest registrant stays, whatever the attacker's later commitment does.
    function testFuzz_priority_earliestLiveCommitmentWins(uint256 seed, uint8 gap, uint8 steps) public {
        bytes32 hash = keccak256(abi.encode("priority", seed));
        address attacker = address(0xE7E);
        (address[] memory a, uint32[] memory s) = _validList(seed, 1);
        IDatasetRegistration.Registration memory r = _registration(hash, a, s);
        datasets.commit(datasets.commitmentOf(DatasetId.wrap(hash), address(this), "honest"));
        // Commitments are timed by the registry clock, which stands still while registration is paused.
        uint256 honestAt = datasets.clock();
        // The attacker can only learn the hash from the honest reveal, so commits strictly later.
        vm.roll(block.number + 1 + bound(gap, 0, 40));
        vm.prank(attacker);
        datasets.commit(datasets.commitmentOf(DatasetId.wrap(hash), attacker, "copy"));
        bool honestDone;
        bool attackerDone;
        uint256 n = bound(steps, 4, 24);
        for (uint256 k; k < n; ++k) {
            uint256 x = uint256(keccak256(abi.encode(seed, k)));
            uint256 action = x % 5;
            if (action == 0) {
                vm.roll(block.number + ((x >> 8) % 3000));
            } else if (action == 1) {
                bool paused = datasets.paused();
                vm.prank(ADMIN);
                if (paused) datasets.unpause();
                else datasets.pause();
            } else if (action == 2) {
                uint256 now_ = datasets.clock();
                bool live = now_ >= honestAt + DELAY && now_ <= honestAt + DELAY + COMMIT_WINDOW;
                bool canRun = live && !datasets.paused() && !honestDone;
                try datasets.register(r, "honest") {
                    honestDone = true;
                } catch {
                    vm.assertFalse(canRun, "an honest reveal that could run failed");
                }
            } else if (action == 3) {
                vm.prank(attacker);
                try datasets.register(r, "copy") {
                    vm.assertFalse(honestDone, "a younger commitment displaced the honest registration");
                    attackerDone = true;
                } catch {}
            } else {
                vm.roll(block.number + ((x >> 8) % 4));
            }
            address registrant = datasets.dataset(DatasetId.wrap(hash)).registrant;
            if (honestDone) vm.assertEq(registrant, address(this), "honest registrant stays");
            else if (attackerDone) vm.assertEq(registrant, attacker, "attacker provisional");
        }
        // However it went, a displaced attacker was never declarable: provisional until the honest window closed.
        if (attackerDone && honestDone) {
            vm.assertEq(
                datasets.dataset(DatasetId.wrap(hash)).provisionalUntil,
                honestAt + DELAY + COMMIT_WINDOW,
                "honest window"
            );
        }
    }

    /// Threat: fuzzed re-registration of a registered hash by anyone.
    function testFuzz_register_reRegistrationReverts(bytes32 hash, address second, bytes32 salt) public {
        vm.assume(hash != bytes32(0) && second != address(0));
        (address[] memory a, uint32[] memory s) = _validList(uint256(hash), 2);
        _commitAndWait(address(this), hash, bytes32(0));
        datasets.register(_registration(hash, a, s), bytes32(0));
        _commitAndWait(second, hash, salt);
        vm.prank(second);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDatasetRegistration.DatasetAlreadyRegistered.selector,
                DatasetId.wrap(hash),
                address(this)
            )
        );
        datasets.register(_registration(hash, a, s), salt);
    }
}
