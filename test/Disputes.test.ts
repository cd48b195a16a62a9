import { expect } from "chai";
import { ZeroAddress, ZeroHash, formatEther, type Signer } from "ethers";
import { network } from "hardhat";

import { DatasetStatus, DisputeState, FlagReason } from "../src/protocol/ids.js";
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
        .withArgs(id, 1n, alice.address, FlagReason.StolenData, bond, EVIDENCE);
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
      const { datasets, admin, alice, bob, id, bond } = await loadFixture(flagged);
      await expect(datasets.connect(alice).flag(id, FlagReason.Other, EVIDENCE, { value: bond - 1n }))
        .to.be.revertedWithCustomError(datasets, "WrongBond")
        .withArgs(bond - 1n, bond);
      // Frozen by a ruling that waits out its appeal window: nobody may join any more.
      await datasets.connect(admin).upholdFlag(id, 1n, alice.address, [alice.address]);
      await expect(datasets.flag(id, FlagReason.Other, EVIDENCE, { value: bond }))
        .to.be.revertedWithCustomError(datasets, "NotFlaggable")
        .withArgs(id, DatasetStatus.Frozen);
      await expect(datasets.connect(alice).flag(ZeroHash, FlagReason.Other, EVIDENCE, { value: bond }))
        .to.be.revertedWithCustomError(datasets, "NotFlaggable")
        .withArgs(ZeroHash, DatasetStatus.None);
      const other = registration("other", [{ address: alice.address, shares: 1 }]);
      await datasets.connect(alice).register(other, ZeroHash);
      await expect(
        datasets.connect(bob).flag(other.contentHash, FlagReason.Other, "", { value: bond }),
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
    it("upheld: after the appeal window the rightful holders receive everything the slots earned, frozen period included; the bond goes back", async function () {
      const { datasets, vault, token, admin, alice, bob, stranger, sponsor, model, id, bond, rightful } =
        await loadFixture(flagged);
      await vault.connect(sponsor).deposit(model, 500n); // accrues while frozen
      // The dataset had one slot (the squatter's); junk or theft, the arbiter names one rightful holder for it.
      const window = await datasets.appealWindow();
      await time.setNextBlockTimestamp((await time.latest()) + 10);
      const ruledAt = BigInt(await time.latest()) + 10n;
      await expect(datasets.connect(admin).upholdFlag(id, 1n, alice.address, [bob.address]))
        .to.emit(datasets, "FlagUpheld")
        .withArgs(id, 1n, admin.address, alice.address, [bob.address], ruledAt + window);
      // Nothing moves during the appeal window: still frozen, still the squatter's.
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Frozen);
      expect((await datasets.contributor(id, 0)).account).to.equal(stranger.address);
      await time.setNextBlockTimestamp(ruledAt + window - 1n);
      await expect(datasets.executeRuling(id, 1n, alice.address, [bob.address]))
        .to.be.revertedWithCustomError(datasets, "RulingNotExecutable")
        .withArgs(id, 1n, ruledAt + window);
      await time.setNextBlockTimestamp(ruledAt + window);
      await expect(datasets.executeRuling(id, 1n, alice.address, [alice.address]))
        .to.be.revertedWithCustomError(datasets, "RulingMismatch")
        .withArgs(id, 1n);
      await expect(datasets.connect(stranger).executeRuling(id, 1n, alice.address, [bob.address]))
        .to.emit(datasets, "RulingExecuted")
        .withArgs(id, 1n, alice.address);
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Active);
      expect((await datasets.dataset(id)).registrant).to.equal(alice.address);
      expect((await datasets.contributor(id, 0)).account).to.equal(bob.address);
      expect(await datasets.bondCredit(alice.address)).to.equal(bond); // the challenger's bond back
      await expect(datasets.executeRuling(id, 1n, alice.address, [bob.address]))
        .to.be.revertedWithCustomError(datasets, "DisputeNotOpen")
        .withArgs(id, 1n, DisputeState.Executed);
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

    it("appeal: the registrant contests once, on-chain, inside the window; the ruling waits a second window, in which the arbiter may reverse it", async function () {
      const { datasets, admin, alice, bob, stranger, id, bond } = await loadFixture(flagged);
      const window = await datasets.appealWindow();
      await datasets.connect(admin).upholdFlag(id, 1n, alice.address, [alice.address]);
      const executableAt = (await datasets.disputeOf(id)).executableAt;
      await expect(datasets.connect(bob).appealRuling(id, 1n, 0, EVIDENCE))
        .to.be.revertedWithCustomError(datasets, "NotAppellant")
        .withArgs(id, 0n, bob.address);
      await expect(datasets.connect(stranger).appealRuling(id, 1n, 0, EVIDENCE))
        .to.emit(datasets, "RulingAppealed")
        .withArgs(id, 1n, stranger.address, EVIDENCE, executableAt + window);
      expect((await datasets.disputeOf(id)).appealed).to.equal(true);
      await expect(datasets.connect(stranger).appealRuling(id, 1n, 0, EVIDENCE))
        .to.be.revertedWithCustomError(datasets, "AppealClosed")
        .withArgs(id, 1n);
      await time.increaseTo(executableAt);
      await expect(datasets.executeRuling(id, 1n, alice.address, [alice.address]))
        .to.be.revertedWithCustomError(datasets, "RulingNotExecutable")
        .withArgs(id, 1n, executableAt + window);
      // The arbiter reads the appeal and reverses: the registrant keeps the dataset; the bond is forfeited.
      await expect(datasets.connect(admin).dismissFlag(id, 1n))
        .to.emit(datasets, "FlagDismissed")
        .withArgs(id, 1n, admin.address, bond);
      expect(await datasets.bondCredit(stranger.address)).to.equal(0n);
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Active);
      expect((await datasets.contributor(id, 0)).account).to.equal(stranger.address);
    });

    it("an appeal after the window closes is refused, and so is one with no evidence", async function () {
      const { datasets, admin, alice, stranger, id } = await loadFixture(flagged);
      await datasets.connect(admin).upholdFlag(id, 1n, alice.address, [alice.address]);
      await expect(datasets.connect(stranger).appealRuling(id, 1n, 0, "")).to.be.revertedWithCustomError(
        datasets,
        "EmptyMetadataURI",
      );
      await time.increaseTo((await datasets.disputeOf(id)).executableAt);
      await expect(datasets.connect(stranger).appealRuling(id, 1n, 0, EVIDENCE))
        .to.be.revertedWithCustomError(datasets, "AppealClosed")
        .withArgs(id, 1n);
      await expect(datasets.connect(stranger).appealRuling(id, 2n, 0, EVIDENCE))
        .to.be.revertedWithCustomError(datasets, "DisputeMismatch")
        .withArgs(id, 2n, 1n);
      await datasets.executeRuling(id, 1n, alice.address, [alice.address]);
      await expect(datasets.connect(alice).appealRuling(id, 1n, 0, EVIDENCE))
        .to.be.revertedWithCustomError(datasets, "DisputeNotOpen")
        .withArgs(id, 1n, DisputeState.Executed);
    });

    it("dismissed: unfrozen, the bond is forfeited to no one (the registrant included), the next flag costs twice as much, and the slots pay as before", async function () {
      const { datasets, vault, token, admin, alice, stranger, id, bond, claimOf } = await loadFixture(flagged);
      await expect(datasets.connect(admin).dismissFlag(id, 1n))
        .to.emit(datasets, "FlagDismissed")
        .withArgs(id, 1n, admin.address, bond);
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Active);
      for (const party of [stranger, alice, admin]) expect(await datasets.bondCredit(party.address)).to.equal(0n);
      expect(await ethers.provider.getBalance(await datasets.getAddress()), "the bond stays locked").to.equal(bond);
      expect(await datasets.bondToFlag(id)).to.equal(2n * bond);
      await expect(datasets.connect(alice).flag(id, FlagReason.StolenData, EVIDENCE, { value: bond }))
        .to.be.revertedWithCustomError(datasets, "WrongBond")
        .withArgs(bond, 2n * bond);
      expect((await datasets.disputeOf(id)).state).to.equal(DisputeState.Dismissed);
      await time.increase(WEEK);
      await vault.claim(stranger.address, claimOf());
      expect(await token.balanceOf(stranger.address)).to.equal(1000n);
    });

    it("expired: anyone ends an unanswered flag after the timeout; the opener's bond is forfeited, a joiner reclaims its own", async function () {
      const { datasets, alice, stranger, id, bond } = await loadFixture(flagged);
      const [, , , , , , , , joiner] = await ethers.getSigners();
      await datasets.connect(joiner).flag(id, FlagReason.StolenData, EVIDENCE, { value: bond });
      await expect(datasets.connect(joiner).reclaimBond(id, 1n))
        .to.be.revertedWithCustomError(datasets, "BondNotReclaimable")
        .withArgs(id, 1n);
      const expiresAt = (await datasets.disputeOf(id)).openedAt + (await datasets.disputeTimeout());
      await time.setNextBlockTimestamp(expiresAt - 1n);
      await expect(datasets.connect(stranger).expireFlag(id))
        .to.be.revertedWithCustomError(datasets, "FlagNotExpired")
        .withArgs(id, expiresAt);
      await time.setNextBlockTimestamp(expiresAt);
      await expect(datasets.connect(stranger).expireFlag(id)).to.emit(datasets, "FlagExpired").withArgs(id, 1n, bond);
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Active);
      expect(await datasets.bondCredit(alice.address)).to.equal(0n);
      expect(await datasets.bondCredit(stranger.address)).to.equal(0n);
      // The joiner did not cause the freeze and no ruling went against it.
      await expect(datasets.connect(joiner).reclaimBond(id, 1n))
        .to.emit(datasets, "BondReclaimed")
        .withArgs(id, 1n, joiner.address, bond);
      expect(await datasets.bondCredit(joiner.address)).to.equal(bond);
      expect(await datasets.bondCredit(stranger.address)).to.equal(0n);
      await expect(datasets.expireFlag(id)).to.be.revertedWithCustomError(datasets, "NoOpenFlag").withArgs(id);
    });

    it("only the arbiter rules, only on an open flag named by its ID, never to itself, and names every slot", async function () {
      const { datasets, admin, stranger, alice, id } = await loadFixture(flagged);
      const role = await datasets.ARBITER_ROLE();
      await expect(datasets.connect(stranger).dismissFlag(id, 1n))
        .to.be.revertedWithCustomError(datasets, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(datasets.connect(stranger).upholdFlag(id, 1n, stranger.address, [stranger.address]))
        .to.be.revertedWithCustomError(datasets, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(datasets.connect(admin).upholdFlag(id, 2n, alice.address, [alice.address]))
        .to.be.revertedWithCustomError(datasets, "DisputeMismatch")
        .withArgs(id, 2n, 1n);
      await expect(datasets.connect(admin).dismissFlag(ZeroHash, 0n))
        .to.be.revertedWithCustomError(datasets, "DisputeMismatch")
        .withArgs(ZeroHash, 0n, 0n);
      await expect(datasets.connect(admin).upholdFlag(id, 1n, alice.address, []))
        .to.be.revertedWithCustomError(datasets, "HolderCountMismatch")
        .withArgs(0n, 1n);
      await expect(datasets.connect(admin).upholdFlag(id, 1n, alice.address, [admin.address]))
        .to.be.revertedWithCustomError(datasets, "InvalidHolder")
        .withArgs(admin.address);
      await expect(datasets.connect(admin).upholdFlag(id, 1n, admin.address, [alice.address]))
        .to.be.revertedWithCustomError(datasets, "InvalidHolder")
        .withArgs(admin.address);
      await expect(datasets.connect(admin).upholdFlag(id, 1n, alice.address, [ZeroAddress]))
        .to.be.revertedWithCustomError(datasets, "InvalidHolder")
        .withArgs(ZeroAddress);
      await expect(datasets.connect(admin).upholdFlag(id, 1n, ZeroAddress, [alice.address]))
        .to.be.revertedWithCustomError(datasets, "InvalidHolder")
        .withArgs(ZeroAddress);
      await datasets.connect(admin).upholdFlag(id, 1n, alice.address, [alice.address]);
      await expect(datasets.connect(admin).upholdFlag(id, 1n, alice.address, [alice.address]))
        .to.be.revertedWithCustomError(datasets, "DisputeNotOpen")
        .withArgs(id, 1n, DisputeState.Upheld);
      await expect(datasets.expireFlag(id)).to.be.revertedWithCustomError(datasets, "NoOpenFlag");
      await datasets.connect(admin).dismissFlag(id, 1n);
      await expect(datasets.connect(admin).dismissFlag(id, 1n))
        .to.be.revertedWithCustomError(datasets, "DisputeNotOpen")
        .withArgs(id, 1n, DisputeState.Dismissed);
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
      await upheld(datasets, admin, id, 1n, alice.address, [alice.address]);
      expect(await vault.owed(both, bystander.contentHash, 0)).to.equal(before);
      expect(await vault.owed(model, id, 0)).to.equal(1000n);
      expect(await token.balanceOf(admin.address)).to.equal(0n);
      expect(await datasets.bondCredit(admin.address)).to.equal(0n);
    });

    it("bond payouts use a pull, so a rejecting recipient cannot block a ruling", async function () {
      const { datasets, admin, id, alice, bond } = await loadFixture(flagged);
      // The ruling only credits; paying out is the recipient's own call, to any address it names.
      await upheld(datasets, admin, id, 1n, alice.address, [alice.address]);
      // A recipient that takes no ether (the registry itself) fails that withdrawal alone, and nothing is lost.
      await expect(datasets.connect(alice).withdrawBond(await datasets.getAddress())).to.be.revertedWithCustomError(
        datasets,
        "FailedCall",
      );
      expect(await datasets.bondCredit(alice.address)).to.equal(bond);
    });
  });

  describe("capture resistance", function () {
    /**
     * A year of freezes by repeated flag-and-expire, measured for each party that could try it: what the
     * griefer loses in bonds (forfeited: no one is paid them) and in gas. v2 paid the bond to the registrant,
     * so the registrant's own second address froze its contributors for free (27 cycles, 0 wei).
     */
    async function yearOfFreezes(system: Awaited<ReturnType<typeof squatted>>, id: string, griefer: Signer) {
      const { datasets } = system;
      const timeout = await datasets.disputeTimeout();
      const year = 365n * 86_400n;
      const start = BigInt(await time.latest());
      const balanceBefore = await ethers.provider.getBalance(griefer);
      let gas = 0n;
      let flags = 0n;
      while (BigInt(await time.latest()) < start + year) {
        const bond = await datasets.bondToFlag(id);
        const receipt = await (
          await datasets.connect(griefer).flag(id, FlagReason.JunkData, EVIDENCE, { value: bond })
        ).wait();
        gas += receipt!.gasUsed * receipt!.gasPrice;
        flags += 1n;
        await time.increase(timeout);
        const ended = await (await datasets.connect(griefer).expireFlag(id)).wait();
        gas += ended!.gasUsed * ended!.gasPrice;
      }
      const lost = balanceBefore - (await ethers.provider.getBalance(griefer));
      return { flags, lost, bonds: lost - gas, gas };
    }

    it("a year-long freeze costs the griefer every bond, doubling each time, whoever it is: an outsider, the registrant's second address, or the flagger of an arbiter's own dataset", async function () {
      const system = await loadFixture(squatted);
      const { datasets, admin, bob, stranger, id, bond } = system;
      const [, , , , , , , , outsider, second] = await ethers.getSigners();
      // The arbiter registers a dataset of its own (the README walkthrough's setup).
      const own = registration("arbiter's own", [{ address: bob.address, shares: 1 }]);
      await datasets.connect(admin).register(own, ZeroHash);
      const cases = [
        { who: "an outsider", id, griefer: outsider },
        // `second` is the squatter's own second key: whatever it loses, the registrant's side gains nothing.
        { who: "the registrant's second address", id, griefer: second },
        { who: "the flagger of the arbiter's own dataset", id: own.contentHash as string, griefer: outsider },
      ];
      // Strikes are per dataset: measure each case on a fresh copy of the chain.
      const snapshot = await networkHelpers.takeSnapshot();
      const timeout = await datasets.disputeTimeout();
      const cycles = (365n * 86_400n + timeout - 1n) / timeout;
      // 2^0 + ... + 2^7 bonds for the first eight flags, then 2^8 for each one after.
      const expected = 255n * bond + (cycles - 8n) * 256n * bond;
      for (const c of cases) {
        await snapshot.restore();
        const registrant = (await datasets.dataset(c.id)).registrant;
        const creditBefore = await datasets.bondCredit(registrant);
        const cost = await yearOfFreezes(system, c.id, c.griefer);
        expect(cost.flags, c.who).to.equal(cycles);
        expect(cost.bonds, c.who).to.equal(expected);
        expect(await datasets.bondCredit(registrant), `${c.who}: the registrant gains nothing`).to.equal(creditBefore);
        expect(await datasets.bondCredit(c.griefer.address), c.who).to.equal(0n);
        console.log(
          `      griefing, ${c.who}: a one-year freeze took ${cost.flags} flags and cost ${formatEther(cost.lost)} ETH (${formatEther(cost.bonds)} in forfeited bonds, ${formatEther(cost.gas)} in gas)`,
        );
      }
      expect(stranger.address).to.not.equal(ZeroAddress);
    });

    it("the registrant cannot flag; a current holder can, at its own risk; a second challenger joins the open dispute instead of being refused", async function () {
      const system = await loadFixture(squatted);
      const { datasets, admin, alice, bob, carol, stranger, id, bond } = system;
      // The squatter (registrant and only holder) cannot hold the dispute slot with a self-flag.
      await expect(datasets.connect(stranger).flag(id, FlagReason.Other, EVIDENCE, { value: bond }))
        .to.be.revertedWithCustomError(datasets, "PartyCannotFlag")
        .withArgs(id, stranger.address);
      const shared = registration("shared", [
        { address: alice.address, shares: 1 },
        { address: bob.address, shares: 1 },
      ]);
      await datasets.connect(carol).register(shared, ZeroHash);
      // A holder flags its co-contributors' dataset: allowed, and its bond is forfeited like anyone's when dismissed.
      await datasets.connect(bob).flag(shared.contentHash, FlagReason.WrongContributors, EVIDENCE, { value: bond });
      await datasets.connect(admin).dismissFlag(shared.contentHash, 1n);
      expect(await datasets.bondCredit(bob.address)).to.equal(0n);
      // A puppet flags first; the rightful creator joins rather than being refused.
      const [, , , , , , , , puppet] = await ethers.getSigners();
      await datasets.connect(puppet).flag(id, FlagReason.Other, "ipfs://weak", { value: bond });
      await expect(datasets.connect(alice).flag(id, FlagReason.NotTheOwner, EVIDENCE, { value: bond }))
        .to.emit(datasets, "FlagJoined")
        .withArgs(id, 1n, alice.address, bond, EVIDENCE);
      expect((await datasets.disputeOf(id)).bonds).to.equal(2n * bond);
      expect(await datasets.joinedBond(id, 1n, alice.address)).to.equal(bond);
      for (const twice of [alice, puppet]) {
        await expect(datasets.connect(twice).flag(id, FlagReason.Other, EVIDENCE, { value: bond }))
          .to.be.revertedWithCustomError(datasets, "AlreadyChallenger")
          .withArgs(id, 1n, twice.address);
      }
      // Upheld: each challenger gets its own bond back (the joiner by reclaiming).
      await expect(datasets.reclaimBond(id, 1n))
        .to.be.revertedWithCustomError(datasets, "BondNotReclaimable")
        .withArgs(id, 1n);
      await upheld(datasets, admin, id, 1n, alice.address, [alice.address]);
      expect(await datasets.bondCredit(puppet.address)).to.equal(bond);
      await expect(datasets.connect(alice).reclaimBond(id, 1n))
        .to.emit(datasets, "BondReclaimed")
        .withArgs(id, 1n, alice.address, bond);
      expect(await datasets.bondCredit(alice.address)).to.equal(bond);
      await expect(datasets.connect(alice).reclaimBond(id, 1n))
        .to.be.revertedWithCustomError(datasets, "NoBondCredit")
        .withArgs(alice.address);
      // Now the registrant, alice cannot flag it either; a flag on an upheld, waiting dispute is refused.
      await expect(datasets.connect(alice).flag(id, FlagReason.Other, EVIDENCE, { value: bond }))
        .to.be.revertedWithCustomError(datasets, "PartyCannotFlag")
        .withArgs(id, alice.address);
      await datasets.connect(puppet).flag(id, FlagReason.Other, EVIDENCE, { value: bond });
      await datasets.connect(admin).upholdFlag(id, 2n, alice.address, [alice.address]);
      await expect(datasets.connect(carol).flag(id, FlagReason.Other, EVIDENCE, { value: bond }))
        .to.be.revertedWithCustomError(datasets, "NotFlaggable")
        .withArgs(id, DatasetStatus.Frozen);
    });

    it("flagging costs the same whatever the number of contributors (no per-holder reads)", async function () {
      const { datasets, carol, bond } = await loadFixture(squatted);
      const [, , , , , , , , challenger] = await ethers.getSigners();
      const gasAt = async (count: number) => {
        const list = Array.from({ length: count }, (_, i) => ({
          address: `0x${(0x1000 + i).toString(16).padStart(40, "0")}`,
          shares: 1,
        }));
        const big = registration(`crowd ${count}`, list);
        await datasets.connect(carol).register(big, ZeroHash);
        const tx = await datasets
          .connect(challenger)
          .flag(big.contentHash, FlagReason.Other, EVIDENCE, { value: bond });
        return (await tx.wait())!.gasUsed;
      };
      // v2 read every slot cold: 677k gas at 256 contributors.
      expect(await gasAt(256)).to.equal(await gasAt(1));
    });

    it("a holder of an affected slot can appeal an upheld ruling; a stranger cannot", async function () {
      const { datasets, admin, alice, bob, carol, bond } = await loadFixture(squatted);
      const [, , , , , , , , challenger] = await ethers.getSigners();
      const shared = registration("platform", [
        { address: alice.address, shares: 1 },
        { address: bob.address, shares: 1 },
      ]);
      await datasets.connect(carol).register(shared, ZeroHash);
      const id = shared.contentHash as string;
      await datasets.connect(challenger).flag(id, FlagReason.NotTheOwner, EVIDENCE, { value: bond });
      await datasets.connect(admin).upholdFlag(id, 1n, challenger.address, [challenger.address, challenger.address]);
      const executableAt = (await datasets.disputeOf(id)).executableAt;
      const bobsSlot = indexOf(shared, bob.address);
      await expect(datasets.connect(challenger).appealRuling(id, 1n, bobsSlot, EVIDENCE))
        .to.be.revertedWithCustomError(datasets, "NotAppellant")
        .withArgs(id, bobsSlot, challenger.address);
      await expect(datasets.connect(bob).appealRuling(id, 1n, bobsSlot, EVIDENCE))
        .to.emit(datasets, "RulingAppealed")
        .withArgs(id, 1n, bob.address, EVIDENCE, executableAt + (await datasets.appealWindow()));
    });

    it("a frozen dataset cannot be retired, and an upheld ruling clears a retirement the squatter made", async function () {
      const { datasets, admin, alice, stranger, id, bond } = await loadFixture(squatted);
      await datasets.connect(stranger).retire(id);
      await datasets.connect(alice).flag(id, FlagReason.NotTheOwner, EVIDENCE, { value: bond });
      await expect(datasets.connect(stranger).retire(id))
        .to.be.revertedWithCustomError(datasets, "DatasetFrozen")
        .withArgs(id);
      await upheld(datasets, admin, id, 1n, alice.address, [alice.address]);
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Active);
      expect((await datasets.dataset(id)).flags).to.equal(0n);
      // Not retired, so a new model may declare it again.
      await datasets.connect(alice).retire(id);
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Retired);
      await datasets.connect(stranger).flag(id, FlagReason.Other, EVIDENCE, { value: bond });
      await expect(datasets.connect(alice).retire(id))
        .to.be.revertedWithCustomError(datasets, "DatasetFrozen")
        .withArgs(id);
    });

    it("an arbiter that registered a dataset may dismiss a flag on it, and gains nothing by it: the bond is forfeited either way", async function () {
      const { datasets, admin, alice, bob, bond } = await loadFixture(squatted);
      const own = registration("arbiter's own", [{ address: bob.address, shares: 1 }]);
      await datasets.connect(admin).register(own, ZeroHash);
      const id = own.contentHash as string;
      const [, , , , , , , , joiner] = await ethers.getSigners();
      await datasets.connect(alice).flag(id, FlagReason.StolenData, EVIDENCE, { value: bond });
      await datasets.connect(joiner).flag(id, FlagReason.StolenData, EVIDENCE, { value: bond });
      await expect(datasets.connect(admin).dismissFlag(id, 1n))
        .to.emit(datasets, "FlagDismissed")
        .withArgs(id, 1n, admin.address, 2n * bond);
      expect((await datasets.disputeOf(id)).state).to.equal(DisputeState.Dismissed);
      for (const party of [admin, alice, joiner]) expect(await datasets.bondCredit(party.address)).to.equal(0n);
      await expect(datasets.connect(joiner).reclaimBond(id, 1n))
        .to.be.revertedWithCustomError(datasets, "BondNotReclaimable")
        .withArgs(id, 1n);
    });

    it("an upheld ruling that keeps the registrant keeps its retirement", async function () {
      const { datasets, admin, alice, bob, carol, bond } = await loadFixture(squatted);
      const [, , , , , , , , challenger] = await ethers.getSigners();
      const data = registration("wrong holders", [{ address: alice.address, shares: 1 }]);
      await datasets.connect(carol).register(data, ZeroHash);
      const id = data.contentHash as string;
      await datasets.connect(carol).retire(id);
      await datasets.connect(challenger).flag(id, FlagReason.WrongContributors, EVIDENCE, { value: bond });
      // The registrant is right; one holder was wrong.
      await upheld(datasets, admin, id, 1n, carol.address, [bob.address]);
      expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Retired);
      expect((await datasets.contributor(id, 0)).account).to.equal(bob.address);
    });

    it("when a stolen dataset is upheld, every model across the lineage that declared it pays the rightful holder", async function () {
      const system = await loadFixture(squatted);
      const { datasets, vault, token, admin, alice, carol, owner, sponsor, stranger, id, model, bond } = system;
      // A fine-tune of the model that declared the squatted copy: half its revenue is its parent's royalty.
      const own = registration("tune data", [{ address: carol.address, shares: 1 }]);
      await datasets.connect(carol).register(own, ZeroHash);
      const tuneId = await registerModel(
        system,
        owner,
        "tune",
        { [own.contentHash as string]: 1 },
        {
          parent: model,
          parentWeight: 1,
        },
      );
      await vault.connect(sponsor).deposit(model, 1000n);
      await vault.connect(sponsor).deposit(tuneId, 1000n);
      await datasets.connect(alice).flag(id, FlagReason.StolenData, EVIDENCE, { value: bond });
      await upheld(datasets, admin, id, 1n, alice.address, [alice.address]);
      await vault.forward(tuneId, model);
      await time.increase(WEEK);
      await vault.claim(alice.address, [{ model, dataset: id, index: 0 }]);
      expect(await token.balanceOf(alice.address)).to.equal(1500n);
      expect(await token.balanceOf(stranger.address)).to.equal(0n);
    });
  });
});

/** Upholds dispute `disputeId` and executes it once its appeal window has passed. */
async function upheld(
  datasets: Awaited<ReturnType<typeof deploySystem>>["datasets"],
  arbiter: Awaited<ReturnType<typeof deploySystem>>["admin"],
  id: string,
  disputeId: bigint,
  registrant: string,
  holders: string[],
) {
  await datasets.connect(arbiter).upholdFlag(id, disputeId, registrant, holders);
  await time.increaseTo((await datasets.disputeOf(id)).executableAt);
  await datasets.executeRuling(id, disputeId, registrant, holders);
}
