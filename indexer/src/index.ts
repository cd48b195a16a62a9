/**
 * Event handlers: each turns one event into rows of ponder.schema.ts. They read nothing from the chain
 * (the registry's settings come from its RegistrySettings event), so the tables are exactly what the
 * events say.
 */
import { ponder, type Context, type Event } from "ponder:registry";
import {
  bondWithdrawal,
  commitment,
  dataset,
  deposit,
  displacement,
  dispute,
  edge,
  forward,
  model,
  openDispute,
  pause,
  pool,
  proposal,
  release,
  settings,
  share,
  shareMove,
  usage,
  vault,
  vote,
} from "ponder:schema";

import { readIndexedDeployment } from "../deployment";

const ZERO_ID = `0x${"0".repeat(64)}`;
const lower = (value: string) => value.toLowerCase() as `0x${string}`;

ponder.on("RewardVault:setup", async ({ context }) => {
  // Which token each vault pays in, from the same record the config read its addresses from.
  for (const [position, v] of readIndexedDeployment().vaults.entries()) {
    await context.db.insert(vault).values({ id: v.vault, token: v.token, position }).onConflictDoNothing();
  }
});

/* DATASETS */

ponder.on("DatasetRegistry:RegistrationCommitted", async ({ event, context }) => {
  await context.db
    .insert(commitment)
    .values({ id: event.args.commitment, blockNumber: event.block.number })
    .onConflictDoUpdate({ blockNumber: event.block.number, consumedBy: null, consumedBlock: null });
});

