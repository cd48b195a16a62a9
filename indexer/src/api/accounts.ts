/** `GET /accounts/:account` (the contributor's view) and `GET /accounts/:account/claimable` (the SDK's report). */
import { Hono } from "hono";
import { desc, eq, inArray } from "ponder";
import { db } from "ponder:api";
import * as tables from "ponder:schema";

import { earned } from "../../../src/protocol/earnings.js";
import { claimableEdges, descendants, isAddress, json, standing, type Hex } from "./shared";

const app = new Hono();

app.get("/accounts/:account/claimable", async (c) => {
  const account = c.req.param("account");
  if (!isAddress(account)) return json(c, { error: `${account} is not an address` }, 400);
  const { head: asOf, edges, totals, vaults } = await claimableEdges(account.toLowerCase() as Hex);
  const lineage = await descendants(edges.map((e) => e.model));
  return json(c, {
    account,
    asOf,
    vaults: vaults.map((v) => ({ vault: v.id, token: v.token })),
    edges,
    totals,
    lineage,
  });
});

/** Ancestors of `id`, nearest first (lineages are trees: one parent each, no cycles). */
async function lineage(id: Hex): Promise<{ id: Hex; parentWeight: bigint; totalWeight: bigint }[]> {
  const chain: { id: Hex; parentWeight: bigint; totalWeight: bigint }[] = [];
  let [row] = await db.select().from(tables.model).where(eq(tables.model.id, id));
  const seen = new Set<Hex>();
  // Every parent existed before its child, so the walk ends at a base model; the guard is cheap.
  while (row?.parent !== null && row?.parent !== undefined && !seen.has(row.id)) {
    seen.add(row.id);
    chain.push({ id: row.id, parentWeight: row.parentWeight, totalWeight: row.totalWeight });
    [row] = await db.select().from(tables.model).where(eq(tables.model.id, row.parent));
  }
  return chain;
}

