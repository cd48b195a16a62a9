// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {RewardVault} from "../../contracts/RewardVault.sol";
import {IRewardVault} from "../../contracts/interfaces/IRewardVault.sol";
import {MockERC20} from "../../contracts/test/MockERC20.sol";
import {DatasetId} from "../../contracts/types/DatasetId.sol";
import {ModelId} from "../../contracts/types/ModelId.sol";
import {SystemFixture} from "./utils/SystemFixture.sol";

/// @notice Fuzzed money properties of the vault over amounts (1 wei .. 1e30), decimals (2, 6, 18),
/// weights, shares and orderings (many small deposits vs one large; frequent vs single claims).
contract RewardVaultFuzzTest is SystemFixture {
    uint256 internal constant MAX_AMOUNT = 1e30;

    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);
    address internal constant RELAYER = address(0x7E1A7);

    MockERC20 internal token;
    RewardVault internal vault;
    RewardVault internal twin; // a second vault on the same registries, for "same inputs, other order"
    DatasetId internal dsA; // alice + bob
    DatasetId internal dsB; // carol
    ModelId internal model;
    uint16 internal aliceIndex;
    uint16 internal bobIndex;

    function _setUpWith(uint8 decimals, uint32[2] memory aliceBob, uint32[2] memory weights) internal {
        _deployRegistries(0);
        token = new MockERC20("T", decimals);
        vault = _deployVault(token);
        twin = _deployVault(token);
        address[] memory a = new address[](2);
        uint32[] memory s = new uint32[](2);
        (a[0], a[1], s[0], s[1]) = (ALICE, BOB, aliceBob[0], aliceBob[1]);
        dsA = _registerDataset(keccak256("A"), a, s);
        address[] memory c = new address[](1);
        uint32[] memory cs = new uint32[](1);
        (c[0], cs[0]) = (CAROL, 1);
        dsB = _registerDataset(keccak256("B"), c, cs);
        (aliceIndex, bobIndex) = ALICE < BOB ? (0, 1) : (1, 0);
        DatasetId[] memory ds = new DatasetId[](2);
        uint32[] memory ws = new uint32[](2);
        (ds[0], ds[1], ws[0], ws[1]) = (dsA, dsB, weights[0], weights[1]);
        model = _registerModel(keccak256("M"), ds, ws);
        _fund(token, address(vault), SPONSOR, type(uint128).max);
        vm.prank(SPONSOR);
        token.approve(address(twin), type(uint256).max);
    }

    function _boundedSetUp(uint8 decimalsChoice, uint32 sa, uint32 sb, uint32 wa, uint32 wb) internal {
        uint8[3] memory options = [2, 6, 18];
        _setUpWith(
            options[bound(decimalsChoice, 0, 2)],
            [uint32(bound(sa, 1, type(uint32).max)), uint32(bound(sb, 1, type(uint32).max))],
            [uint32(bound(wa, 1, type(uint32).max)), uint32(bound(wb, 1, type(uint32).max))]
        );
    }

    function _claimAll(RewardVault v) internal returns (uint256 a, uint256 b, uint256 c) {
        a = _claimIfOwed(v, ALICE, dsA, aliceIndex);
        b = _claimIfOwed(v, BOB, dsA, bobIndex);
        c = _claimIfOwed(v, CAROL, dsB, 0);
    }

    function _claimIfOwed(RewardVault v, address who, DatasetId d, uint16 index) internal returns (uint256) {
        if (v.claimable(model, d, index) == 0) return 0;
        return v.claim(who, _one(model, d, index));
    }

    function _deposit(RewardVault v, uint256 amount) internal {
        vm.prank(SPONSOR);
        v.deposit(model, amount);
    }

    /// Exact split and no over-claim: each contributor gets floor(deposit * w/W * s/S); the vault
    /// keeps the dust, fewer than one wei per share.
    function testFuzz_claim_paysExactlyTheFlooredShare(
        uint256 amount,
        uint8 decimalsChoice,
        uint32 sa,
        uint32 sb,
        uint32 wa,
        uint32 wb
    ) public {
        _boundedSetUp(decimalsChoice, sa, sb, wa, wb);
        amount = bound(amount, 1, MAX_AMOUNT);
        _deposit(vault, amount);
        (uint256 a, uint256 b, uint256 c) = _claimAll(vault);
        _checkPaid(amount, a, b, c);
        _checkCredits(amount, a + b);
    }

    function _checkPaid(uint256 amount, uint256 a, uint256 b, uint256 c) internal view {
        (uint256 ea, uint256 eb, uint256 ec) = _expectedShares(amount);
        vm.assertEq(a, ea, "alice");
        vm.assertEq(b, eb, "bob");
        vm.assertEq(c, ec, "carol");
        vm.assertLe(a + b + c, amount, "never more than deposited");
        vm.assertLe(amount - (a + b + c), 2, "dust < one wei per share");
        vm.assertEq(token.balanceOf(address(vault)), amount - (a + b + c), "vault holds exactly the dust");
    }

    /// @dev Credited to datasets: an exact split up to one wei per dataset; dataset A pays at most its credit.
    function _checkCredits(uint256 amount, uint256 paidFromA) internal view {
        uint256 creditedA = vault.credited(model, dsA);
        uint256 creditedB = vault.credited(model, dsB);
        vm.assertLe(creditedA + creditedB, amount, "credits never exceed the deposit");
        vm.assertLe(amount - (creditedA + creditedB), 1, "split dust");
        vm.assertLe(paidFromA, creditedA, "dataset A pays at most its credit");
    }

    /// @dev floor(amount * w/W * s/S) per share, computed with plain products (amount <= 1e30 and
    /// w * s < 2^64 keep them below 2^164), independently of the vault's mulDiv.
    function _expectedShares(uint256 amount) internal view returns (uint256 a, uint256 b, uint256 c) {
        (uint32 w, uint40 totalWeight) = models.usageOf(model, dsA);
        uint256 sA = datasets.contributor(dsA, aliceIndex).shares;
        uint256 sB = datasets.contributor(dsA, bobIndex).shares;
        a = (amount * w * sA) / (uint256(totalWeight) * (sA + sB));
        b = (amount * w * sB) / (uint256(totalWeight) * (sA + sB));
        c = (amount * (totalWeight - w)) / totalWeight;
    }

    /// Many small deposits pay exactly what one large deposit pays (not merely within dust).
    function testFuzz_deposit_manySmallEqualsOneLarge(
        uint256 total,
        uint8 pieces,
        uint256 seed,
        uint8 decimalsChoice
    ) public {
        _boundedSetUp(decimalsChoice, uint32(seed), uint32(seed >> 32), uint32(seed >> 64), uint32(seed >> 96));
        uint256 n = bound(pieces, 2, 40);
        total = bound(total, n, MAX_AMOUNT);
        uint256 left = total;
        for (uint256 i; i < n - 1; ++i) {
            uint256 piece = bound(uint256(keccak256(abi.encode(seed, i))), 1, left - (n - 1 - i));
            _deposit(vault, piece);
            left -= piece;
        }
        _deposit(vault, left);
        _deposit(twin, total);
        (uint256 a1, uint256 b1, uint256 c1) = _claimAll(vault);
        (uint256 a2, uint256 b2, uint256 c2) = _claimAll(twin);
        vm.assertEq(a1, a2, "alice");
        vm.assertEq(b1, b2, "bob");
        vm.assertEq(c1, c2, "carol");
    }

    /// Claiming after every deposit pays exactly what one claim at the end pays.
    function testFuzz_claim_frequentEqualsSingle(uint256 seed, uint8 rounds, uint8 decimalsChoice) public {
        _boundedSetUp(decimalsChoice, uint32(seed), uint32(seed >> 32), uint32(seed >> 64), uint32(seed >> 96));
        uint256 n = bound(rounds, 1, 30);
        uint256[3] memory frequent;
        for (uint256 i; i < n; ++i) {
            uint256 amount = bound(uint256(keccak256(abi.encode(seed, i))), 1, MAX_AMOUNT / 30);
            _deposit(vault, amount);
            _deposit(twin, amount);
            (uint256 a, uint256 b, uint256 c) = _claimAll(vault);
            frequent[0] += a;
            frequent[1] += b;
            frequent[2] += c;
        }
        (uint256 a2, uint256 b2, uint256 c2) = _claimAll(twin);
        vm.assertEq(frequent[0], a2, "alice");
        vm.assertEq(frequent[1], b2, "bob");
        vm.assertEq(frequent[2], c2, "carol");
    }

    /// Threat: duplicate IDs in a batch claim pay twice. A batch repeating an edge pays it once.
    function testFuzz_claim_batchWithRepeatsPaysOnce(uint256 amount, uint8 repeats) public {
        _setUpWith(18, [uint32(3), uint32(1)], [uint32(5), uint32(3)]);
        amount = bound(amount, 1, MAX_AMOUNT);
        _deposit(vault, amount);
        uint256 owed = vault.claimable(model, dsA, aliceIndex);
        vm.assume(owed > 0);
        uint256 n = bound(repeats, 2, 20);
        IRewardVault.ClaimRequest[] memory r = new IRewardVault.ClaimRequest[](n);
        for (uint256 i; i < n; ++i) r[i] = IRewardVault.ClaimRequest(model, dsA, aliceIndex);
        vm.assertEq(vault.claim(ALICE, r), owed, "paid once");
        vm.assertEq(token.balanceOf(ALICE), owed, "balance");
        vm.expectRevert(abi.encodeWithSelector(IRewardVault.NothingToClaim.selector, ALICE));
        vault.claim(ALICE, r);
    }

    /// Zero amounts are rejected and change nothing.
    function testFuzz_deposit_zeroReverts(uint256 before) public {
        _setUpWith(18, [uint32(1), uint32(1)], [uint32(1), uint32(1)]);
        before = bound(before, 0, MAX_AMOUNT);
        if (before != 0) _deposit(vault, before);
        vm.prank(SPONSOR);
        vm.expectRevert(IRewardVault.ZeroAmount.selector);
        vault.deposit(model, 0);
        vm.assertEq(vault.inflow(model), before, "unchanged");
    }

    /// @dev The EIP-712 digest `account` signs for a `claimBySig` of `requests` in `v` on `terms`.
    function _claimDigest(
        RewardVault v,
        address account,
        IRewardVault.ClaimRequest[] memory requests,
        IRewardVault.RelayTerms memory terms,
        uint256 nonce
    ) internal view returns (bytes32) {
        bytes32[] memory hashes = new bytes32[](requests.length);
        for (uint256 i; i < requests.length; ++i) {
            hashes[i] = keccak256(
                abi.encode(v.CLAIM_REQUEST_TYPEHASH(), requests[i].model, requests[i].dataset, requests[i].index)
            );
        }
        bytes32 structHash = keccak256(
            abi.encode(
                v.CLAIM_TYPEHASH(),
                account,
                keccak256(abi.encodePacked(hashes)),
                terms.relayer,
                terms.maxTip,
                terms.maxTipBps,
                nonce,
                terms.deadline
            )
        );
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("DataDividends RewardVault"),
                keccak256("1"),
                block.chainid,
                address(v)
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    /// @dev A dataset held by `contributor` alone and a model declaring it, both new.
    function _soleHolderEdge(address contributor) internal returns (ModelId m, DatasetId ds) {
        address[] memory a = new address[](1);
        uint32[] memory s = new uint32[](1);
        (a[0], s[0]) = (contributor, 1);
        ds = _registerDataset(keccak256(abi.encode("relayed", contributor)), a, s);
        DatasetId[] memory d = new DatasetId[](1);
        uint32[] memory w = new uint32[](1);
        (d[0], w[0]) = (ds, 1);
        m = _registerModel(keccak256(abi.encode("relayed-model", contributor)), d, w);
    }

    /// @dev `key`'s signature over a claim of `requests` in `vault` on `terms`, nonce 0.
    function _signClaim(
        uint256 key,
        IRewardVault.ClaimRequest[] memory requests,
        IRewardVault.RelayTerms memory terms
    ) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _claimDigest(vault, vm.addr(key), requests, terms, 0));
        return abi.encodePacked(r, s, v);
    }

    /// @dev As RELAYER, sends a claim of `requests` that `key` signed for RELAYER with a tip share of `bps`: first
    /// with a tip one unit above `cap` (must revert with the cap), then with `tip`. Returns what it paid.
    function _relayWithShare(
        uint256 key,
        IRewardVault.ClaimRequest[] memory requests,
        uint16 bps,
        uint256 cap,
        uint256 tip
    ) internal returns (uint256) {
        IRewardVault.RelayTerms memory terms = IRewardVault.RelayTerms({
            relayer: RELAYER,
            maxTip: type(uint256).max,
            maxTipBps: bps,
            deadline: block.timestamp + 1 hours
        });
        bytes memory signature = _signClaim(key, requests, terms);
        vm.prank(RELAYER);
        vm.expectRevert(abi.encodeWithSelector(IRewardVault.TipAboveCap.selector, cap + 1, cap));
        vault.claimBySig(vm.addr(key), requests, terms, cap + 1, signature);
        vm.prank(RELAYER);
        return vault.claimBySig(vm.addr(key), requests, terms, tip, signature);
    }

    /// @notice A relayed claim pays exactly what the plain claim would (the vault's `claimable`), split between
    /// the contributor and the sender at the tip, whatever the amount, the signed share and the tip; a tip one
    /// unit above the signed share of the claim reverts with that cap; the nonce moves by one.
    /// (One test for both properties: each run deploys a system, the costly part of the fuzz suite.)
    function testFuzz_claimBySig_paysTheClaimSplitAtTheTip(
        uint256 amount,
        uint256 tip,
        uint16 bps,
        uint256 keySeed
    ) public {
        _setUpWith(18, [uint32(1), uint32(1)], [uint32(3), uint32(1)]);
        uint256 key = bound(keySeed, 1, 2 ** 128);
        address account = vm.addr(key);
        bps = uint16(bound(bps, 0, 10_000));
        (ModelId m, DatasetId ds) = _soleHolderEdge(account);
        vm.prank(SPONSOR);
        vault.deposit(m, bound(amount, 1, MAX_AMOUNT));
        uint256 owed = vault.claimable(m, ds, 0);
        uint256 cap = (owed * bps) / 10_000;
        tip = bound(tip, 0, cap);
        vm.assertEq(_relayWithShare(key, _one(m, ds, 0), bps, cap, tip), owed, "paid what the plain claim would");
        vm.assertEq(token.balanceOf(account), owed - tip, "the contributor gets the claim less the tip");
        vm.assertGe(token.balanceOf(account) * 10_000, owed * (10_000 - uint256(bps)), "at least the rest");
        vm.assertEq(token.balanceOf(RELAYER), tip, "the sender gets the tip");
        vm.assertEq(vault.nonces(account), 1, "the nonce moved by one");
        vm.assertEq(vault.claimable(m, ds, 0), 0, "nothing left to claim");
    }
}
