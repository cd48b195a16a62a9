import { expect } from "chai";
import { ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

import { DatasetStatus, FlagReason } from "../src/sdk/ids.js";
import { deploySystem, indexOf, registerModel, registration } from "./helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

const WEEK = 7n * 86_400n;
const EVIDENCE = "ipfs://bafybeievidence/original-publication.json";

/**
 * A squatter (stranger) registered a copy of alice and bob's published dataset under his own name; a
 * model declared it and pays into it. Registries with a one-week claim cooling-off.
 */
async function squatted() {
  const system = await deploySystem(ethers, 0n, { claimDelay: WEEK });
  const { datasets, stranger, alice, bob } = system;
  const copy = registration("published", [{ address: stranger.address, shares: 1 }]);
  await datasets.connect(stranger).register(copy, ZeroHash);
  const id = copy.contentHash as string;
  const model = await registerModel(system, system.owner, "m", { [id]: 1 });
  const bond = await datasets.flagBond();
  const claimOf = (account = stranger.address) => [{ model, dataset: id, index: indexOf(copy, account) }];
  return { ...system, id, model, bond, claimOf, rightful: [alice.address, bob.address] };
}

async function flagged() {
  const system = await squatted();
  await system.vault.connect(system.sponsor).deposit(system.model, 1000n);
  await system.datasets.connect(system.alice).flag(system.id, FlagReason.StolenData, EVIDENCE, { value: system.bond });
  return system;
}

describe("Disputes", function () {
  describe("cooling-off", function () {
    it("pays nothing during a new dataset's cooling-off and loses nothing: the first payout waits for it", async function () {
      const { datasets, vault, sponsor, stranger, token, model, id, claimOf } = await loadFixture(squatted);
      await vault.connect(sponsor).deposit(model, 1000n);
      expect(await vault.owed(model, id, 0)).to.equal(1000n);
      expect(await vault.claimable(model, id, 0)).to.equal(0n);
      await expect(vault.claim(stranger.address, claimOf()))
        .to.be.revertedWithCustomError(vault, "NothingToClaim")
        .withArgs(stranger.address);
      const registeredAt = (await datasets.dataset(id)).registeredAt;
      await time.increaseTo(registeredAt + WEEK - 1n);
      expect(await vault.claimable(model, id, 0)).to.equal(0n); // the last second of cooling-off
      await time.increaseTo(registeredAt + WEEK);
      expect(await vault.claimable(model, id, 0)).to.equal(1000n);
      await vault.claim(stranger.address, claimOf());
      expect(await token.balanceOf(stranger.address)).to.equal(1000n);
    });
  });

  describe("flag", function () {
    it("freezes the dataset with the bond: claims pay nothing, deposits keep accruing, nothing left the vault", async function () {
      const { datasets, vault, token, sponsor, alice, stranger, model, id, bond, claimOf } =
        await loadFixture(squatted);
      await vault.connect(sponsor).deposit(model, 1000n);
      // Flagged during the cooling-off: not a wei has been paid to the squatter.
      await expect(datasets.connect(alice).flag(id, FlagReason.StolenData, EVIDENCE, { value: bond }))
        .to.emit(datasets, "DatasetFlagged")
        .withArgs(id, alice.address, FlagReason.StolenData, bond, EVIDENCE);
      expect(await ethers.provider.getBalance(await datasets.getAddress())).to.equal(bond);
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Frozen);
      const dispute = await datasets.disputeOf(id);
      expect(dispute.challenger).to.equal(alice.address);
      expect(dispute.openedAt).to.equal(BigInt(await time.latest()));
      expect(dispute.reason).to.equal(FlagReason.StolenData);
      await time.increase(WEEK * 2n); // past the cooling-off: the freeze alone now holds it
      await vault.connect(sponsor).deposit(model, 500n);
      expect(await vault.owed(model, id, 0)).to.equal(1500n);
      expect(await vault.claimable(model, id, 0)).to.equal(0n);
      await expect(vault.claim(stranger.address, claimOf())).to.be.revertedWithCustomError(vault, "NothingToClaim");
      expect(await token.balanceOf(await vault.getAddress())).to.equal(1500n);
    });

    it("skips a frozen edge inside a batch that pays others (and keeps what the frozen edge owes)", async function () {
      const system = await loadFixture(squatted);
      const { datasets, vault, sponsor, stranger, alice, owner, model, id, bond, token } = system;
      const own = registration("stranger's own", [{ address: stranger.address, shares: 1 }]);
      await datasets.connect(stranger).register(own, ZeroHash);
      const other = await registerModel(system, owner, "m2", { [own.contentHash as string]: 1 });
      await vault.connect(sponsor).deposit(model, 1000n);
      await vault.connect(sponsor).deposit(other, 300n);
      await time.increase(WEEK);
      await datasets.connect(alice).flag(id, FlagReason.NotTheOwner, EVIDENCE, { value: bond });
      const batch = [
        { model, dataset: id, index: 0 },
        { model: other, dataset: own.contentHash as string, index: 0 },
      ];
      await expect(vault.claim(stranger.address, batch))
        .to.emit(vault, "RewardReleased")
        .withArgs(own.contentHash, stranger.address, other, 0, 300n);
      expect(await token.balanceOf(stranger.address)).to.equal(300n);
      expect(await vault.owed(model, id, 0)).to.equal(1000n);
    });

    it("refuses a wrong bond, unknown, provisional, already-flagged datasets and bad evidence URIs", async function () {
      const { datasets, alice, id, bond } = await loadFixture(flagged);
      await expect(datasets.connect(alice).flag(id, FlagReason.Other, EVIDENCE, { value: bond - 1n }))
        .to.be.revertedWithCustomError(datasets, "WrongBond")
        .withArgs(bond - 1n, bond);
      await expect(datasets.connect(alice).flag(id, FlagReason.Other, EVIDENCE, { value: bond }))
        .to.be.revertedWithCustomError(datasets, "NotFlaggable")
        .withArgs(id, DatasetStatus.Frozen);
      await expect(datasets.connect(alice).flag(ZeroHash, FlagReason.Other, EVIDENCE, { value: bond }))
        .to.be.revertedWithCustomError(datasets, "NotFlaggable")
        .withArgs(ZeroHash, DatasetStatus.None);
      const other = registration("other", [{ address: alice.address, shares: 1 }]);
      await datasets.connect(alice).register(other, ZeroHash);
      await expect(
        datasets.connect(alice).flag(other.contentHash, FlagReason.Other, "", { value: bond }),
      ).to.be.revertedWithCustomError(datasets, "EmptyMetadataURI");
    });

    it("refuses to flag a provisional registration (an older commitment may still replace it)", async function () {
      const system = await deploySystem(ethers, 2n);
      const { datasets, alice, bob } = system;
      const r = registration("fresh", [{ address: alice.address, shares: 1 }]);
      const salt = ethers.id("s");
      await datasets.connect(alice).commit(await datasets.commitmentOf(r.contentHash, alice.address, salt));
      await networkHelpers.mine(2);
      await datasets.connect(alice).register(r, salt);
      await expect(
        datasets.connect(bob).flag(r.contentHash, FlagReason.Other, EVIDENCE, { value: await datasets.flagBond() }),
      )
        .to.be.revertedWithCustomError(datasets, "NotFlaggable")
        .withArgs(r.contentHash, DatasetStatus.Provisional);
    });
  });

  describe("rulings", function () {
    it("upheld: the rightful holders receive everything the slots earned, frozen period included; the bond goes back", async function () {
      const { datasets, vault, token, admin, alice, bob, stranger, sponsor, model, id, bond, rightful } =
        await loadFixture(flagged);
      await vault.connect(sponsor).deposit(model, 500n); // accrues while frozen
      // The dataset had one slot (the squatter's); junk or theft, the arbiter names one rightful holder for it.
      await expect(datasets.connect(admin).upholdFlag(id, alice.address, [bob.address]))
        .to.emit(datasets, "FlagUpheld")
        .withArgs(id, admin.address, alice.address, [bob.address]);
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Active);
      expect((await datasets.dataset(id)).registrant).to.equal(alice.address);
      expect((await datasets.contributor(id, 0)).account).to.equal(bob.address);
      expect(await datasets.bondCredit(alice.address)).to.equal(bond); // the challenger's bond back
      await time.increase(WEEK);
      await expect(vault.claim(stranger.address, [{ model, dataset: id, index: 0 }]))
        .to.be.revertedWithCustomError(vault, "NotContributor")
        .withArgs(id, 0, stranger.address);
      await vault.claim(bob.address, [{ model, dataset: id, index: 0 }]);
      expect(await token.balanceOf(bob.address)).to.equal(1500n);
      expect(await token.balanceOf(stranger.address)).to.equal(0n);
      expect(rightful).to.include(bob.address);
      // Withdrawing the credited bond.
      const before = await ethers.provider.getBalance(alice.address);
      await expect(datasets.connect(bob).withdrawBond(bob.address))
        .to.be.revertedWithCustomError(datasets, "NoBondCredit")
        .withArgs(bob.address);
      await expect(datasets.connect(alice).withdrawBond(alice.address))
        .to.emit(datasets, "BondWithdrawn")
        .withArgs(alice.address, alice.address, bond);
      expect(await ethers.provider.getBalance(alice.address)).to.be.greaterThan(before);
      expect(await datasets.bondCredit(alice.address)).to.equal(0n);
    });

    it("dismissed: unfrozen, the bond compensates the registrant, and the slots pay as before", async function () {
      const { datasets, vault, token, admin, stranger, id, bond, claimOf } = await loadFixture(flagged);
      await expect(datasets.connect(admin).dismissFlag(id))
        .to.emit(datasets, "FlagDismissed")
        .withArgs(id, admin.address, stranger.address);
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Active);
      expect(await datasets.bondCredit(stranger.address)).to.equal(bond);
      expect((await datasets.disputeOf(id)).challenger).to.equal(ZeroAddress);
      await time.increase(WEEK);
      await vault.claim(stranger.address, claimOf());
      expect(await token.balanceOf(stranger.address)).to.equal(1000n);
    });

    it("expired: anyone ends an unanswered flag after the timeout; the bond goes back to the challenger", async function () {
      const { datasets, alice, stranger, id, bond } = await loadFixture(flagged);
      const expiresAt = (await datasets.disputeOf(id)).openedAt + (await datasets.disputeTimeout());
      await time.setNextBlockTimestamp(expiresAt - 1n);
      await expect(datasets.connect(stranger).expireFlag(id))
        .to.be.revertedWithCustomError(datasets, "FlagNotExpired")
        .withArgs(id, expiresAt);
      await time.setNextBlockTimestamp(expiresAt);
      await expect(datasets.connect(stranger).expireFlag(id))
        .to.emit(datasets, "FlagExpired")
        .withArgs(id, alice.address);
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Active);
      expect(await datasets.bondCredit(alice.address)).to.equal(bond);
      await expect(datasets.expireFlag(id)).to.be.revertedWithCustomError(datasets, "NoOpenFlag").withArgs(id);
    });

    it("only the arbiter rules, only on an open flag, never to itself, and names every slot", async function () {
      const { datasets, admin, stranger, alice, id } = await loadFixture(flagged);
      const role = await datasets.ARBITER_ROLE();
      await expect(datasets.connect(stranger).dismissFlag(id))
        .to.be.revertedWithCustomError(datasets, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(datasets.connect(stranger).upholdFlag(id, stranger.address, [stranger.address]))
        .to.be.revertedWithCustomError(datasets, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(datasets.connect(admin).upholdFlag(id, alice.address, []))
        .to.be.revertedWithCustomError(datasets, "HolderCountMismatch")
        .withArgs(0n, 1n);
      await expect(datasets.connect(admin).upholdFlag(id, alice.address, [admin.address]))
        .to.be.revertedWithCustomError(datasets, "InvalidHolder")
        .withArgs(admin.address);
      await expect(datasets.connect(admin).upholdFlag(id, admin.address, [alice.address]))
        .to.be.revertedWithCustomError(datasets, "InvalidHolder")
        .withArgs(admin.address);
      await expect(datasets.connect(admin).upholdFlag(id, alice.address, [ZeroAddress]))
        .to.be.revertedWithCustomError(datasets, "InvalidHolder")
        .withArgs(ZeroAddress);
      await expect(datasets.connect(admin).upholdFlag(id, ZeroAddress, [alice.address]))
        .to.be.revertedWithCustomError(datasets, "InvalidHolder")
        .withArgs(ZeroAddress);
      await datasets.connect(admin).dismissFlag(id);
      await expect(datasets.connect(admin).dismissFlag(id)).to.be.revertedWithCustomError(datasets, "NoOpenFlag");
    });

    it("a ruling moves no money between other datasets' slots, and the arbiter is paid nothing", async function () {
      const system = await loadFixture(squatted);
      const { datasets, vault, token, admin, carol, owner, sponsor, alice, id, model, bond } = system;
      const bystander = registration("bystander", [{ address: carol.address, shares: 1 }]);
      await datasets.connect(carol).register(bystander, ZeroHash);
      const both = await registerModel(system, owner, "both", { [id]: 1, [bystander.contentHash as string]: 1 });
      await vault.connect(sponsor).deposit(model, 1000n);
      await vault.connect(sponsor).deposit(both, 1000n);
      await datasets.connect(alice).flag(id, FlagReason.StolenData, EVIDENCE, { value: bond });
      const before = await vault.owed(both, bystander.contentHash, 0);
      await datasets.connect(admin).upholdFlag(id, alice.address, [alice.address]);
      expect(await vault.owed(both, bystander.contentHash, 0)).to.equal(before);
      expect(await vault.owed(model, id, 0)).to.equal(1000n);
      expect(await token.balanceOf(admin.address)).to.equal(0n);
      expect(await datasets.bondCredit(admin.address)).to.equal(0n);
    });

    it("bond payouts use a pull, so a rejecting recipient cannot block a ruling", async function () {
      const { datasets, admin, id, alice, bond } = await loadFixture(flagged);
      // The ruling only credits; paying out is the recipient's own call, to any address it names.
      await datasets.connect(admin).upholdFlag(id, alice.address, [alice.address]);
      // A recipient that takes no ether (the registry itself) fails that withdrawal alone, and nothing is lost.
      await expect(datasets.connect(alice).withdrawBond(await datasets.getAddress())).to.be.revertedWithCustomError(
        datasets,
        "FailedCall",
      );
      expect(await datasets.bondCredit(alice.address)).to.equal(bond);
    });
  });
});
