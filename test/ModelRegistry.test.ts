import { expect } from "chai";
import { ZeroHash, id } from "ethers";
import { network } from "hardhat";

import { DatasetStatus, modelIdOf } from "../src/protocol/ids.js";
import type { IModelRegistry } from "../typechain-types/index.js";
import { URI, ascending, deploySystem, hashOf, modelRegistration, registerDataset } from "./helpers/fixtures.js";

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
  return { ...system, ds };
}

/** A registration of `label` declaring `list` with `weights` as given (not sorted: for the rejections). */
function raw(
  label: string,
  list: string[],
  weights: bigint[],
  extra: Partial<IModelRegistry.ModelRegistrationStruct> = {},
) {
  return { ...modelRegistration(label, {}), datasets: list, weights, ...extra };
}

describe("ModelRegistry", function () {
  describe("registerModel (one call: model and declaration)", function () {
    it("stores the model and its weights under an owner-bound ID, emitting ModelRegistered and UsageDeclared", async function () {
      const { models, owner, stranger, ds } = await loadFixture(withDatasets);
      const r = modelRegistration("v1", { [ds[0]]: 5n, [ds[1]]: 3n, [ds[2]]: 2n }, { minRoyaltyBps: 1500n });
      const expected = modelIdOf(owner.address, r.artifactHash as string);
      expect(await models.modelIdOf(owner.address, r.artifactHash)).to.equal(expected);
      expect(await models.connect(owner).registerModel.staticCall(r)).to.equal(expected);
      await expect(models.connect(owner).registerModel(r))
        .to.emit(models, "ModelRegistered")
        .withArgs(expected, owner.address, ZeroHash, r.artifactHash, 1500n, URI)
        .and.to.emit(models, "UsageDeclared")
        .withArgs(expected, ds, [5n, 3n, 2n], 0n, 10n);
      const m = await models.model(expected);
      expect(m.owner).to.equal(owner.address);
      expect(m.registeredAt).to.equal(BigInt(await time.latest()));
      expect(m.artifactHash).to.equal(r.artifactHash);
      expect(m.metadataHash).to.equal(id(URI));
      expect(m.parent).to.equal(ZeroHash);
      expect(m.totalWeight).to.equal(10n);
      expect(m.minRoyaltyBps).to.equal(1500n);
      expect(await models.totalWeightOf(expected)).to.equal(10n);
      expect(await models.weightOf(expected, ds[1])).to.equal(3n);
      expect(await models.usageOf(expected, ds[2])).to.deep.equal([2n, 10n]);
      expect(await models.usageOf(expected, hashOf("other"))).to.deep.equal([0n, 0n]);
      // Someone else registering the same artifact gets their own ID: no squatting.
      await expect(models.connect(stranger).registerModel(r))
        .to.emit(models, "ModelRegistered")
        .withArgs(
          modelIdOf(stranger.address, r.artifactHash as string),
          stranger.address,
          ZeroHash,
          r.artifactHash,
          1500n,
          URI,
        );
    });

    it("never lets the owner re-weight: the same artifact again reverts and the weights stay", async function () {
      const { models, owner, ds } = await loadFixture(withDatasets);
      const first = modelRegistration("v1", { [ds[0]]: 1n, [ds[1]]: 1n });
      await models.connect(owner).registerModel(first);
      const again = modelRegistration("v1", { [ds[0]]: 100n });
      await expect(models.connect(owner).registerModel(again))
        .to.be.revertedWithCustomError(models, "ModelAlreadyRegistered")
        .withArgs(modelIdOf(owner.address, first.artifactHash as string));
      expect(await models.weightOf(modelIdOf(owner.address, first.artifactHash as string), ds[0])).to.equal(1n);
    });

    it("leaves no half-registered model: a refused declaration registers nothing", async function () {
      const { models, owner, ds } = await loadFixture(withDatasets);
      const r = modelRegistration("v1", { [ds[0]]: 1n, [hashOf("unregistered")]: 1n });
      await expect(models.connect(owner).registerModel(r)).to.be.revertedWithCustomError(
        models,
        "DatasetNotDeclarable",
      );
      expect((await models.model(modelIdOf(owner.address, r.artifactHash as string))).owner).to.equal(
        ethers.ZeroAddress,
      );
    });

    it("accepts weights up to uint32 max, and the cap of 256 edges", async function () {
      const system = await loadFixture(withDatasets);
      const { models, owner, alice, ds } = system;
      const max = 2n ** 32n - 1n;
      await models.connect(owner).registerModel(modelRegistration("max", { [ds[0]]: max, [ds[1]]: max, [ds[2]]: max }));
      expect(await models.totalWeightOf(modelIdOf(owner.address, hashOf("artifact:max")))).to.equal(3n * max);
      const list: string[] = [];
      for (let i = 0; i < 256; i++) {
        list.push(await registerDataset(system, alice, `cap${i}`, [{ address: alice.address, shares: 1 }]));
      }
      const usage = Object.fromEntries(list.map((d) => [d, 1n]));
      await models.connect(owner).registerModel(modelRegistration("cap", usage));
      expect(await models.totalWeightOf(modelIdOf(owner.address, hashOf("artifact:cap")))).to.equal(256n);
    });

    it("rejects a zero artifact hash, bad URIs, a royalty floor above 100% and empty declarations", async function () {
      const { models, ds } = await loadFixture(withDatasets);
      const ok = modelRegistration("x", { [ds[0]]: 1n });
      await expect(models.registerModel({ ...ok, artifactHash: ZeroHash })).to.be.revertedWithCustomError(
        models,
        "ZeroArtifactHash",
      );
      await expect(models.registerModel({ ...ok, metadataURI: "" })).to.be.revertedWithCustomError(
        models,
        "EmptyMetadataURI",
      );
      await expect(models.registerModel({ ...ok, metadataURI: "x".repeat(2049) }))
        .to.be.revertedWithCustomError(models, "MetadataURITooLong")
        .withArgs(2049n, 2048n);
      await expect(models.registerModel({ ...ok, minRoyaltyBps: 10_001n }))
        .to.be.revertedWithCustomError(models, "InvalidRoyalty")
        .withArgs(10_001n);
      await expect(models.registerModel(raw("x", [], []))).to.be.revertedWithCustomError(models, "NoDatasets");
      await expect(models.registerModel(raw("x", ds, [1n])))
        .to.be.revertedWithCustomError(models, "LengthMismatch")
        .withArgs(3n, 1n);
      const many = ascending(Array.from({ length: 257 }, (_, i) => hashOf(`m${i}`)));
      await expect(
        models.registerModel(
          raw(
            "x",
            many,
            many.map(() => 1n),
          ),
        ),
      )
        .to.be.revertedWithCustomError(models, "TooManyDatasets")
        .withArgs(257n, 256n);
    });

    it("rejects duplicate, unsorted, zero-weight, unknown, provisional, frozen and retired datasets", async function () {
      const system = await loadFixture(withDatasets);
      const { datasets, models, owner, alice, stranger, ds } = system;
      const register = (list: string[], weights: bigint[]) =>
        models.connect(owner).registerModel(raw("x", list, weights));
      await expect(register([ds[0], ds[0]], [1n, 1n]))
        .to.be.revertedWithCustomError(models, "DuplicateDataset")
        .withArgs(ds[0]);
      await expect(register([ds[1], ds[0]], [1n, 1n]))
        .to.be.revertedWithCustomError(models, "DatasetsNotSorted")
        .withArgs(ds[1], ds[0]);
      await expect(register([ds[0], ds[1]], [1n, 0n]))
        .to.be.revertedWithCustomError(models, "ZeroWeight")
        .withArgs(ds[1]);
      await expect(register([ZeroHash], [1n]))
        .to.be.revertedWithCustomError(models, "DatasetNotDeclarable")
        .withArgs(ZeroHash, DatasetStatus.None);
      const aliceDataset = hashOf("d1");
      await datasets.connect(alice).retire(aliceDataset);
      await expect(register([aliceDataset], [1n]))
        .to.be.revertedWithCustomError(models, "DatasetNotDeclarable")
        .withArgs(aliceDataset, DatasetStatus.Retired);
      const bobDataset = hashOf("d2");
      await datasets.connect(stranger).flag(bobDataset, 2n, "ipfs://evidence", { value: await datasets.flagBond() });
      await expect(register([bobDataset], [1n]))
        .to.be.revertedWithCustomError(models, "DatasetNotDeclarable")
        .withArgs(bobDataset, DatasetStatus.Frozen);
    });

    it("is stopped by the pause", async function () {
      const { models, admin, owner, ds } = await loadFixture(withDatasets);
      const r = modelRegistration("p", { [ds[0]]: 1n });
      await models.connect(admin).pause();
      await expect(models.connect(owner).registerModel(r)).to.be.revertedWithCustomError(models, "EnforcedPause");
      await models.connect(admin).unpause();
      await expect(models.connect(owner).registerModel(r)).to.emit(models, "UsageDeclared");
    });
  });

  describe("lineage", function () {
    async function withBase() {
      const system = await withDatasets();
      const { models, owner, ds } = system;
      const base = modelRegistration("base", { [ds[0]]: 1n }, { minRoyaltyBps: 2000n });
      await models.connect(owner).registerModel(base);
      return { ...system, base: modelIdOf(owner.address, base.artifactHash as string) };
    }

    it("records the parent edge with the child's total weight, readable only for the true parent", async function () {
      const { models, stranger, ds, base } = await loadFixture(withBase);
      // 3 of own data + 1 parent: 25% >= the base's 20% floor.
      const child = modelRegistration(
        "child",
        { [ds[1]]: 3n },
        { parent: base, parentWeight: 1n, minRoyaltyBps: 500n },
      );
      const childId = modelIdOf(stranger.address, child.artifactHash as string);
      await expect(models.connect(stranger).registerModel(child))
        .to.emit(models, "ModelRegistered")
        .withArgs(childId, stranger.address, base, child.artifactHash, 500n, URI)
        .and.to.emit(models, "UsageDeclared")
        .withArgs(childId, [ds[1]], [3n], 1n, 4n);
      expect(await models.parentUsageOf(childId, base)).to.deep.equal([1n, 4n]);
      expect(await models.parentUsageOf(childId, hashOf("someone else"))).to.deep.equal([0n, 0n]);
      expect((await models.model(childId)).parent).to.equal(base);
      // A fine-tune of a fine-tune, with no data of its own: all of its revenue goes up the lineage.
      const grandchild = modelRegistration("grandchild", {}, { parent: childId, parentWeight: 1n });
      await models.connect(stranger).registerModel(grandchild);
      expect(
        await models.parentUsageOf(modelIdOf(stranger.address, grandchild.artifactHash as string), childId),
      ).to.deep.equal([1n, 1n]);
    });

    it("refuses a parent edge below the parent's royalty floor, naming the least weight that meets it", async function () {
      const { models, stranger, ds, base } = await loadFixture(withBase);
      // 5 of own data + 1 parent = 16.7% < 20%: the least weight is ceil(20% of 6) = 2 (2/7 >= 20% then).
      const hiding = modelRegistration("hiding", { [ds[1]]: 5n }, { parent: base, parentWeight: 1n });
      await expect(models.connect(stranger).registerModel(hiding))
        .to.be.revertedWithCustomError(models, "RoyaltyBelowFloor")
        .withArgs(base, 1n, 2n);
      await models.connect(stranger).registerModel({ ...hiding, parentWeight: 2n });
    });

    it("refuses an unknown parent, and a parent without weight or a weight without parent", async function () {
      const { models, stranger, ds, base } = await loadFixture(withBase);
      const ghost = hashOf("ghost");
      await expect(
        models
          .connect(stranger)
          .registerModel(modelRegistration("c", { [ds[1]]: 1n }, { parent: ghost, parentWeight: 1n })),
      )
        .to.be.revertedWithCustomError(models, "UnknownModel")
        .withArgs(ghost);
      await expect(models.connect(stranger).registerModel(modelRegistration("c", { [ds[1]]: 1n }, { parent: base })))
        .to.be.revertedWithCustomError(models, "InvalidParentWeight")
        .withArgs(base, 0n);
      await expect(
        models.connect(stranger).registerModel(modelRegistration("c", { [ds[1]]: 1n }, { parentWeight: 1n })),
      )
        .to.be.revertedWithCustomError(models, "InvalidParentWeight")
        .withArgs(ZeroHash, 1n);
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
