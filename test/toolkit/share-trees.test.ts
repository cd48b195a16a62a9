/**
 * Crowd datasets through the SDK: a contributors file becomes a tree file and a registration; an address slot is
 * claimed without its holder handling a proof; a person known by a handle sees what they earned before they have
 * a wallet, an attester binds them, and their wallet is paid all of it; after the deadline the unbound rest is
 * swept. A tree file that is not the registered one is refused before anything is sent.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { Wallet, id as keccakLabel } from "ethers";
import { network } from "hardhat";

import { DataDividends, DataDividendsError, datasetId, type DatasetId } from "../../src/index.js";
import { ShareTreeFile, buildShareTree, writeContributorsCsv } from "../../src/node/index.js";
import { deploySystem, hashOf, registerModel } from "../helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;
const DAY = 86_400n;

async function fails(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(DataDividendsError);
    expect((error as DataDividendsError).code).to.equal(code);
    expect((error as Error).message).to.match(message);
    return;
  }
  expect.fail("resolved; expected a refusal");
}

async function crowd() {
  const system = await deploySystem(ethers, 0n);
  const { alice, bob, carol, admin, sponsor, owner } = system;
  const dir = await mkdtemp(join(tmpdir(), "dd-crowd-"));
  const csv = join(dir, "contributors.csv");
  const rows = [
    { holder: bob.address, shares: 2 },
    ...Array.from({ length: 40 }, (_, i) => ({ holder: `hf:person-${i}`, shares: 1 + (i % 3) })),
    { holder: "github:dan", shares: 5 },
  ];
  await writeContributorsCsv(csv, rows);
  const built = await buildShareTree(csv, dir);
  const tree = await ShareTreeFile.open(built.path);
  const dd = DataDividends.connect(alice, system.addresses);
  const deadline = BigInt(await time.latest()) + 90n * DAY;
  const registered = await dd.registerShareTree({
    contentHash: hashOf("crowd"),
    metadataURI: "ipfs://crowd/manifest.json",
    tree,
    deadline,
    fallbackAccount: sponsor.address,
  });
  const dataset = registered.id;
  const model = await registerModel(system, owner, "crowd-model", { [dataset]: 1 });
  await system.vault.connect(sponsor).deposit(model, 1_000_003n);
  await system.datasets.connect(admin).grantRole(keccakLabel("ATTESTER_ROLE"), carol.address);
  const total = BigInt(rows.reduce((sum, r) => sum + r.shares, 0));
  return { ...system, dir, tree, dd, dataset, model, deadline, total, rows };
}

describe("SDK: crowd datasets (share trees)", function () {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async function () {
    for (const step of cleanup) await step();
    cleanup = [];
  });

  async function loaded() {
    const fixture = await loadFixture(crowd);
    // loadFixture reuses one tree file across tests: reopen it for each.
    const tree = await ShareTreeFile.open(fixture.tree.path);
    cleanup.push(() => tree.close());
    return { ...fixture, tree };
  }

  it("registers the tree and reports a rerun as already registered", async function () {
    const { dd, shareTrees, tree, dataset, deadline, sponsor } = await loaded();
    expect(await shareTrees.treeHashOf(dataset)).to.not.equal(`0x${"0".repeat(64)}`);
    const again = await dd.registerShareTree({
      contentHash: dataset,
      metadataURI: "ipfs://crowd/manifest.json",
      tree,
      deadline,
      fallbackAccount: sponsor.address,
    });
    expect(again.status).to.equal("already-registered");
  });

  it("claims an address slot in one transaction that proves it, then as a listed slot", async function () {
    const { addresses, bob, tree, dataset, total, token, vault, sponsor, model } = await loaded();
    const asBob = DataDividends.connect(bob, addresses);
    const first = await asBob.claimTreeSlots(dataset, tree, bob.address);
    expect(first.proved).to.deep.equal([0]);
    expect(first.amount).to.equal((1_000_003n * 2n) / total);
    await vault.connect(sponsor).deposit(model, 500_000n);
    const before = await token.balanceOf(bob.address);
    const report = await asBob.claimAll(bob.address);
    expect(report.payments.length).to.be.greaterThan(0);
    expect((await token.balanceOf(bob.address)) - before).to.equal((1_500_003n * 2n) / total - first.amount);
  });

  it("shows a handle what it earned, binds it through an attester, and pays the wallet everything", async function () {
    const { dd, addresses, carol, tree, dataset, total, token, model } = await loaded();
    const trees = new Map<DatasetId, ShareTreeFile>([[dataset, tree]]);
    const [before] = await dd.identityEarnings("GitHub:Dan", trees);
    expect(before.standing.state).to.equal("unbound");
    expect(before.standing.next).to.match(/ask an attester to bind your handle/);
    expect(before.owed).to.deep.equal([{ model, token: await token.getAddress(), amount: (1_000_003n * 5n) / total }]);

    const wallet = Wallet.createRandom().address;
    const attester = DataDividends.connect(carol, addresses);
    const signed = await attester.signAttestation({
      dataset,
      tree,
      index: before.index,
      account: wallet,
      deadline: BigInt(await time.latest()) + DAY,
    });
    const { effectiveAt } = await dd.proposeBinding(tree, signed);
    const [pending] = await dd.identityEarnings("github:dan", trees);
    expect(pending.standing.state).to.equal("pending");
    await fails(dd.completeBinding(dataset, before.index), "CONTRACT_REVERT", /can be completed at/);
    await time.increaseTo(effectiveAt);
    await dd.completeBinding(dataset, before.index);
    const [bound] = await dd.identityEarnings("github:dan", trees);
    expect(bound.standing).to.deep.include({ state: "bound", account: wallet });
    await fails(dd.completeBinding(dataset, before.index), "CONTRACT_REVERT", /no binding of share slot .* is pending/);
    const paid = await dd.claimAll(wallet);
    expect(paid.payments.reduce((sum, p) => sum + p.paid, 0n)).to.equal((1_000_003n * 5n) / total);
  });

  it("sweeps unbound slots to the fallback after the deadline", async function () {
    const { dd, tree, dataset, deadline, sponsor, token, total, rows } = await loaded();
    await fails(dd.sweepSlots(dataset, tree, [1]), "CONTRACT_REVERT", /can be swept after/);
    await time.increaseTo(deadline + 1n);
    await dd.sweepSlots(dataset, tree, [1, 2]);
    const before = await token.balanceOf(sponsor.address);
    await dd.claimAll(sponsor.address);
    const shares = BigInt(rows[1].shares + rows[2].shares);
    const expected = (1_000_003n * BigInt(rows[1].shares)) / total + (1_000_003n * BigInt(rows[2].shares)) / total;
    expect((await token.balanceOf(sponsor.address)) - before).to.equal(expected);
    expect(shares).to.be.greaterThan(0n);
    await fails(dd.sweepSlots(dataset, tree, [1]), "CONTRACT_REVERT", /already proven \(held by/);
  });

  it("refuses a tree file that is not the registered one before sending anything", async function () {
    const { addresses, bob, dataset, dir } = await loaded();
    const other = join(dir, "other.csv");
    await writeContributorsCsv(other, [{ holder: bob.address, shares: 1 }]);
    const otherDir = await mkdtemp(join(tmpdir(), "dd-crowd-"));
    cleanup.push(() => rm(otherDir, { recursive: true, force: true }));
    const wrong = await ShareTreeFile.open((await buildShareTree(other, otherDir)).path);
    cleanup.push(() => wrong.close());
    const asBob = DataDividends.connect(bob, addresses);
    const nonce = await ethers.provider.getTransactionCount(bob.address);
    await fails(asBob.claimTreeSlots(dataset, wrong, bob.address), "INVALID_INPUT", /not dataset .* registered root/);
    await fails(
      asBob.claimTreeSlots(datasetId(hashOf("nope")), wrong, bob.address),
      "NOT_FOUND",
      /not a share-tree dataset/,
    );
    expect(await ethers.provider.getTransactionCount(bob.address)).to.equal(nonce);
  });
});
