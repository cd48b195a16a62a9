/**
 * Earliest commitment wins, with a real mempool: Hardhat's automine off, priority-fee ordering and a
 * base-fee spike. Once Alice's reveal is public (pending through a fee spike, or mined and reverted
 * while registration was paused) Eve commits the same content hash and reveals first; Alice's older,
 * still-live commitment then replaces Eve's provisional registration, and no model could pay Eve.
 */
import { expect } from "chai";
import { toQuantity } from "ethers";
import { network } from "hardhat";

import { DatasetStatus, commitmentOf } from "../src/protocol/ids.js";
import { deploySystem, modelRegistration, registration } from "./helpers/fixtures.js";

const { ethers, networkHelpers, provider } = await network.create();
const { loadFixture, mine } = networkHelpers;

const DELAY = 2n;
const WINDOW = 7200n;
const GWEI = 10n ** 9n;

async function setting() {
  const system = await deploySystem(ethers, DELAY);
  const { alice, stranger: eve } = system;
  const r = registration("valuable", [{ address: alice.address, shares: 1 }]);
  const id = r.contentHash as string;
  const aliceSalt = ethers.id("alice");
  const eveSalt = ethers.id("eve");
  // Eve registers the same content under her own name as sole contributor.
  const copy = { ...r, contributors: [eve.address], shares: [1n] };
  return { ...system, eve, r, id, aliceSalt, eveSalt, copy };
}

const setBaseFee = (fee: bigint) =>
  provider.request({ method: "hardhat_setNextBlockBaseFeePerGas", params: [toQuantity(fee)] });