app.get("/accounts/:account", async (c) => {
  const param = c.req.param("account");
  if (!isAddress(param)) return json(c, { error: `${param} is not an address` }, 400);
  const account = param.toLowerCase() as Hex;
  const report = await claimableEdges(account);
  const { datasets, slots, models, usages, vaults, head: now } = report;
  const datasetIds = datasets.map((d) => d.id);
  const modelIds = models.map((m) => m.id);
  const [releases, inflows, forwards, disputes] = await Promise.all([
    db
      .select()
      .from(tables.release)
      .where(eq(tables.release.account, account))
      .orderBy(desc(tables.release.blockNumber)),
    modelIds.length ? db.select().from(tables.deposit).where(inArray(tables.deposit.model, modelIds)) : [],
    modelIds.length ? db.select().from(tables.forward).where(inArray(tables.forward.parent, modelIds)) : [],
    datasetIds.length ? db.select().from(tables.dispute).where(inArray(tables.dispute.dataset, datasetIds)) : [],
  ]);
  const tokenOf = new Map(vaults.map((v) => [v.id, v.token]));
  const modelById = new Map(models.map((m) => [m.id, m]));

  // Per token: earned = released + owed over the edges held now; claimed = what this account was paid.
  const money = vaults.map((v) => {
    const mine = report.edges.filter((e) => e.vault === v.id);
    const claimed = releases.filter((r) => r.vault === v.id).reduce((s, r) => s + r.amount, 0n);
    const owed = mine.reduce((s, e) => s + e.owed, 0n);
    const claimable = mine.reduce((s, e) => s + e.claimable, 0n);
    return { token: v.token, vault: v.id, claimed, owed, claimable, earned: claimed + owed };
  });

  // Earnings over time, per dataset and token: the account's slots' cumulative earnings after each inflow.
  const events = [
    ...inflows.map((d) => ({
      vault: d.vault,
      model: d.model,
      amount: d.amount,
      block: d.blockNumber,
      timestamp: d.timestamp,
    })),
    ...forwards.map((f) => ({
      vault: f.vault,
      model: f.parent,
      amount: f.amount,
      block: f.blockNumber,
      timestamp: f.timestamp,
    })),
  ].sort((a, b) => (a.block < b.block ? -1 : a.block > b.block ? 1 : 0));
  const cumulative = new Map<string, bigint>();
  const series = new Map<
    string,
    { token: Hex; dataset: Hex; points: { timestamp: bigint; block: bigint; earned: bigint }[] }
  >();
  for (const e of events) {
    cumulative.set(`${e.vault}:${e.model}`, (cumulative.get(`${e.vault}:${e.model}`) ?? 0n) + e.amount);
    for (const d of datasetIds) {
      let total = 0n;
      let touched = false;
      for (const u of usages.filter((x) => x.dataset === d)) {
        const m = modelById.get(u.model)!;
        if (u.model === e.model) touched = true;
        for (const slot of slots.filter((s) => s.dataset === d)) {
          total += earned(
            cumulative.get(`${e.vault}:${u.model}`) ?? 0n,
            u.weight,
            m.totalWeight,
            slot.shares,
            slot.totalShares,
          );
        }
      }
      if (!touched) continue;
      const key = `${e.vault}:${d}`;
      const line = series.get(key) ?? { token: tokenOf.get(e.vault)!, dataset: d, points: [] };
      line.points.push({ timestamp: e.timestamp, block: e.block, earned: total });
      series.set(key, line);
    }
  }

  const lineages = new Map(await Promise.all(modelIds.map(async (id) => [id, await lineage(id)] as const)));
  const forwardsInto = new Map<string, bigint>();
  for (const f of forwards)
    forwardsInto.set(
      `${f.vault}:${f.parent}:${f.child}`,
      (forwardsInto.get(`${f.vault}:${f.parent}:${f.child}`) ?? 0n) + f.amount,
    );

  return json(c, {
    account,
    asOf: now,
    claimDelay: report.claimDelay,
    tokens: money,
    datasets: datasets.map((d) => ({
      ...d,
      ...standing(d, now, report.claimDelay),
      openDispute: disputes.find((x) => x.dataset === d.id && (x.status === "open" || x.status === "upheld")) ?? null,
      disputes: disputes.filter((x) => x.dataset === d.id),
      slots: slots
        .filter((s) => s.dataset === d.id)
        .map((s) => ({ index: s.index, shares: s.shares, totalShares: s.totalShares })),
      models: usages
        .filter((u) => u.dataset === d.id)
        .map((u) => {
          const m = modelById.get(u.model)!;
          return {
            id: m.id,
            owner: m.owner,
            metadataURI: m.metadataURI,
            weight: u.weight,
            totalWeight: m.totalWeight,
            parent: m.parent,
            ancestors: lineages
              .get(m.id)!
              .slice(1)
              .map((a) => a.id),
          };
        }),
    })),
    edges: report.edges,
    // Why each payment arrived: the model it came through (and the derived models that forwarded royalties
    // into that model's pool), the dataset and the share.
    payments: releases.map((r) => {
      const m = modelById.get(r.model);
      const slot = slots.find((s) => s.dataset === r.dataset && s.index === r.index);
      const usage = usages.find((u) => u.model === r.model && u.dataset === r.dataset);
      return {
        ...r,
        token: tokenOf.get(r.vault),
        path: {
          fedBy: forwards
            .filter((f) => f.vault === r.vault && f.parent === r.model && f.blockNumber <= r.blockNumber)
            .map((f) => f.child)
            .filter((child, i, all) => all.indexOf(child) === i)
            .map((child) => ({ model: child, forwarded: forwardsInto.get(`${r.vault}:${r.model}:${child}`) ?? 0n })),
          model: r.model,
          parent: m?.parent ?? null,
          dataset: r.dataset,
          weight: usage?.weight ?? null,
          totalWeight: m?.totalWeight ?? null,
          index: r.index,
          shares: slot?.shares ?? null,
          totalShares: slot?.totalShares ?? null,
        },
      };
    }),
    history: [...series.values()],
  });
});

export default app;
