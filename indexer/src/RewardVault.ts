/**
 * The vaults' events: which token each pays (from the deployment record), deposits, forwards and releases.
 */
import { ponder, type Context } from "ponder:registry";
import { deposit, edge, forward, pool, release, vault } from "ponder:schema";

import { readIndexedDeployment } from "../deployment";

import { lower } from "./shared";

ponder.on("RewardVault:setup", async ({ context }) => {
  // Which token each vault pays in, from the same record the config read its addresses from.
  for (const [position, v] of readIndexedDeployment().allVaults.entries()) {
    await context.db.insert(vault).values({ id: v.vault, token: v.token, position }).onConflictDoNothing();
  }
});

/** Adds to a model's pool in a vault; its inflow after. */
async function addToPool(
  context: Context,
  vaultAddress: `0x${string}`,
  id: `0x${string}`,
  change: { deposited?: bigint; forwardedIn?: bigint; forwardedOut?: bigint },
) {
  const inflow = (change.deposited ?? 0n) + (change.forwardedIn ?? 0n);
  const row = await context.db
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
  return row.inflow;
}

ponder.on("RewardVault:RevenueDeposited", async ({ event, context }) => {
  const { model: id, payer, amount } = event.args;
  const where = lower(event.log.address);
  const inflowAfter = await addToPool(context, where, id, { deposited: amount });
  await context.db.insert(deposit).values({
    id: event.id,
    vault: where,
    model: id,
    payer: lower(payer),
    amount,
    inflowAfter,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transaction: event.transaction.hash,
  });
});

ponder.on("RewardVault:RoyaltyForwarded", async ({ event, context }) => {
  const { child, parent, amount } = event.args;
  const where = lower(event.log.address);
  const parentInflowAfter = await addToPool(context, where, parent, { forwardedIn: amount });
  await addToPool(context, where, child, { forwardedOut: amount });
  await context.db.insert(forward).values({
    id: event.id,
    vault: where,
    child,
    parent,
    amount,
    parentInflowAfter,
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
    .values({ vault: where, model: id, dataset: d, index: BigInt(index), released: amount })
    .onConflictDoUpdate((row) => ({ released: row.released + amount }));
  await context.db.insert(release).values({
    id: event.id,
    vault: where,
    dataset: d,
    account: lower(account),
    model: id,
    index: BigInt(index),
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transaction: event.transaction.hash,
  });
});