const automine = (on: boolean) => provider.request({ method: "evm_setAutomine", params: [on] });
describe("Earliest commitment wins (automine off)", function () {
  afterEach(async function () {
    await automine(true);
  });

  it("a reveal delayed by a fee spike still beats the copier who committed on seeing it", async function () {
    const { datasets, models, alice, eve, owner, r, id, aliceSalt, eveSalt, copy } = await loadFixture(setting);
    await datasets.connect(alice).commit(commitmentOf(id, alice.address, aliceSalt));
    const aliceCommittedAt = BigInt(await ethers.provider.getBlockNumber());
    await mine(Number(DELAY));

    await automine(false);
    // Alice's reveal goes out with a fee cap of 2 gwei...
    const aliceReveal = await datasets
      .connect(alice)
      .register(r, aliceSalt, { maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: 1n });
    // ...and the base fee spikes above it: the reveal sits in the mempool, its content hash public.
    await setBaseFee(50n * GWEI);
    const fast = { maxFeePerGas: 200n * GWEI, maxPriorityFeePerGas: 10n * GWEI };
    await datasets.connect(eve).commit(commitmentOf(id, eve.address, eveSalt), fast);
    await setBaseFee(50n * GWEI);
    await mine(1);
    for (let i = 0n; i < DELAY; i++) {
      await setBaseFee(50n * GWEI);
      await mine(1);
    }
    await datasets.connect(eve).register(copy, eveSalt, fast);
    await setBaseFee(50n * GWEI);
    await mine(1);
    // Alice's reveal is still waiting in the mempool.
    expect((await ethers.provider.getTransaction(aliceReveal.hash))?.blockNumber).to.equal(null);
    expect((await datasets.dataset(id)).registrant).to.equal(eve.address);
    expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Provisional);
    // While Eve's registration is provisional no model can declare it, so no money can reach her.
    await expect(models.connect(owner).registerModel.staticCall(modelRegistration("m", { [id]: 1 })))
      .to.be.revertedWithCustomError(models, "DatasetNotDeclarable")
      .withArgs(id, DatasetStatus.Provisional);

    // The spike passes; Alice's reveal is mined and replaces Eve's registration.
    await setBaseFee(1n * GWEI);
    await mine(1);
    const receipt = await aliceReveal.wait();
    expect(receipt?.status).to.equal(1);
    await expect(aliceReveal).to.emit(datasets, "DatasetDisplaced").withArgs(id, eve.address, alice.address);
    await expect(aliceReveal)
      .to.emit(datasets, "DatasetRegistered")
      .withArgs(
        id,
        alice.address,
        r.metadataURI,
        r.contributors,
        r.shares,
        aliceCommittedAt + DELAY + WINDOW,
        await datasets.commitmentOf(id, alice.address, aliceSalt),
      );
    expect((await datasets.dataset(id)).registrant).to.equal(alice.address);
    expect((await datasets.contributor(id, 0)).account).to.equal(alice.address);
  });

  it("a reveal that reverted (registration paused) is revealed again and beats the copier", async function () {
    const { datasets, admin, alice, eve, r, id, aliceSalt, eveSalt, copy } = await loadFixture(setting);
    await datasets.connect(alice).commit(commitmentOf(id, alice.address, aliceSalt));
    await mine(Number(DELAY));
    await datasets.connect(admin).pause();
    await automine(false);
    // Alice's reveal is mined and reverts: the hash is public, her commitment is untouched.
    const failed = await datasets.connect(alice).register(r, aliceSalt, { gasLimit: 500_000n });
    await mine(1);
    const mined = await ethers.provider.getTransactionReceipt(failed.hash);
    expect(mined?.status).to.equal(0); // mined, and reverted: EnforcedPause
    await automine(true);
    await datasets.connect(admin).unpause();
    await automine(false);
    await datasets.connect(eve).commit(commitmentOf(id, eve.address, eveSalt));
    await mine(1);
    await mine(Number(DELAY));
    await datasets.connect(eve).register(copy, eveSalt);
    await mine(1);
    expect((await datasets.dataset(id)).registrant).to.equal(eve.address);
    await datasets.connect(alice).register(r, aliceSalt);
    await mine(1);
    expect((await datasets.dataset(id)).registrant).to.equal(alice.address);
  });

  it("a pause longer than commitDelay + commitWindow changes nobody's priority: the registry clock stops with registration", async function () {
    const system = await deploySystem(ethers, DELAY, { commitWindow: 20n });
    const { datasets, admin, alice, stranger: eve } = system;
    const r = registration("paused-long", [{ address: alice.address, shares: 1 }]);
    const id = r.contentHash as string;
    const [aliceSalt, eveSalt] = [ethers.id("alice"), ethers.id("eve")];
    await datasets.connect(alice).commit(commitmentOf(id, alice.address, aliceSalt));
    await mine(Number(DELAY));
    await datasets.connect(admin).pause();
    const clockAtPause = await datasets.clock();
    await automine(false);
    // Alice's reveal reverts on the pause: the hash is public.
    const failed = await datasets.connect(alice).register(r, aliceSalt, { gasLimit: 500_000n });
    await mine(1);
    expect((await ethers.provider.getTransactionReceipt(failed.hash))?.status).to.equal(0);
    await automine(true);
    // Eve cannot commit the copy during the pause (the clock stands still, so commitments would tie).
    await expect(datasets.connect(eve).commit(commitmentOf(id, eve.address, eveSalt))).to.be.revertedWithCustomError(
      datasets,
      "EnforcedPause",
    );
    await mine(Number(DELAY + 20n) * 2); // paused for more than delay + window
    expect(await datasets.clock()).to.equal(clockAtPause);
    await datasets.connect(admin).unpause();
    await automine(false);
    // She commits the moment it ends, and waits out the delay.
    await datasets.connect(eve).commit(commitmentOf(id, eve.address, eveSalt));
    await mine(1);
    await mine(Number(DELAY));
    // Eve reveals first; Alice's commitment is still live in the registry clock and displaces her.
    await datasets.connect(eve).register({ ...r, contributors: [eve.address], shares: [1n] }, eveSalt);
    await mine(1);
    expect((await datasets.dataset(id)).registrant).to.equal(eve.address);
    const reveal = await datasets.connect(alice).register(r, aliceSalt);
    await mine(1);
    await expect(reveal).to.emit(datasets, "DatasetDisplaced").withArgs(id, eve.address, alice.address);
    expect((await datasets.dataset(id)).registrant).to.equal(alice.address);
  });

  it("a displacing registration with fewer contributors clears the displaced one's extra slots", async function () {
    const { datasets, alice, bob, eve, r, id, aliceSalt, eveSalt } = await loadFixture(setting);
    await datasets.connect(alice).commit(commitmentOf(id, alice.address, aliceSalt));
    await mine(1);
    await datasets.connect(eve).commit(commitmentOf(id, eve.address, eveSalt));
    await mine(Number(DELAY));
    const [low, high] = [eve.address, bob.address].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await datasets.connect(eve).register({ ...r, contributors: [low, high], shares: [1n, 1n] }, eveSalt);
    expect((await datasets.contributor(id, 1)).account).to.equal(high);
    await expect(datasets.connect(alice).register(r, aliceSalt)).to.emit(datasets, "DatasetDisplaced");
    expect((await datasets.contributor(id, 0)).account).to.equal(alice.address);
    expect((await datasets.contributor(id, 1)).account).to.equal(ethers.ZeroAddress);
    expect((await datasets.dataset(id)).contributorCount).to.equal(1n);
  });

  it("an older registration is never displaced by a younger commitment, and a window that closed is final", async function () {
    const { datasets, alice, eve, r, id, aliceSalt, eveSalt, copy } = await loadFixture(setting);
    await datasets.connect(eve).commit(commitmentOf(id, eve.address, eveSalt));
    await datasets.connect(alice).commit(commitmentOf(id, alice.address, aliceSalt));
    await mine(Number(DELAY));
    // Eve's commitment is the older one here: her registration stands against Alice's younger reveal.
    await datasets.connect(eve).register(copy, eveSalt);
    await expect(datasets.connect(alice).register(r, aliceSalt))
      .to.be.revertedWithCustomError(datasets, "DatasetAlreadyRegistered")
      .withArgs(id, eve.address);
    const provisionalUntil = (await datasets.dataset(id)).provisionalUntil;
    await mine(Number(provisionalUntil - BigInt(await ethers.provider.getBlockNumber())));
    expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Provisional); // its last provisional block
    await mine(1);
    expect(await datasets.statusOf(id)).to.equal(DatasetStatus.Active);
    // Final: no reveal, older commitment or not, replaces it any more.
    await expect(datasets.connect(alice).register(r, aliceSalt))
      .to.be.revertedWithCustomError(datasets, "DatasetAlreadyRegistered")
      .withArgs(id, eve.address);
  });

  it("a pause never makes commitments tie: none is taken while paused, so the first to commit after it wins, whoever reveals first", async function () {
    const { datasets, admin, alice, eve, r, id, aliceSalt, eveSalt, copy } = await loadFixture(setting);
    await datasets.connect(admin).pause();
    // On v2 both were taken, in different blocks of the pause, at the same registry clock: a tie, so Eve, who
    // committed second but revealed first, kept the dataset.
    await expect(
      datasets.connect(alice).commit(commitmentOf(id, alice.address, aliceSalt)),
    ).to.be.revertedWithCustomError(datasets, "EnforcedPause");
    await datasets.connect(admin).unpause();
    await datasets.connect(alice).commit(commitmentOf(id, alice.address, aliceSalt));
    await datasets.connect(eve).commit(commitmentOf(id, eve.address, eveSalt));
    await mine(Number(DELAY));
    await datasets.connect(eve).register(copy, eveSalt);
    await expect(datasets.connect(alice).register(r, aliceSalt))
      .to.emit(datasets, "DatasetDisplaced")
      .withArgs(id, eve.address, alice.address);
  });
});
