/**
 * ShareTrees' events: crowd datasets' terms, slots proven, bound or swept (each becomes a `share` row, so every
 * account route covers it), and identity bindings as they are proposed, vetoed and completed.
 */
import { eq } from "ponder";
import { ponder, type Context, type Event } from "ponder:registry";
import { binding, dataset, share, shareMove, shareTree, treeReplacement } from "ponder:schema";

import { lower } from "./shared";

ponder.on("ShareTrees:ShareTreeRegistered", async ({ event, context }) => {
  const { id, root, slotCount, totalShares, deadline, fallbackAccount, keepsEarning } = event.args;
  const row = { root, slotCount, totalShares, deadline, fallbackAccount: lower(fallbackAccount), keepsEarning };
  await context.db
    .insert(shareTree)
    .values({ id, ...row })
    .onConflictDoUpdate(row);
  // The registration's own event listed no contributors: the tree's total is this one.
  await context.db.update(dataset, { id }).set({ totalShares });
});

/** Slot `index` of a tree dataset is now `account`'s (a proof, a binding or a sweep). */
async function holdSlot(
  context: Context,
  event: Event,
  id: `0x${string}`,
  index: number,
  account: `0x${string}`,
  shares: number,
  cause: "proven" | "bound" | "swept",
): Promise<void> {
  const tree = await context.db.find(shareTree, { id });
  const key = { dataset: id, index: BigInt(index) };
  const previous = await context.db.find(share, key);
  await context.db
    .insert(share)
    .values({ ...key, account, shares: BigInt(shares), totalShares: tree?.totalShares ?? 0n })
    .onConflictDoUpdate({ account });
  await context.db.insert(shareMove).values({
    id: event.id,
    ...key,
    from: previous?.account ?? "0x0000000000000000000000000000000000000000",
    to: account,
    cause,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transaction: event.transaction.hash,
  });
}

ponder.on("ShareTrees:SlotProven", async ({ event, context }) => {
  const { id, index, account, shares } = event.args;
  await holdSlot(context, event, id, index, lower(account), shares, "proven");
});

ponder.on("ShareTrees:SlotSwept", async ({ event, context }) => {
  const { id, index, fallbackAccount, shares } = event.args;
  await holdSlot(context, event, id, index, lower(fallbackAccount), shares, "swept");
});

ponder.on("ShareTrees:SlotBound", async ({ event, context }) => {
  const { id, index, account, shares } = event.args;
  await holdSlot(context, event, id, index, lower(account), shares, "bound");
  await context.db.update(binding, { dataset: id, index: BigInt(index) }).set({ state: "bound" });
});

ponder.on("ShareTrees:BindingProposed", async ({ event, context }) => {
  const { id, index, identity, account, attester, effectiveAt } = event.args;
  const row = { identity, account: lower(account), attester: lower(attester), effectiveAt, state: "pending" };
  await context.db
    .insert(binding)
    .values({ dataset: id, index: BigInt(index), ...row })
    .onConflictDoUpdate(row);
});

ponder.on("ShareTrees:BindingVetoed", async ({ event, context }) => {
  const { id, index } = event.args;
  await context.db.update(binding, { dataset: id, index: BigInt(index) }).set({ state: "vetoed" });
});

ponder.on("ShareTrees:ReplacementNamed", async ({ event, context }) => {
  const { id, disputeId, root, slotCount, totalShares, deadline, fallbackAccount, keepsEarning } = event.args;
  const row = { root, slotCount, totalShares, deadline, fallbackAccount: lower(fallbackAccount), keepsEarning };
  await context.db
    .insert(treeReplacement)
    .values({ id: `${id}:${disputeId}`, dataset: id, disputeId, installed: false, ...row })
    .onConflictDoUpdate(row);
});

/**
 * An executed ruling installed the tree named for it: the dataset's terms become the named ones, and every slot
 * written under the old tree is no one's until proven, bound or swept under the new (the registry pays no one for
 * it meanwhile), so its share and binding rows go (one statement each, whatever the number of slots).
 */
ponder.on("ShareTrees:TreeReplaced", async ({ event, context }) => {
  const { id, disputeId } = event.args;
  const named = await context.db.find(treeReplacement, { id: `${id}:${disputeId}` });
  if (named === null) return; // named in the same dispute, always before: unreachable on a consistent chain
  const { root, slotCount, totalShares, deadline, fallbackAccount, keepsEarning } = named;
  await context.db
    .update(shareTree, { id })
    .set({ root, slotCount, totalShares, deadline, fallbackAccount, keepsEarning });
  await context.db.update(treeReplacement, { id: named.id }).set({ installed: true });
  await context.db.sql.delete(share).where(eq(share.dataset, id));
  await context.db.sql.delete(binding).where(eq(binding.dataset, id));
});
