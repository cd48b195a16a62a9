/** `GET /datasets/:id/earnings`: a dataset's earnings history. */
import { Hono } from "hono";
import { asc, eq, inArray } from "ponder";
import { db } from "ponder:api";
import * as tables from "ponder:schema";

import { credited as creditedBy } from "../../../src/protocol/earnings.js";
import type { DatasetEarningsBody } from "../../../src/protocol/api.js";

import { bytes32 } from "../../../src/protocol/schema.js";

import { pathParam, refuse, reply } from "./shared";

const app = new Hono();

app.get("/datasets/:id/earnings", async (c) => {
  const param = pathParam(c, "id", bytes32);
  if (param.refused !== undefined) return param.refused;
  const key = param.value;
  const id = key;
  const [d] = await db.select().from(tables.dataset).where(eq(tables.dataset.id, key));
  if (d === undefined) return refuse(c, `no dataset ${id}`, 404);
  const usages = await db.select().from(tables.usage).where(eq(tables.usage.dataset, key));
  const modelIds = usages.map((u) => u.model);
  const [models, deposits, forwards, releases, vaults] = await Promise.all([
    modelIds.length ? db.select().from(tables.model).where(inArray(tables.model.id, modelIds)) : [],
    modelIds.length ? db.select().from(tables.deposit).where(inArray(tables.deposit.model, modelIds)) : [],
    modelIds.length ? db.select().from(tables.forward).where(inArray(tables.forward.parent, modelIds)) : [],
    db.select().from(tables.release).where(eq(tables.release.dataset, key)).orderBy(asc(tables.release.blockNumber)),
    db.select().from(tables.vault).orderBy(asc(tables.vault.position)),
  ]);
  const weight = new Map(usages.map((u) => [u.model, u.weight]));
  const total = new Map(models.map((m) => [m.id, m.totalWeight]));
  const inflow = new Map<string, bigint>();
  const credited = [
    ...deposits.map((x) => ({ ...x, source: "deposit" as const, into: x.model })),
    ...forwards.map((x) => ({ ...x, source: "forward" as const, into: x.parent })),
  ]
    .sort((a, b) => (a.blockNumber < b.blockNumber ? -1 : a.blockNumber > b.blockNumber ? 1 : 0))
    .map((x) => {
      const k = `${x.vault}:${x.into}`;
      const before = inflow.get(k) ?? 0n;
      inflow.set(k, before + x.amount);
      const w = weight.get(x.into)!;
      const t = total.get(x.into)!;
      return {
        vault: x.vault,
        token: vaults.find((v) => v.id === x.vault)?.token ?? x.vault,
        model: x.into,
        source: x.source,
        amount: x.amount,
        credited: creditedBy(before + x.amount, w, t) - creditedBy(before, w, t),
        blockNumber: x.blockNumber,
        timestamp: x.timestamp,
        transaction: x.transaction,
      };
    });
  return reply<DatasetEarningsBody>(c, {
    dataset: {
      id: d.id,
      registrant: d.registrant,
      metadataURI: d.metadataURI,
      totalShares: d.totalShares,
      registeredAt: d.registeredAt,
    },
    credited,
    releases: releases.map((r) => ({
      vault: r.vault,
      model: r.model,
      index: Number(r.index),
      account: r.account,
      amount: r.amount,
      blockNumber: r.blockNumber,
      timestamp: r.timestamp,
      transaction: r.transaction,
    })),
  });
});

export default app;
