import { expect } from "chai";
import { ZeroHash } from "ethers";
import { network } from "hardhat";

import { DataDividends } from "../src/sdk/client.js";
import { deploySystem, registerModel, registration } from "./helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

/**
 * base: declares dataset B (alice) and asks 20% of its derivatives.
 * tune: a fine-tune of base on dataset T (bob): T 3, base 1 (25%); asks 10% of its own derivatives.
 * leaf: a fine-tune of tune with no data of its own: everything goes up.
 */
async function lineage() {
  const system = await deploySystem(ethers, 0n);
  const { datasets, alice, bob, owner, stranger } = system;
  const b = registration("base data", [{ address: alice.address, shares: 1 }]);
  const t = registration("tune data", [{ address: bob.address, shares: 1 }]);
  await datasets.connect(alice).register(b, ZeroHash);
  await datasets.connect(bob).register(t, ZeroHash);
  const B = b.contentHash as string;
  const T = t.contentHash as string;
  const base = await registerModel(system, owner, "base", { [B]: 1 }, { minRoyaltyBps: 2000 });
  const tune = await registerModel(
    system,
    stranger,
    "tune",
    { [T]: 3 },
    { parent: base, parentWeight: 1, minRoyaltyBps: 1000 },
  );
  const leaf = await registerModel(system, stranger, "leaf", {}, { parent: tune, parentWeight: 1 });
  return { ...system, B, T, base, tune, leaf };
}

