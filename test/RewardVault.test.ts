import { expect } from "chai";
import { ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

import { signPermit } from "../src/sdk/signatures.js";
import {
  BlacklistToken__factory,
  FeeOnTransferToken__factory,
  MockERC20__factory,
  NoReturnToken__factory,
  ReentrantToken__factory,
  RewardVault__factory,
} from "../typechain-types/index.js";
import type { IRewardVault } from "../typechain-types/index.js";
import { deploySystem, hashOf, indexOf, registerModel, registration, type System } from "./helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

type Claim = IRewardVault.ClaimRequestStruct;

/**
 * Two datasets and a model declaring them 5:3.
 * "alpha" is alice 3 : bob 1; "beta" is carol alone.
 */
async function paidModel() {
  const system = await deploySystem(ethers, 0n);
  const { datasets, alice, bob, carol } = system;
  const alpha = registration("alpha", [
    { address: alice.address, shares: 3 },
    { address: bob.address, shares: 1 },
  ]);
  const beta = registration("beta", [{ address: carol.address, shares: 7 }]);
  await datasets.connect(alice).register(alpha, ZeroHash);
  await datasets.connect(carol).register(beta, ZeroHash);
  const A = alpha.contentHash as string;
  const B = beta.contentHash as string;
  const model = await registerModel(system, system.owner, "m1", { [A]: 5, [B]: 3 });
  const edge = (account: string, dataset = A, m = model): Claim => ({
    model: m,
    dataset,
    index: indexOf(dataset === A ? alpha : beta, account),
  });
  return { ...system, alpha, beta, A, B, model, edge };
}

/** A vault over an arbitrary token, sharing paidModel's registries. */
async function vaultFor(system: System, tokenAddress: string) {
  return new RewardVault__factory(system.admin).deploy(
    tokenAddress,
    await system.datasets.getAddress(),
    await system.models.getAddress(),
    86_400n,
    system.admin.address,
  );
}

/** What every mock token here offers: an open mint and an ERC-20 approve. */
interface MintableToken {
  getAddress(): Promise<string>;
  mint(to: string, amount: bigint): Promise<unknown>;
  connect(runner: System["sponsor"]): { approve(spender: string, amount: bigint): Promise<unknown> };
}

/** A vault over `token`, with the sponsor holding and having approved `amount` of it. */
async function fundedVault(system: System, token: MintableToken, amount: bigint) {
  const vault = await vaultFor(system, await token.getAddress());
  await token.mint(system.sponsor.address, amount);
  await token.connect(system.sponsor).approve(await vault.getAddress(), amount);
  return vault;
}

describe("RewardVault", function () {
  describe("deployment", function () {
    it("names its token and registries and grants the admin both roles", async function () {
      const { vault, token, datasets, models, admin } = await loadFixture(paidModel);
      expect(await vault.token()).to.equal(await token.getAddress());
      expect(await vault.datasetRegistry()).to.equal(await datasets.getAddress());
      expect(await vault.modelRegistry()).to.equal(await models.getAddress());
      expect(await vault.hasRole(await vault.PAUSER_ROLE(), admin.address)).to.equal(true);
    });

    it("refuses a model registry that reads another dataset registry", async function () {
      const { token, datasets, admin } = await loadFixture(paidModel);
      const elsewhere = await deploySystem(ethers, 0n);
      const factory = new RewardVault__factory(admin);
      await expect(factory.deploy(token, datasets, elsewhere.models, 0n, admin.address))
        .to.be.revertedWithCustomError(factory, "RegistryMismatch")
        .withArgs(await datasets.getAddress(), await elsewhere.datasets.getAddress());
    });
  });

  describe("deposit", function () {
    it("pulls the tokens, adds to the pool and emits RevenueDeposited; anyone may pay", async function () {
      const { vault, token, sponsor, owner, model } = await loadFixture(paidModel);
      const vaultAddress = await vault.getAddress();
      await expect(vault.connect(sponsor).deposit(model, 800n))
        .to.emit(vault, "RevenueDeposited")
        .withArgs(model, sponsor.address, 800n)
        .and.to.emit(token, "Transfer")
        .withArgs(sponsor.address, vaultAddress, 800n);
      await vault.connect(owner).deposit(model, 200n);
      expect(await vault.inflow(model)).to.equal(1000n);
      expect(await token.balanceOf(vaultAddress)).to.equal(1000n);
    });

    it("rejects zero amounts and unknown models", async function () {
      const { vault, sponsor, model } = await loadFixture(paidModel);
      await expect(vault.connect(sponsor).deposit(model, 0n)).to.be.revertedWithCustomError(vault, "ZeroAmount");
      await expect(vault.connect(sponsor).deposit(hashOf("ghost"), 1n))
        .to.be.revertedWithCustomError(vault, "UnknownModel")
        .withArgs(hashOf("ghost"));
    });

    it("caps a pool at 2^128 - 1 in total, so no figure can overflow", async function () {
      const system = await loadFixture(paidModel);
      const big = await new MockERC20__factory(system.admin).deploy("Big", 18);
      const vault = await fundedVault(system, big, 2n ** 130n);
      const max = 2n ** 128n - 1n;
      await expect(vault.connect(system.sponsor).deposit(system.model, 2n ** 129n))
        .to.be.revertedWithCustomError(vault, "PoolCapacityExceeded")
        .withArgs(system.model, 2n ** 129n);
      await vault.connect(system.sponsor).deposit(system.model, max - 1n);
      await vault.connect(system.sponsor).deposit(system.model, 1n);
      await expect(vault.connect(system.sponsor).deposit(system.model, 1n))
        .to.be.revertedWithCustomError(vault, "PoolCapacityExceeded")
        .withArgs(system.model, 1n);
      // At the cap, the split still works: alice holds 3/4 of alpha's 5/8.
      const claim = system.edge(system.alice.address);
      expect(await vault.claimable(claim.model, claim.dataset, claim.index)).to.equal((max * 15n) / 32n);
    });

    it("caps a parent's pool too: a forward that would take it past 2^128 - 1 reverts", async function () {
      const system = await loadFixture(paidModel);
      const big = await new MockERC20__factory(system.admin).deploy("Big", 18);
      const vault = await fundedVault(system, big, 2n ** 130n);
      const child = await registerModel(
        system,
        system.stranger,
        "child",
        { [system.B]: 1 },
        { parent: system.model, parentWeight: 1 },
      );
      await vault.connect(system.sponsor).deposit(system.model, 2n ** 128n - 1n);
      await vault.connect(system.sponsor).deposit(child, 10n);
      await expect(vault.forward(child, system.model))
        .to.be.revertedWithCustomError(vault, "PoolCapacityExceeded")
        .withArgs(system.model, 5n);
    });

    it("is stopped by the pause", async function () {
      const { vault, admin, sponsor, model } = await loadFixture(paidModel);
      await vault.connect(admin).pause();
      await expect(vault.connect(sponsor).deposit(model, 1n)).to.be.revertedWithCustomError(vault, "EnforcedPause");
      await vault.connect(admin).unpause();
      await expect(vault.connect(sponsor).deposit(model, 1n)).to.emit(vault, "RevenueDeposited");
    });
  });

  describe("depositWithPermit", function () {
    async function permitFor(system: System, amount: bigint, deadline: bigint) {
      const chainId = (await ethers.provider.getNetwork()).chainId;
      return signPermit(system.stranger, system.token, await system.vault.getAddress(), amount, deadline, chainId);
    }

    it("deposits without a prior approval", async function () {
      const system = await loadFixture(paidModel);
      const { token, vault, stranger, model } = system;
      await token.mint(stranger.address, 500n);
      const deadline = BigInt(await time.latest()) + 600n;
      const sig = await permitFor(system, 500n, deadline);
      await expect(vault.connect(stranger).depositWithPermit(model, 500n, deadline, sig.v, sig.r, sig.s))
        .to.emit(vault, "RevenueDeposited")
        .withArgs(model, stranger.address, 500n);
      expect(await token.balanceOf(stranger.address)).to.equal(0n);
    });

    it("still deposits when someone front-ran the permit", async function () {
      const system = await loadFixture(paidModel);
      const { token, vault, stranger, sponsor, model } = system;
      await token.mint(stranger.address, 500n);
      const deadline = BigInt(await time.latest()) + 600n;
      const sig = await permitFor(system, 500n, deadline);
      await token
        .connect(sponsor)
        .permit(stranger.address, await vault.getAddress(), 500n, deadline, sig.v, sig.r, sig.s);
      await expect(vault.connect(stranger).depositWithPermit(model, 500n, deadline, sig.v, sig.r, sig.s)).to.emit(
        vault,
        "RevenueDeposited",
      );
    });

    it("fails on the missing allowance when the permit is bad and nothing was approved", async function () {
      const system = await loadFixture(paidModel);
      const { token, vault, stranger, model } = system;
      await token.mint(stranger.address, 500n);
      const deadline = BigInt(await time.latest()) + 600n;
      const sig = await permitFor(system, 499n, deadline);
      await expect(vault.connect(stranger).depositWithPermit(model, 500n, deadline, sig.v, sig.r, sig.s))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(await vault.getAddress(), 0n, 500n);
    });

    it("is stopped by the pause", async function () {
      const system = await loadFixture(paidModel);
      await system.vault.connect(system.admin).pause();
      await expect(
        system.vault.connect(system.stranger).depositWithPermit(system.model, 1n, 0n, 27, ZeroHash, ZeroHash),
      ).to.be.revertedWithCustomError(system.vault, "EnforcedPause");
    });
  });

  describe("claim", function () {
    it("pays each contributor weight x shares of every deposit, rounded down once", async function () {
      const { vault, token, sponsor, alice, bob, carol, A, B, model, edge } = await loadFixture(paidModel);
      await vault.connect(sponsor).deposit(model, 800n);
      // alpha gets 5/8 = 500: alice 3/4 = 375, bob 125; beta gets 300, all carol's.
      expect(await vault.credited(model, A)).to.equal(500n);
      expect(await vault.credited(model, B)).to.equal(300n);
      const a = edge(alice.address);
      expect(await vault.claimable(a.model, a.dataset, a.index)).to.equal(375n);
      await expect(vault.claim(alice.address, [a]))
        .to.emit(vault, "RewardReleased")
        .withArgs(A, alice.address, model, a.index, 375n)
        .and.to.emit(token, "Transfer")
        .withArgs(await vault.getAddress(), alice.address, 375n);
      await vault.claim(bob.address, [edge(bob.address)]);
      await vault.claim(carol.address, [edge(carol.address, B)]);
      expect(await token.balanceOf(alice.address)).to.equal(375n);
      expect(await token.balanceOf(bob.address)).to.equal(125n);
      expect(await token.balanceOf(carol.address)).to.equal(300n);
      expect(await token.balanceOf(await vault.getAddress())).to.equal(0n);
      expect(await vault.released(a.model, a.dataset, a.index)).to.equal(375n);
    });

    it("pays anyone's call to the contributor only (gasless for them, no redirection)", async function () {
      const { vault, token, sponsor, stranger, alice, model, edge } = await loadFixture(paidModel);
      await vault.connect(sponsor).deposit(model, 800n);
      await vault.connect(stranger).claim(alice.address, [edge(alice.address)]);
      expect(await token.balanceOf(alice.address)).to.equal(375n);
      expect(await token.balanceOf(stranger.address)).to.equal(0n);
      await expect(vault.connect(stranger).claim(stranger.address, [edge(alice.address)]))
        .to.be.revertedWithCustomError(vault, "NotContributor")
        .withArgs(edge(alice.address).dataset, edge(alice.address).index, stranger.address);
    });

    it("pays nothing twice: a second claim reverts, and new revenue is paid on top", async function () {
      const { vault, token, sponsor, alice, model, edge } = await loadFixture(paidModel);
      await vault.connect(sponsor).deposit(model, 800n);
      await vault.claim(alice.address, [edge(alice.address)]);
      await expect(vault.claim(alice.address, [edge(alice.address)]))
        .to.be.revertedWithCustomError(vault, "NothingToClaim")
        .withArgs(alice.address);
      await vault.connect(sponsor).deposit(model, 1600n);
      await vault.claim(alice.address, [edge(alice.address)]);
      expect(await token.balanceOf(alice.address)).to.equal(375n * 3n);
    });

    it("batches edges across datasets and models into one transfer, paying repeated edges once", async function () {
      const system = await loadFixture(paidModel);
      const { vault, token, sponsor, alice, A, model, edge } = system;
      const second = await registerModel(system, system.owner, "m2", { [A]: 1 });
      await vault.connect(sponsor).deposit(model, 800n);
      await vault.connect(sponsor).deposit(second, 100n);
      const a1 = edge(alice.address);
      const a2 = edge(alice.address, A, second);
      const tx = vault.claim(alice.address, [a1, a2, a1, a2]);
      await expect(tx)
        .to.emit(token, "Transfer")
        .withArgs(await vault.getAddress(), alice.address, 375n + 75n);
      const receipt = await (await tx).wait();
      const transfers = receipt!.logs.filter((l) => l.address === (token.target as string));
      expect(transfers).to.have.length(1);
      expect(await token.balanceOf(alice.address)).to.equal(450n);
    });

    it("skips edges with nothing new inside a batch that pays something", async function () {
      const system = await loadFixture(paidModel);
      const { vault, token, sponsor, alice, A, model, edge } = system;
      const second = await registerModel(system, system.owner, "m2", { [A]: 1 });
      await vault.connect(sponsor).deposit(model, 800n);
      await expect(vault.claim(alice.address, [edge(alice.address, A, second), edge(alice.address)]))
        .to.emit(vault, "RewardReleased")
        .withArgs(A, alice.address, model, edge(alice.address).index, 375n);
      expect(await token.balanceOf(alice.address)).to.equal(375n);
    });

    it("rejects the zero recipient, empty batches, undeclared edges and wrong indexes", async function () {
      const system = await loadFixture(paidModel);
      const { vault, sponsor, alice, bob, B, model, edge } = system;
      await vault.connect(sponsor).deposit(model, 800n);
      await expect(vault.claim(ZeroAddress, [edge(alice.address)]))
        .to.be.revertedWithCustomError(vault, "InvalidRecipient")
        .withArgs(ZeroAddress);
      await expect(vault.claim(alice.address, []))
        .to.be.revertedWithCustomError(vault, "NothingToClaim")
        .withArgs(alice.address);
      const other = await registerModel(system, system.owner, "m3", { [B]: 1 });
      const undeclared = edge(alice.address, system.A, other);
      await expect(vault.claim(alice.address, [undeclared]))
        .to.be.revertedWithCustomError(vault, "EdgeNotDeclared")
        .withArgs(other, system.A);
      const bobs = edge(bob.address);
      await expect(vault.claim(alice.address, [bobs]))
        .to.be.revertedWithCustomError(vault, "NotContributor")
        .withArgs(bobs.dataset, bobs.index, alice.address);
      await expect(vault.claim(alice.address, [{ ...bobs, index: 9 }]))
        .to.be.revertedWithCustomError(vault, "NotContributor")
        .withArgs(bobs.dataset, 9n, alice.address);
      // Nothing moved: alice's full share is still there.
      const a = edge(alice.address);
      expect(await vault.claimable(a.model, a.dataset, a.index)).to.equal(375n);
    });

    it("reports zero claimable for empty slots and undeclared edges", async function () {
      const system = await loadFixture(paidModel);
      const { vault, sponsor, A, B, model } = system;
      await vault.connect(sponsor).deposit(model, 800n);
      expect(await vault.claimable(model, A, 7)).to.equal(0n);
      const other = await registerModel(system, system.owner, "m4", { [B]: 1 });
      expect(await vault.claimable(other, A, 0)).to.equal(0n);
      expect(await vault.credited(other, A)).to.equal(0n);
    });

    it("moves earnings with a moved share: the old address can no longer claim, the new one gets the rest", async function () {
      const { vault, datasets, token, sponsor, alice, stranger, A, model, edge } = await loadFixture(paidModel);
      const a = edge(alice.address);
      await vault.connect(sponsor).deposit(model, 800n);
      await vault.claim(alice.address, [a]);
      await vault.connect(sponsor).deposit(model, 800n);
      await datasets.connect(alice).moveShare(A, a.index, stranger.address);
      await expect(vault.claim(alice.address, [a]))
        .to.be.revertedWithCustomError(vault, "NotContributor")
        .withArgs(A, a.index, alice.address);
      await vault.claim(stranger.address, [a]);
      expect(await token.balanceOf(alice.address)).to.equal(375n);
      expect(await token.balanceOf(stranger.address)).to.equal(375n);
      await expect(vault.claim(stranger.address, [a])).to.be.revertedWithCustomError(vault, "NothingToClaim");
    });

    it("stays open whatever is paused (liveness)", async function () {
      const { vault, datasets, models, token, admin, sponsor, alice, model, edge } = await loadFixture(paidModel);
      await vault.connect(sponsor).deposit(model, 800n);
      await vault.connect(admin).pause();
      await datasets.connect(admin).pause();
      await models.connect(admin).pause();
      await vault.claim(alice.address, [edge(alice.address)]);
      expect(await token.balanceOf(alice.address)).to.equal(375n);
    });
  });

  describe("reward tokens", function () {
    it("rejects a fee-on-transfer token's short delivery", async function () {
      const system = await loadFixture(paidModel);
      const fee = await new FeeOnTransferToken__factory(system.admin).deploy();
      const vault = await fundedVault(system, fee, 1000n);
      await expect(vault.connect(system.sponsor).deposit(system.model, 1000n))
        .to.be.revertedWithCustomError(vault, "TokenDeliveryShortfall")
        .withArgs(1000n, 990n);
      expect(await vault.inflow(system.model)).to.equal(0n);
    });

    it("works with a token that returns nothing from transfer (SafeERC20)", async function () {
      const system = await loadFixture(paidModel);
      const usdt = await new NoReturnToken__factory(system.admin).deploy();
      const vault = await fundedVault(system, usdt, 800n);
      await vault.connect(system.sponsor).deposit(system.model, 800n);
      await vault.claim(system.alice.address, [system.edge(system.alice.address)]);
      expect(await usdt.balanceOf(system.alice.address)).to.equal(375n);
      // A failing transferFrom still reverts the deposit.
      await expect(vault.connect(system.sponsor).deposit(system.model, 1n))
        .to.be.revertedWithCustomError(usdt, "InsufficientAllowance")
        .withArgs(system.sponsor.address, await vault.getAddress(), 0n, 1n);
    });

    it("blocks a token hook that re-enters claim during the payout", async function () {
      const system = await loadFixture(paidModel);
      const hooked = await new ReentrantToken__factory(system.admin).deploy();
      const vault = await fundedVault(system, hooked, 800n);
      await vault.connect(system.sponsor).deposit(system.model, 800n);
      const a = system.edge(system.alice.address);
      const reenter = vault.interface.encodeFunctionData("claim", [system.alice.address, [a]]);
      await hooked.arm(await vault.getAddress(), reenter);
      await vault.claim(system.alice.address, [a]);
      expect(await hooked.attempted()).to.equal(true);
      expect(await hooked.reentered()).to.equal(false);
      expect(vault.interface.parseError(await hooked.lastRevert())?.name).to.equal("ReentrancyGuardReentrantCall");
      expect(await hooked.balanceOf(system.alice.address)).to.equal(375n);
      expect(await hooked.balanceOf(await vault.getAddress())).to.equal(425n);
    });

    it("blocks a hook that re-enters deposit", async function () {
      const system = await loadFixture(paidModel);
      const hooked = await new ReentrantToken__factory(system.admin).deploy();
      const vault = await fundedVault(system, hooked, 800n);
      const vaultAddress = await vault.getAddress();
      // The re-entering deposit's payer is the token contract itself: fund and approve it, so that only
      // the guard stands between the hook and a second deposit.
      await hooked.mint(await hooked.getAddress(), 1n);
      await hooked.approveFromSelf(vaultAddress, 1n);
      await hooked.arm(vaultAddress, vault.interface.encodeFunctionData("deposit", [system.model, 1n]));
      await vault.connect(system.sponsor).deposit(system.model, 400n);
      expect(await hooked.attempted()).to.equal(true);
      expect(await hooked.reentered()).to.equal(false);
      expect(vault.interface.parseError(await hooked.lastRevert())?.name).to.equal("ReentrancyGuardReentrantCall");
      expect(await vault.inflow(system.model)).to.equal(400n);
      expect(await hooked.balanceOf(vaultAddress)).to.equal(400n);
    });

    it("lets a blacklisted contributor move the share and collect at a clean address", async function () {
      const system = await loadFixture(paidModel);
      const usdc = await new BlacklistToken__factory(system.admin).deploy();
      const vault = await fundedVault(system, usdc, 800n);
      await vault.connect(system.sponsor).deposit(system.model, 800n);
      await usdc.setBlocked(system.alice.address, true);
      const a = system.edge(system.alice.address);
      await expect(vault.claim(system.alice.address, [a]))
        .to.be.revertedWithCustomError(usdc, "Blacklisted")
        .withArgs(system.alice.address);
      // Others are unaffected.
      await vault.claim(system.bob.address, [system.edge(system.bob.address)]);
      await system.datasets.connect(system.alice).moveShare(system.A, a.index, system.stranger.address);
      await vault.claim(system.stranger.address, [a]);
      expect(await usdc.balanceOf(system.stranger.address)).to.equal(375n);
    });

    for (const decimals of [2, 6, 18]) {
      it(`splits exactly with a ${decimals}-decimals token`, async function () {
        const system = await loadFixture(paidModel);
        const t = await new MockERC20__factory(system.admin).deploy(`T${decimals}`, decimals);
        const unit = 10n ** BigInt(decimals);
        const vault = await fundedVault(system, t, 1_000_000n * unit);
        const amount = 12_345n * unit + 7n;
        await vault.connect(system.sponsor).deposit(system.model, amount);
        const paid: bigint[] = [];
        for (const [who, ds] of [
          [system.alice.address, system.A],
          [system.bob.address, system.A],
          [system.carol.address, system.B],
        ] as const) {
          await vault.claim(who, [system.edge(who, ds)]);
          paid.push(await t.balanceOf(who));
        }
        expect(paid).to.deep.equal([(amount * 15n) / 32n, (amount * 5n) / 32n, (amount * 3n) / 8n]);
        const dust = await t.balanceOf(await vault.getAddress());
        expect(dust).to.equal(amount - paid.reduce((x, y) => x + y, 0n));
        expect(dust).to.be.lessThan(3n);
      });
    }
  });

  describe("admin", function () {
    it("lets only pausers pause, and offers no way to move tokens out", async function () {
      const { vault, stranger } = await loadFixture(paidModel);
      const role = await vault.PAUSER_ROLE();
      for (const call of [() => vault.connect(stranger).pause(), () => vault.connect(stranger).unpause()]) {
        await expect(call())
          .to.be.revertedWithCustomError(vault, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, role);
      }
      // The whole state-changing surface: pays in, forwards royalties between pools (no tokens move),
      // pays contributors (`claimBySig`: under the contributor's signature, a capped tip to its sender),
      // batches those calls, pauses deposits, manages roles.
      const mutating: string[] = [];
      vault.interface.forEachFunction((f) => {
        if (!f.constant) mutating.push(f.name);
      });
      expect(mutating.sort()).to.deep.equal(
        [
          "acceptDefaultAdminTransfer",
          "beginDefaultAdminTransfer",
          "cancelDefaultAdminTransfer",
          "changeDefaultAdminDelay",
          "claim",
          "claimBySig",
          "deposit",
          "depositWithPermit",
          "forward",
          "grantRole",
          "multicall",
          "pause",
          "renounceRole",
          "revokeRole",
          "revokeSignedClaim",
          "rollbackDefaultAdminDelay",
          "unpause",
        ].sort(),
      );
    });
  });
});
