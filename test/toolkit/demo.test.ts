/**
 * The main job's steps, called one by one as `npm run demo` calls them, checking the state each leaves: the
 * squatter holds the squatted hash until the ruling, the fine-tune's parent edge meets the base's floor, and the
 * books balance at the end. (`npm run demo` itself runs in test/e2e/fresh-clone.test.ts, from a never-built checkout.)
 */
import { expect } from "chai";

import { memoryIo } from "../../src/hardhat/io.js";
import { DatasetStatus } from "../../src/index.js";
import { Demo } from "../../scripts/demo/steps.js";

describe("the demo's steps", function () {
  this.timeout(120_000);

  it("runs step by step: a squatter first, a fine-tune at its floor, a governed ruling, then balanced books", async function () {
    const io = memoryIo();
    const demo = await Demo.start(io);
    try {
      await demo.deploy();
      await demo.hashSeeds();
      expect(demo.hashed).to.have.length(3);
      await demo.registerDatasets();
      const squatted = await demo.dd.datasets.dataset(demo.squatted.root);
      expect(squatted.registrant).to.equal(demo.squatter.address);
      await demo.registerModels();
      // The base asks 20%: next to the fine-tune's own weight of 4, its parent edge must be at least 1.
      expect(demo.tune.parentWeight).to.equal(1n);
      await demo.payRevenue();
      await demo.flagSquatted();
      expect(await demo.dd.datasets.statusOf(demo.squatted.root)).to.equal(DatasetStatus.Frozen);
      await demo.ruleByGovernance();
      expect((await demo.dd.datasets.dataset(demo.squatted.root)).registrant).to.equal(demo.creator.address);
      await demo.claimForEveryone();
      await demo.checkBooks();
      expect(io.lines.filter((l) => l.startsWith("FAIL"))).to.deep.equal([]);
      expect(io.lines.filter((l) => l.startsWith("ok  ")).length).to.be.greaterThan(8);
      expect(io.errors.map((l) => /^\[(\d)\/9\]/.exec(l)?.[1]).filter(Boolean)).to.deep.equal([
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
      ]);
    } finally {
      await demo.stop();
    }
  });
});
