/**
 * DatasetRegistry's events: commitments, settings, registrations and displacements, share moves,
 * retirements, disputes and bonds. Each handler writes only what its event says.
 */
import { ponder, type Context, type Event } from "ponder:registry";
import {
  bondWithdrawal,
  commitment,
  dataset,
  displacement,
  dispute,
  openDispute,
  settings,
  share,
  shareMove,
} from "ponder:schema";

import { ZERO_ID, lower } from "./shared";

ponder.on("DatasetRegistry:RegistrationCommitted", async ({ event, context }) => {
  await context.db
    .insert(commitment)
    .values({ id: event.args.commitment, blockNumber: event.block.number })
    .onConflictDoUpdate({ blockNumber: event.block.number, consumedBy: null, consumedBlock: null });
});

ponder.on("DatasetRegistry:RegistrySettings", async ({ event, context }) => {
  await context.db
    .insert(settings)
    .values({ id: "registry", registry: lower(event.log.address), ...event.args })
    .onConflictDoUpdate({ registry: lower(event.log.address), ...event.args });
});

ponder.on("DatasetRegistry:DatasetRegistered", async ({ event, context }) => {
  const { id, registrant, metadataURI, contributors, shares, provisionalUntil, commitment: consumed } = event.args;
  // A commitment made before the indexer's first block has no row.
  if (consumed !== ZERO_ID && (await context.db.find(commitment, { id: consumed })) !== null) {
    await context.db.update(commitment, { id: consumed }).set({ consumedBy: id, consumedBlock: event.block.number });
  }
  const totalShares = shares.reduce((sum, s) => sum + BigInt(s), 0n);
  const previous = await context.db.find(dataset, { id });
  const row = {
    registrant: lower(registrant),
    metadataURI,
    contributorCount: contributors.length,
    totalShares,
    provisionalUntil,
    registeredAt: event.block.timestamp,
    registeredBlock: event.block.number,
    frozen: false,
    retired: false,
    reassigned: false,
  };
  // A displaced registration's row is replaced whole (its slots were cleared by DatasetDisplaced).
  if (previous === null) await context.db.insert(dataset).values({ id, ...row, displacements: 0 });
  else await context.db.update(dataset, { id }).set(row);
  for (const [index, account] of contributors.entries()) {
    await context.db.insert(share).values({
      dataset: id,
      index: BigInt(index),
      account: lower(account),
      shares: BigInt(shares[index]),
      totalShares,
    });
  }
});

ponder.on("DatasetRegistry:DatasetDisplaced", async ({ event, context }) => {
  const { id, displaced, registrant } = event.args;
  const previous = await context.db.find(dataset, { id });
  // At most MAX_CONTRIBUTORS (256) slots: the registry cleared them all; the new registration follows.
  for (let index = 0; index < (previous?.contributorCount ?? 0); index++) {
    await context.db.delete(share, { dataset: id, index: BigInt(index) });
  }
  if (previous !== null) await context.db.update(dataset, { id }).set({ displacements: previous.displacements + 1 });
  await context.db.insert(displacement).values({
    id: event.id,
    dataset: id,
    displaced: lower(displaced),
    registrant: lower(registrant),
    blockNumber: event.block.number,
  });
});

ponder.on("DatasetRegistry:DatasetRetired", async ({ event, context }) => {
  await context.db.update(dataset, { id: event.args.id }).set({ retired: true });
});

/** Records that `slot` of `id` now belongs to `to`. */
async function moveSlot(
  context: Context,
  event: Event,
  id: `0x${string}`,
  index: number,
  to: `0x${string}`,
  cause: "moved" | "ruling",
): Promise<void> {
  const slot = await context.db.find(share, { dataset: id, index: BigInt(index) });
  if (slot === null || slot.account === to) return;
  await context.db.update(share, { dataset: id, index: BigInt(index) }).set({ account: to });
  await context.db.insert(shareMove).values({
    id: `${event.id}-${index}`,
    dataset: id,
    index: BigInt(index),
    from: slot.account,
    to,
    cause,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transaction: event.transaction.hash,
  });
}

