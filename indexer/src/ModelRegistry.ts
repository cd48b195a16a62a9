/**
 * ModelRegistry's events: models and their declarations.
 */
import { ponder } from "ponder:registry";
import { model, usage } from "ponder:schema";

import { ZERO_ID, lower } from "./shared";

ponder.on("ModelRegistry:ModelRegistered", async ({ event, context }) => {
  const { id, owner, parent, artifactHash, minRoyaltyBps, metadataURI } = event.args;
  // A parent is registered before its child (the registry refuses an unknown parent): its ancestors are known.
  const above = parent === ZERO_ID ? null : await context.db.find(model, { id: parent });
  await context.db.insert(model).values({
    id,
    owner: lower(owner),
    parent: parent === ZERO_ID ? null : parent,
    ancestors: above === null ? [] : [parent, ...above.ancestors],
    artifactHash,
    minRoyaltyBps,
    metadataURI,
    parentWeight: 0n,
    totalWeight: 0n,
    registeredAt: event.block.timestamp,
    blockNumber: event.block.number,
  });
});

ponder.on("ModelRegistry:UsageDeclared", async ({ event, context }) => {
  const { id, datasets, weights, parentWeight, totalWeight } = event.args;
  await context.db.update(model, { id }).set({ parentWeight, totalWeight });
  // Bounded by the registry's cap on declared datasets.
  for (const [i, d] of datasets.entries()) {
    await context.db.insert(usage).values({ model: id, dataset: d, weight: BigInt(weights[i]) });
  }
});
