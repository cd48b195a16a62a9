import { expect } from "chai";
import { ZeroHash, id } from "ethers";
import { network } from "hardhat";

import { modelIdOf } from "../src/sdk/ids.js";
import { URI, ascending, deploySystem, hashOf, registerDataset } from "./helpers/fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;

async function withDatasets() {
  const system = await deploySystem(ethers, 0n);
  const { alice, bob, carol } = system;
  const ds = ascending([
    await registerDataset(system, alice, "d1", [{ address: alice.address, shares: 1 }]),
    await registerDataset(system, bob, "d2", [{ address: bob.address, shares: 1 }]),
    await registerDataset(system, carol, "d3", [{ address: carol.address, shares: 1 }]),
  ]);
  const artifact = hashOf("weights-v1");
  const modelId = modelIdOf(system.owner.address, artifact);
  await system.models.connect(system.owner).registerModel(artifact, URI, ZeroHash);
  return { ...system, ds, artifact, modelId };
}

describe("ModelRegistry", function () {
  describe("registerModel", function () {
    it("stores the model under an owner-bound ID and emits ModelRegistered", async function () {
      const { models, owner, stranger } = await loadFixture(withDatasets);
      const artifact = hashOf("weights-v2");
      const parent = modelIdOf(owner.address, hashOf("weights-v1"));
      const expected = modelIdOf(owner.address, artifact);
      expect(await models.modelIdOf(owner.address, artifact)).to.equal(expected);
      expect(await models.connect(owner).registerModel.staticCall(artifact, "ipfs://card", parent)).to.equal(expected);
      await expect(models.connect(owner).registerModel(artifact, "ipfs://card", parent))
        .to.emit(models, "ModelRegistered")
        .withArgs(expected, owner.address, artifact, parent, "ipfs://card");
      const m = await models.model(expected);
      expect(m.owner).to.equal(owner.address);
      expect(m.registeredAt).to.equal(BigInt(await time.latest()));
      expect(m.artifactHash).to.equal(artifact);
      expect(m.metadataHash).to.equal(id("ipfs://card"));
      expect(m.parent).to.equal(parent);
      expect(m.totalWeight).to.equal(0n);
      // Someone else registering the same artifact gets their own ID: no squatting.
      await expect(models.connect(stranger).registerModel(artifact, URI, ZeroHash))
        .to.emit(models, "ModelRegistered")
        .withArgs(modelIdOf(stranger.address, artifact), stranger.address, artifact, ZeroHash, URI);
    });

    it("rejects a zero artifact hash, bad URIs, re-registration and unknown parents", async function () {
      const { models, owner, artifact, modelId } = await loadFixture(withDatasets);
      await expect(models.registerModel(ZeroHash, URI, ZeroHash)).to.be.revertedWithCustomError(
        models,
        "ZeroArtifactHash",
      );
      await expect(models.registerModel(hashOf("a"), "", ZeroHash)).to.be.revertedWithCustomError(
        models,
        "EmptyMetadataURI",
      );
      await expect(models.registerModel(hashOf("a"), "x".repeat(2049), ZeroHash))
        .to.be.revertedWithCustomError(models, "MetadataURITooLong")
        .withArgs(2049n, 2048n);
      await expect(models.connect(owner).registerModel(artifact, URI, ZeroHash))
        .to.be.revertedWithCustomError(models, "ModelAlreadyRegistered")
        .withArgs(modelId);
      await expect(models.registerModel(hashOf("a"), URI, hashOf("ghost")))
        .to.be.revertedWithCustomError(models, "UnknownModel")
        .withArgs(hashOf("ghost"));
    });

    it("is stopped by the pause", async function () {
      const { models, admin, owner } = await loadFixture(withDatasets);
      await models.connect(admin).pause();
      await expect(models.connect(owner).registerModel(hashOf("b"), URI, ZeroHash)).to.be.revertedWithCustomError(
        models,
        "EnforcedPause",
      );
    });
  });

  describe("declareUsage", function () {
    it("records weights once, with the total beside each edge, and emits UsageDeclared", async function () {
      const { models, owner, ds, modelId } = await loadFixture(withDatasets);
      await expect(models.connect(owner).declareUsage(modelId, ds, [5n, 3n, 2n]))
        .to.emit(models, "UsageDeclared")
        .withArgs(modelId, ds, [5n, 3n, 2n], 10n);
      expect(await models.totalWeightOf(modelId)).to.equal(10n);
      expect((await models.model(modelId)).datasetCount).to.equal(3n);
      expect(await models.weightOf(modelId, ds[1])).to.equal(3n);
      expect(await models.usageOf(modelId, ds[2])).to.deep.equal([2n, 10n]);
      expect(await models.usageOf(modelId, hashOf("other"))).to.deep.equal([0n, 0n]);
    });

    it("never lets the owner re-weight (re-declare reverts)", async function () {
      const { models, owner, ds, modelId } = await loadFixture(withDatasets);
      await models.connect(owner).declareUsage(modelId, ds, [1n, 1n, 1n]);
      await expect(models.connect(owner).declareUsage(modelId, [ds[0]], [100n]))
        .to.be.revertedWithCustomError(models, "UsageAlreadyDeclared")
        .withArgs(modelId);
      expect(await models.weightOf(modelId, ds[0])).to.equal(1n);
    });

    it("accepts weights up to uint32 max across many datasets", async function () {
      const { models, owner, ds, modelId } = await loadFixture(withDatasets);
      const max = 2n ** 32n - 1n;
      await models.connect(owner).declareUsage(modelId, ds, [max, max, max]);
      expect(await models.totalWeightOf(modelId)).to.equal(3n * max);
    });

    it("rejects unknown models and callers who are not the owner", async function () {
      const { models, owner, stranger, ds, modelId } = await loadFixture(withDatasets);
      await expect(models.connect(owner).declareUsage(hashOf("ghost"), ds, [1n, 1n, 1n]))
        .to.be.revertedWithCustomError(models, "UnknownModel")
        .withArgs(hashOf("ghost"));
      await expect(models.connect(stranger).declareUsage(modelId, ds, [1n, 1n, 1n]))
        .to.be.revertedWithCustomError(models, "NotModelOwner")
        .withArgs(modelId, stranger.address);
    });

    it("rejects empty, mismatched and oversize lists", async function () {
      const { models, owner, ds, modelId } = await loadFixture(withDatasets);
      await expect(models.connect(owner).declareUsage(modelId, [], [])).to.be.revertedWithCustomError(
        models,
        "NoDatasets",
      );
      await expect(models.connect(owner).declareUsage(modelId, ds, [1n]))
        .to.be.revertedWithCustomError(models, "LengthMismatch")
        .withArgs(3n, 1n);
      const many = Array.from({ length: 257 }, (_, i) => hashOf(`m${i}`));
      await expect(
        models.connect(owner).declareUsage(
          modelId,
          ascending(many),
          many.map(() => 1n),
        ),
      )
        .to.be.revertedWithCustomError(models, "TooManyDatasets")
        .withArgs(257n, 256n);
    });

    it("rejects duplicate, unsorted, zero-weight, unknown and retired datasets", async function () {
      const { datasets, models, owner, alice, ds, modelId } = await loadFixture(withDatasets);
      const declare = (list: string[], weights: bigint[]) => models.connect(owner).declareUsage(modelId, list, weights);
      await expect(declare([ds[0], ds[0]], [1n, 1n]))
        .to.be.revertedWithCustomError(models, "DuplicateDataset")
        .withArgs(ds[0]);
      await expect(declare([ds[1], ds[0]], [1n, 1n]))
        .to.be.revertedWithCustomError(models, "DatasetsNotSorted")
        .withArgs(ds[1], ds[0]);
      await expect(declare([ds[0], ds[1]], [1n, 0n]))
        .to.be.revertedWithCustomError(models, "ZeroWeight")
        .withArgs(ds[1]);
      await expect(declare([ZeroHash], [1n]))
        .to.be.revertedWithCustomError(models, "UnknownDataset")
        .withArgs(ZeroHash);
      const unknown = ascending([ds[0], hashOf("unknown")]);
      await expect(declare(unknown, [1n, 1n]))
        .to.be.revertedWithCustomError(models, "UnknownDataset")
        .withArgs(hashOf("unknown"));
      const aliceDataset = hashOf("d1");
      await datasets.connect(alice).retire(aliceDataset);
      await expect(declare([aliceDataset], [1n]))
        .to.be.revertedWithCustomError(models, "RetiredDataset")
        .withArgs(aliceDataset);
      expect(await models.totalWeightOf(modelId)).to.equal(0n);
    });

    it("accepts the cap of 256 datasets", async function () {
      const system = await loadFixture(withDatasets);
      const { models, owner, alice, modelId } = system;
      const list: string[] = [];
      for (let i = 0; i < 256; i++)
        list.push(await registerDataset(system, alice, `cap${i}`, [{ address: alice.address, shares: 1 }]));
      await models.connect(owner).declareUsage(
        modelId,
        ascending(list),
        list.map(() => 1n),
      );
      expect((await models.model(modelId)).datasetCount).to.equal(256n);
    });

    it("is stopped by the pause", async function () {
      const { models, admin, owner, ds, modelId } = await loadFixture(withDatasets);
      await models.connect(admin).pause();
      await expect(models.connect(owner).declareUsage(modelId, ds, [1n, 1n, 1n])).to.be.revertedWithCustomError(
        models,
        "EnforcedPause",
      );
      await models.connect(admin).unpause();
      await expect(models.connect(owner).declareUsage(modelId, ds, [1n, 1n, 1n])).to.emit(models, "UsageDeclared");
    });
  });

  describe("admin", function () {
    it("points at its dataset registry and lets only pausers pause", async function () {
      const { models, datasets, stranger } = await loadFixture(withDatasets);
      expect(await models.datasetRegistry()).to.equal(await datasets.getAddress());
      expect(await models.MAX_DATASETS()).to.equal(256n);
      const role = await models.PAUSER_ROLE();
      for (const call of [() => models.connect(stranger).pause(), () => models.connect(stranger).unpause()]) {
        await expect(call())
          .to.be.revertedWithCustomError(models, "AccessControlUnauthorizedAccount")
          .withArgs(stranger.address, role);
      }
    });
  });
});
