/** What the routes share: declared JSON bodies, the chain's head and registry clock, and what an account holds. */
import type { Context } from "hono";
import { and, asc, desc, eq, inArray, sql } from "ponder";
import { db } from "ponder:api";
import * as tables from "ponder:schema";

import type {
  AccountBody,
  AsOfBody,
  CatchingUpBody,
  ClaimableBody,
  ClaimableEdgeBody,
  DatasetEarningsBody,
  DeploymentBody,
  ErrorBody,
  IdentityBody,
  ModelPayersBody,
  SlotProofBody,
  SyncBody,
  TreeSlotsBody,
} from "../../../src/protocol/api.js";
import { earned } from "../../../src/protocol/earnings.js";
import { parseInput, type address } from "../../../src/protocol/schema.js";
import { whole } from "../../settings";
import { forwardsInto } from "../../../src/protocol/lineage.js";
import { edgeState, registryClock } from "../../../src/protocol/standing.js";

export type Hex = `0x${string}`;

/**
 * A path parameter parsed by the schema layer (src/protocol/schema.ts), lower-cased for the database: its
 * value, or the 400 answer naming the parameter, its value and what was expected.
 */
export function pathParam(
  c: Context,
  name: string,
  /** `address` or `bytes32` (one type: text in, text out). */
  schema: typeof address,
): { value: Hex; refused?: undefined } | { refused: Response } {
  try {
    return { value: parseInput(schema, c.req.param(name), name).toLowerCase() as Hex };
  } catch (error) {
    return { refused: refuse(c, (error as Error).message) };
  }
}

/** The most rows a page of a list holds (`?limit=`, default 500). */
export const MAX_PAGE = 1_000;

/**
 * A list's page from `?limit=` (1 to 1,000, default 500) and `?offset=` (default 0), parsed by the schema layer:
 * its value, or the 400 answer naming the parameter and its value.
 */
export function pageParams(c: Context): { limit: number; offset: number; refused?: undefined } | { refused: Response } {
  try {
    const limit = parseInput(whole(MAX_PAGE), c.req.query("limit") ?? "500", "limit");
    const offset = parseInput(whole(1e9), c.req.query("offset") ?? "0", "offset");
    if (limit === 0) return { refused: refuse(c, "limit 0: expected a whole number from 1 to 1000") };
    return { limit, offset };
  } catch (error) {
    return { refused: refuse(c, (error as Error).message) };
  }
}

/** Every body a route may answer with: the API's declared types (src/protocol/api.ts), nothing else. */
export type Body =
  | DeploymentBody
  | ClaimableBody
  | AccountBody
  | DatasetEarningsBody
  | ModelPayersBody
  | IdentityBody
  | SlotProofBody
  | TreeSlotsBody
  | SyncBody
  | CatchingUpBody
  | ErrorBody;

/**
 * Answers with a declared body as JSON, every bigint as a decimal string: what its clients read as
 * `Json<…Body>`. A route builds its body typed as one of the API's types, so it cannot answer a field the
 * clients do not know of.
 */