ponder.on("DatasetRegistry:RegistrySettings", async ({ event, context }) => {
  await context.db
    .insert(settings)
    .values({ id: "registry", ...event.args })
    .onConflictDoUpdate({ ...event.args });
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
      index,
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
    await context.db.delete(share, { dataset: id, index });
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
  const slot = await context.db.find(share, { dataset: id, index });
  if (slot === null || slot.account === to) return;
  await context.db.update(share, { dataset: id, index }).set({ account: to });
  await context.db.insert(shareMove).values({
    id: `${event.id}-${index}`,
    dataset: id,
    index,
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
  await rule(context, event, id, "executed", null);
  await context.db.update(dataset, { id }).set({ registrant: lower(registrant), reassigned: true, retired: false });
  for (const [index, holder] of (ruling?.rulingHolders ?? []).entries()) {
    await moveSlot(context, event, id, index, lower(holder), "ruling");
  }
});

ponder.on("DatasetRegistry:FlagExpired", async ({ event, context }) => {
  const voided = event.args.registrant === "0x0000000000000000000000000000000000000000";
  await rule(context, event, event.args.id, voided ? "voided" : "expired", null);
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

/* MODELS */

ponder.on("ModelRegistry:ModelRegistered", async ({ event, context }) => {
  const { id, owner, parent, artifactHash, minRoyaltyBps, metadataURI } = event.args;
  await context.db.insert(model).values({
    id,
    owner: lower(owner),
    parent: parent === ZERO_ID ? null : parent,
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

/* VAULTS */

/** Adds to a model's pool in a vault. */
async function addToPool(
  context: Context,
  vaultAddress: `0x${string}`,
  id: `0x${string}`,
  change: { deposited?: bigint; forwardedIn?: bigint; forwardedOut?: bigint },
) {
  const inflow = (change.deposited ?? 0n) + (change.forwardedIn ?? 0n);
  await context.db
    .insert(pool)
    .values({
      vault: vaultAddress,
      model: id,
      inflow,
      deposited: change.deposited ?? 0n,
      forwardedIn: change.forwardedIn ?? 0n,
      forwardedOut: change.forwardedOut ?? 0n,
    })
    .onConflictDoUpdate((row) => ({
      inflow: row.inflow + inflow,
      deposited: row.deposited + (change.deposited ?? 0n),
      forwardedIn: row.forwardedIn + (change.forwardedIn ?? 0n),
      forwardedOut: row.forwardedOut + (change.forwardedOut ?? 0n),
    }));
}

ponder.on("RewardVault:RevenueDeposited", async ({ event, context }) => {
  const { model: id, payer, amount } = event.args;
  const where = lower(event.log.address);
  await addToPool(context, where, id, { deposited: amount });
  await context.db.insert(deposit).values({
    id: event.id,
    vault: where,
    model: id,
    payer: lower(payer),
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transaction: event.transaction.hash,
  });
});

ponder.on("RewardVault:RoyaltyForwarded", async ({ event, context }) => {
  const { child, parent, amount } = event.args;
  const where = lower(event.log.address);
  await addToPool(context, where, parent, { forwardedIn: amount });
  await addToPool(context, where, child, { forwardedOut: amount });
  await context.db.insert(forward).values({
    id: event.id,
    vault: where,
    child,
    parent,
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transaction: event.transaction.hash,
  });
});

ponder.on("RewardVault:RewardReleased", async ({ event, context }) => {
  const { dataset: d, account, model: id, index, amount } = event.args;
  const where = lower(event.log.address);
  await context.db
    .insert(edge)
    .values({ vault: where, model: id, dataset: d, index, released: amount })
    .onConflictDoUpdate((row) => ({ released: row.released + amount }));
  await context.db.insert(release).values({
    id: event.id,
    vault: where,
    dataset: d,
    account: lower(account),
    model: id,
    index,
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transaction: event.transaction.hash,
  });
});

/* PAUSES */

for (const name of ["DatasetRegistry", "ModelRegistry", "RewardVault"] as const) {
  for (const paused of [true, false]) {
    ponder.on(`${name}:${paused ? "Paused" : "Unpaused"}`, async ({ event, context }) => {
      await context.db
        .insert(pause)
        .values({ contract: lower(event.log.address), paused, blockNumber: event.block.number })
        .onConflictDoUpdate({ paused, blockNumber: event.block.number });
    });
  }
}

/* GOVERNANCE */

ponder.on("DataDividendsGovernor:ProposalCreated", async ({ event, context }) => {
  const { proposalId, proposer, voteStart, voteEnd, description } = event.args;
  await context.db.insert(proposal).values({
    id: proposalId,
    proposer: lower(proposer),
    description,
    voteStart,
    voteEnd,
    status: "created",
    forVotes: 0n,
    againstVotes: 0n,
    abstainVotes: 0n,
    blockNumber: event.block.number,
  });
});

ponder.on("DataDividendsGovernor:ProposalQueued", async ({ event, context }) => {
  await context.db
    .update(proposal, { id: event.args.proposalId })
    .set({ status: "queued", eta: event.args.etaSeconds });
});

ponder.on("DataDividendsGovernor:ProposalExecuted", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ status: "executed" });
});

ponder.on("DataDividendsGovernor:ProposalCanceled", async ({ event, context }) => {
  await context.db.update(proposal, { id: event.args.proposalId }).set({ status: "canceled" });
});

/** Records a vote and adds its weight to the proposal's tally (GovernorCountingSimple: 0 against, 1 for, 2 abstain). */
async function castVote(
  context: Context,
  event: Event,
  args: { voter: string; proposalId: bigint; support: number; weight: bigint; reason: string },
) {
  await context.db.insert(vote).values({
    id: event.id,
    proposal: args.proposalId,
    voter: lower(args.voter),
    support: args.support,
    weight: args.weight,
    reason: args.reason,
    blockNumber: event.block.number,
  });
  const column = (["againstVotes", "forVotes", "abstainVotes"] as const)[args.support];
  await context.db.update(proposal, { id: args.proposalId }).set((row) => ({ [column]: row[column] + args.weight }));
}

ponder.on("DataDividendsGovernor:VoteCast", async ({ event, context }) => {
  await castVote(context, event, event.args);
});

ponder.on("DataDividendsGovernor:VoteCastWithParams", async ({ event, context }) => {
  await castVote(context, event, event.args);
});
