/**
 * `claimable`: every edge an account holds in every vault, with what it has released, owes and pays now.
 */
import { getAddress, type Interface } from "ethers";

import type { ClientContext, VaultHandle } from "../context.js";
import { DataDividendsError } from "../../protocol/errors.js";
import type { History } from "../events.js";
import type { DatasetId, ModelId } from "../../protocol/ids.js";
import { forwardsInto, hopsWorthSending, type Hop, type LineageNode } from "../../protocol/lineage.js";
import { credited, earned } from "../../protocol/earnings.js";
import { edgeState, isFrozen } from "../../protocol/standing.js";
import { indexedClaimable } from "../indexer.js";
import { totalsOf } from "../totals.js";
import type { ClaimableEdge, ClaimableReport } from "../types.js";

/** How many edges one read (a `multicall` simulated through `eth_call`) covers. */
export const EDGES_PER_READ = 300;

interface Edge {
  model: ModelId;
  dataset: DatasetId;
  index: number;
}

/**
 * Every (model, dataset, share) edge `account` holds now, in every vault, with what each has released, owes
 * and what a claim pays now, the lineage forwards it sends first included: from the indexer when the client has one (`ClientOptions.indexer`), else from the vaults'
 * views over the edges a scan of the registries' logs finds.
 */
export async function claimable(ctx: ClientContext, account: string): Promise<ClaimableReport> {
  if (ctx.options.indexer) {
    const { report: indexed, lineage } = await indexedClaimable(ctx, ctx.options.indexer, account);
    return withForwards(ctx, indexed, lineage);
  }
  const history = await ctx.events.history();
  return withForwards(ctx, await report(ctx, history, account), history.models);
}

/**
 * The report as a claim pays it: `claimAll` first forwards the royalties of the models derived from the
 * models it claims through (deepest first, only the hops worth sending). What those forwards bring each
 * payable edge is priced with the rulebook (`inflowsAfter`, then `earned`) over the vaults' and registries'
 * views, so a lineage of any depth is priced exactly, however many transactions its forwards take (one
 * simulated `multicall` of them all would pass the per-transaction gas cap past about 300 hops).
 */
async function withForwards(
  ctx: ClientContext,
  summary: ClaimableReport,
  lineage: readonly LineageNode<ModelId>[],
): Promise<ClaimableReport> {
  const edges = [...summary.edges];
  for (const handle of ctx.allVaults) {
    const payable = edges.flatMap((e, i) => (e.token === handle.token && e.state === "payable" ? [i] : []));
    if (payable.length === 0) continue;
    const hops = await withSomethingToForward(
      handle,
      forwardsInto(lineage, new Set(payable.map((i) => edges[i].model))),
    );
    if (hops.length === 0) continue;
    const gains = await forwardGains(
      ctx,
      handle,
      hops,
      payable.map((i) => edges[i]),
    );
    payable.forEach((i, j) => {
      edges[i] = { ...edges[i], claimable: edges[i].claimable + gains[j], fromForwards: gains[j] };
    });
  }
  return { account: summary.account, edges, totals: totalsOf(ctx.allVaults, edges) };
}

/**
 * Each model's pool in `handle`'s vault before and after `hops` (deepest first) are forwarded: the rulebook's
 * `credited` over the vault's `inflow` and `forwarded` views and the model registry's parent edges, hop by
 * hop, as `RewardVault.forward` computes it.
 */
export async function inflowsAfter(
  ctx: ClientContext,
  { vault }: VaultHandle,
  hops: readonly Hop<ModelId>[],
): Promise<{ before: Map<ModelId, bigint>; after: Map<ModelId, bigint> }> {
  const models = [...new Set(hops.flatMap((h) => [h.child, h.parent]))];
  const [inflows, forwarded, weights] = await Promise.all([
    readEach(
      vault,
      "inflow",
      models.map((m) => [m]),
    ),
    readEach(
      vault,
      "forwarded",
      hops.map((h) => [h.child, h.parent]),
    ),
    Promise.all(hops.map((h) => ctx.models.parentUsageOf(h.child, h.parent))),
  ]);
  const before = new Map(models.map((m, i) => [m, inflows[i]]));
  const after = new Map(before);
  hops.forEach((h, i) => {
    const due = credited(after.get(h.child)!, weights[i][0], weights[i][1]) - forwarded[i];
    if (due > 0n) after.set(h.parent, after.get(h.parent)! + due);
  });
  return { before, after };
}

/** What forwarding `hops` (deepest first) adds to what a claim of each of `edges` pays now, by the rulebook. */
export async function forwardGains(
  ctx: ClientContext,
  handle: VaultHandle,
  hops: readonly Hop<ModelId>[],
  edges: readonly Edge[],
): Promise<bigint[]> {
  const { before, after } = await inflowsAfter(ctx, handle, hops);
  return Promise.all(
    edges.map(async (e) => {
      const was = before.get(e.model);
      const now = after.get(e.model);
      if (was === undefined || now === undefined || now === was) return 0n;
      const [[weight, totalWeight], [, shares, totalShares, payableNow]] = await Promise.all([
        ctx.models.usageOf(e.model, e.dataset),
        ctx.datasets.payoutOf(e.dataset, e.index),
      ]);
      // A frozen or cooling slot is paid nothing now, forwards or not (it loses nothing either).
      if (!payableNow) return 0n;
      return (
        earned(now, weight, totalWeight, shares, totalShares) - earned(was, weight, totalWeight, shares, totalShares)
      );
    }),
  );
}