describe("Lineage royalties", function () {
  it("forwards a fine-tune's parent edge into the parent's pool, permissionlessly, moving no tokens", async function () {
    const { vault, token, sponsor, stranger, tune, base, B, T } = await loadFixture(lineage);
    await vault.connect(sponsor).deposit(tune, 1000n);
    expect(await vault.owed(tune, T, 0)).to.equal(750n);
    expect(await vault.forwardable(tune, base)).to.equal(250n);
    const held = await token.balanceOf(await vault.getAddress());
    await expect(vault.connect(stranger).forward(tune, base))
      .to.emit(vault, "RoyaltyForwarded")
      .withArgs(tune, base, 250n);
    expect(await token.balanceOf(await vault.getAddress())).to.equal(held);
    expect(await vault.inflow(base)).to.equal(250n);
    expect(await vault.forwarded(tune, base)).to.equal(250n);
    expect(await vault.owed(base, B, 0)).to.equal(250n); // the base model's data is paid by the fine-tune
    // Forwarding again with nothing new is a no-op: no event, no change.
    await expect(vault.forward(tune, base)).not.to.emit(vault, "RoyaltyForwarded");
    expect(await vault.forward.staticCall(tune, base)).to.equal(0n);
    await vault.connect(sponsor).deposit(tune, 100n);
    await expect(vault.forward(tune, base)).to.emit(vault, "RoyaltyForwarded").withArgs(tune, base, 25n);
  });

  it("royalties are relative per hop: a grandparent earns its share of the parent's royalty", async function () {
    const { vault, sponsor, leaf, tune, base, B, T } = await loadFixture(lineage);
    await vault.connect(sponsor).deposit(leaf, 1000n);
    await vault.forward(leaf, tune); // all 1000 (leaf has no data of its own)
    await vault.forward(tune, base); // 25% of the tune's pool
    expect(await vault.inflow(tune)).to.equal(1000n);
    expect(await vault.owed(tune, T, 0)).to.equal(750n);
    expect(await vault.owed(base, B, 0)).to.equal(250n);
    // Forwarding out of order only delays: the tune's hop carried nothing before the leaf's.
  });

  it("refuses a hop that is not the child's parent, and forwards nothing for a model without a parent", async function () {
    const { vault, sponsor, tune, leaf, base } = await loadFixture(lineage);
    await vault.connect(sponsor).deposit(leaf, 1000n);
    await expect(vault.forward(leaf, base)).to.be.revertedWithCustomError(vault, "NotParent").withArgs(leaf, base);
    await expect(vault.forward(base, ZeroHash))
      .to.be.revertedWithCustomError(vault, "NotParent")
      .withArgs(base, ZeroHash);
    expect(await vault.forwardable(leaf, base)).to.equal(0n);
    expect(await vault.forwardable(leaf, tune)).to.equal(1000n);
  });

  it("stays open while the vault is paused (the parent's contributors can always reach their royalty)", async function () {
    const { vault, admin, sponsor, tune, base } = await loadFixture(lineage);
    await vault.connect(sponsor).deposit(tune, 1000n);
    await vault.connect(admin).pause();
    await expect(vault.forward(tune, base)).to.emit(vault, "RoyaltyForwarded");
  });

  it("the SDK's claimAll forwards the whole lineage and claims in one transaction", async function () {
    const { vault, token, addresses, sponsor, alice, carol, leaf, tune, base } = await loadFixture(lineage);
    await vault.connect(sponsor).deposit(leaf, 1000n);
    await vault.connect(sponsor).deposit(tune, 1000n);
    const dd = DataDividends.connect(carol, addresses); // a relayer; alice is paid
    // Nothing reached the base yet: all a claim pays comes from the forwards it sends first, and claimable says so.
    const before = await dd.claimable(alice.address);
    expect(before.totals[0].amount).to.equal(500n);
    expect(before.edges.map((e) => [e.claimable, e.fromForwards])).to.deep.equal([[500n, 500n]]);
    expect(await vault.claimable(base, before.edges[0].dataset, before.edges[0].index)).to.equal(0n);
    const result = await dd.claimAll(alice.address);
    // tune's pool: 1000 + 1000 forwarded from leaf; 25% of 2000 reaches base, all of it alice's.
    expect(result.payments).to.have.length(1);
    expect(result.payments[0]).to.deep.include({ paid: 500n, edges: 1, forwards: 2 });
    expect(result.transactions).to.have.length(1);
    expect(await token.balanceOf(alice.address)).to.equal(500n);
    expect(await vault.forwarded(leaf, tune)).to.equal(1000n);
    expect(await vault.forwarded(tune, base)).to.equal(500n);
  });

  it("the SDK's claimAll sends only the hops that owe, and splits hops beyond one transaction's share into their own", async function () {
    const system = await loadFixture(lineage);
    const { vault, addresses, sponsor, alice, carol, owner, base, B } = system;
    // 130 fine-tunes of the base with no data of their own; none has been paid yet.
    const children: string[] = [];
    for (let i = 0; i < 130; i++) {
      children.push(await registerModel(system, owner, `child ${i}`, { [B]: 1 }, { parent: base, parentWeight: 1 }));
    }
    await vault.connect(sponsor).deposit(base, 1000n);
    const dd = DataDividends.connect(carol, addresses);
    const quiet = await dd.claimAll(alice.address);
    // 130 empty hops would be 130 no-op forwards; none is sent.
    expect(quiet.payments[0]).to.deep.include({ forwards: 0 });
    expect(quiet.transactions).to.have.length(1);
    // Now 120 of them owe: more than MAX_FORWARDS_PER_TRANSACTION (100), so the first 100 go in a transaction of
    // their own and the other 20 with the claim.
    const paying = children.slice(0, 120);
    await vault.connect(sponsor).multicall(paying.map((c) => vault.interface.encodeFunctionData("deposit", [c, 10n])));
    const split = await dd.claimAll(alice.address);
    expect(split.payments[0]).to.deep.include({ forwards: 120 });
    expect(split.transactions).to.have.length(2);
    for (const c of paying) expect(await vault.forwardable(c, base)).to.equal(0n);
    expect(await vault.forwarded(children[125], base)).to.equal(0n);
  });

  it("the royalty floor binds one hop (the design): a zero-floor wrapper between base and fine-tune dilutes the base to its floor of the wrapper's share", async function () {
    const system = await loadFixture(lineage);
    const { vault, sponsor, stranger, owner, base, B } = system;
    // A wrapper declares base at exactly base's 20% floor and asks nothing of its own derivatives.
    const wrapper = await registerModel(system, stranger, "wrapper", {}, { parent: base, parentWeight: 1 });
    // A fine-tune of the wrapper gives it one part in a million: allowed, since the wrapper's floor is 0.
    const { datasets, carol } = system;
    const own = registration("fine-tune data", [{ address: carol.address, shares: 1 }]);
    await datasets.connect(carol).register(own, ZeroHash);
    const fine = await registerModel(
      system,
      owner,
      "wrapped fine-tune",
      { [own.contentHash as string]: 999_999 },
      {
        parent: wrapper,
        parentWeight: 1,
      },
    );
    await vault.connect(sponsor).deposit(fine, 1_000_000n);
    await vault.forward(fine, wrapper);
    await vault.forward(wrapper, base);
    // Through the wrapper base's data earns 1 of 1,000,000; a direct fine-tune would have owed it 200,000.
    expect(await vault.owed(base, B, 0)).to.equal(1n);
  });
});
