/**
 * The HTTP API: Ponder's GraphQL (`/graphql`) and SQL-over-HTTP (`/sql/*`) endpoints over every table,
 * and the routes the dashboard and the SDK read. Amounts are decimal strings (JSON has no bigint).
 *
 *   GET /accounts/:account            datasets held, models using them, earned/claimed/claimable per token,
 *                                     every payment with the path it came by, earnings over time
 *   GET /accounts/:account/claimable  what the vaults' `claimable` views say, edge by edge (the SDK's report)
 *   GET /datasets/:id/earnings        a dataset's earnings history: credited by each inflow, released by each claim
 *   GET /models/:id/payers            who paid a model, per token
 */
import { Hono, type Context } from "hono";
import { and, asc, client, desc, eq, graphql, inArray } from "ponder";
import { db, publicClients } from "ponder:api";
import schema, * as tables from "ponder:schema";
import { erc20Abi } from "viem";

import { readIndexedDeployment } from "../../deployment";
import { credited as creditedBy, earned } from "../../../src/protocol/earnings.js";
import { forwardsInto } from "../../../src/protocol/lineage.js";
import { edgeState, payableFrom } from "../../../src/protocol/standing.js";

type Hex = `0x${string}`;

const app = new Hono();

app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

const isAddress = (value: string) => /^0x[0-9a-fA-F]{40}$/.test(value);
const isId = (value: string) => /^0x[0-9a-fA-F]{64}$/.test(value);