/**
 * The hops of `hops` (deepest first) worth sending in `handle`'s vault: those with something to forward
 * now, and those whose child a kept hop below forwards into (their amount grows when it runs).
 */
export async function withSomethingToForward({ vault }: VaultHandle, hops: Hop<ModelId>[]): Promise<Hop<ModelId>[]> {
  if (hops.length === 0) return [];
  const due = await readEach(
    vault,
    "forwardable",
    hops.map((h) => [h.child, h.parent]),
  );
  return hopsWorthSending(hops, due);
}

/**
 * One uint view of `vault` (`fn`) for each argument list of `args`, in order: `EDGES_PER_READ` calls per
 * simulated `multicall`.
 */
async function readEach(
  vault: VaultHandle["vault"],
  fn: "inflow" | "forwarded" | "forwardable",
  args: unknown[][],
): Promise<bigint[]> {
  const abi: Interface = vault.interface;
  const out: bigint[] = [];
  for (let at = 0; at < args.length; at += EDGES_PER_READ) {
    const calls = args.slice(at, at + EDGES_PER_READ).map((a) => abi.encodeFunctionData(fn, a));
    const returned = await vault.multicall.staticCall(calls);
    out.push(...returned.map((r) => abi.decodeFunctionResult(fn, r)[0] as bigint));
  }
  return out;
}

/** `claimable`, from a history already read (`claimAll` reads it once for the report and the lineage). */
export async function report(ctx: ClientContext, history: History, account: string): Promise<ClaimableReport> {
  const who = getAddress(account);
  const slots = await sharesHeldBy(ctx, history, who);
  const declaredBy = new Map<DatasetId, ModelId[]>();
  for (const m of history.models)
    for (const u of m.usage) declaredBy.set(u.dataset, [...(declaredBy.get(u.dataset) ?? []), m.id]);
  const pairs = slots.flatMap(({ dataset, index }) =>
    (declaredBy.get(dataset) ?? []).map((model) => ({ model, dataset, index })),
  );
  const datasets = [...new Set(pairs.map((p) => p.dataset))];
  const [records, claimDelay, head, ...perVault] = await Promise.all([
    Promise.all(datasets.map((d) => ctx.datasets.dataset(d))),
    ctx.datasets.claimDelay(),
    ctx.provider.getBlock("latest"),
    ...ctx.allVaults.map((v) => readEdges(v, pairs)),
  ]);
  if (head === null) throw new DataDividendsError("RPC_UNAVAILABLE", "the node returned no latest block");
  // The vaults' views answered at the head, so their standing is judged at its timestamp too.
  const now = BigInt(head.timestamp);
  const stateOf = new Map(
    datasets.map((d, i) => [
      d,
      edgeState({ frozen: isFrozen(records[i].flags), registeredAt: records[i].registeredAt }, claimDelay, now),
    ]),
  );
  const edges = ctx.allVaults.flatMap((v, k) =>
    pairs.map((pair, i): ClaimableEdge => {
      const { released, owed, claimable } = perVault[k][i];
      return {
        token: v.token,
        ...pair,
        released,
        owed,
        claimable,
        fromForwards: 0n,
        state: stateOf.get(pair.dataset)!,
      };
    }),
  );
  return { account: who, edges, totals: totalsOf(ctx.allVaults, edges) };
}

/** `released`, `owed` and `claimable` of each edge in one vault, read in batches through its `multicall`. */
async function readEdges(
  { vault }: VaultHandle,
  edges: readonly Edge[],
): Promise<{ released: bigint; owed: bigint; claimable: bigint }[]> {
  const reads = ["released", "owed", "claimable"];
  // The plain Interface: its per-function overloads do not take the name as a variable.
  const abi: Interface = vault.interface;
  const chunks: Edge[][] = [];
  for (let i = 0; i < edges.length; i += EDGES_PER_READ) chunks.push(edges.slice(i, i + EDGES_PER_READ));
  const results = await Promise.all(
    chunks.map(async (chunk) => {
      const calls = chunk.flatMap((e) => reads.map((fn) => abi.encodeFunctionData(fn, [e.model, e.dataset, e.index])));
      const returned = await vault.multicall.staticCall(calls);
      return chunk.map((_, i) => {
        const [released, owed, claimable] = reads.map(
          (fn, j) => abi.decodeFunctionResult(fn, returned[i * 3 + j])[0] as bigint,
        );
        return { released, owed, claimable };
      });
    }),
  );
  return results.flat();
}

/** Share slots `account` holds now: registered to it, moved to it or ruled to it, and still its own. */
async function sharesHeldBy(
  ctx: ClientContext,
  history: History,
  account: string,
): Promise<{ dataset: DatasetId; index: number }[]> {
  const candidates = new Map<string, { dataset: DatasetId; index: number }>();
  for (const d of history.datasets) {
    d.contributors.forEach((c, index) => {
      if (getAddress(c) === account) candidates.set(`${d.id}:${index}`, { dataset: d.id, index });
    });
  }
  for (const g of history.grants) {
    if (g.account === account) candidates.set(`${g.dataset}:${g.index}`, { dataset: g.dataset, index: g.index });
  }
  // The registry is the authority on who holds a slot now (a share may have moved on since, or a ruling replaced
  // the tree it was proven in: `payoutOf` names no one for such a slot).
  const slots = [...candidates.values()];
  const holders = await Promise.all(slots.map((slot) => ctx.datasets.payoutOf(slot.dataset, slot.index)));
  return slots.filter((_, i) => getAddress(holders[i].account) === account);
}
