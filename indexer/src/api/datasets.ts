/** `GET /datasets/:id/earnings?limit=&offset=`: a dataset's earnings history, a page at a time. */
import { Hono } from "hono";
import { asc, eq, inArray } from "ponder";
import { db } from "ponder:api";
import * as tables from "ponder:schema";

import { credited as creditedBy } from "../../../src/protocol/earnings.js";
import type { DatasetEarningsBody } from "../../../src/protocol/api.js";

import { bytes32 } from "../../../src/protocol/schema.js";

import { pageParams, pathParam, poolInflows, refuse, reply } from "./shared";

const app = new Hono();

app.get("/datasets/:id/earnings", async (c) => {
  const param = pathParam(c, "id", bytes32);
  if (param.refused !== undefined) return param.refused;
  const page = pageParams(c);
  if (page.refused !== undefined) return page.refused;
  const { limit, offset } = page;
  const key = param.value;
  const [d] = await db.select().from(tables.dataset).where(eq(tables.dataset.id, key));
  if (d === undefined) return refuse(c, `no dataset ${key}`, 404);
  const usages = await db.select().from(tables.usage).where(eq(tables.usage.dataset, key));
  const modelIds = usages.map((u) => u.model);
  // A page of each list, in chain order: what went into the declaring models' pools (deposits and forwards, two
  // tables merged: each read up to the page's end) and what left for this dataset's shares.
  const upTo = offset + limit + 1;
  const [models, [deposits, forwards], releases, vaults] = await Promise.all([
    modelIds.length ? db.select().from(tables.model).where(inArray(tables.model.id, modelIds)) : [],
    poolInflows(modelIds, "oldest", upTo),
    db
      .select()
      .from(tables.release)
      .where(eq(tables.release.dataset, key))
      .orderBy(asc(tables.release.blockNumber), asc(tables.release.id))
      .limit(limit + 1)
      .offset(offset),
    db.select().from(tables.vault).orderBy(asc(tables.vault.position)),
  ]);
  const weight = new Map(usages.map((u) => [u.model, u.weight]));
  const total = new Map(models.map((m) => [m.id, m.totalWeight]));
  const inflows = [
    ...deposits.map((x) => ({ ...x, source: "deposit" as const, into: x.model, after: x.inflowAfter })),
    ...forwards.map((x) => ({ ...x, source: "forward" as const, into: x.parent, after: x.parentInflowAfter })),
  ].sort((a, b) => (a.blockNumber !== b.blockNumber ? (a.blockNumber < b.blockNumber ? -1 : 1) : a.id < b.id ? -1 : 1));
  // Each row's share of the dataset, from the pool's inflow after it (written by the handler): no running sum.
  const credited = inflows.slice(offset, offset + limit).map((x) => {
    const w = weight.get(x.into)!;
    const t = total.get(x.into)!;
    return {
      vault: x.vault,
      token: vaults.find((v) => v.id === x.vault)?.token ?? x.vault,
      model: x.into,
      source: x.source,
      amount: x.amount,
      credited: creditedBy(x.after, w, t) - creditedBy(x.after - x.amount, w, t),
      blockNumber: x.blockNumber,
      timestamp: x.timestamp,
      transaction: x.transaction,
    };
  });
  const more = inflows.length > offset + limit || releases.length > limit;
  return reply<DatasetEarningsBody>(c, {
    dataset: {
      id: d.id,
      registrant: d.registrant,
      metadataURI: d.metadataURI,
      totalShares: d.totalShares,
      registeredAt: d.registeredAt,
    },
    credited,
    releases: releases.slice(0, limit).map((r) => ({
      vault: r.vault,
      model: r.model,
      index: Number(r.index),
      account: r.account,
      amount: r.amount,
      blockNumber: r.blockNumber,
      timestamp: r.timestamp,
      transaction: r.transaction,
    })),
    ...(more ? { next: offset + limit } : {}),
  });
});

export default app;
