/** `GET /models/:id/payers?limit=&offset=`: who paid a model, per token, largest first, a page at a time. */
import { Hono } from "hono";
import { asc, count, desc, eq, max, sum } from "ponder";
import { db } from "ponder:api";
import * as tables from "ponder:schema";

import type { ModelPayersBody } from "../../../src/protocol/api.js";

import { bytes32 } from "../../../src/protocol/schema.js";

import { pageParams, pathParam, reply } from "./shared";

const app = new Hono();

app.get("/models/:id/payers", async (c) => {
  const param = pathParam(c, "id", bytes32);
  if (param.refused !== undefined) return param.refused;
  const page = pageParams(c);
  if (page.refused !== undefined) return page.refused;
  const key = param.value;
  // Summed by the database, largest first, a page at a time: one row per payer and vault, not per deposit.
  const total = sum(tables.deposit.amount);
  const [rows, vaults] = await Promise.all([
    db
      .select({
        payer: tables.deposit.payer,
        vault: tables.deposit.vault,
        amount: total,
        deposits: count(),
        lastBlock: max(tables.deposit.blockNumber),
      })
      .from(tables.deposit)
      .where(eq(tables.deposit.model, key))
      .groupBy(tables.deposit.payer, tables.deposit.vault)
      .orderBy(desc(total), asc(tables.deposit.payer), asc(tables.deposit.vault))
      .limit(page.limit + 1)
      .offset(page.offset),
    db.select().from(tables.vault),
  ]);
  return reply<ModelPayersBody>(c, {
    model: key,
    payers: rows.slice(0, page.limit).map((r) => ({
      payer: r.payer,
      token: vaults.find((v) => v.id === r.vault)?.token ?? r.vault,
      amount: BigInt(r.amount ?? 0),
      deposits: Number(r.deposits),
      lastBlock: BigInt(r.lastBlock ?? 0),
    })),
    ...(rows.length > page.limit ? { next: page.offset + page.limit } : {}),
  });
});

export default app;
