/** What the routes share: declared JSON bodies, the chain's head and registry clock, and what an account holds. */
import type { Context } from "hono";
import { and, asc, eq, inArray } from "ponder";
import { db, publicClients } from "ponder:api";
import * as tables from "ponder:schema";

import type {
  AccountBody,
  AsOfBody,
  ClaimableBody,
  ClaimableEdgeBody,
  DatasetEarningsBody,
  DeploymentBody,
  ErrorBody,
  IdentityBody,
  ModelPayersBody,
  SlotProofBody,
  TreeSlotsBody,
} from "../../../src/protocol/api.js";
import { earned } from "../../../src/protocol/earnings.js";
import { parseInput, type address } from "../../../src/protocol/schema.js";
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
  | ErrorBody;

/**
 * Answers with a declared body as JSON, every bigint as a decimal string: what its clients read as
 * `Json<…Body>`. A route builds its body typed as one of the API's types, so it cannot answer a field the
 * clients do not know of.
 */
export function reply<B extends Body>(c: Context, body: B, status: 200 | 400 | 404 = 200) {
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

/**
 * The chain's newest block: the vaults' views answer at it, so cooling-off is judged at it too; with the registry
 * clock at it (`DatasetRegistry.clock()`, from the registry's pauses), in which provisional windows run.
 */
export async function head(): Promise<AsOfBody> {
  const [block, [settings]] = await Promise.all([
    publicClients.chain.getBlock({ blockTag: "latest" }),
    db.select().from(tables.settings).where(eq(tables.settings.id, "registry")),
  ]);
  const [paused] = settings
    ? await db.select().from(tables.pause).where(eq(tables.pause.contract, settings.registry))
    : [];
  return { number: block.number, timestamp: block.timestamp, clock: registryClock(paused, block.number) };
}

export async function claimDelay(): Promise<bigint> {
  const [row] = await db.select().from(tables.settings).where(eq(tables.settings.id, "registry"));
  return row?.claimDelay ?? 0n;
}

/**
 * Every (vault, model, dataset, share) edge `account` holds now, with released, owed and claimable:
 * exactly what each vault's `released`, `owed` and `claimable` views return at the chain's head.
 */
export async function claimableEdges(account: Hex) {
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
