/** `GET /models/:id/payers`: who paid a model, per token. */
import { Hono } from "hono";
import { eq } from "ponder";
import { db } from "ponder:api";
import * as tables from "ponder:schema";

import type { ModelPayersBody } from "../../../src/protocol/api.js";

import { bytes32 } from "../../../src/protocol/schema.js";

import { pathParam, reply, type Hex } from "./shared";

const app = new Hono();

app.get("/models/:id/payers", async (c) => {
  const param = pathParam(c, "id", bytes32);
  if (param.refused !== undefined) return param.refused;
  const key = param.value;
  const [deposits, vaults] = await Promise.all([
    db.select().from(tables.deposit).where(eq(tables.deposit.model, key)),
    db.select().from(tables.vault),
  ]);
  const payers = new Map<string, { payer: Hex; token: Hex; amount: bigint; deposits: number; lastBlock: bigint }>();
  for (const d of deposits) {
    const token = vaults.find((v) => v.id === d.vault)!.token;
    const k = `${d.payer}:${token}`;
    const row = payers.get(k) ?? { payer: d.payer, token, amount: 0n, deposits: 0, lastBlock: 0n };
    row.amount += d.amount;
    row.deposits += 1;
    if (d.blockNumber > row.lastBlock) row.lastBlock = d.blockNumber;
    payers.set(k, row);
  }
  return reply<ModelPayersBody>(c, {
    model: key,
    payers: [...payers.values()].sort((a, b) => (a.amount < b.amount ? 1 : -1)),
  });
});

export default app;
