/**
 * `GET /accounts/:account` (the contributor's view: account-view.ts) and `GET /accounts/:account/claimable`
 * (the SDK's report).
 */
import { Hono } from "hono";
import { desc, eq, inArray, min, sum } from "ponder";
import { db } from "ponder:api";
import * as tables from "ponder:schema";

import type { AccountBody, ClaimableBody } from "../../../src/protocol/api.js";

import { accountView, type Forwarding } from "./account-view";
import { address } from "../../../src/protocol/schema.js";

import { claimableEdges, descendants, heldBy, pathParam, poolInflows, reply, type Hex } from "./shared";

const app = new Hono();

app.get("/accounts/:account/claimable", async (c) => {
  const param = pathParam(c, "account", address);
  if (param.refused !== undefined) return param.refused;
  const account = param.value;
  const { head: asOf, edges, totals, vaults } = await claimableEdges(account);
  const lineage = await descendants(edges.map((e) => e.model as Hex));
  return reply<ClaimableBody>(c, {
    account,
    asOf,
    vaults: vaults.map((v) => ({ vault: v.id, token: v.token })),
    edges,
    totals,
    lineage,
  });
});

/** The hops a claim of these models' edges forwards first, and the pools and weights along them. */
async function forwardingFor(models: Hex[]): Promise<Forwarding> {
  const hops = models.length ? await descendants(models) : [];
  const onHops = [...new Set(hops.flatMap((h) => [h.child, h.parent]))];
  const [pools, weights] = onHops.length
    ? await Promise.all([
        db.select().from(tables.pool).where(inArray(tables.pool.model, onHops)),
        db
          .select()
          .from(tables.model)
          .where(
            inArray(
              tables.model.id,
              hops.map((h) => h.child),
            ),
          ),
      ])
    : [[], []];
  return { hops, pools, weights };
}

/** Deposits (and forwards) the earnings chart reads, newest first (a model paid ten thousand times was read whole per request). */
const HISTORY_WINDOW = 1_000;
/** Payments the page lists, newest first; what was paid in all is summed by the database. */
const PAYMENTS_WINDOW = 200;

app.get("/accounts/:account", async (c) => {
  const param = pathParam(c, "account", address);
  if (param.refused !== undefined) return param.refused;
  const account = param.value;
  const report = await claimableEdges(account);
  const datasetIds = report.datasets.map((d) => d.id);
  const modelIds = report.models.map((m) => m.id);
  // Each model's lineage from its row (the handler stores its ancestors): no query per hop.
  const lineages = new Map(
    report.models.map((m) => [m.id, m.parent === null ? [] : [m.id, ...m.ancestors].map((id) => ({ id }))] as const),
  );
  const [releases, claimed, [inflows, forwards], fedBy, disputes, forwarding, pools] = await Promise.all([
    db
      .select()
      .from(tables.release)
      .where(eq(tables.release.account, account))
      .orderBy(desc(tables.release.blockNumber), desc(tables.release.id))
      .limit(PAYMENTS_WINDOW),
    db
      .select({ vault: tables.release.vault, amount: sum(tables.release.amount).mapWith(BigInt) })
      .from(tables.release)
      .where(eq(tables.release.account, account))
      .groupBy(tables.release.vault),
    // The newest deposits and forwards only: each carries its pool's inflow after it, so the chart needs nothing older.
    poolInflows(modelIds, "newest", HISTORY_WINDOW),
    // Which fine-tunes fed each model's pool, from when and how much: one row each, however many forwards.
    modelIds.length
      ? db
          .select({
            vault: tables.forward.vault,
            parent: tables.forward.parent,
            child: tables.forward.child,
            first: min(tables.forward.blockNumber).mapWith(BigInt),
            amount: sum(tables.forward.amount).mapWith(BigInt),
          })
          .from(tables.forward)
          .where(inArray(tables.forward.parent, modelIds))
          .groupBy(tables.forward.vault, tables.forward.parent, tables.forward.child)
      : [],
    datasetIds.length
      ? db
          .select()
          .from(tables.dispute)
          .where(inArray(tables.dispute.dataset, heldBy(account)))
      : [],
    forwardingFor(modelIds),
    modelIds.length ? db.select().from(tables.pool).where(inArray(tables.pool.model, modelIds)) : [],
  ]);
  // Slot indexes are uint32 (bigint columns); the view and its JSON carry them as numbers.
  return reply<AccountBody>(
    c,
    accountView({
      account,
      report: { ...report, slots: report.slots.map((s) => ({ ...s, index: Number(s.index) })) },
      releases: releases.map((r) => ({ ...r, index: Number(r.index) })),
      claimed: claimed.map((c) => ({ vault: c.vault, amount: c.amount ?? 0n })),
      inflows,
      forwards,
      fedBy: fedBy.map((f) => ({ ...f, first: f.first ?? 0n, amount: f.amount ?? 0n })),
      disputes,
      lineages,
      forwarding,
      pools,
    }),
  );
});

export default app;
