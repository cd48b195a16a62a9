/**
 * Crowd datasets' people and proofs, from the published tree files the indexer is given (`DD_TREES`: a folder of
 * `<root>.sharetree` files, as registrants publish them beside their manifests):
 *
 *   GET /identities/:handle                    a handle's slots in every crowd dataset whose tree is here: what each
 *                                              earned (per token and model), where it stands, what to do next
 *   GET /datasets/:id/slots/:index/proof       a slot's leaf and proof, so a page or the SDK claims without a
 *                                              proof in the user's hands
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

import { Hono } from "hono";
import { and, asc, eq, inArray } from "ponder";
import { db } from "ponder:api";
import * as tables from "ponder:schema";

import type { IdentityBody, IdentitySlotBody, SlotProofBody, TreeSlotsBody } from "../../../src/protocol/api.js";
import { earned } from "../../../src/protocol/earnings.js";
import { bytes32, int, parseInput } from "../../../src/protocol/schema.js";
import { parseHolder } from "../../../src/protocol/share-tree.js";
import { ShareTreeFile } from "../../../src/node/share-tree-file.js";

import { head, pathParam, refuse, reply, type Hex } from "./shared";

const app = new Hono();

/** The folder of published tree files (none: the routes answer 404). */
const TREES = process.env.DD_TREES;

/** Open tree files, by root: opened once, read positionally by every request. */
const open = new Map<string, Promise<ShareTreeFile>>();

function treeFile(root: Hex): Promise<ShareTreeFile> | undefined {
  if (TREES === undefined || TREES === "") return undefined;
  const path = join(TREES, `${root}.sharetree`);
  if (!existsSync(path)) return undefined;
  let file = open.get(root);
  if (file === undefined) {
    file = ShareTreeFile.open(path);
    // A file that fails to open is retried by the next request, not cached as a failure.
    file.catch(() => open.delete(root));
    open.set(root, file);
  }
  return file;
}

const DAY = 86_400n;
const when = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().slice(0, 10);

app.get("/identities/:handle", async (c) => {
  const given = c.req.param("handle");
  let handle: string;
  try {
    const holder = parseHolder(given);
    if (holder.kind !== "identity") return refuse(c, `handle "${given}" is an address: see /accounts/${given}`);
    handle = holder.handle;
  } catch (error) {
    return refuse(c, `handle: ${(error as Error).message}`);
  }
  const [asOf, trees, vaults] = await Promise.all([
    head(),
    db.select().from(tables.shareTree),
    db.select().from(tables.vault).orderBy(asc(tables.vault.position)),
  ]);
  const slots: IdentitySlotBody[] = [];
  for (const tree of trees) {
    const opened = treeFile(tree.root);
    if (opened === undefined) continue;
    const file = await opened;
    const indexes = await file.find(handle);
    if (indexes.length === 0) continue;
    const usages = await db.select().from(tables.usage).where(eq(tables.usage.dataset, tree.id));
    const modelIds = usages.map((u) => u.model);
    const [models, pools, edges, bindings, holders] = await Promise.all([
      modelIds.length ? db.select().from(tables.model).where(inArray(tables.model.id, modelIds)) : [],
      modelIds.length ? db.select().from(tables.pool).where(inArray(tables.pool.model, modelIds)) : [],
      db
        .select()
        .from(tables.edge)
        .where(and(eq(tables.edge.dataset, tree.id), inArray(tables.edge.index, indexes.map(BigInt)))),
      db
        .select()
        .from(tables.binding)
        .where(and(eq(tables.binding.dataset, tree.id), inArray(tables.binding.index, indexes.map(BigInt)))),
      db
        .select()
        .from(tables.share)
        .where(and(eq(tables.share.dataset, tree.id), inArray(tables.share.index, indexes.map(BigInt)))),
    ]);
    for (const index of indexes) {
      const { shares } = await file.slot(index);
      const owed: IdentitySlotBody["owed"] = [];
      for (const v of vaults) {
        for (const u of usages) {
          const m = models.find((x) => x.id === u.model);
          const inflow = pools.find((p) => p.vault === v.id && p.model === u.model)?.inflow ?? 0n;
          const gone =
            edges.find((e) => e.vault === v.id && e.model === u.model && e.index === BigInt(index))?.released ?? 0n;
          const amount = earned(inflow, u.weight, m?.totalWeight ?? 0n, shares, tree.totalShares) - gone;
          if (amount > 0n) owed.push({ token: v.token, model: u.model, amount });
        }
      }
      const b = bindings.find((x) => x.index === BigInt(index));
      const holder = holders.find((x) => x.index === BigInt(index))?.account ?? null;
      const base = { dataset: tree.id, index, shares, totalShares: tree.totalShares, deadline: tree.deadline, owed };
      if (b?.state === "bound") {
        slots.push({
          ...base,
          standing: "bound",
          account: holder,
          effectiveAt: null,
          next: `bound to ${holder}: that wallet claims what the slot earned`,
        });
      } else if (b?.state === "pending") {
        slots.push({
          ...base,
          standing: "pending",
          account: b.account,
          effectiveAt: b.effectiveAt,
          next: `a binding to ${b.account} takes effect on ${when(b.effectiveAt)} unless the dataset's registrant or an arbiter vetoes it; then that wallet claims everything the slot earned`,
        });
      } else if (holder !== null) {
        slots.push({
          ...base,
          standing: "swept",
          account: holder,
          effectiveAt: null,
          next: tree.keepsEarning
            ? `the deadline (${when(tree.deadline)}) passed and what the slot earned until its sweep went to the dataset's fallback account; ask an attester to bind your handle to a wallet to receive what it earns from now on`
            : `the deadline (${when(tree.deadline)}) passed: the slot now belongs to the dataset's fallback account`,
        });
      } else {
        const daysLeft = tree.deadline > asOf.timestamp ? (tree.deadline - asOf.timestamp) / DAY : 0n;
        slots.push({
          ...base,
          standing: "unbound",
          account: null,
          effectiveAt: null,
          next: `ask an attester to bind ${handle} to a wallet you control before ${when(tree.deadline)} (${daysLeft} days left); that wallet then claims everything the slot earned, from the first payment on`,
        });
      }
    }
  }
  const totals = vaults.map((v) => ({
    token: v.token,
    amount: slots.reduce(
      (sum, s) => sum + s.owed.filter((o) => o.token === v.token).reduce((a, o) => a + o.amount, 0n),
      0n,
    ),
  }));
  return reply<IdentityBody>(c, { handle, asOf, slots, totals });
});