export function reply<B extends Body>(c: Context, body: B, status: 200 | 400 | 404 | 503 = 200) {
  return c.body(
    JSON.stringify(body, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
    status,
    {
      "content-type": "application/json; charset=utf-8",
    },
  );
}

/** A 400 or 404 answer naming the bad input. */
export function refuse(c: Context, error: string, status: 400 | 404 = 400) {
  return reply<ErrorBody>(c, { error }, status);
}

/** The database schema Ponder writes to (scripts/indexer.ts passes it on; `ponder dev` uses "public"). */
const SCHEMA = (process.env.DD_SCHEMA ?? process.env.DATABASE_SCHEMA ?? "public").replace(/"/g, '""');

/** Ponder's checkpoint: 10 digits of block timestamp, 16 of chain ID, 16 of block number, then the event's place. */
function decodeCheckpoint(checkpoint: string): { number: bigint; timestamp: bigint } {
  return { timestamp: BigInt(checkpoint.slice(0, 10)), number: BigInt(checkpoint.slice(26, 42)) };
}

let historyDone = false;

/** Ponder's checkpoint as it stores it: changes with every block indexed (and with a reorganisation). */
export async function latestCheckpoint(): Promise<string> {
  const [row] = await rowsOf<{ latest_checkpoint: string }>(
    `SELECT latest_checkpoint FROM "${SCHEMA}"._ponder_checkpoint`,
  );
  return row?.latest_checkpoint ?? "";
}

/**
 * What the tables are true at: the last block Ponder has indexed (its checkpoint, not the chain's head), with the
 * registry clock at it (`DatasetRegistry.clock()`, from the registry's pauses) in which provisional windows run;
 * and whether the history up to the chain's head at start has been indexed (Ponder's `is_ready`: until then an
 * answer would be about a past block the caller did not ask about). Two small reads of the database, no call to
 * the node: an answer never waits on it.
 */
export async function indexedHead(): Promise<{ asOf: AsOfBody; ready: boolean }> {
  const [checkpoint, meta, settings] = await Promise.all([
    latestCheckpoint(),
    historyDone
      ? []
      : rowsOf<{ ready: string | null }>(`SELECT value->>'is_ready' AS ready FROM "${SCHEMA}"._ponder_meta`),
    db.select().from(tables.settings).where(eq(tables.settings.id, "registry")),
  ]);
  const block = checkpoint === "" ? { number: 0n, timestamp: 0n } : decodeCheckpoint(checkpoint);
  historyDone ||= meta[0]?.ready === "1";
  const registry = settings[0]?.registry;
  const [paused] = registry ? await db.select().from(tables.pause).where(eq(tables.pause.contract, registry)) : [];
  return { asOf: { ...block, clock: registryClock(paused, block.number) }, ready: historyDone };
}

/** The rows of a query on Ponder's own tables (PGlite and node-postgres both answer `{ rows }`). */
async function rowsOf<T>(query: string): Promise<T[]> {
  const result = (await db.execute(sql.raw(query))) as unknown as { rows: T[] };
  return result.rows;
}

/** The block the tables are true at (`indexedHead`). */
export async function head(): Promise<AsOfBody> {
  return (await indexedHead()).asOf;
}

/**
 * Answers 503 while the history is being indexed, saying how far it has got: an account's money, a dataset's
 * earnings or a model's payers read then would be about a past block, and a contributor would take them for now.
 */
export async function untilCaughtUp(c: Context, next: () => Promise<void>) {
  // Once the history is in it stays in: the route reads the indexed block itself, not twice per request.
  if (historyDone) return next();
  const { asOf, ready } = await indexedHead();
  if (ready) return next();
  return reply<CatchingUpBody>(
    c,
    {
      error: `catching up: the chain's history is indexed to block ${asOf.number}; answers wait until it is all in (GET /ready)`,
      indexed: { number: asOf.number, timestamp: asOf.timestamp },
    },
    503,
  );
}

export async function claimDelay(): Promise<bigint> {
  const [row] = await db.select().from(tables.settings).where(eq(tables.settings.id, "registry"));
  return row?.claimDelay ?? 0n;
}

/**
 * What went into `models`' pools: their deposits and the forwards into them (two tables, each row with its pool's
 * inflow after it), at most `limit` of each, oldest or newest first.
 */
export function poolInflows(models: Hex[], order: "oldest" | "newest", limit: number) {
  const by = order === "oldest" ? asc : desc;
  return Promise.all([
    models.length
      ? db
          .select()
          .from(tables.deposit)
          .where(inArray(tables.deposit.model, models))
          .orderBy(by(tables.deposit.blockNumber), by(tables.deposit.id))
          .limit(limit)
      : [],
    models.length
      ? db
          .select()
          .from(tables.forward)
          .where(inArray(tables.forward.parent, models))
          .orderBy(by(tables.forward.blockNumber), by(tables.forward.id))
          .limit(limit)
      : [],
  ]);
}

/** The datasets `account` holds a share of, as a subquery (one parameter, however many). */
export const heldBy = (account: Hex) =>
  db.select({ id: tables.share.dataset }).from(tables.share).where(eq(tables.share.account, account));

/**
 * Every (vault, model, dataset, share) edge `account` holds now, with released, owed and claimable:
 * exactly what each vault's `released`, `owed` and `claimable` views return at the chain's head.
 */
export async function claimableEdges(account: Hex) {
  // The account's datasets, their declarations and its edges, each read by a subquery or a join on its shares: one
  // parameter, however many datasets (a crowd contributor's 2,000 made every query carry 2,000 of them).
  const held = heldBy(account);
  const declaring = db.select({ id: tables.usage.model }).from(tables.usage).where(inArray(tables.usage.dataset, held));
  const [now, delay, slots, vaults] = await Promise.all([
    head(),
    claimDelay(),
    db.select().from(tables.share).where(eq(tables.share.account, account)),
    db.select().from(tables.vault).orderBy(asc(tables.vault.position)),
  ]);
  // Most addresses asked about hold nothing: no more queries for them.
  const [datasets, usages, models, pools, edges] =
    slots.length === 0
      ? [[], [], [], [], []]
      : await Promise.all([
          db.select().from(tables.dataset).where(inArray(tables.dataset.id, held)),
          db.select().from(tables.usage).where(inArray(tables.usage.dataset, held)),
          db.select().from(tables.model).where(inArray(tables.model.id, declaring)),
          db.select().from(tables.pool).where(inArray(tables.pool.model, declaring)),
          // Only this account's edges (a crowd dataset's other holders' edges are not read).
          db
            .select({
              vault: tables.edge.vault,
              model: tables.edge.model,
              dataset: tables.edge.dataset,
              index: tables.edge.index,
              released: tables.edge.released,
            })
            .from(tables.edge)
            .innerJoin(
              tables.share,
              and(eq(tables.share.dataset, tables.edge.dataset), eq(tables.share.index, tables.edge.index)),
            )
            .where(eq(tables.share.account, account)),
        ]);
  const datasetById = new Map(datasets.map((d) => [d.id, d]));
  const totalWeight = new Map(models.map((m) => [m.id, m.totalWeight]));
  const inflow = new Map(pools.map((p) => [`${p.vault}:${p.model}`, p.inflow]));
  const released = new Map(edges.map((e) => [`${e.vault}:${e.model}:${e.dataset}:${e.index}`, e.released]));
  const rows = vaults.flatMap((v) =>
    slots.flatMap((slot) => {
      const d = datasetById.get(slot.dataset)!;
      const state = edgeState(d, delay, now.timestamp);
      return usages
        .filter((u) => u.dataset === slot.dataset)
        .map((u): ClaimableEdgeBody => {
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
            index: Number(slot.index),
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
export async function descendants(models: Hex[]): Promise<{ child: Hex; parent: Hex }[]> {
  const roots = [...new Set(models)];
  if (roots.length === 0) return [];
  // Each model's row lists its ancestors (parent first): whatever lists a root is below it, at any depth, in one
  // read of the GIN index rather than one query per generation.
  const below = await db
    .select({ id: tables.model.id, parent: tables.model.parent })
    .from(tables.model)
    .where(
      sql`${tables.model.ancestors} && ARRAY[${sql.join(
        roots.map((r) => sql`${r}`),
        sql`, `,
      )}]::text[]`,
    );
  return forwardsInto(
    below.map((m) => ({ id: m.id, parent: m.parent! })),
    roots,
  );
}
