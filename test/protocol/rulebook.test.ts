/**
 * The rulebook (src/protocol) against the contracts: each TypeScript rule is fed seeded random inputs and
 * compared with what the contract itself answers or refuses, as Morpho tests its balance library against
 * the core. A drift between the two is a failing case here, not a wrong number in an app.
 */
import { expect } from "chai";
import { ZeroHash, getAddress, toBeHex, zeroPadValue } from "ethers";
import { network } from "hardhat";

import { checkedContributors, MAX_CONTRIBUTORS } from "../../src/protocol/contributors.js";
import { credited, earned } from "../../src/protocol/earnings.js";
import { DataDividendsError } from "../../src/protocol/errors.js";
import { FlagReason, modelIdOf, sortByAscendingId } from "../../src/protocol/ids.js";
import { forwardsInto } from "../../src/protocol/lineage.js";
import { meetsRoyaltyFloor, minimumParentWeight } from "../../src/protocol/royalty.js";
import { edgeState, isFrozen, nextPauseClock, registryClock, type PauseClock } from "../../src/protocol/standing.js";
import { MAX_URI_BYTES, checkedURI } from "../../src/protocol/uri.js";
import { deploySystem, hashOf, modelRegistration, registerModel, registration } from "../helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

/** A small seeded generator (mulberry32), so a failing case reproduces. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const big = (bits: number) => {
    let v = 0n;
    for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(int(65536));
    return v & ((1n << BigInt(bits)) - 1n);
  };
  return { next, int, big };
}

const WEEK = 7n * 86_400n;
const accountAt = (n: number) => getAddress(zeroPadValue(toBeHex(n), 20));

async function coolingSystem() {
  return deploySystem(ethers, 0n, { claimDelay: WEEK });
}

describe("rulebook (src/protocol) against the contracts", function () {
  it("registryClock, folded from the Paused and Unpaused events as the indexer does, is the registry's clock()", async function () {
    const { datasets, admin } = await deploySystem(ethers, 2n);
    const rng = random(0xc10c);
    let clock: PauseClock | undefined;
    for (let step = 0; step < 30; step++) {
      const paused = await datasets.paused();
      const action = rng.int(3);
      if (action === 0) {
        const receipt = await (
          await (paused ? datasets.connect(admin).unpause() : datasets.connect(admin).pause())
        ).wait();
        clock = nextPauseClock(clock, !paused, BigInt(receipt!.blockNumber));
      } else {
        await networkHelpers.mine(1 + rng.int(5));
      }
      const block = BigInt(await ethers.provider.getBlockNumber());
      expect(registryClock(clock, block), `step ${step}`).to.equal(await datasets.clock());
    }
  });

  it("edgeState is payable exactly when the registry's payoutOf says payableNow, owed or not", async function () {
    const system = await loadFixture(coolingSystem);
    const { datasets, stranger, alice, bob, owner } = system;
    const rng = random(0x5eed);
    const claimDelay = await datasets.claimDelay();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = registration(`standing ${i}`, [{ address: [alice, bob][i % 2].address, shares: 1 }]);
      await datasets.connect(owner).register(r, ZeroHash);
      ids.push(r.contentHash as string);
      await time.increase(BigInt(rng.int(Number(WEEK) / 2)));
    }
    // Nothing is deposited anywhere: a frozen or cooling slot with nothing owed is still frozen or cooling.
    const seen = new Set<string>();
    for (let step = 0; step < 40; step++) {
      const id = ids[rng.int(ids.length)];
      const action = rng.int(4);
      if (action === 0 && (await datasets.statusOf(id)) === 2n) {
        await datasets
          .connect(stranger)
          .flag(id, FlagReason.Other, "ipfs://e", { value: await datasets.bondToFlag(id) });
      } else if (action === 1 && (await datasets.disputeOf(id)).state === 1n) {
        await datasets.dismissFlag(id, (await datasets.disputeOf(id)).id);
      } else {
        await time.increase(BigInt(1 + rng.int(Number(WEEK) / 3)));
      }
      const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
      for (const d of ids) {
        const record = await datasets.dataset(d);
        const state = edgeState({ frozen: isFrozen(record.flags), registeredAt: record.registeredAt }, claimDelay, now);
        const { payableNow } = await datasets.payoutOf(d, 0);
        expect(state === "payable", `${d} at ${now}: ${state}`).to.equal(payableNow);
        seen.add(state);
      }
    }
    expect([...seen].sort()).to.deep.equal(["cooling-off", "frozen", "payable"]);
    // The boundary: one second before the cooling-off ends, and the second it ends.
    const edge = registration("standing boundary", [{ address: alice.address, shares: 1 }]);
    await datasets.connect(owner).register(edge, ZeroHash);
    const id = edge.contentHash as string;
    const record = await datasets.dataset(id);
    for (const at of [record.registeredAt + claimDelay - 1n, record.registeredAt + claimDelay]) {
      await time.setNextBlockTimestamp(at);
      await networkHelpers.mine();
      const state = edgeState({ frozen: false, registeredAt: record.registeredAt }, claimDelay, at);
      expect(state === "payable", `at ${at}`).to.equal((await datasets.payoutOf(id, 0)).payableNow);
    }
  });

  it("earned and credited are the vault's owed and forwardable, over random weights, shares and deposits", async function () {
    const system = await loadFixture(coolingSystem);
    const { datasets, vault, sponsor, owner } = system;
    const rng = random(0xc1c1);
    for (let round = 0; round < 8; round++) {
      const count = 1 + rng.int(4);
      const holders = Array.from({ length: count }, (_, i) => ({
        address: accountAt(0x1000 + round * 16 + i),
        shares: 1n + (rng.big(32) % 0xfffffffen),
      }));
      const r = registration(`earned ${round}`, holders);
      await datasets.connect(owner).register(r, ZeroHash);
      const id = r.contentHash as string;
      const other = registration(`other ${round}`, [{ address: accountAt(0x9000 + round), shares: 1 }]);
      await datasets.connect(owner).register(other, ZeroHash);
      const weight = 1n + (rng.big(32) % 0xfffffffen);
      const otherWeight = 1n + (rng.big(32) % 0xfffffffen);
      const model = await registerModel(system, owner, `model ${round}`, {
        [id]: weight,
        [other.contentHash as string]: otherWeight,
      });
      let inflow = 0n;
      for (let k = 0; k < 3; k++) {
        // From 1 wei to 10,000 tokens: rounding shows at the small end, overflow-free products at the large.
        const amount = 1n + (rng.int(2) === 0 ? rng.big(16) : rng.big(80) % 10n ** 22n);
        await vault.connect(sponsor).deposit(model, amount);
        inflow += amount;
      }
      const totalWeight = weight + otherWeight;
      const totalShares = (r.shares as bigint[]).reduce((s, x) => s + BigInt(x), 0n);
      for (let i = 0; i < count; i++) {
        const shares = BigInt((r.shares as bigint[])[i]);
        expect(await vault.owed(model, id, i)).to.equal(earned(inflow, weight, totalWeight, shares, totalShares));
      }
      expect(await vault.credited(model, id)).to.equal(credited(inflow, weight, totalWeight));
    }
  });

  it("minimumParentWeight is the least parent weight the model registry accepts, for random floors", async function () {
    const system = await loadFixture(coolingSystem);
    const { datasets, models, owner } = system;
    const rng = random(0xf100);
    const base = registration("royalty base data", [{ address: accountAt(0x77), shares: 1 }]);
    await datasets.connect(owner).register(base, ZeroHash);
    const data = base.contentHash as string;
    for (let round = 0; round < 12; round++) {
      const bps = round === 0 ? 0n : round === 1 ? 9_999n : BigInt(rng.int(10_000));
      const parent = await registerModel(system, owner, `parent ${round}`, { [data]: 1 }, { minRoyaltyBps: bps });
      // Small enough that even a 99.99% floor's parent weight fits the registry's uint32.
      const datasetWeight = 1n + (rng.big(24) % 400_000n);
      const least = minimumParentWeight(bps, datasetWeight);
      expect(meetsRoyaltyFloor(least, least + datasetWeight, bps)).to.equal(true);
      const child = (weight: bigint, label: string) =>
        modelRegistration(label, { [data]: datasetWeight }, { parent, parentWeight: weight });
      if (least > 1n) {
        expect(meetsRoyaltyFloor(least - 1n, least - 1n + datasetWeight, bps)).to.equal(false);
        await expect(
          models.connect(owner).registerModel(child(least - 1n, `below ${round}`)),
        ).to.be.revertedWithCustomError(models, "RoyaltyBelowFloor");
      }
      await models.connect(owner).registerModel(child(least, `at ${round}`));
    }
    expect(() => minimumParentWeight(10_000n, 1n)).to.throw(DataDividendsError, /100% royalty/);
  });

  it("checkedContributors refuses exactly the lists the dataset registry refuses", async function () {
    const { datasets, owner } = await loadFixture(coolingSystem);
    const rng = random(0xabc);
    const pool = [0, 1, 2, 3, 0x10, 0x11].map(accountAt);
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < 60; round++) {
      const length = round === 0 ? 0 : round === 1 ? MAX_CONTRIBUTORS + 1 : 1 + rng.int(4);
      const list = Array.from({ length }, (_, i) => ({
        account: length > 8 ? accountAt(0x100 + i) : pool[rng.int(pool.length)],
        shares: rng.int(6) === 0 ? 0n : 1n + (rng.big(32) % 0xfffffffen),
      }));
      let ours: { account: string; shares: bigint }[] | undefined;
      try {
        ours = checkedContributors(list);
      } catch (error) {
        expect(error).to.be.instanceOf(DataDividendsError);
      }
      // The registry sees the list in ascending order (the SDK sends it so); duplicates stay duplicates.
      const sorted = ours ?? sortByAscendingId(list, (c) => c.account);
      const call = datasets.connect(owner).register.staticCall(
        {
          contentHash: hashOf(`contributors ${round}`),
          metadataURI: "ipfs://c",
          contributors: sorted.map((c) => c.account),
          shares: sorted.map((c) => c.shares),
        },
        ZeroHash,
      );
      if (ours === undefined) {
        await expect(
          call,
          JSON.stringify(list, (_, v: unknown) => (typeof v === "bigint" ? `${v}` : v)),
        ).to.be.revert(ethers);
        refused++;
      } else {
        await call;
        accepted++;
      }
    }
    expect(accepted).to.be.greaterThan(5);
    expect(refused).to.be.greaterThan(5);
  });

  it("checkedURI accepts exactly the URIs the registry accepts (bytes, not characters)", async function () {
    const { datasets, owner } = await loadFixture(coolingSystem);
    const uris = [
      "",
      "a",
      "é".repeat(1024),
      "é".repeat(1025),
      "x".repeat(MAX_URI_BYTES),
      "x".repeat(MAX_URI_BYTES + 1),
    ];
    for (const [i, uri] of uris.entries()) {
      let ok = true;
      try {
        checkedURI(uri);
      } catch (error) {
        expect(error).to.be.instanceOf(DataDividendsError);
        ok = false;
      }
      const call = datasets
        .connect(owner)
        .register.staticCall(
          { contentHash: hashOf(`uri ${i}`), metadataURI: uri, contributors: [accountAt(5)], shares: [1] },
          ZeroHash,
        );
      if (ok) await call;
      else await expect(call).to.be.revert(ethers);
    }
  });

  it("forwardsInto orders any lineage so that one pass leaves nothing to forward, at any depth", async function () {
    const system = await loadFixture(coolingSystem);
    const { datasets, vault, sponsor, owner } = system;
    const rng = random(0x11ee);
    const r = registration("lineage data", [{ address: accountAt(0x55), shares: 1 }]);
    await datasets.connect(owner).register(r, ZeroHash);
    const data = r.contentHash as string;
    const root = await registerModel(system, owner, "root", { [data]: 1 });
    const nodes: { id: string; parent?: string }[] = [{ id: root }];
    // A random tree, with one long chain in it (70 hops: deeper than the indexer's old cut at 64).
    for (let i = 0; i < 90; i++) {
      const parent = i < 70 ? nodes[nodes.length - 1].id : nodes[rng.int(nodes.length)].id;
      const id = await registerModel(
        system,
        owner,
        `node ${i}`,
        { [data]: 1 + rng.int(5) },
        { parent, parentWeight: 1 + rng.int(5) },
      );
      nodes.push({ id, parent });
    }
    for (const n of nodes) if (rng.int(3) === 0) await vault.connect(sponsor).deposit(n.id, 1n + rng.big(64));
    const hops = forwardsInto(nodes, [root]);
    expect(hops).to.have.length(nodes.length - 1);
    for (const hop of hops) await vault.forward(hop.child, hop.parent);
    for (const hop of hops) expect(await vault.forwardable(hop.child, hop.parent)).to.equal(0n);
  });

  it("modelIdOf is the model registry's ID", async function () {
    const system = await loadFixture(coolingSystem);
    const { datasets, owner } = system;
    const r = registration("id data", [{ address: accountAt(0x66), shares: 1 }]);
    await datasets.connect(owner).register(r, ZeroHash);
    const m = modelRegistration("id model", { [r.contentHash as string]: 1 });
    await system.models.connect(owner).registerModel(m);
    expect((await system.models.model(modelIdOf(owner.address, m.artifactHash as string))).owner).to.equal(
      owner.address,
    );
  });
});
