/**
 * The main job's steps, called one by one as `npm run demo` calls them, checking the state each leaves: the
 * squatter holds the squatted hash until the ruling, the fine-tune's parent edge meets the base's floor, and the
 * books balance at the end. (`npm run demo` itself runs in test/e2e/fresh-clone.test.ts, from a never-built checkout.)
 */
import { expect } from "chai";

import { memoryIo } from "../../src/hardhat/io.js";
import { DatasetStatus } from "../../src/index.js";
import * as demo from "../../scripts/demo/steps.js";

describe("the demo's steps", function () {
  this.timeout(120_000);

  it("runs step by step: a squatter first, a fine-tune at its floor, a governed ruling, then balanced books", async function () {
    const io = memoryIo();
    const stage = await demo.start(io);
    try {
      const deployed = await demo.deploy(stage);
      const seeds = await demo.hashSeeds(stage);
      expect(seeds.hashed).to.have.length(3);
      const squat = await demo.registerDatasets(stage, deployed, seeds);
      const squatted = await deployed.dd.datasets.dataset(squat.squatted.root);
      expect(squatted.registrant).to.equal(stage.squatter.address);
      const models = await demo.registerModels(stage, deployed, seeds);
      // The base asks 20%: next to the fine-tune's own weight of 4, its parent edge must be at least 1.
      expect(models.tune.parentWeight).to.equal(1n);
      const revenue = await demo.payRevenue(stage, deployed, models);
      const flag = await demo.flagSquatted(stage, deployed, squat, models, revenue);
      expect(await deployed.dd.datasets.statusOf(squat.squatted.root)).to.equal(DatasetStatus.Frozen);
      await demo.ruleByGovernance(stage, deployed, squat, flag);
      expect((await deployed.dd.datasets.dataset(squat.squatted.root)).registrant).to.equal(flag.creator.address);
      const claims = await demo.claimForEveryone(stage, deployed, seeds);
      await demo.checkBooks(stage, deployed, seeds, models, revenue, claims);
      const crowd = await demo.crowd(stage, deployed);
      expect(crowd.slots).to.equal(10_000);
      expect(crowd.identities).to.equal(9_000);
      expect(crowd.late.paid).to.be.greaterThan(crowd.late.earnedBeforeBinding);
      expect(io.lines.filter((l) => l.startsWith("FAIL"))).to.deep.equal([]);
      expect(io.lines.filter((l) => l.startsWith("ok  ")).length).to.be.greaterThan(13);
      expect(io.errors.map((l) => /^\[(\d+)\/10\]/.exec(l)?.[1]).filter(Boolean)).to.deep.equal([
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
      ]);
    } finally {
      await demo.stop(stage);
    }
  });
});