app.get("/datasets/:id/slots", async (c) => {
  const param = pathParam(c, "id", bytes32);
  if (param.refused !== undefined) return param.refused;
  const given = c.req.query("holder") ?? "";
  let holder: string;
  try {
    const parsed = parseHolder(given);
    holder = parsed.kind === "address" ? parsed.account : parsed.handle;
  } catch (error) {
    return refuse(c, `holder: ${(error as Error).message}`);
  }
  const [tree] = await db.select().from(tables.shareTree).where(eq(tables.shareTree.id, param.value));
  if (tree === undefined) return refuse(c, `dataset ${param.value} is not a crowd dataset this indexer knows`, 404);
  const opened = treeFile(tree.root);
  if (opened === undefined)
    return refuse(c, `the tree ${tree.root} of dataset ${param.value} is not published here`, 404);
  const indexes = await (await opened).find(holder);
  return reply<TreeSlotsBody>(c, { dataset: param.value, holder, indexes });
});

app.get("/datasets/:id/slots/:index/proof", async (c) => {
  const param = pathParam(c, "id", bytes32);
  if (param.refused !== undefined) return param.refused;
  let index: number;
  try {
    index = parseInput(int(0, 0xffffffff), Number(c.req.param("index")), "index");
  } catch (error) {
    return refuse(c, (error as Error).message);
  }
  const [tree] = await db.select().from(tables.shareTree).where(eq(tables.shareTree.id, param.value));
  if (tree === undefined) return refuse(c, `dataset ${param.value} is not a crowd dataset this indexer knows`, 404);
  const opened = treeFile(tree.root);
  if (opened === undefined)
    return refuse(c, `the tree ${tree.root} of dataset ${param.value} is not published here`, 404);
  const file = await opened;
  if (index >= file.slotCount)
    return refuse(c, `dataset ${param.value} has ${file.slotCount} slots, not ${index + 1}`, 404);
  const [{ leaf }, path] = await Promise.all([file.slot(index), file.proof(index)]);
  return reply<SlotProofBody>(c, {
    dataset: param.value,
    index,
    account: leaf.account.toLowerCase() as Hex,
    identity: leaf.identity as Hex,
    shares: leaf.shares,
    hashes: path.hashes as Hex[],
    sums: path.sums as Hex,
    tree: {
      root: tree.root,
      slotCount: tree.slotCount,
      totalShares: tree.totalShares,
      deadline: tree.deadline,
      fallbackAccount: tree.fallbackAccount,
      keepsEarning: tree.keepsEarning,
    },
  });
});

export default app;