/** A JSON body with every bigint as a decimal string. */
function json(c: Context, body: unknown, status: 200 | 400 | 404 = 200) {
  return c.body(
    JSON.stringify(body, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
    status,
    {
      "content-type": "application/json; charset=utf-8",
    },
  );
}

type DatasetRow = typeof tables.dataset.$inferSelect;

/** Where a dataset stands at `head`: the dashboard's status, and whether its shares pay now (the rulebook's rule). */
function standing(d: DatasetRow, head: { number: bigint; timestamp: bigint }, claimDelay: bigint) {
  const state = edgeState(d, claimDelay, head.timestamp);
  const coolingOff = state === "cooling-off";
  const status = d.frozen
    ? "frozen"
    : d.provisionalUntil !== 0n && head.number <= d.provisionalUntil
      ? "provisional"
      : d.retired
        ? "retired"
        : coolingOff
          ? "cooling-off"
          : d.reassigned
            ? "reassigned"
            : "active";
  return { status, state, payableFrom: payableFrom(d.registeredAt, claimDelay) };
}

/** The chain's newest block: the vaults' views answer at it, so cooling-off is judged at it too. */
async function head() {
  const block = await publicClients.chain.getBlock({ blockTag: "latest" });
  return { number: block.number, timestamp: block.timestamp };
}

async function claimDelay(): Promise<bigint> {
  const [row] = await db.select().from(tables.settings).where(eq(tables.settings.id, "registry"));
  return row?.claimDelay ?? 0n;
}

/**
 * Every (vault, model, dataset, share) edge `account` holds now, with released, owed and claimable:
 * exactly what each vault's `released`, `owed` and `claimable` views return at the chain's head.
 */
async function claimableEdges(account: Hex) {
  const [now, delay, slots, vaults] = await Promise.all([
    head(),
    claimDelay(),
    db.select().from(tables.share).where(eq(tables.share.account, account)),
    db.select().from(tables.vault).orderBy(asc(tables.vault.position)),
  ]);
  const datasetIds = [...new Set(slots.map((s) => s.dataset))];
  const [datasets, usages] = datasetIds.length
    ? await Promise.all([
        db.select().from(tables.dataset).where(inArray(tables.dataset.id, datasetIds)),
        db.select().from(tables.usage).where(inArray(tables.usage.dataset, datasetIds)),
      ])
    : [[], []];
  const modelIds = [...new Set(usages.map((u) => u.model))];
  const [models, pools, edges] = modelIds.length
    ? await Promise.all([
        db.select().from(tables.model).where(inArray(tables.model.id, modelIds)),
        db.select().from(tables.pool).where(inArray(tables.pool.model, modelIds)),
        db
          .select()
          .from(tables.edge)
          .where(and(inArray(tables.edge.model, modelIds), inArray(tables.edge.dataset, datasetIds))),
      ])
    : [[], [], []];
  const datasetById = new Map(datasets.map((d) => [d.id, d]));
  const totalWeight = new Map(models.map((m) => [m.id, m.totalWeight]));
  const inflow = new Map(pools.map((p) => [`${p.vault}:${p.model}`, p.inflow]));
  const released = new Map(edges.map((e) => [`${e.vault}:${e.model}:${e.dataset}:${e.index}`, e.released]));
  const rows = vaults.flatMap((v) =>
    slots.flatMap((slot) => {
      const d = datasetById.get(slot.dataset)!;
      const { state } = standing(d, now, delay);
      return usages
        .filter((u) => u.dataset === slot.dataset)
        .map((u) => {
          const gone = released.get(`${v.id}:${u.model}:${slot.dataset}:${slot.index}`) ?? 0n;
          const total = earned(
            inflow.get(`${v.id}:${u.model}`) ?? 0n,
            u.weight,
            totalWeight.get(u.model)!,
            slot.shares,
            slot.totalShares,
          );
          const owed = total - gone;
          const claimable = state === "payable" ? owed : 0n;
          return {
            token: v.token,
            vault: v.id,
            model: u.model,
            dataset: slot.dataset,
            index: slot.index,
            released: gone,
            owed,
            claimable,
            state,
          };
        });
    }),
  );
  const totals = vaults.map((v) => ({
    token: v.token,
    amount: rows.filter((r) => r.vault === v.id).reduce((s, r) => s + r.claimable, 0n),
  }));
  return { head: now, edges: rows, totals, datasets, slots, models, usages, vaults, claimDelay: delay };
}

/**
 * Every (child, parent) hop below `models`, at any depth, deepest first: what a claim forwards first so that
 * the royalties of derived models reach the pools it claims from. The order is the rulebook's
 * (`forwardsInto`), the SDK's log scan uses the same; the registry caps no depth, so neither does this.
 */
async function descendants(models: Hex[]): Promise<{ child: Hex; parent: Hex }[]> {
  const roots = [...new Set(models)];
  const found = new Map<Hex, Hex>();
  // A listed model may sit below another listed one: its link is still recorded, its children read once.
  const expanded = new Set<Hex>(roots);
  let frontier = roots;
  while (frontier.length > 0) {
    const children = await db.select().from(tables.model).where(inArray(tables.model.parent, frontier));
    frontier = [];
    for (const child of children) {
      found.set(child.id, child.parent!);
      if (expanded.has(child.id)) continue;
      expanded.add(child.id);
      frontier.push(child.id);
    }
  }
  return forwardsInto(
    [...found].map(([id, parent]) => ({ id, parent })),
    roots,
  );
}

const deployment = readIndexedDeployment();
let tokens: Promise<{ address: Hex; symbol: string; decimals: number }[]> | undefined;

/**
 * What a client needs to act on the deployment this indexer follows: its chain, its addresses (as the
 * SDK's `DataDividendsAddresses`), and each reward token's symbol and decimals (read once).
 */
app.get("/deployment", async (c) => {
  tokens ??= Promise.all(
    deployment.vaults.map(async ({ token }) => {
      const read = <F extends "symbol" | "decimals">(functionName: F) =>
        publicClients.chain.readContract({ abi: erc20Abi, address: token, functionName });
      const [symbol, decimals] = await Promise.all([read("symbol"), read("decimals")]);
      return { address: token, symbol, decimals };
    }),
  ).catch((error: unknown) => {
    tokens = undefined;
    throw error;
  });
  const [main, ...others] = deployment.vaults;
  return json(c, {
    chainId: deployment.chainId,
    addresses: {
      token: main.token,
      datasets: deployment.datasets,
      models: deployment.models,
      vault: main.vault,
      vaults: others,
      fromBlock: deployment.startBlock,
    },
    tokens: await tokens,
  });
});

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

app.get("/datasets/:id/earnings", async (c) => {
  const id = c.req.param("id");
  if (!isId(id)) return json(c, { error: `${id} is not a 32-byte dataset ID` }, 400);
  const key = id.toLowerCase() as Hex;
  const [d] = await db.select().from(tables.dataset).where(eq(tables.dataset.id, key));
  if (d === undefined) return json(c, { error: `no dataset ${id}` }, 404);
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
        token: vaults.find((v) => v.id === x.vault)?.token,
        model: x.into,
        source: x.source,
        amount: x.amount,
        credited: creditedBy(before + x.amount, w, t) - creditedBy(before, w, t),
        blockNumber: x.blockNumber,
        timestamp: x.timestamp,
        transaction: x.transaction,
      };
    });
  return json(c, { dataset: d, credited, releases });
});

app.get("/models/:id/payers", async (c) => {
  const id = c.req.param("id");
  if (!isId(id)) return json(c, { error: `${id} is not a 32-byte model ID` }, 400);
  const key = id.toLowerCase() as Hex;
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
  return json(c, { model: key, payers: [...payers.values()].sort((a, b) => (a.amount < b.amount ? 1 : -1)) });
});

export default app;