ponder.on("DatasetRegistry:ContributorMoved", async ({ event, context }) => {
  const { id, to, index } = event.args;
  await moveSlot(context, event, id, index, lower(to), "moved");
});

ponder.on("DatasetRegistry:DatasetFlagged", async ({ event, context }) => {
  const { id, disputeId, challenger, reason, bond, evidenceURI } = event.args;
  await context.db.insert(dispute).values({
    id: event.id,
    dataset: id,
    number: disputeId,
    challenger: lower(challenger),
    reason,
    bond,
    joiners: 0,
    evidenceURI,
    openedAt: event.block.timestamp,
    status: "open",
    appealed: false,
  });
  await context.db
    .insert(openDispute)
    .values({ dataset: id, dispute: event.id })
    .onConflictDoUpdate({ dispute: event.id });
  await context.db.update(dataset, { id }).set({ frozen: true });
});

ponder.on("DatasetRegistry:FlagJoined", async ({ event, context }) => {
  const open = await context.db.find(openDispute, { dataset: event.args.id });
  if (open === null) return;
  await context.db
    .update(dispute, { id: open.dispute })
    .set((row) => ({ bond: row.bond + event.args.bond, joiners: row.joiners + 1 }));
});

/** Ends the dataset's open dispute with `status` and unfreezes it. */
async function rule(context: Context, event: Event, id: `0x${string}`, status: string, arbiter: `0x${string}` | null) {
  const open = await context.db.find(openDispute, { dataset: id });
  if (open !== null) {
    const ruled = arbiter === null ? {} : { arbiter, ruledAt: event.block.timestamp };
    await context.db.update(dispute, { id: open.dispute }).set({ status, ...ruled });
    await context.db.delete(openDispute, { dataset: id });
  }
  await context.db.update(dataset, { id }).set({ frozen: false });
}

ponder.on("DatasetRegistry:FlagDismissed", async ({ event, context }) => {
  await rule(context, event, event.args.id, "dismissed", lower(event.args.arbiter));
});

ponder.on("DatasetRegistry:FlagUpheld", async ({ event, context }) => {
  // Nothing moves yet: the dataset stays frozen until the ruling is executed after its appeal window.
  const { id, arbiter, registrant, holders, executableAt } = event.args;
  const open = await context.db.find(openDispute, { dataset: id });
  if (open === null) return;
  await context.db.update(dispute, { id: open.dispute }).set({
    status: "upheld",
    arbiter: lower(arbiter),
    ruledAt: event.block.timestamp,
    executableAt,
    rulingRegistrant: lower(registrant),
    rulingHolders: holders.map(lower),
  });
});

ponder.on("DatasetRegistry:RulingAppealed", async ({ event, context }) => {
  const open = await context.db.find(openDispute, { dataset: event.args.id });
  if (open === null) return;
  await context.db.update(dispute, { id: open.dispute }).set({ appealed: true, executableAt: event.args.executableAt });
});

ponder.on("DatasetRegistry:RulingExecuted", async ({ event, context }) => {
  const { id, registrant } = event.args;
  const open = await context.db.find(openDispute, { dataset: id });
  const ruling = open === null ? null : await context.db.find(dispute, { id: open.dispute });
  const before = await context.db.find(dataset, { id });
  await rule(context, event, id, "executed", null);
  // A ruling that keeps the registrant keeps its retirement; one that replaces it clears it (as the registry does).
  const kept = before !== null && before.registrant === lower(registrant);
  await context.db
    .update(dataset, { id })
    .set({ registrant: lower(registrant), reassigned: true, retired: kept ? before.retired : false });
  for (const [index, holder] of (ruling?.rulingHolders ?? []).entries()) {
    await moveSlot(context, event, id, index, lower(holder), "ruling");
  }
});

ponder.on("DatasetRegistry:FlagExpired", async ({ event, context }) => {
  await rule(context, event, event.args.id, "expired", null);
});

ponder.on("DatasetRegistry:BondWithdrawn", async ({ event, context }) => {
  const { account, to, amount } = event.args;
  await context.db.insert(bondWithdrawal).values({
    id: event.id,
    account: lower(account),
    to: lower(to),
    amount,
    blockNumber: event.block.number,
  });
});
